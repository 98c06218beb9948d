"""The PyTorch backend: ``overridable.numpy`` served by ``torch``; tensors stay tensors.

It owns ``torch.Tensor`` and ``torch.dtype`` (so ``unp.ones((5, 5),
dtype=torch.float32)`` reaches it) and absorbs NumPy arrays, scalars and
dtypes, which become tensors (``torch.as_tensor``, sharing memory where it
can). Dtypes are translated both ways: ``unp.float32``, ``"float32"``,
``numpy.dtype("float32")`` and ``torch.float32`` mean the same thing here.
``device=`` is honoured by the creation functions. NumPy's semantics win
where the two libraries differ: creation without a dtype gives NumPy's
default (``float64``), ``std``/``var`` use ``ddof=0``, ``meshgrid`` indexes
``"xy"``. Names and parameters that differ are mapped in the table
(``arccos`` -> ``torch.acos``, ``concatenate`` -> ``torch.cat``, ``axis`` ->
``dim``, ``keepdims`` -> ``keepdim``); nothing is looked up by name.

Use it as ``ov.set_backend("torch")``, ``ov.set_backend(torch)`` or
``ov.register_backend("torch")``. torch is imported on first use of the
backend, not when this module is imported.

Documented exclusion: torch's float32 ``log`` and ``log10`` differ from
NumPy's by an ulp (the harness compares at ``rtol=1e-7``, below float32's
precision); float64 results match.

This module imports NumPy and, lazily, ``torch``; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> with ov.set_backend("torch"):
...     x = unp.ones((2, 2), dtype="float32")
>>> type(x).__name__, x.dtype
('Tensor', torch.float32)
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ._common import Adapter, Library, Native, build, decline, lazy_backend

__all__ = ["LIBRARY", "backend"]

_NoValue: Any = np._NoValue

#: NumPy dtype name -> torch dtype attribute (bool is NumPy's "bool").
_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128")


def _torch() -> Any:
    import torch

    return torch


def _types() -> tuple[type, ...]:
    torch = _torch()
    return (torch.Tensor, torch.dtype)


def _dtype(value: Any) -> Any:
    """Any dtype spelling -> a ``torch.dtype``."""
    torch = _torch()
    if isinstance(value, torch.dtype):
        return value
    name = np.dtype(value).name
    if name not in _DTYPES:
        raise decline(f"torch has no dtype for NumPy's {name}")
    return getattr(torch, name)


def to_numpy_dtype(dtype: Any) -> np.dtype[Any]:
    """A ``torch.dtype`` -> the NumPy dtype of the same name.

    >>> import torch
    >>> to_numpy_dtype(torch.float32)
    dtype('float32')
    """
    return np.dtype(str(dtype).removeprefix("torch."))


def _prepare(value: Any) -> Any:
    torch = _torch()
    if isinstance(value, torch.Tensor):
        return value
    # np.asarray first: NumPy's dtype rules for lists and scalars (float64, not float32).
    return torch.as_tensor(np.asarray(value))


def _convert(value: Any, dispatch_type: Any) -> Any:
    try:
        return _dtype(value) if dispatch_type == "dtype" else _prepare(value)
    except (TypeError, ValueError, RuntimeError):
        return NotImplemented


def _out(out: Any) -> Any:
    if isinstance(out, _torch().Tensor):
        return out
    raise decline(f"the torch backend takes only a tensor as out=, not {type(out).__name__}")


def _float_default(dtype: Any) -> Any:
    return _torch().float64 if dtype is None else _dtype(dtype)


def _creation(function_name: str) -> Any:
    def create(shape: Any, dtype: Any = None, order: str = "C", *, device: Any = None,
               like: Any = None) -> Any:
        torch = _torch()
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        return getattr(torch, function_name)(shape, dtype=_float_default(dtype), device=device)

    create.__name__ = function_name
    return create


def _full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
          device: Any = None, like: Any = None) -> Any:
    torch = _torch()
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    if dtype is None:
        return torch.as_tensor(np.full(shape, fill_value), device=device)
    return torch.full(shape, fill_value, dtype=_dtype(dtype), device=device)


def _arange(start_or_stop: Any, /, stop: Any = None, step: Any = 1, *, dtype: Any = None,
            device: Any = None, like: Any = None) -> Any:
    torch = _torch()
    start, stop = (0, start_or_stop) if stop is None else (start_or_stop, stop)
    if dtype is None:
        dtype = np.result_type(start, stop, step)
    return torch.arange(start, stop, step, dtype=_dtype(dtype), device=device)


def _linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True,
              retstep: bool = False, dtype: Any = None, axis: int = 0, *,
              device: Any = None) -> Any:
    if not endpoint or retstep or axis != 0:
        raise decline("torch.linspace takes no endpoint=False, retstep or axis")
    return _torch().linspace(start, stop, num, dtype=_float_default(dtype), device=device)


def _eye(N: int, M: Any = None, k: int = 0, dtype: Any = float, order: str = "C", *,
         device: Any = None, like: Any = None) -> Any:
    torch = _torch()
    if k:
        raise decline("torch.eye takes no k=")
    return torch.eye(N, N if M is None else M, dtype=_dtype(dtype), device=device)


def _asarray(a: Any, dtype: Any = None, order: Any = None, *, device: Any = None,
             copy: Any = None, like: Any = None) -> Any:
    torch = _torch()
    tensor = a if isinstance(a, torch.Tensor) else torch.as_tensor(np.asarray(a))
    tensor = tensor.to(device=device, dtype=None if dtype is None else _dtype(dtype))
    return tensor.clone() if copy else tensor


def _mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
          keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    torch = _torch()
    if out is not None or where is not _NoValue:
        raise decline("the torch backend's mean takes no out= or where=")
    a = _prepare(a)
    if dtype is not None:
        a = a.to(_dtype(dtype))
    elif not (a.is_floating_point() or a.is_complex()):
        a = a.to(torch.float64)
    keep = bool(keepdims) if keepdims is not _NoValue else False
    return torch.mean(a) if axis is None else torch.mean(a, dim=axis, keepdim=keep)


def _moment(function_name: str) -> Any:
    def moment(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
               keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
               correction: Any = _NoValue) -> Any:
        if out is not None or where is not _NoValue or mean is not _NoValue:
            raise decline(f"the torch backend's {function_name} takes no out=, where= or mean=")
        a = _prepare(a)
        if dtype is not None:
            a = a.to(_dtype(dtype))
        elif not (a.is_floating_point() or a.is_complex()):
            a = a.to(_torch().float64)
        keep = bool(keepdims) if keepdims is not _NoValue else False
        ddof = correction if correction is not _NoValue else ddof
        return getattr(_torch(), function_name)(a, dim=axis, correction=ddof, keepdim=keep)

    moment.__name__ = function_name
    return moment


def _concatenate(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: str = "same_kind") -> Any:
    torch = _torch()
    tensors = [_prepare(a) for a in arrays]
    if axis is None:
        tensors, axis = [t.reshape(-1) for t in tensors], 0
    if dtype is not None:
        tensors = [t.to(_dtype(dtype)) for t in tensors]
    return torch.cat(tensors, dim=axis, out=None if out is None else _out(out))


def _transpose(a: Any, axes: Any = None) -> Any:
    a = _prepare(a)
    return a.permute(*(reversed(range(a.ndim)) if axes is None else axes))


def _flip(m: Any, axis: Any = None) -> Any:
    m = _prepare(m)
    dims = tuple(range(m.ndim)) if axis is None else (axis,) if isinstance(axis, int) else axis
    return _torch().flip(m, dims)


def _cumulative(function_name: str) -> Any:
    def cumulative(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        a = _prepare(a)
        if axis is None:
            a, axis = a.reshape(-1), 0
        return getattr(_torch(), function_name)(
            a, dim=axis, dtype=None if dtype is None else _dtype(dtype),
            out=None if out is None else _out(out))

    cumulative.__name__ = function_name
    return cumulative


def _where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
    torch = _torch()
    condition = _prepare(condition)
    if x is None and y is None:
        return torch.where(condition)
    return torch.where(condition.bool(), _prepare(x), _prepare(y))


def _dot(a: Any, b: Any, out: Any = None) -> Any:
    torch = _torch()
    a, b = _prepare(a), _prepare(b)
    if out is not None:
        raise decline("the torch backend's dot takes no out=")
    if a.ndim == 0 or b.ndim == 0:
        return a * b
    if b.ndim <= 2:
        return torch.matmul(a, b)
    return torch.tensordot(a, b, dims=([-1], [-2]))


def _einsum(*operands: Any, out: Any = None, optimize: Any = False, **kwargs: Any) -> Any:
    if out is not None or kwargs:
        raise decline("the torch backend's einsum takes no out= or NumPy's keywords")
    subscripts, *arrays = operands
    if not isinstance(subscripts, str):
        raise decline("the torch backend's einsum takes subscripts as a string")
    return _torch().einsum(subscripts, *(_prepare(a) for a in arrays))


def _size(a: Any, axis: Any = None) -> int:
    a = _prepare(a)
    return int(a.numel() if axis is None else a.shape[axis])


def _reciprocal(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
    torch = _torch()
    if out is not None or kwargs:
        raise decline("the torch backend's reciprocal takes no out= or ufunc keywords")
    x = _prepare(x)
    if not (x.is_floating_point() or x.is_complex()):
        # NumPy's integer reciprocal is integer division: 1 and -1 stay, the rest give 0.
        return torch.where(x.abs() == 1, x, torch.zeros_like(x))
    return torch.reciprocal(x)


def _resolved(function: Any) -> Any:
    """``function`` with a lazily conjugated result made concrete (torch.fft.ifft's result
    carries a conjugate bit that ``numpy()`` refuses)."""

    @functools.wraps(function)  # keeps the signature, which compile_native reads
    def call(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        return result.resolve_conj() if hasattr(result, "resolve_conj") else result

    return call


def _bool_as_is(function: Any) -> Any:
    """NumPy's abs, floor, ceil and trunc of booleans give the booleans; torch refuses them."""

    @functools.wraps(function)
    def call(x: Any, *args: Any, **kwargs: Any) -> Any:
        x = _prepare(x)
        if x.dtype == _torch().bool and not args and not kwargs:
            return x.clone()
        return function(x, *args, **kwargs)

    return call


