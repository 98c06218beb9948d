"""Defaults of the statistics: means, variances, NaN-aware reductions, ``cov``."""

from __future__ import annotations

from typing import Any

import numpy as _np

from overridable import BackendNotImplementedError
from overridable.backends import _semantics as _sem

from ._base import (
    _F,
    _abs2,
    _as_float,
    _axes,
    _conj,
    _count,
    _default,
    _flag,
    _given,
    _inexact,
    _is,
    _nan_mask,
    _ndim,
    _NoValue,
    _out,
    _shape,
    _unp,
)
from ._shape import atleast_2d, squeeze

# -- statistics ------------------------------------------------------------------------


@_default()
def mean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
         keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    return _mean(a, axis, dtype, out, keepdims, where, warn=True)


def _mean(a: Any, axis: Any, dtype: Any, out: Any, keepdims: Any, where: Any,
          warn: bool) -> Any:
    """``mean``, with NumPy's warning of an empty slice if ``warn``."""
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
    with _sem.quiet(warn and _sem.warn_empty_mean(unp, n)):
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
    n: Any = _count(_shape(a), axis) if mask is None else unp.sum(mask, axis=axis,
                                                                   keepdims=kd)
    # NumPy's warning, for no degrees of freedom; its mean's (of an empty slice) is not
    # given, nor the library's own of 0 / 0.
    with _sem.quiet(_sem.warn_degrees(unp, n, ddof, nan and _inexact(a))):
        if _given(mean_):
            m = mean_
        else:
            m = (_nanmean if nan else _mean)(a, axis, dtype, None, True, where, warn=False)
        sq = _abs2(a - m)
        if mask is not None:
            sq = unp.where(mask, sq, 0)
        dof = n - ddof
        total = unp.sum(sq, axis=axis, dtype=dtype, keepdims=kd)
        # The count in the sum's dtype (NumPy's var of float32 is float32): a Python number
        # (weak), or an array of counts cast to it.
        result = total / (max(dof, 0) if isinstance(dof, int | float) else
                          unp.astype(unp.where(dof > 0, dof, 0), total.dtype))
        if nan and _inexact(a):  # NumPy's nanvar is NaN without degrees of freedom
            result = _sem.nan_degrees(unp, result, n, ddof)
    if dtype is not None:
        result = unp.astype(result, dtype)
    return result


def _spread(name: str, nan: bool, root: bool) -> _F:
    """``var``, ``std``, ``nanvar`` or ``nanstd`` (one signature, NumPy's): the variance,
    NaNs left out for ``nan``, its square root for ``root``."""

    def spread(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, ddof: Any = 0,
               keepdims: Any = _NoValue, *, where: Any = _NoValue, mean: Any = _NoValue,
               correction: Any = _NoValue) -> Any:
        v = _variance(a, axis, dtype, ddof, keepdims, where, mean, correction, nan)
        return _out(v ** 0.5 if root else v, out)

    spread.__name__ = spread.__qualname__ = name
    return _default(name)(spread)


var = _spread("var", nan=False, root=False)
std = _spread("std", nan=False, root=True)
nanvar = _spread("nanvar", nan=True, root=False)
nanstd = _spread("nanstd", nan=True, root=True)


@_default()
def nanmean(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: Any = _NoValue, *, where: Any = _NoValue) -> Any:
    return _nanmean(a, axis, dtype, out, keepdims, where, warn=True)


def _nanmean(a: Any, axis: Any, dtype: Any, out: Any, keepdims: Any, where: Any,
             warn: bool) -> Any:
    """``nanmean``, with NumPy's warning of a slice of NaNs only if ``warn``."""
    unp = _unp()
    a = unp.asarray(a)
    if not _inexact(a):
        return _mean(a, axis, dtype, out, keepdims, where, warn)
    mask = _nan_mask(a)
    if _given(where):
        mask = unp.where(unp.broadcast_to(unp.asarray(where), _shape(a)), mask, False)
    kd = _flag(keepdims)
    total = unp.sum(unp.where(mask, a, 0), axis=axis, dtype=dtype, keepdims=kd)
    n = unp.sum(mask, axis=axis, keepdims=kd)
    with _sem.quiet(warn and _sem.warn_empty_mean(unp, n)):
        result = total / n
    if dtype is not None:
        result = unp.astype(result, dtype)
    elif result.dtype != a.dtype:
        result = unp.astype(result, a.dtype)
    return _out(result, out)


def _nan_scan(a: Any, identity: int) -> Any:
    """``a`` with its NaNs replaced by ``identity`` (a cumulative sum's 0, a product's 1)."""
    unp = _unp()
    a = unp.asarray(a)
    return unp.where(_nan_mask(a), a, identity) if _inexact(a) else a


@_default()
def nansum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
           keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _unp().sum(_nan_scan(a, 0), axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                      initial=initial, where=where)


@_default()
def nanprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
            keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue) -> Any:
    return _unp().prod(_nan_scan(a, 1), axis=axis, dtype=dtype, out=out, keepdims=keepdims,
                       initial=initial, where=where)


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
    if not _given(initial) and not _given(where):  # NumPy's warning of a slice of NaNs
        _sem.warn_all_nan(unp, a, seen=seen)
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
    return _unp().cumsum(_nan_scan(a, 0), axis=axis, dtype=dtype, out=out)


@_default()
def nancumprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
    return _unp().cumprod(_nan_scan(a, 1), axis=axis, dtype=dtype, out=out)


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
    if dtype is None:  # NumPy's: the common type with float64 (float32 too)
        dtype = _np.complex128 if _is(x, "complex floating") else _np.float64
    x = unp.astype(x, dtype)
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
