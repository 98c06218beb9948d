"""``python -m overridable demo``: NEP 31's example on every installed backend, and the
engine's tour (``demo --engine``).

``demo`` runs one library function, written once against
``overridable.numpy``, under every installed backend (NumPy, Dask, torch,
JAX, Sparse, array-API libraries, CuPy where there is a GPU), and an FFT
example under every FFT backend (``scipy.fft``, pyFFTW, mkl_fft). For each
it prints the result's type, whether it matches NumPy's value, which backend
served each call (``ov.trace``; a backend that declined a call is named as
declining) and the time. Arrays without the example's ``**`` and ``.shape``
(XND's containers) run it as ``unp.power`` and ``len`` calls, and a
backend that creates no arrays (the generic array-API one) is given its sample
arrays (array-api-strict's); the demo says so where it does. Each library is
named before it is imported (an import can take seconds). ``demo --engine`` is the tour of the
dispatch engine alone: a multimethod API declared as data, two backends
(Python lists, ``array.array``), dispatch by type, ``set_backend``, threads,
the global backend, ``explain`` and the error raised when no backend serves a
call; it imports no array library.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO, cast

import overridable as ov

from .._backend import resolve_name
from ._info import _library_module, _version
from ._libraries import installed_backends, load, needs_gpu

__all__ = ["demo", "engine_tour"]

# The demo as it is shown: (heading, code), run in one namespace, in order.
_DEMO: list[tuple[str, list[str]]] = [
    ("A multimethod API, declared as data: which argument is an array", [
        '''\
@ov.multimethod("demo", {"x": "array"})
def double(x):
    "Twice x, item by item."''',
        '''\
@ov.multimethod("demo", {"x": "array"})
def total(x):
    "The sum of the items of x."''',
    ]),
    ("Two backends: the types each owns, and a table of implementations", [
        '''\
lists = ov.Backend("demo", name="lists", types=[list], implementations={
    double: lambda x: [2 * v for v in x],
    total: sum,
})''',
        '''\
arrays = ov.Backend("demo", name="array.array", types=[array.array], implementations={
    double: lambda x: array.array("d", [2 * v for v in x]),
    total: math.fsum,
})''',
        "ov.register_backend(lists)",
        "ov.register_backend(arrays)",
    ]),
    ("Dispatch by type: each call goes to the backend that owns its argument", [
        "double([1, 2, 3])",
        'double(array.array("d", [1, 2, 3]))',
        'total(array.array("d", [0.5, 0.25]))',
    ]),
    ("explain(): which backend would serve a call, and why the others would not", [
        'print(ov.explain(double, array.array("d", [1, 2, 3])))',
    ]),
    ("set_backend: a backend preferred inside a block (lists are Python data: "
     "every backend takes them)", [
        '''\
with ov.set_backend(arrays):
    print(total([1, 2, 3]))''',
        "total([1, 2, 3])",
    ]),
    ("The setting is local to a thread: a new thread starts clean, ov.Thread carries it", [
        '''\
with ov.set_backend(arrays):
    seen = []
    plain = threading.Thread(target=lambda: seen.append(total([1, 2, 3])))
    plain.start(); plain.join()
    carried = ov.Thread(target=lambda: seen.append(total([1, 2, 3])))
    carried.start(); carried.join()
    print(seen)''',
    ]),
    ("When no backend serves a call, the error names every backend and why it declined", [
        "double({1, 2})",
    ]),
    ("A global backend: process-wide, tried after the local ones, before the registered", [
        "ov.set_global_backend(arrays)",
        "total([1, 2, 3])",
    ]),
]


def _show(code: str, out: TextIO) -> None:
    lines = code.splitlines()
    print(f">>> {lines[0]}", file=out)
    for line in lines[1:]:
        print(f"... {line}", file=out)
    if lines[-1].startswith(" "):  # a block ends with an empty line at the prompt
        print("...", file=out)


def _run(code: str, namespace: dict[str, object], out: TextIO) -> None:
    """Run one step as the interactive interpreter would, printing what it would print."""
    with contextlib.redirect_stdout(out):
        try:
            expression = compile(code, "<demo>", "eval")
        except SyntaxError:
            exec(compile(code, "<demo>", "exec"), namespace)
            return
        try:
            value = eval(expression, namespace)
        except ov.BackendNotImplementedError as exc:
            print("Traceback (most recent call last):\n  ...")
            print(f"BackendNotImplementedError: {exc}")
            return
        if value is not None:
            print(repr(value))


def engine_tour(file: TextIO | None = None) -> None:
    """Run the engine's tour, printing it as an interactive session (to stdout by default).

    It uses the standard library only, and all backend state it sets is
    undone when it returns.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> engine_tour(out)
    >>> "array('d', [2.0, 4.0, 6.0])" in out.getvalue()
    True
    """
    out = sys.stdout if file is None else file
    namespace: dict[str, object] = {"__name__": "demo"}
    with ov.reset_state():
        for code in ("import array, math, threading", "import overridable as ov"):
            _show(code, out)
            _run(code, namespace, out)
        for number, (heading, steps) in enumerate(_DEMO, 1):
            print(f"\n# {number}. {heading}", file=out)
            for code in steps:
                _show(code, out)
                _run(code, namespace, out)


#: NEP 31's library function, shown and run exactly as written here.
LIBRARY_FUNCTION = '''\
def library_function(x):
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).shape[0]'''
LIBRARY_INPUT = [0.5, 1.0, 2.0]

#: The FFT example, for the backends of the ``"numpy.fft"`` domain.
FFT_FUNCTION = '''\
def power_spectrum(x):
    x = unp.asarray(x)
    return unp.abs(unp.fft.rfft(x)) ** 2'''
FFT_INPUT = [0.0, 1.0, 0.0, -1.0, 0.5, 0.25, 0.0, 1.0]
#: The example's operator and attribute, as calls, for a library whose arrays have neither
#: (XND's containers): (as written, as a call, the attribute the arrays lack).
CALLS = (("unp.sin(x) ** 2", "unp.power(unp.sin(x), 2)", "__pow__"),
         ("unp.zeros(3).shape[0]", "len(unp.zeros(3))", "shape"))

def _served(calls: list[Any]) -> str:
    """``asarray -> numpy, fft.rfft -> scipy.fft``: the calls a trace recorded."""
    parts = []
    for call in calls:
        module = getattr(call.function, "__module__", "")
        prefix = module.removeprefix("overridable.numpy").lstrip(".")
        name = f"{prefix}.{call.function.__name__}" if prefix else call.function.__name__
        served = "a default" if call.backend is None else str(
            getattr(call.backend, "name", None) or call.backend)
        # A declined call names the backend that declined it (the trace records no other).
        parts.append(f"{name} -> {served}" + (" declined it (a later backend served it)"
                                              if call.declined else ""))
    return ", ".join(parts)


def _to_numpy(value: Any) -> Any:
    """Any library's result as a NumPy array (computing a Dask graph, copying from a GPU)."""
    import numpy as np

    library = type(value).__module__.split(".")[0]
    if library == "dask":
        value = value.compute()
    elif library == "cupy":
        value = value.get()
    elif library == "sparse":
        value = value.todense()
    elif library == "torch":
        value = value.detach().cpu().numpy()
    try:
        return np.asarray(value)
    except Exception:  # array-API libraries that export by DLPack only
        return np.from_dlpack(value)


