"""What every library backend shares: building an ``overridable.Backend`` from a table.

A library module (``dask.py``, ``torch.py``) describes its library as a
:class:`Library` — the types it owns and absorbs, dtype translation, how it
converts foreign values under ``coerce=True``, and an explicit table
``{numpy_name: implementation}`` — and :func:`build` turns that into a
``Backend``. The table is keyed by NumPy's own names (``"sum"``,
``"linalg.solve"``, ``"fft.rfft"``); each value is either

- a library callable, or :class:`Native` around one (with parameters renamed
  or dropped): it is called with the required arguments by position and every
  other argument by keyword, *only when the caller gave it a value other than
  NumPy's default*; an argument the library's function does not take, given
  a non-default value, makes the backend decline with a message naming it
  (never a silent drop). Dtype arguments are translated with
  ``Library.dtype``; array arguments go through ``Library.prepare``.
- an :class:`Adapter`: a function with NumPy's signature, called exactly as
  the engine calls implementations (every parameter, defaults included).

Nothing is looked up by name: a NumPy name that is missing from the table is
served by the API's default implementation (if any), never by whatever
function of the library happens to share the name.

This module imports NumPy and the engine; it must never import an array
library (each library module imports its own, lazily).

Examples
--------
>>> import numpy as np
>>> import overridable.numpy as unp
>>> lib = Library(name="lists", module="lists", types=lambda: (list,),
...               table=lambda: {"sum": Native(sum, drop=("axis",))})
>>> be = build(lib)
>>> with unp.set_backend(be, only=True):
...     unp.sum([1, 2, 3])
6
"""

from __future__ import annotations

import functools
import importlib
import inspect
import itertools
import numbers
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import overridable as ov

__all__ = [
    "HOST_VALUES",
    "PYTHON_SCALARS",
    "SHAPE_ERRORS",
    "Adapter",
    "Library",
    "Native",
    "array_api_info",
    "build",
    "converter",
    "decline",
    "fast_path",
    "guarded",
    "importer",
    "lazy_backend",
    "multimethod_for",
    "numpy_dtype",
    "numpy_error",
    "out_given",
    "spec_for",
    "strong",
    "takes_no",
]

_NoValue: Any = np._NoValue
_SIMPLE = (type(None), bool, int, float, complex, str)
#: The values a library that refuses NumPy's arrays and Python sequences (``jax.numpy``,
#: the array API's namespaces) gets through its ``asarray`` first. A tuple, not a union:
#: ``isinstance`` with a union built at each call costs four times as much.
HOST_VALUES = (np.ndarray, np.generic, list, tuple)
#: Python's scalars: NumPy's weak scalars in its promotion (``float32`` and ``0.5`` give
#: ``float32``), which the backends keep as they are.
PYTHON_SCALARS = (bool, int, float, complex)
_MADE_STRONG = (*PYTHON_SCALARS, list)


def strong(value: Any) -> Any:
    """A Python scalar or list as NumPy's array (not a weak scalar): where NumPy's function
    calls ``asarray`` on an argument before promoting (``dot``'s operands, ``diff``'s
    ``prepend``, ``polyval``): int16 and 3 give int64 there, not int16.

    >>> strong(3).dtype, strong(np.int8(3)).dtype
    (dtype('int64'), dtype('int8'))
    """
    return np.asarray(value) if isinstance(value, _MADE_STRONG) else value


def promote(prepare: Callable[[Any], Any], library_dtype: Callable[[Any], Any], *values: Any,
            least: tuple[Any, ...] = (), numpy_dtype: Callable[[Any], Any] = np.dtype,
            cast: Callable[[Any, Any], Any] = lambda array, dtype: array.astype(dtype),
            ) -> list[Any]:
    """``values``, each made the library's array by ``prepare``, cast (by ``cast``) to
    NumPy's result type of their dtypes (``numpy.result_type``, at least ``least``'s; Python
    scalars weak, as NEP 50 says: :func:`strong` them first for NumPy's functions that call
    ``asarray``): NumPy's promotion where the library's lattice differs (int64 with float32
    is float64 in NumPy, float32 in torch and JAX). ``numpy_dtype`` gives NumPy's dtype for
    the library's, ``library_dtype`` the library's for NumPy's.

    >>> [a.dtype for a in promote(np.asarray, np.dtype, np.float32(1), np.arange(2))]
    [dtype('float64'), dtype('float64')]
    >>> [a.dtype for a in promote(np.asarray, np.dtype, np.float32(1), 2.0)]
    [dtype('float32'), dtype('float32')]
    """
    arrays = [prepare(v) for v in values]
    common = library_dtype(np.result_type(*(
        v if type(v) in PYTHON_SCALARS else numpy_dtype(a.dtype)
        for v, a in zip(values, arrays, strict=True)), *least))
    return [a if a.dtype == common else cast(a, common) for a in arrays]


