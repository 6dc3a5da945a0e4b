# Production image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    ITSM_VAR_DIR=/var/lib/itsm STATIC_ROOT=/app/staticfiles

RUN apt-get update && apt-get install -y --no-install-recommends gettext curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app itsm

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY --chown=itsm:itsm . .
RUN DJANGO_SECRET_KEY=build-only python manage.py compiletranslations \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input -v0 \
    && mkdir -p /var/lib/itsm && chown itsm:itsm /var/lib/itsm

USER itsm
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["gunicorn", "itsm.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
