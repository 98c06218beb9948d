"""The generated pieces of the documentation site: the performance charts drawn by
``tools/build_docs_data.py``, and what ``docs/conf.py`` writes on each function's page
(the ``unp`` example, the backends' notes)."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    return _load("build_docs_data", ROOT / "tools" / "build_docs_data.py")


@pytest.fixture(scope="module")
def conf() -> ModuleType:
    pytest.importorskip("sphinx")
    pytest.importorskip("numpydoc")
    return _load("overridable_docs_conf", ROOT / "docs" / "conf.py")


REPORT = """\
<!-- python benchmarks/bench_numpy.py --markdown, 2026-01-01, Linux x86_64 -->
ns per call

| call | overridable.numpy | numpy | added | ratio | target |
|---|---:|---:|---:|---:|---:|
| `unp.sum(x)` | 1351 ns | 3914 ns | -2563 ns | 0.35x | <= 1.00x |
| `unp.add(x, x)` | 300 ns | 200 ns | +100 ns | 1.50x | <= +40 ns |
| `unp.skipped(x)` | skipped | | | | no such function |

Targets (from the issue):
- [met] unp.sum(x) no slower than np.sum(x) (0.35x)
"""


def test_the_chart_draws_every_measured_call_with_its_ratio_and_target(
        tool: ModuleType) -> None:
    series, rows = tool.chart_rows("bench_numpy", REPORT)
    assert series == ["unp / np"]
    assert [(label, values) for label, values, _ in rows] == [
        ("unp.sum(x)", [0.35]), ("unp.add(x, x)", [1.5])]  # the skipped case is left out
    assert rows[0][2] == 1.0
    assert rows[1][2] == pytest.approx(240 / 200)  # "+40 ns" over NumPy's 200 ns
    svg = tool.chart_svg("bench_numpy", REPORT)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert ">unp.sum(x)</text>" in svg and ">unp.add(x, x)</text>" in svg
    assert "unp.skipped" not in svg
    assert ">0.35x</text>" in svg and ">1.50x</text>" in svg


def test_the_backends_chart_has_a_bar_per_library_and_mode(tool: ModuleType) -> None:
    report = """\
| library | direct | unp, registered | ratio | unp, set_backend | ratio |
|---|---:|---:|---:|---:|---:|
| numpy 2.4.6 | 18.7 µs | 18.2 µs | 0.97x | 18.2 µs | 0.97x |
| torch 2.13.0+cpu | 31.8 µs | 36.8 µs | 1.16x | 37.1 µs | 1.17x |

- [MISSED] torch (registered) within 1.10x of direct (1.16x)
"""
    series, rows = tool.chart_rows("bench_backends", report)
    assert series == ["unp, registered / direct", "unp, set_backend / direct"]
    assert [(label, values) for label, values, _ in rows] == [
        ("numpy 2.4.6", [0.97, 0.97]), ("torch 2.13.0+cpu", [1.16, 1.17])]
    assert tool._report_target("bench_backends", report) == 1.10
    svg = tool.chart_svg("bench_backends", report, target=1.10)
    assert svg.count("<rect x=\"250\"") == 4  # two bars per library


@pytest.mark.parametrize("name", ["bench_numpy", "bench_backends"])
def test_the_recorded_charts_are_drawn_from_the_recorded_reports(
        tool: ModuleType, name: str) -> None:
    """The SVGs in docs/_data are what ``--only charts`` draws from the reports there,
    and they name every call (or library) of the report's table."""
    report = (DATA / f"{name}.md").read_text(encoding="utf-8")
    svg = (DATA / f"{name}.svg").read_text(encoding="utf-8")
    assert svg == tool.chart_svg(name, report, target=tool._report_target(name, report))
    table = tool.report_table(report, tool.CHARTS[name][1])
    assert len(table) > 2
    for cells in table[1:]:
        assert f">{cells[0]}</text>" in svg, cells[0]


