"""Defaults of the creation functions: NumPy's float64 default, ``eye``, ``meshgrid``."""

from __future__ import annotations

import operator
from typing import Any

import numpy as _np

from ._base import _default, _is, _ndim, _NoValue, _opt, _shape, _unp
from ._shape import broadcast_arrays, expand_dims, moveaxis, ravel

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
    # a diagonal outside the matrix is no diagonal: k clamped (no library's integers
    # overflow, as NumPy's eye(0, k=-2**63 - 1) does not)
    k = max(-N, min(k, M))
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
          subok: Any = False, ndmin: Any = 0, ndmax: Any = _NoValue, like: Any = None) -> Any:
    unp = _unp()
    result = unp.asarray(object, dtype=dtype, copy=copy)
    if ndmax is not _NoValue and _ndim(result) > ndmax:
        # NumPy's error (its object arrays, which stop nesting at ndmax, no backend has).
        raise ValueError("setting an array element with a sequence. The requested array "
                         f"would exceed the maximum number of dimension of {ndmax}.")
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
