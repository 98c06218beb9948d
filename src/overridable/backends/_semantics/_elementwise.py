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
    "COMPLEX_ORDERED", "COMPLEX_SPECIAL", "array_equal", "array_equiv", "clip", "clip_bounds",
    "complex_clip", "complex_isin", "complex_order", "complex_ordered", "complex_power",
    "complex_quotient", "complex_searchsorted", "complex_sign", "complex_special",
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


# NumPy's complex functions at special values (C99 Annex G, as NumPy's npymath computes
# them). Each rule gives the value for z = x + iy in the first quadrant (x and y of positive
# sign, or NaN) with an infinite or NaN part (sinh, cosh, arctanh: a zero part too);
# complex_special reflects the rest onto it. expm1, log1p and reciprocal are NumPy's
# formulas, for every value.


def _log_like(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # clog, casinh and cacosh share Annex G's pattern: an infinite part gives +inf, else
    # NaN; the imaginary part is the angle atan2(y, x) unless a part is NaN.
    nan = xp.isnan(x) | xp.isnan(y)
    return (xp.where(xp.isinf(x) | xp.isinf(y), xp.inf, xp.nan),
            xp.where(nan, xp.nan, xp.atan2(y, x)))


def _exp(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # cexp: exp(x) cis(y), with cexp(x + i0) = exp(x) + i0 (no inf * 0); an infinite or NaN
    # y gives (inf, NaN) for x = +inf, (+0, +-0: y's sign, a NaN's too) for x = -inf, else
    # NaN.
    e = xp.exp(x)
    finite = xp.isfinite(y)
    real = xp.where(x == xp.inf, xp.inf, xp.where(x == -xp.inf, 0.0, xp.nan))
    imag = xp.where(x == -xp.inf, xp.where(xp.signbit(y), -0.0, 0.0), xp.nan)
    return (xp.where(finite, e * xp.cos(y), real),
            xp.where(finite, xp.where(y == 0, y, e * xp.sin(y)), imag))


def _sinh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # csinh: inf cis(y) for x = +inf and finite y; (inf, NaN) for x = +inf and y not finite;
    # (x, NaN) for x = +0; the imaginary part of y = +0 stays +0. With a zero part and the
    # other finite: (sinh(x), +0) for y = +0, (+0 cos(y), sin(y)) for x = +0 (a zero of
    # cos(y)'s sign).
    y_finite = xp.isfinite(y)
    real = xp.where(x == xp.inf, xp.where(y_finite, x * xp.cos(y), xp.inf),
                    xp.where(x == 0, x * xp.where(y_finite, xp.cos(y), xp.nan), xp.nan))
    imag = xp.where(y == 0, y, xp.where(((x == xp.inf) | (x == 0)) & y_finite,
                                        xp.where(x == 0, 1.0, x) * xp.sin(y), xp.nan))
    finite = xp.isfinite(x) & (y == 0)
    return xp.where(finite, xp.sinh(x), xp.where(xp.isnan(real) & (x == 0), x, real)), imag


def _cosh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # ccosh: inf cis(y) for x = +inf and finite y, (inf, NaN) for y not finite; (NaN, +0)
    # for x = +0 or y = +0 (NaN elsewhere). With a zero part and the other finite:
    # (cosh(x), +0) for y = +0, (cos(y), +0 sin(y)) for x = +0.
    y_finite = xp.isfinite(y)
    real = xp.where(x == xp.inf, xp.where(y_finite, x * xp.cos(y), xp.inf), xp.nan)
    imag = xp.where(y == 0, y, xp.where(x == 0, x * xp.where(y_finite, xp.sin(y), 1.0),
                                        xp.where((x == xp.inf) & y_finite, x * xp.sin(y),
                                                 xp.nan)))
    real = xp.where(xp.isfinite(x) & (y == 0), xp.cosh(x),
                    xp.where((x == 0) & y_finite, xp.cos(y), real))
    return real, imag


def _tanh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # ctanh: 1 + 0 sin(2y) for x = +inf (+0 for y not finite); (x, NaN) for x = +0;
    # (NaN, +0) for y = +0; else NaN.
    inf = x == xp.inf
    real = xp.where(inf, 1.0, xp.where(x == 0, x, xp.nan))
    zero = xp.where(xp.isfinite(y), 0.0 * xp.sin(2 * y), 0.0)
    imag = xp.where(inf, zero, xp.where(y == 0, y, xp.nan))
    return real, imag


def _arcsinh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # casinh: clog's pattern, but (NaN, +0) for x = NaN and y = +0.
    real, imag = _log_like(xp, x, y)
    return real, xp.where(xp.isnan(x) & (y == 0), y, imag)


def _arccosh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # cacosh: clog's pattern, but (NaN, pi/2) for x = 0 and y = NaN.
    real, imag = _log_like(xp, x, y)
    return real, xp.where((x == 0) & xp.isnan(y), np.pi / 2, imag)


def _arctanh(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # catanh: (+0, pi/2) when a part is infinite (NaN imaginary part for y = NaN); with a
    # NaN part and none infinite, (x, NaN) for x = +0, else NaN.
    inf = xp.isinf(x) | xp.isinf(y)
    return (xp.where(inf, 0.0, xp.where(x == 0, x, xp.nan)),
            xp.where(inf & ~xp.isnan(y), np.pi / 2, xp.where(x == 0, xp.atan(y), xp.nan)))


def _arccos(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # cacos(z) = -i cacosh(z) in the upper half-plane.
    real, imag = _arccosh(xp, x, y)
    return imag, -real


def _sqrt(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # csqrt: (inf, inf) for y = inf; for x = +inf, (inf, +0) (NaN y: (inf, NaN)); for
    # x = -inf, (+0, inf) (NaN y: (NaN, inf)); else NaN.
    y_inf, y_nan = xp.isinf(y), xp.isnan(y)
    real = xp.where(y_inf | (x == xp.inf), xp.inf,
                    xp.where((x == -xp.inf) & ~y_nan, 0.0, xp.nan))
    imag = xp.where(y_inf | (x == -xp.inf), xp.inf,
                    xp.where((x == xp.inf) & ~y_nan, 0.0, xp.nan))
    return real, imag


def _scaled(rule: Callable[..., tuple[Any, Any]], factor: float, inside: bool = False) -> \
        Callable[..., tuple[Any, Any]]:
    # NumPy's exp2 is cexp(z log 2) (inside); its log2 and log10 are clog(z) times log2(e),
    # log10(e).
    def scaled(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
        if inside:  # (a part that underflows to zero, flushed, keeps its sign: its own)
            x, y = (xp.where((v * factor == 0) & (v != 0), v, v * factor) for v in (x, y))
            return rule(xp, x, y)
        real, imag = rule(xp, x, y)
        return real * factor, imag * factor

    return scaled


def _expm1(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # NumPy's formula for every value: expm1(x) cos(y) - 2 sin(y/2)^2 + i exp(x) sin(y).
    half = xp.sin(y / 2)
    return xp.expm1(x) * xp.cos(y) - 2 * half * half, xp.exp(x) * xp.sin(y)


def _log1p(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # NumPy's formula for every value: log(hypot(x + 1, y)) + i atan2(y, x + 1).
    return xp.log(xp.hypot(x + 1, y)), xp.atan2(y, x + 1)


def _reciprocal(xp: Any, x: Any, y: Any) -> tuple[Any, Any]:
    # NumPy's algorithm for every value (Smith's): by the larger part, 1/0 is NaN + iNaN.
    small_y = xp.abs(y) <= xp.abs(x)  # (False with a NaN part)
    with np.errstate(all="ignore"):
        r = xp.where(small_y, y / x, x / y)
        d = xp.where(small_y, x + y * r, x * r + y)
        return xp.where(small_y, 1 / d, r / d), xp.where(small_y, -r / d, -1 / d)


#: The rule of each function at special values in the first quadrant, and its symmetry:
#: "odd" (f(-z) = -f(z)), "even" (f(-z) = f(z)) or "conj" (only f(conj z) = conj f(z),
#: which all of them have).
_SPECIAL: dict[str, tuple[Callable[..., tuple[Any, Any]], str]] = {
    "sqrt": (_sqrt, "conj"), "exp": (_exp, "conj"), "log": (_log_like, "conj"),
    "exp2": (_scaled(_exp, float(np.log(2)), inside=True), "conj"),
    "log2": (_scaled(_log_like, float(np.log2(np.e))), "conj"),
    "log10": (_scaled(_log_like, float(np.log10(np.e))), "conj"),
    "expm1": (_expm1, "conj"), "log1p": (_log1p, "conj"),
    "reciprocal": (_reciprocal, "conj"),
    "sinh": (_sinh, "odd"), "cosh": (_cosh, "even"), "tanh": (_tanh, "odd"),
    "arcsinh": (_arcsinh, "odd"), "arccosh": (_arccosh, "conj"), "arctanh": (_arctanh, "odd"),
    "arccos": (_arccos, "conj"),
}

#: The trigonometric functions as NumPy's npymath computes them, through the hyperbolic:
#: sin(z) = swap(sinh(swap(z))) (tan, arcsin, arctan alike), swap(x + iy) = y + ix, and
#: cos(x + iy) = cosh(-y + ix).
_THROUGH = {"sin": "sinh", "tan": "tanh", "arcsin": "arcsinh", "arctan": "arctanh",
            "cos": "cosh"}

#: NumPy's complex elementwise functions whose special values :func:`complex_special` gives.
COMPLEX_SPECIAL = frozenset({*_SPECIAL, *_THROUGH, "absolute", "sign"})

#: The functions whose rule gives NumPy's value where a part is zero too (the sign of the
#: zero follows cos(y) or sin(y), which no symmetry gives; catanh(+0 + iy) = +0 + i atan(y)),
#: which part; and those whose rule is NumPy's formula, for every value.
_AT_ZERO = {"sinh": "xy", "cosh": "xy", "arctanh": "x"}
_FORMULAS = frozenset({"expm1", "log1p", "reciprocal"})


def complex_special(xp: Any, name: str, z: Any, function: Callable[[Any], Any],
                    join: Callable[[Any, Any], Any]) -> Any:
    """NumPy's ``name`` (one of :data:`COMPLEX_SPECIAL`) of complex ``z`` over ``xp``, from the
    library's ``function``: C99 Annex G's values (NumPy's) where a part of ``z`` is infinite
    or NaN, and the signs of zero of NumPy's symmetries (``sqrt(conj z) = conj sqrt(z)``,
    ``sinh(-z) = -sinh(z)``, ``cosh(-z) = cosh(z)``): the library computes ``z`` reflected
    into the first quadrant, the result is reflected back. ``join`` makes a complex array
    from its real and imaginary parts (keeping the signs of zero). ``absolute`` is infinite
    where a part is, even if the other is NaN; ``sign`` is :func:`complex_sign`.

    >>> def join(re, im):  # (re + 1j * im would make inf * 1j NaN + inf j)
    ...     z = np.empty(np.shape(re), complex)
    ...     z.real, z.imag = re, im
    ...     return z
    >>> z = np.array([complex(np.inf, np.nan), complex(-np.inf, 1.0)])
    >>> complex_special(np, "sqrt", z, np.sqrt, join)
    array([inf+nanj,  0.+infj])
    >>> complex_special(np, "absolute", z, np.absolute, join)
    array([inf, inf])
    """
    x, y = xp.real(z), xp.imag(z)
    if name == "absolute":
        return xp.where(xp.isinf(x) | xp.isinf(y), xp.inf, function(z))
    if name == "sign":
        return complex_sign(xp, z, join)
    if name in _THROUGH:
        if name == "cos":
            return complex_special(xp, "cosh", join(-y, x), lambda w: function(join(
                xp.imag(w), -xp.real(w))), join)
        return _swap(xp, complex_special(xp, _THROUGH[name], join(y, x), lambda w: _swap(
            xp, function(_swap(xp, w, join)), join), join), join)
    rule, symmetry = _SPECIAL[name]
    if name in _FORMULAS:
        real, imag = rule(xp, x, y)
        return join(xp.astype(real, x.dtype), xp.astype(imag, x.dtype))
    x0, y0 = x, y
    flip_y = xp.signbit(y) & ~xp.isnan(y)
    flip_x = (xp.signbit(x) & ~xp.isnan(x)) if symmetry != "conj" else None
    if flip_x is not None:
        x = xp.where(flip_x, -x, x)
    y = xp.where(flip_y, -y, y)
    result = function(join(x, y))
    special = ~(xp.isfinite(x) & xp.isfinite(y))
    if name in _AT_ZERO:
        special = special | (x == 0) | ((y == 0) if _AT_ZERO[name] == "xy" else False)
    with np.errstate(all="ignore"):  # (NumPy as xp computes inf * 0 where not taken)
        real_rule, imag_rule = rule(xp, x, y)
    real = xp.where(special, real_rule, xp.real(result))
    imag = xp.where(special, imag_rule, xp.imag(result))
    if symmetry == "odd":
        real = xp.where(flip_x, -real, real)
    elif symmetry == "even":
        flip_y = flip_y ^ flip_x
    imag = xp.where(flip_y, -imag, imag)
    # signs no symmetry gives (npymath's x * x, and 0 * (y - y)): csinh(x + iy) for an
    # infinite x and y not finite is +inf + iNaN, ccosh(+-0 + iy) for y not finite NaN + i0
    if name == "sinh":
        real = xp.where(xp.isinf(x0) & ~xp.isfinite(y0), xp.inf, real)
    elif name == "cosh":
        imag = xp.where((x0 == 0) & ~xp.isfinite(y0), 0.0, imag)
    return join(xp.astype(real, x.dtype), xp.astype(imag, x.dtype))


def _swap(xp: Any, z: Any, join: Callable[[Any, Any], Any]) -> Any:
    return join(xp.imag(z), xp.real(z))


def complex_quotient(xp: Any, a: Any, b: Any, join: Callable[[Any, Any], Any]) -> Any:
    """NumPy's ``divide`` of complex ``a`` by complex ``b`` over ``xp``, by NumPy's algorithm
    (Smith's: scaled by the divisor's larger part, NaN where a part is NaN) for every value:
    a zero divisor gives each part divided by +0 (inf or NaN), an infinite divisor of a finite
    dividend signed zeros. ``join`` makes the complex result from its parts.

    >>> a = np.array([1 + 1j, 1 + 0j, complex(1, 2)])
    >>> b = np.array([0j, complex(-np.inf, 0), complex(3, 4)])
    >>> complex_quotient(np, a, b, np.vectorize(complex))
    array([  inf +infj, -0.  -0.j  ,  0.44+0.08j])
    """
    real, imag = _quotient(xp, xp.real(a), xp.imag(a), xp.real(b), xp.imag(b))
    return join(real, imag)


def _quotient(xp: Any, ar: Any, ai: Any, br: Any, bi: Any) -> tuple[Any, Any]:
    # NumPy's complex division, on the parts.
    by_real = xp.abs(br) >= xp.abs(bi)  # (False with a NaN part)
    zero = (br == 0) & (bi == 0)
    with np.errstate(all="ignore"):
        rat = xp.where(by_real, bi / br, br / bi)
        scale = 1 / xp.where(by_real, br + bi * rat, bi + br * rat)
        real = xp.where(by_real, (ar + ai * rat) * scale, (ar * rat + ai) * scale)
        imag = xp.where(by_real, (ai - ar * rat) * scale, (ai * rat - ar) * scale)
        return xp.where(zero, ar / xp.abs(br), real), xp.where(zero, ai / xp.abs(br), imag)


def _product(xp: Any, ar: Any, ai: Any, br: Any, bi: Any) -> tuple[Any, Any]:
    # NumPy's complex product, on the parts (no recovery of infinities). inf - inf is NaN
    # even where a compiler fuses a product into the sum (XLA under jit: fma(a, c, -inf)
    # is -inf where a * c alone overflows); the machine's own NaN (inf * 0), whose sign
    # cexp's copysign(0, y) reads, as inf - inf's.
    rr, ii, ri, ir = ar * br, ai * bi, ar * bi, ai * br
    return (xp.where(xp.isinf(rr) & (rr == ii), rr * 0.0, rr - ii),
            xp.where(xp.isinf(ri) & (ri == -ir), ri * 0.0, ri + ir))


def _c99_product(xp: Any, a: Any, b: Any, c: Any, d: Any) -> tuple[Any, Any]:
    # C99's (a + ib)(c + id) (Annex G.5.1, GCC's __muldc3): where both parts of the plain
    # product are NaN, an infinite factor makes the product infinite (its infinite parts as
    # +-1, the other's NaN parts as +-0; or, with no infinite factor but an overflow, NaN
    # parts as +-0), and it is recomputed times inf.
    real, imag = _product(xp, a, b, c, d)
    lost = xp.isnan(real) & xp.isnan(imag)
    inf_ab, inf_cd = xp.isinf(a) | xp.isinf(b), xp.isinf(c) | xp.isinf(d)
    overflow = ~inf_ab & ~inf_cd & (xp.isinf(a * c) | xp.isinf(b * d) | xp.isinf(a * d)
                                    | xp.isinf(b * c))

    def unit(v: Any, infinite: Any, other: Any) -> Any:
        # an infinite factor's parts: +-1 for infinite, +-0 for finite; the other factor's
        # NaN parts +-0 (and all NaN parts +-0 after an overflow)
        negative = xp.signbit(v)
        one = xp.where(xp.isinf(v), 1.0, 0.0)
        v = xp.where(infinite, xp.where(negative, -one, one), v)
        return xp.where((other | overflow) & xp.isnan(v), xp.where(negative, -0.0, 0.0), v)

    a2, b2 = (unit(v, inf_ab, inf_cd) for v in (a, b))
    c2, d2 = (unit(v, inf_cd, inf_ab) for v in (c, d))
    again = lost & (inf_ab | inf_cd | overflow)
    real2, imag2 = _product(xp, a2, b2, c2, d2)
    return (xp.where(again, xp.inf * real2, real), xp.where(again, xp.inf * imag2, imag))


def complex_power(xp: Any, a: Any, b: Any, log: Callable[[Any], Any],
                  exp: Callable[[Any], Any], join: Callable[[Any, Any], Any]) -> Any:
    """NumPy's ``power`` of complex ``a`` and ``b`` over ``xp``, from the library's ``log``
    and ``exp`` (the C library's ``cpow``: ``cexp(b * clog(a))``, each at its special values
    as :func:`complex_special` gives, the product C99's): ``a ** 0`` is 1 (NaN ``a`` too);
    ``0 ** b`` is 0 for a positive real part of ``b``, else NaN; an integer exponent ``n``
    with ``|n| < 100`` (imaginary part 0) is NumPy's products: ``a`` itself for 1, ``a * a``
    and ``a * (a * a)`` for 2 and 3, else squarings by the bits of ``|n|`` from 1 + 0j, and
    for ``n < 0`` one over that (NumPy's division). ``join`` makes the complex result.

    >>> a = np.array([1j, 0j, complex(np.nan, np.nan), 2 + 1j])
    >>> b = np.array([complex(5, 0), complex(-1, 0), 0j, complex(-3, 0)])
    >>> complex_power(np, a, b, np.log, np.exp, np.vectorize(complex)).tolist()
    [1j, (nan+nanj), (1+0j), (0.016-0.08800000000000001j)]
    """
    ar, ai, br, bi = xp.real(a), xp.imag(a), xp.real(b), xp.imag(b)
    with np.errstate(all="ignore"):
        logarithm = complex_special(xp, "log", a, log, join)
        result = complex_special(xp, "exp", join(*_c99_product(
            xp, br, bi, xp.real(logarithm), xp.imag(logarithm))), exp, join)
        power = xp.abs(br)
        integer = (bi == 0) & (power < 100) & (xp.floor(power) == power)
        # |n| > 3: the squarings of NumPy's loop, seven bits for |n| < 100
        real, imag = xp.ones_like(ar), xp.zeros_like(ai)
        pr, pi = ar, ai
        for bit in range(7):
            take = (xp.floor(power / 2 ** bit) % 2) == 1
            nr, ni = _product(xp, real, imag, pr, pi)
            real, imag = xp.where(take, nr, real), xp.where(take, ni, imag)
            pr, pi = _product(xp, pr, pi, pr, pi)
        sr, si = _product(xp, ar, ai, ar, ai)
        cr, ci = _product(xp, ar, ai, sr, si)
        for n, (r, i) in ((1, (ar, ai)), (2, (sr, si)), (3, (cr, ci))):
            real, imag = xp.where(br == n, r, real), xp.where(br == n, i, imag)
        qr, qi = _quotient(xp, xp.ones_like(real), xp.zeros_like(imag), real, imag)
        negative = br < 0
        real = xp.where(integer, xp.where(negative, qr, real), xp.real(result))
        imag = xp.where(integer, xp.where(negative, qi, imag), xp.imag(result))
        zero_base = (ar == 0) & (ai == 0)
        base = xp.where(br > 0, 0.0, xp.nan)
        real, imag = xp.where(zero_base, base, real), xp.where(zero_base, base, imag)
        one = (br == 0) & (bi == 0)
        real, imag = xp.where(one, 1.0, real), xp.where(one, 0.0, imag)
    return join(xp.astype(real, ar.dtype), xp.astype(imag, ar.dtype))