#: The error an implementation raises to decline a call (the engine's ``ov.decline``).
decline = ov.decline
#: An implementation whose common call the engine sends straight to the library (``ov.guarded``).
guarded = ov.guarded


def takes_no(function: str, name: str, value: Any, *allowed: Any, why: str = "") -> None:
    """Decline a call giving ``name=value`` to ``function`` (named in the message), which takes
    the argument only at one of the ``allowed`` values (NumPy's default, or one meaning the
    same: ``device="cpu"``): the one message of such refusals, ``why`` after it.

    >>> takes_no("sparse.full", "device", "cpu", None, "cpu")
    >>> takes_no("sparse.full", "device", "cuda", None, "cpu")
    Traceback (most recent call last):
    ...
    overridable._errors.BackendNotImplementedError: sparse.full takes no device= (got 'cuda')
    """
    if not any(value is a or _same(value, a) for a in allowed):
        raise decline(f"{function} takes no {name}= (got {value!r:.60}){why}")


def converter(array: Callable[[Any], Any], dtype: Callable[[Any], Any] = np.dtype,
              errors: tuple[type[BaseException], ...] = (TypeError, ValueError)
              ) -> Callable[[Any, Any], Any]:
    """A ``Library.convert`` (under ``coerce=True``): a foreign dtype by ``dtype(value)``, any
    other value by ``array(value)``, ``NotImplemented`` where either raises one of ``errors``.

    >>> convert = converter(np.asarray)
    >>> convert([1, 2], "array"), convert("float32", "dtype"), convert("no dtype", "dtype")
    (array([1, 2]), dtype('float32'), NotImplemented)
    """
    def convert(value: Any, dispatch_type: Any) -> Any:
        try:
            return dtype(value) if dispatch_type == "dtype" else array(value)
        except errors:
            return NotImplemented

    return convert


#: NumPy's functions (beyond its ufuncs) whose errors follow from the shapes and dtypes
#: of the arguments alone, never their values: where a library raises its own error for
#: such a call, NumPy's error for it is found on stand-ins of no data (:func:`numpy_error`).
SHAPE_ERRORS = frozenset({
    "all", "amax", "amin", "any", "argmax", "argmin", "broadcast_arrays", "broadcast_to",
    "column_stack", "concat", "concatenate", "cross", "cumprod", "cumsum", "diagonal", "dot",
    "dstack", "einsum", "expand_dims", "flip", "hstack", "inner", "kron", "matrix_transpose",
    "max", "mean", "min", "moveaxis", "nanmax", "nanmean", "nanmin", "nanprod", "nanstd",
    "nansum", "nanvar", "outer", "permute_dims", "prod", "ptp", "reshape", "roll", "rot90",
    "squeeze", "stack", "std", "sum", "swapaxes", "tensordot", "tile", "trace", "transpose",
    "var", "vdot", "vstack", "where",
})


def numpy_dtype(dtype: Any) -> np.dtype[Any]:
    """NumPy's dtype of a library's dtype: itself, or the one of its name.

    >>> numpy_dtype("float32"), numpy_dtype("torch.int8")
    (dtype('float32'), dtype('int8'))
    """
    result: np.dtype[Any]
    try:
        result = np.dtype(dtype)
    except TypeError:
        result = np.dtype(str(dtype).rpartition(".")[2])
    return result


