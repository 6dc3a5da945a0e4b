"""The organisation half of the benchmark seed (`bench.seed`): customer units, users,
support groups, the CMDB (buildings, rooms, categories, configuration items, relations), the
catalog and the service levels. Each function is one step over the seeder `s`
(`bench.seed.Seeder`: its sizes, ids, `sql()` and `now`).
"""

import datetime as dt
import math
from typing import TYPE_CHECKING

from bench import seed_words as words
from bench.seed_tickets import WARN_PERCENT, install_business_time

if TYPE_CHECKING:
    from bench.seed import Seeder

PASSWORD = "bench-2026"  # noqa: S105 - the benchmark's published login
LOGINS = {
    "admin": "bench-admin",
    "manager": "bench-manager",
    "agent": "bench-agent",
    "requester": "bench-requester",
}
# Fixed ids: the bench logins, then the monitoring system that raises alerts as a requester.
BENCH_ADMIN, BENCH_MANAGER, BENCH_AGENT, BENCH_REQUESTER, MONITOR = 1, 2, 3, 4, 5
AGENT_GROUPS, MANAGER_GROUPS = (1, 2, 3), (1, 2, 3, 4, 5)
YEARS = 3
# The CMDB: buildings of ~4,000 items (2-99), floors of 10 rooms (at most 99), ~40 items a room.
ITEMS_PER_BUILDING = 4000
MIN_BUILDINGS, MAX_BUILDINGS = 2, 99
ROOMS_PER_FLOOR = 10
ITEMS_PER_ROOM = 40
MAX_FLOORS = 99
MACHINES_PER_ROOM = 999  # the tag's machine number has three digits (assets.tags)
# A support group has MIN_GROUP_SIZE to MIN_GROUP_SIZE + GROUP_SIZE_SPREAD - 1 agents.
MIN_GROUP_SIZE, GROUP_SIZE_SPREAD = 4, 7
CATALOG_ITEMS = 150
# The office calendar covers the seed's span, from a few days before to a year after.
CALENDAR_BEFORE_DAYS, CALENDAR_AFTER_DAYS = 10, 400

# --- organisation, users, groups ---------------------------------------------------------


def organisation(s: "Seeder") -> None:
    """Customer units: departments per site."""
    combos = [(site, dept) for dept in words.DEPARTMENTS for site in words.SITES]
    codes, names = [], []
    for n in range(s.n_units):
        (site_code, site_zh, _site_en), (dept_code, dept_zh) = combos[n % len(combos)]
        suffix = f"-{n // len(combos) + 1}" if n >= len(combos) else ""
        codes.append(f"{dept_code}-{site_code}{suffix}")
        names.append(f"{site_zh}{dept_zh}{suffix}")
    s.sql(
        "INSERT INTO accounts_customerunit (code, name, created_at, updated_at) SELECT c, n, "
        "%(t)s, %(t)s FROM unnest(%(codes)s::text[], %(names)s::text[]) AS x(c, n)",
        {"codes": codes, "names": names, "t": s.founded},
        count="accounts_customerunit",
    )


