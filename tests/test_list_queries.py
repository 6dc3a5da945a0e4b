"""Every list costs a constant number of queries: each list endpoint of the API and each
list page, at two sizes, runs the same number of SQL queries, within a budget.

A row names a list (an operation of the OpenAPI schema or a page's URL name), who reads it,
and a seeder that adds `n` rows with the related objects the list shows (assignee, group,
catalog item, CI, SLA timers, comments...). The test seeds a few rows, reads the list once
to warm caches, counts the queries of a second read, seeds many more rows, counts again:
the two counts must be equal and at most the row's budget, and every seeded row must be on
the page (a list that shows nothing proves nothing). A GET operation of the schema or a page
of the URLconf without a row (or a reason it is not a list) fails the suite.
"""

import datetime as dt
import io
import itertools
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.roles import Role
from assets.models import AssetRelation
from catalog.models import (
    AdmissionCriterion,
    AdmissionTick,
    ServiceCategory,
    ServiceStatus,
    ServiceTransition,
)
from inbound.models import AlertThread, InboundMessage, Integration, Mailbox
from incidents.defaults import ensure_resolution_codes
from incidents.models import Attachment, Comment, ResolutionCode, TicketEvent
from incidents.queries import QUEUES
from incidents.views import SORTS
from maintenance.models import Occurrence
from satisfaction.models import SurveyRule, SurveyStatus
from sla.models import SLATimer, TimerKind, TimerState
from sla.timers import project, start_timers
from tests import factories

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 24  # every page of the product shows at least 25 rows


# --- the world: people and the configuration every list hangs from -------------------------


@pytest.fixture
def w(db) -> SimpleNamespace:
    ensure_resolution_codes(ResolutionCode)
    unit = factories.CustomerUnitFactory(code="CU1", name="Finance")
    group = factories.SupportGroupFactory(code="NET", name="Network")
    requester = factories.UserFactory(role=Role.REQUESTER, customer_unit=unit)
    agent = factories.UserFactory(role=Role.AGENT)
    manager = factories.UserFactory(role=Role.MANAGER)
    admin = factories.UserFactory(role=Role.ADMIN)
    group.members.add(agent)
    group.manager = manager
    group.save()
    calendar = factories.BusinessCalendarFactory(name="Office")
    policy = factories.SLAPolicyFactory(name="Default", calendar=calendar)
    building = factories.BuildingFactory(code="01")
    room = factories.RoomFactory(building=building, code="0210")
    category = factories.AssetCategoryFactory(code="PC")
    service_category = factories.ServiceCategoryFactory(code="HW")
    service = factories.ServiceFactory(
        code="PCS", status=ServiceStatus.PUBLISHED, owner_group=group, category=service_category
    )
    item = factories.CatalogItemFactory(service=service, assignment_group=group)
    rule = SurveyRule.objects.create(service=service, delay_minutes=10)
    # A manager's own system criterion: its check runs for every service of a list.
    AdmissionCriterion.objects.create(
        code="SLA_COVERED", label="SLA covers it", kind="system", system_check="sla_policy"
    )
    asset = factories.AssetFactory(room=room, category=category, owner=requester)
    ticket = factories.TicketFactory(
        title="Printer base",
        requester=requester,
        status="assigned",
        assignment_group=group,
        assignee=agent,
        catalog_item=item,
        asset=asset,
        customer_unit=unit,
    )
    return SimpleNamespace(
        seq=itertools.count(1),
        unit=unit,
        group=group,
        requester=requester,
        agent=agent,
        manager=manager,
        admin=admin,
        calendar=calendar,
        policy=policy,
        building=building,
        room=room,
        category=category,
        service_category=service_category,
        service=service,
        item=item,
        rule=rule,
        asset=asset,
        ticket=ticket,
        # Without history rows (bulk_create): the audit list's rows are seed_audit's alone.
        mailbox=Mailbox.objects.bulk_create(
            [Mailbox(name="Desk", host="127.0.0.1", port=1, username="desk", password="x")]
        )[0],
        integration=Integration.objects.bulk_create(
            [Integration(name="Prometheus", kind="alertmanager")]
        )[0],
    )


# --- seeders: `seed(w, n)` adds n rows and returns the texts the list must then show -------


def _group(w) -> Any:
    i = next(w.seq)
    group = factories.SupportGroupFactory(code=f"G{i}", name=f"Group {i}", manager=w.manager)
    group.members.add(w.agent, factories.UserFactory(role=Role.AGENT))
    return group


def _asset(w, **extra) -> Any:
    i = next(w.seq)
    category = factories.AssetCategoryFactory(code=f"C{i}", name=f"Category {i}")
    fields = {"room": w.room, "category": category, "owner": w.requester, "customer_unit": w.unit}
    return factories.AssetFactory(**(fields | extra))


def _published_service(w, **extra) -> Any:
    i = next(w.seq)
    category = factories.ServiceCategoryFactory(code=f"SC{i}", name=f"Service category {i}")
    fields = {
        "code": f"S{i}",
        "name": f"Service {i}",
        "status": ServiceStatus.PUBLISHED,
        "category": category,
        "owner_group": _group(w),
    }
    return factories.ServiceFactory(**(fields | extra))


def _soon(minutes: int = 30) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=minutes)


def seed_tickets(
    w, n: int, *, status: str = "assigned", assigned: bool = True, customer_updated: bool = False
) -> list[str]:
    """Tickets of the requester, each with its own group, catalog item, CI and running
    SLA timers due within the hour (so the breaching queue shows them too);
    `customer_updated`: the requester has replied since an agent last opened them."""
    numbers = []
    for _ in range(n):
        i = next(w.seq)
        group = _group(w)
        ticket = factories.TicketFactory(
            title=f"Printer {i}",
            requester=w.requester,
            customer_unit=w.unit,
            status=status,
            pending_reason="customer" if status == "pending" else "",
            assignment_group=group,
            assignee=w.agent if assigned else None,
            catalog_item=factories.CatalogItemFactory(service=w.service, assignment_group=group),
            asset=_asset(w),
            priority=1 + i % 5,
            opened_by=w.agent,
            customer_updated_at=timezone.now() if customer_updated else None,
        )
        start_timers(ticket)
        numbers.append(ticket.number)
    SLATimer.objects.filter(state=TimerState.RUNNING).update(due_at=_soon(), warn_at=_soon(0))
    return numbers


