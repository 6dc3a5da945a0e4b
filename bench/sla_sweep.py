"""Benchmark of the SLA sweep on PostgreSQL: `python -m bench.sla_sweep`.

Against the database in DATABASE_URL (use a scratch one: it is migrated), seeds 100,000
running timers on 100,000 tickets with set-based SQL, 1,000 of which have crossed their due
time and 1,000 their warning threshold, then times the sweep's marking pass (the two
`UPDATE … RETURNING` statements and the history rows) several times, putting the 2,000
crossings back before each pass. Also times the second phase (notifications) once for
those 2,000, and prints the plan of the breach scan. Removes its rows at the end.
"""

import argparse
import os
import statistics
import sys
import time

TIMERS = 100_000
CROSSING = 1_000
PREFIX = "BENSLA"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings_test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (it will be migrated).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _seed(cursor, timers: int, crossing: int) -> None:
    from accounts.models import SupportGroup, User
    from sla.businesstime import TWENTY_FOUR_SEVEN
    from sla.models import BusinessCalendar, SLAPolicy

    requester, _ = User.objects.get_or_create(username="bench-requester")
    agent, _ = User.objects.get_or_create(
        username="bench-agent", defaults={"role": "agent", "email": "bench@example.com"}
    )
    group, _ = SupportGroup.objects.get_or_create(code="BENCH", defaults={"name": "Bench"})
    group.members.add(agent)
    calendar, _ = BusinessCalendar.objects.get_or_create(
        name="bench 24x7", defaults={"hours": TWENTY_FOUR_SEVEN}
    )
    policy, _ = SLAPolicy.objects.get_or_create(
        name="bench",
        defaults={
            "calendar": calendar,
            "response_minutes": 60,
            "resolution_minutes": 480,
            "is_active": False,
        },
    )
    cursor.execute(
        """
        INSERT INTO incidents_ticket (number, kind, title, description, form_data,
            requester_id, channel, impact, urgency, priority, priority_override_reason,
            status, pending_reason, assignment_group_id, assignee_id, callback_phone,
            resolution_code, resolution_notes, reassignment_count, reopen_count, version,
            created_at, updated_at, alert_count, approval_state, during_maintenance)
        SELECT %(prefix)s || lpad(g::text, 9, '0'), 'incident', 'Bench ticket ' || g, '',
            '{}', %(requester)s, 'portal', 3, 3, 5, '', 'in_progress', '', %(group)s,
            %(agent)s, '', '', '', 0, 0, 1, now() - interval '2 hours', now(),
            0, 'not_required', false
        FROM generate_series(1, %(n)s) AS g
        """,
        {
            "prefix": PREFIX,
            "requester": requester.pk,
            "group": group.pk,
            "agent": agent.pk,
            "n": timers,
        },
    )
    # Timers: all running; the first `crossing` past their due time, the next `crossing`
    # past their warning threshold only; the rest due within the next 30 days.
    cursor.execute(
        """
        INSERT INTO sla_slatimer (ticket_id, kind, policy_id, calendar_id, target_minutes,
            warn_at_percent, state, started_at, running_since, segments, elapsed, due_at,
            warn_at, warn_notified, breach_notified)
        SELECT t.id, 'resolution', %(policy)s, %(calendar)s, 480, 80, 'running',
            t.created_at, t.created_at, '[]', interval '0',
            CASE WHEN t.rn <= %(c)s THEN now() - interval '1 minute'
                 WHEN t.rn <= 2 * %(c)s THEN now() + interval '20 minutes'
                 ELSE now() + (t.rn %% 43200) * interval '1 minute' + interval '1 hour' END,
            CASE WHEN t.rn <= 2 * %(c)s THEN now() - interval '5 minutes'
                 ELSE now() + (t.rn %% 43200) * interval '1 minute' + interval '30 minutes' END,
            false, false
        FROM (SELECT id, created_at, row_number() OVER (ORDER BY id) AS rn
              FROM incidents_ticket WHERE number LIKE %(like)s) AS t
        """,
        {"policy": policy.pk, "calendar": calendar.pk, "c": crossing, "like": PREFIX + "%"},
    )
    cursor.execute("ANALYZE incidents_ticket; ANALYZE sla_slatimer;")


def _reset(cursor) -> None:
    """Put the crossings back, as if the pass had not happened (not timed)."""
    cursor.execute(
        """
        UPDATE sla_slatimer SET warned_at = NULL, breached_at = NULL,
            warn_notified = false, breach_notified = false
        WHERE ticket_id IN (SELECT id FROM incidents_ticket WHERE number LIKE %(like)s)
          AND (warned_at IS NOT NULL OR breached_at IS NOT NULL)
        """,
        {"like": PREFIX + "%"},
    )
    cursor.execute(
        "DELETE FROM incidents_ticketevent WHERE kind = 'sla' AND ticket_id IN "
        "(SELECT id FROM incidents_ticket WHERE number LIKE %(like)s)",
        {"like": PREFIX + "%"},
    )


def _cleanup(cursor) -> None:
    like = {"like": PREFIX + "%"}
    ids = "(SELECT id FROM incidents_ticket WHERE number LIKE %(like)s)"
    cursor.execute("DELETE FROM notifications_notification WHERE dedupe_key LIKE 'sla_%%'")
    cursor.execute(f"DELETE FROM incidents_ticketevent WHERE ticket_id IN {ids}", like)
    cursor.execute(f"DELETE FROM sla_slatimer WHERE ticket_id IN {ids}", like)
    cursor.execute("DELETE FROM incidents_ticket WHERE number LIKE %(like)s", like)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timers", type=int, default=TIMERS)
    parser.add_argument("--crossing", type=int, default=CROSSING)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    _setup_django()
    from django.db import connection

    from sla import sweep

    with connection.cursor() as cursor:
        _cleanup(cursor)
        began = time.perf_counter()
        _seed(cursor, args.timers, args.crossing)
        seeded = time.perf_counter() - began
    print(f"seeded {args.timers:,} running timers in {seeded:.1f} s")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT id FROM sla_slatimer WHERE state = 'running' "
                "AND breached_at IS NULL AND due_at <= now()"
            )
            plan = " / ".join(row[0].strip() for row in cursor.fetchall()[:2])
        print(f"breach scan plan: {plan}")
        timings = []
        for _ in range(args.passes):
            with connection.cursor() as cursor:
                _reset(cursor)
            began = time.perf_counter()
            counts = sweep.mark_crossings()
            timings.append(time.perf_counter() - began)
            assert counts == {"warnings": args.crossing, "breaches": args.crossing}, counts
        began = time.perf_counter()
        notified = sweep.notify_crossings(budget_seconds=600)
        fanout = time.perf_counter() - began
        print(
            f"sweep pass over {args.timers:,} running timers, {args.crossing:,} breaches + "
            f"{args.crossing:,} warnings: median {statistics.median(timings) * 1000:.0f} ms, "
            f"worst {max(timings) * 1000:.0f} ms ({args.passes} passes)"
        )
        print(
            f"notification fan-out: {notified:,} timers in {fanout:.1f} s "
            f"({notified / fanout:,.0f} per second)"
        )
    finally:
        with connection.cursor() as cursor:
            _cleanup(cursor)


if __name__ == "__main__":
    main()
