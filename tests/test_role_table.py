"""The role table of docs/api.md as data: every endpoint × every role × every method.

Each row names an operation of the OpenAPI schema (method, path), how to call it, and the
status each of seven people gets: anonymous, the requester, another requester, an agent of
the ticket's group, an agent of another group, the group's manager and an admin. Writes
that must fail are checked to change nothing (every row of every product table is the
same before and after). An endpoint of the schema without a row fails the suite.

Every call runs in a savepoint rolled back afterwards, so each person meets the same world.
"""

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from catalog.models import AdmissionCriterion
from inbound.models import Integration, Mailbox
from incidents.defaults import ensure_resolution_codes
from incidents.models import ResolutionCode
from satisfaction.services import make_token
from tests import factories

pytestmark = pytest.mark.django_db

PEOPLE = (
    "anonymous",
    "requester",
    "other_requester",
    "group_agent",
    "other_agent",
    "manager",
    "admin",
)
METHODS = ("get", "post", "put", "patch", "delete")
PASSWORD = "itsm-demo-2026"


# Rows of statuses in the order of PEOPLE. Names say who may: a row of docs/api.md each.
def row(*statuses: int) -> tuple[int, ...]:
    assert len(statuses) == len(PEOPLE)
    return statuses


# "users, groups, customer units, locations": agents and managers read, admins write.
READ_AGENT = row(401, 403, 403, 200, 200, 200, 200)
CREATE_ADMIN = row(401, 403, 403, 403, 403, 403, 201)
UPDATE_ADMIN = row(401, 403, 403, 403, 403, 403, 200)
DELETE_ADMIN = row(401, 403, 403, 403, 403, 403, 204)
# "catalog, SLA policies, calendars": agents read, managers and admins write.
CREATE_MANAGER = row(401, 403, 403, 403, 403, 201, 201)
UPDATE_MANAGER = row(401, 403, 403, 403, 403, 200, 200)
DELETE_MANAGER = row(401, 403, 403, 403, 403, 204, 204)
ACT_MANAGER = UPDATE_MANAGER
# Readable by anyone signed in (requesters see their own part: the queryset limits them).
READ_ANY = row(401, 200, 200, 200, 200, 200, 200)
# "assets (CMDB)": requesters read what they own, agents and up read/write.
CREATE_AGENT = row(401, 403, 403, 201, 201, 201, 201)
UPDATE_AGENT = row(401, 403, 403, 200, 200, 200, 200)
DELETE_AGENT = row(401, 403, 403, 204, 204, 204, 204)
READ_OWN = row(401, 200, 404, 200, 200, 200, 200)  # the requester's own item
# "act on a ticket": agents of its group, its group's manager, admins; others 403, and the
# other requester cannot even see it (404).
WORK_TICKET = row(401, 403, 404, 200, 403, 200, 200)
# Actions the requester may take on their own ticket (close, reopen, cancel).
REQUESTER_ACTION = row(401, 200, 404, 200, 403, 200, 200)
# Surveys: agents (their groups), managers, admins; requesters 403.
SURVEY_OF_GROUP = row(401, 403, 403, 200, 404, 200, 200)
MANAGERS_ONLY = row(401, 403, 403, 403, 403, 200, 200)
ADMINS_ONLY = row(401, 403, 403, 403, 403, 403, 200)
OPEN_TO_ALL = row(200, 200, 200, 200, 200, 200, 200)


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def world(db) -> World:
    ensure_resolution_codes(ResolutionCode)
    unit = factories.CustomerUnitFactory(code="CU1")
    group = factories.SupportGroupFactory(code="NET")
    other_group = factories.SupportGroupFactory(code="APP")
    people = {
        "anonymous": None,
        "requester": factories.UserFactory(role="requester", customer_unit=unit),
        "other_requester": factories.UserFactory(role="requester"),
        "group_agent": factories.UserFactory(role="agent"),
        "other_agent": factories.UserFactory(role="agent"),
        "manager": factories.UserFactory(role="manager"),
        "admin": factories.UserFactory(role="admin"),
    }
    group.members.add(people["group_agent"])
    other_group.members.add(people["other_agent"])
    group.manager = people["manager"]
    group.save()
    requester = people["requester"]
    w = World(people)
    o = w.objects
    o.update(unit=unit, group=group, other_group=other_group)
    o["spare_unit"] = factories.CustomerUnitFactory(code="CU9")
    o["spare_group"] = factories.SupportGroupFactory(code="SPARE")
    o["spare_user"] = factories.UserFactory(role="requester")
    o["building"] = factories.BuildingFactory(code="01")
    o["spare_building"] = factories.BuildingFactory(code="09", name="Annex")
    o["room"] = factories.RoomFactory(building=o["building"], code="0210")
    o["spare_room"] = factories.RoomFactory(building=o["building"], code="0311", name="Store")
    o["category"] = factories.AssetCategoryFactory(code="PC")
    o["spare_category"] = factories.AssetCategoryFactory(code="PRN", name="Printer")
    o["asset"] = factories.AssetFactory(
        tag="D010210-001", room=o["room"], category=o["category"], owner=requester
    )
    o["other_asset"] = factories.AssetFactory(
        tag="D010210-002", room=o["room"], category=o["category"]
    )
    o["spare_asset"] = factories.AssetFactory(
        tag="D010210-003", room=o["room"], category=o["category"]
    )
    o["relation"] = factories.AssetRelationFactory(
        source=o["other_asset"], target=o["asset"], kind="depends_on"
    )
    o["service_category"] = factories.ServiceCategoryFactory()
    o["spare_service_category"] = factories.ServiceCategoryFactory(code="SW", name="Software")
    o["service"] = factories.ServiceFactory(status="published", owner_group=group)
    o["draft_service"] = factories.ServiceFactory(status="draft", owner_group=group)
    o["review_service"] = factories.ServiceFactory(status="review", owner_group=group)
    o["spare_service"] = factories.ServiceFactory(status="draft")
    o["criterion"] = AdmissionCriterion.objects.create(
        code="OPS_READY", label="Operations ready", kind="manual"
    )
    o["item"] = factories.CatalogItemFactory(service=o["service"], assignment_group=group)
    o["spare_item"] = factories.CatalogItemFactory(service=o["service"])
    o["calendar"] = factories.BusinessCalendarFactory(name="Office")
    o["spare_calendar"] = factories.BusinessCalendarFactory(name="Spare")
    o["policy"] = factories.SLAPolicyFactory(calendar=o["calendar"], name="Default")
    o["spare_policy"] = factories.SLAPolicyFactory(calendar=o["calendar"], name="P1", priority=1)
    o["rule"] = factories.SurveyRuleFactory(service=o["service"])
    # A mailbox on a port where nothing listens: polling it is a 502 for the admin.
    mailbox_values = {"host": "127.0.0.1", "port": 1, "use_ssl": False, "username": "desk"}
    o["mailbox"] = Mailbox.objects.create(name="Desk", password="x", **mailbox_values)
    o["spare_mailbox"] = Mailbox.objects.create(name="Spare", password="x", **mailbox_values)
    o["integration"] = Integration.objects.create(
        name="Prometheus", kind="alertmanager", token_hash="a" * 64
    )
    o["spare_integration"] = Integration.objects.create(
        name="Zabbix", kind="generic", token_hash="b" * 64
    )
    o["spare_rule"] = factories.SurveyRuleFactory(service=o["draft_service"])

    def ticket(status, **extra):
        return factories.TicketFactory(
            requester=requester,
            status=status,
            assignment_group=group,
            assignee=people["group_agent"],
            **extra,
        )

    o["ticket"] = ticket("assigned")
    o["working"] = ticket("in_progress")
    o["pending"] = ticket("pending", pending_reason="customer")
    o["resolved"] = ticket("resolved", resolution_code="fixed")
    # The requester's ticket waiting for the manager's approval (approvals).
    from approvals.models import Approval

    o["approval"] = Approval.objects.create(
        ticket=factories.TicketFactory(
            requester=requester, status="awaiting_approval", approval_state="pending"
        ),
        step=1,
        approver=people["manager"],
    )
    o["attachment"] = o["ticket"].attachments.create(
        file=SimpleUploadedFile("note.txt", b"hello"),
        original_name="note.txt",
        content_type="text/plain",
        size=5,
        uploaded_by=requester,
    )
    o["task"] = o["ticket"].tasks.create(order=1, text="Check the cable")
    o["plan"] = factories.MaintenancePlanFactory(
        catalog_item=o["item"], assignment_group=group, calendar=o["calendar"]
    )
    o["spare_plan"] = factories.MaintenancePlanFactory(
        catalog_item=o["item"], assignment_group=group, calendar=o["calendar"]
    )
    o["survey"] = factories.SurveyFactory(ticket=o["resolved"])
    o["article"] = factories.ArticleFactory(title="VPN drops", author=people["group_agent"])
    o["draft_article"] = factories.ArticleFactory(status="draft", author=people["group_agent"])
    o["review_article"] = factories.ArticleFactory(status="review", author=people["group_agent"])
    o["follow_up"] = factories.FollowUpFactory(
        survey=factories.SurveyFactory(
            ticket=ticket("closed", resolution_code="fixed"),
            status="answered",
            rating=1,
            responded_at=timezone.now(),
        )
    )
    return w


