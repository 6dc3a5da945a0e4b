"""Login throttling (accounts/throttling.py): per account, reset by a success; per address
only past a much higher limit; the address behind the proxy from X-Forwarded-For."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import throttling
from tests import factories

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "itsm-demo-2026"
OFFICE = "203.0.113.7"  # one NAT address for the whole office


def _token(client, username, password, address=OFFICE, **extra):
    return client.post(
        TOKEN_URL, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_failures_for_unknown_names_do_not_lock_anyone_else_from_the_same_address(
    api_client, requester, settings
):
    settings.LOGIN_FAILURE_LIMIT = 5
    for n in range(12):
        assert _token(api_client, f"nobody-{n % 3}", "x").status_code in (400, 429)
    # Twelve failures from the office address: a colleague with the right password gets in.
    assert _token(api_client, requester.username, PASSWORD).status_code == 200


def test_an_account_is_locked_after_its_failures_whatever_the_address(
    api_client, requester, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for n in range(3):
        assert _token(api_client, requester.username, "x", f"198.51.100.{n}").status_code == 400
    # Locked: the right password from yet another address is refused too.
    assert _token(api_client, requester.username, PASSWORD, "198.51.100.99").status_code == 429
    # Someone else on the same addresses is not affected.
    other = factories.UserFactory()
    assert _token(api_client, other.username, PASSWORD, "198.51.100.0").status_code == 200


def test_a_successful_login_resets_the_accounts_failures(api_client, requester, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        _token(api_client, requester.username, "x")
    assert _token(api_client, requester.username, PASSWORD).status_code == 200
    for _ in range(2):
        assert _token(api_client, requester.username, "x").status_code == 400
    assert _token(api_client, requester.username, PASSWORD).status_code == 200


def test_the_address_is_locked_only_past_its_own_much_higher_limit(api_client, requester, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for n in range(6):
        _token(api_client, f"sprayed-{n}", "x")  # one try per name: no account locks
    assert _token(api_client, requester.username, PASSWORD).status_code == 429
    assert _token(api_client, requester.username, PASSWORD, "192.0.2.50").status_code == 200


def test_the_locked_login_page_answers_429_and_a_colleague_still_signs_in(
    client, requester, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    url = reverse("accounts:login")
    for _ in range(2):
        client.post(url, {"username": "ghost", "password": "x"}, REMOTE_ADDR=OFFICE)
    locked = client.post(url, {"username": "ghost", "password": "x"}, REMOTE_ADDR=OFFICE)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    signed_in = client.post(
        url, {"username": requester.username, "password": PASSWORD}, REMOTE_ADDR=OFFICE
    )
    assert signed_in.status_code == 302


def test_page_and_token_endpoint_share_one_account_counter(client, api_client, requester, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    url = reverse("accounts:login")
    for _ in range(2):
        client.post(url, {"username": requester.username, "password": "x"})
    _token(api_client, requester.username, "x")
    assert _token(api_client, requester.username, PASSWORD).status_code == 429
    page = client.post(url, {"username": requester.username, "password": PASSWORD})
    assert page.status_code == 429


@pytest.mark.parametrize(
    ("behind_proxy", "count", "forwarded", "expected"),
    [
        (False, 1, "198.51.100.1", "10.0.0.1"),  # no proxy configured: the header is ignored
        (True, 1, "198.51.100.1", "198.51.100.1"),
        (True, 1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # forged left part ignored
        (True, 2, "6.6.6.6, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (True, 2, "198.51.100.1", "10.0.0.1"),  # fewer hops than proxies: the peer
        (True, 1, "not-an-address", "10.0.0.1"),
        (True, 1, "", "10.0.0.1"),
    ],
)
def test_client_address_trusts_only_the_configured_proxies(
    settings, behind_proxy, count, forwarded, expected
):
    settings.BEHIND_PROXY = behind_proxy
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert throttling.client_address(request) == expected


def test_behind_the_proxy_each_client_is_counted_on_its_own_address(
    api_client, requester, settings
):
    settings.BEHIND_PROXY = True
    settings.LOGIN_FAILURE_LIMIT = 50
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    proxy = "10.0.0.1"
    for n in range(3):
        _token(api_client, f"x{n}", "x", proxy, HTTP_X_FORWARDED_FOR="198.51.100.66")
    assert (
        _token(
            api_client, requester.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.66"
        ).status_code
        == 429
    )
    # Everyone else comes through the same proxy address and is not locked.
    assert (
        _token(
            api_client, requester.username, PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.7"
        ).status_code
        == 200
    )
