"""Start-up checks and Django set-up shared by the command line, gunicorn and the tests.

Nothing here imports Django at module level: ``chondral --help`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

from chondral.errors import ParameterError

__all__ = [
    "DEMO_KEY_FILE",
    "KNOWN_DEFAULT_KEYS",
    "MIN_SECRET_KEY_CHARS",
    "data_dir",
    "env_flag",
    "require_secret_key",
    "setup_django",
]

DEMO_KEY_FILE = "demo-secret-key"
MIN_SECRET_KEY_CHARS = 32
KNOWN_DEFAULT_KEYS = frozenset(
    {"changeme", "change-me", "secret", "default", "insecure", "django-insecure", "chondral"}
)
SETTINGS_MODULE = "chondral.web.settings"


def env_flag(name: str) -> bool:
    """True when the environment variable ``name`` is 1, true or yes."""
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes"}


def data_dir() -> Path:
    """The data folder (``CHONDRAL_DATA_DIR``, default ``./chondral-data``), made absolute."""
    return Path(os.environ.get("CHONDRAL_DATA_DIR", "chondral-data")).expanduser().resolve()


def require_secret_key(key: str) -> None:
    """Refuse a missing, short or well-known secret key (``ParameterError`` naming
    ``CHONDRAL_SECRET_KEY``): outside the demo a deployment must set its own."""
    if not key:
        raise ParameterError(
            "is not set: a deployment needs its own secret key (for example"
            " `python -c 'import secrets; print(secrets.token_urlsafe(48))'`);"
            " `make serve` runs the demo with a key of its own",
            field="CHONDRAL_SECRET_KEY",
        )
    lowered = key.lower()
    if lowered in KNOWN_DEFAULT_KEYS or lowered.startswith("django-insecure"):
        raise ParameterError(
            "is a well-known default: set a random one", field="CHONDRAL_SECRET_KEY"
        )
    if len(key) < MIN_SECRET_KEY_CHARS:
        raise ParameterError(
            f"is {len(key)} characters: use at least {MIN_SECRET_KEY_CHARS} random ones",
            field="CHONDRAL_SECRET_KEY",
        )


def setup_django(*, need_secret_key: bool = False) -> None:
    """Configure Django from ``chondral.web.settings``; with ``need_secret_key``, refuse to go
    on without a good key first."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    if need_secret_key:
        try:
            key = settings.SECRET_KEY
        except ImproperlyConfigured:  # Django refuses an empty key itself: say it our way
            key = ""
        require_secret_key(key)
    django.setup()
