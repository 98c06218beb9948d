"""The command line: ``python -m overridable demo``, ``info`` and ``conformance``.

``demo`` runs NEP 31's example: one library function, written once against
``overridable.numpy``, run under every installed backend (NumPy, Dask,
torch, JAX, Sparse, array-API libraries, CuPy where there is a GPU), and an
FFT example under every FFT backend (``scipy.fft``, pyFFTW, mkl_fft). For
each it prints the result's type, whether it matches NumPy's value, which
backend served each call (``ov.explain``) and the time. A backend whose
library is not installed is reported as such. ``demo --engine`` is the tour
of the dispatch engine alone: a multimethod API declared as data, two
backends (Python lists, ``array.array``), dispatch by type, ``set_backend``,
threads, the global backend, ``explain`` and the error raised when no
backend serves a call.

``info`` lists the backends installed through the ``overridable.backends``
entry points, their libraries' versions and their coverage (functions
implemented natively, served by the API's defaults), and the adapters and
backends registered in this process. ``conformance`` runs
``overridable.conformance`` and writes its matrices.

Importing this module imports no array library, and neither does
``demo --engine`` (it uses the standard library only); ``demo``, ``info``
and ``conformance`` import NumPy and each backend's library as they reach it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import platform
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import overridable as ov

__all__ = ["demo", "engine_tour", "info", "installed_backends", "main"]

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

#: The order of listings; other installed backends follow, by name.
_ORDER = ("numpy", "dask", "torch", "jax", "sparse", "array_api_strict", "array_api", "cupy",
          "xnd", "scipy.fft", "pyfftw", "mkl_fft")


def installed_backends() -> list[tuple[str, str, tuple[str, ...]]]:
    """The backends declared in the ``overridable.backends`` entry points, one per object:
    ``(name, "module:attribute", aliases)``, in the order the demo runs them. Nothing is
    imported.

    >>> [name for name, _, _ in installed_backends()][:2]
    ['numpy', 'dask']
    """
    from importlib.metadata import entry_points

    by_value: dict[str, list[str]] = {}
    for ep in entry_points(group="overridable.backends"):
        by_value.setdefault(ep.value, []).append(ep.name)

    def rank(name: str) -> tuple[int, str]:
        return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)

    found = []
    for value, names in by_value.items():
        names.sort(key=rank)
        found.append((names[0], value, tuple(names[1:])))
    return sorted(found, key=lambda item: rank(item[0]))


def _load(name: str) -> tuple[object | None, str]:
    """(the backend, "") or (None, why not): a missing library is "not installed"."""
    try:
        return ov.as_backend(name), ""
    except ImportError as exc:
        missing = getattr(exc, "name", None) or str(exc)
        return None, f"not installed (no module {missing!r})"
    except Exception as exc:
        return None, f"failed to load: {type(exc).__name__}: {exc}"


def _library_module(name: str, backend: object) -> str:
    library = getattr(backend, "library", None)
    module = getattr(library, "module", None)
    return module if isinstance(module, str) else name


def _version(module: str) -> str:
    top = module.split(".")[0]
    version = getattr(sys.modules.get(top), "__version__", None)
    if isinstance(version, str):
        return version
    from importlib.metadata import PackageNotFoundError, packages_distributions
    from importlib.metadata import version as v

    # A distutils install (XND's) records no top-level names: try the distribution's name.
    for dist in [*packages_distributions().get(top, []), top]:
        try:
            return v(dist)
        except PackageNotFoundError:
            continue
    return "?"


def _needs_gpu(value: str) -> Callable[[], bool] | None:
    """The backend module's ``gpu_available``, if it has one (CuPy's)."""
    module = importlib.import_module(value.split(":")[0])
    check = getattr(module, "gpu_available", None)
    return check if callable(check) else None


def _served_by(explanation: Any) -> str:
    for attempt in explanation:
        if attempt.outcome in ("would be called", "would be tried"):
            if attempt.backend is None:
                return "default"
            name = str(getattr(attempt.backend, "name", None) or attempt.backend)
            return f"{name} (default)" if "default" in attempt.detail else name
    return "no backend"


class _Traced:
    """``overridable.numpy`` as the library function sees it, noting who serves each call."""

    def __init__(self, namespace: Any, log: list[tuple[str, str]], prefix: str = "") -> None:
        self._namespace, self._log, self._prefix = namespace, log, prefix

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._namespace, name)
        qualified = self._prefix + name
        if type(value).__name__ == "module":
            return _Traced(value, self._log, qualified + ".")
        if not hasattr(value, "__overridable__"):
            return value

        def call(*args: Any, **kwargs: Any) -> Any:
            self._log.append((qualified, _served_by(ov.explain(value, *args, **kwargs))))
            return value(*args, **kwargs)

        return call


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


def _run_example(source: str, data: list[float], backend: object, out: TextIO) -> None:
    import numpy as np

    import overridable.numpy as unp

    name = source.split("(")[0].removeprefix("def ")
    expected_ns: dict[str, Any] = {"unp": np}  # the same code on NumPy itself
    exec(source, expected_ns)
    expected = np.asarray(expected_ns[name](data))
    log: list[tuple[str, str]] = []
    traced_ns: dict[str, Any] = {"unp": _Traced(unp, log)}
    plain_ns: dict[str, Any] = {"unp": unp}
    exec(source, traced_ns)
    exec(source, plain_ns)
    try:
        with ov.set_backend(backend):
            result = traced_ns[name](data)  # also the first, warming call
            value = _to_numpy(result)
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                _to_numpy(plain_ns[name](data))
                best = min(best, time.perf_counter() - start)
    except ModuleNotFoundError as exc:  # a backend whose library is imported on first use
        print(f"    not installed (no module {exc.name!r})", file=out)
        return
    except Exception as exc:
        print(f"    failed: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}", file=out)
        if log:
            print(f"    calls before it: {', '.join(f'{f} -> {b}' for f, b in log)}", file=out)
        return
    kind = f"{type(result).__module__}.{type(result).__qualname__}"
    same = value.shape == expected.shape and bool(
        np.allclose(value, expected, rtol=1e-5, atol=1e-8))
    match = "yes" if same else f"NO (got {value!r}, NumPy {expected!r})"
    print(f"    result: {kind}, matches NumPy: {match}, time: {_format_time(best)}", file=out)
    print(f"    served by: {', '.join(f'{f} -> {b}' for f, b in log)}", file=out)


def demo(file: TextIO | None = None, backends: Sequence[str] | None = None) -> None:
    """Run NEP 31's example on every installed backend (or on ``backends``) and report.

    For each backend: the result's type, whether it matches NumPy's value,
    which backend served each call, and the time (best of 3, after one
    warming call). A backend whose library is missing is reported as not
    installed; nothing it does stops the others. Backend state is undone.

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
        for requested in names:
            if requested not in known:
                print(f"\n{requested}: unknown backend (installed: "
                      f"{', '.join(n for n, _, _ in installed)})", file=out)
                continue
            name, value = known[requested]
            backend, why = _load(name)
            if backend is None:
                print(f"\n{name}: {why}", file=out)
                continue
            module = _library_module(name, backend)
            print(f"\n{name}: {module} {_version(module)}", file=out)
            gpu = _needs_gpu(value)
            if gpu is not None and not gpu():
                print("    skipped: installed, but no GPU here", file=out)
                continue
            fft = getattr(backend, "__ua_domain__", "numpy") == "numpy.fft"
            source, data = (FFT_FUNCTION, FFT_INPUT) if fft else (LIBRARY_FUNCTION, LIBRARY_INPUT)
            _run_example(source, data, backend, out)


