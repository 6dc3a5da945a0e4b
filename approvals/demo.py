"""The approvals part of `manage.py seed_demo` (after the month of tickets).

Line managers on the demo people, an owner group for the ERP, the catalog's chains (new
laptop: the requester's manager; ERP access: the manager, then every ERP application owner,
会签), and a few requests of the last days replayed at their time: approved and routed,
rejected with the reason, and some still waiting (周经理 `manager2` has some in *My
approvals*; 刘芳 `requester` sees on the portal who is deciding). Idempotent.
"""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from accounts.models import CustomerUnit, SupportGroup, User
from approvals import services
from approvals.models import Approval
from catalog.approvalsteps import ALL, ANY, GROUP, REQUESTER_MANAGER
from catalog.models import CatalogItem
from common.demo_clock import replay
from incidents.services import NewTicket, create_ticket
from notifications.models import Notification

# username → their line manager
MANAGERS = {
    "requester": "manager2",
    "chenjing": "manager2",
    "sunyan": "manager2",
    "requester2": "manager",
    "huangwei": "manager",
    "david.li": "manager",
    "requester3": "manager2",
    "gaofeng": "manager2",
    "majun": "manager2",
    "xuli": "manager",
    "tom.wu": "manager",
}
# HR has no line managers in the demo: its unit's manager approves for them (the fallback).
UNIT_MANAGERS = {"HR": "manager2", "HQ": "manager"}
OWNERS = ("ERPOWN", "ERP 应用负责人 ERP application owners", "erp-owners@example.com")
OWNER_MEMBERS = ("agent", "manager2")

LAPTOP = "New laptop"
ERP = "ERP access"

# (requester, item, working days ago, hour, answers, decisions: (approver, approve?, comment,
# hours after the previous moment))
STORIES = [
    (
        "requester",
        LAPTOP,
        4,
        10,
        {"model": "standard", "reason": "My laptop's battery lasts 20 minutes."},
        [("manager2", True, "同意，电池确实老化了。", 2)],
    ),
    (
        "sunyan",
        LAPTOP,
        3,
        14,
        {"model": "performance", "reason": "想换一台性能更好的电脑。"},
        [("manager2", False, "去年刚换过电脑，请先向桌面支持借用备用机。", 20)],
    ),
    (
        "david.li",
        ERP,
        3,
        9,
        {"module": "sd", "role": "Sales order clerk", "approver": "13800000002"},
        [
            ("manager", True, "Needed for the new Shanghai accounts.", 1),
            ("agent", True, "Role SD-CLERK, no conflict of duties.", 3),
            ("manager2", True, "同意。", 2),
        ],
    ),
    (
        "huangwei",
        ERP,
        2,
        11,
        {"module": "sd", "role": "销售订单审核", "approver": "13800000002"},
        [
            ("manager", True, "", 1),
            ("agent", True, "No conflict with his current roles.", 4),
        ],
    ),
    (
        "requester",
        ERP,
        1,
        15,
        {"module": "fi", "role": "Accounts payable clerk", "approver": "13800000006"},
        [],
    ),
    (
        "requester2",
        LAPTOP,
        1,
        10,
        {"model": "standard", "reason": "Starting on the Beijing project next month."},
        [],
    ),
    (
        "requester3",
        LAPTOP,
        0,
        9,
        {"model": "performance", "reason": "车间质检软件需要更高配置。"},
        [],
    ),
]


def seed(stdout=None) -> None:
    users = {u.username: u for u in User.objects.all()}
    if "manager" not in users:
        return
    for username, boss in MANAGERS.items():
        User.objects.filter(username=username).update(manager=users.get(boss))
    for code, boss in UNIT_MANAGERS.items():
        CustomerUnit.objects.filter(code=code).update(manager=users.get(boss))
    owners, _ = SupportGroup.objects.update_or_create(
        code=OWNERS[0],
        defaults={"name": OWNERS[1], "email": OWNERS[2], "manager": users["manager"]},
    )
    owners.members.add(*(users[name] for name in OWNER_MEMBERS if name in users))
    chains = {
        LAPTOP: [{"kind": REQUESTER_MANAGER, "mode": ANY}],
        ERP: [
            {"kind": REQUESTER_MANAGER, "mode": ANY},
            {"kind": GROUP, "group": owners.pk, "mode": ALL},
        ],
    }
    items = {}
    for name, steps in chains.items():
        item = CatalogItem.objects.filter(name=name).first()
        if item is not None:
            item.approval_steps = steps
            item.save(update_fields=["approval_steps", "updated_at"])
            items[name] = item
    if Approval.objects.exists() or len(items) < len(chains):
        if stdout:
            stdout.write("approvals: chains set, demo requests exist")
        return
    first_mail = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    users = {u.username: u for u in User.objects.all()}
    for requester, item_name, days_ago, hour, answers, decisions in STORIES:
        _story(users, items[item_name], requester, days_ago, hour, answers, decisions)
    Notification.objects.filter(pk__gt=first_mail, sent_at__isnull=True).update(
        sent_at=F("created_at"), attempts=1
    )
    if stdout:
        stdout.write(f"approvals: {len(STORIES)} demo requests with approval chains")


def _working_day(days_ago: int) -> dt.date:
    day = timezone.localdate()
    while days_ago > 0 or day.weekday() >= 5:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5:
            days_ago -= 1
    return day


def _story(users, item, requester_name, days_ago, hour, answers, decisions) -> None:
    requester = users[requester_name]
    day = _working_day(days_ago)
    opened = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 17)))
    now = timezone.now()
    if opened > now:
        opened = now - dt.timedelta(minutes=30)
    data = dict(answers)
    if item.name == LAPTOP:
        data["needed_by"] = (day + dt.timedelta(days=14)).isoformat()
    with replay(opened) as clock:
        ticket = create_ticket(
            requester, NewTicket(catalog_item=item, form_data=data, description="")
        )
        for approver, approve, comment, hours in decisions:
            clock.at = min(clock.at + dt.timedelta(hours=hours), now)
            row = Approval.objects.get(ticket=ticket, approver=users[approver], state="pending")
            if approve:
                services.approve(users[approver], row, comment)
            else:
                services.reject(users[approver], row, comment)
