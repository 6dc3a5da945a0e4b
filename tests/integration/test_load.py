"""Bounded load on 127.0.0.1: 50 concurrent users (requesters on the portal and the API,
agents on the desk and the API, managers on the dashboard) against gunicorn on the test
database for ITSM_LOAD_SECONDS (default 90). Zero errors, no lost writes: every ticket and
reply a client was told was created is in the database with its history row. Prints p95."""

import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
import requests
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from incidents.models import Comment, Ticket, TicketEvent
from tests import factories
from tests.integration.conftest import _database_url, _require, wait_for
from tests.integration.test_faults import _free_port

pytestmark = pytest.mark.integration
USERS = {"requester": 20, "agent": 20, "manager": 10}


def _session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def server(transactional_db, tmp_path):
    _require(bool(os.environ.get("REDIS_URL")), "REDIS_URL is not set")
    from django.db import connection

    _require(connection.vendor == "postgresql", "the test database is not PostgreSQL")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "itsm.settings_test",
        "ITSM_VAR_DIR": str(tmp_path),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "itsm.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "--threads",
            "8",
            "--timeout",
            "120",
            # Longer than a client waits between two requests: no reuse of a closed socket.
            "--keep-alive",
            "75",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(f"{base}/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    try:
        wait_for(up, timeout=60)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_fifty_users_mixing_portal_desk_and_api_lose_nothing(server):
    seconds = float(os.environ.get("ITSM_LOAD_SECONDS", "90"))
    group = factories.SupportGroupFactory()
    people = []
    for role, count in USERS.items():
        for _ in range(count):
            user = factories.UserFactory(role=role)
            if role == "agent":
                group.members.add(user)
            people.append((role, user, Token.objects.create(user=user).key, _session_cookie(user)))
    seed = [factories.TicketFactory(assignment_group=group, status="assigned") for _ in range(20)]
    tickets_before, events_before = Ticket.objects.count(), TicketEvent.objects.count()
    comments_before = Comment.objects.count()

    latencies, errors = [], Counter()
    created_tickets, created_comments = [], []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def call(session, method, path, expected, **kwargs):
        began = time.perf_counter()
        try:
            response = session.request(method, f"{server}{path}", timeout=60, **kwargs)
        except requests.RequestException as exc:
            with lock:
                errors[f"{method} {path.split('?')[0]}: {type(exc).__name__}"] += 1
            return None
        with lock:
            latencies.append(time.perf_counter() - began)
            if response.status_code != expected:
                errors[f"{method} {path.split('?')[0]}: {response.status_code}"] += 1
        return response if response.status_code == expected else None

    def user_loop(role, user, token, cookie):
        rng = random.Random(user.pk)
        api = requests.Session()
        api.headers["Authorization"] = f"Token {token}"
        pages = requests.Session()
        pages.cookies.set(settings.SESSION_COOKIE_NAME, cookie)
        while time.monotonic() < deadline:
            if role == "requester":
                call(pages, "GET", "/portal/tickets/", 200)
                r = call(api, "POST", "/api/v1/tickets/", 201, json={"title": f"Load {user.pk}"})
                if r is not None:
                    with lock:
                        created_tickets.append(r.json()["id"])
                call(api, "GET", "/api/v1/tickets/?page_size=25", 200)
            elif role == "agent":
                call(pages, "GET", "/desk/?queue=all", 200)
                call(api, "GET", "/api/v1/tickets/?status=assigned&page_size=50", 200)
                target = rng.choice(seed)
                r = call(
                    api,
                    "POST",
                    f"/api/v1/tickets/{target.pk}/comments/",
                    201,
                    json={"body": "Looking into it", "internal": rng.random() < 0.5},
                )
                if r is not None:
                    with lock:
                        created_comments.append(r.json()["id"])
            else:
                call(pages, "GET", "/reports/", 200)
                call(api, "GET", "/api/v1/reports/summary/", 200)
                call(api, "GET", "/api/v1/assets/?page_size=25", 200)

    threads = [threading.Thread(target=user_loop, args=p) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    assert not any(t.is_alive() for t in threads)

    p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
    print(
        f"\nload: {len(people)} users for {seconds:.0f} s: {len(latencies)} requests, "
        f"p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95:.0f} ms, "
        f"{len(created_tickets)} tickets and {len(created_comments)} replies written"
    )
    assert not errors, errors
    assert created_tickets and created_comments
    # No lost writes: what the clients were told exists, with its history rows.
    assert Ticket.objects.count() == tickets_before + len(created_tickets)
    assert Ticket.objects.filter(pk__in=created_tickets).count() == len(created_tickets)
    assert Comment.objects.count() == comments_before + len(created_comments)
    assert TicketEvent.objects.count() == events_before + len(created_tickets) + len(
        created_comments
    )