@dataclass(frozen=True)
class Op:
    method: str
    path: str  # the schema's path, with {id} etc.
    expected: tuple[int, ...]
    args: dict = field(default_factory=dict)  # {"id": "ticket"}: object of the world
    body: Any = None  # dict, or a callable(world) -> dict
    query: Any = None
    multipart: bool = False
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)


def _asset_body(w):
    return {"tag": "D010210-009", "name": "New PC", "category": w.category.pk}


def _user_body(w):
    return {"username": "newperson", "password": "Corr3ct-Horse-Battery", "role": "requester"}


def _service_body(w):
    return {"code": "NEWSVC", "name": "New service", "category": w.service_category.pk}


def _item_body(w):
    return {"service": w.service.pk, "name": "New item", "kind": "request"}


WEEK = {d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")} | {
    "sat": [],
    "sun": [],
}


def _policy_body(w):
    return {
        "name": "P2",
        "calendar": w.calendar.pk,
        "priority": 2,
        "response_minutes": 60,
        "resolution_minutes": 480,
        "warn_at_percent": 75,
    }


def _csv(w):
    return {
        "file": SimpleUploadedFile(
            "assets.csv", b"tag,name,category\nD010210-010,Imported PC,PC\n", "text/csv"
        )
    }


def _upload(w):
    return {"file": SimpleUploadedFile("log.txt", b"plain text log", "text/plain")}


