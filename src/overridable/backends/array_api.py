"""The array-API backend: ``overridable.numpy`` served by any library that follows the
Python array API standard, with no backend of its own (array-api-strict, ndonnx, ...).

The standard fixes the names and semantics of its functions, so this
backend's table maps NumPy's names to the standard's (``concatenate`` ->
``concat``, ``transpose`` -> ``permute_dims``, ``arccos`` -> ``acos``,
``power`` -> ``pow``, ``ddof=`` -> ``correction=``) once, for every
library. Namespaces come from array-api-compat (``array_namespace``), which
also wraps NumPy, CuPy, torch and Dask into conforming namespaces.

Two kinds of backend are built from that one table:

- :func:`backend_for` ``(xp)``: the backend of one namespace. It owns that
  namespace's array type (and its dtype type, where the library has one), and
  creation without array arguments (``unp.ones(3)``) builds ``xp`` arrays.
  ``"array_api_strict"`` names the one for array-api-strict.
- ``backend`` (``"array_api"``): the generic backend. It cannot list its types
  up front, so it *claims* every type that has ``__array_namespace__``
  (NumPy's own arrays excepted: NumPy serves those), finds the namespace from
  the call's arrays and hands the call to that namespace's backend. A call
  with no array of such a library (``unp.ones(3)``) is declined with a message:
  the generic backend has no namespace to create in.

Libraries with a backend of their own (JAX, Sparse, Dask) also carry
``__array_namespace__``; when both are registered, the one registered first
serves them. NumPy arrays and scalars are absorbed (``xp.asarray``); what the
standard lacks (``out=``, ``order='A'``, a ufunc's ``where=``) is declined by name.

NumPy's semantics where the standard is stricter: elementwise functions cast
their inputs to the loop NumPy would choose (``numpy.ufunc.resolve_dtypes``:
``sin`` of integers computes in ``float64``, ``add`` of booleans is
``logical_or``, ``isnan`` of booleans is all false, integer ``reciprocal`` is
integer division), and a loop the library lacks (``float16`` in
array-api-strict) is declined with the library's reason. Mixed kinds
(``int`` with ``float``) and Python scalars are promoted by NumPy's rules;
reductions take ``initial=`` and ``where=``; ``mean``, ``std`` and ``var`` of
integers are ``float64``; ``can_cast`` and ``result_type`` answer with NumPy's
casting and promotion tables in the namespace's dtypes. ``linalg`` computes integers
and booleans in ``float64`` (``det``, the norms, ``solve``); products of booleans
(``matmul``, ``dot``, ``vecdot``) are NumPy's: an or of ands; ``vecdot``, ``cross`` and
``diagonal`` take NumPy's axes (each operand's own, any two) where the standard's count
from the end; ``pinv`` cuts off at NumPy's ``rcond`` (``1e-15``).

This module imports NumPy and, lazily, ``array_api_compat`` and the
namespaces it is given; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> import array_api_strict as xp
>>> x = xp.asarray([[1.0, 2.0], [3.0, 4.0]])
>>> with ov.set_backend("array_api"):
...     y = unp.concatenate([x, x], axis=1)
>>> type(y).__module__, y.shape
('array_api_strict._array_object', (2, 4))
"""

from __future__ import annotations

import functools
import inspect
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from . import _semantics as sem
from ._array_api_promotion import SCALARS as _SCALARS
from ._array_api_promotion import arr as _arr
from ._array_api_promotion import axis_of as _axis
from ._array_api_promotion import cast_to as _cast
from ._array_api_promotion import device_of as _device
from ._array_api_promotion import dtype_in as _dtype_in
from ._array_api_promotion import given as _given
from ._array_api_promotion import has_kind as _kind
from ._array_api_promotion import is_dtype as _is_dtype
from ._array_api_promotion import keeps as _keep
from ._array_api_promotion import mask_of as _mask
from ._array_api_promotion import no_out as _no_out
from ._array_api_promotion import npdtype as _npdtype
from ._array_api_promotion import numpy_dtype as _numpy_dtype
from ._array_api_promotion import promote as _promote
from ._array_api_promotion import shape_tuple as _tuple
from ._common import (
    HOST_VALUES,
    Adapter,
    Library,
    LibraryBackend,
    Native,
    array_api_info,
    build,
    converter,
    decline,
    importer,
    multimethod_for,
)
from ._common import strong as _strong

__all__ = ["ADAPTED", "STANDARD", "backend", "backend_for"]

_NoValue: Any = np._NoValue

#: NumPy's name -> the standard's name, for functions whose parameters NumPy's callers
#: give by position or under the standard's own keywords.
STANDARD: dict[str, str] = {
    **{name: name for name in (
        # creation
        "arange", "asarray", "empty", "zeros", "ones", "full", "empty_like", "zeros_like",
        "ones_like", "full_like", "tril", "triu", "meshgrid", "astype",
        # reductions and statistics
        "sum", "prod", "mean", "max", "min", "all", "any", "argmax", "argmin", "std", "var",
        "cumulative_sum", "cumulative_prod", "count_nonzero", "diff",
        # shape and order
        "reshape", "matrix_transpose", "flip", "roll", "moveaxis", "broadcast_to",
        "broadcast_arrays", "concat", "stack", "unstack", "tile", "repeat",
        # searching, sorting, sets
        "nonzero", "argsort", "sort", "searchsorted", "take", "unique_values",
        "unique_counts", "unique_inverse", "unique_all",
        # products, interchange
        "matmul", "tensordot", "vecdot", "from_dlpack",
        # elementwise
        "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh",
        "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_or",
        "bitwise_right_shift", "bitwise_xor", "ceil", "conj", "copysign", "cos", "cosh",
        "divide", "equal", "exp", "expm1", "floor", "floor_divide", "greater",
        "greater_equal", "hypot", "imag", "isfinite", "isinf", "isnan", "less", "less_equal",
        "log", "log1p", "log2", "log10", "logaddexp", "logical_and", "logical_not",
        "logical_or", "logical_xor", "maximum", "minimum", "multiply", "negative",
        "nextafter", "not_equal", "positive", "pow", "real", "reciprocal", "remainder",
        "round", "sign", "signbit", "sin", "sinh", "square", "sqrt", "subtract", "tan",
        "tanh", "trunc")},
    "concatenate": "concat",
    # elementwise, NumPy's names for the standard's functions
    "absolute": "abs", "arccos": "acos", "arccosh": "acosh", "arcsin": "asin",
    "arcsinh": "asinh", "arctan": "atan", "arctan2": "atan2", "arctanh": "atanh",
    "power": "pow", "invert": "bitwise_invert", "bitwise_not": "bitwise_invert",
    "left_shift": "bitwise_left_shift", "right_shift": "bitwise_right_shift",
    "true_divide": "divide", "mod": "remainder", "conjugate": "conj",
    # the linalg extension
    **{f"linalg.{name}": f"linalg.{name}" for name in (
        "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul",
        "matrix_norm", "matrix_power", "matrix_transpose", "outer", "qr", "slogdet", "solve",
        "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm")},
    # the fft extension
    **{f"fft.{name}": f"fft.{name}" for name in (
        "fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
        "fftfreq", "rfftfreq", "fftshift", "ifftshift")},
}

