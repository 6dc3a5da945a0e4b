"""`/mailboxes/` and `/integrations/`: admins only; passwords write-only, tokens shown once."""

import pytest

from inbound.models import Integration, Mailbox
from inbound.services import alerts

pytestmark = pytest.mark.django_db

MAILBOX = {
    "name": "Desk inbox",
    "host": "imap.example.com",
    "port": 993,
    "use_ssl": True,
    "username": "desk@example.com",
    "password": "s3cret",
    "folder": "INBOX",
}


def test_an_admin_adds_a_mailbox_whose_password_is_never_returned(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post("/api/v1/mailboxes/", MAILBOX, format="json")
    assert response.status_code == 201
    assert "password" not in response.json()
    mailbox = Mailbox.objects.get()
    assert mailbox.password == "s3cret"
    assert "password" not in client.get(f"/api/v1/mailboxes/{mailbox.pk}/").json()
    # An edit without a password keeps it; with one, changes it.
    client.patch(f"/api/v1/mailboxes/{mailbox.pk}/", {"password": ""}, format="json")
    mailbox.refresh_from_db()
    assert mailbox.password == "s3cret"
    client.patch(f"/api/v1/mailboxes/{mailbox.pk}/", {"password": "new"}, format="json")
    mailbox.refresh_from_db()
    assert mailbox.password == "new"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": ""}, "password"),
        ({"port": 0}, "port"),
        ({"port": "many"}, "port"),
        ({"protocol": "pop3"}, "protocol"),
        ({"host": ""}, "host"),
        ({"last_error": "x"}, "last_error"),
    ],
)
def test_a_bad_mailbox_is_a_400_naming_the_field(client_for, admin_user, change, field):
    response = client_for(admin_user).post(
        "/api/v1/mailboxes/", {**MAILBOX, **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Mailbox.objects.exists()


@pytest.mark.parametrize("role", ["requester", "agent", "manager"])
def test_only_admins_see_mailboxes_and_integrations(client_for, role, request):
    from tests import factories

    user = factories.UserFactory(role=role)
    client = client_for(user)
    assert client.get("/api/v1/mailboxes/").status_code == 403
    assert client.get("/api/v1/integrations/").status_code == 403
    assert client.post("/api/v1/integrations/", {"name": "X", "kind": "generic"}).status_code == 403
    assert not Integration.objects.exists()


def test_an_integrations_token_is_shown_once_and_only_its_hash_kept(client_for, admin_user):
    client = client_for(admin_user)
    response = client.post(
        "/api/v1/integrations/", {"name": "Prometheus", "kind": "alertmanager"}, format="json"
    )
    assert response.status_code == 201
    token = response.json()["token"]
    assert len(token) >= 32
    integration = Integration.objects.get()
    assert integration.token_hash == alerts.hash_token(token)
    assert token not in str(Integration.objects.values_list())
    detail = client.get(f"/api/v1/integrations/{integration.pk}/").json()
    assert "token" not in detail and detail["token_prefix"] == token[:6]
    assert alerts.authenticate(token) == integration
    # A new token replaces it at once.
    rotated = client.post(f"/api/v1/integrations/{integration.pk}/rotate-token/").json()["token"]
    assert alerts.authenticate(token) is None
    assert alerts.authenticate(rotated) == integration


def test_an_unknown_integration_kind_is_a_400(client_for, admin_user):
    response = client_for(admin_user).post(
        "/api/v1/integrations/", {"name": "X", "kind": "nagios"}, format="json"
    )
    assert response.status_code == 400 and "kind" in response.json()


def test_the_schema_documents_the_inbound_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert "/api/v1/alerts/" in paths
    assert "202" in paths["/api/v1/alerts/"]["post"]["responses"]
    assert "502" in paths["/api/v1/mailboxes/{id}/poll/"]["post"]["responses"]


def test_mailbox_and_integration_changes_are_audited_without_their_secrets(client_for, admin_user):
    client = client_for(admin_user)
    mailbox_id = client.post("/api/v1/mailboxes/", MAILBOX, format="json").json()["id"]
    client.patch(f"/api/v1/mailboxes/{mailbox_id}/", {"host": "mail.example.com"}, format="json")
    integration_id = client.post(
        "/api/v1/integrations/", {"name": "Zabbix", "kind": "generic"}, format="json"
    ).json()["id"]
    client.post(f"/api/v1/integrations/{integration_id}/rotate-token/")
    history = Mailbox.history.model
    assert "password" not in {f.name for f in history._meta.fields}
    assert "token_hash" not in {f.name for f in Integration.history.model._meta.fields}
    log = client.get("/api/v1/audit/").json()["results"]
    text = str(log)
    assert "mail.example.com" in text and "s3cret" not in text
    assert Integration.history.filter(id=integration_id).count() == 2  # created, rotated
