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
casting and promotion tables in the namespace's dtypes.

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

import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from . import _semantics as sem
from ._common import (
    HOST_VALUES,
    Adapter,
    Library,
    LibraryBackend,
    Native,
    array_api_info,
    build,
    decline,
    importer,
    multimethod_for,
)

__all__ = ["ADAPTED", "STANDARD", "backend", "backend_for"]

_NoValue: Any = np._NoValue

#: NumPy's name -> the standard's name, for functions whose parameters NumPy's callers
#: give by position or under the standard's own keywords.
STANDARD: dict[str, str] = {
    # creation
    "arange": "arange", "asarray": "asarray", "empty": "empty", "zeros": "zeros",
    "ones": "ones", "full": "full", "empty_like": "empty_like", "zeros_like": "zeros_like",
    "ones_like": "ones_like", "full_like": "full_like", "tril": "tril", "triu": "triu",
    "meshgrid": "meshgrid", "astype": "astype",
    # reductions and statistics
    "sum": "sum", "prod": "prod", "mean": "mean", "max": "max", "min": "min", "amax": "max",
    "amin": "min", "all": "all", "any": "any", "argmax": "argmax", "argmin": "argmin",
    "std": "std", "var": "var", "cumulative_sum": "cumulative_sum",
    "cumulative_prod": "cumulative_prod", "count_nonzero": "count_nonzero", "diff": "diff",
    # shape and order
    "reshape": "reshape", "matrix_transpose": "matrix_transpose", "flip": "flip",
    "roll": "roll", "moveaxis": "moveaxis", "broadcast_to": "broadcast_to",
    "broadcast_arrays": "broadcast_arrays", "concatenate": "concat", "concat": "concat",
    "stack": "stack", "unstack": "unstack", "tile": "tile", "repeat": "repeat",
    # searching, sorting, sets
    "nonzero": "nonzero", "argsort": "argsort", "sort": "sort",
    "searchsorted": "searchsorted", "take": "take", "unique_values": "unique_values",
    "unique_counts": "unique_counts", "unique_inverse": "unique_inverse",
    "unique_all": "unique_all",
    # products
    "matmul": "matmul", "tensordot": "tensordot", "vecdot": "vecdot",
    # interchange
    "from_dlpack": "from_dlpack",
    # elementwise, standard names equal to NumPy's
    **{name: name for name in (
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

#: NumPy's functions served by adapters (their signatures or dtype rules differ from the
#: standard's), beyond the names of :data:`STANDARD`.
ADAPTED: tuple[str, ...] = (
    "eye", "linspace", "logspace", "transpose", "permute_dims", "squeeze", "expand_dims",
    "where", "clip", "fromfunction", "ravel", "take_along_axis", "outer", "isin", "around",
    "can_cast", "result_type", "isdtype", "linalg.eig", "linalg.eigvals",
    "linalg.matrix_rank", "linalg.pinv", "isclose", "allclose", "isposinf", "isneginf",
    "nanmean", "nanvar", "nanstd", "finfo", "iinfo")

#: Parameters whose names differ, per standard function.
_RENAME: dict[str, dict[str, str]] = {
    "std": {"ddof": "correction"}, "var": {"ddof": "correction"},
}


_compat = importer("array_api_compat")


def _lookup(xp: Any, path: str) -> Any:
    for part in path.split("."):
        xp = getattr(xp, part, None)
        if xp is None:
            return None
    return xp


_DTYPE_NAMES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                "uint64", "float16", "float32", "float64", "complex64", "complex128")
_SCALARS = (bool, int, float, complex)


def _numpy_dtype(xp: Any, dtype: Any) -> np.dtype[Any]:
    """``xp``'s dtype (or any spelling of one) -> NumPy's dtype of the same name."""
    if isinstance(dtype, np.dtype):
        return dtype
    if isinstance(dtype, str) or (isinstance(dtype, type) and (
            issubclass(dtype, np.generic) or dtype in (bool, int, float, complex))):
        spelled: np.dtype[Any] = np.dtype(dtype)
        return spelled
    for name in _DTYPE_NAMES:
        own = getattr(xp, name, None)
        if own is not None and own == dtype:
            return np.dtype(name)
    found: np.dtype[Any] = np.dtype(dtype)
    return found


def _is_dtype(xp: Any, value: Any) -> bool:
    if isinstance(value, type):
        return issubclass(value, np.generic) or value in (bool, int, float, complex) \
            or isinstance(value, type(xp.float64))
    return isinstance(value, np.dtype | str) or (
        isinstance(value, type(xp.float64)) and not hasattr(value, "shape"))


def _namespace_helpers(xp: Any) -> Any:
    """The helpers every adapter of ``xp`` shares (NumPy's promotion rules, in ``xp``)."""

    class H:
        @staticmethod
        def arr(value: Any) -> Any:
            if isinstance(value, HOST_VALUES):
                return xp.asarray(value)
            return value

        @staticmethod
        def device(*values: Any) -> dict[str, Any]:
            for v in values:
                if hasattr(v, "shape") and hasattr(v, "__array_namespace__"):
                    return {"device": _compat().device(v)}
            return {}

        @staticmethod
        def npdtype(value: Any) -> Any:
            """A value's NumPy dtype; Python scalars stay themselves (NumPy's weak scalars)."""
            if isinstance(value, _SCALARS):
                return value
            if hasattr(value, "dtype"):
                return _numpy_dtype(xp, value.dtype)
            return _numpy_dtype(xp, value)

        @staticmethod
        def cast(value: Any, np_dtype: np.dtype[Any], **device: Any) -> Any:
            """``value`` as an ``xp`` array of NumPy's dtype ``np_dtype`` (declines if ``xp``
            has no such dtype)."""
            target = _dtype_in(xp, np_dtype)
            if not hasattr(value, "shape") or not hasattr(value, "__array_namespace__"):
                return xp.asarray(value, dtype=target, **device)
            return value if value.dtype == target else xp.astype(value, target)

        @staticmethod
        def promote(*values: Any) -> list[Any]:
            """``values`` as ``xp`` arrays of their NumPy result type."""
            values = tuple(H.arr(v) for v in values)
            common = np.result_type(*(H.npdtype(v) for v in values))
            device = H.device(*values)
            return [H.cast(v, common, **device) for v in values]

        @staticmethod
        def kind(value: Any, kind: str | tuple[str, ...]) -> bool:
            return bool(xp.isdtype(value.dtype, kind))

        @staticmethod
        def default_float(value: Any) -> Any:
            """Integers and booleans as NumPy computes them in float functions (float64)."""
            if H.kind(value, ("real floating", "complex floating")):
                return value
            return xp.astype(value, xp.float64)

    return H


def _no_out(xp: Any, function: str, out: Any) -> None:
    if out is not None:
        raise decline(f"{xp.__name__}.{function} (array API) takes no out=: the standard's "
                      "functions return new arrays")


def _given(value: Any) -> bool:
    return value is not _NoValue


def _axes(axis: Any, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, int):
        return (axis % ndim if ndim else 0,)
    return tuple(a % ndim for a in axis)


_BOOL_LOOPS: dict[str, str] = {
    # NumPy's bool loops, in the standard's logical functions.
    "add": "or", "maximum": "or", "multiply": "and", "minimum": "and",
    "greater": "gt", "greater_equal": "ge", "less": "lt", "less_equal": "le",
    "absolute": "copy", "abs": "copy", "ceil": "copy", "floor": "copy", "trunc": "copy",
    "isnan": "false", "isinf": "false", "isfinite": "true",
}
_LOGICAL = ("logical_and", "logical_or", "logical_xor", "logical_not")


def _ufunc(xp: Any, numpy_name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The standard's elementwise ``function`` with NumPy's dtype rules: the inputs are cast
    to the loop NumPy would choose (``sin(int8)`` computes in ``float16``, ``divide`` of
    integers in ``float64``, ``add`` of booleans is ``logical_or``); a loop the library
    refuses is declined with the library's reason."""
    ufunc = getattr(np, numpy_name)
    H = _namespace_helpers(xp)
    qualified = f"{xp.__name__}.{getattr(function, '__name__', numpy_name)}"

    def call(*args: Any) -> Any:
        args = tuple(H.arr(a) for a in args)
        try:
            loop = ufunc.resolve_dtypes((*(type(a) if isinstance(a, _SCALARS) else H.npdtype(a)
                                           for a in args), *(None,) * ufunc.nout))
        except Exception:  # NumPy defines no loop: the library's own answer (an error too)
            return function(*args)
        loop_in, loop_out = loop[:ufunc.nin], loop[ufunc.nin]
        device = H.device(*args)
        if numpy_name in _LOGICAL:
            return function(*(H.cast(a, np.dtype(bool), **device) for a in args))
        cast = [H.cast(a, d, **device) for a, d in zip(args, loop_in, strict=True)]
        rule = _BOOL_LOOPS.get(numpy_name) if all(d == np.bool_ for d in loop_in) else None
        if rule is not None:
            x = cast[0]
            if rule == "copy":
                return xp.asarray(x, copy=True)
            if rule in ("false", "true"):
                return xp.full(x.shape, rule == "true", dtype=xp.bool, **device)
            y = cast[1]
            return {"or": lambda: xp.logical_or(x, y), "and": lambda: xp.logical_and(x, y),
                    "gt": lambda: xp.logical_and(x, xp.logical_not(y)),
                    "ge": lambda: xp.logical_or(x, xp.logical_not(y)),
                    "lt": lambda: xp.logical_and(xp.logical_not(x), y),
                    "le": lambda: xp.logical_or(xp.logical_not(x), y)}[rule]()
        if numpy_name == "reciprocal" and loop_in[0].kind in "iu":
            return sem.integer_reciprocal(xp, cast[0])
        try:
            result = function(*cast)
        except TypeError as exc:
            raise decline(f"{qualified} cannot compute NumPy's {numpy_name} in "
                          f"{', '.join(map(str, loop_in))}: {exc}") from None
        if hasattr(result, "dtype") and _numpy_dtype(xp, result.dtype) != loop_out:
            result = xp.astype(result, _dtype_in(xp, loop_out))
        return result

    wrapper: Callable[..., Any]
    if ufunc.nin == 1:
        def unary(x: Any, /) -> Any:
            return call(x)
        wrapper = unary
    else:
        def binary(x1: Any, x2: Any, /) -> Any:
            return call(x1, x2)
        wrapper = binary
    wrapper.__name__ = getattr(function, "__name__", numpy_name)
    return wrapper


def _adapters(xp: Any) -> dict[str, Any]:
    """NumPy's functions whose signatures or dtype rules differ from the standard's."""
    H = _namespace_helpers(xp)
    arr = H.arr
    name = xp.__name__

    def eye(N: int, M: Any = None, k: int = 0, dtype: Any = float, order: str = "C", *,
            device: Any = None, like: Any = None) -> Any:
        if order != "C":
            raise decline("the array API's eye takes no order=")
        dt = None if dtype is float else _dtype_in(xp, dtype)
        return xp.eye(N, M, k=k, dtype=dt, **({} if device is None else {"device": device}))

    def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True,
                 retstep: bool = False, dtype: Any = None, axis: int = 0, *,
                 device: Any = None) -> Any:
        if num < 0:
            raise ValueError(f"Number of samples, {num}, must be non-negative.")
        start, stop = arr(start), arr(stop)
        kw = {"device": device} if device is not None else H.device(start, stop)
        work = np.result_type(H.npdtype(start), H.npdtype(stop), float)
        start, stop = H.cast(start, work, **kw), H.cast(stop, work, **kw)
        div = (num - 1) if endpoint else num
        delta = stop - start
        shape = (num, *(1,) * delta.ndim)
        y = xp.reshape(xp.arange(0, num, dtype=start.dtype, **kw), shape)
        if div > 0:
            step = delta / div
            any_zero = bool(xp.any(step == 0))
            y = y / div * delta if any_zero else y * step
        else:
            step = xp.full(delta.shape, float("nan"), dtype=start.dtype, **kw)
            y = y * delta
        y = y + start
        if endpoint and num > 1:
            y = xp.concat([y[:-1, ...], xp.reshape(stop, (1, *stop.shape))], axis=0)
        if axis != 0:
            y = xp.moveaxis(y, 0, axis)
        if dtype is not None:
            target = _dtype_in(xp, dtype)
            if xp.isdtype(target, "integral"):
                y = xp.floor(y)  # NumPy floors towards -inf for integer dtypes
            y = xp.astype(y, target)
        if retstep:
            return y, (step if step.ndim else step[()])
        return y

    def logspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True,
                 base: Any = 10.0, dtype: Any = None, axis: int = 0) -> Any:
        y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
        base = arr(base)
        if hasattr(base, "ndim") and base.ndim:
            base = xp.expand_dims(base, axis=axis)
        base = H.cast(base, np.result_type(H.npdtype(base), float), **H.device(y))
        result = xp.pow(base, y)
        return result if dtype is None else xp.astype(result, _dtype_in(xp, dtype))

    def transpose(a: Any, axes: Any = None) -> Any:
        a = arr(a)
        return xp.permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else axes)

    def squeeze(a: Any, axis: Any = None) -> Any:
        a = arr(a)
        if axis is None:
            axis = tuple(i for i, n in enumerate(a.shape) if n == 1)
        return xp.squeeze(a, axis=axis)

    def expand_dims(a: Any, axis: Any) -> Any:
        return xp.expand_dims(arr(a), axis=axis)

    def where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
        condition = arr(condition)
        if x is None and y is None:
            return xp.nonzero(condition)
        if condition.dtype != xp.bool:
            condition = xp.astype(condition, xp.bool)
        return xp.where(condition, *H.promote(x, y))

    def clip(a: Any, min: Any = _NoValue, max: Any = _NoValue, out: Any = None, *,
             a_min: Any = _NoValue, a_max: Any = _NoValue, **kwargs: Any) -> Any:
        if out is not None or kwargs:
            raise decline("the array API's clip takes no out= or ufunc keywords")
        low, high = sem.clip_bounds(min, max, a_min, a_max)
        return xp.clip(arr(a), min=low, max=high)

    # reductions: NumPy's initial=, where=, dtype rules
    def _keep(keepdims: Any) -> bool:
        return bool(keepdims) if _given(keepdims) else False

    def _mask(a: Any, where: Any) -> Any:
        w = arr(where)
        if not hasattr(w, "shape"):
            w = xp.asarray(bool(w), **H.device(a))
        return xp.broadcast_to(w, a.shape)

    def _axis(axis: Any) -> Any:
        return tuple(axis) if isinstance(axis, list) else axis

    def _reduction(function: str, identity: Any = None, combine: str = "",
                   **fixed: Any) -> Callable[..., Any]:
        """NumPy's sum/prod/max/min/all/any on the standard's (booleans summed as integers,
        ``where=``/``initial=`` by :func:`_semantics.reduce`)."""
        reduce = getattr(xp, function)
        combined = getattr(xp, combine) if combine else None
        truth = function in ("all", "any")

        def reduction(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
                      initial: Any = _NoValue, where: Any = _NoValue,
                      dtype: Any = None) -> Any:
            _no_out(xp, function, out)
            a = arr(a)
            if not hasattr(a, "shape"):
                a = xp.asarray(a)
            if (a.dtype == xp.bool) if function in ("sum", "prod") else \
                    (truth and sem.masks(where) and a.dtype != xp.bool):
                a = xp.astype(a, _dtype_in(xp, np.dtype(bool if truth else int)))
            kwargs = {} if dtype is None else {"dtype": _dtype_in(xp, dtype)}
            return sem.reduce(xp, a, reduce, axis=_axis(axis), keepdims=_keep(keepdims),
                              initial=initial, where=_mask(a, where) if sem.masks(where)
                              else True, identity=identity, combine=combined, name=combine,
                              **kwargs)

        kind = "sum" if function in ("sum", "prod") else "logical" if truth else "extreme"
        return sem.numpy_reduction(reduction, kind, function)

    def _floating(a: Any, dtype: Any) -> Any:
        a = arr(a)
        if dtype is not None:
            return xp.astype(a, _dtype_in(xp, dtype))
        return H.default_float(a)

    def _count(a: Any, axis: Any, keepdims: bool, where: Any) -> Any:
        if _given(where):
            w = _mask(a, where)
            real = xp.float32 if a.dtype in (xp.float32, xp.complex64) else xp.float64
            return xp.sum(xp.astype(w, real), axis=_axis(axis), keepdims=keepdims)
        n = 1
        for i in _axes(_axis(axis), a.ndim):
            n *= a.shape[i]
        return n

    def mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
             keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
        _no_out(xp, "mean", out)
        a = _floating(a, dtype)
        if not _given(where):
            return xp.mean(a, axis=_axis(axis), keepdims=_keep(keepdims))
        total = xp.sum(xp.where(_mask(a, where), a, xp.zeros_like(a)), axis=_axis(axis),
                       keepdims=_keep(keepdims))
        return total / _count(a, axis, _keep(keepdims), where)

    def var(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
            keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
            correction: Any = _NoValue) -> Any:
        _no_out(xp, "var", out)
        if _given(correction):
            if ddof != 0:
                raise ValueError("ddof and correction can't be provided simultaneously.")
            ddof = correction
        a = _floating(a, dtype)
        keep = _keep(keepdims)
        if _given(mean) and mean is not None:
            centre = arr(mean)
        elif _given(where):
            w = _mask(a, where)
            centre = (xp.sum(xp.where(w, a, xp.zeros_like(a)), axis=_axis(axis),
                             keepdims=True) / _count(a, axis, True, where))
        else:
            centre = xp.mean(a, axis=_axis(axis), keepdims=True)
        d = a - centre
        sq = xp.real(d * xp.conj(d)) if H.kind(d, "complex floating") else d * d
        if _given(where):
            sq = xp.where(_mask(a, where), sq, xp.zeros_like(sq))
        n = _count(a, axis, keep, where)
        dof = xp.clip(n - ddof, min=0) if hasattr(n, "shape") else max(n - ddof, 0)
        return xp.sum(sq, axis=_axis(axis), keepdims=keep) / dof

    def std(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
            keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
            correction: Any = _NoValue) -> Any:
        _no_out(xp, "std", out)
        return xp.sqrt(var(a, axis, dtype, None, ddof, keepdims, where=where, mean=mean,
                           correction=correction))

    def cumulative(function: str) -> Callable[..., Any]:
        accumulate = getattr(xp, function)

        def call(x: Any, /, *, axis: Any = None, dtype: Any = None,
                 include_initial: bool = False) -> Any:
            x = arr(x)
            if x.dtype == xp.bool:  # NumPy accumulates booleans as integers
                x = xp.astype(x, dtype if dtype is not None
                              else _dtype_in(xp, np.dtype(int)))
            kw: dict[str, Any] = {"include_initial": include_initial}
            if axis is not None:
                kw["axis"] = axis
            if dtype is not None:
                kw["dtype"] = dtype
            return accumulate(x, **kw)

        call.__name__ = function
        return call

    # shapes, joining, indexing
    def broadcast_to(array: Any, shape: Any, subok: bool = False) -> Any:
        array = arr(array)
        if not hasattr(array, "shape"):
            array = xp.asarray(array)
        return xp.broadcast_to(array, tuple(shape) if isinstance(shape, list | tuple)
                               else (shape,))

    def full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
             device: Any = None, like: Any = None) -> Any:
        if order != "C":
            raise decline(f"{name}.full (array API) takes no order= (got {order!r})")
        kw: dict[str, Any] = {} if device is None else {"device": device}
        dt = None if dtype is None else _dtype_in(xp, dtype)
        shape = tuple(shape) if isinstance(shape, list | tuple) else (shape,)
        if isinstance(fill_value, _SCALARS):
            return xp.full(shape, fill_value, dtype=dt, **kw)
        fill = xp.asarray(arr(fill_value), dtype=dt, **kw)
        return xp.asarray(xp.broadcast_to(fill, shape), copy=True)

    def fromfunction(function: Callable[..., Any], shape: Any, *, dtype: Any = float,
                     like: Any = None, **kwargs: Any) -> Any:
        dt = _dtype_in(xp, dtype)
        grids = xp.meshgrid(*(xp.arange(n, dtype=dt) for n in shape), indexing="ij")
        return function(*grids, **kwargs)

    def diff(a: Any, n: int = 1, axis: int = -1, prepend: Any = _NoValue,
             append: Any = _NoValue) -> Any:
        a = arr(a)
        if a.dtype == xp.bool and not (_given(prepend) or _given(append)):
            # NumPy's diff of booleans is not_equal of neighbours, n times.
            for _ in range(n):
                a = xp.astype(xp.diff(xp.astype(a, xp.int8), axis=axis), xp.bool)
            return a
        if not (_given(prepend) or _given(append)):
            return xp.diff(a, axis=axis, n=n)
        parts = [a if not _given(v) else arr(v) for v in (prepend, a, append)]
        parts = H.promote(*parts)
        a = parts[1]
        ax = axis % a.ndim
        edge = (*a.shape[:ax], 1, *a.shape[ax + 1:])
        pieces = [p if p.ndim else xp.broadcast_to(p, edge) for p in parts]
        pieces = [p for p, v in zip(pieces, (prepend, a, append), strict=True)
                  if v is a or _given(v)]
        return xp.diff(xp.concat(pieces, axis=ax), axis=ax, n=n)

    def _join(function: str) -> Callable[..., Any]:
        join = getattr(xp, function)

        def call(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: str = "same_kind") -> Any:
            _no_out(xp, function, out)
            arrays = [arr(a) if hasattr(a, "shape") or isinstance(a, list | tuple)
                      else xp.asarray(a) for a in arrays]
            if dtype is None:
                arrays = H.promote(*arrays)
            else:
                target = np.dtype(_numpy_dtype(xp, dtype))
                for a in arrays:
                    if not np.can_cast(H.npdtype(a), target,
                                       casting=casting):  # type: ignore[arg-type]
                        raise TypeError(f"Cannot cast array data from {H.npdtype(a)} to "
                                        f"{target} according to the rule {casting!r}")
                arrays = [H.cast(a, target) for a in arrays]
            return join(arrays, axis=axis)

        call.__name__ = function
        return call

    def concatenate(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                    casting: str = "same_kind") -> Any:
        if axis is None:
            arrays = [xp.reshape(arr(a), (-1,)) for a in arrays]
            axis = 0
        return _join("concat")(arrays, axis, out, dtype=dtype, casting=casting)

    def stack(arrays: Any, axis: int = 0, out: Any = None, *, dtype: Any = None,
              casting: str = "same_kind") -> Any:
        return _join("stack")(arrays, axis, out, dtype=dtype, casting=casting)

    def _order(function: str, order: str) -> None:
        if order not in ("C", "F"):
            raise decline(f"{name}.{function} (array API) takes order='C' or 'F' only: "
                          f"the standard's arrays have no memory layout (got {order!r})")

    def reshape(a: Any, /, shape: Any = None, order: str = "C", *, copy: Any = None) -> Any:
        _order("reshape", order)
        a = arr(a)
        shape = tuple(shape) if isinstance(shape, list | tuple) else (shape,)
        kw = {} if copy is None else {"copy": copy}
        if order == "C":
            return xp.reshape(a, shape, **kw)
        return sem.fortran_reshape(xp, a, shape, lambda x, s: xp.reshape(x, s, **kw))

    def ravel(a: Any, order: str = "C") -> Any:
        return reshape(a, (-1,), order)

    def take(a: Any, indices: Any, axis: Any = None, out: Any = None,
             mode: str = "raise") -> Any:
        _no_out(xp, "take", out)
        a = arr(a)
        if axis is None:
            a, axis = xp.reshape(a, (-1,)), 0
        axis = axis % a.ndim
        idx = xp.asarray(indices, **H.device(a)) if not hasattr(indices, "shape") else indices
        idx = sem.take_indices(xp, idx, a.shape[axis], mode)
        flat = xp.take(a, xp.reshape(idx, (-1,)), axis=axis)
        return xp.reshape(flat, (*a.shape[:axis], *idx.shape, *a.shape[axis + 1:]))

    def take_along_axis(arr_: Any, indices: Any, axis: Any = -1) -> Any:
        a, idx = arr(arr_), arr(indices)
        if axis is None:
            a, axis = xp.reshape(a, (-1,)), 0
            idx = xp.reshape(idx, (-1,))
        return xp.take_along_axis(a, idx, axis=axis)

    def tile(A: Any, reps: Any) -> Any:
        a = arr(A)
        if not hasattr(a, "shape"):
            a = xp.asarray(a)
        return xp.tile(a, tuple(reps) if isinstance(reps, list | tuple) else (reps,))

    def repeat(a: Any, repeats: Any, axis: Any = None) -> Any:
        a = arr(a)
        repeats = xp.asarray(repeats, **H.device(a)) if isinstance(repeats, list | tuple) \
            else arr(repeats)
        return xp.repeat(a, repeats, axis=axis)

    def outer(a: Any, b: Any, out: Any = None) -> Any:
        _no_out(xp, "outer", out)
        a, b = H.promote(a, b)
        return xp.multiply(xp.reshape(a, (-1, 1)), xp.reshape(b, (1, -1)))

    def isin(element: Any, test_elements: Any, assume_unique: bool = False,
             invert: bool = False, *, kind: Any = None) -> Any:
        # assume_unique= and kind= choose NumPy's algorithm, never its answer.
        if kind not in (None, "sort", "table"):
            raise ValueError(f"Invalid kind: '{kind}'.")
        x1, x2 = H.promote(element, test_elements)
        try:
            found = xp.isin(x1, x2)
        except TypeError:  # a library whose isin takes integers only: compare all pairs
            found = xp.any(xp.expand_dims(x1, axis=-1) == xp.reshape(x2, (-1,)), axis=-1)
        return xp.logical_not(found) if invert else found

    def round_(a: Any, decimals: int = 0, out: Any = None) -> Any:
        _no_out(xp, "round", out)
        a = arr(a)
        if H.kind(a, "bool"):
            return xp.asarray(a, copy=True)
        if H.kind(a, "integral"):
            return sem.integer_round(xp, a, decimals)
        if decimals == 0:
            return xp.round(a)
        # NumPy's own algorithm: scale, round half to even, unscale.
        if decimals > 0:
            scale = 10.0 ** decimals
            return xp.round(a * scale) / scale
        scale = 10.0 ** -decimals
        return xp.round(a / scale) * scale

    def imag(val: Any) -> Any:
        val = arr(val)
        if H.kind(val, "complex floating"):
            return xp.imag(val)
        return xp.zeros_like(val)  # NumPy: zeros of the same (real) dtype

    def real(val: Any) -> Any:
        val = arr(val)
        return xp.real(val) if H.kind(val, "complex floating") else val

    # dtypes: NumPy's rules, answered in xp's dtypes
    def _np(value: Any) -> Any:
        if _is_dtype(xp, value):
            return _numpy_dtype(xp, value)
        return H.npdtype(arr(value))

    def can_cast(from_: Any, to: Any, casting: str = "safe") -> bool:
        return bool(np.can_cast(_np(from_), _numpy_dtype(xp, to),
                                casting=casting))  # type: ignore[arg-type]

    def result_type(*arrays_and_dtypes: Any) -> Any:
        return _dtype_in(xp, np.result_type(*(_np(v) for v in arrays_and_dtypes)))

    def isdtype(dtype: Any, kind: Any) -> bool:
        kinds = tuple(kind) if isinstance(kind, tuple) else (kind,)
        mapped = tuple(k if isinstance(k, str) else _dtype_in(xp, k) for k in kinds)
        return bool(xp.isdtype(_dtype_in(xp, dtype), mapped))

    def isclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
                equal_nan: Any = False) -> Any:
        x, y = arr(a), arr(b)
        common = np.result_type(H.npdtype(x), H.npdtype(y), 1.0)
        device = H.device(x, y)
        x, y = H.cast(x, common, **device), H.cast(y, common, **device)
        # NumPy's formula: |x - y| <= atol + rtol * |y|, for finite y, or x == y.
        close = xp.logical_and(xp.abs(x - y) <= atol + rtol * xp.abs(y), xp.isfinite(y))
        result = xp.logical_or(close, x == y)
        if equal_nan:
            result = xp.logical_or(result, xp.logical_and(xp.isnan(x), xp.isnan(y)))
        return result

    def allclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
                 equal_nan: Any = False) -> bool:
        return bool(xp.all(isclose(a, b, rtol, atol, equal_nan)))

    def _infinite(function: str, positive: bool) -> Callable[..., Any]:
        def call(x: Any, out: Any = None) -> Any:
            _no_out(xp, function, out)
            x = arr(x)
            if H.kind(x, "complex floating"):
                raise TypeError("This operation is not supported for complex values because "
                                "it would be ambiguous.")
            if not H.kind(x, "real floating"):
                return xp.zeros(x.shape, dtype=xp.bool, **H.device(x))
            side = x > 0 if positive else x < 0
            return xp.logical_and(xp.isinf(x), side)

        call.__name__ = function
        return call

    def _nan_where(a: Any, where: Any) -> tuple[Any, Any]:
        a = arr(a)
        if not H.kind(a, ("real floating", "complex floating")):
            return a, where
        keep = xp.logical_not(xp.isnan(a))
        if _given(where):
            keep = xp.logical_and(keep, _mask(a, where))
        return a, keep

    def nanmean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
                keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
        a, where = _nan_where(a, where)
        return mean(a, axis, dtype, out, keepdims, where=where)

    def nanvar(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
               keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
               correction: Any = _NoValue) -> Any:
        a, where = _nan_where(a, where)
        return var(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                   correction=correction)

    def nanstd(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
               keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
               correction: Any = _NoValue) -> Any:
        a, where = _nan_where(a, where)
        return std(a, axis, dtype, out, ddof, keepdims, where=where, mean=mean,
                   correction=correction)

    adapters: dict[str, Any] = {
        "eye": eye, "linspace": linspace, "logspace": logspace, "transpose": transpose,
        "permute_dims": transpose, "squeeze": squeeze, "expand_dims": expand_dims,
        "where": where, "clip": clip, "mean": mean, "var": var, "std": std,
        "broadcast_to": broadcast_to, "full": full, "fromfunction": fromfunction,
        "diff": diff, "concatenate": concatenate, "concat": concatenate, "stack": stack,
        "reshape": reshape, "ravel": ravel, "take": take, "take_along_axis": take_along_axis,
        "tile": tile, "repeat": repeat, "outer": outer, "isin": isin, "round": round_,
        "around": round_, "imag": imag, "real": real, "can_cast": can_cast,
        "result_type": result_type, "isdtype": isdtype,
        "sum": _reduction("sum", 0, "add"), "prod": _reduction("prod", 1, "multiply"),
        "max": _reduction("max", None, "maximum"), "amax": _reduction("max", None, "maximum"),
        "min": _reduction("min", None, "minimum"), "amin": _reduction("min", None, "minimum"),
        "all": _reduction("all", True), "any": _reduction("any", False), "isclose": isclose,
        "allclose": allclose, "isposinf": _infinite("isposinf", True),
        "isneginf": _infinite("isneginf", False), "nanmean": nanmean, "nanvar": nanvar,
        "nanstd": nanstd,
    }
    adapters = {k: Adapter(v) for k, v in adapters.items()
                if _lookup(xp, _NEEDS.get(k, k)) is not None or k in _CREATED}
    for function in ("cumulative_sum", "cumulative_prod"):
        if _lookup(xp, function) is not None:
            adapters[function] = Native(cumulative(function))
    adapters.update(_linalg_adapters(xp, H))
    adapters.update(_fft_adapters(xp))
    for numpy_name, standard_name in STANDARD.items():
        ufunc = getattr(np, numpy_name, None)
        function = _lookup(xp, standard_name)
        if isinstance(ufunc, np.ufunc) and ufunc.signature is None and function is not None:
            adapters[numpy_name] = Native(_ufunc(xp, numpy_name, function))
    return adapters


