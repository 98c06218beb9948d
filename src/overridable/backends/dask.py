"""The Dask backend: ``overridable.numpy`` served by ``dask.array``, lazily and chunked.

It owns ``dask.array.Array`` and absorbs NumPy arrays, scalars and dtypes, so
a call mixing Dask and NumPy arrays is served by Dask (the NumPy array
becomes one chunk of the graph). Creation functions (``ones``, ``zeros``,
``arange``, ``linspace``, ``eye``, ``asarray``) build chunked Dask arrays
with Dask's automatic chunking. FFTs rechunk the transformed axes into one
chunk each (Dask's FFT needs that). ``out=`` must be a Dask array: Dask
arrays are lazy, and writing into a NumPy array would compute the graph
behind the caller's back.

Lists and tuples passed as arrays become Dask arrays, as NumPy takes
array-likes. NumPy's arguments that ``dask.array`` lacks are implemented
with NumPy's meaning where that stays lazy (``where=`` and ``initial=`` of
reductions, ``order="F"`` of ``reshape``, ``dtype=`` of joins, ``axis=None``
meaning "flattened", array ``fill_value``, ``asarray(copy=False)``'s refusal,
products in the operands' dtype) and declined, naming the argument, where it
cannot (``unique(axis=)``). Where ``dask.array`` has a function with NumPy's
meaning and values (``flip``, ``isclose``, ``nansum``, ...), it serves: its graph
is Dask's own. A function whose Dask version answers otherwise than NumPy
(``roll`` of broadcast shifts, ``tril`` of a vector) is left
to its default (written once in ``overridable.numpy`` over other functions,
lazily on Dask), and so is a call that Dask's own function declines
(``mean(where=)``, ``var(mean=)``, ``linspace`` of arrays).

Linear algebra: Dask's own for one matrix where it has it (``solve``,
``inv``, ``cholesky``, ``lstsq``, ``qr``, the reduced ``svd``), rechunked into
the blocks each needs; everything else (``det``, ``eigh``, ``pinv``, stacks of
matrices, ...) matrix by matrix, with ``dask.array.apply_gufunc``: each
matrix's axes in one chunk, each chunk served by its own backend. ``eig``
and ``eigvals`` compute the eigenvalues (persisted): NumPy's answer is real
only when all of them are.

A few answers need values, as NumPy's do, and compute them (only them):
``histogram`` with a number of bins and no ``range`` computes the data's min
and max; ``repeat`` with per-element counts held in a Dask array computes
the counts; quantiles with ``q`` in a Dask array compute ``q``. ``median``
and the quantiles with ``axis=None`` rechunk the data into one chunk, which
NumPy's answer needs. ``argwhere``, ``nonzero`` and ``unique`` give Dask's
lazy answer, whose length is unknown until computed.

Elementwise functions and ufuncs that ``dask.array`` lacks (:data:`INNER`:
``gcd``, ``i0``, ``nan_to_num`` with its keywords, ...) are applied chunk by
chunk with :func:`map_inner`: the ``overridable.numpy`` function is called on
each chunk by the backend of the chunk's type, so Dask of NumPy, of
PyData/Sparse and of CuPy each get their own library's answer.

``random`` draws with ``dask.array.random``, lazily and chunked (another
stream than NumPy's for the same seed): the legacy functions draw from a
``RandomState`` held by this backend (:func:`random_state`), which
``unp.random.seed(s)`` replaces, and ``default_rng`` gives a
``dask.array.random.Generator``, whose methods ``unp.random.Generator.<m>``
reach (``overridable.backends._dask_random``).

Use it as ``ov.set_backend(dask.array)``, ``ov.set_backend("dask")`` or
``ov.register_backend("dask")`` (then ``library_function(dask_array)``
returns a Dask array). Dask is imported on first use of the backend, not when
this module is imported.

This module imports NumPy and, lazily, ``dask.array`` and
``array_api_compat.dask.array``; nothing else.

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

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _dask_random as _random
from . import _semantics as sem
from ._common import (
    PYTHON_SCALARS,
    Adapter,
    Library,
    Native,
    array_api_info,
    build,
    converter,
    decline,
    importer,
    lazy_backend,
    out_given,
    takes_no,
)
from ._dask_chunks import MATRICES as _MATRICES
from ._dask_chunks import Blockwise, chunk_backend, map_inner
from ._dask_chunks import as_dask as _as_dask
from ._dask_chunks import contains_dask as _contains_dask
from ._dask_chunks import matrices as _matrices
from ._dask_chunks import multimethod as _multimethod
from ._dask_random import GENERATOR_METHODS, RANDOM, random_state
from .fft import TRANSFORMS

__all__ = [
    "GENERATOR_METHODS", "INNER", "LIBRARY", "RANDOM", "SAME", "UFUNCS", "Blockwise", "backend",
    "chunk_backend", "map_inner", "random_state",
]

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


#: NumPy's functions that ``dask.array`` has under the same name, with NumPy's meaning and
#: parameters (those Dask lacks decline by name, then a default serves the call where it
#: can). Most have a default too, kept as Dask's for Dask's own graph (fewer layers, the
#: chunks of ``a`` kept by ``*_like``, ``diag``'s diagonal blocks alone), or a lazy answer
#: where the default computes one (``allclose``, ``average``'s weight check); tests check
#: them against NumPy. (``roll``, ``tril``, ``triu``, ``ediff1d``: Dask's differ; ``vdot``'s
#: dtype is made NumPy's.)
SAME: tuple[str, ...] = (
    "all", "allclose", "angle", "any", "append", "apply_along_axis", "apply_over_axes",
    "argmax", "argmin", "around", "atleast_1d", "atleast_2d", "atleast_3d", "average",
    "block", "broadcast_arrays", "broadcast_to", "choose", "compress",
    "corrcoef", "count_nonzero", "cumprod", "cumsum", "diag", "diagonal", "digitize",
    "divmod", "dstack", "expand_dims", "extract", "fix", "flatnonzero",
    "fliplr", "flipud", "frexp", "imag", "indices", "isclose", "iscomplex", "isin",
    "isneginf", "isposinf", "isreal", "mean", "meshgrid", "modf", "moveaxis", "nanargmax",
    "nanargmin", "nanmean", "nanprod", "nanstd", "nansum", "nanvar",
    "outer", "pad", "piecewise", "ptp", "ravel", "ravel_multi_index", "real",
    "rollaxis", "rot90", "round", "select", "squeeze", "stack", "std", "tile",
    "trace", "transpose", "tri", "tril_indices", "tril_indices_from",
    "triu_indices", "triu_indices_from", "union1d", "var", "vstack",
)


_dask_array = importer("dask.array")
_compat = importer("array_api_compat.dask.array")


def _ufunc(name: str) -> Native:
    """Dask's ufunc ``name`` with the keywords it takes shown: ``out=``, ``where=`` and
    ``dtype=`` (``dask.array.core.elemwise``'s); the others (``casting=``, ``order=``,
    ``subok=``, ``signature=``) decline by name when given other than NumPy's default, so
    the call goes on to the next backend or the default, where Dask's own ufunc raised a
    TypeError."""
    function = getattr(_dask_array(), name)

    def call(*args: Any, out: Any = None, where: Any = True, dtype: Any = None) -> Any:
        return function(*args, out=out, where=where, dtype=dtype)

    call.__name__ = call.__qualname__ = name
    return Native(call)


def _types() -> tuple[type, ...]:
    import overridable.numpy.random as unp_random

    da = _dask_array()
    # Dask's generators are owned, so unp.random.Generator.normal(dask_rng) reaches Dask.
    unp_random.Generator.register(da.random.Generator)
    return (da.Array, da.random.Generator, da.random.RandomState)


def _out(out: Any) -> Any:
    da = _dask_array()

    if isinstance(out, da.Array):
        return out
    raise decline(f"the Dask backend takes only a Dask array as out=, not "
                  f"{type(out).__module__}.{type(out).__qualname__}: Dask arrays are lazy, and "
                  "filling a NumPy array would compute the graph; call .compute() and copy")


def _fft(function: Callable[..., Any], default_axes: Any) -> Callable[..., Any]:
    # Dask transforms along axes held in one chunk each: 1-d transforms (default_axes
    # (-1,)) along axis=, the others along axes= (default_axes; None: every axis).
    def fft(a: Any, **kwargs: Any) -> Any:
        a, axes = _as_dask(a), default_axes
        if axes == (-1,):
            axes = (kwargs.get("axis", -1),)
        else:
            axes = kwargs.get("axes", axes)
            kwargs["axes"] = axes = tuple(range(a.ndim)) if axes is None else axes
        return function(a.rechunk({ax % a.ndim: -1 for ax in axes}), **kwargs)

    fft.__name__ = function.__name__
    return fft


_ROOTS = ("dask: roots' result depends on the coefficients' values (its length drops their "
          "leading zeros, its dtype is complex only when a root is), which a lazy Dask array "
          "cannot know before it is computed; compute the coefficients first: "
          "unp.roots(p.compute())")


def _gradient_kernel(block: Any, coordinates: Any, axis: int, edge_order: Any) -> Any:
    # One chunk's gradient along axis, its coordinates (with the chunk's overlap) beside it.
    return np.gradient(block, coordinates.reshape(-1), axis=axis, edge_order=edge_order)


def _gradient_along(f: Any, axis: int, spacing: Any, edge_order: int) -> Any:
    """NumPy's gradient of ``f`` along ``axis``: Dask's for a scalar spacing or NumPy's
    coordinates; for coordinates in a Dask array, NumPy's gradient of each chunk with its
    coordinates, both overlapping their neighbours by one element (what NumPy's central
    differences read), lazily."""
    da = _dask_array()
    if not isinstance(spacing, da.Array):
        return da.gradient(f, spacing, axis=axis, edge_order=edge_order)
    if spacing.ndim != 1:
        raise ValueError("distances must be either scalars or 1d")
    if np.isnan(spacing.shape[0]):
        raise decline("the Dask backend's gradient needs the length of the coordinates")
    if spacing.shape[0] != f.shape[axis]:
        raise ValueError("when 1d, distances must match the length of the corresponding "
                         "dimension")
    coordinates = spacing.rechunk((f.chunks[axis],)).reshape(
        tuple(-1 if ax == axis else 1 for ax in range(f.ndim)))
    dtype = f.dtype if f.dtype.kind in "fc" else np.dtype(np.float64)
    return da.map_overlap(_gradient_kernel, f, coordinates, depth={axis: 1}, boundary="none",
                          align_arrays=False, dtype=dtype, meta=_meta(f._meta, f.ndim, dtype),
                          axis=axis, edge_order=edge_order)


def _gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    from numpy.lib.array_utils import normalize_axis_tuple

    f = _as_dask(f)
    axes = tuple(range(f.ndim)) if axis is None else normalize_axis_tuple(axis, f.ndim)
    spacing = sem.gradient_spacing(varargs, len(axes))
    if spacing is None:  # scalars and arrays mixed: Dask takes each, 0-d arrays as floats
        spacing = [float(v) if np.ndim(v) == 0 else v for v in varargs]
    spacing = spacing if isinstance(spacing, list) else [spacing] * len(axes)
    if any(np.isnan(f.shape[ax]) for ax in axes):
        raise decline("dask.array.gradient needs the lengths of the axes' chunks")
    # Dask needs each chunk along the axes at least edge_order + 1 long: chunks of that
    # length at least, the remainder joined to the last.
    size, chunks = int(edge_order) + 1, {}
    for ax in axes:
        if min(f.chunks[ax]) < size <= f.shape[ax]:
            n, c = f.shape[ax], max(size, *f.chunks[ax])
            chunks[ax] = (c,) * (n // c - 1) + (c + n % c,)
    f = f.rechunk(chunks) if chunks else f
    result = [_gradient_along(f, ax, s, edge_order) for ax, s in zip(axes, spacing, strict=True)]
    if f.dtype == np.float16:  # (Dask's in float64)
        result = [r.astype(f.dtype) for r in result]
    # NumPy returns one array, not a list of one, for a single axis.
    return result[0] if len(result) == 1 else result


def _along(a: Any, axis: Any) -> tuple[Any, Any]:
    """``a`` as a Dask array, and NumPy's ``axis=None``: axis 0 of the flattened array."""
    a = _as_dask(a)
    return (a.ravel(), 0) if axis is None else (a, axis)


