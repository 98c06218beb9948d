"""Shared by the defaults: the registry (``DEFAULTS``, ``PRIMITIVES``) and helpers."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as _np

_NoValue: Any = _np._NoValue
_F = Callable[..., Any]

#: Function name -> its default implementation.
DEFAULTS: dict[str, _F] = {}

#: The core a backend implements so that every default here can run on it (what the
#: conformance harness's minimal backend implements, and no more).
PRIMITIVES: tuple[str, ...] = (
    "arange", "asarray", "astype", "broadcast_to", "concatenate", "cumprod", "cumsum",
    "diagonal", "dot", "full", "imag", "isdtype", "max", "min", "nonzero", "prod", "real",
    "reshape", "round", "shape", "sum", "transpose", "where",
)


def _unp() -> Any:
    from overridable import numpy  # the package imports this module lazily, on first build

    return numpy


def _default(name: str | None = None) -> Callable[[_F], _F]:
    def register(func: _F) -> _F:
        DEFAULTS[name or func.__name__] = func
        return func

    return register


# -- helpers ---------------------------------------------------------------------------


def _given(value: Any) -> bool:
    return value is not None and value is not _NoValue


def _flag(value: Any) -> bool:
    return bool(value) if value is not _NoValue else False


def _opt(**kwargs: Any) -> dict[str, Any]:
    """The keyword arguments that were given (not ``None`` or NumPy's ``_NoValue``)."""
    return {k: v for k, v in kwargs.items() if _given(v)}


def _shape(a: Any) -> tuple[int, ...]:
    return tuple(_unp().shape(a))


def _ndim(a: Any) -> int:
    return len(_shape(a))


def _is(a: Any, kind: str | tuple[str, ...]) -> bool:
    return bool(_unp().isdtype(a.dtype, kind))


def _inexact(a: Any) -> bool:
    return _is(a, ("real floating", "complex floating"))


def _axes(axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple) as a tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int) or not isinstance(axis, Sequence) else axis
    out = []
    for ax in axes:
        ax = operator.index(ax)
        if not -ndim <= ax < ndim:
            raise _np.exceptions.AxisError(ax, ndim)
        out.append(ax % ndim)
    if len(set(out)) != len(out):
        raise ValueError("repeated axis")
    return tuple(out)


def _count(shape: tuple[int, ...], axis: Any) -> int:
    return math.prod(shape[ax] for ax in _axes(axis, len(shape)))


def _out(result: Any, out: Any) -> Any:
    if out is None:
        return result
    out[...] = result
    return out


def _index(ndim: int, axis: int, item: Any) -> tuple[Any, ...]:
    """The index that applies ``item`` (a slice or int) along ``axis``."""
    return (slice(None),) * axis + (item,) + (slice(None),) * (ndim - axis - 1)


def _nan_mask(a: Any) -> Any:
    return a == a  # False exactly where a is NaN


def _conj(a: Any) -> Any:
    if _is(a, "complex floating"):
        unp = _unp()
        return unp.real(a) - 1j * unp.imag(a)
    return a


def _abs2(a: Any) -> Any:
    if _is(a, "complex floating"):
        unp = _unp()
        return unp.real(a) ** 2 + unp.imag(a) ** 2
    return a * a


def _as_float(a: Any) -> Any:
    """``a`` promoted to floating point if it is integral or boolean (as NumPy's means do)."""
    return a if _inexact(a) else _unp().astype(a, _np.float64)
