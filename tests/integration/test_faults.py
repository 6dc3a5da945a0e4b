"""Fault tests with real services of our own: a throwaway redis-server stopped while users
work, and a throwaway PostgreSQL cluster restarted under load. The machine's shared
PostgreSQL and Redis are never touched."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from rest_framework.test import APIClient

from itsm.celery import app
from notifications.models import Notification
from tests import factories
from tests.helpers import _reset_broker_connections
from tests.integration.conftest import _require, _start_worker, wait_for

pytestmark = pytest.mark.integration

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    def __init__(self):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        command = [
            shutil.which("redis-server"),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_for(
            lambda: (
                subprocess.run(
                    ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ),
            timeout=15,
        )

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None


def _deliver_waiting_once(mail_dir, broker_url: str, waiting: int) -> list[str]:
    """With Redis back, a real worker sends the outbox; a second sweep sends nothing. Every
    waiting mail went out exactly once: returns the mails' texts."""
    worker = _start_worker(mail_dir, CELERY_BROKER_URL=broker_url)
    next(worker)
    try:
        app.send_task("notifications.tasks.deliver_pending")
        wait_for(lambda: not Notification.objects.filter(sent_at__isnull=True).exists(), 90)
        app.send_task("notifications.tasks.deliver_pending")  # a second sweep sends nothing
        time.sleep(2)
    finally:
        next(worker, None)
    total = Notification.objects.count()
    assert total == waiting
    mails = [p.read_text() for p in mail_dir.glob("*.log")]
    assert sum(text.count("Subject:") for text in mails) == total
    return mails


@pytest.fixture
def own_redis():
    _require(shutil.which("redis-server") is not None, "redis-server is not installed")
    redis = OwnRedis()
    redis.start()
    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = redis.url, False
    _reset_broker_connections()
    yield redis
    redis.stop()
    app.conf.broker_url, app.conf.task_always_eager = previous
    _reset_broker_connections()


def test_redis_down_while_users_work_loses_nothing_and_mails_once_it_is_back(
    transactional_db, own_redis, mail_dir
):
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent", email="agent@example.com")
    group.members.add(agent)
    requester = factories.UserFactory(email="caller@example.com")
    api = APIClient()
    api.force_authenticate(agent)

    own_redis.stop()  # Redis dies while the desk is busy
    numbers = []
    for n in range(5):
        created = api.post(
            "/api/v1/tickets/",
            {"title": f"Outage {n}", "requester": requester.pk, "channel": "phone"},
            format="json",
        )
        assert created.status_code == 201, created.content
        ticket = created.json()
        numbers.append(ticket["number"])
        assigned = api.post(
            f"/api/v1/tickets/{ticket['id']}/assign/",
            {"assignment_group": group.pk, "assignee": agent.pk},
            format="json",
        )
        assert assigned.status_code == 200, assigned.content
        replied = api.post(
            f"/api/v1/tickets/{ticket['id']}/comments/", {"body": "On it"}, format="json"
        )
        assert replied.status_code == 201, replied.content
    waiting = Notification.objects.filter(sent_at__isnull=True).count()
    assert waiting >= 5  # the mails wait in the outbox, in the tickets' transactions

    own_redis.start()  # Redis is back: a worker and beat's sweep deliver them
    mails = _deliver_waiting_once(mail_dir, own_redis.url, waiting)
    for number in numbers:
        assert any(number in text for text in mails)


class OwnPostgres:
    """A throwaway cluster in a temporary folder, run as the postgres user."""

    def __init__(self):
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="itsm-pg-"))
        self.data = self.root / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/itsm_fault"

    def _as_postgres(self, *command):
        runner = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
        subprocess.run([*runner, *command], check=True, capture_output=True, timeout=120)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )
        self.start()
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "itsm_fault"],
            check=True,
            timeout=60,
        )

    def start(self):
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1",
            "-l",
            str(self.root / "log"),
            "-w",
            "start",
        )

    def stop(self):
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def own_postgres():
    _require((PG_BIN / "initdb").exists(), "PostgreSQL 15 server binaries are not installed")
    pg = OwnPostgres()
    pg.init()
    yield pg
    pg.destroy()


