"""Defaults of shape manipulation, joining and splitting."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from typing import Any

import numpy as _np

from ._base import _axes, _count, _default, _index, _is, _ndim, _NoValue, _shape, _unp

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