def numpy_error(function: Callable[..., Any], args: Iterable[Any], kwargs: Mapping[str, Any]
                ) -> BaseException | None:
    """NumPy's error for ``function(*args, **kwargs)``, a call a library refused with its
    own; ``None`` where NumPy raises none. NumPy's ``function`` is called on stand-ins of
    the arrays (any value with a ``shape`` and a ``dtype`` but NumPy's scalars: the same
    shape and NumPy's dtype, of no data; in tuples and lists too), so only errors
    that follow from shapes and dtypes are found (:data:`SHAPE_ERRORS`, the ufuncs).

    >>> class Tensor:  # a library's array, with its own dtype names
    ...     def __init__(self, *shape): self.shape, self.dtype = shape, "lib.float64"
    >>> numpy_error(np.add, (Tensor(3, 4), Tensor(5)), {})
    ValueError('operands could not be broadcast together with shapes (3,4) (5,) ')
    >>> numpy_error(np.add, (Tensor(3, 4), Tensor(4)), {}) is None
    True
    """
    def stand_in(value: Any) -> Any:
        if type(value) in (tuple, list):
            return type(value)(stand_in(v) for v in value)
        if isinstance(value, np.generic) or not (hasattr(value, "shape")
                                                 and hasattr(value, "dtype")):
            return value
        # NumPy's arrays too: nothing real is computed on or written into. Writable (an
        # out=), of no memory: every stride 0.
        shape = tuple(value.shape)
        return np.lib.stride_tricks.as_strided(np.zeros((), numpy_dtype(value.dtype)),
                                               shape, (0,) * len(shape))

    if isinstance(function, np.ufunc):  # the outputs by keyword, as NumPy takes a tuple
        args, outs = tuple(args)[:function.nin], tuple(args)[function.nin:]
        if any(o is not None for o in outs) and "out" not in kwargs:
            kwargs = {**kwargs, "out": outs[0] if len(outs) == 1 else outs}
    try:
        stand_ins = [stand_in(a) for a in args]
        named = {k: stand_in(v) for k, v in kwargs.items()}
    except (TypeError, ValueError):  # a dtype NumPy lacks, a shape not known yet
        return None
    try:
        with np.errstate(all="ignore"):
            function(*stand_ins, **named)
    except (ValueError, TypeError, IndexError) as exc:
        return exc.with_traceback(None)
    except MemoryError:  # NumPy would have computed it: the library's error stands
        return None
    return None


@functools.cache
def _explained() -> dict[Callable[..., Any], Callable[..., Any]]:
    """Multimethod -> NumPy's function, for the ufuncs and :data:`SHAPE_ERRORS`."""
    names = SHAPE_ERRORS | {n for n in dir(np) if isinstance(getattr(np, n), np.ufunc)}
    return {mm: getattr(np, name) for name in names
            if (mm := multimethod_for(name)) is not None}


@dataclass(frozen=True)
class Native:
    """A library function called with NumPy's arguments translated by name.

    ``rename`` maps NumPy's parameter names to the library's (``{"axis":
    "dim"}``); ``drop`` names parameters that only select the backend (NumPy's
    ``like=``) and are never passed on; ``fixed`` gives keyword arguments
    always passed (``{"indexing": "xy"}`` where the library's default differs).

    >>> Native(sorted, rename={"axis": "dim"}).rename
    {'axis': 'dim'}
    """

    function: Callable[..., Any]
    rename: Mapping[str, str] = field(default_factory=dict)
    drop: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Adapter:
    """A function with NumPy's signature, called as the engine calls implementations.

    >>> Adapter(len).function is len
    True
    """

    function: Callable[..., Any]


def _identity(value: Any) -> Any:
    return value


