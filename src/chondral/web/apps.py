"""Django application configuration of chondral's web package."""

from __future__ import annotations

from django.apps import AppConfig


class ChondralWebConfig(AppConfig):
    """Models, templates and migrations of chondral's web application (label ``clinic``)."""

    name = "chondral.web"
    label = "clinic"
    verbose_name = "chondral"
    default_auto_field = "django.db.models.BigAutoField"
