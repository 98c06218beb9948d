"""Shared by the library backends' tests: :func:`require` and the NEP's library function."""

from __future__ import annotations

import importlib
import os
from types import ModuleType
from typing import Any

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