_compat = importer("array_api_compat")


def _lookup(xp: Any, path: str) -> Any:
    for part in path.split("."):
        xp = getattr(xp, part, None)
        if xp is None:
            return None
    return xp


#: The elementwise functions the standard defines on booleans as NumPy does; NumPy's other
#: boolean loops (``add`` is ``or``, ``abs`` a copy) are computed in int8 and cast back.
_BOOL_NATIVE = frozenset({
    "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and", "bitwise_or",
    "bitwise_xor", "bitwise_invert", "bitwise_not", "invert", "equal", "not_equal"})
_LOGICAL = ("logical_and", "logical_or", "logical_xor", "logical_not")


def _ufunc(xp: Any, numpy_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The standard's elementwise ``function`` with NumPy's dtype rules: the inputs are cast
    to the loop NumPy would choose (``sin(int8)`` computes in ``float16``, ``divide`` of
    integers in ``float64``, ``add`` of booleans is ``logical_or``); a loop the library
    refuses is declined with the library's reason."""
    ufunc = getattr(np, numpy_name)
    qualified = f"{xp.__name__}.{getattr(function, '__name__', numpy_name)}"

    def call(*args: Any) -> Any:
        args = tuple(_arr(xp, a) for a in args)
        try:  # Python scalars weak, as NEP 50 says
            loop = sem.ufunc_loop(ufunc, *(a if isinstance(a, _SCALARS) else _npdtype(xp, a)
                                           for a in args))
        except TypeError:  # a dtype NumPy has not
            loop = None
        if loop is None:  # NumPy defines no loop: the library's own answer (an error too)
            return function(*args)
        loop_in, loop_out = loop[:ufunc.nin], loop[ufunc.nin]
        device = _device(*args)
        if numpy_name in _LOGICAL:
            return function(*(_cast(xp, a, np.dtype(bool), **device) for a in args))
        if numpy_name not in _BOOL_NATIVE and all(d == np.bool_ for d in loop_in):
            loop_in = (np.dtype(np.int8),) * ufunc.nin
        cast = [_cast(xp, a, d, **device) for a, d in zip(args, loop_in, strict=True)]
        if numpy_name == "reciprocal" and loop_in[0].kind in "iu":
            return sem.integer_reciprocal(xp, cast[0])
        if numpy_name in sem.COMPLEX_ORDERED and loop_in[0].kind == "c":  # the standard's
            return sem.complex_ordered(xp, numpy_name, *cast)  # complex numbers are unordered
        try:
            result = function(*cast)
        except TypeError as exc:
            raise decline(f"{qualified} cannot compute NumPy's {numpy_name} in "
                          f"{', '.join(map(str, loop_in))}: {exc}") from None
        if hasattr(result, "dtype") and _numpy_dtype(xp, result.dtype) != loop_out:
            result = xp.astype(result, _dtype_in(xp, loop_out))
        return result

    # NumPy's positional-only parameters, for Native's call
    call.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_ONLY)
        for name in (("x",) if ufunc.nin == 1 else ("x1", "x2"))])
    call.__name__ = getattr(function, "__name__", numpy_name)
    return call


# The adapters: NumPy's functions whose signatures or dtype rules differ from the
# standard's, each a function of the namespace ``xp`` (bound by :func:`_adapters`).

def _linspace(xp: Any, start: Any, stop: Any, num: int = 50, endpoint: bool = True,
              retstep: bool = False, dtype: Any = None, axis: int = 0, *,
              device: Any = None) -> Any:
    start, stop = _promote(xp, start, stop, least=(float,), device=device)
    return sem.linspace(xp, start, stop, num, endpoint, retstep, axis,
                        None if dtype is None else _dtype_in(xp, dtype))


def _logspace(xp: Any, start: Any, stop: Any, num: int = 50, endpoint: bool = True,
              base: Any = 10.0, dtype: Any = None, axis: int = 0) -> Any:
    y = _linspace(xp, start, stop, num=num, endpoint=endpoint, axis=axis)
    base = _arr(xp, base)
    if hasattr(base, "ndim") and base.ndim:
        base = xp.expand_dims(base, axis=axis)
    base = _cast(xp, base, np.result_type(_npdtype(xp, base), float), **_device(y))
    result = xp.pow(base, y)
    return result if dtype is None else xp.astype(result, _dtype_in(xp, dtype))


def _transpose(xp: Any, a: Any, axes: Any = None) -> Any:
    a = _arr(xp, a)
    return xp.permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else axes)


def _where(xp: Any, condition: Any, x: Any = _NoValue, y: Any = _NoValue, /) -> Any:
    condition = _arr(xp, condition)
    if not sem.where_given(x, y):
        return xp.nonzero(condition)
    if condition.dtype != xp.bool:
        condition = xp.astype(condition, xp.bool)
    return xp.where(condition, *_promote(xp, x, y))


def _reduction(xp: Any, function: str) -> Callable[..., Any]:
    """NumPy's sum/prod/max/min/all/any on the standard's (:func:`_semantics.reduction`):
    booleans summed as integers, a masked ``all``/``any`` of another dtype by its truth."""
    truth = function in ("all", "any")

    def prepare(a: Any, where: Any, out: Any, kwargs: dict[str, Any]) -> Any:
        _no_out(xp, function, out)
        a = xp.asarray(_arr(xp, a))
        if (a.dtype == xp.bool) if not truth else (where is not True and a.dtype != xp.bool):
            a = xp.astype(a, _dtype_in(xp, np.dtype(bool if truth else int)))
        dtype = kwargs.get("dtype")
        return (a, where if where is True else _mask(xp, a, where),
                {} if dtype is None else {"dtype": _dtype_in(xp, dtype)})

    reduced = sem.reduction(xp, function, prepare)
    return _ordered(xp, function, reduced) if function in ("max", "min") else reduced


