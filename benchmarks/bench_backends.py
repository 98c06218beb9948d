"""Cost of writing a library function once against ``overridable.numpy``, per backend, in one run.

Run it from the repository root::

    python benchmarks/bench_backends.py              # full run, about twenty seconds
    python benchmarks/bench_backends.py --quick      # a few seconds, for CI and smoke tests
    python benchmarks/bench_backends.py --markdown   # the table in Markdown

The library function (:func:`library_function`) makes twenty ``overridable.numpy``
calls (``asarray``, ``sum``, ``mean``, ``sqrt``, ``exp``, ``where``, ``concatenate``,
``reshape``, ``maximum``, ``dot``, ...) on two small arrays (4 x 3). For each installed
library (NumPy, Dask, torch, JAX) it is timed three ways on that library's own arrays:

- *direct*: the same code written for the library itself (``np``, ``dask.array``,
  ``torch``, ``jax.numpy``), :data:`DIRECT`;
- *registered*: ``library_function(arrays)`` with the library's backend registered, so
  each call is dispatched on the arrays' types (NumPy is the global backend);
- *set_backend*: the same call inside ``ov.set_backend(library)`` (entered once, in a
  context of its own, outside the timed loop).

Dask is timed building the graph only (nothing is computed); the values are checked by
computing once. Every number is the minimum, in µs per call of the whole function, over
many ``timeit`` rounds, the rounds of all probes interleaved in a shuffled order so that
drift in the machine's speed hits every column alike. The ratios are over *direct*; the
issue's target is :data:`TARGET_RATIO` (:data:`TARGET_RATIOS` for Dask).

Then, per adapter: each of the twenty calls alone, on torch, JAX and Dask, timed as the
library's own call (*direct*), as the backend's implementation called with the library's
arrays (*adapter*: the engine's calling convention, no dispatch) and as the
``overridable.numpy`` call inside ``ov.set_backend`` (*dispatched*); *overhead* is adapter
minus direct (the Python the adapter runs), *dispatch* is dispatched minus adapter.

Registered backends are restored when the run ends. The exit status is 0 whatever the
timings: this is a report, not a test.
"""

from __future__ import annotations

import contextvars
import functools
import importlib
import importlib.util
import math
import platform
import sys
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from _timing import TimedProbe, arguments, interleaved_rounds, target_lines
from _timing import table as render_table

import overridable as ov
import overridable.numpy as unp

#: The issue's target: the library function within this ratio of the direct code ...
TARGET_RATIO = 1.10
#: ... and within these on the libraries named (Dask's graph building costs far more than
#: dispatch, so the adapters must add next to nothing).
TARGET_RATIOS = {"dask": 1.02}

LIBRARIES = ("numpy", "dask", "torch", "jax")
MODES = ("registered", "set_backend")

X = np.linspace(-2.0, 2.0, 12).reshape(4, 3)
Y = np.cos(np.arange(12.0)).reshape(4, 3)


def library_function(x: Any, y: Any) -> Any:
    """Written once against ``overridable.numpy``: twenty calls, no operators but ``>``."""
    x = unp.asarray(x)
    y = unp.asarray(y)
    s = unp.sum(x, axis=0)
    m = unp.mean(y, axis=0)
    z = unp.sqrt(unp.abs(x))
    e = unp.exp(unp.minimum(y, 1.0))
    w = unp.where(x > 0, z, e)
    c = unp.concatenate((w, e), axis=0)
    r = unp.reshape(c, (-1,))
    peak = unp.max(unp.maximum(r, 0.5))
    q = unp.square(unp.dot(unp.transpose(x), y))
    k = unp.log1p(unp.abs(s))
    return unp.stack((k, m)), unp.sum(q) + peak


def _array_api_style(xp: Any) -> Callable[[Any, Any], Any]:
    """The library function written directly for a NumPy-like namespace (NumPy, Dask, JAX)."""

    def direct(x: Any, y: Any) -> Any:
        x = xp.asarray(x)
        y = xp.asarray(y)
        s = xp.sum(x, axis=0)
        m = xp.mean(y, axis=0)
        z = xp.sqrt(xp.abs(x))
        e = xp.exp(xp.minimum(y, 1.0))
        w = xp.where(x > 0, z, e)
        c = xp.concatenate((w, e), axis=0)
        r = xp.reshape(c, (-1,))
        peak = xp.max(xp.maximum(r, 0.5))
        q = xp.square(xp.dot(xp.transpose(x), y))
        k = xp.log1p(xp.abs(s))
        return xp.stack((k, m)), xp.sum(q) + peak

    return direct