#: The standard's function an adapter needs (when not the one of its own name).
_NEEDS: dict[str, str] = {
    "linspace": "linspace", "logspace": "linspace", "transpose": "permute_dims",
    "concatenate": "concat", "ravel": "reshape", "around": "round", "amax": "max",
    "amin": "min", "fromfunction": "meshgrid", "outer": "multiply", "imag": "imag",
    "can_cast": "asarray", "result_type": "asarray",
}
#: Adapters that need nothing beyond the core of the standard.
_CREATED: frozenset[str] = frozenset({
    "eye", "full", "where", "clip", "mean", "var", "std", "broadcast_to", "take", "tile",
    "round", "real", "isclose", "allclose", "isposinf", "isneginf", "nanmean", "nanvar",
    "nanstd"})


def _linalg_adapters(xp: Any, H: Any) -> dict[str, Any]:
    linalg = getattr(xp, "linalg", None)
    if linalg is None:
        return {}
    arr = H.arr

    def upper(a: Any, UPLO: str) -> Any:
        if UPLO not in ("L", "U"):
            raise ValueError("UPLO argument must be 'L' or 'U'")
        a = arr(a)
        # The standard reads the lower triangle; NumPy's 'U' reads the upper one, which is
        # the lower one of the conjugate transpose.
        return xp.conj(xp.matrix_transpose(a)) if UPLO == "U" else a

    def eigvalsh(a: Any, UPLO: str = "L") -> Any:
        return linalg.eigvalsh(upper(a, UPLO))

    def eigh(a: Any, UPLO: str = "L") -> Any:
        return linalg.eigh(upper(a, UPLO))

    def eig(a: Any) -> Any:
        a = arr(a)
        w, v = linalg.eig(a)
        return (w, v) if H.kind(a, "complex floating") else sem.real_if_all_real(xp, w, v)

    def eigvals(a: Any) -> Any:
        a = arr(a)
        w = linalg.eigvals(a)
        return w if H.kind(a, "complex floating") else sem.real_if_all_real(xp, w)

    def svd(a: Any, full_matrices: bool = True, compute_uv: bool = True,
            hermitian: bool = False) -> Any:
        if hermitian:
            raise decline(f"{xp.__name__}.linalg.svd (array API) takes no hermitian=")
        a = arr(a)
        if not compute_uv:
            return linalg.svdvals(a)
        return linalg.svd(a, full_matrices=full_matrices)

    def qr(a: Any, mode: str = "reduced") -> Any:
        a = arr(a)
        if mode == "r":
            return linalg.qr(a, mode="reduced")[1]
        if mode not in ("reduced", "complete"):
            raise decline(f"{xp.__name__}.linalg.qr (array API) takes no mode={mode!r}")
        return linalg.qr(a, mode=mode)

    def matrix_rank(A: Any, tol: Any = None, hermitian: bool = False, *,
                    rtol: Any = None) -> Any:
        A = arr(A)
        if tol is not None and rtol is not None:
            raise ValueError("`tol` and `rtol` can't be both set.")
        if hermitian:
            s = xp.abs(linalg.eigvalsh(A))
        elif tol is None and A.ndim >= 2:
            return linalg.matrix_rank(A, **({} if rtol is None else {"rtol": rtol}))
        else:
            s = linalg.svdvals(A) if A.ndim >= 2 else None
        if A.ndim < 2:
            return xp.astype(xp.any(A != 0), _dtype_in(xp, np.dtype(int)))
        if tol is None:
            r = rtol if rtol is not None else max(A.shape[-2:]) * xp.finfo(s.dtype).eps
            tol = xp.max(s, axis=-1, keepdims=True) * r
        return xp.count_nonzero(s > tol, axis=-1)

    def pinv(a: Any, rcond: Any = None, hermitian: bool = False, *,
             rtol: Any = _NoValue) -> Any:
        if hermitian:
            raise decline(f"{xp.__name__}.linalg.pinv (array API) takes no hermitian=")
        if rcond is not None and _given(rtol):
            raise ValueError("`rtol` and `rcond` can't be both set.")
        r = rcond if rcond is not None else (rtol if _given(rtol) else None)
        return linalg.pinv(arr(a), **({} if r is None else {"rtol": r}))

    def vecdot(x1: Any, x2: Any, /, *, axis: int = -1) -> Any:
        x1, x2 = H.promote(x1, x2)
        ndim = max(x1.ndim, x2.ndim)
        return linalg.vecdot(x1, x2, axis=axis - ndim if axis >= 0 else axis)

    table: dict[str, Callable[..., Any]] = {
             "linalg.eigvalsh": eigvalsh, "linalg.eigh": eigh, "linalg.eig": eig,
             "linalg.eigvals": eigvals, "linalg.svd": svd, "linalg.qr": qr,
             "linalg.matrix_rank": matrix_rank, "linalg.pinv": pinv,
             "linalg.vecdot": vecdot}
    needs = {"linalg.eigvalsh": "eigvalsh", "linalg.eigh": "eigh", "linalg.eig": "eig",
             "linalg.eigvals": "eigvals", "linalg.svd": "svd", "linalg.qr": "qr",
             "linalg.matrix_rank": "matrix_rank", "linalg.pinv": "pinv",
             "linalg.vecdot": "vecdot"}
    return {k: Adapter(v) for k, v in table.items() if hasattr(linalg, needs[k])}


