"""Where a request's milliseconds go: `python -m bench.profile [--who agent] PATH ...`.

Against the scale benchmark's seeded database (DATABASE_URL, `bench.seed` first), serves each
path in process through the whole middleware stack (Django's test client, logged in as a
bench login: a session for pages, a token for `/api/`), warms it up, then runs `--requests`
requests under cProfile and prints, per request:

- the wall time, the SQL time and count (an execute wrapper) and the rest (Python);
- the Python time by where the code lives (templates, ORM, DRF, the database driver, our
  apps, ...), from the profile's own times;
- the `--lines` functions with the most own time.

`--method POST --body JSON` profiles a write (the body as JSON for `/api/`, as a form
otherwise). The README's benchmark section quotes this output before and after each change.
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where a function's code lives → the bucket it is counted in (first match wins).
AREAS = (
    ("django/template/", "templates"),
    ("django/templatetags/", "templates"),
    ("django/utils/translation", "translation"),
    ("django/db/models/", "ORM"),
    ("django/db/backends/", "DB backend"),
    ("psycopg", "database driver"),
    ("rest_framework", "DRF"),
    ("django/forms/", "forms"),
    ("django_filters", "forms"),
    ("django/middleware/", "middleware"),
    ("django/contrib/sessions", "sessions and auth"),
    ("django/contrib/auth", "sessions and auth"),
    ("django/urls/", "URL routing"),
    ("django/utils/", "django.utils"),
    ("django/", "Django, other"),
    (str(ROOT / ".venv"), "other libraries"),
    (str(ROOT), "our code"),
)


def area(filename: str) -> str:
    for marker, name in AREAS:
        if marker in filename:
            return name
    return "Python itself" if filename.startswith("~") or "python3" in filename else "other"


def _client(who: str, api: bool):
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from accounts.models import User

    user = User.objects.get(username=f"bench-{who}")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if api:
        token, _ = Token.objects.get_or_create(user=user)
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
    else:
        client.force_login(user)
    return client


def profile(path: str, who: str, requests: int, warmup: int, method: str, body: str | None):
    from django.db import connection

    api = path.startswith("/api/")
    client = _client(who, api)

    def call():
        if method == "GET":
            return client.get(path)
        data = json.loads(body or "{}")
        if api:
            return client.generic(method, path, json.dumps(data), "application/json")
        return client.post(path, data)

    for _ in range(warmup):
        response = call()
        if response.status_code >= 400:
            sys.exit(f"{path} answered {response.status_code}")
    sql = {"count": 0, "seconds": 0.0}

    def timed(execute, sql_text, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            sql["seconds"] += time.perf_counter() - began
            sql["count"] += 1

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        began = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            call()
        profiler.disable()
        wall = time.perf_counter() - began
    return wall, sql, pstats.Stats(profiler)


def report(path: str, requests: int, wall: float, sql: dict, stats: pstats.Stats, lines: int):
    per = 1000 / requests
    print(f"\n== {path}  ({requests} requests, in process)")
    print(
        f"   {wall * per:.1f} ms per request: SQL {sql['seconds'] * per:.1f} ms "
        f"in {sql['count'] / requests:.0f} queries, the rest {(wall - sql['seconds']) * per:.1f} ms"
    )
    by_area: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, name), (_, calls, own, _cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_area[area(filename)] += own
        rows.append((own, calls, filename, line, name))
    total = sum(by_area.values()) or 1
    print("   own time by area (profiled, so slower than unprofiled):")
    for name, seconds in sorted(by_area.items(), key=lambda item: -item[1]):
        if seconds / total >= 0.01:
            print(f"     {name:<20} {seconds * per:7.1f} ms  {100 * seconds / total:4.0f} %")
    print(f"   the {lines} functions with the most own time (ms per request, calls per request):")
    for own, calls, filename, line, name in sorted(rows, reverse=True)[:lines]:
        where = filename.replace(str(ROOT / ".venv" / "lib"), "…").replace(str(ROOT) + "/", "")
        print(f"     {own * per:6.2f} {calls / requests:7.0f}  {name}  ({where}:{line})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--who", default="agent", help="agent, manager, requester or admin")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--lines", type=int, default=15)
    parser.add_argument("--method", default="GET")
    parser.add_argument("--body", help="JSON body of a POST")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to the scale benchmark's seeded PostgreSQL database.")
    import django

    django.setup()
    for path in args.paths:
        wall, sql, stats = profile(
            path, args.who, args.requests, args.warmup, args.method.upper(), args.body
        )
        report(path, args.requests, wall, sql, stats, args.lines)


if __name__ == "__main__":
    main()