def _table() -> dict[str, Any]:
    torch = _torch()
    axis = {"axis": "dim", "keepdims": "keepdim"}
    table: dict[str, Any] = {
        # creation
        "ones": Adapter(_creation("ones")),
        "zeros": Adapter(_creation("zeros")),
        "empty": Adapter(_creation("empty")),
        "full": Adapter(_full),
        "arange": Adapter(_arange),
        "linspace": Adapter(_linspace),
        "eye": Adapter(_eye),
        "asarray": Adapter(_asarray),
        "zeros_like": Native(torch.zeros_like, drop=("order", "subok")),
        "ones_like": Native(torch.ones_like, drop=("order", "subok")),
        "empty_like": Native(torch.empty_like, drop=("order", "subok")),
        # reductions
        "sum": Native(torch.sum, rename=axis),
        "prod": Native(torch.prod, rename=axis),
        "mean": Adapter(_mean),
        "std": Adapter(_moment("std")),
        "var": Adapter(_moment("var")),
        "max": Native(torch.amax, rename=axis),
        "min": Native(torch.amin, rename=axis),
        "amax": Native(torch.amax, rename=axis),
        "amin": Native(torch.amin, rename=axis),
        "argmax": Native(torch.argmax, rename=axis),
        "argmin": Native(torch.argmin, rename=axis),
        "all": Native(torch.all, rename=axis),
        "any": Native(torch.any, rename=axis),
        "cumsum": Adapter(_cumulative("cumsum")),
        "cumprod": Adapter(_cumulative("cumprod")),
        "nansum": Native(torch.nansum, rename=axis),
        "nanmean": Native(torch.nanmean, rename=axis),
        "count_nonzero": Native(torch.count_nonzero, rename=axis),
        # elementwise functions that are not ufuncs
        "where": Adapter(_where),
        "round": Native(torch.round),
        "isclose": torch.isclose,
        "allclose": torch.allclose,
        "nan_to_num": Native(torch.nan_to_num, drop=("copy",)),
        # shape and order
        "reshape": torch.reshape,
        "transpose": Adapter(_transpose),
        "permute_dims": Native(torch.permute, rename={"axes": "dims"}),
        "ravel": Native(torch.ravel),
        "squeeze": Native(torch.squeeze, rename={"axis": "dim"}),
        "expand_dims": torch.unsqueeze,
        "moveaxis": torch.movedim,
        "swapaxes": torch.swapaxes,
        "broadcast_to": torch.broadcast_to,
        "flip": Adapter(_flip),
        "roll": Native(torch.roll, rename={"shift": "shifts", "axis": "dims"}),
        "tril": Native(torch.tril, rename={"k": "diagonal"}),
        "triu": Native(torch.triu, rename={"k": "diagonal"}),
        "diagonal": Native(torch.diagonal, rename={"axis1": "dim1", "axis2": "dim2"}),
        "tile": torch.tile,
        # a tensor's .size is a method: NumPy's size, shape and ndim, explicitly
        "size": Adapter(_size),
        "shape": Adapter(lambda a: tuple(_prepare(a).shape)),
        "ndim": Adapter(lambda a: _prepare(a).ndim),
        "repeat": Native(torch.repeat_interleave, rename={"axis": "dim"}),
        # joining
        "concatenate": Adapter(_concatenate),
        "concat": Adapter(_concatenate),
        "stack": Native(torch.stack, rename={"axis": "dim"}),
        "vstack": torch.vstack,
        "hstack": torch.hstack,
        "dstack": torch.dstack,
        # searching, products, statistics
        "argwhere": torch.argwhere,
        "isin": Native(torch.isin, rename={"element": "elements"}),
        "dot": Adapter(_dot),
        "tensordot": Native(torch.tensordot, rename={"axes": "dims"}),
        "einsum": Adapter(_einsum),
        "kron": torch.kron,
        "diff": Native(torch.diff, rename={"axis": "dim"}),
        "trace": torch.trace,
        # ufuncs whose torch names are the same
        **{name: getattr(torch, name) for name in (
            "add", "subtract", "multiply", "divide", "sin", "cos", "tan", "sinh", "cosh",
            "tanh", "exp", "expm1", "log", "log2", "log10", "log1p", "sqrt", "square", "floor",
            "ceil", "trunc", "sign", "negative", "positive", "maximum", "minimum", "fmax",
            "fmin", "hypot", "logaddexp", "logaddexp2", "isnan", "isinf", "isfinite",
            "signbit", "copysign", "nextafter", "reciprocal", "remainder", "fmod",
            "floor_divide", "float_power", "deg2rad", "rad2deg", "logical_and", "logical_or",
            "logical_xor", "logical_not", "bitwise_and", "bitwise_or", "bitwise_xor",
            "matmul", "not_equal", "less", "less_equal", "greater", "greater_equal",
            "exp2", "heaviside", "gcd", "lcm", "conj")},
        # ufuncs whose torch names differ
        "arccos": torch.acos, "arcsin": torch.asin, "arctan": torch.atan,
        "arccosh": torch.acosh, "arcsinh": torch.asinh, "arctanh": torch.atanh,
        "arctan2": torch.atan2, "power": torch.pow,
        "bitwise_not": torch.bitwise_not, "invert": torch.bitwise_not,
        "left_shift": torch.bitwise_left_shift, "right_shift": torch.bitwise_right_shift,
        "true_divide": torch.true_divide, "mod": torch.remainder, "rint": torch.round,
        # torch.equal answers "are these tensors equal?" with one bool: not NumPy's equal
        "equal": torch.eq,
        "reciprocal": Adapter(_reciprocal),
        **{name: _bool_as_is(getattr(torch, name)) for name in ("floor", "ceil", "trunc")},
        "absolute": _bool_as_is(torch.abs), "abs": _bool_as_is(torch.abs),
        # linalg
        "linalg.solve": torch.linalg.solve,
        "linalg.inv": torch.linalg.inv,
        "linalg.det": torch.linalg.det,
        "linalg.eigh": torch.linalg.eigh,
        "linalg.eigvalsh": torch.linalg.eigvalsh,
        "linalg.svd": Native(torch.linalg.svd, rename={}, drop=("hermitian",)),
        "linalg.qr": torch.linalg.qr,
        "linalg.cholesky": torch.linalg.cholesky,
        "linalg.norm": Native(torch.linalg.norm, rename={"axis": "dim", "keepdims": "keepdim"}),
        "linalg.pinv": torch.linalg.pinv,
        "linalg.matrix_power": torch.linalg.matrix_power,
        "linalg.slogdet": torch.linalg.slogdet,
        # fft
        **{f"fft.{name}": Native(_resolved(getattr(torch.fft, name)), rename={"axis": "dim",
                                                                   "axes": "dim"})
           for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2",
                        "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn")},
        "fft.fftshift": Native(torch.fft.fftshift, rename={"axes": "dim"}),
        "fft.ifftshift": Native(torch.fft.ifftshift, rename={"axes": "dim"}),
    }
    return table


#: torch, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="torch",
    module="torch",
    types=_types,
    table=_table,
    dtype=_dtype,
    prepare=_prepare,
    convert=_convert,
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
