"""Record one patient-reported outcome response on a stored case.

A response ``{"instrument": "ihot12", "date": "2026-01-05", "answers": {...}}`` is scored by the
library (``chondral.services.outcomes.score_response_document``: a bad answer is refused naming
``answers.<item>``) and appended to the case document's ``proms`` list as a new version, which
the case-file reader validates like any other (a bad date names ``date``).

PROMs arrive from the clinic and (next issue) from the patient portal at the same time, so the
read-append-save runs while holding the case row's lock (the lock ``store.save_version`` takes):
a second response waits for the first and appends to its version, so neither is lost. Should a
save still find the case moved on (``StaleVersionError``), it is retried on the newer version.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from chondral.errors import InputDataError
from chondral.io.documents import check_document
from chondral.outcomes import ScoreResult
from chondral.services.outcomes import score_response_document
from chondral.web.access import permit_changes
from chondral.web.models import CaseRecord
from chondral.web.store import Saved, StaleVersionError, save_version

__all__ = ["PROM_KEYS", "RETRIES", "record_prom"]

PROM_KEYS = ("instrument", "date", "answers")
"""The fields of one response, as a case file's ``proms`` entry holds them."""

RETRIES = 5
"""Saves attempted when the case keeps changing under a response."""


def _entry(response: object) -> dict[str, Any]:
    """The case-file ``proms`` entry of ``response``, its shape checked (fields named)."""
    if not isinstance(response, Mapping):
        raise InputDataError(
            f"must be an object with {', '.join(PROM_KEYS)}, got {type(response).__name__}"
        )
    check_document(response)
    for key in response:
        if key not in PROM_KEYS:
            raise InputDataError(f"unknown field; allowed: {', '.join(PROM_KEYS)}", field=str(key))
    for key in PROM_KEYS:
        if key not in response:
            raise InputDataError("is required", field=key)
    if not isinstance(response["instrument"], str):
        raise InputDataError("must be an instrument code (text)", field="instrument")
    return {key: copy.deepcopy(response[key]) for key in PROM_KEYS}


def _named_for_response(error: InputDataError, index: int) -> InputDataError:
    """A case-file error about the new entry (``proms[7].date``), naming the response's own
    field (``date``)."""
    prefix = f"proms[{index}]."
    if error.field and error.field.startswith(prefix):
        return InputDataError(error.problem, field=error.field[len(prefix) :])
    return error


def _refuse_same_day(proms: list[Any], entry: dict[str, Any]) -> None:
    """A second response to one instrument on one date is refused: the outcome course cannot
    tell which of the two counts (``chondral.outcomes.course``) and would fail for the case."""
    for earlier in proms:
        if (
            isinstance(earlier, Mapping)
            and earlier.get("instrument") == entry["instrument"]
            and earlier.get("date") == entry["date"]
        ):
            raise InputDataError(
                f"a {entry['instrument']} response is already recorded on {entry['date']};"
                " one response per questionnaire per day",
                field="date",
            )


def _append(record: CaseRecord, entry: dict[str, Any], *, user: Any, request: Any) -> Saved:
    with transaction.atomic():
        locked = CaseRecord.objects.select_for_update().get(pk=record.pk)
        current = locked.versions.get(number=locked.current_version)
        document = dict(current.document)
        proms = list(document.get("proms") or [])
        _refuse_same_day(proms, entry)
        index = len(proms)
        document["proms"] = [*proms, entry]
        try:
            return save_version(
                locked,
                document,
                user=user,
                request=request,
                note=f"outcome response {entry['instrument']}"[:200],
                base_version=locked.current_version,
                permit=None if request is None else permit_changes(request, record.case_id),
            )
        except InputDataError as error:
            raise _named_for_response(error, index) from error


def record_prom(
    record: CaseRecord, response: object, *, user: Any, request: Any = None
) -> tuple[Saved, ScoreResult]:
    """Score ``response`` and save it as the next version of ``record``; the saved version and
    the score. ``InputDataError`` naming the response's field (``instrument``, ``date``,
    ``answers.<item>``) when it cannot be accepted; ``StaleVersionError`` only when the case
    changed under every one of ``RETRIES`` attempts."""
    entry = _entry(response)
    score = score_response_document(
        {"instrument": entry["instrument"], "answers": entry["answers"]}, entry["instrument"]
    )
    for attempt in range(1, RETRIES + 1):
        try:
            return _append(record, entry, user=user, request=request), score
        except StaleVersionError:
            if attempt == RETRIES:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