def seed_timeline(w, n: int, shows: str = "all") -> list[str]:
    """Replies, work notes, changes and files on the base ticket, each by another agent, who
    also joins the ticket's group (the ticket page lists its members). `shows`: which of
    them the list shows (comments, history, attachments or all)."""
    texts = []
    for _ in range(n):
        i = next(w.seq)
        author = factories.UserFactory(role=Role.AGENT, display_name=f"Agent {i}")
        w.group.members.add(author)
        Comment.objects.create(ticket=w.ticket, author=author, body=f"Reply {i}")
        Comment.objects.create(ticket=w.ticket, author=author, body=f"Note {i}", internal=True)
        TicketEvent.objects.create(
            ticket=w.ticket,
            actor=author,
            kind="field",
            field="title",
            old_value="",
            new_value=f"Change {i}",
        )
        Attachment.objects.create(
            ticket=w.ticket,
            uploaded_by=author,
            file=f"attachments/{w.ticket.pk}/{i}.txt",
            original_name=f"log{i}.txt",
            content_type="text/plain",
            size=5,
        )
        texts += {
            "comments": [f"Reply {i}"],
            "history": [f"Change {i}"],
            "attachments": [f"log{i}.txt"],
            "all": [f"Reply {i}", f"Change {i}", f"log{i}.txt", author.display_name],
        }[shows]
    return texts


def seed_ticket_page(w, n: int) -> list[str]:
    """The ticket page: its timeline, its surveys (one per resolution, with a follow-up by
    a manager) and the requester's other tickets (the eight latest are listed)."""
    texts = seed_timeline(w, n)
    for _ in range(n):
        i = next(w.seq)
        survey = factories.SurveyFactory(
            ticket=w.ticket,
            resolution=i,
            status=SurveyStatus.ANSWERED,
            rating=1,
            comment=f"Slow {i}",
            responded_at=timezone.now(),
        )
        factories.FollowUpFactory(survey=survey, manager=factories.UserFactory(role=Role.MANAGER))
        factories.TicketFactory(
            requester=w.requester, assignment_group=_group(w), assignee=w.agent, status="assigned"
        )
        texts.append(f"Slow {i}")
    return texts


def seed_timers(w, n: int) -> list[str]:
    """The base ticket's SLA timers: at most one per kind, so the sizes are one and two."""
    have = set(SLATimer.objects.filter(ticket=w.ticket).values_list("kind", flat=True))
    now = timezone.now()
    for kind in [k for k in TimerKind.values if k not in have][:n]:
        timer = SLATimer(
            ticket=w.ticket,
            kind=kind,
            policy=w.policy,
            calendar=w.calendar,
            target_minutes=60,
            warn_at_percent=75,
            started_at=now,
            running_since=now,
        )
        project(timer)
        timer.save()
    return [
        f'"kind": "{k}"'
        for k in SLATimer.objects.filter(ticket=w.ticket).values_list("kind", flat=True)
    ]


def seed_users(w, n: int) -> list[str]:
    names = []
    for _ in range(n):
        i = next(w.seq)
        unit = factories.CustomerUnitFactory(code=f"U{i}")
        user = factories.UserFactory(username=f"person{i}", role=Role.AGENT, customer_unit=unit)
        _group(w).members.add(user)
        names.append(user.username)
    return names


def seed_groups(w, n: int) -> list[str]:
    return [_group(w).code for _ in range(n)]


def seed_units(w, n: int) -> list[str]:
    codes = []
    for _ in range(n):
        codes.append(factories.CustomerUnitFactory(code=f"U{next(w.seq)}").code)
    return codes


def seed_buildings(w, n: int) -> list[str]:
    names = []
    for _ in range(n):
        i = next(w.seq)
        building = factories.BuildingFactory(code=f"{10 + i:02d}", name=f"Building {i}")
        factories.RoomFactory(building=building, code="0101", name=f"Room {i}")
        names.append(building.name)
    return names


def seed_rooms(w, n: int) -> list[str]:
    names = []
    for _ in range(n):
        i = next(w.seq)
        room = factories.RoomFactory(building=w.building, code=f"{1000 + i:04d}", name=f"Room {i}")
        _asset(w, room=room)
        names.append(room.name)
    return names


def seed_locations(w, n: int) -> list[str]:
    """Buildings with a room each, and device categories with an item each."""
    return seed_buildings(w, n) + seed_categories(w, n)


def seed_categories(w, n: int) -> list[str]:
    return [_asset(w).category.name for _ in range(n)]


def seed_assets(w, n: int) -> list[str]:
    """CIs of the requester in the base room, each with its own category."""
    return [_asset(w).tag for _ in range(n)]


def seed_dependents(w, n: int) -> list[str]:
    """Items that depend on the base CI, each used by a service of its own."""
    tags = []
    for _ in range(n):
        dependent = _asset(w)
        AssetRelation.objects.create(source=dependent, target=w.asset, kind="depends_on")
        _published_service(w).assets.add(dependent)
        tags.append(dependent.tag)
    return tags


def seed_relations(w, n: int) -> list[str]:
    ids = []
    for _ in range(n):
        relation = AssetRelation.objects.create(source=_asset(w), target=_asset(w), kind="runs_on")
        ids.append(f'"source": {relation.source_id}')
    return ids


def seed_asset_page(w, n: int) -> list[str]:
    """The base CI's relations both ways, its changes, its dependents, its tickets (the
    page shows the most recent: the newest must be there)."""
    texts = []
    for _ in range(n):
        i = next(w.seq)
        AssetRelation.objects.create(source=w.asset, target=_asset(w), kind="connected_to")
        texts += seed_dependents(w, 1)
        w.asset.name = f"Renamed {i}"
        w.asset._history_user = factories.UserFactory(role=Role.AGENT)
        w.asset.save()
        texts.append(f"Renamed {i}")
        ticket = factories.TicketFactory(
            asset=w.asset,
            title=f"Fault on the CI {i}",
            assignment_group=factories.SupportGroupFactory(),
            assignee=factories.UserFactory(role=Role.AGENT),
        )
    return [*texts, ticket.title]


def seed_service_categories(w, n: int) -> list[str]:
    return [_published_service(w).category.name for _ in range(n)]


def seed_services(w, n: int) -> list[str]:
    """Services with a category, an owner group, two CIs, an item and a ticked criterion."""
    criterion = AdmissionCriterion.objects.get(code="runbook")
    codes = []
    for _ in range(n):
        service = _published_service(w)
        service.assets.add(_asset(w), _asset(w))
        factories.CatalogItemFactory(service=service, assignment_group=service.owner_group)
        AdmissionTick.objects.create(service=service, criterion=criterion, done_by=w.manager)
        codes.append(service.code)
    return codes


def seed_items(w, n: int) -> list[str]:
    """Catalog items, each of its own published service, with an assignment group."""
    names = []
    for _ in range(n):
        i = next(w.seq)
        item = factories.CatalogItemFactory(
            service=_published_service(w), name=f"Request {i}", assignment_group=_group(w)
        )
        names.append(item.name)
    return names


