"""Which backends are installed (from the entry points, importing nothing) and loading
one by name, with a one-line reason when it cannot be: what every command shares.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import overridable as ov

from .._backend import install_extra

__all__ = ["installed_backends", "load", "needs_gpu"]

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


def load(name: str) -> tuple[object | None, str]:
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


def needs_gpu(value: str) -> Callable[[], bool] | None:
    """The backend module's ``gpu_available``, if it has one (CuPy's)."""
    module = importlib.import_module(value.split(":")[0])
    check = getattr(module, "gpu_available", None)
    return check if callable(check) else None
