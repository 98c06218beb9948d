"""The PyData/Sparse backend: ``overridable.numpy`` served by ``sparse``; sparse stays sparse.

It owns ``sparse.SparseArray`` (``COO``, ``GCXS``, ``DOK``) and absorbs NumPy
arrays, scalars and dtypes. Every function in the table keeps its result
sparse in the input's format where the library can (``GCXS`` in, ``GCXS``
out). PyData/Sparse arrays carry a *fill value*, so ``cos(x)`` or ``x + 1``
stay sparse (with fill value 1) instead of densifying.

NumPy's elementwise functions that the library lacks (``cbrt``, ``fmax``,
``isin``, ``searchsorted``, ``digitize``, ...) are applied by the library's
``elemwise`` to the stored values and the fill value, so they stay sparse
too; their small second operands (the test set, the bins, the sorted array)
are read densely. Reductions honour NumPy's ``initial=`` and ``where=``.
``unique``, ``histogram`` and ``bincount`` count the stored values and the fill
value (standing for every unstored element) in O(nnz).

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
>>> with ov.set_backend("sparse"):
...     e = unp.exp(x)                       # fill value 1, still 1 stored value
...     g = unp.cbrt(sparse.GCXS.from_numpy(x.todense()))
>>> e.fill_value, e.nnz, type(g).__name__
(np.float64(1.0), 1, 'GCXS')
>>> with ov.set_backend("sparse", only=True):
...     unp.cumsum(x)
Traceback (most recent call last):
...
overridable._errors.BackendNotImplementedError: ... cumsum would densify its input ...
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from overridable.numpy._ufunc_declarations import ALIASES

from . import _semantics as sem
from ._common import (
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
    strong,
    takes_no,
)
from .fft import TRANSFORMS

__all__ = ["DENSIFYING", "LIBRARY", "ORDER_STATISTICS", "backend"]

#: NumPy functions whose result is dense in general: the backend declines them by name.
DENSIFYING: tuple[str, ...] = (
    "cumsum", "cumprod", "nancumsum", "nancumprod", "cumulative_sum", "cumulative_prod",
    "argsort", "argpartition", "partition", "convolve", "correlate", "gradient",
    "linalg.inv", "linalg.solve", "linalg.det", "linalg.slogdet", "linalg.svd",
    "linalg.svdvals", "linalg.eig", "linalg.eigh", "linalg.eigvals", "linalg.eigvalsh",
    "linalg.qr", "linalg.cholesky", "linalg.pinv", "linalg.lstsq", "linalg.matrix_power",
    *(f"fft.{name}" for name in TRANSFORMS),
)

#: Order statistics: their results are small, but PyData/Sparse has no per-lane sort to
#: compute them sparsely; the backend declines them by name, saying so.
ORDER_STATISTICS: tuple[str, ...] = (
    "median", "nanmedian", "percentile", "nanpercentile", "quantile", "nanquantile",
)

#: NumPy's functions that PyData/Sparse implements under the same name (with NumPy's
#: signature, or the array API's where NumPy's is the same).
SAME_NAME: tuple[str, ...] = (
    "argmax", "argmin", "round", "real", "imag", "isneginf", "isposinf", "astype", "isdtype",
    "permute_dims", "matrix_transpose", "squeeze", "expand_dims", "moveaxis",
    "broadcast_arrays", "flip", "roll", "tril", "triu", "diagonal", "tile", "concat",
    "unstack", "outer",
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


_NoValue: Any = np._NoValue

#: Functions whose library version takes COO only or answers GCXS with COO: GCXS inputs go
#: in as COO (O(nnz)) and sparse results come back as GCXS.
COO_ONLY: tuple[str, ...] = (
    "clip", "squeeze", "expand_dims", "broadcast_to", "broadcast_arrays", "flip", "roll",
    "tril", "triu", "diagonal", "tile", "repeat", "pad", "outer", "nansum", "nanprod",
    "nanmax", "nanmin", "argmax", "argmin", "matrix_transpose", "sort", "take",
    "where", "linalg.diagonal", "mean",
)


#: NumPy's elementwise functions that the library has no function for: PyData/Sparse's
#: ``elemwise`` applies NumPy's to the stored values and to the fill value, so the result
#: stays sparse (with the function's value at 0 as its fill value).
ELEMWISE: tuple[str, ...] = (
    "cbrt", "deg2rad", "degrees", "rad2deg", "radians", "exp2", "fabs", "rint", "spacing",
    "fmax", "fmin", "fmod", "gcd", "lcm", "heaviside", "ldexp", "logaddexp2", "float_power",
    "bitwise_count", "sinc", "i0", "angle", "conjugate", "frexp", "modf", "divmod",
)


_sparse = importer("sparse")


def _types() -> tuple[type, ...]:
    return (_sparse().SparseArray,)


def _is_sparse(value: Any) -> bool:
    return isinstance(value, _sparse().SparseArray)


def _from_numpy(value: Any) -> Any:
    # Fill value 0 whatever the shape: the library would make a 0-d array's own value its
    # fill value, which then cannot be joined with ordinary (fill value 0) arrays.
    dense = np.asarray(value)
    return _sparse().COO.from_numpy(dense, fill_value=dense.dtype.type(0))


def _prepare(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return _from_numpy(value)
    return value


def _as_sparse(value: Any) -> Any:
    """``value`` as a sparse array (NumPy arrays, scalars and lists are converted)."""
    return value if _is_sparse(value) else _from_numpy(value)


def _to_numpy(value: Any) -> Any:
    if _is_sparse(value):
        return value.todense()
    return value


def _out(out: Any) -> Any:
    """No output, or the decline naming the keyword and what was given (a ufunc's tuple of
    outputs by its items' types): sparse arrays are not written in place."""
    if out is None:
        return None
    got = (f"a tuple of {', '.join(type(o).__name__ for o in out)}"
           if isinstance(out, tuple) else type(out).__name__)
    raise decline(f"the sparse backend takes no out= (got {got}): "
                  "PyData/Sparse arrays are not written in place")


def _densifies(name: str, why: str = "would densify its input (its result is dense in "
               "general), so the sparse backend declines rather than build a dense array "
               "silently") -> Adapter:
    return sem.refusal(name, f"sparse: {name} {why}; densify on purpose with x.todense() if "
                       "it fits")


def _scalar(result: Any) -> Any:
    # A 0-d sparse result as the NumPy scalar NumPy returns.
    if getattr(result, "ndim", None) == 0 and _is_sparse(result):
        return result.todense()[()]
    return result


def _scalar_if_0d(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with a 0-d sparse result turned into a NumPy scalar, as NumPy returns."""

    @functools.wraps(function)  # keeps the signature, which compile_native reads
    def reduce(*args: Any, **kwargs: Any) -> Any:
        return _scalar(function(*args, **kwargs))

    return reduce


def _lifted(function: Callable[..., Any], arrays: int) -> Callable[..., Any]:
    """``function`` for calls where none of the first ``arrays`` arguments is sparse.

    Inside a default pinned to this backend, NumPy scalars (a full reduction's result)
    and Python scalars reach the library, which wants one sparse operand: they are
    made 0-d sparse arrays then, and a 0-d result is returned as a NumPy scalar.
    """

    @functools.wraps(function)
    def lift(*args: Any, **kwargs: Any) -> Any:
        if any(_is_sparse(a) for a in args) or any(_is_sparse(v) for v in kwargs.values()):
            return function(*args, **kwargs)
        head = [_as_sparse(a) if a is not None else a for a in args[:arrays]]
        return _scalar(function(*head, *args[arrays:], **kwargs))

    return lift


def _map_sparse(value: Any, leaf: Callable[[Any], Any]) -> Any:
    if _is_sparse(value):
        return leaf(value)
    if type(value) in (list, tuple):
        return type(value)(_map_sparse(v, leaf) for v in value)
    return value


def _via_coo(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` that keeps GCXS inputs GCXS, for library functions that take COO only.

    GCXS arguments are passed as COO (an O(nnz) conversion) and the sparse results
    (of at least one dimension) are returned as GCXS.
    """

    @functools.wraps(function)
    def keep(*args: Any, **kwargs: Any) -> Any:
        sp, found = _sparse(), list[Any]()
        _map_sparse((*args, *kwargs.values()), found.append)  # the sparse arguments
        if not found or not isinstance(found[0], sp.GCXS):
            return function(*args, **kwargs)

        def coo(x: Any) -> Any:
            return x.tocoo() if isinstance(x, sp.GCXS) else x

        def gcxs(x: Any) -> Any:
            return x.asformat("gcxs") if isinstance(x, sp.COO) and x.ndim else x

        result = function(*_map_sparse(args, coo),
                          **{k: _map_sparse(v, coo) for k, v in kwargs.items()})
        return _map_sparse(result, gcxs)

    return keep


def _zero_fill(name: str, value: Any) -> Any:
    """``value`` with fill value 0, which the library's products require.

    An array whose every element is stored does not use its fill value (a division's
    result, with fill value nan): it is relabelled. Otherwise the product would be dense
    in general, and the backend declines.
    """
    sp = _sparse()
    if not _is_sparse(value) or value.ndim == 0:
        return value
    zero = value.dtype.type(0)
    fill = value.fill_value
    if fill == zero:
        return value
    if value.nnz < value.size:
        raise decline(f"sparse.{name}: an operand has fill value {fill!r}, not 0, so the "
                      "product would be dense in general; the sparse backend declines "
                      "rather than densify (use x.todense() on purpose)")
    coo = value.tocoo() if isinstance(value, sp.GCXS) else sp.as_coo(value)
    relabelled = sp.COO(coo.coords, coo.data, shape=coo.shape, fill_value=zero,
                        has_duplicates=False, sorted=True)
    return relabelled.asformat("gcxs") if isinstance(value, sp.GCXS) else relabelled


def _product(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` with its sparse operands given fill value 0 (see :func:`_zero_fill`)."""

    @functools.wraps(function)
    def product(*args: Any, **kwargs: Any) -> Any:
        return function(*(_zero_fill(name, a) for a in args), **kwargs)

    return product


def _reduction(name: str) -> Adapter:
    """NumPy's ``sum``, ``prod``, ``max``, ``min``, their nan-versions, ``all`` and ``any``,
    with ``initial=`` and ``where=`` (:func:`_semantics.reduction`) on top of the library's
    reduction, over sparse arrays (a masked ``all``/``any`` of their truth); a full
    reduction gives NumPy's scalar."""

    def prepare(a: Any, where: Any, out: Any, kwargs: dict[str, Any]) -> Any:
        _out(out)
        a = _as_sparse(a)
        if where is True:
            return a, where, kwargs
        return a != 0 if name in ("all", "any") else a, _as_sparse(where), kwargs

    return Adapter(sem.reduction(_sparse(), name, prepare, lambda result, out: _scalar(result)))


def _mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
          keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    sp = _sparse()
    _out(out)
    a = _as_sparse(a)
    kd = sem.keepdims_of(keepdims)
    kwargs = {} if dtype is None else {"dtype": dtype}
    if not sem.masks(where):  # NumPy's warning of an empty slice, not sparse's 0 / 0
        with sem.quiet(sem.warn_like_numpy(sp, "mean", a, axis)):
            return _scalar(sp.mean(a, axis=axis, keepdims=kd, **kwargs))
    # The masked mean (_semantics.mean), in dtype= or NumPy's floating dtype, of a COO mask
    # (GCXS cannot broadcast; a GCXS mean comes here as COO, by COO_ONLY)
    mask = sp.broadcast_to(sp.as_coo(_as_sparse(where)), a.shape)
    a = sem.floating(sp, a) if dtype is None else sp.astype(a, dtype)
    return _scalar(sp.astype(sem.mean(sp, a, axis, kd, mask), a.dtype))


def _asarray(a: Any, dtype: Any = None, order: Any = None, *, device: Any = None,
             copy: Any = None, like: Any = None) -> Any:
    takes_no("sparse.asarray", "device", device, None, "cpu")
    if order not in (None, "C", "F", "A", "K"):
        raise ValueError(f"order must be one of 'C', 'F', 'A', or 'K' (got {order!r})")
    if _is_sparse(a):
        kwargs = {} if copy is None else {"copy": copy}
        return _sparse().asarray(a, dtype=dtype, **kwargs)
    if copy is False:
        raise ValueError("Unable to avoid copy while creating a sparse array from "
                         f"{type(a).__name__} as requested (copy=False)")
    return _from_numpy(np.asarray(_to_numpy(a) if isinstance(a, list | tuple) else a,
                                  dtype=dtype))


def _spaced(name: str) -> Callable[..., Any]:
    """NumPy's ``arange``, ``linspace``, ``logspace`` or ``geomspace``, built by NumPy and
    stored sparse (the result is as large as the caller asks, and its values are all nonzero
    but one at most anyway)."""
    function = getattr(np, name)

    def spaced(*args: Any, **kwargs: Any) -> Any:
        takes_no(f"sparse.{name}", "device", kwargs.pop("device", None), None, "cpu")
        result = function(*map(_to_numpy, args), **kwargs)
        if isinstance(result, tuple):  # linspace(retstep=True)
            return _from_numpy(result[0]), result[1]
        return _from_numpy(result)

    spaced.__name__ = name
    return spaced


def _full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
          device: Any = None, like: Any = None) -> Any:
    sp = _sparse()
    if order not in ("C", "F"):
        raise ValueError(f"order must be one of 'C', 'F' (got {order!r})")
    takes_no("sparse.full", "device", device, None, "cpu")
    fill = fill_value.todense() if _is_sparse(fill_value) else np.asarray(fill_value)
    if fill.ndim == 0:
        return sp.full(shape, fill[()], dtype=dtype if dtype is not None else fill.dtype)
    # An array of fill values: broadcast (each value is stored; NumPy's full does the same).
    return sem.full(sp, shape, sp.asarray(fill if dtype is None else fill.astype(dtype)))


def _transpose(a: Any, axes: Any = None) -> Any:
    a = _as_sparse(a)
    return _sparse().permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else axes)


def _reshape(a: Any, /, shape: Any = None, order: str = "C", *, copy: Any = None) -> Any:
    sp = _sparse()
    if shape is None:
        raise TypeError("reshape() missing required argument 'shape'")
    kwargs = {} if copy is None else {"copy": copy}
    return sem.reshape(sp, _as_sparse(a), shape, order, lambda x, s: sp.reshape(x, s, **kwargs))


def _take(a: Any, indices: Any, axis: Any = None, out: Any = None, mode: str = "raise") -> Any:
    _out(out)
    # The library indexes with 1-d dense integers; the indices are small beside the array.
    index = indices.todense() if _is_sparse(indices) else np.asarray(indices)
    return _scalar(sem.take(_sparse(), _as_sparse(a), index, axis, mode, index_xp=np))


def _sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *, stable: Any = None,
          descending: bool = False) -> Any:
    takes_no("sparse.sort", "order", order, None, why=": sparse arrays have no fields")
    sp = _sparse()
    a = _as_sparse(a)
    if axis is None:
        a, axis = sp.reshape(a, (-1,)), -1
    # kind= and stable= choose an algorithm: sorted values are the same whichever runs.
    return sp.sort(a, axis=axis, descending=descending)


def _concatenate(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: str = "same_kind") -> Any:
    sp = _sparse()
    _out(out)
    # NumPy's and Python's scalars (a full reduction's result, inside a default) join as
    # 0-d sparse arrays with fill value 0. NumPy arrays are left to the library, which
    # joins sparse arrays only and says so (densifying them is the caller's choice).
    arrays = [_from_numpy(x) if isinstance(x, np.generic | int | float | complex) else
              _prepare(x) for x in arrays]
    fills = {x.fill_value.item() if _is_sparse(x) else 0 for x in arrays
             if not (_is_sparse(x) and x.nnz == x.size)}
    if len(fills) > 1:
        raise decline("sparse.concatenate: the arrays have different fill values "
                      f"({', '.join(map(str, sorted(fills, key=str)))}); joining them would "
                      "densify all but one, so the sparse backend declines")
    if dtype is not None:
        target = sem.join_dtype([x.dtype if _is_sparse(x) else np.asarray(x).dtype
                                 for x in arrays], dtype, casting)
        # (The library's astype gives a 0-d array its value as fill value: rebuilt instead.)
        arrays = [x if not _is_sparse(x) else _from_numpy(x.todense().astype(target))
                  if x.ndim == 0 else sp.astype(x, target) for x in arrays]
    if axis is None:
        arrays, axis = [sp.reshape(x, (-1,)) if _is_sparse(x) else x for x in arrays], 0
    return sp.concatenate(arrays, axis=axis)


def _dot(a: Any, b: Any, out: Any = None) -> Any:
    _out(out)
    # NumPy's dot with a scalar multiplies, the scalar made an array first (int16 and 3:
    # int64, not a weak scalar's int16)
    a, b = _prepare(strong(a)), _prepare(strong(b))
    if np.ndim(_scalar(a)) == 0 or np.ndim(_scalar(b)) == 0:
        return _sparse().multiply(a, b)
    return _sparse().dot(_zero_fill("dot", a), _zero_fill("dot", b))


def _repeat(a: Any, repeats: Any, axis: Any = None) -> Any:
    counts = repeats.todense() if _is_sparse(repeats) else np.asarray(repeats)
    if counts.ndim and counts.size > 1:
        raise decline("sparse.repeat takes no per-element repeats= (the library repeats "
                      "every element the same number of times)")
    return _sparse().repeat(_as_sparse(a), int(counts.reshape(-1)[0]), axis=axis)


def _pad(array: Any, pad_width: Any, mode: str = "constant", **kwargs: Any) -> Any:
    a = _as_sparse(array)
    if mode != "constant":
        raise decline(f"sparse.pad takes no mode={mode!r} (only 'constant')")
    value = kwargs.pop("constant_values", 0)
    if kwargs:
        raise decline(f"sparse.pad takes no {', '.join(kwargs)}=")
    values = np.asarray(_to_numpy(value))
    if values.ndim or values != a.fill_value:
        raise decline(f"sparse.pad: constant_values={value!r} is not the array's fill value "
                      f"({a.fill_value!r}); padding with it would densify the padding")
    return _sparse().pad(a, pad_width, mode="constant")


def _dtype_of(value: Any) -> Any:
    # A sparse array stands for its dtype in NumPy's type-promotion functions.
    return value.dtype if _is_sparse(value) else value


def _min_scalar_type(a: Any, /) -> Any:
    return np.min_scalar_type(_to_numpy(a)) if not _is_sparse(a) or a.ndim == 0 \
        else a.dtype


def _common_type(*arrays: Any) -> Any:
    return np.common_type(*(np.empty(0, _dtype_of(a)) if _is_sparse(a) else a
                            for a in arrays))


def _broadcast_to(array: Any, shape: Any, subok: bool = False) -> Any:
    return _sparse().broadcast_to(_as_sparse(array), (shape,) if isinstance(shape, int)
                                  else tuple(shape))


def _elemwise(name: str) -> Callable[..., Any]:
    """NumPy's elementwise ``name`` applied by ``sparse.elemwise`` (stored values and fill)."""
    function = getattr(np, name)
    outputs = getattr(function, "nout", 1)

    def elementwise(*args: Any, out: Any = None, where: Any = True, **kwargs: Any) -> Any:
        sp = _sparse()
        if out_given(out, outputs):  # (a ufunc's out=(None, None) is no output)
            _out(out)
        takes_no(f"sparse.elemwise({name})", "where", where, True)
        if not any(_is_sparse(a) for a in args):
            args = tuple(_as_sparse(a) for a in args)
        if outputs == 1:
            return _scalar(sp.elemwise(function, *args, **kwargs))
        # Several outputs (divmod, modf, frexp): one elementwise pass for each.
        return tuple(_scalar(sp.elemwise(lambda *xs, i=i: function(*xs, **kwargs)[i], *args))
                     for i in range(outputs))

    elementwise.__name__ = name
    return elementwise


def _values_map(x: Any, function: Callable[[Any], Any]) -> Any:
    """``function`` (elementwise, on NumPy arrays) applied to ``x``'s stored values and fill."""
    sp = _sparse()
    if not _is_sparse(x):
        return _scalar(sp.elemwise(function, _as_sparse(x)))
    return sp.elemwise(function, x)


def _on_values(function: Callable[..., Any], sparse: int = 0) -> Adapter:
    """NumPy's ``function`` applied by ``sparse.elemwise`` to the stored values and the fill
    value of its argument number ``sparse``, which stays sparse; its other array arguments
    (the test set, the bins, the sorted array, the sample points: small beside it) are
    read densely."""

    def on_values(*args: Any, **kwargs: Any) -> Any:
        dense = [a if i == sparse else _to_numpy(a) for i, a in enumerate(args)]
        given = {k: _to_numpy(v) for k, v in kwargs.items()}
        return _values_map(args[sparse], lambda values: function(
            *dense[:sparse], values, *dense[sparse + 1:], **given))

    on_values.__name__ = function.__name__
    return Adapter(on_values)


def _rule(rule: Callable[..., Any], arrays: int = 1, **fixed: Any) -> Adapter:
    """:mod:`._semantics`' ``rule`` over PyData/Sparse: its first ``arrays`` arguments made
    sparse (GCXS ones computed as COO, see :func:`_via_coo`), a 0-d result NumPy's
    scalar."""

    def on_sparse(*args: Any, **kwargs: Any) -> Any:
        head = [_as_sparse(a) for a in args[:arrays]]
        return _scalar(_via_coo(functools.partial(rule, _sparse()))(
            *head, *args[arrays:], **kwargs, **fixed))

    on_sparse.__name__ = rule.__name__
    return Adapter(on_sparse)


def _linalg_trace(x: Any, /, *, offset: int = 0, dtype: Any = None) -> Any:
    diagonal = _via_coo(_sparse().diagonal)(_as_sparse(x), offset=offset, axis1=-2, axis2=-1)
    return _scalar(_sparse().sum(diagonal, axis=-1, **({} if dtype is None else
                                                       {"dtype": dtype})))


def _nan_to_num(x: Any, copy: bool = True, nan: Any = 0.0, posinf: Any = None,
                neginf: Any = None) -> Any:
    takes_no("sparse.nan_to_num", "copy", copy, True,
             why=": sparse arrays are not written in place")
    return _values_map(x, lambda v: np.nan_to_num(v, nan=nan, posinf=posinf, neginf=neginf))


def _occurrences(x: Any, weights: Any = None) -> tuple[Any, Any, Any]:
    """``x``'s stored values and its fill value (if an element is not stored), each with the
    number of elements it stands for (or their total weight), and the stored values' flat
    positions: what NumPy's counting functions need, in O(nnz) (the fill value's position
    is its first unstored element's)."""
    coo = _sparse().as_coo(_as_sparse(x))
    data, missing = coo.data, coo.size - coo.nnz
    positions = np.ravel_multi_index(tuple(coo.coords), coo.shape) if coo.ndim else \
        np.zeros(coo.nnz, np.intp)
    if weights is None:
        counts = np.ones(coo.nnz, np.intp)
        rest = np.intp(missing)
    else:
        w = np.asarray(_to_numpy(weights))
        if w.shape != coo.shape:
            raise ValueError("weights should have the same shape as a.")
        counts = w.reshape(-1)[positions]
        unstored = np.ones(coo.size, bool)
        unstored[positions] = False
        rest = w.reshape(-1)[unstored].sum()
    if not missing:
        return data, counts, positions
    taken = np.sort(positions)
    gaps = np.flatnonzero(taken != np.arange(taken.size))
    first = gaps[0] if gaps.size else taken.size
    return (np.append(data, coo.fill_value), np.append(counts, rest),
            np.append(positions, first))


def _unique(ar: Any, return_index: bool = False, return_inverse: bool = False,
            return_counts: bool = False, axis: Any = None, *, equal_nan: bool = True,
            sorted: bool = True) -> Any:
    # The distinct values of the stored values and the fill value (sorted=False allows any
    # order, so the sorted one serves it too).
    takes_no("sparse.unique", "axis", axis, None,
             why=": comparing whole slices needs them densified")
    x = _as_sparse(ar)
    data, counts, positions = _occurrences(x)
    order = np.argsort(positions, kind="stable")  # first occurrences first
    values, index, inverse = np.unique(data[order], return_index=True, return_inverse=True,
                                       equal_nan=equal_nan)
    results = [_from_numpy(values)]
    if return_index:
        results.append(_from_numpy(positions[order][index]))
    if return_inverse:
        if not equal_nan and np.isnan(values).sum() > 1:
            raise decline("sparse.unique: inverse indices of distinct NaNs need each NaN's "
                          "position, which the sparse backend does not track")
        results.append(_values_map(x, lambda v: np.searchsorted(values, v)))
    if return_counts:
        results.append(_from_numpy(np.bincount(inverse, weights=counts[order]).astype(np.intp)))
    return results[0] if len(results) == 1 else tuple(results)


def _histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None,
               weights: Any = None) -> Any:
    if isinstance(bins, str):
        raise decline(f"sparse.histogram takes no bins={bins!r}: estimating the bins needs "
                      "every element, not the stored values with their counts")
    data, counts, _ = _occurrences(a, weights)
    hist, edges = np.histogram(data, _to_numpy(bins), range, density=density, weights=counts)
    if weights is None and not density:
        hist = hist.astype(np.intp)
    return _from_numpy(hist), _from_numpy(edges)


def _bincount(x: Any, /, weights: Any = None, minlength: int = 0) -> Any:
    x = _as_sparse(x)
    if x.ndim != 1:
        raise ValueError("object too deep for desired array" if x.ndim else
                         "object of too small depth for desired array")
    data, counts, _ = _occurrences(x, weights)
    result = np.bincount(data, counts, minlength)
    return _from_numpy(result.astype(np.intp) if weights is None else result)


def _nanarg(name: str) -> Callable[..., Any]:
    def nanarg(a: Any, axis: Any = None, out: Any = None, *,
               keepdims: Any = _NoValue) -> Any:
        sp = _sparse()
        _out(out)
        a = _as_sparse(a)
        if a.dtype.kind in "fc":
            a = sem.nan_arg_input(sp, a, axis, name == "nanargmax")
        function = _via_coo(sp.argmax if name == "nanargmax" else sp.argmin)
        return _scalar(function(a, axis=axis, keepdims=sem.keepdims_of(keepdims)))

    nanarg.__name__ = name
    return nanarg


def _real_only(name: str, entry: Any) -> Any:
    """``entry`` declining complex arrays: PyData/Sparse's kernels (numba's) order none."""
    function = entry.function if isinstance(entry, Adapter) else entry

    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(a, "dtype", None) is not None and np.dtype(a.dtype).kind == "c":
            raise decline(f"sparse's {name} takes no complex numbers (its kernels order none)")
        return function(a, *args, **kwargs)

    return Adapter(call) if isinstance(entry, Adapter) else call


def _table() -> dict[str, Any]:
    sp = _sparse()
    moments = {"ddof": "correction"}
    table: dict[str, Any] = {
        # creation: COO unless format= is given to the library directly
        **{name: Native(getattr(sp, name), drop=("like", "device")) for name in (
            "ones", "zeros", "empty", "eye")},
        **{name: Native(getattr(sp, name), drop=("device",)) for name in (
            "zeros_like", "ones_like", "empty_like", "full_like")},
        "full": Adapter(_full),
        "asarray": Adapter(_asarray),
        **{name: Adapter(_spaced(name)) for name in (
            "arange", "linspace", "logspace", "geomspace")},
        # reductions (a full reduction gives a NumPy scalar)
        **{name: _reduction(name) for name in (
            "sum", "prod", "max", "min", "nansum", "nanprod", "nanmax", "nanmin", "all", "any")},
        "mean": Adapter(_mean),
        # (NumPy's warning where a slice has no degrees of freedom, not sparse's own)
        "std": Native(_scalar_if_0d(sem.warned(sp, "std", sp.std)), rename=moments),
        "var": Native(_scalar_if_0d(sem.warned(sp, "var", sp.var)), rename=moments),
        "nanargmax": Adapter(_nanarg("nanargmax")),
        "nanargmin": Adapter(_nanarg("nanargmin")),
        # elementwise functions that are not ufuncs; NumPy's on the stored values of their
        # first (searchsorted: second) argument
        "where": sem.where(_lifted(sp.where, 3)),
        "clip": sem.clip("sparse", lambda a, low, high: sp.clip(
            _as_sparse(a), _scalar(low), _scalar(high)), _out),
        **{name: _on_values(getattr(np, name)) for name in ("interp", "isin", "digitize")},
        "searchsorted": _on_values(np.searchsorted, sparse=1),
        "nan_to_num": Adapter(_nan_to_num),
        # dtype utilities: a sparse array stands for its dtype
        **sem.dtype_functions(_dtype_of),
        "min_scalar_type": Adapter(_min_scalar_type),
        "common_type": Adapter(_common_type),
        # shape and order
        "shape": np.shape,
        "reshape": Adapter(_reshape),
        "transpose": Adapter(_transpose),
        "broadcast_to": Adapter(_broadcast_to),
        "repeat": Adapter(_repeat),
        "pad": Adapter(_pad),
        "concatenate": Adapter(_concatenate),
        # indexing, searching, counting
        "take": Adapter(_take),
        "nonzero": _rule(sem.nonzero),
        "sort": Adapter(_sort),
        "unique": Adapter(_unique),
        **sem.unique_functions(_unique),
        "histogram": Adapter(_histogram),
        "bincount": Adapter(_bincount),
        "cross": _rule(sem.numpy_cross, 2),
        # products
        "dot": Adapter(_dot),
        "tensordot": _product("tensordot", sp.tensordot),
        "einsum": _product("einsum", sp.einsum),
        "vecdot": _scalar_if_0d(_product("vecdot", sp.vecdot)),
        # linalg's array-API spellings (more aliased below)
        "linalg.outer": _rule(sem.linalg_outer, 2),
        "linalg.diagonal": Native(sp.diagonal, fixed={"axis1": -2, "axis2": -1}),
        "linalg.trace": Adapter(_linalg_trace),
        "linalg.cross": _rule(sem.cross, 2),
        "linalg.vector_norm": _rule(sem.vector_norm),
        # matrix norms of ord=2, -2 and 'nuc' need singular values: PyData/Sparse has no SVD
        # (declined by _semantics.matrix_norm)
        "linalg.matrix_norm": _rule(sem.matrix_norm),
        "linalg.norm": _rule(sem.norm),
        "linalg.matrix_rank": _densifies("linalg.matrix_rank", "needs the singular values, "
                                         "and PyData/Sparse has no SVD"),
        # fft: the shifts are rolls (every transform densifies, see DENSIFYING)
        "fft.fftshift": _rule(sem.fftshift),
        "fft.ifftshift": _rule(sem.fftshift, inverse=True),
    }
    for name in SAME_NAME:
        table[name] = getattr(sp, name)
    table["matmul"] = _product("matmul", sp.matmul)
    for name in ELEMWISE:
        table[name] = Adapter(_elemwise(name))
    for alias, name in ALIASES.items():  # a ufunc's other NumPy name: the same entry
        if name not in table:
            table[name] = table[alias]  # (absolute: the library's abs)
        table.setdefault(alias, table[name])
    for name, entry in list(table.items()):
        ufunc = getattr(np, name, None)
        if isinstance(ufunc, np.ufunc) and callable(entry) and not isinstance(entry, Adapter):
            table[name] = _lifted(entry, ufunc.nin)
    for name in ("argmax", "argmin", "nanargmax", "nanargmin", "sort"):
        table[name] = _real_only(name, table[name])
    for name in COO_ONLY:
        entry = table[name]
        if isinstance(entry, Adapter | Native):
            table[name] = dataclasses.replace(entry, function=_via_coo(entry.function))
        else:
            table[name] = _via_coo(entry)
    for name in ("matmul", "tensordot", "vecdot", "matrix_transpose"):
        table[f"linalg.{name}"] = table[name]
    for name in DENSIFYING:
        table[name] = _densifies(name)
    for name in ORDER_STATISTICS:
        table[name] = _densifies(name, "needs each lane sorted, which PyData/Sparse cannot do "
                                 "without densifying it")
    table.update(array_api_info("sparse"))
    return table


#: PyData/Sparse, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="sparse",
    module="sparse",
    types=_types,
    table=_table,
    prepare=_prepare,
    convert=converter(_from_numpy, errors=(TypeError, ValueError, RuntimeError)),
    out=_out,
    to_numpy=_to_numpy,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
