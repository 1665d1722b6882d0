"""Settings of the web application, read from the environment once at start-up.

=============================  =================================================================
``CHONDRAL_DATA_DIR``          data folder (default ``./chondral-data``): the SQLite database,
                               uploaded meshes, plan results
``CHONDRAL_DATABASE_URL``      ``sqlite:////abs/path/db.sqlite3`` or
                               ``postgresql://user@host:port/db`` (psycopg 3); default a SQLite
                               file in WAL mode in the data folder
``CHONDRAL_SECRET_KEY``        required outside the demo; a missing, short or default key is
                               refused at start-up (``chondral.web.startup``)
``CHONDRAL_DEMO``              ``1``: the demo (``make serve``): a random key kept in the data
                               folder
``CHONDRAL_TLS``               ``1`` when served over TLS (behind a proxy that sets
                               ``X-Forwarded-Proto``): secure cookies and HSTS
``CHONDRAL_ALLOWED_HOSTS``     comma-separated host names (default loopback names)
``CHONDRAL_IDLE_MINUTES``      idle session timeout (default 30)
``CHONDRAL_DEBUG``             ``1``: Django's debug pages (never in a deployment)
=============================  =================================================================
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

from chondral.web.startup import DEMO_KEY_FILE, data_dir, env_flag

DATA_DIR = data_dir()
DEMO = env_flag("CHONDRAL_DEMO")
TLS = env_flag("CHONDRAL_TLS")
DEBUG = env_flag("CHONDRAL_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("CHONDRAL_SECRET_KEY", "")
    if key or not DEMO:
        return key
    path = DATA_DIR / DEMO_KEY_FILE
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("CHONDRAL_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "chondral.web.apps.ChondralWebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chondral.web.security.SecurityHeadersMiddleware",
    "chondral.web.security.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless marked login_not_required (sign-in, health,
    # the API, which answers 401 itself): signed-out visitors are sent to sign in.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chondral.web.urls"
WSGI_APPLICATION = "chondral.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chondral.web.context.role",
                "chondral.web.context.accessibility",
            ],
        },
    }
]


def _database() -> dict[str, Any]:
    url = os.environ.get("CHONDRAL_DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'chondral.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at the
            # start of a transaction instead of failing to upgrade it half way.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
    else:
        config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    config["TEST"] = {"NAME": os.environ.get("CHONDRAL_TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CHONDRAL_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# django-axes: 5 failed sign-ins for one user name from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "clinic/locked_out.html"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_IPWARE_PROXY_COUNT = 0

IDLE_MINUTES = int(os.environ.get("CHONDRAL_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None
SECURE_HSTS_SECONDS = 31_536_000 if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_MESH_UPLOAD_BYTES = 200 * 1024 * 1024

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"


def _plotly_bundle_dir() -> list[tuple[str, str]]:
    """Plotly's bundled JavaScript (plotly.min.js from the installed plotly package), served as
    ``/static/vendor/plotly/plotly.min.js``: nothing is loaded from the internet."""
    from importlib.util import find_spec

    spec = find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "package_data"
    return [("vendor/plotly", str(folder))] if (folder / "plotly.min.js").is_file() else []


STATICFILES_DIRS: list[tuple[str, str]] = _plotly_bundle_dir()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG  # else the collected, compressed files are served
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"

USE_TZ = True
TIME_ZONE = "UTC"
# Every user-visible string of the portal, the education pages and the sign-in page is marked
# for translation ({% translate %}, gettext); English is the source language and is complete.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
USE_I18N = True
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's request logger writes the path of a failed request, and paths carry case
        # ids: chondral.web.error_log writes the view name, the error type and where instead.
        "django.request": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "chondral": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