def users(s: "Seeder") -> None:
    """The fixed users, then admins, managers, agents and requesters, one password hash."""
    from django.contrib.auth.hashers import make_password

    password = make_password(PASSWORD)
    fixed = [
        (BENCH_ADMIN, LOGINS["admin"], "Bench 管理员", "admin", None),
        (BENCH_MANAGER, LOGINS["manager"], "Bench 经理", "manager", None),
        (BENCH_AGENT, LOGINS["agent"], "Bench 坐席", "agent", None),
        (BENCH_REQUESTER, LOGINS["requester"], "Bench 用户", "requester", 1),
        (MONITOR, "monitoring", "Zabbix 监控告警", "requester", None),
    ]
    s.sql(
        """
        INSERT INTO accounts_user (id, password, is_superuser, username, first_name,
            last_name, email, is_staff, is_active, date_joined, display_name, phone, role,
            language, timezone, updated_at, customer_unit_id)
        SELECT id, %(password)s, role = 'admin', username, '', '',
            username || '@corp.example.cn', role = 'admin', true, %(joined)s, display, '',
            role, 'zh-hans', '', %(now)s, unit
        FROM unnest(%(ids)s::bigint[], %(usernames)s::text[], %(displays)s::text[],
                    %(roles)s::text[], %(units)s::bigint[])
             AS x(id, username, display, role, unit)
        """,
        {
            "password": password,
            "joined": s.founded,
            "now": s.now,
            **{
                name: list(column)
                for name, column in zip(
                    ("ids", "usernames", "displays", "roles", "units"),
                    zip(*fixed, strict=True),
                    strict=True,
                )
            },
        },
        count="accounts_user",
    )
    s.sql(
        """
        INSERT INTO accounts_user (id, password, is_superuser, username, first_name,
            last_name, email, is_staff, is_active, date_joined, display_name, phone, role,
            language, timezone, updated_at, customer_unit_id, last_login)
        SELECT g, %(password)s, role = 'admin', username, '', '',
            username || '@corp.example.cn', role = 'admin',
            role <> 'requester' OR pg_temp.u(g, 3) < 0.97, joined, display,
            CASE WHEN pg_temp.u(g, 4) < 0.8 THEN '13' || lpad(g::text, 9, '0') ELSE '' END,
            role,
            CASE WHEN pg_temp.u(g, 6) < 0.7 THEN 'zh-hans' WHEN pg_temp.u(g, 6) < 0.8 THEN 'en'
                 ELSE '' END,
            '', joined,
            CASE WHEN role = 'requester'
                 THEN 1 + floor(%(units)s * power(pg_temp.u(g, 5), 1.6))::bigint END,
            CASE WHEN pg_temp.u(g, 7) < 0.6
                 THEN %(now)s - interval '1 hour' * floor(pg_temp.u(g, 8) * 2000) END
        FROM (
            SELECT g,
                CASE WHEN g <= %(last_admin)s THEN 'admin'
                     WHEN g <= %(last_manager)s THEN 'manager'
                     WHEN g <= %(last_agent)s THEN 'agent' ELSE 'requester' END AS role,
                CASE WHEN pg_temp.u(g, 2) < 0.15
                     THEN lower(en) || '.' || py || g
                     ELSE gpy || '.' || py || g END AS username,
                CASE WHEN pg_temp.u(g, 2) < 0.15 THEN en || ' ' || initcap(py) ELSE zh || gzh END
                    AS display,
                %(now)s - interval '1 day' * (30 + floor(pg_temp.u(g, 9) * 1800)) AS joined
            FROM (
                SELECT g,
                    (%(sz)s::text[])[1 + floor(pg_temp.u(g, 0) * %(ns)s)::int] AS zh,
                    (%(sp)s::text[])[1 + floor(pg_temp.u(g, 0) * %(ns)s)::int] AS py,
                    (%(gz)s::text[])[1 + floor(pg_temp.u(g, 1) * %(ng)s)::int] AS gzh,
                    (%(gp)s::text[])[1 + floor(pg_temp.u(g, 1) * %(ng)s)::int] AS gpy,
                    (%(en)s::text[])[1 + floor(pg_temp.u(g, 1) * %(ne)s)::int] AS en
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
            ) AS names
        ) AS people
        """,
        {
            "password": password,
            "now": s.now,
            "units": s.n_units,
            "first": MONITOR + 1,
            "last": s.p["users"],
            "last_admin": s.admin_ids[-1],
            "last_manager": s.manager_ids[-1],
            "last_agent": s.agent_ids[-1],
            "sz": [zh for zh, _ in words.SURNAMES],
            "sp": [p for _, p in words.SURNAMES],
            "ns": len(words.SURNAMES),
            "gz": [zh for zh, _ in words.GIVEN_NAMES],
            "gp": [p for _, p in words.GIVEN_NAMES],
            "ng": len(words.GIVEN_NAMES),
            "en": words.ENGLISH_NAMES,
            "ne": len(words.ENGLISH_NAMES),
        },
        count="accounts_user",
    )