def test_the_numbers_in_the_prose_are_read_from_the_recorded_reports(
        conf: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "bench_engine.md").write_text(
        "- [met] ov.Backend, cached call: overhead <= 150 ns in (a)-(d) (worst 23 ns)\n")
    (tmp_path / "bench_numpy.md").write_text(
        "| `unp.sum(x)` | 1336 ns | 1402 ns | -66 ns | 0.95x | <= 1.00x |\n"
        "| `unp.add(x, x)` | 733 ns | 707 ns | +27 ns | 1.04x | <= +40 ns |\n")
    assert conf.recorded_numbers(tmp_path) == {"engine_overhead": "23 ns",
                                               "ufunc_target": "40 ns"}
    missing = "(not recorded: run python tools/build_docs_data.py)"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert conf.recorded_numbers(empty) == {"engine_overhead": missing,
                                            "ufunc_target": missing}
    # The recorded reports still have the lines the patterns read, and the site uses them.
    recorded = conf.recorded_numbers()
    assert missing not in recorded.values(), recorded
    assert conf.rst_epilog.splitlines() == [
        f".. |{name}| replace:: {value}" for name, value in recorded.items()]


def test_no_page_writes_a_measured_time_into_its_prose() -> None:
    # Times in ns or us go stale with each engine change: pages quote the recorded
    # reports through the substitutions docs/conf.py makes (|engine_overhead|).
    times = re.compile(r"\b\d+(\.\d+)? ?(ns|µs|us)\b")
    found = [f"{page.relative_to(ROOT)}:{n}: {line.strip()}"
             for page in sorted((ROOT / "docs").rglob("*.rst"))
             for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
             if times.search(line)]
    assert found == []


def test_a_function_page_shows_unp_calls_with_their_results(conf: ModuleType) -> None:
    from overridable.conformance import targets

    calls = {t.name: t.calls for t in targets()}
    text = conf._example("cumsum", None, calls["cumsum"])
    assert ">>> import overridable.numpy as unp" in text
    assert ">>> unp.cumsum(unp.asarray([[3, 1, 2], [0, 5, 4]]), axis=1)" in text
    assert "[0, 5, 9]]" in text  # the result, computed when the page was written
    assert "np." not in text.replace("unp.", "")
    # A random draw is shown after seeding NumPy's generator (on NumPy, its values).
    text = conf._example("random.normal", None, calls["random.normal"])
    np.random.seed(0)
    first = np.random.normal(size=4)
    assert ">>> unp.random.seed(0)\n   >>> unp.random.normal(size=4)\n   " + repr(first) in text
    # An in-place call, with the array it changed; a result of undefined values (empty),
    # by its shape and dtype.
    text = conf._example("put", None, calls["put"])
    assert (">>> a = unp.asarray([0.0, 1.0, 2.0, 3.0, 4.0])\n   >>> unp.put(a, [0, 2], "
            "[9.0, 8.0])\n   >>> a\n   array([9., 1., 8., 3., 4.])") in text
    text = conf._example("empty", None, calls["empty"])
    assert ">>> x = unp.empty(3)\n   >>> x.shape, x.dtype\n   ((3,), dtype('float64'))" in text


def test_a_function_page_gives_the_backends_own_words(conf: ModuleType) -> None:
    data = json.loads((DATA / "conformance.json").read_text(encoding="utf-8"))
    ran = {b["name"] for b in data["backends"] if b.get("state") == "ran"}
    if not {"jax", "sparse"} <= ran:
        pytest.skip("the recorded conformance data has no JAX or sparse run")
    put = conf.quirks("put")
    assert any("JAX arrays cannot be written to" in b for b in put["jax"])
    add = conf.quirks("add")  # served by JAX: its stated differences from NumPy apply
    assert any(b.startswith("**32-bit by default.**") for b in add["jax"])
    assert any("``out=`` must be a Dask array" in b for b in add["dask"])
    ones = conf.quirks("ones")["dask"]  # the sentence naming it; no out= (ones takes none)
    assert len(ones) == 1 and "``ones``" in ones[0] and "out=" not in ones[0]
    assert not ones[0].startswith("It owns")  # not the whole paragraph around it
    cumsum = conf.quirks("cumsum")
    assert any("``cumsum``" in b for b in cumsum["sparse"])
    # The backends table quotes the decline the harness recorded, in the backend's words.
    assert data["results"]["sparse"]["cumsum"][0] == "unsupported"
    assert any(re.search("cumsum would densify", r)
               for r in data["results"]["sparse"]["cumsum"][2])
