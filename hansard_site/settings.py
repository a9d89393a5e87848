"""Settings for the Commons debates archive.

Everything that differs between a laptop and production comes from the environment, with safe
defaults for local use; docs/operations.md lists the variables.
"""

import datetime
import json
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes" and "on" mean yes)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")
# The fallback is for development only; its "django-insecure-" prefix makes
# `manage.py check --deploy` warn about it (security.W009), so a deployment does not miss it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-only-set-DJANGO_SECRET_KEY"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if host.strip()
]

# The site's own address, for absolute links (the members CSV): never built from a request's
# Host or X-Forwarded-Proto, which any client can set and which are not in a cached page's key.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Reverse proxies in front of the site. With none, X-Forwarded-* headers were written by the
# client and mean nothing (hansard_site/client_address.py).
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))
if PROXY_COUNT < 0:
    raise ValueError("DJANGO_PROXY_COUNT must be 0 or more")
if PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Off by default so that the local server on http://127.0.0.1:8000/ keeps working.
if env_flag("DJANGO_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        # Joining browsers' preload lists cannot quickly be undone: the operator's decision.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

INSTALLED_APPS = [
    "hansard_site.apps.ArchiveAdminConfig",  # django.contrib.admin, with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "members",
    "debates",
    "ninja",  # its Swagger UI files, served as the site's own static files
    "api",
    "alerts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so that answers from the cache count against the limit too.
    "api.rate_limit.ApiRateLimitMiddleware",
    # Anonymous readers' pages from the cache, before everything a cached page needs no more:
    # the page keeps the Content-Security-Policy it was sent with (see its docstring).
    "hansard_site.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the request: a NUL byte in it is a 400, not a database error.
    "hansard_site.unreadable_requests.RefuseUnreadableRequestsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout found during the request into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hansard_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "hansard_site.languages.language_links",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "hansard_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env_flag("DJANGO_POSTGRES_JIT"):
    # A page's queries are short, but PostgreSQL's JIT starts on plans that look costly (counts
    # over the speeches) and compiles for longer than the query runs.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets pages be read while an import writes; IMMEDIATE takes the write lock up front so
    # concurrent writers wait (up to the timeout) instead of failing half-way through. An import
    # holds the lock for at most IMPORT_SQLITE_WRITE_SECONDS at a time, well within the wait.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": float(os.environ.get("DJANGO_SQLITE_BUSY_SECONDS", "30")),
    }

# Read replicas (hansard_site/replicas.py): anonymous readers' pages read from them. In tests
# each mirrors the primary, as it would hold the same rows.
for number, url in enumerate(filter(None, os.environ.get("DATABASE_REPLICA_URLS", "").split(",")), 1):
    replica = dj_database_url.parse(url.strip(), conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    if replica["ENGINE"] != "django.db.backends.postgresql":
        raise ValueError("DATABASE_REPLICA_URLS must name PostgreSQL streaming replicas")
    replica["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica_{number}"] = replica
DATABASE_ROUTERS = ["hansard_site.replicas.ReplicaRouter"]

# Whole pages for anonymous readers (hansard_site/page_cache.py): Redis in production, each
# process's own memory by default. Keys hold the archive's version; old versions expire.
CACHE_URL = os.environ.get("DJANGO_CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Short socket time-outs: with Redis away, pages are served uncached (page_cache.SharedCache)
    # after a fraction of a second, not after the operating system's connect time-out.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
elif CACHE_URL.startswith("file://"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_URL.removeprefix("file://"),
        }
    }
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif CACHE_URL.startswith("locmem://"):
    # Pages of long debates are large: bound each process's memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100},
        }
    }
else:
    raise ValueError(
        "DJANGO_CACHE_URL must start with redis://, rediss://, unix://, file://, locmem:// or dummy://"
    )
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", str(24 * 60 * 60)))
PAGE_CACHE_PROCESS_BYTES = int(os.environ.get("DJANGO_PAGE_CACHE_PROCESS_BYTES", str(32 * 1024 * 1024)))
if CACHE_URL.startswith(("locmem://", "dummy://")):
    PAGE_CACHE_PROCESS_BYTES = 0  # the cache is the process's own memory already, or there is none
# On PostgreSQL, each process is told the archive's version (hansard_site/pushed_version.py)
# instead of reading it for every cached page.
PAGE_CACHE_PUSHED_VERSION = os.environ.get("DJANGO_PAGE_CACHE_PUSHED_VERSION", "1") == "1"
PAGE_CACHE_APPS = ("debates", "members", "api")  # the public pages and the API; never the admin
# Requests a minute from one address to /api/ (api/rate_limit.py); named in each answer's headers.
API_REQUESTS_PER_MINUTE = int(os.environ.get("DJANGO_API_REQUESTS_PER_MINUTE", "120"))
# When the running release began serving (Unix seconds); unset, the first process records it.
RELEASE_STARTED = (
    int(os.environ["DJANGO_RELEASE_STARTED"]) if os.environ.get("DJANGO_RELEASE_STARTED") else None
)