def seed_service_page(w, n: int) -> list[str]:
    """The base service's items (with groups) and its lifecycle transitions."""
    names = []
    for _ in range(n):
        i = next(w.seq)
        item = factories.CatalogItemFactory(
            service=w.service, name=f"Request {i}", assignment_group=_group(w)
        )
        ServiceTransition.objects.create(
            service=w.service,
            from_status="review",
            to_status="published",
            actor=factories.UserFactory(role=Role.MANAGER),
            reason=f"Reason {i}",
        )
        names.append(item.name)
    return names


def seed_calendars(w, n: int) -> list[str]:
    return [
        factories.BusinessCalendarFactory(name=f"Calendar {next(w.seq)}").name for _ in range(n)
    ]


def seed_policies(w, n: int, calendar: Callable | None = None) -> list[str]:
    """Policies, each with a calendar, a service, a customer unit and an escalation group."""
    names = []
    for _ in range(n):
        i = next(w.seq)
        policy = factories.SLAPolicyFactory(
            name=f"Policy {i}",
            calendar=calendar(w) if calendar else factories.BusinessCalendarFactory(),
            service=_published_service(w),
            customer_unit=factories.CustomerUnitFactory(code=f"U{i}"),
            escalation_group=_group(w),
        )
        names.append(policy.name)
    return names


def _answered_survey(w, *, group=None, assignee=None, service=None, sent_at=None, rating=2):
    ticket = factories.TicketFactory(
        status="resolved",
        requester=factories.UserFactory(),
        assignment_group=group or w.group,
        assignee=assignee or w.agent,
        catalog_item=w.item,
    )
    now = timezone.now()
    return factories.SurveyFactory(
        ticket=ticket,
        service=service or w.service,
        status=SurveyStatus.ANSWERED,
        rating=rating,
        sent_at=sent_at or now,
        responded_at=sent_at or now,
    )


def seed_approvals(w, n: int, overdue: bool = False) -> list[str]:
    """Tickets awaiting approval, each from an item of its own group, with a pending request
    to the agent (due in an hour, or an hour ago: `overdue`)."""
    from approvals.models import Approval

    numbers = []
    due = timezone.now() + dt.timedelta(hours=-1 if overdue else 1)
    for _ in range(n):
        i = next(w.seq)
        group = _group(w)
        ticket = factories.TicketFactory(
            title=f"Laptop {i}",
            requester=w.requester,
            status="awaiting_approval",
            approval_state="pending",
            assignment_group=None,
            catalog_item=factories.CatalogItemFactory(service=w.service, assignment_group=group),
            form_data={},
        )
        Approval.objects.create(ticket=ticket, step=1, approver=w.agent, due_at=due)
        numbers.append(ticket.number)
    return numbers


def seed_surveys(w, n: int) -> list[str]:
    """Answered surveys of the agent's group, each with a follow-up."""
    numbers = []
    for _ in range(n):
        survey = _answered_survey(w, rating=1)
        factories.FollowUpFactory(survey=survey)
        numbers.append(survey.ticket.number)
    return numbers


def seed_csat(w, n: int, by: str = "group") -> list[str]:
    """Answered surveys, each of another group, agent, service and month (going back a month
    each): one CSAT row each whatever the grouping."""
    labels = []
    start = timezone.now().replace(day=15)
    for _ in range(n):
        i = next(w.seq)
        sent = start - dt.timedelta(days=31 * i)
        agent = factories.UserFactory(role=Role.AGENT, display_name=f"Agent {i}")
        group = _group(w)
        service = _published_service(w)
        _answered_survey(w, group=group, assignee=agent, service=service, sent_at=sent)
        label = {
            "group": group.name,
            "agent": agent.display_name,
            "service": service.name,
            "month": timezone.localtime(sent).strftime("%Y-%m"),
        }
        labels.append(label[by])
    return labels


def seed_follow_ups(w, n: int, done: bool = False) -> list[str]:
    """Follow-ups of low ratings, each of another group; `done`: completed by a manager."""
    numbers = []
    for _ in range(n):
        group = _group(w)
        survey = _answered_survey(w, group=group, rating=1)
        extra = {}
        if done:
            extra = {
                "status": "done",
                "done_by": factories.UserFactory(role=Role.MANAGER),
                "done_at": timezone.now(),
                "action_taken": "Called back",
            }
        factories.FollowUpFactory(survey=survey, group=group, manager=w.manager, **extra)
        numbers.append(survey.ticket.number)
    return numbers


def seed_rules(w, n: int) -> list[str]:
    """Survey rules, alternately for a service and a catalog item."""
    texts = []
    for k in range(n):
        if k % 2:
            item = factories.CatalogItemFactory(
                service=_published_service(w), name=f"Request {next(w.seq)}"
            )
            rule = SurveyRule.objects.create(catalog_item=item, delay_minutes=5)
        else:
            rule = SurveyRule.objects.create(service=_published_service(w), delay_minutes=5)
        texts.append(str(rule))
    return texts


def seed_rules_api(w, n: int) -> list[str]:
    seed_rules(w, n)
    return [f'"id": {pk}' for pk in SurveyRule.objects.values_list("pk", flat=True)]


def seed_audit(w, n: int) -> list[str]:
    """n rounds of changes by an admin to one object of each audited kind: FK and member
    changes included, so every entry names related objects."""
    texts = []
    for _ in range(n):
        i = next(w.seq)
        actor = factories.UserFactory(role=Role.ADMIN)
        group = _group(w)
        calendar = factories.BusinessCalendarFactory(name=f"Calendar {i}")
        changes = [
            (w.requester, "display_name", f"Person {i}"),
            (w.group, "manager", factories.UserFactory(role=Role.MANAGER)),
            (w.unit, "name", f"Unit {i}"),
            (w.service_category, "name", f"Category {i}"),
            (w.service, "owner_group", group),
            (w.item, "assignment_group", group),
            (AdmissionCriterion.objects.get(code="runbook"), "label", f"Runbook {i}"),
            (w.calendar, "name", f"Office {i}"),
            (w.policy, "calendar", calendar),
            (w.rule, "delay_minutes", 5 + i),
            (ResolutionCode.objects.order_by("code").first(), "label", f"Fixed {i}"),
        ]
        for obj, name, value in changes:
            setattr(obj, name, value)
            obj._history_user = actor
            obj.save()
        w.group.members.add(factories.UserFactory(role=Role.AGENT))
        texts = [f"Person {i}", f"Office {i}", calendar.name]  # newest first: the last round
    return texts


def seed_people(w, n: int) -> list[str]:
    """Callers the desk looks up by name."""
    return [
        factories.UserFactory(
            display_name=f"Caller {next(w.seq)}", customer_unit=factories.CustomerUnitFactory()
        ).display_name
        for _ in range(n)
    ]


