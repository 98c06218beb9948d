"""Backend state: context-local (``set_backend``, ``skip_backend``) and process-wide.

Context-local state is one ``contextvars.ContextVar`` whose value is a node
of a trie. Each ``with set_backend(b)`` moves the variable from a node to
its child for that context manager; leaving moves it back to the parent.
Nodes are interned (the same nesting gives the same node object), so a node
is a cheap, hashable, immutable description of the whole local state, and it
is what the multimethod caches are keyed on. Because the variable lives in
the ``contextvars`` context, each thread and each asyncio task sees its own
state; a new thread starts with none.

Global and registered backends are process-wide: an immutable snapshot,
replaced under a lock on every change, with a version that increases each
time. Changing it calls the invalidation hooks, which give every multimethod
a fresh cache. A change of a ``Backend``'s table, or of automatic
registration, publishes the same backends as a new version, so that there is
one way to invalidate.

The state of this module, and who changes it:

- ``local_state`` (a ``ContextVar`` of ``_Node``): ``_BackendContext.__enter__``
  and ``__exit__``, ``set_state``. Nodes are interned in their parent's
  ``children``; each node's ``plans`` are written by the multimethod layer on
  a cache miss, and only for the node's own version of the snapshot.
- ``_globals`` (a ``_Globals`` snapshot): ``_publish``, under ``_lock``,
  called by ``set_global_backend``, ``register_backend``, ``clear_backends``,
  ``set_state`` and ``republish``.
- ``_lock``: held by every change of ``_globals`` and across ``fork()`` (the
  child gets a fresh one).
- ``_set_contexts``, ``_plain_contexts``, ``_skip_contexts``: interned
  context managers, by ``set_backend``/``skip_backend``.
- ``_auto``: ``set_auto_register``.

What is guaranteed (each point is pinned by a test):

- A ``with set_backend(...)`` in one thread or asyncio task is invisible to
  every other. New threads start with no local backends; ``asyncio`` tasks
  start with a copy of their creator's (and their changes do not leak back).
- Global and registered backends are shared by all threads, and a change is
  seen by every thread's next call (caches never serve a stale resolution).
- ``Thread`` and ``carry`` bring the creator's local backends to another
  thread (and, pickled, the global ones to another process); the thread's
  own state comes back afterwards, even after an exception.
- The domain walk goes from the most specific domain up: for a call in
  ``numpy.fft``, every backend of ``numpy.fft`` (local, global, registered)
  is tried before any backend of ``numpy``. So a *registered* ``numpy.fft``
  backend serves ``numpy.fft`` calls ahead of the *global* ``numpy`` one
  (as in uarray); set it with ``only=True`` or skip it to change that.
- Generators have no context of their own, as with ``contextvars`` and
  uarray: while a generator is suspended inside ``with set_backend(b):``,
  its caller sees ``b``, until the generator resumes and leaves the block
  (or is closed). This is what makes ``@contextlib.contextmanager`` wrappers
  around ``set_backend`` work. Decorate a generator function with
  ``isolated`` to keep its backends to itself.
- Contexts must be left in the reverse order of entry. Leaving one out of
  order raises ``RuntimeError`` and changes nothing; so does leaving one that
  was never entered. (A generator that resumes inside a block its caller
  entered after it, and then leaves its own block, hits this.) A block left
  with an exception in flight never raises that error: it leaves every block
  still in effect inside it (one that an interrupt cut short), and the
  exception goes on.
- A call is resolved against the snapshot of the process-wide state current
  when it began, also when a backend declines while another thread changes
  the state. ``fork()`` waits for a change in progress; the child gets fresh
  locks. An ``isolated`` generator dropped unfinished is closed in its own
  context.

This module must never import an array library, nor the multimethod layer.
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import threading
import types
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar, cast

from ._backend import (
    BackendLike,
    adapter_name,
    as_backend,
    domains_of,
    reset_adapter_lock,
    validate_domain,
)
from ._backend import change_hooks as backend_change_hooks
from ._env import read

_log = logging.getLogger("overridable")

__all__ = [
    "clear_backends",
    "compiled",
    "register_backend",
    "set_auto_register",
    "set_backend",
    "set_global_backend",
    "skip_backend",
]

_F = TypeVar("_F", bound=Callable[..., Any])


def _load_native() -> types.ModuleType | None:
    """The compiled hot path (``_native.c``), unless it is missing (no C compiler when
    installed) or ``OVERRIDABLE_PURE_PYTHON=1`` asks for the pure-Python reference."""
    if read("OVERRIDABLE_PURE_PYTHON"):
        return None
    try:
        from . import _native  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _native  # type: ignore[no-any-return]


#: The compiled extension module in use, or None on the pure-Python path.
native = _load_native()


def compiled() -> bool:
    """Whether the compiled hot path (``overridable._native``) is in use.

    It is when the extension was built at install (a C compiler was there) and
    ``OVERRIDABLE_PURE_PYTHON=1`` is not set; both paths have the same semantics.
    ``python -m overridable info`` says which one is active.

    >>> import overridable as ov
    >>> ov.compiled() in (True, False)
    True
    """
    return native is not None

_CHILDREN_LIMIT = 256
_CONTEXT_CACHE_LIMIT = 1024


class _Node:
    """One local state: the context manager that made it, its parent state, and the plans
    the multimethods cached for calls made in it.

    The plans live on the node so that they die with it: however many local states are
    alive at once (10,000 asyncio tasks, each with its own backend), each keeps its own
    cached plans, and no cache is emptied because another one filled.
    """

    __slots__ = ("__weakref__", "children", "ctx", "parent", "plans", "version")

    def __init__(self, parent: _Node | None, ctx: _BackendContext | None) -> None:
        self.parent = parent
        self.ctx = ctx
        self.children: dict[_BackendContext, _Node] = {}
        #: multimethod token -> its cache here (see ``_multimethod``); every entry belongs
        #: to the process-wide state of version ``version``, older ones are dropped.
        self.plans: dict[object, Any] = {}
        self.version = -1

    def child(self, ctx: Any) -> _Node:
        children = self.children
        node = children.get(ctx)
        if node is None:
            if len(children) >= _CHILDREN_LIMIT:
                # Dropping interned children only costs cache misses later.
                children.clear()
            node = children.setdefault(ctx, _Node(self, ctx))
        return node

    def contexts(self) -> list[_BackendContext]:
        """The context managers in effect, innermost first."""
        out = []
        node: _Node | None = self
        while node is not None and node.ctx is not None:
            out.append(node.ctx)
            node = node.parent
        return out


ROOT = _Node(None, None)
local_state: ContextVar[_Node] = ContextVar("overridable.local_state", default=ROOT)
get_local = local_state.get
if native is not None:
    native.configure(local_state=local_state)


class _PyContextBase:
    """``__enter__`` and ``__exit__`` of the backend contexts, in Python: the reference of
    the compiled ``_native.ContextBase``, used on the pure-Python path."""

    __slots__ = ("_memo",)

    def __init__(self) -> None:
        # (parent, child) of the last entry: a one-slot memo of the trie look-up,
        # replaced whole (one atomic store) so threads sharing the context are safe.
        self._memo: tuple[_Node | None, _Node | None] = (None, None)

    def _out_of_order(self, cur: _Node) -> None:
        raise NotImplementedError

    def __enter__(self) -> None:
        cur = get_local()
        memo = self._memo
        if memo[0] is cur:
            node = memo[1]
        else:
            node = cur.child(self)
            self._memo = (cur, node)
        # An asynchronous exception (a signal handler's KeyboardInterrupt) is raised when
        # the interpreter checks for one, right after a call returns: here, after the
        # state changed but before ``with`` counts the block as entered, so its
        # ``__exit__`` would never run. Undo the change then; the undoing call's own
        # check comes after it, so a second signal finds the state restored.
        try:
            local_state.set(node)  # type: ignore[arg-type]
        except BaseException:
            local_state.set(cur)
            raise

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        try:
            cur = get_local()
        except BaseException:  # a signal's exception, right after the read: leave first
            cur = get_local()
            if cur.ctx is self:
                local_state.set(cur.parent)  # type: ignore[arg-type]
            raise
        if cur.ctx is self:
            local_state.set(cur.parent)  # type: ignore[arg-type]
            return
        if exc_type is not None:
            # An exception is on its way out, and an inner block it interrupted (in its
            # ``__enter__`` or ``__exit__``) is still in effect: leave this block and
            # every block inside it, and let the exception go on unchanged.
            node: _Node | None = cur
            while node is not None and node.ctx is not self:
                node = node.parent
            if node is not None:
                local_state.set(node.parent)  # type: ignore[arg-type]
            return
        self._out_of_order(cur)


# The compiled base reads and writes the local state with no Python code in between,
# so an interrupt cannot fall between them (on the pure-Python path it can, on the
# first instruction of ``__exit__``; see the docs' concurrency page).
_ContextBase: type = _PyContextBase if native is None else native.ContextBase


class _BackendContext(_ContextBase):  # type: ignore[misc]
    """Shared machinery of ``set_backend`` and ``skip_backend`` context managers.

    The object holds no per-use state (the trie does), so one instance can be
    entered re-entrantly, from many threads, and used as a decorator.
    """

    __slots__ = ("__weakref__", "backend", "coerce", "domains", "only")
    skip = False

    def __init__(self, backend: object, coerce: bool = False, only: bool = False) -> None:
        super().__init__()
        self.backend = backend
        self.domains = domains_of(backend)
        self.coerce = bool(coerce)
        self.only = bool(only)

    def _out_of_order(self, cur: _Node) -> None:
        raise RuntimeError(
            f"{self!r} exited out of order: the innermost backend context in effect is "
            f"{cur.ctx!r}. Backend contexts must be exited in the reverse order of entry "
            "(the state is unchanged)."
        )

    def __call__(self, func: _F) -> _F:
        """Use the context manager as a decorator."""

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self)._make, (_portable(self.backend), self.coerce, self.only))

    @classmethod
    def _make(cls, backend: object, coerce: bool, only: bool) -> _BackendContext:
        return cls(_unportable(backend), coerce, only)


class _SetBackendContext(_BackendContext):
    __slots__ = ()

    def __repr__(self) -> str:
        return f"set_backend({self.backend!r}, coerce={self.coerce}, only={self.only})"


class _SkipBackendContext(_BackendContext):
    __slots__ = ()
    skip = True

    def __repr__(self) -> str:
        return f"skip_backend({self.backend!r})"


class _TraceContext(_BackendContext):
    """The context of an ``ov.trace()`` block: no backend, and no domain, so it takes part
    in no search; its node is a local state of its own, whose plans record each call."""

    __slots__ = ("calls",)
    skip = True

    def __init__(self) -> None:
        _ContextBase.__init__(self)  # type: ignore[misc]
        self.backend = None
        self.domains = ()
        self.coerce = self.only = False
        self.calls: list[Any] = []

    def __repr__(self) -> str:
        return "trace()"


def tracing(node: _Node) -> list[Any] | None:
    """The record of the innermost ``trace()`` block in effect at ``node``, if any."""
    current: _Node | None = node
    while current is not None and current.ctx is not None:
        if type(current.ctx) is _TraceContext:
            return current.ctx.calls
        current = current.parent
    return None


_set_contexts: dict[tuple[int, bool, bool], _SetBackendContext] = {}
_plain_contexts: dict[int, _SetBackendContext] = {}
_skip_contexts: dict[int, _SkipBackendContext] = {}


def set_backend(
    backend: BackendLike, coerce: bool = False, only: bool = False
) -> _SetBackendContext:
    """A context manager (and decorator) that prefers ``backend`` inside its block.

    Parameters
    ----------
    backend : backend, module or str
        A backend object, or a library module / name with a registered adapter.
    coerce : bool
        Convert arguments of other types to this backend's types. Implies ``only``.
    only : bool
        Stop the search after this backend: if it declines, the call fails.

    The setting is local to the current thread or asyncio task. Contexts can
    be nested and re-entered; they must be exited in reverse order.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> be = ov.Backend("example", implementations={mm: lambda: "be"})
    >>> with ov.set_backend(be):
    ...     mm()
    'be'
    """
    if coerce or only:
        ctx = _set_contexts.get((id(backend), bool(coerce), bool(only)))
    else:
        ctx = _plain_contexts.get(id(backend))
    if ctx is not None and ctx.backend is backend:
        return ctx
    resolved = as_backend(backend)
    if resolved is not backend:  # a module or a name: intern by its adapter
        return set_backend(resolved, coerce, only)
    ctx = _SetBackendContext(backend, coerce, only)
    for cache in (_set_contexts, _plain_contexts):
        if len(cache) >= _CONTEXT_CACHE_LIMIT:
            cache.clear()
    # Keyed by id: the context keeps its backend alive, so the id is not reused.
    if coerce or only:
        _set_contexts[(id(backend), ctx.coerce, ctx.only)] = ctx
    else:
        _plain_contexts[id(backend)] = ctx
    return ctx


def local_blocks_used() -> bool:
    """Whether ``set_backend`` was ever called in this process (its blocks are local to a
    thread: a thread started without them resolves with the global state alone).

    >>> import overridable as ov
    >>> from overridable._state import local_blocks_used
    >>> be = ov.Backend("example")
    >>> with ov.set_backend(be):
    ...     local_blocks_used()
    True
    """
    return bool(_plain_contexts or _set_contexts)


def skip_backend(backend: BackendLike) -> _SkipBackendContext:
    """A context manager (and decorator) that leaves ``backend`` out of every search inside it.

    Skipped backends are compared with ``==`` against each candidate (so a
    backend can define which others it stands for); an exception from that
    comparison propagates from the call.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> be = ov.Backend("example", implementations={mm: lambda: "be"})
    >>> with ov.set_backend(be), ov.skip_backend(be):
    ...     mm()
    Traceback (most recent call last):
        ...
    overridable._errors.BackendNotImplementedError: ...: every backend ... is skipped
    ...
    """
    ctx = _skip_contexts.get(id(backend))
    if ctx is not None and ctx.backend is backend:
        return ctx
    resolved = as_backend(backend)
    if resolved is not backend:
        return skip_backend(resolved)
    ctx = _SkipBackendContext(backend)
    if len(_skip_contexts) >= _CONTEXT_CACHE_LIMIT:
        _skip_contexts.clear()
    _skip_contexts[id(backend)] = ctx
    return ctx


# ---------------------------------------------------------------------------
# Process-wide state


class _DomainGlobals(NamedTuple):
    backend: object = None
    coerce: bool = False
    only: bool = False
    try_last: bool = False
    registered: tuple[object, ...] = ()
    #: Installed with ``default=True``: survives restoring a state that has no global here.
    default: bool = False
    #: Registered with ``default=True``: kept by any restore.
    default_registered: tuple[object, ...] = ()


class _Globals:
    """An immutable snapshot of the global and registered backends of every domain."""

    __slots__ = ("domains", "version")

    def __init__(self, version: int, domains: dict[str, _DomainGlobals]) -> None:
        self.version = version
        self.domains = domains


#: Guards every change of ``_globals`` and the invalidation that follows it, so that
#: caches are swapped in the order the snapshots were published.
_lock = threading.RLock()
_globals = _Globals(0, {})
#: Called, under the lock, after every change of the process-wide state: the
#: multimethods swap their caches for ones that belong to the new snapshot.
invalidation_hooks: list[Callable[[], None]] = []


def current_globals() -> _Globals:
    return _globals


def _publish(domains: dict[str, _DomainGlobals]) -> None:
    """Install a new snapshot (caller holds the lock) and invalidate every cache."""
    global _globals
    _globals = _Globals(_globals.version + 1, {d: g for d, g in domains.items() if g != _EMPTY})
    for hook in invalidation_hooks:
        hook()


def republish() -> None:
    """Publish the same backends as a new version: every cached plan is dropped.

    Called when something that plans depend on changes outside the snapshot (a
    ``Backend``'s table or types, automatic registration turned on or off), so that
    every invalidation is one version step, taken under the lock.
    """
    with _lock:
        _publish(dict(_globals.domains))


backend_change_hooks.append(republish)


def _before_fork() -> None:
    # A fork in the middle of a change would leave the child a half-swapped set of
    # caches, or a lock held by a thread that does not exist there.
    _lock.acquire()


def _after_fork_in_parent() -> None:
    _lock.release()


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.RLock()
    reset_adapter_lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent,
                        after_in_child=_after_fork_in_child)


_EMPTY = _DomainGlobals()


def globals_version() -> int:
    """The version of the process-wide state; it increases on every change.

    >>> import overridable as ov
    >>> from overridable._state import globals_version
    >>> v = globals_version()
    >>> with ov.reset_state():
    ...     ov.register_backend(ov.Backend("example"))
    ...     globals_version() > v
    True
    """
    return _globals.version


def set_global_backend(
    backend: BackendLike, coerce: bool = False, only: bool = False, *, try_last: bool = False,
    default: bool = False,
) -> None:
    """Make ``backend`` the process-wide default for its domains, tried after local backends.

    Parameters
    ----------
    backend : backend, module or str
    coerce : bool
        Convert arguments of other types to this backend's types. Implies ``only``.
    only : bool
        If it declines, stop the search (registered backends are not tried).
    try_last : bool
        Try it after the registered backends instead of before them.
    default : bool
        Install it as the domain's default global backend, the way a library
        installs its reference backend on import (``overridable.numpy`` does
        for NumPy): ``set_state``/``reset_state`` keep it when the state they
        restore has no global backend for the domain, so an import inside a
        ``reset_state()`` block does not lose it.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> with ov.reset_state():
    ...     ov.set_global_backend(ov.Backend("example", implementations={mm: lambda: 1}))
    ...     mm()
    1
    """
    _update_domains(backend, lambda old, b: old._replace(
        backend=b, coerce=bool(coerce), only=bool(only), try_last=bool(try_last),
        default=bool(default)))


def _update_domains(
    backend: object, change: Callable[[_DomainGlobals, object], _DomainGlobals]
) -> None:
    """Apply ``change`` to the process-wide entry of each of ``backend``'s domains."""
    backend = as_backend(backend)
    domains = domains_of(backend)
    with _lock:
        new = dict(_globals.domains)
        for d in domains:
            new[d] = change(new.get(d, _EMPTY), backend)
        _publish(new)


def register_backend(backend: BackendLike, *, default: bool = False) -> None:
    """Add ``backend`` to the process-wide registered backends of its domains.

    Registered backends are tried after the global backend, in order of
    registration; registering the same object twice has no further effect.
    With ``default=True`` (a library registering its own backend on import)
    ``set_state``/``reset_state`` keep it registered when they restore a state.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> with ov.reset_state():
    ...     ov.register_backend(ov.Backend("example", implementations={mm: lambda: 2}))
    ...     mm()
    2
    """
    def change(old: _DomainGlobals, b: object) -> _DomainGlobals:
        if default and not any(r is b for r in old.default_registered):
            old = old._replace(default_registered=(*old.default_registered, b))
        if any(r is b for r in old.registered):
            return old
        return old._replace(registered=(*old.registered, b))

    _update_domains(backend, change)


_auto = [bool(read("OVERRIDABLE_AUTO_REGISTER"))]


def set_auto_register(enabled: bool) -> bool:
    """Turn automatic registration on or off, process-wide; return the previous setting.

    When a call's arguments are refused by every backend that could serve it,
    and an installed backend (an adapter name, such as ``"torch"`` or
    ``"dask"``) is named after the package of a refused type, that backend is
    registered (as ``register_backend`` would) and the call is resolved again:
    ``library_function(torch_tensor)`` returns a tensor with nothing set up.
    The library is imported then, on first sight of its types. A backend set
    with ``only=True`` or ``coerce=True`` ends the search, so nothing is
    registered under it; a skipped backend is never registered. It is on by
    default; ``OVERRIDABLE_AUTO_REGISTER=0`` in the environment turns it off
    at import, and the ``overridable`` logger records each registration (INFO).

    >>> import overridable as ov
    >>> previous = ov.set_auto_register(False)
    >>> ov.set_auto_register(previous)
    False
    """
    previous = _auto[0]
    _auto[0] = bool(enabled)
    if _auto[0] != previous:  # failures cached while it was off may now resolve
        republish()
    return previous


def auto_register(domain: str, refused: list[type], considered: list[object]) -> bool:
    """Register the installed backends named after the packages of ``refused`` types that
    serve ``domain`` and were not ``considered``; whether any was registered. Called by
    the engine on a resolution that found no backend (a cache miss only)."""
    if not _auto[0]:
        return False
    from ._backend import installed_backends_for

    registered = False
    for name in installed_backends_for(refused, considered):
        try:
            backend = as_backend(name)
        except Exception as exc:  # a broken install: the call's own error says the rest
            _log.info("not registering backend %r automatically: %s: %s", name,
                      type(exc).__name__, exc)
            continue
        if not any(domain == d or domain.startswith(d + ".") for d in domains_of(backend)):
            continue
        register_backend(backend)
        registered = True
        _log.info("registered backend %r for %s, first seen in domain %r", name,
                  ", ".join(sorted({t.__qualname__ for t in refused})), domain)
    return registered


def clear_backends(domain: str | None, registered: bool = True, globals: bool = False) -> None:
    """Remove the registered and/or global backends of ``domain`` (``None``: of every domain).

    ``domain=None`` needs ``registered=True, globals=True`` (clear everything),
    as in uarray. Sub-domains are not affected: clear them by name.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> with ov.reset_state():
    ...     ov.register_backend(ov.Backend("example", implementations={mm: lambda: 2}))
    ...     ov.clear_backends("example")
    ...     mm()
    Traceback (most recent call last):
        ...
    overridable._errors.BackendNotImplementedError: ...: no backend is set, global or ...
    """
    if domain is None:
        if not (registered and globals):
            raise TypeError(
                "clear_backends(None, ...) clears every domain and needs registered=True and "
                "globals=True; pass a domain string to clear only one kind"
            )
        with _lock:
            _publish({})
        return
    validate_domain(domain)
    with _lock:
        new = dict(_globals.domains)
        old = new.get(domain, _EMPTY)
        if globals:
            old = old._replace(backend=None, coerce=False, only=False, try_last=False,
                               default=False)
        if registered:
            old = old._replace(registered=(), default_registered=())
        new[domain] = old
        _publish(new)


# ---------------------------------------------------------------------------
# Resolution order


Candidate = tuple[object, bool, str, str, bool]  # backend, coerce, source, level, skipped


def domain_levels(domain: str) -> list[str]:
    """``"a.b.c"`` -> ``["a.b.c", "a.b", "a"]``: the order of the domain walk."""
    parts = domain.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def candidates(domain: str, node: _Node, snapshot: _Globals) -> tuple[list[Candidate], bool]:
    """The backends to consider for a call in ``domain``, in order, and whether the list is
    final. Skipped backends are listed where they stand, marked skipped.

    The list is final (``True``) when a backend set with ``only`` or
    ``coerce`` ended the search, in which case no unpinned default runs.
    Comparisons with skipped backends may raise; the exception propagates.
    """
    contexts = node.contexts()
    sets = [c for c in contexts if not c.skip]
    skips = [c for c in contexts if c.skip]
    out: list[Candidate] = []
    for level in domain_levels(domain):
        level_skips = [s.backend for s in skips if level in s.domains]

        def consider(backend: object, coerce: bool, source: str) -> bool:
            # uarray compares ``skipped == candidate``, so a backend can stand for others.
            skipped = any(s is backend or s == backend for s in level_skips)  # noqa: B023
            out.append((backend, coerce, source, level, skipped))  # noqa: B023
            return not skipped

        for c in sets:
            if level in c.domains and consider(c.backend, c.coerce, "local") and (
                c.only or c.coerce
            ):
                return out, True
        g = snapshot.domains.get(level)
        if g is None:
            continue
        if g.backend is not None and not g.try_last:
            consider(g.backend, g.coerce, "global")
            if g.only or g.coerce:
                return out, True
        for r in g.registered:
            consider(r, False, "registered")
        if g.backend is not None and g.try_last:
            consider(g.backend, g.coerce, "global")
    return out, False


def pinned(backend: object, coerce: bool) -> _SetBackendContext:
    """The context a default runs in: ``backend`` set with ``only=True``."""
    return set_backend(cast(BackendLike, backend), coerce=coerce, only=True)


# ---------------------------------------------------------------------------
# Backends on their way through pickle, and restoring the process-wide state

class _ModuleRef(NamedTuple):
    """A module backend on its way through pickle, by name."""

    name: str


class _AdapterRef(NamedTuple):
    """A backend built by an adapter, on its way through pickle, by the adapter's name."""

    name: str


def _portable(backend: object) -> object:
    if isinstance(backend, types.ModuleType):
        return _ModuleRef(backend.__name__)
    name = adapter_name(backend)
    return backend if name is None else _AdapterRef(name)


def _unportable(backend: object) -> object:
    if isinstance(backend, _ModuleRef):
        return importlib.import_module(backend.name)
    if isinstance(backend, _AdapterRef):
        return as_backend(backend.name)
    return backend


def _keep_defaults(domains: dict[str, _DomainGlobals]) -> dict[str, _DomainGlobals]:
    """``domains``, plus the current default global backends where it has no global one."""
    out = dict(domains)
    for d, g in _globals.domains.items():
        if g.default and out.get(d, _EMPTY).backend is None:
            out[d] = out.get(d, _EMPTY)._replace(
                backend=g.backend, coerce=g.coerce, only=g.only, try_last=g.try_last,
                default=True)
        for r in g.default_registered:
            entry = out.get(d, _EMPTY)
            if not any(x is r for x in entry.registered):
                entry = entry._replace(registered=(*entry.registered, r))
            if not any(x is r for x in entry.default_registered):
                entry = entry._replace(default_registered=(*entry.default_registered, r))
            out[d] = entry
    return out


def restore_globals(domains: dict[str, _DomainGlobals]) -> None:
    """Make ``domains`` the process-wide state (keeping the default backends where it has
    none): what ``set_state`` installs and restores."""
    with _lock:
        _publish(_keep_defaults(domains))
