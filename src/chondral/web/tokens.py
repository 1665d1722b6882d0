"""API tokens: 256 random bits shown once, kept only as their SHA-256, revocable.

``create_token(user)`` returns the token text (``secrets.token_urlsafe(32)``, 43 characters);
the database keeps its SHA-256 (hex) and its first eight characters (``prefix``), so a stolen
database or backup holds no usable token, and a token can be named for revocation by its prefix.
A request presents the token as ``Authorization: Bearer <token>``; ``user_for_token`` finds the
row by the digest (an indexed equality lookup on a hash, so no timing of the comparison leaks the
token) and refuses a revoked token or an inactive user. ``last_used_at`` is written at most once
a minute, so a busy client does not turn every read into a write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.utils import timezone

from chondral.web.models import ApiToken

__all__ = [
    "PREFIX_CHARS",
    "create_token",
    "revoke_token",
    "revoke_tokens",
    "token_digest",
    "user_for_token",
]

PREFIX_CHARS = 8
"""Characters of the token kept in clear (``ApiToken.prefix``) to name it."""

_TOKEN_BYTES = 32
_MAX_TOKEN_CHARS = 100
"""Longer presented tokens are refused before hashing (a token is 43 characters)."""

_USE_RESOLUTION = dt.timedelta(minutes=1)


def token_digest(token: str) -> str:
    """SHA-256 (hex) of ``token``: what the database keeps."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(user: Any) -> str:
    """A new API token for ``user``; the text is returned once and never stored."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    ApiToken.objects.create(user=user, prefix=token[:PREFIX_CHARS], digest=token_digest(token))
    return token


def revoke_tokens(user: Any) -> int:
    """Revoke every active token of ``user``; how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_token(prefix: str) -> int:
    """Revoke the active token(s) whose text begins with ``prefix`` (its first eight
    characters); how many were revoked (0 when none matches)."""
    prefix = prefix[:PREFIX_CHARS]
    if len(prefix) < PREFIX_CHARS:
        return 0
    return ApiToken.objects.filter(prefix=prefix, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def user_for_token(token: str) -> Any | None:
    """The active user ``token`` belongs to, or None (unknown, revoked, inactive user)."""
    if not token or len(token) > _MAX_TOKEN_CHARS:
        return None
    digest = token_digest(token)
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    if row is None or not hmac.compare_digest(row.digest, digest) or not row.user.is_active:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= _USE_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
