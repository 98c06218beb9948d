"""The per-backend benchmark runs: every installed library is measured three ways, and the
library function written against ``overridable.numpy`` gives the same values (and array
type) as the same code written directly for the library, and as NumPy.

Timings are not asserted here; ``benchmarks/bench_backends.py`` reports them.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from _scripts import bench_fixture, bench_path, quick_report_fixture, registered_backends
from numpy.testing import assert_allclose

import overridable as ov

BENCH = bench_path("bench_backends")
bench = bench_fixture("bench_backends")


quick_report = quick_report_fixture()


def test_library_function_makes_twenty_calls(bench: ModuleType) -> None:
    source = Path(BENCH).read_text()
    body = source.split("def library_function", 1)[1].split("\ndef ", 1)[0]
    assert body.count("unp.") == 20


def test_every_installed_library_is_measured_and_correct(
    bench: ModuleType, quick_report: Any
) -> None:
    assert [r.library for r in quick_report.rows] == list(bench.LIBRARIES)
    for row in quick_report.rows:
        if row.skipped:
            assert row.direct is None and row.library != "numpy"
            continue
        assert row.correct == {"direct": True, "registered": True, "set_backend": True}, \
            row.library
        for probe in (row.direct, *row.ours.values()):
            assert len(probe.samples) == quick_report.rounds
            assert all(math.isfinite(s) and s > 0 for s in probe.samples)
        assert all(math.isfinite(row.ratio(mode)) for mode in bench.MODES)
    assert not quick_report.row("numpy").skipped


@pytest.mark.parametrize("library", ["numpy", "dask", "torch", "jax"])
def test_both_versions_give_numpys_values(bench: ModuleType, library: str) -> None:
    if importlib.util.find_spec(library) is None:
        pytest.skip(f"{library} is not installed")
    make_direct, convert, to_numpy = bench.DIRECT[library]
    args = (convert(bench.X), convert(bench.Y))
    expected = bench.library_function(bench.X, bench.Y)
    direct = make_direct()(*args)
    with ov.set_backend(library):
        ours = bench.library_function(*args)
    tolerance = 1e-5 if library == "jax" else 1e-12
    for d, o, e in zip(direct, ours, expected, strict=True):
        assert type(o) is type(d)
        assert_allclose(to_numpy(o), to_numpy(d), rtol=tolerance, atol=tolerance)
        assert_allclose(to_numpy(o), e, rtol=tolerance, atol=tolerance)
    if library == "dask":  # the graph was only built: nothing computed until to_numpy
        assert all(type(o).__module__.startswith("dask") for o in ours)


def test_registered_backends_are_restored(bench: ModuleType, quick_report: Any) -> None:
    assert type(bench.unp.ones(2)) is np.ndarray
    # Every library's backend was registered during the run, and none is left behind.
    assert registered_backends() == quick_report.registered_before


def test_report_names_the_target(bench: ModuleType, quick_report: Any) -> None:
    text = bench.render(quick_report, markdown=False)
    assert "within 1.10x of direct" in text and "WRONG VALUE" not in text
    if not quick_report.row("dask").skipped:  # the target for Dask's graph
        assert "dask (registered) within 1.02x of direct" in text
    # Per adapter: every call of the function on each installed library of the table.
    measured = {(a.library, a.label) for a in quick_report.adapters}
    for library in bench.ADAPTER_LIBRARIES:
        if not quick_report.row(library).skipped:
            assert {(library, label) for label, *_ in bench.CALLS} <= measured
    markdown = bench.render(quick_report, markdown=True)
    assert "| library | direct | unp, registered | ratio | unp, set_backend | ratio |" in markdown


def test_main_exits_zero(bench: ModuleType, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench, "LIBRARIES", ("numpy",))
    assert bench.main(["--quick"]) == 0
    assert "numpy (registered) within 1.10x" in capsys.readouterr().out
