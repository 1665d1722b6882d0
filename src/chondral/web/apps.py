"""Django application configuration of chondral's web package."""

from __future__ import annotations

from django.apps import AppConfig


class ChondralWebConfig(AppConfig):
    """Models, templates and migrations of chondral's web application (label ``clinic``)."""

    name = "chondral.web"
    label = "clinic"
    verbose_name = "chondral"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Log page failures without patient data (``chondral.web.error_log``)."""
        from django.core.signals import got_request_exception

        from chondral.web.error_log import log_page_exception

        got_request_exception.connect(log_page_exception, dispatch_uid="chondral-page-errors")
