"""Words and phrases for the benchmark seed (`bench.seed`): names, organisation, catalog and
the IT phrases that titles, descriptions and comments are built from in SQL.

Chinese and English on purpose, as a Chinese desk writes them. The RARE words appear only
through the rare insertions of `bench.seed_tickets` (a few dozen tickets and comments at a
million), the COMMON ones in many titles: a search for either has a known shape.
"""

# Searches with a known shape (see bench.seed_tickets: RARE_* are inserted 1 in ~25,000).
COMMON_WORDS = {"zh": "打印机", "en": "VPN"}
RARE_WORDS = {"zh": "传真机", "en": "AS400"}
RARE_SENTENCES = [
    "楼下那台老传真机也连不上了。",
    "The old AS400 terminal session drops as well.",
    "财务还在用传真机，发不出去。",
    "AS400 green screen shows error CPF9801.",
]

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("高", "gao"), ("林", "lin"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
]  # fmt: skip
GIVEN_NAMES = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"), ("洋", "yang"),
    ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"), ("涛", "tao"),
    ("明", "ming"), ("超", "chao"), ("秀英", "xiuying"), ("华", "hua"), ("慧", "hui"),
    ("建华", "jianhua"), ("志强", "zhiqiang"), ("婷", "ting"), ("宇", "yu"), ("浩", "hao"),
    ("欣怡", "xinyi"), ("子涵", "zihan"), ("梓轩", "zixuan"), ("晨", "chen"), ("佳", "jia"),
]  # fmt: skip
ENGLISH_NAMES = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Leo", "Grace", "Jack"]

DEPARTMENTS = [
    ("FIN", "财务部"), ("HR", "人力资源部"), ("SALES", "销售部"), ("MKT", "市场部"),
    ("RD", "研发中心"), ("PROD", "生产部"), ("LOG", "物流部"), ("PUR", "采购部"),
    ("LEGAL", "法务部"), ("ADMIN", "行政部"), ("QA", "质量部"), ("CS", "客服中心"),
]  # fmt: skip
SITES = [
    ("SH", "上海", "Shanghai"), ("BJ", "北京", "Beijing"), ("SZ", "深圳", "Shenzhen"),
    ("GZ", "广州", "Guangzhou"), ("CD", "成都", "Chengdu"), ("WH", "武汉", "Wuhan"),
    ("HZ", "杭州", "Hangzhou"), ("NJ", "南京", "Nanjing"), ("XA", "西安", "Xi'an"),
    ("TJ", "天津", "Tianjin"), ("SY", "沈阳", "Shenyang"), ("CQ", "重庆", "Chongqing"),
    ("SU", "苏州", "Suzhou"), ("QD", "青岛", "Qingdao"), ("XM", "厦门", "Xiamen"),
    ("CS", "长沙", "Changsha"), ("ZZ", "郑州", "Zhengzhou"), ("KM", "昆明", "Kunming"),
    ("HF", "合肥", "Hefei"), ("DL", "大连", "Dalian"),
]  # fmt: skip
TEAMS = [
    ("SD", "Service desk", "服务台"), ("DESK", "Desktop support", "桌面支持"),
    ("NET", "Network", "网络"), ("SRV", "Servers", "服务器"), ("DBA", "Databases", "数据库"),
    ("SAP", "SAP team", "SAP 组"), ("MAIL", "Email", "邮件"), ("SEC", "Security", "信息安全"),
    ("APP", "Applications", "应用支持"), ("DC", "Data centre", "机房"),
]  # fmt: skip

