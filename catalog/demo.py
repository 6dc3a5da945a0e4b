"""A realistic bilingual catalog for an enterprise IT department (idempotent)."""

from accounts.models import SupportGroup, User
from assets.models import Asset
from catalog import checklist
from catalog.defaults import ensure_admission_criteria
from catalog.models import (
    AdmissionCriterion,
    AdmissionTick,
    CatalogItem,
    CriterionKind,
    Service,
    ServiceCategory,
    ServiceStatus,
)
from catalog.services import transition

CATEGORIES = [
    ("ACCESS", "Accounts & access", "账号与权限", "bi-person-lock", 10),
    ("HARDWARE", "Hardware", "硬件设备", "bi-pc-display", 20),
    ("NETWORK", "Network", "网络", "bi-wifi", 30),
    ("SOFTWARE", "Software", "软件", "bi-window-stack", 40),
    ("EMAIL", "Email & collaboration", "邮件与协作", "bi-envelope", 50),
    ("FACILITIES", "Facilities", "办公设施", "bi-building-gear", 60),
]

# code, name, name_zh, category, owner group, support hours, description, description_zh, CIs
SERVICES = [
    (
        "ACCOUNTS",
        "Accounts and passwords",
        "账号与密码",
        "ACCESS",
        "SD",
        "Mon–Fri 08:30–18:00",
        "Domain accounts, passwords and access rights.",
        "域账号、密码和访问权限。",
        [],
    ),
    (
        "WORKPLACE",
        "Desktop and laptops",
        "桌面与笔记本",
        "HARDWARE",
        "DESKTOP",
        "Mon–Fri 08:30–18:00",
        "PCs, laptops, monitors and peripherals.",
        "台式机、笔记本、显示器及外设。",
        [],
    ),
    (
        "PRINTING",
        "Printing",
        "打印服务",
        "HARDWARE",
        "DESKTOP",
        "Mon–Fri 08:30–18:00",
        "Office printers and scanners.",
        "办公打印机与扫描仪。",
        ["D010210-002", "D010305-003"],
    ),
    (
        "NETWORK",
        "Office network and VPN",
        "办公网络与 VPN",
        "NETWORK",
        "NETWORK",
        "7×24",
        "Wired and wireless office network, remote access by VPN.",
        "有线与无线办公网络，VPN 远程访问。",
        ["D020102-001", "D020102-002", "D020101-006"],
    ),
    (
        "SOFTWARE",
        "Software",
        "软件服务",
        "SOFTWARE",
        "DESKTOP",
        "Mon–Fri 08:30–18:00",
        "Installation and licences of standard software.",
        "标准软件的安装与许可。",
        [],
    ),
    (
        "EMAIL",
        "Email",
        "电子邮件",
        "EMAIL",
        "APPS",
        "7×24",
        "Company mailboxes, distribution lists and calendars.",
        "公司邮箱、邮件组和日历。",
        ["D020101-003"],
    ),
    (
        "ERP",
        "ERP",
        "ERP 系统",
        "SOFTWARE",
        "APPS",
        "Mon–Sat 08:00–20:00",
        "Finance and supply-chain ERP.",
        "财务与供应链 ERP 系统。",
        ["D020101-004", "D020101-005"],
    ),
]