def _token_body(w):
    return {"username": w.people["requester"].username, "password": PASSWORD}


def _mailbox_body(w, name="Spare"):
    return {
        "name": name,
        "host": "imap.example.com",
        "port": 993,
        "use_ssl": True,
        "username": "desk@example.com",
        "password": "secret",
    }


def _respond_body(w):
    return {"token": make_token(w.survey), "rating": 5, "comment": "Thanks"}


def _plan_body(w):
    return {
        "name": "UPS test",
        "catalog_item": w.item.pk,
        "assignment_group": w.group.pk,
        "assets": [w.asset.pk],
        "recurrence": "FREQ=MONTHLY;BYDAY=1MO",
        "start_date": "2027-01-01",
        "calendar": w.calendar.pk,
        "window_start": "20:00",
        "window_minutes": 60,
        "checklist": ["Announce", "Test"],
    }


def _png(w):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08"
        b"\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    return {"file": SimpleUploadedFile("shot.png", png, "image/png")}


def _assign_body(w):
    return {"assignment_group": w.group.pk, "assignee": w.people["group_agent"].pk}


OPS: list[Op] = [
    # --- auth and me ---------------------------------------------------------------------
    Op("post", "/api/v1/auth/token/", OPEN_TO_ALL, body=_token_body),
    # Anyone signed in revokes their own token (idempotent: 204 with or without one).
    Op("delete", "/api/v1/auth/token/", row(401, 204, 204, 204, 204, 204, 204)),
    Op("get", "/api/v1/users/me/", READ_ANY),
    Op("patch", "/api/v1/users/me/", READ_ANY, body={"display_name": "Me"}),
    # --- users, groups, customer units: agents read, admins write ---------------------
    Op("get", "/api/v1/users/", READ_AGENT),
    Op("post", "/api/v1/users/", CREATE_ADMIN, body=_user_body),
    Op("get", "/api/v1/users/{id}/", READ_AGENT, {"id": "people.requester"}),
    Op(
        "put",
        "/api/v1/users/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_user"},
        body=lambda w: {"username": w.spare_user.username, "role": "agent"},
    ),
    Op("patch", "/api/v1/users/{id}/", UPDATE_ADMIN, {"id": "spare_user"}, {"role": "agent"}),
    Op("delete", "/api/v1/users/{id}/", DELETE_ADMIN, {"id": "spare_user"}),
    Op("get", "/api/v1/groups/", READ_AGENT),
    Op("post", "/api/v1/groups/", CREATE_ADMIN, body={"code": "NEW", "name": "New group"}),
    Op("get", "/api/v1/groups/{id}/", READ_AGENT, {"id": "group"}),
    Op(
        "put",
        "/api/v1/groups/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_group"},
        {"code": "SPARE", "name": "Renamed"},
    ),
    Op("patch", "/api/v1/groups/{id}/", UPDATE_ADMIN, {"id": "spare_group"}, {"name": "R"}),
    Op("delete", "/api/v1/groups/{id}/", DELETE_ADMIN, {"id": "spare_group"}),
    Op("get", "/api/v1/customer-units/", READ_AGENT),
    Op("post", "/api/v1/customer-units/", CREATE_ADMIN, body={"code": "CU5", "name": "Unit"}),
    Op("get", "/api/v1/customer-units/{id}/", READ_AGENT, {"id": "unit"}),
    Op(
        "put",
        "/api/v1/customer-units/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_unit"},
        {"code": "CU9", "name": "Renamed"},
    ),
    Op(
        "patch",
        "/api/v1/customer-units/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_unit"},
        {"name": "Renamed"},
    ),
    Op("delete", "/api/v1/customer-units/{id}/", DELETE_ADMIN, {"id": "spare_unit"}),
    # --- locations: agents read, admins write ----------------------------------------
    Op("get", "/api/v1/buildings/", READ_AGENT),
    Op("post", "/api/v1/buildings/", CREATE_ADMIN, body={"code": "05", "name": "Lab"}),
    Op("get", "/api/v1/buildings/{id}/", READ_AGENT, {"id": "building"}),
    Op(
        "put",
        "/api/v1/buildings/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_building"},
        {"code": "09", "name": "Annex 2"},
    ),
    Op("patch", "/api/v1/buildings/{id}/", UPDATE_ADMIN, {"id": "spare_building"}, {"name": "A"}),
    Op("delete", "/api/v1/buildings/{id}/", DELETE_ADMIN, {"id": "spare_building"}),
    Op("get", "/api/v1/rooms/", READ_AGENT),
    Op(
        "post",
        "/api/v1/rooms/",
        CREATE_ADMIN,
        body=lambda w: {"building": w.building.pk, "code": "0401", "name": "Lab"},
    ),
    Op("get", "/api/v1/rooms/{id}/", READ_AGENT, {"id": "room"}),
    Op(
        "put",
        "/api/v1/rooms/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_room"},
        lambda w: {"building": w.building.pk, "code": "0311", "name": "Store 2"},
    ),
    Op("patch", "/api/v1/rooms/{id}/", UPDATE_ADMIN, {"id": "spare_room"}, {"name": "S"}),
    Op("delete", "/api/v1/rooms/{id}/", DELETE_ADMIN, {"id": "spare_room"}),
    # --- device categories: reference data of the CMDB; agents read, managers write ----
    Op("get", "/api/v1/asset-categories/", READ_AGENT),
    Op("post", "/api/v1/asset-categories/", CREATE_MANAGER, body={"code": "SRV", "name": "Srv"}),
    Op("get", "/api/v1/asset-categories/{id}/", READ_AGENT, {"id": "category"}),
    Op(
        "put",
        "/api/v1/asset-categories/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_category"},
        {"code": "PRN", "name": "Printers"},
    ),
    Op(
        "patch",
        "/api/v1/asset-categories/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_category"},
        {"name": "P"},
    ),
    Op("delete", "/api/v1/asset-categories/{id}/", DELETE_MANAGER, {"id": "spare_category"}),
    # --- configuration items: requesters read their own, agents and up read/write ------
    Op("get", "/api/v1/assets/", READ_ANY),
    Op("post", "/api/v1/assets/", CREATE_AGENT, body=_asset_body),
    Op("get", "/api/v1/assets/{id}/", READ_OWN, {"id": "asset"}),
    Op(
        "put",
        "/api/v1/assets/{id}/",
        UPDATE_AGENT,
        {"id": "spare_asset"},
        lambda w: {"tag": "D010210-003", "name": "Renamed", "category": w.category.pk},
    ),
    Op("patch", "/api/v1/assets/{id}/", UPDATE_AGENT, {"id": "spare_asset"}, {"name": "R"}),
    Op("delete", "/api/v1/assets/{id}/", DELETE_AGENT, {"id": "spare_asset"}),
    Op("get", "/api/v1/assets/{id}/impact/", READ_OWN, {"id": "asset"}),
    Op("get", "/api/v1/assets/export/", READ_ANY),
    Op("post", "/api/v1/assets/import/", UPDATE_AGENT, body=_csv, multipart=True),
    Op(
        "get",
        "/api/v1/assets/next-tag/",
        READ_AGENT,
        query=lambda w: {"room": w.room.pk},
        note="the numbering of a room is staff information",
    ),
    Op("get", "/api/v1/asset-relations/", READ_AGENT),
    Op(
        "post",
        "/api/v1/asset-relations/",
        CREATE_AGENT,
        body=lambda w: {"source": w.spare_asset.pk, "target": w.asset.pk, "kind": "runs_on"},
    ),
    Op("get", "/api/v1/asset-relations/{id}/", READ_AGENT, {"id": "relation"}),
    Op(
        "put",
        "/api/v1/asset-relations/{id}/",
        UPDATE_AGENT,
        {"id": "relation"},
        lambda w: {"source": w.other_asset.pk, "target": w.asset.pk, "kind": "runs_on"},
    ),
    Op(
        "patch",
        "/api/v1/asset-relations/{id}/",
        UPDATE_AGENT,
        {"id": "relation"},
        {"kind": "connected_to"},
    ),
    Op("delete", "/api/v1/asset-relations/{id}/", DELETE_AGENT, {"id": "relation"}),
    # --- catalog: requesters read the published catalog, agents read, managers write ---
    Op("get", "/api/v1/service-categories/", READ_ANY),
    Op(
        "post",
        "/api/v1/service-categories/",
        CREATE_MANAGER,
        body={"code": "NET", "name": "Network"},
    ),
    Op("get", "/api/v1/service-categories/{id}/", READ_ANY, {"id": "service_category"}),
    Op(
        "put",
        "/api/v1/service-categories/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_service_category"},
        {"code": "SW", "name": "Software 2"},
    ),
    Op(
        "patch",
        "/api/v1/service-categories/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_service_category"},
        {"name": "S"},
    ),
    Op(
        "delete",
        "/api/v1/service-categories/{id}/",
        DELETE_MANAGER,
        {"id": "spare_service_category"},
    ),
    Op("get", "/api/v1/services/", READ_ANY),
    Op("post", "/api/v1/services/", CREATE_MANAGER, body=_service_body),
    Op("get", "/api/v1/services/{id}/", READ_ANY, {"id": "service"}),
    Op(
        "put",
        "/api/v1/services/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_service"},
        lambda w: {
            "code": w.spare_service.code,
            "name": "Renamed",
            "category": w.service_category.pk,
        },
    ),
    Op("patch", "/api/v1/services/{id}/", UPDATE_MANAGER, {"id": "spare_service"}, {"name": "R"}),
    Op("delete", "/api/v1/services/{id}/", DELETE_MANAGER, {"id": "spare_service"}),
    Op("post", "/api/v1/services/{id}/submit/", ACT_MANAGER, {"id": "draft_service"}, {}),
    Op(
        "post",
        "/api/v1/services/{id}/return/",
        ACT_MANAGER,
        {"id": "review_service"},
        {"reason": "Needs an owner"},
    ),
    Op(
        "post",
        "/api/v1/services/{id}/publish/",
        row(401, 403, 403, 403, 403, 409, 409),
        {"id": "review_service"},
        {},
        note="the checklist is incomplete: managers pass the role check and meet the gate",
    ),
    Op("post", "/api/v1/services/{id}/retire/", ACT_MANAGER, {"id": "service"}, {}),
    Op(
        "post",
        "/api/v1/services/{id}/checklist/",
        ACT_MANAGER,
        {"id": "review_service"},
        {"criterion": "OPS_READY", "done": True},
    ),
    Op("get", "/api/v1/catalog-items/", READ_ANY),
    Op("post", "/api/v1/catalog-items/", CREATE_MANAGER, body=_item_body),
    Op("get", "/api/v1/catalog-items/{id}/", READ_ANY, {"id": "item"}),
    Op(
        "put",
        "/api/v1/catalog-items/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_item"},
        lambda w: {"service": w.service.pk, "name": "Renamed", "kind": "request"},
    ),
    Op(
        "patch",
        "/api/v1/catalog-items/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_item"},
        {"name": "R"},
    ),
    Op("delete", "/api/v1/catalog-items/{id}/", DELETE_MANAGER, {"id": "spare_item"}),
    # --- SLA: agents read, managers write -----------------------------------------------
    Op("get", "/api/v1/calendars/", READ_AGENT),
    Op(
        "post",
        "/api/v1/calendars/",
        CREATE_MANAGER,
        body={"name": "New", "timezone": "Asia/Shanghai", "hours": WEEK},
    ),
    Op("get", "/api/v1/calendars/{id}/", READ_AGENT, {"id": "calendar"}),
    Op(
        "put",
        "/api/v1/calendars/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_calendar"},
        {"name": "Spare 2", "timezone": "Asia/Shanghai", "hours": WEEK},
    ),
    Op(
        "patch",
        "/api/v1/calendars/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_calendar"},
        {"holidays": ["2026-10-01"]},
    ),
    Op("delete", "/api/v1/calendars/{id}/", DELETE_MANAGER, {"id": "spare_calendar"}),
    Op("get", "/api/v1/sla-policies/", READ_AGENT),
    Op("post", "/api/v1/sla-policies/", CREATE_MANAGER, body=_policy_body),
    Op("get", "/api/v1/sla-policies/{id}/", READ_AGENT, {"id": "policy"}),
    Op(
        "put",
        "/api/v1/sla-policies/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_policy"},
        lambda w: {**_policy_body(w), "name": "P1 again", "priority": 1},
    ),
    Op(
        "patch",
        "/api/v1/sla-policies/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_policy"},
        {"response_minutes": 15},
    ),
    Op("delete", "/api/v1/sla-policies/{id}/", DELETE_MANAGER, {"id": "spare_policy"}),
    # --- tickets ----------------------------------------------------------------------
    Op("get", "/api/v1/tickets/", READ_ANY),
    Op(
        "post",
        "/api/v1/tickets/",
        row(401, 201, 201, 201, 201, 201, 201),
        body={"title": "Printer jams", "description": "Tray 2"},
        note="everyone opens tickets; a requester only for themselves (next test)",
    ),
    Op("get", "/api/v1/tickets/{id}/", READ_OWN, {"id": "ticket"}),
    Op(
        "patch",
        "/api/v1/tickets/{id}/",
        WORK_TICKET,
        {"id": "ticket"},
        lambda w: {"title": "Edited", "version": w.ticket.version},
    ),
    Op("post", "/api/v1/tickets/{id}/assign/", WORK_TICKET, {"id": "ticket"}, _assign_body),
    Op("post", "/api/v1/tickets/{id}/start/", WORK_TICKET, {"id": "ticket"}, {}),
    Op("post", "/api/v1/tickets/{id}/pend/", WORK_TICKET, {"id": "working"}, {"reason": "Parts"}),
    Op("post", "/api/v1/tickets/{id}/resume/", WORK_TICKET, {"id": "pending"}, {}),
    Op(
        "post",
        "/api/v1/tickets/{id}/resolve/",
        WORK_TICKET,
        {"id": "working"},
        {"resolution_code": "fixed", "resolution_notes": "New cable"},
    ),
    Op(
        "post",
        "/api/v1/tickets/{id}/reopen/",
        REQUESTER_ACTION,
        {"id": "resolved"},
        {"reason": "Still broken"},
    ),
    Op("post", "/api/v1/tickets/{id}/close/", REQUESTER_ACTION, {"id": "resolved"}, {}),
    Op(
        "post",
        "/api/v1/tickets/{id}/cancel/",
        REQUESTER_ACTION,
        {"id": "ticket"},
        {"reason": "Not needed"},
    ),
    Op("get", "/api/v1/tickets/{id}/comments/", READ_OWN, {"id": "ticket"}),
    Op(
        "post",
        "/api/v1/tickets/{id}/comments/",
        row(401, 201, 404, 201, 201, 201, 201),
        {"id": "ticket"},
        {"body": "Any news?"},
        note="public replies: the requester on their own ticket and any agent",
    ),
    Op("get", "/api/v1/tickets/{id}/attachments/", READ_OWN, {"id": "ticket"}),
    Op(
        "post",
        "/api/v1/tickets/{id}/attachments/",
        row(401, 201, 404, 201, 201, 201, 201),
        {"id": "ticket"},
        _upload,
        multipart=True,
    ),
    Op(
        "get",
        "/api/v1/tickets/{id}/attachments/{attachment_id}/download/",
        READ_OWN,
        {"id": "ticket", "attachment_id": "attachment"},
    ),
    Op("get", "/api/v1/tickets/{id}/history/", READ_OWN, {"id": "ticket"}),
    Op("get", "/api/v1/tickets/{id}/sla/", READ_OWN, {"id": "ticket"}),
    # The checklist: agents read it (requesters 403: the team's own steps), those who may
    # work the ticket tick it.
    Op(
        "get",
        "/api/v1/tickets/{id}/tasks/",
        row(401, 403, 404, 200, 200, 200, 200),
        {"id": "ticket"},
    ),
    Op(
        "patch",
        "/api/v1/tickets/{id}/tasks/{task_id}/",
        WORK_TICKET,
        {"id": "ticket", "task_id": "task"},
        {"done": True},
    ),
    Op("get", "/api/v1/tickets/export/", READ_ANY, note="requesters export their own tickets"),
    # --- planned maintenance: agents read, managers and admins write --------------------
    Op("get", "/api/v1/maintenance-plans/", READ_AGENT),
    Op("post", "/api/v1/maintenance-plans/", CREATE_MANAGER, body=_plan_body),
    Op("get", "/api/v1/maintenance-plans/{id}/", READ_AGENT, {"id": "plan"}),
    Op("put", "/api/v1/maintenance-plans/{id}/", UPDATE_MANAGER, {"id": "spare_plan"}, _plan_body),
    Op(
        "patch",
        "/api/v1/maintenance-plans/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_plan"},
        {"window_minutes": 90},
    ),
    Op("delete", "/api/v1/maintenance-plans/{id}/", DELETE_MANAGER, {"id": "spare_plan"}),
    Op("get", "/api/v1/maintenance-plans/{id}/occurrences/", READ_AGENT, {"id": "plan"}),
    Op("get", "/api/v1/maintenance-windows/", READ_AGENT),
    # --- satisfaction -------------------------------------------------------------------
    Op("get", "/api/v1/surveys/", READ_AGENT),
    Op("get", "/api/v1/surveys/{id}/", SURVEY_OF_GROUP, {"id": "survey"}),
    Op("get", "/api/v1/surveys/csat/", READ_AGENT),
    Op("post", "/api/v1/surveys/respond/", OPEN_TO_ALL, body=_respond_body),
    # Approvals: anyone signed in lists (their own); the ticket's requester and staff read
    # a request, another requester gets 404; only its approver (the manager) decides.
    Op("get", "/api/v1/approvals/", row(401, 200, 200, 200, 200, 200, 200)),
    Op(
        "get",
        "/api/v1/approvals/{id}/",
        row(401, 200, 404, 200, 200, 200, 200),
        {"id": "approval"},
    ),
    Op(
        "post",
        "/api/v1/approvals/{id}/approve/",
        row(401, 403, 404, 403, 403, 200, 403),
        {"id": "approval"},
        {"comment": "ok"},
    ),
    Op(
        "post",
        "/api/v1/approvals/{id}/reject/",
        row(401, 403, 404, 403, 403, 200, 403),
        {"id": "approval"},
        {"comment": "No budget"},
    ),
    Op("get", "/api/v1/survey-follow-ups/", MANAGERS_ONLY),
    Op("get", "/api/v1/survey-follow-ups/{id}/", MANAGERS_ONLY, {"id": "follow_up"}),
    Op(
        "post",
        "/api/v1/survey-follow-ups/{id}/complete/",
        MANAGERS_ONLY,
        {"id": "follow_up"},
        {"action_taken": "Called back, replaced the cable"},
    ),
    Op("get", "/api/v1/survey-rules/", READ_AGENT),
    Op(
        "post",
        "/api/v1/survey-rules/",
        CREATE_MANAGER,
        body=lambda w: {"catalog_item": w.item.pk, "delay_minutes": 5},
    ),
    Op("get", "/api/v1/survey-rules/{id}/", READ_AGENT, {"id": "rule"}),
    Op(
        "put",
        "/api/v1/survey-rules/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_rule"},
        lambda w: {"service": w.draft_service.pk, "send": False},
    ),
    Op(
        "patch",
        "/api/v1/survey-rules/{id}/",
        UPDATE_MANAGER,
        {"id": "spare_rule"},
        {"delay_minutes": 30},
    ),
    Op("delete", "/api/v1/survey-rules/{id}/", DELETE_MANAGER, {"id": "spare_rule"}),
    # --- knowledge: requesters read published public articles (others are 404 to them),
    # agents write and submit, managers and admins publish and retire -----------------------
    Op("get", "/api/v1/articles/", READ_ANY),
    Op("post", "/api/v1/articles/", CREATE_AGENT, body={"title": "New article"}),
    Op("get", "/api/v1/articles/{id}/", READ_ANY, {"id": "article"}),
    Op("patch", "/api/v1/articles/{id}/", UPDATE_AGENT, {"id": "article"}, {"body": "More"}),
    Op(
        "post",
        "/api/v1/articles/{id}/submit/",
        row(401, 404, 404, 200, 200, 200, 200),
        {"id": "draft_article"},
    ),
    Op(
        "post",
        "/api/v1/articles/{id}/publish/",
        row(401, 404, 404, 403, 403, 200, 200),
        {"id": "review_article"},
    ),
    Op("post", "/api/v1/articles/{id}/retire/", ACT_MANAGER, {"id": "article"}),
    Op("get", "/api/v1/articles/{id}/versions/", READ_ANY, {"id": "article"}),
    Op(
        "post",
        "/api/v1/articles/{id}/feedback/",
        row(401, 200, 200, 200, 200, 200, 200),
        {"id": "article"},
        {"helpful": True},
    ),
    Op(
        "post",
        "/api/v1/articles/{id}/solved/",
        row(401, 200, 200, 200, 200, 200, 200),
        {"id": "article"},
    ),
    Op("get", "/api/v1/articles/suggest/", READ_ANY, query={"q": "VPN"}),
    Op(
        "post",
        "/api/v1/articles/{id}/images/",
        CREATE_AGENT,
        {"id": "article"},
        _png,
        multipart=True,
    ),
    Op(
        "post",
        "/api/v1/tickets/{id}/article/",
        row(401, 403, 404, 201, 201, 201, 201),
        {"id": "ticket"},
    ),
    Op(
        "post",
        "/api/v1/tickets/{id}/link-article/",
        row(401, 403, 404, 200, 200, 200, 200),
        {"id": "ticket"},
        lambda w: {"article": w.article.pk},
    ),
    # --- inbound channels: admins only; alerts take an integration's token, never a user's
    Op("get", "/api/v1/mailboxes/", ADMINS_ONLY),
    Op("post", "/api/v1/mailboxes/", CREATE_ADMIN, body=lambda w: _mailbox_body(w, "New")),
    Op("get", "/api/v1/mailboxes/{id}/", ADMINS_ONLY, {"id": "mailbox"}),
    Op("put", "/api/v1/mailboxes/{id}/", UPDATE_ADMIN, {"id": "spare_mailbox"}, _mailbox_body),
    Op("patch", "/api/v1/mailboxes/{id}/", UPDATE_ADMIN, {"id": "spare_mailbox"}, {"name": "R"}),
    Op("delete", "/api/v1/mailboxes/{id}/", DELETE_ADMIN, {"id": "spare_mailbox"}),
    Op(
        "post",
        "/api/v1/mailboxes/{id}/poll/",
        row(401, 403, 403, 403, 403, 403, 502),
        {"id": "mailbox"},
        note="nothing listens on the world's mailbox port: the admin gets the 502",
    ),
    Op("post", "/api/v1/mailboxes/{id}/test/", ADMINS_ONLY, {"id": "mailbox"}),
    Op("get", "/api/v1/integrations/", ADMINS_ONLY),
    Op(
        "post",
        "/api/v1/integrations/",
        CREATE_ADMIN,
        body={"name": "Grafana", "kind": "alertmanager"},
    ),
    Op("get", "/api/v1/integrations/{id}/", ADMINS_ONLY, {"id": "integration"}),
    Op(
        "put",
        "/api/v1/integrations/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_integration"},
        {"name": "Zabbix 2", "kind": "generic"},
    ),
    Op(
        "patch",
        "/api/v1/integrations/{id}/",
        UPDATE_ADMIN,
        {"id": "spare_integration"},
        {"active": False},
    ),
    Op("delete", "/api/v1/integrations/{id}/", DELETE_ADMIN, {"id": "spare_integration"}),
    Op(
        "post",
        "/api/v1/integrations/{id}/rotate-token/",
        ADMINS_ONLY,
        {"id": "integration"},
    ),
    Op(
        "post",
        "/api/v1/alerts/",
        row(401, 403, 403, 403, 403, 403, 403),
        body={"source": "x", "key": "y", "status": "firing", "title": "T", "severity": "info"},
        note="a user, even an admin, is no integration (tests/inbound/test_alerts.py: 202)",
    ),
    # --- reports (agents: their own groups; another group's `?group=` is 403, tested in
    # tests/reports/test_api.py) -----------------------------------------------------------
    Op("get", "/api/v1/reports/summary/", READ_AGENT),
    # --- audit ----------------------------------------------------------------------------
    Op("get", "/api/v1/audit/", ADMINS_ONLY),
]


