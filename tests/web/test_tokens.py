"""API tokens: shown once, stored as their SHA-256 only, revocable by user or prefix, refused
for a revoked token or an inactive user; last use written at most once a minute."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_token_is_stored_as_its_sha256_and_prefix_only(surgeon: Any) -> None:
    from chondral.web.models import ApiToken
    from chondral.web.tokens import create_token

    token = create_token(surgeon)
    row = ApiToken.objects.get(user=surgeon)
    assert len(token) == 43  # 32 random bytes, URL-safe base64 without padding
    assert row.digest == hashlib.sha256(token.encode()).hexdigest()
    assert row.prefix == token[:8]
    assert token not in {str(value) for value in row.__dict__.values()}


def test_the_token_finds_its_user_and_nothing_else_does(surgeon: Any) -> None:
    from chondral.web.tokens import create_token, user_for_token

    token = create_token(surgeon)
    assert user_for_token(token) == surgeon
    assert user_for_token(token[:-1]) is None
    assert user_for_token(token + "x") is None
    assert user_for_token("") is None
    assert user_for_token("x" * 101) is None
    assert user_for_token(hashlib.sha256(token.encode()).hexdigest()) is None


def test_two_tokens_differ_and_both_work(surgeon: Any) -> None:
    from chondral.web.tokens import create_token, user_for_token

    first, second = create_token(surgeon), create_token(surgeon)
    assert first != second
    assert user_for_token(first) == user_for_token(second) == surgeon


def test_revoking_a_users_tokens_refuses_them(surgeon: Any, make_user: Any, clinic: Any) -> None:
    from chondral.web.tokens import create_token, revoke_tokens, user_for_token

    other = make_user("staff1", "staff", clinic)
    tokens = [create_token(surgeon), create_token(surgeon)]
    kept = create_token(other)
    assert revoke_tokens(surgeon) == 2
    assert revoke_tokens(surgeon) == 0
    assert [user_for_token(token) for token in tokens] == [None, None]
    assert user_for_token(kept) == other


def test_revoking_by_prefix_refuses_that_token_only(surgeon: Any) -> None:
    from chondral.web.tokens import create_token, revoke_token, user_for_token

    gone, kept = create_token(surgeon), create_token(surgeon)
    assert revoke_token(gone[:8]) == 1
    assert revoke_token(gone[:8]) == 0
    assert revoke_token(gone[:3]) == 0  # too short to name a token
    assert user_for_token(gone) is None
    assert user_for_token(kept) == surgeon


def test_an_inactive_users_token_is_refused(surgeon: Any) -> None:
    from chondral.web.tokens import create_token, user_for_token

    token = create_token(surgeon)
    surgeon.is_active = False
    surgeon.save()
    assert user_for_token(token) is None


def test_last_use_is_written_at_most_once_a_minute(surgeon: Any) -> None:
    from chondral.web.models import ApiToken
    from chondral.web.tokens import create_token, user_for_token

    token = create_token(surgeon)
    assert ApiToken.objects.get().last_used_at is None
    user_for_token(token)
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    user_for_token(token)
    assert ApiToken.objects.get().last_used_at == first
    earlier = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=earlier)
    user_for_token(token)
    assert ApiToken.objects.get().last_used_at > earlier
