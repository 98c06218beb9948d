"""``python -m overridable info``: the version, the dispatch path, the installed backends
(versions, coverage) and the configuration in effect.

Each library is named before it is imported (an import can take seconds). The
helpers here (which backends are installed, loading one by name, a library's
version) are shared by the other commands.
"""

from __future__ import annotations

import importlib
import platform
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import overridable as ov

from .._backend import install_extra, resolve_name

__all__ = ["info", "installed_backends"]

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
    """(the backend, "") or (None, why not): a missing library is "not installed", with the
    command that installs it."""
    try:
        return ov.as_backend(name), ""
    except ImportError as exc:
        cause = exc.__cause__ if isinstance(exc.__cause__, ImportError) else exc
        missing = getattr(cause, "name", None) or str(cause)
        extra = install_extra(name)
        how = f'; pip install "overridable[{extra}]"' if extra else ""
        return None, f"not installed (no module {missing!r}{how})"
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


def dispatch_path() -> str:
    """Which dispatch path is in use, in words.

    >>> dispatch_path().split(" (")[0] in ("compiled C core", "pure Python")
    True
    """
    if ov.compiled():
        return "compiled C core (overridable._native)"
    if ov.config.environment.get("OVERRIDABLE_PURE_PYTHON"):
        return "pure Python (OVERRIDABLE_PURE_PYTHON is set)"
    return "pure Python (the compiled extension is not built)"


def info(file: TextIO | None = None, backends: Sequence[str] | None = None,
         conformance: bool = False) -> None:
    """Print the version, the dispatch path, the installed backends (versions, coverage)
    and the configuration in effect (``overridable.config``).

    Coverage counts the functions of the backend's domain that its table
    implements ("native") and those the API's defaults serve ("by a default");
    with ``conformance=True`` the harness runs and gives the checked counts.

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
    print(f"dispatch: {dispatch_path()}", file=out)
    installed = installed_backends()
    wanted = None if backends is None else {resolve_name(n) for n in backends}
    print("backends (entry-point group 'overridable.backends'):", file=out)
    for name, value, aliases in installed:
        if wanted is not None and wanted.isdisjoint((name, *aliases)):
            continue
        label = name + (f" (also: {', '.join(aliases)})" if aliases else "")
        print(f"  {label}: ", end="", file=out, flush=True)  # named before its import
        backend, why = _load(name)
        if backend is None:
            print(why, file=out)
            continue
        module = _library_module(name, backend)
        domain = getattr(backend, "__ua_domain__", "?")
        line = f"{module} {_version(module)}, domain {domain}"
        counts = _coverage(backend)
        if counts is not None:
            native, default, total = counts
            line += f": of {total} functions, {native} native, {default} by a default"
        gpu = _needs_gpu(value)
        if gpu is not None and not gpu():
            line += " (no GPU here: its calls fail)"
        print(line, file=out)
        if conformance:
            from overridable.conformance import run

            from ._conformance import summary

            print(f"    conformance: {summary(run(backend, label=name))}", file=out)
    names = ov.adapter_names()
    print(f"adapters (set_backend by module or name): {', '.join(names) or 'none'}", file=out)
    print(repr(ov.config), file=out)
