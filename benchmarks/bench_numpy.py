"""Cost of ``overridable.numpy`` over NumPy itself, call by call, in one run.

Run it from the repository root::

    python benchmarks/bench_numpy.py              # full run, about fifteen seconds
    python benchmarks/bench_numpy.py --quick      # a few seconds, for CI and smoke tests
    python benchmarks/bench_numpy.py --markdown   # the table in Markdown

Each case is a call on a small NumPy array through ``overridable.numpy``
(``unp.sum(x)``) beside the same call on NumPy (``np.sum(x)``), both served
by the NumPy backend, the global backend that importing
``overridable.numpy`` installs. Every number is the minimum, in ns per call,
over many ``timeit`` rounds; the rounds of all cases are interleaved in a
shuffled order, so that drift in the machine's speed hits every column
alike. The ratio is ``unp`` over ``np``. Cases whose function does not exist
yet in ``overridable.numpy`` (ufuncs, ``unp.fft``) are reported as skipped.

The import time is that of ``import overridable.numpy`` once ``import
numpy`` is done, measured in fresh interpreters (the median of several),
with bytecode caching on: ``PYTHONDONTWRITEBYTECODE`` is removed from their
environment and ``PYTHONPYCACHEPREFIX`` points at a temporary folder that a
first, untimed import fills.

The exit status is 0 whatever the timings: this is a report, not a test.
"""

from __future__ import annotations

import importlib
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import _timing
import numpy as np

import overridable as ov
import overridable.numpy as unp

#: The issue's targets. A function NumPy dispatches through ``__array_function__`` is
#: no slower than NumPy's own (the NumPy backend skips that dispatch)...
NO_SLOWER = 1.00
#: ...a ufunc or creation function costs at most this much more than NumPy's...
ADDED_NS = 40.0
#: ...and ``import overridable.numpy`` adds at most this to ``import numpy``.
TARGET_IMPORT_MS = 30.0

X = np.arange(8.0)
Y = np.arange(12.0).reshape(3, 4)
B = X > 3


@dataclass(frozen=True)
class Case:
    """One call, spelled for ``overridable.numpy`` and for NumPy; ``needs`` must resolve.

    ``kind`` is ``"dispatched"`` for a function NumPy dispatches through
    ``__array_function__`` (its target: no slower than NumPy), ``"ufunc"`` or
    ``"creation"`` for the others (at most ``ADDED_NS`` more than NumPy).
    """

    key: str
    ours: str
    numpy: str
    needs: str
    kind: str = "dispatched"

    def available(self) -> bool:
        """Whether ``overridable.numpy`` has the function yet (building it if need be)."""
        target: Any = unp
        parts = self.needs.split(".")
        for i, part in enumerate(parts):
            try:
                target = getattr(target, part)
            except AttributeError:
                try:  # a submodule (unp.fft) not imported yet
                    target = importlib.import_module(
                        "overridable.numpy." + ".".join(parts[: i + 1]))
                except ImportError:
                    return False
        return callable(target)


def _case(call: str, kind: str = "dispatched") -> Case:
    """``"sum(x)"`` -> the case ``unp.sum(x)`` beside ``np.sum(x)``."""
    name = call[: call.index("(")]
    return Case(name, f"unp.{call}", f"np.{call}", name, kind)


CASES = (
    _case("sum(x)"),
    _case("concatenate((x, x))"),
    _case("stack((x, x))"),
    _case("where(b, x, 0.0)"),
    _case("dot(x, x)"),
    _case("reshape(x, (2, 4))"),
    _case("transpose(y)"),
    _case("mean(x)"),
    _case("max(x)"),
    _case("argmax(x)"),
    _case("cumsum(x)"),
    _case("clip(x, 1.0, 5.0)"),
    _case("any(b)"),
    _case("sort(x)"),
    _case("argsort(x)"),
    _case("diff(x)"),
    _case("ravel(y)"),
    _case("expand_dims(x, 0)"),
    _case("vstack((x, x))"),
    _case("isclose(x, x)"),
    _case("round(x)"),
    _case("take(x, 2)"),
    _case("copy(x)"),
    _case("zeros_like(x)"),
    _case("matmul(y, y.T)", "ufunc"),
    _case("add(x, x)", "ufunc"),
    _case("multiply(x, 2.0)", "ufunc"),
    _case("sqrt(x)", "ufunc"),
    _case("exp(x)", "ufunc"),
    _case("sin(x)", "ufunc"),
    _case("maximum(x, 3.0)", "ufunc"),
    _case("isnan(x)", "ufunc"),
    _case("zeros(3)", "creation"),
    _case("ones(3)", "creation"),
    _case("asarray(x)", "creation"),
    _case("array([1.0, 2.0])", "creation"),
    _case("arange(5)", "creation"),
    Case("fft", "unp.fft.fft(x)", "np.fft.fft(x)", "fft.fft"),
)


class Probe(_timing.Probe):
    """One statement timed with ``timeit``; ``samples`` are ns per call, one per round."""

    first_number = 10
    max_number = 10**7


@dataclass(eq=False)
class Row:
    """A case measured: both probes, or the reason it was skipped."""

    case: Case
    ours: Probe | None = None
    numpy: Probe | None = None
    skipped: str = ""
    correct: bool = True

    @property
    def ratio(self) -> float:
        if self.ours is None or self.numpy is None:
            return math.nan
        return self.ours.best / self.numpy.best

    @property
    def added(self) -> float:
        """ns per call over NumPy's."""
        if self.ours is None or self.numpy is None:
            return math.nan
        return self.ours.best - self.numpy.best

    @property
    def met(self) -> bool:
        if self.case.kind == "dispatched":
            return self.ratio <= NO_SLOWER
        return self.added <= ADDED_NS

    @property
    def target(self) -> str:
        return (f"<= {NO_SLOWER:.2f}x" if self.case.kind == "dispatched"
                else f"<= +{ADDED_NS:.0f} ns")


