"""Demo tickets: a believable month of a real desk, replayed (runs once; idempotent).

Each ticket follows a scenario — its catalog item or the service desk's triage, the group
that works it, its configuration item, and the words people use — and is opened in working
hours over the last 30 days. Its life is then replayed through the service functions at
the moment each step happened (`common.demo_clock`): the desk triages, the group's agent
starts, replies, notes, waits for parts and resolves; the requester answers, confirms or
reopens; every half hour the SLA sweep, the survey sending and the auto-close run as beat
runs them. A step that falls after now has not happened yet: those tickets are today's
backlog. One morning the core switch fails and the whole office calls within the hour.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F, Max
from django.utils import timezone

from accounts import roles
from accounts.models import CustomerUnit, SupportGroup, User
from assets.models import Asset
from catalog.models import CatalogItem
from common.demo_clock import replay
from incidents import services
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode, Ticket
from notifications.models import Notification
from satisfaction import services as surveys
from sla import businesstime, sweep
from sla import demo as sla_demo
from sla.timers import CalendarLookup

COUNT = 240
DAYS = 30
TICK = dt.timedelta(minutes=30)  # how often the replayed beat sweeps (SLA, auto-close)
WORKING_HOURS = businesstime.Calendar(
    timezone=settings.TIME_ZONE,
    hours={
        **{
            d: [["09:00", "12:00"], ["13:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")
        },
        "sat": [],
        "sun": [],
    },
)
# Half-hour slots of the day when people open tickets, and how busy each is.
SLOTS = [
    ("08:30", 1), ("09:00", 5), ("09:30", 6), ("10:00", 6), ("10:30", 5), ("11:00", 4),
    ("11:30", 2), ("12:00", 1), ("12:30", 1), ("13:00", 2), ("13:30", 4), ("14:00", 5),
    ("14:30", 5), ("15:00", 4), ("15:30", 4), ("16:00", 3), ("16:30", 3), ("17:00", 2),
    ("17:30", 1),
]  # fmt: skip
SERVICE_DESK = ("agent", "agent2")  # first line: they take the calls and triage


@dataclass(frozen=True)
class Scenario:
    """One kind of ticket as the desk sees it every week."""

    key: str
    weight: int
    group: str  # the group that works it
    titles: list[tuple[str, str]]  # (English, Chinese): the requester's language is used
    description: tuple[str, str]
    reply: tuple[str, str]  # the agent's first public answer
    resolution: tuple[str, str, str]  # code, English, Chinese
    work: tuple[int, int]  # business minutes from start to resolution
    item: str | None = None  # catalog item (English name); None: free text, triaged
    cis: tuple[str, ...] = ()  # configuration items it names; ("own",): the requester's
    channels: tuple[str, ...] = ("portal", "portal", "phone", "email")
    form: dict | None = None  # answers to the item's form ({"device": "own"} → own tag)
    levels: tuple[int, int] | None = None  # impact, urgency (else the item's)
    note: tuple[str, str] | None = None  # an internal work note, in the agent's language
    pend: tuple[str, str, int] | None = None  # reason (en, zh), business minutes waited
    customer_reply: tuple[str, str] | None = None
    wrong_group: str | None = None  # triage sometimes sends it here first (ping-pong)
    units: tuple[str, ...] = ()  # customer units whose people report it (else anyone)


SCENARIOS = [
    Scenario(
        "password",
        14,
        "SD",
        [
            ("Account locked after the holiday", "假期后域账号被锁定"),
            ("Forgot my Windows password", "忘记 Windows 登录密码"),
            ("Password expired, cannot sign in to Windows", "密码过期，无法登录 Windows"),
        ],
        (
            "Locked out this morning, I need to work on the month-end figures.",
            "今天早上账号被锁，急需处理月末报表。",
        ),
        (
            "I will call you on your mobile to check it is you, then reset it.",
            "我会先打您的手机核实身份，然后为您重置。",
        ),
        (
            "fixed",
            "Identity checked by phone; password reset and account unlocked.",
            "已电话核实身份，密码已重置并解锁账号。",
        ),
        (5, 40),
        item="Reset my password",
        channels=("phone", "phone", "portal", "walk_in"),
        form={"system": "domain"},
    ),
    Scenario(
        "printer_jam",
        8,
        "DESKTOP",
        [
            ("Finance printer jams on every page", "财务部打印机每页都卡纸"),
            ("Printer shows error 13.B2 paper jam", "打印机提示 13.B2 卡纸"),
        ],
        (
            "It jams in tray 2 since yesterday; we cannot print invoices.",
            "从昨天开始纸盒 2 一直卡纸，发票打印不了。",
        ),
        ("I will come up to look at the printer within the hour.", "我一小时内过来看一下打印机。"),
        (
            "fixed",
            "Cleared the jam and replaced the worn pick-up roller in tray 2.",
            "已清除卡纸并更换纸盒 2 磨损的搓纸轮。",
        ),
        (40, 240),
        item="Printer fault",
        cis=("D010210-002",),
        form={"symptom": "paper_jam", "message": "13.B2"},
        units=("FIN",),
        note=("Roller worn; spare taken from the stock room.", "搓纸轮磨损，已从库房领取备件。"),
    ),
    Scenario(
        "printer_quality",
        4,
        "DESKTOP",
        [
            ("Sales printer prints faded pages", "销售部打印机打印发白"),
            ("Streaks on everything the Sales printer prints", "销售部打印机打印有条纹"),
        ],
        ("Customer quotes come out hard to read.", "给客户的报价单打出来看不清。"),
        ("Thanks, I will bring a new toner cartridge.", "收到，我会带一个新硒鼓过去。"),
        ("fixed", "Replaced the toner cartridge and cleaned the drum.", "已更换硒鼓并清洁感光鼓。"),
        (30, 180),
        item="Printer fault",
        cis=("D010305-003",),
        form={"symptom": "quality"},
        units=("SALES",),
    ),
    Scenario(
        "wifi",
        6,
        "NETWORK",
        [
            ("Wi-Fi drops in meeting room 0305", "0305 会议室 Wi-Fi 经常断线"),
            ("Very slow network in the Sales office", "销售部办公室网络很慢"),
        ],
        ("Video calls freeze every few minutes.", "视频会议每隔几分钟就卡住。"),
        (
            "Could you tell me when it happens next, with the time? I am checking the switch.",
            "下次出现时请告诉我具体时间，我在检查交换机。",
        ),
        (
            "fixed",
            "Port 12 of the Sales access switch was flapping; moved the access point "
            "to a healthy port.",
            "销售部接入交换机 12 号端口抖动，已将无线 AP 改接到正常端口。",
        ),
        (60, 600),
        item="Network outage",
        cis=("D010305-001",),
        form={"where": "Building 1, room 0305", "scope": "team"},
        units=("SALES",),
        note=("Port 12 flaps: 40 link-downs since Monday.", "12 号端口抖动：周一以来断开 40 次。"),
        customer_reply=("It froze again at 14:10.", "14:10 又卡住了一次。"),
    ),
    Scenario(
        "vpn_access",
        5,
        "NETWORK",
        [("VPN access for a business trip", "出差需要开通 VPN")],
        ("Two weeks at the Shenzhen plant.", "需要在深圳工厂出差两周。"),
        ("Your manager approved; I am creating the account.", "您的上级已审批，我正在开通账号。"),
        (
            "fixed",
            "VPN account created; the guide to install the client is attached to the mail.",
            "VPN 账号已开通，客户端安装指南已随邮件发送。",
        ),
        (30, 240),
        item="VPN access",
        cis=("D020101-006",),
        channels=("portal",),
        form={"days": 14, "reason": "title"},
        pend=("Awaiting the manager's approval", "等待上级审批", 240),
    ),
    Scenario(
        "vpn_drops",
        4,
        "NETWORK",
        [("VPN disconnects every few minutes", "VPN 每隔几分钟断开一次")],
        ("Working from home today; the VPN keeps dropping.", "今天居家办公，VPN 一直掉线。"),
        (
            "Please send me the client's version (Help → About).",
            "请把客户端版本号发给我（帮助 → 关于）。",
        ),
        (
            "fixed",
            "Old VPN client; upgraded it remotely to the current version.",
            "VPN 客户端版本过旧，已远程升级到最新版本。",
        ),
        (40, 300),
        cis=("D020101-006",),
        channels=("phone", "email"),
        levels=(3, 2),
        customer_reply=("Version 9.1.2.", "版本是 9.1.2。"),
        wrong_group="DESKTOP",
    ),
    Scenario(
        "new_laptop",
        4,
        "DESKTOP",
        [
            ("Laptop for a new starter", "新员工需要笔记本电脑"),
            ("Replacement laptop: battery lasts 20 minutes", "更换笔记本：电池只能用 20 分钟"),
        ],
        ("Needed before Monday.", "周一之前需要。"),
        (
            "Approved; the laptop is being prepared with the standard image.",
            "已审批，正在安装标准系统镜像。",
        ),
        (
            "fixed",
            "Laptop prepared with the standard image and handed over.",
            "笔记本已安装标准镜像并交付。",
        ),
        (600, 1800),
        item="New laptop",
        channels=("portal",),
        form={"model": "standard", "reason": "title"},
        pend=("Awaiting parts", "等待备件", 900),
    ),
    Scenario(
        "install_software",
        6,
        "DESKTOP",
        [
            ("Install Visio", "安装 Visio"),
            ("Install the AutoCAD viewer", "安装 AutoCAD 看图软件"),
            ("Install the tax filing client", "安装税务申报客户端"),
        ],
        ("Needed for a project starting this week.", "本周开始的项目需要用。"),
        (
            "We have a licence free; I will install it remotely at 15:00.",
            "目前有空闲许可，我会在 15:00 远程安装。",
        ),
        (
            "fixed",
            "Installed and licensed remotely; tested with the user.",
            "已远程安装并激活许可，已与用户一起测试。",
        ),
        (30, 300),
        item="Install software",
        cis=("own",),
        form={"software": "title", "device": "own", "licence": "have"},
    ),
    Scenario(
        "pc_fault",
        7,
        "DESKTOP",
        [
            ("PC will not start after the power cut", "停电后电脑无法开机"),
            ("PC switches itself off several times a day", "电脑每天自动关机好几次"),
        ],
        ("I cannot work on it at all.", "完全没法用。"),
        ("I will come to your desk to look at it.", "我会到您工位上看一下。"),
        (
            "fixed",
            "Replaced the failing power supply; the PC starts and stays on.",
            "已更换故障电源，电脑可正常开机且运行稳定。",
        ),
        (60, 480),
        item="Computer fault",
        cis=("own",),
        form={"device": "own", "symptom": "title"},
        pend=("Awaiting parts", "等待备件", 480),
    ),
    Scenario(
        "outlook",
        6,
        "APPS",
        [
            ("Outlook keeps asking for my password", "Outlook 一直提示输入密码"),
            (
                "Outlook asks for my password after every restart",
                "每次重启后 Outlook 都要求输入密码",
            ),
        ],
        ("Since this morning, on my desktop only.", "从今天早上开始，只有台式机上有问题。"),
        (
            "Please close Outlook; I will clear the stored credentials remotely.",
            "请先关闭 Outlook，我会远程清除保存的凭据。",
        ),
        (
            "fixed",
            "Cleared the stale credentials and rebuilt the Outlook profile.",
            "已清除过期凭据并重建 Outlook 配置文件。",
        ),
        (20, 180),
        item="Email problem",
        cis=("D020101-003",),
        form={"client": "outlook"},
    ),
    Scenario(
        "email_bounce",
        3,
        "APPS",
        [("Email to a customer bounced", "发给客户的邮件被退回")],
        (
            "The customer says our mails go to spam or bounce.",
            "客户说我们的邮件进了垃圾箱或被退回。",
        ),
        ("Please forward me the bounce message as an attachment.", "请将退信作为附件转发给我。"),
        (
            "workaround",
            "The customer's server blocks our relay; asked them to allow-list us, "
            "sent via the backup relay meanwhile.",
            "客户服务器拦截了我们的中继，已请对方加入白名单，期间改用备用中继发送。",
        ),
        (60, 600),
        item="Email problem",
        form={"client": "web"},
    ),
    Scenario(
        "erp_access",
        5,
        "APPS",
        [
            ("ERP role for month-end closing", "月末结账需要 ERP 权限"),
            ("ERP role to approve payments", "申请 ERP 付款审批权限"),
        ],
        ("My manager has agreed.", "已经得到上级同意。"),
        (
            "Approved by your manager; the role will be active tomorrow morning.",
            "上级已审批，权限明早生效。",
        ),
        (
            "fixed",
            "Role granted in the ERP and tested with the user.",
            "已在 ERP 中授予角色并与用户测试。",
        ),
        (60, 480),
        item="ERP access",
        cis=("D020101-004",),
        channels=("portal",),
        form={"module": "fi", "role": "AP clerk"},
        units=("FIN",),
    ),
    Scenario(
        "erp_slow",
        9,
        "APPS",
        [
            ("ERP report runs very slowly", "ERP 报表运行很慢"),
            ("ERP times out when posting invoices", "ERP 过账时超时"),
            ("ERP screen freezes when saving an order", "ERP 保存订单时界面卡住"),
        ],
        ("It takes more than ten minutes and then stops.", "要等十几分钟，然后就报错了。"),
        (
            "We see it too; we are looking at the ERP server now.",
            "我们也发现了，正在检查 ERP 服务器。",
        ),
        (
            "workaround",
            "A long-running batch job was blocking the ERP server; moved it to the night window.",
            "一个长时间运行的批处理作业占用了 ERP 服务器，已改到夜间执行。",
        ),
        (60, 720),
        cis=("D020101-004",),
        channels=("phone", "email", "portal"),
        levels=(2, 2),
        note=(
            "Batch job MRP-07 holds locks 9:00–11:00; asked the ERP team to reschedule.",
            "批处理作业 MRP-07 在 9:00–11:00 持有锁，已请 ERP 组调整计划。",
        ),
        wrong_group="DESKTOP",
    ),
    Scenario(
        "shared_drive",
        5,
        "SD",
        [
            ("Cannot open the shared drive", "无法打开共享盘"),
            ("Shared folder says access denied", "共享文件夹提示拒绝访问"),
        ],
        ("The finance folder on S: is not there any more.", "S 盘上的财务文件夹不见了。"),
        (
            "Please reconnect to the office network and try again; I will check your rights.",
            "请重新连接办公网络后再试，我来检查您的权限。",
        ),
        (
            "user_guidance",
            "Mapped the drive again and showed the user how to reconnect it.",
            "已重新映射网络驱动器，并演示了重新连接的方法。",
        ),
        (10, 90),
        channels=("phone", "walk_in"),
        levels=(3, 3),
    ),
    Scenario(
        "desk_phone",
        2,
        "NETWORK",
        [("Desk phone has no dial tone", "座机没有拨号音")],
        ("The phone screen says 'network unavailable'.", "电话屏幕显示“网络不可用”。"),
        ("I will check the phone's switch port.", "我来检查电话所在的交换机端口。"),
        (
            "fixed",
            "Patch cable loose at the floor switch; re-seated it.",
            "楼层交换机上的跳线松动，已重新插好。",
        ),
        (30, 240),
        cis=("own-phone",),
        channels=("walk_in", "email"),
        levels=(3, 3),
    ),
    Scenario(
        "erp_disk",
        3,
        "APPS",
        [("Monitoring: ERP database disk over 90%", "监控告警：ERP 数据库磁盘使用率超过 90%")],
        ("Alert from the monitoring system.", "监控系统告警。"),
        ("Investigating.", "正在排查。"),
        (
            "fixed",
            "Archived last year's logs and extended the volume by 200 GB.",
            "已归档去年的日志，并将磁盘扩容 200 GB。",
        ),
        (60, 300),
        cis=("D020101-005",),
        channels=("monitoring",),
        levels=(2, 2),
    ),
]
OUTAGE = Scenario(
    "outage",
    0,
    "NETWORK",
    [
        ("No network in the whole building", "整栋楼都断网了"),
        ("Network down: cannot reach the ERP or email", "网络中断：ERP 和邮箱都打不开"),
        ("Internet and shared drives gone", "上不了网，共享盘也打不开"),
    ],
    ("Nobody on our floor has network since a few minutes.", "我们这层几分钟前全部断网。"),
    (
        "The core switch has failed; we are on it. Next update at 11:00.",
        "核心交换机故障，正在紧急处理，11:00 前通报进展。",
    ),
    (
        "fixed",
        "A line card of the core switch failed; replaced it with the spare. Network back at 11:20.",
        "核心交换机一块线卡故障，已更换备件，11:20 网络恢复。",
    ),
    (60, 80),
    item="Network outage",
    cis=("D020102-001",),
    channels=("phone",),
    form=None,
    levels=(1, 1),
)
CANCEL = ("Sorted it out myself, thanks.", "已经自己解决了，谢谢。")
THANKS = ("Thank you, it works again.", "谢谢，已经好了。")
REOPEN = ("Still happening this morning.", "今天早上问题又出现了。")
FOLLOW = ("Checked again with the user: now really fixed.", "已再次与用户确认：问题已彻底解决。")


@dataclass
class Plan:
    """A ticket's life: when it opens and what happens to it next, in order."""

    created: dt.datetime
    scenario: Scenario
    requester: User
    steps: list = field(default_factory=list)  # (when, callable(plan)), in time order
    ticket: Ticket | None = None


