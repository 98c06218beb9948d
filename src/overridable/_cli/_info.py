"""``python -m overridable info``: the version, the dispatch path, the installed backends
(versions, coverage) and the configuration in effect.

Each library is named before it is imported (an import can take seconds).
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Sequence
from typing import TextIO

import overridable as ov

from .._backend import resolve_name
from ._conformance import summary
from ._libraries import installed_backends, load, needs_gpu

__all__ = ["info"]

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
        backend, why = load(name)
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
        gpu = needs_gpu(value)
        if gpu is not None and not gpu():
            line += " (no GPU here: its calls fail)"
        print(line, file=out)
        if conformance:
            from overridable.conformance import run

            print(f"    conformance: {summary(run(backend, label=name))}", file=out)
    names = ov.adapter_names()
    print(f"adapters (set_backend by module or name): {', '.join(names) or 'none'}", file=out)
    print(repr(ov.config), file=out)
