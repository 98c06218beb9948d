"""The XND backend: ``overridable.numpy`` served for ``xnd`` containers and ``ndtypes`` types.

NEP 31's dtype example, ``unp.ones((5, 5), dtype=xnd_dtype)``: the dtype is an
``ndtypes.ndt``, so the call reaches this backend and returns an
``xnd.xnd`` container. XND (plures' ``ndtypes`` and ``xnd`` 0.2.0b2, unmaintained
since 2018) has no wheels for current Pythons: ``tools/build_xnd.sh --here``
builds it into the current environment (``docs/xnd.rst``).

It owns ``xnd.xnd`` (containers) and ``ndtypes.ndt`` (types, the dtype
objects) and absorbs NumPy arrays, scalars and dtypes. Dtypes translate both
ways: ``ndt("float32")``, ``"float32"``, ``numpy.float32`` and
``numpy.dtype("float32")`` mean the same; the scalar types shared by both
(``bool``, ``int8``...``int64``, ``uint8``...``uint64``, ``float16``...``float64``,
``complex64``, ``complex128``) are served, and any other ``ndt`` (an array type
such as ``ndt("5 * float32")``, ``?float64``, ``string``, records) makes the
backend decline, naming the function and argument.

XND is a container without computation (its ``gumath`` is not built), so every
function in the table computes through NumPy on the container's memory and
returns an XND container: containers this backend creates are
``xnd.from_buffer`` views of a NumPy array (zero-copy, kept with the
container), so computing on them copies nothing; other containers (built
from Python values, or views from indexing) are read through ``x.value``.
NumPy's results are the answer, value, dtype and shape: an array result
becomes an ``xnd`` container, a NumPy scalar (a full reduction's ``sum(x)``)
is returned as NumPy returns it (a 0-d ``xnd`` has no ``float()`` or
``bool()``). ``out=`` takes a container this backend created (NumPy writes into
its memory); other ``out=`` values make it decline. A result of a dtype XND
cannot hold (datetimes, strings) makes it decline. Ragged (``var``) and optional
(``?``) types, records and strings are refused by name. XND containers have no
arithmetic operators (``x + 1`` raises): use ``unp.add(x, 1)``.

The table: creation (``ones``, ``zeros``, ``empty`` (zero-filled, as XND's
own ``xnd.empty``), ``full``, the ``*_like``, ``asarray``, ``array``,
``arange``, ``linspace``, ``eye``, ``identity``, ``astype``), NumPy's
elementwise ufuncs (arithmetic, comparisons, logic, bitwise, exponentials,
logarithms, trigonometric and hyperbolic functions, rounding...), reductions
(``sum``, ``prod``, ``mean``, ``std``, ``var``, ``min``, ``max``, ``all``,
``any``, ``argmin``, ``argmax``, cumulative and nan-versions...) and shapes
and joining (``reshape``, ``transpose``, ``swapaxes``, ``squeeze``,
``expand_dims``, ``concatenate``, ``stack``, ``where``, ``dot``, ``sort``...).
A NumPy name missing from it is served by the API's default, if any.

Use it as ``ov.set_backend("xnd")``, ``ov.set_backend(xnd)`` or
``ov.register_backend("xnd")``. ``xnd`` and ``ndtypes`` are imported on first
use of the backend, not when this module is imported; this module imports
NumPy and, lazily, ``xnd`` and ``ndtypes``; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> from ndtypes import ndt
>>> x = unp.ones((5, 5), dtype=ndt("float32"))
>>> type(x).__name__, str(x.type)
('xnd', '5 * 5 * float32')
>>> unp.sum(unp.multiply(x, 2), axis=0)
xnd([10.0, 10.0, 10.0, 10.0, 10.0], type="5 * float32")
>>> unp.sum(x)                              # a full reduction: NumPy's scalar
np.float32(25.0)
>>> with ov.set_backend("xnd"):
...     unp.arange(3, dtype="int8")
xnd([0, 1, 2], type="3 * int8")
>>> with ov.set_backend("xnd", only=True):
...     unp.ones(2, dtype=ndt("2 * float32"))
Traceback (most recent call last):
...
overridable._errors.BackendNotImplementedError: ...xnd: ones takes a scalar dtype= ...
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np

import overridable as ov
from overridable.numpy._ufunc_declarations import ALIASES as _ALIASES
from overridable.numpy._ufunc_declarations import UFUNCS as _NUMPY_UFUNCS

from ._common import (
    Adapter,
    Library,
    build,
    converter,
    decline,
    importer,
    lazy_backend,
    multimethod_for,
)
from ._semantics import NUMERIC_DTYPES

__all__ = ["CREATION", "DTYPES", "LIBRARY", "REDUCTIONS", "SHAPES", "UFUNCS", "backend"]

#: The scalar types XND and NumPy share, by their common name.
DTYPES: tuple[str, ...] = NUMERIC_DTYPES

#: Creation functions (``empty`` and ``empty_like`` are zero-filled, as XND's own).
CREATION: tuple[str, ...] = (
    "ones", "zeros", "empty", "full", "ones_like", "zeros_like", "empty_like", "full_like",
    "asarray", "array", "arange", "linspace", "logspace", "eye", "identity", "tri",
    "fromfunction", "copy", "astype",
)

#: NumPy's elementwise functions, computed by NumPy on the containers' memory: its ufuncs
#: under each of their names (but ``isnat``, ``bitwise_count`` and the vector products),
#: and the elementwise functions that are not ufuncs.
UFUNCS: tuple[str, ...] = (
    *(name for name in (*_NUMPY_UFUNCS, *_ALIASES)
      if name not in ("isnat", "bitwise_count", "matvec", "vecdot", "vecmat")),
    "real", "imag", "angle", "clip", "sinc", "round", "around", "isneginf", "isposinf", "fix",
    "iscomplex", "isreal", "isclose",
)

#: Reductions, with NumPy's ``axis``, ``keepdims``, ``dtype``, ``initial`` and ``where``.
REDUCTIONS: tuple[str, ...] = (
    "sum", "prod", "mean", "std", "var", "min", "max", "amin", "amax", "all", "any",
    "argmin", "argmax", "ptp", "count_nonzero", "cumsum", "cumprod", "nansum", "nanprod",
    "nanmean", "nanstd", "nanvar", "nanmin", "nanmax", "nancumsum", "nancumprod",
    "allclose", "array_equal", "array_equiv", "iscomplexobj", "isrealobj",
)

#: Shapes, joining, selection and products.
SHAPES: tuple[str, ...] = (
    "reshape", "transpose", "permute_dims", "matrix_transpose", "swapaxes", "moveaxis",
    "squeeze", "expand_dims", "ravel", "flip", "broadcast_to", "concatenate", "concat",
    "stack", "hstack", "vstack", "append", "where", "nonzero", "sort", "argsort", "diff",
    "ediff1d", "tril", "triu", "dot", "vdot", "outer",
)

#: The NumPy array each container this backend built is a view of (``xnd.from_buffer``).
_BUFFER = "_overridable_buffer"


_xnd = importer("xnd", "xnd")
_ndt = importer("ndtypes", "ndt")


def _types() -> tuple[type, ...]:
    return (_xnd(), _ndt())


def _scalar_name(t: Any, what: str) -> str:
    """The name of the scalar ``ndt`` ``t``, if NumPy shares it; else the backend declines."""
    name = str(t)
    if not t.isscalar() or name not in DTYPES:
        raise decline(f"xnd: {what} takes a scalar dtype= of XND's and NumPy's common types "
                      f"({', '.join(DTYPES)}); got ndt({name!r})")
    return name


def _to_ndt(value: Any, what: str = "dtype translation") -> Any:
    """Any dtype spelling (``"float32"``, ``np.float32``, ``ndt("float32")``) as XND's ``ndt``
    (``Library.dtype``); a type XND and NumPy do not share makes the backend decline."""
    ndt = _ndt()
    if isinstance(value, ndt):
        _scalar_name(value, what)
        return value
    try:
        dtype = np.dtype(value)
    except TypeError as exc:
        raise decline(f"xnd: {what}: {value!r} is not a dtype") from exc
    if dtype.name not in DTYPES or not dtype.isnative:
        raise decline(f"xnd: {what}: XND has no type for NumPy's dtype {dtype.str!r}")
    return ndt(dtype.name)


def _from_numpy(array: Any, what: str = "this value") -> Any:
    """``array`` (NumPy's) as an ``xnd`` container viewing its memory (contiguous: copied
    if it is not)."""
    array = np.asarray(array)
    if array.dtype.name not in DTYPES or not array.dtype.isnative:
        raise decline(f"xnd: {what} has dtype {array.dtype.str!r}, which XND cannot hold "
                      f"(it holds {', '.join(DTYPES)})")
    if not array.flags.c_contiguous:
        array = np.ascontiguousarray(array)
    container = _xnd().from_buffer(array)
    container.__dict__[_BUFFER] = array
    return container


def _numpy_of(x: Any, what: str = "this value") -> np.ndarray[Any, Any]:
    """The xnd container ``x`` as a NumPy array: the array it views, if this backend built
    it, else a copy of ``x.value``. Types NumPy cannot hold make the backend decline."""
    buffer = x.__dict__.get(_BUFFER)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    t = x.type
    text = str(t)
    scalar = text.rsplit(" * ", 1)[-1]
    if not t.isconcrete() or "var" in text.split(" * ")[:-1] or scalar not in DTYPES:
        raise decline(f"xnd: {what} has type {text!r}; only fixed-shape arrays of "
                      f"{', '.join(DTYPES)} are computed (through NumPy)")
    array = np.array(x.value, dtype=scalar)
    return array.reshape(tuple(t.shape)) if t.ndim else array.reshape(())


def _to_numpy(value: Any) -> Any:
    """``Library.to_numpy``: xnd containers as NumPy arrays, ``ndt`` types as NumPy dtypes;
    other values unchanged."""
    if isinstance(value, _xnd()):
        return _numpy_of(value)
    if isinstance(value, _ndt()):
        return np.dtype(_scalar_name(value, "dtype translation"))
    return value


def _via_numpy(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``function`` for ``xnd`` containers: containers (and those in sequences) go in
    as the NumPy arrays they view, ``ndt`` dtypes as NumPy's dtypes, and array results
    come back as containers. ``like=`` only selects the backend and is not passed on."""
    mm = multimethod_for(name)
    positional = [] if mm is None else [p.name for p in inspect.signature(mm).parameters.values()
                                        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]

    def convert(value: Any, what: str, inputs: dict[int, Any]) -> Any:
        xnd, ndt = _xnd(), _ndt()
        if isinstance(value, xnd):
            array = _numpy_of(value, f"{name}'s {what}")
            inputs[id(array)] = value
            return array
        if isinstance(value, ndt):
            return np.dtype(_scalar_name(value, name))
        if type(value) in (list, tuple):
            return type(value)(convert(v, what, inputs) for v in value)
        return value

    def output(value: Any, inputs: dict[int, Any]) -> Any:
        if isinstance(value, np.ndarray):
            known = inputs.get(id(value))
            if known is not None and known.__dict__.get(_BUFFER) is value:
                return known  # NumPy returned its input (asarray): so does the backend
            return _from_numpy(value, f"{name}'s result")
        if type(value) in (list, tuple):
            return type(value)(output(v, inputs) for v in value)
        return value

    def writable(out: Any) -> Any:
        buffer = out.__dict__.get(_BUFFER) if isinstance(out, _xnd()) else None
        if buffer is None or not buffer.flags.writeable:
            raise decline(f"xnd: {name} takes out= only as a writable xnd container made by "
                          f"this backend (got {type(out).__name__}); its result is new "
                          "otherwise")
        return buffer

    where_out = positional.index("out") if "out" in positional else -1

    def call(*args: Any, **kwargs: Any) -> Any:
        kwargs.pop("like", None)
        if 0 <= where_out < len(args):  # out= given by position: checked as the keyword
            kwargs["out"], args = args[where_out], args[:where_out] + args[where_out + 1:]
        inputs: dict[int, Any] = {}
        out = kwargs.get("out")
        if out is not None:  # (a tuple for several outputs, where None is no request)
            outs = out if type(out) is tuple else (out,)
            buffers = tuple(None if o is None else writable(o) for o in outs)
            inputs.update((id(b), o) for b, o in zip(buffers, outs, strict=True) if b is not None)
            kwargs["out"] = buffers if type(out) is tuple else buffers[0]
        new_args = [convert(a, positional[i] if i < len(positional) else f"argument {i + 1}",
                            inputs) for i, a in enumerate(args)]
        new_kwargs = {k: v if k == "out" else convert(v, k, inputs)
                      for k, v in kwargs.items()}
        return output(function(*new_args, **new_kwargs), inputs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"NumPy's {name} computed by NumPy on xnd containers' memory."
    return call


def _numpy_function(name: str) -> Callable[..., Any]:
    """NumPy's ``name`` as the NumPy backend calls it: the public function, adapted where
    the API's declaration extends NumPy's signature (``clip(a, min=, max=)``)."""
    from .numpy import nep18_backend

    multimethod = multimethod_for(name)
    if multimethod is None:  # not declared: build() lists it as unresolved
        return getattr(np, name)  # type: ignore[no-any-return]
    return nep18_backend.implementations[multimethod]


def _table() -> dict[str, Any]:
    special: dict[str, Callable[..., Any]] = {"empty": np.zeros, "empty_like": np.zeros_like}
    return {name: Adapter(_via_numpy(name, special.get(name) or _numpy_function(name)))
            for name in (*CREATION, *UFUNCS, *REDUCTIONS, *SHAPES)}


#: XND, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="xnd",
    module="xnd",
    types=_types,
    table=_table,
    dtype=_to_ndt,
    convert=converter(lambda value: _from_numpy(np.asarray(value)), _to_ndt,
                      (TypeError, ValueError, ov.BackendNotImplementedError)),
    to_numpy=_to_numpy,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