def groups(s: "Seeder") -> None:
    """Support groups (teams per site) with their manager and 4-10 agents each."""
    combos = [(team, site) for site in words.SITES for team in words.TEAMS]
    codes, names, managers = [], [], []
    others = s.manager_ids[1:]
    for n in range(s.p["groups"]):
        (team, team_en, team_zh), (site, site_zh, site_en) = combos[n % len(combos)]
        suffix = f"-{n // len(combos) + 1}" if n >= len(combos) else ""
        codes.append(f"{team}-{site}{suffix}")
        names.append(f"{site_zh}{team_zh} {team_en} {site_en}{suffix}")
        managers.append(BENCH_MANAGER if n + 1 in MANAGER_GROUPS else others[n % len(others)])
    s.sql(
        """
        INSERT INTO accounts_supportgroup (id, code, name, email, manager_id, created_at,
            updated_at)
        SELECT n, c, name, lower(c) || '@corp.example.cn', m, %(t)s, %(t)s
        FROM unnest(%(codes)s::text[], %(names)s::text[], %(managers)s::bigint[])
             WITH ORDINALITY AS x(c, name, m, n)
        """,
        {
            "codes": codes,
            "names": names,
            "managers": managers,
            "t": s.founded,
        },
        count="accounts_supportgroup",
    )
    pairs, cursor_at = [], 0
    agents = s.agent_ids[1:]
    for group in range(1, s.p["groups"] + 1):
        size = MIN_GROUP_SIZE + (group * 5) % GROUP_SIZE_SPREAD
        members = {agents[(cursor_at + k) % len(agents)] for k in range(size)}
        cursor_at += size
        if group in AGENT_GROUPS:
            members.add(BENCH_AGENT)
        pairs += [(group, member) for member in sorted(members)]
    s.sql(
        "INSERT INTO accounts_supportgroup_members (supportgroup_id, user_id) "
        "SELECT * FROM unnest(%(g)s::bigint[], %(u)s::bigint[])",
        {"g": [g for g, _ in pairs], "u": [u for _, u in pairs]},
        count="accounts_supportgroup_members",
    )


# --- CMDB ----------------------------------------------------------------------------


