"""Demo knowledge base: bilingual published articles answering the demo catalog's common
questions, internal runbooks, drafts in review, one retired article; views, votes and
deflections spread over the demo month; articles linked to the tickets they answer.

Everything is written through the service functions at the time it happened
(`common.demo_clock`), so versions, history and the dashboard's figures agree. Idempotent:
nothing is added once articles exist.
"""

import datetime as dt
import random

from django.utils import timezone

from accounts.models import User
from catalog.models import CatalogItem, Service
from common.demo_clock import replay
from incidents.models import Ticket
from knowledge import services
from knowledge.models import Article

# (key, service code, item name, tags, English (title, body), Chinese (title, body))
PUBLISHED = [
    (
        "vpn",
        "NETWORK",
        "VPN access",
        ["VPN", "remote", "远程办公"],
        (
            "VPN keeps disconnecting",
            "If the VPN drops every few minutes:\n\n"
            "1. Update the VPN client to version 5.2 or later (Software Center → *VPN client*).\n"
            "2. On home Wi-Fi, move closer to the router or use a cable.\n"
            "3. Turn off *power saving* for the network adapter.\n"
            "4. Sign in again with your domain password.\n\n"
            "Still dropping? Open a ticket with the time it happened and your home provider.",
        ),
        (
            "VPN 断开怎么办",
            "VPN 每隔几分钟断开时：\n\n"
            "1. 把 VPN 客户端升级到 5.2 或更高版本（软件中心 → *VPN 客户端*）。\n"
            "2. 在家使用 Wi-Fi 时，靠近路由器或改用网线。\n"
            "3. 关闭网卡的*节能*选项。\n"
            "4. 用域账号密码重新登录。\n\n"
            "仍然断开？请提交工单，写明断开的时间和家里的宽带运营商。",
        ),
    ),
    (
        "password",
        "ACCOUNTS",
        "Reset my password",
        ["password", "account", "密码"],
        (
            "Reset your password or unlock your account",
            "Your account locks after five wrong passwords and unlocks itself after 30 minutes.\n\n"
            "- **Forgot it?** Use *Reset my password* in the portal: the service desk calls you "
            "back to confirm who you are.\n"
            "- **New password rules:** at least 10 characters, three of upper case, lower case, "
            "digits and symbols, not one of your last five.\n"
            "- Change it on your laptop while connected to the office network or the VPN, so "
            "the laptop learns it too.",
        ),
        (
            "重置密码或解锁账号",
            "连续输错五次密码账号会被锁定，30 分钟后自动解锁。\n\n"
            "- **忘记密码？** 在门户中选择*重置密码*，服务台会回电核实身份。\n"
            "- **新密码规则：** 至少 10 位，包含大写、小写、数字、符号中的三种，"
            "且不能与最近五次相同。\n"
            "- 请在连接公司网络或 VPN 时修改密码，笔记本才能同步新密码。",
        ),
    ),
    (
        "printer",
        "PRINTING",
        "Printer fault",
        ["printer", "打印机", "卡纸"],
        (
            "Printer jams or prints nothing",
            "**Paper jam:** open the front door and tray 2, pull the paper out gently in the "
            "direction it travels, close everything.\n\n"
            "**Nothing prints:** check the printer shows *Ready*; in Windows open *Printers*, "
            "cancel stuck jobs and print again. Use the printer's name on its label "
            "(for example `PRN-01-0210`).\n\n"
            "**Streaks or faint print:** the toner is low; the desk replaces it, open a ticket.",
        ),
        (
            "打印机卡纸或无法打印",
            "**卡纸：** 打开前门和 2 号纸盒，顺着走纸方向轻轻抽出纸张，再关好。\n\n"
            "**无法打印：** 确认打印机显示*就绪*；在 Windows 的*打印机*中取消卡住的任务后重新打印。"
            "请按打印机标签上的名称选择（例如 `PRN-01-0210`）。\n\n"
            "**有条纹或字迹淡：** 碳粉不足，请提交工单由服务台更换。",
        ),
    ),
    (
        "mobile-mail",
        "EMAIL",
        "Email problem",
        ["email", "phone", "邮件", "手机"],
        (
            "Company email on your phone",
            "1. Install *Outlook* from your phone's app store.\n"
            "2. Add an account with your company address and domain password.\n"
            "3. Accept the security policy (a screen lock is required).\n\n"
            "Mail not arriving on the phone? Remove the account and add it again after "
            "changing your password.",
        ),
        (
            "在手机上收发公司邮件",
            "1. 在手机应用商店安装 *Outlook*。\n"
            "2. 用公司邮箱地址和域账号密码添加账户。\n"
            "3. 接受安全策略（需要设置锁屏密码）。\n\n"
            "手机收不到邮件？修改密码后请删除账户再重新添加。",
        ),
    ),
    (
        "laptop",
        "WORKPLACE",
        "New laptop",
        ["laptop", "笔记本", "new staff"],
        (
            "New laptop: what to expect",
            "Standard laptops are in stock and ready **three working days** after your "
            "manager approves. A special model takes two to three weeks.\n\n"
            "On the day: bring the old laptop, we copy your files (up to 200 GB) and sign you in. "
            "Keep the old one until you have checked your files.",
        ),
        (
            "新笔记本申请须知",
            "标准型号笔记本有库存，经理审批后**三个工作日**内可领取；特殊型号需要两到三周。\n\n"
            "领取当天请带上旧电脑，我们会迁移您的文件（最多 200 GB）并完成登录设置。"
            "确认文件无误之前请保留旧电脑。",
        ),
    ),
    (
        "network",
        "NETWORK",
        "Network outage",
        ["network", "Wi-Fi", "网络"],
        (
            "Network slow or not working",
            "- Check the cable is in and the light on the wall socket is on.\n"
            "- On Wi-Fi, join *CORP* (not *GUEST*).\n"
            "- If colleagues around you have no network either, it is an outage: call the desk "
            "on 8000 rather than opening a ticket each.",
        ),
        (
            "网络很慢或无法上网",
            "- 检查网线是否插好、墙上网口指示灯是否亮。\n"
            "- 使用 Wi-Fi 时请连接 *CORP*（不要连 *GUEST*）。\n"
            "- 如果周围同事也都断网，属于网络中断：请直接拨打服务台 8000，不必每人单独提交工单。",
        ),
    ),
]
INTERNAL = [
    (
        "Core switch failover runbook",
        "en",
        "1. Confirm the alarm on the monitoring console.\n2. Fail over to the standby core "
        "switch (`SW-CORE-02`).\n3. Post a notice on the portal; link callers' tickets to the "
        "major incident.",
    ),
    (
        "核心交换机切换手册",
        "zh-hans",
        "1. 在监控台确认告警。\n2. 切换到备用核心交换机（`SW-CORE-02`）。\n3. 在门户发布公告，"
        "把来电用户的工单关联到重大事件。",
    ),
]
IN_REVIEW = [
    (
        "ERP: 'session expired' when exporting a report",
        "en",
        "Exports of more than 50,000 rows time out. Filter the report by month first.",
        "review",
    ),
    (
        "Outlook 卡在“正在加载配置文件”",
        "zh-hans",
        "关闭 Outlook，删除本地 OST 文件后重新打开。",
        "draft",
    ),
]
RETIRED = (
    "Connect with the old VPN client (AnyConnect 4)",
    "The old client is no longer supported: see *VPN keeps disconnecting*.",
)


