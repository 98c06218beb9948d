"""Source generation: the Python function of a multimethod, for its exact signature, and
the runner of a protocol step.

Why ``exec``: a generated function with the multimethod's own signature lets Python
bind the arguments (in C), and forwards them to the plan by name, with no
``*args, **kwargs`` packing on the hot path; no generic wrapper can match that, and
the compiled dispatcher (``_native_dispatcher.c``) falls back to this function, so it is also the
reference semantics. Each distinct source is compiled once and registered in
``linecache``, so ``inspect.getsource`` and tracebacks show it.

Why the ``_ALL`` key: optional dispatch parameters (``out=``, ``dtype=``) are rarely
given, so the cache key then holds the required parameters' types alone (one type
hashes faster than a tuple); a call that gives one is keyed by the ``_ALL``-marked tuple
of every parameter's part, which can never equal a short key.

This module must never import an array library.
"""

from __future__ import annotations

import functools
import inspect
import linecache
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._dispatchable import many
from ._errors import (
    NOT_IMPLEMENTED,
    RAISED,
    REFUSED,
    BackendNotImplementedError,
)
from ._state import (
    native,
)

#: The sequence types whose items a ``many`` parameter dispatches on.
_SEQUENCES: Final = (list, tuple)


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


def _fits(sig: inspect.Signature) -> Callable[[tuple[Any, ...], dict[str, Any]], bool]:
    """A test of whether a call ``(args, kwargs)`` binds to ``sig``.

    >>> fits = _fits(inspect.signature(lambda a, /, b=1, *, c: None))
    >>> fits((1,), {"c": 2}), fits((1, 2, 3), {"c": 2}), fits((1,), {}), fits((), {"a": 1, "c": 2})
    (True, False, False, False)
    >>> fits((1, 2), {"b": 2, "c": 3})
    False
    """
    P = inspect.Parameter
    params = list(sig.parameters.values())
    varargs = any(p.kind is P.VAR_POSITIONAL for p in params)
    varkw = any(p.kind is P.VAR_KEYWORD for p in params)
    positional = [p for p in params if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
    npos = len(positional)
    keywords = frozenset(p.name for p in params
                         if p.kind in (P.POSITIONAL_OR_KEYWORD, P.KEYWORD_ONLY))
    required_kw = tuple(p.name for p in params
                        if p.kind is P.KEYWORD_ONLY and p.default is P.empty)
    # The required names to find among the keywords, by the count of positional arguments.
    needed = [tuple(p.name for p in positional[n:] if p.default is P.empty) + required_kw
              for n in range(npos + 1)]
    # The names the positional arguments took, by their count: not again by keyword.
    taken = [frozenset(p.name for p in positional[:n]) & keywords for n in range(npos + 1)]

    def fits(args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
        n = len(args)
        if n > npos:
            if not varargs:
                return False
            n = npos
        for name in needed[n]:
            if name not in kwargs:
                return False
        if not kwargs:
            return True
        return taken[n].isdisjoint(kwargs) and (varkw or kwargs.keys() <= keywords)

    return fits


def _front(
    exact: Callable[..., Any], normalize: Callable[..., tuple[tuple[Any, ...], dict[str, Any]]],
) -> tuple[Callable[..., Any], Callable[..., tuple[tuple[Any, ...], dict[str, Any]]]]:
    """The multimethod as a caller sees it when it has a ``normalize`` (its front): a call
    goes to the generated function ``exact`` as it is; one that does not bind to it is
    rewritten by ``normalize`` (which raises the caller's error for a call it cannot take)
    and made again. With it, the same rewriting alone (``canonical``), for ``explain`` and tracing.

    >>> front, canonical = _front(lambda stop, /: list(range(stop)),
    ...                           lambda args, kwargs: ((kwargs["stop"],), {}))
    >>> front(2), front(stop=3), canonical((), {"stop": 1})
    ([0, 1], [0, 1, 2], ((1,), {}))
    """
    fits = _fits(inspect.signature(exact))

    def canonical(args: tuple[Any, ...], kwargs: dict[str, Any]
                  ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (args, kwargs) if fits(args, kwargs) else normalize(args, kwargs)

    def multimethod(*args: Any, **kwargs: Any) -> Any:
        try:
            return exact(*args, **kwargs)
        except TypeError as error:
            # A call that does not bind fails before ``exact`` runs: its traceback has no
            # frame of ``exact`` (an error raised inside it has one, and goes on as it is).
            if error.__traceback__ is None or error.__traceback__.tb_next is not None:
                raise
        args, kwargs = normalize(args, kwargs)
        return exact(*args, **kwargs)

    return multimethod, canonical


_TEMPLATE = """
def factory(_ov_token, _ov_get, _ov_resolve, _ov_declined, _ov_annotate, _ov_BNIE, _ov_seqkey,
            _ov_type,
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
        except Exception as _ov_exc:
            _ov_raised = _ov_annotate(_ov_t, _ov_plan, _ov_exc, {args}, {kwargs})
            if _ov_raised is _ov_exc:
                raise
            raise _ov_raised from None
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
    positional-only, up to the last one given) only when they are not their
    default; so implementations
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
            by_position = [(n, d) for n, d, positional_only in pos_optional if positional_only]
            by_keyword = [(n, d) for n, d, po in pos_optional if not po] + kw_optional
            optional = [(n, d) for n, d, _ in pos_optional] + kw_optional
            full_args = required_call + [c for c in call if "=" in c]
            pad = " " * 12
            if optional:
                # The keywords given are collected inline, one identity test each: no
                # dictionary of every parameter filtered by a function call.
                absent = " and ".join(f"{n} is {d}" for n, d in optional)
                lines = [f"{pad}if {absent}:",
                         f"{pad}    _ov_result = _ov_plan({', '.join(required)})",
                         f"{pad}else:"]
                if by_position:
                    # Positional-only ones up to the last one given: NumPy's where(c, x)
                    # is not where(c, x, None).
                    for j in range(len(by_position), 0, -1):
                        n, d = by_position[j - 1]
                        kept = "".join(f"{m}, " for m, _ in by_position[:j])
                        lines.append(f"{pad}    {'if' if j == len(by_position) else 'elif'} "
                                     f"{n} is not {d}:\n{pad}        _ov_pos = ({kept})")
                    lines.append(f"{pad}    else:\n{pad}        _ov_pos = ()")
                    full_args.insert(len(required_call), "*_ov_pos")
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
            # The name holds "importlib" and "_bootstrap": ``warnings`` then skips this
            # frame when it counts a warning's stacklevel, as it skips the import
            # machinery's, so a warning NumPy raises for its caller (stacklevel=2) points
            # at the caller's line, as it does when NumPy is called directly.
            filename = (f"<overridable multimethod {len(_factories)}, "
                        "skipped by warnings like importlib._bootstrap>")
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
        positional-only optional ones by position, up to the last one given, when any
        optional one is given.
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
            # Positional-only ones up to the last one given (not its default).
            defaults = [d for n, d in self.positional if n in self.positional_only
                        and d is not empty]
            while positional_only and positional_only[-1] is defaults[len(positional_only) - 1]:
                positional_only.pop()
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
# The compiled dispatcher's codes; it serves every signature but one with *args (3), which
# goes to the Python function; **kwargs (4) is served.
_KIND_CODES = {
    inspect.Parameter.POSITIONAL_ONLY: 0,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: 1,
    inspect.Parameter.KEYWORD_ONLY: 2,
    inspect.Parameter.VAR_POSITIONAL: 3,
    inspect.Parameter.VAR_KEYWORD: 4,
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

