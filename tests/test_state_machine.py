"""Stateful test of backend selection against an independent reference model.

Hypothesis drives random sequences of ``set_backend`` / ``skip_backend`` /
``set_state`` contexts (entered and exited in stack order), global and
registered backends, ``clear_backends`` and multimethod calls in the domains
``t``, ``t.sub``, ``t.sub.leaf`` and ``u``. After every call the result (or
the failure, with the backends that raised) is compared with what a small
model of uarray's resolution rules predicts, and ``ov.explain`` is compared
with the model's static prediction. After every step the engine's state
(``get_state()._pickle()``) is compared with the model's.

The model below is written from the rules in uarray's documentation, not
from the engine's code:

* domain walk ``a.b.c`` -> ``a.b`` -> ``a``; at each level the local backends
  serving that level, innermost first (one set with ``only`` or ``coerce``
  ends the search after it is tried); then the level's global backend unless
  ``try_last`` (with ``only``/``coerce`` it ends the search, even when it was
  skipped); then registered backends in order; then a ``try_last`` global;
* skipped backends (``skipped == candidate``, at levels in the skipped
  backend's domains) are left out;
* a backend declines by returning ``NotImplemented``, raising
  ``BackendNotImplementedError`` or refusing the conversion; when it declines
  (not when it refuses) and the multimethod has a default, the default runs
  with that backend set with ``only=True``; when all decline and the search
  was not ended, the default runs unpinned, except when every candidate
  refused the argument types up front (declarative backends without coerce).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import overridable as ov

NO_BACKEND = "No selected backends had an implementation for this function."
DOMAINS = ("t", "t.sub", "t.sub.leaf", "u")


# ---------------------------------------------------------------------------
# Values dispatched on


class Arr:
    """A value with a tag, compared by type and tag."""

    def __init__(self, tag: object) -> None:
        self.tag = tag

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.tag == other.tag  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.tag))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.tag!r})"


class ArrA(Arr):
    pass


class SubA(ArrA):
    pass


class ArrB(Arr):
    pass


class ArrC(Arr):
    pass


X_VALUES = (ArrA(1), SubA(2), ArrB(3), ArrC(4), 1, 1.5, None)
Y_VALUES = (None, ArrA(5), ArrB(6), ArrC(7))
# For a parameter declared ov.many("array"): sequences of dispatchables (None items are not
# dispatched on), or a single value.
MANY_VALUES = (
    [ArrA(1), ArrB(2)], (ArrC(3),), [], [None, 1.5], ArrB(4), None, [ArrA(5), ArrC(6)],
    (SubA(7), 2),
)


def _decline_set(args: tuple[Any, ...], kwargs: dict[str, Any]) -> frozenset[str]:
    for a in (*args, *kwargs.values()):
        if isinstance(a, frozenset):
            return a
    return frozenset()


def _first(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    return args[0] if args else kwargs["x"]


# ---------------------------------------------------------------------------
# Protocol backends (plain uarray protocol objects)


class Proto:
    """A uarray-protocol backend returning ``(name, multimethod name, x)``."""

    def __init__(
        self, name: str, domain: str | tuple[str, ...], *, raises: bool,
        stands_for: tuple[str, ...] = (), convert: Any = None,
    ) -> None:
        self.name = name
        self.__ua_domain__ = domain
        self.raises = raises
        self.stands_for = stands_for
        if convert is not None:
            self.__ua_convert__ = convert

    def __ua_function__(self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self.name in _decline_set(args, kwargs):
            if self.raises:
                raise ov.BackendNotImplementedError(f"{self.name} declines")
            return NotImplemented
        return (self.name, method.__name__, _first(args, kwargs))

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Proto) and other.name in self.stands_for:
            return True
        return NotImplemented

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return f"<Proto {self.name}>"


def _p2_convert(dispatchables: Any, coerce: bool) -> Any:
    out = []
    for d in dispatchables:
        if type(d.value) is ArrC:
            if not coerce:
                return NotImplemented
            out.append(ArrA(("P2", d.value.tag)))
        else:
            out.append(d.value)
    return out


def _p4_convert(dispatchables: Any, coerce: bool) -> Any:
    out = []
    for d in dispatchables:
        if type(d.value) is float:
            if not coerce:
                return NotImplemented
            out.append(int(d.value))
        else:
            out.append(d.value)
    return out


P0 = Proto("P0", "t", raises=False)
P1 = Proto("P1", "t.sub", raises=True)
P2 = Proto("P2", ("t.sub.leaf", "u"), raises=False, convert=_p2_convert)
P3 = Proto("P3", ("t", "u"), raises=True)
P4 = Proto("P4", "u", raises=False, convert=_p4_convert)
P5 = Proto("P5", ("t.sub", "t"), raises=True, stands_for=("P0",))
PROTOS = (P0, P1, P2, P3, P4, P5)


# ---------------------------------------------------------------------------
# Multimethods


def _extract(x: Any, decline: Any = ()) -> tuple[ov.Dispatchable[Any], ...]:
    return () if x is None else (ov.Dispatchable(x, "array"),)


def _replace(args: tuple[Any, ...], kwargs: dict[str, Any], ds: Any) -> Any:
    if not ds:
        return args, kwargs
    if args:
        return (ds[0], *args[1:]), kwargs
    return args, {**kwargs, "x": ds[0]}


def _untyped(name: str, domain: str, default: Any = None) -> Any:
    def extractor(x: Any, decline: Any = ()) -> tuple[ov.Dispatchable[Any], ...]:
        return _extract(x, decline)

    extractor.__name__ = extractor.__qualname__ = name
    return ov.generate_multimethod(extractor, _replace, domain, default=default)


probe_leaf = _untyped("probe_leaf", "t.sub.leaf")
probe_u = _untyped("probe_u", "u")
f_t = _untyped("f_t", "t")
f_sub = _untyped(
    "f_sub", "t.sub", default=lambda x, decline=(): ("default", f_t(x, decline=decline)),
)
f_leaf = _untyped(
    "f_leaf", "t.sub.leaf",
    default=lambda x, decline=(): ("default", probe_leaf(x, decline=decline)),
)
f_u = _untyped(
    "f_u", "u", default=lambda x, decline=(): ("default", probe_u(x, decline=decline)),
)


@ov.multimethod("t", {"x": "array"})
def dm_t(x, y=None, decline=()):  # type: ignore[no-untyped-def]
    "Typed, domain t."


def _dm_sub_default(x, y=None, decline=()):  # type: ignore[no-untyped-def]
    return ("default", dm_t(x, decline=decline))


@ov.multimethod("t.sub", {"x": "array", "y": "array"}, default=_dm_sub_default)
def dm_sub(x, y=None, decline=()):  # type: ignore[no-untyped-def]
    "Typed, domain t.sub, two dispatchables, with a default."


def _dm_leaf_default(x, y=None, decline=()):  # type: ignore[no-untyped-def]
    return ("default", dm_t(x, decline=decline))


@ov.multimethod("t.sub.leaf", {"x": "array"}, default=_dm_leaf_default)
def dm_leaf(x, y=None, decline=()):  # type: ignore[no-untyped-def]
    "Typed, domain t.sub.leaf, with a default."


@ov.multimethod("u", {"xs": ov.many("array")},
                default=lambda xs, decline=(): ("default", probe_u(xs, decline=decline)))
def dm_many(xs, decline=()):  # type: ignore[no-untyped-def]
    "Typed, domain u, a sequence of dispatchables, with a default."


@dataclass(frozen=True)
class MM:
    func: Any
    name: str
    domain: str
    typed: bool
    dispatch_y: bool = False
    many: bool = False
    default_calls: str | None = None  # the multimethod the default calls


MMS = {
    m.name: m
    for m in (
        MM(f_t, "f_t", "t", False),
        MM(f_sub, "f_sub", "t.sub", False, default_calls="f_t"),
        MM(f_leaf, "f_leaf", "t.sub.leaf", False, default_calls="probe_leaf"),
        MM(f_u, "f_u", "u", False, default_calls="probe_u"),
        MM(probe_leaf, "probe_leaf", "t.sub.leaf", False),
        MM(probe_u, "probe_u", "u", False),
        MM(dm_t, "dm_t", "t", True),
        MM(dm_sub, "dm_sub", "t.sub", True, dispatch_y=True, default_calls="dm_t"),
        MM(dm_leaf, "dm_leaf", "t.sub.leaf", True, default_calls="dm_t"),
        MM(dm_many, "dm_many", "u", True, many=True, default_calls="probe_u"),
    )
}


# ---------------------------------------------------------------------------
# Declarative backends


def _impl(name: str, mm_name: str, raises: bool) -> Any:
    def impl(*args: Any, **kwargs: Any) -> Any:
        if name in _decline_set(args, kwargs):
            if raises:
                raise ov.BackendNotImplementedError(f"{name} declines {mm_name}")
            return NotImplemented
        return (name, mm_name, _first(args, kwargs))

    return impl


BA_IMPLS = ("dm_t", "dm_sub", "dm_leaf", "f_t", "f_leaf")
BB_IMPLS = ("dm_sub", "f_u", "f_sub", "dm_many")
BC_IMPLS = ("probe_leaf",)

BA = ov.Backend(
    "t", name="BA", types=[ArrA],
    implementations={MMS[m].func: _impl("BA", m, True) for m in BA_IMPLS},
)
BB = ov.Backend(
    ("t.sub", "u"), name="BB", types=[ArrB], absorbs=[ArrA],
    convert=lambda v, t: ArrB(("BB", v)),
    implementations={MMS[m].func: _impl("BB", m, False) for m in BB_IMPLS},
)
BC = ov.Backend(
    "t.sub.leaf", name="BC", types=[ArrC],
    implementations={MMS[m].func: _impl("BC", m, False) for m in BC_IMPLS},
)
DECLARATIVE = (BA, BB, BC)
BACKENDS = PROTOS + DECLARATIVE
NAMES = tuple(b.name for b in BACKENDS)


# ---------------------------------------------------------------------------
# The reference model: a table of what each backend is, and the rules


@dataclass(frozen=True)
class Spec:
    domains: tuple[str, ...]
    raises: bool  # declines by raising BackendNotImplementedError (else NotImplemented)
    declarative: bool = False
    stands_for: tuple[str, ...] = ()
    convert: str | None = None  # protocol: "P2" / "P4" conversion rule
    types: tuple[type, ...] = ()
    absorbs: tuple[type, ...] = ()
    converts: bool = False  # declarative: has a convert function
    impls: tuple[str, ...] = ()


SPECS = {
    "P0": Spec(("t",), False),
    "P1": Spec(("t.sub",), True),
    "P2": Spec(("t.sub.leaf", "u"), False, convert="P2"),
    "P3": Spec(("t", "u"), True),
    "P4": Spec(("u",), False, convert="P4"),
    "P5": Spec(("t.sub", "t"), True, stands_for=("P0",)),
    "BA": Spec(("t",), True, True, types=(ArrA,), impls=BA_IMPLS),
    "BB": Spec(("t.sub", "u"), False, True, types=(ArrB,), absorbs=(ArrA,), converts=True,
               impls=BB_IMPLS),
    "BC": Spec(("t.sub.leaf",), False, True, types=(ArrC,), impls=BC_IMPLS),
}
# Python scalars every declarative backend accepts as they are.
SCALARS = (int, float, bool, complex, str)
REFUSE = object()


def same(skipped: str, candidate: str) -> bool:
    """``skipped == candidate`` for our backends (with the reflected comparison)."""
    return (
        skipped == candidate
        or candidate in SPECS[skipped].stands_for
        or skipped in SPECS[candidate].stands_for
    )


def levels(domain: str) -> list[str]:
    parts = domain.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


@dataclass(frozen=True)
class Entry:
    """One local context in the model: ("set", name, coerce, only) or ("skip", name)."""

    kind: str
    name: str
    coerce: bool = False
    only: bool = False
    ctx: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class Glob:
    backend: str | None = None
    coerce: bool = False
    only: bool = False
    try_last: bool = False
    registered: tuple[str, ...] = ()


def model_candidates(
    domain: str, local: tuple[Entry, ...], globs: dict[str, Glob]
) -> tuple[list[tuple[str, bool]], bool]:
    sets = [e for e in reversed(local) if e.kind == "set"]
    skips = [e.name for e in local if e.kind == "skip"]
    out: list[tuple[str, bool]] = []
    for level in levels(domain):
        here = [s for s in skips if level in SPECS[s].domains]

        def skipped(name: str) -> bool:
            return any(same(s, name) for s in here)  # noqa: B023

        for e in sets:
            if level in SPECS[e.name].domains and not skipped(e.name):
                out.append((e.name, e.coerce))
                if e.coerce or e.only:
                    return out, True
        g = globs.get(level, Glob())
        if g.backend is not None and not g.try_last:
            if not skipped(g.backend):
                out.append((g.backend, g.coerce))
            if g.only or g.coerce:
                return out, True
        out.extend((r, False) for r in g.registered if not skipped(r))
        if g.backend is not None and g.try_last and not skipped(g.backend):
            out.append((g.backend, g.coerce))
    return out, False


def ownership(spec: Spec, t: type) -> str | None:
    if issubclass(t, spec.types):
        return "own"
    if t in SCALARS or issubclass(t, spec.absorbs):
        return "accept"
    return None


def declarative_convert(name: str, value: Any, coerce: bool) -> Any:
    spec = SPECS[name]
    own = ownership(spec, type(value))
    if own == "own":
        return value
    if own == "accept" and (not coerce or type(value) in SCALARS):
        return value
    if coerce and spec.converts:
        return ArrB(("BB", value))
    return value if own == "accept" else REFUSE


def protocol_convert(name: str, value: Any, coerce: bool) -> Any:
    rule = SPECS[name].convert
    if rule == "P2" and type(value) is ArrC:
        return ArrA(("P2", value.tag)) if coerce else REFUSE
    if rule == "P4" and type(value) is float:
        return int(value) if coerce else REFUSE
    return value


@dataclass(frozen=True)
class Call:
    mm: str
    x: Any
    y: Any
    decline: frozenset[str]

    def values(self) -> list[Any]:
        mm = MMS[self.mm]
        if mm.many and type(self.x) in (list, tuple):
            vals = list(self.x)
        else:
            vals = [self.x, self.y] if mm.dispatch_y else [self.x]
        return [v for v in vals if v is not None]

    def with_converted(self, converted: list[Any]) -> Any:
        """The first argument with its dispatchables replaced by ``converted``."""
        if MMS[self.mm].many and type(self.x) in (list, tuple):
            it = iter(converted)
            return type(self.x)(None if v is None else next(it) for v in self.x)
        return self.x if self.x is None else converted[0]


def attempt(name: str, coerce: bool, call: Call) -> tuple[Any, ...]:
    """One backend's attempt: ("ok", value) | ("refuse",) | ("decline", raised, x for default)."""
    spec = SPECS[name]
    mm = MMS[call.mm]
    has_default = mm.default_calls is not None
    if spec.declarative and mm.typed:
        foreign = any(ownership(spec, type(v)) is None for v in call.values())
        if not foreign or not coerce:
            if foreign:
                return (REFUSE,)
            if call.mm in spec.impls:
                if name in call.decline:
                    return ("decline", spec.raises, call.x)
                return ("ok", (name, call.mm, call.x))
            return ("decline", False, call.x) if has_default else (REFUSE,)
    convert = declarative_convert if spec.declarative else protocol_convert
    x = call.x
    if spec.declarative or spec.convert:
        converted = [convert(name, v, coerce) for v in call.values()]
        if any(c is REFUSE for c in converted):
            return (REFUSE,)
        x = call.with_converted(converted)
    if spec.declarative and call.mm not in spec.impls:
        return ("decline", False, x)
    if name in call.decline:
        return ("decline", spec.raises, x)
    return ("ok", (name, call.mm, x))


