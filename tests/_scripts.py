"""Shared by the tests of the repository's scripts: load ``benchmarks/<name>.py`` or
``tools/<name>.py`` as a module.

They are scripts, not part of the package: :func:`bench_fixture` and :func:`tool_fixture`
give module-scoped fixtures that import one, as its name, from its file.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
TOOLS = ROOT / "tools"


def load_file(name: str, path: Path) -> ModuleType:
    """Import the file ``path`` as module ``name`` (kept in ``sys.modules``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def tool_fixture(name: str) -> Callable[..., ModuleType]:
    """A module-scoped fixture, ``tool``: ``tools/<name>.py`` imported as ``name``."""

    @pytest.fixture(scope="module")
    def tool() -> ModuleType:
        return load_file(name, TOOLS / f"{name}.py")

    return tool


def bench_path(name: str) -> Path:
    """The file of the benchmark ``name`` (``bench_engine``, ...)."""
    return BENCHMARKS / f"{name}.py"


def load(name: str) -> Iterator[ModuleType]:
    """Import ``benchmarks/<name>.py`` as module ``name``, yield it, then forget it.

    The benchmarks' folder is on ``sys.path`` while it is imported, as when it runs
    as a script, so that it finds the machinery it shares (``_timing``).
    """
    folder = str(BENCHMARKS)
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        try:
            module = load_file(name, bench_path(name))
        finally:
            if added:
                sys.path.remove(folder)
        yield module
    finally:
        sys.modules.pop(name, None)


def bench_fixture(name: str) -> Callable[..., Iterator[ModuleType]]:
    """A module-scoped fixture, ``bench``: the benchmark ``name``, loaded by :func:`load`."""

    @pytest.fixture(scope="module")
    def bench() -> Iterator[ModuleType]:
        yield from load(name)

    return bench


def registered_backends() -> list[object]:
    """The backends registered for ``numpy`` now (to check a benchmark leaves them as is)."""
    import overridable as ov

    return list(ov.get_state()._pickle()[0]["numpy"][2])


def quick_report_fixture() -> Callable[..., Any]:
    """A module-scoped fixture, ``quick_report``: ``bench.measure(quick=True)``, with the
    backends registered before it as ``registered_before``."""

    @pytest.fixture(scope="module")
    def quick_report(bench: ModuleType) -> Any:
        before = registered_backends()
        report = bench.measure(quick=True)
        report.registered_before = before
        return report

    return quick_report
