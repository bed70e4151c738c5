"""Settings for the lost-property and incident system, read from the environment.

Every variable is listed with its default in README.md ("Configuration").
"""

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lostfound import env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.string("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.boolean("DJANGO_DEBUG", False)


def _secret_key() -> str:
    key = env.string("SECRET_KEY")
    if key:
        return key
    # A local run keeps one random key under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin site, asking enrolled staff for their second factor (accounts.admin_site).
    "accounts.admin_config.SecondFactorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    # Before auditlog: its `auditlogflush` command is replaced by one that keeps three years (privacy).
    "privacy",
    "auditlog",
    # Before the project's apps: organization syncs roles on the last app's post_migrate (organization/apps.py).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "organization",
    "policy",
    "incidents",
    "investigations",
    "custody",
    "compensation",
    "sla",
    "notifications",
    "dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lostfound.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "organization.middleware.SiteTimezoneMiddleware",
    "policy.middleware.PolicyPerRequestMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionExpiryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lostfound.urls"
WSGI_APPLICATION = "lostfound.wsgi.application"

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
                "organization.context_processors.navigation",
            ],
            "libraries": {"form_fields": "lostfound.form_fields"},
        },
    },
]


def _databases() -> dict:
    url = env.string("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env.integer("DATABASE_CONN_MAX_AGE", 60))
        config["CONN_HEALTH_CHECKS"] = True
        if config["ENGINE"] == "django.db.backends.postgresql":
            config["ENGINE"] = "lostfound.postgresql"  # bulk inserts of a few rows as VALUES (its compiler.py)
        # psycopg keeps a statement on the server only when asked (lostfound/prepared.py), never on its own;
        # off for a pooler that cannot follow prepared statements (PgBouncer before 1.21 in transaction mode).
        if env.boolean("DATABASE_KEEP_STATEMENTS", True):
            config.setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
        return {"default": config}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "db.sqlite3",
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }


DATABASES = _databases()
# The dashboard's covering indexes (`include`) are PostgreSQL's: SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]


def _caches() -> dict:
    url = env.string("CACHE_URL")
    if url.startswith(("redis://", "rediss://")):
        # Shared by every web process: the public pages' rate limit counts once across them.
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                            "KEY_PREFIX": "lostfound"}}
    if url in ("", "locmem://"):
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    raise ImproperlyConfigured(f"CACHE_URL={url!r}: use redis://host:6379/N or locmem://")


CACHES = _caches()
# Reverse proxies in front of the web processes that append to X-Forwarded-For (lostfound/client_ip.py).
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": env.integer("PASSWORD_MIN_LENGTH", 12)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.password_validation.LettersAndOtherCharactersValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out sign-in before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.OneQueryModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Front-desk screens are shared: a session ends when the browser closes, after SESSION_IDLE_SECONDS
# without a request, and SESSION_COOKIE_AGE after sign-in however busy it is (accounts/middleware.py).
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_IDLE_SECONDS = env.integer("SESSION_IDLE_SECONDS", 15 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True

# Sign-in lockout (django-axes): AXES_FAILURE_LIMIT failed passwords for one user name from one client
# lock that pair for AXES_COOLOFF_MINUTES. Keyed on the pair, so a stranger cannot lock staff out from
# elsewhere and a shared front-desk address is not locked for everyone; administrators unlock in the admin.
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lostfound.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# A second factor (TOTP) for managers, legal and administrators who enrol: the name their authenticator app
# shows, and how long after the right password the code may still be given.
OTP_TOTP_ISSUER = env.string("OTP_TOTP_ISSUER", "Lost property")
SIGNIN_CODE_SECONDS = env.integer("SIGNIN_CODE_SECONDS", 300)

LANGUAGE_CODE = env.string("LANGUAGE_CODE", "zh-hans")
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Stored in UTC; shown in the site's zone (organization.middleware), this one when no site applies.
TIME_ZONE = env.string("TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env.boolean("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not env.boolean("STATIC_MANIFEST", False)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.string("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.string("EMAIL_HOST", "localhost")
EMAIL_PORT = env.integer("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.string("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.string("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.boolean("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.string("DEFAULT_FROM_EMAIL", "lostfound@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A hung SMTP server must fail the attempt long before the task time limit.
EMAIL_TIMEOUT = env.integer("EMAIL_TIMEOUT", 30)
# Used only by django.core.mail.backends.filebased.EmailBackend.
EMAIL_FILE_PATH = env.string("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# SMS: LogSMSBackend writes texts to the log; HttpGatewaySMSBackend posts JSON to the gateway.
SMS_BACKEND = env.string("SMS_BACKEND", "notifications.sms.LogSMSBackend")
SMS_GATEWAY_URL = env.string("SMS_GATEWAY_URL")
SMS_GATEWAY_KEY = env.string("SMS_GATEWAY_KEY")
SMS_GATEWAY_TIMEOUT = env.integer("SMS_GATEWAY_TIMEOUT", 10)

# Outbox delivery (technical, not policy): attempts before a message is failed and shown to
# managers; the lease a sender holds (above CELERY_TASK_TIME_LIMIT, so a running send is never
# taken over); the first retry delay, doubling per attempt up to the maximum.
NOTIFICATIONS_MAX_ATTEMPTS = env.integer("NOTIFICATIONS_MAX_ATTEMPTS", 8)
NOTIFICATIONS_LEASE_SECONDS = env.integer("NOTIFICATIONS_LEASE_SECONDS", 600)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.integer("NOTIFICATIONS_RETRY_BASE_SECONDS", 60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.integer("NOTIFICATIONS_RETRY_MAX_SECONDS", 3600)


def _broker_url() -> str:
    url = env.string("CELERY_BROKER_URL")
    if url:
        return url
    for folder in ("broker/queue", "broker/processed", "broker/control"):
        (VAR_DIR / folder).mkdir(parents=True, exist_ok=True)
    return "filesystem://"


CELERY_BROKER_URL = _broker_url()
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker/queue"),
        "data_folder_out": str(VAR_DIR / "broker/queue"),
        "processed_folder": str(VAR_DIR / "broker/processed"),
        "control_folder": str(VAR_DIR / "broker/control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    # Far above every task's time limit, so a running task is never handed out twice.
    else {"visibility_timeout": 3600}
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Seconds between two refreshes of the dashboard's daily summary rows (dashboard.tasks.refresh_summaries).
DASHBOARD_REFRESH_SECONDS = env.integer("DASHBOARD_REFRESH_SECONDS", 300)
# The worker logs through LOGGING below, with its personal-data filter, instead of Celery's own handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Production hardening: on when DJANGO_SECURE=1 (served behind TLS).
SECURE = env.boolean("DJANGO_SECURE", False)
# Scripts only from our own static files; inline styles stay allowed for Bootstrap and htmx.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if SECURE:
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Phone numbers, e-mail addresses and ID numbers never reach the log (lostfound/log_privacy.py).
    "filters": {"personal_data": {"()": "lostfound.log_privacy.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env.string("LOG_LEVEL", "INFO")},
}
