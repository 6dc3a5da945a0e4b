"""The ticket half of the benchmark seed (`bench.seed`): tickets, SLA timers, comments,
history and surveys, in set-based SQL over `generate_series`.

Every ticket's life is decided in one staging table (`bench_t`): its class (open states,
done, cancelled), people and times. Times are integer epoch seconds; business time comes
from two inlined SQL functions built from the office calendar (`bcum`: business seconds
since the calendar's first day; `binv`: the earliest instant at which that count is
reached), so a timer's `elapsed`, `due_at` and `warn_at` are what `sla.timers.project`
computes from its segments. Randomness is a hash of the row id (`u(id, k)`): the same
parameters give the same data, and an expression may be evaluated twice safely.
"""

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

from bench import seed_words as words
from sla import businesstime

DAY = 86_400
LOCAL_OFFSET = 8 * 3600  # Asia/Shanghai has kept UTC+8, without DST, since 1991
# Office hours the SQL functions know: 09:00-12:00 and 13:00-18:00, eight hours a day.
OFFICE_SPANS = ((540, 720), (780, 1080))
WORKING_DAY = 8 * 3600
OPEN_MIX = (("new", 0.08), ("assigned", 0.30), ("in_progress", 0.80), ("pending", 1.0))
# Running timers per open ticket with OPEN_MIX and the response shares of TIMELINE_SQL:
# 2 × (new + 60 % of assigned + 10 % of in progress) + the responded assigned and in progress.
RUNNING_PER_OPEN = 1.062
WARN_PERCENT = 80  # 80 % of a whole number of minutes is a whole number of seconds
# `open_share`: at most this share of the tickets is open, whatever the timers asked for;
# bisection steps (far more than a float needs).
MAX_OPEN_SHARE = 0.95
BISECTION_STEPS = 200


def install_random(cursor: Any) -> None:
    """`u(id, k)`: a uniform number in [0, 1) from a hash; `pick(texts, x)`: one of them."""
    cursor.execute(
        """
        CREATE OR REPLACE FUNCTION pg_temp.u(id bigint, k int) RETURNS float8
        LANGUAGE sql IMMUTABLE AS
        $$ SELECT (hashint8(id * 97 + k) & 2147483647)::float8 / 2147483648.0 $$;

        CREATE OR REPLACE FUNCTION pg_temp.pick(a text[], x float8) RETURNS text
        LANGUAGE sql IMMUTABLE AS $$ SELECT a[1 + floor(x * cardinality(a))::int] $$;

        CREATE OR REPLACE FUNCTION pg_temp.iso(e bigint) RETURNS text
        LANGUAGE sql STABLE AS $$ SELECT replace(to_timestamp(e)::text, ' ', 'T') || ':00' $$;
        """
    )


def install_business_time(
    cursor: Any, calendar: businesstime.Calendar, first: dt.date, last: dt.date
) -> int:
    """`bcum(office, e)` and `binv(office, c)` for the office calendar (or 7×24 when
    `office` is false), valid from `first` to `last`; returns their origin (an epoch)."""
    base = dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC) - dt.timedelta(
        seconds=LOCAL_OFFSET
    )
    origin = int(base.timestamp())
    cum: list[int] = []
    work: list[int] = []
    workdays: list[int] = []
    total, day, index = 0, first, 0
    while day <= last:
        local_midnight = dt.datetime(day.year, day.month, day.day, tzinfo=calendar._tz)
        if local_midnight.utcoffset() != dt.timedelta(seconds=LOCAL_OFFSET):
            raise ValueError(f"{calendar.timezone} is not UTC+8 on {day}")
        spans = calendar.intervals(day)
        if spans not in ((), OFFICE_SPANS):
            raise ValueError(f"the bench calendar has other hours on {day}: {spans}")
        cum.append(total)
        work.append(1 if spans else 0)
        if spans:
            workdays.append(origin + index * DAY)
            total += WORKING_DAY
        day += dt.timedelta(days=1)
        index += 1

    def literal(values: Iterable[int]) -> str:
        """A PostgreSQL bigint[] literal."""
        return "'{" + ",".join(map(str, values)) + "}'::bigint[]"

    cursor.execute(
        f"""
        CREATE OR REPLACE FUNCTION pg_temp.bcum(office boolean, e bigint) RETURNS bigint
        LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN office THEN
            ({literal(cum)})[((e - {origin}) / {DAY})::int + 1]
            + ({literal(work)})[((e - {origin}) / {DAY})::int + 1]
              * (least(greatest(mod(e - {origin}, {DAY}) - 32400, 0), 10800)
                 + least(greatest(mod(e - {origin}, {DAY}) - 46800, 0), 18000))
        ELSE e - {origin} END $$;

        CREATE OR REPLACE FUNCTION pg_temp.binv(office boolean, c bigint) RETURNS bigint
        LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN office THEN
            ({literal(workdays)})[((c + {WORKING_DAY - 1}) / {WORKING_DAY})::int] + 32400
            + (c - ((c + {WORKING_DAY - 1}) / {WORKING_DAY} - 1) * {WORKING_DAY})
            + CASE WHEN c - ((c + {WORKING_DAY - 1}) / {WORKING_DAY} - 1) * {WORKING_DAY}
                   > 10800 THEN 3600 ELSE 0 END
        ELSE c + {origin} END $$;
        """
    )
    return origin


