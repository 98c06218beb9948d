"""Refresh the data that the documentation site shows, in ``docs/_data/``.

One command, from the repository root (about two minutes)::

    python tools/build_docs_data.py                  # conformance + both benchmarks
    python tools/build_docs_data.py --quick          # benchmarks' --quick runs (noisier)
    python tools/build_docs_data.py --only conformance   # or: bench_engine, bench_numpy

It writes, and the docs build (``docs/conf.py``) only reads:

- ``docs/_data/conformance.json``: ``overridable.conformance`` run on every
  backend of the ``overridable.backends`` entry points, one status per function
  and backend (with the first failure's detail); a backend whose library is
  missing here is recorded as "not installed", CuPy without a GPU as "needs a
  GPU". The coverage page and every ``overridable.numpy`` function page are
  drawn from it.
- ``docs/_data/bench_engine.md`` and ``docs/_data/bench_numpy.md``: the
  ``--markdown`` output of ``benchmarks/bench_engine.py`` and
  ``benchmarks/bench_numpy.py``, shown on the performance page.

The docs build never runs the harness or the benchmarks itself, so it is fast
and gives the same pages on every machine: what they show is what this command
measured, where it ran (the files record the versions and the machine).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "_data"
BENCHMARKS = ("bench_engine", "bench_numpy")
#: The longest detail kept per function and backend (the first failing call's).
DETAIL = 240


def conformance() -> dict[str, Any]:
    """Every entry-point backend's conformance results, as plain data."""
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
        entry: dict[str, Any] = {"name": name, "aliases": list(aliases)}
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
        results[name] = {
            fn: [res.status, " ".join(res.details[0].split())[:DETAIL] if res.details else ""]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=("conformance", *BENCHMARKS),
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