def _schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in METHODS
    }


def test_every_endpoint_of_the_schema_has_a_row_and_every_row_an_endpoint():
    rows = {op.key for op in OPS}
    schema = _schema_operations()
    assert sorted(schema - rows) == [], "endpoints without a row in the role table"
    assert sorted(rows - schema) == [], "rows for endpoints the API no longer has"
    assert len(rows) == len(OPS), "one row per endpoint and method"


PRODUCT_APPS = (
    "accounts",
    "assets",
    "catalog",
    "incidents",
    "sla",
    "satisfaction",
    "maintenance",
    "notifications",
    "authtoken",
    "knowledge",
)


def _tables() -> list[str]:
    return [
        model._meta.db_table
        for app in PRODUCT_APPS
        for model in apps.get_app_config(app).get_models()
    ]


def _snapshot():
    """Every row of every product table (history tables included), as one fingerprint per
    table: a digest of the rows on PostgreSQL (one query), the rows themselves elsewhere."""
    if connection.vendor == "postgresql":
        sql = " UNION ALL ".join(
            f"SELECT '{table}', count(*), md5(coalesce(string_agg(t::text, '|' "
            f"ORDER BY t::text), '')) FROM {connection.ops.quote_name(table)} t"
            for table in _tables()
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            # UNION ALL promises no order (a parallel append mixes the tables): sort them.
            return sorted(cursor.fetchall())
    state = {}
    for app in PRODUCT_APPS:
        for model in apps.get_app_config(app).get_models():
            state[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return state


def _resolve(world: World, ref: str):
    if ref.startswith("people."):
        return world.people[ref.split(".", 1)[1]]
    return world.objects[ref]


def _call(world: World, op: Op, person: str):
    client = APIClient()
    user = world.people[person]
    if user is not None:
        client.force_authenticate(user)
    path = op.path
    for name, ref in op.args.items():
        path = path.replace("{" + name + "}", str(_resolve(world, ref).pk))
    body = op.body(world) if callable(op.body) else op.body
    query = op.query(world) if callable(op.query) else op.query
    if query:
        path += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    send = getattr(client, op.method)
    if op.method in ("get", "delete"):
        return send(path)
    if op.multipart:
        return send(path, body, format="multipart")
    return send(path, body if body is not None else {}, format="json")


def _describe(response) -> str:
    try:
        return str(response.json())[:200]
    except (ValueError, TypeError):
        return response.content[:120].decode(errors="replace")


def test_role_table(world):
    """One world, every row × every person, each call in a savepoint rolled back."""
    mismatches = []
    for op in OPS:
        for person, expected in zip(PEOPLE, op.expected, strict=True):
            with transaction.atomic():
                before = _snapshot() if op.method != "get" and expected >= 400 else None
                response = _call(world, op, person)
                where = f"{op.method.upper()} {op.path} as {person}"
                if response.status_code != expected:
                    mismatches.append(
                        f"{where}: expected {expected}, got {response.status_code} "
                        f"{_describe(response)}"
                    )
                elif before is not None and _snapshot() != before:
                    mismatches.append(f"{where}: refused with {expected} but the data changed")
                transaction.set_rollback(True)
    assert mismatches == [], "\n".join(mismatches)


def test_a_requester_cannot_open_a_ticket_for_someone_else(world, client_for):
    other = world.people["other_requester"]
    before = _snapshot()
    response = client_for(world.people["requester"]).post(
        "/api/v1/tickets/", {"title": "For you", "requester": other.pk}, format="json"
    )
    assert response.status_code in (400, 403)
    assert _snapshot() == before


def test_a_requester_never_writes_or_reads_internal_notes(world, client_for):
    world.ticket.comments.create(author=world.people["group_agent"], body="note", internal=True)
    client = client_for(world.people["requester"])
    before = _snapshot()
    response = client.post(
        f"/api/v1/tickets/{world.ticket.pk}/comments/",
        {"body": "sneaky", "internal": True},
        format="json",
    )
    assert response.status_code == 403
    assert _snapshot() == before
    listed = client.get(f"/api/v1/tickets/{world.ticket.pk}/comments/").json()
    assert all(not c["internal"] for c in listed)
    agents_view = client_for(world.people["other_agent"]).get(
        f"/api/v1/tickets/{world.ticket.pk}/comments/"
    )
    assert any(c["internal"] for c in agents_view.json())


def test_a_requester_changes_only_their_own_profile_fields(world, client_for):
    client = client_for(world.people["requester"])
    before = _snapshot()
    for field_name, value in (("role", "admin"), ("is_active", False), ("customer_unit", None)):
        response = client.patch("/api/v1/users/me/", {field_name: value}, format="json")
        assert response.status_code == 400, field_name
    assert _snapshot() == before


def test_lists_show_requesters_only_their_own(world, client_for):
    other = client_for(world.people["other_requester"])
    assert other.get("/api/v1/tickets/").json()["count"] == 0
    assert other.get("/api/v1/assets/").json()["count"] == 0
    mine = client_for(world.people["requester"])
    assert mine.get("/api/v1/tickets/").json()["count"] >= 4
    assert [a["tag"] for a in mine.get("/api/v1/assets/").json()["results"]] == ["D010210-001"]
    # Draft and in-review services are not the published catalog.
    codes = {s["id"] for s in mine.get("/api/v1/services/").json()["results"]}
    assert world.draft_service.pk not in codes and world.service.pk in codes
