"""NumPy's answers as tables: the dtype functions, ``unique_*``'s named tuples, the names the
mirroring libraries share, refusals, NumPy's random streams and seeds.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from .._common import Adapter, decline

__all__ = [
    "MIRRORED", "NUMERIC_DTYPES", "UniqueAllResult", "UniqueCountsResult", "UniqueInverseResult",
    "dtype_functions", "float_result", "isdtype_function", "join_dtype", "no_out",
    "numpy_random", "refusal", "unique_functions", "with_generators", "with_seeds",
]

#: NumPy's boolean and numeric dtypes by name, those the array libraries share with it (the
#: array API's, and float16).
NUMERIC_DTYPES: tuple[str, ...] = (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128",
)


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


def with_seeds() -> tuple[type, ...]:
    """What a backend serving :func:`numpy_random` absorbs: NumPy's arrays, scalars and
    dtypes, and the seeds NumPy's random functions take (``SeedSequence``, bit generators).

    >>> np.random.SeedSequence in with_seeds()
    True
    """
    return (np.ndarray, np.generic, np.dtype, np.random.SeedSequence, np.random.BitGenerator)


def with_generators() -> tuple[type, ...]:
    """What a backend serving :func:`numpy_random` with its ``Generator`` methods absorbs:
    :func:`with_seeds`' types and NumPy's ``Generator``, which its ``default_rng`` hands out.

    >>> np.random.Generator in with_generators(), np.random.Generator in with_seeds()
    (True, False)
    """
    return (*with_seeds(), np.random.Generator)


def numpy_random(asarray: Callable[[Any], Any], host: Callable[[Any], Any]
                 ) -> dict[str, Adapter]:
    """NumPy's random functions for a library whose own generators draw other streams: the
    legacy ones (``random.normal``, ``random.seed``, ...) draw from NumPy's global state,
    so ``unp.random.seed(s)`` makes them reproducible and equal, value for value, to
    NumPy's; ``default_rng`` hands out NumPy's ``Generator``, whose methods
    (``random.Generator.normal``, ...) draw NumPy's values too (a backend serving them
    absorbs NumPy's generators: :func:`with_generators`). Array results become the
    library's arrays (``asarray``). ``host`` turns one of the library's arguments (an
    array, a dtype) into NumPy's. ``shuffle`` (and a ``Generator``'s ``shuffle``, and its
    ``permuted`` with ``out=``) writes into the library's array (a library whose arrays are
    immutable declines it).

    >>> table = numpy_random(list, lambda v: v)
    >>> np.random.seed(0); a = table["random.normal"].function(size=2)
    >>> np.random.seed(0); a == list(np.random.normal(size=2))
    True
    >>> normal = table["random.Generator.normal"].function
    >>> normal(np.random.default_rng(1), size=2) == list(np.random.default_rng(1).normal(size=2))
    True
    """
    from overridable.numpy import random as unp_random
    from overridable.numpy._declarations_random import GENERATOR_METHODS

    def drawn(function: Callable[..., Any], name: str) -> Callable[..., Any]:
        def draw(*args: Any, **kwargs: Any) -> Any:
            result = function(*map(host, args), **{k: host(v) for k, v in kwargs.items()})
            return asarray(result) if isinstance(result, np.ndarray) else result

        draw.__name__ = draw.__qualname__ = function.__name__
        draw.__doc__ = f"NumPy's {name}, drawn from NumPy's stream."
        return draw

    def permute(x: Any, axis: int, order: Any, what: str) -> None:
        # x's entries along axis in order (the draws of NumPy's shuffle), written into x
        at = (slice(None),) * (axis % x.ndim) + (asarray(order),)
        try:
            x[...] = x[at]
        except TypeError as exc:  # JAX: "arrays are immutable"
            raise decline(f"{what} works in place: {exc}") from None

    def shuffle(x: Any) -> None:
        if isinstance(x, (list, np.ndarray)):
            return np.random.shuffle(x)
        return permute(x, 0, np.random.permutation(len(x)), "random.shuffle")

    def generator_shuffle(generator: Any, x: Any, axis: int = 0) -> None:
        if isinstance(x, (list, np.ndarray)):
            return generator.shuffle(x, axis)  # type: ignore[no-any-return]
        axis = operator.index(axis)
        if not -x.ndim <= axis < x.ndim:
            raise np.exceptions.AxisError(axis, x.ndim)
        return permute(x, axis, generator.permutation(x.shape[axis]),
                       "random.Generator.shuffle")

    def permuted(generator: Any, x: Any, axis: Any = None, out: Any = None) -> Any:
        if out is None or isinstance(out, np.ndarray):  # NumPy's out is returned as it is
            result = generator.permuted(host(x), axis=axis, out=out)
            return result if out is not None else asarray(result)
        result = asarray(generator.permuted(host(x), axis=axis))
        try:
            out[...] = result
        except TypeError as exc:
            raise decline(f"random.Generator.permuted(out=) works in place: {exc}") from None
        return out

    table = {f"random.{name}": Adapter(drawn(getattr(np.random, name), f"random.{name}"))
             for name in unp_random.NAMES if name != "shuffle"}
    table["random.shuffle"] = Adapter(shuffle)
    for name in GENERATOR_METHODS:
        table[f"random.Generator.{name}"] = Adapter(drawn(
            getattr(np.random.Generator, name), f"random.Generator.{name}"))
    table["random.Generator.shuffle"] = Adapter(generator_shuffle)
    table["random.Generator.permuted"] = Adapter(permuted)
    return table


def no_out(library: str, function: str, out: Any) -> None:
    """Decline an ``out=`` for a library whose arrays cannot be written into.

    >>> no_out("jax.numpy", "sum", None)
    """
    if out is not None:
        raise decline(f"{library}'s {function} takes no out=")


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
