"""Saving, restoring and carrying backend state: ``get_state``/``set_state``/``reset_state``,
``carry`` and ``Thread`` (into threads, pools and other processes), and ``isolated``
generators.

A ``BackendState`` is the pair (local node, process-wide snapshot); it pickles in
uarray's plain-data form, module backends and adapted backends by name.

This module must never import an array library, nor the multimethod layer.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import threading
from collections.abc import Callable, Generator, Iterator
from typing import Any, TypeVar, cast

from ._backend import BackendLike
from ._state import (
    ROOT,
    _DomainGlobals,
    _Globals,
    _Node,
    _portable,
    _TraceContext,
    _unportable,
    current_globals,
    get_local,
    local_state,
    restore_globals,
    set_backend,
    skip_backend,
)

__all__ = ["BackendState", "Thread", "carry", "get_state", "isolated", "reset_state",
           "set_state"]


class BackendState:
    """An opaque snapshot of all backend state (local and process-wide), from :func:`get_state`.

    It can be restored with :func:`set_state`, carried into threads and
    pickled to another process (module backends travel by name).

    Examples
    --------
    >>> import pickle, overridable as ov
    >>> state = ov.get_state()
    >>> isinstance(pickle.loads(pickle.dumps(state)), ov.BackendState)
    True
    """

    __slots__ = ("globals", "node")

    def __init__(self, node: _Node, globals: _Globals) -> None:
        self.node = node
        self.globals = globals

    def _pickle(self) -> tuple[dict[str, Any], tuple[Any, ...], bool]:
        """uarray's plain-data form: (globals by domain, local contexts outermost first, flag)."""
        globals_ = {
            d: ((g.backend, g.coerce, g.only) if g.backend is not None else None,
                g.try_last, list(g.registered))
            for d, g in self.globals.domains.items()
        }
        locals_ = tuple(
            ("skip" if c.skip else "set", c.backend, c.coerce, c.only)
            for c in reversed(self.node.contexts()) if type(c) is not _TraceContext
        )
        return globals_, locals_, False

    @classmethod
    def _unpickle(
        cls, globals_: dict[str, Any], locals_: tuple[Any, ...], flag: bool = False
    ) -> BackendState:
        node = ROOT
        for kind, backend, coerce, only in locals_:
            backend = cast(BackendLike, _unportable(backend))
            ctx = skip_backend(backend) if kind == "skip" else set_backend(backend, coerce, only)
            node = node.child(ctx)
        domains = {}
        for d, (glob, try_last, registered) in globals_.items():
            b, coerce, only = glob if glob is not None else (None, False, False)
            domains[d] = _DomainGlobals(
                _unportable(b), coerce, only, try_last, tuple(_unportable(r) for r in registered)
            )
        return cls(node, _Globals(-1, domains))

    def __reduce__(self) -> tuple[Any, ...]:
        globals_, locals_, flag = self._pickle()
        portable_globals = {
            d: ((_portable(g[0]), g[1], g[2]) if g is not None else None, t,
                [_portable(r) for r in regs])
            for d, (g, t, regs) in globals_.items()
        }
        portable_locals = tuple((k, _portable(b), c, o) for k, b, c, o in locals_)
        return (BackendState._unpickle, (portable_globals, portable_locals, flag))

    def __repr__(self) -> str:
        contexts = ", ".join(repr(c) for c in reversed(self.node.contexts()))
        return f"<BackendState local=[{contexts}] globals={sorted(self.globals.domains)}>"


def get_state() -> BackendState:
    """Capture the current backend state (local to this context, and the process-wide one).

    >>> import overridable as ov
    >>> be = ov.Backend("example", name="be")
    >>> with ov.set_backend(be):
    ...     s = ov.get_state()
    >>> s
    <BackendState local=[set_backend(<overridable.Backend be>, coerce=False, only=False)] ...>
    """
    return BackendState(get_local(), current_globals())


@contextlib.contextmanager
def set_state(state: BackendState, *, globals: bool = True) -> Iterator[None]:
    """A context manager that installs ``state`` (from :func:`get_state`) and restores on exit.

    With ``globals=True`` (the default, as in uarray) the process-wide
    global and registered backends are set to the state's too, and on exit
    they are restored to what they were on entry, undoing any change made
    inside the block (by any thread); with ``globals=False`` only the
    context-local part is installed and restored.

    Examples
    --------
    >>> import overridable as ov
    >>> be = ov.Backend("example", name="be")
    >>> with ov.set_backend(be):
    ...     s = ov.get_state()
    >>> with ov.set_state(s):
    ...     ov.get_state().node is s.node
    True
    """
    if not isinstance(state, BackendState):
        raise TypeError(f"set_state needs a BackendState from get_state(), not {state!r}")
    old_node = get_local()
    old_globals = current_globals()
    if globals and state.globals is not old_globals:
        restore_globals(state.globals.domains)
    token = local_state.set(state.node)
    try:
        yield
    finally:
        try:
            local_state.reset(token)
        except ValueError:  # exited in another context than it was entered in
            local_state.set(old_node)
        if globals and current_globals() is not old_globals:
            restore_globals(old_globals.domains)


