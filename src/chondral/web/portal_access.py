"""The patient portal's way in: a signed-in patient acts on their own case, found from their
profile, so no portal URL carries a case id another patient could change.

``own_case(request, action)`` resolves the case and then asks ``access.authorize`` (which audits
and applies the role table) exactly as the clinician pages do. A clinician, a patient not linked
to a case and a visitor get 404: the portal has nothing of theirs to show.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from chondral.web.access import Actor, actor_of, authorize
from chondral.web.models import CaseRecord
from chondral.web.roles import Action, Role

__all__ = ["own_case"]


def own_case(request: Any, action: Action, *, detail: str = "") -> tuple[Actor, CaseRecord]:
    """The signed-in patient and their case record, authorized for ``action`` (audited)."""
    actor = actor_of(getattr(request, "user", None))
    if actor is None or actor.role is not Role.PATIENT or actor.case_pk is None:
        raise Http404("the portal shows a patient their own case")
    case_id = CaseRecord.objects.filter(pk=actor.case_pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404("the portal shows a patient their own case")
    actor, record = authorize(request, action, case_id, detail=detail)
    assert record is not None
    return actor, record