PASSWORD_RESET = [
    {
        "name": "account",
        "label": "Account name",
        "label_zh": "账号",
        "type": "text",
        "required": True,
        "max_length": 64,
        "help_text": "The name you sign in with, e.g. liufang.",
        "help_text_zh": "您登录时使用的名称，例如 liufang。",
    },
    {
        "name": "system",
        "label": "Which system",
        "label_zh": "哪个系统",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "domain", "label": "Windows / domain", "label_zh": "Windows / 域账号"},
            {"value": "email", "label": "Email", "label_zh": "邮箱"},
            {"value": "erp", "label": "ERP", "label_zh": "ERP"},
        ],
    },
    {
        "name": "callback",
        "label": "Phone to call you back",
        "label_zh": "回电号码",
        "type": "phone",
        "required": True,
        "help_text": "We call to confirm who you are before resetting.",
        "help_text_zh": "重置前我们会致电核实您的身份。",
    },
]
NEW_LAPTOP = [
    {
        "name": "model",
        "label": "Model",
        "label_zh": "机型",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "standard", "label": 'Standard 14"', "label_zh": "标准 14 英寸"},
            {"value": "performance", "label": 'Performance 16"', "label_zh": "高性能 16 英寸"},
        ],
    },
    {
        "name": "needed_by",
        "label": "Needed by",
        "label_zh": "需要日期",
        "type": "date",
        "required": True,
        "help_text": "Allow five working days.",
        "help_text_zh": "请预留五个工作日。",
    },
    {
        "name": "reason",
        "label": "Why do you need it",
        "label_zh": "申请原因",
        "type": "textarea",
        "required": True,
        "max_length": 1000,
    },
]
VPN = [
    {"name": "start", "label": "From", "label_zh": "开始日期", "type": "date", "required": True},
    {
        "name": "days",
        "label": "For how many days",
        "label_zh": "使用天数",
        "type": "number",
        "required": True,
        "min": 1,
        "max": 365,
    },
    {
        "name": "reason",
        "label": "What for",
        "label_zh": "用途",
        "type": "textarea",
        "required": True,
        "max_length": 1000,
    },
]
PRINTER = [
    {
        "name": "printer",
        "label": "Which printer",
        "label_zh": "哪台打印机",
        "type": "asset",
        "help_text": "Pick it from your devices, or describe it below.",
        "help_text_zh": "从您的设备中选择，或在下方描述。",
    },
    {
        "name": "symptom",
        "label": "What happens",
        "label_zh": "故障现象",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "paper_jam", "label": "Paper jam", "label_zh": "卡纸"},
            {"value": "no_print", "label": "Nothing prints", "label_zh": "无法打印"},
            {"value": "quality", "label": "Poor quality", "label_zh": "打印质量差"},
            {"value": "other", "label": "Something else", "label_zh": "其他"},
        ],
    },
    {
        "name": "message",
        "label": "Message on the printer's screen",
        "label_zh": "打印机屏幕上的提示",
        "type": "text",
        "max_length": 200,
    },
]
OUTAGE = [
    {
        "name": "where",
        "label": "Where",
        "label_zh": "地点",
        "type": "text",
        "required": True,
        "help_text": "Building, floor and room, e.g. Building 1, room 0210.",
        "help_text_zh": "楼栋、楼层和房间，例如 1 号楼 0210 房间。",
    },
    {
        "name": "scope",
        "label": "Who is affected",
        "label_zh": "影响范围",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "me", "label": "Only me", "label_zh": "只有我"},
            {"value": "team", "label": "My team", "label_zh": "我所在的团队"},
            {"value": "floor", "label": "The whole floor or more", "label_zh": "整层楼或更大范围"},
        ],
    },
    {
        "name": "since",
        "label": "Since when",
        "label_zh": "开始时间",
        "type": "text",
        "max_length": 100,
        "help_text": "e.g. since 9:30 this morning",
        "help_text_zh": "例如：今天上午 9:30 起",
    },
    {
        "name": "callback",
        "label": "Phone to reach you",
        "label_zh": "联系电话",
        "type": "phone",
        "required": True,
    },
]
SOFTWARE_INSTALL = [
    {
        "name": "software",
        "label": "Software",
        "label_zh": "软件名称",
        "type": "text",
        "required": True,
        "max_length": 100,
    },
    {
        "name": "device",
        "label": "On which computer",
        "label_zh": "安装到哪台电脑",
        "type": "asset",
        "required": True,
    },
    {
        "name": "licence",
        "label": "Licence",
        "label_zh": "许可",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "have", "label": "I have one", "label_zh": "已有许可"},
            {"value": "need", "label": "Please buy one", "label_zh": "需要采购"},
            {"value": "free", "label": "Free software", "label_zh": "免费软件"},
        ],
    },
]
EMAIL_PROBLEM = [
    {
        "name": "client",
        "label": "Where do you read mail",
        "label_zh": "使用的邮件客户端",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "outlook", "label": "Outlook", "label_zh": "Outlook"},
            {"value": "web", "label": "Web mail", "label_zh": "网页邮箱"},
            {"value": "phone", "label": "Phone", "label_zh": "手机"},
        ],
    },
    {
        "name": "error",
        "label": "Error message",
        "label_zh": "错误提示",
        "type": "textarea",
        "max_length": 2000,
        "help_text": "Copy the exact message if there is one.",
        "help_text_zh": "如有错误提示，请原样复制。",
    },
]
PC_FAULT = [
    {
        "name": "device",
        "label": "Which computer",
        "label_zh": "哪台电脑",
        "type": "asset",
        "required": True,
    },
    {
        "name": "symptom",
        "label": "What happens",
        "label_zh": "故障现象",
        "type": "textarea",
        "required": True,
        "max_length": 2000,
        "help_text": "What did you do, what did you expect, what happened instead?",
        "help_text_zh": "您做了什么操作？期望的结果是什么？实际发生了什么？",
    },
]
ERP_ACCESS = [
    {
        "name": "module",
        "label": "Module",
        "label_zh": "模块",
        "type": "choice",
        "required": True,
        "choices": [
            {"value": "fi", "label": "Finance", "label_zh": "财务"},
            {"value": "mm", "label": "Purchasing", "label_zh": "采购"},
            {"value": "sd", "label": "Sales", "label_zh": "销售"},
        ],
    },
    {
        "name": "role",
        "label": "Role needed",
        "label_zh": "所需角色",
        "type": "text",
        "required": True,
        "max_length": 100,
    },
    {
        "name": "approver",
        "label": "Your manager's phone",
        "label_zh": "直属经理电话",
        "type": "phone",
    },
]

