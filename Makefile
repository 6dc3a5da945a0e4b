# The README's two commands are `make run` and `make test`; `make lint` checks style and types.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format messages translations install smoke bench bench-scale bench-migrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Compile the translations (gettext's msgfmt when present, else the polib fallback).
messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py compiletranslations

## Re-extract strings into every locale/zh_Hans/LC_MESSAGES/django.po (then translate them).
translations: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='static/vendor/*'
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -d djangojs -l zh_Hans --no-obsolete --ignore='.venv/*' --ignore='var/*' --ignore='static/vendor/*'

## One command: install, migrate, seed demo data, start web + Celery worker + beat.
run: messages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo
	@echo ""
	@echo "  Service desk:  http://127.0.0.1:8000/"
	@echo "  API docs:      http://127.0.0.1:8000/api/v1/docs/"
	@echo "  Logins (password: itsm-demo-2026): admin, manager, agent, requester (English);"
	@echo "                                     manager2, netops, requester3 (简体中文)"
	@echo "  A survey email to try: var/mail/"
	@echo ""
	@# honcho stamps lines with the host clock: in UTC it agrees with the apps' JSON lines.
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} TZ=UTC PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/honcho start -f Procfile

## One command: install and run the whole test suite.
test: messages
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Start on embedded defaults, check /healthz answers, stop (used by CI).
smoke: messages
	$(PY) scripts/smoke.py

## Benchmarks: due dates (pure), then the SLA sweep on the PostgreSQL in DATABASE_URL.
bench: $(STAMP)
	$(PY) -m bench.businesstime
	$(PY) -m bench.sla_sweep

## The scale benchmark: seeds a million tickets into BENCH_DATABASE_URL (emptied first), then
## measures pages and endpoints through gunicorn. Prints a table, writes var/bench/scale.json.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/itsm_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/14
bench-scale: messages
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) CACHE_KEY_PREFIX=bench \
		$(PY) -m bench.scale $(BENCH_ARGS)

## The upgrade benchmark, on the seed `bench-scale` left: index builds (plain, then CONCURRENTLY,
## or the index migrations replayed by `migrate`) while tickets are opened. Writes var/bench/migrate.json.
bench-migrate: messages
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) CACHE_KEY_PREFIX=bench \
		$(PY) -m bench.migrate $(BENCH_MIGRATE_ARGS)

clean:
	rm -rf $(VENV) var