def seed(stdout=None) -> None:
    if Article.objects.exists():
        if stdout:
            stdout.write("knowledge: articles exist, left as they are")
        return
    people = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    if "agent" not in people or "manager" not in people:
        return
    rng = random.Random(19)
    now = timezone.now()
    start = now - dt.timedelta(days=29)
    services_by_code = {s.code: s for s in Service.objects.all()}
    items_by_name = {i.name: i for i in CatalogItem.objects.all()}
    articles: dict[str, list[Article]] = {}
    with replay(start) as clock:
        for n, (key, service_code, item_name, tags, english, chinese) in enumerate(PUBLISHED):
            clock.at = start + dt.timedelta(days=n % 4, hours=2 + n)
            pair = []
            for language, (title, body) in (("en", english), ("zh-hans", chinese)):
                author = (
                    people.get("netops" if language == "zh-hans" else "agent") or people["agent"]
                )
                service = services_by_code.get(service_code)
                item = items_by_name.get(item_name)
                article = services.create_article(
                    author,
                    services.ArticleData(
                        title=title,
                        body=body,
                        language=language,
                        services=[service] if service else [],
                        catalog_items=[item] if item else [],
                        tags=tags,
                        translation_of=pair[0] if pair else None,
                        # Some are due for a check already: the owner's "Review due" list.
                        review_due=(now - dt.timedelta(days=3)).date()
                        if n % 3 == 0
                        else (now + dt.timedelta(days=150)).date(),
                    ),
                )
                clock.at += dt.timedelta(minutes=20)
                services.transition(author, article, "submit")
                clock.at += dt.timedelta(hours=3)
                article = services.transition(people["manager"], article, "publish")
                pair.append(article)
            articles[key] = pair
        # The VPN article got a better step two weeks ago: a second version.
        clock.at = now - dt.timedelta(days=14)
        vpn_en = articles["vpn"][0]
        vpn_en = services.update_article(
            people["agent"],
            vpn_en,
            {"body": vpn_en.body.replace("version 5.2", "version 5.3")},
        )
        clock.at += dt.timedelta(hours=1)
        articles["vpn"][0] = services.transition(people["manager"], vpn_en, "publish")
        for title, language, body in INTERNAL:
            clock.at = start + dt.timedelta(days=5, hours=len(body) % 7)
            article = services.create_article(
                people["agent"],
                services.ArticleData(
                    title=title, body=body, language=language, visibility="internal"
                ),
            )
            services.transition(people["manager"], article, "publish")
        for title, language, body, status in IN_REVIEW:
            clock.at = now - dt.timedelta(days=2)
            author = people.get("agent2") or people["agent"]
            article = services.create_article(
                author, services.ArticleData(title=title, body=body, language=language)
            )
            if status == "review":
                services.transition(author, article, "submit")
        clock.at = start
        old = services.create_article(
            people["agent"], services.ArticleData(title=RETIRED[0], body=RETIRED[1])
        )
        services.transition(people["manager"], old, "publish")
        clock.at = start + dt.timedelta(days=10)
        services.transition(people["manager"], old, "retire")
        _readers(clock, rng, people, articles, start, now)
        _link_tickets(clock, people, articles)
    if stdout:
        stdout.write(f"knowledge: {Article.objects.count()} articles")


