"""The NumPy backend: the reference backend of ``overridable.numpy``, global by default.

It owns ``numpy.ndarray`` (and subclasses that keep NumPy's
``__array_function__``), NumPy scalars and dtypes, and implements every
declared function with NumPy's own (entered by :func:`implement` as
``overridable.numpy`` builds each multimethod). For those, NumPy's ``_implementation``
skips NumPy's own ``__array_function__`` round trip: that is what NumPy
itself would call, because the engine only gets here when every argument
NumPy's dispatcher looks at is declared and owned (or a Python scalar or
sequence). Functions whose NumPy dispatcher looks at more arguments than the
declaration (``NEP18_EXTRA``) call the public function, and ndarray
subclasses with their own ``__array_function__`` (``astropy`` quantities) are
served by a second backend, ``nep18_backend``, registered here, that calls
the public functions so that their NEP 18 overrides still run.

This module imports NumPy and nothing else from outside the package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

import overridable as ov

from ._declarations import NEP18_EXTRA

__all__ = ["backend", "implement", "nep18_backend"]

_TYPES = (np.ndarray, np.generic, np.dtype)
_NDARRAY_AF = np.ndarray.__array_function__


def _where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
    # NumPy's where tells where(c) from where(c, None, None) by the number of arguments.
    if x is None and y is None:
        return np.where(condition)
    return np.where(condition, x, y)


def _array(
    object: Any, dtype: Any = None, *, copy: Any = True, order: Any = "K", subok: bool = False,
    ndmin: int = 0, ndmax: int = 0, like: Any = None,
) -> Any:
    # NumPy documents ndmax=0 as the default but refuses nested input when it is passed.
    if ndmax:
        return np.array(object, dtype, copy=copy, order=order, subok=subok, ndmin=ndmin,
                        ndmax=ndmax, like=like)
    return np.array(object, dtype, copy=copy, order=order, subok=subok, ndmin=ndmin, like=like)


#: Implementations that are not NumPy's function as it is: the engine passes every
#: argument, defaults included, and these NumPy functions tell a default passed from
#: one left out.
def _keywords_without_none(name: str, params: tuple[str, ...]) -> Callable[..., Any]:
    # NumPy's busday builtins refuse an explicit None for holidays= and busdaycal=, which
    # the engine passes (it forwards every argument): pass the given ones by keyword.
    function = getattr(np, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        kwargs.update((k, v) for k, v in zip(params, args, strict=False) if v is not None)
        return function(**kwargs)

    return call


_SPECIAL: dict[str, Callable[..., Any]] = {
    "array": _array, "where": _where,
    "busday_count": _keywords_without_none("busday_count", (
        "begindates", "enddates", "weekmask", "holidays", "busdaycal", "out")),
    "busday_offset": _keywords_without_none("busday_offset", (
        "dates", "offsets", "roll", "weekmask", "holidays", "busdaycal", "out")),
    "is_busday": _keywords_without_none("is_busday", (
        "dates", "weekmask", "holidays", "busdaycal", "out")),
}


def _implementation(name: str, fast: bool) -> Callable[..., Any]:
    if name in _SPECIAL:
        return _SPECIAL[name]
    public: Any = np
    for part in name.split("."):  # "linalg.solve", "random.Generator.normal"
        public = getattr(public, part)
    if fast and name not in NEP18_EXTRA:
        return getattr(public, "_implementation", public)  # type: ignore[no-any-return]
    return public  # type: ignore[no-any-return]


class _ModuleBackend(ov.Backend):
    """A backend that pickles as a reference to its name in this module (the state of
    ``overridable.carry`` holds it; NumPy's ``_implementation`` functions do not pickle)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        return "backend" if self is backend else "nep18_backend"

    def ownership(self, value_type: type) -> bool | None:
        owned = super().ownership(value_type)
        if owned is None and "numpy.random" in sys.modules:
            # numpy.random's generators, bit generators and seed sequences are NumPy's
            # too; they are checked here so that importing NumPy's backend does not
            # import numpy.random (10 ms): no instance exists before it is imported.
            random = sys.modules["numpy.random"]
            kinds = (random.Generator, random.BitGenerator, random.SeedSequence,
                     random.RandomState)
            return issubclass(value_type, kinds) or None
        return owned


class _ExactNumPy(_ModuleBackend):
    """Refuses ndarray subclasses that override ``__array_function__``."""

    __slots__ = ()

    def ownership(self, value_type: type) -> bool | None:
        owned = super().ownership(value_type)
        if owned and getattr(value_type, "__array_function__", _NDARRAY_AF) is not _NDARRAY_AF:
            return None
        return owned


backend = _ExactNumPy("numpy", name="numpy", types=_TYPES)
nep18_backend = _ModuleBackend("numpy", name="numpy (NEP 18)", types=_TYPES)
ov.register_backend(nep18_backend)


def implement(name: str, multimethod: Callable[..., Any], *, nep18: bool = False) -> None:
    """Enter NumPy's ``name`` as both backends' implementation of ``multimethod``.

    ``overridable.numpy`` calls this as it builds each multimethod (on first
    access), so the tables fill as the API is used. ``name`` is dotted below
    ``numpy`` for its submodules (``"linalg.solve"``, ``"random.Generator.normal"``);
    ``nep18=True`` makes the NumPy backend call the public function, for functions
    whose NumPy dispatcher looks at more arguments than their declaration.
    """
    backend.implementations[multimethod] = _implementation(name, not nep18)
    nep18_backend.implementations[multimethod] = _implementation(name, False)
