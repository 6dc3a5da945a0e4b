import datetime as dt

import pytest
from holidays import country_holidays

from tests import factories

OFFICE = {
    **{d: [["09:00", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [],
    "sun": [],
}
# Real official days off of 2027 (Qingming 5 April, Labour Day 1–4 May …) and a made-up
# 调休 Saturday.
HOLIDAYS_2027 = sorted(d.isoformat() for d in country_holidays("CN", years=2027) if d.year == 2027)
MAKE_UP = "2027-05-08"


@pytest.fixture
def office(db):
    return factories.BusinessCalendarFactory(
        name="Office 2027", hours=OFFICE, holidays=HOLIDAYS_2027, workdays=[MAKE_UP]
    )


@pytest.fixture
def item(group):
    return factories.CatalogItemFactory(kind="request", assignment_group=group, name="Patching")


@pytest.fixture
def ci(db):
    room = factories.RoomFactory(
        building=factories.BuildingFactory(code="02"), code="0101", name="Server room"
    )
    return factories.AssetFactory(tag="D020101-001", name="Virtualisation host", room=room)


@pytest.fixture
def plan(manager, group, item, office, ci):
    p = factories.MaintenancePlanFactory(
        name="Server patching",
        catalog_item=item,
        assignment_group=group,
        calendar=office,
        owner=manager,
        recurrence="FREQ=MONTHLY;BYDAY=1MO",
        start_date=dt.date(2027, 1, 1),
        lead_working_days=2,
        window_start=dt.time(20, 0),
        window_minutes=240,
        checklist=["Snapshot the VMs", "Patch", "Restart and check"],
    )
    p.assets.add(ci)
    return p
