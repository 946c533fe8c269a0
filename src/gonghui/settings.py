"""Settings for Gonghui, read from the environment.

Production needs SECRET_KEY and FIELD_ENCRYPTION_KEY; only the demo (GONGHUI_DEMO=1, set by
`make run` and `make test`) may fall back to keys generated once and kept under var/.
"""

import json
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", PROJECT_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no setting; anything but 1/true/yes/on is no."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEMO = env_bool("GONGHUI_DEMO")
DEBUG = env_bool("DEBUG")
# Under pytest the settings are loaded before any conftest runs, so detect the test runner here.
TESTING = env_bool("GONGHUI_TESTING", default="pytest" in sys.modules)


def _demo_secrets() -> dict[str, str]:
    """Keys for the demo only, generated on first use so no secret lives in the repository."""
    path = VAR_DIR / "demo-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEY": secrets.token_urlsafe(32)}
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


def _secret(name: str) -> str:
    value = os.environ.get(name)
    if value:
        return value
    if DEMO or TESTING:
        return _demo_secrets()[name]
    raise ImproperlyConfigured(
        f"{name} must be set in the environment (or run the demo with GONGHUI_DEMO=1)."
    )


SECRET_KEY = _secret("SECRET_KEY")
FIELD_ENCRYPTION_KEY = _secret("FIELD_ENCRYPTION_KEY")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
PORT = int(os.environ.get("PORT", "8000"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "django_htmx",
    "treebeard",
    "auditlog",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.enterprises",
    "gonghui.accounts",
    "gonghui.insight",
    "gonghui.people",
    "gonghui.funds",
    "gonghui.bargaining",
    "gonghui.rights",
    "gonghui.hardship",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages middleware: signing out for inactivity leaves a message on the login page.
    "gonghui.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context_processors.shell",
            ],
        },
    }
]

# --- Database: SQLite (WAL) embedded by default, PostgreSQL through DATABASE_URL.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; "
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions: Redis when REDIS_URL is given, else local memory and the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts and security.
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "gonghui.accounts.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "gonghui.accounts.hashers.TestArgon2PasswordHasher"
    if TESTING
    else "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "gonghui.accounts.views.lockout_response"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = 8 * 3600
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", "1800"))  # seconds
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure cookies unless the platform is served over plain HTTP on a laptop (the demo).
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not (DEMO or DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
API_TOKEN_DAYS = int(os.environ.get("API_TOKEN_DAYS", "30"))

# --- Language: Chinese first, English catalogue.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"

# --- Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING or DEBUG

# --- Audit.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_RETENTION_DAYS = 200  # at least six months, as the law on personal data asks

# --- Background tasks: the database backend by default; immediate in tests.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# --- Extension points: later apps register into these lists (dotted paths).
GONGHUI_SEARCH_PROVIDERS: list[str] = [
    "gonghui.orgs.search.search_organisations",
    "gonghui.people.search.search_people",
    "gonghui.enterprises.search.search_enterprises",
    "gonghui.rights.queries.search_cases",
]
GONGHUI_HOME_COUNTERS: list[str] = [
    "gonghui.orgs.queries.home_counters",
    "gonghui.people.queries.home_counters",
    "gonghui.enterprises.queries.home_counters",
    "gonghui.funds.queries.home_counters",
    "gonghui.bargaining.queries.home_counters",
    "gonghui.rights.queries.home_counters",
    "gonghui.hardship.queries.home_counters",
]
# Panels of the person detail page: functions (request, person) -> list[people.panels.Panel].
GONGHUI_PERSON_PANELS: list[str] = [
    "gonghui.people.panels.household_panel",
    "gonghui.people.panels.membership_panel",
    "gonghui.hardship.queries.person_panel",
    "gonghui.rights.panels.person_panel",
]
# Panels of the enterprise detail page: functions (user, enterprise) -> (title, template, context).
ENTERPRISE_PANELS: list[str] = [
    "gonghui.bargaining.panels.enterprise_panel",
    "gonghui.rights.queries.enterprise_panel",
    "gonghui.funds.panels.enterprise_panel",
]
AUDITLOG_MASK_CALLABLE = "gonghui.core.masking.mask_for_log"

# --- Rights office targets: accept within N working days, close within N days, warn N days before
# the one-year arbitration limitation runs out.
RIGHTS_ACCEPT_WORKING_DAYS = int(os.environ.get("RIGHTS_ACCEPT_WORKING_DAYS", "3"))
RIGHTS_CLOSE_DAYS = int(os.environ.get("RIGHTS_CLOSE_DAYS", "60"))
RIGHTS_LIMITATION_WARN_DAYS = int(os.environ.get("RIGHTS_LIMITATION_WARN_DAYS", "30"))

# Lockout is per account, as the union office asks ("locks the account"); locking by address
# would lock a whole office behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