def _format_time(seconds: float) -> str:
    return f"{seconds * 1e3:.2f} ms" if seconds >= 1e-3 else f"{seconds * 1e6:.1f} µs"


def _adapted(source: str, data: Any, backend: object, out: TextIO) -> tuple[str, Any]:
    """The example and its input as this backend can run them, each change said: the input
    as the backend's own array where it creates none (the generic array-API backend), ``**``
    as ``unp.power`` and ``.shape[0]`` as ``len`` where its arrays have neither (XND's)."""
    import numpy as np

    import overridable.numpy as unp

    samples = getattr(getattr(backend, "library", None), "samples", None)
    if samples is not None:
        data = samples(np.asarray(data))
        print(f"    input as a {type(data).__module__}.{type(data).__qualname__} (this backend "
              "creates no arrays of its own)", file=out)
    sample: Any = None
    for written, call, attribute in CALLS:
        if written in source:
            if sample is None:
                with ov.set_backend(cast(ov.BackendLike, backend)):
                    sample = unp.asarray(data)
            if not hasattr(sample, attribute):  # an array's, not its class's (sparse's shape)
                kind = type(sample)
                print(f"    run with {call}: {kind.__module__}.{kind.__qualname__} has no "
                      f"{attribute}", file=out)
                source = source.replace(written, call)
    return source, data