def _torch_direct() -> Callable[[Any, Any], Any]:
    """The library function as a torch user writes it (``dim=``, ``cat``, ``clamp``, ``.T``)."""
    import torch

    def direct(x: Any, y: Any) -> Any:
        x = torch.as_tensor(x)
        y = torch.as_tensor(y)
        s = torch.sum(x, dim=0)
        m = torch.mean(y, dim=0)
        z = torch.sqrt(torch.abs(x))
        e = torch.exp(torch.clamp(y, max=1.0))
        w = torch.where(x > 0, z, e)
        c = torch.cat((w, e), dim=0)
        r = torch.reshape(c, (-1,))
        peak = torch.amax(torch.clamp(r, min=0.5))
        q = torch.square(torch.matmul(x.T, y))
        k = torch.log1p(torch.abs(s))
        return torch.stack((k, m)), torch.sum(q) + peak

    return direct


#: library -> (builds the direct function, turns a NumPy array into the library's array,
#: turns the library's result back into NumPy)
DIRECT: dict[str, tuple[Callable[[], Callable[..., Any]], Callable[[np.ndarray], Any],
                        Callable[[Any], np.ndarray]]] = {
    "numpy": (lambda: _array_api_style(np), lambda a: a, np.asarray),
    "dask": (lambda: _array_api_style(importlib.import_module("dask.array")),
             lambda a: importlib.import_module("dask.array").from_array(a, chunks=2),
             lambda r: np.asarray(r.compute())),
    "torch": (_torch_direct, lambda a: importlib.import_module("torch").as_tensor(a),
              lambda r: r.numpy()),
    "jax": (lambda: _array_api_style(importlib.import_module("jax.numpy")),
            lambda a: importlib.import_module("jax.numpy").asarray(a), np.asarray),
}


#: The library function's calls one by one: (label, NumPy's name, arguments from x and y,
#: keywords). The arguments are the library's arrays, as the library function has them.
CALLS: tuple[tuple[str, str, Callable[[Any, Any], tuple[Any, ...]], dict[str, Any]], ...] = (
    ("asarray(x)", "asarray", lambda x, y: (x,), {}),
    ("sum(x, axis=0)", "sum", lambda x, y: (x,), {"axis": 0}),
    ("mean(y, axis=0)", "mean", lambda x, y: (y,), {"axis": 0}),
    ("sqrt(x)", "sqrt", lambda x, y: (x,), {}),
    ("abs(x)", "abs", lambda x, y: (x,), {}),
    ("exp(y)", "exp", lambda x, y: (y,), {}),
    ("minimum(y, 1.0)", "minimum", lambda x, y: (y, 1.0), {}),
    ("where(x > 0, x, y)", "where", lambda x, y: (x > 0, x, y), {}),
    ("concatenate((x, y), axis=0)", "concatenate", lambda x, y: ((x, y),), {"axis": 0}),
    ("reshape(x, (-1,))", "reshape", lambda x, y: (x, (-1,)), {}),
    ("max(x)", "max", lambda x, y: (x,), {}),
    ("maximum(x, 0.5)", "maximum", lambda x, y: (x, 0.5), {}),
    ("square(x)", "square", lambda x, y: (x,), {}),
    ("dot(x.T, y)", "dot", lambda x, y: (x.T, y), {}),
    ("transpose(x)", "transpose", lambda x, y: (x,), {}),
    ("log1p(y)", "log1p", lambda x, y: (y,), {}),
    ("stack((x, y))", "stack", lambda x, y: ((x, y),), {}),
)


def _torch_calls() -> dict[str, Callable[..., Any]]:
    """The torch user's call for each of :data:`CALLS` (as in :func:`_torch_direct`)."""
    import torch

    return {
        "asarray": torch.as_tensor, "sqrt": torch.sqrt, "abs": torch.abs, "exp": torch.exp,
        "where": torch.where, "reshape": torch.reshape, "max": torch.amax,
        "square": torch.square, "dot": torch.matmul, "log1p": torch.log1p,
        "stack": torch.stack, "transpose": lambda a: a.T,
        "sum": lambda a, axis: torch.sum(a, dim=axis),
        "mean": lambda a, axis: torch.mean(a, dim=axis),
        "minimum": lambda a, b: torch.clamp(a, max=b),
        "maximum": lambda a, b: torch.clamp(a, min=b),
        "concatenate": lambda arrays, axis: torch.cat(arrays, dim=axis),
    }