@dataclass
class Library:
    """One array library, described for :func:`build`. Every callable here runs lazily,
    when the backend is built, so describing a library imports nothing.

    Parameters
    ----------
    name : str
        The backend's name (``"dask"``), used in messages and as its adapter name.
    module : str
        The library's module (``"dask.array"``), for messages.
    types : callable
        Returns the types the backend owns (its arrays and dtypes).
    absorbs : callable
        Returns the foreign types it accepts without ``coerce`` (NumPy arrays,
        scalars and dtypes for most libraries).
    table : callable
        Returns ``{numpy_name: library callable, Native or Adapter}``.
    dtype : callable
        Translates any dtype spelling (``"float32"``, ``numpy.float32``, the
        library's own) to the library's dtype.
    prepare : callable
        Applied to every array argument before a ``Native`` call (torch turns
        NumPy arrays and lists into tensors; Dask needs nothing).
    convert : callable
        ``convert(value, dispatch_type)`` under ``coerce=True``: the library's
        version of a foreign value, or ``NotImplemented``.
    out : callable
        Checks an ``out=`` argument (returns it, or raises :func:`decline`).
    claims : callable, optional
        ``claims(type) -> bool`` for types it owns but cannot list up front
        (the array-API backend claims every type with ``__array_namespace__``).
    domain : str
        The domain served: ``"numpy"`` (the whole API, its sub-domains
        included), or a sub-domain such as ``"numpy.fft"`` for a library that
        serves only that part (pyFFTW, mkl_fft).
    to_numpy : callable, optional
        One of the library's values as NumPy's, for the conformance harness and
        tests, where ``numpy.asarray`` will not do (PyData/Sparse refuses to
        densify implicitly). Values it does not know are returned unchanged.
    samples : callable, optional
        A NumPy array as one of the backend's own arrays, for the conformance harness,
        where ``convert`` will not do (the generic array-API backend has none: it serves
        any namespace's arrays, and is fed ``array_api_strict``'s).
    errors : callable, optional
        ``errors(multimethod, args, kwargs, exc)``: NumPy's error for one the library raised
        (torch's ``LinAlgError`` as NumPy's), or ``None``; asked before the rule of shapes
        (:meth:`LibraryBackend.explain_error`).
    """

    name: str
    module: str
    types: Callable[[], Iterable[type]]
    table: Callable[[], Mapping[str, Any]]
    absorbs: Callable[[], Iterable[type]] = lambda: (np.ndarray, np.generic, np.dtype)
    dtype: Callable[[Any], Any] = _identity
    prepare: Callable[[Any], Any] = _identity
    convert: Callable[[Any, Any], Any] | None = None
    out: Callable[[Any], Any] = _identity
    claims: Callable[[type], bool] | None = None
    domain: str = "numpy"
    to_numpy: Callable[[Any], Any] | None = None
    samples: Callable[[Any], Any] | None = None
    errors: Callable[[Callable[..., Any], tuple[Any, ...], Mapping[str, Any], BaseException],
                     BaseException | None] | None = None


def multimethod_for(path: str) -> Callable[..., Any] | None:
    """The ``overridable.numpy`` multimethod for NumPy's ``path``, or ``None`` if the API
    does not declare it (yet).

    >>> import overridable.numpy as unp
    >>> multimethod_for("sum") is unp.sum, multimethod_for("linalg.inv") is unp.linalg.inv
    (True, True)
    >>> multimethod_for("not_numpy") is None
    True
    """
    import overridable.numpy as unp

    obj: Any = unp
    for part in path.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return obj if hasattr(obj, "__overridable__") else None


def spec_for(multimethod: Callable[..., Any]) -> dict[str, str]:
    """The dispatch marks of a multimethod's parameters: ``"array"``, ``"dtype"``, or
    ``"many:array"`` for a sequence of arrays (a ``*args`` parameter is marked per item).

    >>> import overridable.numpy as unp
    >>> spec_for(unp.concatenate)["arrays"], spec_for(unp.linalg.solve)
    ('many:array', {'a': 'array', 'b': 'array'})
    """
    declared = getattr(multimethod, "dispatch", None) or {}
    if not declared:
        return {}
    kinds = {name: p.kind for name, p in inspect.signature(multimethod).parameters.items()}
    spec = {}
    for name, mark in declared.items():
        if isinstance(mark, ov.many):  # *args: each item is one dispatchable
            many = kinds[name] is not inspect.Parameter.VAR_POSITIONAL
            spec[name] = ("many:" if many else "") + str(mark.mark)
        else:
            spec[name] = str(mark)
    return spec


def _same(value: Any, default: Any) -> bool:
    # An explicitly passed value equal to NumPy's default (order="C") is no request.
    return isinstance(value, _SIMPLE) and type(value) is type(default) and value == default


