"""The conformance harness: does a backend serve the NumPy API with NumPy's values?

One table of sample calls (``_samples.SAMPLES``, plus calls made from each
ufunc's type signatures) covers every function that ``overridable.numpy``
declares, its ``linalg``, ``fft`` and ``random`` modules and its ufuncs, as
found at run time. :func:`run` executes each call on a backend, inside
``set_backend(backend, only=True)`` with the inputs converted to the
backend's arrays, converts the result to NumPy and compares value, shape and
dtype kind with NumPy's own result. Each function gets one status:

- ``native``: the backend implements it, and every call matched;
- ``default``: served by ``overridable.numpy``'s default, and every call matched;
- ``partial``: some calls matched and the backend declined the others, saying why
  (``BackendNotImplementedError``: Dask's ``repeat`` with per-element counts);
- ``mismatch``: a call returned a different value, shape or dtype kind (the diff);
- ``error``: a call raised where NumPy returned (the exception);
- ``unsupported``: the backend declined (``BackendNotImplementedError``);
- ``untested``: no sample call, or NumPy itself refused the sample.

Random functions called with NumPy's global state seeded are compared by
value on the NumPy backend, and by shape and dtype kind on others: another
library's generator draws another stream from the same seed.

``python -m overridable conformance`` prints the summary and writes the
Markdown and HTML matrices. The ``minimal`` backend here implements only the
core that the defaults need; it is how the defaults are tested.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> from overridable.conformance import run, minimal
>>> report = run(minimal, names=["mean", "trace", "median"])
>>> {name: r.status for name, r in report.results.items()}
{'mean': 'default', 'median': 'unsupported', 'trace': 'default'}
"""

from __future__ import annotations

import copy
import html
import importlib
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

import overridable as ov
from overridable import backends

from ._minimal import MinimalArray, minimal, to_numpy
from ._samples import SAMPLES, Call, ufunc_calls

__all__ = [
    "STATUSES",
    "VARIANTS",
    "Call",
    "FunctionResult",
    "MinimalArray",
    "Report",
    "Target",
    "backend_named",
    "compare",
    "dtype_variants",
    "html_matrix",
    "markdown",
    "minimal",
    "run",
    "targets",
    "tolerance",
]

NATIVE, DEFAULT, PARTIAL, MISMATCH, ERROR, UNSUPPORTED, UNTESTED = (
    "native", "default", "partial", "mismatch", "error", "unsupported", "untested")
#: From best to worst: a function's status is the worst of its calls', except that a
#: function with some calls served and the rest declined is ``partial``.
STATUSES = (NATIVE, DEFAULT, PARTIAL, UNTESTED, UNSUPPORTED, ERROR, MISMATCH)
PASSED = frozenset({NATIVE, DEFAULT})
SUBMODULES = ("linalg", "fft", "random")


@dataclass
class Target:
    """A function under test: its name, its multimethod, NumPy's function, its calls."""

    name: str
    function: Any
    reference: Callable[..., Any]
    calls: list[Call]


@dataclass
class FunctionResult:
    """The outcome for one function on one backend."""

    name: str
    status: str
    details: list[str] = field(default_factory=list)
    #: The reasons the backend gave for declining calls (its ``BackendNotImplementedError``
    #: texts), each once: "JAX arrays are immutable: ...", "sparse: cumsum would densify ...".
    declines: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Every function's outcome on one backend."""

    backend: str
    results: dict[str, FunctionResult]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for r in self.results.values():
            out[r.status] += 1
        return out

    def passed(self) -> int:
        return sum(r.status in PASSED for r in self.results.values())

    def summary(self) -> str:
        counts = self.counts()
        total = len(self.results)
        rate = 100.0 * self.passed() / total if total else 0.0
        parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
        return f"{self.backend}: {self.passed()}/{total} functions pass ({rate:.1f}%): {parts}"