def open_share(tickets: int, open_tickets: float, span: int) -> float:
    """τ (seconds) such that P(open) = exp(-age / τ) expects `open_tickets` open tickets."""
    target = min(open_tickets, tickets * MAX_OPEN_SHARE)

    def expected(tau: float) -> float:
        """Open tickets expected with τ: tickets arrive evenly over `span`."""
        return tickets / span * tau * (1 - math.exp(-span / tau))

    low, high = 1.0, span * 1e4
    for _ in range(BISECTION_STEPS):
        mid = (low + high) / 2
        low, high = (mid, high) if expected(mid) < target else (low, mid)
    return (low + high) / 2


STAGE_SQL = """
CREATE TEMP TABLE bench_a ON COMMIT DROP AS
WITH l1 AS (
    SELECT g AS id, c AS created_e,
           pg_temp.u(g, 1) < exp(-(%(now)s - c) / %(tau)s::float8) AS is_open
    FROM (SELECT g,
              %(start)s::bigint + floor((g - 1 + pg_temp.u(g, 0)) * %(step)s::float8)::bigint AS c
          FROM generate_series(1, %(n)s::bigint) AS g) AS s
    OFFSET 0
), l2 AS (
    SELECT id, created_e, is_open,
           (row_number() OVER (PARTITION BY is_open ORDER BY 0.6 * pg_temp.u(id, 2)
                + 0.4 * least((%(now)s - created_e) / %(tau)s::float8, 1.0)) - 0.5)
           / count(*) OVER (PARTITION BY is_open) AS pos
    FROM l1
    OFFSET 0
), l3 AS (
    SELECT id, created_e,
        CASE WHEN NOT is_open THEN
                CASE WHEN pg_temp.u(id, 3) < 0.03 THEN 'cancelled' ELSE 'done' END
             WHEN pos < %(mix_new)s THEN 'new' WHEN pos < %(mix_assigned)s THEN 'assigned'
             WHEN pos < %(mix_in_progress)s THEN 'in_progress' ELSE 'pending' END AS cls,
        mod(id, %(req_step)s) = %(req_phase)s AS bench_req,
        pg_temp.u(id, 4) AS uch, pg_temp.u(id, 5) AS uiu
    FROM l2
    OFFSET 0
), l4 AS (
    SELECT id, created_e, cls, bench_req, uiu,
        CASE WHEN NOT bench_req AND uch < 0.08 THEN 'monitoring' WHEN uch < 0.53 THEN 'portal'
             WHEN uch < 0.73 THEN 'email' WHEN uch < 0.93 THEN 'phone' ELSE 'walk_in' END AS ch,
        CASE WHEN uiu < 0.08 THEN 1 WHEN uiu < 0.36 THEN 2 ELSE 3 END AS impact,
        CASE WHEN uiu < 0.01 THEN 1 WHEN uiu < 0.03 THEN 2 WHEN uiu < 0.08 THEN 3
             WHEN uiu < 0.11 THEN 1 WHEN uiu < 0.19 THEN 2 WHEN uiu < 0.36 THEN 3
             WHEN uiu < 0.40 THEN 1 WHEN uiu < 0.57 THEN 2 ELSE 3 END AS urgency
    FROM l3
    OFFSET 0
), l5 AS (
    SELECT l4.*,
        (%(matrix)s::int[])[(impact - 1) * 3 + urgency] AS priority,
        CASE WHEN cls <> 'new' AND ch <> 'monitoring' AND pg_temp.u(id, 6) < 0.6
             THEN 1 + floor(%(n_items)s * power(pg_temp.u(id, 7), 1.6))::int END AS item,
        CASE WHEN bench_req THEN 0 WHEN ch = 'monitoring' THEN NULL
             ELSE 1 + floor((%(n_owners)s - 1) * power(pg_temp.u(id, 9), 1.3))::int END AS req_k
    FROM l4
    OFFSET 0
), l6 AS (
    SELECT l5.*,
        CASE WHEN item IS NOT NULL THEN
                CASE WHEN (%(item_incident)s::boolean[])[item] THEN 'incident' ELSE 'request' END
             WHEN ch = 'monitoring' OR pg_temp.u(id, 8) < 0.8 THEN 'incident'
             ELSE 'request' END AS kind,
        (%(item_group)s::bigint[])[item] AS item_group,
        CASE WHEN ch = 'monitoring' THEN %(monitor)s::bigint
             ELSE (%(owners)s::bigint[])[req_k + 1] END AS requester_id
    FROM l5
    OFFSET 0
), l7 AS (
    SELECT l6.*,
        CASE WHEN cls = 'new' THEN NULL
             WHEN cls = 'cancelled' AND item_group IS NULL AND pg_temp.u(id, 11) < 0.3 THEN NULL
             WHEN item_group IS NOT NULL THEN item_group
             ELSE 1 + floor(%(groups)s * power(pg_temp.u(id, 12), 1.25))::bigint
             END AS first_group,
        CASE WHEN ch = 'monitoring'
                 THEN %(n_owned)s + 1
                      + floor((%(n_assets)s - %(n_owned)s) * pg_temp.u(id, 10))::bigint
             WHEN req_k < %(n_owned)s AND pg_temp.u(id, 10)
                  < CASE WHEN kind = 'incident' THEN 0.4 ELSE 0.1 END THEN req_k + 1 END AS asset_id
    FROM l6
    OFFSET 0
), l8 AS (
    SELECT l7.*, cls <> 'new' AND first_group IS NOT NULL AND pg_temp.u(id, 13) < 0.10
                 AS reassigned
    FROM l7
    OFFSET 0
), l9 AS (
    SELECT l8.*,
        CASE WHEN reassigned THEN 1 + mod(first_group - 1 + 1
                  + floor(pg_temp.u(id, 14) * (%(groups)s - 1))::bigint, %(groups)s)
             ELSE first_group END AS group_id,
        cls IN ('in_progress', 'pending', 'done')
            OR (cls = 'assigned' AND pg_temp.u(id, 15) < 0.5)
            OR (cls = 'cancelled' AND first_group IS NOT NULL AND pg_temp.u(id, 15) < 0.4)
            AS has_assignee,
        coalesce((%(item_pol)s::bigint[])[item], (%(pol)s::bigint[])[priority]) AS policy_id,
        coalesce((%(item_pol_resp)s::bigint[])[item], (%(pol_resp)s::bigint[])[priority]) AS rt,
        coalesce((%(item_pol_res)s::bigint[])[item], (%(pol_res)s::bigint[])[priority]) AS big_t,
        coalesce((%(item_pol_office)s::boolean[])[item], (%(pol_office)s::boolean[])[priority])
            AS office
    FROM l8
    OFFSET 0
)
SELECT l9.id, l9.created_e, l9.cls, l9.ch, l9.impact, l9.urgency, l9.priority, l9.kind,
    l9.item, (%(item_ids)s::bigint[])[l9.item] AS catalog_item_id, l9.item_group IS NOT NULL
        AS via_item, l9.requester_id, l9.asset_id, l9.first_group, l9.group_id, l9.reassigned,
    CASE WHEN l9.has_assignee THEN gm.m[1 + floor(cardinality(gm.m) * pg_temp.u(l9.id, 16))::int]
        END AS assignee_id,
    CASE WHEN l9.ch IN ('portal', 'email') THEN l9.requester_id
         WHEN l9.ch = 'monitoring' THEN %(monitor)s::bigint
         ELSE (%(agents)s::bigint[])[1 + floor(%(n_agents)s * pg_temp.u(l9.id, 17))::int]
         END AS opened_by_id,
    (%(agents)s::bigint[])[1 + floor(%(n_agents)s * pg_temp.u(l9.id, 18))::int] AS desk_agent,
    l9.policy_id, l9.rt, l9.big_t, l9.office, pg_temp.bcum(l9.office, l9.created_e) AS c0
FROM l9 LEFT JOIN (
    SELECT supportgroup_id AS gid, array_agg(user_id ORDER BY user_id) AS m
    FROM accounts_supportgroup_members GROUP BY supportgroup_id
) AS gm ON gm.gid = l9.group_id
"""