def out_given(out: Any, nout: int | None = None) -> bool:
    """Whether ``out=`` asks for an output, with NumPy's errors for a tuple: a ufunc of
    ``nout`` outputs takes a tuple of exactly ``nout`` (``None`` items asking for none),
    another function (``nout`` ``None``) no tuple.

    >>> out_given(None), out_given((None, None), 2), out_given((None,), 1)
    (False, False, False)
    >>> out_given((), 1)
    Traceback (most recent call last):
    ...
    ValueError: The 'out' tuple must have exactly one entry per ufunc output
    >>> out_given((None,))
    Traceback (most recent call last):
    ...
    TypeError: return arrays must be of ArrayType
    """
    if type(out) is not tuple:
        return out is not None
    if nout is None:
        raise TypeError("return arrays must be of ArrayType")
    if len(out) != nout:
        raise ValueError("The 'out' tuple must have exactly one entry per ufunc output")
    return any(o is not None for o in out)


_counter = itertools.count()


class _Default(str):
    """A parameter's default in generated source: its name there (``_d3``), unquoted."""

    def __repr__(self) -> str:
        return str(self)


class _Reached(Exception):
    """Raised in a generated adapter's dry run where it would call the library: no decline."""


def _reached(*args: Any, **kwargs: Any) -> Any:
    raise _Reached