# Content-Security-Policy (django-csp). Everything a page uses is a file of this site: no inline
# script or style, no other origin, no frames, no plugins; the admin works under it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],  # the admin's autocomplete fetches from its own URLs
        "form-action": [SELF],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": env_flag("DJANGO_HTTPS"),
    }
}
# Permissions-Policy: the archive uses none of the browser's powerful features. Only names
# Chromium knows: it reports any other as an error on every page.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "local-fonts",
        "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
        "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Login throttling (django-axes). Its backend comes first so that every call to authenticate(),
# from the admin's login or any other, is refused while the client or the account is locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Counting by username as well as by address stops guessing one editor's password from many
# addresses; the price is that anyone can keep an editor out for a while (docs/security.md).
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Attempts refused during a lockout are not recorded: a flood of them cannot grow the attempt row
# (axes appends each failure's request data to it), and the lock ends a cool-off after it began.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "hansard_site.client_address.client_ip_address"
AXES_LOCKOUT_CALLABLE = "hansard_site.login_lockout.lockout_response"
# Failures are counted in the database (the default handler), shared by every worker process.

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and Welsh (hansard_site/languages.py, docs/languages.md): English at the addresses
# without a prefix, as always; Welsh under /cy/. The catalogue is locale/cy/LC_MESSAGES/django.po.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Files browsers ask for at the site's root (/favicon.ico), served there by whitenoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# whitenoise serves compressed files with hashed names once `collectstatic` has run; see
# hansard_site/storage.py for why pages still render before it has.
# "default" holds uploads waiting for the import worker (MEDIA_ROOT on this machine unless set):
# workers on other machines share uploads through a shared storage, e.g. S3 with django-storages
# (docs/operations.md, "Workers on other machines").
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_UPLOAD_STORAGE", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": json.loads(os.environ.get("DJANGO_UPLOAD_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "hansard_site.storage.ArchiveStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(50 * 1024 * 1024)))
# All the files in one zip together, unpacked (counted as they inflate).
IMPORT_MAX_ZIP_BYTES = int(os.environ.get("IMPORT_MAX_ZIP_BYTES", str(500 * 1024 * 1024)))
IMPORT_MAX_JOB_BYTES = int(os.environ.get("IMPORT_MAX_JOB_BYTES", str(1024 * 1024 * 1024)))
IMPORT_MAX_REPORT_BYTES = int(os.environ.get("IMPORT_MAX_REPORT_BYTES", str(2 * 1024 * 1024)))

# The sitting days the archive accepts from imports and editors: from the start of ParlParse's
# people file (1803) to a few days from today. A day outside is a mistyped year.
ARCHIVE_FIRST_SITTING = datetime.date.fromisoformat(os.environ.get("ARCHIVE_FIRST_SITTING", "1803-01-01"))
ARCHIVE_DAYS_AHEAD = int(os.environ.get("ARCHIVE_DAYS_AHEAD", "7"))

# Import jobs run on a task queue kept in this database (docs/importing.md says why), by
# `manage.py import_worker` processes. A running job not heard from for
# IMPORT_WORKER_LEASE_SECONDS has lost its worker and is resumed.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["imports"],
    }
}
# On SQLite, the longest one file's import may hold the only write lock (a file that takes longer
# fails and changes nothing). Keep it well below DJANGO_SQLITE_BUSY_SECONDS, the others' wait.
IMPORT_SQLITE_WRITE_SECONDS = float(os.environ.get("IMPORT_SQLITE_WRITE_SECONDS", "15"))
IMPORT_HEARTBEAT_SECONDS = float(os.environ.get("IMPORT_HEARTBEAT_SECONDS", "5"))
IMPORT_WORKER_LEASE_SECONDS = float(os.environ.get("IMPORT_WORKER_LEASE_SECONDS", "60"))

PROBLEM_REPORTS_PER_HOUR = int(os.environ.get("DJANGO_PROBLEM_REPORTS_PER_HOUR", "5"))

# E-mail (alerts: docs/alerts.md). Printed to the console unless SMTP is configured.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "alerts@localhost")
ALERT_SIGN_UPS_PER_HOUR = int(os.environ.get("DJANGO_ALERT_SIGN_UPS_PER_HOUR", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
