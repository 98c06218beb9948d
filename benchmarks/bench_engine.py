"""Dispatch overhead of the overridable engine, side by side with uarray, in one run.

Run it from the repository root::

    python benchmarks/bench_engine.py              # full run, about ten seconds
    python benchmarks/bench_engine.py --quick      # a second or two, for CI and smoke tests
    python benchmarks/bench_engine.py --markdown   # the table in Markdown

Overhead is the time of a multimethod call less the time of a direct call
of the same implementation, in ns per call. Every number is the minimum over
many ``timeit`` rounds, and the rounds of all measurements are interleaved
(in a shuffled order) so that drift in the machine's speed hits every column
alike. Each case is measured three ways:

- *overridable Backend*: an ``ov.Backend(types=[Arr])`` serving a declarative
  ``ov.multimethod`` (the engine's fast path);
- *overridable protocol*: a uarray-protocol backend object (``__ua_convert__``
  accepting only ``Arr``, ``__ua_function__``) serving a multimethod from
  ``ov.generate_multimethod``;
- *uarray*: the very same backend, extractor and replacer objects given to
  ``uarray`` (left out when uarray cannot be imported). The extractor makes
  ``ov.Dispatchable`` objects, which uarray accepts; with its own
  ``uarray.Dispatchable`` uarray is no faster.

uarray 0.9.4's ``set_backend`` issues a DeprecationWarning on every call;
it is ignored, as outside ``__main__`` by default, and its cost stays in
uarray's column of (e) and (a): it is what uarray's users pay.

The process-wide state of both libraries is restored when the run ends. The
exit status is 0 whatever the timings: this is a report, not a test.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import platform
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from _timing import Probe, arguments, interleaved_rounds, target_lines
from _timing import table as render_table

import overridable as ov

try:
    import uarray as ua
except ImportError:  # the uarray column is left out
    ua = None

COLUMNS = ("overridable Backend", "overridable protocol", "uarray")
OV_BACKEND, OV_PROTOCOL, UARRAY = COLUMNS
N_DECLINING = 10

# The targets, in ns.
TARGET_OVERHEAD_NS = 150.0
TARGET_SET_BACKEND_NS = 400.0
#: How far (d) may sit above (c) and still count as independent of the number of backends.
INDEPENDENCE_SLACK_NS = 25.0


class Arr:
    """The array type of the benchmark: one value, nothing else."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Arr({self.value})"


#: Types owned by the backends that must decline calls on ``Arr``.
OTHER_TYPES = tuple(type(f"Other{i}", (), {"__slots__": ()}) for i in range(N_DECLINING))


def make_impl(offset: int) -> Callable[[Arr], int]:
    """An implementation whose result tells which backend served the call."""

    def impl(x: Arr) -> int:
        return x.value + offset

    return impl


def extract_x(x: Any) -> tuple[ov.Dispatchable[Any], ...]:
    """The argument extractor of ``f(x)``, shared by uarray and overridable."""
    return (ov.Dispatchable(x, "array"),)