def _ordered(xp: Any, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (NumPy's ``name``, or the standard's ``argmax``, ``sort``...) with complex
    arrays in NumPy's order (:func:`_semantics.complex_call`): the standard orders none."""
    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        a = _arr(xp, a)
        if not _kind(xp, a, "complex floating") or kwargs.get("descending"):
            return function(a, *args, **kwargs)
        kwargs.pop("descending", None)
        return sem.complex_call(xp, name, a, *args, **kwargs)

    return call


def _floating(xp: Any, a: Any, dtype: Any) -> Any:
    """``a`` in ``dtype``, or as NumPy computes integers in float functions (float64)."""
    a = _arr(xp, a)
    return sem.floating(xp, a) if dtype is None else xp.astype(a, _dtype_in(xp, dtype))


def _masked(xp: Any, a: Any, where: Any) -> Any:
    return _mask(xp, a, where) if _given(where) else None


def _mean(xp: Any, a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
          keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    _no_out(xp, "mean", out)
    a = _floating(xp, a, dtype)
    return sem.mean(xp, a, _axis(axis), _keep(keepdims), _masked(xp, a, where))


def _spread(xp: Any, a: Any, axis: Any, dtype: Any, out: Any, ddof: Any, keepdims: Any,
            where: Any, mean: Any, correction: Any, nan: bool = False) -> Any:
    """The variance of ``var`` (``nan``: ``nanvar``, whose warning NumPy writes otherwise)."""
    _no_out(xp, "var", out)
    ddof = sem.ddof_of(ddof, correction)
    a = _arr(xp, a)
    nan = nan and _kind(xp, a, ("real floating", "complex floating"))  # else var's warning
    a = _floating(xp, a, dtype)
    centre = _arr(xp, mean) if _given(mean) and mean is not None else None
    return sem.var(xp, a, _axis(axis), _keep(keepdims), _masked(xp, a, where), ddof, centre,
                   nan)


def _var(xp: Any, a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
         ddof: Any = 0, keepdims: Any = _NoValue, *, where: Any = _NoValue,
         mean: Any = _NoValue, correction: Any = _NoValue) -> Any:
    return _spread(xp, a, axis, dtype, out, ddof, keepdims, where, mean, correction)


def _std(xp: Any, a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
         ddof: Any = 0, keepdims: Any = _NoValue, *, where: Any = _NoValue,
         mean: Any = _NoValue, correction: Any = _NoValue) -> Any:
    return xp.sqrt(_var(xp, a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                        correction=correction))


def _nanvar(xp: Any, a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            ddof: Any = 0, keepdims: Any = _NoValue, *, where: Any = _NoValue,
            mean: Any = _NoValue, correction: Any = _NoValue) -> Any:
    return _spread(xp, a, axis, dtype, out, ddof, keepdims, where, mean, correction, True)


def _nanstd(xp: Any, a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            ddof: Any = 0, keepdims: Any = _NoValue, *, where: Any = _NoValue,
            mean: Any = _NoValue, correction: Any = _NoValue) -> Any:
    return xp.sqrt(_nanvar(xp, a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                           correction=correction))


def _nan(function: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``nanmean``/``nanvar``/``nanstd``: ``function`` with the NaNs masked out."""

    def skip_nan(xp: Any, a: Any, *args: Any, where: Any = _NoValue, **kwargs: Any) -> Any:
        a = _arr(xp, a)
        if _kind(xp, a, ("real floating", "complex floating")):
            keep = xp.logical_not(xp.isnan(a))
            where = xp.logical_and(keep, _mask(xp, a, where)) if _given(where) else keep
        return function(xp, a, *args, where=where, **kwargs)

    skip_nan.__signature__ = inspect.signature(function)  # type: ignore[attr-defined]
    return skip_nan


def _cumulative(xp: Any, function: str) -> Callable[..., Any]:
    accumulate = getattr(xp, function)

    def call(x: Any, /, *, axis: Any = None, dtype: Any = None,
             include_initial: bool = False) -> Any:
        x = _arr(xp, x)
        if x.dtype == xp.bool:  # NumPy accumulates booleans as integers
            x = xp.astype(x, dtype if dtype is not None else _dtype_in(xp, np.dtype(int)))
        kw: dict[str, Any] = {"include_initial": include_initial}
        if axis is not None:
            kw["axis"] = axis
        if dtype is not None:
            kw["dtype"] = dtype
        return accumulate(x, **kw)

    call.__name__ = function
    return call


def _broadcast_to(xp: Any, array: Any, shape: Any, subok: bool = False) -> Any:
    return xp.broadcast_to(xp.asarray(_arr(xp, array)), _tuple(shape))


def _full(xp: Any, shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
          device: Any = None, like: Any = None) -> Any:
    if order != "C":
        raise decline(f"{xp.__name__}.full (array API) takes no order= (got {order!r})")
    kw: dict[str, Any] = {} if device is None else {"device": device}
    dt = None if dtype is None else _dtype_in(xp, dtype)
    if isinstance(fill_value, _SCALARS):
        return xp.full(_tuple(shape), fill_value, dtype=dt, **kw)
    fill = xp.asarray(_arr(xp, fill_value), dtype=dt, **kw)
    return xp.asarray(xp.broadcast_to(fill, _tuple(shape)), copy=True)


def _fromfunction(xp: Any, function: Callable[..., Any], shape: Any, *, dtype: Any = float,
                  like: Any = None, **kwargs: Any) -> Any:
    dt = _dtype_in(xp, dtype)
    return function(*xp.meshgrid(*(xp.arange(n, dtype=dt) for n in shape), indexing="ij"),
                    **kwargs)


def _diff(xp: Any, a: Any, n: int = 1, axis: int = -1, prepend: Any = _NoValue,
          append: Any = _NoValue) -> Any:
    # a, prepend and append in their joined dtype
    a, *edges = _promote(xp, a, *(_strong(v) for v in (prepend, append) if _given(v)))
    before = edges.pop(0) if _given(prepend) else None
    return sem.diff(xp, a, n, axis, before, edges[0] if edges else None)


def _join(xp: Any, function: str) -> Callable[..., Any]:
    """NumPy's ``concatenate`` (``axis=None`` too) or ``stack``, with its ``dtype=`` and
    ``casting=`` and its promotion of mixed dtypes."""
    join = getattr(xp, function)

    def call(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
             casting: str = "same_kind") -> Any:
        _no_out(xp, function, out)
        arrays = [xp.asarray(_arr(xp, a)) for a in arrays]
        if axis is None and function == "concat":
            arrays, axis = [xp.reshape(a, (-1,)) for a in arrays], 0
        if dtype is None:
            arrays = _promote(xp, *arrays)
        else:
            target = sem.join_dtype([_npdtype(xp, a) for a in arrays],
                                    _numpy_dtype(xp, dtype), casting)
            arrays = [_cast(xp, a, target) for a in arrays]
        return join(arrays, axis=axis)

    call.__name__ = function
    return call


def _order(xp: Any, function: str, order: str) -> None:
    if order not in ("C", "F"):
        raise decline(f"{xp.__name__}.{function} (array API) takes order='C' or 'F' only: "
                      f"the standard's arrays have no memory layout (got {order!r})")


def _reshape(xp: Any, a: Any, /, shape: Any = None, order: str = "C", *,
             copy: Any = None) -> Any:
    _order(xp, "reshape", order)
    kw = {} if copy is None else {"copy": copy}
    return sem.reshape(xp, _arr(xp, a), shape, order, lambda x, s: xp.reshape(x, s, **kw))


def _take(xp: Any, a: Any, indices: Any, axis: Any = None, out: Any = None,
          mode: str = "raise") -> Any:
    _no_out(xp, "take", out)
    a = _arr(xp, a)
    if isinstance(indices, HOST_VALUES) or not hasattr(indices, "shape"):
        indices = xp.asarray(indices, **_device(a))  # NumPy's arrays and scalars too
    return sem.take(xp, a, indices, axis, mode)


def _clip(xp: Any, a: Any, low: Any, high: Any) -> Any:
    """The standard's ``clip`` with NumPy's bounds: arrays of any kind (NumPy's too), in
    NumPy's result type of ``a`` and the bounds (Python numbers weak: ``clip`` of int8 at
    1000 stays int8, at 0.5 is float64); an open bound is ``None``. Array bounds are
    NumPy's ``maximum`` then ``minimum`` (broadcast; a minimum above the maximum gives the
    maximum, where the standard leaves it undefined); complex numbers (which the standard's
    clip does not take) in NumPy's order (:func:`_semantics.complex_clip`)."""
    a = _arr(xp, a)
    if _kind(xp, a, "complex floating"):
        return sem.complex_clip(xp, a, *(None if b is None else xp.asarray(
            b if isinstance(b, _SCALARS) else _arr(xp, b), dtype=a.dtype) for b in (low, high)))
    bounds = [b for b in (low, high) if b is not None]
    target = np.result_type(_npdtype(xp, a), *(_npdtype(xp, _arr(xp, b)) for b in bounds))
    device = _device(a)
    result = _cast(xp, a, target, **device)
    if not bounds:
        return xp.clip(result)
    for b, joined, lower in ((low, xp.maximum, True), (high, xp.minimum, False)):
        if b is None:
            continue
        if isinstance(b, _SCALARS):  # the standard's scalars (of the result's kind now)
            result = xp.clip(result, b, None) if lower else xp.clip(result, None, b)
        else:
            result = joined(result, _cast(xp, _arr(xp, b), target, **device))
    return result


def _take_along_axis(xp: Any, arr: Any, indices: Any, axis: Any = -1) -> Any:
    a, idx = _arr(xp, arr), _arr(xp, indices)
    if axis is None:
        a, idx, axis = xp.reshape(a, (-1,)), xp.reshape(idx, (-1,)), 0
    return xp.take_along_axis(a, idx, axis=axis)


def _tile(xp: Any, A: Any, reps: Any) -> Any:
    return xp.tile(xp.asarray(_arr(xp, A)), _tuple(reps))


def _repeat(xp: Any, a: Any, repeats: Any, axis: Any = None) -> Any:
    a = _arr(xp, a)
    repeats = xp.asarray(repeats, **_device(a)) if isinstance(repeats, list | tuple) \
        else _arr(xp, repeats)
    return xp.repeat(a, repeats, axis=axis)


def _outer(xp: Any, a: Any, b: Any, out: Any = None) -> Any:
    _no_out(xp, "outer", out)
    a, b = _promote(xp, a, b)
    return _boolean_product(xp, xp.multiply, xp.reshape(a, (-1, 1)), xp.reshape(b, (1, -1)))


def _boolean_product(xp: Any, product: Callable[..., Any], *arrays: Any) -> Any:
    """``product`` of ``arrays`` (one dtype), or NumPy's boolean product (an or of ands,
    which the standard leaves undefined): counted in int64, then ``!= 0``."""
    if arrays[0].dtype != xp.bool:
        return product(*arrays)
    counts = product(*(xp.astype(a, xp.int64) for a in arrays))
    return counts != 0


def _product(xp: Any, function: str) -> Callable[..., Any]:
    """The standard's ``matmul``/``tensordot`` with NumPy's promotion and booleans."""
    multiply = _lookup(xp, function)

    def call(x1: Any, x2: Any, /, **kwargs: Any) -> Any:
        return _boolean_product(xp, lambda a, b: multiply(a, b, **kwargs),
                                *_promote(xp, x1, x2))

    # Native's keyword translation applies on top: NumPy's axes= is the standard's.
    call.__wrapped__ = multiply  # type: ignore[attr-defined]
    call.__name__ = getattr(multiply, "__name__", function)
    return call


def _dot(xp: Any, a: Any, b: Any, out: Any = None) -> Any:
    _no_out(xp, "dot", out)
    # NumPy's dot takes a Python scalar as an array (int64, float64), never as a weak scalar
    return _boolean_product(xp, lambda x, y: sem.dot(xp, x, y),
                            *_promote(xp, _strong(a), _strong(b)))


def _vdot(xp: Any, a: Any, b: Any, /) -> Any:
    # the standard's vecdot conjugates its first operand, as vdot does, flattened
    a, b = (xp.reshape(x, (-1,)) for x in _promote(xp, _strong(a), _strong(b)))
    return _boolean_product(xp, xp.vecdot, a, b)


def _trapezoid(xp: Any, y: Any, x: Any = None, dx: Any = 1.0, axis: Any = -1) -> Any:
    # NumPy's trapezoid of integers is float64 (its / 2.0 of integer sums), where the
    # standard refuses Python floats with integer arrays: integer y and x made float64,
    # then the default's rule; floating ones: the default's.
    y = _arr(xp, y)
    x = None if x is None else _arr(xp, x)
    if all(v is None or _kind(xp, v, ("real floating", "complex floating")) for v in (y, x)):
        return NotImplemented
    trapezoid = multimethod_for("trapezoid")
    assert trapezoid is not None
    return trapezoid(sem.floating(xp, y), None if x is None else sem.floating(xp, x), dx,
                     axis)


def _searchsorted(xp: Any, a: Any, v: Any, side: str = "left", sorter: Any = None) -> Any:
    # NumPy compares a and v in their common dtype (int32 with 2.5: float64).
    a, v = _promote(xp, a, v)
    return xp.searchsorted(a, v, side=side, sorter=None if sorter is None else _arr(xp, sorter))


def _average(xp: Any, a: Any, axis: Any = None, weights: Any = None, returned: Any = False,
             *, keepdims: Any = _NoValue) -> Any:
    if weights is None:
        return NotImplemented  # the default's, from mean
    a, w = _arr(xp, a), _arr(xp, weights)
    if w.shape != a.shape:
        if not isinstance(axis, int) or w.ndim != 1 or w.shape[0] != a.shape[axis]:
            raise decline(f"{xp.__name__}.average (array API) takes weights of a's shape, or "
                          "1-d along one axis")
        w = xp.reshape(w, tuple(-1 if i == axis % a.ndim else 1 for i in range(a.ndim)))
    a, w = _promote(xp, sem.floating(xp, a), w)
    avg, scale = sem.weighted_average(xp, a, w, _axis(axis), _keep(keepdims))
    return (avg, scale) if returned else avg


def _cov(xp: Any, m: Any, y: Any = None, rowvar: Any = True, bias: Any = False,
         ddof: Any = None, fweights: Any = None, aweights: Any = None, *,
         dtype: Any = None) -> Any:
    if fweights is None and aweights is None:
        return NotImplemented  # the default's
    # NumPy's weighted covariance (the default's compares booleans with Python integers,
    # which the standard leaves undefined).
    def rows(v: Any) -> Any:
        v = xp.asarray(_arr(xp, v))
        v = xp.reshape(v, (1,) * (2 - v.ndim) + v.shape) if v.ndim < 2 else v
        return v if rowvar or v.shape[0] == 1 else xp.matrix_transpose(v)

    x = xp.concat(_promote(xp, *(rows(v) for v in (m, y) if v is not None),
                           least=(np.float64,)), axis=0)
    x = x if dtype is None else xp.astype(x, _dtype_in(xp, dtype))
    fweights, aweights = (None if v is None else _cast(xp, _arr(xp, v), np.dtype(float))
                          for v in (fweights, aweights))
    return sem.weighted_cov(xp, x, fweights, aweights, (0 if bias else 1) if ddof is None
                            else ddof)


def _isin(xp: Any, element: Any, test_elements: Any, assume_unique: bool = False,
          invert: bool = False, *, kind: Any = None) -> Any:
    # assume_unique= and kind= choose NumPy's algorithm, never its answer.
    if kind not in (None, "sort", "table"):
        raise ValueError(f"Invalid kind: '{kind}'.")
    x1, x2 = _promote(xp, element, test_elements)
    try:
        found = xp.isin(x1, x2)
    except TypeError:  # a library whose isin takes integers only: compare all pairs
        found = xp.any(xp.expand_dims(x1, axis=-1) == xp.reshape(x2, (-1,)), axis=-1)
    return xp.logical_not(found) if invert else found


def _round(xp: Any, a: Any, decimals: int = 0, out: Any = None) -> Any:
    _no_out(xp, "round", out)
    return sem.round_(xp, _arr(xp, a), decimals)


def _imag(xp: Any, val: Any) -> Any:
    val = _arr(xp, val)
    # NumPy's imaginary part of a real array: zeros of the same (real) dtype
    return xp.imag(val) if _kind(xp, val, "complex floating") else xp.zeros_like(val)


def _real(xp: Any, val: Any) -> Any:
    val = _arr(xp, val)
    return xp.real(val) if _kind(xp, val, "complex floating") else val


def _isclose(xp: Any, a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
             equal_nan: Any = False) -> Any:
    x, y = _promote(xp, a, b, least=(1.0,))
    return sem.isclose(xp, x, y, rtol, atol, equal_nan)


def _array_equal(xp: Any, a1: Any, a2: Any, equal_nan: Any = False) -> bool:
    x1, x2 = _promote(xp, a1, a2)
    return sem.array_equal(xp, x1, x2, equal_nan)


def _infinite(xp: Any, function: str) -> Callable[..., Any]:
    def call(x: Any, out: Any = None) -> Any:
        _no_out(xp, function, out)
        return sem.signed_infinity(xp, _arr(xp, x), function == "isposinf")

    call.__name__ = function
    return call


# dtypes: NumPy's rules, answered in xp's dtypes
def _dtype_functions(xp: Any) -> dict[str, Adapter]:
    def npdtype(value: Any) -> Any:
        return _numpy_dtype(xp, value) if _is_dtype(xp, value) else \
            _npdtype(xp, _arr(xp, value))

    return {**sem.dtype_functions(npdtype, lambda d: _dtype_in(xp, d)),
            "isdtype": sem.isdtype_function(lambda: xp, lambda d: _dtype_in(xp, d))}


# linalg: NumPy's signatures over the standard's extension

def _inexact(xp: Any, a: Any) -> Any:
    """``a`` as NumPy's ``linalg`` computes it: integers and booleans in float64 (the
    standard's ``linalg`` takes floating arrays only)."""
    return sem.floating(xp, xp.asarray(_arr(xp, a)))


def _hermitian(name: str, xp: Any, a: Any, UPLO: str = "L") -> Any:
    return getattr(xp.linalg, name)(sem.lower_triangle(xp, _inexact(xp, a), UPLO))


def _svd(xp: Any, a: Any, full_matrices: bool = True, compute_uv: bool = True,
         hermitian: bool = False) -> Any:
    if hermitian:
        raise decline(f"{xp.__name__}.linalg.svd (array API) takes no hermitian=")
    return sem.svd(xp, _inexact(xp, a), full_matrices, compute_uv)


def _qr(xp: Any, a: Any, mode: str = "reduced") -> Any:
    a = _inexact(xp, a)
    if mode == "r":
        return xp.linalg.qr(a, mode="reduced")[1]
    if mode not in ("reduced", "complete"):
        raise decline(f"{xp.__name__}.linalg.qr (array API) takes no mode={mode!r}")
    return xp.linalg.qr(a, mode=mode)


def _matrix_rank(xp: Any, A: Any, tol: Any = None, hermitian: bool = False, *,
                 rtol: Any = None) -> Any:
    return sem.matrix_rank(xp, _inexact(xp, A), tol, hermitian, rtol,
                           _dtype_in(xp, np.dtype(int)))


def _pinv(xp: Any, a: Any, rcond: Any = None, hermitian: bool = False, *,
          rtol: Any = _NoValue) -> Any:
    a = _inexact(xp, a)
    # NumPy's cutoff (1e-15 by default), never the standard's default
    r = _arr(xp, sem.pinv_rtol(rcond, rtol, tuple(a.shape), float(xp.finfo(a.dtype).eps)))
    if not hermitian:
        return xp.linalg.pinv(a, rtol=r)
    # a = v diag(w) v^H from its lower triangle, as NumPy's: v diag(1 / w) v^H, the w at
    # most the cutoff (relative to the largest |w|) dropped
    w, v = xp.linalg.eigh(a)
    size = xp.abs(w)
    large = size > xp.max(size, axis=-1, keepdims=True) * (
        r[..., None] if hasattr(r, "shape") else r)
    inverse = xp.where(large, 1 / xp.where(large, w, xp.ones_like(w)), xp.zeros_like(w))
    return xp.matmul(v * xp.astype(inverse[..., None, :], v.dtype),
                     xp.conj(xp.matrix_transpose(v)))


def _vecdot(xp: Any, x1: Any, x2: Any, /, out: Any = None, *, axis: int = -1) -> Any:
    # NumPy's axis is each operand's own (the standard's counts from the broadcast end)
    _no_out(xp, "vecdot", out)
    x1, x2 = (xp.moveaxis(x, axis, -1) for x in _promote(xp, x1, x2))
    return _boolean_product(xp, lambda a, b: xp.vecdot(a, b, axis=-1), x1, x2)


def _cross(xp: Any, x1: Any, x2: Any, /, *, axis: int = -1) -> Any:
    # NumPy's axis is each operand's own, and the result's (the standard's: negative only)
    x1, x2 = (xp.moveaxis(x, axis, -1) for x in _promote(xp, x1, x2))
    return xp.moveaxis(xp.linalg.cross(x1, x2, axis=-1), -1, axis)


def _matrix_power(xp: Any, a: Any, n: Any) -> Any:
    """NumPy's ``matrix_power``: integers and booleans (the standard's takes floating
    matrices only) by repeated squaring in their own dtype (booleans an or of ands), and in
    float64 for a negative power (the inverse's)."""
    import operator

    a, n = xp.asarray(_arr(xp, a)), operator.index(n)
    if n < 0 or _kind(xp, a, ("real floating", "complex floating")):
        return xp.linalg.matrix_power(_inexact(xp, a), n)
    result = xp.broadcast_to(xp.eye(a.shape[-1], dtype=a.dtype, **_device(a)), a.shape)
    while n:
        if n & 1:
            result = _boolean_product(xp, xp.matmul, result, a)
        n >>= 1
        a = _boolean_product(xp, xp.matmul, a, a) if n else a
    return result


def _norm(xp: Any, x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    # NumPy's norms written over the standard (the matrix 2-norms from its svdvals)
    return sem.norm(xp, _inexact(xp, x), ord, axis, keepdims, _lookup(xp, "linalg.svdvals"))


def _multi_dot(xp: Any, arrays: Any, *, out: Any = None) -> Any:
    _no_out(xp, "linalg.multi_dot", out)
    return sem.multi_dot(xp, _promote(xp, *arrays), functools.partial(_dot, xp))


def _lstsq(xp: Any, a: Any, b: Any, rcond: Any = None) -> Any:
    # NumPy's 4-tuple from the standard's svd (NumPy's common type: integers in float64)
    a, b = _promote(xp, _inexact(xp, a), _inexact(xp, b))
    return sem.lstsq(xp, a, b, rcond, _dtype_in(xp, np.dtype(np.int32)))


def _diagonal(xp: Any, a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    # the standard's diagonals are those of the last two axes
    a = xp.asarray(_arr(xp, a))
    if a.ndim < 2:
        raise ValueError("diag requires an array of at least two dimensions")
    return xp.linalg.diagonal(xp.moveaxis(a, (axis1, axis2), (-2, -1)), offset=offset)


def _floating_input(xp: Any, function: str) -> Callable[..., Any]:
    """The standard's ``linalg`` functions take floating arrays only; NumPy's compute
    integers and booleans in float64 (``det``, ``solve``, the norms)."""
    compute = _lookup(xp, function)

    def call(*arrays: Any, **kwargs: Any) -> Any:
        return compute(*_promote(xp, *(_inexact(xp, a) for a in arrays)), **kwargs)

    # Native's keyword translation applies on top: NumPy's ord=, axis= are the standard's.
    call.__wrapped__ = compute  # type: ignore[attr-defined]
    call.__name__ = getattr(compute, "__name__", function)
    return call


def _fft_input(xp: Any, function: str, kind: type) -> Callable[..., Any]:
    """The standard's FFTs take complex (or real floating) input only; NumPy's cast the
    input first (integers to ``float64``/``complex128``, ``float32`` to ``complex64``)."""
    transform = _lookup(xp, function)

    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        a = _arr(xp, a)
        if kind is complex and not xp.isdtype(a.dtype, "complex floating"):
            a = xp.astype(a, xp.complex64 if a.dtype == xp.float32 else xp.complex128)
        elif kind is float and not xp.isdtype(a.dtype, ("real floating", "complex floating")):
            a = xp.astype(a, xp.float64)
        return transform(a, *args, **kwargs)

    # Native's keyword translation applies on top: NumPy's n=, axis=, norm= are the standard's.
    call.__wrapped__ = transform  # type: ignore[attr-defined]
    call.__name__ = getattr(transform, "__name__", "fft")
    return call


def _fftshift(xp: Any, x: Any, axes: Any = None, *, inverse: bool = False) -> Any:
    # the standard's fftshift takes floating arrays only; NumPy's rolls any (sem.fftshift)
    x = _arr(xp, x)
    if _kind(xp, x, ("real floating", "complex floating")):
        return (xp.fft.ifftshift if inverse else xp.fft.fftshift)(x, axes=axes)
    return sem.fftshift(xp, x, axes, inverse)


#: NumPy's name -> (the adapter, a function of ``xp`` with NumPy's signature after it; the
#: standard's function it needs, or ``None`` for the standard's core).
_FUNCTIONS: dict[str, tuple[Callable[..., Any], str | None]] = {
    "linspace": (_linspace, "linspace"), "logspace": (_logspace, "linspace"),
    "transpose": (_transpose, "permute_dims"), "where": (_where, None),
    "mean": (_mean, None), "var": (_var, None), "std": (_std, None),
    "nanmean": (_nan(_mean), None), "nanvar": (_nan(_nanvar), None),
    "nanstd": (_nan(_nanstd), None), "broadcast_to": (_broadcast_to, None),
    "full": (_full, None), "fromfunction": (_fromfunction, "meshgrid"),
    "diff": (_diff, "diff"), "reshape": (_reshape, "reshape"), "take": (_take, None),
    "take_along_axis": (_take_along_axis, "take_along_axis"), "tile": (_tile, None),
    "trapezoid": (_trapezoid, None), "searchsorted": (_searchsorted, "searchsorted"),
    "repeat": (_repeat, "repeat"), "outer": (_outer, "multiply"), "isin": (_isin, "isin"),
    "round": (_round, None), "imag": (_imag, "imag"), "real": (_real, None),
    "isclose": (_isclose, None),
    "allclose": (lambda xp, a, b, rtol=1e-05, atol=1e-08, equal_nan=False: bool(xp.all(
        _isclose(xp, a, b, rtol, atol, equal_nan))), None),
    "array_equal": (_array_equal, None),
    "array_equiv": (lambda xp, a1, a2: sem.array_equiv(xp, *_promote(xp, a1, a2)), None),
    # (NumPy's kron makes its operands arrays: float32 with 2.0 is float64)
    "kron": (lambda xp, a, b: sem.kron(xp, *_promote(xp, _strong(a), _strong(b))), "multiply"),
    "shape": (lambda xp, a: tuple(xp.asarray(_arr(xp, a)).shape), None),
    "dot": (_dot, "tensordot"), "vecdot": (_vecdot, "vecdot"), "vdot": (_vdot, "vecdot"),
    "average": (_average, None), "cov": (_cov, None),
    "polyval": (lambda xp, p, x: sem.polyval(xp, *_promote(xp, _strong(p), _strong(x))),
                None),
    "vander": (lambda xp, x, N=None, increasing=False: sem.vander(
        xp, _promote(xp, x, least=(np.dtype(int),))[0], N, increasing), "pow"),
    **{f"linalg.{name}": (functools.partial(_hermitian, name), f"linalg.{name}")
       for name in ("eigh", "eigvalsh")},
    "linalg.eig": (lambda xp, a: sem.eig(xp, _inexact(xp, a)), "linalg.eig"),
    "linalg.eigvals": (lambda xp, a: sem.eigvals(xp, _inexact(xp, a)), "linalg.eigvals"),
    "linalg.svd": (_svd, "linalg.svd"), "linalg.qr": (_qr, "linalg.qr"),
    "linalg.matrix_rank": (_matrix_rank, "linalg.matrix_rank"),
    "linalg.pinv": (_pinv, "linalg.pinv"), "linalg.vecdot": (_vecdot, "vecdot"),
    "linalg.cross": (_cross, "linalg.cross"),
    "linalg.matrix_power": (_matrix_power, "linalg.matrix_power"),
    "diagonal": (_diagonal, "linalg.diagonal"), "linalg.norm": (_norm, None),
    "linalg.cond": (lambda xp, x, p=None: sem.cond(xp, _inexact(xp, x), p), "linalg.svdvals"),
    "linalg.multi_dot": (_multi_dot, None), "linalg.lstsq": (_lstsq, "linalg.svd"),
    "fft.fftshift": (_fftshift, "fft.fftshift"),
    "fft.ifftshift": (functools.partial(_fftshift, inverse=True), "fft.ifftshift"),
    "linalg.tensorinv": (lambda xp, a, ind=2: sem.tensorinv(xp, _inexact(xp, a), ind),
                         "linalg.inv"),
}
#: NumPy's name -> (a factory of ``xp`` and the arguments after it, the standard's function).
_FACTORIES: dict[str, tuple[Callable[..., Any], tuple[Any, ...], str]] = {
    **{name: (_reduction, (name,), name) for name in sem.REDUCTIONS},
    "concatenate": (_join, ("concat",), "concat"), "concat": (_join, ("concat",), "concat"),
    "stack": (_join, ("stack",), "stack"),
    "cumulative_sum": (_cumulative, ("cumulative_sum",), "cumulative_sum"),
    "cumulative_prod": (_cumulative, ("cumulative_prod",), "cumulative_prod"),
    "isposinf": (_infinite, ("isposinf",), "isinf"),
    "isneginf": (_infinite, ("isneginf",), "isinf"),
    **{name: (_product, (name,), name) for name in (
        "matmul", "tensordot", "linalg.matmul", "linalg.tensordot", "linalg.outer")},
    **{f"linalg.{name}": (_floating_input, (f"linalg.{name}",), f"linalg.{name}")
       for name in ("cholesky", "det", "inv", "matrix_norm", "slogdet", "solve", "svdvals",
                    "vector_norm")},
    **{f"fft.{name}": (_fft_input, (f"fft.{name}", complex), f"fft.{name}") for name in (
        "fft", "ifft", "fftn", "ifftn", "irfft", "irfftn", "hfft")},
    **{f"fft.{name}": (_fft_input, (f"fft.{name}", float), f"fft.{name}") for name in (
        "rfft", "rfftn", "ihfft")},
}
#: NumPy's functions served by adapters (their signatures or dtype rules differ from the
#: standard's), beyond the names of :data:`STANDARD`.
ADAPTED: tuple[str, ...] = tuple(name for name in (
    *_FUNCTIONS, *_FACTORIES, "clip", "nanmax", "nanmin", "can_cast", "result_type",
    "promote_types", "isdtype", "finfo", "iinfo") if name not in STANDARD)


def _any_kind(xp: Any, function: Callable[..., Any]) -> Callable[..., Any]:
    """The standard's ``sort``/``argsort`` with NumPy's ``kind=`` and ``axis=None``: a
    stable sort answers every kind (NumPy's unstable kinds may give any order of ties);
    NumPy's ``ValueError`` for an unknown kind, or for ``kind=`` with ``stable=``."""
    def call(x: Any, /, *, axis: Any = -1, descending: bool = False, stable: Any = None,
             kind: Any = None) -> Any:
        if kind is not None:
            np.sort(np.empty(0), kind=kind, stable=stable)  # NumPy's checks of both
        x = _arr(xp, x)
        if axis is None:  # NumPy's: the flattened array
            x, axis = xp.reshape(x, (-1,)), -1
        return function(x, axis=axis, descending=descending, stable=True)

    call.__name__ = getattr(function, "__name__", "sort")
    return call


def _sign(xp: Any, x: Any) -> Any:
    """NumPy's sign: of a zero +0 (the standard leaves its sign), of a complex number
    NumPy's to the last bit (:func:`_semantics.complex_sign`)."""
    if xp.isdtype(x.dtype, "complex floating"):
        return sem.complex_sign(xp, x, lambda re, im: re + 1j * im)
    return xp.sign(x) + 0


def _adapters(xp: Any) -> dict[str, Any]:
    """NumPy's functions whose signatures or dtype rules differ from the standard's, for the
    namespace ``xp`` (those whose standard function ``xp`` has)."""
    adapters: dict[str, Any] = {}
    for numpy_name, (function, needs) in _FUNCTIONS.items():
        if needs is None or _lookup(xp, needs) is not None:
            bound = functools.partial(function, xp)
            bound.__name__ = numpy_name.rsplit(".", 1)[-1]  # type: ignore[attr-defined]
            adapters[numpy_name] = Adapter(_ordered(xp, numpy_name, bound)
                                           if numpy_name in sem.COMPLEX_ORDERING else bound)
    for numpy_name, (factory, args, standard) in _FACTORIES.items():
        if _lookup(xp, standard) is not None:
            made = factory(xp, *args)
            # the cumulative functions and FFTs take the standard's keywords: Native translates
            native = factory in (_cumulative, _fft_input, _product, _floating_input)
            adapters[numpy_name] = Native(made) if native else Adapter(made)
    adapters.update(_dtype_functions(xp))
    for name in ("nanmax", "nanmin"):  # complex only: the default's skips no NaN of theirs
        adapters[name] = Adapter(_ordered(xp, name, lambda *args, **kwargs: NotImplemented))
    adapters["clip"] = sem.clip(f"{xp.__name__} (array API)", functools.partial(_clip, xp))
    for numpy_name, standard_name in STANDARD.items():
        ufunc = getattr(np, numpy_name, None)
        function = _lookup(xp, standard_name)
        if isinstance(ufunc, np.ufunc) and ufunc.signature is None and function is not None:
            adapters[numpy_name] = Native(_ufunc(xp, numpy_name, function))
    if "sign" in adapters:
        adapters["sign"] = Native(_ufunc(xp, "sign", functools.partial(_sign, xp)))
    return adapters


def _library(xp: ModuleType) -> Library:
    name = f"array_api[{xp.__name__}]"

    def types() -> tuple[type, ...]:
        own: list[type] = [type(xp.asarray(0))]
        dtype_type = type(xp.float64)
        if not issubclass(dtype_type, type | np.dtype | str):
            own.append(dtype_type)
        return tuple(own)

    def table() -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for numpy_name, standard_name in STANDARD.items():
            function = _lookup(xp, standard_name)
            if function is not None:
                if numpy_name in sem.COMPLEX_ORDERING:  # argmax, sort, searchsorted...
                    function = _ordered(xp, numpy_name, function)
                entries[numpy_name] = Native(function, drop=("like",))
        entries.update(_adapters(xp))
        entries.update(array_api_info(xp.__name__))  # limits and inspection in xp's dtypes
        for name in ("sort", "argsort"):  # (after any other wrapping of the standard's)
            if name in entries:
                entries[name] = Native(_any_kind(xp, entries[name].function), drop=("like",))
        return entries

    def to_numpy(value: Any) -> Any:
        # result_type answers in xp's dtypes: NumPy's dtype of the same name, for comparison.
        if _is_dtype(xp, value) and not isinstance(value, str):
            return _numpy_dtype(xp, value)
        return value

    return Library(name=name, module=xp.__name__, types=types, table=table,
                   dtype=lambda value: _dtype_in(xp, value),
                   prepare=functools.partial(_arr, xp),
                   convert=converter(xp.asarray, lambda value: _dtype_in(xp, value), (Exception,)),
                   out=lambda value: _no_out(xp, "", value), to_numpy=to_numpy)


_lock = threading.RLock()
_backends: dict[str, LibraryBackend] = {}


def backend_for(xp: ModuleType) -> LibraryBackend:
    """The backend of one array-API namespace (built once per namespace).

    >>> import array_api_strict as xp
    >>> backend_for(xp).name, backend_for(xp) is backend_for(xp)
    ('array_api[array_api_strict]', True)
    """
    with _lock:
        built = _backends.get(xp.__name__)
        if built is None:
            built = _backends[xp.__name__] = build(_library(xp))
        return built


def _arrays_in(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            found.extend(_arrays_in(value))
        elif hasattr(value, "__array_namespace__") and not isinstance(
                value, np.ndarray | np.generic):
            found.append(value)
    return found


def _claims(value_type: type) -> bool:
    return hasattr(value_type, "__array_namespace__") and not issubclass(
        value_type, np.ndarray | np.generic)


def _forward(numpy_name: str) -> Callable[..., Any]:
    """The generic backend's implementation: find the namespace, call its backend."""
    multimethod = multimethod_for(numpy_name)

    def forward(*args: Any, **kwargs: Any) -> Any:
        arrays = _arrays_in((*args, *kwargs.values()))
        if not arrays:
            raise decline(f"the generic array-API backend has no namespace for {numpy_name} "
                          "without an array argument: use ov.set_backend(overridable.backends"
                          ".array_api.backend_for(xp)) (or 'array_api_strict') to create")
        try:
            xp = _compat().array_namespace(*arrays)
        except TypeError as exc:
            raise decline(f"{numpy_name}: {exc}") from None
        implementation = backend_for(xp).implementations.get(multimethod)  # type: ignore[arg-type]
        if implementation is None:
            raise decline(f"{xp.__name__} has no {numpy_name} in the array API standard")
        return implementation(*args, **kwargs)

    forward.__name__ = numpy_name.replace(".", "_")
    return forward


def _generic() -> LibraryBackend:
    names = [*STANDARD, *ADAPTED]
    return build(Library(
        name="array_api", module="array_api_compat", types=tuple,
        table=lambda: {name: Adapter(_forward(name)) for name in names},
        claims=_claims, samples=_strict_sample,
    ))


def _strict_sample(value: Any) -> Any:
    import array_api_strict

    return backend_for(array_api_strict).convert(value, "array")  # type: ignore[misc]


_generic_built: list[LibraryBackend] = []


def __getattr__(name: str) -> Any:
    if name == "backend":
        with _lock:
            if not _generic_built:
                _generic_built.append(_generic())
            return _generic_built[0]
    if name == "array_api_strict":
        import array_api_strict

        return backend_for(array_api_strict)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


backend: Any
array_api_strict: Any