def targets() -> list[Target]:
    """Every declared function of ``overridable.numpy`` (and present submodules, ufuncs).

    >>> names = [t.name for t in targets()]
    >>> "sum" in names and "concatenate" in names
    True
    """
    import overridable.numpy as unp
    from overridable.numpy._declarations import FUNCTIONS

    out = [Target(name, getattr(unp, name), getattr(np, name), SAMPLES.get(name, []))
           for name in sorted(FUNCTIONS)]
    for sub in SUBMODULES:
        try:
            module = importlib.import_module(f"overridable.numpy.{sub}")
            declared = importlib.import_module(f"overridable.numpy._declarations_{sub}")
        except ImportError:
            continue
        for name in sorted(declared.FUNCTIONS):
            qualified = f"{sub}.{name}"
            out.append(Target(qualified, getattr(module, name),
                              getattr(getattr(np, sub), name), SAMPLES.get(qualified, [])))
    present = set(dir(unp))
    for name in sorted(vars(np)):
        ufunc = vars(np)[name]
        if isinstance(ufunc, np.ufunc) and name in present and name not in FUNCTIONS:
            out.append(Target(name, getattr(unp, name), ufunc,
                              SAMPLES.get(name) or ufunc_calls(ufunc)))
    return out


def backend_named(name: str) -> object:
    """``"numpy"``, ``"minimal"``, or any name ``overridable.set_backend`` accepts.

    >>> backend_named("minimal")
    <overridable.Backend minimal>
    """
    if name == "minimal":
        return minimal
    return ov.as_backend(name)


def _map(value: Any, leaf: Callable[[Any], Any]) -> Any:
    if isinstance(value, (np.ndarray, np.generic)):
        return leaf(value)
    if type(value) in (list, tuple):
        return type(value)(_map(v, leaf) for v in value)
    if type(value) is dict:
        return {k: _map(v, leaf) for k, v in value.items()}
    return value


def _to_numpy(value: Any) -> Any:
    return backends.to_numpy(to_numpy(value))


def _from_numpy_for(backend: object) -> Callable[[Any], Any]:
    # The backend's own arrays: a library backend that names its samples' namespace (the
    # generic array-API backend serves any namespace), else its convert.
    samples: Callable[[Any], Any] | None = getattr(getattr(backend, "library", None),
                                                   "samples", None)
    if samples is not None:
        return samples
    convert = getattr(backend, "convert", None)
    if isinstance(backend, ov.Backend) and convert is not None and not any(
            issubclass(np.ndarray, t) for t in backend.types):
        return lambda v: convert(v, "array")
    return lambda v: v


def _kind(value: Any) -> str:
    return np.asarray(value).dtype.kind


def tolerance(dtype: Any, ulps: int = 4) -> float:
    """The relative tolerance a backend's floating result is held to against NumPy's: 1e-7,
    or ``ulps`` (4) ulp of ``dtype`` where that is coarser (float32: two correct libraries
    may differ in the last bits, never by more). Absolute tolerance: 1e-12.

    >>> tolerance(np.float64), tolerance(np.float32) == 4 * float(np.finfo(np.float32).eps)
    (1e-07, True)
    """
    return max(1e-7, ulps * float(np.finfo(dtype).eps))


#: The kinds of :func:`dtype_variants`: float64 arrays as float32 ("f4"), int64 arrays as
#: int32, int16, uint8 ("i4", "i2", "u1"), complex128 as complex64 ("c8"), float64 arrays
#: of integral values as int32 ("if").
VARIANTS: tuple[str, ...] = ("f4", "i4", "i2", "u1", "c8", "if")
#: The ulps of :func:`tolerance` for a variant's floating results: float32 sums accumulate
#: in another order in each library (not a defect), by more than the samples' 4 ulp.
VARIANT_ULPS = 200


def _variant_array(kind: str, a: np.ndarray) -> np.ndarray:
    """``a`` as the variant ``kind`` has it (itself where the kind does not apply)."""
    if kind == "f4" and a.dtype == np.float64:
        return a.astype(np.float32)
    if kind in ("i4", "i2", "u1") and a.dtype == np.int64 and (kind != "u1" or bool(
            (a >= 0).all())):
        return a.astype({"i4": np.int32, "i2": np.int16, "u1": np.uint8}[kind])
    if kind == "c8" and a.dtype == np.complex128:
        return a.astype(np.complex64)
    if kind == "if" and a.dtype == np.float64 and bool(np.all(a == np.round(a))):
        return a.astype(np.int32)
    return a


