"""The NumPy backend: the reference backend of ``overridable.numpy``, global by default.

It owns ``numpy.ndarray`` (and subclasses that keep NumPy's
``__array_function__``), NumPy scalars and dtypes, and implements every
declared function with NumPy's own (entered by :func:`implement` as
``overridable.numpy`` builds each multimethod). For those, NumPy's ``_implementation``
skips NumPy's own ``__array_function__`` round trip: that is what NumPy
itself would call, because the engine only gets here when every argument
NumPy's dispatcher looks at is declared and owned (or a Python scalar or
sequence). Functions whose NumPy dispatcher looks at more arguments than the
declaration (``NEP18_EXTRA``: ``implement(..., nep18=True)``) call the public function, and ndarray
subclasses with their own ``__array_function__`` (``astropy`` quantities) are
served by a second backend, ``nep18_backend``, registered here, that calls
the public functions so that their NEP 18 overrides still run. Where a
declaration extends NumPy's signature for the array API (``sort`` and
``argsort`` with ``descending=``, ``clip(a, min, max)``, ``fft.fftfreq`` with
``dtype=``: ``EXTENSIONS`` in ``tools/gen_numpy_api.py``), the implementation
wraps NumPy's function (``_EXTENDED``).

This module imports NumPy and nothing else from outside the package.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import numpy as np

import overridable as ov
from overridable._backend import installed_backends_for
from overridable._state import current_globals

__all__ = ["backend", "implement", "nep18_backend"]

_TYPES = (np.ndarray, np.generic, np.dtype)
_NDARRAY_AF = np.ndarray.__array_function__


#: Implementations that are not NumPy's function as it is. (The engine forwards an
#: optional argument only when it is not its default, so ``where(c)`` and ``array(x)``
#: reach NumPy's own functions as NumPy's callers write them.)
def _keywords_without_none(name: str, params: tuple[str, ...]) -> Callable[..., Any]:
    # NumPy's busday builtins refuse an explicit None for holidays= and busdaycal=, which
    # their declarations' signatures show as the default: pass the given ones by keyword.
    function = getattr(np, name)

    def call(*args: Any, **kwargs: Any) -> Any:
        kwargs.update((k, v) for k, v in zip(params, args, strict=False) if v is not None)
        return function(**kwargs)

    return call


_SPECIAL: dict[str, Callable[..., Any]] = {
    "busday_count": _keywords_without_none("busday_count", (
        "begindates", "enddates", "weekmask", "holidays", "busdaycal", "out")),
    "busday_offset": _keywords_without_none("busday_offset", (
        "dates", "offsets", "roll", "weekmask", "holidays", "busdaycal", "out")),
    "is_busday": _keywords_without_none("is_busday", (
        "dates", "weekmask", "holidays", "busdaycal", "out")),
}


def _descending_argsort(argsort: Callable[..., Any], a: Any, axis: Any, kind: Any,
                        order: Any, stable: Any) -> Any:
    # Sort the reversed array ascending (stably, unless asked otherwise) and reverse the
    # result: equal elements then keep their original order, as the standard asks.
    a = np.asarray(a)
    if axis is None:
        a, axis = a.ravel(), -1
    n = a.shape[axis]
    reversed_ = argsort(np.flip(a, axis), axis, kind, order, stable=stable)
    return n - 1 - np.flip(reversed_, axis)


def _sorting(function: Callable[..., Any], argsort: Callable[..., Any], values: bool
             ) -> Callable[..., Any]:
    """NumPy's ``sort`` or ``argsort`` with the array API's ``descending=`` (``EXTENSIONS``
    in ``tools/gen_numpy_api.py``)."""

    def sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *,
             stable: Any = None, descending: bool = False) -> Any:
        if not descending or np.ndim(a) == 0:  # one element: NumPy's answer, or its error
            return function(a, axis, kind, order, stable=stable)
        if stable is None and kind is None:  # the standard's default: stable
            stable = True
        indices = _descending_argsort(argsort, a, axis, kind, order, stable)
        if not values:
            return indices
        a = np.asarray(a)
        return np.take_along_axis(a.ravel() if axis is None else a, indices,
                                  -1 if axis is None else axis)

    sort.__name__ = sort.__qualname__ = "sort" if values else "argsort"
    return sort


def _with_dtype(function: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``fft.fftfreq`` or ``fft.rfftfreq`` with the array API's ``dtype=``."""

    def freq(n: Any, d: Any = 1.0, device: Any = None, *, dtype: Any = None) -> Any:
        result = function(n, d, device=device)
        return result if dtype is None else result.astype(dtype, copy=False)

    freq.__name__ = freq.__qualname__ = function.__name__
    return freq