def seed(stdout=None) -> None:
    ensure_resolution_codes(ResolutionCode)
    if Ticket.objects.exists():
        if stdout:
            stdout.write("incidents: tickets exist, left as they are")
        return
    now = timezone.now()
    desk = Desk.load()
    rng = random.Random(2026)
    plans = desk.month(rng, now)
    first_mail = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
    desk.replay(plans, now)
    # What the month's notifications said was sent at the time, not again today.
    Notification.objects.filter(pk__gt=first_mail, sent_at__isnull=True).update(
        sent_at=F("created_at"), attempts=1
    )
    sla_demo.flag_crossings()
    if stdout:
        stdout.write(f"incidents: {len(plans)} demo tickets over the last {DAYS} days")


class Desk:
    """The demo organisation as the replay needs it: people, groups, items, CIs."""

    def __init__(self, users, groups, items, assets, calendar):
        self.users = users
        self.groups = groups
        self.items = items
        self.assets = assets
        self.calendar = calendar
        self.requesters = [u for u in users.values() if u.role == "requester"]
        self.units = dict(CustomerUnit.objects.values_list("pk", "code"))
        owned = {}
        for asset in assets.values():
            if asset.owner_id:
                owned.setdefault(asset.owner_id, []).append(asset)
        self.owned = owned

    @classmethod
    def load(cls) -> "Desk":
        users = {u.username: u for u in User.objects.filter(is_active=True).order_by("pk")}
        groups = {g.code: g for g in SupportGroup.objects.prefetch_related("members")}
        items = {i.name: i for i in CatalogItem.objects.select_related("service")}
        assets = {a.tag: a for a in Asset.objects.select_related("category")}
        calendar = CalendarLookup().default() or WORKING_HOURS
        return cls(users, groups, items, assets, calendar)

    # --- planning ---------------------------------------------------------------------------

    def month(self, rng: random.Random, now: dt.datetime) -> list[Plan]:
        plans = self._outage(rng, now)
        days = self._working_days(now)
        recent_day = days[min(2, len(days) - 1)]
        recent = dt.datetime.combine(recent_day, dt.time(), ZoneInfo(settings.TIME_ZONE))
        weights = [s.weight for s in SCENARIOS]
        while len(plans) < COUNT:
            scenario = rng.choices(SCENARIOS, weights)[0]
            created = self._opened_at(rng, now, scenario)
            requester = self._requester(rng, scenario)
            if requester is None:
                continue
            # The last two working days' tickets are still being worked: the desk opens on
            # a real backlog (in progress, some pending), not on a month that is all done.
            backlog = created >= recent and rng.random() < 0.7
            plans.append(self._plan(rng, scenario, created, requester, backlog=backlog))
        plans.sort(key=lambda p: p.created)
        return plans

    def _working_days(self, now: dt.datetime) -> list[dt.date]:
        today = timezone.localdate(now)
        days = [today - dt.timedelta(days=n) for n in range(DAYS)]
        return [d for d in days if self.calendar.is_working_day(d)]

    def _opened_at(self, rng, now, scenario) -> dt.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        while True:
            if "monitoring" in scenario.channels:  # alerts come day and night
                moment = now - dt.timedelta(minutes=rng.uniform(30, (DAYS - 1) * 1440))
            else:
                days = self._working_days(now)
                # Mondays are busier; the rest of the week about even.
                day = rng.choices(days, [1.4 if d.weekday() == 0 else 1.0 for d in days])[0]
                slot = rng.choices([s for s, _w in SLOTS], [w for _s, w in SLOTS])[0]
                hour, minute = map(int, slot.split(":"))
                local = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
                moment = local + dt.timedelta(seconds=rng.uniform(0, 1800))
            if moment < now - dt.timedelta(minutes=5):
                return moment.replace(microsecond=0)

    def _requester(self, rng, scenario) -> User | None:
        wants = scenario.cis[:1]
        if wants == ("own",):
            owners = [u for u in self.requesters if self._own(u, ("PC", "NB"))]
            return rng.choice(owners) if owners else None
        if wants == ("own-phone",):
            owners = [u for u in self.requesters if self._own(u, ("PHONE",))]
            return rng.choice(owners) if owners else None
        if "monitoring" in scenario.channels:
            group = self.groups.get(scenario.group)
            members = list(group.members.all()) if group else []
            return members[0] if members else None
        people = [u for u in self.requesters if self._unit(u) in scenario.units]
        people = people or self.requesters
        return rng.choice(people) if people else None

    def _unit(self, user) -> str | None:
        return self.units.get(user.customer_unit_id)

    def _own(self, user, categories) -> Asset | None:
        for asset in self.owned.get(user.pk, []):
            if asset.category.code in categories:
                return asset
        return None

    def _outage(self, rng, now) -> list[Plan]:
        """The core switch fails at 10:02 one morning two to three weeks ago; the calls follow."""
        days = [d for d in self._working_days(now) if (timezone.localdate(now) - d).days >= 8]
        if not days or "Network outage" not in self.items:
            return []
        day = days[len(days) // 2] if len(days) > 2 else days[0]
        zone = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime(day.year, day.month, day.day, 10, 2, tzinfo=zone)
        callers = rng.sample(self.requesters, k=min(9, len(self.requesters)))
        plans = []
        for n, requester in enumerate(callers):
            created = start + dt.timedelta(minutes=3 + 4 * n + rng.randint(0, 3))
            plan = Plan(created, OUTAGE, requester)
            sd = self.users.get(SERVICE_DESK[n % 2])
            plan.steps.append((created, self._opener(plan, sd, "phone")))
            netops = self._member(OUTAGE.group, rng)
            back = dt.datetime(day.year, day.month, day.day, 11, 20, tzinfo=zone)
            reply_at = max(created + dt.timedelta(minutes=2), start + dt.timedelta(minutes=12))
            plan.steps += [
                (reply_at, self._start(netops, OUTAGE)),
                (reply_at + dt.timedelta(minutes=1), self._reply(netops, OUTAGE.reply, requester)),
                (back + dt.timedelta(minutes=2 + n), self._resolve(netops, OUTAGE, requester)),
            ]
            if n % 3 == 0:
                plan.steps.append(
                    (back + dt.timedelta(minutes=30 + 7 * n), self._act(requester, "close"))
                )
            plans.append(plan)
        return plans

    def _member(self, code: str, rng, exclude=None) -> User | None:
        group = self.groups.get(code)
        members = [m for m in group.members.all() if m != exclude] if group else []
        return rng.choice(members) if members else None

    def _later(self, at: dt.datetime, minutes: float) -> dt.datetime:
        return businesstime.add_business_minutes(self.calendar, at, minutes).replace(microsecond=0)

    def _plan(self, rng, scenario: Scenario, created, requester, backlog=False) -> Plan:
        plan = Plan(created, scenario, requester)
        sd = self.users.get(rng.choice(SERVICE_DESK))
        channel = rng.choice(scenario.channels)
        # The portal is the requester's own; other channels are logged by the service desk.
        opener = requester if channel == "portal" else sd
        if channel == "monitoring":
            opener = requester
        plan.steps.append((created, self._opener(plan, opener, channel)))
        at = created
        group = scenario.group
        if scenario.item is None:  # the desk reads it and sends it on
            triage = self.users.get(rng.choice(SERVICE_DESK))
            first = group
            if scenario.wrong_group and rng.random() < 0.25:
                first = scenario.wrong_group
            at = self._later(at, rng.uniform(3, 25))
            plan.steps.append((at, self._assign(triage, first)))
            if first != group:  # the wrong team hands it over: ping-pong
                at = self._later(at, rng.uniform(30, 180))
                plan.steps.append((at, self._assign(self._member(first, rng), group)))
        if rng.random() < 0.04:  # the requester sorted it out alone
            at = self._later(at, rng.uniform(10, 120))
            plan.steps.append((at, self._cancel(requester)))
            return plan
        if rng.random() < 0.03:  # nobody picked it up: it sits, breaching, in the queue
            return plan
        agent = self._member(group, rng)
        slow = rng.random() < 0.08
        at = self._later(at, rng.uniform(60, 240) if slow else rng.uniform(4, 45))
        plan.steps.append((at, self._start(agent, scenario)))
        at = self._later(at, rng.uniform(1, 15))
        plan.steps.append((at, self._reply(agent, scenario.reply, requester)))
        work = rng.uniform(*scenario.work) * (rng.uniform(2.5, 5) if slow else 1)
        if scenario.customer_reply and rng.random() < 0.6:
            plan.steps.append(
                (
                    self._later(at, min(work / 3, 90)),
                    self._comment(requester, scenario.customer_reply),
                )
            )
        if scenario.note and rng.random() < 0.7:
            plan.steps.append((self._later(at, work / 2), self._note(agent, scenario.note)))
        if scenario.pend and (rng.random() < 0.5 or backlog):
            reason_en, reason_zh, wait = scenario.pend
            pend_at = self._later(at, rng.uniform(5, 20) if backlog else work / 2 + 1)
            reason = reason_zh if requester.language.startswith("zh") else reason_en
            plan.steps.append((pend_at, self._pend(agent, reason)))
            if backlog:  # still waiting for the parts, the approval, the customer
                return plan
            at = self._later(pend_at, wait * rng.uniform(0.6, 1.4))
            plan.steps.append((at, self._act(agent, "resume")))
            work = work / 2
        if backlog:  # in progress: the agent is on it
            return plan
        at = self._later(at, work)
        plan.steps.append((at, self._resolve(agent, scenario, requester)))
        fate = rng.random()
        if fate < 0.05:  # not fixed after all
            at = self._later(at, rng.uniform(60, 600))
            plan.steps.append((at, self._reopen(requester)))
            at = self._later(at, rng.uniform(30, 240))
            plan.steps.append((at, self._resolve(agent, scenario, requester, again=True)))
        elif fate < 0.55:  # the requester confirms; the rest close themselves in 3 working days
            at = self._later(at, rng.uniform(20, 480))
            if rng.random() < 0.3:
                plan.steps.append((at, self._comment(requester, THANKS)))
                at = self._later(at, 1)
            plan.steps.append((at, self._act(requester, "close")))
        return plan

    # --- steps: each returns callable(plan) run at its moment --------------------------------

    def _opener(self, plan: Plan, actor, channel):
        def run(plan: Plan) -> None:
            scenario, requester = plan.scenario, plan.requester
            chinese = requester.language.startswith("zh")
            title = plan.scenario.titles[plan.created.minute % len(scenario.titles)]
            item = self.items.get(scenario.item) if scenario.item else None
            asset = self._ci(scenario, requester)
            if actor.pk == requester.pk and asset is not None and asset.owner_id != requester.pk:
                asset = None  # the portal offers one's own devices; the agent links it later
            words = title[1] if chinese else title[0]
            form = self._form(scenario, requester, plan.created, words) if item else None
            levels = scenario.levels or (None, None)
            desk = roles.is_agent(actor)
            plan.ticket = services.create_ticket(
                actor,
                services.NewTicket(
                    title=words,
                    description=scenario.description[1 if chinese else 0],
                    requester=requester,
                    # A requester's ticket comes through the portal with the item's impact:
                    # they give the urgency only (the desk judges the rest).
                    channel=channel if desk else None,
                    catalog_item=item,
                    # The portal asks the guided questions; the desk may skip them on a call.
                    form_data=form if actor.pk == requester.pk else None,
                    impact=levels[0] if desk else None,
                    urgency=levels[1],
                    asset=asset,
                    kind=None,
                ),
            )

        return run

    def _ci(self, scenario: Scenario, requester) -> Asset | None:
        if not scenario.cis:
            return None
        if scenario.cis[0] == "own":
            return self._own(requester, ("PC", "NB"))
        if scenario.cis[0] == "own-phone":
            return self._own(requester, ("PHONE",))
        return self.assets.get(scenario.cis[0])

    def _form(self, scenario: Scenario, requester, created, title: str) -> dict | None:
        if scenario.form is None:
            return None
        item = self.items[scenario.item]
        names = {f["name"]: f for f in item.form_schema}
        answers = {}
        for name, value in scenario.form.items():
            if name not in names:
                continue
            if value == "title":  # the answer is what the title says
                value = title.removeprefix("Install the ").removeprefix("Install ")
                value = value.removeprefix("安装 ") if name == "software" else title
            if value == "own":
                own = self._own(requester, ("PC", "NB"))
                if own is None:
                    continue
                value = own.tag
            answers[name] = value
        for name, spec in names.items():  # what every such form also asks
            if name in answers or not spec.get("required"):
                continue
            if spec["type"] == "phone":
                answers[name] = requester.phone or "13800000000"
            elif spec["type"] == "date":
                answers[name] = (timezone.localdate(created) + dt.timedelta(days=7)).isoformat()
            elif spec["type"] == "text":
                answers[name] = requester.username
        return answers

    def _start(self, agent, scenario: Scenario):
        """Start work and, when the requester could not name it, link the CI at fault."""

        def run(plan: Plan) -> None:
            plan.ticket = services.perform(agent, plan.ticket, "start")
            ci = self._ci(scenario, plan.requester)
            if ci is not None and plan.ticket.asset_id is None:
                plan.ticket = services.update_ticket(agent, plan.ticket, {"asset": ci})

        return run

    def _act(self, actor, action, body=None):
        def run(plan: Plan) -> None:
            plan.ticket = services.perform(actor, plan.ticket, action, body or {})

        return run

    def _assign(self, actor, code):
        group = self.groups[code]
        return self._act(actor, "assign", {"assignment_group": group.pk})

    def _pend(self, actor, reason):
        return self._act(actor, "pend", {"reason": reason})

    def _cancel(self, requester):
        chinese = requester.language.startswith("zh")
        return self._act(requester, "cancel", {"reason": CANCEL[1 if chinese else 0]})

    def _reopen(self, requester):
        chinese = requester.language.startswith("zh")
        return self._act(requester, "reopen", {"reason": REOPEN[1 if chinese else 0]})

    def _resolve(self, agent, scenario: Scenario, requester, again=False):
        chinese = requester.language.startswith("zh")
        code, english, zh = scenario.resolution
        notes = (FOLLOW[1] if chinese else FOLLOW[0]) if again else (zh if chinese else english)
        resolve = self._act(agent, "resolve", {"resolution_code": code, "resolution_notes": notes})

        def run(plan: Plan) -> None:
            # The team works its checklist (the item's task template) before resolving.
            for task in plan.ticket.tasks.filter(done=False).order_by("order"):
                services.tick_task(agent, plan.ticket, task.pk, True)
            resolve(plan)

        return run

    def _reply(self, agent, texts, requester):
        return self._comment(agent, texts, language_of=requester)

    def _comment(self, actor, texts, language_of=None):
        reader = language_of or actor

        def run(plan: Plan) -> None:
            text = texts[1] if reader.language.startswith("zh") else texts[0]
            services.add_comment(actor, plan.ticket, text)

        return run

    def _note(self, agent, texts):
        def run(plan: Plan) -> None:
            text = texts[1] if agent.language.startswith("zh") else texts[0]
            services.add_comment(agent, plan.ticket, text, internal=True)

        return run

    # --- the replay ----------------------------------------------------------------------

    def replay(self, plans: list[Plan], now: dt.datetime) -> None:
        """Run every step that has happened by now, in time order, with beat's sweeps in
        between (SLA warnings and breaches, auto-close), each at its own moment."""
        steps = [
            (when, n, k, run)
            for n, plan in enumerate(plans)
            for k, (when, run) in enumerate(plan.steps)
            if when < now
        ]
        steps.sort(key=lambda s: (s[0], s[1], s[2]))
        done: dict[int, int] = {}
        first = plans[0].created if plans else now
        tick = first.replace(minute=0, second=0, microsecond=0)  # on the hour, as beat runs
        with replay(tick) as clock:
            for when, n, k, run in steps:
                while tick + TICK <= when:
                    tick += TICK
                    self._beat(clock, tick)
                if done.get(n, -1) != k - 1:  # an earlier step of this ticket was skipped
                    continue
                clock.at = when
                run(plans[n])
                done[n] = k
            while tick + TICK <= now:
                tick += TICK
                self._beat(clock, tick)

    @staticmethod
    def _beat(clock, at: dt.datetime) -> None:
        clock.at = at
        sweep.mark_crossings(at)
        surveys.send_due_surveys(now=at)
        # Resolved tickets fall due for closing at a local midnight (N working days after
        # their resolution): the auto-close need only run then.
        if timezone.localtime(at).time() == dt.time(0, 0):
            services.auto_close_resolved(now=at)
