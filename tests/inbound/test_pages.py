"""The admin pages of the channels, the CI's alert history, the channel in the reports."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from inbound.models import AlertThread, Integration, Mailbox
from inbound.services import alerts
from incidents.models import Channel
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = [
    "inbound:mailboxes",
    "inbound:mailbox-create",
    "inbound:integrations",
    "inbound:integration-create",
]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["requester", "agent", "manager"])
def test_channel_pages_are_for_admins_only(client, name, role):
    client.force_login(factories.UserFactory(role=role))
    assert client.get(reverse(name)).status_code == 403


def test_the_admin_adds_a_mailbox_and_its_password_never_shows(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("inbound:mailbox-create"),
        {
            "name": "Service desk",
            "host": "imap.example.com",
            "port": "993",
            "use_ssl": "on",
            "username": "desk@example.com",
            "password": "pa55-word",
            "folder": "INBOX",
            "failed_folder": "ITSM-Failed",
            "active": "on",
        },
    )
    mailbox = Mailbox.objects.get()
    assert response.status_code == 302
    assert mailbox.password == "pa55-word"
    page = client.get(reverse("inbound:mailbox-edit", args=[mailbox.pk])).content.decode()
    assert "pa55-word" not in page
    assert "Test connection" in page and "Poll now" in page
    # Saving again without typing the password keeps it.
    client.post(
        reverse("inbound:mailbox-edit", args=[mailbox.pk]),
        {
            "name": "Renamed",
            "host": "imap.example.com",
            "port": "993",
            "username": "desk",
            "folder": "INBOX",
            "active": "on",
        },
    )
    mailbox.refresh_from_db()
    assert mailbox.name == "Renamed" and mailbox.password == "pa55-word"
    assert client.get(reverse("inbound:mailboxes")).content.decode().count("Renamed") >= 1


def test_a_new_mailbox_needs_a_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("inbound:mailbox-create"),
        {"name": "X", "host": "h", "port": "993", "username": "u", "folder": "INBOX"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Mailbox.objects.exists()


def test_test_connection_shows_the_servers_refusal(client, admin_user):
    mailbox = Mailbox.objects.create(
        name="Nowhere", host="127.0.0.1", port=1, use_ssl=False, username="u", password="p"
    )
    client.force_login(admin_user)
    response = client.post(reverse("inbound:mailbox-test", args=[mailbox.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The connection failed." in page and "127.0.0.1:1" in page


def test_poll_now_on_an_unreachable_server_says_so(client, admin_user):
    mailbox = Mailbox.objects.create(
        name="Nowhere", host="127.0.0.1", port=1, use_ssl=False, username="u", password="p"
    )
    client.force_login(admin_user)
    response = client.post(reverse("inbound:mailbox-poll", args=[mailbox.pk]), follow=True)
    assert "The mail server did not answer as expected" in response.content.decode()


def test_an_integrations_token_shows_once_with_examples_to_copy(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("inbound:integration-create"),
        {"name": "Prometheus", "kind": "alertmanager", "active": "on"},
    )
    page = response.content.decode()
    integration = Integration.objects.get()
    token = page.split('id="token-value">', 1)[1].split("<", 1)[0]
    assert alerts.authenticate(token) == integration
    assert f"Bearer {token}" in page  # the curl example
    assert f"credentials: {token}" in page  # Alertmanager's webhook_configs
    assert "http://testserver/api/v1/alerts/" in page
    again = client.get(reverse("inbound:integration-edit", args=[integration.pk])).content.decode()
    assert token not in again and "Bearer &lt;token&gt;" in again
    rotated = client.post(reverse("inbound:integration-rotate", args=[integration.pk]))
    new = rotated.content.decode().split('id="token-value">', 1)[1].split("<", 1)[0]
    assert new != token and alerts.authenticate(token) is None


def test_a_ci_page_shows_its_alert_history(client, agent):
    asset = factories.AssetFactory()
    integration, _token = alerts.save_integration(
        factories.UserFactory(role=Role.ADMIN), Integration(), {"name": "Z", "kind": "generic"}
    )
    for _ in range(3):
        alerts.receive(
            integration,
            alerts.Alert("zabbix", "cpu", "firing", "CPU at 100%", "minor", asset_tag=asset.tag),
        )
    assert AlertThread.objects.get().asset == asset
    client.force_login(agent)
    page = client.get(reverse("assets:detail", args=[asset.pk])).content.decode()
    assert 'data-testid="asset-alerts"' in page
    assert "CPU at 100%" in page and "fired 3 times" in page


def test_a_requester_does_not_see_alert_history(client, requester):
    asset = factories.AssetFactory(owner=requester)
    client.force_login(requester)
    response = client.get(reverse("assets:detail", args=[asset.pk]))
    assert 'data-testid="asset-alerts"' not in response.content.decode()


def test_the_ticket_page_shows_how_often_the_alert_fired(client, agent):
    ticket = factories.TicketFactory(channel=Channel.MONITORING, alert_count=4)
    client.force_login(agent)
    page = client.get(reverse("incidents:desk-ticket", args=[ticket.pk])).content.decode()
    assert "alert fired 4 times" in page and "Monitoring" in page


def test_the_dashboard_counts_tickets_by_channel(client, manager):
    today = timezone.localdate()
    for channel in (Channel.EMAIL, Channel.EMAIL, Channel.MONITORING):
        factories.TicketFactory(channel=channel)
    client.force_login(manager)
    page = client.get(
        reverse("reports:dashboard"),
        {"from": (today - dt.timedelta(days=1)).isoformat(), "to": today.isoformat()},
    ).content.decode()
    block = page.split('data-testid="by-channel"', 1)[1].split("</ul>", 1)[0]
    email = block.split('data-testid="channel-email"', 1)[1].split("</li>", 1)[0]
    monitoring = block.split('data-testid="channel-monitoring"', 1)[1].split("</li>", 1)[0]
    assert "<span>2</span>" in email and "<span>1</span>" in monitoring