def seed_memberships(w, n: int) -> list[str]:
    """The requester's support groups (the profile page lists them with their managers)."""
    names = []
    for _ in range(n):
        group = _group(w)
        group.manager = factories.UserFactory(role=Role.MANAGER)
        group.save()
        group.members.add(w.requester)
        names.append(group.name)
    return names


def seed_portal_categories(w, n: int) -> list[str]:
    """Items of published services in their own categories: the portal lists categories."""
    seed_items(w, n)
    return [
        c.name
        for c in ServiceCategory.objects.filter(services__status=ServiceStatus.PUBLISHED).distinct()
    ]


def seed_room_items(w, n: int) -> list[str]:
    """Machines of the base room, each with its own owner and category."""
    return [
        _asset(w, owner=factories.UserFactory(), customer_unit=factories.CustomerUnitFactory()).name
        for _ in range(n)
    ]


def seed_calendar_policies(w, n: int) -> list[str]:
    return seed_policies(w, n, calendar=lambda w: w.calendar)


def seed_choices(w, n: int, shows: tuple[str, ...] = ()) -> list[str]:
    """What forms offer in their drop-downs: calendars, published services with an active
    item, customer units, groups, service categories. `shows`: the kinds the form lists."""
    texts = []
    for _ in range(n):
        i = next(w.seq)
        category = factories.ServiceCategoryFactory(code=f"SC{i}", name=f"Choice category {i}")
        group = factories.SupportGroupFactory(code=f"G{i}", name=f"Choice group {i}")
        service = factories.ServiceFactory(
            code=f"S{i}",
            name=f"Choice service {i}",
            status=ServiceStatus.PUBLISHED,
            category=category,
            owner_group=group,
        )
        item = factories.CatalogItemFactory(
            service=service, name=f"Choice item {i}", assignment_group=group
        )
        unit = factories.CustomerUnitFactory(code=f"U{i}", name=f"Choice unit {i}")
        calendar = factories.BusinessCalendarFactory(name=f"Choice calendar {i}")
        labels = {
            "category": category.name,
            "group": group.name,
            "service": service.name,
            "item": item.name,
            "unit": unit.name,
            "calendar": calendar.name,
        }
        texts += [labels[kind] for kind in shows]
    return texts


def seed_mailboxes(w, n: int) -> list[str]:
    names = []
    for _ in range(n):
        i = next(w.seq)
        Mailbox.objects.create(
            name=f"Mailbox {i}",
            host="imap.example.com",
            username=f"desk{i}",
            password="x",
            assignment_group=_group(w),
            catalog_item=w.item,
        )
        names.append(f"Mailbox {i}")
    return names


def seed_integrations(w, n: int) -> list[str]:
    names = []
    for _ in range(n):
        i = next(w.seq)
        Integration.objects.create(
            name=f"Integration {i}",
            kind="generic",
            token_hash=f"{i:064d}",
            assignment_group=_group(w),
            catalog_item=w.item,
        )
        names.append(f"Integration {i}")
    return names


def seed_inbound_mail(w, n: int) -> list[str]:
    subjects = []
    for _ in range(n):
        i = next(w.seq)
        ticket = factories.TicketFactory(requester=w.requester, title=f"Mail {i}")
        InboundMessage.objects.create(
            mailbox=w.mailbox,
            message_id=f"<m{i}@example.com>",
            sender="a@example.com",
            subject=f"Mail subject {i}",
            outcome="created",
            ticket=ticket,
        )
        subjects.append(f"Mail subject {i}")
    return subjects


def seed_alerts(w, n: int) -> list[str]:
    titles = []
    for _ in range(n):
        i = next(w.seq)
        ticket = factories.TicketFactory(requester=w.requester, title=f"Alert {i}")
        AlertThread.objects.create(
            source="zabbix",
            key=f"k{i}",
            integration=w.integration,
            ticket=ticket,
            asset=w.asset,
            title=f"Alert title {i}",
            severity="major",
        )
        titles.append(f"Alert title {i}")
    return titles


def seed_reported(w, n: int, rows: bool = True) -> list[str]:
    """What reports read: opened, running and resolved tickets (half of them resolved). The
    open ones breach within the hour, so the live view lists them; the dashboard and the
    summary show figures, not these rows (`rows=False`)."""
    numbers = seed_tickets(w, n - n // 2)
    seed_tickets(w, n // 2, status="resolved")
    return numbers if rows else []


def _base_plan(w) -> Any:
    """The plan the plan pages show (made once per test)."""
    if getattr(w, "plan", None) is None:
        w.plan = factories.MaintenancePlanFactory(
            name="Base plan",
            catalog_item=w.item,
            assignment_group=w.group,
            calendar=w.calendar,
            owner=w.manager,
            recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
        )
        w.plan.assets.add(w.asset)
    return w.plan


MARCH = {"from": "2027-03-01", "to": "2027-03-31"}


def seed_plans(w, n: int, *, with_asset: bool = False) -> list[str]:
    """Maintenance plans, each with its own group, calendar, item, CIs and an opened
    occurrence (ticket); all fall on 2027-03-15, a Monday (the windows of MARCH)."""
    names = []
    for _ in range(n):
        i = next(w.seq)
        group = _group(w)
        plan = factories.MaintenancePlanFactory(
            name=f"Plan {i}",
            recurrence="FREQ=MONTHLY;BYMONTHDAY=15",
            catalog_item=factories.CatalogItemFactory(service=w.service, assignment_group=group),
            assignment_group=group,
            calendar=factories.BusinessCalendarFactory(name=f"Plan calendar {i}"),
            owner=w.manager,
        )
        plan.assets.add(_asset(w), *([w.asset] if with_asset else []))
        day = dt.date(2027, 3, 15)
        start = timezone.make_aware(dt.datetime(2027, 3, 15, 20))
        Occurrence.objects.create(
            plan=plan,
            original_date=day,
            date=day,
            window_start_at=start,
            window_end_at=start + dt.timedelta(hours=2),
            ticket=factories.TicketFactory(
                requester=w.manager, assignment_group=group, status="assigned"
            ),
        )
        names.append(plan.name)
    return names


def seed_plan_page(w, n: int) -> list[str]:
    """The base plan's opened occurrences (the twelve latest are listed) and its CIs."""
    plan = _base_plan(w)
    texts = []
    for _ in range(n):
        i = next(w.seq)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=i)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(20)))
        ticket = factories.TicketFactory(requester=w.manager, title=f"Planned {i}")
        Occurrence.objects.create(
            plan=plan,
            original_date=day,
            date=day,
            window_start_at=start,
            window_end_at=start + dt.timedelta(hours=2),
            ticket=ticket,
        )
        asset = _asset(w)
        plan.assets.add(asset)
        texts.append(asset.tag)
    return [*texts, ticket.number]


