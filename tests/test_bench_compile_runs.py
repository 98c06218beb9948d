"""The compiled-versus-eager benchmark runs: in ``--quick`` mode every installed library is
compiled, timed four ways, its values are NumPy's, and the table names the target.

Timings are not asserted here; ``benchmarks/bench_compile.py`` reports them.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from _scripts import bench_fixture, quick_report_fixture, registered_backends

bench = bench_fixture("bench_compile")


quick_report = quick_report_fixture()


def test_every_library_is_compiled_timed_and_correct(bench: ModuleType,
                                                     quick_report: Any) -> None:
    assert [r.library for r in quick_report.rows] == list(bench.LIBRARIES)
    for row in quick_report.rows:
        assert not row.skipped, row.skipped  # torch and JAX are installed where this runs
        assert row.size == (4, 3)
        assert row.correct == dict.fromkeys(bench.PROBES, True), row.library
        for probe in row.probes.values():
            assert len(probe.samples) == quick_report.rounds
            assert all(math.isfinite(s) and s > 0 for s in probe.samples)
        assert math.isfinite(row.compiled_ratio) and math.isfinite(row.eager_ratio)
        assert all(s > 0 for s in row.compile_seconds.values())


def test_the_larger_arrays_are_made_like_the_small_ones(bench: ModuleType) -> None:
    x, y = bench.arrays((4, 3))
    assert x is bench.X and y is bench.Y
    big_x, big_y = bench.arrays((6, 5))
    assert big_x.shape == big_y.shape == (6, 5)
    assert big_x[0, 0] == -2.0 and big_x[-1, -1] == 2.0
    np.testing.assert_allclose(big_y.ravel(), np.cos(np.arange(30.0)))


def test_the_report_names_the_target_and_the_state_is_restored(
        bench: ModuleType, quick_report: Any) -> None:
    text = bench.render(quick_report, markdown=False)
    assert "compiled unp within 1.10x of compiled direct" in text
    assert "WRONG VALUE" not in text
    markdown = bench.render(quick_report, markdown=True)
    assert markdown.count("| torch ") == 1 and "| compiled unp | ratio |" in markdown
    # torch's and JAX's backends were registered during the run, and none is left behind.
    assert registered_backends() == quick_report.registered_before


def test_main_exits_zero(bench: ModuleType, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(bench, "LIBRARIES", ("jax",))
    assert bench.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert "jax, 4 x 3: compiled unp within 1.10x" in out
