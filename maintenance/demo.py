"""Demo maintenance plans (计划性维护) and their tickets in the demo month: a monthly UPS
test, quarterly server patching on the first Monday (skipped on a holiday) and a weekly
backup check. The month is replayed as beat would have run it: each ticket opens its lead
working days ahead, the team ticks the checklist and resolves after the window; the last
backup check is still open past its window (the dashboard's "planned work overdue")."""

import datetime as dt

from django.db.models import F, Max
from django.utils import timezone

from accounts.models import SupportGroup, User
from assets.models import Asset
from catalog.models import CatalogItem
from common.demo_clock import replay
from incidents import services as tickets
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode, Ticket
from maintenance import recurrence, services
from maintenance.models import MaintenancePlan
from notifications.models import Notification
from sla import defaults as sla_defaults
from sla.models import BusinessCalendar

DAYS = 30
# name, rule, policy, group, CIs, window start, minutes, lead days, checklist, description
PLANS = [
    (
        "UPS battery test / UPS 电池测试",
        "FREQ=MONTHLY;BYMONTHDAY=15",
        recurrence.NEXT_WORKING_DAY,
        "NETWORK",
        ["D020102-001", "D020102-002"],
        dt.time(18, 30),
        60,
        2,
        [
            "Announce the test to the building / 通知楼内人员",
            "Switch to battery for 10 minutes / 切换电池供电 10 分钟",
            "Record the battery readings / 记录电池读数",
            "Switch back and check the alarms / 切回市电并检查告警",
        ],
        "Monthly test of the server room UPS under load.",
    ),
    (
        "Quarterly server patching / 季度服务器补丁",
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO",
        recurrence.SKIP,
        "APPS",
        ["D020101-001", "D020101-002", "D020101-004"],
        dt.time(20, 0),
        240,
        3,
        [
            "Snapshot the virtual machines / 虚拟机快照",
            "Apply the operating system patches / 安装系统补丁",
            "Restart and check the services / 重启并检查服务",
            "Tell the users the ERP is back / 通知用户 ERP 已恢复",
        ],
        "First Monday of the quarter; on a holiday the round is skipped.",
    ),
    (
        "Weekly backup check / 每周备份检查",
        "FREQ=WEEKLY;BYDAY=FR",
        recurrence.KEEP,
        "APPS",
        ["D020101-005"],
        dt.time(16, 0),
        60,
        1,
        [
            "Check last night's backup job / 检查昨晚备份任务",
            "Restore one file as a test / 测试恢复一个文件",
        ],
        "Every Friday: the ERP database backup is checked by a test restore.",
    ),
]


def seed(stdout=None) -> None:
    if MaintenancePlan.objects.exists():
        if stdout:
            stdout.write("maintenance: plans exist, left as they are")
        return
    manager = User.objects.filter(username="manager").first()
    item = CatalogItem.objects.filter(name="Planned maintenance").first()
    calendar = BusinessCalendar.objects.filter(name=sla_defaults.CALENDAR_NAME).first()
    if manager is None or item is None or calendar is None:
        return
    ensure_resolution_codes(ResolutionCode)
    groups = {g.code: g for g in SupportGroup.objects.all()}
    today = timezone.localdate()
    first = today - dt.timedelta(days=DAYS)
    # The quarterly round falls in the demo month: its quarter starts with that month.
    quarter_start = first.replace(day=1)
    plans = []
    for name, rule, policy, group, tags, start, minutes, lead, steps, text in PLANS:
        plan = services.save_plan(
            manager,
            None,
            {
                "name": name,
                "description": text,
                "catalog_item": item,
                "assignment_group": groups[group],
                "recurrence": rule,
                "start_date": quarter_start if "INTERVAL=3" in rule else first,
                "calendar": calendar,
                "on_non_working_day": policy,
                "lead_working_days": lead,
                "window_start": start,
                "window_minutes": minutes,
                "checklist": steps,
                "active": True,
            },
            Asset.objects.filter(tag__in=tags),
        )
        plans.append(plan)
    first_mail = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
    opened = _replay(plans, manager, first, today)
    # What the month's notifications said was sent at the time, not again today.
    Notification.objects.filter(pk__gt=first_mail, sent_at__isnull=True).update(
        sent_at=F("created_at"), attempts=1
    )
    if stdout:
        stdout.write(f"maintenance: {len(plans)} plans, {opened} planned tickets this month")


def _replay(plans: list[MaintenancePlan], manager: User, first: dt.date, today: dt.date) -> int:
    """Open each plan's tickets of the month at the time beat would have, then work them."""
    zone = timezone.get_current_timezone()
    opened = 0
    for plan in plans:
        members = list(plan.assignment_group.members.order_by("username")) or [manager]
        agent = members[0]
        cal = plan.calendar.calendar
        horizon = today + dt.timedelta(days=plan.lead_working_days * 3 + 10)
        dates = [
            d
            for d in recurrence.occurrences(
                plan.rule(), cal, plan.on_non_working_day, first, horizon
            )
            if recurrence.working_days_before(cal, d.date, plan.lead_working_days) <= today
        ]
        last_date = max((d.date for d in dates if d.date < today), default=None)
        for d in dates:
            opens_on = max(
                recurrence.working_days_before(cal, d.date, plan.lead_working_days), first
            )
            start, end = recurrence.window(cal, d.date, plan.window_start, plan.window_minutes)
            with replay(dt.datetime.combine(opens_on, dt.time(2, 0), tzinfo=zone)) as clock:
                row = services.open_occurrence(plan, d.date, d.original_date)
                if row is None or row.ticket is None:
                    continue
                opened += 1
                ticket = row.ticket
                # The weekly check of the last week is still open: overdue on the dashboard.
                overdue = plan.on_non_working_day == recurrence.KEEP and d.date == last_date
                if end.date() >= today:
                    continue  # today's and later windows: not worked yet
                clock.at = start
                ticket = tickets.perform(agent, ticket, "start")
                for task in list(ticket.tasks.order_by("order")):
                    if overdue and task.order > 1:
                        break
                    clock.at = clock.at + dt.timedelta(minutes=10)
                    tickets.tick_task(agent, ticket, task.pk, True)
                if overdue:
                    continue
                clock.at = end + dt.timedelta(minutes=15)
                tickets.perform(
                    agent,
                    Ticket.objects.get(pk=ticket.pk),
                    "resolve",
                    {
                        "resolution_code": "fixed",
                        "resolution_notes": "Done as planned; checklist complete. / 按计划完成。",
                    },
                )
    return opened