def seed_plan_choices(w, n: int) -> list[str]:
    _base_plan(w)
    return seed_choices(w, n, shows=("item", "group", "calendar"))


def seed_occurrence_dates(w, n: int) -> list[str]:
    """More dates from the base plan's rule (daily, kept on any day): computed, not rows."""
    plan = _base_plan(w)
    w.dates = getattr(w, "dates", 0) + n
    plan.recurrence = f"FREQ=DAILY;COUNT={w.dates}"
    plan.start_date = dt.date(2027, 3, 1)
    plan.on_non_working_day = "keep"
    plan.save()
    return [(plan.start_date + dt.timedelta(days=i)).isoformat() for i in range(w.dates)]


def seed_tasks(w, n: int) -> list[str]:
    """Checklist tasks of the base ticket, each ticked by another agent."""
    texts = []
    for _ in range(n):
        i = next(w.seq)
        who = factories.UserFactory(role=Role.AGENT, display_name=f"Ticker {i}")
        w.ticket.tasks.create(
            order=i, text=f"Step {i}", done=True, done_by=who, done_at=timezone.now()
        )
        texts += [f"Step {i}", f"Ticker {i}"]
    return texts


def _article(w):
    if not hasattr(w, "article"):
        w.article = factories.ArticleFactory(title="The article", author=w.agent)
        w.article.services.add(w.service)
    return w.article


def seed_articles(w, n: int, **extra) -> list[str]:
    """Published public articles with their services, items, translations, votes."""
    titles = []
    for _ in range(n):
        i = next(w.seq)
        article = factories.ArticleFactory(
            title=f"VPN article {i}", author=w.agent, tags=["vpn"], tags_text="vpn", **extra
        )
        article.services.add(w.service)
        factories.ArticleFactory(
            title=f"Translation {i}", language="zh-hans", translation_of=article, status="draft"
        )
        titles.append(article.title)
    return titles


def seed_article_choices(w, n: int) -> list[str]:
    """The article form's drop-downs (services, items) for an existing article."""
    _article(w)
    return seed_choices(w, n, shows=("service", "item"))


def seed_article_page(w, n: int) -> list[str]:
    """An article's page: its versions, history and linked tickets."""
    from knowledge.models import ArticleEvent, ArticleVersion, TicketArticle

    article = _article(w)
    numbers = []
    for _ in range(n):
        i = next(w.seq)
        ArticleVersion.objects.create(
            article=article,
            number=i,
            title=f"v{i}",
            body="",
            published_by=w.manager,
            published_at=timezone.now(),
        )
        ArticleEvent.objects.create(article=article, actor=w.agent, kind="edited")
        ticket = factories.TicketFactory(requester=w.requester)
        TicketArticle.objects.create(ticket=ticket, article=article, linked_by=w.agent)
        numbers.append(ticket.number)
    return numbers


def seed_article_versions(w, n: int) -> list[str]:
    from knowledge.models import ArticleVersion

    article = _article(w)
    names = []
    for _ in range(n):
        i = next(w.seq)
        ArticleVersion.objects.create(
            article=article,
            number=i,
            title=f"Version title {i}",
            body="",
            published_by=w.manager,
            published_at=timezone.now(),
        )
        names.append(f"Version title {i}")
    return names


def seed_ticket_articles(w, n: int) -> list[str]:
    """Tickets, each linked to an article (ticket.articles[])."""
    from knowledge.models import TicketArticle

    numbers = seed_tickets(w, n)
    from incidents.models import Ticket

    for ticket in Ticket.objects.filter(number__in=numbers):
        article = factories.ArticleFactory(author=w.agent)
        TicketArticle.objects.create(ticket=ticket, article=article, linked_by=w.agent)
    return numbers


# --- the tables ---------------------------------------------------------------------------


# Lists of tickets load their SLA timers, then the timers' calendars and policies: two
# queries whatever the number of rows (sla.queries.prefetch_timers).
TIMERS = 2


@dataclass(frozen=True)
class Route:
    """One list: the schema path (API) or URL name (page), its reader, its rows, its budget."""

    key: str
    who: str  # requester, agent, manager or admin
    seed: Callable[[SimpleNamespace, int], list[str]]
    budget: int  # the most queries the list may cost, whatever its size
    params: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)  # {"id": "ticket"}: path parameters
    htmx: bool = False
    sizes: tuple[int, int] = (SMALL, LARGE)  # rows before the first and the second count
    label: str = ""

    @property
    def is_api(self) -> bool:
        return self.key.startswith("/api/")

    @property
    def id(self) -> str:
        query = ",".join(
            f"{k}={getattr(v, '__name__', v)}" for k, v in self.params.items() if k != "page_size"
        )
        text = self.key + (f"?{query}" if query else "") + (" htmx" if self.htmx else "")
        if self.label == "as":
            return f"{text} as {self.who}"
        return f"{text} [{self.label}]" if self.label else text

    def url(self, w) -> str:
        if self.is_api:
            path = self.key
            for name, ref in self.args.items():
                path = path.replace("{" + name + "}", str(getattr(w, ref).pk))
            return path
        return reverse(self.key, kwargs={k: getattr(w, ref).pk for k, ref in self.args.items()})


ALL = {"page_size": 200}
FIGURES = partial(seed_reported, rows=False)
TICKET = {"id": "ticket"}