def cmdb(s: "Seeder") -> None:
    """Buildings, rooms (~40 items each), categories, configuration items, relations.

    Item j sits in room (j - 1) mod rooms as machine (j - 1) div rooms + 1: unique tags.
    The first 60 % are end-user devices, item k + 1 owned by requester k.
    """
    n_assets = s.p["assets"]
    buildings = min(MAX_BUILDINGS, max(MIN_BUILDINGS, math.ceil(n_assets / ITEMS_PER_BUILDING)))
    per_floor = buildings * ROOMS_PER_FLOOR * ITEMS_PER_ROOM
    floors = min(MAX_FLOORS, max(1, math.ceil(n_assets / per_floor)))
    s.sql(
        "INSERT INTO assets_building (code, name, created_at, updated_at) "
        "SELECT lpad(b::text, 2, '0'), b || '号楼 Building ' || b, %(t)s, %(t)s "
        "FROM generate_series(1, %(n)s) AS b",
        {"n": buildings, "t": s.founded},
        count="assets_building",
    )
    s.sql(
        """
        INSERT INTO assets_room (building_id, code, name, key, created_at, updated_at)
        SELECT b.id, lpad(f::text, 2, '0') || lpad(r::text, 2, '0'),
            f || '楼 ' || lpad(r::text, 2, '0') || ' 室',
            b.code || lpad(f::text, 2, '0') || lpad(r::text, 2, '0'), b.created_at, b.created_at
        FROM assets_building AS b, generate_series(1, %(floors)s) AS f,
             generate_series(1, %(rooms)s) AS r
        ORDER BY b.id, f, r
        """,
        {"floors": floors, "rooms": ROOMS_PER_FLOOR},
        count="assets_room",
    )
    codes = [code for code, _name, _models in words.ASSET_CATEGORIES]
    s.sql(
        "INSERT INTO assets_assetcategory (code, name, created_at, updated_at) "
        "SELECT c, n, %(t)s, %(t)s FROM unnest(%(c)s::text[], %(n)s::text[]) AS x(c, n)",
        {
            "c": codes,
            "n": [name for _code, name, _models in words.ASSET_CATEGORIES],
            "t": s.founded,
        },
        count="assets_assetcategory",
    )
    models: list[str] = []
    offsets: list[int] = []
    sizes: list[int] = []
    for _code, _name, names in words.ASSET_CATEGORIES:
        offsets.append(len(models))
        sizes.append(len(names))
        models += names
    with s.connection.cursor() as cursor:
        cursor.execute("SELECT key FROM assets_room ORDER BY id")
        room_keys = [key for (key,) in cursor.fetchall()]
    s.n_rooms = len(room_keys)
    if n_assets > MACHINES_PER_ROOM * s.n_rooms:
        raise ValueError("too many assets for the rooms")
    s.sql(
        """
        INSERT INTO assets_asset (id, tag, name, category_id, customer_unit_id, status,
            owner_id, serial_number, model, ip_address, notes, room_key, created_at,
            updated_at)
        SELECT j, 'D' || rk || '-' || lpad(((j - 1) / %(rooms)s + 1)::text, 3, '0'),
            CASE WHEN o.id IS NOT NULL THEN (%(codes)s::text[])[cat] || '-' || o.username
                 ELSE lower((%(codes)s::text[])[cat]) || '-' || substr(rk, 1, 2) || '-'
                      || lpad(j::text, 6, '0') END,
            cat, o.customer_unit_id,
            CASE WHEN pg_temp.u(j, 1) < 0.85 THEN 'in_use'
                 WHEN pg_temp.u(j, 1) < 0.93 THEN 'in_stock'
                 WHEN pg_temp.u(j, 1) < 0.96 THEN 'maintenance' ELSE 'retired' END,
            o.id, upper(substr(md5('sn' || j), 1, 12)),
            (%(models)s::text[])[(%(offsets)s::int[])[cat] + 1
                + floor(pg_temp.u(j, 2) * (%(sizes)s::int[])[cat])::int],
            CASE WHEN j > %(owned)s OR pg_temp.u(j, 3) < 0.5 THEN ('10.' || mod(j / 65536, 256)
                || '.' || mod(j / 256, 256) || '.' || mod(j, 256))::inet END,
            CASE WHEN pg_temp.u(j, 4) < 0.05 THEN %(note)s ELSE '' END,
            rk, created, created + (%(now)s - created) * pg_temp.u(j, 6)
        FROM (
            SELECT j, (%(room_keys)s::text[])[1 + mod(j - 1, %(rooms)s)::int] AS rk,
                CASE WHEN j <= %(owned)s THEN (%(eu_mix)s::int[])[1 + mod(j, 20)::int]
                     ELSE (%(infra_mix)s::int[])[1 + mod(j - %(owned)s - 1, 20)::int] END AS cat,
                CASE WHEN j <= %(owned)s
                     THEN (%(owners)s::bigint[])[1 + mod(j - 1, %(n_owners)s)::int] END AS owner,
                %(now)s - interval '1 day' * (30 + floor(pg_temp.u(j, 5) * 1500)) AS created
            FROM generate_series(1, %(n)s::bigint) AS j
        ) AS a
        LEFT JOIN accounts_user AS o ON o.id = a.owner
        """,
        {
            "n": n_assets,
            "rooms": s.n_rooms,
            "room_keys": room_keys,
            "owned": s.n_owned,
            "owners": s.owner_ids,
            "n_owners": len(s.owner_ids),
            "codes": codes,
            "models": models,
            "offsets": offsets,
            "sizes": sizes,
            "eu_mix": [codes.index(c) + 1 for c in words.END_USER_MIX],
            "infra_mix": [codes.index(c) + 1 for c in words.INFRA_MIX],
            "now": s.now,
            "note": "保修至 2027 年 / warranty until 2027",
        },
        count="assets_asset",
    )
    relations(s, codes)


