"""Defaults of the products: ``outer``, ``tensordot``, ``kron``, ``trapezoid``."""

from __future__ import annotations

import math
import operator
from typing import Any

from ._base import _axes, _conj, _default, _index, _ndim, _out, _shape, _unp
from ._creation import zeros_like
from ._shape import diff, ravel

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