@dataclass
class Outcome:
    ok: bool
    value: Any = None
    raised: list[str | None] = field(default_factory=list)
    considered: list[str] = field(default_factory=list)


def model_call(call: Call, local: tuple[Entry, ...], globs: dict[str, Glob]) -> Outcome:
    mm = MMS[call.mm]
    found, final = model_candidates(mm.domain, local, globs)
    raised: list[str | None] = []

    def default(x: Any, local_: tuple[Entry, ...]) -> Outcome:
        assert mm.default_calls is not None
        inner = model_call(Call(mm.default_calls, x, None, call.decline), local_, globs)
        return Outcome(True, ("default", inner.value)) if inner.ok else inner

    for name, coerce in found:
        result = attempt(name, coerce, call)
        if result[0] == "ok":
            return Outcome(True, result[1])
        if result[0] is REFUSE:
            continue
        if result[1]:
            raised.append(name)
        if mm.default_calls is not None:
            d = default(result[2], (*local, Entry("set", name, coerce, True)))
            if d.ok:
                return d
            raised.append(name)
    # No unpinned default when every candidate refused the argument types up front
    # (declarative backends on a typed multimethod, without coerce).
    refused_all = bool(found) and all(
        SPECS[n].declarative and mm.typed and not c
        and any(ownership(SPECS[n], type(v)) is None for v in call.values())
        for n, c in found
    )
    if not final and mm.default_calls is not None and not refused_all:
        d = default(call.x, local)
        if d.ok:
            return d
        raised.append(None)
    return Outcome(False, raised=raised, considered=[n for n, _ in found])