def relations(s: "Seeder", codes: list[str]) -> None:
    """~1.5 relations per item: devices to switches, VMs on servers, servers on storage."""
    ids = {code: codes.index(code) + 1 for code in codes}
    # Per source category: (kind, target category, share of sources).
    rules = [
        ("connected_to", "SW", ["PC", "LAPTOP", "PHONE", "PRN", "AP", "SRV", "STOR", "FW"], 1),
        ("connected_to", "PC", ["MONITOR"], 1),
        ("connected_to", "AP", ["LAPTOP"], 1),
        ("runs_on", "SRV", ["VM"], 1),
        ("depends_on", "STOR", ["SRV"], 1),
        ("depends_on", "UPS", ["SRV", "SW", "STOR"], 1),
        ("depends_on", "VM", ["VM"], 0.6),
        ("connected_to", "FW", ["SW"], 1),
        ("depends_on", "PRN", ["PC"], 0.4),
    ]
    for n, (kind, target, sources, share) in enumerate(rules):
        s.sql(
            """
            INSERT INTO assets_assetrelation (source_id, target_id, kind, created_at,
                updated_at)
            SELECT a.id, t.ids[1 + mod(a.id * 7919 + %(n)s, cardinality(t.ids))::int],
                %(kind)s, a.created_at, a.created_at
            FROM assets_asset AS a,
                 (SELECT array_agg(id ORDER BY id) AS ids FROM assets_asset
                  WHERE category_id = %(target)s) AS t
            WHERE a.category_id = ANY(%(sources)s::bigint[]) AND cardinality(t.ids) > 0
              AND pg_temp.u(a.id, 20 + %(n)s) < %(share)s
              AND a.id <> t.ids[1 + mod(a.id * 7919 + %(n)s, cardinality(t.ids))::int]
            ON CONFLICT DO NOTHING
            """,
            {
                "n": n,
                "kind": kind,
                "target": ids[target],
                "sources": [ids[source] for source in sources],
                "share": share,
            },
            count="assets_assetrelation",
        )


# --- catalog and service levels --------------------------------------------------------


