"""Shared by the benchmarks' tests: load ``benchmarks/<name>.py`` as a module.

The benchmarks are scripts, not part of the package: :func:`bench_fixture` gives a
module-scoped ``bench`` fixture that imports one, as its name, from its file.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def bench_path(name: str) -> Path:
    """The file of the benchmark ``name`` (``bench_engine``, ...)."""
    return BENCHMARKS / f"{name}.py"


def load(name: str) -> Iterator[ModuleType]:
    """Import ``benchmarks/<name>.py`` as module ``name``, yield it, then forget it.

    The benchmarks' folder is on ``sys.path`` while it is imported, as when it runs
    as a script, so that it finds the machinery it shares (``_timing``).
    """
    spec = importlib.util.spec_from_file_location(name, bench_path(name))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    folder = str(BENCHMARKS)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        try:
            spec.loader.exec_module(module)
        finally:
            if added:
                sys.path.remove(folder)
        yield module
    finally:
        del sys.modules[spec.name]


def bench_fixture(name: str) -> Callable[..., Iterator[ModuleType]]:
    """A module-scoped fixture, ``bench``: the benchmark ``name``, loaded by :func:`load`."""

    @pytest.fixture(scope="module")
    def bench() -> Iterator[ModuleType]:
        yield from load(name)

    return bench