def model_explain(call: Call, local: tuple[Entry, ...], globs: dict[str, Glob]) -> str | None:
    """The backend ``explain`` names: the first one not refused before any call."""
    mm = MMS[call.mm]
    found, _ = model_candidates(mm.domain, local, globs)
    for name, coerce in found:
        spec = SPECS[name]
        if spec.declarative and mm.typed:
            foreign = any(ownership(spec, type(v)) is None for v in call.values())
            if foreign and not coerce:
                continue
            if not foreign and call.mm not in spec.impls and mm.default_calls is None:
                continue
            return name
        if not mm.typed and not coerce and (spec.declarative or spec.convert):
            convert = declarative_convert if spec.declarative else protocol_convert
            if any(convert(name, v, False) is REFUSE for v in call.values()):
                continue
        return name
    return None


def model_pickle(
    local: tuple[Entry, ...], globs: dict[str, Glob]
) -> tuple[dict[str, Any], tuple[Any, ...]]:
    g = {
        d: ((v.backend, v.coerce, v.only) if v.backend is not None else None, v.try_last,
            list(v.registered))
        for d, v in globs.items()
        if v != Glob()
    }
    return g, tuple((e.kind, e.name, e.coerce, e.only) for e in local)


def engine_pickle() -> tuple[dict[str, Any], tuple[Any, ...]]:
    """The engine's state with backends replaced by their names."""
    globals_, locals_, _ = ov.get_state()._pickle()
    g = {
        d: ((glob[0].name, glob[1], glob[2]) if glob is not None else None, try_last,
            [r.name for r in regs])
        for d, (glob, try_last, regs) in globals_.items()
    }
    return g, tuple((k, b.name, c, o) for k, b, c, o in locals_)


