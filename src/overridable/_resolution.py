"""Resolution: the plan of a call (which backends, in which order, how each is called),
its cache, declines, and ``explain``.

A call's plan is cached on the local-state node it was made in (``node.plans``), under
the multimethod's current token, keyed by the types of its dispatchable arguments.
Every change of the process-wide state gives each multimethod a new token carrying
the new snapshot (``_invalidate_all``): plans cached under an old token are never
found again, and a call keeps the token it began with, so that its plan and anything
after a decline are planned against one snapshot. The plan is the implementation
itself when the first backend able to serve the call is a ``Backend`` with one (the
common case: the hot path then costs a look-up and the call); otherwise a runner that
walks the steps. Resolution creates no reference cycles.

This module must never import an array library.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import itertools
import logging
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from types import CellType
from typing import Any, Final, NamedTuple

from ._backend import UNIVERSAL_TYPES, Backend, validate_domain
from ._codegen import _ALL, _SEQUENCES, _front, _Param, _protocol_factory, _Source
from ._dispatchable import Dispatchable
from ._errors import (
    DEFAULT,
    FALLBACK,
    NO_DOMAIN,
    NO_IMPLEMENTATION,
    NOT_IMPLEMENTED,
    RAISED,
    REFUSED,
    SKIPPED,
    WOULD_CALL,
    WOULD_DECLINE,
    WOULD_TRY,
    Attempt,
    BackendNotImplementedError,
    Explanation,
    backend_name,
    no_backend_error,
)
from ._state import (
    ROOT,
    _Globals,
    _Node,
    _TraceContext,
    auto_register,
    candidates,
    current_globals,
    domain_levels,
    get_local,
    invalidation_hooks,
    local_blocks_used,
    pinned,
    tracing,
)

#: Resolutions (cache misses only) are logged at DEBUG: the backend chosen and why.
_log = logging.getLogger("overridable")
#: How a note added to an implementation's exception starts (see ``_Info.annotate``).
NOTE_PREFIX: Final = "overridable:"
#: Argument types kept per node and multimethod; beyond, the oldest half is dropped.
_CACHE_LIMIT: Final = 4096
#: A static refusal found while planning, standing before the step with that index.
Note = tuple[int, Attempt]
#: A call-time decline: (step index, outcome, detail, exception); made an Attempt on failure.
Decline = tuple[int, str, str, BaseException | None]

_all_infos: weakref.WeakSet[_Info] = weakref.WeakSet()
#: The threads already told (in the log) that they resolve with no local backends.
_told_threads: set[int | None] = set()
#: Called with each new multimethod's record (``_trace`` teaches it to torch.compile).
creation_hooks: list[Callable[[_Info], None]] = []


class Call(NamedTuple):
    """One call recorded by :func:`trace`: the multimethod, the backend whose
    implementation (or default, ``None``) was called, whether the plan came from the
    cache, and whether that backend declined (the rest of the resolution then served it).

    >>> import overridable as ov
    >>> @ov.multimethod("example", {})
    ... def hello(): ...
    >>> be = ov.Backend("example", name="be", implementations={hello: lambda: "hi"})
    >>> with ov.set_backend(be), ov.trace() as calls:
    ...     hello(), hello()
    ('hi', 'hi')
    >>> calls
    [Call(hello -> be), Call(hello -> be, cached)]
    """

    function: Callable[..., Any]
    backend: object
    cached: bool
    declined: bool
    #: The argument types of another library that the backend took as its own
    #: (absorbed: a torch backend given a NumPy array beside a tensor).
    absorbed: tuple[type, ...] = ()

    def __repr__(self) -> str:
        name = getattr(self.function, "__name__", repr(self.function))
        served = "the default" if self.backend is None else backend_name(self.backend)
        flags = "".join(f", {f}" for f, on in (("cached", self.cached),
                                                ("declined", self.declined)) if on)
        if self.absorbed:
            flags += ", absorbed " + ", ".join(t.__qualname__ for t in self.absorbed)
        return f"Call({name} -> {served}{flags})"


@contextlib.contextmanager
def trace() -> Iterator[list[Call]]:
    """A context manager recording which backend served each multimethod call inside it.

    It yields a list that fills with a :class:`Call` per call made in the block
    (in this thread or task, and in nested ``set_backend`` blocks). The block is
    a local state of its own, so its first call of each multimethod resolves
    afresh (``cached`` is false), and calls outside any trace pay nothing.

    >>> import overridable as ov
    >>> @ov.multimethod("example", {"x": "array"})
    ... def double(x): ...
    >>> lists = ov.Backend("example", name="lists", types=[list],
    ...                    implementations={double: lambda x: x + x})
    >>> with ov.set_backend(lists), ov.trace() as calls:
    ...     double([1])
    [1, 1]
    >>> calls
    [Call(double -> lists)]
    """
    context = _TraceContext()
    with context:
        yield context.calls


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



class _Info:
    """Everything the engine keeps about one multimethod."""

    __slots__ = ("__weakref__", "bound", "canonical", "cell", "default", "domain", "extractor",
                 "front", "function", "key", "misses", "params", "planned", "python",
                 "replacer", "source", "typed")

    def __init__(
        self,
        signature: inspect.Signature,
        extractor: Callable[..., Any],
        replacer: Callable[..., Any],
        domain: str,
        default: Callable[..., Any] | None,
        params: list[_Param] | None,
        normalize: Callable[..., tuple[tuple[Any, ...], dict[str, Any]]] | None = None,
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
        #: Whether a plan was ever made for it (set before the tables are read): until
        #: then a new implementation cannot leave a stale plan (see Backend.implement).
        self.planned = False
        function, self.key, self.bound = self.source.factory()(
            _Token(current_globals()), get_local, self.resolve, self.declined, self.annotate,
            BackendNotImplementedError, _SEQUENCES, type, tuple, map, _ALL, self.source.given,
            *self.source.defaults,
        )
        #: The generated Python function: the reference semantics, and the fallback of the
        #: compiled dispatcher.
        self.python: Callable[..., Any] = function
        #: With a ``normalize`` (NumPy's other spellings of a call): the function that takes
        #: every call and hands the generated one its spelling (the pure-Python path's
        #: multimethod, the compiled dispatcher's fallback), and the rewriting alone,
        #: ``(args, kwargs) -> (args, kwargs)``, for ``explain`` and tracing. Else None.
        self.front: Callable[..., Any] | None = None
        self.canonical: Callable[..., tuple[tuple[Any, ...], dict[str, Any]]] | None = None
        if normalize is not None:
            self.front, self.canonical = _front(function, normalize)
        #: The public multimethod (the compiled dispatcher when there is one; see _finish):
        #: backends' tables are keyed by it.
        self.function: Callable[..., Any] = function
        self.cell: CellType = function.__closure__[
            function.__code__.co_freevars.index("_ov_token")
        ]
        _all_infos.add(self)
        for hook in creation_hooks:
            hook(self)

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
        self.planned = True
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
        calls = tracing(node)
        informing = _log.isEnabledFor(logging.INFO)
        absorbed = self._absorbed(key, steps) if calls is not None or informing else ()
        if calls is not None:
            plan = self._traced(plan, steps, calls, absorbed)
        if informing:
            self._log_resolution(key, node, steps, notes, absorbed)
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

    def _traced(
        self, plan: Callable[..., Any], steps: list[_Step], calls: list[Call],
        absorbed: tuple[type, ...] = (),
    ) -> Callable[..., Any]:
        """``plan``, recording each call in ``calls`` (inside ``ov.trace()``): cached only
        under the trace's own node, so calls outside a trace pay nothing."""
        backend = steps[0].backend if steps else None
        function = self.function
        first = [True]

        def traced(*args: Any, **kwargs: Any) -> Any:
            cached = not first[0]
            first[0] = False
            try:
                result = plan(*args, **kwargs)
            except BackendNotImplementedError:
                calls.append(Call(function, backend, cached, True, absorbed))
                raise
            calls.append(Call(function, backend, cached, result is NotImplemented, absorbed))
            return result

        traced._ov_traced = plan  # type: ignore[attr-defined]
        return traced

    def _absorbed(self, key: Any, steps: list[_Step]) -> tuple[type, ...]:
        """The key's types of another library that the first step's backend absorbs."""
        backend = steps[0].backend if steps else None
        if not isinstance(backend, Backend):
            return ()
        return tuple(dict.fromkeys(
            t for _, t in self._types(key) or () if t not in UNIVERSAL_TYPES
            and not issubclass(t, (list, tuple)) and backend.ownership(t) is False))

    def _log_resolution(self, key: Any, node: _Node, steps: list[_Step], notes: list[Note],
                        absorbed: tuple[type, ...]) -> None:
        """What a resolution tells the ``overridable`` logger (a cache miss: never on the
        hot path): the story at DEBUG; at INFO, what users ask about when results surprise
        them: another library's arrays absorbed, and a thread with no local backends."""
        name = f"{self.function.__module__}.{self.function.__qualname__}"
        if absorbed:
            _log.info("%s: %s serves arguments of type %s, taking them as its own "
                      "(absorbed)", name, backend_name(steps[0].backend),
                      ", ".join(f"{t.__module__}.{t.__qualname__}" for t in absorbed))
        if node is ROOT and local_blocks_used():
            thread = threading.current_thread()
            if thread is not threading.main_thread() and thread.ident not in _told_threads:
                if len(_told_threads) > 1024:
                    _told_threads.clear()
                _told_threads.add(thread.ident)
                _log.info("%s: thread %r resolves with no local backends: set_backend blocks "
                          "of other threads do not reach it (carry them with ov.carry or "
                          "ov.get_state/ov.set_state)", name, thread.name)
        if _log.isEnabledFor(logging.DEBUG):
            _log.debug("%s", self._story(key, steps, notes))

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
        plan = getattr(plan, "_ov_traced", plan)
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

    def annotate(self, token: _Token, plan: Callable[..., Any], exc: BaseException,
                 args: tuple[Any, ...] | None = None, kwargs: dict[str, Any] | None = None
                 ) -> BaseException:
        """An implementation raised ``exc`` (a library's own error) for the call ``args``,
        ``kwargs``: the exception to raise instead, the backend's NumPy error for the call
        (``Backend.explain_error``; not asked when the call is unknown, ``args`` ``None``)
        or ``exc`` itself, with a note saying which multimethod and backend it came from.
        The type stays NumPy's (callers catch ``ValueError``
        from ``unp.reshape`` as from ``np.reshape``); only the innermost multimethod
        explains and adds its note. Never raises."""
        try:
            if any(str(n).startswith(NOTE_PREFIX) for n in getattr(exc, "__notes__", ())):
                return exc
            plan = getattr(plan, "_ov_traced", plan)
            raised = exc
            if plan is self.default:
                who = "its default implementation"
            else:
                # The token's snapshot first; the current one when the call registered the
                # backend itself (automatic registration), after the token was taken.
                backend = next((b for snapshot in (token.globals, current_globals())
                                for b, *_ in candidates(self.domain, get_local(), snapshot)[0]
                                if isinstance(b, Backend)
                                and b.implementations.get(self.function) is plan), None)
                if backend is None:
                    return exc
                who = f"backend {backend_name(backend)!r}"
                numpy_error = None if args is None else backend.explain_error(
                    self.function, args, kwargs or {}, exc)
                if numpy_error is not None and numpy_error is not exc:
                    raised = numpy_error
                    who += f" (its library raised {type(exc).__name__}: {exc})"
            name = f"{self.function.__module__}.{self.function.__qualname__}"
            raised.add_note(f"{NOTE_PREFIX} raised inside {name}, served by {who}")
            return raised
        except Exception:  # a note is a courtesy: it never replaces the exception
            return exc

    def native_annotate(self, token: _Token, plan: Callable[..., Any], exc: BaseException,
                        /, *args: Any, **kwargs: Any) -> BaseException:
        """``annotate``, for the compiled dispatcher: it hands the call as it was made."""
        try:
            bound_args, bound_kwargs = self.bound(*args, **kwargs)
        except Exception:  # cannot happen for a call the plan was given: the note alone
            return self.annotate(token, plan, exc)
        return self.annotate(token, plan, exc, bound_args, bound_kwargs)

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
        called: _Step | None = None  # the step that would be called first
        convention: tuple[tuple[Any, ...], dict[str, Any]] | None = None
        for i, s in enumerate(steps):
            # The first step is the one called; each later one only if all before it
            # decline (return NotImplemented or raise BackendNotImplementedError). An
            # implementation's precheck says so before the call when it can (out= to JAX).
            backend, source = (None, DEFAULT) if s.kind == "default" else (s.backend, s.source)
            kind = s.kind
            if kind == "direct":
                check = getattr(s.direct, "precheck", None)
                if check is not None:
                    if convention is None:
                        convention = self.source.convention(*self.bound(*args, **kwargs))
                    reason = check(*convention[0], **convention[1])
                    if reason:
                        out.append((i, Attempt(backend, source, s.level, WOULD_DECLINE, reason,
                                               BackendNotImplementedError(reason))))
                        if self.default is None:
                            continue
                        kind = "declined: default"
            how = {
                "direct": "implementation",
                "pinned-default": "no implementation: the default runs, pinned to it",
                "declined: default": "it declines: the default runs, pinned to it",
                "default": "unpinned default",
            }.get(kind, "decides at call time (__ua_function__)")
            first = WOULD_TRY if kind == "protocol" else WOULD_CALL
            out.append((i, Attempt(backend, source, s.level,
                                   first if called is None else FALLBACK, how)))
            if called is None:
                called = s
        out.sort(key=lambda p: p[0])
        attempts = [a for _, a in out]
        chosen = called.backend if called is not None and called.kind != "default" else None
        return Explanation(self.function, self.domain, attempts, chosen)

