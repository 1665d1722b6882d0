"""Django's Tasks API, from Django itself (6.0 and later) or its reference backport.

Django 6 ships ``django.tasks``; it needs Python 3.12. On Python 3.11 the same API comes from the
``django-tasks`` package it was merged from. Everything in chondral imports the API from here,
so moving to Django 6 changes this module only (and the TASKS setting's backend path stays
``django_tasks_db.DatabaseBackend``).
"""

from __future__ import annotations

from importlib.util import find_spec

if find_spec("django.tasks") is not None:  # pragma: no cover - Django 6 and later
    from django.tasks import TaskResultStatus, default_task_backend, task  # type: ignore[import-not-found,no-redef,unused-ignore]
    from django.tasks.exceptions import TaskResultDoesNotExist  # type: ignore[import-not-found,no-redef,unused-ignore]
else:
    from django_tasks import TaskResultStatus, default_task_backend, task
    from django_tasks.exceptions import TaskResultDoesNotExist

__all__ = ["TaskResultDoesNotExist", "TaskResultStatus", "default_task_backend", "task"]
