"""The Dask backend's chunks: Dask arrays of any chunk type, each chunk (or each matrix)
served by its own backend through ``overridable.numpy``.

:func:`map_inner` applies an ``overridable.numpy`` function chunk by chunk, :func:`matrices`
matrix by matrix (a gufunc over the last two axes), both through :class:`Blockwise`, which
sets the chunk's backend (:func:`chunk_backend`: NumPy chunks by NumPy, PyData/Sparse chunks
by the sparse backend, CuPy chunks by CuPy) and pickles for ``dask.distributed``.

This module imports NumPy and, lazily, ``dask.array``; ``overridable.backends.dask``
builds on it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, cast

import numpy as np

from ._common import decline, importer, multimethod_for

__all__ = ["MATRICES", "Blockwise", "as_dask", "chunk_backend", "contains_dask", "map_inner",
           "matrices", "multimethod"]

_dask_array = importer("dask.array")


def contains_dask(value: Any) -> bool:
    """Whether ``value`` is a Dask array or a (nested) list or tuple holding one.

    >>> import dask.array as da
    >>> contains_dask([1, (2, da.zeros(2))]), contains_dask([1, 2])
    (True, False)
    """
    if isinstance(value, _dask_array().Array):
        return True
    if isinstance(value, list | tuple):
        return any(contains_dask(v) for v in value)
    return False


def as_dask(value: Any) -> Any:
    """Any array-like (Dask or NumPy array, list, Python or NumPy scalar) as a Dask array.

    >>> as_dask([[1, 2], [3, 4]]).shape
    (2, 2)
    """
    da = _dask_array()
    if isinstance(value, da.Array):
        return value
    if isinstance(value, list | tuple) and contains_dask(value):
        return da.stack([as_dask(v) for v in value])
    return da.asarray(np.asarray(value))


#: NumPy's linalg functions served matrix by matrix (:func:`matrices`), by their gufunc
#: signature.
MATRICES: dict[str, str] = {
    "det": "(m,m)->()", "slogdet": "(m,m)->(),()", "eigvalsh": "(m,m)->(m)",
    "eigh": "(m,m)->(m),(m,m)", "pinv": "(m,n)->(n,m)", "cond": "(m,n)->()",
    "matrix_power": "(m,m)->(m,m)", "matrix_rank": "(m,n)->()", "inv": "(m,m)->(m,m)"}


def matrices(function: Callable[..., Any] | str, signature: str) -> Callable[..., Any]:
    """``function`` (``unp.linalg.det``, or its path) of each matrix in the last two axes,
    as a gufunc of ``signature`` (``"(m,m)->()"``; ``k`` is ``min(m, n)``): those axes are
    rechunked into one chunk, and each chunk of matrices goes to the chunk's backend. An
    empty stack of such matrices (below 2-d, one element), given to ``function`` first,
    raises NumPy's errors and gives the dtypes and the result's type (NumPy's named tuples);
    for an ``a`` without elements, it is ``a``'s shape, and its answer is the answer.

    >>> import numpy as np
    >>> det = matrices("linalg.det", "(m,m)->()")
    >>> det(as_dask(np.stack([np.eye(2), 2 * np.eye(2)]))).compute()
    array([1., 4.])
    """
    function = multimethod(function) if isinstance(function, str) else function

    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        import overridable as ov
        import overridable.numpy as unp

        da = _dask_array()
        kwargs.update(zip(list(inspect.signature(function).parameters)[1:], args, strict=False))
        if any(isinstance(v, da.Array) or np.ndim(v) for v in kwargs.values()):
            raise decline(f"the Dask backend's {function.__name__} takes one value of each "
                          "parameter for every matrix, not an array of them")
        a = as_dask(a)
        if any(n != n for n in a.shape[-2:]):  # (Dask's unknown lengths are NaN)
            raise decline(f"the Dask backend's {function.__name__} needs the matrices' shape")
        backend = chunk_backend(a._meta)
        empty = 0 in a.shape  # then NumPy's answer for an empty array of a's shape is a's
        shape = a.shape if empty else (0, *a.shape[-2:]) if a.ndim >= 2 else (1,) * a.ndim
        with ov.set_backend(cast(ov.BackendLike, backend), only=True):
            sample = function(unp.empty(shape, dtype=a.dtype), **kwargs)
        several = isinstance(sample, tuple)
        if empty:
            return type(sample)(*map(da.asarray, sample)) if several else da.asarray(sample)
        result = da.apply_gufunc(
            Blockwise(function, backend, kwargs), signature, a, allow_rechunk=True,
            output_dtypes=[s.dtype for s in sample] if several else sample.dtype,
            output_sizes={"k": min(a.shape[-2:])})
        return type(sample)(*result) if several else result

    return call


class Blockwise:
    """An ``overridable.numpy`` function applied to Dask chunks by the chunks' backend.

    Each chunk is served by the backend of its type (NumPy chunks by NumPy,
    PyData/Sparse chunks by the sparse backend, CuPy chunks by CuPy), chosen
    explicitly, so the call inside a chunk never comes back to Dask. It pickles
    (backends travel by name), so it runs on ``dask.distributed`` workers.

    >>> import numpy as np
    >>> import overridable as ov
    >>> import overridable.numpy as unp
    >>> f = Blockwise(unp.gcd, ov.as_backend("numpy"), {})
    >>> f(np.array([4, 6]), 4)
    array([4, 2])
    """

    __slots__ = ("backend", "function", "kwargs")

    def __init__(self, function: Callable[..., Any], backend: object,
                 kwargs: dict[str, Any]) -> None:
        self.function = function
        self.backend = backend
        self.kwargs = kwargs

    def __call__(self, *blocks: Any) -> Any:
        import overridable as ov

        with ov.set_backend(cast(ov.BackendLike, self.backend), only=True):
            return self.function(*blocks, **self.kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Blockwise, (self.function, self.backend, self.kwargs))


def chunk_backend(meta: Any) -> object:
    """The backend that serves Dask chunks like ``meta`` (a chunk, or an array's ``_meta``):
    the installed backend named after the chunk type's package.

    >>> import numpy as np
    >>> chunk_backend(np.empty(0)).name
    'numpy'
    """
    import overridable as ov

    for base in type(meta).__mro__:
        top = str(getattr(base, "__module__", "")).split(".")[0]
        if top in ov.adapter_names():
            return ov.as_backend(top)
    raise decline(f"no installed backend serves Dask chunks of type "
                  f"{type(meta).__module__}.{type(meta).__qualname__}")


def map_inner(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``function`` (an ``overridable.numpy`` elementwise function) applied chunk by chunk.

    Array arguments become Dask arrays and are broadcast against each other; Python
    scalars are passed to every chunk as they are (NumPy's promotion of scalars holds).
    The result's type and dtype come from calling ``function`` on the 0-size ``_meta`` of
    the inputs, by the chunks' backend: nothing is guessed, nothing is computed.

    >>> import dask.array as da
    >>> import numpy as np
    >>> import overridable.numpy as unp
    >>> x = da.from_array(np.array([4, 6, 9]), chunks=2)
    >>> y = map_inner(unp.gcd, x, 6)
    >>> y.dtype, y.compute()
    (dtype('int64'), array([2, 6, 3]))
    """
    import overridable as ov

    da = _dask_array()
    args = tuple(as_dask(a) if isinstance(a, np.ndarray | list | tuple | da.Array) else a
                 for a in args)
    arrays = [a for a in args if isinstance(a, da.Array)]
    if not arrays:
        args, arrays = (as_dask(args[0]), *args[1:]), [as_dask(args[0])]
    if len(arrays) > 1 and len({a.shape for a in arrays}) > 1:
        broadcast = iter(da.broadcast_arrays(*arrays))
        args = tuple(next(broadcast) if isinstance(a, da.Array) else a for a in args)
        arrays = [a for a in args if isinstance(a, da.Array)]
    backend = chunk_backend(arrays[0]._meta)
    with ov.set_backend(cast(ov.BackendLike, backend), only=True):
        meta = function(*(a._meta if isinstance(a, da.Array) else a for a in args), **kwargs)
    ndim = max(a.ndim for a in arrays)
    meta = meta.reshape((0,) * ndim) if meta.ndim != ndim else meta
    return da.map_blocks(Blockwise(function, backend, kwargs), *args, dtype=meta.dtype,
                         meta=meta)


def multimethod(path: str) -> Callable[..., Any]:
    """The ``overridable.numpy`` multimethod for NumPy's ``path``.

    >>> multimethod("linalg.det").__name__
    'det'
    """
    function = multimethod_for(path)
    assert function is not None, path
    return function
