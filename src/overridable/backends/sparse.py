"""The PyData/Sparse backend: ``overridable.numpy`` served by ``sparse``; sparse stays sparse.

It owns ``sparse.SparseArray`` (``COO``, ``GCXS``, ``DOK``) and absorbs NumPy
arrays, scalars and dtypes. Every function in the table keeps its result
sparse in the input's format where the library can (``GCXS`` in, ``GCXS``
out). PyData/Sparse arrays carry a *fill value*, so ``cos(x)`` or ``x + 1``
stay sparse (with fill value 1) instead of densifying.

Operations whose result is dense in general (``cumsum``, ``argsort``,
``median``, ``linalg.inv``, every FFT, ...) are in the table as *refusals*:
the backend declines with a message naming the function and saying it would
densify, rather than silently building a dense array as large as the sparse
one's shape. Densify on purpose with ``x.todense()`` (then NumPy serves).

Mixed sparse and dense inputs behave as PyData/Sparse defines: an
elementwise operation with a NumPy array stays sparse when the sparse
operand's fill value decides the result (``multiply(coo, dense)``), gets a
new fill value otherwise (``add(coo, dense)``), and products with a dense
operand (``matmul``, ``dot``) return the dense result, as the library does.
Lists and tuples become sparse arrays; NumPy arrays are passed to the library
as they are.

Full reductions (``sum(x)`` with no ``axis``) return a NumPy scalar, as NumPy
does; PyData/Sparse's own answer is a 0-d sparse array.

Use it as ``ov.set_backend("sparse")``, ``ov.set_backend(sparse)`` or
``ov.register_backend("sparse")``. PyData/Sparse (and numba, which compiles
its kernels on first use in each process, a few seconds) is imported on first
use of the backend, not when this module is imported.

This module imports NumPy and, lazily, ``sparse``; nothing else.

Examples
--------
>>> import numpy as np
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> import sparse
>>> x = sparse.COO.from_numpy(np.array([[0.0, 2.0], [0.0, 0.0]]))
>>> with ov.set_backend("sparse"):
...     y, total = unp.multiply(x, 3), unp.sum(x)
>>> type(y).__name__, y.nnz, float(total)
('COO', 1, 2.0)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from ._common import Adapter, Library, Native, build, decline, lazy_backend

__all__ = ["DENSIFYING", "LIBRARY", "backend"]

#: NumPy functions whose result is dense in general: the backend declines them by name.
DENSIFYING: tuple[str, ...] = (
    "cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod",
    "argsort", "argpartition", "partition", "median", "nanmedian", "percentile",
    "nanpercentile", "quantile", "nanquantile", "searchsorted", "convolve", "correlate",
    "gradient",
    "linalg.inv", "linalg.solve", "linalg.det", "linalg.slogdet", "linalg.svd",
    "linalg.svdvals", "linalg.eig", "linalg.eigh", "linalg.eigvals", "linalg.eigvalsh",
    "linalg.qr", "linalg.cholesky", "linalg.pinv", "linalg.lstsq", "linalg.matrix_power",
    *(f"fft.{name}" for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2",
                                 "ifft2", "rfft2", "irfft2", "fftn", "ifftn", "rfftn",
                                 "irfftn")),
)

#: NumPy's ufuncs that PyData/Sparse implements under the same name.
SAME_NAME_UFUNCS: tuple[str, ...] = (
    "add", "subtract", "multiply", "divide", "floor_divide", "remainder", "sin", "cos",
    "tan", "sinh", "cosh", "tanh", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt",
    "square", "ceil", "floor", "trunc", "sign", "signbit", "negative", "positive",
    "reciprocal", "maximum", "minimum", "hypot", "logaddexp", "copysign", "nextafter",
    "conj", "isfinite", "isinf", "isnan", "logical_and", "logical_or", "logical_xor",
    "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not",
    "bitwise_invert", "bitwise_left_shift", "bitwise_right_shift", "equal", "not_equal",
    "less", "less_equal", "greater", "greater_equal", "matmul", "abs", "acos", "acosh",
    "asin", "asinh", "atan", "atan2", "atanh", "pow",
)


def _sparse() -> Any:
    import sparse  # type: ignore[import-untyped]

    return sparse


def _types() -> tuple[type, ...]:
    return (_sparse().SparseArray,)


def _prepare(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return _sparse().asarray(np.asarray(value))
    return value


def _convert(value: Any, dispatch_type: Any) -> Any:
    if dispatch_type == "dtype":
        try:
            return np.dtype(value)
        except TypeError:
            return NotImplemented
    try:
        return _sparse().asarray(np.asarray(value))
    except (TypeError, ValueError, RuntimeError):
        return NotImplemented


def _out(out: Any) -> Any:
    raise decline(f"the sparse backend takes no out= (got {type(out).__name__}): "
                  "PyData/Sparse arrays are not written in place")


def _densifies(name: str) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise decline(f"sparse: {name} would densify its input (its result is dense in "
                      "general), so the sparse backend declines rather than build a dense "
                      "array silently; densify on purpose with x.todense() if it fits")

    refuse.__name__ = name.replace(".", "_")
    return refuse


def _scalar_if_0d(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with a 0-d sparse result turned into a NumPy scalar, as NumPy returns."""

    @functools.wraps(function)  # keeps the signature, which compile_native reads
    def reduce(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if getattr(result, "ndim", None) == 0 and hasattr(result, "todense"):
            return result.todense()[()]
        return result

    return reduce


def _transpose(a: Any, axes: Any = None) -> Any:
    a = _prepare(a)
    return _sparse().permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else axes)