BY_NAME = {b.name: b for b in BACKENDS}


# ---------------------------------------------------------------------------
# The machine


@dataclass
class Frame:
    """A context entered by the machine, with the model state to go back to on exit."""

    cm: Any
    local: tuple[Entry, ...]
    globs: dict[str, Glob] | None  # restored on exit by set_state(globals=True)
    backend_context: bool


@dataclass
class Stored:
    state: ov.BackendState
    local: tuple[Entry, ...]
    globs: dict[str, Glob]


backend_names = st.sampled_from(NAMES)
flags = st.booleans()


class BackendMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._reset = ov.reset_state()
        self._reset.__enter__()
        ov.clear_backends(None, registered=True, globals=True)
        assert ov.get_state()._pickle()[1] == (), "a previous example left local contexts"
        self.local: tuple[Entry, ...] = ()
        self.globs: dict[str, Glob] = {}
        self.frames: list[Frame] = []
        self.stored: list[Stored] = []

    @initialize(
        registered=st.lists(backend_names, unique=True, max_size=5),
        global_=st.none() | backend_names,
    )
    def seed(self, registered: list[str], global_: str | None) -> None:
        """Start most examples with some process-wide backends, so calls have something to find."""
        for name in registered:
            self.register_backend(name)
        if global_ is not None:
            self.set_global_backend(global_, False, False, False)

    # -- local contexts ------------------------------------------------------

    def _enter(self, cm: Any, entry: Entry | None, stored: Stored | None = None,
               set_globals: bool = False) -> None:
        self.frames.append(Frame(cm, self.local, dict(self.globs) if set_globals else None,
                                 entry is not None))
        cm.__enter__()
        if entry is not None:
            self.local = (*self.local, entry)
        else:
            assert stored is not None
            self.local = stored.local
            if set_globals:
                self.globs = dict(stored.globs)

    @rule(name=backend_names, coerce=flags, only=flags)
    def enter_set_backend(self, name: str, coerce: bool, only: bool) -> None:
        cm = ov.set_backend(BY_NAME[name], coerce=coerce, only=only)
        self._enter(cm, Entry("set", name, coerce, only, cm))

    @rule(name=backend_names)
    def enter_skip_backend(self, name: str) -> None:
        cm = ov.skip_backend(BY_NAME[name])
        self._enter(cm, Entry("skip", name, ctx=cm))

    @precondition(lambda self: self.frames)
    @rule()
    def exit_innermost(self) -> None:
        frame = self.frames.pop()
        frame.cm.__exit__(None, None, None)
        self.local = frame.local
        if frame.globs is not None:
            self.globs = frame.globs

    @precondition(lambda self: any(self._out_of_order(f) for f in self.frames[:-1]))
    @rule(data=st.data())
    def exit_out_of_order(self, data: st.DataObject) -> None:
        frame = data.draw(st.sampled_from([f for f in self.frames[:-1] if self._out_of_order(f)]))
        before = ov.get_state()._pickle()
        with pytest.raises(RuntimeError, match="exited out of order") as info:
            frame.cm.__exit__(None, None, None)
        assert "the state is unchanged" in str(info.value)
        assert ov.get_state()._pickle() == before

    def _out_of_order(self, frame: Frame) -> bool:
        innermost = self.local[-1].ctx if self.local else None
        return frame.backend_context and frame.cm is not innermost

    # -- saved states ---------------------------------------------------------

    @rule()
    def store_state(self) -> None:
        self.stored.append(Stored(ov.get_state(), self.local, dict(self.globs)))

    @precondition(lambda self: self.stored)
    @rule(data=st.data(), set_globals=st.booleans())
    def enter_set_state(self, data: st.DataObject, set_globals: bool) -> None:
        stored = data.draw(st.sampled_from(self.stored))
        cm = ov.set_state(stored.state, globals=set_globals)
        self._enter(cm, None, stored, set_globals)

    # -- process-wide state ----------------------------------------------------

    @rule(name=backend_names, coerce=flags, only=flags, try_last=flags)
    def set_global_backend(self, name: str, coerce: bool, only: bool, try_last: bool) -> None:
        ov.set_global_backend(BY_NAME[name], coerce=coerce, only=only, try_last=try_last)
        for d in SPECS[name].domains:
            old = self.globs.get(d, Glob())
            self.globs[d] = Glob(name, coerce, only, try_last, old.registered)

    @rule(name=backend_names)
    def register_backend(self, name: str) -> None:
        ov.register_backend(BY_NAME[name])
        for d in SPECS[name].domains:
            old = self.globs.get(d, Glob())
            if name not in old.registered:
                self.globs[d] = Glob(old.backend, old.coerce, old.only, old.try_last,
                                     (*old.registered, name))

    @rule(domain=st.sampled_from(DOMAINS), registered=flags, globals_=flags)
    def clear_backends(self, domain: str, registered: bool, globals_: bool) -> None:
        ov.clear_backends(domain, registered=registered, globals=globals_)
        old = self.globs.get(domain, Glob())
        if globals_:
            old = Glob(registered=old.registered)
        if registered:
            old = Glob(old.backend, old.coerce, old.only, old.try_last, ())
        self.globs[domain] = old

    @rule()
    def clear_everything(self) -> None:
        ov.clear_backends(None, registered=True, globals=True)
        self.globs = {}

    # -- calls -------------------------------------------------------------

    @rule(calls=st.lists(
        st.tuples(
            st.sampled_from(sorted(MMS)),
            st.sampled_from(X_VALUES),
            st.sampled_from(Y_VALUES),
            st.sampled_from(MANY_VALUES),
            st.frozensets(backend_names, max_size=3),
            st.integers(1, 2),
        ),
        min_size=1, max_size=4,
    ))
    def calls(self, calls: list[tuple[str, Any, Any, Any, frozenset[str], int]]) -> None:
        for mm, x, y, xs, decline, repeat in calls:
            self.call(mm, xs if MMS[mm].many else x, y, decline, repeat)

    def call(self, mm: str, x: Any, y: Any, decline: frozenset[str], repeat: int) -> None:
        spec = MMS[mm]
        if not spec.dispatch_y:
            y = None
        c = Call(mm, x, y, decline)
        expected = model_call(c, self.local, self.globs)
        args = (x, y) if spec.typed and not spec.many else (x,)
        # The second call runs from the cache filled by the first.
        for _ in range(repeat):
            try:
                result = spec.func(*args, decline=decline)
            except ov.BackendNotImplementedError as e:
                assert not expected.ok, (
                    f"{mm}{args} decline={set(decline)} failed, expected {expected.value!r}"
                    f"\n{self._describe()}\n{e}"
                )
                self._check_failure(e, expected)
            else:
                assert expected.ok, (
                    f"{mm}{args} decline={set(decline)} returned {result!r}, expected a "
                    f"failure\n{self._describe()}"
                )
                assert result == expected.value, (
                    f"{mm}{args} decline={set(decline)}: got {result!r}, expected "
                    f"{expected.value!r}\n{self._describe()}"
                )
        chosen = ov.explain(spec.func, *args, decline=decline).chosen
        predicted = model_explain(c, self.local, self.globs)
        assert (chosen.name if chosen is not None else None) == predicted, (
            f"explain({mm}{args}) chose {chosen!r}, expected {predicted}\n{self._describe()}"
        )

    def _check_failure(self, e: ov.BackendNotImplementedError, expected: Outcome) -> None:
        assert e.args[0] == NO_BACKEND
        pairs = e.args[1:]
        assert all(isinstance(p, tuple) and len(p) == 2 for p in pairs)
        got = [p[0].name if p[0] is not None else None for p in pairs]
        assert got == expected.raised, f"raised {got}, expected {expected.raised}"
        assert all(isinstance(p[1], ov.BackendNotImplementedError) for p in pairs)
        assert e.explanation is not None
        seen = {id(a.backend) for a in e.explanation}
        for name in expected.considered:
            assert id(BY_NAME[name]) in seen, f"{name} missing from the explanation"
            assert name in str(e)

    def _describe(self) -> str:
        return f"model local={[(e.kind, e.name, e.coerce, e.only) for e in self.local]} " \
               f"globals={self.globs}"

    # -- invariants and teardown ------------------------------------------------

    @invariant()
    def state_matches_model(self) -> None:
        assert engine_pickle() == model_pickle(self.local, self.globs)

    def teardown(self) -> None:
        try:
            while self.frames:
                self.exit_innermost()
            assert self.local == ()
            assert ov.get_state()._pickle()[1] == ()
        finally:
            self._reset.__exit__(None, None, None)