TIMELINE_SQL = """
CREATE TEMP TABLE bench_t ON COMMIT DROP AS
WITH t1 AS (
    SELECT a.*,
        CASE cls WHEN 'done' THEN true WHEN 'cancelled' THEN pg_temp.u(id, 20) < 0.5
                 WHEN 'new' THEN false WHEN 'assigned' THEN pg_temp.u(id, 21) >= 0.6
                 ELSE pg_temp.u(id, 21) >= 0.1 END AS responded,
        cls = 'done' AND pg_temp.u(id, 22) < 0.15 AS fcr,
        greatest(30, floor(rt * CASE WHEN pg_temp.u(id, 23) < %(breach)s
            THEN 1 + 2 * pg_temp.u(id, 25) ELSE 0.05 + 0.93 * pg_temp.u(id, 25) END))::bigint AS r,
        floor(big_t * CASE WHEN pg_temp.u(id, 24) < %(breach)s
            THEN 1 + 2 * pg_temp.u(id, 26) ELSE 0.05 + 0.93 * pg_temp.u(id, 26) END)::bigint AS e0,
        3600 + floor(pg_temp.u(id, 29) * 4 * 86400)::bigint AS w
    FROM bench_a AS a
    OFFSET 0
), t2 AS (
    SELECT t1.*,
        CASE WHEN fcr THEN r ELSE greatest(e0, r + 600) END AS e,
        (cls = 'done' AND NOT fcr AND pg_temp.u(id, 27) < 0.2)
            OR (cls = 'in_progress' AND responded AND pg_temp.u(id, 27) < 0.2) AS pend_past,
        pg_temp.binv(office, c0 + r) AS plan_fr
    FROM t1
    OFFSET 0
), t3 AS (
    SELECT t2.*, r + floor((e - r) * (0.2 + 0.6 * pg_temp.u(id, 28)))::bigint AS p
    FROM t2
    OFFSET 0
), t4 AS (
    SELECT t3.*,
        CASE WHEN cls = 'done' AND pend_past THEN pg_temp.binv(office, c0 + p) END AS plan_pend,
        CASE WHEN cls <> 'done' THEN NULL
             WHEN pend_past THEN pg_temp.binv(office,
                 pg_temp.bcum(office, pg_temp.binv(office, c0 + p) + w) + e - p)
             ELSE pg_temp.binv(office, c0 + e) END AS plan_res
    FROM t3
    OFFSET 0
), t5 AS (  -- done tickets: the planned life if it fits before now, else a compressed one
    SELECT t4.*, cls = 'done' AND plan_res <= %(now)s - 120 AS done_ok,
        greatest(1, %(now)s - created_e) AS age
    FROM t4
    OFFSET 0
), t6 AS (
    SELECT t5.*,
        CASE WHEN cls = 'done' THEN
                CASE WHEN done_ok THEN plan_res ELSE created_e + age / 2 END END AS res_e,
        CASE WHEN cls = 'cancelled' THEN created_e
            + least(600 + floor(pg_temp.u(id, 31) * 3 * 86400)::bigint, age * 9 / 10) END
            AS cancel_e
    FROM t5
    OFFSET 0
), t7 AS (
    SELECT t6.*,
        CASE WHEN NOT responded THEN NULL
             WHEN cls = 'done' AND fcr THEN res_e
             WHEN cls = 'done' AND done_ok THEN plan_fr
             WHEN cls = 'done' THEN created_e + age / 5
             WHEN cls = 'cancelled' THEN created_e
                 + floor((cancel_e - created_e) * (0.1 + 0.5 * pg_temp.u(id, 32)))::bigint
             WHEN plan_fr < %(now)s THEN plan_fr
             ELSE created_e + floor(age * (0.05 + 0.4 * pg_temp.u(id, 32)))::bigint END AS fr_e
    FROM t6
    OFFSET 0
), t8 AS (
    SELECT t7.*,
        CASE WHEN cls = 'done' AND done_ok THEN plan_pend
             WHEN cls = 'pending' THEN coalesce(fr_e, created_e) + greatest(1, floor(
                 (%(now)s - coalesce(fr_e, created_e)) * (0.1 + 0.8 * pg_temp.u(id, 33))))::bigint
             WHEN cls = 'in_progress' AND pend_past THEN fr_e
                 + floor((%(now)s - fr_e) * (0.1 + 0.4 * pg_temp.u(id, 33)))::bigint
             END AS pend_e
    FROM t7
    OFFSET 0
), t9 AS (
    SELECT t8.*,
        CASE WHEN cls = 'done' AND done_ok AND pend_past THEN pend_e + w
             WHEN cls = 'in_progress' AND pend_past THEN pend_e
                 + floor((%(now)s - pend_e) * (0.1 + 0.8 * pg_temp.u(id, 34)))::bigint
             END AS resume_e,
        CASE WHEN cls = 'done' THEN res_e + 600 + floor(pg_temp.u(id, 30) * 2.5 * 86400)::bigint
             END AS plan_close,
        cls IN ('in_progress', 'pending') OR (cls = 'done' AND NOT fcr)
            OR (cls = 'cancelled' AND assignee_id IS NOT NULL) AS started
    FROM t8
    OFFSET 0
), t10 AS (
    SELECT t9.*,
        CASE WHEN started THEN created_e + (least(coalesce(fr_e, %(now)s), coalesce(pend_e,
            %(now)s), coalesce(res_e, %(now)s), coalesce(cancel_e, %(now)s), %(now)s)
            - created_e) / 2 END AS start_e,
        CASE WHEN plan_close <= %(now)s THEN plan_close END AS close_e
    FROM t9
    OFFSET 0
), t11 AS (
    SELECT t10.*,
        CASE WHEN first_group IS NULL THEN NULL WHEN via_item THEN created_e
             ELSE created_e + (coalesce(start_e, fr_e, cancel_e, res_e, %(now)s) - created_e)
                  * 3 / 10 END AS assign_e
    FROM t10
    OFFSET 0
), t12 AS (
    SELECT t11.*,
        CASE WHEN reassigned THEN assign_e
            + (coalesce(start_e, fr_e, cancel_e, res_e, %(now)s) - assign_e) / 2 END AS reassign_e
    FROM t11
    OFFSET 0
)
SELECT t12.*,
    CASE cls WHEN 'done' THEN CASE WHEN close_e IS NULL THEN 'resolved' ELSE 'closed' END
             ELSE cls END AS status,
    CASE WHEN cls = 'done' THEN coalesce(close_e, res_e) WHEN cls = 'cancelled' THEN cancel_e
         ELSE greatest(created_e, fr_e, pend_e, resume_e, start_e, assign_e, reassign_e)
              + floor((%(now)s - greatest(created_e, fr_e, pend_e, resume_e, start_e, assign_e,
                reassign_e)) * 0.5 * pg_temp.u(id, 35))::bigint END AS last_e
FROM t12
"""

