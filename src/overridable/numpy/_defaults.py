"""Default implementations: NumPy functions written once in terms of other multimethods.

A default runs when the backend serving a call has no implementation of the
function; the engine pins that backend (``only=True``) while it runs, so
every ``unp.*`` call inside a default is served by the same backend, and a
backend that implements a small core (``asarray``, ``reshape``, ``sum``,
``concatenate``, ``where``, ...) serves all of these. Elementwise arithmetic
and comparison use the array's operators (``+``, ``*``, ``==``, ``**``,
``abs``) and basic slicing, which every array library provides.

Each default has NumPy's signature (``DEFAULTS`` is checked against the
declarations by the tests) and honours the arguments it accepts; arguments a
default cannot honour raise ``BackendNotImplementedError`` rather than being
ignored. ``tests/test_numpy_defaults.py`` runs every default on a backend
that implements only the core and compares the values with NumPy's.

This module uses NumPy only for ``numpy._NoValue`` (the "not given" marker
of NumPy's signatures) and for NumPy's own floating-point error state and
print options (``errstate``, ``seterr``, ``printoptions``, ...: NumPy's
state, the defaults of every backend that has none of its own), and must
never import any other array library.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as _np

from overridable import BackendNotImplementedError

__all__ = ["DEFAULTS", "PRIMITIVES"]

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


# -- statistics ------------------------------------------------------------------------


@_default()
def mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
         keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    shape = _shape(a)
    if dtype is None:  # NumPy sums integers in float64 (a library's int / int may not)
        a = _as_float(a)
    kd = _flag(keepdims)
    if _given(where):
        w = unp.broadcast_to(unp.asarray(where), shape)
        total = unp.sum(unp.where(w, a, 0), axis=axis, dtype=dtype, keepdims=kd)
        n: Any = unp.sum(w, axis=axis, keepdims=kd)
    else:
        total = unp.sum(a, axis=axis, dtype=dtype, keepdims=kd)
        n = _count(shape, axis)
    result = total / n
    if dtype is not None:
        result = unp.astype(result, dtype)
    elif _is(a, "real floating") and result.dtype != a.dtype:
        result = unp.astype(result, a.dtype)
    return _out(result, out)


def _variance(a: Any, axis: Any, dtype: Any, ddof: Any, keepdims: Any, where: Any,
              mean_: Any, correction: Any, nan: bool) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _given(correction):
        if ddof != 0:
            raise ValueError("ddof and correction can't be provided simultaneously.")
        ddof = correction
    kd = _flag(keepdims)
    mask = _nan_mask(a) if nan else None
    if _given(where):
        w = unp.broadcast_to(unp.asarray(where), _shape(a))
        mask = w if mask is None else unp.where(w, mask, False)
    if _given(mean_):
        m = mean_
    elif nan:
        m = nanmean(a, axis=axis, dtype=dtype, keepdims=True, where=where)
    else:
        m = mean(a, axis=axis, dtype=dtype, keepdims=True, where=where)
    sq = _abs2(a - m)
    if mask is not None:
        sq = unp.where(mask, sq, 0)
        n: Any = unp.sum(mask, axis=axis, keepdims=kd)
    else:
        n = _count(_shape(a), axis)
    dof = n - ddof
    result = unp.sum(sq, axis=axis, dtype=dtype, keepdims=kd) / unp.where(dof > 0, dof, 0)
    if dtype is not None:
        result = unp.astype(result, dtype)
    return result


@_default()
def var(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
        keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
        correction: Any = _NoValue) -> Any:
    return _out(_variance(a, axis, dtype, ddof, keepdims, where, mean, correction, False), out)


@_default()
def std(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
        keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
        correction: Any = _NoValue) -> Any:
    v = _variance(a, axis, dtype, ddof, keepdims, where, mean, correction, False)
    return _out(v ** 0.5, out)


@_default()
def nanvar(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
           keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
           correction: Any = _NoValue) -> Any:
    return _out(_variance(a, axis, dtype, ddof, keepdims, where, mean, correction, True), out)


@_default()
def nanstd(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
           keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
           correction: Any = _NoValue) -> Any:
    v = _variance(a, axis, dtype, ddof, keepdims, where, mean, correction, True)
    return _out(v ** 0.5, out)


@_default()
def nanmean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if not _inexact(a):
        return mean(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, where=where)
    mask = _nan_mask(a)
    if _given(where):
        mask = unp.where(unp.broadcast_to(unp.asarray(where), _shape(a)), mask, False)
    kd = _flag(keepdims)
    total = unp.sum(unp.where(mask, a, 0), axis=axis, dtype=dtype, keepdims=kd)
    n = unp.sum(mask, axis=axis, keepdims=kd)
    result = total / n
    if dtype is not None:
        result = unp.astype(result, dtype)
    elif result.dtype != a.dtype:
        result = unp.astype(result, a.dtype)
    return _out(result, out)


@_default()
def nansum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
           keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _inexact(a):
        a = unp.where(_nan_mask(a), a, 0)
    return unp.sum(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial,
                   where=where)


@_default()
def nanprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _inexact(a):
        a = unp.where(_nan_mask(a), a, 1)
    return unp.prod(a, axis=axis, dtype=dtype, out=out, keepdims=keepdims, initial=initial,
                    where=where)


def _nan_extreme(reduce: _F, fill: float, a: Any, axis: Any, out: Any, keepdims: Any,
                 initial: Any, where: Any) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if not _inexact(a) or _is(a, "complex floating"):
        return reduce(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)
    mask = _nan_mask(a)
    result = reduce(unp.where(mask, a, fill), axis=axis, keepdims=keepdims, initial=initial,
                    where=where)
    if _given(where):
        mask = unp.where(unp.broadcast_to(unp.asarray(where), _shape(a)), mask, False)
    seen = unp.sum(mask, axis=axis, keepdims=_flag(keepdims))
    if _given(initial):
        seen = seen + 1
    return _out(unp.where(seen > 0, result, _np.nan), out)


@_default()
def nanmax(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
           initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _nan_extreme(_unp().max, -_np.inf, a, axis, out, keepdims, initial, where)


@_default()
def nanmin(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
           initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _nan_extreme(_unp().min, _np.inf, a, axis, out, keepdims, initial, where)


@_default()
def nancumsum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _inexact(a):
        a = unp.where(_nan_mask(a), a, 0)
    return unp.cumsum(a, axis=axis, dtype=dtype, out=out)


@_default()
def nancumprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _inexact(a):
        a = unp.where(_nan_mask(a), a, 1)
    return unp.cumprod(a, axis=axis, dtype=dtype, out=out)


@_default()
def ptp(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    return _out(unp.max(a, axis=axis, keepdims=keepdims)
                - unp.min(a, axis=axis, keepdims=keepdims), out)


@_default()
def average(a: Any, axis: Any = None, weights: Any = None, returned: Any = False, *,
            keepdims: Any = _NoValue) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    kd = _flag(keepdims)
    if weights is None:
        avg = mean(a, axis=axis, keepdims=kd)
        scale: Any = unp.full(_shape(avg), _count(_shape(a), axis), dtype=avg.dtype)
    else:
        w = unp.asarray(weights)
        shape = _shape(a)
        if _shape(w) != shape:
            if axis is None:
                raise TypeError("Axis must be specified when shapes of a and weights differ.")
            axes = _axes(axis, len(shape))
            wshape = tuple(shape[ax] for ax in axes)
            if _shape(w) != wshape:
                raise ValueError("Shape of weights must be consistent with shape of a along "
                                 "specified axis.")
            order = sorted(range(len(axes)), key=lambda i: axes[i])
            w = unp.transpose(w, order) if len(axes) > 1 else w
            full_shape = tuple(shape[ax] if ax in axes else 1 for ax in range(len(shape)))
            w = unp.reshape(w, full_shape)
        aw = _as_float(a) * w if not _inexact(a) and not _inexact(w) else a * w
        if not _inexact(aw):
            aw = _as_float(aw)
        scale = unp.sum(w, axis=axis, keepdims=kd, dtype=aw.dtype)
        if bool(any_(scale == 0)):
            raise ZeroDivisionError("Weights sum to zero, can't be normalized")
        avg = unp.sum(aw, axis=axis, keepdims=kd) / scale
        if _shape(scale) != _shape(avg):
            scale = unp.broadcast_to(scale, _shape(avg))
    if returned:
        return avg, scale
    return avg


@_default()
def count_nonzero(a: Any, axis: Any = None, *, keepdims: Any = False) -> Any:
    unp = _unp()
    return unp.sum(unp.asarray(a) != 0, axis=axis, keepdims=keepdims)


@_default("all")
def all_(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue, *,
         where: Any = _NoValue) -> Any:
    unp = _unp()
    zero = unp.asarray(a) == 0
    if _given(where):
        zero = unp.where(where, zero, False)
    return _out(unp.sum(zero, axis=axis, keepdims=_flag(keepdims)) == 0, out)


@_default("any")
def any_(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue, *,
         where: Any = _NoValue) -> Any:
    unp = _unp()
    nonzero = unp.asarray(a) != 0
    if _given(where):
        nonzero = unp.where(where, nonzero, False)
    return _out(unp.sum(nonzero, axis=axis, keepdims=_flag(keepdims)) > 0, out)


@_default()
def amax(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
         initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _unp().max(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)


@_default()
def amin(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
         initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _unp().min(a, axis=axis, out=out, keepdims=keepdims, initial=initial, where=where)


@_default()
def around(a: Any, decimals: Any = 0, out: Any = None) -> Any:
    return _unp().round(a, decimals=decimals, out=out)


def _cumulative(scan: _F, identity: int, x: Any, axis: Any, dtype: Any, out: Any,
                include_initial: Any) -> Any:
    unp = _unp()
    x = unp.asarray(x)
    ndim = _ndim(x)
    if axis is None:
        if ndim > 1:
            raise ValueError("axis must be specified for an array of more than one dimension")
        axis = 0
    if ndim == 0:
        raise ValueError("the input must have at least one dimension")
    result = scan(x, axis=axis, dtype=dtype)
    if include_initial:
        ax = _axes(axis, ndim)[0]
        shape = list(_shape(result))
        shape[ax] = 1
        result = unp.concatenate((unp.full(tuple(shape), identity, dtype=result.dtype), result),
                                 axis=ax)
    return _out(result, out)


@_default()
def cumulative_sum(x: Any, /, *, axis: Any = None, dtype: Any = None, out: Any = None,
                   include_initial: Any = False) -> Any:
    return _cumulative(_unp().cumsum, 0, x, axis, dtype, out, include_initial)


@_default()
def cumulative_prod(x: Any, /, *, axis: Any = None, dtype: Any = None, out: Any = None,
                    include_initial: Any = False) -> Any:
    return _cumulative(_unp().cumprod, 1, x, axis, dtype, out, include_initial)


@_default()
def trace(a: Any, offset: Any = 0, axis1: Any = 0, axis2: Any = 1, dtype: Any = None,
          out: Any = None) -> Any:
    unp = _unp()
    d = unp.diagonal(unp.asarray(a), offset=offset, axis1=axis1, axis2=axis2)
    return unp.sum(d, axis=-1, dtype=dtype, out=out)


@_default()
def cov(m: Any, y: Any = None, rowvar: Any = True, bias: Any = False, ddof: Any = None,
        fweights: Any = None, aweights: Any = None, *, dtype: Any = None) -> Any:
    unp = _unp()
    x = atleast_2d(unp.asarray(m))
    if not rowvar and _shape(x)[0] != 1:
        x = unp.transpose(x)
    if _shape(x)[0] == 0:
        raise BackendNotImplementedError("cov of an empty array")
    if y is not None:
        y2 = atleast_2d(unp.asarray(y))
        if not rowvar and _shape(y2)[0] != 1:
            y2 = unp.transpose(y2)
        x = unp.concatenate((x, y2), axis=0)
    x = _as_float(x) if dtype is None else unp.astype(x, dtype)
    if ddof is None:
        ddof = 0 if bias else 1
    w = None
    if fweights is not None:
        w = _as_float(unp.asarray(fweights))
    if aweights is not None:
        aw = unp.asarray(aweights)
        w = aw if w is None else w * aw
    avg, w_sum = average(x, axis=1, weights=w, returned=True)
    w_sum = w_sum[0]
    if w is None:
        fact: Any = _shape(x)[1] - ddof
    elif ddof == 0:
        fact = w_sum
    elif aweights is None:
        fact = w_sum - ddof
    else:
        fact = w_sum - ddof * unp.sum(w * unp.asarray(aweights)) / w_sum
    x = x - unp.reshape(avg, (-1, 1))
    xt = unp.transpose(x if w is None else x * w)
    c = unp.dot(x, _conj(xt)) / fact
    return squeeze(c)


@_default()
def corrcoef(x: Any, y: Any = None, rowvar: Any = True, *, dtype: Any = None) -> Any:
    unp = _unp()
    c = cov(x, y, rowvar, dtype=dtype)
    if _ndim(c) == 0:
        return c / c
    d = unp.real(unp.diagonal(c)) ** 0.5
    c = c / unp.reshape(d, (-1, 1))
    c = c / unp.reshape(d, (1, -1))

    def clip(v: Any) -> Any:
        return unp.where(v > 1, 1.0, unp.where(v < -1, -1.0, v))

    if _is(c, "complex floating"):
        return clip(unp.real(c)) + 1j * clip(unp.imag(c))
    return clip(c)


# -- creation --------------------------------------------------------------------------


def _float_default(dtype: Any) -> Any:
    return _np.float64 if dtype is None else dtype


@_default()
def zeros(shape: Any, dtype: Any = None, order: Any = "C", *, device: Any = None,
          like: Any = None) -> Any:
    return _unp().full(shape, 0, dtype=_float_default(dtype), order=order, **_opt(device=device))


@_default()
def ones(shape: Any, dtype: Any = None, order: Any = "C", *, device: Any = None,
         like: Any = None) -> Any:
    return _unp().full(shape, 1, dtype=_float_default(dtype), order=order, **_opt(device=device))


@_default()
def empty(shape: Any, dtype: Any = None, order: Any = "C", *, device: Any = None,
          like: Any = None) -> Any:
    return _unp().full(shape, 0, dtype=_float_default(dtype), order=order, **_opt(device=device))


@_default()
def full_like(a: Any, fill_value: Any, dtype: Any = None, order: Any = "K", subok: Any = True,
              shape: Any = None, *, device: Any = None) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if shape is None:
        shape = _shape(a)
    return unp.full(shape, fill_value, dtype=a.dtype if dtype is None else dtype)


@_default()
def zeros_like(a: Any, dtype: Any = None, order: Any = "K", subok: Any = True,
               shape: Any = None, *, device: Any = None) -> Any:
    return full_like(a, 0, dtype, shape=shape)


@_default()
def ones_like(a: Any, dtype: Any = None, order: Any = "K", subok: Any = True,
              shape: Any = None, *, device: Any = None) -> Any:
    return full_like(a, 1, dtype, shape=shape)


@_default()
def empty_like(prototype: Any, /, dtype: Any = None, order: Any = "K", subok: Any = True,
               shape: Any = None, *, device: Any = None) -> Any:
    return full_like(prototype, 0, dtype, shape=shape)


@_default()
def linspace(start: Any, stop: Any, num: Any = 50, endpoint: Any = True, retstep: Any = False,
             dtype: Any = None, axis: Any = 0, *, device: Any = None) -> Any:
    unp = _unp()
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    div = num - 1 if endpoint else num
    start = unp.asarray(start) * 1.0
    stop = unp.asarray(stop) * 1.0
    delta = stop - start
    extra = _shape(delta)
    y = unp.reshape(unp.arange(num, dtype=_np.float64), (num,) + (1,) * len(extra))
    if div > 0:
        step: Any = delta / div
        y = y * step + start
    else:
        step = _np.nan
        y = y * delta + start
    if endpoint and num > 1:
        last = unp.reshape(unp.broadcast_to(stop, _shape(y)[1:]), (1, *_shape(y)[1:]))
        y = unp.concatenate((y[:-1], unp.astype(last, y.dtype)), axis=0)
    if axis != 0 and extra:
        y = moveaxis(y, 0, axis)
    if dtype is not None:
        cast = unp.astype(y, dtype)
        y = unp.astype(y // 1, dtype) if _is(cast, "integral") else cast
    return (y, step) if retstep else y


@_default()
def logspace(start: Any, stop: Any, num: Any = 50, endpoint: Any = True, base: Any = 10.0,
             dtype: Any = None, axis: Any = 0) -> Any:
    unp = _unp()
    y = linspace(start, stop, num=num, endpoint=endpoint, axis=axis)
    base = unp.asarray(base)
    if _ndim(base):
        base = expand_dims(base, axis)
    result = base ** y
    return result if dtype is None else unp.astype(result, dtype)


@_default()
def eye(N: Any, M: Any = None, k: Any = 0, dtype: Any = float, order: Any = "C", *,
        device: Any = None, like: Any = None) -> Any:
    unp = _unp()
    M = N if M is None else M
    rows = unp.reshape(unp.arange(N), (N, 1))
    cols = unp.reshape(unp.arange(M), (1, M))
    return unp.astype(rows + k == cols, dtype)


@_default()
def identity(n: Any, dtype: Any = None, *, like: Any = None) -> Any:
    return eye(n, dtype=_float_default(dtype))


@_default()
def tri(N: Any, M: Any = None, k: Any = 0, dtype: Any = float, *, like: Any = None) -> Any:
    unp = _unp()
    M = N if M is None else M
    rows = unp.reshape(unp.arange(N), (N, 1))
    cols = unp.reshape(unp.arange(M), (1, M))
    return unp.astype(rows + k >= cols, dtype)


@_default()
def tril(m: Any, k: Any = 0) -> Any:
    unp = _unp()
    m = unp.asarray(m)
    mask = tri(*_shape(m)[-2:], k=k, dtype=bool)
    return unp.where(mask, m, unp.full((), 0, dtype=m.dtype))


@_default()
def triu(m: Any, k: Any = 0) -> Any:
    unp = _unp()
    m = unp.asarray(m)
    mask = tri(*_shape(m)[-2:], k=k - 1, dtype=bool)
    return unp.where(mask, unp.full((), 0, dtype=m.dtype), m)


@_default()
def diag(v: Any, k: Any = 0) -> Any:
    unp = _unp()
    v = unp.asarray(v)
    nd = _ndim(v)
    if nd == 2:
        return unp.diagonal(v, k)
    if nd != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = _shape(v)[0] + abs(k)
    padded = unp.concatenate((v, unp.full((abs(k),), 0, dtype=v.dtype)))
    along = (n, 1) if k >= 0 else (1, n)
    return unp.where(eye(n, n, k, dtype=bool), unp.reshape(padded, along),
                     unp.full((), 0, dtype=v.dtype))


@_default()
def diagflat(v: Any, k: Any = 0) -> Any:
    return diag(ravel(v), k)


@_default()
def indices(dimensions: Any, dtype: Any = int, sparse: Any = False) -> Any:
    unp = _unp()
    dimensions = tuple(dimensions)
    n = len(dimensions)
    parts = []
    for i, dim in enumerate(dimensions):
        shape = (1,) * i + (dim,) + (1,) * (n - i - 1)
        idx = unp.reshape(unp.arange(dim, dtype=dtype), shape)
        parts.append(idx if sparse else unp.broadcast_to(idx, dimensions))
    if sparse:
        return tuple(parts)
    if not parts:
        return unp.full((0,), 0, dtype=dtype)
    return unp.concatenate([unp.reshape(p, (1, *dimensions)) for p in parts], axis=0)


@_default()
def fromfunction(function: Any, shape: Any, *, dtype: Any = float, like: Any = None,
                 **kwargs: Any) -> Any:
    return function(*indices(shape, dtype=dtype), **kwargs)


@_default()
def meshgrid(*xi: Any, copy: Any = True, sparse: Any = False, indexing: Any = "xy") -> Any:
    unp = _unp()
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    n = len(xi)
    shapes = [[1] * n for _ in range(n)]
    for i in range(n):
        shapes[i][i] = -1
    if indexing == "xy" and n > 1:
        shapes[0][0], shapes[0][1] = 1, -1
        shapes[1][0], shapes[1][1] = -1, 1
    grids = [unp.reshape(unp.asarray(x), tuple(s)) for x, s in zip(xi, shapes, strict=True)]
    if not sparse:
        grids = list(broadcast_arrays(*grids))
    if copy:
        grids = [unp.asarray(g, copy=True) for g in grids]
    return tuple(grids)


@_default()
def array(object: Any, dtype: Any = None, *, copy: Any = True, order: Any = "K",
          subok: Any = False, ndmin: Any = 0, ndmax: Any = 0, like: Any = None) -> Any:
    unp = _unp()
    result = unp.asarray(object, dtype=dtype, copy=copy)
    missing = ndmin - _ndim(result)
    if missing > 0:
        result = unp.reshape(result, (1,) * missing + _shape(result))
    return result


@_default()
def asanyarray(a: Any, dtype: Any = None, order: Any = None, *, device: Any = None,
               copy: Any = None, like: Any = None) -> Any:
    return _unp().asarray(a, dtype=dtype, order=order, copy=copy, **_opt(device=device))


@_default()
def ascontiguousarray(a: Any, dtype: Any = None, *, like: Any = None) -> Any:
    return array(a, dtype, copy=None, order="C", ndmin=1)


@_default()
def asfortranarray(a: Any, dtype: Any = None, *, like: Any = None) -> Any:
    return array(a, dtype, copy=None, order="F", ndmin=1)


@_default()
def copy(a: Any, order: Any = "K", subok: Any = False) -> Any:
    return _unp().asarray(a, copy=True)


# -- shape and joining -----------------------------------------------------------------


@_default()
def ndim(a: Any) -> int:
    return _ndim(a)


@_default()
def size(a: Any, axis: Any = None) -> int:
    shape = _shape(a)
    if axis is None:
        return math.prod(shape)
    return _count(shape, axis)


@_default()
def ravel(a: Any, order: Any = "C") -> Any:
    if order not in ("C", "F"):
        order = "C"  # 'A' and 'K' follow the memory layout, which a backend need not expose
    return _unp().reshape(a, (-1,), order=order)


@_default()
def expand_dims(a: Any, axis: Any) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    shape = _shape(a)
    axes = _axes(axis, len(shape) + (1 if isinstance(axis, int) else len(axis)))
    it = iter(shape)
    return unp.reshape(a, tuple(1 if ax in axes else next(it)
                                for ax in range(len(shape) + len(axes))))


@_default()
def squeeze(a: Any, axis: Any = None) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    shape = _shape(a)
    if axis is None:
        axes = tuple(i for i, s in enumerate(shape) if s == 1)
    else:
        axes = _axes(axis, len(shape))
        if any(shape[ax] != 1 for ax in axes):
            raise ValueError("cannot select an axis to squeeze out which has size not equal "
                             "to one")
    return unp.reshape(a, tuple(s for i, s in enumerate(shape) if i not in axes))


def _atleast(a: Any, n: int) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    shape = _shape(a)
    if len(shape) >= n:
        return a
    if n == 3:
        new = {0: (1, 1, 1), 1: (1, *shape, 1), 2: (*shape, 1)}[len(shape)]
    else:
        new = (1,) * (n - len(shape)) + shape
    return unp.reshape(a, new)


def _atleast_all(arys: tuple[Any, ...], n: int) -> Any:
    res = tuple(_atleast(a, n) for a in arys)
    return res[0] if len(res) == 1 else res


@_default()
def atleast_1d(*arys: Any) -> Any:
    return _atleast_all(arys, 1)


@_default()
def atleast_2d(*arys: Any) -> Any:
    return _atleast_all(arys, 2)


@_default()
def atleast_3d(*arys: Any) -> Any:
    return _atleast_all(arys, 3)


@_default()
def concat(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
           casting: Any = "same_kind") -> Any:
    return _unp().concatenate(arrays, axis, out=out, dtype=dtype, casting=casting)


@_default()
def stack(arrays: Any, axis: Any = 0, out: Any = None, *, dtype: Any = None,
          casting: Any = "same_kind") -> Any:
    unp = _unp()
    arrays = [unp.asarray(a) for a in arrays]
    if not arrays:
        raise ValueError("need at least one array to stack")
    if len({_shape(a) for a in arrays}) != 1:
        raise ValueError("all input arrays must have the same shape")
    ax = _axes(axis, _ndim(arrays[0]) + 1)[0]
    return unp.concatenate([expand_dims(a, ax) for a in arrays], axis=ax, out=out, dtype=dtype,
                           casting=casting)


@_default()
def vstack(tup: Any, *, dtype: Any = None, casting: Any = "same_kind") -> Any:
    return _unp().concatenate([_atleast(a, 2) for a in tup], axis=0, dtype=dtype,
                              casting=casting)


@_default()
def hstack(tup: Any, *, dtype: Any = None, casting: Any = "same_kind") -> Any:
    arrs = [_atleast(a, 1) for a in tup]
    axis = 0 if arrs and _ndim(arrs[0]) == 1 else 1
    return _unp().concatenate(arrs, axis=axis, dtype=dtype, casting=casting)


@_default()
def dstack(tup: Any) -> Any:
    return _unp().concatenate([_atleast(a, 3) for a in tup], axis=2)


@_default()
def column_stack(tup: Any) -> Any:
    unp = _unp()
    arrs = []
    for v in tup:
        a = unp.asarray(v)
        arrs.append(unp.reshape(a, (-1, 1)) if _ndim(a) < 2 else a)
    return unp.concatenate(arrs, axis=1)


@_default()
def append(arr: Any, values: Any, axis: Any = None) -> Any:
    unp = _unp()
    if axis is None:
        return unp.concatenate((ravel(arr), ravel(values)), axis=0)
    return unp.concatenate((arr, values), axis=axis)


@_default()
def broadcast_shapes(*args: Any) -> tuple[int, ...]:
    shapes = [tuple(s) if isinstance(s, Sequence) else (operator.index(s),) for s in args]
    n = max((len(s) for s in shapes), default=0)
    out = [1] * n
    for s in shapes:
        for i, dim in enumerate(s, n - len(s)):
            if dim != 1:
                if out[i] not in (1, dim):
                    raise ValueError(f"shape mismatch: objects cannot be broadcast to a single "
                                     f"shape.  Mismatch is between {tuple(out)} and {s}")
                out[i] = dim
    return tuple(out)


@_default()
def broadcast_arrays(*args: Any, subok: Any = False) -> Any:
    unp = _unp()
    arrays = [unp.asarray(a) for a in args]
    shape = broadcast_shapes(*(_shape(a) for a in arrays))
    return tuple(a if _shape(a) == shape else unp.broadcast_to(a, shape) for a in arrays)


@_default()
def tile(A: Any, reps: Any) -> Any:
    unp = _unp()
    a = unp.asarray(A)
    tup = tuple(reps) if isinstance(reps, Sequence) else (operator.index(reps),)
    shape = _shape(a)
    d = max(len(tup), len(shape))
    tup = (1,) * (d - len(tup)) + tup
    shape = (1,) * (d - len(shape)) + shape
    interleaved = unp.reshape(a, tuple(x for s in shape for x in (1, s)))
    big = unp.broadcast_to(interleaved, tuple(x for r, s in zip(tup, shape, strict=True)
                                              for x in (r, s)))
    return unp.reshape(big, tuple(r * s for r, s in zip(tup, shape, strict=True)))


@_default()
def permute_dims(a: Any, axes: Any = None) -> Any:
    return _unp().transpose(a, axes)


@_default()
def swapaxes(a: Any, axis1: Any, axis2: Any) -> Any:
    n = _ndim(a)
    i, j = _axes(axis1, n)[0], _axes(axis2, n)[0]
    perm = list(range(n))
    perm[i], perm[j] = j, i
    return _unp().transpose(a, perm)


@_default()
def moveaxis(a: Any, source: Any, destination: Any) -> Any:
    n = _ndim(a)
    src = _axes(source, n)
    dst = _axes(destination, n)
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of "
                         "elements")
    order = [i for i in range(n) if i not in src]
    for d, s in sorted(zip(dst, src, strict=True)):
        order.insert(d, s)
    return _unp().transpose(a, order)


@_default()
def rollaxis(a: Any, axis: Any, start: Any = 0) -> Any:
    n = _ndim(a)
    ax = _axes(axis, n)[0]
    start = operator.index(start)
    if not -n <= start <= n:
        raise _np.exceptions.AxisError(f"'start' arg requires {-n} <= start < {n + 1}, but "
                                       f"{start} was passed in")
    start = start + n if start < 0 else start
    start = start - 1 if ax < start else start
    if ax == start:
        return _unp().asarray(a)[...]
    order = [i for i in range(n) if i != ax]
    order.insert(start, ax)
    return _unp().transpose(a, order)


@_default()
def matrix_transpose(x: Any, /) -> Any:
    n = _ndim(x)
    if n < 2:
        raise ValueError(f"Input array must be at least 2-dimensional, but it is {n}")
    return swapaxes(x, -1, -2)


@_default()
def unstack(x: Any, /, *, axis: Any = 0) -> Any:
    moved = moveaxis(_unp().asarray(x), axis, 0)
    return tuple(moved[i] for i in range(_shape(moved)[0]))


@_default()
def flip(m: Any, axis: Any = None) -> Any:
    m = _unp().asarray(m)
    axes = _axes(axis, _ndim(m))
    return m[tuple(slice(None, None, -1) if i in axes else slice(None) for i in range(_ndim(m)))]


@_default()
def fliplr(m: Any) -> Any:
    if _ndim(m) < 2:
        raise ValueError("Input must be >= 2-d.")
    return _unp().flip(m, 1)  # a backend's own flip (torch's tensors refuse [::-1])


@_default()
def flipud(m: Any) -> Any:
    if _ndim(m) < 1:
        raise ValueError("Input must be >= 1-d.")
    return _unp().flip(m, 0)


@_default()
def rot90(m: Any, k: Any = 1, axes: Any = (0, 1)) -> Any:
    unp = _unp()
    m = unp.asarray(m)
    n = _ndim(m)
    a0, a1 = _axes(tuple(axes), n)
    if len(axes) != 2 or a0 == a1:
        raise ValueError("len(axes) must be 2 and the axes must be different.")
    k %= 4
    if k == 0:
        return m[...]
    if k == 2:
        return unp.flip(unp.flip(m, a0), a1)
    perm = list(range(n))
    perm[a0], perm[a1] = perm[a1], perm[a0]
    if k == 1:
        return unp.transpose(unp.flip(m, a1), perm)
    return unp.flip(unp.transpose(m, perm), a1)


@_default()
def roll(a: Any, shift: Any, axis: Any = None) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if axis is None:
        return unp.reshape(roll(ravel(a), shift, 0), _shape(a))
    shifts = tuple(shift) if isinstance(shift, Sequence) else (shift,)
    axes = tuple(axis) if isinstance(axis, Sequence) else (axis,)
    if len(shifts) == 1:
        shifts *= len(axes)
    if len(axes) == 1:
        axes *= len(shifts)
    if len(shifts) != len(axes):
        raise ValueError("'shift' and 'axis' should be scalars or 1D sequences")
    n = _ndim(a)
    total: dict[int, int] = {}
    for s, ax in zip(shifts, axes, strict=True):
        ax = _axes(ax, n)[0]
        total[ax] = total.get(ax, 0) + operator.index(s)
    for ax, s in total.items():
        size_ = _shape(a)[ax]
        s = s % size_ if size_ else 0
        if s:
            a = unp.concatenate((a[_index(n, ax, slice(-s, None))],
                                 a[_index(n, ax, slice(None, -s))]), axis=ax)
    return a


@_default()
def diff(a: Any, n: Any = 1, axis: Any = -1, prepend: Any = _NoValue,
         append: Any = _NoValue) -> Any:
    unp = _unp()
    if n == 0:
        return a
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n!r}")
    a = unp.asarray(a)
    nd = _ndim(a)
    if nd == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    ax = _axes(axis, nd)[0]
    parts = []
    for value, first in ((prepend, True), (append, False)):
        if value is _NoValue:
            continue
        v = unp.asarray(value)
        if _ndim(v) == 0:
            shape = list(_shape(a))
            shape[ax] = 1
            v = unp.broadcast_to(v, tuple(shape))
        parts.append((first, v))
    if parts:
        a = unp.concatenate([v for f, v in parts if f] + [a] + [v for f, v in parts if not f],
                            axis=ax)
    hi, lo = _index(nd, ax, slice(1, None)), _index(nd, ax, slice(None, -1))
    boolean = _is(a, "bool")
    for _ in range(n):
        a = a[hi] != a[lo] if boolean else a[hi] - a[lo]
    return a


@_default()
def ediff1d(ary: Any, to_end: Any = None, to_begin: Any = None) -> Any:
    unp = _unp()
    ary = ravel(unp.asarray(ary))
    d = ary[1:] - ary[:-1]
    parts = [d]
    if to_begin is not None:
        parts.insert(0, unp.astype(ravel(unp.asarray(to_begin)), d.dtype))
    if to_end is not None:
        parts.append(unp.astype(ravel(unp.asarray(to_end)), d.dtype))
    return unp.concatenate(parts) if len(parts) > 1 else d


def _split_points(n: int, sections: Any) -> list[int]:
    try:
        points = list(sections)
    except TypeError:
        count = int(sections)
        if count <= 0:
            raise ValueError("number sections must be larger than 0.") from None
        each, extras = divmod(n, count)
        sizes = [0] + extras * [each + 1] + (count - extras) * [each]
        return [sum(sizes[: i + 1]) for i in range(len(sizes))]
    return [0, *points, n]


@_default()
def array_split(ary: Any, indices_or_sections: Any, axis: Any = 0) -> Any:
    ary = _unp().asarray(ary)
    nd = _ndim(ary)
    ax = _axes(axis, nd)[0]
    points = _split_points(_shape(ary)[ax], indices_or_sections)
    return [ary[_index(nd, ax, slice(points[i], points[i + 1]))]
            for i in range(len(points) - 1)]


@_default()
def split(ary: Any, indices_or_sections: Any, axis: Any = 0) -> Any:
    if not isinstance(indices_or_sections, Sequence) and not hasattr(
            indices_or_sections, "__len__"):
        n = _shape(ary)[axis]
        if n % indices_or_sections:
            raise ValueError("array split does not result in an equal division")
    return array_split(ary, indices_or_sections, axis)


@_default()
def hsplit(ary: Any, indices_or_sections: Any) -> Any:
    n = _ndim(ary)
    if n == 0:
        raise ValueError("hsplit only works on arrays of 1 or more dimensions")
    return split(ary, indices_or_sections, 1 if n > 1 else 0)


@_default()
def vsplit(ary: Any, indices_or_sections: Any) -> Any:
    if _ndim(ary) < 2:
        raise ValueError("vsplit only works on arrays of 2 or more dimensions")
    return split(ary, indices_or_sections, 0)


@_default()
def dsplit(ary: Any, indices_or_sections: Any) -> Any:
    if _ndim(ary) < 3:
        raise ValueError("dsplit only works on arrays of 3 or more dimensions")
    return split(ary, indices_or_sections, 2)


# -- products --------------------------------------------------------------------------


@_default()
def outer(a: Any, b: Any, out: Any = None) -> Any:
    unp = _unp()
    return _out(unp.reshape(a, (-1, 1)) * unp.reshape(b, (1, -1)), out)


@_default()
def tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    unp = _unp()
    a, b = unp.asarray(a), unp.asarray(b)
    try:
        axes_a, axes_b = list(axes[0]), list(axes[1])
    except TypeError:
        try:
            axes_a, axes_b = [axes[0]], [axes[1]]
        except TypeError:
            n = operator.index(axes)
            axes_a, axes_b = list(range(-n, 0)), list(range(n))
    sa, sb = _shape(a), _shape(b)
    axes_a = [ax % len(sa) if sa else ax for ax in axes_a]
    axes_b = [ax % len(sb) if sb else ax for ax in axes_b]
    if len(axes_a) != len(axes_b) or any(sa[i] != sb[j] for i, j in
                                         zip(axes_a, axes_b, strict=True)):
        raise ValueError("shape-mismatch for sum")
    free_a = [i for i in range(len(sa)) if i not in axes_a]
    free_b = [j for j in range(len(sb)) if j not in axes_b]
    k = math.prod(sa[i] for i in axes_a)
    at = unp.reshape(unp.transpose(a, free_a + axes_a), (-1, k))
    bt = unp.reshape(unp.transpose(b, axes_b + free_b), (k, -1))
    return unp.reshape(unp.dot(at, bt), tuple(sa[i] for i in free_a) + tuple(sb[j]
                                                                             for j in free_b))


@_default()
def inner(a: Any, b: Any, /) -> Any:
    unp = _unp()
    a, b = unp.asarray(a), unp.asarray(b)
    if _ndim(a) == 0 or _ndim(b) == 0:
        return a * b
    return tensordot(a, b, ((-1,), (-1,)))


@_default()
def vdot(a: Any, b: Any, /) -> Any:
    unp = _unp()
    return unp.sum(_conj(ravel(unp.asarray(a))) * ravel(unp.asarray(b)))


@_default()
def kron(a: Any, b: Any) -> Any:
    unp = _unp()
    a, b = unp.asarray(a), unp.asarray(b)
    sa, sb = _shape(a), _shape(b)
    nd = max(len(sa), len(sb))
    sa, sb = (1,) * (nd - len(sa)) + sa, (1,) * (nd - len(sb)) + sb
    a2 = unp.reshape(a, tuple(x for s in sa for x in (s, 1)))
    b2 = unp.reshape(b, tuple(x for s in sb for x in (1, s)))
    return unp.reshape(a2 * b2, tuple(x * y for x, y in zip(sa, sb, strict=True)))


@_default()
def polyval(p: Any, x: Any) -> Any:
    unp = _unp()
    p, x = unp.asarray(p), unp.asarray(x)
    y = zeros_like(x)
    for i in range(_shape(p)[0]):
        y = y * x + p[i]
    return y


@_default()
def vander(x: Any, N: Any = None, increasing: Any = False) -> Any:
    unp = _unp()
    x = unp.asarray(x)
    if _ndim(x) != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    n = _shape(x)[0] if N is None else N
    powers = unp.arange(n) if increasing else unp.arange(n - 1, -1, -1)
    return unp.reshape(x, (-1, 1)) ** unp.reshape(powers, (1, -1))


@_default()
def trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: Any = -1) -> Any:
    unp = _unp()
    y = unp.asarray(y)
    nd = _ndim(y)
    ax = _axes(axis, nd)[0]
    if x is None:
        d: Any = dx
    else:
        x = unp.asarray(x)
        if _ndim(x) == 1:
            d = diff(x)
            d = unp.reshape(d, tuple(-1 if i == ax else 1 for i in range(nd)))
        else:
            d = diff(x, axis=ax)
    hi, lo = _index(nd, ax, slice(1, None)), _index(nd, ax, slice(None, -1))
    return unp.sum(d * (y[hi] + y[lo]) / 2.0, axis=ax)


# -- logic and comparison --------------------------------------------------------------


@_default()
def isclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08, equal_nan: Any = False) -> Any:
    unp = _unp()
    x, y = unp.asarray(a), unp.asarray(b)
    if not _inexact(y):
        y = unp.astype(y, _np.float64)
    finite_y = (y == y) & (abs(y) != _np.inf)
    result = ((abs(x - y) <= atol + rtol * abs(y)) & finite_y) | (x == y)
    if equal_nan:
        result = result | ((x != x) & (y != y))
    return result[()]


@_default()
def allclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
             equal_nan: Any = False) -> bool:
    return bool(all_(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))


@_default()
def array_equal(a1: Any, a2: Any, equal_nan: Any = False) -> bool:
    unp = _unp()
    a1, a2 = unp.asarray(a1), unp.asarray(a2)
    if _shape(a1) != _shape(a2):
        return False
    same = a1 == a2
    if equal_nan:
        same = same | ((a1 != a1) & (a2 != a2))
    return bool(all_(same))


@_default()
def array_equiv(a1: Any, a2: Any) -> bool:
    unp = _unp()
    a1, a2 = unp.asarray(a1), unp.asarray(a2)
    try:
        broadcast_shapes(_shape(a1), _shape(a2))
    except ValueError:
        return False
    return bool(all_(a1 == a2))


@_default()
def isreal(x: Any) -> Any:
    return _unp().imag(x) == 0


@_default()
def iscomplex(x: Any) -> Any:
    return _unp().imag(x) != 0


@_default()
def isrealobj(x: Any) -> bool:
    return not iscomplexobj(x)


@_default()
def iscomplexobj(x: Any) -> bool:
    return _is(_unp().asarray(x), "complex floating")


@_default()
def isposinf(x: Any, out: Any = None) -> Any:
    x = _unp().asarray(x)
    if _is(x, "complex floating"):
        raise TypeError("This operation is not supported for complex values because it would "
                        "be ambiguous.")
    return _out(x == _np.inf, out)


@_default()
def isneginf(x: Any, out: Any = None) -> Any:
    x = _unp().asarray(x)
    if _is(x, "complex floating"):
        raise TypeError("This operation is not supported for complex values because it would "
                        "be ambiguous.")
    return _out(x == -_np.inf, out)


@_default()
def fix(x: Any, out: Any = None) -> Any:
    unp = _unp()
    x = unp.asarray(x)
    if not _inexact(x):
        return _out(unp.asarray(x, copy=True), out)
    return _out(unp.where(x < 0, -((-x) // 1), x // 1), out)


# -- searching -------------------------------------------------------------------------


@_default()
def flatnonzero(a: Any) -> Any:
    return _unp().nonzero(ravel(a))[0]


@_default()
def argwhere(a: Any) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _ndim(a) == 0:
        return argwhere(unp.reshape(a, (1,)))[:, :0]
    return stack(unp.nonzero(a), axis=1)


# -- NumPy's state ----------------------------------------------------------------------

# NumPy's floating-point error state and print options (``STATE`` in
# tools/gen_numpy_api.py): the state is NumPy's, so NumPy's own functions are every
# backend's default. Under another backend they still set NumPy's state (which governs
# NumPy's computations, defaults run on NumPy arrays included); a backend without such
# state ignores it, and one that has it implements these names.
for _name in ("geterr", "seterr", "geterrcall", "seterrcall", "get_printoptions",
              "set_printoptions", "printoptions"):
    DEFAULTS[_name] = getattr(_np, _name)


@_default()
def errstate(*, call: Any = _NoValue, all: Any = None, divide: Any = None, over: Any = None,
             under: Any = None, invalid: Any = None) -> Any:
    # NumPy's marker for an unset call= is private: pass call= only when given.
    given = {} if call is _NoValue else {"call": call}
    return _np.errstate(**given, all=all, divide=divide, over=over, under=under,
                        invalid=invalid)
