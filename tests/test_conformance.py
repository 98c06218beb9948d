"""The conformance harness: NumPy passes every sample call; the minimal backend passes every
function it implements or that has a default; mismatches are caught and reported."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import overridable as ov
import overridable.numpy as unp
from overridable.__main__ import main
from overridable.conformance import (
    PASSED,
    Report,
    compare,
    html_matrix,
    markdown,
    minimal,
    run,
    targets,
)
from overridable.numpy._declarations import FUNCTIONS
from overridable.numpy._defaults import DEFAULTS, PRIMITIVES


@pytest.fixture(scope="module")
def numpy_report() -> Report:
    return run("numpy")


@pytest.fixture(scope="module")
def minimal_report() -> Report:
    return run(minimal)


def test_every_declared_function_has_sample_calls() -> None:
    found = {t.name: t for t in targets()}
    assert set(FUNCTIONS) <= set(found)
    for sub in ("linalg", "fft", "random"):
        if importlib.util.find_spec(f"overridable.numpy._declarations_{sub}"):
            declared = importlib.import_module(f"overridable.numpy._declarations_{sub}")
            assert {f"{sub}.{n}" for n in declared.FUNCTIONS} <= set(found)
    missing = sorted(name for name, t in found.items() if not t.calls)
    assert not missing, f"add sample calls for {missing}"
    assert sum(len(t.calls) for t in found.values()) >= 600


def test_numpy_backend_passes_every_call_natively(numpy_report: Report) -> None:
    failures = {n: (r.status, r.details) for n, r in numpy_report.results.items()
                if r.status != "native"}
    assert not failures
    assert numpy_report.passed() == len(numpy_report.results) == len(targets())


def test_minimal_backend_passes_every_default_and_primitive(minimal_report: Report) -> None:
    results = minimal_report.results
    for name in DEFAULTS:
        assert results[name].status == "default", (name, results[name].details)
    for name in PRIMITIVES:
        assert results[name].status == "native", (name, results[name].details)
    bad = {n: r.details for n, r in results.items() if r.status in ("mismatch", "error")}
    assert not bad
    others = set(results) - set(DEFAULTS) - set(PRIMITIVES)
    assert all(results[n].status in ("unsupported", "default") for n in others)


def test_compare_checks_value_shape_and_dtype_kind() -> None:
    x = np.array([1.0, 2.0])
    assert compare(x, x) is None
    assert "shape" in compare(x[:1], x)  # type: ignore[operator]
    assert "dtype kind" in compare(x.astype(int), x)  # type: ignore[operator]
    assert compare(x + 1e-3, x) is not None
    assert compare(x.astype(np.float32), x) is None  # the kind, not the precision
    assert compare((x, 1), (x, 2)) is not None
    assert compare(np.float64, np.float64) is None
    assert compare("a", "b") is not None
    assert compare(np.empty(3), np.zeros(3), values=False) is None


def test_a_wrong_backend_is_reported_with_the_diff() -> None:
    class Box:
        def __init__(self, data: Any) -> None:
            self.data = np.asarray(data)

        def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
            return self.data

    wrong = ov.Backend("numpy", name="wrong", types=[Box], convert=lambda v, t: Box(v),
                       implementations={unp.sum: lambda a, *args, **kw: Box(0.5),
                                        unp.reshape: lambda *a, **k: 1 / 0})
    report = run(wrong, names=["sum", "reshape", "median"])
    assert report.results["sum"].status == "mismatch"
    assert "shape" in report.results["sum"].details[1] or "Mismatch" in "".join(
        report.results["sum"].details)
    assert report.results["reshape"].status == "error"
    assert "ZeroDivisionError" in report.results["reshape"].details[0]
    assert report.results["median"].status == "unsupported"
    assert report.passed() == 0
    # The styled page shows every failure's detail in its text, not only in a tooltip.
    page = html_matrix([report])
    body = page.split("<h2>Details</h2>", 1)[1]
    assert "<style>" in page and 'title="' not in page
    assert "ZeroDivisionError" in body and "wrong: <code>reshape</code> (error" in body
    assert "wrong: <code>sum</code> (mismatch" in body
    assert '<a href="#d-wrong-reshape">' in page and 'id="d-wrong-reshape"' in body


def test_a_decline_keeps_the_backends_reason() -> None:
    def no_axis(a: Any, axis: Any = None, **kw: Any) -> Any:
        if axis is not None:
            raise ov.BackendNotImplementedError("picky: sum takes no axis= here")
        return np.sum(a, **kw)

    picky = ov.Backend("numpy", name="picky", types=[np.ndarray],
                       implementations={unp.sum: no_axis})
    result = run(picky, names=["sum", "median"]).results
    assert result["sum"].status == "partial"
    assert result["sum"].declines == ["picky: sum takes no axis= here"]  # once, not per call
    assert result["median"].declines == []  # no implementation: no reason to give
    body = html_matrix([run(picky, names=["sum"])]).split("<h2>Details</h2>", 1)[1]
    assert "picky: sum takes no axis= here" in body and "declined, saying" in body


def test_matrices_list_every_function(numpy_report: Report, minimal_report: Report) -> None:
    md = markdown([numpy_report, minimal_report])
    page = html_matrix([numpy_report, minimal_report])
    for name in ("sum", "mean", "linspace"):
        assert f"`{name}`" in md and f"<code>{name}</code>" in page
    assert "| function | numpy | minimal |" in md
    assert md.count("\n| `") == len(numpy_report.results)
    assert set(PASSED) == {"native", "default"}


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md, page = tmp_path / "conformance.md", tmp_path / "conformance.html"
    assert main(["conformance", "--backend", "numpy", "--backend", "minimal",
                 "--markdown", str(md), "--html", str(page)]) == 0
    out = capsys.readouterr().out
    assert "numpy: " in out and "(100.0%)" in out and "minimal: " in out
    assert md.read_text().startswith("# Conformance")
    assert page.read_text().startswith("<!DOCTYPE html>")