@dataclass
class ImportTime:
    """Medians over fresh interpreters, in ms: ``import numpy``, then ``overridable.numpy``."""

    numpy_ms: float
    added_ms: float
    runs: int


@dataclass
class Report:
    rows: list[Row]
    rounds: int
    import_time: ImportTime | None

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.case.key == key)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and np.shape(a) == np.shape(b) and bool(np.all(a == b))


def measure_calls(quick: bool = False) -> tuple[list[Row], int]:
    """Time every available case, interleaved; check each gives NumPy's value."""
    rounds, seconds = (3, 0.002) if quick else (30, 0.02)
    rows, probes = [], []
    for case in CASES:
        if not case.available():
            rows.append(Row(case, skipped=f"no unp.{case.needs} yet"))
            continue
        namespace = {"unp": unp, "np": np, "x": X, "y": Y, "b": B}
        row = Row(case, Probe(case.ours, namespace), Probe(case.numpy, namespace))
        row.correct = _same(eval(case.ours, namespace), eval(case.numpy, namespace))
        rows.append(row)
        probes += [row.ours, row.numpy]
    _timing.interleaved_rounds(probes, rounds, seconds)
    return rows, rounds


_IMPORT_SCRIPT = """\
import time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import overridable.numpy
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def measure_import(runs: int) -> ImportTime:
    """Median times of ``import numpy`` and of ``import overridable.numpy`` after it."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache:
        env["PYTHONPYCACHEPREFIX"] = cache
        numpy_s, added_s = [], []
        for i in range(runs + 1):
            out = subprocess.run([sys.executable, "-c", _IMPORT_SCRIPT], env=env, check=True,
                                 capture_output=True, text=True).stdout.split()
            if i:  # the first run fills the bytecode cache
                numpy_s.append(float(out[0]))
                added_s.append(float(out[1]))
    return ImportTime(statistics.median(numpy_s) * 1e3, statistics.median(added_s) * 1e3, runs)


def measure(quick: bool = False, imports: bool = True) -> Report:
    """Measure the calls and (unless ``imports`` is false) the import time."""
    rows, rounds = measure_calls(quick)
    import_time = measure_import(3 if quick else 15) if imports else None
    return Report(rows, rounds, import_time)


# ---------------------------------------------------------------------------
# Output


def table(report: Report, markdown: bool) -> str:
    header = ["call", "overridable.numpy", "numpy", "added", "ratio", "target"]
    body = []
    for r in report.rows:
        if r.ours is None or r.numpy is None:
            body.append([r.case.ours, "skipped", "", "", "", r.skipped])
            continue
        wrong = "" if r.correct else " WRONG VALUE"
        body.append([r.case.ours, f"{r.ours.best:.0f} ns{wrong}", f"{r.numpy.best:.0f} ns",
                     f"{r.added:+.0f} ns", f"{r.ratio:.2f}x", r.target])
    return _timing.table(header, body, markdown, code_first=True)


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """The issue's targets: (met, text); ``met`` is None where it could not be judged."""
    out: list[tuple[bool | None, str]] = []
    for r in report.rows:
        if math.isnan(r.ratio):
            out.append((None, f"{r.case.ours}: {r.skipped}"))
            continue
        if r.case.kind == "dispatched":
            text = f"{r.case.ours} no slower than {r.case.numpy} ({r.ratio:.2f}x)"
        else:
            text = (f"{r.case.ours} within +{ADDED_NS:.0f} ns of {r.case.numpy} "
                    f"({r.added:+.0f} ns)")
        out.append((r.met, text))
    it = report.import_time
    if it is None:
        out.append((None, "import time not measured"))
    else:
        out.append((it.added_ms <= TARGET_IMPORT_MS,
                    f"import overridable.numpy adds <= {TARGET_IMPORT_MS:.0f} ms to import numpy "
                    f"({it.added_ms:.1f} ms)"))
    return out


def render(report: Report, markdown: bool) -> str:
    versions = (f"Python {platform.python_version()}, NumPy {np.__version__}, "
                f"overridable {ov.__version__}, {'compiled' if ov.compiled() else 'pure Python'}; "
                "x = numpy.arange(8.0), y = numpy.arange(12.0).reshape(3, 4), b = x > 3")
    what = (f"ns per call, min over {report.rounds} interleaved timeit rounds; "
            "ratio = overridable.numpy / numpy (both on the NumPy backend).")
    lines = [versions, what, "", table(report, markdown), ""]
    it = report.import_time
    if it is not None:
        lines += [f"import numpy: {it.numpy_ms:.1f} ms; import overridable.numpy after it: "
                  f"+{it.added_ms:.1f} ms (medians of {it.runs} fresh interpreters, bytecode "
                  "cached under a temporary PYTHONPYCACHEPREFIX after a warm-up import)", ""]
    lines += _timing.target_lines(targets(report), markdown)
    return "\n".join(lines)


def run(argv: Sequence[str] | None = None) -> Report:
    """Parse ``argv``, measure, print the report and return it."""
    args = _timing.arguments(__doc__, argv, ("--no-import", "skip the import time"))
    report = measure(quick=args.quick, imports=not args.no_import)
    print(render(report, args.markdown))
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; always 0, the timings are for reading."""
    run(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