CATALOG_CATEGORIES = [
    ("ACCESS", "Accounts & access", "账号与权限", "bi-person-lock"),
    ("HARDWARE", "Hardware", "硬件设备", "bi-pc-display"),
    ("NETWORK", "Network", "网络", "bi-wifi"),
    ("SOFTWARE", "Software", "软件", "bi-window-stack"),
    ("EMAIL", "Email & collaboration", "邮件与协作", "bi-envelope"),
    ("FACILITIES", "Facilities", "办公设施", "bi-building-gear"),
]
# code, name, name_zh, category
SERVICES = [
    ("DOMAIN", "Domain accounts", "域账号", "ACCESS"),
    ("PASSWORD", "Passwords", "密码服务", "ACCESS"),
    ("RIGHTS", "Access rights", "访问权限", "ACCESS"),
    ("SSO", "Single sign-on", "单点登录", "ACCESS"),
    ("BADGE", "Door access cards", "门禁卡", "ACCESS"),
    ("DESKTOP", "Desktops", "台式机", "HARDWARE"),
    ("LAPTOP", "Laptops", "笔记本电脑", "HARDWARE"),
    ("MONITOR", "Monitors", "显示器", "HARDWARE"),
    ("PRINTING", "Printing", "打印服务", "HARDWARE"),
    ("SCANNER", "Scanners", "扫描仪", "HARDWARE"),
    ("MOBILE", "Mobile phones", "手机", "HARDWARE"),
    ("AV", "Meeting room AV", "会议室音视频", "HARDWARE"),
    ("PERIPH", "Peripherals", "外设", "HARDWARE"),
    ("LAN", "Office network", "办公网络", "NETWORK"),
    ("WIFI", "Wi-Fi", "无线网络", "NETWORK"),
    ("VPN", "VPN remote access", "VPN 远程接入", "NETWORK"),
    ("INTERNET", "Internet access", "互联网访问", "NETWORK"),
    ("FIREWALL", "Firewall", "防火墙", "NETWORK"),
    ("PHONE", "Telephony", "电话", "NETWORK"),
    ("OFFICE", "Office suite", "办公套件", "SOFTWARE"),
    ("SAP", "SAP ERP", "SAP ERP", "SOFTWARE"),
    ("OA", "OA system", "OA 办公系统", "SOFTWARE"),
    ("CRM", "CRM", "客户关系管理", "SOFTWARE"),
    ("HRIS", "HR system", "人力资源系统", "SOFTWARE"),
    ("FINSYS", "Finance system", "财务系统", "SOFTWARE"),
    ("AV-SCAN", "Antivirus", "防病毒", "SOFTWARE"),
    ("LICENCE", "Software licences", "软件许可", "SOFTWARE"),
    ("DB", "Database services", "数据库服务", "SOFTWARE"),
    ("PORTAL", "Web portal", "门户网站", "SOFTWARE"),
    ("BACKUP", "Data backup", "数据备份", "SOFTWARE"),
    ("EMAIL", "Email", "电子邮件", "EMAIL"),
    ("QUOTA", "Mailbox quota", "邮箱容量", "EMAIL"),
    ("MEETING", "Video meetings", "视频会议", "EMAIL"),
    ("CALENDAR", "Shared calendars", "共享日历", "EMAIL"),
    ("FILES", "File sharing", "文件共享", "EMAIL"),
    ("DCROOM", "Server room", "机房", "FACILITIES"),
    ("POWER", "UPS and power", "UPS 与供电", "FACILITIES"),
    ("CABLING", "Cabling", "综合布线", "FACILITIES"),
    ("MOVES", "Office moves", "办公搬迁", "FACILITIES"),
    ("HOSTING", "Server hosting", "主机托管", "FACILITIES"),
]
# Service codes with their own 24x7 policy: code, response, resolution (minutes).
SERVICE_POLICIES = [("SAP", 30, 480), ("VPN", 30, 720), ("DCROOM", 15, 240)]
# Catalog items per service: name, name_zh, kind (templates on the service name).
ITEM_TEMPLATES = [
    ("Report a problem: {en}", "{zh}故障报修", "incident"),
    ("Request access: {en}", "申请{zh}权限", "request"),
    ("New or set up: {en}", "{zh}新装/开通", "request"),
    ("Change or move: {en}", "{zh}变更/迁移", "request"),
]

