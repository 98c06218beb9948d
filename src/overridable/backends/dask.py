"""The Dask backend: ``overridable.numpy`` served by ``dask.array``, lazily and chunked.

It owns ``dask.array.Array`` and absorbs NumPy arrays, scalars and dtypes, so
a call mixing Dask and NumPy arrays is served by Dask (the NumPy array
becomes one chunk of the graph). Creation functions (``ones``, ``zeros``,
``arange``, ``linspace``, ``eye``, ``asarray``) build chunked Dask arrays
with Dask's automatic chunking. FFTs rechunk the transformed axes into one
chunk each (Dask's FFT needs that). ``out=`` must be a Dask array: Dask
arrays are lazy, and writing into a NumPy array would compute the graph
behind the caller's back.

Use it as ``ov.set_backend(dask.array)``, ``ov.set_backend("dask")`` or
``ov.register_backend("dask")`` (then ``library_function(dask_array)``
returns a Dask array). Dask is imported on first use of the backend, not when
this module is imported.

This module imports NumPy and, lazily, ``dask.array``; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> with ov.set_backend("dask"):
...     x = unp.ones((10_000, 10_000))
>>> type(x).__name__, x.shape, x.npartitions > 1
('Array', (10000, 10000), True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._common import Adapter, Library, Native, build, decline, lazy_backend

__all__ = ["LIBRARY", "UFUNCS", "backend"]

#: NumPy's ufuncs that ``dask.array`` wraps under the same name (``dask.array.ufunc``
#: objects around the very same NumPy ufunc; a test checks each one).
UFUNCS: tuple[str, ...] = (
    "absolute", "add", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2",
    "arctanh", "bitwise_and", "bitwise_not", "bitwise_or", "bitwise_xor", "cbrt", "ceil",
    "conj", "copysign", "cos", "cosh", "deg2rad", "degrees", "divide", "equal", "exp",
    "exp2", "expm1", "fabs", "float_power", "floor", "floor_divide", "fmax", "fmin", "fmod",
    "greater", "greater_equal", "hypot", "invert", "isfinite", "isinf", "isnan", "ldexp",
    "left_shift", "less", "less_equal", "log", "log10", "log1p", "log2", "logaddexp",
    "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor", "maximum",
    "minimum", "mod", "multiply", "negative", "nextafter", "not_equal", "positive", "power",
    "rad2deg", "radians", "reciprocal", "remainder", "right_shift", "rint", "sign",
    "signbit", "sin", "sinh", "spacing", "sqrt", "square", "subtract", "tan", "tanh",
    "true_divide", "trunc",
)


def _dask_array() -> Any:
    import dask.array

    return dask.array


def _types() -> tuple[type, ...]:
    return (_dask_array().Array,)


def _out(out: Any) -> Any:
    da = _dask_array()

    if isinstance(out, da.Array):
        return out
    raise decline(f"the Dask backend takes only a Dask array as out=, not "
                  f"{type(out).__module__}.{type(out).__qualname__}: Dask arrays are lazy, and "
                  "filling a NumPy array would compute the graph; call .compute() and copy")


def _convert(value: Any, dispatch_type: Any) -> Any:
    """Under ``coerce=True``: any array-like becomes a one-chunk-per-auto-chunk Dask array."""
    da = _dask_array()

    if dispatch_type == "dtype":
        try:
            return np.dtype(value)
        except TypeError:
            return NotImplemented
    try:
        return da.asarray(np.asarray(value))
    except (TypeError, ValueError):
        return NotImplemented


def _single_chunk(a: Any, axes: Sequence[int] | None) -> Any:
    da = _dask_array()

    a = da.asarray(a)
    axes = range(a.ndim) if axes is None else axes
    return a.rechunk({ax % a.ndim: -1 for ax in axes})


def _fft1(function: Callable[..., Any]) -> Callable[..., Any]:
    def fft(a: Any, n: Any = None, axis: int = -1, norm: Any = None) -> Any:
        return function(_single_chunk(a, (axis,)), n=n, axis=axis, norm=norm)

    fft.__name__ = function.__name__
    return fft


def _fftn(function: Callable[..., Any], default_axes: Any) -> Callable[..., Any]:
    def fftn(a: Any, s: Any = None, axes: Any = default_axes, norm: Any = None) -> Any:
        a = _single_chunk(a, axes)
        if axes is None:
            axes = tuple(range(a.ndim))
        return function(a, s=s, axes=axes, norm=norm)

    fftn.__name__ = function.__name__
    return fftn


def _svd(a: Any, full_matrices: bool = True, compute_uv: bool = True,
         hermitian: bool = False) -> Any:
    da = _dask_array()

    a = da.asarray(a)
    if a.ndim != 2:
        raise decline("Dask's svd takes 2-d arrays only")
    if full_matrices and a.shape[0] != a.shape[1]:
        raise decline("Dask's svd computes the reduced SVD only: pass full_matrices=False")
    # Dask's tall-and-skinny SVD needs one chunk along the short axis.
    a = a.rechunk({1: -1}) if a.shape[0] >= a.shape[1] else a.rechunk({0: -1})
    u, s, vh = da.linalg.svd(a)
    return (u, s, vh) if compute_uv else s


def _qr(a: Any, mode: str = "reduced") -> Any:
    da = _dask_array()

    if mode != "reduced":
        raise decline(f"Dask's qr computes mode='reduced' only, not {mode!r}")
    a = da.asarray(a)
    return da.linalg.qr(a.rechunk({1: -1}))


def _cholesky(a: Any, /, *, upper: bool = False) -> Any:
    da = _dask_array()

    a = da.asarray(a)
    return da.linalg.cholesky(a.rechunk(max(a.chunks[0])), lower=not upper)


def _lstsq(a: Any, b: Any, rcond: Any = None) -> Any:
    da = _dask_array()

    if rcond is not None:
        raise decline("Dask's lstsq takes no rcond=")
    a = da.asarray(a)
    return da.linalg.lstsq(a.rechunk({1: -1}), da.asarray(b))


def _square_chunks(function: Callable[..., Any]) -> Callable[..., Any]:
    # Dask's solve and inv need square blocks.
    def call(a: Any, *rest: Any) -> Any:
        da = _dask_array()

        a = da.asarray(a)
        size = max(a.chunks[0])
        a = a.rechunk(size)
        return function(a, *(da.asarray(r).rechunk({0: size}) for r in rest))

    call.__name__ = function.__name__
    return call


def _clip(a: Any, min: Any = np._NoValue, max: Any = np._NoValue, out: Any = None, *,
          a_min: Any = np._NoValue, a_max: Any = np._NoValue, **kwargs: Any) -> Any:
    da = _dask_array()

    if out is not None or kwargs:
        raise decline("Dask's clip takes no out= or ufunc keywords")
    low = a_min if a_min is not np._NoValue else None if min is np._NoValue else min
    high = a_max if a_max is not np._NoValue else None if max is np._NoValue else max
    return da.clip(a, low, high)


def _gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    result = _dask_array().gradient(f, *varargs, axis=axis, edge_order=edge_order)
    # NumPy returns one array, not a list of one, for a single axis.
    return result[0] if isinstance(result, list) and len(result) == 1 else result


def _insert(arr: Any, obj: Any, values: Any, axis: Any = None) -> Any:
    da = _dask_array()
    arr = da.asarray(arr)
    if axis is None:
        arr, axis = arr.ravel(), 0  # NumPy's axis=None: insert into the flattened array
    if isinstance(values, list | tuple):
        values = da.asarray(np.asarray(values))  # not an object array of nested lists
    if np.ndim(obj) == 0 and np.ndim(values) == arr.ndim:
        # NumPy inserts values of the array's rank whole at a scalar index (its first axis
        # moved to axis); Dask would add an axis to them.
        values = da.moveaxis(da.asarray(values), 0, axis)
        obj = [obj] * values.shape[axis]
    return da.insert(arr, obj, values, axis=axis)


def _cov(m: Any, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: Any = None,
         fweights: Any = None, aweights: Any = None, *, dtype: Any = None) -> Any:
    da = _dask_array()
    if dtype is not None:
        # NumPy computes in dtype= (float32 stays float32 throughout), not only its result.
        m = da.asarray(m).astype(dtype)
        y = None if y is None else da.asarray(y).astype(dtype)
    return da.cov(m, y, rowvar=rowvar, bias=bias, ddof=ddof, fweights=fweights,
                  aweights=aweights)


def _table() -> dict[str, Any]:
    da = _dask_array()

    table: dict[str, Any] = {
        # creation: lazy and chunked ("auto" chunks); like= only selects the backend
        "ones": Native(da.ones, drop=("like", "device")),
        "zeros": Native(da.zeros, drop=("like", "device")),
        "empty": Native(da.empty, drop=("like", "device")),
        "full": Native(da.full, drop=("like", "device")),
        "arange": Native(da.arange, drop=("like", "device")),
        "linspace": Native(da.linspace, drop=("device",)),
        "eye": Native(da.eye, drop=("like", "device")),
        "asarray": Native(da.asarray, drop=("like", "device")),
        "array": Native(da.array, drop=("like",)),
        "zeros_like": Native(da.zeros_like, drop=("device",)),
        "ones_like": Native(da.ones_like, drop=("device",)),
        "empty_like": Native(da.empty_like, drop=("device",)),
        "full_like": Native(da.full_like, drop=("device",)),
        "tri": da.tri,
        "indices": da.indices,
        "meshgrid": da.meshgrid,
        "diag": da.diag,
        "fromfunction": da.fromfunction,
        # reductions
        "sum": da.sum, "prod": da.prod, "mean": da.mean, "std": da.std, "var": da.var,
        "max": da.max, "min": da.min, "amax": da.max, "amin": da.min,
        "all": da.all, "any": da.any, "argmax": da.argmax, "argmin": da.argmin,
        "cumsum": da.cumsum, "cumprod": da.cumprod, "nansum": da.nansum,
        "nanprod": da.nanprod, "nanmean": da.nanmean, "nanstd": da.nanstd,
        "nanvar": da.nanvar, "nanmax": da.nanmax, "nanmin": da.nanmin,
        "nanargmax": da.nanargmax, "nanargmin": da.nanargmin, "nancumsum": da.nancumsum,
        "nancumprod": da.nancumprod, "median": da.median, "nanmedian": da.nanmedian,
        "ptp": da.ptp, "average": da.average, "count_nonzero": da.count_nonzero,
        "trace": da.trace, "bincount": da.bincount, "histogram": da.histogram,
        # elementwise functions that are not ufuncs
        "clip": Adapter(_clip), "where": da.where, "round": da.round, "around": da.around,
        "isclose": da.isclose, "allclose": da.allclose, "real": da.real, "imag": da.imag,
        "angle": da.angle, "nan_to_num": da.nan_to_num, "fix": da.fix, "isreal": da.isreal,
        "iscomplex": da.iscomplex, "i0": da.i0, "sinc": da.sinc,
        # shape and order
        "reshape": da.reshape, "transpose": da.transpose, "ravel": da.ravel,
        "squeeze": da.squeeze, "expand_dims": da.expand_dims, "moveaxis": da.moveaxis,
        "swapaxes": da.swapaxes, "rollaxis": da.rollaxis, "broadcast_to": da.broadcast_to,
        "broadcast_arrays": da.broadcast_arrays, "atleast_1d": da.atleast_1d,
        "atleast_2d": da.atleast_2d, "atleast_3d": da.atleast_3d, "flip": da.flip,
        "fliplr": da.fliplr, "flipud": da.flipud, "roll": da.roll, "rot90": da.rot90,
        "tril": da.tril, "triu": da.triu, "diagonal": da.diagonal, "tile": da.tile,
        "repeat": da.repeat, "pad": da.pad,
        # joining and splitting
        "concatenate": da.concatenate, "stack": da.stack, "block": da.block,
        "vstack": da.vstack, "hstack": da.hstack, "dstack": da.dstack,
        "append": da.append, "insert": Adapter(_insert),
        "delete": da.delete,
        # indexing and searching
        "take": da.take, "compress": da.compress, "extract": da.extract, "choose": da.choose,
        "select": da.select, "piecewise": da.piecewise, "nonzero": da.nonzero,
        "flatnonzero": da.flatnonzero, "argwhere": da.argwhere, "searchsorted": da.searchsorted,
        "digitize": da.digitize, "isin": da.isin, "unique": da.unique,
        "unravel_index": da.unravel_index, "ravel_multi_index": da.ravel_multi_index,
        "apply_along_axis": da.apply_along_axis, "apply_over_axes": da.apply_over_axes,
        # products and statistics
        "dot": da.dot, "vdot": da.vdot, "tensordot": da.tensordot, "einsum": da.einsum,
        "outer": da.outer, "cov": Adapter(_cov), "corrcoef": da.corrcoef, "diff": da.diff,
        "ediff1d": da.ediff1d, "gradient": Adapter(_gradient), "percentile": da.percentile,
        "shape": da.shape, "ndim": da.ndim, "result_type": da.result_type,
        # linalg
        "linalg.solve": _square_chunks(da.linalg.solve),
        "linalg.inv": _square_chunks(da.linalg.inv),
        "linalg.norm": da.linalg.norm,
        "linalg.svd": Adapter(_svd),
        "linalg.qr": Adapter(_qr),
        "linalg.cholesky": Adapter(_cholesky),
        "linalg.lstsq": Adapter(_lstsq),
        # fft: Dask transforms along axes held in one chunk
        "fft.fftfreq": Native(da.fft.fftfreq, drop=("device",)),
        "fft.rfftfreq": Native(da.fft.rfftfreq, drop=("device",)),
        "fft.fftshift": da.fft.fftshift,
        "fft.ifftshift": da.fft.ifftshift,
    }
    for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft"):
        table[f"fft.{name}"] = _fft1(getattr(da.fft, name))
    for name in ("fftn", "ifftn", "rfftn", "irfftn"):
        table[f"fft.{name}"] = _fftn(getattr(da.fft, name), None)
    for name in ("fft2", "ifft2", "rfft2", "irfft2"):
        table[f"fft.{name}"] = _fftn(getattr(da.fft, name), (-2, -1))
    for name in UFUNCS:
        table[name] = getattr(da, name)
    return table


#: Dask, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="dask",
    module="dask.array",
    types=_types,
    table=_table,
    convert=_convert,
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