def _insert(arr: Any, obj: Any, values: Any, axis: Any = None) -> Any:
    da = _dask_array()
    arr, axis = _along(arr, axis)
    if isinstance(values, list | tuple):
        values = da.asarray(np.asarray(values))  # not an object array of nested lists
    values = da.asarray(values).astype(arr.dtype)  # NumPy's: the values cast to arr's dtype
    if np.ndim(obj) == 0 and np.ndim(values) == arr.ndim:
        # NumPy inserts values of the array's rank whole at a scalar index (its first axis
        # moved to axis); Dask would add an axis to them.
        values = da.moveaxis(da.asarray(values), 0, axis)
        obj = [obj] * values.shape[axis]
    return da.insert(arr, obj, values, axis=axis)


def _nan_degrees(function: Any) -> Any:
    """Dask's ``nanvar`` or ``nanstd`` with NumPy's NaN where a slice has no degrees of
    freedom left (``_semantics.nan_degrees``), where Dask's is the sum / 0; with a ``ddof``
    only (lazily: one more graph step)."""
    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(a, *args, **kwargs)
        ddof, where = kwargs.get("ddof", 0), kwargs.get("where")
        a = _prepare(a)
        if not ddof or (where is not None and where is not True) \
                or np.dtype(a.dtype).kind not in "fc":
            return result
        da = _dask_array()
        n = da.sum(~da.isnan(a), axis=kwargs.get("axis"),
                   keepdims=bool(kwargs.get("keepdims", False)))
        return sem.nan_degrees(da, result, n, ddof)

    return call


