"""Web hardening: headers, CSP, CSRF, login that does not reveal users, sessions, uploads,
production settings. Each test proves one promise of the README's "Security and Operations"."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import OperationalError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
BASE_DIR = Path(django_settings.BASE_DIR)
TEMPLATE_DIRS = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("path", ["/login/", "/portal/", "/desk/", "/api/v1/docs/", "/admin/"])
def test_pages_send_a_strict_csp_and_the_security_headers(client, admin_user, path):
    client.force_login(admin_user)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _template_files():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("*.html")


def test_no_template_has_an_inline_script_style_or_event_handler():
    """The CSP forbids them; a template that adds one would break in the browser."""
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
    problems = []
    for path in _template_files():
        text = path.read_text()
        for pattern, what in (
            (inline_script, "inline <script>"),
            (re.compile(r"<style\b"), "<style> element"),
            (re.compile(r"\sstyle=\""), "style= attribute"),
            (re.compile(r"\son[a-z]+=\""), "on*= event handler"),
            (re.compile(r"javascript:"), "javascript: URL"),
        ):
            if pattern.search(text):
                problems.append(f"{path.relative_to(BASE_DIR)}: {what}")
    assert problems == []


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def test_csrf_is_exempted_nowhere_but_in_drf_which_enforces_it_for_sessions():
    """DRF marks its views exempt and checks CSRF itself for session-authenticated calls."""
    exempt = [
        route
        for route, callback in _walk(get_resolver().url_patterns)
        if getattr(callback, "csrf_exempt", False)
        and not hasattr(callback, "cls")
        and not route.startswith("admin/")
    ]
    assert exempt == []


def test_forms_refuse_a_post_without_the_csrf_token(requester):
    client = Client(enforce_csrf_checks=True)
    login = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert login.status_code == 403
    client.force_login(requester)
    assert client.post("/portal/tickets/new/", {"title": "x"}).status_code == 403
    assert client.post(reverse("accounts:profile"), {"display_name": "x"}).status_code == 403


def test_api_with_a_session_needs_the_csrf_token_a_token_does_not(requester):
    client = Client(enforce_csrf_checks=True)
    client.force_login(requester)
    body = json.dumps({"display_name": "Changed"})
    refused = client.patch("/api/v1/users/me/", body, content_type="application/json")
    assert refused.status_code == 403
    requester.refresh_from_db()
    assert requester.display_name != "Changed"
    token = Client().post(TOKEN_URL, {"username": requester.username, "password": "itsm-demo-2026"})
    key = token.json()["token"]
    allowed = Client(enforce_csrf_checks=True).patch(
        "/api/v1/users/me/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert allowed.status_code == 200


def test_login_page_says_the_same_for_an_unknown_user_and_a_wrong_password(client, requester):
    known = client.post(
        reverse("accounts:login"), {"username": requester.username, "password": "x"}
    )
    unknown = client.post(reverse("accounts:login"), {"username": "nobody-here", "password": "x"})
    assert known.status_code == unknown.status_code == 200
    assert known.context["form"].errors == unknown.context["form"].errors


def test_token_endpoint_says_the_same_for_an_unknown_user_and_a_wrong_password(
    api_client, requester, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    answers = {}
    # Each from its own address: the per-address counter would otherwise lock the second.
    for address, username in (("192.0.2.1", requester.username), ("192.0.2.2", "nobody-here")):
        seen = []
        for _ in range(3):
            response = api_client.post(
                TOKEN_URL, {"username": username, "password": "x"}, REMOTE_ADDR=address
            )
            seen.append((response.status_code, response.json()))
        answers[username] = seen
    assert answers[requester.username] == answers["nobody-here"]
    assert [status for status, _body in answers["nobody-here"]] == [400, 400, 429]


def test_lockout_holds_even_with_the_right_password_and_ends_after_the_window(
    api_client, requester, settings
):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_FAILURE_WINDOW = 2
    for _ in range(2):
        api_client.post(TOKEN_URL, {"username": requester.username, "password": "x"})
    good = {"username": requester.username, "password": "itsm-demo-2026"}
    assert api_client.post(TOKEN_URL, good).status_code == 429
    # The counters live in the cache with the window as their expiry.
    from django.core.cache import cache

    cache.clear()
    assert api_client.post(TOKEN_URL, good).status_code == 200


@pytest.mark.parametrize("password", ["short", "password123", "12345678901", "agentsmith1"])
def test_admin_cannot_create_a_user_with_a_weak_password(client_for, admin_user, password):
    from accounts.models import User

    response = client_for(admin_user).post(
        "/api/v1/users/",
        {"username": "agentsmith", "password": password, "role": "requester"},
        format="json",
    )
    assert response.status_code == 400
    assert "password" in response.json()
    assert not User.objects.filter(username="agentsmith").exists()


def test_session_expires_after_its_age_and_with_the_browser(client, requester):
    client.post(
        reverse("accounts:login"), {"username": requester.username, "password": "itsm-demo-2026"}
    )
    assert client.get("/portal/tickets/").status_code == 200
    assert client.session.get_expire_at_browser_close()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    later = timezone.now() + timezone.timedelta(seconds=django_settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later, tick=False):
        response = client.get("/portal/tickets/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_uploads_live_outside_the_web_root_and_no_url_serves_them():
    media = Path(django_settings.STORAGES["default"]["OPTIONS"]["location"]).resolve()
    web_roots = [Path(django_settings.STATIC_ROOT).resolve()] + [
        Path(p).resolve() for p in django_settings.STATICFILES_DIRS
    ]
    for root in web_roots:
        assert not media.is_relative_to(root) and not root.is_relative_to(media)
    assert django_settings.MEDIA_URL in ("", "/")  # nothing maps a URL onto the folder
    routes = [route for route, _cb in _walk(get_resolver().url_patterns)]
    assert not any(route.startswith(("media", "uploads")) for route in routes)


def _production_settings(**env) -> dict:
    """Import the production settings in a fresh interpreter with `env` and report them."""
    code = (
        "import json, django, os; os.environ['DJANGO_SETTINGS_MODULE']='itsm.settings'; "
        "django.setup(); from django.conf import settings as s; print(json.dumps({k: "
        "getattr(s, k, None) for k in ('SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_SSL_REDIRECT',"
        "'DEBUG')}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "DJANGO_SECRET_KEY": "x" * 60, **env},
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_over_tls_cookies_are_secure_and_hsts_is_on_by_default():
    values = _production_settings()
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and values["SECURE_SSL_REDIRECT"]
    plain = _production_settings(DJANGO_HTTPS="0")
    assert not plain["SESSION_COOKIE_SECURE"] and plain["SECURE_HSTS_SECONDS"] == 0


def test_hsts_header_is_sent_on_https_requests(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/login/")


def test_check_deploy_is_clean_with_production_settings():
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "itsm.settings",
            "DJANGO_SECRET_KEY": "deploy-check-" + "k3y" * 20,
            "ALLOWED_HOSTS": "desk.example.com",
        },
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("path", "kind"), [("/api/v1/tickets/", "json"), ("/portal/tickets/", "html")]
)
def test_a_database_outage_is_a_clean_503_not_a_500(requester, monkeypatch, path, kind):
    client = Client(raise_request_exception=False)
    client.force_login(requester)

    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    from incidents import queries

    monkeypatch.setattr(queries, "tickets_visible_to", down)
    monkeypatch.setattr("portal.views.tickets_visible_to", down)
    monkeypatch.setattr("incidents.api.views.tickets_visible_to", down)
    monkeypatch.setattr("incidents.api.views.tickets_for_api", down)  # the list's lean rows
    response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"]
    if kind == "json":
        assert "unavailable" in response.json()["detail"]
    else:
        assert "briefly unavailable" in response.content.decode()


def test_a_real_bug_is_still_a_500(requester, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(requester)

    def bug(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr("incidents.api.views.tickets_visible_to", bug)
    monkeypatch.setattr("incidents.api.views.tickets_for_api", bug)
    assert client.get("/api/v1/tickets/").status_code == 500
