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

#: The issue's targets: each call within this ratio of NumPy's own...
TARGET_RATIO = 1.10
#: ...these no slower than NumPy's (they skip NumPy's own ``__array_function__`` dispatch)...
NO_SLOWER = ("sum", "concatenate")
#: ...and ``import overridable.numpy`` adds at most this to ``import numpy``.
TARGET_IMPORT_MS = 30.0

X = np.arange(8.0)


@dataclass(frozen=True)
class Case:
    """One call, spelled for ``overridable.numpy`` and for NumPy; ``needs`` must resolve."""

    key: str
    ours: str
    numpy: str
    needs: str

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


CASES = (
    Case("sum", "unp.sum(x)", "np.sum(x)", "sum"),
    Case("concatenate", "unp.concatenate((x, x))", "np.concatenate((x, x))", "concatenate"),
    Case("add", "unp.add(x, x)", "np.add(x, x)", "add"),
    Case("zeros", "unp.zeros(3)", "np.zeros(3)", "zeros"),
    Case("asarray", "unp.asarray(x)", "np.asarray(x)", "asarray"),
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
    def target(self) -> float:
        return 1.0 if self.case.key in NO_SLOWER else TARGET_RATIO


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
        namespace = {"unp": unp, "np": np, "x": X}
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
    header = ["call", "overridable.numpy", "numpy", "ratio", "target"]
    body = []
    for r in report.rows:
        if r.ours is None or r.numpy is None:
            body.append([r.case.ours, "skipped", "", "", r.skipped])
            continue
        wrong = "" if r.correct else " WRONG VALUE"
        body.append([r.case.ours, f"{r.ours.best:.0f} ns{wrong}", f"{r.numpy.best:.0f} ns",
                     f"{r.ratio:.2f}x", f"<= {r.target:.2f}x"])
    return _timing.table(header, body, markdown, code_first=True)


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """The issue's targets: (met, text); ``met`` is None where it could not be judged."""
    out: list[tuple[bool | None, str]] = []
    for r in report.rows:
        if math.isnan(r.ratio):
            out.append((None, f"{r.case.ours}: {r.skipped}"))
            continue
        what = "no slower than" if r.case.key in NO_SLOWER else f"within {TARGET_RATIO:.2f}x of"
        out.append((r.ratio <= r.target,
                    f"{r.case.ours} {what} {r.case.numpy} ({r.ratio:.2f}x)"))
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
                f"overridable {ov.__version__}; x = numpy.arange(8.0)")
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