# service, name, name_zh, kind, schema, impact, urgency, group, approval, order, icon, desc, desc_zh
# (approval: the item has an approval chain; approvals/demo.py sets the steps)
ITEMS = [
    (
        "ACCOUNTS",
        "Reset my password",
        "重置密码",
        "request",
        PASSWORD_RESET,
        3,
        2,
        "SD",
        False,
        10,
        "bi-key",
        "Locked out or forgot your password.",
        "账号被锁定或忘记密码。",
    ),
    (
        "WORKPLACE",
        "New laptop",
        "申请新笔记本",
        "request",
        NEW_LAPTOP,
        3,
        3,
        "DESKTOP",
        True,
        20,
        "bi-laptop",
        "For new staff or a replacement.",
        "新员工或更换设备。",
    ),
    (
        "NETWORK",
        "VPN access",
        "申请 VPN 访问",
        "request",
        VPN,
        3,
        3,
        "NETWORK",
        True,
        30,
        "bi-shield-lock",
        "Work from outside the office.",
        "在办公室外办公。",
    ),
    (
        "PRINTING",
        "Printer fault",
        "打印机故障",
        "incident",
        PRINTER,
        3,
        2,
        "DESKTOP",
        False,
        40,
        "bi-printer",
        "Paper jams, nothing prints, poor quality.",
        "卡纸、无法打印、打印质量差。",
    ),
    (
        "NETWORK",
        "Network outage",
        "网络中断",
        "incident",
        OUTAGE,
        2,
        1,
        "NETWORK",
        False,
        50,
        "bi-wifi-off",
        "No network or very slow network.",
        "无法上网或网络很慢。",
    ),
    (
        "SOFTWARE",
        "Install software",
        "安装软件",
        "request",
        SOFTWARE_INSTALL,
        3,
        3,
        "DESKTOP",
        False,
        60,
        "bi-download",
        "Standard or licensed software on your computer.",
        "在您的电脑上安装标准或授权软件。",
    ),
    (
        "EMAIL",
        "Email problem",
        "邮件问题",
        "incident",
        EMAIL_PROBLEM,
        3,
        2,
        "APPS",
        False,
        70,
        "bi-envelope-exclamation",
        "Cannot send, receive or open mail.",
        "无法收发或打开邮件。",
    ),
    (
        "WORKPLACE",
        "Computer fault",
        "电脑故障",
        "incident",
        PC_FAULT,
        3,
        2,
        "DESKTOP",
        False,
        80,
        "bi-pc-display-horizontal",
        "Won't start, crashes, very slow.",
        "无法开机、死机、运行很慢。",
    ),
    (
        "ERP",
        "ERP access",
        "ERP 权限申请",
        "request",
        ERP_ACCESS,
        3,
        3,
        "APPS",
        True,
        90,
        "bi-person-badge",
        "A role in the ERP system.",
        "ERP 系统中的角色权限。",
    ),
    (
        "NETWORK",
        "Planned maintenance",
        "计划性维护",
        "request",
        [],
        3,
        3,
        "NETWORK",
        False,
        90,
        "bi-calendar-check",
        "Work the operations teams plan ahead: tests, patching, checks (opened by plans).",
        "运维团队事先计划的工作：测试、补丁、检查（由维护计划开单）。",
    ),
]