def _fft_adapters(xp: Any) -> dict[str, Any]:
    fft = getattr(xp, "fft", None)
    if fft is None:
        return {}
    out: dict[str, Any] = {}
    for name in ("fft", "ifft", "fftn", "ifftn", "irfft", "irfftn", "hfft"):
        if hasattr(fft, name):
            out[f"fft.{name}"] = Native(_cast_input(xp, getattr(fft, name), complex))
    for name in ("rfft", "rfftn", "ihfft"):
        if hasattr(fft, name):
            out[f"fft.{name}"] = Native(_cast_input(xp, getattr(fft, name), float))
    return out


def _cast_input(xp: Any, function: Callable[..., Any], kind: type) -> Callable[..., Any]:
    """The standard's FFTs take complex (or real floating) input only; NumPy's cast the
    input first (integers to ``float64``/``complex128``, ``float32`` to ``complex64``)."""

    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        a = xp.asarray(a) if isinstance(a, HOST_VALUES) else a
        if kind is complex and not xp.isdtype(a.dtype, "complex floating"):
            a = xp.astype(a, xp.complex64 if a.dtype == xp.float32 else xp.complex128)
        elif kind is float and not xp.isdtype(a.dtype, ("real floating", "complex floating")):
            a = xp.astype(a, xp.float64)
        return function(a, *args, **kwargs)

    # Native's keyword translation applies on top: NumPy's n=, axis=, norm= are the standard's.
    call.__wrapped__ = function  # type: ignore[attr-defined]
    call.__name__ = getattr(function, "__name__", "fft")
    return call


