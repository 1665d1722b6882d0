"""``GET /healthz``: is the database reachable, and how is the job queue."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from chondral import __version__

__all__ = ["healthz"]


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with the database and queue state when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = {"ok": True, "vendor": connection.vendor}
    except Exception as error:
        return JsonResponse(
            {"status": "error", "database": {"ok": False, "error": type(error).__name__}},
            status=503,
        )
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).order_by())
    queue = {
        "ok": True,
        "ready": counts.get("READY", 0),
        "running": counts.get("RUNNING", 0),
        "failed": counts.get("FAILED", 0),
    }
    return JsonResponse(
        {"status": "ok", "version": __version__, "database": database, "queue": queue}
    )