# Asset categories: code, name, model names.
ASSET_CATEGORIES = [
    ("PC", "台式机 Desktop PC",
     ["Dell OptiPlex 7090", "Lenovo ThinkCentre M90", "HP EliteDesk 800"]),
    ("LAPTOP", "笔记本电脑 Laptop",
     ["Lenovo ThinkPad T14", "Dell Latitude 5420", "HP EliteBook 840"]),
    ("MONITOR", "显示器 Monitor", ["Dell P2422H", "AOC 24B2", "Philips 243V"]),
    ("PHONE", "IP 电话 IP phone", ["Cisco IP Phone 8841", "Huawei eSpace 7910"]),
    ("SRV", "物理服务器 Server",
     ["Dell PowerEdge R750", "Huawei FusionServer 2288H", "Inspur NF5280M6"]),
    ("VM", "虚拟机 Virtual machine", ["VMware VM 4 vCPU / 16 GB", "KVM VM 8 vCPU / 32 GB"]),
    ("SW", "交换机 Switch", ["Huawei S5735", "H3C S5130", "Cisco Catalyst 9300"]),
    ("AP", "无线 AP Access point", ["Huawei AirEngine 5761", "Aruba AP-515"]),
    ("PRN", "打印机 Printer", ["HP LaserJet M404", "Canon iR-ADV C5535", "Brother HL-L5100"]),
    ("STOR", "存储 Storage", ["Huawei OceanStor 5310", "NetApp FAS2750"]),
    ("UPS", "UPS 电源", ["APC Smart-UPS 3000", "Eaton 9PX"]),
    ("FW", "防火墙 Firewall", ["Fortinet FortiGate 200F", "Huawei USG6500"]),
]  # fmt: skip
# Share of each category by `j mod 20` in the end-user and infrastructure ranges.
END_USER_MIX = ["PC"] * 8 + ["LAPTOP"] * 7 + ["MONITOR"] * 3 + ["PHONE"] * 2
INFRA_MIX = ["SRV"] * 4 + ["VM"] * 6 + ["SW"] * 2 + ["AP"] * 2 + ["PRN"] * 3 + ["STOR", "UPS", "FW"]

