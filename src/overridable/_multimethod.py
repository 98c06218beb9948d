"""Multimethods: creation (uarray-style and declarative), resolution, caching and ``explain``.

A multimethod is a plain Python function generated for its signature. Its
hot path is one cache look-up, ``node.plans[token][types]``: the local state
node (see ``_state``) holds the plans cached for calls made in it, under the
multimethod's current *token*, keyed by the types of the dispatchable
arguments; then a call of the cached *plan*. The plan is the implementation
itself when the first backend able to serve the call is a
:class:`~overridable.Backend` with an implementation (or a default with no
backend to pin), and otherwise a runner that walks the backends with the
uarray protocol. Cached plans stay valid because the key holds everything
resolution reads: the local state is the node, acceptance by a ``Backend``
depends only on types, and each change of the process-wide state gives every
multimethod a new token carrying the new snapshot. A call keeps the token it
began with, so its plan and anything after a decline are planned against one
snapshot. A plan that declines (returns ``NotImplemented`` or raises
``BackendNotImplementedError``) hands over to the rest of the resolution,
uncached. Plans live on the nodes, so they die with them: however many local
states are alive, none evicts another's plans.

This module must never import an array library.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import linecache
import logging
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import CellType, FunctionType
from typing import Any, Final, Generic, TypeVar

from ._backend import Backend, validate_domain
from ._errors import (
    DEFAULT,
    NO_DOMAIN,
    NO_IMPLEMENTATION,
    NOT_IMPLEMENTED,
    RAISED,
    REFUSED,
    SKIPPED,
    WOULD_CALL,
    WOULD_TRY,
    Attempt,
    BackendNotImplementedError,
    Explanation,
    backend_name,
    no_backend_error,
)
from ._state import (
    Candidate,
    _Globals,
    _Node,
    auto_register,
    candidates,
    current_globals,
    domain_levels,
    get_local,
    invalidation_hooks,
    native,
    pinned,
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

_T = TypeVar("_T")
#: Resolutions (cache misses only) are logged at DEBUG: the backend chosen and why.
_log = logging.getLogger("overridable")
_CACHE_LIMIT: Final = 4096
_SEQUENCES: Final = (list, tuple)


class Dispatchable(Generic[_T]):
    """An argument marked for dispatch: its value, its dispatch type (mark), and coercibility.

    Examples
    --------
    >>> import overridable as ov
    >>> d = ov.Dispatchable(1, "array")
    >>> d
    <Dispatchable: type='array', value=1>
    >>> d.value, d.type, d.coercible, d[0], d[1]
    (1, 'array', True, 'array', 1)
    """

    __slots__ = ("coercible", "type", "value")

    def __init__(self, value: _T, dispatch_type: Any, coercible: bool = True) -> None:
        self.value = value
        self.type = dispatch_type
        self.coercible = coercible

    def __getitem__(self, index: int) -> Any:
        return (self.type, self.value)[index]

    def __str__(self) -> str:
        return f"<{type(self).__name__}: type={self.type!r}, value={self.value!r}>"

    __repr__ = __str__


def mark_as(dispatch_type: Any) -> Callable[..., Dispatchable[Any]]:
    """A function that marks values with ``dispatch_type``.

    >>> import overridable as ov
    >>> ov.mark_as(int)(1)
    <Dispatchable: type=<class 'int'>, value=1>
    """
    return functools.partial(Dispatchable, dispatch_type=dispatch_type)


def all_of_type(arg_type: Any) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Any]]:
    """Decorate an argument extractor so that every unmarked value is marked ``arg_type``.

    >>> import overridable as ov
    >>> @ov.all_of_type(str)
    ... def f(a, b):
    ...     return a, ov.Dispatchable(b, int)
    >>> f("a", 1)
    (<Dispatchable: type=<class 'str'>, value='a'>, <Dispatchable: type=<class 'int'>, value=1>)
    """

    def outer(func: Callable[..., Iterable[Any]]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> tuple[Dispatchable[Any], ...]:
            return tuple(
                a if isinstance(a, Dispatchable) else Dispatchable(a, arg_type)
                for a in func(*args, **kwargs)
            )

        return inner

    return outer


def wrap_single_convertor(
    convert_single: Callable[[Any, Any, bool], Any],
) -> Callable[[Iterable[Dispatchable[Any]], bool], Any]:
    """Build ``__ua_convert__`` from a function converting one value ``(value, type, coerce)``.

    >>> import overridable as ov
    >>> conv = ov.wrap_single_convertor(
    ...     lambda v, t, c: v if isinstance(v, int) else NotImplemented)
    >>> conv([ov.Dispatchable(1, int)], False), conv([ov.Dispatchable("x", int)], False)
    ([1], NotImplemented)
    """

    @functools.wraps(convert_single)
    def __ua_convert__(dispatchables: Iterable[Dispatchable[Any]], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            c = convert_single(d.value, d.type, coerce and d.coercible)
            if c is NotImplemented:
                return NotImplemented
            converted.append(c)
        return converted

    return __ua_convert__


def wrap_single_convertor_instance(
    convert_single: Callable[[Any, Any, Any, bool], Any],
) -> Callable[[Any, Iterable[Dispatchable[Any]], bool], Any]:
    """As :func:`wrap_single_convertor`, for a method ``(self, value, type, coerce)``.

    >>> import overridable as ov
    >>> class B:
    ...     @ov.wrap_single_convertor_instance
    ...     def __ua_convert__(self, v, t, coerce):
    ...         return v * 2
    >>> B().__ua_convert__([ov.Dispatchable(2, int)], False)
    [4]
    """

    @functools.wraps(convert_single)
    def __ua_convert__(self: Any, dispatchables: Iterable[Dispatchable[Any]], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            c = convert_single(self, d.value, d.type, coerce and d.coercible)
            if c is NotImplemented:
                return NotImplemented
            converted.append(c)
        return converted

    return __ua_convert__


class many:
    """Declares a parameter that holds a sequence of dispatchables, e.g. ``concatenate(arrays)``.

    >>> import overridable as ov
    >>> ov.many("array")
    many('array')
    """

    __slots__ = ("mark",)

    def __init__(self, mark: Any) -> None:
        self.mark = mark

    def __repr__(self) -> str:
        return f"many({self.mark!r})"


class _Param:
    """A dispatchable parameter of a declarative multimethod."""

    __slots__ = ("default", "index", "many", "mark", "name", "optional", "unset", "varargs")

    def __init__(self, p: inspect.Parameter, index: int | None, mark: Any) -> None:
        self.name = p.name
        self.index = index
        self.varargs = p.kind is inspect.Parameter.VAR_POSITIONAL
        self.many = isinstance(mark, many) or self.varargs
        self.mark = mark.mark if isinstance(mark, many) else mark
        self.optional = p.default is not inspect.Parameter.empty
        self.default = None if p.default is inspect.Parameter.empty else p.default
        # The type of a sentinel default (numpy._NoValue): a value of it is "not given",
        # and is not dispatched on, like None.
        self.unset: type = type(self.default)
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            raise TypeError(f"**{p.name} cannot be dispatched on")

    def get(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Any:
        if self.varargs:
            return args[self.index :]
        if self.index is not None and len(args) > self.index:
            return args[self.index]
        return kwargs.get(self.name, self.default)

    def given(self, value: Any) -> bool:
        """Whether ``value`` is dispatched on (``None`` and the default's sentinel are not)."""
        return value is not None and value is not self.default


_TEMPLATE = """
def factory(_ov_token, _ov_get, _ov_resolve, _ov_declined, _ov_BNIE, _ov_seqkey, _ov_type,
            _ov_tuple, _ov_map, _ov_ALL, _ov_given, {defaults}):
    def multimethod({params}):
        _ov_t = _ov_token
        try:
            _ov_plan = _ov_get().plans[_ov_t]{subscript}
        except KeyError:
            _ov_plan = _ov_resolve(_ov_t, {args}, {kwargs})
        try:
{invoke}
        except _ov_BNIE as _ov_exc:
            return _ov_declined(_ov_t, _ov_plan, {args}, {kwargs}, _ov_exc)
        if _ov_result is NotImplemented:
            return _ov_declined(_ov_t, _ov_plan, {args}, {kwargs}, None)
        return _ov_result

    def key({params}):
        return {key}

    def bound({params}):
        return {args}, {kwargs}

    return multimethod, key, bound
"""

_factories: dict[str, Callable[..., Any]] = {}


class _Source:
    """The generated source of a multimethod with a given signature, and its defaults.

    The generated function has the multimethod's exact signature, so that
    Python binds the arguments (in C) and the plan is called with them
    forwarded by position: no ``*args, **kwargs`` packing on the hot path.
    The implementation gets the arguments as a caller would write them:
    required ones by position, optional ones (by keyword, or by position if
    positional-only) only when they are not their default; so implementations
    have the multimethod's parameter names. The engine's internal form of a
    call is ``(positional values, keyword-only values given)``.
    """

    def __init__(self, sig: inspect.Signature, params: list[_Param] | None) -> None:
        P = inspect.Parameter
        self.defaults: list[Any] = []
        self.positional: list[tuple[str, Any]] = []  # (name, default or P.empty)
        self.keyword: dict[str, Any] = {}
        self.default_names: dict[str, str] = {}
        decl, call, args, kwargs = [], [], [], []
        kw_optional: list[tuple[str, str]] = []  # keyword-only with a default: (name, default)
        # positional parameters with a default: (name, default name, positional-only?)
        pos_optional: list[tuple[str, str, bool]] = []
        required_call: list[str] = []  # the positional parameters without a default
        self.varargs = self.varkw = False
        #: For the compiled dispatcher: every parameter's name, kind and default.
        self.names: tuple[str, ...] = tuple(sig.parameters)
        self.kinds = bytes(_KIND_CODES[p.kind] for p in sig.parameters.values())
        self.all_defaults = tuple(
            _REQUIRED if p.default is P.empty else p.default for p in sig.parameters.values())
        slash = star = False
        for p in sig.parameters.values():
            if p.name.startswith("_ov_"):
                raise ValueError(f"parameter names starting with '_ov_' are reserved: {p.name}")
            if p.kind is P.POSITIONAL_ONLY:
                slash = True
            elif slash:
                decl.append("/")
                slash = False
            if p.kind is P.KEYWORD_ONLY and not star:
                decl.append("*")
                star = True
            text = p.name
            if p.default is not P.empty:
                self.default_names[p.name] = f"_ov_d{len(self.defaults)}"
                text += f"=_ov_d{len(self.defaults)}"
                self.defaults.append(p.default)
            if p.kind is P.VAR_POSITIONAL:
                decl.append("*" + p.name)
                call.append("*" + p.name)
                args.append("*" + p.name)
                star = True
                self.varargs = True
            elif p.kind is P.VAR_KEYWORD:
                decl.append("**" + p.name)
                call.append("**" + p.name)
                kwargs.append("**" + p.name)
                self.varkw = True
            elif p.kind is P.KEYWORD_ONLY:
                decl.append(text)
                kwargs.append(f"{p.name!r}: {p.name}")
                self.keyword[p.name] = p.default
                if p.default is P.empty:
                    call.append(f"{p.name}={p.name}")
                else:
                    kw_optional.append((p.name, self.default_names[p.name]))
            else:
                decl.append(text)
                call.append(p.name)
                args.append(p.name)
                self.positional.append((p.name, p.default))
                if p.default is not P.empty:
                    pos_optional.append((p.name, self.default_names[p.name],
                                         p.kind is P.POSITIONAL_ONLY))
                    self.keyword.setdefault(p.name, p.default)
                else:
                    required_call.append(p.name)
        if slash:
            decl.append("/")
        self.positional_only = {p.name for p in sig.parameters.values()
                                if p.kind is P.POSITIONAL_ONLY}
        if params:
            subkey = self._subkey(params)
            subscript, key = f"[{subkey}]", f"_ov_get(), {subkey}"
        else:
            subscript, key = "", "_ov_get()"
        names = [f"_ov_d{i}" for i in range(len(self.defaults))]
        everything = "{" + ", ".join(kwargs) + "}"
        if kw_optional:
            everything = f"_ov_given({everything})"
        if self.varargs or self.varkw:
            # Everything positional goes by position; optional keyword-only ones if given.
            plain = ", ".join(call)
            given = "".join(f"{n!r}: {n}, " for n, _ in kw_optional)
            invoke = " " * 12 + "_ov_result = " + (
                f"_ov_plan({plain}{', ' if plain else ''}**_ov_given({{{given}}}))"
                if kw_optional else f"_ov_plan({plain})")
        else:
            # Arguments are forwarded as a caller would write them: the required ones by
            # position, optional positional-only ones by position, and every other optional
            # one by keyword, only when it is not its default. When none is given (the
            # common call), one identity test each, and the plan gets the required ones
            # alone: C functions parse fewer arguments faster, and no implementation sees a
            # default it did not ask for.
            required = required_call + [c for c in call if "=" in c]
            by_position = [n for n, _, positional_only in pos_optional if positional_only]
            by_keyword = [(n, d) for n, d, po in pos_optional if not po] + kw_optional
            optional = [(n, d) for n, d, _ in pos_optional] + kw_optional
            full_args = required_call + by_position + [c for c in call if "=" in c]
            pad = " " * 12
            if optional:
                # The keywords given are collected inline, one identity test each: no
                # dictionary of every parameter filtered by a function call.
                absent = " and ".join(f"{n} is {d}" for n, d in optional)
                lines = [f"{pad}if {absent}:",
                         f"{pad}    _ov_result = _ov_plan({', '.join(required)})",
                         f"{pad}else:"]
                if by_keyword:
                    lines.append(f"{pad}    _ov_kw = {{}}")
                    lines += [f"{pad}    if {n} is not {d}:\n{pad}        _ov_kw[{n!r}] = {n}"
                              for n, d in by_keyword]
                    full_args.append("**_ov_kw")
                lines.append(f"{pad}    _ov_result = _ov_plan({', '.join(full_args)})")
                invoke = "\n".join(lines)
            else:
                invoke = f"{pad}_ov_result = _ov_plan({', '.join(full_args)})"
        self.text = _TEMPLATE.format(
            defaults=", ".join([*names, "_ov_unused=None"]),
            params=", ".join(decl),
            invoke=invoke,
            args="(" + "".join(a + ", " for a in args) + ")",
            kwargs=everything,
            subscript=subscript,
            key=key,
        )

    def _subkey(self, params: list[_Param]) -> str:
        """Source of the types part of the cache key.

        Optional dispatchable parameters (``out=``, ``dtype=``) are usually not
        given, so the key then holds the required ones alone (one type hashes
        faster than a tuple); when any optional one is given, the key is the
        ``_ALL``-marked tuple of every parameter's part.
        """

        def part(prm: _Param) -> str:
            if prm.varargs:
                return f"_ov_tuple(_ov_map(_ov_type, {prm.name}))"
            if prm.many:  # inline (no call): the type of each item of a list or tuple
                v = prm.name
                items = f"_ov_tuple(_ov_map(_ov_type, {v}))"
                pair = f"(_ov_type({v}[0]), _ov_type({v}[1]))"  # the common case, faster
                return (f"(({pair} if len({v}) == 2 else {items}) if _ov_type({v}) "
                        f"in _ov_seqkey else _ov_type({v}))")
            return f"_ov_type({prm.name})"

        required = [part(p) for p in params if not p.optional or p.varargs]
        optional = [p for p in params if p.optional and not p.varargs]
        short = (required[0] if len(required) == 1
                 else "(" + "".join(r + ", " for r in required) + ")")
        if not optional:
            return short
        absent = " and ".join(
            f"{p.name} is None" if p.default is None
            else f"({p.name} is None or {p.name} is {self.default_names[p.name]})"
            for p in optional
        )
        full = "(_ov_ALL, " + ", ".join(part(p) for p in params) + ")"
        return f"({short} if {absent} else {full})"

    def factory(self) -> Callable[..., Any]:
        factory = _factories.get(self.text)
        if factory is None:
            # Generated with exec, once per distinct signature: Python then binds the
            # arguments in C, which no generic *args/**kwargs wrapper can match. The source
            # goes into linecache, so inspect.getsource and tracebacks show it.
            filename = f"<overridable multimethod {len(_factories)}>"
            linecache.cache[filename] = (len(self.text), None, self.text.splitlines(True),
                                         filename)
            namespace: dict[str, Any] = {}
            exec(compile(self.text, filename, "exec"), namespace)
            factory = _factories[self.text] = namespace["factory"]
        return factory

    def convention(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """The engine's internal form of a call (every positional value, the keyword-only
        ones given) in the one calling convention, as the generated function passes it:
        required arguments by position, optional ones by keyword when not their default,
        positional-only optional ones by position when any optional one is given.
        With ``*args`` or ``**kwargs`` everything positional stays positional."""
        if self.varargs or self.varkw:
            return args, kwargs
        empty = inspect.Parameter.empty
        out: list[Any] = []
        by_keyword: dict[str, Any] = {}
        positional_only: list[Any] = []
        given = False
        for (name, default), value in zip(self.positional, args, strict=False):
            if default is empty:
                out.append(value)
            elif name in self.positional_only:
                positional_only.append(value)
                given = given or value is not default
            elif value is not default:
                by_keyword[name] = value
                given = True
        if kwargs:
            by_keyword.update(kwargs)
            given = given or any(self.keyword.get(k, empty) is not empty for k in kwargs)
        if given:
            out.extend(positional_only)
        return tuple(out), by_keyword

    def given(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments that are not their parameter's default."""
        keyword = self.keyword
        return {k: v for k, v in kwargs.items() if keyword.get(k, _ABSENT) is not v}


_ABSENT = object()


class _Required:
    """Stands for "no default" in the parameter table handed to the compiled dispatcher."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<required>"


_REQUIRED = _Required()
# The compiled dispatcher's codes; it serves fixed signatures only (3: *args or **kwargs).
_KIND_CODES = {
    inspect.Parameter.POSITIONAL_ONLY: 0,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: 1,
    inspect.Parameter.KEYWORD_ONLY: 2,
    inspect.Parameter.VAR_POSITIONAL: 3,
    inspect.Parameter.VAR_KEYWORD: 3,
}


class _AllMarker:
    """Marks a cache key that holds every dispatchable parameter's part."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<all parameters>"


_ALL = _AllMarker()
if native is not None:
    native.configure(not_implemented_error=BackendNotImplementedError, all_marker=_ALL)


def _signature(func: Callable[..., Any]) -> inspect.Signature:
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):  # builtins without a signature: accept anything
        P = inspect.Parameter
        return inspect.Signature([P("args", P.VAR_POSITIONAL), P("kwargs", P.VAR_KEYWORD)])


#: A static refusal found while planning, standing before the step with that index.
Note = tuple[int, Attempt]
#: A call-time decline: (step index, outcome, detail, exception); made an Attempt on failure.
Decline = tuple[int, str, str, BaseException | None]

_all_infos: weakref.WeakSet[_Info] = weakref.WeakSet()


class _Token:
    """The key of one multimethod's cache in a node's ``plans``, for one snapshot.

    Each change of the process-wide state gives every multimethod a new token
    (``_invalidate_all``, under the state's lock), so plans cached under an old one
    are never found again, and a call keeps the token it started with: the plan it
    got and any decline after it are planned against one snapshot, ``globals``,
    whatever other threads change meanwhile.
    """

    __slots__ = ("globals",)

    def __init__(self, globals: _Globals) -> None:
        self.globals = globals

    def __repr__(self) -> str:
        return f"<token of version {self.globals.version}>"


def _invalidate_all() -> None:
    snapshot = current_globals()
    for info in list(_all_infos):
        info.cell.cell_contents = _Token(snapshot)


invalidation_hooks.append(_invalidate_all)


class _Step:
    """One backend to try in a plan (anything that can act at call time)."""

    __slots__ = ("backend", "call", "coerce", "direct", "kind", "level", "source")

    def __init__(
        self,
        kind: str,
        backend: object,
        coerce: bool,
        source: str,
        level: str,
        direct: Callable[..., Any] | None = None,
    ) -> None:
        self.kind = kind  # "direct", "pinned-default", "protocol", "default"
        self.backend = backend
        self.coerce = coerce
        self.source = source
        self.level = level
        self.direct = direct
        # For protocol steps: the pre-bound runner from this step on (see _Info._protocol).
        self.call: Callable[..., Any] | None = None

    def attempt(self, outcome: str, detail: str = "", exc: BaseException | None = None) -> Attempt:
        return Attempt(self.backend, self.source, self.level, outcome, detail, exc)


_PROTOCOL_BODY = """
        new_args, new_kwargs = args, kwargs
        convert = getattr(backend, "__ua_convert__", None)
        if convert is not None:
            if extracted is None:
                extracted = extractor(*args, **kwargs)
            converted = convert(extracted, coerce)
            if converted is NotImplemented:
                if declines is None:
                    declines = []
                declines.append((index, REFUSED, "__ua_convert__ declined", None))
                return after(args, kwargs, declines, extracted)
            replaced = replacer(args, kwargs, tuple(converted))
            if type(replaced) is not tuple or len(replaced) != 2:
                raise TypeError("Argument replacer must return a 2-tuple (args, kwargs)")
            new_args, new_kwargs = replaced
            if (type(new_args) is not tuple or type(new_kwargs) is not dict) and not (
                isinstance(new_args, tuple) and isinstance(new_kwargs, dict)
            ):
                raise ValueError("Invalid return from argument_replacer")
        if declines is None:
            try:
                result = backend.__ua_function__(function, new_args, new_kwargs)
            except BNIE as exc:
                declines = [(index, RAISED, "", exc)]
            else:
                if result is not NotImplemented:
                    return result
                declines = []
                if default is None:
                    declines.append((index, NOT_IMPLEMENTED, "", None))
        else:
            try:
                result = backend.__ua_function__(function, new_args, new_kwargs)
            except BNIE as exc:
                declines.append((index, RAISED, "", exc))
            else:
                if result is not NotImplemented:
                    return result
                if default is None:
                    declines.append((index, NOT_IMPLEMENTED, "", None))
        if default is not None:
            result = pinned_default(step, index, new_args, new_kwargs, declines)
            if result is not NotImplemented:
                return result
        return after(args, kwargs, declines, extracted)
"""

# One body, two entries: the cached plan (called like the multimethod, so no packing
# of its arguments by a wrapper) and the link from the previous step of a chain. The
# argument extractor runs at most once per call, and its dispatchables are handed down
# the chain (uarray runs it again for every backend it tries).
_PROTOCOL = f"""
def factory(backend, coerce, function, extractor, replacer, default, index, step, after,
            pinned_default, BNIE):
    def entry(*args, **kwargs):
        declines = extracted = None
{_PROTOCOL_BODY}
    def link(args, kwargs, declines, extracted):
{_PROTOCOL_BODY}
    return entry, link
"""


@functools.cache
def _protocol_factory() -> Callable[..., Any]:
    namespace: dict[str, Any] = {
        "REFUSED": REFUSED, "RAISED": RAISED, "NOT_IMPLEMENTED": NOT_IMPLEMENTED,
    }
    exec(compile(_PROTOCOL, "<overridable protocol runner>", "exec"), namespace)
    return namespace["factory"]  # type: ignore[no-any-return]


class _Info:
    """Everything the engine keeps about one multimethod."""

    __slots__ = ("__weakref__", "bound", "cell", "default", "domain", "extractor", "function",
                 "key", "misses", "params", "python", "replacer", "source", "typed")

    def __init__(
        self,
        signature: inspect.Signature,
        extractor: Callable[..., Any],
        replacer: Callable[..., Any],
        domain: str,
        default: Callable[..., Any] | None,
        params: list[_Param] | None,
    ) -> None:
        self.domain = validate_domain(domain)
        self.extractor = extractor
        self.replacer = replacer
        self.default = default
        self.params = params
        self.typed = bool(params)
        self.source = _Source(signature, params)
        #: Cache misses (resolutions) so far: tests check that calls hit the cache.
        self.misses = 0
        function, self.key, self.bound = self.source.factory()(
            _Token(current_globals()), get_local, self.resolve, self.declined,
            BackendNotImplementedError, _SEQUENCES, type, tuple, map, _ALL, self.source.given,
            *self.source.defaults,
        )
        #: The generated Python function: the reference semantics, and the fallback of the
        #: compiled dispatcher.
        self.python: Callable[..., Any] = function
        #: The public multimethod (the compiled dispatcher when there is one; see _finish):
        #: backends' tables are keyed by it.
        self.function: Callable[..., Any] = function
        self.cell: CellType = function.__closure__[
            function.__code__.co_freevars.index("_ov_token")
        ]
        _all_infos.add(self)

    # -- resolution --------------------------------------------------------

    def _types(self, key: Any) -> list[tuple[Any, type]] | None:
        """The (mark, type) pairs of a key, or None when the multimethod has no declaration."""
        if self.params is None:
            return None
        if not self.params:
            return []
        whole = key[1]
        parts: Sequence[Any]
        if type(whole) is tuple and whole and whole[0] is _ALL:
            params, parts = self.params, whole[1:]
        else:  # the short key: required parameters only, the optional ones not given
            params = [p for p in self.params if not p.optional or p.varargs]
            parts = [whole] if len(params) == 1 else whole
        pairs: list[tuple[Any, type]] = []
        for p, part in zip(params, parts, strict=True):
            if p.many and type(part) is tuple:
                pairs.extend((p.mark, t) for t in part if t is not type(None))
            elif part is not type(None) and part is not p.unset:
                pairs.append((p.mark, part))
        return pairs

    def plan_steps(
        self, key: Any, node: _Node, snapshot: _Globals, notes: list[Note],
        explaining: bool = False, args: tuple[Any, ...] = (), kwargs: Mapping[str, Any] = {},
    ) -> list[_Step]:
        """The steps of a resolution; static refusals are appended to ``notes``."""
        steps: list[_Step] = []

        def note(attempt: Attempt) -> None:
            notes.append((len(steps), attempt))

        found, final = candidates(self.domain, node, snapshot)
        pairs = self._types(key)
        for backend, coerce, source, level, skipped in found:
            if skipped:
                note(Attempt(backend, source, level, SKIPPED))
                continue
            if isinstance(backend, Backend) and pairs is not None:
                foreign = [t for _, t in pairs if backend.ownership(t) is None]
                if not foreign or not coerce:
                    if foreign:
                        names = ", ".join(sorted({t.__qualname__ for t in foreign}))
                        note(Attempt(backend, source, level, REFUSED, f"does not accept {names}",
                                     refused=tuple(dict.fromkeys(foreign))))
                        continue
                    impl = backend.implementations.get(self.function)
                    if impl is not None:
                        steps.append(_Step("direct", backend, coerce, source, level, impl))
                    elif self.default is not None:
                        steps.append(_Step("pinned-default", backend, coerce, source, level))
                    else:
                        note(Attempt(backend, source, level, NO_IMPLEMENTATION))
                    continue
            elif explaining and pairs is None and not coerce:
                convert = getattr(backend, "__ua_convert__", None)
                if convert is not None and convert(self.extractor(*args, **kwargs),
                                                   False) is NotImplemented:
                    note(Attempt(backend, source, level, REFUSED, "__ua_convert__ refused"))
                    continue
            steps.append(_Step("protocol", backend, coerce, source, level))
        # The unpinned default runs when backends declined at call time, or when none is
        # active (uarray's rule); not when every active backend refused the argument types:
        # a default composes other multimethods, which would refuse them too, with an
        # error about an inner function instead of this one.
        refused_all = pairs is not None and not steps and any(
            a.outcome == REFUSED for _, a in notes)
        if not final and self.default is not None and not refused_all:
            steps.append(_Step("default", None, False, "default", self.domain, self.default))
        return steps

    def resolve(
        self, token: _Token, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Callable[..., Any]:
        """Cache miss: compute the plan for this call's key against the token's snapshot,
        and cache it on the call's node (unless a newer snapshot was published since)."""
        self.misses += 1
        snapshot = token.globals
        key = self.key(*args, **kwargs)
        node: _Node = key[0] if self.typed else key
        notes: list[Note] = []
        steps = self.plan_steps(key, node, snapshot, notes)
        if not steps and self._register_for(node, snapshot, notes):
            # The caches were swapped: plan again, against the new snapshot.
            return self.resolve(self.cell.cell_contents, args, kwargs)
        plan = self._plan(steps, notes)
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug("%s", self._story(key, steps, notes))
        version = snapshot.version
        if node.version != version:
            if node.version > version:  # planned against an older snapshot: do not keep
                return plan
            node.plans.clear()  # every plan there belongs to an older snapshot
            node.version = version
        if self.typed:
            inner = node.plans.get(token)
            if inner is None:
                inner = node.plans[token] = {}
            elif len(inner) >= _CACHE_LIMIT:
                # Argument types seen here are too many to keep: drop the oldest half,
                # not all (dicts keep insertion order), so the recent ones stay hits.
                for old in list(itertools.islice(inner, len(inner) // 2)):
                    inner.pop(old, None)
            inner[key[1]] = plan
        else:
            node.plans[token] = plan
        return plan

    def _register_for(self, node: _Node, snapshot: _Globals, notes: list[Note]) -> bool:
        """No backend can serve: register installed backends for the refused types
        (``ov.set_auto_register``), unless a backend set with ``only``/``coerce`` ended
        the search. Whether any was registered."""
        refused = [t for _, a in notes if a.outcome == REFUSED for t in a.refused]
        if not refused:
            return False
        found, final = candidates(self.domain, node, snapshot)
        skipped = [c.backend for c in node.contexts() if c.skip]
        return not final and auto_register(self.domain, refused,
                                           [c[0] for c in found] + skipped)

    def _story(self, key: Any, steps: list[_Step], notes: list[Note]) -> str:
        """One line for the log: the backend a resolution chose, and why the others not."""
        pairs = self._types(key)
        types = ", ".join(t.__qualname__ for _, t in pairs or ()) or "no dispatchable types"
        head = f"{self.function.__module__}.{self.function.__qualname__}({types})"
        if steps:
            s = steps[0]
            how = {"direct": "its implementation", "pinned-default": "the default, pinned",
                   "protocol": "__ua_function__", "default": "the default"}[s.kind]
            chosen = f"{backend_name(s.backend)} [{s.source}, {s.level}] via {how}"
        else:
            chosen = "no backend"
        passed = "; ".join(a.describe() for _, a in notes)
        return f"{head} -> {chosen}" + (f" (passed over: {passed})" if passed else "")

    def _prepare(
        self, steps: list[_Step], notes: list[Note], start: int = 0
    ) -> Callable[..., Any]:
        """Bind the runner of every protocol step, once per plan, each handing a decline
        straight to the next; return the runner from step ``start`` on, called as
        runner(args, kwargs, declines, extracted)`` with the arguments in uarray's
        canonical form and the dispatchables extracted so far (or None)."""
        after: Callable[..., Any] = functools.partial(self._run, steps, notes, len(steps))
        for i in range(len(steps) - 1, start - 1, -1):
            if steps[i].kind == "protocol":
                after = steps[i].call = self._protocol(steps, notes, i, after)[1]
            else:
                after = functools.partial(self._run, steps, notes, i)
        return after

    def _plan(self, steps: list[_Step], notes: list[Note]) -> Callable[..., Any]:
        """The callable cached for a key, called like the multimethod: the implementation
        itself when it can be, else an entry to the runners of the steps."""
        if steps and steps[0].direct is not None:
            return steps[0].direct
        rest = self._prepare(steps, notes, 1)
        if steps and steps[0].kind == "protocol":
            plan = self._protocol(steps, notes, 0, rest)[0]
        else:
            first = self._prepare(steps, notes)

            def plan(*args: Any, **kwargs: Any) -> Any:
                return first(args, kwargs, [], None)

        plan._ov_runner = True  # type: ignore[attr-defined]
        return plan

    def _run(
        self, steps: Sequence[_Step], notes: list[Note], start: int,
        args: tuple[Any, ...], kwargs: dict[str, Any], declines: list[Decline],
        extracted: tuple[Dispatchable[Any], ...] | None = None,
    ) -> Any:
        for i in range(start, len(steps)):
            step = steps[i]
            if step.call is not None:  # a protocol step runs the rest of the chain itself
                return step.call(args, kwargs, declines, extracted)
            result = self._try(step, i, args, kwargs, declines)
            if result is not NotImplemented:
                return result
        raise self._failure(steps, notes, declines)

    def _failure(
        self, steps: Sequence[_Step], notes: list[Note], declines: list[Decline]
    ) -> BackendNotImplementedError:
        """The error for a call that no backend served; decline records become Attempts here,
        only on failure, so declining stays cheap."""
        merged = [*notes]
        for index, outcome, detail, exc in declines:
            if exc is not None:
                detail = f"{detail}{exc}"
            merged.append((index, steps[index].attempt(outcome, detail, exc)))
        # Static refusals stand before the step they preceded: stable sort, notes first.
        merged.sort(key=lambda p: p[0])
        return no_backend_error(self.function, self.domain, [a for _, a in merged])

    def _try(
        self, step: _Step, index: int, args: tuple[Any, ...], kwargs: dict[str, Any],
        attempts: list[Decline],
    ) -> Any:
        """Run one step; on decline record why (in ``attempts``) and return NotImplemented."""
        kind = step.kind
        if kind == "pinned-default":
            return self._pinned_default(step, index, args, kwargs, attempts)
        assert step.direct is not None
        try:
            result = step.direct(*args, **kwargs)
        except BackendNotImplementedError as exc:
            attempts.append((index, RAISED, "", exc))
            result = NotImplemented
        else:
            if result is not NotImplemented:
                return result
            if kind == "default" or self.default is None:
                attempts.append((index, NOT_IMPLEMENTED, "", None))
        return self._after_decline(step, index, args, kwargs, attempts)

    def _after_decline(
        self, step: _Step, index: int, args: tuple[Any, ...], kwargs: dict[str, Any],
        attempts: list[Decline],
    ) -> Any:
        """A backend's implementation declined: as in uarray, its default runs pinned to it."""
        if step.kind != "direct" or self.default is None:
            return NotImplemented
        return self._pinned_default(step, index, args, kwargs, attempts)

    def _protocol(
        self, steps: Sequence[_Step], notes: list[Note], index: int, after: Callable[..., Any]
    ) -> tuple[Callable[..., Any], Callable[..., Any]]:
        """The runners of a protocol step: an entry called like the multimethod (the cached
        plan), and a link called ``(args, kwargs, declines, extracted)`` from the step
        before it.

        On success they return the result; when the backend declines they record why and
        hand over to ``after``. Both are made from one template (see ``_PROTOCOL``).
        """
        step = steps[index]
        return _protocol_factory()(  # type: ignore[no-any-return]
            step.backend, step.coerce, self.function, self.extractor, self.replacer,
            self.default, index, step, after, self._pinned_default,
            BackendNotImplementedError,
        )

    def _pinned_default(
        self, step: _Step, index: int, args: tuple[Any, ...], kwargs: dict[str, Any],
        attempts: list[Decline],
    ) -> Any:
        assert self.default is not None
        with pinned(step.backend, step.coerce):
            try:
                result = self.default(*args, **kwargs)
            except BackendNotImplementedError as exc:
                attempts.append((index, RAISED, "default, pinned to this backend: ", exc))
                return NotImplemented
        if result is NotImplemented:
            attempts.append((index, NOT_IMPLEMENTED, "default, pinned to this backend", None))
        return result

    def declined(
        self, token: _Token, plan: Callable[..., Any], args: tuple[Any, ...],
        kwargs: dict[str, Any], exc: BaseException | None,
    ) -> Any:
        """The plan declined: finish the resolution from the step after it, uncached.

        The steps are planned again against the snapshot the call started with (the
        token's), not the current one, and the step that declined is found by the
        identity of its implementation: another thread may have changed the
        process-wide backends since, and the call must not skip, blame or add a
        backend that was not part of its own resolution.
        """
        if getattr(plan, "_ov_runner", False):
            assert exc is not None  # a runner never returns NotImplemented
            try:
                raise exc
            finally:  # this frame, in the traceback, must not hold the exception: a cycle
                exc = None
        key = self.key(*args, **kwargs)
        node = key[0] if self.typed else key
        notes: list[Note] = []
        steps: list[_Step] = []
        index = None
        # The token's snapshot first; the current one when the plan came from a
        # resolution that registered a backend automatically (a newer snapshot).
        for snapshot in (token.globals, current_globals()):
            notes.clear()
            steps = self.plan_steps(key, node, snapshot, notes)
            index = next((i for i, s in enumerate(steps) if s.direct is plan), None)
            if index is not None:
                break
        args, kwargs = self.source.convention(args, kwargs)
        if index is None:
            # The implementation was replaced in its backend's table during the call:
            # which step it was is unknown now; the whole (current) plan runs.
            return self._prepare(steps, notes)(args, kwargs, [], None)
        rest = self._prepare(steps, notes, index + 1)
        first: list[Decline] = []
        if exc is not None:
            first.append((index, RAISED, "", exc))
        elif steps[index].kind == "default" or self.default is None:
            first.append((index, NOT_IMPLEMENTED, "", None))
        result = self._after_decline(steps[index], index, args, kwargs, first)
        if result is not NotImplemented:
            return result
        return rest(args, kwargs, first, None)

    def native_declined(
        self, token: _Token, plan: Callable[..., Any], exc: BaseException | None, /,
        *args: Any, **kwargs: Any,
    ) -> Any:
        """``declined``, for the compiled dispatcher: it hands the call as it was made."""
        bound_args, bound_kwargs = self.bound(*args, **kwargs)
        return self.declined(token, plan, bound_args, bound_kwargs, exc)

    def explain(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Explanation:
        key = self.key(*args, **kwargs)
        node = key[0] if self.typed else key
        notes: list[Note] = []
        levels = set(domain_levels(self.domain))
        for ctx in node.contexts():
            if not ctx.skip and not levels.intersection(ctx.domains):
                notes.append((0, Attempt(ctx.backend, "local", ",".join(ctx.domains), NO_DOMAIN)))
        steps = self.plan_steps(key, node, current_globals(), notes, True, args, kwargs)
        out = list(notes)
        for i, s in enumerate(steps):
            if s.kind == "direct":
                out.append((i, s.attempt(WOULD_CALL, "implementation")))
            elif s.kind == "pinned-default":
                out.append((i, Attempt(s.backend, s.source, s.level, WOULD_CALL,
                                       "no implementation: the default runs, pinned to it")))
            elif s.kind == "default":
                out.append((i, Attempt(None, DEFAULT, s.level, WOULD_CALL, "unpinned default")))
            else:
                out.append((i, Attempt(s.backend, s.source, s.level, WOULD_TRY,
                                       "decides at call time (__ua_function__)")))
        out.sort(key=lambda p: p[0])
        attempts = [a for _, a in out]
        chosen = next(
            (a.backend for a in attempts if a.outcome in (WOULD_CALL, WOULD_TRY)), None
        )
        return Explanation(self.function, self.domain, attempts, chosen)


def _finish(
    info: _Info, wrapped: Callable[..., Any] | None, name: str | None = None,
    module: str | None = None, doc: str | None = None, qualname: str | None = None,
    binds: bool = True,
) -> Callable[..., Any]:
    """Name the generated function, and return the public multimethod: the compiled
    dispatcher standing for it when the extension is loaded, else the function."""
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
    if native is None:
        return fn
    dispatch = None if not info.typed else tuple(
        (info.source.names.index(p.name), p.many, p.optional) for p in info.params or ())
    public = native.Dispatcher(
        fn, info.cell, info.native_declined, info.source.names, info.source.kinds,
        info.source.all_defaults, _REQUIRED, dispatch, binds)
    public.__dict__.update(fn.__dict__)
    for attr in ("__module__", "__name__", "__qualname__", "__doc__"):
        public.__dict__[attr] = getattr(fn, attr)
    public.__signature__ = inspect.signature(fn)
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
                     params)
        fn = _finish(info, stub, name, module, doc, qualname, binds)
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
    return _info(multimethod).explain(args, kwargs)


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
        return set_backend(backend, coerce=coerce, only=only)
    raise no_backend_error("determine_backend", domain, attempts)

