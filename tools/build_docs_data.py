"""Refresh the data that the documentation site shows, in ``docs/_data/``.

One command, from the repository root (about five minutes)::

    python tools/build_docs_data.py                  # conformance + every benchmark
    python tools/build_docs_data.py --quick          # benchmarks' --quick runs (noisier)
    python tools/build_docs_data.py --only conformance   # or: bench_engine, bench_numpy

It writes, and the docs build (``docs/conf.py``) only reads:

- ``docs/_data/conformance.json``: ``overridable.conformance`` run on every
  backend of the ``overridable.backends`` entry points, one status per function
  and backend (with the first failure's detail); a backend whose library is
  missing here is recorded as "not installed", CuPy without a GPU as "needs a
  GPU". The coverage page and every ``overridable.numpy`` function page are
  drawn from it.
- ``docs/_data/bench_engine.md``, ``docs/_data/bench_numpy.md``,
  ``docs/_data/bench_backends.md`` and ``docs/_data/bench_compile.md``: the
  ``--markdown`` output of ``benchmarks/bench_engine.py``,
  ``benchmarks/bench_numpy.py``, ``benchmarks/bench_backends.py`` and
  ``benchmarks/bench_compile.py``, shown on the performance page.
- ``docs/_data/bench_numpy.svg`` and ``docs/_data/bench_backends.svg``: the
  performance page's charts, drawn from those two reports' tables (``unp`` over
  ``np`` per call; the library function over the library's own code, per
  backend). ``--only charts`` redraws them from the reports already recorded.

The docs build never runs the harness or the benchmarks itself, so it is fast
and gives the same pages on every machine: what they show is what this command
measured, where it ran (the files record the versions and the machine).
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data"
BENCHMARKS = ("bench_engine", "bench_numpy", "bench_backends", "bench_compile")
#: The longest detail kept per function and backend (the first failing call's).
DETAIL = 240


def conformance() -> dict[str, Any]:
    """Every entry-point backend's conformance results, as plain data. JAX runs with x64
    (``JAX_ENABLE_X64=1``, unless set otherwise): NumPy's semantics need float64, and the
    JAX backend's documentation says so."""
    os.environ.setdefault("JAX_ENABLE_X64", "1")  # before JAX is imported, by the backend
    import numpy as np

    import overridable as ov
    import overridable.numpy  # the global NumPy backend, as in the CLI
    from overridable._cli._info import _library_module, _version
    from overridable._cli._libraries import installed_backends, load, needs_gpu
    from overridable.conformance import run, targets

    functions = {t.name: getattr(t.function, "domain", "numpy") for t in targets()}
    backends: list[dict[str, Any]] = []
    results: dict[str, dict[str, list[str]]] = {}
    for name, value, aliases in installed_backends():
        entry: dict[str, Any] = {"name": name, "aliases": list(aliases),
                                 "module": value.split(":")[0]}
        backend, why = load(name)
        if backend is None:
            entry.update(state="not installed", why=why)
            backends.append(entry)
            continue
        module = _library_module(name, backend)
        entry.update(library=module, version=_version(module),
                     domain=str(getattr(backend, "__ua_domain__", "numpy")))
        gpu = needs_gpu(value)
        if gpu is not None and not gpu():
            entry.update(state="needs a GPU", why="installed, but no GPU where the data was made")
            backends.append(entry)
            continue
        started = time.perf_counter()
        with ov.reset_state():
            report = run(backend, label=name)
        entry.update(state="ran", summary=report.summary(), counts=report.counts(),
                     seconds=round(time.perf_counter() - started, 1))
        # [status, the first failing call's detail, the reasons the backend gave for
        # declining (its own words: "JAX arrays are immutable: ...")]
        results[name] = {
            fn: [res.status, " ".join(res.details[0].split())[:DETAIL] if res.details else "",
                 res.declines]
            for fn, res in sorted(report.results.items())}
        backends.append(entry)
        print(f"  {report.summary()} ({entry['seconds']} s)", flush=True)
    return {
        "generated_by": "python tools/build_docs_data.py",
        "overridable": ov.__version__,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": f"{platform.system()} {platform.machine()}",
        "date": time.strftime("%Y-%m-%d"),
        "functions": functions,
        "backends": backends,
        "results": results,
    }


