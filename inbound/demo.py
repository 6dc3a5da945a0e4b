"""Demo channels: an inactive mailbox pointing nowhere real (clearly labelled), a
Prometheus Alertmanager integration, and the month's mail and alerts replayed through the
real services at their time (`common.demo_clock`): a few email tickets and a reply, alert
incidents on demo CIs, one fired several times, one cleared by itself (idempotent)."""

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.db.models import F, Max
from django.utils import timezone

from accounts.models import User
from assets.models import Asset
from common.demo_clock import replay
from inbound.models import Integration, IntegrationKind, Mailbox
from inbound.services import alerts
from inbound.services.mail import process_mail
from notifications.models import Notification

MAILBOX_NAME = "Demo mailbox (inactive, not a real server) · 演示邮箱（未启用）"
INTEGRATION_NAME = "Prometheus Alertmanager (demo) · 监控告警演示"

# (days ago, hour, subject, text)
MAILS = [
    (
        18,
        9,
        "Shared drive S: not mapped after password change",
        "Since I changed my password this morning the S: drive is gone.\n\nThanks,\n",
    ),
    (
        11,
        14,
        "会议室投影仪无法连接笔记本",
        "三楼会议室的投影仪连不上笔记本，显示“无信号”。下午两点有会，麻烦尽快处理。\n",
    ),
    (
        4,
        10,
        "Request: access to the finance reports folder",
        "Could I get read access to \\\\fs01\\finance\\reports? My manager approved it.\n",
    ),
]
# (days ago, hour, key, title, severity, CI tag, times fired, cleared after hours or None)
ALERTS = [
    (
        16,
        3,
        "host-down-mail",
        "HostDown: mail server not answering (SMTP 25)",
        "critical",
        "D020101-003",
        1,
        1,
    ),
    (
        9,
        22,
        "disk-full-erp-db",
        "Disk /var above 90% on the ERP database",
        "major",
        "D020101-005",
        6,
        None,
    ),
    (
        2,
        7,
        "cpu-high-erp-app",
        "CPU above 95% for 10 minutes on the ERP application server",
        "warning",
        "D020101-004",
        3,
        None,
    ),
]


def seed(stdout=None) -> None:
    if Mailbox.objects.filter(name=MAILBOX_NAME).exists():
        if stdout:
            stdout.write("inbound: demo channels exist, left as they are")
        return
    mailbox = Mailbox.objects.create(
        name=MAILBOX_NAME,
        host="imap.example.invalid",
        port=993,
        use_ssl=True,
        username="servicedesk@example.com",
        password="demo-not-a-real-password",  # noqa: S106 - a demo server that does not exist
        address="servicedesk@example.com",
        active=False,
    )
    integration, _token = alerts.save_integration(
        _admin(), Integration(), {"name": INTEGRATION_NAME, "kind": IntegrationKind.ALERTMANAGER}
    )
    first_mail = Notification.objects.aggregate(n=Max("pk"))["n"] or 0
    now = timezone.now()
    requesters = list(User.objects.filter(role="requester", is_active=True).exclude(email="")[:3])
    with replay(now) as clock:
        for n, (days, hour, subject, text) in enumerate(MAILS):
            if not requesters:
                break
            sender = requesters[n % len(requesters)]
            clock.at = _at(now, days, hour)
            result = process_mail(mailbox, _mail(sender, subject, text, clock.at))
            if n == 0 and result.ticket is not None:
                clock.at += dt.timedelta(hours=2)
                reply = f"Re: [{result.ticket.number}] {subject}"
                process_mail(
                    mailbox,
                    _mail(
                        sender,
                        reply,
                        "It works again after a restart. Thank you!\n\n> earlier mail",
                        clock.at,
                    ),
                )
        for days, hour, key, title, severity, tag, times, cleared in ALERTS:
            tag = tag if Asset.objects.filter(tag=tag).exists() else ""
            alert = alerts.Alert(
                f"integration:{integration.pk}", key, alerts.FIRING, title, severity, asset_tag=tag
            )
            for k in range(times):
                clock.at = _at(now, days, hour) + dt.timedelta(minutes=30 * k)
                alerts.receive(integration, alert)
            if cleared is not None:
                clock.at += dt.timedelta(hours=cleared)
                resolved = alerts.Alert(alert.source, key, alerts.RESOLVED, title, severity)
                alerts.receive(integration, resolved)
    Notification.objects.filter(pk__gt=first_mail, sent_at__isnull=True).update(
        sent_at=F("created_at"), attempts=1
    )
    if stdout:
        stdout.write(
            "inbound: a demo mailbox (inactive), an Alertmanager integration, mail and alerts"
        )


def _admin() -> User:
    admin = User.objects.filter(role="admin").order_by("pk").first()
    if admin is None:
        raise RuntimeError("seed accounts first")
    return admin


def _at(now: dt.datetime, days: int, hour: int) -> dt.datetime:
    local = timezone.localtime(now) - dt.timedelta(days=days)
    return local.replace(hour=hour, minute=12, second=0, microsecond=0)


def _mail(sender: User, subject: str, text: str, when: dt.datetime) -> bytes:
    message = EmailMessage()
    message["From"] = f"{sender} <{sender.email}>"
    message["To"] = "servicedesk@example.com"
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message.set_content(text)
    return message.as_bytes()