def _prepare(value: Any) -> Any:
    """Array arguments of ``Native`` calls: lists and tuples become Dask arrays, as NumPy
    takes array-likes; a list holding Dask arrays is left to the function (``block``)."""
    if type(value) in (list, tuple) and not _contains_dask(value):
        return _dask_array().asarray(np.asarray(value))
    return value


def _with_out(result: Any, out: Any, nout: int | None = None) -> Any:
    """``out=``, a Dask array, made to hold ``result`` (Dask's own ``handle_out``); a tuple
    only for a ufunc of ``nout`` outputs (:func:`out_given`)."""
    if not out_given(out, nout):
        return result
    from dask.array.core import handle_out

    target = out[0] if isinstance(out, tuple) and len(out) == 1 else out
    return handle_out(_out(target), result)  # type: ignore[no-untyped-call]


# -- reductions: where= and initial= with NumPy's meaning (_semantics.reduction) --------


def _dask_arguments(a: Any, where: Any, out: Any, kwargs: dict[str, Any]) -> Any:
    # A reduction's arguments (_semantics.reduction): a as a Dask array.
    return _as_dask(a), where, kwargs


def _quantile(function: Callable[..., Any], scale: float | None = None) -> Callable[..., Any]:
    # Dask's median and quantiles need an axis: NumPy's axis=None is every axis (the data
    # in one chunk, which NumPy's answer needs); Dask's quantile is exact along axes held
    # in one chunk (it rechunks). (Dask's percentile of a 1-d array is approximate: not
    # used.) overwrite_input only allows NumPy to use its input as scratch space.
    def quantile(a: Any, *q: Any, axis: Any = None, out: Any = None,
                 overwrite_input: bool = False, method: str = "linear",
                 keepdims: Any = False, weights: Any = None) -> Any:
        a = _as_dask(a)
        kwargs = {} if weights is None else {"weights": _as_dask(weights)}
        dtype = None
        if scale is not None:  # q, a few values giving the output's shape, as fractions
            kwargs["method"] = method
            values = q[0].compute() if isinstance(q[0], _dask_array().Array) else q[0]
            # NumPy's dtype: a Python number q is weak (float32 data stay float32)
            dtype = sem.quantile_dtype(np.dtype(a.dtype), values if type(values) in
                                       PYTHON_SCALARS else np.asarray(values).dtype, method)
            q = (sem.quantile_fractions(np, np.asarray(values), scale),)
        axis = tuple(range(a.ndim)) if axis is None else axis
        kwargs["keepdims"] = sem.keepdims_of(keepdims)
        result = function(a, *q, axis=axis, **kwargs)
        if dtype is not None and result.dtype != dtype:
            result = result.astype(dtype)
        return _with_out(result, out)

    quantile.__name__ = function.__name__
    return quantile