# Budgets are today's counts (the same on SQLite and PostgreSQL): a list that needs one more
# query is a change to look at, then to write down here. API lists: the token, the count,
# the page, then one query per prefetched relation.
API_LISTS = [
    # accounts
    Route("/api/v1/users/", "agent", seed_users, 4, ALL),
    Route("/api/v1/groups/", "agent", seed_groups, 4, ALL),
    Route("/api/v1/customer-units/", "agent", seed_units, 3, ALL),
    # CMDB
    Route("/api/v1/buildings/", "agent", seed_buildings, 3, ALL),
    Route("/api/v1/rooms/", "agent", seed_rooms, 3, ALL),
    Route("/api/v1/asset-categories/", "agent", seed_categories, 3, ALL),
    Route("/api/v1/assets/", "agent", seed_assets, 3, ALL),
    Route("/api/v1/assets/", "requester", seed_assets, 3, ALL, label="as"),
    Route("/api/v1/assets/{id}/impact/", "agent", seed_dependents, 6, args={"id": "asset"}),
    # Exports: one more query asks whether a row lies past EXPORT_MAX_ROWS.
    Route("/api/v1/assets/export/", "agent", seed_assets, 3, {"as": "csv"}),
    Route("/api/v1/assets/export/", "agent", seed_assets, 3, {"as": "xlsx"}),
    Route("/api/v1/asset-relations/", "agent", seed_relations, 3, ALL),
    # catalog
    Route("/api/v1/service-categories/", "agent", seed_service_categories, 3, ALL),
    Route("/api/v1/services/", "agent", seed_services, 6, ALL),
    Route("/api/v1/services/", "requester", seed_services, 6, ALL, label="as"),
    Route("/api/v1/catalog-items/", "agent", seed_items, 3, ALL),
    Route("/api/v1/catalog-items/", "requester", seed_items, 3, ALL, label="as"),
    # SLA
    Route("/api/v1/calendars/", "agent", seed_calendars, 3, ALL),
    Route("/api/v1/sla-policies/", "agent", seed_policies, 3, ALL),
    # tickets
    # + one query for the linked knowledge articles (`articles[]`); the API reads its timers
    # and their policies' names only (incidents.queries.tickets_for_api): + 1, not + TIMERS.
    Route("/api/v1/tickets/", "agent", seed_tickets, 6 + 1, ALL),
    Route("/api/v1/tickets/", "requester", seed_tickets, 5 + 1, ALL, label="as"),
    # On PostgreSQL a search first looks up the matching comments (one bounded query).
    Route("/api/v1/tickets/", "agent", seed_tickets, 7 + 1, ALL | {"search": "Printer"}),
    *(
        Route(
            f"/api/v1/tickets/{{id}}/{shows}/",
            who,
            partial(seed_timeline, shows=shows),
            4,
            args=TICKET,
            label="as",
        )
        for shows in ("comments", "attachments", "history")
        for who in ("agent", "requester")
    ),
    Route("/api/v1/tickets/{id}/sla/", "agent", seed_timers, 3 + TIMERS, args=TICKET, sizes=(1, 2)),
    Route("/api/v1/tickets/{id}/tasks/", "agent", seed_tasks, 4, args=TICKET),
    Route("/api/v1/tickets/export/", "agent", seed_tickets, 4 + TIMERS, {"as": "csv"}),
    Route("/api/v1/tickets/export/", "agent", seed_tickets, 4 + TIMERS, {"as": "xlsx"}),
    # satisfaction
    Route("/api/v1/surveys/", "agent", seed_surveys, 4, ALL),
    Route("/api/v1/approvals/", "agent", seed_approvals, 3, ALL),
    Route("/api/v1/approvals/", "agent", seed_approvals, 3, ALL | {"mine": "1"}),
    *(
        Route("/api/v1/surveys/csat/", "manager", partial(seed_csat, by=by), 3, {"by": by})
        for by in ("group", "agent", "service", "month")
    ),
    Route("/api/v1/survey-follow-ups/", "manager", seed_follow_ups, 3, ALL),
    Route(
        "/api/v1/survey-follow-ups/",
        "manager",
        partial(seed_follow_ups, done=True),
        3,
        ALL | {"status": "done"},
    ),
    Route("/api/v1/survey-rules/", "agent", seed_rules_api, 3, ALL),
    # planned maintenance
    Route("/api/v1/maintenance-plans/", "agent", seed_plans, 4, ALL),
    Route(
        "/api/v1/maintenance-plans/{id}/occurrences/",
        "agent",
        seed_occurrence_dates,
        4,
        {"from": "2027-03-01", "to": "2027-06-30"},
        args={"id": "plan"},
    ),
    Route("/api/v1/maintenance-windows/", "agent", seed_plans, 5, ALL | MARCH),
    Route(
        "/api/v1/maintenance-windows/",
        "agent",
        partial(seed_plans, with_asset=True),
        5,
        ALL | MARCH | {"asset": lambda w: w.asset.pk},
        label="asset",
    ),
    # knowledge
    Route("/api/v1/articles/", "agent", seed_articles, 7, ALL),
    Route("/api/v1/articles/", "requester", seed_articles, 7, ALL, label="as"),
    Route("/api/v1/articles/", "agent", seed_articles, 7, ALL | {"search": "VPN"}),
    Route(
        "/api/v1/articles/{id}/versions/", "agent", seed_article_versions, 3, args={"id": "article"}
    ),
    Route(
        "/api/v1/articles/suggest/", "requester", seed_articles, 2, {"q": "VPN 断开"}, sizes=(2, 5)
    ),
    Route("/api/v1/tickets/", "agent", seed_ticket_articles, 6 + 1, ALL, label="articles"),
    # reports, audit (three queries per audited model on the page)
    # +planned work overdue, +approval decisions, +knowledge (deflections, articles published)
    Route("/api/v1/reports/summary/", "manager", FIGURES, 8),
    Route("/api/v1/audit/", "admin", seed_audit, 35, ALL),
    # inbound channels
    Route("/api/v1/mailboxes/", "admin", seed_mailboxes, 3, ALL),
    Route("/api/v1/integrations/", "admin", seed_integrations, 3, ALL),
]

# GET operations of the schema that are not lists, and why.
NOT_API_LISTS = {
    "/api/v1/users/me/": "the signed-in user",
    "/api/v1/assets/next-tag/": "one tag",
    "/api/v1/tickets/{id}/attachments/{attachment_id}/download/": "one file",
}

DESK = {"page_size": 50}


def base_service(w) -> int:
    return w.service.pk


