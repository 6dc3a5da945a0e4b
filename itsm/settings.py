"""Settings, read from the environment (12-factor).

With nothing set, the product runs on embedded defaults: SQLite under `var/`, a Celery
broker on the filesystem under `var/`, mails written to `var/mail/`. Set `DATABASE_URL`
and `REDIS_URL` for PostgreSQL and Redis, as in production.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ITSM_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "csp",
    "accounts",
    "assets",
    "catalog",
    "incidents",
    "portal",
    "sla",
    "satisfaction",
    "maintenance",
    "approvals",
    "reports",
    "notifications",
    "inbound",
    "audit",
    "knowledge",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "itsm.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]
# The scale benchmark reads how many SQL queries each request ran (itsm/middleware.py).
if env_bool("ITSM_QUERY_COUNT_HEADER"):
    MIDDLEWARE.insert(0, "itsm.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "itsm.urls"

# Forms render through Django's templates; each field through templates/_field.html.
FORM_RENDERER = "common.forms.PageFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.navigation.context_processor",
            ],
        },
    },
]

WSGI_APPLICATION = "itsm.wsgi.application"

# --- Database -------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A connection found broken (the database restarted) is replaced at the start of
        # the next request, so the app recovers without a restart.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request fast (503), it does not hang it.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT", 5
    )
    # Lists select a ticket with its seven lookups: planning every order of eight tables
    # costs ~20 ms a query, ten times running it. Reordering within groups of four keeps
    # planning near 1 ms; the ORM writes the joins from the listed table outwards anyway.
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"-c join_collapse_limit={env_int('DB_JOIN_COLLAPSE_LIMIT', 4)}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share the file: wait for locks instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttling, rate limits) ----------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "itsm"),
            # A Redis that does not answer fails a cache call within a second; the product
            # then carries on without the cache (common/cache.py).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
# Sessions end when the browser closes too, not only after SESSION_COOKIE_AGE.
SESSION_EXPIRE_AT_BROWSER_CLOSE = env_bool("SESSION_EXPIRE_AT_BROWSER_CLOSE", default=True)
# Failed logins (page or token) in LOGIN_FAILURE_WINDOW seconds before an account is locked
# until the window ends (a success resets it), and before a client address is: much higher,
# as an office behind one NAT address shares it (accounts/throttling.py).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 100)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
# API tokens stop working this many days after they were issued (401); a new
# POST /api/v1/auth/token/ issues a fresh one. A password change revokes them at once.
API_TOKEN_TTL_DAYS = max(1, env_int("API_TOKEN_TTL_DAYS", 30))

# --- i18n / time ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    # Uploads live outside the web root and are served only through permission-checked views.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media")))},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# An XLSX is a zip: what it unpacks to is checked before it is parsed (a 542 KB zip bomb
# unpacked to 192 MB), in total and as a ratio per member.
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
IMPORT_MAX_COMPRESSION_RATIO = env_int("IMPORT_MAX_COMPRESSION_RATIO", 100)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 100)
# Exports stream; above this many rows they are refused (400: narrow the filters).
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 100_000)

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = str(VAR_DIR / "mail")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# "Forgot your password?" by email: on where mail is configured (EMAIL_HOST or
# EMAIL_BACKEND set, or debug's file backend); elsewhere the service desk resets passwords.
PASSWORD_RESET_BY_EMAIL = env_bool(
    "PASSWORD_RESET_BY_EMAIL",
    default=DEBUG or bool(os.environ.get("EMAIL_HOST") or os.environ.get("EMAIL_BACKEND")),
)
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)  # a reset link works 1 h
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Service Desk <servicedesk@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute address of the site, for links in emails (surveys, tickets).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Celery -----------------------------------------------------------------------------
if REDIS_URL:
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    # A broker with no server: kombu's filesystem transport, a folder of message files.
    # The transport ignores the host, but kombu warns on every connection when none is named.
    CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://localhost/")
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # The exchange tables (kombu's default is ./control, in the working directory).
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Apps add their periodic tasks here (each app's `tasks.py` documents its own).
CELERY_BEAT_SCHEDULE: dict = {}

# --- REST API ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "no credentials" into 401, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "common.filtering.FilterBackend",
        "common.api.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    # JSON nesting is bounded (common/api/parsers.py); forms and uploads as DRF parses them.
    "DEFAULT_PARSER_CLASSES": [
        "common.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "URL_FORMAT_OVERRIDE": None,
    "DATETIME_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ITSM Service Desk API",
    "DESCRIPTION": "Public REST API v1 of the service desk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.add_error_responses",
    ],
    # Several models have a `status` or `kind` with different choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "AssetStatusEnum": "assets.models.AssetStatus",
        "RelationKindEnum": "assets.models.RelationKind",
        "ServiceStatusEnum": "catalog.models.ServiceStatus",
        "CriterionKindEnum": "catalog.models.CriterionKind",
        "TicketKindEnum": "incidents.models.Kind",
        "TicketStatusEnum": "incidents.models.Status",
        "TicketEventKindEnum": "incidents.models.EventKind",
        "TicketApprovalStateEnum": "incidents.models.ApprovalState",
        "ApprovalRequestStateEnum": "approvals.models.State",
        "ApprovalModeEnum": "approvals.models.Mode",
        "ArticleLanguageEnum": "knowledge.models.Language",
        "UserLanguageEnum": "django.conf.settings.LANGUAGES",
        "IntegrationKindEnum": "inbound.models.IntegrationKind",
        "AlertStatusEnum": ["firing", "resolved"],
    },
}

# --- Satisfaction surveys (defaults; survey rules per service or catalog item override) -
# Minutes after a resolution before the survey goes out (time to reopen if it is not fixed).
SURVEY_DELAY_MINUTES = env_int("SURVEY_DELAY_MINUTES", 60)
# Days a survey link works once sent.
SURVEY_EXPIRY_DAYS = env_int("SURVEY_EXPIRY_DAYS", 14)
# Days without an answer before the one reminder; 0 sends none.
SURVEY_REMINDER_DAYS = env_int("SURVEY_REMINDER_DAYS", 3)

# --- Security (when served over TLS; see README "Configuration") ------------------------
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("DJANGO_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("DJANGO_HSTS_PRELOAD")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, and take the client's
# address from X-Forwarded-For, DJANGO_PROXY_COUNT hops from the right (the entries our own
# proxies appended; anything further left the client could have written).
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
PROXY_COUNT = max(1, env_int("DJANGO_PROXY_COUNT", 1))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): our own assets only, no inline script or style,
# no framing. `data:` images are Bootstrap's inline SVG icons in its stylesheet.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# HSTS preloading commits the whole domain to HTTPS for months; it stays an explicit
# per-deployment choice (DJANGO_HSTS_PRELOAD=1), so its reminder is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Logging: structured JSON lines on stdout -------------------------------------------
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
# Celery's per-task lines ("received", "succeeded", beat's "sending due task") come every few
# seconds from the periodic sweeps; tasks log what they did themselves. LOG_LEVEL=DEBUG
# shows them again. Failures are logged at ERROR either way.
_CELERY_CHATTER = "DEBUG" if LOG_LEVEL.upper() == "DEBUG" else "WARNING"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "itsm.logs.UTCJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    # Django's own defaults give "django" a second (plain text) console handler and
    # "django.server" one of its own: every warning printed twice, in two formats. Here each
    # line reaches the one JSON handler on the root.
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "django.server": {
            "handlers": [],
            "level": "WARNING" if not DEBUG else "INFO",
            "propagate": True,
        },
        "celery.app.trace": {"level": _CELERY_CHATTER},
        "celery.worker.strategy": {"level": _CELERY_CHATTER},
        "celery.beat": {"level": _CELERY_CHATTER},
    },
}

# --- Product settings -------------------------------------------------------------------
# The support group (its code) that receives the tickets nothing else routes (no catalog
# item, or an item without a group), and hears about tickets that have no group.
DEFAULT_INTAKE_GROUP = os.environ.get("DEFAULT_INTAKE_GROUP", "SD").strip()
# Resolved tickets close themselves after this many days without objection.
TICKET_AUTO_CLOSE_DAYS = env_int("TICKET_AUTO_CLOSE_DAYS", 3)  # working days
SLA_SWEEP_SECONDS = env_int("SLA_SWEEP_SECONDS", 60)
# How often beat opens the tickets of due maintenance occurrences (exactly once each).
MAINTENANCE_SWEEP_SECONDS = env_int("MAINTENANCE_SWEEP_SECONDS", 600)
# Business hours (on the catalog item's SLA calendar) an approver has to decide before
# they are reminded, once; the manager of the item's group sees it overdue.
APPROVAL_DUE_HOURS = env_int("APPROVAL_DUE_HOURS", 8)
# The dashboard's daily roll-up (PostgreSQL; reports/rollup.py), rebuilt for changed days
# by beat every REPORTS_ROLLUP_SECONDS; REPORTS_ROLLUP=0 computes every figure live.
REPORTS_ROLLUP = env_bool("REPORTS_ROLLUP", default=True)
REPORTS_ROLLUP_SECONDS = env_int("REPORTS_ROLLUP_SECONDS", 300)
# A list's total over ten thousand rows is counted once per this many seconds (common/pagination).
LIST_COUNT_CACHE_SECONDS = env_int("LIST_COUNT_CACHE_SECONDS", 60)
# Minutes before a promised reply falls due when the assignee is reminded.
PROMISE_REMINDER_MINUTES = env_int("PROMISE_REMINDER_MINUTES", 30)
# --- Inbound channels (mailboxes over IMAP, monitoring alerts) -------------------------
# Seconds between two polls of every active mailbox (Celery beat).
EMAIL_POLL_SECONDS = env_int("EMAIL_POLL_SECONDS", 60)
# At most this many new mails are read from one mailbox in one poll (the rest next time).
EMAIL_POLL_BATCH = env_int("EMAIL_POLL_BATCH", 50)
# Mail from an address no user has: `create` makes a requester without a password,
# `reject` refuses it (counted `rejected`, answered by nothing).
EMAIL_UNKNOWN_SENDERS = os.environ.get("EMAIL_UNKNOWN_SENDERS", "create").strip().lower()
# Tickets and replies one sender may send by mail per hour; more are rejected.
EMAIL_SENDER_LIMIT_PER_HOUR = env_int("EMAIL_SENDER_LIMIT_PER_HOUR", 30)
# Seconds an IMAP server has to answer before a poll gives up.
EMAIL_IMAP_TIMEOUT = env_int("EMAIL_IMAP_TIMEOUT", 30)
DEMO_PASSWORD = os.environ.get("ITSM_DEMO_PASSWORD", "itsm-demo-2026")
