"""Compiled versus eager: the twenty-call library function under ``torch.compile`` and
``jax.jit``, written against ``overridable.numpy`` and written directly, in one run.

Run it from the repository root::

    python benchmarks/bench_compile.py              # full run, about a minute
    python benchmarks/bench_compile.py --quick      # fewer, shorter rounds (CI, smoke tests)
    python benchmarks/bench_compile.py --markdown   # the table in Markdown

The function is ``library_function`` of ``bench_backends.py`` (twenty ``unp`` calls on two
arrays) and its direct versions there (``torch``, ``jax.numpy``), on that benchmark's 4 x 3
arrays and (full run) on 128 x 96 ones. For each library and size four probes are timed,
on the library's own arrays, with its backend registered:

- *eager direct* and *eager unp*: the functions as they are;
- *compiled direct* and *compiled unp*: ``torch.compile(f, fullgraph=True)`` (inductor)
  or ``jax.jit(f)``, compiled before the timing (the first call's seconds are reported).

Under ``torch.compile`` the dispatch is resolved while Dynamo traces (see
docs/user_guide/tracing.rst): the compiled ``unp`` version runs the same graph as the
compiled direct one. What it adds per call is the evaluation of Dynamo's guards on what
the trace read: the backend state, each multimethod's identity, and little else (the
dispatch's own functions are handed to Dynamo unguarded, see the tracing page). Under
``jax.jit`` the dispatch runs once, while JAX traces, and the jitted computation is JAX's
alone. Every number is the minimum, in µs per call, over
``timeit`` rounds of all probes interleaved in a shuffled order; values are checked
against NumPy's. The exit status is 0 whatever the timings: this is a report.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from _timing import Probe as _Probe
from _timing import arguments, interleaved_rounds, target_lines
from _timing import table as render_table
from bench_backends import DIRECT, X, Y, library_function

import overridable as ov

#: The target: the compiled ``unp`` version within this ratio of the compiled direct one.
TARGET_RATIO = 1.10
LIBRARIES = ("torch", "jax")
PROBES = ("eager direct", "eager unp", "compiled direct", "compiled unp")
#: The shapes of the two arrays: bench_backends' (the dispatch dominates), and one where
#: the arithmetic does (the full run only).
SIZES = ((4, 3), (128, 96))


def arrays(size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """bench_backends' two arrays (``X``, ``Y``), or arrays made the same way of ``size``."""
    if size == X.shape:
        return X, Y
    n = size[0] * size[1]
    return np.linspace(-2.0, 2.0, n).reshape(size), np.cos(np.arange(float(n))).reshape(size)


class Probe(_Probe):
    """A call of a whole function, in µs."""

    first_number = 1
    unit = 1e6


def _compile_torch(f: Callable[..., Any]) -> Callable[..., Any]:
    import torch

    # Static shapes: each size gets its own graph (a dynamic one would serve both).
    return torch.compile(f, fullgraph=True, dynamic=False)  # type: ignore[no-any-return]


def _compile_jax(f: Callable[..., Any]) -> Callable[..., Any]:
    import jax

    return jax.jit(f)  # type: ignore[no-any-return]


def _block_jax(result: Any) -> Any:
    """JAX dispatches asynchronously: wait for the values, inside the timed statement."""
    return [r.block_until_ready() for r in result]


#: library -> (its compiler, what the timed statement waits on)
COMPILERS: dict[str, tuple[Callable[[Callable[..., Any]], Callable[..., Any]],
                           Callable[[Any], Any]]] = {
    "torch": (_compile_torch, lambda result: result),
    "jax": (_compile_jax, _block_jax),
}


@dataclass(eq=False)
class Row:
    """One library: its four probes, the first call's seconds of each compiled function,
    whether each probe's values are NumPy's, or why the library was skipped."""

    library: str
    size: tuple[int, int] = X.shape
    probes: dict[str, Probe] = field(default_factory=dict)
    compile_seconds: dict[str, float] = field(default_factory=dict)
    correct: dict[str, bool] = field(default_factory=dict)
    skipped: str = ""
    version: str = ""

    def best(self, probe: str) -> float:
        return self.probes[probe].best if probe in self.probes else math.nan

    @property
    def compiled_ratio(self) -> float:
        return self.best("compiled unp") / self.best("compiled direct")

    @property
    def eager_ratio(self) -> float:
        return self.best("eager unp") / self.best("eager direct")


@dataclass
class Report:
    rows: list[Row]
    rounds: int

    def row(self, library: str) -> Row:
        return next(r for r in self.rows if r.library == library)