def compile_native(path: str, multimethod: Callable[..., Any], native: Native,
                   library: Library) -> Callable[..., Any]:
    """An implementation with the multimethod's signature that calls ``native.function``.

    Required parameters go by position, the others by keyword when given a
    value other than NumPy's default; see the module docstring.
    """
    P = inspect.Parameter
    sig = inspect.signature(multimethod)
    spec = spec_for(multimethod)
    target = native.function
    lib_params: Mapping[str, inspect.Parameter]
    try:
        lib_params = inspect.signature(target).parameters
        open_ended = any(p.kind is P.VAR_KEYWORD for p in lib_params.values())
    except (TypeError, ValueError):
        lib_params, open_ended = {}, True  # builtins without a signature take what they take
    qualified = f"{library.module}.{getattr(target, '__name__', target)!s}"
    env: dict[str, Any] = {
        "_fn": target, "_dtype": library.dtype, "_arr": library.prepare, "_out": library.out,
        "_same": _same, "_decline": decline, "_fixed": dict(native.fixed),
        "_out_given": out_given, "_nout": getattr(multimethod, "nout", None),
    }
    # The multimethod's parameters, each default named in the source (``axis=_d1``).
    params = [p.replace(annotation=P.empty, default=p.default if p.default is P.empty
                        else _Default(f"_d{i}"))
              for i, p in enumerate(sig.parameters.values())]
    decl = str(inspect.Signature(params))[1:-1]
    positional: list[str] = []
    optional_positional: list[tuple[str, str]] = []
    body: list[str] = []
    checked: list[tuple[str, str]] = []  # optional parameters passed on when given
    required_kw: list[str] = []  # required keyword-only ones: name=value
    varkw = ""
    declines = False  # whether a call can decline before reaching the library (precheck)

    prepares = library.prepare is not _identity
    translates = library.dtype is not _identity

    def value(name: str, text: str) -> str:
        mark = spec.get(name)
        if mark == "array" and prepares:
            return f"_arr({text})"
        if mark == "many:array" and prepares:
            return f"[_arr(_v) for _v in {text}]"
        if mark == "dtype" and translates:
            return f"(None if {text} is None else _dtype({text}))"
        return text

    for p, named in zip(sig.parameters.values(), params, strict=True):
        default = str(named.default)
        if p.kind is P.VAR_POSITIONAL:
            item = value(p.name, "_x")
            positional.append(f"*{p.name}" if item == "_x"
                              else f"*[{item} for _x in {p.name}]")
            continue
        if p.kind is P.VAR_KEYWORD:
            body.append(f"    _kw.update({p.name})")
            varkw = p.name
            continue
        if p.default is P.empty:
            if p.kind is P.KEYWORD_ONLY:  # a required keyword stays a keyword (sep=)
                body.append(f"    _kw[{native.rename.get(p.name, p.name)!r}] = "
                            f"{value(p.name, p.name)}")
                required_kw.append(f"{native.rename.get(p.name, p.name)}="
                                   f"{value(p.name, p.name)}")
            else:
                positional.append(value(p.name, p.name))
            continue
        env[default] = p.default
        if p.kind is P.POSITIONAL_ONLY:
            optional_positional.append((p.name, default))
            checked.append((p.name, default))
            continue
        if p.name in native.drop:
            continue
        checked.append((p.name, default))
        lib_name = native.rename.get(p.name, p.name)
        given = f"{p.name} is not {default} and not _same({p.name}, {default})"
        supported = open_ended or lib_name in lib_params
        if p.name == "out" and supported:
            # A ufunc with two outputs has out=(None, None) by default: not given either.
            body.append(f"    if _out_given({p.name}, _nout):")
            body.append(f"        _kw[{lib_name!r}] = _out({p.name})")
            declines = declines or library.out is not _identity
        elif supported:
            body.append(f"    if {given}:")
            body.append(f"        _kw[{lib_name!r}] = {value(p.name, p.name)}")
        else:
            refusal = (f"{qualified!r} ' takes no {p.name}= (got ' + repr({p.name})[:60] "
                       "+ ')'")
            body.append(f"    if {given}:")
            if p.name == "out" and library.out is not _identity:
                # The library's own word on out= first (JAX: "arrays are immutable").
                body.append(f"        _out({p.name})")
            body.append(f"        raise _decline({refusal})")
            declines = True
    lines = [f"def _impl({decl}):"]
    if not native.fixed and (checked or varkw):
        # The common call gives no optional argument: one identity test each, and the
        # library's function gets the required ones alone (no keyword dictionary).
        absent = [f"{n} is {d}" for n, d in checked] + ([f"not {varkw}"] if varkw else [])
        lines += [f"    if {' and '.join(absent)}:",
                  f"        return _fn({', '.join([*positional, *required_kw])})"]
    lines += ["    _kw = dict(_fixed)", *body]
    if optional_positional:
        # NumPy's where(c) and where(c, None, None) differ: pass on only what was given.
        names = ", ".join(n for n, _ in optional_positional)
        defaults = ", ".join(d for _, d in optional_positional)
        lines += [
            f"    _opt = [{names}]",
            f"    _defaults = [{defaults}]",
            "    while _opt and _opt[-1] is _defaults[len(_opt) - 1]:",
            "        _opt.pop()",
            f"    return _fn({''.join(a + ', ' for a in positional)}*_opt, **_kw)",
        ]
    else:
        lines.append(f"    return _fn({''.join(a + ', ' for a in positional)}**_kw)")
    source = "\n".join(lines) + "\n"
    code = compile(source, f"<overridable.backends.{library.name}.{path}#{next(_counter)}>",
                   "exec")
    exec(code, env)
    impl: Callable[..., Any] = env["_impl"]
    impl.__name__ = impl.__qualname__ = path.replace(".", "_")
    impl.__doc__ = f"NumPy's {path} served by {qualified}."
    if declines:
        # ``precheck``: called by ``ov.explain`` (never by a call) with the call's arguments,
        # it gives the reason the implementation would decline, or None: the same code,
        # run up to the library's call without calling it or converting any argument.
        dry = {**env, "_fn": _reached, "_arr": _identity, "_dtype": _identity}
        exec(code, dry)
        impl.precheck = functools.partial(_precheck, dry["_impl"])  # type: ignore[attr-defined]
    return impl


def fast_path(path: str, entry: Any, library: Library, fast: Callable[..., Any], *,
              owner: type, **shape: Any) -> Adapter:
    """The table ``entry`` for NumPy's ``path`` with its common call sent by the engine
    straight to the library's ``fast`` (:func:`guarded`: arrays of exactly ``owner``'s type
    by position, in ``shape``'s shape of call); every other call goes to ``entry`` as
    :func:`build` makes it. ``fast`` must give what ``entry`` gives wherever the guard
    passes.

    >>> import numpy as np
    >>> demo = Library("demo", "numpy", types=lambda: (np.ndarray,), table=dict)
    >>> total = fast_path("sum", np.sum, demo, np.sum, owner=np.ndarray, arity=1, axis=True)
    >>> total.function(np.ones((2, 3)), axis=0).tolist()
    [2.0, 2.0, 2.0]
    """
    if isinstance(entry, Adapter):
        slow = entry.function
    else:
        multimethod = multimethod_for(path)
        if multimethod is None:
            raise ValueError(f"fast_path: overridable.numpy declares no {path!r}")
        slow = compile_native(path, multimethod,
                              entry if isinstance(entry, Native) else Native(entry), library)
    return Adapter(guarded(slow, fast, owner=owner, **shape))


