"""The examples in the outcome modules' docstrings run and hold."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from chondral.outcomes import _rounding, mhhs


@pytest.mark.parametrize("module", [_rounding, mhhs], ids=lambda m: m.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failures == 0
