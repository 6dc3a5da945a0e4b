"""Benchmark of knowledge search and suggestions on PostgreSQL: `python -m bench.knowledge`.

Against the database in DATABASE_URL (a scratch one: it is migrated), seeds 100,000 articles
with set-based SQL: titles, bodies and tags mixing Chinese and English as a Chinese desk
writes them, 80 % published (three in four public), one in ten linked to a catalog item, a
rare word in one article in 25,000. Then times, in process and as a requester (the portal's
reader: published public articles only), the article list's search (`?search=`: the count
and the first page of 25) and the portal's suggestions (`queries.suggest`: the best 5) for
common and rare words, Chinese and English, p50 and p95 over `--runs` runs each. Removes its
rows at the end unless `--keep`.
"""

import argparse
import os
import statistics
import sys
import time

ARTICLES = 100_000
AUTHOR = "bench-kb-author"
# The topics titles are built from (a common word in many, as on a real desk).
TOPICS = [
    ("VPN 断开", "重新登录 VPN 客户端，检查家里的 Wi-Fi。"),
    ("VPN keeps disconnecting", "Update the VPN client and check the home Wi-Fi."),
    ("打印机卡纸", "打开前门取出卡住的纸张。"),
    ("Printer prints nothing", "Cancel stuck jobs in the print queue."),
    ("重置密码", "在门户中申请重置密码，服务台会回电核实。"),
    ("Password reset", "Use the portal; the desk calls back to confirm."),
    ("手机收不到邮件", "删除邮箱账户后重新添加。"),
    ("Email on the phone", "Install Outlook and add the company account."),
    ("网络很慢", "检查网线，连接 CORP 无线网络。"),
    ("Network outage", "Call the desk when colleagues are offline too."),
    ("新笔记本申请", "标准型号三个工作日内可领取。"),
    ("ERP export times out", "Filter the report by month before exporting."),
]
SUFFIXES = ["怎么办", "how to", "步骤", "FAQ", "常见问题", "troubleshooting", "指南", "guide"]
TAGS = ["vpn", "网络", "printer", "打印机", "password", "密码", "email", "邮件", "laptop", "ERP"]
RARE = {"en": "AS400", "zh": "传真机"}
QUERIES = {
    "search": {
        "common en (VPN)": "VPN",
        "common zh (打印机)": "打印机",
        "two-char zh (断开)": "断开",
        "rare en (AS400)": "AS400",
        "rare zh (传真机)": "传真机",
    },
    "suggest": {
        "VPN 断开": "VPN 断开",
        "password reset": "password reset",
        "打印机卡纸怎么办": "打印机卡纸怎么办",
        "rare (传真机 fax)": "传真机 fax",
    },
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itsm.settings_test")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (it will be migrated).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _seed(cursor, n: int) -> int:
    """The articles, their catalog-item links; returns the catalog item's id."""
    from accounts.models import User
    from catalog.models import CatalogItem, Service

    author, _ = User.objects.get_or_create(username=AUTHOR, defaults={"role": "agent"})
    service, _ = Service.objects.get_or_create(code="BENCHKB", defaults={"name": "Bench KB"})
    item, _ = CatalogItem.objects.get_or_create(
        service=service, name="Bench KB item", defaults={"kind": "request", "form_schema": []}
    )
    titles = [t for t, _ in TOPICS]
    bodies = [b for _, b in TOPICS]
    cursor.execute(
        """
        INSERT INTO knowledge_article (title, body, language, visibility, status, author_id,
            tags, tags_text, version, published_at, views, helpful_count, not_helpful_count,
            created_at, updated_at)
        SELECT
            (%(titles)s::text[])[1 + g %% %(nt)s] || ' '
                || (%(suffixes)s::text[])[1 + (g / 7) %% %(ns)s] || ' #' || g,
            (%(bodies)s::text[])[1 + g %% %(nt)s] || E'\\n\\n'
                || (%(bodies)s::text[])[1 + (g / 3) %% %(nt)s]
                || CASE WHEN g %% 25000 = 1 THEN ' 旧的传真机 AS400 终端也连不上。' ELSE '' END,
            CASE WHEN g %% 2 = 0 THEN 'zh-hans' ELSE 'en' END,
            CASE WHEN g %% 4 = 3 THEN 'internal' ELSE 'public' END,
            CASE WHEN g %% 10 < 8 THEN 'published' WHEN g %% 10 = 8 THEN 'draft' ELSE 'retired' END,
            %(author)s,
            to_jsonb(ARRAY[(%(tags)s::text[])[1 + g %% %(ng)s]]),
            (%(tags)s::text[])[1 + g %% %(ng)s],
            CASE WHEN g %% 10 < 8 THEN 1 ELSE 0 END,
            CASE WHEN g %% 10 < 8 THEN now() - (g %% 720) * interval '1 hour' END,
            (g * 7919) %% 500, (g * 31) %% 20, (g * 17) %% 7,
            now() - (g %% 720) * interval '1 hour', now()
        FROM generate_series(1, %(n)s) AS g
        """,
        {
            "titles": titles,
            "bodies": bodies,
            "suffixes": SUFFIXES,
            "tags": TAGS,
            "nt": len(titles),
            "ns": len(SUFFIXES),
            "ng": len(TAGS),
            "author": author.pk,
            "n": n,
        },
    )
    cursor.execute(
        """
        INSERT INTO knowledge_article_catalog_items (article_id, catalogitem_id)
        SELECT id, %(item)s FROM knowledge_article WHERE author_id = %(author)s AND id %% 10 = 0
        """,
        {"item": item.pk, "author": author.pk},
    )
    cursor.execute("ANALYZE knowledge_article; ANALYZE knowledge_article_catalog_items;")
    return item.pk


def _cleanup(cursor) -> None:
    where = (
        "(SELECT id FROM knowledge_article WHERE author_id IN "
        "(SELECT id FROM accounts_user WHERE username = %(author)s))"
    )
    params = {"author": AUTHOR}
    cursor.execute(
        f"DELETE FROM knowledge_article_catalog_items WHERE article_id IN {where}", params
    )
    cursor.execute(f"DELETE FROM knowledge_article WHERE id IN {where}", params)


def _time(fn, runs: int) -> tuple[float, float, int]:
    fn()  # warm
    times, size = [], 0
    for _ in range(runs):
        began = time.perf_counter()
        size = fn()
        times.append((time.perf_counter() - began) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="leave the seeded rows")
    args = parser.parse_args()
    _setup_django()
    from django.db import connection

    from accounts.models import User
    from knowledge import queries

    reader, _ = User.objects.get_or_create(
        username="bench-kb-reader", defaults={"role": "requester"}
    )
    with connection.cursor() as cursor:
        _cleanup(cursor)
        began = time.perf_counter()
        item = _seed(cursor, args.articles)
        print(f"seeded {args.articles:,} articles in {time.perf_counter() - began:.1f} s")
    rows = []
    for label, term in QUERIES["search"].items():

        def search(term=term):
            found = queries.matching(queries.published_for(reader), term).order_by("-views", "-id")
            found.count()
            return len(list(found[:25]))

        rows.append(("search", label, *_time(search, args.runs)))
    for label, text in QUERIES["suggest"].items():
        rows.append(
            ("suggest", label, *_time(lambda t=text: len(queries.suggest(reader, t)), args.runs))
        )
    rows.append(
        (
            "suggest",
            "catalog item only",
            *_time(lambda: len(queries.suggest(reader, "", item)), args.runs),
        )
    )
    rows.append(
        (
            "suggest",
            "VPN 断开 + catalog item",
            *_time(lambda: len(queries.suggest(reader, "VPN 断开", item)), args.runs),
        )
    )
    print(f"{'what':8} {'query':28} {'p50 ms':>8} {'p95 ms':>8} {'rows':>5}")
    for kind, label, p50, p95, size in rows:
        print(f"{kind:8} {label:28} {p50:8.1f} {p95:8.1f} {size:5}")
    if not args.keep:
        with connection.cursor() as cursor:
            _cleanup(cursor)


if __name__ == "__main__":
    main()