# -- joining, shape --------------------------------------------------------------------


def _concatenate(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: str = "same_kind") -> Any:
    parts = [_as_dask(x) for x in arrays]
    target = sem.join_dtype([p.dtype for p in parts], dtype, casting)
    parts = parts if dtype is None else [p.astype(target) for p in parts]
    if axis is None:
        parts, axis = [p.ravel() for p in parts], 0  # NumPy's axis=None: flattened first
    return _with_out(_dask_array().concatenate(parts, axis=axis), out)


def _reshape_c(a: Any, shape: tuple[int, ...]) -> Any:
    da = _dask_array()
    try:
        return da.reshape(a, shape)
    except NotImplementedError:
        # Dask splits or merges axes only evenly: through the flattened array, any shape.
        return da.reshape(a.ravel(), shape)


def _reshape(a: Any, /, shape: Any, order: str = "C", *, copy: Any = None) -> Any:
    # copy= is about memory: a Dask array is immutable, so a view and a copy read the same.
    return sem.reshape(_compat(), _as_dask(a), shape, order, _reshape_c)


def _full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
          device: Any = None, like: Any = None) -> Any:
    da = _dask_array()
    takes_no("dask.array.full", "order", order, "C")
    dtype = None if dtype is None else np.dtype(dtype)  # NumPy's error for an unknown one
    if np.ndim(fill_value) == 0 and not isinstance(fill_value, da.Array):
        return da.full(shape, fill_value, dtype=dtype)
    fill = _as_dask(fill_value)  # an array fill value is broadcast, as NumPy does
    return sem.full(da, shape, fill if dtype is None else fill.astype(dtype)).rechunk("auto")


def _asarray(a: Any, dtype: Any = None, order: Any = None, *, device: Any = None,
             copy: Any = None, like: Any = None) -> Any:
    # Dask arrays are immutable: a copy and a view read alike, so of copy= only NumPy's
    # refusal remains (copy=False where a new array is needed: a list, another dtype).
    # order= is about memory, which Dask arrays do not have.
    takes_no("the Dask backend's asarray", "device", device, None, "cpu")
    if copy is False and (not isinstance(a, _dask_array().Array | np.ndarray)
                          or (dtype is not None and np.dtype(dtype) != a.dtype)):
        raise ValueError("Unable to avoid copy while creating an array as requested.")
    return _dask_array().asarray(a, dtype=dtype)


# -- indexing, searching, differences ----------------------------------------------------


def _delete(arr: Any, obj: Any, axis: Any = None) -> Any:
    arr, axis = _along(arr, axis)
    return _dask_array().delete(arr, obj, axis)


def _take(a: Any, indices: Any, axis: Any = None, out: Any = None, mode: str = "raise") -> Any:
    da = _dask_array()
    if not isinstance(indices, da.Array):
        indices = np.asarray(indices)
    index_xp = da if isinstance(indices, da.Array) else np
    if indices.ndim != 1:  # Dask's 1-d take of them flattened, reshaped (sem.take)
        return _with_out(sem.take(da, _as_dask(a), indices, axis, mode, index_xp), out)
    a, axis = _along(a, axis)  # (1-d Dask indices may be of unknown length)
    indices = sem.take_indices(index_xp, indices, a.shape[axis], mode)
    return _with_out(da.take(a, indices, axis=axis), out)


def _bincount(x: Any, /, weights: Any = None, minlength: int = 0) -> Any:
    # Dask needs the weights in x's chunks.
    x = _as_dask(x)
    if weights is not None:
        weights = _as_dask(weights).rechunk(x.chunks)
    return _dask_array().bincount(x, weights=weights, minlength=minlength)


def _repeat(a: Any, repeats: Any, axis: Any = None) -> Any:
    da = _dask_array()
    a, axis = _along(a, axis)
    if isinstance(repeats, da.Array):
        repeats = repeats.compute()  # the output's shape depends on the counts' values
    if np.ndim(repeats) == 0:
        return da.repeat(a, int(repeats), axis=axis)
    length = a.shape[axis]
    if np.isnan(length):
        raise decline("dask.array.repeat takes per-element repeats only along an axis of "
                      "known length")
    # Per-element counts: take each index as often as it repeats (lazy, exact).
    index = np.repeat(np.arange(length), np.broadcast_to(np.asarray(repeats), (length,)))
    return da.take(a, index, axis=axis)


def _product(name: str) -> Callable[..., Any]:
    # Dask sums products in the sum's dtype (uint64 for uint8, int64 for bool); NumPy's is
    # the operands' (or dtype=): integers wrap alike, and booleans summed then cast back
    # are their any(), so the cast gives NumPy's values. dot of a scalar multiplies.
    def product(*args: Any, out: Any = None, dtype: Any = None, **kwargs: Any) -> Any:
        da = _dask_array()
        if name == "einsum" and not isinstance(args[0], str):
            raise decline("the Dask backend's einsum takes its subscripts as a string")
        args = tuple(a if isinstance(a, str) else _as_dask(a) for a in args)
        arrays = [a for a in args if not isinstance(a, str)]
        scalar = name == "dot" and any(a.ndim == 0 for a in arrays)
        function = da.multiply if scalar else getattr(da, name)
        result = function(*args, **kwargs, **({} if dtype is None else {"dtype": dtype}))
        common = np.result_type(*(a.dtype for a in arrays)) if dtype is None else dtype
        return _with_out(result if result.dtype == common else result.astype(common), out,
                         getattr(_multimethod(name), "nout", None))

    product.__name__ = name
    return product


