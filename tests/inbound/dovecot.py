"""A private Dovecot IMAP server for the tests: its own config, passwd-file, maildirs,
base and state directories and log in a temporary folder, on 127.0.0.1 and a free port,
run as the current user. Nothing of the system's Dovecot is read or touched."""

from __future__ import annotations

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "desk", "desk-imap-secret"


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    def start(self) -> None:
        me = getpass.getuser()
        group = grp.getgrgid(os.getgid()).gr_name
        login_user, internal_user, uid, gid = me, me, os.getuid(), os.getgid()
        self.root.chmod(0o755)
        (self.root / "mail").mkdir()
        (self.root / "base").mkdir()
        (self.root / "state").mkdir()
        if uid == 0:
            # Dovecot runs no login or mail process as root (CI runs as root): its
            # package's own unprivileged users do, and own the test's maildirs.
            login_user, internal_user = "dovenull", "dovecot"
            record = pwd.getpwnam("dovecot")
            uid, gid, group = record.pw_uid, record.pw_gid, grp.getgrgid(record.pw_gid).gr_name
            os.chown(self.root / "mail", uid, gid)
        home = self.root / "mail" / USER
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}::\n")
        self.config.write_text(
            f"""
base_dir = {self.root}/base
state_dir = {self.root}/state
instance_name = itsm-test-{self.port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = {self.root}/dovecot.log
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {group}
first_valid_uid = 0
mail_location = maildir:~/Maildir
mail_uid = {uid}
mail_gid = {gid}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
  user = {login_user}
}}
service anvil {{
  chroot =
  user = {internal_user}
}}
service auth {{
  user = {internal_user if uid != os.getuid() else me}
}}
service auth-worker {{
  user = {internal_user if uid != os.getuid() else me}
}}
service stats {{
  user = {internal_user}
}}
service pop3-login {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.root}/passwd
}}
namespace inbox {{
  inbox = yes
  separator = /
}}
"""
        )
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (
                    (self.root / "dovecot.log").read_text()
                    if (self.root / "dovecot.log").exists()
                    else ""
                )
                raise RuntimeError(f"dovecot exited: {log[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("dovecot did not listen in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def client(self) -> imaplib.IMAP4:
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(USER, PASSWORD)
        return conn

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        """Deliver a mail the way a mail server's LDA would: IMAP APPEND."""
        conn = self.client()
        try:
            typ, data = conn.append(folder, None, None, raw)
            assert typ == "OK", data
        finally:
            conn.logout()

    def count(self, folder: str) -> int:
        conn = self.client()
        try:
            typ, data = conn.select(f'"{folder}"')
            return int(data[0]) if typ == "OK" and data[0] else 0
        finally:
            conn.logout()

    def clear(self) -> None:
        conn = self.client()
        try:
            _typ, folders = conn.list()
            for line in folders or []:
                name = line.decode().rsplit(' "/" ', 1)[-1].strip('"')
                if name != "INBOX":
                    conn.delete(f'"{name}"')
            _typ, data = conn.select("INBOX")
            if int(data[0] or 0):
                conn.store("1:*", "+FLAGS", "(\\Deleted)")
                conn.expunge()
        finally:
            conn.logout()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
