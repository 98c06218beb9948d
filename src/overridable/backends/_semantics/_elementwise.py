"""NumPy's elementwise rules: ufunc loop dtypes, division by zero, ``clip``, ``round``,
``reciprocal``, ``where``, ``isclose``, complex signs and order.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from .._common import Adapter, decline

__all__ = [
    "COMPLEX_ORDERED", "array_equal", "array_equiv", "clip", "clip_bounds", "complex_clip",
    "complex_isin", "complex_order", "complex_ordered", "complex_searchsorted", "complex_sign",
    "divided_by_zero", "integer_reciprocal", "integer_round", "isclose", "round_",
    "signed_infinity", "sorted_unique", "ufunc_loop", "where", "where_given",
]

_NoValue: Any = np._NoValue


def clip_bounds(min: Any, max: Any, a_min: Any, a_max: Any) -> tuple[Any, Any]:
    """``clip``'s bounds from NumPy 2's ``min=``/``max=`` or the older ``a_min``/``a_max``
    (``None`` for a bound given neither way).

    >>> clip_bounds(1, np._NoValue, np._NoValue, np._NoValue)
    (1, None)
    >>> clip_bounds(1, np._NoValue, 2, np._NoValue)
    Traceback (most recent call last):
    ...
    TypeError: clip takes min= or a_min=, not both
    """
    bounds = []
    for new, old, label in ((min, a_min, "min"), (max, a_max, "max")):
        if new is not _NoValue and old is not _NoValue:
            raise TypeError(f"clip takes {label}= or a_{label}=, not both")
        value = new if new is not _NoValue else old
        bounds.append(None if value is _NoValue else value)
    return bounds[0], bounds[1]


def integer_round(xp: Any, a: Any, decimals: int) -> Any:
    """NumPy's ``round`` of an integer array: unchanged for ``decimals >= 0``, else to tens,
    hundreds..., half to even, exactly (no trip through floats).

    >>> integer_round(np, np.array([15, 25, -35, 44]), -1)
    array([ 20,  20, -40,  40])
    """
    if decimals >= 0:
        return xp.asarray(a, copy=True)
    factor = 10 ** -decimals
    q, r = xp.floor_divide(a, factor), xp.remainder(a, factor)
    up = (2 * r > factor) | ((2 * r == factor) & (q % 2 == 1))
    return xp.astype((q + xp.astype(up, a.dtype)) * factor, a.dtype)


def integer_reciprocal(xp: Any, x: Any) -> Any:
    """NumPy's integer ``reciprocal`` is integer division: 1 and -1 stay, the rest give 0,
    but a zero of int32 or int64 gives the dtype's minimum (NumPy's 1 / 0 in C).

    >>> integer_reciprocal(np, np.array([-1, 0, 1, 2]))
    array([                  -1, -9223372036854775808,                    1,
                              0])
    """
    rest = xp.zeros_like(x)
    if x.dtype == xp.int32 or x.dtype == xp.int64:
        rest = xp.where(x == 0, xp.full_like(x, xp.iinfo(x.dtype).min), rest)
    return xp.where(xp.abs(x) == 1, x, rest)


def where_given(x: Any, y: Any) -> bool:
    """Whether ``where(condition, x, y)`` was given ``x`` and ``y`` (``False``: neither, a
    ``nonzero``), by NumPy's rules: both or neither (NumPy's ``ValueError``), and ``None``
    for either declined (NumPy gives an object array, which no library backend has).

    >>> where_given(1, 2), where_given(np._NoValue, np._NoValue)
    (True, False)
    """
    if x is _NoValue and y is _NoValue:
        return False
    if x is _NoValue or y is _NoValue:
        raise ValueError("either both or neither of x and y should be given")
    if x is None or y is None:
        raise decline("where with None makes NumPy's object array, which this library has "
                      "no dtype for")
    return True


def where(function: Callable[..., Any]) -> Adapter:
    """NumPy's ``where(condition[, x, y])`` around a library's ``function`` of the same
    meaning, with the rules of :func:`where_given`.

    >>> w = where(np.where).function
    >>> w(np.array([True, False]), 1, 2), w(np.array([True, False]))
    (array([1, 2]), (array([0]),))
    """

    def where(condition: Any, x: Any = _NoValue, y: Any = _NoValue, /) -> Any:
        return function(condition, x, y) if where_given(x, y) else function(condition)

    return Adapter(where)


def ufunc_loop(ufunc: np.ufunc, *values: Any) -> tuple[np.dtype[Any], ...] | None:
    """The dtypes of the loop NumPy's elementwise ``ufunc`` runs for ``values`` (arrays of
    any library by their ``dtype``, NumPy dtypes as they are, Python ``int``/``float``/
    ``complex`` weakly, as NEP 50 says): the inputs' then the outputs'; ``None`` where
    NumPy has no loop (``bfloat16``, ``sign`` of booleans). :func:`float_result` is its
    case of one floating input.

    >>> ufunc_loop(np.sqrt, np.zeros(2, "int8"))
    (dtype('float16'), dtype('float16'))
    >>> ufunc_loop(np.divide, np.zeros(2, "int32"), 2)
    (dtype('float64'), dtype('float64'), dtype('float64'))
    >>> ufunc_loop(np.divide, np.dtype("int8"), np.dtype("int8"))[-1]
    dtype('float64')
    >>> ufunc_loop(np.add, np.zeros(2, "int8"), 1.5)[-1], ufunc_loop(np.sign, True)
    (dtype('float64'), None)
    """
    key = tuple(type(v) if type(v) in (int, float, complex) else v if isinstance(v, np.dtype)
                else np.dtype(getattr(v, "dtype", type(v))) for v in values)
    return _loop(ufunc, key)


@functools.lru_cache(maxsize=1024)
def _loop(ufunc: np.ufunc, key: tuple[Any, ...]) -> tuple[np.dtype[Any], ...] | None:
    try:
        return tuple(ufunc.resolve_dtypes((*key, *(None,) * ufunc.nout)))
    except (TypeError, ValueError):  # no loop (NumPy's UFuncNoLoopError is a TypeError)
        return None


def divided_by_zero(xp: Any, result: Any, divisor: Any) -> Any:
    """NumPy's integer ``floor_divide``/``remainder`` by zero: 0 (with a warning), where
    XLA and others give -1 or the dividend; ``result`` is the library's answer.

    >>> divided_by_zero(np, np.array([-2, 3]), np.array([0, 1]))
    array([0, 3])
    """
    return xp.where(divisor == 0, xp.zeros_like(result), result)


def clip(library: str, function: Callable[..., Any],
         check_out: Callable[[Any], Any] | None = None,
         write: Callable[[Any, Any], Any] | None = None) -> Adapter:
    """NumPy's ``clip`` (its bounds given either way, :func:`clip_bounds`) over a library's
    ``function(a, low, high)`` (``None`` for an open bound); an ``out=`` is written by
    ``write(result, out)`` where the library's arrays can be written into, else declines
    (through ``check_out``, the library's own check with its reason, where given); ufunc
    keywords (``where=``, ``dtype=``) decline.

    >>> entry = clip("numpy", np.clip)
    >>> entry.function(np.arange(4), 1, a_max=2)
    array([1, 1, 2, 2])
    >>> entry.function(np.arange(4), 1, dtype=float)
    Traceback (most recent call last):
    ...
    overridable._errors.BackendNotImplementedError: numpy.clip takes no ufunc keywords (dtype)
    """

    def clip(a: Any, min: Any = _NoValue, max: Any = _NoValue, out: Any = None, *,
             a_min: Any = _NoValue, a_max: Any = _NoValue, **kwargs: Any) -> Any:
        if out is not None and write is None:
            if check_out is not None:
                check_out(out)
            raise decline(f"{library}.clip takes no out=")
        if kwargs:
            raise decline(f"{library}.clip takes no ufunc keywords ({', '.join(kwargs)})")
        result = function(a, *clip_bounds(min, max, a_min, a_max))
        return result if out is None else write(result, out)  # type: ignore[misc]

    return Adapter(clip)


def isclose(xp: Any, x: Any, y: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
            equal_nan: Any = False) -> Any:
    """NumPy's ``isclose`` of ``x`` and ``y`` (of one floating dtype): ``|x - y| <= atol +
    rtol * |y|`` for finite ``y``, or ``x == y`` (infinities), or both NaN with
    ``equal_nan``.

    >>> isclose(np, np.array([1.0, 2.0, np.nan]), np.array([1.0 + 1e-9, 2.1, np.nan]),
    ...         equal_nan=True)
    array([ True, False,  True])
    """
    close = xp.logical_and(xp.abs(x - y) <= atol + rtol * xp.abs(y), xp.isfinite(y))
    result = xp.logical_or(close, x == y)
    if equal_nan:
        result = xp.logical_or(result, xp.logical_and(xp.isnan(x), xp.isnan(y)))
    return result


def array_equal(xp: Any, a1: Any, a2: Any, equal_nan: Any = False) -> bool:
    """NumPy's ``array_equal`` of ``a1`` and ``a2`` (of one dtype): the same shape and
    elements, NaNs equal with ``equal_nan``.

    >>> array_equal(np, np.array([1.0, np.nan]), np.array([1.0, np.nan]), equal_nan=True)
    True
    """
    if a1.shape != a2.shape:
        return False
    same = a1 == a2
    if equal_nan and xp.isdtype(a1.dtype, ("real floating", "complex floating")):
        same = xp.logical_or(same, xp.logical_and(xp.isnan(a1), xp.isnan(a2)))
    return bool(xp.all(same))


def array_equiv(xp: Any, a1: Any, a2: Any) -> bool:
    """NumPy's ``array_equiv``: ``a1`` and ``a2`` broadcast, and then equal everywhere.

    >>> array_equiv(np, np.array([1, 2]), np.array([[1, 2], [1, 2]]))
    True
    """
    try:
        np.broadcast_shapes(a1.shape, a2.shape)
    except ValueError:
        return False
    return bool(xp.all(a1 == a2))


def round_(xp: Any, a: Any, decimals: int = 0) -> Any:
    """NumPy's ``round``: booleans in its smallest float (``rint``'s ``float16``, or the
    smallest float ``xp`` has) and only with ``decimals=0`` (else NumPy's TypeError),
    integers by :func:`integer_round`, floats scaled by ``10 ** decimals``, rounded half to
    even and scaled back (NumPy's algorithm).

    >>> round_(np, np.array([1.25, 2.35]), 1), round_(np, np.array([15, 25]), -1)
    (array([1.2, 2.4]), array([20, 20]))
    >>> round_(np, np.array([True, False]))
    array([1., 0.], dtype=float16)
    """
    if xp.isdtype(a.dtype, "bool"):
        if decimals != 0:
            raise TypeError(f"Cannot cast ufunc {'multiply' if decimals > 0 else 'divide'!r} "
                            "output from dtype('float64') to dtype('bool') with casting "
                            "rule 'same_kind'")
        return xp.astype(a, getattr(xp, "float16", None) or xp.float32)
    if xp.isdtype(a.dtype, "integral"):
        return integer_round(xp, a, decimals)
    if decimals == 0:
        return xp.round(a)
    if decimals > 0:
        return xp.round(a * 10.0 ** decimals) / 10.0 ** decimals
    return xp.round(a / 10.0 ** -decimals) * 10.0 ** -decimals


def signed_infinity(xp: Any, x: Any, positive: bool) -> Any:
    """NumPy's ``isposinf`` (``isneginf`` unless ``positive``) over ``xp``: all false for
    integers and booleans; complex values are NumPy's ``TypeError``.

    >>> signed_infinity(np, np.array([np.inf, -np.inf, 1.0]), True)
    array([ True, False, False])
    """
    if xp.isdtype(x.dtype, "complex floating"):
        raise TypeError("This operation is not supported for complex values because "
                        "it would be ambiguous.")
    if not xp.isdtype(x.dtype, "real floating"):
        return xp.zeros(x.shape, dtype=xp.bool, **({"device": x.device}
                                                   if hasattr(x, "device") else {}))
    return xp.logical_and(xp.isinf(x), x > 0 if positive else x < 0)


def complex_sign(xp: Any, z: Any, join: Callable[[Any, Any], Any]) -> Any:
    """NumPy 2's ``sign`` of complex ``z`` over ``xp``: each part over ``hypot(re, im)``, bit
    for bit (a division by ``abs`` is ``hypot`` only to the last bit); 0 for 0; an infinite
    part gives that part's sign and 0 for the other, two infinite parts give NaN. ``join``
    makes the complex result from its real and imaginary parts.

    >>> complex_sign(np, np.array([3 + 4j, 0j, complex(np.inf, 1)]), lambda r, i: r + 1j * i)
    array([0.6+0.8j, 0. +0.j , 1. +0.j ])
    """
    re, im = xp.real(z), xp.imag(z)
    size = xp.hypot(re, im)
    inf_re, inf_im = xp.isinf(re), xp.isinf(im)
    # no 0/0 or inf/inf computed where the result is taken from elsewhere (NumPy warns not)
    size = xp.where((size == 0) | inf_re | inf_im, 1.0, size)
    zero = (re == 0) & (im == 0)
    out_re = xp.where(inf_re, xp.sign(re), xp.where(inf_im | zero, 0.0, re / size))
    out_im = xp.where(inf_im, xp.sign(im), xp.where(inf_re | zero, 0.0, im / size))
    both = inf_re & inf_im
    return join(xp.where(both, np.nan, out_re), xp.where(both, np.nan, out_im))


def sorted_unique(xp: Any, flat: Any, order: Any,
                  equal_nan: bool = False) -> tuple[Any, Any, Any, Any]:
    """NumPy's ``unique`` of the 1-D ``flat`` from the indices ``order`` that sort it stably
    as NumPy sorts (NaN last; complex numbers: :func:`complex_order`): the distinct values,
    the index of each one's first occurrence, each element's index among them (the inverse)
    and their counts; NaN-holding values are one value with ``equal_nan``, else never equal.

    >>> z = np.array([1 + 1j, 0j, 1 + 1j])
    >>> sorted_unique(np, z, complex_order(np, z))
    (array([0.+0.j, 1.+1.j]), array([1, 0]), array([1, 0, 1]), array([1, 2]))
    >>> x = np.array([np.nan, 2.0, np.nan])
    >>> sorted_unique(np, x, np.argsort(x, kind="stable"), equal_nan=True)[:2]
    (array([ 2., nan]), array([1, 0]))
    """
    ordered, n = xp.take(flat, order), flat.shape[0]
    device = {"device": flat.device} if hasattr(flat, "device") else {}
    new = ordered[1:] != ordered[:-1]
    if equal_nan and xp.isdtype(flat.dtype, ("real floating", "complex floating")):
        new = new & ~(xp.isnan(ordered[1:]) & xp.isnan(ordered[:-1]))
    new = xp.concat([xp.ones((min(n, 1),), dtype=xp.bool, **device), new])
    group = xp.cumulative_sum(xp.astype(new, xp.int64)) - 1
    starts = xp.nonzero(new)[0]
    counts = xp.diff(xp.concat([starts, xp.asarray([n], dtype=starts.dtype, **device)]))
    return ordered[new], xp.take(order, starts), xp.take(group, xp.argsort(order)), counts


def complex_order(xp: Any, z: Any, axis: int = -1) -> Any:
    """The indices sorting complex ``z`` along ``axis`` as NumPy sorts complex numbers:
    by real part, then imaginary (stable: ties keep their order), NaN parts last, in
    NumPy's groups ``[R + Rj, R + nanj, nan + Rj, nan + nanj]``.

    >>> complex_order(np, np.array([1 + 2j, complex(0, np.nan), 1 + 1j, 0 + 5j]))
    array([3, 2, 0, 1])
    >>> complex_order(np, np.array([[1j, 0j], [-1j, 2j]]), axis=0)
    array([[1, 0],
           [0, 1]])
    """
    order = xp.argsort(xp.imag(z), axis=axis, stable=True)
    for key in (xp.real(z), 2 * xp.astype(xp.isnan(xp.real(z)), xp.int8)
                + xp.astype(xp.isnan(xp.imag(z)), xp.int8)):
        ordered = xp.take_along_axis(key, order, axis=axis)
        order = xp.take_along_axis(order, xp.argsort(ordered, axis=axis, stable=True),
                                   axis=axis)
    return order


def complex_searchsorted(xp: Any, a: Any, v: Any, side: str = "left") -> Any:
    """NumPy's ``searchsorted`` of complex ``v`` (any shape) in the sorted 1-D complex ``a``
    (of one dtype): where each would go in NumPy's order (:func:`complex_order`), before
    (``side="left"``) or after (``"right"``) the equal elements of ``a``.

    >>> complex_searchsorted(np, np.array([1j, 1 + 0j, 1 + 1j]), np.array([1 + 0j, 5j]))
    array([1, 1])
    >>> complex_searchsorted(np, np.array([1j, 1 + 0j, 1 + 1j]), np.array(1 + 0j), "right")
    array(2)
    """
    flat, n = xp.reshape(v, (-1,)), a.shape[0]
    first = side == "left"  # ties: the values first (left), or the array's elements first
    joined = xp.concat([flat, a] if first else [a, flat])
    order = complex_order(xp, joined)
    is_value = (order < flat.shape[0]) if first else (order >= n)
    # an element's place in the joined order, less the values before it, counts a's before it
    rank = xp.cumulative_sum(xp.astype(~is_value, xp.int64)) - xp.astype(~is_value, xp.int64)
    slot = xp.argsort(order[is_value] - (0 if first else n), stable=True)
    return xp.reshape(xp.take(rank[is_value], slot), v.shape)


#: NumPy's two-input ufuncs that order complex numbers (:func:`complex_ordered`).
COMPLEX_ORDERED = frozenset({"less", "less_equal", "greater", "greater_equal", "maximum",
                             "minimum", "fmax", "fmin"})


def complex_ordered(xp: Any, name: str, x1: Any, x2: Any) -> Any:
    """NumPy's ufunc ``name`` (one of :data:`COMPLEX_ORDERED`) of complex arrays ``x1`` and
    ``x2`` over ``xp``, for a library that does not order complex numbers: by real part,
    then imaginary part, where a comparison with a NaN part is false (so ``less`` is
    ``x1.real < x2.real`` with no NaN, or equal real parts and ``x1.imag < x2.imag``);
    ``maximum``/``minimum`` give ``x1`` when it wins, ties or has a NaN part, else ``x2``;
    ``fmax``/``fmin`` give ``x1`` when it wins, ties or ``x2`` has a NaN part.

    >>> a, b = np.array([1 + 2j, complex(np.nan, 0), 2 + 0j]), np.array([1 + 3j, 1 + 1j, 1j])
    >>> complex_ordered(np, "less", a, b).tolist()
    [True, False, False]
    >>> complex_ordered(np, "maximum", a, b), complex_ordered(np, "fmax", a, b)
    (array([ 1.+3.j, nan+0.j,  2.+0.j]), array([1.+3.j, 1.+1.j, 2.+0.j]))
    """
    re1, im1, re2, im2 = xp.real(x1), xp.imag(x1), xp.real(x2), xp.imag(x2)

    def below(ra: Any, ia: Any, rb: Any, ib: Any, tie: bool) -> Any:
        # a < b, or a <= b with tie (a NaN imaginary part is unequal to itself)
        imag = ia <= ib if tie else ia < ib
        return ((ra < rb) & (ia == ia) & (ib == ib)) | ((ra == rb) & imag)

    if name in ("less", "less_equal"):
        return below(re1, im1, re2, im2, name == "less_equal")
    if name in ("greater", "greater_equal"):
        return below(re2, im2, re1, im1, name == "greater_equal")
    if name not in COMPLEX_ORDERED:
        raise ValueError(f"complex_ordered: {name!r} is not one of {sorted(COMPLEX_ORDERED)}")
    wins = below(re2, im2, re1, im1, True) if name in ("maximum", "fmax") \
        else below(re1, im1, re2, im2, True)
    nan = (re1 != re1) | (im1 != im1) if name in ("maximum", "minimum") \
        else (re2 != re2) | (im2 != im2)
    return xp.where(wins | nan, x1, x2)


def complex_isin(xp: Any, element: Any, test_elements: Any) -> Any:
    """NumPy's ``isin`` of complex ``element`` in complex ``test_elements`` (of one dtype):
    whether each equals one of them (a NaN part equals nothing, ``-0.0`` equals ``0.0``),
    found in their sorted order (:func:`complex_searchsorted`).

    >>> complex_isin(np, np.array([1j, -0.0 + 0j, complex(np.nan, 0)]),
    ...              np.array([0j, complex(np.nan, 0), 2j]))
    array([False,  True, False])
    """
    flat = xp.reshape(test_elements, (-1,))
    if flat.shape[0] == 0:
        return xp.zeros_like(element, dtype=xp.bool)
    ordered = xp.take(flat, complex_order(xp, flat))
    index = xp.clip(complex_searchsorted(xp, ordered, element), max=flat.shape[0] - 1)
    return xp.reshape(xp.take(ordered, xp.reshape(index, (-1,))), element.shape) == element


def complex_clip(xp: Any, a: Any, low: Any, high: Any) -> Any:
    """NumPy's ``clip`` of complex ``a`` between ``low`` and ``high`` (arrays of its dtype,
    ``None`` for an open bound). Two bounds: as NumPy's clip loop orders complex numbers,
    by real part, then imaginary part, in strict comparisons (false with a NaN part), the bound
    where ``a`` is not strictly on its side of it, ``a`` with a NaN part kept; one bound: NumPy's
    ``maximum`` (``minimum``) with it (:func:`complex_ordered`).

    >>> a = np.array([1 + 2j, 3 - 1j, complex(np.nan, 0), 0j])
    >>> complex_clip(np, a, np.array(1 + 3j), np.array(2 + 0j))
    array([ 1.+3.j,  2.+0.j, nan+0.j,  1.+3.j])
    >>> complex_clip(np, a, None, np.array(complex(1, np.nan)))
    array([ 1.+nanj,  1.+nanj, nan +0.j,  1.+nanj])
    """
    if low is None or high is None:
        return a if low is high else complex_ordered(
            xp, "minimum" if low is None else "maximum", a, high if low is None else low)
    for bound, above in ((low, True), (high, False)):
        if bound is not None:
            re, im, b_re, b_im = xp.real(a), xp.imag(a), xp.real(bound), xp.imag(bound)
            side = (re > b_re) | ((re == b_re) & (im > b_im)) if above else \
                (re < b_re) | ((re == b_re) & (im < b_im))
            a = xp.where(side | xp.isnan(re) | xp.isnan(im), a, bound)
    return a