def _searchsorted(a: Any, v: Any, side: str = "left", sorter: Any = None) -> Any:
    da = _dask_array()
    v = _as_dask(v)
    sorter = None if sorter is None else _as_dask(sorter)
    found = da.searchsorted(_as_dask(a), da.atleast_1d(v), side=side, sorter=sorter)
    return found[0] if v.ndim == 0 else found


def _unravel_index(indices: Any, shape: Any, order: str = "C") -> Any:
    return _dask_array().unravel_index(_as_dask(indices), shape, order=order)


def _argwhere(a: Any) -> Any:
    da = _dask_array()
    a = _as_dask(a)
    if a.ndim == 0:
        return da.argwhere(a.reshape(1))[:, :0]  # NumPy: shape (1, 0) or (0, 0)
    return da.argwhere(a)  # rows: unknown until computed (Dask's lazy answer)


def _unique(ar: Any, return_index: bool = False, return_inverse: bool = False,
            return_counts: bool = False, axis: Any = None, *, equal_nan: bool = True,
            sorted: bool = True) -> Any:
    da = _dask_array()
    takes_no("dask.array.unique", "axis", axis, None)
    takes_no("dask.array.unique", "equal_nan", equal_nan, True)
    ar = _as_dask(ar)
    # sorted=False lets NumPy return any order: sorted is one.
    result = da.unique(ar.ravel(), return_index=return_index, return_inverse=return_inverse,
                       return_counts=return_counts)
    if return_inverse and ar.ndim != 1:
        at = 1 + return_index  # NumPy 2: the inverse has the input's shape
        result = (*result[:at], result[at].reshape(ar.shape), *result[at + 1:])
    return result


def _data_range(a: Any) -> tuple[float, float]:
    # NumPy's range for a number of bins: the data's min and max (computed here, as
    # NumPy's answer needs them), as _semantics.bin_range widens them.
    from dask.base import compute

    if a.size == 0:
        return 0.0, 1.0
    return sem.bin_range(*compute(a.min(), a.max()))  # type: ignore[no-untyped-call]


def _histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None,
               weights: Any = None) -> Any:
    da = _dask_array()
    a = _as_dask(a)
    if isinstance(bins, str):
        raise decline(f"dask.array.histogram takes no bins={bins!r} (a count or edges)")
    if np.ndim(bins) == 0 and range is None:
        range = _data_range(a)
    weights = None if weights is None else _as_dask(weights).rechunk(a.chunks)
    hist, edges = da.histogram(a, bins=bins, range=range, density=density, weights=weights)
    edges = _as_dask(edges)
    if np.ndim(bins) == 0:  # a count's edges: NumPy's dtype (float32 for float32)
        edges = edges.astype(sem.histogram_edges_dtype(a.dtype))
    return hist, edges


def _histogramdd(sample: Any, bins: Any = 10, range: Any = None, density: Any = None,
                 weights: Any = None) -> Any:
    da = _dask_array()
    if isinstance(sample, list | tuple):
        sample = da.stack([_as_dask(s) for s in sample], axis=1)
    sample = _as_dask(sample)
    if sample.ndim == 1:
        sample = sample[:, None]
    sample = sample.rechunk({1: -1})
    dims = sample.shape[1]
    if isinstance(bins, str) or (isinstance(bins, list | tuple)
                                 and any(isinstance(b, str) for b in bins)):
        raise decline(f"dask.array.histogramdd takes no bins={bins!r} (counts or edges)")
    given = [False] * dims if range is None else [r is not None for r in range]
    bins, range = sem.histogram_bins(bins, range, dims, lambda i: _data_range(sample[:, i]))
    weights = None if weights is None else _as_dask(weights).rechunk({0: sample.chunks[0]})
    hist, edges = da.histogramdd(sample, bins=bins, range=range, density=density,
                                 weights=weights)
    # a count's edges in NumPy's dtype (float32 for float32 without a range)
    return hist, [e.astype(sem.histogram_edges_dtype(sample.dtype, g)) if np.ndim(b) == 0
                  else e for e, b, g in zip(edges, bins, given, strict=True)]


def _histogram2d(*args: Any, **kwargs: Any) -> Any:
    return sem.histogram2d(_histogramdd, *args, **kwargs)


# -- linalg: Dask's own for one matrix where it has it, else each matrix in one chunk ----


def _complex_eig(a: Any, vectors: bool) -> Any:
    # One chunk's eigenvalues (and vectors), complex whatever they are: one dtype for all.
    import overridable.numpy as unp

    result: Any = unp.linalg.eig(a) if vectors else (unp.linalg.eigvals(a),)
    cast = [unp.astype(r, unp.result_type(result[0].dtype, 1j)) for r in result]
    return type(result)(*cast) if vectors else cast[0]


def _eig(vectors: bool) -> Callable[..., Any]:
    # NumPy's eigenvalues (and vectors) are real when all the eigenvalues are: computed
    # (and kept: persisted) to know it.
    def eig(a: Any) -> Any:
        import functools

        from dask.base import persist

        complex_eig = functools.update_wrapper(
            functools.partial(_complex_eig, vectors=vectors), _complex_eig)
        result = _matrices(complex_eig, "(m,m)->(m),(m,m)" if vectors else "(m,m)->(m)")(a)
        parts = persist(*result) if vectors else persist(result)  # type: ignore[no-untyped-call]
        values = sem.real_if_all_real(_dask_array(), *parts)
        return type(result)(*values) if vectors else values

    return eig