def _converted(value: Any, convert: Callable[[np.ndarray], np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        return convert(value)
    if isinstance(value, (list, tuple)):
        items = [_converted(v, convert) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return {k: _converted(v, convert) for k, v in value.items()}
    return value


def dtype_variants(call: Call, kinds: Iterable[str] = VARIANTS) -> list[tuple[str, Call]]:
    """The sample ``call`` with its NumPy arrays (at any depth of its arguments) in narrower
    dtypes: one ``(kind, call)`` for each of ``kinds`` (:data:`VARIANTS`) that changes an
    array; the comparison settings (``values``, ``inplace``, ``seed``, ``post``) kept.
    ``run(backend, variants=kinds)`` runs them against NumPy on the same converted inputs.

    >>> [(kind, v.args[0].dtype.name) for kind, v in dtype_variants(Call(np.array([1.0, 2.0])))]
    [('f4', 'float32'), ('if', 'int32')]
    """
    variants = []
    for kind in kinds:
        def convert(a: np.ndarray, kind: str = kind) -> np.ndarray:
            return _variant_array(kind, a)

        args, kwargs = _converted(call.args, convert), _converted(call.kwargs, convert)
        new = Call(*args, **kwargs)
        for slot in ("values", "inplace", "seed", "post"):
            setattr(new, slot, getattr(call, slot))
        if repr(new) != repr(call):
            variants.append((kind, new))
    return variants


def compare(got: Any, expected: Any, values: bool = True, exact: bool = False,
            ulps: int = 4) -> str | None:
    """``None`` if ``got`` matches NumPy's ``expected`` (value within :func:`tolerance` of
    ``ulps``, relative, and absolute too for more than 4; shape; dtype kind, or with
    ``exact`` the dtype itself), else why.

    >>> compare(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    >>> compare(np.array([1, 2]), np.array([1.0, 2.0]))
    "dtype kind 'i' != 'f'"
    """
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return f"expected a sequence of {len(expected)}, got {type(got).__name__}"
        for i, (g, e) in enumerate(zip(got, expected, strict=True)):
            why = compare(g, e, values, exact, ulps)
            if why is not None:
                return f"[{i}]: {why}"
        return None
    if isinstance(expected, (np.ndarray, np.generic, bool, int, float, complex)):
        try:
            g = np.asarray(got)
        except Exception as exc:  # a result that is not an array at all
            return f"not an array: {type(got).__name__} ({exc})"
        e = np.asarray(expected)
        if g.shape != e.shape:
            return f"shape {g.shape} != {e.shape}"
        if g.dtype.kind != e.dtype.kind:
            return f"dtype kind {g.dtype.kind!r} != {e.dtype.kind!r}"
        if exact and g.dtype != e.dtype:
            return f"dtype {g.dtype} != {e.dtype}"
        if not values:
            return None
        try:
            if e.dtype.kind in "fc":
                rtol = tolerance(e.dtype, ulps)
                # (more ulps: the same bound absolute, for results near 0 that float32
                # sums leave at a few ulp of the operands' scale)
                np.testing.assert_allclose(g, e, rtol=rtol, atol=1e-12 if ulps <= 4 else rtol,
                                           equal_nan=True)
            else:
                np.testing.assert_array_equal(g, e)
        except AssertionError as exc:
            return " ".join(str(exc).split())[:400]
        return None
    if isinstance(expected, np.dtype):
        try:
            same = np.dtype(got) == expected
        except TypeError:
            same = False
        return None if same else f"{got!r} != {expected!r}"
    try:
        same = bool(got == expected)
    except Exception:
        same = False
    return None if same else f"{got!r} != {expected!r}"


def _served_by(backend: object, function: Any) -> str:
    if isinstance(backend, ov.Backend):
        if function in backend.implementations:
            return NATIVE
        if getattr(function, "default", None) is not None:
            return DEFAULT
    return NATIVE


def _decline_reasons(exc: ov.BackendNotImplementedError) -> list[str]:
    """The reasons the backends gave (the ``BackendNotImplementedError`` each raised, from
    the error's explanation, or uarray's ``(message, (backend, exception), ...)`` layout);
    empty when no backend gave one (none had an implementation)."""
    raised = [a.exception for a in exc.explanation.attempts] if exc.explanation else []
    raised += [item[1] for item in exc.args[1:] if isinstance(item, tuple) and len(item) == 2]
    reasons: list[str] = []
    for error in raised:
        text = " ".join(str(error).split()) if isinstance(error, BaseException) else ""
        if text and text not in reasons:
            reasons.append(text)
    return reasons


def _run_call(target: Target, call: Call, backend: object, from_numpy: Callable[[Any], Any],
              to_numpy_: Callable[[Any], Any], exact: bool = False, ulps: int = 4,
              ) -> tuple[str | None, str, list[str]]:
    """(None, "", []) when the call matched, else (status, detail, the decline reasons)."""
    inplace = call.inplace is not None
    np_args = copy.deepcopy(call.args) if inplace else call.args
    if call.seed:
        np.random.seed(0)
    try:
        expected = target.reference(*np_args, **call.kwargs)
    except Exception as exc:
        return (UNTESTED, f"NumPy refused the sample {call!r}: {type(exc).__name__}: {exc}",
                [])
    if call.inplace is not None:
        expected = np_args[call.inplace]
    elif call.post is not None:
        expected = call.post(expected)
    args = _map(copy.deepcopy(call.args) if inplace else call.args, from_numpy)
    kwargs = _map(call.kwargs, from_numpy)
    if call.seed:
        np.random.seed(0)
    try:
        with ov.set_backend(cast(ov.BackendLike, backend), only=True):
            got = target.function(*args, **kwargs)
    except ov.BackendNotImplementedError as exc:
        return (UNSUPPORTED, f"{call!r}: {' '.join(str(exc).split())[:300]}",
                _decline_reasons(exc))
    except Exception as exc:
        return ERROR, f"{call!r}: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", []
    try:
        if call.inplace is not None:
            got = args[call.inplace]
        elif call.post is not None:
            got = call.post(got)
        # Another library's generator draws another stream from the same seed: a random
        # function is compared by shape and dtype kind there, by value on NumPy's streams.
        values = call.values and (not call.seed or _draws_like_numpy(backend))
        why = compare(to_numpy_(got), expected, values, exact, ulps)
    except Exception as exc:  # a result NumPy's post-processing or conversion cannot take
        return ERROR, (f"{call!r}: the result ({type(got).__name__}) could not be compared: "
                       f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"), []
    return (None, "", []) if why is None else (MISMATCH, f"{call!r}: {why}", [])


def _draws_like_numpy(backend: object) -> bool:
    return backend is ov.as_backend("numpy") or backend is minimal


def run(backend: object, *, names: Iterable[str] | None = None,
        from_numpy: Callable[[Any], Any] | None = None,
        to_numpy: Callable[[Any], Any] | None = None, label: str | None = None,
        exact: bool = False, variants: Iterable[str] | None = None) -> Report:
    """Run the sample calls of every function (or of ``names``) on ``backend``.

    ``from_numpy`` converts each NumPy input to the backend's arrays (default:
    the backend's ``convert``, if it does not own NumPy arrays); ``to_numpy``
    converts results back (default: :func:`overridable.backends.to_numpy`).
    ``exact``: a result's dtype must be NumPy's itself, not only of its kind.
    ``variants`` (kinds of :data:`VARIANTS`): instead of the sample calls, their
    :func:`dtype_variants` of those kinds, each compared with NumPy's result on the same
    inputs for the exact dtype (floats within :data:`VARIANT_ULPS` ulp); functions
    with no variant call (and the random ones) are left out.

    >>> run("numpy", names=["sum"]).summary()
    'numpy: 1/1 functions pass (100.0%): 1 native'
    >>> run("numpy", names=["sum"], variants=["f4", "i4"]).summary()
    'numpy: 1/1 functions pass (100.0%): 1 native'
    """
    kinds = None if variants is None else tuple(variants)
    if isinstance(backend, str):
        label = label or backend
        backend = backend_named(backend)
    label = label or getattr(backend, "name", None) or repr(backend)
    convert_in = from_numpy or _from_numpy_for(backend)
    convert_out = to_numpy or _to_numpy
    wanted = None if names is None else set(names)
    results: dict[str, FunctionResult] = {}
    state = np.random.get_state()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            for target in targets():
                if wanted is not None and target.name not in wanted:
                    continue
                if not _serves(backend, target.function):
                    continue  # a "numpy.fft" backend is never asked for unp.sum
                if kinds is not None:
                    calls = [] if target.name.startswith("random.") else [
                        v for call in target.calls for _, v in dtype_variants(call, kinds)]
                    if not calls:
                        continue
                    target = Target(target.name, target.function, target.reference, calls)
                results[target.name] = _run_target(
                    target, backend, convert_in, convert_out,
                    exact or kinds is not None, 4 if kinds is None else VARIANT_ULPS)
    finally:
        np.random.set_state(state)
    return Report(label, results)


def _serves(backend: object, function: Any) -> bool:
    """Whether ``backend``'s domains reach ``function``'s (its own, or a parent of it)."""
    declared = getattr(backend, "__ua_domain__", "numpy")
    domains = (declared,) if isinstance(declared, str) else tuple(declared)
    domain = getattr(function, "domain", "numpy")
    return any(domain == d or domain.startswith(d + ".") for d in domains)


def _run_target(target: Target, backend: object, from_numpy: Callable[[Any], Any],
                to_numpy_: Callable[[Any], Any], exact: bool = False,
                ulps: int = 4) -> FunctionResult:
    if not target.calls:
        return FunctionResult(target.name, UNTESTED, ["no sample call in the table"])
    served = _served_by(backend, target.function)
    status, details, matched = served, [], False
    declines: list[str] = []
    for call in target.calls:
        outcome, detail, reasons = _run_call(target, call, backend, from_numpy, to_numpy_,
                                             exact, ulps)
        if outcome is None:
            matched = True
            continue
        details.append(detail)
        declines += [r for r in reasons if r not in declines]
        if STATUSES.index(outcome) > STATUSES.index(status):
            status = outcome
    if status == UNSUPPORTED and matched:
        status = PARTIAL  # served where it can be, declined (with its reason) elsewhere
    return FunctionResult(target.name, status, details, declines)


_SYMBOLS = {NATIVE: "✔ native", DEFAULT: "✔ default", PARTIAL: "◐ partial", MISMATCH: "✘ mismatch",
            ERROR: "✘ error", UNSUPPORTED: "- unsupported", UNTESTED: "? untested"}


#: The command that generates the matrices of the docs.
COMMAND = ("python -m overridable conformance --backend installed "
           "--markdown docs/conformance.md --html docs/conformance.html")


def markdown(reports: Sequence[Report], command: str = COMMAND) -> str:
    """The matrix (functions by backends) as Markdown, with the summary and the failures;
    ``command`` is the one that generated it.

    >>> print(markdown([run("numpy", names=["sum"])]).splitlines()[0])
    # Conformance of overridable.numpy backends
    """
    lines = ["# Conformance of overridable.numpy backends", "",
             f"Generated by `{command}`. "
             "A backend of a sub-domain (`numpy.fft`) is run on that domain's functions only.",
             ""]
    lines += [f"- {r.summary()}" for r in reports]
    lines += ["", "| function | " + " | ".join(r.backend for r in reports) + " |",
              "|---|" + "---|" * len(reports)]
    names = sorted({n for r in reports for n in r.results})
    for name in names:
        cells = [_SYMBOLS[r.results[name].status] if name in r.results else "" for r in reports]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    failures = [(r.backend, res) for r in reports for res in r.results.values() if res.details]
    if failures:
        lines += ["", "## Details", ""]
        for backend, res in failures:
            for detail in res.details:
                text = detail.replace("|", "\\|")
                lines.append(f"- **{backend}** `{res.name}` ({res.status}): {text}")
    return "\n".join(lines) + "\n"


_CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c1c1c;
       margin: 2rem auto; max-width: 75rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; } h2 { margin-top: 2rem; font-size: 1.25rem; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, monospace; }
.summary li { margin: 0.15rem 0; }
.legend span { display: inline-block; padding: 0.05rem 0.5rem; margin: 0 0.3rem 0.3rem 0;
               border-radius: 3px; font-size: 0.85rem; }
.scroll { display: inline-block; max-width: 100%; overflow: auto; max-height: 80vh;
          border: 1px solid #ccc; }
table.matrix { border-collapse: collapse; font-size: 0.85rem; }
table.matrix th, table.matrix td { border: 1px solid #ddd; padding: 0.2rem 0.5rem;
                                   white-space: nowrap; }
table.matrix thead th { position: sticky; top: 0; background: #f4f4f4; z-index: 1; }
table.matrix tbody th { position: sticky; left: 0; background: #fafafa; text-align: left;
                        font-weight: normal; }
table.matrix tbody tr:hover td, table.matrix tbody tr:hover th { outline: 1px solid #888; }
table.matrix td a { color: inherit; }
.details dt { margin-top: 0.8rem; font-weight: 600; }
.details dd { margin: 0.2rem 0 0 1.2rem; }
.details li { margin: 0.15rem 0; font: 0.85rem ui-monospace, SFMono-Regular, Menlo, monospace;
              white-space: pre-wrap; word-break: break-word; }
"""
_COLORS = {NATIVE: "#c8f7c5", DEFAULT: "#e3f2c1", PARTIAL: "#f0f5d0", MISMATCH: "#f7a8a8",
           ERROR: "#f7c5c5", UNSUPPORTED: "#eeeeee", UNTESTED: "#fff3c4"}


def _anchor(backend: str, name: str) -> str:
    return "d-" + "".join(ch if ch.isalnum() else "-" for ch in f"{backend}-{name}")


def html_matrix(reports: Sequence[Report]) -> str:
    """The matrix as a standalone, styled HTML page: the summary, a legend, the table
    (functions by backends; a cell with details links to them), then every function's
    details on each backend where it did not simply pass: what failed, or why the backend
    declined.

    >>> page = html_matrix([run(minimal, names=["median", "mean"])])
    >>> "<table" in page and "median" in page.split("<h2>Details</h2>")[1]
    True
    """
    rows = []
    details = []
    for name in sorted({n for r in reports for n in r.results}):
        cells = []
        for r in reports:
            res = r.results.get(name)
            if res is None:
                cells.append("<td></td>")
                continue
            text = html.escape(_SYMBOLS[res.status])
            lines = res.declines or res.details
            if lines:
                anchor = _anchor(r.backend, name)
                text = f'<a href="#{anchor}">{text}</a>'
                items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
                said = "declined, saying" if res.declines else "calls that did not pass"
                details.append(
                    f'<dt id="{anchor}">{html.escape(r.backend)}: <code>{html.escape(name)}'
                    f"</code> ({html.escape(res.status)}; {said})</dt><dd><ul>{items}</ul></dd>")
            cells.append(f'<td style="background:{_COLORS[res.status]}">{text}</td>')
        rows.append(f"<tr><th><code>{html.escape(name)}</code></th>{''.join(cells)}</tr>")
    head = "".join(f"<th>{html.escape(r.backend)}</th>" for r in reports)
    summary = "".join(f"<li>{html.escape(r.summary())}</li>" for r in reports)
    legend = "".join(f'<span style="background:{_COLORS[s]}">{html.escape(_SYMBOLS[s])}</span>'
                     for s in STATUSES)
    listed = ("<dl class=\"details\">" + "".join(details) + "</dl>" if details
              else "<p>Every function passed on every backend.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>overridable.numpy conformance</title><style>{_CSS}</style></head><body>\n"
            "<h1>Conformance of overridable.numpy backends</h1>\n"
            "<p>Each function's sample calls, run on each backend and compared with NumPy's "
            "results (value, shape, dtype kind). A cell that links has details below.</p>\n"
            f'<ul class="summary">{summary}</ul>\n<p class="legend">{legend}</p>\n'
            f'<div class="scroll"><table class="matrix">\n<thead><tr><th>function</th>{head}'
            "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>\n"
            f"<h2>Details</h2>\n{listed}\n</body></html>\n")


def main(backends: Sequence[str], markdown_file: str | None = None,
         html_file: str | None = None, show: Callable[[str], None] = print) -> int:
    """Run the harness on ``backends``, print the summary, write the matrices; 0 if all pass.

    >>> main(["numpy"], show=lambda line: None)
    0
    """
    reports = [run(name) for name in backends]
    for report in reports:
        show(report.summary())
        for res in report.results.values():
            if res.status not in PASSED and not (res.status in (UNSUPPORTED, PARTIAL)
                                                 and report.backend != "numpy"):
                show(f"  {res.name}: {res.status}: {res.details[0] if res.details else ''}")
    if markdown_file:
        with open(markdown_file, "w", encoding="utf-8") as f:
            f.write(markdown(reports))
    if html_file:
        with open(html_file, "w", encoding="utf-8") as f:
            f.write(html_matrix(reports))
    failed = any(res.status in (MISMATCH, ERROR) for r in reports for res in r.results.values())
    return 1 if failed else 0