TICKETS_SQL = """
INSERT INTO incidents_ticket (id, number, kind, title, description, catalog_item_id, form_data,
    requester_id, opened_by_id, customer_unit_id, channel, impact, urgency, priority,
    priority_override_reason, status, pending_reason, assignment_group_id, assignee_id,
    asset_id, promised_reply_at, callback_phone, promise_reminded_at, promise_kept,
    resolution_code, resolution_notes, reassignment_count, reopen_count, version,
    first_response_at, resolved_at, closed_at, created_at, updated_at, alert_count,
    approval_state, during_maintenance)
SELECT t.id,
    CASE WHEN t.kind = 'incident' THEN 'INC' ELSE 'REQ' END || lpad(t.id::text, 7, '0'),
    t.kind, x.title,
    x.title || E'\n' || pg_temp.pick(CASE WHEN t.ch = 'monitoring' THEN %(msentences)s::text[]
                                      ELSE %(sentences)s::text[] END, pg_temp.u(t.id, 41))
        || ' ' || pg_temp.pick(%(sentences)s::text[], pg_temp.u(t.id, 42))
        || CASE WHEN pg_temp.u(t.id, 43) < 0.5
                THEN ' ' || pg_temp.pick(%(sentences)s::text[], pg_temp.u(t.id, 44)) ELSE '' END
        || CASE WHEN t.asset_id IS NOT NULL THEN ' (' || a.tag || ')' ELSE '' END
        || CASE WHEN mod(t.id, %(rare_every)s) = 7
                THEN ' ' || pg_temp.pick(%(rare)s::text[], pg_temp.u(t.id, 45)) ELSE '' END,
    t.catalog_item_id, '{}'::jsonb, t.requester_id, t.opened_by_id, r.customer_unit_id, t.ch,
    t.impact, t.urgency, t.priority, '', t.status,
    CASE WHEN t.status = 'pending'
         THEN pg_temp.pick(%(pending)s::text[], pg_temp.u(t.id, 46)) ELSE '' END,
    t.group_id, t.assignee_id, t.asset_id,
    CASE WHEN t.promised THEN to_timestamp(t.created_e + 7200) END,
    CASE WHEN t.promised THEN r.phone ELSE '' END,
    CASE WHEN t.promised AND t.fr_e IS NULL AND t.created_e + 7200 <= %(now)s + 900
         THEN to_timestamp(t.created_e + 7200 - 900) END,
    CASE WHEN t.promised AND t.fr_e IS NOT NULL THEN t.fr_e <= t.created_e + 7200 END,
    CASE WHEN t.res_e IS NOT NULL
         THEN pg_temp.pick(%(codes)s::text[], pg_temp.u(t.id, 47)) ELSE '' END,
    CASE WHEN t.res_e IS NOT NULL
         THEN pg_temp.pick(%(notes)s::text[], pg_temp.u(t.id, 48)) ELSE '' END,
    CASE WHEN t.reassigned THEN 1 ELSE 0 END, 0,
    1 + (CASE WHEN t.first_group IS NOT NULL AND NOT t.via_item THEN 1 ELSE 0 END)
      + (CASE WHEN t.reassigned THEN 1 ELSE 0 END) + (CASE WHEN t.started THEN 1 ELSE 0 END)
      + (CASE WHEN t.pend_e IS NOT NULL THEN 1 ELSE 0 END)
      + (CASE WHEN t.resume_e IS NOT NULL THEN 1 ELSE 0 END)
      + (CASE WHEN t.res_e IS NOT NULL THEN 1 ELSE 0 END)
      + (CASE WHEN t.close_e IS NOT NULL OR t.cancel_e IS NOT NULL THEN 1 ELSE 0 END),
    to_timestamp(t.fr_e), to_timestamp(t.res_e), to_timestamp(coalesce(t.close_e, t.cancel_e)),
    to_timestamp(t.created_e), to_timestamp(t.last_e),
    -- No seeded ticket came from an alert integration, needed an approval or was opened
    -- during a maintenance window: the models' defaults.
    0, 'not_required', false
FROM (SELECT bench_t.*, ch = 'phone' AND pg_temp.u(id, 49) < 0.3 AS promised FROM bench_t) AS t
JOIN accounts_user AS r ON r.id = t.requester_id
LEFT JOIN assets_asset AS a ON a.id = t.asset_id
CROSS JOIN LATERAL (SELECT CASE
    WHEN mod(t.id, %(rare_every)s) = 3 THEN pg_temp.pick(%(rare)s::text[], pg_temp.u(t.id, 40))
    WHEN t.ch = 'monitoring' THEN pg_temp.pick(%(monitoring)s::text[], pg_temp.u(t.id, 40))
        || ' ' || coalesce(a.name, '')
    WHEN t.item IS NOT NULL AND pg_temp.u(t.id, 39) < 0.5
        THEN CASE WHEN pg_temp.u(t.id, 38) < 0.65 THEN (%(item_zh)s::text[])[t.item]
                  ELSE (%(item_en)s::text[])[t.item] END
    WHEN t.kind = 'incident' THEN pg_temp.pick(%(incident_titles)s::text[], pg_temp.u(t.id, 40))
    ELSE pg_temp.pick(%(request_titles)s::text[], pg_temp.u(t.id, 40)) END AS title) AS x
"""