#: Libraries whose adapters are timed one by one, and each one's direct calls by name.
ADAPTER_LIBRARIES: dict[str, Callable[[], Callable[[str], Callable[..., Any]]]] = {
    "torch": lambda: _torch_calls().__getitem__,
    "jax": lambda: lambda name: getattr(importlib.import_module("jax.numpy"), name),
    "dask": lambda: lambda name: getattr(importlib.import_module("dask.array"), name),
}


@dataclass(eq=False)
class Probe(TimedProbe):
    """One statement timed with ``timeit`` inside ``context``; ``samples`` in µs per call."""

    function: Callable[..., Any]
    args: tuple[Any, ...]
    context: contextvars.Context

    first_number = 1
    max_number = 10**6
    unit = 1e6

    def __post_init__(self) -> None:
        self.timer = timeit.Timer("f(*args)", globals={"f": self.function, "args": self.args})

    def timeit(self, number: int) -> float:
        return self.context.run(self.timer.timeit, number)


@dataclass(eq=False)
class Row:
    """One library: the direct probe and one probe per mode, or why it was skipped."""

    library: str
    direct: Probe | None = None
    ours: dict[str, Probe] = field(default_factory=dict)
    correct: dict[str, bool] = field(default_factory=dict)
    skipped: str = ""
    version: str = ""

    def ratio(self, mode: str) -> float:
        if self.direct is None or mode not in self.ours:
            return math.nan
        return self.ours[mode].best / self.direct.best


@dataclass(eq=False)
class AdapterRow:
    """One call of :data:`CALLS` on one library: direct, adapter, dispatched."""

    library: str
    label: str
    direct: Probe
    adapter: Probe
    dispatched: Probe

    @property
    def overhead(self) -> float:
        return self.adapter.best - self.direct.best

    @property
    def dispatch(self) -> float:
        return self.dispatched.best - self.adapter.best


@dataclass
class Report:
    rows: list[Row]
    rounds: int
    adapters: list[AdapterRow] = field(default_factory=list)

    def row(self, library: str) -> Row:
        return next(r for r in self.rows if r.library == library)


def _same(result: tuple[Any, Any], expected: tuple[Any, Any], to_numpy: Callable[[Any], Any],
          tolerance: float) -> bool:
    return all(np.allclose(to_numpy(r), e, rtol=tolerance, atol=tolerance)
               for r, e in zip(result, expected, strict=True))


def _context(backend: str | None) -> contextvars.Context:
    """A copy of the current context, with ``backend`` set in it if given."""
    context = contextvars.copy_context()
    if backend is not None:
        context.run(ov.set_backend(backend).__enter__)  # lives and dies with the context
    return context


def build_row(library: str, expected: tuple[np.ndarray, np.ndarray]) -> Row:
    """The probes for ``library`` (in the current state), with their values checked."""
    try:
        importlib.import_module({"dask": "dask.array", "jax": "jax.numpy"}.get(
            library, library))
    except ImportError as exc:
        return Row(library, skipped=f"not installed ({exc})")
    make_direct, convert, to_numpy = DIRECT[library]
    args = (convert(X), convert(Y))
    version = getattr(importlib.import_module(library), "__version__", "")
    row = Row(library, direct=Probe(make_direct(), args, _context(None)), version=version)
    tolerance = 1e-5 if library == "jax" else 1e-12  # JAX computes in float32 by default
    row.correct["direct"] = _same(row.direct.function(*args), expected, to_numpy, tolerance)
    for mode in MODES:
        context = _context(library if mode == "set_backend" else None)
        row.ours[mode] = Probe(library_function, args, context)
        result = context.run(library_function, *args)
        direct_type = type(row.direct.function(*args)[0])
        row.correct[mode] = (type(result[0]) is direct_type
                             and _same(result, expected, to_numpy, tolerance))
    return row


def adapter_rows(library: str) -> list[AdapterRow]:
    """The per-call probes of :data:`CALLS` on ``library`` (empty if not installed)."""
    try:
        direct_call = ADAPTER_LIBRARIES[library]()
    except ImportError:
        return []
    convert = DIRECT[library][1]
    x, y = convert(X), convert(Y)
    backend = ov.as_backend(library)
    plain, inside = _context(None), _context(library)
    rows = []
    for label, name, make_args, kwargs in CALLS:
        args = make_args(x, y)
        function = getattr(unp, name)
        implementation = backend.implementations[function]
        rows.append(AdapterRow(
            library, label,
            direct=Probe(functools.partial(direct_call(name), **kwargs), args, plain),
            adapter=Probe(functools.partial(implementation, **kwargs), args, plain),
            dispatched=Probe(functools.partial(function, **kwargs), args, inside)))
    return rows