def build_rows(library: str, sizes: Sequence[tuple[int, int]]) -> list[Row]:
    """The four probes of ``library`` (its backend registered) per size, compiled and
    checked; the functions are compiled once, so a later size may recompile them."""
    try:
        importlib.import_module({"jax": "jax.numpy"}.get(library, library))
    except ImportError as exc:
        return [Row(library, skipped=f"not installed ({exc})")]
    make_direct, _, _ = DIRECT[library]
    compile_, _ = COMPILERS[library]
    direct = make_direct()
    functions = {"eager direct": direct, "eager unp": library_function,
                 "compiled direct": compile_(direct), "compiled unp": compile_(library_function)}
    return [build_row(library, size, functions) for size in sizes]


def build_row(library: str, size: tuple[int, int],
              functions: dict[str, Callable[..., Any]]) -> Row:
    _, convert, to_numpy = DIRECT[library]
    _, wait = COMPILERS[library]
    x, y = arrays(size)
    expected = library_function(x, y)  # NumPy's values
    args = (convert(x), convert(y))
    row = Row(library, size,
              version=getattr(importlib.import_module(library), "__version__", ""))
    tolerance = 1e-4 if library == "jax" else 1e-10  # JAX computes in float32 by default
    for name, function in functions.items():
        start = time.perf_counter()
        result = wait(function(*args))
        if name.startswith("compiled"):
            row.compile_seconds[name] = time.perf_counter() - start
        row.correct[name] = all(
            np.allclose(to_numpy(r), e, rtol=tolerance, atol=tolerance * np.abs(e).max())
            for r, e in zip(result, expected, strict=True))
        row.probes[name] = Probe("wait(f(*args))",
                                 {"wait": wait, "f": function, "args": args})
    return row


def measure(quick: bool = False, libraries: Sequence[str] | None = None) -> Report:
    """Compile and time every installed library's probes, interleaved; check the values."""
    libraries = LIBRARIES if libraries is None else libraries
    rounds, seconds = (3, 0.005) if quick else (25, 0.02)
    sizes = SIZES[:1] if quick else SIZES
    with ov.reset_state():
        for library in libraries:
            if importlib.util.find_spec(library) is not None:
                ov.register_backend(library)
        rows = [row for library in libraries for row in build_rows(library, sizes)]
        probes = [p for r in rows for p in r.probes.values()]
        interleaved_rounds(probes, rounds, seconds)
    return Report(rows, rounds)


# ---------------------------------------------------------------------------
# Output


def table(report: Report, markdown: bool) -> str:
    header = ["library", "arrays", "eager direct", "eager unp", "ratio", "compiled direct",
              "compiled unp", "ratio", "first call (direct / unp)"]
    body = []
    for r in report.rows:
        if r.skipped:
            body.append([r.library, "", "skipped", r.skipped, *[""] * 5])
            continue
        cells = [f"{r.library} {r.version}".strip(), f"{r.size[0]} x {r.size[1]}"]
        for name in PROBES:
            wrong = "" if r.correct[name] else " WRONG VALUE"
            cells.append(f"{r.best(name):.1f} µs{wrong}")
            if name == "eager unp":
                cells.append(f"{r.eager_ratio:.2f}x")
        cells.append(f"{r.compiled_ratio:.2f}x")
        cells.append(" / ".join(f"{r.compile_seconds[n]:.1f} s"
                                for n in ("compiled direct", "compiled unp")))
        body.append(cells)
    return render_table(header, body, markdown)


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """The target per library: (met, text); None where not judged."""
    out: list[tuple[bool | None, str]] = []
    for r in report.rows:
        if r.skipped:
            out.append((None, f"{r.library}: {r.skipped}"))
            continue
        out.append((r.compiled_ratio <= TARGET_RATIO,
                    f"{r.library}, {r.size[0]} x {r.size[1]}: compiled unp within "
                    f"{TARGET_RATIO:.2f}x of compiled direct ({r.compiled_ratio:.2f}x)"))
    return out


def render(report: Report, markdown: bool) -> str:
    versions = (f"Python {platform.python_version()}, NumPy {np.__version__}, "
                f"overridable {ov.__version__} ({'compiled' if ov.compiled() else 'pure-Python'}"
                " dispatcher); two arrays, 20 calls")
    what = (f"µs per call of the whole function, min over {report.rounds} interleaved timeit "
            "rounds; torch.compile(fullgraph=True) with inductor, jax.jit; "
            "ratio = unp / direct.")
    lines = [versions, what, "", table(report, markdown), ""]
    lines += target_lines(targets(report), markdown)
    return "\n".join(lines)


def run(argv: Sequence[str] | None = None) -> Report:
    """Parse ``argv``, measure, print the report and return it."""
    args = arguments(__doc__, argv)
    report = measure(quick=args.quick)
    print(render(report, args.markdown))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; always 0, the timings are for reading."""
    run(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