# One row per timer: a = start, b = end of the first closed segment, c = start of the second
# (or of the running one after a pause), d = end of the second; see sla.models.SLATimer.
TIMERS_SQL = """
INSERT INTO sla_slatimer (ticket_id, kind, policy_id, calendar_id, target_minutes,
    warn_at_percent, state, started_at, running_since, segments, elapsed, due_at, warn_at,
    warned_at, breached_at, stopped_at, warn_notified, breach_notified)
SELECT ticket_id, kind, policy_id, calendar_id, target / 60, %(warn_pct)s, state,
    to_timestamp(a), to_timestamp(CASE WHEN state = 'running' THEN coalesce(c, a) END),
    CASE WHEN b IS NULL OR b <= a THEN '[]'::jsonb
         ELSE jsonb_build_array(jsonb_build_array(pg_temp.iso(a), pg_temp.iso(b))) END
    || CASE WHEN d IS NOT NULL AND d > c
            THEN jsonb_build_array(jsonb_build_array(pg_temp.iso(c), pg_temp.iso(d)))
            ELSE '[]'::jsonb END,
    (e1 + e2) * interval '1 second',
    to_timestamp(CASE WHEN state = 'running' THEN due END),
    to_timestamp(CASE WHEN state = 'running' THEN warn END),
    to_timestamp(CASE WHEN warn < last_run THEN warn END),
    to_timestamp(CASE WHEN due < last_run THEN due END),
    to_timestamp(CASE WHEN state = 'stopped' THEN coalesce(d, b) END),
    coalesce(warn < last_run, false), coalesce(due < last_run, false)
FROM (
    SELECT s.*,
        CASE WHEN b IS NOT NULL AND e1 >= target THEN pg_temp.binv(office, c0 + target)
             WHEN c IS NOT NULL AND (d IS NULL OR e1 + e2 >= target)
                 THEN pg_temp.binv(office, cc + target - e1)
             WHEN state = 'running' THEN pg_temp.binv(office, c0 + target) END AS due,
        CASE WHEN b IS NOT NULL AND e1 >= warn_s THEN pg_temp.binv(office, c0 + warn_s)
             WHEN c IS NOT NULL AND (d IS NULL OR e1 + e2 >= warn_s)
                 THEN pg_temp.binv(office, cc + warn_s - e1)
             WHEN state = 'running' THEN pg_temp.binv(office, c0 + warn_s) END AS warn,
        CASE WHEN state = 'running' THEN %(now)s ELSE coalesce(d, b) END AS last_run
    FROM (
        SELECT v.*, t.id AS ticket_id, t.policy_id, t.office, t.c0,
            CASE WHEN t.office THEN %(office_cal)s ELSE %(always_cal)s END AS calendar_id,
            v.target * %(warn_pct)s / 100 AS warn_s,
            CASE WHEN v.b IS NOT NULL THEN pg_temp.bcum(t.office, v.b) - t.c0 ELSE 0 END AS e1,
            pg_temp.bcum(t.office, v.c) AS cc,
            CASE WHEN v.d IS NOT NULL
                 THEN pg_temp.bcum(t.office, v.d) - pg_temp.bcum(t.office, v.c) ELSE 0 END AS e2
        FROM bench_t AS t
        CROSS JOIN LATERAL (VALUES
            ('response', t.rt, t.created_e,
             CASE WHEN t.fr_e IS NOT NULL THEN 'stopped' WHEN t.cls = 'cancelled' THEN 'stopped'
                  WHEN t.cls = 'pending' THEN 'paused' ELSE 'running' END,
             coalesce(t.fr_e, t.cancel_e, CASE WHEN t.cls = 'pending' THEN t.pend_e END),
             NULL::bigint, NULL::bigint),
            ('resolution', t.big_t, t.created_e,
             CASE WHEN t.res_e IS NOT NULL OR t.cancel_e IS NOT NULL THEN 'stopped'
                  WHEN t.cls = 'pending' THEN 'paused' ELSE 'running' END,
             CASE WHEN t.pend_e IS NOT NULL THEN t.pend_e ELSE coalesce(t.res_e, t.cancel_e) END,
             t.resume_e,
             CASE WHEN t.resume_e IS NOT NULL THEN t.res_e END)
        ) AS v(kind, target, a, state, b, c, d)
        OFFSET 0
    ) AS s
    OFFSET 0
) AS timers
"""