def _run_example(source: str, data: list[float], backend: object, out: TextIO) -> None:
    import numpy as np

    import overridable.numpy as unp

    name = source.split("(")[0].removeprefix("def ")
    expected_ns: dict[str, Any] = {"unp": np}  # the same code on NumPy itself
    exec(source, expected_ns)
    expected = np.asarray(expected_ns[name](data))
    calls: list[Any] = []
    try:
        source, data = _adapted(source, data, backend, out)
        namespace: dict[str, Any] = {"unp": unp}
        exec(source, namespace)
        with ov.set_backend(cast(ov.BackendLike, backend)):
            with ov.trace() as calls:
                result = namespace[name](data)  # also the first, warming call
            value = _to_numpy(result)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                _to_numpy(namespace[name](data))
                best = min(best, time.perf_counter() - start)
    except ModuleNotFoundError as exc:  # a backend whose library is imported on first use
        print(f"    not installed (no module {exc.name!r})", file=out)
        return
    except Exception as exc:
        print(f"    failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", file=out)
        if calls:
            print(f"    calls before it: {_served(calls)}", file=out)
        return
    kind = f"{type(result).__module__}.{type(result).__qualname__}"
    same = value.shape == expected.shape and bool(
        np.allclose(value, expected, rtol=1e-5, atol=1e-8))
    match = "yes" if same else f"NO (got {value!r}, NumPy {expected!r})"
    print(f"    result: {kind}, matches NumPy: {match}, time: {_format_time(best)}", file=out)
    print(f"    served by: {_served(calls)}", file=out)


def demo(file: TextIO | None = None, backends: Sequence[str] | None = None) -> None:
    """Run NEP 31's example on every installed backend (or on ``backends``) and report.

    For each backend: the result's type, whether it matches NumPy's value,
    which backend served each call, and the time (best of 3, after one
    warming call). A backend whose library is missing is reported as not
    installed; nothing it does stops the others. Backend state is undone. An
    unknown name raises ``UnknownBackendError`` before anything runs.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> demo(out, backends=["numpy"])
    >>> print(out.getvalue().split("numpy: numpy ")[1].splitlines()[2])
        served by: asarray -> numpy, sin -> numpy, sum -> numpy, zeros -> numpy
    """
    import overridable.numpy  # noqa: F401  (first: its global NumPy backend outlives the demo)

    out = sys.stdout if file is None else file
    installed = installed_backends()
    known = {n: (n, v) for n, v, aliases in installed for n in (n, *aliases)}
    names = [n for n, _, _ in installed] if backends is None else list(backends)
    # an unknown name is the caller's mistake: UnknownBackendError before anything runs
    # (the command line's exit status 2, as info's and conformance's)
    resolved_names = [resolve_name(n) for n in names]
    print("NEP 31's example: one library function, written once against overridable.numpy,",
          file=out)
    print("run as `with ov.set_backend(<backend>): library_function(<input>)`.\n", file=out)
    print("    import overridable as ov\n    import overridable.numpy as unp\n", file=out)
    for source, data in ((LIBRARY_FUNCTION, LIBRARY_INPUT), (FFT_FUNCTION, FFT_INPUT)):
        print("    " + source.replace("\n", "\n    "), file=out)
        print(f"    # input: {data}\n", file=out)
    print("(NEP 31 writes `unp.zeros(3).size`: a torch tensor's .size is a method, so a library\n"
          "meant to run anywhere uses .shape.) The FFT backends (domain numpy.fft) run\n"
          "power_spectrum; the others run library_function.", file=out)
    with ov.reset_state():
        for resolved in resolved_names:
            name, value = known.get(resolved, (resolved, ""))
            print(f"\n{name}: ", end="", file=out, flush=True)  # named before its import
            backend, why = load(name)
            if backend is None:
                print(why, file=out)
                continue
            module = _library_module(name, backend)
            print(f"{module} {_version(module)}", file=out)
            gpu = needs_gpu(value) if value else None
            if gpu is not None and not gpu():
                print("    skipped: installed, but no GPU here", file=out)
                continue
            fft = getattr(backend, "__ua_domain__", "numpy") == "numpy.fft"
            source, data = (FFT_FUNCTION, FFT_INPUT) if fft else (LIBRARY_FUNCTION, LIBRARY_INPUT)
            _run_example(source, data, backend, out)
