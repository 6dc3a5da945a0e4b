"""Demo tickets: a few hundred, across statuses, channels and groups, in both languages.

Created through the service functions (so history and counters are real), then dated
back over the last 60 days. Runs once: when tickets exist it leaves them alone.
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from accounts.models import SupportGroup, User
from assets.models import Asset
from catalog.models import CatalogItem
from incidents import services
from incidents.defaults import ensure_resolution_codes
from incidents.models import Comment, ResolutionCode, Ticket, TicketEvent
from incidents.permissions import can_work
from sla import demo as sla_demo

COUNT = 240
TITLES = [
    ("Outlook keeps asking for my password", "Outlook 一直要求输入密码"),
    ("Printer on floor 2 jams", "二楼打印机卡纸"),
    ("VPN disconnects every few minutes", "VPN 每隔几分钟断开"),
    ("New starter needs a laptop", "新员工需要一台笔记本"),
    ("ERP report runs very slowly", "ERP 报表运行很慢"),
    ("Cannot open shared drive", "无法打开共享盘"),
    ("Monitor flickers", "显示器闪烁"),
    ("Wi-Fi weak in meeting room 0305", "0305 会议室 Wi-Fi 信号弱"),
    ("Install Visio", "安装 Visio"),
    ("Phone has no dial tone", "电话没有拨号音"),
    ("Account locked after holiday", "假期后账号被锁定"),
    ("Email to customer bounced", "发给客户的邮件被退回"),
]
ANSWERS = [
    "Could you send a screenshot?",
    "请发一张截图好吗？",
    "We are looking into it.",
    "我们正在处理。",
    "Please restart and try again.",
    "请重启后再试一次。",
]
CHANNELS = ["portal"] * 5 + ["phone"] * 3 + ["email", "walk_in", "monitoring"]


def seed(stdout=None) -> None:
    ensure_resolution_codes(ResolutionCode)
    if Ticket.objects.exists():
        if stdout:
            stdout.write("incidents: tickets exist, left as they are")
        return
    rng = random.Random(2026)
    requesters = list(User.objects.filter(role="requester"))
    groups = list(SupportGroup.objects.prefetch_related("members"))
    admin = User.objects.get(username="admin")
    items = list(CatalogItem.objects.select_related("service", "assignment_group"))
    assets = {a.owner_id: a for a in Asset.objects.filter(owner__isnull=False)}
    now = timezone.now()
    for n in range(COUNT):
        requester = rng.choice(requesters)
        english, chinese = rng.choice(TITLES)
        title = chinese if requester.language == "zh-hans" else english
        ticket = services.create_ticket(
            admin,
            services.NewTicket(
                title=title,
                description=f"{title}.",
                requester=requester,
                channel=rng.choice(CHANNELS),
                impact=rng.choice([1, 2, 3, 3]),
                urgency=rng.choice([1, 2, 3, 3]),
                asset=assets.get(requester.pk),
                catalog_item=rng.choice(items) if rng.random() < 0.4 else None,
                kind=None,
            ),
        )
        _walk(ticket, rng, groups, admin)
        ticket.refresh_from_db(fields=["status"])
        if ticket.is_open:  # the backlog is mostly recent; a few old ones are overdue
            age = datetime.timedelta(hours=rng.uniform(0.3, 30) * (1 if n % 6 else 12))
        else:
            age = datetime.timedelta(days=rng.uniform(0, 60) * (1 if n % 4 else 0.05))
        # The desk worked on it for a while after it was opened: minutes, sometimes a day.
        work = min(
            datetime.timedelta(minutes=rng.choice([15, 25, 40, 90, 240, 600, 1500])), age * 0.9
        )
        later = age - work
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=now - age,
            updated_at=now - later,
            first_response_at=F("first_response_at") - later,
            resolved_at=F("resolved_at") - later,
            closed_at=F("closed_at") - later,
        )
        TicketEvent.objects.filter(ticket=ticket).update(at=F("at") - later)
        Comment.objects.filter(ticket=ticket).update(created_at=F("created_at") - later)
        sla_demo.backdate(ticket.pk, age, later)
    sla_demo.flag_crossings()
    if stdout:
        stdout.write(f"incidents: {COUNT} demo tickets")


def _walk(ticket, rng, groups, admin) -> None:
    """Move a new ticket some way along the workflow, as a desk would."""
    steps = rng.choice(
        [
            "new",
            "assigned",
            "in_progress",
            "pending",
            "resolved",
            "resolved",
            "closed",
            "closed",
            "cancelled",
        ]
    )
    if steps == "new":
        return
    if steps == "cancelled":
        services.perform(admin, ticket, "cancel", {"reason": "Duplicate call / 重复来电"})
        return
    group = ticket.assignment_group or rng.choice(groups)
    members = list(group.members.all())
    agent = rng.choice(members) if members else None
    services.perform(
        admin,
        ticket,
        "assign",
        {"assignment_group": group.pk, "assignee": agent.pk if agent else None},
    )
    if rng.random() < 0.15:
        other = rng.choice(groups)
        services.perform(admin, ticket, "assign", {"assignment_group": other.pk})
        agent = None
    if steps == "assigned":
        return
    actor = agent or admin
    services.perform(actor if can_work(actor, ticket) else admin, ticket, "start")
    if rng.random() < 0.7:
        services.add_comment(admin, ticket, rng.choice(ANSWERS))
    if rng.random() < 0.3:
        services.add_comment(
            admin, ticket, "Checked the logs; switch port 12 flaps.", internal=True
        )
    if steps == "in_progress":
        return
    if steps == "pending":
        services.perform(admin, ticket, "pend", {"reason": "Awaiting the customer / 等待用户回复"})
        return
    services.perform(
        admin,
        ticket,
        "resolve",
        {
            "resolution_code": rng.choice(["fixed", "fixed", "workaround", "user_guidance"]),
            "resolution_notes": "Fixed and tested with the user. / 已修复并与用户确认。",
        },
    )
    if steps == "closed":
        services.perform(admin, ticket, "close")
