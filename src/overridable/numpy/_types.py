"""``unp.ndarray`` and ``unp.dtype``: ``isinstance`` checks that follow the active backends.

``isinstance(x, unp.ndarray)`` is true when ``x`` is an array of a backend
that is active for the ``"numpy"`` domain (or one of its sub-domains): set in
a ``set_backend`` block (and not skipped), global, or registered. NumPy's
arrays pass while the NumPy backend is global, as it is by default; a Dask or
torch array passes once its backend is set or registered. ``unp.dtype`` does
the same for dtype objects, and ``unp.dtype("f4")`` is NumPy's ``np.dtype("f4")``. NumPy's
own ``np.ndarray`` and ``np.dtype`` are untouched.

A backend's array and dtype types are read from its ``array_types`` and
``dtype_types`` attributes when it has them; otherwise they are sorted out
of :class:`overridable.Backend`'s ``types``: subclasses of ``numpy.dtype``
and classes named ``*dtype`` (``torch.dtype``) are dtypes, NumPy scalar
types are neither, and the rest are arrays. Protocol (uarray) backends
declare no types and add none.

This module imports NumPy and must never import any other array library.

Examples
--------
>>> import numpy as np, overridable as ov, overridable.numpy as unp
>>> isinstance(np.arange(3), unp.ndarray), isinstance(np.dtype("f8"), unp.dtype)
(True, True)
>>> class MyArray: ...
>>> isinstance(MyArray(), unp.ndarray)
False
>>> with ov.set_backend(ov.Backend("numpy", types=[MyArray])):
...     isinstance(MyArray(), unp.ndarray)
True
"""

from __future__ import annotations

from typing import Any, NoReturn

import numpy as np

import overridable as ov

__all__ = ["active_types", "dtype", "kinds", "ndarray"]

DOMAIN = "numpy"


def kinds(backend: object) -> tuple[tuple[type, ...], tuple[type, ...]]:
    """The array types and the dtype types a backend owns.

    >>> import overridable.numpy as unp
    >>> kinds(unp.numpy_backend)
    ((<class 'numpy.ndarray'>,), (<class 'numpy.dtype'>,))
    """
    arrays = getattr(backend, "array_types", None)
    dtypes = getattr(backend, "dtype_types", None)
    if arrays is not None and dtypes is not None:
        return tuple(arrays), tuple(dtypes)
    owned: tuple[type, ...] = tuple(getattr(backend, "types", ()))
    found_dtypes = tuple(t for t in owned if _is_dtype_type(t))
    found_arrays = tuple(t for t in owned
                         if t not in found_dtypes and not issubclass(t, np.generic))
    return (tuple(arrays) if arrays is not None else found_arrays,
            tuple(dtypes) if dtypes is not None else found_dtypes)


def _is_dtype_type(t: type) -> bool:
    return issubclass(t, np.dtype) or t.__name__.lower().endswith("dtype")


def _in_domain(domains: tuple[str, ...] | list[str]) -> bool:
    return any(d == DOMAIN or d.startswith(DOMAIN + ".") for d in domains)


def _active_backends(state: ov.BackendState) -> list[object]:
    contexts = [c for c in state.node.contexts() if _in_domain(c.domains)]
    skipped = [c.backend for c in contexts if c.skip]
    found = [c.backend for c in contexts if not c.skip]
    for domain, entry in state.globals.domains.items():
        if _in_domain([domain]):
            found.extend(b for b in (entry.backend, *entry.registered) if b is not None)
    out: list[object] = []
    for backend in found:
        if not any(b is backend for b in out) and not any(
                s is backend or s == backend for s in skipped):
            out.append(backend)
    return out


# (local state node, global snapshot, (array types, dtype types)): one entry, replaced
# whole, so that threads with different states only cost each other a recomputation.
_memo: tuple[object, object, tuple[tuple[type, ...], tuple[type, ...]]] = (None, None, ((), ()))


def active_types() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """The array types and dtype types of every backend active now for ``"numpy"``.

    >>> import numpy as np
    >>> arrays, dtypes = active_types()
    >>> np.ndarray in arrays and np.dtype in dtypes
    True
    """
    global _memo
    state = ov.get_state()
    node, snapshot, result = _memo
    if node is state.node and snapshot is state.globals:
        return result
    arrays: list[type] = []
    dtypes: list[type] = []
    for backend in _active_backends(state):
        a, d = kinds(backend)
        arrays.extend(t for t in a if t not in arrays)
        dtypes.extend(t for t in d if t not in dtypes)
    result = (tuple(arrays), tuple(dtypes))
    _memo = (state.node, state.globals, result)
    return result


class _ActiveTypesMeta(type):
    """``isinstance``/``issubclass`` against the types of the active backends."""

    _kind: int

    def __instancecheck__(cls, instance: Any) -> bool:
        return issubclass(type(instance), active_types()[cls._kind])

    def __subclasscheck__(cls, subclass: type) -> bool:
        if not isinstance(subclass, type):
            raise TypeError("issubclass() arg 1 must be a class")
        return issubclass(subclass, active_types()[cls._kind])


class _Abstract(metaclass=_ActiveTypesMeta):
    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(f"overridable.numpy.{cls.__name__} is for isinstance checks; create "
                        "arrays with unp.asarray, unp.empty, ... and dtypes with unp.float64, ...")


class ndarray(_Abstract):
    """The arrays of the active backends, for ``isinstance`` checks (see the module doc).

    >>> import numpy as np, overridable.numpy as unp
    >>> isinstance(np.zeros(2), unp.ndarray), isinstance([1.0], unp.ndarray)
    (True, False)
    >>> issubclass(np.ndarray, unp.ndarray)
    True
    """

    __slots__ = ()
    _kind = 0


class dtype(_Abstract):
    """The dtype objects of the active backends, for ``isinstance`` checks; called, NumPy's
    ``numpy.dtype`` (``unp.dtype("f4").itemsize``, as NumPy code writes it): a description
    of a dtype that every backend takes as ``dtype=``.

    >>> import numpy as np, overridable.numpy as unp
    >>> isinstance(np.dtype("int32"), unp.dtype), isinstance(np.float64, unp.dtype)
    (True, False)
    >>> unp.dtype("f4"), unp.dtype(np.int16).itemsize, unp.zeros(2, unp.dtype("i2")).dtype
    (dtype('float32'), 2, dtype('int16'))
    """

    __slots__ = ()
    _kind = 1

    def __new__(cls, dtype: Any, align: bool = False, copy: bool = False,  # type: ignore[misc]
                **kwargs: Any) -> np.dtype[Any]:
        made: np.dtype[Any] = np.dtype(dtype, align, copy, **kwargs)
        return made


for _cls in (ndarray, dtype):
    _cls.__module__ = "overridable.numpy"
