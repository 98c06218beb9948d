"""NumPy's reductions and statistics: ``where=``, ``initial=``, ``keepdims``, counts, means and
variances, the nan-aware arguments.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

import functools
import os
import sys
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

import numpy as np

from .._common import decline
from ._elementwise import complex_order, complex_ordered, complex_searchsorted

__all__ = [
    "COMPLEX_EXTREMA", "COMPLEX_ORDERING", "REDUCTIONS", "WARNINGS", "all_nan", "complex_call",
    "complex_extremum", "complex_reduce", "count", "ddof_of", "floating", "integer_std",
    "keepdims_of", "masks", "mean", "nan_arg_input", "nan_degrees", "numpy_reduction",
    "quantile_dtype", "quantile_fractions", "quiet", "reduce", "reduction", "var", "warn_all_nan",
    "warn_degrees", "warn_empty_mean", "warn_like_numpy", "warned", "weighted_average",
    "weighted_cov",
]

_NoValue: Any = np._NoValue


def keepdims_of(keepdims: Any) -> bool:
    """NumPy's ``keepdims=``: "not given" is ``False``, any other value its truth.

    >>> keepdims_of(np._NoValue), keepdims_of(np.True_), keepdims_of(0)
    (False, True, False)
    """
    return keepdims is not _NoValue and bool(keepdims)


def masks(where: Any) -> bool:
    """Whether a ``where=`` argument masks anything (``True`` and "not given" do not).

    >>> masks(True), masks(np._NoValue), masks([True, False])
    (False, False, True)
    """
    return where is not True and where is not _NoValue


def reduce(xp: Any, a: Any, function: Callable[..., Any], *, axis: Any = None,
           keepdims: bool = False, initial: Any = _NoValue, where: Any = True,
           identity: Any = None, combine: Callable[[Any, Any], Any] | None = None,
           name: str = "", **kwargs: Any) -> Any:
    """NumPy's reduction of ``a`` by ``function(a, axis=, keepdims=, **kwargs)`` with
    ``where=`` and ``initial=``.

    A masked-out element counts as the reduction's ``identity`` (0 for ``sum``, ``True``
    for ``all``); a reduction without one (``max``) needs ``initial``, as in NumPy. The
    result is then combined with ``initial`` by ``combine`` (``xp.add``, ``xp.maximum``),
    in the result's dtype. ``where`` must already be one of ``xp``'s arrays (or a bool).

    >>> reduce(np, np.array([1.0, 2.0, 4.0]), np.sum, where=np.array([True, False, True]),
    ...        identity=0, initial=10, combine=np.add)
    np.float64(15.0)
    >>> reduce(np, np.array([1, 2]), np.max, where=np.array([True, False]), name="maximum")
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: reduction operation 'maximum' does not have an identity, ...
    """
    if identity is None:  # max, min of an empty array: NumPy's answer, not the library's
        empty = extremum_of_empty(xp, a, axis, keepdims, initial, name)
        if empty is not None:
            return empty
    if masks(where):
        fill = identity if identity is not None else initial
        if fill is _NoValue:
            raise ValueError(f"reduction operation '{name}' does not have an identity, so to "
                             "use a where mask one has to specify 'initial'")
        a = xp.where(where, a, xp.asarray(fill, dtype=a.dtype))
    result = function(a, axis=axis, keepdims=keepdims, **kwargs)
    if initial is not _NoValue and combine is not None:
        result = combine(result, xp.asarray(initial, dtype=result.dtype))
    return result


def extremum_of_empty(xp: Any, a: Any, axis: Any, keepdims: bool, initial: Any,
                      name: str) -> Any:
    """NumPy's ``max``/``min`` (reduction ``name``: "maximum", "minimum") of ``a`` over
    ``axis`` where ``a`` has no elements, or ``None`` where it has some (or a length is
    unknown): an empty result where NumPy's has no elements (``max`` of shape (0, 3) along
    axis 1), else ``initial`` in ``a``'s dtype throughout, or without ``initial`` NumPy's
    ``ValueError`` (a reduction with no identity), which libraries answer differently.

    >>> extremum_of_empty(np, np.zeros((2, 0)), 1, False, -1.0, "maximum")
    array([-1., -1.])
    >>> extremum_of_empty(np, np.zeros((0, 3)), 1, True, np._NoValue, "maximum").shape
    (0, 1)
    >>> extremum_of_empty(np, np.zeros((0, 3)), 0, False, np._NoValue, "maximum")
    Traceback (most recent call last):
    ...
    ValueError: zero-size array to reduction operation maximum which has no identity
    >>> extremum_of_empty(np, np.ones(2), None, False, np._NoValue, "maximum") is None
    True
    """
    shape = tuple(a.shape)
    if 0 not in shape or any(n != n or n is None for n in shape):
        return None
    ndim = len(shape)
    axes = set(range(ndim)) if axis is None else {
        int(i) % max(ndim, 1) for i in (axis if isinstance(axis, tuple | list) else (axis,))}
    result = tuple(1 if i in axes else n for i, n in enumerate(shape) if keepdims or i not in axes)
    device = {"device": a.device} if hasattr(a, "device") else {}
    if 0 in result:
        return xp.empty(result, dtype=a.dtype, **device)
    if initial is _NoValue:
        raise ValueError(f"zero-size array to reduction operation {name} which has no identity")
    return xp.full(result, initial, dtype=a.dtype, **device)


__all__ += ["extremum_of_empty"]


def numpy_reduction(reduction: Callable[..., Any], kind: str,
                    name: str) -> Callable[..., Any]:
    """NumPy's signature of a ``kind`` of reduction ("sum" for sum/prod, "extreme" for
    max/min, "logical" for all/any) over ``reduction(a, axis, out, keepdims, initial,
    where, dtype=)``, a library's reduction with NumPy's ``where=``/``initial=``.

    >>> def reduction(a, axis, out, keepdims, initial=_NoValue, where=_NoValue, **kw):
    ...     return reduce(np, np.asarray(a), np.sum, axis=axis, initial=initial,
    ...                   identity=0, combine=np.add, **kw)
    >>> numpy_reduction(reduction, "sum", "sum")([1, 2], initial=10, dtype=float)
    np.float64(13.0)
    """
    def summed(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
               keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue) -> Any:
        return reduction(a, axis, out, keepdims, initial, where, dtype=dtype)

    def extreme(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue,
                initial: Any = _NoValue, where: Any = _NoValue) -> Any:
        return reduction(a, axis, out, keepdims, initial, where)

    def logical(a: Any, axis: Any = None, out: Any = None, keepdims: Any = _NoValue, *,
                where: Any = _NoValue) -> Any:
        return reduction(a, axis, out, keepdims, where=where)

    kinds: dict[str, Callable[..., Any]] = {"sum": summed, "extreme": extreme,
                                            "logical": logical}
    chosen = kinds[kind]
    chosen.__name__ = chosen.__qualname__ = name
    return chosen


#: NumPy's reductions with ``where=`` and ``initial=``: name -> (the identity a masked-out
#: element counts as, ``None`` where there is none; the ufunc that joins ``initial``; the kind
#: of NumPy's signature, as :func:`numpy_reduction` names it).
REDUCTIONS: dict[str, tuple[Any, str, str]] = {
    "sum": (0, "add", "sum"), "prod": (1, "multiply", "sum"),
    "max": (None, "maximum", "extreme"), "min": (None, "minimum", "extreme"),
    "all": (True, "", "logical"), "any": (False, "", "logical")}


def _unchanged(result: Any, out: Any) -> Any:
    return result


def reduction(xp: Any, name: str, prepare: Callable[[Any, Any, Any, dict[str, Any]], Any],
              finish: Callable[[Any, Any], Any] = _unchanged) -> Callable[..., Any]:
    """NumPy's reduction ``name`` (one of :data:`REDUCTIONS`, or its nan-version: ``nanmax``
    of an all-NaN slice with ``initial=`` is ``initial``) over ``xp``'s function of that
    name, with NumPy's signature and its ``where=`` and ``initial=`` (:func:`reduce`); an
    ``axis`` list is a tuple. ``prepare(a, where, out, kwargs)`` gives ``a`` (and ``where``,
    when it masks, and the keywords: ``dtype=``) in ``xp``'s arrays, or declines;
    ``finish(result, out)`` applies ``out=``.

    >>> def prepare(a, where, out, kwargs):
    ...     return np.asarray(a), where, kwargs
    >>> reduction(np, "sum", prepare)([1, 2, 4], where=[True, False, True], initial=10)
    np.int64(15)
    >>> reduction(np, "max", prepare)([1, 5], initial=7)
    np.int64(7)
    >>> reduction(np, "nanmax", prepare)([[np.nan], [1.0]], axis=1, initial=0.5)
    array([0.5, 1. ])
    """
    identity, combine, kind = REDUCTIONS[name.removeprefix("nan")]
    function, joined = getattr(xp, name), getattr(xp, combine) if combine else None
    if kind == "extreme" and name.startswith("nan"):
        bound = getattr(xp, combine)  # nanmax of an all-NaN slice with initial= is initial
        joined = lambda result, initial: xp.where(
            xp.isnan(result), initial, bound(result, initial))

    # nanmax, nanmin: NumPy's warning of a slice of NaNs only (none with initial= or where=)
    warning = warned(xp, name, function) if name in WARNINGS else function

    def reduced(a: Any, axis: Any, out: Any, keepdims: Any, initial: Any = _NoValue,
                where: Any = _NoValue, **kwargs: Any) -> Any:
        a, where, kwargs = prepare(a, where if masks(where) else True, out, kwargs)
        plain = initial is _NoValue and where is True
        result = reduce(xp, a, warning if plain else function,
                        axis=tuple(axis) if isinstance(axis, list) else axis,
                        keepdims=keepdims_of(keepdims), initial=initial,
                        where=where, identity=identity, combine=joined, name=combine, **kwargs)
        return finish(result, out)

    return numpy_reduction(reduced, kind, name)


def floating(xp: Any, a: Any) -> Any:
    """``a`` as NumPy's ``mean``/``var`` compute it: floating or complex as it is, other
    dtypes (integers, booleans) in ``xp.float64``.

    >>> floating(np, np.array([1, 2])).dtype, floating(np, np.ones(1, "float32")).dtype
    (dtype('float64'), dtype('float32'))
    """
    return a if xp.isdtype(a.dtype, ("real floating", "complex floating")) else \
        xp.astype(a, xp.float64)


def count(xp: Any, a: Any, axis: Any = None, keepdims: bool = False, where: Any = None) -> Any:
    """How many elements of ``a`` NumPy's ``mean`` and ``var`` divide by: those along
    ``axis`` (an int, a tuple, ``None`` for all), or the ``True`` ones of ``where`` (a mask
    of ``a``'s shape), counted in ``a``'s real floating dtype.

    >>> count(np, np.ones((2, 3)), 1), count(np, np.ones(3), 0, where=np.array([1, 0, 1], bool))
    (3, np.float64(2.0))
    """
    if where is not None:
        real = xp.float32 if a.dtype in (xp.float32, xp.complex64) else xp.float64
        return xp.sum(xp.astype(where, real), axis=axis, keepdims=keepdims)
    n = 1
    for i in range(a.ndim) if axis is None else axis if isinstance(axis, tuple) else (axis,):
        n *= a.shape[i]
    return n


def mean(xp: Any, a: Any, axis: Any = None, keepdims: bool = False, where: Any = None) -> Any:
    """NumPy's ``mean`` of ``a`` (floating already: :func:`floating`) over ``axis``, of the
    elements where ``where`` (a boolean mask of ``a``'s shape; ``None`` for all), with
    NumPy's warning for an empty slice (:func:`warn_empty_mean`) and none of the library's.

    >>> mean(np, np.array([1.0, 2.0, 6.0]), where=np.array([True, False, True]))
    np.float64(3.5)
    """
    with quiet(warn_empty_mean(xp, count(xp, a, axis, keepdims, where))):
        return _mean(xp, a, axis, keepdims, where)


def _mean(xp: Any, a: Any, axis: Any, keepdims: bool, where: Any) -> Any:
    if where is None:
        return xp.mean(a, axis=axis, keepdims=keepdims)
    total = xp.sum(xp.where(where, a, xp.zeros_like(a)), axis=axis, keepdims=keepdims)
    return total / count(xp, a, axis, keepdims, where)


def quantile_fractions(xp: Any, q: Any, scale: float) -> Any:
    """NumPy's ``q`` of ``quantile`` (``scale`` 1) or ``percentile`` (``scale`` 100) as
    fractions, with NumPy's ``ValueError`` for any outside ``[0, scale]`` (NaN included).

    >>> quantile_fractions(np, np.array([25.0, 50.0]), 100)
    array([0.25, 0.5 ])
    >>> quantile_fractions(np, np.array(150.0), 100)
    Traceback (most recent call last):
    ...
    ValueError: Percentiles must be in the range [0, 100]
    """
    fractions = q / scale
    if not bool(xp.all((fractions >= 0) & (fractions <= 1))):
        raise ValueError("Percentiles must be in the range [0, 100]" if scale == 100
                         else "Quantiles must be in the range [0, 1]")
    return fractions


def ddof_of(ddof: Any, correction: Any) -> Any:
    """NumPy's degrees of freedom from ``var``'s ``ddof=`` or the array API's
    ``correction=`` (not both).

    >>> ddof_of(0, 1), ddof_of(1, np._NoValue)
    (1, 1)
    """
    if correction is _NoValue:
        return ddof
    if ddof != 0:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


def var(xp: Any, a: Any, axis: Any = None, keepdims: bool = False, where: Any = None,
        ddof: Any = 0, centre: Any = None, nan: bool = False) -> Any:
    """NumPy's ``var`` of ``a`` (floating already) over ``axis``: the mean squared magnitude
    of the deviations from ``centre`` (the mean, kept as an axis, unless given), over the
    elements where ``where`` (or all), divided by their count less ``ddof`` (at least 0);
    with NumPy's warning where that is not above 0 (:func:`warn_degrees`; ``nan``: as
    ``nanvar`` writes it, whose value there is NaN) and none of the library's.

    >>> var(np, np.array([1.0, 2.0, 6.0]), ddof=1), var(np, np.array([1j, -1j]))
    (np.float64(7.0), np.float64(1.0))
    """
    with quiet(warn_degrees(xp, count(xp, a, axis, keepdims, where), ddof, nan)):
        return _var(xp, a, axis, keepdims, where, ddof, centre, nan)


def _var(xp: Any, a: Any, axis: Any, keepdims: bool, where: Any, ddof: Any,
         centre: Any, nan: bool = False) -> Any:
    if centre is None:
        centre = _mean(xp, a, axis, True, where)
    d = a - centre
    sq = xp.real(d * xp.conj(d)) if xp.isdtype(d.dtype, "complex floating") else d * d
    if where is not None:
        sq = xp.where(where, sq, xp.zeros_like(sq))
    n = count(xp, a, axis, keepdims, where)
    dof = xp.clip(n - ddof, min=0) if hasattr(n, "shape") else max(n - ddof, 0)
    result = xp.sum(sq, axis=axis, keepdims=keepdims) / dof
    return nan_degrees(xp, result, n, ddof) if nan else result


def nan_degrees(xp: Any, variance: Any, n: Any, ddof: Any) -> Any:
    """NumPy's ``nanvar`` (``nanstd``) ``variance`` of slices of ``n`` values that are not
    NaN (an array of counts, one a slice): NaN where no degrees of freedom are left (``n``
    not above ``ddof``), where ``var``'s is the sum / 0.

    >>> nan_degrees(np, np.array([np.inf, 2.0]), np.array([2.0, 3.0]), 2)
    array([nan,  2.])
    """
    return xp.where(n - ddof > 0, variance, variance * np.nan)  # (NaN in its dtype)


def integer_std(xp: Any, variance: Any, dtype: np.dtype[Any]) -> Any:
    """NumPy's ``std`` with an integer ``dtype=``, from the variance computed in it: the
    square root (float64) cast back to ``dtype`` for one value, NumPy's ``TypeError`` for an
    array (its ``sqrt`` will not cast float64 into an integer array).

    >>> integer_std(np, np.int64(2), np.dtype("int64"))
    np.int64(1)
    >>> integer_std(np, np.array([2, 3]), np.dtype("int64"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: Cannot cast ufunc 'sqrt' output from dtype('float64') to dtype('int64') ...
    """
    if variance.ndim:
        raise TypeError(f"Cannot cast ufunc 'sqrt' output from dtype('float64') to {dtype!r} "
                        "with casting rule 'same_kind'")
    return xp.astype(xp.sqrt(xp.astype(variance, xp.float64)), variance.dtype)


def quantile_dtype(dtype: np.dtype[Any], q: Any, method: str) -> np.dtype[Any]:
    """NumPy's dtype of a quantile (``median``, ``percentile``...) of an array of ``dtype``
    at ``q`` (a Python number, taken weakly, or a dtype): the array's own where ``method``
    picks an element (``lower``, ``nearest``...), else its float dtype (float64 for integers
    and booleans) promoted with ``q``'s.

    >>> quantile_dtype(np.dtype("float32"), 0.5, "linear"), quantile_dtype(
    ...     np.dtype("int8"), 0.5, "nearest"), quantile_dtype(np.dtype("int8"), 0.5, "linear")
    (dtype('float32'), dtype('int8'), dtype('float64'))
    """
    if method in ("inverted_cdf", "closest_observation", "lower", "higher", "nearest"):
        return dtype
    return np.result_type(dtype if dtype.kind in "fc" else np.float64, q)


def weighted_average(xp: Any, a: Any, w: Any, axis: Any = None,
                     keepdims: bool = False) -> tuple[Any, Any]:
    """NumPy's ``average(a, axis, weights=w, returned=True)``: ``a`` and ``w`` of one floating
    dtype, ``w`` broadcastable to ``a``; the sum of weights must not be 0.

    >>> weighted_average(np, np.array([[1.0, 3.0]]), np.array([[3.0, 1.0]]), axis=1)
    (array([1.5]), array([4.]))
    """
    scale = xp.sum(xp.broadcast_to(w, a.shape), axis=axis, keepdims=keepdims)
    if bool(xp.any(scale == 0)):
        raise ZeroDivisionError("Weights sum to zero, can't be normalized")
    return xp.sum(a * w, axis=axis, keepdims=keepdims) / scale, scale


def weighted_cov(xp: Any, x: Any, fweights: Any, aweights: Any, ddof: Any) -> Any:
    """NumPy's ``cov`` of the rows of ``x`` (2-d, floating) with frequency and/or analytic
    weights (1-d, ``x``'s dtype; ``None`` for none), ``ddof`` resolved (0 for ``bias``).

    >>> weighted_cov(np, np.array([[1.0, 2.0, 4.0]]), np.array([1.0, 1.0, 2.0]), None, 1)
    array(2.25)
    """
    w = fweights if aweights is None else aweights if fweights is None else fweights * aweights
    avg, w_sum = weighted_average(xp, x, xp.reshape(w, (1, -1)), axis=1)
    fact = w_sum[0] - (0 if ddof == 0 else ddof if aweights is None else
                       ddof * xp.sum(w * aweights) / w_sum[0])
    x = x - xp.reshape(avg, (-1, 1))
    c = xp.matmul(x, xp.conj(xp.matrix_transpose(x * w))) / fact
    return xp.squeeze(c, axis=tuple(i for i, n in enumerate(c.shape) if n == 1))


def nan_arg_input(xp: Any, a: Any, axis: Any, largest: bool) -> Any:
    """NumPy's ``nanargmax`` (``largest``) or ``nanargmin`` of floating ``a``: its NaN
    replaced by ``-inf`` (``inf``), so that ``argmax`` (``argmin``) skips them; NumPy's
    ``ValueError`` where a slice along ``axis`` is all NaN.

    >>> nan_arg_input(np, np.array([np.nan, 2.0]), None, True)
    array([-inf,   2.])
    >>> nan_arg_input(np, np.array([[np.nan], [1.0]]), 1, True)
    Traceback (most recent call last):
    ...
    ValueError: All-NaN slice encountered
    """
    if bool(xp.any(all_nan(xp, a, axis))):
        raise ValueError("All-NaN slice encountered")
    return xp.where(xp.isnan(a), -np.inf if largest else np.inf, a)


#: NumPy's reductions that order complex numbers (:func:`complex_extremum`).
COMPLEX_EXTREMA = frozenset({"max", "min", "amax", "amin", "nanmax", "nanmin", "argmax",
                             "argmin", "nanargmax", "nanargmin"})


def complex_extremum(xp: Any, a: Any, name: str, axis: Any = None,
                     keepdims: bool = False) -> Any:
    """NumPy's reduction ``name`` (one of :data:`COMPLEX_EXTREMA`) of complex ``a`` over
    ``axis`` (an int, a tuple but for the arg-reductions, ``None`` for all), for a library
    that does not order complex numbers: by real part, then imaginary part, the first of
    equal ones; an element with a NaN part wins (the first met: NumPy's NaN propagation)
    unless ``name`` starts with "nan", which skips them (an all-NaN slice gives its first
    element with NumPy's warning); ``nanargmax`` takes them as ``-inf`` (:func:`nan_arg_input`).
    The arg-reductions give indices, the others the elements themselves (signed zeros kept).

    >>> z = np.array([1 + 2j, 3 - 1j, 3 - 2j, complex(np.nan, 0), 3 - 1j])
    >>> complex_extremum(np, z, "max"), complex_extremum(np, z, "nanmax")
    (np.complex128(nan+0j), np.complex128(3-1j))
    >>> complex_extremum(np, z, "nanargmax"), complex_extremum(np, z, "argmin")
    (np.int64(1), np.int64(3))
    >>> complex_extremum(np, np.array([[1j, 2 + 0j], [1 + 0j, -1j]]), "min", axis=1)
    array([ 0.+1.j, -0.-1.j])
    """
    if name not in COMPLEX_EXTREMA:
        raise ValueError(f"complex_extremum: {name!r} is not one of {sorted(COMPLEX_EXTREMA)}")
    largest, skip = "max" in name, name.startswith("nan")
    if skip and "arg" in name:  # NumPy's: NaN-holding elements as -inf (inf), then argmax
        a, skip = nan_arg_input(xp, a, axis, largest), False
    ndim, shape = a.ndim, a.shape
    axes = tuple(range(ndim)) if axis is None else \
        tuple(i % ndim for i in (axis if isinstance(axis, tuple) else (axis,)))
    kept = [i for i in range(ndim) if i not in axes]
    # the reduced axes last, as one
    b = xp.reshape(xp.permute_dims(a, (*kept, *axes)), (*(shape[i] for i in kept), -1))
    re, im = xp.real(b), xp.imag(b)
    nan = xp.isnan(re) | xp.isnan(im)
    fill, top = (-np.inf, xp.max) if largest else (np.inf, xp.min)
    best = ~nan & (re == top(xp.where(nan, fill, re), axis=-1, keepdims=True))
    best = best & (im == top(xp.where(best, im, fill), axis=-1, keepdims=True))
    if skip:
        if bool(xp.any(xp.all(nan, axis=-1))):
            warnings.warn("All-NaN slice encountered", RuntimeWarning, stacklevel=3)
    else:
        best = xp.where(xp.any(nan, axis=-1, keepdims=True), nan, best)
    index = xp.argmax(xp.astype(best, xp.int8), axis=-1, keepdims=True)  # the first one
    result = index if "arg" in name else xp.take_along_axis(b, index, axis=-1)
    if keepdims:
        return xp.reshape(result, tuple(1 if i in axes else n for i, n in enumerate(shape)))
    return result[..., 0] if result.ndim > 1 else result[0]


#: NumPy's ufuncs whose reduction :func:`complex_reduce` takes -> :func:`complex_extremum`'s name.
_COMPLEX_REDUCED = {"maximum": "max", "minimum": "min", "fmax": "nanmax", "fmin": "nanmin"}


def complex_reduce(xp: Any, a: Any, ufunc: str, **kwargs: Any) -> Any:
    """NumPy's ``ufunc.reduce`` of complex ``a`` (``maximum``, ``minimum``: ``max``/``min``;
    ``fmax``, ``fmin``: ``nanmax``/``nanmin``) by :func:`complex_extremum`, with
    :func:`reduce`'s keywords (``axis``, ``keepdims``, ``where``, ``initial``: NumPy's
    first operand, kept on a tie, by :func:`complex_ordered`).

    >>> z = np.array([1 + 2j, complex(np.nan, 0), 1 + 3j])
    >>> complex_reduce(np, z, "fmax", initial=1 + 5j), complex_reduce(np, z, "maximum")
    (array(1.+5.j), np.complex128(nan+0j))
    """
    name = _COMPLEX_REDUCED[ufunc]
    return reduce(xp, a, lambda a, axis, keepdims: complex_extremum(xp, a, name, axis, keepdims),
                  combine=lambda result, initial: complex_ordered(xp, ufunc, initial, result),
                  name=ufunc, **kwargs)


#: NumPy's functions that order complex numbers, as :func:`complex_call` serves them.
COMPLEX_ORDERING = COMPLEX_EXTREMA | {"ptp", "sort", "argsort", "searchsorted"}


def complex_call(xp: Any, name: str, a: Any, *args: Any, **kwargs: Any) -> Any:
    """NumPy's ``name`` (one of :data:`COMPLEX_ORDERING`) of complex ``a`` (``xp``'s array),
    called with NumPy's arguments, for a library that does not order complex numbers as
    NumPy does: :func:`complex_reduce`, :func:`complex_extremum` (``ptp``: their
    difference), :func:`complex_order`, :func:`complex_searchsorted`; ``out=`` and
    ``order=`` decline.

    >>> z = np.array([1 + 2j, complex(np.nan, 0), 1 + 3j])
    >>> complex_call(np, "nanmax", z, initial=0j), complex_call(np, "argsort", z)
    (array(1.+3.j), array([0, 2, 1]))
    >>> complex_call(np, "max", np.array([[1j, 2j]]), 1, keepdims=True)
    array([[0.+2.j]])
    """
    def parse(a: Any, axis: Any = -1 if "sort" in name else None, out: Any = None,
              keepdims: Any = _NoValue, initial: Any = _NoValue, where: Any = _NoValue, *,
              kind: Any = None, order: Any = None, stable: Any = None) -> Any:
        if out is not None or order is not None:
            raise decline(f"the complex {name} of this backend takes no out= or order=")
        if "sort" in name:
            flat = xp.reshape(a, (-1,)) if axis is None else a
            indices = complex_order(xp, flat, -1 if axis is None else axis)
            return indices if name == "argsort" else xp.take_along_axis(
                flat, indices, axis=-1 if axis is None else axis)
        if "arg" in name:
            return complex_extremum(xp, a, name, axis, keepdims_of(keepdims))
        if name == "ptp":
            return complex_call(xp, "max", a, axis, keepdims=keepdims) - complex_call(
                xp, "min", a, axis, keepdims=keepdims)
        ufunc = {"max": "maximum", "min": "minimum", "nanmax": "fmax", "nanmin": "fmin"}[
            name.replace("amax", "max").replace("amin", "min")]
        return complex_reduce(xp, a, ufunc, axis=tuple(axis) if isinstance(axis, list)
                              else axis, keepdims=keepdims_of(keepdims), initial=initial,
                              where=xp.asarray(where) if masks(where) else True)

    def search(a: Any, v: Any, side: str = "left", sorter: Any = None) -> Any:
        return complex_searchsorted(xp, a if sorter is None else xp.take(a, xp.asarray(sorter)),
                                    xp.asarray(v, dtype=a.dtype), side)

    return (search if name == "searchsorted" else parse)(a, *args, **kwargs)


# -- NumPy's RuntimeWarnings of its statistics ---------------------------------------------

#: The package's folder and its generated adapters' file names: a warning names the first
#: frame outside them, the caller's line.
_OURS = (os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) + os.sep,
         "<overridable.")

#: NumPy's functions that warn of a slice with no values, by name: what the warning is about
#: ("mean": an empty slice, "degrees": a count not above ``ddof``, "all-nan": a slice of NaNs
#: only). The ``nan`` functions count the values that are not NaN.
WARNINGS: dict[str, str] = {
    "mean": "mean", "average": "mean", "nanmean": "mean", "var": "degrees", "std": "degrees",
    "nanvar": "degrees", "nanstd": "degrees", "nanmax": "all-nan", "nanmin": "all-nan",
    "nanmedian": "all-nan", "nanpercentile": "all-nan", "nanquantile": "all-nan"}


def _warn(message: str) -> None:
    """NumPy's ``RuntimeWarning`` ``message``, attributed (as NumPy's are) to the caller's
    line: the first frame outside this package (its files, its generated adapters')."""
    frame: Any = sys._getframe(1)
    level = 2
    while frame is not None and frame.f_code.co_filename.startswith(_OURS):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, RuntimeWarning, stacklevel=level)


def _traced(value: Any) -> bool:
    """Whether ``value``'s data is not at hand: a Dask array's (lazy: known only once
    computed), a JAX tracer's (``jax.jit``), any while ``torch.compile`` traces. Nothing is
    imported: a library not imported yet made no such value."""
    if hasattr(value, "__dask_graph__"):
        return True
    jax_core = sys.modules.get("jax.core")
    if jax_core is not None and isinstance(value, jax_core.Tracer):
        return True
    torch = sys.modules.get("torch")
    compiler = getattr(torch, "compiler", None)
    return compiler is not None and bool(compiler.is_compiling())


def _any(xp: Any, condition: Any) -> bool:
    """Whether ``condition`` (a Python or NumPy bool, or one of ``xp``'s boolean arrays) holds
    anywhere, where that is known: ``False`` for a lazy or traced array (:func:`_traced`)."""
    if isinstance(condition, bool | np.bool_):
        return bool(condition)
    if _traced(condition):
        return False
    try:
        return bool(xp.any(condition))
    except (TypeError, RuntimeError, ValueError):  # a transformed value (torch.func.vmap)
        return False


def warn_empty_mean(xp: Any, n: Any) -> bool:
    """NumPy's ``RuntimeWarning`` "Mean of empty slice" of ``mean``, ``nanmean`` and
    ``average``, where a slice's count of values ``n`` (a Python int, or one of ``xp``'s
    arrays of counts, one a slice) is 0; none where the counts are lazy or traced. Whether
    it warned.

    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     warn_empty_mean(np, 0), warn_empty_mean(np, np.array([2.0, 1.0]))
    (True, False)
    >>> [(w.category.__name__, str(w.message)) for w in seen]
    [('RuntimeWarning', 'Mean of empty slice')]
    """
    if isinstance(n, int | float) and not isinstance(n, bool):
        empty = n == 0
    else:
        empty = not _traced(n) and _any(xp, n == 0)
    if empty:
        _warn("Mean of empty slice")
    return bool(empty)


def warn_degrees(xp: Any, n: Any, ddof: Any, nan: bool = False) -> bool:
    """NumPy's ``RuntimeWarning`` "Degrees of freedom <= 0 for slice" of ``var`` and ``std``
    (``nan``: of ``nanvar`` and ``nanstd``, which NumPy writes with a full stop) where a
    slice's count of values ``n`` (a Python int or an array of counts, as in
    :func:`warn_empty_mean`) is not above ``ddof``. Whether it warned.

    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     warn_degrees(np, 3, 1), warn_degrees(np, 1, 1)
    ...     warn_degrees(np, np.array([2.0, 0.0]), 0, nan=True)
    (False, True)
    True
    >>> [str(w.message) for w in seen]
    ['Degrees of freedom <= 0 for slice', 'Degrees of freedom <= 0 for slice.']
    """
    if isinstance(n, int | float) and not isinstance(n, bool):
        few = n - ddof <= 0
    else:
        few = not _traced(n) and _any(xp, n - ddof <= 0)
    if few:
        _warn("Degrees of freedom <= 0 for slice" + ("." if nan else ""))
    return bool(few)


def all_nan(xp: Any, a: Any, axis: Any = None) -> Any:
    """Where the slices of floating ``a`` along ``axis`` (an int, a tuple, ``None`` for all)
    hold NaN only: one boolean a slice.

    >>> all_nan(np, np.array([[np.nan, np.nan], [np.nan, 1.0]]), 1)
    array([ True, False])
    """
    return xp.all(xp.isnan(a), axis=axis)


def warn_all_nan(xp: Any, a: Any, axis: Any = None, *, seen: Any = None) -> bool:
    """NumPy's ``RuntimeWarning`` "All-NaN slice encountered" of ``nanmax``, ``nanmin``,
    ``nanmedian``, ``nanpercentile`` and ``nanquantile``, where a slice of ``a`` along
    ``axis`` is all NaN (:func:`all_nan`; not an empty one) or, where given, where ``seen``,
    the count of a slice's values that are not NaN (an array, one a slice), is 0. The NaNs
    are looked for only in a concrete floating ``a``, never in a lazy or traced one. Whether
    it warned.

    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     warn_all_nan(np, np.array([[np.nan], [1.0]]), 1), warn_all_nan(np, np.arange(2))
    (True, False)
    >>> [str(w.message) for w in seen]
    ['All-NaN slice encountered']
    """
    if seen is not None:
        found = not _traced(seen) and _any(xp, seen == 0)
    else:
        found = _inexact(xp, a) and not _traced(a) and count(xp, a, _tuple(axis)) != 0 \
            and _any(xp, all_nan(xp, a, _tuple(axis)))
    if found:
        _warn("All-NaN slice encountered")
    return bool(found)


class _Quiet(warnings.catch_warnings):
    def __enter__(self) -> Any:
        entered = super().__enter__()
        warnings.simplefilter("ignore")
        return entered


def quiet(warned: bool) -> AbstractContextManager[Any]:
    """Where NumPy's warning was given (``warned``, by a ``warn_*`` here), a context that
    ignores the library's own (its 0 / 0, its message): NumPy gives one warning, not both.
    Elsewhere, nothing.

    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     with quiet(warn_empty_mean(np, 0)):
    ...         _ = np.mean(np.zeros(0))
    >>> [str(w.message) for w in seen]
    ['Mean of empty slice']
    """
    return _Quiet() if warned else nullcontext()


def _inexact(xp: Any, a: Any) -> bool:
    """Whether ``a`` is floating or complex (by ``xp.isdtype``, or NumPy's where ``xp`` has
    none: Dask's dtypes are NumPy's)."""
    isdtype = getattr(xp, "isdtype", np.isdtype)
    return bool(isdtype(a.dtype, ("real floating", "complex floating")))


def _unchanged_value(value: Any) -> Any:
    return value


def _tuple(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def warn_like_numpy(xp: Any, name: str, a: Any, axis: Any = None, ddof: Any = 0,
                    where: Any = None) -> bool:
    """NumPy's ``RuntimeWarning`` of its function ``name`` (one of :data:`WARNINGS`) for the
    call with ``a`` (one of ``xp``'s arrays), ``axis``, ``ddof`` and ``where`` (a boolean mask
    of ``a``'s shape; ``None`` for all), where NumPy gives one, for a library that computes
    ``name`` itself. A count from ``a``'s shape costs nothing; the ``nan`` functions count
    NaNs (as does ``where``), in a concrete ``a`` only: none is looked for in a lazy or
    traced one. ``nan`` functions of integers warn as NumPy's plain ones do. Whether it
    warned.

    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     warn_like_numpy(np, "std", np.ones(1), ddof=1)
    ...     warn_like_numpy(np, "nanmean", np.array([[np.nan], [1.0]]), axis=1)
    ...     warn_like_numpy(np, "mean", np.ones((2, 3)), axis=1)
    True
    True
    False
    >>> [str(w.message) for w in seen]
    ['Degrees of freedom <= 0 for slice', 'Mean of empty slice']
    """
    kind, axis = WARNINGS[name], _tuple(axis)
    nan = name.startswith("nan") and _inexact(xp, a)
    if kind == "all-nan":
        return nan and where is None and warn_all_nan(xp, a, axis)
    if (nan or where is not None) and not _traced(a):
        keep = xp.logical_not(xp.isnan(a)) if nan else None
        if where is not None:
            keep = where if keep is None else xp.logical_and(keep, where)
        n = count(xp, a, axis, where=keep)
    else:  # (no values at hand: a slice's length alone may show it, an empty one)
        n = count(xp, a, axis)
    return warn_empty_mean(xp, n) if kind == "mean" else warn_degrees(xp, n, ddof, nan)


def warned(xp: Any, name: str, function: Callable[..., Any],
           prepare: Callable[[Any], Any] = _unchanged_value) -> Callable[..., Any]:
    """``function``, a library's own for NumPy's ``name`` (one of :data:`WARNINGS`), called
    as the adapters call it (``a`` by position, ``axis=``, ``ddof=``, ``correction=``,
    ``where=``, ``weights=`` by keyword), warning first as NumPy would
    (:func:`warn_like_numpy`; ``average`` as ``mean`` without weights: with them NumPy's
    error is its own). ``prepare`` makes ``a`` (or a list) one of ``xp``'s arrays.

    >>> mean = warned(np, "mean", np.mean)
    >>> with warnings.catch_warnings(record=True) as seen:
    ...     warnings.simplefilter("always")
    ...     _ = mean(np.ones((2, 0)), axis=1)
    >>> [str(w.message) for w in seen]
    ['Mean of empty slice']
    """
    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if name != "average" or kwargs.get("weights") is None:
            a = prepare(a)
            where = kwargs.get("where")
            where = None if where is None or where is True else \
                xp.broadcast_to(prepare(where), a.shape)
            correction = kwargs.get("correction")
            ddof = kwargs.get("ddof", 0) if correction is None else correction
            with quiet(warn_like_numpy(xp, name, a, kwargs.get("axis"), ddof, where)):
                return function(a, *args, **kwargs)
        return function(a, *args, **kwargs)

    return call
