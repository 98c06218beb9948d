"""NumPy's semantics, written once, as plain functions over an array namespace ``xp``.

Every library backend answers as NumPy would. Where NumPy's rule is more than a
renamed parameter (a reduction's ``where=`` and ``initial=``, the dtype of
``sqrt`` on integers, ``clip``'s two spellings of its bounds, integer
``round`` and ``reciprocal``, ``eig``'s real answer, the dtype functions, the
``unique_*`` named tuples, ``take``'s index modes, ``order="F"`` reshapes, a histogram's
range) it is written here, once, over ``xp``: any
namespace with the array API's functions (``array_api_compat.torch``,
``dask.array``, ``jax.numpy``, ``sparse``, ``array_api_strict``). A library
module calls these with its namespace and keeps only what its library does
differently (torch's missing uint16/32/64 kernels, Dask's laziness).

This is the pattern of array-api-compat's ``common/_aliases.py``: the rule is
a function of ``xp``, the library binds it.

This module imports NumPy; it must never import an array library.

Examples
--------
>>> import numpy as np
>>> a = np.array([[1, 5], [7, 2]])
>>> reduce(np, a, np.max, axis=1, initial=3, where=np.array([True, False]),
...        combine=np.maximum, name="maximum")
array([3, 7])
>>> clip_bounds(np._NoValue, 2, 0, np._NoValue)
(0, 2)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from ._common import Adapter, decline

__all__ = [
    "MIRRORED",
    "REDUCTIONS",
    "QRResult",
    "SVDResult",
    "UniqueAllResult",
    "UniqueCountsResult",
    "UniqueInverseResult",
    "arange_length",
    "array_equal",
    "array_equiv",
    "bin_range",
    "clip",
    "clip_bounds",
    "complete_qr",
    "complex_order",
    "complex_sign",
    "count",
    "cross",
    "ddof_of",
    "diag_indices_from",
    "diff",
    "divided_by_zero",
    "dot",
    "dtype_functions",
    "fftshift",
    "float_result",
    "floating",
    "fortran_reshape",
    "full",
    "gradient_spacing",
    "histogram2d_bins",
    "histogram_bins",
    "integer_reciprocal",
    "integer_round",
    "isclose",
    "isdtype_function",
    "join_dtype",
    "kron",
    "linspace",
    "lower_triangle",
    "masks",
    "matrix_norm",
    "matrix_rank",
    "mean",
    "nan_arg_input",
    "nonzero_0d",
    "norm",
    "numpy_cross",
    "numpy_random",
    "numpy_reduction",
    "pinv_rtol",
    "polyval",
    "real_if_all_real",
    "reduce",
    "reduction",
    "refusal",
    "reshape",
    "round_",
    "signed_infinity",
    "take",
    "take_indices",
    "ufunc_loop",
    "unique_functions",
    "vander",
    "var",
    "vecdot",
    "vector_norm",
    "vector_rank",
    "weighted_average",
    "weighted_cov",
    "where",
    "where_given",
    "with_seeds",
]

_NoValue: Any = np._NoValue


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


def fortran_reshape(xp: Any, a: Any, shape: tuple[int, ...],
                    reshape: Callable[[Any, tuple[int, ...]], Any] | None = None) -> Any:
    """NumPy's ``reshape(a, shape, order="F")``: C order on the reversed axes (``a``'s axes
    reversed, reshaped to the reversed shape, reversed back). ``reshape`` is the library's
    C-order reshape, ``xp.reshape`` unless given.

    >>> fortran_reshape(np, np.arange(6), (2, 3))
    array([[0, 2, 4],
           [1, 3, 5]])
    """
    reshape = reshape or xp.reshape
    flipped = reshape(xp.permute_dims(a, tuple(reversed(range(a.ndim)))), tuple(shape[::-1]))
    return xp.permute_dims(flipped, tuple(reversed(range(flipped.ndim))))


def bin_range(low: Any, high: Any) -> tuple[float, float]:
    """NumPy's histogram range from the data's minimum and maximum: widened by 0.5 either
    way when they are equal (all the data one value).

    >>> bin_range(2, 2), bin_range(0, 3)
    ((1.5, 2.5), (0.0, 3.0))
    """
    low, high = float(low), float(high)
    return (low - 0.5, high + 0.5) if low == high else (low, high)


def take_indices(xp: Any, indices: Any, size: int, mode: str) -> Any:
    """NumPy's ``take``/``put`` modes for indices into an axis of ``size``: ``"wrap"`` takes
    them modulo ``size``, ``"clip"`` into ``[0, size - 1]`` (a negative one to 0),
    ``"raise"`` keeps them (the library checks the bounds).

    >>> i = np.array([-1, 3])
    >>> take_indices(np, i, 3, "clip"), take_indices(np, i, 3, "wrap")
    (array([0, 2]), array([2, 0]))
    """
    if mode == "wrap":
        return indices % size
    if mode == "clip":
        return xp.clip(indices, 0, size - 1)
    if mode != "raise":
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    return indices


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
    """NumPy's integer ``reciprocal`` is integer division: 1 and -1 stay, the rest give 0.

    >>> integer_reciprocal(np, np.array([-1, 0, 1, 2]))
    array([-1,  0,  1,  0])
    """
    return xp.where(xp.abs(x) == 1, x, xp.zeros_like(x))


def real_if_all_real(xp: Any, values: Any, *others: Any) -> Any:
    """NumPy's ``eig``/``eigvals`` of a real matrix whose eigenvalues are all real answer
    in reals (the libraries' are always complex); ``others`` (the vectors) follow.

    >>> real_if_all_real(np, np.array([1 + 0j, 2 + 0j])).dtype
    dtype('float64')
    """
    if bool(xp.all(xp.imag(values) == 0)):
        values, others = xp.real(values), tuple(xp.real(o) for o in others)
    return (values, *others) if others else values


@functools.cache
def float_result(dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype of NumPy's floating ufuncs (``sqrt``, ``sin``) for an input of ``dtype``,
    from NumPy's own loop table: float16 for int8 and bool, float32 for int16, float64 for
    wider integers, the dtype itself for floats.

    >>> float_result(np.dtype("int8")), float_result(np.dtype("int32"))
    (dtype('float16'), dtype('float64'))
    """
    return np.sqrt.resolve_dtypes((dtype, None))[-1]


def dtype_functions(numpy_dtype: Callable[[Any], Any],
                    library_dtype: Callable[[Any], Any] = lambda d: d,
                    fallback: Callable[[], Any] | None = None) -> dict[str, Adapter]:
    """``promote_types``, ``result_type`` and ``can_cast`` with NumPy's tables, answered in
    the library's dtypes.

    ``numpy_dtype(value)`` gives what NumPy's functions take for one argument (an array's
    NumPy dtype, a dtype translated; Python scalars kept, NumPy's weak scalars);
    ``library_dtype`` turns NumPy's answer into the library's dtype. ``fallback()``, if
    given, is the library's namespace, asked for dtypes NumPy has not (bfloat16).

    >>> rules = dtype_functions(lambda v: v.dtype if isinstance(v, np.ndarray) else v)
    >>> rules["result_type"].function(np.zeros(2, "int32"), np.float32)
    dtype('float64')
    >>> rules["can_cast"].function(np.float64, np.int64)
    False
    """
    def promote_types(type1: Any, type2: Any, /) -> Any:
        try:
            return library_dtype(np.promote_types(numpy_dtype(type1), numpy_dtype(type2)))
        except TypeError:
            if fallback is None:
                raise
            return fallback().promote_types(type1, type2)

    def result_type(*arrays_and_dtypes: Any) -> Any:
        try:
            return library_dtype(np.result_type(*map(numpy_dtype, arrays_and_dtypes)))
        except TypeError:
            if fallback is None:
                raise
            return fallback().result_type(*arrays_and_dtypes)

    def can_cast(from_: Any, to: Any, casting: str = "safe") -> bool:
        return bool(np.can_cast(numpy_dtype(from_), numpy_dtype(to),
                                casting=casting))  # type: ignore[arg-type]

    return {"promote_types": Adapter(promote_types), "result_type": Adapter(result_type),
            "can_cast": Adapter(can_cast)}


def isdtype_function(xp: Callable[[], Any], library_dtype: Callable[[Any], Any]) -> Adapter:
    """The array API's ``isdtype`` of ``xp()`` (array-api-compat's, for a library without
    one), any dtype spelling translated to the library's by ``library_dtype``.

    >>> isdtype_function(lambda: np, np.dtype).function("int8", ("integral", "bool"))
    True
    """
    def isdtype(dtype: Any, kind: Any) -> bool:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        mapped = tuple(k if isinstance(k, str) else library_dtype(k) for k in kinds)
        return bool(xp().isdtype(library_dtype(dtype), mapped))

    return Adapter(isdtype)


class UniqueAllResult(NamedTuple):
    """NumPy's ``unique_all`` result, in the library's arrays."""

    values: Any
    indices: Any
    inverse_indices: Any
    counts: Any


class UniqueCountsResult(NamedTuple):
    """NumPy's ``unique_counts`` result, in the library's arrays."""

    values: Any
    counts: Any


class UniqueInverseResult(NamedTuple):
    """NumPy's ``unique_inverse`` result, in the library's arrays."""

    values: Any
    inverse_indices: Any


def unique_functions(unique: Callable[..., Any]) -> dict[str, Adapter]:
    """NumPy's ``unique_all``/``unique_counts``/``unique_inverse``/``unique_values`` from a
    ``unique`` with NumPy's signature: every NaN distinct (``equal_nan=False``), the
    inverse indices in the input's shape, named-tuple results.

    >>> f = unique_functions(np.unique)
    >>> f["unique_counts"].function(np.array([2, 1, 2]))
    UniqueCountsResult(values=array([1, 2]), counts=array([1, 2]))
    """
    def unique_all(x: Any, /) -> UniqueAllResult:
        return UniqueAllResult(*unique(x, True, True, True, equal_nan=False))

    def unique_counts(x: Any, /) -> UniqueCountsResult:
        return UniqueCountsResult(*unique(x, return_counts=True, equal_nan=False))

    def unique_inverse(x: Any, /) -> UniqueInverseResult:
        return UniqueInverseResult(*unique(x, return_inverse=True, equal_nan=False))

    def unique_values(x: Any, /) -> Any:
        return unique(x, equal_nan=False)

    return {"unique_all": Adapter(unique_all), "unique_counts": Adapter(unique_counts),
            "unique_inverse": Adapter(unique_inverse), "unique_values": Adapter(unique_values)}


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


def with_seeds() -> tuple[type, ...]:
    """What a backend serving :func:`numpy_random` absorbs: NumPy's arrays, scalars and
    dtypes, and the seeds NumPy's random functions take (``SeedSequence``, bit generators).

    >>> np.random.SeedSequence in with_seeds()
    True
    """
    return (np.ndarray, np.generic, np.dtype, np.random.SeedSequence, np.random.BitGenerator)


def numpy_random(asarray: Callable[[Any], Any], host: Callable[[Any], Any]
                 ) -> dict[str, Adapter]:
    """NumPy's legacy random functions (``random.normal``, ``random.seed``, ...) for a
    library whose own generators draw other streams: each draws from NumPy's global
    state, so ``unp.random.seed(s)`` makes them reproducible and equal, value for value,
    to NumPy's; array results become the library's arrays (``asarray``). ``host``
    turns one of the library's arguments (an array, a dtype) into NumPy's. ``shuffle``
    permutes the array in place (a library whose arrays are immutable declines it).

    >>> table = numpy_random(list, lambda v: v)
    >>> np.random.seed(0); a = table["random.normal"].function(size=2)
    >>> np.random.seed(0); a == list(np.random.normal(size=2))
    True
    """
    from overridable.numpy import random as unp_random

    def drawn(function: Callable[..., Any]) -> Callable[..., Any]:
        def draw(*args: Any, **kwargs: Any) -> Any:
            result = function(*map(host, args), **{k: host(v) for k, v in kwargs.items()})
            return asarray(result) if isinstance(result, np.ndarray) else result

        draw.__name__ = draw.__qualname__ = function.__name__
        draw.__doc__ = f"NumPy's random.{function.__name__}, drawn from NumPy's stream."
        return draw

    def shuffle(x: Any) -> None:
        if isinstance(x, (list, np.ndarray)):
            return np.random.shuffle(x)
        order = asarray(np.random.permutation(len(x)))  # shuffle's draws, applied at once
        try:
            x[...] = x[order]
        except TypeError as exc:  # JAX: "arrays are immutable"
            raise decline(f"random.shuffle works in place: {exc}") from None
        return None

    table = {f"random.{name}": Adapter(drawn(getattr(np.random, name)))
             for name in unp_random.NAMES if name != "shuffle"}
    table["random.shuffle"] = Adapter(shuffle)
    return table


def no_out(library: str, function: str, out: Any) -> None:
    """Decline an ``out=`` for a library whose arrays cannot be written into.

    >>> no_out("jax.numpy", "sum", None)
    """
    if out is not None:
        raise decline(f"{library}'s {function} takes no out=")


class QRResult(NamedTuple):
    """NumPy's ``linalg.qr`` result (``mode='reduced'`` or ``'complete'``), in the library's
    arrays."""

    Q: Any
    R: Any


def nonzero_0d(ndim: int) -> None:
    """NumPy 2's refusal of ``nonzero`` on a 0-d array (its own message).

    >>> nonzero_0d(1)
    >>> nonzero_0d(0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar)...
    """
    if ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. "
                         "Use np.atleast_1d(scalar).nonzero() instead.")