def catalog(s: "Seeder") -> None:
    """Categories, published services (with a few CIs each) and their catalog items."""
    from catalog.formschema import validate_schema
    from catalog.models import (
        CatalogItem,
        Service,
        ServiceCategory,
        ServiceStatus,
        ServiceTransition,
    )

    groups = s.p["groups"]
    categories = {
        code: ServiceCategory.objects.create(
            code=code, name=name, name_zh=name_zh, icon=icon, order=(n + 1) * 10
        )
        for n, (code, name, name_zh, icon) in enumerate(words.CATALOG_CATEGORIES)
    }
    services = Service.objects.bulk_create(
        Service(
            code=code,
            name=name,
            name_zh=name_zh,
            description=f"{name}: support and requests.",
            description_zh=f"{name_zh}：故障支持与服务申请。",
            category=categories[category],
            owner_group_id=1 + (n * 7) % groups,
            status=ServiceStatus.PUBLISHED,
            support_hours="Mon–Fri 09:00–18:00",
        )
        for n, (code, name, name_zh, category) in enumerate(words.SERVICES)
    )
    ServiceTransition.objects.bulk_create(
        ServiceTransition(
            service=service,
            action="publish",
            from_status=ServiceStatus.REVIEW,
            to_status=ServiceStatus.PUBLISHED,
            actor_id=BENCH_MANAGER,
        )
        for service in services
    )
    location = [
        {"name": "location", "label": "Where", "label_zh": "位置", "type": "text"},
    ]
    validate_schema(location)
    items: list[CatalogItem] = []
    for name, name_zh, kind in words.ITEM_TEMPLATES:
        for service in services:
            n = len(items)
            items.append(
                CatalogItem(
                    service=service,
                    name=name.format(en=service.name),
                    name_zh=name_zh.format(zh=service.name_zh),
                    kind=kind,
                    form_schema=location if name.startswith("New") else [],
                    default_impact=3,
                    default_urgency=2 if kind == "incident" else 3,
                    assignment_group_id=None if n % 10 == 9 else service.owner_group_id,
                    order=n + 1,
                    # Every bench service has a category (words.SERVICES names one).
                    icon=service.category.icon if service.category else "",
                )
            )
    s.items = CatalogItem.objects.bulk_create(items[:CATALOG_ITEMS])
    s.services = services
    s.sql(
        """
        INSERT INTO catalog_service_assets (service_id, asset_id)
        SELECT s.id, %(owned)s + 1 + mod(s.id * 37 + k * 101, %(infra)s)
        FROM catalog_service AS s, generate_series(1, 5) AS k
        ON CONFLICT DO NOTHING
        """,
        {"owned": s.n_owned, "infra": max(1, s.p["assets"] - s.n_owned)},
        count="catalog_service_assets",
    )
    s.counts.update(
        catalog_servicecategory=len(categories),
        catalog_service=len(services),
        catalog_catalogitem=len(s.items),
        catalog_servicetransition=len(services),
    )


def service_levels(s: "Seeder") -> None:
    """The office calendar (with the official holidays of every year the seed spans) and
    7×24, policies per priority (as the demo's) and 7×24 ones for three services."""
    from sla import demo
    from sla.businesstime import TWENTY_FOUR_SEVEN
    from sla.models import BusinessCalendar, SLAPolicy
    from sla.services import official_days

    first = dt.datetime.fromtimestamp(s.start_e, dt.UTC).date() - dt.timedelta(
        days=CALENDAR_BEFORE_DAYS
    )
    last = s.now.date() + dt.timedelta(days=CALENDAR_AFTER_DAYS)
    off, extra = set(), set()
    for year in range(first.year, last.year + 1):
        year_off, year_extra = official_days(year)
        off |= year_off
        extra |= year_extra
    office = BusinessCalendar.objects.create(
        name="上海办公 Shanghai office",
        timezone="Asia/Shanghai",
        hours=demo.OFFICE_HOURS,
        holidays=sorted(d.isoformat() for d in off),
        workdays=sorted(d.isoformat() for d in extra - off),
    )
    office.full_clean()
    always = BusinessCalendar.objects.create(
        name="7×24", timezone="Asia/Shanghai", hours=TWENTY_FOUR_SEVEN
    )
    s.calendars = {"office": office.pk, "24x7": always.pk}
    with s.connection.cursor() as cursor:
        install_business_time(cursor, office.calendar, first, last)
    calendars = {"office": office, "24x7": always}
    policies: dict[int | None, SLAPolicy] = {}
    for name, calendar, priority, response, resolution in demo.POLICIES:
        policies[priority] = SLAPolicy.objects.create(
            name=name,
            calendar=calendars[calendar],
            priority=priority,
            response_minutes=response,
            resolution_minutes=resolution,
            warn_at_percent=WARN_PERCENT,
        )
    by_code = {service.code: service for service in s.services}
    s.service_policies = {}
    for code, response, resolution in words.SERVICE_POLICIES:
        s.service_policies[by_code[code].pk] = SLAPolicy.objects.create(
            name=f"{by_code[code].name} · 7×24",
            calendar=always,
            service=by_code[code],
            response_minutes=response,
            resolution_minutes=resolution,
            warn_at_percent=WARN_PERCENT,
            escalation_group_id=1,
        )
    s.policies = policies
    s.counts.update(sla_businesscalendar=2, sla_slapolicy=len(policies) + len(s.service_policies))