def _clip(a: Any, a_min: Any = np._NoValue, a_max: Any = np._NoValue, out: Any = None, *,
          min: Any = np._NoValue, max: Any = np._NoValue, **kwargs: Any) -> Any:
    if out is not None:
        _out(out)
    if kwargs:
        raise decline(f"sparse.clip takes no ufunc keywords ({', '.join(kwargs)})")
    low = a_min if a_min is not np._NoValue else None if min is np._NoValue else min
    high = a_max if a_max is not np._NoValue else None if max is np._NoValue else max
    return _sparse().clip(_prepare(a), low, high)


def _take(a: Any, indices: Any, axis: Any = None, out: Any = None, mode: str = "raise") -> Any:
    if out is not None:
        _out(out)
    if mode != "raise":
        raise decline(f"sparse.take takes no mode= (got {mode!r})")
    # The library indexes with dense integers; the indices are small beside the array.
    indices = indices.todense() if hasattr(indices, "todense") else np.asarray(indices)
    return _sparse().take(_prepare(a), indices, axis=axis)


def _table() -> dict[str, Any]:
    sp = _sparse()
    creation = ("like", "device")
    moments = {"ddof": "correction"}
    table: dict[str, Any] = {
        # creation: COO unless format= is given to the library directly
        "ones": Native(sp.ones, drop=creation),
        "zeros": Native(sp.zeros, drop=creation),
        "empty": Native(sp.empty, drop=creation),
        "full": Native(sp.full, drop=creation),
        "eye": Native(sp.eye, drop=creation),
        "asarray": Native(sp.asarray, drop=("like",)),
        "zeros_like": Native(sp.zeros_like, drop=("device",)),
        "ones_like": Native(sp.ones_like, drop=("device",)),
        "empty_like": Native(sp.empty_like, drop=("device",)),
        "full_like": Native(sp.full_like, drop=("device",)),
        # reductions (a full reduction gives a NumPy scalar)
        **{name: _scalar_if_0d(getattr(sp, name)) for name in (
            "sum", "prod", "mean", "max", "min", "all", "any", "nansum", "nanprod",
            "nanmean", "nanmax", "nanmin")},
        "amax": _scalar_if_0d(sp.max),
        "amin": _scalar_if_0d(sp.min),
        "std": Native(_scalar_if_0d(sp.std), rename=moments),
        "var": Native(_scalar_if_0d(sp.var), rename=moments),
        "argmax": sp.argmax,
        "argmin": sp.argmin,
        # elementwise functions that are not ufuncs
        "where": sp.where,
        "clip": Adapter(_clip),
        "round": sp.round,
        "real": sp.real,
        "imag": sp.imag,
        "isneginf": sp.isneginf,
        "isposinf": sp.isposinf,
        "astype": sp.astype,
        "isdtype": sp.isdtype,
        "result_type": sp.result_type,
        # shape and order
        "reshape": sp.reshape,
        "transpose": Adapter(_transpose),
        "permute_dims": sp.permute_dims,
        "matrix_transpose": sp.matrix_transpose,
        "squeeze": sp.squeeze,
        "expand_dims": sp.expand_dims,
        "moveaxis": sp.moveaxis,
        "broadcast_to": sp.broadcast_to,
        "broadcast_arrays": sp.broadcast_arrays,
        "flip": sp.flip,
        "roll": sp.roll,
        "tril": sp.tril,
        "triu": sp.triu,
        "diagonal": sp.diagonal,
        "tile": sp.tile,
        "repeat": sp.repeat,
        "pad": sp.pad,
        # joining
        "concatenate": sp.concatenate,
        "concat": sp.concat,
        "stack": sp.stack,
        "unstack": sp.unstack,
        # indexing and searching
        "take": Adapter(_take),
        "nonzero": sp.nonzero,
        "argwhere": sp.argwhere,
        "sort": sp.sort,
        "unique_values": sp.unique_values,
        "unique_counts": sp.unique_counts,
        # products
        "dot": sp.dot,
        "tensordot": sp.tensordot,
        "einsum": sp.einsum,
        "kron": sp.kron,
        "outer": sp.outer,
        "vecdot": sp.vecdot,
        "diff": sp.diff,
        # ufuncs whose names differ from the library's array-API names
        "absolute": sp.abs, "arccos": sp.acos, "arccosh": sp.acosh, "arcsin": sp.asin,
        "arcsinh": sp.asinh, "arctan": sp.atan, "arctan2": sp.atan2, "arctanh": sp.atanh,
        "power": sp.pow, "invert": sp.bitwise_invert, "left_shift": sp.bitwise_left_shift,
        "right_shift": sp.bitwise_right_shift, "true_divide": sp.divide,
        "mod": sp.remainder,
    }
    for name in SAME_NAME_UFUNCS:
        table[name] = getattr(sp, name)
    for name in DENSIFYING:
        table[name] = Adapter(_densifies(name))
    return table


#: PyData/Sparse, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="sparse",
    module="sparse",
    types=_types,
    table=_table,
    prepare=_prepare,
    convert=_convert,
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