def _norm_input(x: Any) -> tuple[Any, np.dtype[Any]]:
    # NumPy's norms compute integers and booleans in float64; the result is real.
    dtype = np.dtype(x.dtype)
    if dtype.kind not in "fc":
        return x.astype(np.float64), np.dtype(np.float64)
    return x, np.finfo(dtype).dtype


def vector_norm(xp: Any, x: Any, axis: Any = None, keepdims: bool = False,
                ord: Any = 2) -> Any:
    """NumPy's ``linalg.vector_norm`` over ``xp`` (a library with NumPy's dtypes): the norm
    over ``axis`` (an int, a tuple, or ``None`` for every axis), in the real floating
    dtype of ``x`` (float64 for integers), from ``abs``, ``sum``, ``max`` and ``min``.

    >>> vector_norm(np, np.array([[3, 0], [0, -4]]), axis=(0, 1))
    np.float64(5.0)
    >>> vector_norm(np, np.array([3.0, -4.0]), ord=np.inf), vector_norm(np, np.ones(2), ord=0)
    (np.float64(4.0), np.float64(2.0))
    >>> vector_norm(np, np.ones(2), ord="fro")
    Traceback (most recent call last):
    ...
    ValueError: Invalid norm order 'fro' for vectors
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    if isinstance(ord, str) or not isinstance(ord, int | float | np.number):
        raise ValueError(f"Invalid norm order {ord!r} for vectors")
    x, real = _norm_input(x)
    axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(axis, x.ndim)
    magnitude = xp.abs(x)
    if ord == np.inf:
        result = xp.max(magnitude, axis=axes, keepdims=keepdims)
    elif ord == -np.inf:
        result = xp.min(magnitude, axis=axes, keepdims=keepdims)
    elif ord == 0:
        result = xp.sum((x != 0).astype(real), axis=axes, keepdims=keepdims)
    elif ord == 1:
        result = xp.sum(magnitude, axis=axes, keepdims=keepdims)
    elif ord == 2:
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=axes, keepdims=keepdims))
    else:
        total = xp.sum(magnitude ** ord, axis=axes, keepdims=keepdims)
        result = total ** (1.0 / ord)
    return result.astype(real)


def matrix_norm(xp: Any, x: Any, keepdims: bool = False, ord: Any = "fro",
                svdvals: Callable[[Any], Any] | None = None) -> Any:
    """NumPy's ``linalg.matrix_norm`` over ``xp``: the norm of each matrix in the last two
    axes. ``'fro'``, ``1``, ``-1``, ``inf`` and ``-inf`` come from ``abs``, ``sum``,
    ``max`` and ``min``; ``2``, ``-2`` and ``'nuc'`` need the singular values, from
    ``svdvals(x)`` (each matrix's, in a last axis), which the caller gives or declines.

    >>> a = np.array([[1.0, -2.0], [3.0, 4.0]])
    >>> matrix_norm(np, a, ord=1), matrix_norm(np, a, ord=np.inf)
    (np.float64(6.0), np.float64(7.0))
    >>> matrix_norm(np, a, ord=3)
    Traceback (most recent call last):
    ...
    ValueError: Invalid norm order for matrices.
    """
    from numpy.exceptions import AxisError

    if x.ndim < 2:
        raise AxisError(f"axis -2 is out of bounds for array of dimension {x.ndim}")
    x, real = _norm_input(x)
    magnitude = xp.abs(x)
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise ValueError(f"Invalid norm order {ord!r} for matrices")
    elif ord not in (1, -1, 2, -2, np.inf, -np.inf):
        raise ValueError("Invalid norm order for matrices.")
    if ord == "fro":
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=(-2, -1)))
    elif ord in (1, -1, np.inf, -np.inf):
        # 1: the largest column sum; inf: the largest row sum (smallest for -1, -inf).
        sums = xp.sum(magnitude, axis=-2 if ord in (1, -1) else -1)
        result = xp.max(sums, axis=-1) if ord > 0 else xp.min(sums, axis=-1)
    else:
        if svdvals is None:
            raise decline(f"matrix_norm(ord={ord!r}) needs singular values, which this "
                          "library does not compute")
        values = svdvals(x)
        result = xp.sum(values, axis=-1) if ord == "nuc" else \
            xp.max(values, axis=-1) if ord == 2 else xp.min(values, axis=-1)
    if keepdims:
        result = xp.reshape(result, (*result.shape, 1, 1))
    return result.astype(real)


def vecdot(xp: Any, x1: Any, x2: Any, axis: int = -1) -> Any:
    """NumPy's ``vecdot`` over ``xp`` (a library with NumPy's dtypes): ``sum(conj(x1) * x2)``
    over each operand's ``axis`` (the gufunc's core dimension), the other axes broadcast,
    in the operands' promoted dtype (integers wrap as NumPy's do, booleans give ``any``).

    >>> vecdot(np, np.array([[1, 2], [3, 4]], np.int8), np.array([1, 1], np.int8))
    array([3, 7], dtype=int8)
    >>> vecdot(np, np.ones(2), np.ones(3))
    Traceback (most recent call last):
    ...
    ValueError: vecdot: the vectors have 2 and 3 elements (their core dimension differs)
    """
    common = np.result_type(x1.dtype, x2.dtype)
    x1 = xp.moveaxis(x1.astype(common), axis, -1)
    x2 = xp.moveaxis(x2.astype(common), axis, -1)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    if n1 == n1 and n2 == n2 and n1 != n2:  # (Dask's unknown sizes are NaN)
        raise ValueError(f"vecdot: the vectors have {n1} and {n2} elements (their core "
                         "dimension differs)")
    if common.kind == "b":
        return xp.any(x1 & x2, axis=-1)
    if common.kind == "c":
        x1 = xp.conj(x1)
    return xp.sum(x1 * x2, axis=-1).astype(common)


def cross(xp: Any, x1: Any, x2: Any, axis: int = -1) -> Any:
    """NumPy's ``linalg.cross`` over ``xp``: the cross product of 3-element vectors along
    ``axis`` (of the broadcast operands), from products of their components.

    >>> cross(np, np.array([1, 0, 0]), np.array([0, 1, 0]))
    array([0, 0, 1])
    >>> cross(np, np.ones(2), np.ones(3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Both input arrays must be (arrays of) 3-dimensional vectors, but they are 2 ...
    """
    n1, n2 = x1.shape[axis], x2.shape[axis]
    if n1 != 3 or n2 != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but "
                         f"they are {n1} and {n2} dimensional instead.")
    a, b = xp.moveaxis(x1, axis, -1), xp.moveaxis(x2, axis, -1)
    # Components as slices of length 1, never 0-d (PyData/Sparse gives a 0-d array its
    # value as fill value, and then cannot join the three).
    a0, a1, a2 = a[..., 0:1], a[..., 1:2], a[..., 2:3]
    b0, b1, b2 = b[..., 0:1], b[..., 1:2], b[..., 2:3]
    parts = xp.broadcast_arrays(a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0)
    return xp.moveaxis(xp.concatenate(list(parts), axis=-1), -1, axis)


def fftshift(xp: Any, x: Any, axes: Any = None, inverse: bool = False) -> Any:
    """NumPy's ``fft.fftshift`` (``ifftshift`` with ``inverse``) over ``xp``: a ``roll`` of
    each axis in ``axes`` (every axis for ``None``) by half its length.

    >>> fftshift(np, np.arange(5)), fftshift(np, np.arange(5), inverse=True)
    (array([3, 4, 0, 1, 2]), array([2, 3, 4, 0, 1]))
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    axes = tuple(range(x.ndim)) if axes is None else normalize_axis_tuple(axes, x.ndim)
    shift = tuple(-(x.shape[ax] // 2) if inverse else x.shape[ax] // 2 for ax in axes)
    return xp.roll(x, shift, axis=axes)


def numpy_cross(xp: Any, a: Any, b: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1,
                axis: Any = None) -> Any:
    """NumPy's ``cross`` over ``xp``: vectors along ``axisa`` and ``axisb`` (``axis`` for all
    three), the result's along ``axisc``. Vectors of 2 elements (deprecated by NumPy 2, with
    its warning) have a third component 0; two of them give the product's third component
    alone.

    >>> numpy_cross(np, np.array([[1, 0, 0]]), np.array([0, 1, 0]), axisc=0)
    array([[0],
           [0],
           [1]])
    """
    import warnings

    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = xp.moveaxis(a, axisa, -1), xp.moveaxis(b, axisb, -1)
    sizes = (a.shape[-1], b.shape[-1])
    if not set(sizes) <= {2, 3}:
        raise ValueError("incompatible dimensions for cross product\n"
                         "(dimension must be 2 or 3)")
    if 2 in sizes:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=3)
        a, b = (xp.concatenate([x, xp.zeros_like(x[..., :1])], axis=-1)
                if x.shape[-1] == 2 else x for x in (a, b))
    result = cross(xp, a, b)
    return result[..., 2] if sizes == (2, 2) else xp.moveaxis(result, -1, axisc)


def join_dtype(sources: Any, dtype: Any, casting: str) -> np.dtype[Any]:
    """The dtype of NumPy's join (``concatenate``, ``stack``) of arrays of dtypes
    ``sources``: ``dtype``, or their promoted dtype when it is ``None``, each source cast to
    it by the rule ``casting`` (NumPy's ``TypeError`` where one cannot be).

    >>> join_dtype([np.dtype("int64"), np.dtype("int8")], None, "same_kind")
    dtype('int64')
    >>> join_dtype([np.dtype("float64")], np.int8, "same_kind")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: Cannot cast array data from dtype('float64') to dtype('int8') according to ...
    """
    target = np.result_type(*sources) if dtype is None else np.dtype(dtype)
    for source in sources:
        if not np.can_cast(source, target, casting=casting):  # type: ignore[arg-type]
            raise TypeError(f"Cannot cast array data from {source!r} to {target!r} "
                            f"according to the rule {casting!r}")
    return target


class SVDResult(NamedTuple):
    """NumPy's ``linalg.svd`` result (``compute_uv=True``), in the library's arrays."""

    U: Any
    S: Any
    Vh: Any


def take(xp: Any, a: Any, indices: Any, axis: Any = None, mode: str = "raise",
         index_xp: Any = None) -> Any:
    """NumPy's ``take`` over ``xp``'s 1-d ``take``: ``a`` flattened for ``axis=None``, the
    indices' modes by :func:`take_indices`, the result of shape ``a.shape[:axis] +
    indices.shape + a.shape[axis + 1:]``. ``index_xp`` is the namespace of the indices
    (``xp`` unless given: PyData/Sparse takes NumPy's).

    >>> take(np, np.arange(6).reshape(2, 3), np.array([[0], [4]]), axis=1, mode="wrap")
    array([[[0],
            [1]],
    <BLANKLINE>
           [[3],
            [4]]])
    """
    ixp = xp if index_xp is None else index_xp
    if axis is None:
        a, axis = xp.reshape(a, (-1,)), 0
    axis = axis % a.ndim
    indices = take_indices(ixp, indices, a.shape[axis], mode)
    flat = xp.take(a, ixp.reshape(indices, (-1,)), axis=axis)
    return xp.reshape(flat, (*a.shape[:axis], *indices.shape, *a.shape[axis + 1:]))


def kron(xp: Any, a: Any, b: Any) -> Any:
    """NumPy's ``kron`` over ``xp``: the shorter shape padded with leading ones, each axis of
    ``a`` interleaved with ``b``'s by broadcasting one product.

    >>> kron(np, np.array([1, 10]), np.array([[1, 2]]))
    array([[ 1,  2, 10, 20]])
    """
    nd = max(a.ndim, b.ndim)
    sa, sb = (1,) * (nd - a.ndim) + tuple(a.shape), (1,) * (nd - b.ndim) + tuple(b.shape)
    product = xp.multiply(xp.reshape(a, tuple(x for s in sa for x in (s, 1))),
                          xp.reshape(b, tuple(x for s in sb for x in (1, s))))
    return xp.reshape(product, tuple(x * y for x, y in zip(sa, sb, strict=True)))


def norm(xp: Any, x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False,
         svdvals: Callable[[Any], Any] | None = None) -> Any:
    """NumPy's ``linalg.norm`` over ``xp``: the 2-norm of every element for ``ord=None``
    and ``axis=None``, else :func:`vector_norm` over one axis or :func:`matrix_norm` over
    two (``svdvals`` as there).

    >>> a = np.array([[1.0, -2.0], [3.0, 4.0]])
    >>> norm(np, a), norm(np, a, 1), norm(np, a, np.inf, axis=1, keepdims=True)
    (np.float64(5.477225575051661), np.float64(6.0), array([[2.],
           [4.]]))
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    if axis is None:
        if ord is None or (ord in ("f", "fro") and x.ndim == 2) or (ord == 2 and x.ndim == 1):
            return vector_norm(xp, x, None, keepdims, 2)
        if x.ndim > 2:
            raise ValueError("Improper number of dimensions to norm.")
        axis = tuple(range(x.ndim))
    axes = normalize_axis_tuple(axis, x.ndim)
    if len(axes) == 1:
        return vector_norm(xp, x, axes, keepdims, 2 if ord is None else ord)
    if len(axes) != 2:
        raise ValueError("Improper number of dimensions to norm.")
    moved = xp.moveaxis(x, axes, (-2, -1))
    result = matrix_norm(xp, moved, False, "fro" if ord in (None, "f") else ord, svdvals)
    if keepdims:
        shape = list(result.shape)
        for ax in sorted(axes):
            shape.insert(ax, 1)
        result = xp.reshape(result, tuple(shape))
    return result


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


# --- sparse ---
def refusal(name: str, reason: str) -> Adapter:
    """An entry for NumPy's ``name`` that declines every call with ``reason``, and says so
    before a call (its ``precheck``, which ``ov.explain`` asks): what a library cannot do
    NumPy's way (a result that would densify, a write into an immutable array).

    >>> entry = refusal("linalg.inv", "sparse: linalg.inv would densify")
    >>> entry.function.__name__, entry.function.precheck(np.eye(2))
    ('linalg_inv', 'sparse: linalg.inv would densify')
    >>> entry.function(np.eye(2))
    Traceback (most recent call last):
    ...
    overridable._errors.BackendNotImplementedError: sparse: linalg.inv would densify
    """

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise decline(reason)

    refuse.__name__ = refuse.__qualname__ = name.replace(".", "_")
    refuse.precheck = lambda *args, **kwargs: reason  # type: ignore[attr-defined]
    return Adapter(refuse)


def clip(library: str, function: Callable[..., Any],
         check_out: Callable[[Any], Any] | None = None) -> Adapter:
    """NumPy's ``clip`` (its bounds given either way, :func:`clip_bounds`) over a library's
    ``function(a, low, high)`` (``None`` for an open bound); an ``out=`` declines (through
    ``check_out``, the library's own check with its reason, where given), ufunc keywords
    (``where=``, ``dtype=``) decline.

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
        if out is not None:
            if check_out is not None:
                check_out(out)
            raise decline(f"{library}.clip takes no out=")
        if kwargs:
            raise decline(f"{library}.clip takes no ufunc keywords ({', '.join(kwargs)})")
        return function(a, *clip_bounds(min, max, a_min, a_max))

    return Adapter(clip)


#: NumPy's functions (not ufuncs) that the libraries mirroring NumPy's namespace, JAX's
#: ``jax.numpy`` and CuPy, both have under NumPy's name and with NumPy's parameters: each
#: backend's table starts from these (the tests check each name against the library).
MIRRORED: tuple[str, ...] = (
    # creation
    "ones", "zeros", "empty", "full", "arange", "linspace", "logspace", "eye", "identity",
    "asarray", "array", "zeros_like", "ones_like", "empty_like", "full_like", "tri", "tril",
    "triu", "diag", "diagflat", "indices", "meshgrid", "vander", "copy",
    # reductions and statistics
    "sum", "prod", "mean", "std", "var", "max", "min", "amax", "amin", "all", "any",
    "argmax", "argmin", "cumsum", "cumprod", "cumulative_sum", "cumulative_prod", "nansum",
    "nanprod", "nanmean", "nanstd", "nanvar", "nanmax", "nanmin", "nanargmax", "nanargmin",
    "nancumsum", "nancumprod", "median", "nanmedian", "percentile", "quantile", "ptp",
    "average", "count_nonzero", "trace", "bincount", "histogram", "histogram2d",
    "histogramdd", "cov", "corrcoef", "diff", "ediff1d", "gradient", "trapezoid", "cross",
    "convolve", "correlate",
    # elementwise functions that are not ufuncs
    "where", "round", "around", "isclose", "allclose", "array_equal", "array_equiv", "real",
    "imag", "angle", "nan_to_num", "isreal", "iscomplex", "isrealobj", "iscomplexobj",
    "isneginf", "isposinf", "i0", "sinc", "unwrap", "interp",
    # shape and order
    "reshape", "transpose", "permute_dims", "matrix_transpose", "ravel", "squeeze",
    "expand_dims", "moveaxis", "swapaxes", "rollaxis", "broadcast_to", "broadcast_arrays",
    "atleast_1d", "atleast_2d", "atleast_3d", "flip", "fliplr", "flipud", "roll", "rot90",
    "diagonal", "tile", "repeat", "pad", "resize", "astype", "shape", "ndim", "size",
    # joining and splitting
    "concatenate", "concat", "stack", "vstack", "hstack", "dstack", "column_stack", "append",
    "delete", "split", "array_split", "hsplit", "vsplit", "dsplit", "trim_zeros",
    # indexing, searching, sorting, sets
    "take", "take_along_axis", "compress", "extract", "choose", "select", "nonzero",
    "flatnonzero", "argwhere", "searchsorted", "digitize", "isin", "unique", "unique_values",
    "unique_counts", "unique_inverse", "unique_all", "union1d", "intersect1d", "setdiff1d",
    "setxor1d", "unravel_index", "ravel_multi_index", "ix_", "sort", "argsort", "lexsort",
    "partition", "argpartition", "sort_complex", "diag_indices", "diag_indices_from",
    "tril_indices", "triu_indices", "tril_indices_from", "triu_indices_from", "mask_indices",
    "apply_along_axis", "apply_over_axes",
    # products, windows, bits
    "dot", "vdot", "inner", "outer", "tensordot", "einsum", "kron", "bartlett", "blackman",
    "hamming", "hanning", "kaiser", "packbits", "unpackbits",
)


# --- dask ---
# Rules that the Dask and array-API backends share (and other backends may use).

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
    """NumPy's reduction ``name`` (one of :data:`REDUCTIONS`) over ``xp``'s function of that
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
    """
    identity, combine, kind = REDUCTIONS[name]
    function, joined = getattr(xp, name), getattr(xp, combine) if combine else None

    def reduced(a: Any, axis: Any, out: Any, keepdims: Any, initial: Any = _NoValue,
                where: Any = _NoValue, **kwargs: Any) -> Any:
        a, where, kwargs = prepare(a, where if masks(where) else True, out, kwargs)
        result = reduce(xp, a, function, axis=tuple(axis) if isinstance(axis, list) else axis,
                        keepdims=keepdims is not _NoValue and bool(keepdims), initial=initial,
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


def linspace(xp: Any, start: Any, stop: Any, num: int = 50, endpoint: bool = True,
             retstep: bool = False, axis: int = 0, dtype: Any = None) -> Any:
    """NumPy's ``linspace`` over ``xp`` (``concat``, ``moveaxis``: the standard's names) from
    ``start`` and ``stop``, arrays of one floating dtype (broadcast against each other:
    the samples go along a new ``axis``); ``dtype`` is ``xp``'s (integers floored, as
    NumPy's).

    >>> linspace(np, np.array(0.0), np.array([1.0, 2.0]), 3, axis=1)
    array([[0. , 0.5, 1. ],
           [0. , 1. , 2. ]])
    >>> linspace(np, np.array(0.0), np.array(1.0), 3, endpoint=False, retstep=True)
    (array([0.        , 0.33333333, 0.66666667]), np.float64(0.3333333333333333))
    """
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    device = {"device": start.device} if hasattr(start, "device") else {}
    div = (num - 1) if endpoint else num
    delta = stop - start
    y = xp.reshape(xp.arange(0, num, dtype=start.dtype, **device), (num, *(1,) * delta.ndim))
    if div > 0:
        step = delta / div
        y = y / div * delta if bool(xp.any(step == 0)) else y * step
    else:
        step = xp.full(delta.shape, float("nan"), dtype=start.dtype, **device)
        y = y * delta
    y = y + start
    if endpoint and num > 1:
        y = xp.concat([y[:-1, ...], xp.reshape(xp.broadcast_to(stop, y.shape[1:]),
                                                (1, *y.shape[1:]))], axis=0)
    if axis != 0:
        y = xp.moveaxis(y, 0, axis)
    if dtype is not None:
        y = xp.astype(xp.floor(y) if xp.isdtype(dtype, "integral") else y, dtype)
    return (y, step if step.ndim else step[()]) if retstep else y


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


def polyval(xp: Any, p: Any, x: Any) -> Any:
    """NumPy's ``polyval`` of coefficients ``p`` (highest power first) at ``x`` (one
    dtype), by Horner's scheme, as NumPy's.

    >>> polyval(np, np.array([1, 0, -1]), np.array([2, 3]))
    array([3, 8])
    """
    y = xp.zeros_like(x)
    for coefficient in range(p.shape[0]):
        y = y * x + p[coefficient]
    return y


def vander(xp: Any, x: Any, N: Any = None, increasing: Any = False) -> Any:
    """NumPy's ``vander``: the powers of the 1-d ``x`` (in NumPy's result dtype: at least
    int64), ``N`` columns (``len(x)`` unless given), decreasing unless ``increasing``.

    >>> vander(np, np.array([2, 3]))
    array([[2, 1],
           [3, 1]])
    """
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    device = {"device": x.device} if hasattr(x, "device") else {}
    powers = xp.arange(x.shape[0] if N is None else N, dtype=x.dtype, **device)
    return xp.pow(xp.reshape(x, (-1, 1)), powers if increasing else xp.flip(powers))


def round_(xp: Any, a: Any, decimals: int = 0) -> Any:
    """NumPy's ``round``: booleans copied, integers by :func:`integer_round`, floats
    scaled by ``10 ** decimals``, rounded half to even and scaled back (NumPy's algorithm).

    >>> round_(np, np.array([1.25, 2.35]), 1), round_(np, np.array([15, 25]), -1)
    (array([1.2, 2.4]), array([20, 20]))
    """
    if xp.isdtype(a.dtype, "bool"):
        return xp.asarray(a, copy=True)
    if xp.isdtype(a.dtype, "integral"):
        return integer_round(xp, a, decimals)
    if decimals == 0:
        return xp.round(a)
    if decimals > 0:
        return xp.round(a * 10.0 ** decimals) / 10.0 ** decimals
    return xp.round(a / 10.0 ** -decimals) * 10.0 ** -decimals


def vector_rank(xp: Any, a: Any, int_dtype: Any) -> Any:
    """NumPy's ``matrix_rank`` of an array below 2-d: 1, or 0 when it is all zeros, in
    ``int_dtype`` (``xp``'s int64).

    >>> vector_rank(np, np.array([0, 2]), np.int64), vector_rank(np, np.zeros(2), np.int64)
    (np.int64(1), np.int64(0))
    """
    return xp.astype(xp.any(a != 0), int_dtype)


def full(xp: Any, shape: Any, fill: Any) -> Any:
    """NumPy's ``full`` with an array ``fill`` (``xp``'s, in the result's dtype): broadcast
    to ``shape`` (an int or a tuple), as NumPy does.

    >>> full(np, 2, np.array(7))
    array([7, 7])
    """
    return xp.broadcast_to(fill, (shape,) if isinstance(shape, int | np.integer)
                           else tuple(shape))


def complete_qr(xp: Any, a: Any, qr: Callable[[Any], Any]) -> QRResult:
    """NumPy's ``qr(a, mode="complete")`` of a tall matrix ``a`` from ``qr(b)``, a reduced QR:
    that of the wide ``[a | I]``, whose Q is square and whose R's first columns (upper
    triangular) give ``a = Q R``.

    >>> q, r = complete_qr(np, np.array([[1.0], [1.0]]), np.linalg.qr)
    >>> q.shape, r.shape, bool(np.allclose(q @ r, [[1.0], [1.0]]))
    ((2, 2), (2, 1), True)
    """
    m, n = a.shape
    q, r = qr(xp.concat([a, xp.eye(m, dtype=a.dtype)], axis=1))
    return QRResult(q, r[:, :n])


def reshape(xp: Any, a: Any, shape: Any, order: str = "C",
            reshape: Callable[[Any, tuple[int, ...]], Any] | None = None) -> Any:
    """NumPy's ``reshape(a, shape, order)`` over ``xp`` (its C-order ``reshape`` unless
    given): ``shape`` an int or a sequence; ``order="F"`` by :func:`fortran_reshape`, ``"A"``
    as ``"C"`` (the libraries' arrays have no memory layout to follow).

    >>> reshape(np, np.arange(4), [2, 2], "F")
    array([[0, 2],
           [1, 3]])
    """
    if order not in ("C", "F", "A"):
        raise ValueError(f"order must be one of 'C', 'F', 'A' (got {order!r})")
    shape = (shape,) if isinstance(shape, int | np.integer) else tuple(shape)
    reshape = reshape or xp.reshape
    return fortran_reshape(xp, a, shape, reshape) if order == "F" else reshape(a, shape)


def diff(xp: Any, a: Any, n: int = 1, axis: int = -1, prepend: Any = None,
         append: Any = None) -> Any:
    """NumPy's ``diff`` over ``xp``: ``prepend`` and ``append`` (``xp``'s arrays, ``None``
    for none; 0-d ones broadcast to one slice) joined to ``a`` along ``axis`` first; the
    difference of booleans is ``!=`` of neighbours, as NumPy's.

    >>> diff(np, np.array([True, True, False]), prepend=np.array(False))
    array([ True, False,  True])
    >>> diff(np, np.array([[1, 4], [2, 8]]), axis=0, append=np.array(0))
    array([[ 1,  4],
           [-2, -8]])
    """
    ax = axis % a.ndim
    edge = (*a.shape[:ax], 1, *a.shape[ax + 1:])
    parts = [p if p.ndim else xp.broadcast_to(p, edge)
             for p in (prepend, a, append) if p is not None]
    a = xp.concat(parts, axis=ax) if len(parts) > 1 else a
    if not xp.isdtype(a.dtype, "bool"):
        return xp.diff(a, axis=ax, n=n)
    for _ in range(n):
        a = a[(slice(None),) * ax + (slice(1, None),)] != a[(slice(None),) * ax
                                                             + (slice(None, -1),)]
    return a


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


def matrix_rank(xp: Any, A: Any, tol: Any, hermitian: bool, rtol: Any, int_dtype: Any) -> Any:
    """NumPy's ``linalg.matrix_rank`` over ``xp``'s ``linalg``: the singular values (the
    eigenvalues' magnitudes when ``hermitian``) above ``tol``, or above the largest times
    ``rtol`` (``max(m, n) * eps`` unless given); :func:`vector_rank` below 2-d.

    >>> matrix_rank(np, np.array([[1.0, 2.0], [2.0, 4.0]]), None, False, None, np.int64)
    np.int64(1)
    """
    if tol is not None and rtol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    if A.ndim < 2:
        return vector_rank(xp, A, int_dtype)
    s = xp.abs(xp.linalg.eigvalsh(A)) if hermitian else xp.linalg.svdvals(A)
    if tol is None:
        r = max(A.shape[-2:]) * xp.finfo(s.dtype).eps if rtol is None \
            else xp.asarray(rtol)[..., None]  # one per matrix of a stack
        tol = xp.max(s, axis=-1, keepdims=True) * r
    else:
        tol = xp.asarray(tol)[..., None]
    return xp.astype(xp.count_nonzero(s > tol, axis=-1), int_dtype)


def dot(xp: Any, a: Any, b: Any) -> Any:
    """NumPy's ``dot`` of ``a`` and ``b`` (one dtype): a product with a scalar, ``matmul`` for
    ``b`` of at most 2 dimensions, else the sum over ``a``'s last axis and ``b``'s
    second-to-last.

    >>> dot(np, np.ones((2, 3)), np.ones((4, 3, 5))).shape
    (2, 4, 5)
    """
    if a.ndim == 0 or b.ndim == 0:
        return xp.multiply(a, b)
    if b.ndim <= 2:  # matmul's stacks of matrices are dot's products here
        return xp.matmul(a, b)
    return xp.tensordot(a, b, axes=([a.ndim - 1], [b.ndim - 2]))


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


def histogram_bins(bins: Any, bounds: Any, dims: int,
                   data_range: Callable[[int], tuple[float, float]]) -> tuple[Any, Any]:
    """NumPy's ``histogramdd`` bins and range for ``dims`` axes: one count is every axis's;
    with counts and no range (``bounds`` ``None``), each axis ``i``'s range is
    ``data_range(i)`` (its data's minimum and maximum, widened by :func:`bin_range`).

    >>> histogram_bins(3, None, 2, lambda i: (0.0, i + 1.0))
    ([3, 3], [(0.0, 1.0), (0.0, 2.0)])
    """
    if np.ndim(bins) == 0:
        bins = [bins] * dims
    if bounds is None and all(np.ndim(b) == 0 for b in bins):
        bounds = [data_range(i) for i in range(dims)]
    return bins, bounds


def histogram2d_bins(bins: Any) -> Any:
    """NumPy's ``histogram2d`` bins as ``histogramdd``'s: a count, or a pair (of counts or
    edges), stays; one sequence of edges is both axes'.

    >>> histogram2d_bins(4), histogram2d_bins([0, 1, 2])
    (4, [[0, 1, 2], [0, 1, 2]])
    """
    try:
        count = len(bins)
    except TypeError:
        count = 1
    return bins if count in (1, 2) else [bins, bins]


def lower_triangle(xp: Any, a: Any, UPLO: str) -> Any:
    """The matrices whose lower triangles hold what NumPy's ``eigh``/``eigvalsh`` read for
    ``UPLO`` (the array API's read the lower one): ``a`` for ``'L'``, its conjugate transpose
    for ``'U'`` (whose lower triangle is ``a``'s upper one).

    >>> lower_triangle(np, np.array([[1, 2], [3, 4]]), "U")
    array([[1, 3],
           [2, 4]])
    """
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    return xp.conj(xp.matrix_transpose(a)) if UPLO == "U" else a


# --- torch ---


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
    out_re = xp.where(inf_re, xp.sign(re), xp.where(inf_im | (size == 0), 0.0, re / size))
    out_im = xp.where(inf_im, xp.sign(im), xp.where(inf_re | (size == 0), 0.0, im / size))
    both = inf_re & inf_im
    return join(xp.where(both, np.nan, out_re), xp.where(both, np.nan, out_im))


def complex_order(xp: Any, z: Any) -> Any:
    """The indices sorting complex ``z`` along its last axis as NumPy sorts complex numbers:
    by real part, then imaginary (stable: ties keep their order).

    >>> complex_order(np, np.array([1 + 2j, 1 + 1j, 0 + 5j]))
    array([2, 1, 0])
    """
    order = xp.argsort(xp.imag(z), axis=-1, stable=True)
    real = xp.take_along_axis(xp.real(z), order, axis=-1)
    return xp.take_along_axis(order, xp.argsort(real, axis=-1, stable=True), axis=-1)


def arange_length(start: Any, stop: Any, step: Any) -> int:
    """The length of NumPy's ``arange(start, stop, step)`` of Python numbers,
    ``ceil((stop - start) / step)`` (exact for ints), 0 for a range of the wrong sign.

    >>> arange_length(0, 10, 3), arange_length(5, 0, 1), arange_length(0.0, 1.0, 0.25)
    (4, 0, 4)
    """
    import math

    if step == 0:
        raise ZeroDivisionError("arange's step is zero")
    exact = all(isinstance(v, int) for v in (start, stop, step))
    length: int = -((start - stop) // step) if exact else math.ceil((stop - start) / step)
    return max(0, length)


def gradient_spacing(varargs: tuple[Any, ...], axes: int) -> Any:
    """NumPy's ``gradient`` spacings for ``axes`` axes: ``1.0`` for none, one float for one
    scalar, a list of floats for one scalar per axis, else the coordinate arrays as given
    (``None`` for a mix of scalars and arrays, which the caller declines).

    >>> gradient_spacing((), 2), gradient_spacing((2,), 2), gradient_spacing((1, 2), 2)
    (1.0, 2.0, [1.0, 2.0])
    """
    scalars = [np.ndim(v) == 0 for v in varargs]
    if not varargs:
        return 1.0
    if len(varargs) == 1 and scalars[0]:
        return float(varargs[0])
    if len(varargs) != axes:
        raise TypeError("invalid number of arguments")
    if all(scalars):
        return [float(v) for v in varargs]
    return None if any(scalars) else list(varargs)


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


def diag_indices_from(xp: Any, arr: Any) -> Any:
    """NumPy's ``diag_indices_from`` over ``xp``: the indices of the main diagonal of ``arr``,
    one ``arange`` per axis; NumPy's ``ValueError`` unless ``arr`` has at least 2 axes, all
    of one length.

    >>> diag_indices_from(np, np.zeros((2, 2)))
    (array([0, 1]), array([0, 1]))
    """
    if arr.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(arr.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return (xp.arange(arr.shape[0]),) * arr.ndim


def pinv_rtol(rcond: Any, rtol: Any, shape: tuple[int, ...], eps: float) -> Any:
    """The relative cutoff of NumPy's ``linalg.pinv`` for a matrix of ``shape`` in a dtype of
    machine ``eps``: ``rcond``, or ``rtol`` (keyword-only, ``np._NoValue`` when not given),
    1e-15 when neither is given, ``max(M, N) * eps`` for ``rtol=None``; NumPy's
    ``ValueError`` when both are set.

    >>> pinv_rtol(None, _NoValue, (3, 4), 1e-16), pinv_rtol(None, None, (3, 4), 1e-16)
    (1e-15, 4e-16)
    """
    if rcond is not None:
        if rtol is not _NoValue:
            raise ValueError("`rtol` and `rcond` can't be both set.")
        return rcond
    if rtol is _NoValue:
        return 1e-15
    return max(shape[-2:]) * eps if rtol is None else rtol