def _precheck(dry_run: Callable[..., Any], *args: Any, **kwargs: Any) -> str | None:
    """The reason ``dry_run`` (an adapter calling :func:`_reached` for the library's function)
    declines with, or None if it reaches the library."""
    try:
        dry_run(*args, **kwargs)
    except _Reached:
        return None
    except ov.BackendNotImplementedError as exc:
        return str(exc)
    except (TypeError, ValueError):  # NumPy's error (out=()), which the call raises: served
        return None
    return None


class LibraryBackend(ov.Backend):
    """A ``Backend`` built from a :class:`Library`, keeping the library's description."""

    __slots__ = ("library", "unresolved")

    library: Library
    unresolved: tuple[str, ...]

    def ownership(self, value_type: type) -> bool | None:
        """As ``Backend.ownership``, and ``True`` for a type ``Library.claims``."""
        result = super().ownership(value_type)
        if result is None and self.library.claims is not None \
                and self.library.claims(value_type):
            result = self._accepts[value_type] = True
        return result

    def explain_error(self, method: Callable[..., Any], args: tuple[Any, ...],
                      kwargs: dict[str, Any], exc: BaseException) -> BaseException | None:
        """NumPy's error for a call the library refused with its own: the library's
        translation (``Library.errors``), else, for a ufunc or one of :data:`SHAPE_ERRORS`,
        NumPy's error on the same shapes (:func:`numpy_error`); ``None`` (``exc`` stands)
        otherwise."""
        if self.library.errors is not None:
            translated = self.library.errors(method, args, kwargs, exc)
            if translated is not None:
                return translated
        function = _explained().get(method)
        return None if function is None else numpy_error(function, args, kwargs)


def build(library: Library) -> LibraryBackend:
    """Build the backend for ``library`` from its table (the library is imported here).

    Table entries whose NumPy name the API does not declare yet are kept in
    ``backend.unresolved`` (and listed by the tests), not silently dropped.
    """
    implementations: dict[Callable[..., Any], Callable[..., Any]] = {}
    unresolved: list[str] = []
    for path, target in library.table().items():
        mm = multimethod_for(path)
        if mm is None:
            unresolved.append(path)
            continue
        if isinstance(target, Adapter):
            implementations[mm] = target.function
        else:
            native = target if isinstance(target, Native) else Native(target)
            implementations[mm] = compile_native(path, mm, native, library)
    backend = LibraryBackend(
        library.domain, name=library.name, types=library.types(), absorbs=library.absorbs(),
        implementations=implementations, convert=library.convert,
    )
    backend.library = library
    backend.unresolved = tuple(unresolved)
    return backend


def _info_dtype(value: Any) -> Any:
    # finfo(x) takes a dtype or an array: an array (not a class) gives its dtype.
    dtype = getattr(value, "dtype", None)
    return value if dtype is None or isinstance(value, type) else dtype