INCIDENT_TITLES = [
    "打印机无法打印", "打印机卡纸", "打印机显示脱机", "VPN 连接失败", "VPN 经常断线",
    "邮箱满了，无法收邮件", "Outlook crashes on startup", "Outlook 无法发送邮件",
    "Outlook keeps asking for my password", "SAP login error", "SAP 登录报错",
    "SAP 报表运行很慢", "服务器磁盘告警", "服务器 CPU 使用率过高", "Wi-Fi 信号弱",
    "无法访问共享盘", "电脑蓝屏", "电脑开机很慢", "Laptop battery not charging",
    "Monitor flickers", "显示器黑屏", "Teams meeting has no sound", "会议室投影仪无法连接",
    "ERP 报表运行很慢", "OA 系统打不开", "Account locked", "账号被锁定", "密码过期无法登录",
    "Cannot access intranet", "内网网页打不开", "Excel 文件损坏无法打开", "病毒告警",
    "Antivirus alert on my PC", "网络很慢", "Network down on floor 3", "电话没有拨号音",
    "Scanner not working", "扫描仪无法扫描到邮箱", "Shared calendar not syncing",
    "手机无法收取企业邮件", "Database connection timeout", "数据库连接超时",
    "Website returns 502", "门户网站打不开 502", "Backup job failed", "备份任务失败",
    "Printer on floor 2 jams", "VPN 登录提示证书错误", "Keyboard not working", "鼠标失灵",
    "Visio 许可证过期", "Email to customer bounced", "发给客户的邮件被退回",
]  # fmt: skip
REQUEST_TITLES = [
    "申请新电脑", "New starter needs a laptop", "Install Visio", "安装 Office",
    "申请 VPN 账号", "Request access to the shared folder", "申请共享盘权限", "开通邮箱",
    "Increase mailbox quota", "申请邮箱扩容", "申请 SAP 权限", "SAP role request",
    "Reset my password", "重置密码", "申请第二台显示器", "Request a second monitor",
    "申请软件安装", "Software installation request", "申请访客 Wi-Fi", "Guest Wi-Fi access",
    "离职人员账号注销", "Offboarding: disable the account", "申请工作手机", "更换打印机硒鼓",
    "Toner replacement", "申请门禁卡", "新员工入职开通账号", "Move my PC to another desk",
]  # fmt: skip
MONITORING_TITLES = [
    "服务器磁盘告警", "Disk usage above 90%", "CPU 使用率过高告警", "Ping loss on switch",
    "数据库连接数告警", "Backup job failed", "UPS 电池告警", "交换机端口 down",
    "Certificate expires in 7 days", "内存使用率告警",
]  # fmt: skip
DESCRIPTION_SENTENCES = [
    "今天早上开始出现这个问题。", "重启电脑后问题依旧。", "影响整个部门的工作。",
    "请尽快处理，谢谢！", "报错信息见截图。", "同事的电脑正常。", "昨天还好好的。",
    "已经尝试重新安装，没有效果。", "客户明天要来，比较着急。", "我在三楼东侧工位。",
    "It started this morning.", "Restarting did not help.", "The whole team is affected.",
    "Please help as soon as possible, thanks!", "The error message is in the screenshot.",
    "My colleagues are fine.", "It worked yesterday.", "Reinstalling did not fix it.",
    "I am working from home today.", "This is the second time this week.",
    "打印的时候提示“打印机错误”。", "VPN 客户端提示超时。", "邮箱容量提示已满 100%。",
    "Outlook shows “Disconnected” in the status bar.", "SAP GUI shows an RFC error.",
]  # fmt: skip
MONITORING_SENTENCES = [
    "Zabbix 告警：磁盘使用率 95%。", "Alert: CPU above 90% for 10 minutes.",
    "Ping 丢包率 30%。", "Trigger: service not responding on port 443.",
    "告警级别：严重。", "Auto-generated by the monitoring system.",
]  # fmt: skip
AGENT_REPLIES = [
    "您好，我们已收到您的问题，正在处理。", "Could you send a screenshot of the error?",
    "请重启电脑后再试一次。", "We have reset your password, please try again.",
    "工程师将在 30 分钟内到场处理。", "The printer driver has been reinstalled.",
    "已为您开通权限，请重新登录。", "Please try connecting to VPN again now.",
    "邮箱已扩容，请检查是否可以正常收信。", "We are looking into it.",
    "我们正在处理。", "Is the problem still there after the restart?",
]  # fmt: skip
INTERNAL_NOTES = [
    "Checked the logs; switch port 12 flaps.", "已联系厂商，等待备件。",
    "Escalated to the network team.", "疑似驱动问题，准备远程处理。",
    "Known issue, see KB0012.", "用户电脑硬盘 SMART 报警，需要更换。",
    "Remote session done, user not at desk.", "已在 AD 中解锁账号。",
    "VPN gateway CPU is high today.", "与用户电话沟通，下午上门。",
]  # fmt: skip
REQUESTER_REPLIES = [
    "谢谢，已经可以了。", "还是不行。", "Still broken after the restart.",
    "I will be in the office after 2 pm.", "附上截图。", "Thanks, it works now!",
    "请问什么时候能处理？", "The error came back this morning.",
]  # fmt: skip
PENDING_REASONS = [
    "Awaiting the customer / 等待用户回复", "Awaiting parts / 等待备件",
    "Awaiting a vendor / 等待厂商", "Awaiting a change / 等待变更窗口",
]  # fmt: skip
RESOLUTION_NOTES = [
    "Fixed and tested with the user. / 已修复并与用户确认。", "已更换硒鼓，打印正常。",
    "Reset the password and unlocked the account.", "重新配置 VPN 客户端后恢复。",
    "Mailbox quota increased to 10 GB.", "清理磁盘空间后告警消除。",
    "Driver reinstalled, printing works.", "已为用户开通权限。",
]  # fmt: skip
RESOLUTION_CODES = ["fixed"] * 5 + ["workaround"] * 2 + ["user_guidance"] * 2 + ["duplicate"]
SURVEY_COMMENTS = {
    5: ["Fast and friendly, thank you!", "非常及时，谢谢！", ""],
    4: ["Good, took a little long.", "不错，就是等得有点久。", ""],
    3: ["OK in the end.", "还行。", ""],
    2: ["I had to call twice before anyone came.", "打了两次电话才有人来处理。"],
    1: ["Closed without asking me; still broken.", "没问我就关单了，问题还在。"],
}
FOLLOW_UP_ACTIONS = [
    "Called the customer, apologised and fixed the remaining issue on site.",
    "已致电用户道歉，并安排工程师上门处理遗留问题。",
]
