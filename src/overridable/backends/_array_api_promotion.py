"""NumPy's promotion rules in an array-API namespace's dtypes: what every adapter of
:mod:`overridable.backends.array_api` shares (values as ``xp``'s arrays, NumPy's result
type of arrays and weak Python scalars, dtypes by NumPy's names, devices kept).

This module imports NumPy and, lazily, ``array_api_compat``.

Examples
--------
>>> import array_api_strict as xp
>>> [a.dtype for a in promote(xp, xp.asarray([1], dtype=xp.int8), 0.5)]
[array_api_strict.float64, array_api_strict.float64]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._common import HOST_VALUES, PYTHON_SCALARS, decline, importer
from ._semantics import NUMERIC_DTYPES

__all__ = [
    "DTYPE_NAMES", "SCALARS", "arr", "axis_of", "cast_to", "device_of", "dtype_in", "given",
    "has_kind", "is_dtype", "keeps", "mask_of", "no_out", "npdtype", "numpy_dtype", "promote",
    "shape_tuple",
]

_NoValue: Any = np._NoValue
_compat = importer("array_api_compat")


DTYPE_NAMES = NUMERIC_DTYPES


SCALARS = PYTHON_SCALARS


def numpy_dtype(xp: Any, dtype: Any) -> np.dtype[Any]:
    """``xp``'s dtype (or any spelling of one) -> NumPy's dtype of the same name."""
    if not isinstance(dtype, np.dtype | str) and not (isinstance(dtype, type) and (
            issubclass(dtype, np.generic) or dtype in SCALARS)):
        dtype = next((name for name in DTYPE_NAMES if getattr(xp, name, None) == dtype), dtype)
    found: np.dtype[Any] = np.dtype(dtype)
    return found


def is_dtype(xp: Any, value: Any) -> bool:
    if isinstance(value, type):
        return issubclass(value, np.generic) or value in SCALARS \
            or isinstance(value, type(xp.float64))
    return isinstance(value, np.dtype | str) or (
        isinstance(value, type(xp.float64)) and not hasattr(value, "shape"))


def arr(xp: Any, value: Any) -> Any:
    return xp.asarray(value) if isinstance(value, HOST_VALUES) else value


def device_of(*values: Any) -> dict[str, Any]:
    for v in values:
        if hasattr(v, "shape") and hasattr(v, "__array_namespace__"):
            return {"device": _compat().device(v)}
    return {}


def npdtype(xp: Any, value: Any) -> Any:
    """A value's NumPy dtype; Python scalars stay themselves (NumPy's weak scalars)."""
    if isinstance(value, SCALARS):
        return value
    return numpy_dtype(xp, value.dtype if hasattr(value, "dtype") else value)


def cast_to(xp: Any, value: Any, np_dtype: Any, **device: Any) -> Any:
    """``value`` as an ``xp`` array of NumPy's dtype ``np_dtype`` (declines if ``xp`` has
    no such dtype)."""
    target = dtype_in(xp, np_dtype)
    if not hasattr(value, "shape") or not hasattr(value, "__array_namespace__"):
        return xp.asarray(value, dtype=target, **device)
    return value if value.dtype == target else xp.astype(value, target)


def promote(xp: Any, *values: Any, least: tuple[Any, ...] = (),
             device: Any = None) -> list[Any]:
    """``values`` as ``xp`` arrays of their NumPy result type (at least ``least``'s)."""
    values = tuple(arr(xp, v) for v in values)
    common = np.result_type(*(npdtype(xp, v) for v in values), *least)
    kw = {"device": device} if device is not None else device_of(*values)
    return [cast_to(xp, v, common, **kw) for v in values]


def has_kind(xp: Any, value: Any, kind: str | tuple[str, ...]) -> bool:
    return bool(xp.isdtype(value.dtype, kind))


def no_out(xp: Any, function: str, out: Any) -> None:
    if out is not None:
        raise decline(f"{xp.__name__}{'.' if function else ''}{function} (array API) takes no "
                      "out=: the standard's functions return new arrays")


def given(value: Any) -> bool:
    return value is not _NoValue


def keeps(keepdims: Any) -> bool:
    return bool(keepdims) if given(keepdims) else False


def axis_of(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def shape_tuple(shape: Any) -> tuple[Any, ...]:
    """A shape (or ``reps``) as NumPy takes one: a sequence, a NumPy array of integers, or
    one integer.

    >>> shape_tuple([2, 3]), shape_tuple(np.array([2, 3])), shape_tuple(np.int64(4))
    ((2, 3), (2, 3), (4,))
    """
    if isinstance(shape, np.ndarray | np.generic):
        return tuple(int(n) for n in np.ravel(shape))
    return tuple(shape) if isinstance(shape, list | tuple) else (shape,)


def mask_of(xp: Any, a: Any, where: Any) -> Any:
    w = arr(xp, where)
    if not hasattr(w, "shape"):
        w = xp.asarray(bool(w), **device_of(a))
    return xp.broadcast_to(w, a.shape)


def dtype_in(xp: Any, value: Any) -> Any:
    """Any dtype spelling -> ``xp``'s dtype of the same name."""
    if isinstance(value, type(xp.float64)) and not isinstance(value, type | np.dtype):
        return value
    name = str(value) if not isinstance(value, type | np.dtype | str) else np.dtype(value).name
    found = getattr(xp, name.rsplit(".", 1)[-1], None)
    if found is None:
        raise decline(f"{xp.__name__} has no dtype for {value!r}")
    return found