COMMENTS_SQL = """
INSERT INTO incidents_comment (ticket_id, author_id, body, internal, created_at, updated_at)
SELECT ticket_id, author_id,
    CASE WHEN mod(key, %(rare_every)s) = 11 THEN pg_temp.pick(%(rare)s::text[], pg_temp.u(key, 61))
         WHEN role IN ('first', 'agent') THEN pg_temp.pick(%(replies)s::text[], pg_temp.u(key, 61))
         WHEN role = 'note' THEN pg_temp.pick(%(internal_notes)s::text[], pg_temp.u(key, 61))
         ELSE pg_temp.pick(%(requester)s::text[], pg_temp.u(key, 61)) END,
    role = 'note', to_timestamp(at_e), to_timestamp(at_e)
FROM (
    SELECT t.id AS ticket_id, t.id * 8 + k AS key,
        CASE WHEN role = 'requester' THEN t.requester_id
             ELSE coalesce(t.assignee_id, t.desk_agent) END AS author_id, role,
        CASE WHEN role = 'first' THEN t.fr_e
             ELSE lo + 1 + floor((hi - lo - 1) * ((k - 1) + pg_temp.u(t.id * 8 + k, 62))
                  / n)::bigint END AS at_e
    FROM (
        SELECT bench_t.*,
            CASE cls
                WHEN 'done' THEN 2 + (pg_temp.u(id, 50) < 0.5)::int
                    + (pg_temp.u(id, 51) < 0.25)::int
                WHEN 'cancelled' THEN (pg_temp.u(id, 50) < 0.5)::int
                WHEN 'new' THEN (pg_temp.u(id, 50) < 0.3)::int
                WHEN 'assigned' THEN (fr_e IS NOT NULL)::int + (pg_temp.u(id, 50) < 0.4)::int
                WHEN 'in_progress' THEN (fr_e IS NOT NULL)::int + (pg_temp.u(id, 50) < 0.6)::int
                    + (pg_temp.u(id, 51) < 0.3)::int
                ELSE 2 + (pg_temp.u(id, 50) < 0.4)::int END AS n,
            coalesce(fr_e, created_e) AS lo,
            greatest(coalesce(res_e, cancel_e, last_e), coalesce(fr_e, created_e) + 2) AS hi
        FROM bench_t
        OFFSET 0
    ) AS t
    CROSS JOIN LATERAL generate_series(1, t.n) AS k
    CROSS JOIN LATERAL (SELECT CASE
        WHEN k = 1 AND t.fr_e IS NOT NULL AND NOT t.fcr THEN 'first'
        WHEN t.ch = 'monitoring' THEN 'note'
        WHEN pg_temp.u(t.id * 8 + k, 63) < 0.4 THEN 'note'
        WHEN pg_temp.u(t.id * 8 + k, 63) < 0.7 OR t.fr_e IS NULL OR t.fcr THEN 'requester'
        ELSE 'agent' END AS role) AS x
    OFFSET 0
) AS c
"""