_USERNAMES = [
    "agent", "agent2", "netops", "manager", "requester", "requester2", "requester3",
    "chenjing", "sunyan", "huangwei", "david.li", "zhoujie", "linxia", "gaofeng", "majun",
    "xuli", "tom.wu",
]  # fmt: skip


def _readers(clock, rng, people, articles, start, now) -> None:
    """Views, votes and deflections by the demo's requesters over the month."""
    readers = [u for name, u in people.items() if u.role == "requester"]
    for key, pair in articles.items():
        for article in pair:
            article.views = (
                rng.randint(12, 140) if key in ("vpn", "password") else rng.randint(3, 40)
            )
            article.save(update_fields=["views"])
    votes = [
        ("vpn", True),
        ("password", True),
        ("printer", True),
        ("laptop", False),
        ("mobile-mail", True),
        ("network", False),
    ]
    for i, reader in enumerate(readers):
        for key, helpful in votes[i % 3 :: 2]:
            language = 1 if reader.language.startswith("zh") else 0
            clock.at = start + dt.timedelta(days=rng.randint(2, 27), hours=rng.randint(1, 8))
            article = articles[key][language]
            services.vote(reader, article, helpful if rng.random() < 0.85 else not helpful)
            if helpful and rng.random() < 0.6:
                services.mark_solved(reader, article)
    # The laptop article misses what people ask: voted unhelpful (the dashboard shows it).
    for reader in readers[:3]:
        clock.at = now - dt.timedelta(days=rng.randint(1, 6))
        services.vote(reader, articles["laptop"][0], False)


def _link_tickets(clock, people, articles) -> None:
    """The month's resolved tickets linked to the articles that answer them."""
    by_item = {
        "VPN access": "vpn",
        "Reset my password": "password",
        "Printer fault": "printer",
        "Email problem": "mobile-mail",
        "Network outage": "network",
        "New laptop": "laptop",
    }
    for item_name, key in by_item.items():
        tickets = Ticket.objects.filter(
            catalog_item__name=item_name, resolved_at__isnull=False
        ).order_by("resolved_at")[:4]
        for ticket in tickets:
            clock.at = ticket.resolved_at
            chinese = any("\u4e00" <= c <= "\u9fff" for c in ticket.title + ticket.description)
            services.link_article(people["agent"], ticket, articles[key][1 if chinese else 0])
