"""Multimethods: the public ways to make one (uarray's ``generate_multimethod`` and
``create_multimethod``, the declarative ``multimethod``), ``explain``, and
``determine_backend``.

A multimethod is the generated Python function of ``_codegen`` (the reference
semantics), or, when the extension is loaded, the compiled dispatcher standing for it
(``_native_dispatcher.c``): both read the plans that ``_resolution`` caches, and hand misses,
unusual call shapes and declines to it.

This module must never import an array library.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import FunctionType, MappingProxyType
from typing import Any, cast

from ._backend import BackendLike, validate_domain
from ._codegen import _REQUIRED, _SEQUENCES, _Param, _signature
from ._dispatchable import (
    Dispatchable,
    all_of_type,
    many,
    mark_as,
    wrap_single_convertor,
    wrap_single_convertor_instance,
)
from ._errors import (
    REFUSED,
    SKIPPED,
    Attempt,
    Explanation,
    no_backend_error,
)
from ._resolution import _Info
from ._state import (
    Candidate,
    candidates,
    current_globals,
    get_local,
    native,
    set_backend,
)

__all__ = [
    "Dispatchable",
    "all_of_type",
    "create_multimethod",
    "determine_backend",
    "determine_backend_multi",
    "explain",
    "generate_multimethod",
    "many",
    "mark_as",
    "multimethod",
    "wrap_single_convertor",
    "wrap_single_convertor_instance",
]


def _finish(
    info: _Info, wrapped: Callable[..., Any] | None, name: str | None = None,
    module: str | None = None, doc: str | None = None, qualname: str | None = None,
    binds: bool = True, signature: inspect.Signature | None = None,
) -> Callable[..., Any]:
    """Name the generated function, and return the public multimethod: the compiled
    dispatcher standing for it when the extension is loaded, else the function (behind
    its front, ``info.front``, when it has a ``normalize``)."""
    fn = info.python
    if wrapped is not None:
        functools.update_wrapper(fn, wrapped)
    if name is not None:
        fn.__name__ = fn.__qualname__ = name
    if qualname is not None:
        fn.__qualname__ = qualname
    if module is not None:
        fn.__module__ = module
    if doc is not None:
        fn.__doc__ = doc
    assert isinstance(fn, FunctionType)
    fn.__code__ = fn.__code__.replace(co_name=fn.__name__, co_qualname=fn.__qualname__)
    # The key function binds the same arguments: its errors should name the multimethod.
    key = info.key
    key.__name__, key.__qualname__ = fn.__name__, fn.__qualname__
    fn.arg_extractor = info.extractor  # type: ignore[attr-defined]
    fn.arg_replacer = info.replacer  # type: ignore[attr-defined]
    fn.default = info.default  # type: ignore[attr-defined]
    fn.domain = info.domain  # type: ignore[attr-defined]
    fn.__overridable__ = info  # type: ignore[attr-defined]
    shown = signature or inspect.signature(fn)
    # The compiled dispatcher binds the calls that fit the generated function and hands
    # the others to the Python one: with a normalize, to its front, which rewrites them.
    fallback = fn if info.front is None else info.front
    if native is None and fallback is fn:
        return fn
    public: Any  # a function, or the compiled dispatcher
    if native is None:
        public = fallback
        functools.update_wrapper(public, fn)
        public.__code__ = public.__code__.replace(co_name=fn.__name__,
                                                  co_qualname=fn.__qualname__)
    else:
        dispatch = None if not info.typed else tuple(
            (info.source.names.index(p.name), p.many, p.optional) for p in info.params or ())
        public = native.Dispatcher(
            fallback, info.cell, info.native_declined, info.source.names, info.source.kinds,
            info.source.all_defaults, _REQUIRED, dispatch, binds, info.native_annotate)
        public.__dict__.update(fn.__dict__)
        for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
            public.__dict__[attr] = getattr(fn, attr)
    public.__signature__ = shown
    info.function = public
    return public  # type: ignore[no-any-return]


def generate_multimethod(
    argument_extractor: Callable[..., tuple[Dispatchable[Any], ...]],
    argument_replacer: Callable[..., tuple[tuple[Any, ...], dict[str, Any]]],
    domain: str,
    default: Callable[..., Any] | None = None,
) -> Callable[..., Any]:
    """Create a multimethod from an argument extractor and replacer (uarray's form).

    Parameters
    ----------
    argument_extractor : callable
        Has the multimethod's signature; returns a tuple of :class:`Dispatchable`.
    argument_replacer : callable
        ``(args, kwargs, dispatchables) -> (args, kwargs)`` putting converted
        dispatchables back.
    domain : str
        The multimethod's domain, e.g. ``"numpy.fft"``.
    default : callable, optional
        Runs when a backend has no implementation (pinned to that backend) and,
        unpinned, when no backend serves the call.

    Examples
    --------
    >>> import overridable as ov
    >>> def override_me(a, b):
    ...     return (ov.Dispatchable(a, int),)
    >>> def replacer(args, kwargs, dispatchables):
    ...     return (dispatchables[0], args[1]), {}
    >>> f = ov.generate_multimethod(override_me, replacer, "example",
    ...                             default=lambda a, b: (a, b))
    >>> f(1, "a")
    (1, 'a')
    """
    info = _Info(_signature(argument_extractor), argument_extractor, argument_replacer, domain,
                 default, None)
    return _finish(info, argument_extractor)


def create_multimethod(*args: Any, **kwargs: Any) -> Callable[[Callable[..., Any]], Any]:
    """Decorator form of :func:`generate_multimethod`: decorate the argument extractor.

    >>> import overridable as ov
    >>> @ov.create_multimethod(lambda a, kw, d: (a, kw), "example", default=lambda: "default")
    ... def f():
    ...     return ()
    >>> f()
    'default'
    """

    def wrapper(extractor: Callable[..., Any]) -> Callable[..., Any]:
        return generate_multimethod(extractor, *args, **kwargs)

    return wrapper


def _make_extractor(params: list[_Param]) -> Callable[..., tuple[Dispatchable[Any], ...]]:
    def extractor(*args: Any, **kwargs: Any) -> tuple[Dispatchable[Any], ...]:
        out: list[Dispatchable[Any]] = []
        for p in params:
            value = p.get(args, kwargs)
            if p.many and type(value) in _SEQUENCES:
                out.extend(Dispatchable(v, p.mark) for v in value if v is not None)
            elif p.given(value):
                out.append(Dispatchable(value, p.mark))
        return tuple(out)

    return extractor


def _make_replacer(params: list[_Param]) -> Callable[..., Any]:
    def replacer(
        args: tuple[Any, ...], kwargs: dict[str, Any], dispatchables: Sequence[Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        new_args = list(args)
        new_kwargs = dict(kwargs)
        values = iter(dispatchables)
        for p in params:
            value = p.get(args, kwargs)
            if p.many and type(value) in _SEQUENCES:
                new = type(value)(next(values) if v is not None else None for v in value)
            elif p.given(value):
                new = next(values)
            else:
                continue
            if p.varargs:
                new_args[p.index:] = new
            elif p.index is not None and len(args) > p.index:
                new_args[p.index] = new
            else:
                new_kwargs[p.name] = new
        return tuple(new_args), new_kwargs

    return replacer


def multimethod(
    domain: str,
    dispatch: Mapping[str, Any],
    *,
    default: Callable[..., Any] | None = None,
    name: str | None = None,
    module: str | None = None,
    doc: str | None = None,
    qualname: str | None = None,
    binds: bool = True,
    normalize: Callable[..., tuple[tuple[Any, ...], dict[str, Any]]] | None = None,
    signature: inspect.Signature | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare a multimethod from a signature: no extractor or replacer to write.

    Decorate a function whose signature is the multimethod's (its body is not
    used; it may be ``...``). ``dispatch`` maps parameter names to their
    dispatch type (mark); wrap the mark in :class:`many` for a parameter
    holding a sequence of dispatchables. ``*args`` parameters dispatch on each
    item. ``None`` values are not dispatched on.

    With ``binds=False`` the multimethod does not bind as a method when stored
    as a class attribute, like NumPy's functions (``class T: f = unp.array``);
    this takes the compiled dispatcher: a pure-Python multimethod is a function,
    and binds.

    ``normalize(args, kwargs)`` takes the calls that do not bind to the signature
    (the API's other spellings: NumPy's ``arange(stop=3)``, a ufunc's outputs by
    position) and returns them as calls that do, or raises the caller's error; only those
    calls pay for it, and backends see the one spelling. ``signature`` is then the one
    shown (``inspect.signature``), when it differs from the decorated function's.

    The multimethod's ``dispatch`` attribute is the declaration, read-only:
    parameter name -> mark (a :class:`many` for a sequence), in signature
    order; backends read it to know which arguments are arrays or dtypes.

    Examples
    --------
    >>> import overridable as ov
    >>> @ov.multimethod("example", {"x": "array", "others": ov.many("array")})
    ... def stack(x, others=(), axis=0):
    ...     "Stack arrays."
    >>> be = ov.Backend("example", types=[list])
    >>> _ = be.implement(stack)(lambda x, others=(), axis=0: [x, *others])
    >>> with ov.set_backend(be):
    ...     stack([1], others=[[2], [3]])
    [[1], [2], [3]]
    >>> stack.__doc__
    'Stack arrays.'
    >>> dict(stack.dispatch)
    {'x': 'array', 'others': many('array')}

    A ``normalize`` lets callers spell a call another way (here ``stop=``):

    >>> def spelled(args, kwargs):
    ...     return (kwargs.pop("stop"),), kwargs
    >>> @ov.multimethod("example", {}, normalize=spelled)
    ... def count(stop, /): ...
    >>> _ = be.implement(count)(lambda stop: list(range(stop)))
    >>> with ov.set_backend(be):
    ...     count(3), count(stop=2)
    ([0, 1, 2], [0, 1])
    """

    def decorate(stub: Callable[..., Any]) -> Callable[..., Any]:
        sig = inspect.signature(stub)
        names = list(sig.parameters)
        unknown = set(dispatch) - set(names)
        if unknown:
            raise TypeError(f"dispatch names parameters {sorted(unknown)} that "
                            f"{stub.__name__}{sig} does not have")
        params = []
        for pos, (pname, p) in enumerate(sig.parameters.items()):
            if pname not in dispatch:
                continue
            positional = p.kind in (inspect.Parameter.POSITIONAL_ONLY,
                                    inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    inspect.Parameter.VAR_POSITIONAL)
            params.append(_Param(p, pos if positional else None, dispatch[pname]))
        info = _Info(sig, _make_extractor(params), _make_replacer(params), domain, default,
                     params, normalize)
        fn = _finish(info, stub, name, module, doc, qualname, binds, signature)
        fn.dispatch = MappingProxyType(  # type: ignore[attr-defined]
            {p.name: dispatch[p.name] for p in params})
        del fn.__wrapped__  # type: ignore[attr-defined]
        if fn is not info.python:  # compiled: it unwraps to the generated function's source
            del info.python.__wrapped__  # type: ignore[attr-defined]
            fn.__wrapped__ = info.python  # type: ignore[attr-defined]
        return fn

    return decorate


def _info(multimethod: Callable[..., Any]) -> _Info:
    info = getattr(multimethod, "__overridable__", None)
    if not isinstance(info, _Info):
        raise TypeError(f"{multimethod!r} is not an overridable multimethod")
    return info


def explain(multimethod: Callable[..., Any], *args: Any, **kwargs: Any) -> Explanation:
    """Say which backend would serve ``multimethod(*args, **kwargs)`` and why, calling none.

    Returns an :class:`Explanation`: a sequence of :class:`Attempt` records
    (each backend considered, in order, with its outcome) with ``chosen`` set
    to the backend that would be called first; ``print()`` it for people.
    Protocol backends decide at call time, so they show as "would be tried".

    Examples
    --------
    >>> import overridable as ov
    >>> @ov.multimethod("example", {"x": "array"})
    ... def double(x): ...
    >>> sets = ov.Backend("example", name="sets", types=[set],
    ...                   implementations={double: lambda x: x | {-v for v in x}})
    >>> frozensets = ov.Backend("example", name="frozensets", types=[frozenset])
    >>> with ov.set_backend(sets), ov.set_backend(frozensets):
    ...     print(ov.explain(double, {1}))
    overridable._multimethod.double (domain 'example'): served by sets
      1. frozensets [local, example]: conversion refused (does not accept set)
      2. sets [local, example]: would be called (implementation)
    """
    info = _info(multimethod)
    if info.canonical is not None:
        args, kwargs = info.canonical(args, kwargs)
    return info.explain(args, kwargs)


def determine_backend(
    value: object, dispatch_type: Any, *, domain: str, only: bool = True, coerce: bool = False
) -> Any:
    """A ``set_backend`` context for the first active backend that accepts ``value``.

    Use it to make calls with no dispatchable argument (creation functions)
    follow the backend of an existing value. Acceptance is asked with
    ``__ua_convert__``; a backend without it is assumed not to accept.

    Examples
    --------
    >>> import overridable as ov
    >>> sets = ov.Backend("example", name="sets", types=[set])
    >>> frozensets = ov.Backend("example", name="frozensets", types=[frozenset])
    >>> with ov.set_backend(sets), ov.set_backend(frozensets):
    ...     with ov.determine_backend({1}, "array", domain="example"):
    ...         ov.get_state()
    <BackendState local=[..., set_backend(<overridable.Backend sets>, ..., only=True)] ...>
    """
    return determine_backend_multi(
        [Dispatchable(value, dispatch_type, coerce)], domain=domain, only=only, coerce=coerce
    )


def determine_backend_multi(
    dispatchables: Iterable[Any], *, domain: str, only: bool = True, coerce: bool = False,
    **kwargs: Any,
) -> Any:
    """As :func:`determine_backend`, for a backend that accepts all of ``dispatchables``.

    Items are :class:`Dispatchable`, or plain values when ``dispatch_type=``
    is given.

    Examples
    --------
    >>> import overridable as ov
    >>> lists = ov.Backend("example", name="lists", types=[list])
    >>> with ov.set_backend(lists):
    ...     with ov.determine_backend_multi([[1], [2]], dispatch_type="array", domain="example"):
    ...         pass
    """
    if "dispatch_type" in kwargs:
        mark = kwargs.pop("dispatch_type")
        items = tuple(d if isinstance(d, Dispatchable) else Dispatchable(d, mark)
                      for d in dispatchables)
    else:
        items = tuple(dispatchables)
        if not all(isinstance(d, Dispatchable) for d in items):
            raise TypeError("dispatchables must be instances of overridable.Dispatchable "
                            "(or pass dispatch_type=)")
    if kwargs:
        raise TypeError(f"Received unexpected keyword arguments: {kwargs}")
    validate_domain(domain)
    attempts: list[Attempt] = []
    found: list[Candidate]
    found, _ = candidates(domain, get_local(), current_globals())
    for backend, backend_coerce, source, level, skipped in found:
        if skipped:
            attempts.append(Attempt(backend, source, level, SKIPPED))
            continue
        convert = getattr(backend, "__ua_convert__", None)
        if convert is None:
            attempts.append(Attempt(backend, source, level, REFUSED, "has no __ua_convert__"))
            continue
        if convert(items, coerce and backend_coerce) is NotImplemented:
            attempts.append(Attempt(backend, source, level, REFUSED))
            continue
        return set_backend(cast(BackendLike, backend), coerce=coerce, only=only)
    raise no_backend_error("determine_backend", domain, attempts)

