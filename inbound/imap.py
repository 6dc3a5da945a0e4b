"""A small IMAP session over the stdlib's imaplib: sign in, read new mail by UID, mark it
read, move what cannot be read aside. Raises `MailServerError` with the server's words."""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")


class MailServerError(Exception):
    """The server could not be reached, refused the login, or refused a command."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    use_ssl: bool
    username: str
    password: str
    folder: str
    timeout: float = 30.0


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(data: object) -> str:
    if isinstance(data, list):
        return " ".join(_text(item) for item in data if item is not None)
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    if isinstance(data, tuple):
        return _text(list(data))
    return str(data)


class Session:
    def __init__(self, conn: imaplib.IMAP4, server: Server) -> None:
        self.conn = conn
        self.server = server
        self.greeting = _text(conn.welcome)
        self.uid_validity: int | None = None
        self.exists = 0

    def _check(self, typ: str, data: object, what: str) -> None:
        if typ != "OK":
            raise MailServerError(f"{what}: {typ} {_text(data)}".strip())

    def select(self) -> None:
        typ, data = self.conn.select(_quote(self.server.folder))
        self._check(typ, data, f"SELECT {self.server.folder}")
        self.exists = int(_text(data[0]) or 0) if data and data[0] else 0
        _typ, validity = self.conn.response("UIDVALIDITY")
        if validity and validity[0]:
            self.uid_validity = int(_text(validity[0]))

    def uids_after(self, last_uid: int) -> list[int]:
        typ, data = self.conn.uid("SEARCH", f"UID {last_uid + 1}:*")
        self._check(typ, data, "UID SEARCH")
        found = [int(x) for x in _text(data[0] if data else b"").split() if x.isdigit()]
        # `n:*` always names the last message, even when its UID is below n.
        return sorted(uid for uid in found if uid > last_uid)

    def fetch(self, uid: int) -> bytes | None:
        typ, data = self.conn.uid("FETCH", str(uid), "(BODY.PEEK[])")
        self._check(typ, data, f"UID FETCH {uid}")
        for item in data or []:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
                return item[1]
        return None  # expunged meanwhile

    def mark_read(self, uid: int) -> None:
        typ, data = self.conn.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")
        self._check(typ, data, f"UID STORE {uid}")

    def move(self, uid: int, folder: str) -> None:
        """Move a mail to `folder`, creating it when missing."""
        self.conn.create(_quote(folder))  # NO when it exists: fine
        typ, data = self.conn.uid("COPY", str(uid), _quote(folder))
        self._check(typ, data, f"UID COPY {uid}")
        typ, data = self.conn.uid("STORE", str(uid), "+FLAGS", "(\\Deleted)")
        self._check(typ, data, f"UID STORE {uid}")
        if b"UIDPLUS" in self.capabilities():
            self.conn.uid("EXPUNGE", str(uid))
        else:
            self.conn.expunge()

    def capabilities(self) -> tuple[bytes, ...]:
        caps = getattr(self.conn, "capabilities", ())
        return tuple(c.encode() if isinstance(c, str) else c for c in caps)


@contextmanager
def session(server: Server) -> Iterator[Session]:
    """A signed-in session with the folder selected; logs out at the end."""
    try:
        if server.use_ssl:
            context = ssl.create_default_context()
            conn: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                server.host, server.port, ssl_context=context, timeout=server.timeout
            )
        else:
            conn = imaplib.IMAP4(server.host, server.port, timeout=server.timeout)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(f"{server.host}:{server.port}: {exc}") from exc
    try:
        try:
            conn.login(server.username, server.password)
        except imaplib.IMAP4.error as exc:
            raise MailServerError(f"LOGIN: {exc}") from exc
        current = Session(conn, server)
        try:
            current.select()
        except imaplib.IMAP4.error as exc:
            raise MailServerError(str(exc)) from exc
        yield current
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailServerError(str(exc)) from exc
    finally:
        with suppress(OSError, imaplib.IMAP4.error):
            conn.logout()
