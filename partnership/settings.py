"""Settings for the partnership portal, read from the environment (twelve-factor).

Every value has a safe local default so that `make run` needs no services; the
production values are documented in the README. With DEBUG off a missing
SECRET_KEY fails loudly.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
# makemigrations never signs or serves anything: it may run without the secret.
_KEYLESS_COMMAND = sys.argv[1:2] == ["makemigrations"]
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING or _KEYLESS_COMMAND:
        SECRET_KEY = "insecure-local-development-key-never-use-in-production-0123456789"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (see the README's configuration)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if DEBUG or TESTING:
    ALLOWED_HOSTS += ["127.0.0.1", "localhost", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

PORTAL_NAME = env_str("PORTAL_NAME", "Riverside Learning Partnership")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django.contrib.postgres",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # In the order their demos seed: each part's demo uses the records of those above.
    "partnership",
    "schools",
    "research",
    "schools.directory",
    "partnership.budgets",
    "partnership.events",
    "partnership.improvement",
    "journal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions: a visitor's cached page costs no session or user lookup.
    "partnership.kernel.pagecache.VisitorPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "partnership.urls"
WSGI_APPLICATION = "partnership.wsgi.application"

# Widget templates (the GOV.UK date input) come from the project's templates too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "partnership.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL's parallel query takes the cores the web workers need on a small
# machine: off by default (0 workers per gather), set PG_PARALLEL_WORKERS_PER_GATHER
# to allow it (an empty value keeps PostgreSQL's own setting).
PG_PARALLEL_WORKERS_PER_GATHER = env_str("PG_PARALLEL_WORKERS_PER_GATHER", "0")
# Just-in-time compilation costs tens of milliseconds a query once a table is big
# enough for the planner to try it, more than it saves on a web request: off by
# default (PG_JIT=on keeps PostgreSQL's own setting).
PG_JIT = env_bool("PG_JIT", False)
_pg_options = []
if PG_PARALLEL_WORKERS_PER_GATHER.strip():
    _pg_options.append(
        f"-c max_parallel_workers_per_gather={int(PG_PARALLEL_WORKERS_PER_GATHER)}"
    )
if not PG_JIT:
    _pg_options.append("-c jit=off")
if IS_POSTGRES and _pg_options:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(_pg_options)

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, reading the signed-in person from the cache
    # (partnership/auth.py; USER_CACHE below).
    "partnership.auth.ModelBackend",
    "partnership.auth.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email is the login; sign-up is limited to member schools' domains
# by the adapter; enumeration is prevented, which needs mandatory verification.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "schools.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "schools.forms.SignupDetailsForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{PORTAL_NAME}] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Sign-up email domains no school may register (schools.domains adds the public
# webmail ones): the local authority's own, and any other shared domain.
LOCAL_AUTHORITY_EMAIL_DOMAINS = env_list("LOCAL_AUTHORITY_EMAIL_DOMAINS")
REFUSED_EMAIL_DOMAINS = env_list("REFUSED_EMAIL_DOMAINS")
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = PORTAL_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False
FORMS_URLFIELD_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Where a journal compile keeps its working files (the system temporary folder by
# default); each run's folder is removed when it ends.
JOURNAL_COMPILE_TMP = env_str("JOURNAL_COMPILE_TMP", "")
# Uploaded files are never served as static files: views check permission first.
MEDIA_URL = None
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024)

# Uploads go through the storage API: local files by default, an S3-compatible
# store (AWS S3, MinIO...) when S3_BUCKET is set (needs `django-storages[s3]`).
S3_BUCKET = env_str("S3_BUCKET")
if S3_BUCKET:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or env_bool("STATIC_NO_MANIFEST")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# The release's name (a commit or tag) for the keys of cached HTML; empty: a hash of
# the code, templates and static manifest (partnership/kernel/release.py).
RELEASE = env_str("RELEASE")[:40]

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "partnership.kernel.rediscache.PortalRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_PREFIX", "portal"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions: read from the shared cache, written through to the database, which
# keeps them across a Redis restart. Without Redis (one process), the database.
# (partnership.sessions: Django's cached_db, carrying on from the database while
# Redis is down.)
SESSION_ENGINE = (
    "partnership.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
)
# Whole pages for visitors (partnership/kernel/pagecache.py): on with a shared cache
# (never under tests, whose database rolls back while Redis keeps the pages).
PAGE_CACHE = env_bool("PAGE_CACHE", bool(REDIS_URL) and not TESTING)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The signed-in person's row read from the shared cache (partnership/auth.py).
USER_CACHE = env_bool("USER_CACHE", bool(REDIS_URL) and not TESTING)
# The research search ranks at most this many matches (the first the index finds).
RESEARCH_SEARCH_CANDIDATES = env_int("RESEARCH_SEARCH_CANDIDATES", 1000)
# The directory ranks at most this many of the newest matches of the words searched.
DIRECTORY_SEARCH_CANDIDATES = env_int("DIRECTORY_SEARCH_CANDIDATES", 1000)
# The directory's facet index (schools/directory/facet_index.py): bitmaps in Redis
# that count every filter of a search in a few milliseconds and follow each change.
# On with a shared cache on PostgreSQL (never under tests, which turn it on).
DIRECTORY_FACET_INDEX = env_bool(
    "DIRECTORY_FACET_INDEX", bool(REDIS_URL) and IS_POSTGRES and not TESTING
)
# Words kept in the index: those at least this many recommendations use (rarer
# words are cheap to count in PostgreSQL), at most this many of them.
DIRECTORY_FACET_WORDS_MIN = env_int("DIRECTORY_FACET_WORDS_MIN", 200)
DIRECTORY_FACET_WORDS_MAX = env_int("DIRECTORY_FACET_WORDS_MAX", 5000)

# Celery: without REDIS_URL tasks run in-process, so `make run` needs no services.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 14 * 60
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 3,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE

# Email: SMTP when EMAIL_HOST is set, otherwise printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@partnership.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers: on by default whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
_secure = not DEBUG and not TESTING
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _secure)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _secure else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _secure)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _secure)
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address (for allauth's rate limits, and `partnership.kernel.clients`):
# behind the proxy, REMOTE_ADDR is the proxy's, so the address is the entry of
# X-Forwarded-For that the last of our TRUSTED_PROXY_COUNT proxies appended, counted
# from the right (entries further left are whatever the client chose to send).
# Direct (no proxy), X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1) if BEHIND_PROXY else 0
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# A proxy that sends the client's address in a header of its own (e.g. "X-Real-IP")
# may name it instead; it then wins over X-Forwarded-For.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = (
    env_str("TRUSTED_CLIENT_IP_HEADER") or None if BEHIND_PROXY else None
)

# The directory's map (issue 16): a tile URL template such as
# https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty = no map (the list is the
# complete view). Its host is added to the CSP's img-src only when set.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")


def _tile_origin(url: str) -> list[str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*"))
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_tile_origin(MAP_TILE_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# The benchmark's framework-floor page (/bench/floor) answers only when this is on.
BENCH_FLOOR = env_bool("BENCH_FLOOR", False)

# Demo logins exist only when `seed_demo` is run deliberately; production refuses it
# unless ALLOW_DEMO_SEED is set.
ALLOW_DEMO_SEED = env_bool("ALLOW_DEMO_SEED", DEBUG or TESTING)

# Periodic tasks (celery beat). Run exactly one beat process.
CELERY_BEAT_SCHEDULE = {
    "directory-facet-index": {
        # Hourly: bounds what a change missed while Redis was away can leave behind.
        "task": "schools.directory.tasks.facet_index_rebuild_task",
        "schedule": 60.0 * 60,
    },
    "requeue-pending-notifications": {
        "task": "partnership.tasks.requeue_pending_notifications",
        "schedule": 60.0,
    },
    "budget-approver-reminders": {
        "task": "partnership.tasks.send_budget_approver_reminders",
        # Mondays at 07:30; the service sends at most one reminder a week anyway.
        "schedule": crontab(minute=30, hour=7, day_of_week="mon"),
    },
    "event-reminders": {
        "task": "partnership.events.tasks.send_event_reminders",
        # Hourly: each reminder has an event_key, so a repeat sends nothing.
        "schedule": 60.0 * 60,
    },
    "journal-reminders": {
        "task": "journal.tasks.send_journal_reminders",
        "schedule": 60.0 * 60,
    },
    "journal-requeue-stale-compiles": {
        "task": "journal.tasks.requeue_stale_compiles",
        "schedule": 60.0,
    },
    "improvement-reminders": {
        "task": "partnership.improvement.tasks.send_improvement_reminders",
        "schedule": crontab(minute=0, hour=7),
    },
    "improvement-call-for-values": {
        # 1 July at 08:00: the school year's broader measures are known by then.
        "task": "partnership.improvement.tasks.send_call_for_values",
        "schedule": crontab(minute=0, hour=8, day_of_month=1, month_of_year=7),
    },
}
