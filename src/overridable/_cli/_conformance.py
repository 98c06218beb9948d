"""``python -m overridable conformance``: the harness, with progress, on the command line.

For each backend it prints a line when it starts, a progress bar while it runs
(on a terminal), its summary in the words of the docs ("native", "by a
default", "partly", "not served", "error", "wrong result", "untested") and
the functions that failed; then where it wrote the matrices. A library that
needs a setting to compute as NumPy does gets it before anything runs (JAX:
64-bit floats), and the command says so.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import overridable as ov

from .._backend import resolve_name
from ._libraries import installed_backends, load, needs_gpu

__all__ = ["WORDS", "conformance", "summary"]

#: The harness's statuses in the words of the docs (docs/coverage.rst).
WORDS = {"native": "native", "default": "by a default", "partial": "partly",
         "unsupported": "not served", "error": "error", "mismatch": "wrong result",
         "untested": "untested"}
#: Statuses that make the command fail.
FAILED = ("mismatch", "error")
_CHUNK = 16


def summary(report: Any) -> str:
    """A report's one-line summary, in the words of the docs.

    >>> from overridable.conformance import run
    >>> summary(run("numpy", names=["sum", "mean"]))
    'numpy: 2/2 functions pass (100.0%): 2 native'
    """
    from overridable.conformance import STATUSES

    counts, total = report.counts(), len(report.results)
    rate = 100.0 * report.passed() / total if total else 0.0
    parts = ", ".join(f"{counts[s]} {WORDS[s]}" for s in STATUSES if counts[s])
    return f"{report.backend}: {report.passed()}/{total} functions pass ({rate:.1f}%): {parts}"


def _jax_x64(out: TextIO) -> None:
    import importlib

    jax: Any = importlib.import_module("jax")  # its config API has no types
    if not jax.config.read("jax_enable_x64"):
        jax.config.update("jax_enable_x64", True)
        print("jax: 64-bit floats turned on (jax.config.update('jax_enable_x64', True)), "
              "as NumPy computes in float64", file=out)


#: What a library needs to compute as NumPy does, set before any of its arrays exist.
SETUP: dict[str, Callable[[TextIO], None]] = {"jax": _jax_x64}


def _names(requested: Sequence[str], out: TextIO) -> list[str]:
    """``requested`` with ``installed`` expanded (missing libraries, and CuPy without a GPU,
    left out and said so) and every name resolved as ``set_backend`` resolves it."""
    names: list[str] = []
    for name in requested:
        if name in ("numpy", "minimal"):
            names.append(name)
        elif name != "installed":
            names.append(_usable(resolve_name(name)))
        else:
            for found, value, _aliases in installed_backends():
                backend, why = load(found)
                gpu = needs_gpu(value) if backend is not None else None
                if backend is None:
                    print(f"{found}: left out, {why}", file=out)
                elif gpu is not None and not gpu():
                    print(f"{found}: left out, installed but no GPU here", file=out)
                else:
                    names.append(found)
    return list(dict.fromkeys(names))


def _usable(name: str) -> str:
    """``name``, unless its library needs a GPU this machine lacks (CuPy): then a clear
    :class:`ValueError` before the harness's first call fails deep inside the library."""
    value = next((v for found, v, _aliases in installed_backends() if found == name), None)
    gpu = needs_gpu(value) if value is not None else None
    if gpu is not None and not gpu():
        raise ValueError(f"backend {name!r} is installed but has no GPU here; the harness "
                         "runs its calls on the library's own arrays, which need one")
    return name


def _bar(out: TextIO, name: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // total if total else width
    out.write(f"\r  {name} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
    out.flush()


def _run(name: str, position: str, out: TextIO) -> Any:
    from overridable.conformance import Report, _serves, backend_named, run, targets

    backend = backend_named(name)
    functions = [t.name for t in targets() if _serves(backend, t.function)]
    print(f"{name} ({position}): {len(functions)} functions", file=out, flush=True)
    tty = out.isatty()
    results: dict[str, Any] = {}
    for start in range(0, len(functions), _CHUNK):
        if tty:
            _bar(out, name, start, len(functions))
        chunk = functions[start:start + _CHUNK]
        results.update(run(backend, names=chunk, label=name).results)
    if tty:
        _bar(out, name, len(functions), len(functions))
        out.write("\n")
    return Report(name, {n: results[n] for n in sorted(results)})


def conformance(backends: Sequence[str], markdown_file: str | None = None,
                html_file: str | None = None, file: TextIO | None = None,
                command: str | None = None) -> int:
    """Run the harness on ``backends`` (names, ``numpy``, ``minimal`` or ``installed``),
    print progress and results, write the matrices; 0 unless a function failed (a wrong
    result or an error). Returns 2, with a one-line message, for an unknown name or a
    backend that cannot run here (CuPy without a GPU).

    >>> import io
    >>> out = io.StringIO()
    >>> conformance(["numpy"], file=out)
    0
    >>> print(out.getvalue().splitlines()[-2])
    numpy: 471/471 functions pass (100.0%): 471 native
    """
    from overridable.conformance import COMMAND, html_matrix, markdown

    out = sys.stdout if file is None else file
    try:
        names = _names(backends, out)
    except (ov.UnknownBackendError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr if file is None else out)
        return 2
    for name in names:
        setup = SETUP.get(name.split(".")[0])
        if setup is not None:
            setup(out)
    reports = []
    with ov.reset_state():
        for i, name in enumerate(names, 1):
            report = _run(name, f"{i}/{len(names)}", out)
            reports.append(report)
            print(summary(report), file=out)
            failed = [r for r in report.results.values() if r.status in FAILED]
            for r in failed:
                detail = r.details[0] if r.details else ""
                print(f"  failed: {r.name} ({WORDS[r.status]}): {detail}", file=out)
    failures = {r.backend: [n for n, res in r.results.items() if res.status in FAILED]
                for r in reports}
    failures = {b: f for b, f in failures.items() if f}
    written = ((markdown_file, markdown(reports, command or COMMAND) if markdown_file else ""),
               (html_file, html_matrix(reports) if html_file else ""))
    for path, content in written:
        if path:
            with open(path, "w", encoding="utf-8") as f:
                f.write(content)
            print(f"wrote {os.path.abspath(path)}", file=out)
    if failures:
        print("failed: " + "; ".join(f"{b}: {', '.join(f)}" for b, f in failures.items()),
              file=out)
        return 1
    print("no function failed", file=out)
    return 0