def benchmark(name: str, quick: bool) -> str:
    """The ``--markdown`` report of ``benchmarks/<name>.py``."""
    command = [sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--markdown"]
    if quick:
        command.append("--quick")
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    header = (f"<!-- {' '.join(['python', f'benchmarks/{name}.py', *command[2:]])}, "
              f"{time.strftime('%Y-%m-%d')}, {platform.system()} {platform.machine()} -->\n")
    return header + done.stdout.strip() + "\n"


# -- Charts (SVG, drawn from the benchmarks' Markdown reports) ------------------------------

#: Bar colors of a chart's series, in order.
COLORS = ("#3f7fbf", "#e08a2e", "#6aa84f")
#: The charts: name -> (title, the first header cell of the report's table, series, label).
CHARTS = {
    "bench_numpy": ("overridable.numpy over NumPy, per call (1.0 = as fast as NumPy)",
                    "call"),
    "bench_backends": ("The library function over the library's own code, per backend "
                       "(1.0 = as fast as the direct code)", "library"),
}


def report_table(markdown: str, first: str) -> list[list[str]]:
    """The rows (cells stripped of backquotes) of the report's first ``|`` table whose
    header starts with ``first``, the header row first; empty if there is none."""
    rows: list[list[str]] = []
    for line in markdown.splitlines():
        if not line.startswith("|"):
            if rows:
                break
            continue
        cells = [c.strip().replace("`", "") for c in line.strip().strip("|").split("|")]
        if not rows and cells[0] != first:
            continue
        if not re.fullmatch(r"[|\s:-]+", line):
            rows.append(cells)
    return rows


def _ratio(cell: str) -> float | None:
    match = re.fullmatch(r"<?=?\s*([0-9.]+)x", cell.strip())
    return float(match.group(1)) if match else None


def chart_rows(name: str, markdown: str) -> tuple[list[str], list[tuple[str, list[float],
                                                                          float | None]]]:
    """(series names, [(row label, one ratio per series, the row's target or None)]) from
    a report: every ``ratio`` column is a series, named after the column before it."""
    table = report_table(markdown, CHARTS[name][1])
    if not table:
        return [], []
    head = table[0]
    columns = [i for i, cell in enumerate(head) if cell == "ratio"]
    series = (["unp / np"] * len(columns) if "overridable.numpy" in head
              else [f"{head[i - 1]} / direct" for i in columns])
    target = head.index("target") if "target" in head else None
    reference = head.index("numpy") if "numpy" in head else None
    rows = []
    for cells in table[1:]:
        ratios = [_ratio(cells[i]) if i < len(cells) else None for i in columns]
        if any(r is None for r in ratios):
            continue  # a case the run skipped
        goal = _ratio(cells[target]) if target is not None else None
        added = re.fullmatch(r"<=\s*\+([0-9.]+) ns", cells[target]) if target is not None \
            else None
        if added and reference is not None:  # "<= +40 ns": as a ratio to NumPy's time
            base = float(cells[reference].split()[0])
            goal = (base + float(added.group(1))) / base
        rows.append((cells[0], [r for r in ratios if r is not None], goal))
    return series, rows


def chart_svg(name: str, markdown: str, target: float | None = None) -> str:
    """A horizontal bar chart of the report's ratios, as a standalone SVG: one group of
    bars per row (a call, or a library), a dashed line at 1.0, and each row's target
    (the report's ``target`` column, else ``target`` for every row) as a black tick."""
    title = CHARTS[name][0]
    series, rows = chart_rows(name, markdown)
    label_w, plot_w, bar_h, gap, top = 250, 470, 16, 12, 62
    top_value = max([1.0, *(v for _, values, _ in rows for v in values),
                     *(t for _, _, t in rows if t), target or 0.0])
    top_value = float(math.ceil(top_value + 0.2))  # room for the numbers at the bars' ends
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(rows) + 34
    width = label_w + plot_w + 90

    def x(value: float) -> float:
        return label_w + plot_w * value / top_value

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13" '
           'role="img">',
           f"<title>{html.escape(title)}</title>",
           f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">{html.escape(title)}</text>']
    for i, label in enumerate(series):  # the legend
        lx = 10 + i * 200
        out.append(f'<rect x="{lx}" y="34" width="14" height="14" fill="{COLORS[i]}"/>'
                   f'<text x="{lx + 20}" y="46">{html.escape(label)}</text>')
    if any(t for _, _, t in rows) or target:
        lx = 10 + len(series) * 200
        out.append(f'<rect x="{lx + 6}" y="32" width="3" height="18" fill="#111"/>'
                   f'<text x="{lx + 20}" y="46">target</text>')
    bottom = top + group_h * len(rows)
    tick = 0.0
    while tick <= top_value:  # the axis: a line and a number per unit
        out.append(f'<line x1="{x(tick):.1f}" y1="{top - 4}" x2="{x(tick):.1f}" y2="{bottom}" '
                   f'stroke="#ddd"/><text x="{x(tick):.1f}" y="{bottom + 16}" '
                   f'text-anchor="middle" fill="#555">{tick:g}x</text>')
        tick += 1.0
    out.append(f'<line x1="{x(1):.1f}" y1="{top - 4}" x2="{x(1):.1f}" y2="{bottom}" '
               'stroke="#555" stroke-dasharray="4 3"/>')
    for r, (label, values, goal) in enumerate(rows):
        y0 = top + r * group_h
        out.append(f'<text x="{label_w - 8}" y="{y0 + bar_h * len(series) / 2 + 4:.1f}" '
                   f'text-anchor="end" font-family="monospace" font-size="12">'
                   f"{html.escape(label)}</text>")
        goal = goal or target
        for i, value in enumerate(values):
            y = y0 + i * bar_h
            right = max(x(value), x(goal) + 2 if goal else 0.0)  # the number clears the tick
            out.append(f'<rect x="{label_w}" y="{y}" width="{x(value) - label_w:.1f}" '
                       f'height="{bar_h - 2}" fill="{COLORS[i]}"><title>'
                       f"{html.escape(label)}, {html.escape(series[i])}: {value:.2f}x"
                       f'</title></rect><text x="{right + 4:.1f}" y="{y + bar_h - 4}" '
                       f'font-size="11">{value:.2f}x</text>')
        if goal:
            out.append(f'<rect x="{x(goal) - 1.5:.1f}" y="{y0 - 2}" width="3" '
                       f'height="{bar_h * len(series) + 2}" fill="#111"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def charts() -> list[Path]:
    """Redraw every chart whose report is recorded; the paths written."""
    written = []
    for name in CHARTS:
        report = DATA / f"{name}.md"
        if not report.exists():
            continue
        text = report.read_text(encoding="utf-8")
        path = DATA / f"{name}.svg"
        path.write_text(chart_svg(name, text, target=_report_target(name, text)),
                        encoding="utf-8")
        written.append(path)
    return written


def _report_target(name: str, markdown: str) -> float | None:
    """A target that the report states once for every row ("within 1.10x of direct")."""
    if name != "bench_backends":
        return None
    match = re.search(r"within ([0-9.]+)x of direct", markdown)
    return float(match.group(1)) if match else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append",
                        choices=("conformance", *BENCHMARKS, "charts"),
                        help="refresh this part only (repeatable; default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="run the benchmarks with --quick (seconds, noisier)")
    args = parser.parse_args(argv)
    parts = args.only or ["conformance", *BENCHMARKS]
    DATA.mkdir(parents=True, exist_ok=True)
    if "conformance" in parts:
        print("conformance (python -m overridable conformance, every entry-point backend):",
              flush=True)
        data = conformance()
        path = DATA / "conformance.json"
        path.write_text(json.dumps(data, indent=1, sort_keys=False, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}", flush=True)
    for name in BENCHMARKS:
        if name in parts:
            print(f"{name}:", flush=True)
            path = DATA / f"{name}.md"
            path.write_text(benchmark(name, args.quick), encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}", flush=True)
    for path in charts():  # cheap: always redrawn from the reports recorded
        print(f"wrote {path.relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