@contextlib.contextmanager
def reset_state() -> Iterator[None]:
    """A context manager that restores all backend state, local and global, when it exits.

    >>> import overridable as ov
    >>> with ov.reset_state():
    ...     ov.register_backend(ov.Backend("example"))
    >>> "example" in ov.get_state().globals.domains
    False
    """
    with set_state(get_state()):
        yield


class carry:
    """Wrap ``func`` so that it runs with the backend state current when ``carry`` was called.

    Use it to hand the caller's backends to a thread, an executor or another
    process: ``executor.submit(ov.carry(f), x)``. The wrapper pickles when
    ``func`` does; in another process it installs the global and registered
    backends too, in the same process only the context-local ones (the
    process-wide ones are shared already).

    Examples
    --------
    >>> import overridable as ov
    >>> from concurrent.futures import ThreadPoolExecutor
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> be = ov.Backend("example", implementations={mm: lambda: "be"})
    >>> with ov.set_backend(be), ThreadPoolExecutor(2) as pool:
    ...     pool.submit(ov.carry(mm)).result()
    'be'
    """

    __slots__ = ("func", "pid", "state")

    def __init__(self, func: Callable[..., Any], state: BackendState | None = None) -> None:
        if not callable(func):
            raise TypeError(f"carry needs a callable, not {func!r}")
        self.func = func
        self.state = state if state is not None else get_state()
        self.pid = os.getpid()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with set_state(self.state, globals=os.getpid() != self.pid):
            return self.func(*args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_uncarry, (self.func, self.state, self.pid))

    def __repr__(self) -> str:
        return f"carry({self.func!r})"


def _uncarry(func: Callable[..., Any], state: BackendState, pid: int) -> carry:
    c = carry(func, state)
    c.pid = pid
    return c


class Thread(threading.Thread):
    """A ``threading.Thread`` whose target runs with the backend state of its creator.

    A plain thread starts with no local backends; this one starts with the
    ones in effect where it was constructed.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> be = ov.Backend("example", implementations={mm: lambda: "be"})
    >>> out = []
    >>> with ov.set_backend(be):
    ...     t = ov.Thread(target=lambda: out.append(mm()))
    >>> t.start(); t.join(); out
    ['be']
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._overridable_state = get_state()

    def run(self) -> None:
        with set_state(self._overridable_state, globals=False):
            super().run()


_Y = TypeVar("_Y")


class _IsolatedGenerator(Generator[_Y, Any, Any]):
    """A generator whose every step runs in its own ``contextvars.Context``."""

    __slots__ = ("_context", "_generator")

    def __init__(self, generator: Generator[_Y, Any, Any], context: contextvars.Context) -> None:
        self._generator = generator
        self._context = context

    def send(self, value: Any) -> _Y:
        return self._context.run(self._generator.send, value)

    def throw(self, *args: Any) -> _Y:
        return self._context.run(self._generator.throw, *args)

    def close(self) -> None:
        self._context.run(self._generator.close)

    def __del__(self) -> None:
        # Unfinished and dropped: close it here, in its own context. Left to the
        # generator's own finalizer, its ``with set_backend`` blocks would exit in
        # whatever context is current then (the caller's), popping the caller's block.
        if getattr(self._generator, "gi_frame", None) is not None:
            self._context.run(self._generator.close)


def isolated(
    genfunc: Callable[..., Generator[_Y, Any, Any]],
) -> Callable[..., Generator[_Y, Any, Any]]:
    """Decorate a generator function so its backend changes stay inside the generator.

    A plain generator shares its caller's context: if it suspends (``yield``)
    inside ``with set_backend(b):``, ``b`` stays in effect for the caller
    until the generator resumes and leaves the block. That is what makes
    ``@contextlib.contextmanager`` wrappers around ``set_backend`` work, and
    it is the rule for ordinary generators here too. A generator decorated
    with ``isolated`` instead runs every step in a private copy of the
    context taken when it is created: it sees the backends in effect at
    creation, and nothing it sets reaches its caller.

    Examples
    --------
    >>> import overridable as ov
    >>> be = ov.Backend("example", name="be")
    >>> @ov.isolated
    ... def gen():
    ...     with ov.set_backend(be):
    ...         yield ov.get_state()
    >>> g = gen()
    >>> inside = next(g)
    >>> inside.node is ov.get_state().node   # the caller does not see `be`
    False
    >>> g.close()
    """

    @functools.wraps(genfunc)
    def wrapper(*args: Any, **kwargs: Any) -> Generator[_Y, Any, Any]:
        context = contextvars.copy_context()
        return _IsolatedGenerator(context.run(genfunc, *args, **kwargs), context)

    return wrapper
