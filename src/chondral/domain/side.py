"""Laterality. Every object that depends on side carries a ``Side``; nothing defaults to one."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Side"]


class Side(StrEnum):
    """The patient's left or right."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def opposite(self) -> Side:
        """The contralateral side."""
        return Side.RIGHT if self is Side.LEFT else Side.LEFT

    @property
    def lateral_sign_x(self) -> int:
        """Sign of the LPS x component that points lateral for a hip of this side.

        LPS +x points to the patient's left, so lateral is +x for a left hip, -x for a right hip.
        """
        return 1 if self is Side.LEFT else -1
