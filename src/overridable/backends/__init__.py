"""Backends for real array libraries, and the guide for writing one.

One module per library (``dask``, ``torch``; ``numpy``, the reference, serves
NumPy's own functions), all shaped alike, holding only that library's
differences: NumPy's rules are written once in ``_semantics`` (over an array
namespace), the machinery in ``_common``. Learn one, know them all. This
docstring is the contract a backend author works to.

Using a backend
===============

A backend is chosen by the types of a call's dispatchable arguments (arrays,
sequences of arrays, dtypes, ``out=``) or set explicitly::

    import overridable as ov
    import overridable.numpy as unp

    ov.register_backend("dask")        # Dask arrays are now served by Dask
    library_function(dask_array)       # -> a Dask array
    with ov.set_backend(dask.array):   # or "dask": creation builds Dask arrays
        unp.ones((10_000, 10_000))     # lazy and chunked
    unp.ones((5, 5), dtype=torch.float32)   # torch registered: a tensor

Library modules and names (``dask.array``, ``"dask"``, ``torch``,
``"torch"``) are mapped to backends through the ``overridable.backends``
entry-point group (``pyproject.toml``); a backend is built, and its library
imported, on first use. Importing ``overridable.numpy`` or this package
imports no array library. Adapted backends pickle by name, so they travel to
threads, processes and ``dask.distributed`` workers (with ``ov.carry``).

The contract of a library backend
=================================

1. **Types.** It *owns* its array types and its dtype objects
   (``torch.Tensor`` and ``torch.dtype``: ``unp.ones(3, dtype=torch.float32)``
   reaches torch). It *absorbs* NumPy arrays, NumPy scalars and NumPy dtypes
   (mixed Dask + NumPy inputs go to Dask). Python scalars, lists and tuples
   are accepted by every backend. Anything else is refused unless the user
   asks for ``coerce=True``; two backends that cannot absorb each other's
   arrays (torch and Dask) make the call fail with an error naming both types.
2. **An explicit table.** ``{numpy_name: implementation}``, keyed by NumPy's
   names (``"sum"``, ``"linalg.solve"``, ``"fft.rfft"``, ``"add"``). Never
   look a function up by NumPy's name in the library: ``torch.equal`` is not
   NumPy's ``equal`` (it returns one bool), ``torch.cond`` and
   ``torch.select`` are unrelated to NumPy's. A name missing from the table
   is served by the API's default implementation, if it has one.
3. **NumPy's semantics.** The backend answers as NumPy would, in the
   library's types: NumPy's default dtypes (``float64`` for creation,
   ``ddof=0``), NumPy's argument names (``axis``, mapped to ``dim``), and
   NumPy's names (``arccos`` served by ``torch.acos``).
4. **No silent drops.** An argument the library cannot honour, given a value
   other than NumPy's default, makes the backend *decline* with a message
   naming it (``dask.array.sum takes no initial=``); the engine then tries
   the next backend and, if none serves, reports every reason. ``out=`` must
   be the library's own array (writing into a NumPy array from a lazy Dask
   graph would compute behind the caller's back).
5. **Dtype translation both ways.** ``unp.float32``, ``"float32"``,
   ``numpy.dtype("float32")`` and the library's own dtype all mean the same.
6. **Coercion.** Under ``set_backend(b, coerce=True)`` foreign array-likes are
   converted (``Library.convert``); without it they are refused.
7. **Lazy import.** The library is imported when the backend is built, never
   at import of ``overridable``.
8. **Declines said early.** An implementation that declines for a reason the
   arguments show (an argument it cannot honour, a result that would
   densify) carries a ``precheck``: the same parameters, returning that
   reason or ``None``. ``ov.explain`` calls it (never the implementation),
   so it names the backend that really serves the call. The generated
   adapters (below) get one for every argument they cannot honour.

Writing one
===========

Describe the library with :class:`~overridable.backends._common.Library`
and build it with ``_common.build``; expose it as the module attribute
``backend`` with ``_common.lazy_backend`` and declare the entry point
``name = "overridable.backends.<lib>:backend"``. Each table value is one of:

- the library's function, when it takes NumPy's parameter names: required
  arguments are passed by position, the rest by keyword only when given a
  non-default value;
- ``Native(function, rename={"axis": "dim"}, drop=("like",), fixed={...})``
  when names differ;
- ``Adapter(function)``: a function with NumPy's exact signature, for
  anything more (NumPy's ``axis=None`` meaning "flatten", a reduced-only SVD).

Then add ``tests/backends/test_<lib>.py``: every entry's value compared with
NumPy's (``assert_allclose``, dtype and shape), and each rule above tested.

A result of any backend becomes NumPy's with :func:`to_numpy`.

Examples
--------
>>> import overridable as ov
>>> "dask" in ov.adapter_names() and "torch" in ov.adapter_names()
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

__all__ = ["to_numpy"]

#: The backend that knows the types of a module whose name differs from the library's.
_ALIASES = {"ndtypes": "xnd", "jaxlib": "jax"}


@functools.cache
def _hook(value_type: type) -> Callable[[Any], Any] | None:
    """The ``Library.to_numpy`` of the backend for ``value_type``'s library, if any. The
    library is already imported (a value of its type exists); its backend is built here."""
    import overridable as ov

    root = value_type.__module__.partition(".")[0]
    if root in ("numpy", "builtins"):
        return None
    try:
        backend = ov.as_backend(_ALIASES.get(root, root))
    except (TypeError, ValueError, ImportError):  # no backend of that name, or not installed
        return None
    return getattr(getattr(backend, "library", None), "to_numpy", None)


def to_numpy(value: Any) -> Any:
    """A result of any backend as NumPy's: arrays as ``numpy.ndarray`` (a Dask graph
    computed, a sparse array densified, a GPU array copied to the host), the libraries'
    dtypes as ``numpy.dtype``, tuples and lists (named tuples too) item by item. NumPy
    values, Python scalars and anything else no backend knows are returned unchanged.

    Examples
    --------
    >>> import overridable as ov
    >>> import overridable.numpy as unp
    >>> with ov.set_backend("torch"):
    ...     values, counts = unp.unique_counts(unp.asarray([3, 1, 3]))
    ...     dtype = unp.result_type(values, unp.float32)
    >>> type(values).__name__, to_numpy(values), to_numpy(counts), to_numpy(dtype)
    ('Tensor', array([1, 3]), array([1, 2]), dtype('float64'))
    >>> to_numpy(unp.unique_counts(unp.asarray([2, 2])))  # a named tuple stays one
    UniqueCountsResult(values=array([2]), counts=array([2]))
    """
    import numpy as np

    if isinstance(value, (np.ndarray, np.generic, np.dtype, type)) or value is None \
            or isinstance(value, (bool, int, float, complex, str)):
        return value
    if isinstance(value, (list, tuple)):
        items = [to_numpy(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    hook = _hook(value.__class__)
    if hook is not None:
        value = hook(value)
        if isinstance(value, (np.ndarray, np.generic, np.dtype, list, tuple)):
            return to_numpy(value)
    if hasattr(value, "compute") and hasattr(value, "dask"):  # a Dask graph
        value = value.compute()
    if not hasattr(value, "__array__") and not hasattr(value, "__dlpack__"):
        return value
    try:
        return np.asarray(value)
    except TypeError:  # device arrays (CuPy) refuse an implicit copy to the host
        return np.asarray(value.get())