EVENTS_SQL = """
INSERT INTO incidents_ticketevent (ticket_id, actor_id, at, kind, field, old_value, new_value,
    internal)
SELECT t.id, v.actor, to_timestamp(v.at_e), v.kind, v.field, v.old, v.new, false
FROM (
    SELECT bench_t.*, g1.name AS first_name, g2.name AS group_name,
        CASE WHEN ch IN ('phone', 'walk_in') THEN opened_by_id ELSE desk_agent END AS router
    FROM bench_t
    LEFT JOIN accounts_supportgroup AS g1 ON g1.id = bench_t.first_group
    LEFT JOIN accounts_supportgroup AS g2 ON g2.id = bench_t.group_id
) AS t
CROSS JOIN LATERAL (VALUES
    (true, t.created_e, t.opened_by_id, 'created', 'channel', '', t.ch),
    (t.first_group IS NOT NULL, t.assign_e, CASE WHEN t.via_item THEN NULL ELSE t.router END,
        'assignment', 'assignment_group', '', t.first_name),
    (t.first_group IS NOT NULL AND NOT t.via_item, t.assign_e, t.router, 'transition', 'status',
        'new', 'assigned'),
    (t.reassigned, t.reassign_e, t.router, 'assignment', 'assignment_group', t.first_name,
        t.group_name),
    (t.started, t.start_e, t.assignee_id, 'transition', 'status', 'assigned', 'in_progress'),
    (t.pend_e IS NOT NULL, t.pend_e, t.assignee_id, 'transition', 'status', 'in_progress',
        'pending'),
    (t.resume_e IS NOT NULL, t.resume_e, t.assignee_id, 'transition', 'status', 'pending',
        'in_progress'),
    (t.res_e IS NOT NULL, t.res_e, t.assignee_id, 'transition', 'status',
        CASE WHEN t.started THEN 'in_progress' ELSE 'assigned' END, 'resolved'),
    (t.close_e IS NOT NULL, t.close_e,
        CASE WHEN pg_temp.u(t.id, 55) < 0.4 THEN t.requester_id END, 'transition', 'status',
        'resolved', 'closed'),
    (t.cancel_e IS NOT NULL, t.cancel_e, t.requester_id, 'transition', 'status',
        CASE WHEN t.started THEN 'in_progress' WHEN t.first_group IS NOT NULL THEN 'assigned'
             ELSE 'new' END, 'cancelled')
) AS v(include, at_e, actor, kind, field, old, new)
WHERE v.include
"""

