"""Backends for real array libraries, and the guide for writing one.

One module per library (``dask``, ``torch``), all shaped alike, with the
shared logic in ``_common``. Learn one, know them all. This docstring is the
contract a backend author works to.

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

Examples
--------
>>> import overridable as ov
>>> "dask" in ov.adapter_names() and "torch" in ov.adapter_names()
True
"""

__all__: list[str] = []