def _solve(a: Any, b: Any = None) -> Any:
    # Dask's solve takes one matrix in square blocks of one size: the largest row chunk
    # where it divides the matrix, else the matrix in one chunk. inv (b None) solves
    # a x = I, the identity in a's dtype (Dask's inv: in float64). Stacks of matrices and
    # empty ones (inv): each matrix in one chunk, inverted by the chunk's backend.
    da = _dask_array()
    a = _as_dask(a)
    if b is None and (a.ndim > 2 or 0 in a.shape):
        return _matrices("linalg.inv", _MATRICES["inv"])(a)
    if a.ndim != 2:
        raise decline("the Dask backend's linalg.solve takes one matrix (2-d), not a stack")
    n, size = a.shape[0], max(a.chunks[0], default=0)
    size = size if size and n % size == 0 else n
    b = da.eye(n, chunks=size, dtype=a.dtype) if b is None else _as_dask(b)
    dtype = np.result_type(a.dtype, b.dtype)  # NumPy's: integers in float64, as Dask's not
    dtype = np.dtype(np.float64) if dtype.kind in "biu" else dtype
    return da.linalg.solve(a.rechunk(size), b.rechunk({0: size})).astype(dtype)


def _svd(a: Any, full_matrices: bool = True, compute_uv: bool = True,
         hermitian: bool = False) -> Any:
    a = _as_dask(a)
    if a.ndim != 2 or (compute_uv and full_matrices and a.shape[0] != a.shape[1]):
        signature = ("(m,n)->(k)" if not compute_uv else "(m,n)->(m,m),(k),(n,n)"
                     if full_matrices else "(m,n)->(m,k),(k),(k,n)")
        return _matrices("linalg.svd", signature)(
            a, full_matrices=full_matrices, compute_uv=compute_uv, hermitian=hermitian)
    # Dask's tall-and-skinny SVD needs one chunk along the short axis. (hermitian= only
    # lets NumPy use eigh: the same singular values.)
    a = a.rechunk({1: -1}) if a.shape[0] >= a.shape[1] else a.rechunk({0: -1})
    u, s, vh = _dask_array().linalg.svd(a)
    return sem.SVDResult(u, s, vh) if compute_uv else s


def _svdvals(x: Any, /) -> Any:
    return _svd(x, full_matrices=False, compute_uv=False)


def _qr(a: Any, mode: str = "reduced") -> Any:
    da = _dask_array()
    a = _as_dask(a)
    if mode not in ("reduced", "complete", "r"):
        raise decline(f"Dask's qr computes mode='reduced', 'complete' and 'r', not {mode!r}")
    if a.ndim > 2:
        signature = {"reduced": "(m,n)->(m,k),(k,n)", "complete": "(m,n)->(m,m),(m,n)",
                     "r": "(m,n)->(k,n)"}[mode]
        return _matrices("linalg.qr", signature)(a, mode=mode)
    m, n = a.shape
    if mode == "complete" and m > n:
        return sem.complete_qr(_compat(), a, _qr)
    # ('complete' is 'reduced' when the matrix is square or wide.)
    # Dask's QR: tall matrices in one column of blocks; wide ones in one row of blocks
    # whose first column block is at least as wide as the matrix is tall.
    a = a.rechunk({0: -1, 1: max(m, a.chunks[1][0])}) if m <= n else a.rechunk({1: -1})
    q, r = da.linalg.qr(a)
    return r if mode == "r" else sem.QRResult(q, r)


def _cholesky(a: Any, /, *, upper: bool = False) -> Any:
    # Dask's takes one matrix, in square chunks of one size: the least divisor of the
    # matrix's order no shorter than its longest chunk. Stacks go matrix by matrix.
    a = _as_dask(a)
    if a.ndim != 2:
        return _matrices("linalg.cholesky", "(m,m)->(m,m)")(a, upper=upper)
    if any(np.isnan(a.shape)):
        raise decline("dask.array.linalg.cholesky needs the matrix's shape")
    n, c = a.shape[0], max(1, *a.chunks[0], *a.chunks[-1])
    size = next((d for d in range(c, n) if n % d == 0), -1)
    return _dask_array().linalg.cholesky(a.rechunk(size), lower=not upper)


def _cov(m: Any, y: Any = None, rowvar: bool = True, bias: bool = False, ddof: Any = None,
         fweights: Any = None, aweights: Any = None, *, dtype: Any = None) -> Any:
    # Dask's computes in float64 (complex128) whatever dtype= asks: NumPy's inputs cast to
    # dtype, the answer cast back to it (computed more precisely).
    da = _dask_array()
    if dtype is None:
        return da.cov(m, y, rowvar, bias, ddof, fweights, aweights)
    dtype = np.dtype(dtype)
    if dtype.kind not in "fc":  # NumPy's error: the mean is subtracted in dtype
        raise TypeError("Cannot cast ufunc 'subtract' output from dtype('float64') to "
                        f"dtype({str(dtype)!r}) with casting rule 'same_kind'")
    m, y = (None if v is None else _as_dask(v).astype(dtype) for v in (m, y))
    return da.cov(m, y, rowvar, bias, ddof, fweights, aweights).astype(dtype)