QUEUE_SEEDS = {
    "unassigned": partial(seed_tickets, status="new", assigned=False),
    "pending": partial(seed_tickets, status="pending"),
    "approval": partial(seed_tickets, status="awaiting_approval", assigned=False),
    "customer": partial(seed_tickets, customer_updated=True),
}
# Pages: the session and its user, then the page's own queries. The full desk page also
# reads the agent's groups and managed groups (its assignee filter offers colleagues).
DESK_PAGE = 11 + TIMERS
PAGE_LISTS = [
    # the desk: every queue, every sort, a filter, a search, the htmx partial
    *(
        Route(
            "incidents:desk",
            "agent",
            QUEUE_SEEDS.get(name, seed_tickets),
            DESK_PAGE,
            DESK | {"queue": name},
        )
        for name in QUEUES
    ),
    *(
        Route(
            "incidents:desk",
            "agent",
            seed_tickets,
            DESK_PAGE,
            DESK | {"queue": "all", "sort": sort},
        )
        for sort in [*SORTS, "sla"]
    ),
    Route(
        "incidents:desk",
        "agent",
        seed_tickets,
        DESK_PAGE,
        DESK | {"queue": "all", "status": "assigned", "service": base_service, "sla": "due_soon"},
    ),
    Route(
        "incidents:desk",
        "agent",
        seed_tickets,
        DESK_PAGE + 1,  # the comment lookup, as above
        DESK | {"queue": "all", "search": "Printer"},
    ),
    Route("incidents:desk", "agent", seed_tickets, 6 + TIMERS, DESK | {"queue": "all"}, htmx=True),
    # + the knowledge panel: linked articles, the catalog item's articles, suggested ones.
    Route("incidents:desk-ticket", "agent", seed_ticket_page, 22, args={"pk": "ticket"}),
    Route("incidents:requester-lookup", "agent", seed_people, 3, {"q": "Caller"}, sizes=(3, 10)),
    # the portal
    Route("portal:tickets", "requester", seed_tickets, 5 + TIMERS),
    Route("portal:tickets", "requester", seed_tickets, 5 + TIMERS, {"show": "all"}),
    Route("portal:ticket", "requester", seed_ticket_page, 8, args={"pk": "ticket"}),
    Route("portal:home", "requester", seed_portal_categories, 4),
    Route("portal:home", "requester", seed_items, 3, {"search": "Request"}),
    Route("portal:home", "requester", seed_items, 3, {"search": "Request"}, htmx=True),
    # +1: the delegation form's choice of colleagues (approvals)
    Route("accounts:profile", "requester", seed_memberships, 6),
    # approvals
    Route("approvals:mine", "agent", seed_approvals, 6),
    Route("approvals:overdue", "manager", partial(seed_approvals, overdue=True), 6),
    # CMDB
    Route("assets:list", "agent", seed_assets, 10, ALL),
    Route("assets:list", "agent", seed_assets, 4, ALL | {"search": "D01"}, htmx=True),
    # +tickets, +alerts, +the planned windows of the CI (maintenance)
    Route("assets:detail", "agent", seed_asset_page, 14, args={"pk": "asset"}),
    Route(
        "assets:detail",
        "agent",
        seed_alerts,
        14,
        args={"pk": "asset"},
        sizes=(3, 10),
        label="alerts",
    ),
    Route("assets:room", "agent", seed_room_items, 5, args={"pk": "room"}),
    Route("assets:locations", "agent", seed_locations, 5),
    Route("assets:create", "agent", seed_rooms, 7),
    Route("assets:edit", "agent", seed_rooms, 8, args={"pk": "asset"}),
    # catalog management
    Route("catalog:services", "manager", seed_services, 4),
    Route("catalog:service", "manager", seed_service_page, 7, args={"pk": "service"}),
    # SLA
    Route("sla:overview", "agent", seed_policies, 8),
    Route("sla:calendar", "agent", seed_calendar_policies, 4, args={"pk": "calendar"}),
    # satisfaction
    Route("satisfaction:overview", "manager", seed_csat, 7, {"from": "2000-01-01"}),
    Route(  # the ten oldest open follow-ups
        "satisfaction:overview", "manager", seed_follow_ups, 7, sizes=(3, 10), label="follow-ups"
    ),
    Route("satisfaction:follow-ups", "manager", seed_follow_ups, 4),
    Route(
        "satisfaction:follow-ups",
        "manager",
        partial(seed_follow_ups, done=True),
        4,
        {"status": "done"},
    ),
    Route("satisfaction:rules", "manager", seed_rules, 3),
    # knowledge
    Route("knowledge:home", "requester", seed_articles, 5, sizes=(2, 5)),
    Route("knowledge:home", "requester", seed_articles, 7, {"q": "VPN"}),
    Route("knowledge:manage", "agent", seed_articles, 6, sizes=(3, 12)),
    Route("knowledge:manage", "agent", seed_articles, 6, {"search": "VPN", "status": "published"}),
    Route(
        "knowledge:suggest",
        "requester",
        seed_articles,
        3,
        {"title": "VPN"},
        htmx=True,
        sizes=(2, 5),
    ),
    Route("knowledge:edit", "agent", seed_article_choices, 9, args={"pk": "article"}),
    Route(
        "knowledge:article", "agent", seed_article_page, 14, args={"pk": "article"}, sizes=(3, 10)
    ),
    # inbound channels
    Route("inbound:mailboxes", "admin", seed_mailboxes, 3),
    Route("inbound:mailbox-edit", "admin", seed_inbound_mail, 6, args={"pk": "mailbox"}),
    Route("inbound:integrations", "admin", seed_integrations, 3),
    Route("inbound:integration-edit", "admin", seed_alerts, 6, args={"pk": "integration"}),
    # forms: their drop-downs are lists too
    *(
        Route(name, who, partial(seed_choices, shows=shows), budget, args=args)
        for name, who, shows, budget, args in [
            ("catalog:service-create", "manager", ("category", "group"), 6, {}),
            ("catalog:service-edit", "manager", ("category", "group"), 7, {"pk": "service"}),
            # +1 each: the approval steps builder's people (approvals/_item_steps.html)
            ("catalog:item-create", "manager", ("service", "group"), 7, {}),
            ("catalog:item-edit", "manager", ("service", "group"), 8, {"pk": "item"}),
            ("satisfaction:rule-create", "manager", ("service", "item"), 6, {}),
            ("knowledge:create", "agent", ("service", "item"), 6, {}),
            ("inbound:mailbox-create", "admin", ("group", "item"), 6, {}),
            ("inbound:integration-create", "admin", ("group", "item"), 6, {}),
            ("satisfaction:rule-edit", "manager", ("service", "item"), 8, {"pk": "rule"}),
            ("sla:policy-create", "manager", ("calendar", "service", "unit", "group"), 10, {}),
            (
                "sla:policy-edit",
                "manager",
                ("calendar", "service", "unit", "group"),
                11,
                {"pk": "policy"},
            ),
            # + the resolution codes of "solved on first contact"
            ("incidents:quick-log", "agent", ("item",), 5, {}),
        ]
    ),
    # planned maintenance
    Route("maintenance:calendar", "agent", seed_plans, 8, {"date": "2027-03-15"}),
    Route("maintenance:calendar", "agent", seed_plans, 8, {"date": "2027-03-15", "view": "week"}),
    Route("maintenance:plans", "agent", seed_plans, 6),
    Route("maintenance:plan", "agent", seed_plan_page, 7, args={"pk": "plan"}),
    Route("maintenance:plan-new", "manager", seed_plan_choices, 8),
    Route("maintenance:plan-edit", "manager", seed_plan_choices, 9, args={"pk": "plan"}),
    # reports (the current and the previous period), audit
    # the roll-up: per period, what is to be rebuilt and the live hour in one query, then
    # the sums (tiles, tickets by channel, planned work); one read for both charts, one per
    # table; +1 planned work overdue (both periods); +2 approvals: the decisions
    # (reports.approval_figures, the breakdown made from them), the manager's overdue
    # approvals count; +8 the knowledge base: deflections and articles published (both
    # periods), the card's four lists.
    Route("reports:dashboard", "manager", FIGURES, 37),
    Route("reports:live", "manager", seed_reported, 7),  # two timer lists: breached, due soon
    # the summary of the month and of the one before: +3 for the new apps' figures
    Route("reports:monthly", "manager", FIGURES, 27),
    Route("audit:log", "admin", seed_audit, 36),
]

