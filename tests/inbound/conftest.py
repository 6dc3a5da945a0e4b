"""The private Dovecot for the mailbox tests (session scope). In CI (CI=true) a missing
Dovecot is a failure, elsewhere those tests are skipped."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.inbound.dovecot import DOVECOT, Dovecot, free_port


@pytest.fixture(scope="session")
def dovecot_server():
    if not Path(DOVECOT).exists():
        if os.environ.get("CI"):
            raise pytest.UsageError(f"Dovecot not found at {DOVECOT}; CI must install it")
        pytest.skip("Debian's dovecot-imapd is not installed")
    server = Dovecot(Path(tempfile.mkdtemp(prefix="itsm-dovecot-")), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def imap(dovecot_server):
    """The server with an empty INBOX and no other folder."""
    dovecot_server.clear()
    return dovecot_server