def test_postgres_restart_under_load_is_503_then_recovers_without_restarting_the_app(
    own_postgres, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": own_postgres.url,
        "DJANGO_SETTINGS_MODULE": "itsm.settings_test",
        "ITSM_VAR_DIR": str(tmp_path),
        "DB_CONNECT_TIMEOUT": "2",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=settings.BASE_DIR, check=True)
    token = (
        subprocess.run(
            [
                *manage,
                "shell",
                "-c",
                "from accounts.models import User;"
                "from rest_framework.authtoken.models import Token;"
                "u = User.objects.create_user('loadagent', password='x', role='agent');"
                "print(Token.objects.create(user=u).key)",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "itsm.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Token {token}"}
    statuses: list[int] = []
    stop = threading.Event()

    def load():
        session = requests.Session()
        while not stop.is_set():
            try:
                r = session.get(f"{base}/api/v1/tickets/", headers=headers, timeout=10)
                statuses.append(r.status_code)
            except requests.RequestException:
                statuses.append(-1)
            time.sleep(0.02)

    try:
        wait_for(lambda: _get(f"{base}/healthz") is not None, timeout=30)
        threads = [threading.Thread(target=load) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(2)
        own_postgres.stop()  # the database goes away under load
        wait_for(lambda: _status(f"{base}/api/v1/tickets/", headers) == 503, timeout=30)
        assert _status(f"{base}/healthz") == 503
        down = statuses.count(503)
        own_postgres.start()  # ... and comes back: the app recovers by itself
        wait_for(lambda: _status(f"{base}/api/v1/tickets/", headers) == 200, timeout=30)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(timeout=15)
        created = requests.post(
            f"{base}/api/v1/tickets/",
            json={"title": "After the restart"},
            headers=headers,
            timeout=10,
        )
        assert created.status_code == 201
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=20)
    assert down > 0, "no request saw the outage"
    assert 500 not in statuses and -1 not in statuses, sorted(set(statuses))
    assert set(statuses) <= {200, 503}
    assert statuses[-1] == 200


def _get(url, headers=None):
    try:
        return requests.get(url, headers=headers or {}, timeout=5)
    except requests.RequestException:
        return None


def _status(url, headers=None):
    response = _get(url, headers)
    return response.status_code if response is not None else None


@pytest.fixture
def own_redis_for_everything(own_redis, settings):
    """The throwaway Redis as the cache too (login counters, list counts), as in production
    where one REDIS_URL serves both."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "fault",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CELERY_BROKER_URL = own_redis.url
    yield own_redis


def test_with_redis_down_people_log_in_and_work_and_the_mail_goes_once_when_it_is_back(
    transactional_db, own_redis_for_everything, mail_dir
):
    from django.test import Client

    redis = own_redis_for_everything
    group = factories.SupportGroupFactory()
    agent = factories.UserFactory(role="agent", email="agent@example.com")
    group.members.add(agent)
    requester = factories.UserFactory(email="caller@example.com")
    password = "itsm-demo-2026"
    # The cache works before the outage: a failure is counted there.
    Client().post("/login/", {"username": requester.username, "password": "wrong"})

    redis.stop()  # cache and broker gone
    health = Client().get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"].startswith("error")
    assert health.json()["checks"]["broker"].startswith("error")

    # Logging in: the page (both roles) and the token endpoint.
    portal, desk = Client(), Client()
    for client, user, home in ((portal, requester, "/portal/"), (desk, agent, "/desk/")):
        response = client.post("/login/", {"username": user.username, "password": password})
        assert response.status_code == 302, response.content[:300]
        assert client.get(home, follow=True).status_code == 200
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": agent.username, "password": password}
    )
    assert token.status_code == 200, token.content
    # Failures still answer 400 (not throttled, not a 500).
    wrong = APIClient().post("/api/v1/auth/token/", {"username": agent.username, "password": "x"})
    assert wrong.status_code == 400

    # The portal: a requester opens a ticket; the desk: an agent logs one through the API.
    opened = portal.post(
        "/portal/tickets/new/", {"title": "Printer on fire", "description": "", "urgency": 2}
    )
    assert opened.status_code == 302, opened.content[:300]
    assert portal.get("/portal/tickets/").status_code == 200
    api = APIClient(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    created = api.post(
        "/api/v1/tickets/",
        {"title": "VPN down", "requester": requester.pk, "channel": "phone"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert desk.get("/desk/?queue=all").status_code == 200
    from incidents.models import Ticket

    for ticket in Ticket.objects.all():  # the desk works both: assigned, and a public reply
        assigned = api.post(
            f"/api/v1/tickets/{ticket.pk}/assign/",
            {"assignment_group": group.pk, "assignee": agent.pk},
            format="json",
        )
        assert assigned.status_code == 200, assigned.content
        replied = api.post(f"/api/v1/tickets/{ticket.pk}/comments/", {"body": "On it"})
        assert replied.status_code == 201, replied.content
    waiting = Notification.objects.filter(sent_at__isnull=True).count()
    assert waiting >= 2  # the mails wait in the outbox, written in the tickets' transactions

    redis.start()  # Redis is back: a worker and the outbox sweep deliver them, once
    assert Client().get("/healthz").json()["checks"] == {
        "database": "ok",
        "broker": "ok",
        "cache": "ok",
    }
    mails = _deliver_waiting_once(mail_dir, redis.url, waiting)
    assert any("Printer on fire" in text for text in mails)