SURVEYS_SQL = """
INSERT INTO satisfaction_survey (ticket_id, resolution, requester_id, assignment_group_id,
    assignee_id, service_id, resolved_at, status, withdrawn_reason, nonce, send_after,
    expiry_days, sent_at, expires_at, reminded_at, responded_at, rating, comment, created_at,
    updated_at)
SELECT id, 1, requester_id, group_id, assignee_id, service_id, to_timestamp(res_e), status, '',
    substr(md5(id::text || 'survey'), 1, 22), to_timestamp(send_e), %(expiry_days)s,
    to_timestamp(CASE WHEN status <> 'scheduled' THEN send_e END),
    to_timestamp(CASE WHEN status <> 'scheduled' THEN send_e + %(expiry_days)s * 86400 END),
    to_timestamp(CASE WHEN status = 'sent' AND send_e + %(reminder_days)s * 86400 < %(now)s
                      THEN send_e + %(reminder_days)s * 86400 END),
    to_timestamp(CASE WHEN status = 'answered' THEN answer_e END),
    CASE WHEN status = 'answered' THEN rating END,
    CASE WHEN status = 'answered' THEN pg_temp.pick(
        CASE rating WHEN 5 THEN %(c5)s::text[] WHEN 4 THEN %(c4)s::text[]
                    WHEN 3 THEN %(c3)s::text[] WHEN 2 THEN %(c2)s::text[] ELSE %(c1)s::text[] END,
        pg_temp.u(id, 74)) ELSE '' END,
    to_timestamp(res_e),
    to_timestamp(CASE WHEN status = 'answered' THEN answer_e ELSE greatest(res_e, least(send_e,
        %(now)s)) END)
FROM (
    SELECT s.*, CASE WHEN send_e > %(now)s THEN 'scheduled'
                     WHEN pg_temp.u(id, 71) < 0.65 AND answer_e <= %(now)s THEN 'answered'
                     ELSE 'sent' END AS status
    FROM (
        SELECT t.id, t.requester_id, t.group_id, t.assignee_id, i.service_id, t.res_e,
            t.res_e + %(delay_minutes)s * 60 AS send_e,
            t.res_e + %(delay_minutes)s * 60 + 300
                + floor(pg_temp.u(t.id, 72) * 2 * 86400)::bigint AS answer_e,
            CASE WHEN pg_temp.u(t.id, 73) < 0.45 THEN 5 WHEN pg_temp.u(t.id, 73) < 0.75 THEN 4
                 WHEN pg_temp.u(t.id, 73) < 0.88 THEN 3 WHEN pg_temp.u(t.id, 73) < 0.95 THEN 2
                 ELSE 1 END AS rating
        FROM bench_t AS t LEFT JOIN catalog_catalogitem AS i ON i.id = t.catalog_item_id
        WHERE t.status IN ('resolved', 'closed') AND t.ch <> 'monitoring'
          AND pg_temp.u(t.id, 70) < %(survey_share)s
        OFFSET 0
    ) AS s
    OFFSET 0
) AS surveys
"""

FOLLOW_UPS_SQL = """
INSERT INTO satisfaction_followup (survey_id, ticket_id, group_id, manager_id, status,
    action_taken, done_by_id, done_at, created_at, updated_at)
SELECT s.id, s.ticket_id, s.assignment_group_id, g.manager_id, x.status,
    CASE WHEN x.status = 'done'
         THEN pg_temp.pick(%(actions)s::text[], pg_temp.u(s.id, 80)) ELSE '' END,
    CASE WHEN x.status = 'done' THEN g.manager_id END,
    CASE WHEN x.status = 'done' THEN x.done_at END, s.responded_at, coalesce(x.done_at,
        s.responded_at)
FROM satisfaction_survey AS s
JOIN accounts_supportgroup AS g ON g.id = s.assignment_group_id
CROSS JOIN LATERAL (SELECT
    CASE WHEN s.responded_at < %(now_ts)s - interval '7 days' THEN 'done' ELSE 'open' END AS status,
    CASE WHEN s.responded_at < %(now_ts)s - interval '7 days'
         THEN s.responded_at + interval '1 day' * (1 + 2 * pg_temp.u(s.id, 81)) END AS done_at
) AS x
WHERE s.rating <= 2
"""


def ticket_params(p: dict[str, Any]) -> dict[str, Any]:
    """The text arrays the statements above pick from."""
    return {
        **p,
        "sentences": words.DESCRIPTION_SENTENCES,
        "msentences": words.MONITORING_SENTENCES,
        "internal_notes": words.INTERNAL_NOTES,
        "rare": words.RARE_SENTENCES,
        "pending": words.PENDING_REASONS,
        "codes": words.RESOLUTION_CODES,
        "notes": words.RESOLUTION_NOTES,
        "monitoring": words.MONITORING_TITLES,
        "incident_titles": words.INCIDENT_TITLES,
        "request_titles": words.REQUEST_TITLES,
        "replies": words.AGENT_REPLIES,
        "requester": words.REQUESTER_REPLIES,
        **{f"c{r}": texts for r, texts in words.SURVEY_COMMENTS.items()},
        "actions": words.FOLLOW_UP_ACTIONS,
    }