# Each team's handling steps (检查项): the checklist a ticket from the item starts with.
TASK_TEMPLATES = {
    "New laptop": [
        "Image the laptop (standard build) / 安装标准镜像",
        "Create the accounts (domain, email, VPN) / 开通账号",
        "Hand over and get the receipt signed / 交付并签收",
    ],
    "Reset my password": [
        "Verify the caller's identity / 核实身份",
        "Reset and unlock the account / 重置并解锁账号",
    ],
    "VPN access": [
        "Check the manager's approval / 核对审批",
        "Add the user to the VPN group / 加入 VPN 用户组",
        "Test a connection with the user / 与用户测试连接",
    ],
}


def seed(stdout=None) -> None:
    ensure_admission_criteria(AdmissionCriterion)
    categories = {}
    for code, name, name_zh, icon, order in CATEGORIES:
        categories[code], _ = ServiceCategory.objects.update_or_create(
            code=code, defaults={"name": name, "name_zh": name_zh, "icon": icon, "order": order}
        )
    groups = {g.code: g for g in SupportGroup.objects.all()}
    manager = User.objects.filter(username="manager").first()
    services = {}
    for code, name, name_zh, category, group, hours, desc, desc_zh, tags in SERVICES:
        service, _ = Service.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_zh": name_zh,
                "category": categories[category],
                "owner_group": groups.get(group),
                "support_hours": hours,
                "description": desc,
                "description_zh": desc_zh,
            },
        )
        service.assets.set(Asset.objects.filter(tag__in=tags))
        services[code] = service
    for (
        service,
        name,
        name_zh,
        kind,
        schema,
        impact,
        urgency,
        group,
        _approval,
        order,
        icon,
        desc,
        desc_zh,
    ) in ITEMS:
        CatalogItem.objects.update_or_create(
            service=services[service],
            name=name,
            defaults={
                "name_zh": name_zh,
                "kind": kind,
                "form_schema": schema,
                "task_template": TASK_TEMPLATES.get(name, []),
                "default_impact": impact,
                "default_urgency": urgency,
                "assignment_group": groups.get(group),
                "order": order,
                "icon": icon,
                "description": desc,
                "description_zh": desc_zh,
                "is_active": True,
            },
        )
    # Demo services went through admission: tick the manual criteria, publish.
    manual = AdmissionCriterion.objects.filter(kind=CriterionKind.MANUAL)
    for service in services.values():
        for criterion in manual:
            AdmissionTick.objects.get_or_create(
                service=service, criterion=criterion, defaults={"done_by": manager}
            )
        if service.status == ServiceStatus.DRAFT and manager and not checklist.missing(service):
            transition(service, "submit", manager)
            transition(service, "publish", manager, "Admission criteria met (demo).")
    if stdout:
        stdout.write(f"catalog: {len(SERVICES)} services, {len(ITEMS)} catalog items")