def _clip(function: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``clip`` with the array API's parameter names (``min``, ``max``) in front."""
    no_value = np._NoValue

    def clip(a: Any, min: Any = no_value, max: Any = no_value, out: Any = None, *,
             a_min: Any = no_value, a_max: Any = no_value, **kwargs: Any) -> Any:
        from ._semantics import clip_bounds  # (at the call: not imported with the API)

        return function(a, *clip_bounds(min, max, a_min, a_max), out, **kwargs)

    return clip


#: Functions whose declaration extends NumPy's signature for the array API (the tool's
#: ``EXTENSIONS``): name -> the implementation made from NumPy's function (fast or
#: public) and argsort.
_EXTENDED: dict[str, Callable[[Callable[..., Any], Callable[..., Any]], Callable[..., Any]]] = {
    "sort": lambda function, argsort: _sorting(function, argsort, True),
    "argsort": lambda function, argsort: _sorting(function, argsort, False),
    "clip": lambda function, argsort: _clip(function),
    "fft.fftfreq": lambda function, argsort: _with_dtype(function),
    "fft.rfftfreq": lambda function, argsort: _with_dtype(function),
}


#: Functions whose NumPy dispatcher checks the arguments (the stacking functions refuse
#: generators there): the public function keeps NumPy's error.
_CHECKED_BY_DISPATCHER = frozenset({"stack", "hstack", "vstack", "dstack", "column_stack"})


def _method(cls: type, method: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``cls.method`` for a method declared as a function (``Generator.normal``),
    refusing another class's object: the NumPy backend accepts any object NumPy would,
    and a compiled method called on a foreign object may crash instead of raising."""

    def call(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(self, cls):
            raise TypeError(f"{cls.__name__}.{method.__name__} applies to "
                            f"numpy.random.{cls.__name__} objects, not {type(self).__name__}")
        return method(self, *args, **kwargs)

    call.__name__ = call.__qualname__ = method.__name__
    return call


def _implementation(name: str, fast: bool) -> Callable[..., Any]:
    if name in _SPECIAL:
        return _SPECIAL[name]
    public: Any = np
    owner: Any = None
    for part in name.split("."):  # "linalg.solve", "random.Generator.normal"
        owner, public = public, getattr(public, part)
    if isinstance(owner, type):
        return _method(owner, public)
    function = public
    if fast and name not in _CHECKED_BY_DISPATCHER:
        function = getattr(public, "_implementation", public)
    if name in _EXTENDED:
        argsort: Any = np.argsort
        if fast:
            argsort = getattr(argsort, "_implementation", argsort)
        return _EXTENDED[name](function, argsort)
    return function  # type: ignore[no-any-return]


def _own_override(value_type: type) -> bool:
    """Whether ``value_type`` overrides NumPy's functions itself (NEP 18 ``__array_function__``
    other than ndarray's: pint and astropy quantities, ndarray subclasses, duck arrays)."""
    return getattr(value_type, "__array_function__", _NDARRAY_AF) is not _NDARRAY_AF


def _another_librarys(value_type: type) -> bool:
    """Whether ``value_type`` is an array of another library: of a package that has an
    installed backend (``torch.Tensor``, Dask's and JAX's arrays, ...), or owned by a
    backend registered for a ``numpy`` domain. Everything else is NumPy's to take, as
    ``numpy`` takes it: buffers, ``__array__`` objects, Python objects of any kind."""
    if str(getattr(value_type, "__module__", "")).split(".")[0] == "numpy":
        return False
    if installed_backends_for([value_type]):
        return True
    for domain, globals_ in current_globals().domains.items():
        if domain == "numpy" or domain.startswith("numpy."):
            for other in globals_.registered:
                if (other is not backend and other is not nep18_backend
                        and isinstance(other, ov.Backend) and other.ownership(value_type)):
                    return True
    return False


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
            owned = issubclass(value_type, kinds) or None
        if owned is None and not _another_librarys(value_type):
            # Not decided by the type tables (cached), so registering a backend for it
            # takes it from NumPy: plans are re-made on every registration.
            return False
        return owned


class _ExactNumPy(_ModuleBackend):
    """Refuses types that override ``__array_function__`` (ndarray subclasses, duck arrays):
    the NEP 18 backend serves them through NumPy's public functions."""

    __slots__ = ()

    def ownership(self, value_type: type) -> bool | None:
        owned = super().ownership(value_type)
        if owned is not None and _own_override(value_type):
            return None
        return owned


backend = _ExactNumPy("numpy", name="numpy", types=_TYPES)
nep18_backend = _ModuleBackend("numpy", name="numpy (NEP 18)", types=_TYPES)
ov.register_backend(nep18_backend, default=True)


def implement(name: str, multimethod: Callable[..., Any], *, nep18: bool = False,
              implementation: Callable[..., Any] | None = None) -> None:
    """Enter ``implementation``, or NumPy's ``name``, as both backends' ``multimethod``.

    ``overridable.numpy`` calls this as it builds each multimethod (on first
    access), so the tables fill as the API is used. ``name`` is dotted below
    ``numpy`` for its submodules (``"linalg.solve"``, ``"random.Generator.normal"``);
    ``nep18=True`` makes the NumPy backend call the public function, for functions
    whose NumPy dispatcher looks at more arguments than their declaration. An
    ``implementation`` given (a ufunc: NEP 13 overrides run inside it) serves both.
    """
    backend.implement(multimethod)(implementation or _implementation(name, not nep18))
    nep18_backend.implement(multimethod)(implementation or _implementation(name, False))
