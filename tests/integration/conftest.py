"""A real Celery worker against a real Redis and the test database (PostgreSQL).

Skipped where REDIS_URL is not set or the database is SQLite (its test database lives in
memory, out of a worker's reach); in CI (CI=true) that is a failure instead.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"integration test cannot run: {reason}")
    pytest.skip(reason)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


def _start_worker(mail_dir: Path, *extra: str, **env_extra: str):
    """Start `celery -A itsm worker` on the test database; yield it; stop it afterwards."""
    _require(bool(os.environ.get("REDIS_URL")), "REDIS_URL is not set")
    _require(connection.vendor == "postgresql", "the test database is not PostgreSQL")
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DJANGO_SETTINGS_MODULE": "itsm.settings_test",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "ITSM_VAR_DIR": str(mail_dir.parent),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        **env_extra,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "itsm",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            *extra,
        ],
        env=env,
        cwd=settings.BASE_DIR,
        start_new_session=True,
    )
    time.sleep(0.5)
    try:
        yield process
    finally:
        stop_worker(process)


def stop_worker(process, kill: bool = False) -> None:
    """SIGTERM (a warm shutdown), or SIGKILL as a crash would; a dead worker is fine."""
    try:
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=20)


@pytest.fixture
def celery_worker(transactional_db, mail_dir):
    """A real worker on the test database and the real broker."""
    yield from _start_worker(mail_dir)


@pytest.fixture
def celery_worker_with_beat(transactional_db, mail_dir):
    """A real worker with beat embedded (`-B`), the SLA sweep every second."""
    schedule = mail_dir.parent / "celerybeat-schedule"
    yield from _start_worker(mail_dir, "-B", f"--schedule={schedule}", SLA_SWEEP_SECONDS="1")


def send_task(name: str, *args: str) -> None:
    """Queue a task from a separate process, as beat or another web worker would."""
    command = [sys.executable, "-m", "celery", "-A", "itsm", "call", name]
    if args:
        command += ["--args", "[" + ", ".join(args) + "]"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "itsm.settings_test",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    subprocess.run(
        command, env=env, cwd=settings.BASE_DIR, check=True, timeout=60, capture_output=True
    )


def queue_drained() -> bool:
    """True once the worker has taken and acknowledged every message on the queue."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2):
    """Poll until `predicate()` is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")