class _Limits:
    """A library's ``finfo``/``iinfo`` result as the array API asks: ``dtype`` the library's
    dtype object (``torch.finfo(...).dtype`` is a string; ``finfo(complex64).dtype`` is
    float32, the real dtype, as NumPy's), and the floating-point limits (``eps``, ``max``,
    ``min``, ``smallest_normal``, ...) Python floats (NumPy's are ``np.float32`` for
    float32). Every other attribute is the library's, unchanged."""

    def __init__(self, limits: Any, dtype: Any) -> None:
        self._limits, self.dtype = limits, dtype

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._limits, name)
        # (iinfo's min and max are ints already: only floating values become floats.)
        if isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral):
            return float(value)
        return value

    def __repr__(self) -> str:
        return repr(self._limits)

    @classmethod
    def of(cls, limits: Any, dtype: Any, namespace: Any = None) -> Any:
        """``limits`` wrapped with their own ``dtype`` where it is a dtype object already
        (NumPy's ``finfo(complex64).dtype`` is float32: kept), else with the library's
        dtype object that the string names (``namespace.float32``), or ``dtype`` itself
        where the namespace has none.

        >>> import types
        >>> lib = types.SimpleNamespace(float32=("lib", "float32"))
        >>> fake = types.SimpleNamespace(dtype="float32", bits=32)
        >>> _Limits.of(fake, ("lib", "complex64"), lib).dtype
        ('lib', 'float32')
        >>> info = _Limits.of(np.finfo(np.complex64), np.complex64)
        >>> info.dtype, type(info.eps), info.bits
        (dtype('float32'), <class 'float'>, 32)
        """
        own = getattr(limits, "dtype", None)
        real = getattr(namespace, own, None) if isinstance(own, str) else own
        return cls(limits, dtype if real is None else real)


class _NumPyDefaults:
    """An inspection namespace whose default floating dtypes are NumPy's (float64 and
    complex128, as the backend creates them), the rest the library's."""

    def __init__(self, info: Any, xp: Any) -> None:
        self._info, self._xp = info, xp

    def __getattr__(self, name: str) -> Any:
        return getattr(self._info, name)

    def default_dtypes(self, *, device: Any = None) -> dict[str, Any]:
        out = dict(self._info.default_dtypes(device=device))
        out["real floating"], out["complex floating"] = self._xp.float64, self._xp.complex128
        return out


def array_api_info(namespace: str, numpy_defaults: bool = False) -> dict[str, Adapter]:
    """``finfo``, ``iinfo`` and ``__array_namespace_info__`` entries served by the array-API
    namespace ``namespace`` (``"jax.numpy"``, ``"array_api_compat.torch"``), imported when
    first called: the limits and the inspection namespace in the library's own dtypes.
    ``numpy_defaults``: the backend creates float64 where the library would not (torch),
    and the inspection namespace says so.

    >>> entries = array_api_info("numpy")
    >>> entries["iinfo"].function(np.int8).max, sorted(entries)[0]
    (127, '__array_namespace_info__')
    """
    def xp() -> Any:
        try:
            return importlib.import_module(namespace)
        except ImportError as exc:
            raise decline(f"{namespace} is not installed: {exc}") from exc

    def finfo(type: Any, /) -> Any:
        dtype = _info_dtype(type)
        return _Limits.of(xp().finfo(dtype), dtype, xp())

    def iinfo(type: Any, /) -> Any:
        dtype = _info_dtype(type)
        return _Limits.of(xp().iinfo(dtype), dtype, xp())

    def namespace_info() -> Any:
        info = xp().__array_namespace_info__()
        return _NumPyDefaults(info, xp()) if numpy_defaults else info

    return {"finfo": Adapter(finfo), "iinfo": Adapter(iinfo),
            "__array_namespace_info__": Adapter(namespace_info)}


def importer(name: str, attribute: str | None = None) -> Callable[[], Any]:
    """The backends' one lazy-import idiom: a function returning module ``name`` (or its
    ``attribute``), imported on its first call, never when the backend module is imported.

    >>> cmath = importer("cmath")
    >>> cmath().sqrt(-1), importer("math", "pi")() > 3
    (1j, True)
    """
    @functools.cache
    def load() -> Any:
        module = importlib.import_module(name)
        return module if attribute is None else getattr(module, attribute)

    return load


def lazy_backend(module_name: str, make: Callable[[], ov.Backend]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that builds ``backend`` (importing the library) on first access.

    Entry points name ``overridable.backends.<lib>:backend``, so asking for a
    backend by name imports its library then, and importing the backend
    module alone imports nothing.
    """
    lock = threading.Lock()
    built: list[ov.Backend] = []

    def __getattr__(name: str) -> Any:
        if name != "backend":
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        with lock:
            if not built:
                built.append(make())
        return built[0]

    return __getattr__
