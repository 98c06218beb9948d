"""Multimethods under ``torch.compile``: what TorchDynamo needs to trace through them.

Dynamo cannot run the engine's hot path: it reads a ``ContextVar`` (which Dynamo
cannot trace), and on the compiled path it is C (``Dispatcher.__call__``). So when
Dynamo meets a multimethod call, it is shown a *twin* instead: the multimethod's own
generated function (same source, same argument binding, same cache key, same calling
convention; see ``_codegen``) whose plan look-up is answered at trace time.

How a call is traced:

1. The public multimethod is swapped for its twin with
   ``torch.compiler.substitute_in_graph``: one polyfill for ``Dispatcher.__call__`` on
   the compiled path, one per generated function on the pure-Python path.
2. The twin computes the cache key's types (``type(x)``, constants to Dynamo) and asks
   :func:`_plan` for the plan. ``_plan`` is constant-folded (``substitute_in_graph``
   with ``can_constant_fold_through=True``): Dynamo runs it, at trace time, with the
   state as it is then (the context-local node, the process-wide snapshot, automatic
   registration), and gets back the plan itself.
3. ``_plan`` installs two guards on the compiled code: the identity of the local-state
   node (``overridable._state.get_local()``) and the process-wide version. Any change
   of backend state (a ``with ov.set_backend`` entered, a new global or registered
   backend, a changed backend table) fails a guard, and Dynamo compiles again under
   the new state. These guards are the one place that uses Dynamo internals
   (``torch._dynamo.guards``/``source``): no public API guards on a context variable.
4. The plan is a chain of small Python functions (:func:`_chain`): the implementation,
   a decline handled as the engine handles it (the default pinned to the backend, then
   the next backend), a default run pinned to a backend (its inner calls resolve
   against the pinned node, pushed on a stack kept per trace). Dynamo traces into the
   chosen implementation, so the compiled graph holds the library's own operations
   and nothing of the dispatcher; what remains per call of the compiled code is
   Dynamo's evaluation of its guards on what the trace read. What cannot be decided
   at trace time (a protocol backend's ``__ua_function__``, a call no backend serves)
   is a graph break there: that call runs eagerly, through the real multimethod, with
   the usual semantics and errors.

What Dynamo guards is what each call of the compiled code pays for. Twins, plans and
implementations are returned by constant-folded functions, so Dynamo holds them with no
*source* and guards nothing it reads of them (closures, defaults): they are fixed for as
long as the state version that chose them, which is guarded. The few objects Dynamo can
trace only through a source (a bound method, a partial, NumPy's functions, a sentinel
default such as ``numpy._NoValue``) are published as attributes of one holder object
(``_HOLDER``) and reached through it, guarded. Measured on the twenty-call function of
``benchmarks/bench_backends.py``: about 240 guard entries (55 for the direct torch code),
where reaching everything through the holder gave about 1,770.

Nothing here runs unless ``torch._dynamo`` is imported: :func:`watch`, called when
``overridable`` is imported, installs the polyfills at once if it is, else when it is.
This module must never import an array library at import time; it imports ``torch``
only once ``torch._dynamo`` has been imported.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import logging
import sys
import threading
import weakref
from collections.abc import Callable, Sequence
from types import BuiltinFunctionType, FunctionType, ModuleType
from typing import Any, Final

from ._codegen import _ALL, _SEQUENCES
from ._errors import BackendNotImplementedError
from ._guarded import adapter_of
from ._resolution import _all_infos, _Info, _Step, creation_hooks
from ._state import _Node, current_globals, get_local, native, pinned

_log = logging.getLogger("overridable")

#: The module whose import makes the polyfills worth installing.
_DYNAMO: Final = "torch._dynamo"
#: Stands for ``_ALL`` in a cache key built while tracing: a string is a constant to
#: Dynamo (``_ALL`` is an object it would have to guard) and can never be a key's type.
_ALL_TEXT: Final = "<overridable: all parameters>"
#: A keyword's default when the parameter has none (compared by identity: never a value).
_ABSENT_TEXT: Final = "<overridable: no default>"


class _Holder:
    """Twins and plans, as attributes: Dynamo reads them through a source."""


_HOLDER = _Holder()
#: id(object) -> (its attribute name on _HOLDER, the object); the holder keeps it alive,
#: so the id is never reused while the entry stands.
_published: dict[int, tuple[str, object]] = {}
#: id(public multimethod) -> its engine record, for the multimethods traced so far.
_infos: dict[int, _Info] = {}
#: id(public multimethod) -> its twin (or the name it is published under).
_twins: dict[int, Any] = {}
#: (id(public multimethod), a sentinel default's type) -> the stand-in of the default in
#: its twin (see _make_twin).
_stand_ins: dict[tuple[int, type], str] = {}
#: (multimethod, node, version, key types) -> the plan's chain.
_plans: dict[tuple[Any, ...], Callable[..., Any]] = {}
#: Guards the tables above: compiling in two threads at once must not mix them.
_lock = threading.RLock()
#: The nodes pushed by defaults run pinned to a backend, per trace (Dynamo's tracing
#: context), so that an aborted trace leaves nothing behind for the next one.
_pinned_stacks: weakref.WeakKeyDictionary[Any, list[_Node]] = weakref.WeakKeyDictionary()


def _publish(obj: object) -> str:
    with _lock:
        entry = _published.get(id(obj))
        if entry is None:
            entry = _published[id(obj)] = (f"o{len(_published)}", obj)
            setattr(_HOLDER, entry[0], obj)
        return entry[0]


def _info_of(function_id: int) -> _Info:
    with _lock:
        info = _infos.get(function_id)
        if info is None:
            # The public multimethod's id, or the generated function's (the pure-Python
            # path's front, for a multimethod with a normalize, calls the latter).
            info = next(i for i in list(_all_infos)
                        if function_id in (id(i.function), id(i.python)))
            _infos[function_id] = info
        return info


# ---------------------------------------------------------------------------
# Run by Dynamo at trace time (constant-folded: see install)


def _twin(function_id: int) -> Any:
    """The twin of the multimethod ``function_id`` (built on first use): the function itself,
    which Dynamo traces with no source (nothing it reads is guarded), or the name it is
    published under, when it must be reached through a source (see :func:`_make_twin`)."""
    with _lock:
        twin = _twins.get(function_id)
        if twin is None:
            twin = _twins[function_id] = _make_twin(_info_of(function_id), function_id)
        return twin


def _plan(function_id: int, types: Any) -> Callable[..., Any]:
    """The plan of a call of multimethod ``function_id`` whose key types are
    ``types``, resolved in the state as it is now, with the guards that keep it valid."""
    info = _info_of(function_id)
    if type(types) is tuple and types and types[0] == _ALL_TEXT:
        types = (_ALL, *types[1:])
    node = _current_node()
    key = (node, types) if info.typed else node
    snapshot = current_globals()
    cache = (function_id, node, snapshot.version, types)
    with _lock:
        chain = _plans.get(cache)
    if chain is not None:
        return chain
    notes: list[Any] = []
    steps = info.plan_steps(key, node, snapshot, notes)
    if not steps and info._register_for(node, snapshot, notes):
        snapshot = current_globals()  # a backend was registered: the version moved on
        steps = info.plan_steps(key, node, snapshot, [])
    chain = _chain(info, node, steps)
    with _lock:
        _plans[(function_id, node, snapshot.version, types)] = chain
    return chain


def _stand_in(function_id: int, kind: type) -> str | None:
    """The stand-in of a sentinel default of type ``kind`` in the twin of ``function_id``."""
    return _stand_ins.get((function_id, kind))


def _enter(node_id: int) -> None:
    """A default starts, pinned to a backend: calls inside it resolve in that node."""
    node = _published[node_id][1]
    assert isinstance(node, _Node)
    _stack().append(node)


def _exit(node_id: int) -> None:
    stack = _stack()
    if stack and id(stack[-1]) == node_id:
        stack.pop()


def _stack() -> list[_Node]:
    from torch._guards import TracingContext

    context = TracingContext.try_get()
    if context is None:  # not tracing (the polyfills ran eagerly): no pinned node
        return []
    stack = _pinned_stacks.get(context)
    if stack is None:
        stack = _pinned_stacks[context] = []
    return stack


def _current_node() -> _Node:
    """The local state a call made now resolves in; guarded, when it is the real one."""
    stack = _stack()
    if stack:
        return stack[-1]
    _guard_state()
    return get_local()


def _guard_state() -> None:
    """Guard the code being compiled on the backend state: the identity of the local-state
    node (nodes are interned: one nesting of contexts, one node) and the version of the
    process-wide state. Dynamo evaluates both when the compiled code is called."""
    from torch._dynamo.guards import GuardBuilder, install_guard
    from torch._dynamo.source import AttrSource, CallFunctionNoArgsSource, ImportSource

    # ``__import__("overridable")``: the package; its ``_state`` module holds the state.
    state = AttrSource(ImportSource(__name__.rsplit(".", 1)[0]), "_state")
    install_guard(
        CallFunctionNoArgsSource(AttrSource(state, "get_local")).make_guard(
            GuardBuilder.ID_MATCH),
        AttrSource(AttrSource(state, "_globals"), "version").make_guard(
            GuardBuilder.EQUALS_MATCH),
    )


# ---------------------------------------------------------------------------
# Traced by Dynamo


#: The types Dynamo builds a variable for with no source (constants): a twin's defaults
#: of these types (exactly: not a subclass such as numpy.float64) can sit in its closure
#: unguarded, as can classes.
_LITERALS: Final = (type(None), bool, int, float, complex, str, bytes)


def _literal(value: object) -> bool:
    if type(value) in (tuple, frozenset):
        return all(_literal(v) for v in value)  # type: ignore[attr-defined]
    return type(value) in _LITERALS or isinstance(value, type) or _dynamo_literal(value)


def _dynamo_literal(value: object) -> bool:
    """Whether Dynamo holds ``value`` as a constant (``torch.dtype`` too; bound by install)."""
    return False


def _dynamo_builtin(value: object) -> bool:
    """Whether Dynamo traces the builtin ``value`` reached with no source (bound by install)."""
    return False


def _unguarded(value: object, seen: set[int] | None = None) -> bool:
    """Whether Dynamo can trace ``value`` reached with no source: a constant, a class, a
    builtin, or a Python function whose defaults and closure are such values. What it reads
    of them is then not guarded (its module globals still are): right for an implementation,
    which is fixed for as long as the backend state version that chose it."""
    if _literal(value) or isinstance(value, type):
        return True
    if isinstance(value, BuiltinFunctionType):  # torch's, not NumPy's: Dynamo needs a source
        return _dynamo_builtin(value)           # to trace a NumPy function as torch's
    if type(value) is not FunctionType:
        return False
    seen = set() if seen is None else seen
    if id(value) in seen:
        return True
    seen.add(id(value))
    parts = [*(value.__defaults__ or ()), *(value.__kwdefaults__ or {}).values()]
    try:
        parts += [cell.cell_contents for cell in value.__closure__ or ()]
    except ValueError:  # an empty cell
        return False
    return all(_unguarded(part, seen) for part in parts)


def _make_twin(info: _Info, function_id: int) -> Any:
    """The multimethod's generated function with its plan look-up answered by ``_plan``.

    Dynamo reaches it with no source (the return value of a constant-folded function), so
    nothing it reads (closure, defaults) is guarded: all of it is fixed for the life of the
    multimethod, and the plan it calls is guarded by the backend state (see ``_plan``). A
    default that Dynamo cannot hold without a source (``numpy._NoValue``) is replaced by a
    stand-in string, which the twin compares by identity as it does the default, and which
    :func:`_call` puts in place of such a default given as an argument; where the twin would
    hand a default on (``*args``/``**kwargs`` signatures pass every positional argument) or
    two sentinels share a type, the twin is published instead and reached through a
    source."""
    typed = info.typed
    function = info.function
    source = info.source

    def no_plans() -> _Holder:
        return _NO_PLANS  # its empty ``plans``: every look-up misses, and resolves

    def resolve(token: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        types = key(*args, **kwargs)[1] if typed else None
        return _plan(function_id, types)

    def declined(token: object, plan: object, args: tuple[Any, ...], kwargs: dict[str, Any],
                 exc: BaseException | None) -> Any:
        # The chains handle every decline (see _chain): nothing reaches here but a bug.
        return _disable(function, reason="overridable: unexpected decline while tracing")(
            *args, **kwargs)

    def annotate(token: object, plan: object, exc: BaseException, args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> BaseException:
        return exc

    sentinels = {id(d): d for d in source.defaults if not _literal(d)}
    # One stand-in per sentinel type: an argument is recognised by its type while tracing
    # (see _call), so two sentinels of one type could not be told apart.
    published = bool(sentinels) and (
        source.varargs or source.varkw
        or len({type(d) for d in sentinels.values()}) < len(sentinels))
    if published:
        defaults, keyword, given = source.defaults, source.keyword, source.given
    else:
        texts = {}
        with _lock:
            for d in sentinels.values():
                texts[id(d)] = _stand_ins.setdefault(
                    (function_id, type(d)), f"<overridable: default {d!r}>")
        defaults = [texts.get(id(d), d) for d in source.defaults]
        keyword = {k: texts.get(id(d), d) for k, d in source.keyword.items()}

        def given(kwargs: dict[str, Any]) -> dict[str, Any]:
            return {k: v for k, v in kwargs.items() if keyword.get(k, _ABSENT_TEXT) is not v}

    twin, key, _ = source.factory()(
        None, no_plans, resolve, declined, annotate, BackendNotImplementedError, _SEQUENCES,
        type, tuple, map, _ALL_TEXT, given, *defaults,
    )
    canonical = info.canonical
    if canonical is not None:  # NumPy's other spellings, rewritten as the front does
        exact = twin

        def twin(*args: Any, **kwargs: Any) -> Any:
            args, kwargs = canonical(args, kwargs)
            return exact(*args, **kwargs)

    twin.__name__ = twin.__qualname__ = f"{function.__name__} (traced)"
    return _publish(twin) if published else twin


_NO_PLANS = _Holder()
_NO_PLANS.plans = {}  # type: ignore[attr-defined]


def _graph_break(message: str) -> None:
    """Stop the graph here (``torch._dynamo.graph_break``, bound by install)."""


def _disable(function: Callable[..., Any], reason: str) -> Callable[..., Any]:
    """``function``, run eagerly behind a graph break (``torch.compiler.disable``, bound by
    install)."""
    return function


def _chain(info: _Info, node: _Node, steps: Sequence[_Step]) -> Callable[..., Any]:
    """The plan of a traced call: each step a function handing a decline to the next, in
    the engine's order (a backend that declines has its default run pinned to it first).
    Called as the implementation is (the one calling convention)."""
    function = info.function
    default = info.default

    def eager(reason: str) -> Callable[..., Any]:
        # Dynamo breaks the graph at a disabled function and runs it as it is, with
        # every frame inside it (the engine's own) left alone.
        return _disable(function, reason=f"overridable: {function.__name__} {reason}; "
                        "the call runs eagerly")

    runner = eager("has no backend left to try at trace time")
    for s in reversed(steps):
        if s.kind == "protocol":
            runner = eager(f"is served by {s.backend!r}, which decides at call time")
        elif s.kind == "direct":
            after = runner if default is None else _pinned_step(
                default, _pinned_node(node, s), runner)
            assert s.direct is not None
            runner = _step(s.direct, after)
        elif s.kind == "pinned-default":
            assert default is not None
            runner = _pinned_step(default, _pinned_node(node, s), runner)
        else:
            assert s.direct is not None
            runner = _step(s.direct, runner)
    return runner


def _pinned_node(node: _Node, step: _Step) -> _Node:
    """The node a default pinned to ``step``'s backend runs in (published: kept alive)."""
    child = node.child(pinned(step.backend, step.coerce))
    _publish(child)
    return child