# Pages of the URLconf that are not lists, and why.
NOT_LIST_PAGES = {
    "home": "a redirect",
    "healthz": "the health check",
    "favicon": "a static icon",
    "accounts:login": "a form without lists",
    "accounts:logout": "POST",
    "accounts:set_language": "POST",
    "accounts:password_change": "a form without lists",
    "accounts:password_reset": "a form without lists",
    "accounts:password_reset_done": "a message",
    "accounts:password_reset_confirm": "a form without lists",
    "accounts:password_reset_complete": "a message",
    "assets:check-tag": "htmx: one tag",
    "inbound:mailbox-test": "POST",
    "inbound:mailbox-poll": "POST",
    "inbound:integration-rotate": "POST",
    "assets:next-tag": "htmx: one tag",
    "assets:import": "a form without lists",
    "assets:import-template": "a fixed file",
    "assets:relation-add": "POST",
    "assets:relation-delete": "POST",
    "portal:item": "one item's form",
    "catalog:transition": "POST",
    "catalog:tick": "POST",
    "catalog:schema-preview": "POST",
    "portal:ticket-new": "a form without lists",
    "incidents:act": "POST",
    "incidents:comment": "POST",
    "incidents:attach": "POST",
    "incidents:bulk-assign": "POST",
    "incidents:desk-edit": "POST",
    "incidents:tick-task": "POST",
    "maintenance:plan-delete": "POST",
    "satisfaction:survey": "one survey (public)",
    "satisfaction:survey-thanks": "one survey (public)",
    "satisfaction:follow-up": "one follow-up",
    "sla:calendar-create": "a form without lists",
    "sla:calendar-edit": "a form without lists",
    "sla:calendar-holidays": "POST",
    "approvals:decide": "one approval request",
    "approvals:preview": "POST",
    "approvals:delegation": "POST",
    "knowledge:feedback": "POST",
    "knowledge:solved": "POST",
    "knowledge:image": "one file",
    "knowledge:upload-image": "POST",
    "knowledge:act": "POST",
    "knowledge:from-ticket": "POST",
    "knowledge:link": "POST",
}


# --- the tests ----------------------------------------------------------------------------


def _client(w, route: Route):
    user = getattr(w, route.who)
    client = APIClient()
    if route.is_api:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    else:
        client.force_login(user)
    return client


def _get(client, w, route: Route):
    headers = {"HX-Request": "true"} if route.htmx else {}
    params = {k: v(w) if callable(v) else v for k, v in route.params.items()}
    response = client.get(route.url(w), params, headers=headers)
    if response.streaming:
        # Exports stream: read them here, so the queries they run while sent are counted.
        response.body = response.getvalue()
    return response


def _body(response) -> bytes:
    return response.body if response.streaming else response.content


def _text(response) -> str:
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind:
        sheet = load_workbook(io.BytesIO(_body(response))).active
        return "\n".join(" ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    if "json" in kind:
        return json.dumps(response.json(), ensure_ascii=False)
    return _body(response).decode()


def _shape(sql: str) -> str:
    """A query without its values: the same query for other rows has the same shape."""
    return re.sub(r"IN \((N, )*N\)", "IN (...)", re.sub(r"'[^']*'|\b\d+\b", "N", sql))


def _count(client, w, route: Route) -> tuple[Counter, Any]:
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, w, route)
    assert response.status_code == 200, (route.id, response.status_code, _body(response)[:300])
    return Counter(_shape(q["sql"]) for q in queries.captured_queries), response


def _check(w, route: Route) -> None:
    client = _client(w, route)
    first, more = route.sizes
    route.seed(w, first)
    _get(client, w, route)  # warm the caches a real process has warm
    few, _response = _count(client, w, route)
    shown = route.seed(w, more - first)
    many, response = _count(client, w, route)
    text = _text(response)
    missing = [t for t in shown if t not in text]
    assert missing == [], f"{route.id}: rows not on the list: {missing[:5]}"
    if many.total() != few.total():
        grown = "\n".join(f"{n} × {sql[:600]}" for sql, n in (many - few).items())
        pytest.fail(
            f"{route.id}: {few.total()} queries for {first} rows, {many.total()} for {more}; "
            f"more of:\n{grown}"
        )
    assert many.total() <= route.budget, f"{route.id}: {many.total()} queries > {route.budget}"


@pytest.mark.parametrize("route", API_LISTS, ids=lambda r: r.id)
def test_list_endpoint_queries_do_not_grow_with_rows(w, route):
    _check(w, route)


@pytest.mark.parametrize("route", PAGE_LISTS, ids=lambda r: r.id)
def test_list_page_queries_do_not_grow_with_rows(w, route):
    _check(w, route)


# --- every list has a row -----------------------------------------------------------------


def _get_operations() -> dict[str, dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {path: ops["get"] for path, ops in schema["paths"].items() if "get" in ops}


def _is_list(operation: dict) -> bool:
    content = operation["responses"].get("200", {}).get("content", {})
    for kind, body in content.items():
        shape = body.get("schema", {})
        if shape.get("type") == "array" or shape.get("$ref", "").startswith(
            "#/components/schemas/Paginated"
        ):
            return True
        if kind == "text/csv":  # an export: the whole filtered list
            return True
    return False


def test_every_list_endpoint_of_the_schema_has_a_row():
    operations = _get_operations()
    rows = {r.key for r in API_LISTS}
    lists = {path for path, op in operations.items() if _is_list(op)}
    assert sorted(lists - rows) == [], "list endpoints without a query-count row"
    unclassified = (
        set(operations)
        - rows
        - set(NOT_API_LISTS)
        - {p for p in operations if p.rstrip("/").endswith("}") and p not in lists}
    )
    assert sorted(unclassified) == [], "GET endpoints neither counted nor said not to be lists"
    assert sorted(rows - set(operations)) == [], "rows for endpoints the API no longer has"
    assert sorted(set(NOT_API_LISTS) & lists) == [], "these are lists: give them a row"


def _url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in ("api", "admin"):
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= _url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_page_has_a_row_or_a_reason():
    pages = _url_names(get_resolver().url_patterns)
    rows = {r.key for r in PAGE_LISTS}
    assert sorted(pages - rows - set(NOT_LIST_PAGES)) == [], "pages without a row or a reason"
    assert sorted((rows | set(NOT_LIST_PAGES)) - pages) == [], "rows for pages no longer there"
    assert sorted(rows & set(NOT_LIST_PAGES)) == [], "a page is either a list or not"