def _coverage(backend: object) -> tuple[int, int, int] | None:
    """(native, via default, declared) over the functions of the backend's domain."""
    if not isinstance(backend, ov.Backend):
        return None
    from overridable.conformance import _serves, targets

    functions = [t.function for t in targets() if _serves(backend, t.function)]
    native = sum(f in backend.implementations for f in functions)
    default = sum(f not in backend.implementations and getattr(f, "default", None) is not None
                  for f in functions)
    return native, default, len(functions)


def info(file: TextIO | None = None, backends: Sequence[str] | None = None,
         conformance: bool = False) -> None:
    """Print the version, the installed backends (versions, coverage) and the registrations.

    Coverage counts the functions of the backend's domain that its table
    implements and those the API's defaults serve; with ``conformance=True``
    the harness runs and gives the checked counts.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> info(out, backends=["numpy"])
    >>> out.getvalue().splitlines()[0] == f"overridable {ov.__version__}"
    True
    """
    out = sys.stdout if file is None else file
    print(f"overridable {ov.__version__}", file=out)
    print(f"Python {platform.python_version()} ({sys.executable})", file=out)
    print(f"engine: {ov.__file__}", file=out)
    installed = installed_backends()
    wanted = None if backends is None else set(backends)
    print("backends (entry-point group 'overridable.backends'):", file=out)
    for name, _value, aliases in installed:
        if wanted is not None and wanted.isdisjoint((name, *aliases)):
            continue
        label = name + (f" (also: {', '.join(aliases)})" if aliases else "")
        backend, why = _load(name)
        if backend is None:
            print(f"  {label}: {why}", file=out)
            continue
        module = _library_module(name, backend)
        domain = getattr(backend, "__ua_domain__", "?")
        line = f"  {label}: {module} {_version(module)}, domain {domain}"
        counts = _coverage(backend)
        if counts is not None:
            native, default, total = counts
            line += f", {native} native + {default} via defaults of {total} functions"
        print(line, file=out)
        if conformance:
            from overridable.conformance import run

            print(f"    conformance: {run(backend, label=name).summary()}", file=out)
    names = ov.adapter_names()
    print(f"adapters (set_backend by module or name): {', '.join(names) or 'none'}", file=out)
    domains = ov.get_state().globals.domains
    if not domains:
        print("global and registered backends: none", file=out)
    for domain, state in sorted(domains.items()):
        registered = ", ".join(map(repr, state.registered)) or "none"
        print(f"domain {domain!r}: global {state.backend!r}, registered {registered}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status.

    Examples
    --------
    >>> main(["info", "--backend", "numpy"])
    overridable ...
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m overridable",
        description="overridable: context-local and global overrides of the NumPy API "
        "(NEP 31).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    demo_parser = commands.add_parser(
        "demo", help="run NEP 31's example on every installed backend (--engine: the engine's "
        "tour, standard library only)")
    demo_parser.add_argument("--engine", action="store_true",
                             help="the tour of the dispatch engine alone")
    demo_parser.add_argument("--backend", action="append", metavar="NAME",
                             help="run on this backend only (repeatable; default: all installed)")
    info_parser = commands.add_parser(
        "info", help="print the version, the installed backends and their coverage")
    info_parser.add_argument("--backend", action="append", metavar="NAME",
                             help="list this backend only (repeatable)")
    info_parser.add_argument("--conformance", action="store_true",
                             help="run the conformance harness for checked counts (slower)")
    conformance = commands.add_parser(
        "conformance", help="run the NumPy API conformance harness (imports NumPy)")
    conformance.add_argument("--backend", action="append", metavar="NAME",
                             help="numpy, minimal, a backend name, or 'installed' for every "
                             "installed backend (repeatable; default: numpy and minimal)")
    conformance.add_argument("--markdown", metavar="FILE", help="write the Markdown matrix")
    conformance.add_argument("--html", metavar="FILE", help="write the HTML matrix")
    args = parser.parse_args(argv)
    if args.command == "conformance":
        from overridable.conformance import main as conformance_main

        names: list[str] = []
        for name in args.backend or ["numpy", "minimal"]:
            if name != "installed":
                names.append(name)
                continue
            for installed, value, _aliases in installed_backends():
                gpu = _needs_gpu(value) if _load(installed)[0] is not None else None
                if _load(installed)[0] is not None and (gpu is None or gpu()):
                    names.append(installed)  # missing libraries, and CuPy without a GPU, left out
        return conformance_main(names, args.markdown, args.html)
    if args.command == "demo":
        if args.engine:
            engine_tour()
        else:
            demo(backends=args.backend)
    else:
        info(backends=args.backend, conformance=args.conformance)
    return 0


if __name__ == "__main__":
    sys.exit(main())