def _reached(function: Callable[..., Any]) -> Any:
    """How a chain holds an implementation or a default: the function itself, which Dynamo
    traces unguarded (see :func:`_unguarded`), or else the name it is published under on the
    holder, a source that Dynamo needs to trace it (a bound method, a partial) and guards."""
    function = adapter_of(function)  # Dynamo traces the adapter, not the compiled guard
    return function if _unguarded(function) else _publish(function)


def _step(implementation: Callable[..., Any], after: Callable[..., Any]) -> Callable[..., Any]:
    reached = _reached(implementation)

    def step(*args: Any, **kwargs: Any) -> Any:
        try:
            result = _reach(reached)(*args, **kwargs)
        except BackendNotImplementedError:
            return after(*args, **kwargs)
        if result is NotImplemented:
            return after(*args, **kwargs)
        return result

    return step


def _pinned_step(default: Callable[..., Any], node: _Node,
                 after: Callable[..., Any]) -> Callable[..., Any]:
    node_id = id(node)
    reached = _reached(default)

    def step(*args: Any, **kwargs: Any) -> Any:
        _enter(node_id)
        try:
            result = _reach(reached)(*args, **kwargs)
        except BackendNotImplementedError:
            result = NotImplemented
        finally:
            _exit(node_id)
        if result is NotImplemented:
            return after(*args, **kwargs)
        return result

    return step


