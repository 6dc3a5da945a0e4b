"""Smoke test of the embedded defaults: the product starts with no configuration at all.

Runs `migrate`, `seed_demo` and the three processes (web, worker, beat) on SQLite and the
filesystem broker in a throwaway folder, waits for /healthz and the login page, stops.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = os.environ.get("SMOKE_PORT", "8765")
DEADLINE = 90


def main() -> int:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_DEBUG="1",
        ITSM_VAR_DIR=tempfile.mkdtemp(prefix="itsm-smoke-"),
        ITSM_BIND=f"127.0.0.1:{PORT}",
    )
    bin_dir = Path(sys.executable).parent
    env["PATH"] = f"{bin_dir}:{env.get('PATH', '')}"
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], check=True, env=env, cwd=ROOT)
    subprocess.run([*manage, "seed_demo"], check=True, env=env, cwd=ROOT)
    procs = subprocess.Popen(
        [str(bin_dir / "honcho"), "start", "-f", "Procfile"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=3) as r:
                    health = r.read().decode()
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/login/", timeout=3) as r:
                    assert r.status == 200
                print(f"smoke: healthz {health}; login page 200")
                return 0
            except OSError:
                time.sleep(1)
        print("smoke: the product did not answer in time", file=sys.stderr)
        return 1
    finally:
        os.killpg(procs.pid, 15)
        procs.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
