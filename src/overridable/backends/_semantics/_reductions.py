"""NumPy's reductions and statistics: ``where=``, ``initial=``, ``keepdims``, counts, means and
variances, the nan-aware arguments.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "REDUCTIONS", "count", "ddof_of", "floating", "integer_std", "keepdims_of", "masks", "mean",
    "nan_arg_input", "numpy_reduction", "quantile_dtype", "quantile_fractions", "reduce",
    "reduction", "var", "weighted_average", "weighted_cov",
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

    def reduced(a: Any, axis: Any, out: Any, keepdims: Any, initial: Any = _NoValue,
                where: Any = _NoValue, **kwargs: Any) -> Any:
        a, where, kwargs = prepare(a, where if masks(where) else True, out, kwargs)
        result = reduce(xp, a, function, axis=tuple(axis) if isinstance(axis, list) else axis,
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
    elements where ``where`` (a boolean mask of ``a``'s shape; ``None`` for all).

    >>> mean(np, np.array([1.0, 2.0, 6.0]), where=np.array([True, False, True]))
    np.float64(3.5)
    """
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
        ddof: Any = 0, centre: Any = None) -> Any:
    """NumPy's ``var`` of ``a`` (floating already) over ``axis``: the mean squared magnitude
    of the deviations from ``centre`` (the mean, kept as an axis, unless given), over the
    elements where ``where`` (or all), divided by their count less ``ddof`` (at least 0).

    >>> var(np, np.array([1.0, 2.0, 6.0]), ddof=1), var(np, np.array([1j, -1j]))
    (np.float64(7.0), np.float64(1.0))
    """
    if centre is None:
        centre = mean(xp, a, axis, True, where)
    d = a - centre
    sq = xp.real(d * xp.conj(d)) if xp.isdtype(d.dtype, "complex floating") else d * d
    if where is not None:
        sq = xp.where(where, sq, xp.zeros_like(sq))
    n = count(xp, a, axis, keepdims, where)
    dof = xp.clip(n - ddof, min=0) if hasattr(n, "shape") else max(n - ddof, 0)
    return xp.sum(sq, axis=axis, keepdims=keepdims) / dof


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
    missing = xp.isnan(a)
    if bool(xp.any(xp.all(missing, axis=axis))):
        raise ValueError("All-NaN slice encountered")
    return xp.where(missing, -np.inf if largest else np.inf, a)