def _dtype_in(xp: Any, value: Any) -> Any:
    """Any dtype spelling -> ``xp``'s dtype of the same name."""
    if isinstance(value, type(xp.float64)) and not isinstance(value, type | np.dtype):
        return value
    name = str(value) if not isinstance(value, type | np.dtype | str) else np.dtype(value).name
    found = getattr(xp, name.rsplit(".", 1)[-1], None)
    if found is None:
        raise decline(f"{xp.__name__} has no dtype for {value!r}")
    return found


def _library(xp: ModuleType) -> Library:
    name = f"array_api[{xp.__name__}]"

    def types() -> tuple[type, ...]:
        own: list[type] = [type(xp.asarray(0))]
        dtype_type = type(xp.float64)
        if not issubclass(dtype_type, type | np.dtype | str):
            own.append(dtype_type)
        return tuple(own)

    def prepare(value: Any) -> Any:
        if isinstance(value, np.ndarray | np.generic | list | tuple):
            return xp.asarray(value)
        return value

    def convert(value: Any, dispatch_type: Any) -> Any:
        try:
            return _dtype_in(xp, value) if dispatch_type == "dtype" else xp.asarray(value)
        except Exception:
            return NotImplemented

    def out(value: Any) -> Any:
        raise decline(f"{xp.__name__} (array API) takes no out=: the standard's functions "
                      "return new arrays")

    def table() -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for numpy_name, standard_name in STANDARD.items():
            function = _lookup(xp, standard_name)
            if function is not None:
                entries[numpy_name] = Native(
                    function, rename=_RENAME.get(standard_name, {}),
                    drop=("like",))
        entries.update(_adapters(xp))
        entries.update(array_api_info(xp.__name__))  # limits and inspection in xp's dtypes
        return entries

    def to_numpy(value: Any) -> Any:
        # result_type answers in xp's dtypes: NumPy's dtype of the same name, for comparison.
        if _is_dtype(xp, value) and not isinstance(value, str):
            return _numpy_dtype(xp, value)
        return value

    return Library(name=name, module=xp.__name__, types=types, table=table,
                   dtype=lambda value: _dtype_in(xp, value), prepare=prepare,
                   convert=convert, out=out, to_numpy=to_numpy)


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
