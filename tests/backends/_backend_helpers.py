"""Shared by the library backends' tests: :func:`require`, the NEP's library function, and
converting, comparing and looking up arrays and functions."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import overridable.numpy as unp


def require(module: str) -> ModuleType:
    """Import ``module``; skip the calling test module without it, but fail in CI
    (``CI=true``), where every backend's extra is installed and must be tested."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{module} is needed for these tests in CI (install the backend "
                        f"extras: pip install -e '.[backends]'): {exc}", pytrace=False)
        pytest.skip(f"{module} is not installed", allow_module_level=True)


def library_function(x: Any) -> Any:
    """Written once against ``overridable.numpy``, as in DESIGN.md: runs on any backend."""
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2, axis=-1) / unp.zeros(3).size + unp.mean(x, axis=-1)


def arrays_to(convert: Callable[[np.ndarray], Any], value: Any) -> Any:
    """``value`` with ``convert`` applied to it if it is a NumPy array, or to each NumPy
    array in it if it is a tuple or list holding any."""
    if isinstance(value, np.ndarray):
        return convert(value)
    if isinstance(value, list | tuple) and any(isinstance(v, np.ndarray) for v in value):
        return type(value)(arrays_to(convert, v) for v in value)
    return value


def assert_each(result: Any, expected: Any, assert_one: Callable[[Any, Any], None]) -> None:
    """``assert_one(r, e)`` for each ``e`` in ``expected`` (nested in tuples and lists) and
    the ``r`` in the same place of ``result``, whose lengths must be the same."""
    if isinstance(expected, tuple | list):
        assert len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_each(r, e, assert_one)
        return
    assert_one(result, expected)


def resolve(path: str, module: Any) -> Any:
    """The attribute at dotted ``path`` (``"linalg.solve"``) of ``module``."""
    for part in path.split("."):
        module = getattr(module, part)
    return module
