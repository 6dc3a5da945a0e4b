#!/usr/bin/env bash
# Backup and restore, tested: seed a small database, back it up as the README says
# (pg_dump -Fc + the media folder), restore both elsewhere, and check that the restored
# desk shows the same tickets (counts, and the desk's API read through the real app).
# Usage: scripts/backup_restore_check.sh [database name prefix]   (PostgreSQL on 127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${1:-itsm_ci_backup}"
SRC="${PREFIX}_src"
DST="${PREFIX}_restored"
PG="-h 127.0.0.1 -U postgres"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"; psql $PG -qc "DROP DATABASE IF EXISTS $SRC" postgres; psql $PG -qc "DROP DATABASE IF EXISTS $DST" postgres' EXIT
for db in "$SRC" "$DST"; do
  psql $PG -qc "DROP DATABASE IF EXISTS $db" postgres
  psql $PG -qc "CREATE DATABASE $db" postgres
done
export DJANGO_SETTINGS_MODULE=itsm.settings_test ITSM_VAR_DIR="$WORK/var"
unset REDIS_URL CACHE_KEY_PREFIX || true

echo "::: seed $SRC"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SRC" .venv/bin/python manage.py migrate -v0
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SRC" .venv/bin/python manage.py seed_demo >/dev/null
mkdir -p "$WORK/var/media/attachments" && echo "an attachment" >"$WORK/var/media/attachments/probe.txt"

echo "::: back up (pg_dump -Fc, tar of the media folder)"
pg_dump $PG -Fc -f "$WORK/itsm.dump" "$SRC"
tar -C "$WORK/var" -czf "$WORK/media.tar.gz" media

echo "::: restore into $DST"
pg_restore $PG --no-owner -d "$DST" "$WORK/itsm.dump"
mkdir -p "$WORK/restored" && tar -C "$WORK/restored" -xzf "$WORK/media.tar.gz"
cmp "$WORK/var/media/attachments/probe.txt" "$WORK/restored/media/attachments/probe.txt"

echo "::: the restored desk shows the same tickets"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$SRC" .venv/bin/python scripts/desk_figures.py >"$WORK/before.json"
DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DST" .venv/bin/python scripts/desk_figures.py >"$WORK/after.json"
.venv/bin/python - "$WORK/before.json" "$WORK/after.json" <<'PY'
import json, sys
before, after = (json.load(open(p)) for p in sys.argv[1:3])
for key in ("tickets", "history_rows", "users", "api_count"):
    print(f"  {key}: {before[key]} -> {after[key]}")
assert before["tickets"] > 0, "the seeded database has no tickets"
assert before == after, "the restored desk differs from the backup"
print("restored desk shows the same tickets and history")
PY
