"""The ``overridable.numpy`` benchmark runs: every available case is measured and gives
NumPy's value; the report names the issue's targets.

Timings are not asserted here; ``benchmarks/bench_numpy.py`` reports them.
"""

from __future__ import annotations

import math
from types import ModuleType
from typing import Any

import pytest
from _scripts import bench_fixture

bench = bench_fixture("bench_numpy")


@pytest.fixture(scope="module")
def quick_report(bench: ModuleType) -> Any:
    return bench.measure(quick=True, imports=False)


def test_every_available_case_is_measured_and_correct(
    bench: ModuleType, quick_report: Any
) -> None:
    keys = [row.case.key for row in quick_report.rows]
    assert len(keys) >= 30 and {"sum", "concatenate", "add", "zeros", "asarray", "fft"} <= set(
        keys)
    for row in quick_report.rows:
        assert not row.skipped, row.case.ours
        assert row.correct, row.case.ours
        for probe in (row.ours, row.numpy):
            assert len(probe.samples) == quick_report.rounds
            assert all(math.isfinite(s) and s > 0 for s in probe.samples)
        assert math.isfinite(row.ratio)
    assert {"sum", "concatenate", "zeros", "asarray"} <= {
        row.case.key for row in quick_report.rows if not row.skipped}


def test_report_names_the_targets(bench: ModuleType, quick_report: Any) -> None:
    text = bench.render(quick_report, markdown=False)
    assert "unp.sum(x) no slower than np.sum(x)" in text
    assert "unp.sqrt(x) within +40 ns of np.sqrt(x)" in text
    assert "import time not measured" in text
    assert "WRONG VALUE" not in text
    markdown = bench.render(quick_report, markdown=True)
    assert markdown.count("\n| `unp.") == len(quick_report.rows)


def test_import_time_is_measured_in_fresh_interpreters(bench: ModuleType) -> None:
    it = bench.measure_import(runs=1)
    assert it.runs == 1 and it.numpy_ms > 0 and math.isfinite(it.added_ms)


def test_main_exits_zero(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--quick", "--markdown", "--no-import"]) == 0
    out = capsys.readouterr().out
    assert "| call | overridable.numpy | numpy | added | ratio | target |" in out