def _reach(function: Any) -> Callable[..., Any]:
    """A function held as :func:`_reached` holds it: itself, or the name it is published
    under."""
    if type(function) is str:
        return getattr(_HOLDER, function)  # type: ignore[no-any-return]
    return function  # type: ignore[no-any-return]


def _call(function_id: int, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """A call of the multimethod ``function_id``, traced: its twin's. A sentinel default
    given as an argument (``keepdims=numpy._NoValue``, as a NumPy default function passes
    it on) is replaced by its stand-in in the twin, so that it is "not given" there too."""
    twin = _twin(function_id)
    if type(twin) is str:
        return getattr(_HOLDER, twin)(*args, **kwargs)
    args = tuple([_swap(function_id, a) for a in args])
    kwargs = {k: _swap(function_id, v) for k, v in kwargs.items()}
    return twin(*args, **kwargs)


def _swap(function_id: int, value: Any) -> Any:
    text = _stand_in(function_id, type(value))
    return value if text is None else text


def _dispatcher_call(self: Any, *args: Any, **kwargs: Any) -> Any:
    """What Dynamo traces for a call of a compiled multimethod: its twin."""
    return _call(id(self), args, kwargs)


# ---------------------------------------------------------------------------
# Installation


_installed = [False]


def _not_constant(*args: Any, **kwargs: Any) -> Any:
    """Traced in place of a constant-folded function given a non-constant argument."""
    _graph_break("overridable: a call's argument types are not constant while tracing")


def install(torch: ModuleType) -> None:
    """Teach Dynamo the multimethods (see the module's docstring); once per process."""
    global _graph_break, _disable, _dynamo_literal, _dynamo_builtin
    with _lock:
        if _installed[0]:
            return
        _installed[0] = True
        # The guards need Dynamo's guard machinery (no public API guards on a context
        # variable): without it, install nothing, and calls break the graph as before.
        from torch._dynamo.guards import GuardBuilder, install_guard  # noqa: F401
        from torch._dynamo.source import (  # noqa: F401
            AttrSource,
            CallFunctionNoArgsSource,
            ImportSource,
        )
        from torch._dynamo.trace_rules import lookup, lookup_callable
        from torch._dynamo.variables.constant import ConstantVariable
        from torch._dynamo.variables.functions import SkipFunctionVariable
        from torch._guards import TracingContext  # noqa: F401

        def _dynamo_literal(value: object) -> bool:
            return ConstantVariable.is_literal(value)

        def _dynamo_builtin(value: object) -> bool:
            # Python's builtins (len), torch's functions: not NumPy's (skipped sourceless)
            return callable(value) and (lookup_callable(value) is not None or (
                lookup(value) is not SkipFunctionVariable))

        _graph_break = torch._dynamo.graph_break
        _disable = torch.compiler.disable
        substitute = torch.compiler.substitute_in_graph
        for eager in (_twin, _plan, _stand_in, _enter, _exit):
            substitute(eager, can_constant_fold_through=True,
                       skip_signature_check=True)(_not_constant)
        if native is not None:
            substitute(native.Dispatcher.__call__, skip_signature_check=True)(_dispatcher_call)
        else:
            def register(info: _Info) -> None:
                function_id = id(info.python)

                def traced(*args: Any, **kwargs: Any) -> Any:
                    return _call(function_id, args, kwargs)

                substitute(info.python, skip_signature_check=True)(traced)
                if info.front is not None:  # its twin rewrites the call as the front does
                    substitute(info.front, skip_signature_check=True)(traced)

            for info in list(_all_infos):
                register(info)
            creation_hooks.append(register)


class _Watcher(importlib.abc.MetaPathFinder):
    """Installs the polyfills right after ``torch._dynamo`` is imported."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != _DYNAMO:
            return None
        with contextlib.suppress(ValueError):  # once is enough
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        loader = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            _install_now()

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def _install_now() -> None:
    try:
        install(sys.modules["torch"])
    except Exception as exc:  # torch.compile then breaks the graph at each call, as before
        _log.warning("overridable: could not teach torch.compile the multimethods: %s: %s",
                     type(exc).__name__, exc)


def watch() -> None:
    """Install the polyfills now if ``torch._dynamo`` is imported, else when it is."""
    if _DYNAMO in sys.modules:
        _install_now()
    elif not any(isinstance(f, _Watcher) for f in sys.meta_path):
        sys.meta_path.insert(0, _Watcher())


watch()