def measure(quick: bool = False, libraries: Sequence[str] | None = None) -> Report:
    """Time every installed library's probes, interleaved; check every value against NumPy."""
    libraries = LIBRARIES if libraries is None else libraries
    rounds, seconds = (3, 0.002) if quick else (25, 0.02)
    expected = library_function(X, Y)
    with ov.reset_state():
        for library in libraries:
            if library != "numpy" and importlib.util.find_spec(library) is not None:
                ov.register_backend(library)
        rows = [build_row(library, expected) for library in libraries]
        probes = [p for r in rows if r.direct is not None for p in (r.direct, *r.ours.values())]
        interleaved_rounds(probes, rounds, seconds)
        adapters = [a for library in libraries if library in ADAPTER_LIBRARIES
                    for a in adapter_rows(library)]
        interleaved_rounds([p for a in adapters for p in (a.direct, a.adapter, a.dispatched)],
                           rounds, seconds / 4)
    return Report(rows, rounds, adapters)


# ---------------------------------------------------------------------------
# Output


def table(report: Report, markdown: bool) -> str:
    header = ["library", "direct", "unp, registered", "ratio", "unp, set_backend", "ratio"]
    body = []
    for r in report.rows:
        if r.direct is None:
            body.append([r.library, "skipped", r.skipped, "", "", ""])
            continue
        name = f"{r.library} {r.version}".strip() + (" (graph)" if r.library == "dask" else "")
        cells = [name, f"{r.direct.best:.1f} µs"]
        for mode in MODES:
            wrong = "" if r.correct[mode] else " WRONG VALUE"
            cells += [f"{r.ours[mode].best:.1f} µs{wrong}", f"{r.ratio(mode):.2f}x"]
        if not r.correct["direct"]:
            cells[1] += " WRONG VALUE"
        body.append(cells)
    return render_table(header, body, markdown)


def adapter_table(report: Report, markdown: bool) -> str:
    """Per call: the library's own call, the backend's adapter, the dispatched call (µs)."""
    header = ["call", "direct", "adapter", "overhead", "dispatched", "dispatch"]
    body = []
    for library in dict.fromkeys(a.library for a in report.adapters):
        rows = [a for a in report.adapters if a.library == library]
        for a in rows:
            body.append([f"{library} {a.label}", f"{a.direct.best:.2f}", f"{a.adapter.best:.2f}",
                         f"{a.overhead:+.2f}", f"{a.dispatched.best:.2f}",
                         f"{a.dispatch:+.2f}"])
        total = [sum(getattr(a, p).best for a in rows) for p in ("direct", "adapter",
                                                                  "dispatched")]
        body.append([f"{library}, all {len(rows)} calls", f"{total[0]:.2f}", f"{total[1]:.2f}",
                     f"{total[1] - total[0]:+.2f}", f"{total[2]:.2f}",
                     f"{total[2] - total[1]:+.2f}"])
    return render_table(header, body, markdown)


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """The issue's target per library and mode: (met, text); None where not judged."""
    out: list[tuple[bool | None, str]] = []
    for r in report.rows:
        if r.direct is None:
            out.append((None, f"{r.library}: {r.skipped}"))
            continue
        for mode in MODES:
            target = TARGET_RATIOS.get(r.library, TARGET_RATIO)
            out.append((r.ratio(mode) <= target,
                        f"{r.library} ({mode}) within {target:.2f}x of direct "
                        f"({r.ratio(mode):.2f}x)"))
    return out


def render(report: Report, markdown: bool) -> str:
    versions = (f"Python {platform.python_version()}, NumPy {np.__version__}, "
                f"overridable {ov.__version__}; two 4 x 3 float64 arrays, 20 calls")
    what = (f"µs per call of the whole function, min over {report.rounds} interleaved timeit "
            "rounds; ratio = overridable.numpy / direct; Dask builds the graph only.")
    lines = [versions, what, "", table(report, markdown), ""]
    if report.adapters:
        lines += ["Per adapter, µs per call (overhead = adapter - direct, dispatch = "
                  "dispatched - adapter):", "", adapter_table(report, markdown), ""]
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
