"""The engine benchmark runs: every case gives a finite number and dispatches to the right backend.

Timings are not asserted here; ``benchmarks/bench_engine.py`` reports them.
"""

from __future__ import annotations

import math
from types import ModuleType

import pytest
from _scripts import bench_fixture

import overridable as ov

bench = bench_fixture("bench_engine")


@pytest.fixture(scope="module")
def quick_report(bench: ModuleType) -> object:
    return bench.measure(quick=True)


def test_every_case_is_measured_with_a_finite_number(bench, quick_report) -> None:
    keys = [row.key for row in quick_report.rows]
    assert keys == ["a", "b", "c", "d", "e", "e-ctx", "e-floor"]
    for row in quick_report.rows:
        if row.key == "e-floor":  # the ContextVar floor: one column, absolute
            assert row.cells[bench.OV_BACKEND].ns > 0
            assert row.cells[bench.OV_PROTOCOL] is None and row.cells[bench.UARRAY] is None
            continue
        for column in (bench.OV_BACKEND, bench.OV_PROTOCOL):
            cell = row.cells[column]
            assert cell is not None, (row.label, column)
            assert math.isfinite(cell.ns), (row.label, column)
            assert len(cell.call.samples) == quick_report.rounds
        uarray_cell = row.cells[bench.UARRAY]
        if bench.ua is None:
            assert uarray_cell is None
        else:
            assert uarray_cell is not None and math.isfinite(uarray_cell.ns)
        if row.key.startswith("e"):  # absolute times, not differences
            assert all(c.ns > 0 for c in row.cells.values() if c is not None)


@pytest.mark.parametrize("key, offset", [("a", 10), ("b", 20), ("c", 30), ("d", 40)])
def test_dispatched_calls_return_what_the_implementation_returns(
    bench, quick_report, key: str, offset: int
) -> None:
    # Arr(1) served by the case's own backend gives 1 + offset; a declining
    # backend's implementation would give a negative number.
    row = quick_report.row(key)
    for column, cell in row.cells.items():
        if cell is None:
            assert column == bench.UARRAY and bench.ua is None
            continue
        assert cell.expected == 1 + offset
        assert cell.value == cell.expected, (row.label, column)
        assert cell.correct


@pytest.mark.parametrize("key", ["b", "c", "d"])
def test_process_wide_state_is_restored(bench, quick_report, key: str) -> None:
    # A new multimethod in the domain of a case with a global or registered
    # backend finds no backend once the run is over, in both libraries.
    fixture = bench.Fixture(key, 0)
    with pytest.raises(ov.BackendNotImplementedError):
        fixture.declarative(bench.Arr(1))
    with pytest.raises(ov.BackendNotImplementedError):
        fixture.ov_mm(bench.Arr(1))
    if bench.ua is not None:
        with pytest.raises(bench.ua.BackendNotImplementedError):
            fixture.ua_mm(bench.Arr(1))


def test_report_names_the_targets(bench, quick_report) -> None:
    text = bench.render(quick_report, markdown=False)
    assert "overridable Backend" in text and "overridable protocol" in text
    assert "<= 150 ns" in text and "<= 400 ns" in text
    assert "WRONG VALUE" not in text
    markdown = bench.render(quick_report, markdown=True)
    assert markdown.count("\n| (") == len(quick_report.rows)


def test_main_exits_zero(bench, capsys) -> None:
    assert bench.main(["--quick", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| case | overridable Backend | overridable protocol | uarray | ratio |" in out
