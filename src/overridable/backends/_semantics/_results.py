"""NumPy's result dtypes and errors of functions that are not ufunc loops: ``angle``'s and
``cov``'s dtypes, ``trapezoid`` of booleans, ``take``'s bounds, a ufunc's output cast.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._elementwise import ufunc_loop

__all__ = ["angle_dtype", "boolean_trapezoid", "check_bounds", "cov_dtype",
           "output_casting_error"]


def angle_dtype(dtype: Any) -> np.dtype[Any]:
    """NumPy's dtype of ``angle`` of an array of ``dtype``: a complex one's real dtype, a
    real one's ``arctan2(0, x)`` loop (float16 for int8, float64 for booleans and int32).

    >>> angle_dtype(np.dtype("int8")), angle_dtype(np.dtype("bool")), angle_dtype("complex64")
    (dtype('float16'), dtype('float64'), dtype('float32'))
    """
    dtype = np.dtype(dtype)
    if dtype.kind == "c":
        return np.finfo(dtype).dtype
    loop = ufunc_loop(np.arctan2, 0, dtype)
    return np.dtype(np.float64) if loop is None else loop[-1]


def cov_dtype(*dtypes: Any) -> np.dtype[Any]:
    """NumPy's dtype of ``cov`` and ``corrcoef`` of arrays of ``dtypes``: their common dtype
    with float64 (float64 for float32 and integers, complex128 for complex64).

    >>> cov_dtype(np.dtype("float32")), cov_dtype(np.dtype("complex64"), np.dtype("int8"))
    (dtype('float64'), dtype('complex128'))
    """
    return np.result_type(*dtypes, np.float64)


def boolean_trapezoid(xp: Any, y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    """NumPy's ``trapezoid`` of a boolean ``y`` over ``xp``: the sum of each pair of
    neighbours is NumPy's boolean ``+``, a logical or, so a pair of ``True`` counts 1, not 2.
    ``x`` (sample points, 1-d or of ``y``'s shape) or the spacing ``dx``; float64.

    >>> boolean_trapezoid(np, np.array([True, True, True])), np.trapezoid([1, 1, 1])
    (np.float64(1.0), np.float64(2.0))
    """
    y = xp.moveaxis(y, axis, -1)
    pairs = xp.astype(y[..., 1:] | y[..., :-1], xp.float64)
    if x is None:
        d = dx
    else:
        x = xp.astype(x, xp.float64)
        if x.ndim != 1:
            x = xp.moveaxis(x, axis, -1)
        d = x[..., 1:] - x[..., :-1]
    return xp.sum(d * pairs / 2.0, axis=-1)


def check_bounds(xp: Any, indices: Any, size: int, axis: int) -> None:
    """NumPy's ``IndexError`` for ``take``'s ``mode="raise"`` (and ``take_along_axis``): the
    first of ``indices`` (an array of ``xp``'s, in C order) outside ``[-size, size)`` of the
    axis ``axis`` (non-negative), with NumPy's message; nothing when all are in bounds.

    >>> check_bounds(np, np.array([1, -6]), 6, 0)
    >>> check_bounds(np, np.array([[1], [10]]), 6, 1)
    Traceback (most recent call last):
    ...
    IndexError: index 10 is out of bounds for axis 1 with size 6
    """
    flat = xp.reshape(indices, (-1,))
    outside = (flat < -size) | (flat >= size)
    if not bool(xp.any(outside)):
        return
    if size == 0:
        raise IndexError("cannot do a non-empty take from an empty axes.")
    first = int(flat[int(xp.argmax(xp.astype(outside, xp.int8)))])
    raise IndexError(f"index {first} is out of bounds for axis {axis} with size {size}")


def output_casting_error(name: str, result: Any, out: Any,
                         casting: Any = "same_kind") -> TypeError:
    """NumPy's error for the ufunc ``name`` whose result (of dtype ``result``) cannot be cast
    into ``out=`` (of dtype ``out``) under ``casting``: a ``UFuncTypeError`` (a
    ``TypeError``), NumPy's own class where it can be had.

    >>> error = output_casting_error("add", np.dtype("float64"), np.dtype("int32"))
    >>> isinstance(error, TypeError), str(error)
    (True, "Cannot cast ufunc 'add' output from dtype('float64') to dtype('int32') with casting rule 'same_kind'")
    """  # noqa: E501
    result, out = np.dtype(result), np.dtype(out)
    try:
        from numpy._core._exceptions import _UFuncOutputCastingError
    except ImportError:  # (a NumPy without the private class: the same message)
        return TypeError(f"Cannot cast ufunc {name!r} output from {result!r} to {out!r} "
                         f"with casting rule {casting!r}")
    error: TypeError = _UFuncOutputCastingError(getattr(np, name), casting, result, out, 0)
    return error