def _lstsq(a: Any, b: Any, rcond: Any = None) -> Any:
    # NumPy's, from the SVD (sem.lstsq: rank-deficient matrices too, where Dask's QR fails,
    # and any shape), in NumPy's common floating type; the rank computed for the residuals'
    # shape. Dask's SVD needs one chunk along the short axis.
    xp = _compat()
    a, b = (sem.floating(xp, _as_dask(v)) for v in (a, b))
    if a.ndim == 2:
        a = a.rechunk({1: -1}) if a.shape[0] >= a.shape[1] else a.rechunk({0: -1})
    common = np.result_type(a.dtype, b.dtype)
    return sem.lstsq(xp, xp.astype(a, common), xp.astype(b, common), rcond, np.int32)


def _multi_dot(arrays: Any, *, out: Any = None) -> Any:
    # The chain's products (NumPy's order of them only saves work: the same values).
    import functools

    return _with_out(functools.reduce(_product("dot"), arrays), out)


def _matrix_rank(A: Any, **kwargs: Any) -> Any:
    A = _as_dask(A)
    if A.ndim < 2:
        return sem.vector_rank(_compat(), A, np.int64)
    return _matrices("linalg.matrix_rank", _MATRICES["matrix_rank"])(A, **kwargs)


# -- the rest, chunk by chunk: overridable.numpy applied by each chunk's own backend ----


def _meta(like: Any, ndim: int, dtype: Any = None) -> Any:
    # An empty array of like's type: the meta of a Dask array of ndim dimensions.
    from dask.array.utils import meta_from_array

    return meta_from_array(like, ndim, dtype=dtype)  # type: ignore[no-untyped-call]


def _interp(x: Any, xp: Any, fp: Any, left: Any = None, right: Any = None,
            period: Any = None) -> Any:
    # Each chunk of x against all of xp and fp (joined into one block), by its backend.
    da = _dask_array()
    if _contains_dask([left, right, period]):
        raise decline("the Dask backend's interp takes left=, right= and period= as numbers")
    x, xp, fp = _as_dask(x), _as_dask(xp), _as_dask(fp)
    index, points = tuple(range(x.ndim)), (x.ndim,)
    kwargs = {"left": left, "right": right, "period": period}
    dtype = np.result_type(fp.dtype, np.float64)  # float64, or complex128 for complex fp
    return da.blockwise(Blockwise(_multimethod("interp"), chunk_backend(x._meta), kwargs),
                        index, x, index, xp, points, fp, points, concatenate=True,
                        dtype=dtype, meta=_meta(x._meta, x.ndim, dtype))


def _inner_ufunc(path: str) -> Callable[..., Any]:
    # (nan_to_num's copy=False asks NumPy to write into x: a Dask array is immutable, so a
    # new one is returned, the same values; chunks are never written in place.)
    def call(*args: Any, out: Any = None, where: Any = True, copy: bool = True,
             **kwargs: Any) -> Any:
        takes_no(f"the Dask backend's {path}", "where", where, True)
        return _with_out(map_inner(_multimethod(path), *args, **kwargs), out,
                         getattr(_multimethod(path), "nout", None))

    call.__name__ = path
    return call


#: Elementwise NumPy functions and ufuncs that ``dask.array`` lacks (or applies with
#: NumPy's own function, which refuses other chunk types): served by :func:`map_inner`.
INNER: tuple[str, ...] = (
    "bitwise_count", "gcd", "heaviside", "i0", "isnat", "lcm", "nan_to_num", "sinc",
)


def _astype(x: Any, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Any:
    takes_no("the Dask backend's astype", "device", device, None, "cpu")
    x, dtype = _as_dask(x), np.dtype(dtype)
    # Dask arrays are immutable: copy=False keeps x itself when it has the dtype already.
    return x if not copy and x.dtype == dtype else x.astype(dtype)


def _sorting(path: str) -> Callable[..., Any]:
    """NumPy's ``sort`` or ``argsort``: the axis is rechunked into one chunk (the rows
    stay chunked), then each chunk is sorted by its own backend."""

    def sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *,
             stable: Any = None, descending: bool = False) -> Any:
        from numpy.lib.array_utils import normalize_axis_index

        takes_no(f"the Dask backend's {path}", "order", order, None,
                 why=": Dask arrays have no fields")
        a, axis = _along(a, axis)
        axis = normalize_axis_index(axis, a.ndim)
        return map_inner(_multimethod(path), a.rechunk({axis: -1}), axis=axis, kind=kind,
                         stable=stable, descending=descending)

    sort.__name__ = path
    return sort


def _vecdot(x1: Any, x2: Any, /, out: Any = None, *, axis: int = -1) -> Any:
    # NumPy's ufunc keywords (dtype=, keepdims=True, ...) decline, as Native's call says.
    return _with_out(sem.vecdot(_dask_array(), _as_dask(x1), _as_dask(x2), axis), out, 1)


def _rule(rule: Callable[..., Any], arrays: int = 1, standard: bool = False,
          **fixed: Any) -> Adapter:
    # A rule of _semantics (rule(xp, *arrays, ...)) on dask.array (standard: on
    # array-api-compat's namespace of it): the first `arrays` arguments as Dask arrays.
    namespace = _compat if standard else _dask_array

    def call(*args: Any, **kwargs: Any) -> Any:
        return rule(namespace(), *map(_as_dask, args[:arrays]), *args[arrays:], **fixed,
                    **kwargs)

    call.__name__ = rule.__name__
    return Adapter(call)


