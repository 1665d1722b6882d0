"""WSGI entry point for gunicorn: refuses to start without a good secret key."""

from __future__ import annotations

from django.core.wsgi import get_wsgi_application

from chondral.web.startup import setup_django

setup_django(need_secret_key=True)
application = get_wsgi_application()