def replace_x(
    args: tuple[Any, ...], kwargs: dict[str, Any], dispatchables: Sequence[Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The argument replacer of ``f(x)``, shared by uarray and overridable."""
    if args:
        return (dispatchables[0], *args[1:]), kwargs
    return args, {**kwargs, "x": dispatchables[0]}


class ProtocolBackend:
    """A backend written for uarray: ``__ua_convert__`` accepts only ``types``."""

    def __init__(
        self, domain: str, name: str, types: tuple[type, ...],
        implementations: dict[Callable[..., Any], Callable[..., Any]],
    ) -> None:
        self.__ua_domain__ = domain
        self.name = name
        self.types = types
        self.implementations = implementations

    def __repr__(self) -> str:
        return f"<ProtocolBackend {self.name}>"

    def __ua_convert__(self, dispatchables: Sequence[Any], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            if not isinstance(d.value, self.types):
                return NotImplemented
            converted.append(d.value)
        return converted

    def __ua_function__(
        self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        impl = self.implementations.get(method)
        if impl is None:
            return NotImplemented
        return impl(*args, **kwargs)


# ---------------------------------------------------------------------------
# Measurement


@dataclass(eq=False)
class Cell:
    """One case measured one way: overhead over ``direct``, or absolute time if no ``direct``."""

    call: Probe
    direct: Probe | None = None
    value: Any = None
    expected: Any = None

    @property
    def probes(self) -> list[Probe]:
        return [self.call] if self.direct is None else [self.call, self.direct]

    @property
    def ns(self) -> float:
        if self.direct is None:
            return self.call.best
        return self.call.best - self.direct.best

    @property
    def correct(self) -> bool:
        return self.direct is None or self.value == self.expected


@dataclass
class Row:
    key: str
    label: str
    cells: dict[str, Cell | None]

    def ratio(self) -> float:
        """overridable protocol / uarray: at most 1 means no slower than uarray."""
        ours, theirs = self.cells[OV_PROTOCOL], self.cells[UARRAY]
        if ours is None or theirs is None or theirs.ns <= 0:
            return math.nan
        return ours.ns / theirs.ns


@dataclass
class Report:
    rows: list[Row]
    rounds: int

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)


def dispatch_cell(
    mm: Callable[..., Any], impl: Callable[..., Any], arg: Arr,
    context: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext,
) -> Cell:
    """The overhead of ``mm(arg)`` (run in ``context``) over ``impl(arg)``."""
    call = Probe("mm(a)", {"mm": mm, "a": arg}, context)
    direct = Probe("impl(a)", {"impl": impl, "a": arg})
    return Cell(call, direct, call.evaluate(), direct.evaluate())


class Fixture:
    """The multimethods and backends of one dispatch case, for all three columns."""

    def __init__(self, key: str, offset: int) -> None:
        self.impl = make_impl(offset)

        def f(x: Any) -> Any:
            """The benchmark's multimethod, declared."""

        self.declarative = ov.multimethod(f"bench_{key}_backend", {"x": "array"})(f)
        self.ov_mm = ov.generate_multimethod(extract_x, replace_x, f"bench_{key}_protocol")
        self.backend = ov.Backend(
            f"bench_{key}_backend", name=f"{key}-Backend", types=[Arr],
            implementations={self.declarative: self.impl},
        )
        self.protocol = ProtocolBackend(
            f"bench_{key}_protocol", f"{key}-protocol", (Arr,), {self.ov_mm: self.impl}
        )
        self.ua_mm: Callable[..., Any] | None = None
        if ua is not None:
            self.ua_mm = ua.generate_multimethod(extract_x, replace_x, f"bench_{key}_protocol")
            self.protocol.implementations[self.ua_mm] = self.impl
        self.domains = (f"bench_{key}_backend", f"bench_{key}_protocol")

    def declining(self) -> tuple[list[ov.Backend], list[ProtocolBackend]]:
        """Backends that own other types, so decline calls on ``Arr``, for each style."""
        backends, protocols = [], []
        for i, other in enumerate(OTHER_TYPES):
            impl = make_impl(-1000 - i)
            backends.append(ov.Backend(
                self.domains[0], name=f"declining-Backend-{i}", types=[other],
                implementations={self.declarative: impl},
            ))
            methods: dict[Callable[..., Any], Callable[..., Any]] = {self.ov_mm: impl}
            if self.ua_mm is not None:
                methods[self.ua_mm] = impl
            protocols.append(ProtocolBackend(self.domains[1], f"declining-protocol-{i}",
                                             (other,), methods))
        return backends, protocols

    def cells(
        self, arg: Arr, ov_context: Callable[[object], Any] | None = None,
        ua_context: Callable[[object], Any] | None = None,
    ) -> dict[str, Cell | None]:
        def within(enter: Callable[[object], Any] | None, backend: object) -> Any:
            if enter is None:
                return contextlib.nullcontext
            return lambda: enter(backend)

        return {
            OV_BACKEND: dispatch_cell(self.declarative, self.impl, arg,
                                      within(ov_context, self.backend)),
            OV_PROTOCOL: dispatch_cell(self.ov_mm, self.impl, arg,
                                       within(ov_context, self.protocol)),
            UARRAY: None if self.ua_mm is None else dispatch_cell(
                self.ua_mm, self.impl, arg, within(ua_context, self.protocol)),
        }


def context_cells(fixture: Fixture) -> list[Row]:
    """Case (e): the absolute cost of entering and leaving a backend context."""
    fresh: dict[str, Cell | None] = {
        OV_BACKEND: Cell(Probe("with set_backend(b):\n    pass",
                               {"set_backend": ov.set_backend, "b": fixture.backend})),
        OV_PROTOCOL: Cell(Probe("with set_backend(b):\n    pass",
                                {"set_backend": ov.set_backend, "b": fixture.protocol})),
        UARRAY: None if ua is None else Cell(Probe(
            "with set_backend(b):\n    pass",
            {"set_backend": ua.set_backend, "b": fixture.protocol})),
    }
    prebuilt: dict[str, Cell | None] = {
        OV_BACKEND: Cell(Probe("with ctx:\n    pass",
                               {"ctx": ov.set_backend(fixture.backend)})),
        OV_PROTOCOL: Cell(Probe("with ctx:\n    pass",
                                {"ctx": ov.set_backend(fixture.protocol)})),
        UARRAY: None if ua is None else Cell(Probe(
            "with ctx:\n    pass", {"ctx": ua.set_backend(fixture.protocol)})),
    }
    # What any context-local setting costs in pure Python: a context manager whose
    # __enter__ and __exit__ each move one ContextVar (what isolation per thread and
    # asyncio task requires), and nothing else.
    floor: dict[str, Cell | None] = {
        OV_BACKEND: Cell(Probe("with ctx:\n    pass", {"ctx": _ContextVarFloor()})),
        OV_PROTOCOL: None,
        UARRAY: None,
    }
    return [
        Row("e", "(e) with set_backend(b): pass  [absolute]", fresh),
        Row("e-ctx", "(e) with ctx: pass, ctx pre-built  [absolute]", prebuilt),
        Row("e-floor", "(e) floor: set and reset a ContextVar in a Python context manager",
            floor),
    ]


_FLOOR_VAR: contextvars.ContextVar[int] = contextvars.ContextVar("floor", default=0)


class _ContextVarFloor:
    """The least a contextvars-isolated context manager written in Python can do."""

    __slots__ = ()

    def __enter__(self) -> None:
        _FLOOR_VAR.set(_FLOOR_VAR.get() + 1)

    def __exit__(self, *exc: object) -> None:
        _FLOOR_VAR.set(_FLOOR_VAR.get() - 1)


@contextlib.contextmanager
def isolated_state(domains: list[str]) -> Iterator[None]:
    """Restore the process-wide backends of both libraries on exit."""
    try:
        with ov.reset_state(), warnings.catch_warnings():
            # uarray 0.9.4 warns on every set_backend call (a mislabelled
            # deprecation); ignore it as a script does by default, whatever -W
            # says. A filter on the message would cost uarray some 400 ns a call.
            warnings.simplefilter("ignore", DeprecationWarning)
            yield
    finally:
        if ua is not None:
            for domain in domains:
                ua.clear_backends(domain, registered=True, globals=True)


def measure(quick: bool = False) -> Report:
    """Set up every case, then time all of them, interleaved. Returns the report."""
    rounds, seconds = (3, 0.001) if quick else (25, 0.01)
    arg = Arr(1)
    local, glob, reg, reg_n, ctx = (
        Fixture(key, offset) for key, offset in
        (("a", 10), ("b", 20), ("c", 30), ("d", 40), ("e", 50))
    )
    domains = [d for f in (local, glob, reg, reg_n, ctx) for d in f.domains]
    with isolated_state(domains):
        # Every change of the process-wide state empties the engine's caches:
        # make them all before the first measurement.
        ov.set_global_backend(glob.backend)
        ov.set_global_backend(glob.protocol)
        ov.register_backend(reg.backend)
        ov.register_backend(reg.protocol)
        backends, protocols = reg_n.declining()
        for be in (*backends, reg_n.backend, *protocols, reg_n.protocol):
            ov.register_backend(be)
        if ua is not None:
            ua.set_global_backend(glob.protocol)
            ua.register_backend(reg.protocol)
            for p in (*protocols, reg_n.protocol):
                ua.register_backend(p)

        rows = [
            Row("a", "(a) context-local: with set_backend(b)",
                local.cells(arg, ov.set_backend, ua.set_backend if ua else None)),
            Row("b", "(b) global: set_global_backend(b)", glob.cells(arg)),
            Row("c", "(c) registered, found by type", reg.cells(arg)),
            Row("d", f"(d) registered, after {N_DECLINING} declining", reg_n.cells(arg)),
            *context_cells(ctx),
        ]
        probes = [p for r in rows for c in r.cells.values() if c is not None for p in c.probes]
        interleaved_rounds(probes, rounds, seconds)
    return Report(rows, rounds)


# ---------------------------------------------------------------------------
# Output


def _ns(cell: Cell | None) -> str:
    if cell is None:
        return "n/a"
    text = f"{cell.ns:.0f} ns"
    return text if cell.correct else f"{text} WRONG VALUE"


def _ratio(row: Row) -> str:
    r = row.ratio()
    return "n/a" if math.isnan(r) else f"{r:.2f}x"


def table(report: Report, markdown: bool) -> str:
    header = ["case", *COLUMNS, "ratio"]
    body = [[r.label, *(_ns(r.cells[c]) for c in COLUMNS), _ratio(r)] for r in report.rows]
    return render_table(header, body, markdown)


def targets(report: Report) -> list[tuple[bool | None, str]]:
    """The issue's targets: (met, text); ``met`` is None where it could not be judged."""
    dispatch = [report.row(k) for k in "abcd"]
    out: list[tuple[bool | None, str]] = []

    backend = [r.cells[OV_BACKEND] for r in dispatch]
    worst = max(c.ns for c in backend if c is not None)
    out.append((worst <= TARGET_OVERHEAD_NS,
                f"ov.Backend, cached call: overhead <= {TARGET_OVERHEAD_NS:.0f} ns in (a)-(d) "
                f"(worst {worst:.0f} ns)"))

    c, d = report.row("c").cells[OV_BACKEND], report.row("d").cells[OV_BACKEND]
    assert c is not None and d is not None
    growth = d.ns - c.ns
    out.append((growth <= INDEPENDENCE_SLACK_NS,
                f"ov.Backend overhead independent of the number of backends: (d) - (c) = "
                f"{round(growth)} ns (<= {INDEPENDENCE_SLACK_NS:.0f} ns counts as independent)"))

    ratios = [(r.ratio(), r.key) for r in dispatch if not math.isnan(r.ratio())]
    if ratios:
        ratio, key = max(ratios)
        out.append((ratio <= 1.0,
                    f"protocol backends no slower than uarray in (a)-(d): ratio <= 1.00 "
                    f"(worst {ratio:.2f}x, case ({key}))"))
    else:
        out.append((None, "protocol backends no slower than uarray: uarray is not importable"))

    fresh = report.row("e").cells[OV_BACKEND]
    assert fresh is not None
    out.append((fresh.ns <= TARGET_SET_BACKEND_NS,
                f"with set_backend(b): pass <= {TARGET_SET_BACKEND_NS:.0f} ns "
                f"({fresh.ns:.0f} ns)"))
    return out


def render(report: Report, markdown: bool) -> str:
    versions = (f"Python {platform.python_version()}, overridable {ov.__version__}, "
                f"uarray {ua.__version__ if ua is not None else 'not importable'}")
    what = ("ns per call: dispatch overhead = min(multimethod call) - min(direct call of the "
            f"same implementation); (e) is absolute. Min over {report.rounds} interleaved "
            "timeit rounds. ratio = overridable protocol / uarray (<= 1.00: no slower).")
    lines = [versions, what, "", table(report, markdown), "",
             *target_lines(targets(report), markdown)]
    wrong = [f"{r.label} / {col}" for r in report.rows for col, c in r.cells.items()
             if c is not None and not c.correct]
    if wrong:
        lines += ["", "WRONG VALUES (the multimethod did not return what its backend's "
                  "implementation returns): " + "; ".join(wrong)]
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