def _table() -> dict[str, Any]:
    da = _dask_array()

    table: dict[str, Any] = {name: getattr(da, name) for name in SAME}
    # NumPy's RuntimeWarnings where the shapes show them (Dask's counts of NaNs are lazy)
    table.update({name: sem.warned(da, name, table[name], _prepare)
                  for name in SAME if name in sem.WARNINGS})
    table.update({name: _nan_degrees(table[name]) for name in ("nanvar", "nanstd")})
    table.update({name: _ufunc(name) for name in UFUNCS})
    # NumPy's arguments or answers that Dask's function lacks: the adapter _<name> here
    table.update({name: Adapter(globals()["_" + name.replace("linalg.", "")]) for name in (
        "asarray", "full", "histogram", "histogram2d", "histogramdd",
        "reshape", "repeat", "concatenate", "insert", "delete", "take", "argwhere",
        "searchsorted", "unique", "unravel_index", "gradient", "bincount", "cov",
        "astype", "interp", "linalg.svd", "linalg.svdvals", "linalg.qr",
        "linalg.cholesky", "linalg.lstsq", "linalg.multi_dot", "linalg.solve")})
    table.update({
        "where": sem.where(da.where),  # NumPy's rules for x and y given or not
        "roots": sem.refusal("roots", _ROOTS),
        # creation: lazy and chunked ("auto" chunks, or like a's); like= selects the backend
        **{name: Native(getattr(da, name), drop=("like", "device"))
           for name in ("arange", "ones", "zeros", "empty")},
        **{f"{name}_like": Native(getattr(da, f"{name}_like"), drop=("device",))
           for name in ("zeros", "ones", "empty", "full")},
        # reductions, primitives of the defaults (where= masks with the identity, initial=
        # joins the result; max, min of empty arrays as NumPy's; nanmax, nanmin: the
        # default's, for initial=, skips no NaN of complex numbers); all, ...: Dask's, or
        # their defaults for these
        **{name: Adapter(sem.reduction(da, name, _dask_arguments, _with_out))
           for name in ("sum", "prod", "max", "min", "nanmax", "nanmin")},
        "clip": sem.clip("Dask", da.clip),
        "median": Adapter(_quantile(da.median)), "nanmedian": Adapter(_quantile(da.nanmedian)),
        "quantile": Adapter(_quantile(da.quantile, 1.0)),
        "percentile": Adapter(_quantile(da.quantile, 100.0)),
        "nanquantile": Adapter(_quantile(da.nanquantile, 1.0)),
        "nanpercentile": Adapter(_quantile(da.nanquantile, 100.0)),
        "shape": np.shape,
        **sem.dtype_functions(lambda v: v.dtype if isinstance(v, da.Array) else v),
        "isdtype": sem.isdtype_function(lambda: np, np.dtype), "cross": _rule(sem.numpy_cross, 2),
        "sort": Adapter(_sorting("sort")), "argsort": Adapter(_sorting("argsort")),
        # linalg: Dask's for one matrix (rechunked as it needs), the rest matrix by matrix
        "linalg.inv": Adapter(_solve), "linalg.norm": da.linalg.norm,
        "linalg.matrix_rank": Adapter(_matrix_rank),
        **{f"linalg.{name}": Adapter(_matrices(f"linalg.{name}", signature))
           for name, signature in _MATRICES.items() if name not in ("inv", "matrix_rank")},
        "linalg.eigvals": Adapter(_eig(vectors=False)),
        "linalg.eig": Adapter(_eig(vectors=True)),
        "vecdot": Native(_vecdot), "linalg.vecdot": Adapter(_vecdot),
        "linalg.cross": _rule(sem.cross, 2),
        "linalg.vector_norm": _rule(sem.vector_norm),
        "linalg.matrix_norm": _rule(sem.matrix_norm, svdvals=_svdvals),
        "linalg.outer": _rule(sem.linalg_outer, 2), "nonzero": _rule(sem.nonzero),
        # fft: Dask transforms along axes held in one chunk
        "fft.fftfreq": Native(da.fft.fftfreq, drop=("device",)),
        "fft.rfftfreq": Native(da.fft.rfftfreq, drop=("device",)),
        "fft.fftshift": da.fft.fftshift, "fft.ifftshift": da.fft.ifftshift,
    })
    for name in ("dot", "matmul", "tensordot", "einsum", "vdot"):
        table[name] = Adapter(_product(name))
    table.update({"linalg.matmul": table["matmul"], "linalg.tensordot": table["tensordot"],
                  "concat": table["concatenate"]})
    for name in ("diagonal", "trace", "matrix_transpose"):  # the array API's, over Dask
        table[f"linalg.{name}"] = getattr(_compat().linalg, name)
    for name in TRANSFORMS:  # the default axes: every one (n-d), the last two (2-d), the last
        axes = None if name.endswith("n") else (-2, -1) if name.endswith("2") else (-1,)
        table[f"fft.{name}"] = _fft(getattr(da.fft, name), axes)
    for name in INNER:
        table[name] = Adapter(_inner_ufunc(name))
    table.update(_random.entries())  # dask.array.random's, NumPy's legacy global state
    table.update(array_api_info("array_api_compat.dask.array"))
    return table


#: Dask, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="dask",
    module="dask.array",
    types=_types,
    table=_table,
    absorbs=sem.with_seeds,  # NumPy's seeds too: default_rng(SeedSequence(3))
    prepare=_prepare,
    dtype=np.dtype,  # any spelling, NumPy's TypeError for none (before Dask wraps it)
    # under coerce=True: any array-like becomes a Dask array in automatic chunks
    convert=converter(lambda value: _dask_array().asarray(np.asarray(value))),
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
