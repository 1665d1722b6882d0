"""Django settings for the test suite: chondral's own, with a throw-away data folder and a test
secret key. The database is SQLite unless ``CHONDRAL_DATABASE_URL`` names a PostgreSQL server
(``make test`` runs the web tests a second time on one it starts)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("CHONDRAL_DATA_DIR", tempfile.mkdtemp(prefix="chondral-test-data-"))
os.environ.setdefault("CHONDRAL_SECRET_KEY", "test-only-" + "k" * 48)

from chondral.web.settings import *  # noqa: F403

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405 - whitenoise warns when it is missing