BackendMachine.TestCase.settings = settings(
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestBackendMachine = BackendMachine.TestCase


def test_model_agrees_with_the_documented_order() -> None:
    """A fixed scenario, checked by hand, so that the model itself is tested."""
    globs = {"t": Glob("P0", registered=("P3",)), "t.sub": Glob("P1", try_last=True,
                                                               registered=("BB",))}
    local = (Entry("set", "BA"), Entry("skip", "P5"), Entry("set", "P5"))
    found, final = model_candidates("t.sub.leaf", local, globs)
    # P5 is skipped at t.sub and t; P0 is skipped at t because P5 stands for it.
    assert found == [("BB", False), ("P1", False), ("BA", False), ("P3", False)]
    assert not final


def test_declining_implementation_runs_the_default_pinned() -> None:
    """A declarative implementation that declines is a backend declining: the default runs
    with that backend pinned (``only=True``), before any other backend is tried."""
    with ov.reset_state():
        ov.clear_backends(None, registered=True, globals=True)
        with ov.set_backend(P0), ov.set_backend(BB, only=True):
            # BB declines dm_sub; pinned to BB (which does not serve "t"), dm_t finds P0.
            got = dm_sub(ArrA(1), decline=frozenset({"BB"}))
        assert got == ("default", ("P0", "dm_t", ArrA(1)))
        with ov.set_backend(BA), pytest.raises(ov.BackendNotImplementedError) as info:
            dm_leaf(ArrA(1), decline=frozenset({"BA"}))
        # BA raised, then the default pinned to BA raised, then the unpinned default raised.
        assert [p[0] for p in info.value.args[1:]] == [BA, BA, None]
        local = (Entry("set", "BA"),)
        assert model_call(Call("dm_leaf", ArrA(1), None, frozenset({"BA"})), local, {}).raised \
            == ["BA", "BA", None]


def test_skipped_global_with_only_still_ends_the_search() -> None:
    with ov.reset_state():
        ov.clear_backends(None, registered=True, globals=True)
        ov.set_global_backend(P0, only=True)
        ov.register_backend(P3)
        with ov.skip_backend(P0), pytest.raises(ov.BackendNotImplementedError) as info:
            f_t(1, decline=frozenset())
        assert info.value.args == (NO_BACKEND,)
        # Without the skip, P0 serves; P3 alone serves once the global is cleared.
        assert f_t(1, decline=frozenset()) == ("P0", "f_t", 1)
        ov.clear_backends("t", registered=False, globals=True)
        assert f_t(1, decline=frozenset()) == ("P3", "f_t", 1)
    globs = {"t": Glob("P0", only=True, registered=("P3",))}
    assert model_candidates("t", (Entry("skip", "P0"),), globs) == ([], True)
