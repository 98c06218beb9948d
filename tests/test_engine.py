"""Behaviour of the engine beyond uarray's suite: declarative multimethods, the Backend fast
path and its cache, defaults, explain, adapters, pickling."""

from __future__ import annotations

import pickle
import sys
import types

import pytest

import overridable as ov


@pytest.fixture(autouse=True)
def clean_state():
    with ov.reset_state():
        yield


class Arr:
    def __init__(self, v):
        self.v = v


class Other:
    def __init__(self, v):
        self.v = v


@ov.multimethod("eng", {"x": "array"})
def double(x, scale=1, *, offset=0):
    """Double x."""


@ov.multimethod("eng", {"arrays": ov.many("array")})
def total(arrays, start=0):
    """Sum a sequence."""


@ov.multimethod("eng", {"xs": "array"})
def count(*xs, extra=0):
    """Count arguments."""


@ov.multimethod("eng", {})
def make(n):
    """Create something (no dispatchable argument)."""


def _arr_double(x, scale=1, *, offset=0):
    return Arr(x.v * 2 * scale + offset)


ARR = ov.Backend(
    "eng",
    name="arr",
    types=[Arr],
    implementations={
        double: _arr_double,
        total: lambda arrays, start=0: Arr(sum(a.v for a in arrays) + start),
        count: lambda *xs, extra=0: len(xs) + extra,
        make: lambda n: Arr(n),
    },
    convert=lambda v, t: Arr(v.v) if isinstance(v, Other) else NotImplemented,
)
OTHER = ov.Backend(
    "eng",
    name="other",
    types=[Other],
    absorbs=[Arr],
    implementations={
        double: lambda x, scale=1, *, offset=0: Other(x.v * 2 * scale + offset),
        total: lambda arrays, start=0: Other(sum(a.v for a in arrays) + start),
    },
)


def test_declarative_signature_and_metadata():
    import inspect

    assert str(inspect.signature(double)) == "(x, scale=1, *, offset=0)"
    assert double.__name__ == "double"
    assert double.__qualname__ == "double"
    assert double.__doc__ == "Double x."
    assert double.domain == "eng"
    assert pickle.loads(pickle.dumps(double)) is double


def test_type_dispatch_positional_and_keyword():
    ov.register_backend(ARR)
    assert double(Arr(3)).v == 6
    assert double(x=Arr(3), scale=2, offset=1).v == 13
    assert double(Arr(3), 3).v == 18
    assert total([Arr(1), Arr(2)], start=10).v == 13
    assert count(Arr(1), Arr(2), extra=1) == 3
    assert make(4).v == 4


def test_foreign_type_declines_and_mixed_inputs_go_to_absorbing_backend():
    ov.register_backend(ARR)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        double(Other(1))
    assert "arr [registered, eng]: conversion refused (does not accept Other)" in str(info.value)
    ov.register_backend(OTHER)
    out = double(Other(1))
    assert type(out) is Other and out.v == 2
    # Arr and Other together: ARR refuses Other, OTHER absorbs Arr.
    out = total([Arr(1), Other(2)])
    assert type(out) is Other and out.v == 3


def test_coerce_converts_foreign_types():
    with ov.set_backend(ARR, coerce=True):
        out = double(Other(5))
    assert type(out) is Arr and out.v == 10


def test_cache_is_invalidated_by_global_changes():
    ov.register_backend(ARR)
    assert type(double(Arr(1))) is Arr
    ov.set_global_backend(OTHER)  # OTHER absorbs Arr and comes before registered
    assert type(double(Arr(1))) is Other
    ov.clear_backends("eng", globals=True)
    with pytest.raises(ov.BackendNotImplementedError):
        double(Arr(1))


def test_local_backend_beats_global_and_nesting_restores():
    ov.set_global_backend(OTHER)
    assert type(double(Arr(1))) is Other
    with ov.set_backend(ARR):
        assert type(double(Arr(1))) is Arr
        with ov.set_backend(OTHER):
            assert type(double(Arr(1))) is Other
        assert type(double(Arr(1))) is Arr
    assert type(double(Arr(1))) is Other


def test_declining_implementation_falls_through():
    calls = []

    def declines(x, scale=1, *, offset=0):
        calls.append("declines")
        raise ov.BackendNotImplementedError("not today")

    first = ov.Backend("eng", name="first", types=[Arr], implementations={double: declines})
    ov.register_backend(first)
    ov.register_backend(ARR)
    for _ in range(3):  # cached plan declines every time; the fallback still works
        assert double(Arr(2)).v == 4
    assert calls == ["declines"] * 3
    ov.clear_backends("eng")
    ov.register_backend(first)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        double(Arr(2))
    text = str(info.value)
    assert text.splitlines()[0] == f"{__name__}.double: first declined: not today"
    assert "first [registered, eng]: raised BackendNotImplementedError (the reason above)" in text
    assert info.value.args[1][0] is first


def test_not_implemented_return_falls_through():
    nope = ov.Backend(
        "eng", name="nope", types=[Arr], implementations={double: lambda *a, **k: NotImplemented}
    )
    with ov.set_backend(ARR), ov.set_backend(nope):
        assert double(Arr(4)).v == 8


def _mean_default(arrays, start=0):
    # A default written in terms of another multimethod.
    n = count(*arrays)
    return Arr(total(arrays, start).v / n)


@ov.multimethod("eng", {"arrays": ov.many("array")}, default=_mean_default)
def mean(arrays, start=0):
    """Mean of a sequence."""


def test_default_runs_pinned_to_the_backend_lacking_an_implementation():
    with ov.set_backend(ARR):
        out = mean([Arr(1), Arr(3)])
        e = ov.explain(mean, [Arr(1)])
    assert type(out) is Arr and out.v == 2
    assert e.chosen is ARR
    assert [(a.outcome, a.detail) for a in e] == [
        ("would be called", "no implementation: the default runs, pinned to it"),
        ("tried next if the ones before decline", "unpinned default"),
    ]
    e = ov.explain(mean, [Arr(1)])  # no backend: only the unpinned default remains
    assert e.chosen is None and [a.detail for a in e] == ["unpinned default"]


def test_default_pinning_prevents_escaping_to_other_backends():
    # OTHER has no `total`, so the default's inner call must not reach ARR.
    ov.register_backend(ARR)
    with ov.set_backend(OTHER), pytest.raises(ov.BackendNotImplementedError) as info:
        mean([Other(1)])
    assert "other" in str(info.value)


def test_explain_reports_without_calling():
    called = []
    spy = ov.Backend(
        "eng", name="spy", types=[Arr], implementations={double: lambda *a, **k: called.append(1)}
    )
    skipped = ov.Backend("eng", name="skipped", types=[Arr])
    unrelated = ov.Backend("elsewhere", name="unrelated")
    ov.register_backend(spy)
    with ov.set_backend(unrelated), ov.set_backend(OTHER), ov.set_backend(skipped), \
            ov.skip_backend(skipped):
        e = ov.explain(double, Arr(1))
    assert called == []
    assert e.chosen is OTHER
    outcomes = [(a.backend, a.source, a.outcome) for a in e]
    assert (unrelated, "local", "no domain match") in outcomes
    assert (skipped, "local", "skipped") in outcomes
    assert (OTHER, "local", "would be called") in outcomes
    assert (spy, "registered", "tried next if the ones before decline") in outcomes
    assert "served by other" in str(e)


def test_error_names_every_backend_and_keeps_uarray_args():
    ov.register_backend(OTHER)
    ov.set_global_backend(ov.Backend("eng", name="empty"))
    with pytest.raises(ov.BackendNotImplementedError) as info:
        make(3)
    err = info.value
    assert err.args[0] == "No selected backends had an implementation for this function."
    text = str(err)
    assert "empty [global, eng]: has no implementation" in text
    assert "other [registered, eng]: has no implementation" in text
    assert [a.backend.name for a in err.explanation] == ["empty", "other"]


def test_domain_walk_subdomain_backend_first():
    @ov.multimethod("eng.fft", {"x": "array"})
    def fft(x):
        """fft"""

    sub = ov.Backend("eng.fft", name="sub", types=[Arr], implementations={fft: lambda x: "sub"})
    parent = ov.Backend("eng", name="parent", types=[Arr], implementations={fft: lambda x: "p"})
    with ov.set_backend(parent):
        assert fft(Arr(1)) == "p"
        ov.set_global_backend(sub)
        assert fft(Arr(1)) == "sub"  # the sub-domain level is searched first
    with ov.set_backend(parent, only=True):
        assert fft(Arr(1)) == "sub"


def test_multimethods_bind_as_methods():
    class Holder:
        doubled = double

    ov.register_backend(ARR)
    h = Holder()
    with pytest.raises(ov.BackendNotImplementedError):
        h.doubled()  # `self` is the dispatched argument: a Holder, accepted by nobody
    assert Holder.doubled(Arr(2)).v == 4


def test_set_backend_as_decorator_and_reentrant():
    ctx = ov.set_backend(ARR)

    @ctx
    def run():
        with ctx:
            return double(Arr(1)).v

    assert run() == 2
    with pytest.raises(ov.BackendNotImplementedError):
        double(Arr(1))


def test_adapters_for_modules_and_names():
    mod = types.ModuleType("fake_array_lib")
    sys.modules["fake_array_lib"] = mod
    try:
        ov.register_adapter("fake_array_lib", lambda: ARR, aliases=["fake"])
        with ov.set_backend(mod):
            assert double(Arr(1)).v == 2
        with ov.set_backend("fake"):
            assert double(Arr(2)).v == 4
        assert ov.set_backend("fake") is ov.set_backend(ARR)
        with pytest.raises(ValueError, match=r"^unknown backend 'no_such_library'; installed"):
            ov.set_backend("no_such_library")
    finally:
        del sys.modules["fake_array_lib"]


def test_state_pickles_with_module_backends():
    mod = types.ModuleType("fake_protocol_module")
    mod.__ua_domain__ = "eng"
    mod.__ua_function__ = lambda f, a, kw: "module"
    sys.modules["fake_protocol_module"] = mod
    try:
        with ov.set_backend(mod):
            state = ov.get_state()
        loaded = pickle.loads(pickle.dumps(state))
        with ov.set_state(loaded):
            assert make(1) == "module"
    finally:
        del sys.modules["fake_protocol_module"]


def test_uarray_protocol_backend_with_declarative_multimethod():
    seen = []

    class Proto:
        __ua_domain__ = "eng"

        def __ua_convert__(self, dispatchables, coerce):
            seen.append([d.value.v for d in dispatchables])
            return [Arr(d.value.v + 100) for d in dispatchables]

        def __ua_function__(self, method, args, kwargs):
            return method.__name__, args[0].v, kwargs

    with ov.set_backend(Proto()):
        assert double(Arr(1), offset=3) == ("double", 101, {"offset": 3})
        # defaults are left out of what a protocol backend receives, as uarray does
        assert double(Arr(2)) == ("double", 102, {})
    assert seen == [[1], [2]]


def test_wrong_arguments_raise_like_a_function():
    with pytest.raises(TypeError, match="missing 1 required positional argument"):
        double()
    with pytest.raises(TypeError, match="unexpected keyword argument"):
        double(Arr(1), nope=2)


def test_reserved_parameter_names_rejected():
    with pytest.raises(ValueError, match="reserved"):

        @ov.multimethod("eng", {})
        def bad(_ov_cache): ...


class SlotsBackend:
    __slots__ = ("tag",)
    __ua_domain__ = "eng"

    def __init__(self, tag):
        self.tag = tag

    def __ua_function__(self, method, args, kwargs):
        return (self.tag, method.__name__)


class ClassBackend:
    __ua_domain__ = "eng"

    @staticmethod
    def __ua_function__(method, args, kwargs):
        return ("class", method.__name__)


def test_slots_instances_and_classes_are_backends():
    be = SlotsBackend("slots")
    with ov.set_backend(be):
        assert make(1) == ("slots", "make")
    ov.set_global_backend(ClassBackend)
    assert make(1) == ("class", "make")
    with ov.skip_backend(ClassBackend), pytest.raises(ov.BackendNotImplementedError):
        make(1)
    state = pickle.loads(pickle.dumps(ov.get_state()))
    with ov.reset_state():
        ov.clear_backends(None, registered=True, globals=True)
        with ov.set_state(state):
            assert make(1) == ("class", "make")


def test_isolated_generator_keeps_its_backends_to_itself():
    be = ov.Backend("eng", name="iso", implementations={make: lambda n: ("iso", n)})

    def plain():
        with ov.set_backend(be):
            yield make(1)
            yield make(2)

    g = plain()
    assert next(g) == ("iso", 1)
    assert make(5) == ("iso", 5)  # a plain generator's block is in effect for its caller
    assert next(g) == ("iso", 2)
    g.close()
    with pytest.raises(ov.BackendNotImplementedError):
        make(5)

    iso = ov.isolated(plain)()
    assert next(iso) == ("iso", 1)
    with pytest.raises(ov.BackendNotImplementedError):
        make(5)  # isolated: nothing leaks
    assert iso.send(None) == ("iso", 2)
    with pytest.raises(StopIteration):
        next(iso)
    with pytest.raises(ov.BackendNotImplementedError):
        make(5)


class _Unset:
    def __repr__(self):
        return "<unset>"


UNSET = _Unset()


@ov.multimethod("eng", {"x": "array", "w": "array"})
def weighted(x, w=UNSET):
    """A parameter whose default is a sentinel object."""


def test_sentinel_defaults_are_not_dispatched_on():
    seen = []
    be = ov.Backend("eng", name="arr", types=[Arr],
                    implementations={weighted: lambda x, w=UNSET: seen.append(w) or x.v})
    with ov.set_backend(be):
        assert weighted(Arr(3)) == 3
        assert weighted(Arr(3), Arr(1)) == 3
        with pytest.raises(ov.BackendNotImplementedError, match="does not accept Other"):
            weighted(Arr(3), Other(1))
    assert seen[0] is UNSET
    assert ov.explain(weighted, Arr(1)).chosen is None  # no backend set: nothing would serve


@ov.multimethod("eng", {"c": "array"})
def chosen(c, x=UNSET, y=UNSET, /, *, flag=False):
    """Optional positional-only parameters, NumPy's where(condition, x, y)."""


def test_optional_positional_only_ones_go_up_to_the_last_one_given():
    # NumPy's where(c, x) is not where(c, x, None): the implementation gets the
    # positional-only arguments as the caller wrote them, trailing defaults left out.
    be = ov.Backend("eng", name="arr", types=[Arr],
                    implementations={chosen: lambda *args, **kwargs: (args[1:], kwargs)})
    with ov.set_backend(be):
        for _ in range(2):  # the second time from the cache (the compiled path's)
            assert chosen(Arr(1)) == ((), {})
            assert chosen(Arr(1), 5) == ((5,), {})
            assert chosen(Arr(1), 5, UNSET) == ((5,), {})
            assert chosen(Arr(1), UNSET, 6) == ((UNSET, 6), {})
            assert chosen(Arr(1), None, None) == ((None, None), {})
            assert chosen(Arr(1), 5, 6, flag=True) == ((5, 6), {"flag": True})
            assert chosen(Arr(1), flag=True) == ((), {"flag": True})


@ov.multimethod("eng", {"x": "array", "out": "array", "dtype": "dtype"})
def scaled(x, factor=2, out=None, *, dtype=None):
    """Optional dispatchable parameters: keyed only when given."""


def test_optional_dispatchables_given_or_not():
    be = ov.Backend("eng", name="arr", types=[Arr],
                    implementations={scaled: lambda x, factor=2, out=None, *, dtype=None:
                                     (x.v * factor, out, dtype)})
    with ov.set_backend(be):
        assert scaled(Arr(2)) == (4, None, None)
        out = Arr(0)
        assert scaled(Arr(2), 3, out) == (6, out, None)
        assert scaled(Arr(2), dtype=float) == (4, None, float)
        with pytest.raises(ov.BackendNotImplementedError, match="does not accept Other"):
            scaled(Arr(2), out=Other(0))
        assert scaled(x=Arr(1)) == (2, None, None)
    ov.register_backend(OTHER)  # OTHER has no `scaled`: absorbs Arr but no implementation
    with ov.set_backend(be):
        assert scaled(Arr(5)) == (10, None, None)


def test_default_does_not_run_for_types_no_backend_accepts():
    ov.register_backend(ARR)  # accepts Arr only; `mean` has a default built on total/count
    with pytest.raises(ov.BackendNotImplementedError) as info:
        mean([Other(1)])
    text = str(info.value)
    # about mean, not total
    assert text.splitlines()[0] == (
        f"{__name__}.mean: no backend accepts arguments of type {__name__}.Other")
    assert "arr [registered, eng]: conversion refused (does not accept Other)" in text
    ov.clear_backends("eng")
    # no backend at all: the default runs, as in uarray (and fails on its inner calls)
    with pytest.raises(ov.BackendNotImplementedError):
        mean([Other(1)])


def test_add_types_and_implement_drop_cached_resolutions():
    @ov.multimethod("eng", {"x": "array"})
    def first(x): ...

    be = ov.Backend("eng", name="late")
    with ov.set_backend(be):
        with pytest.raises(ov.BackendNotImplementedError, match="does not accept set"):
            first({1})
        be.add_types(types=[set])
        with pytest.raises(ov.BackendNotImplementedError, match="has no implementation"):
            first({1})
        be.implement(first)(lambda x: sorted(x))
        assert first({2, 1}) == [1, 2]


def test_implementing_a_multimethod_never_planned_keeps_every_cached_plan():
    # A library filling its tables as it builds its multimethods must not make every
    # other multimethod's plans anew: only a multimethod that has been planned can have a
    # stale plan. Once planned (here by explain), implementing it does make plans anew.
    from overridable._state import current_globals

    @ov.multimethod("eng", {"x": "array"})
    def fresh(x): ...

    be = ov.Backend("eng", name="filling", types=[set])
    version = current_globals().version
    be.implement(fresh)(lambda x: len(x))
    assert current_globals().version == version
    with ov.set_backend(be):
        assert fresh({1, 2}) == 2
        be.implement(fresh)(lambda x: -len(x))
        assert current_globals().version > version
        assert fresh({1, 2}) == -2
    @ov.multimethod("eng", {"x": "array"})
    def explained(x): ...

    ov.explain(explained, {1})
    version = current_globals().version
    be.implement(explained)(lambda x: 0)
    assert current_globals().version > version


def test_qualname_of_declared_methods():
    @ov.multimethod("eng", {"self": "array"}, name="norm", qualname="Vec.norm")
    def norm(self, p=2): ...

    assert norm.__qualname__ == "Vec.norm"
    with pytest.raises(TypeError, match=r"Vec\.norm\(\) missing 1 required positional"):
        ov.explain(norm)


def test_refusal_error_gives_qualified_types_and_a_hint():
    ov.register_backend(ARR)
    ov.register_backend(OTHER)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        count(Arr(1), set())
    text = str(info.value)
    assert "arguments of type set were refused" in text
    assert "overridable.set_backend(backend, coerce=True)" in text
    with pytest.raises(ov.BackendNotImplementedError) as info:
        count(Other(1), frozenset())  # ARR refuses Other, OTHER refuses frozenset
    assert f"arguments of type {__name__}.Other, frozenset were refused" in str(info.value)


def test_default_global_and_registered_backends_survive_restores():
    lib = ov.Backend("eng.lib", name="lib-default")
    extra = ov.Backend("eng.lib", name="lib-registered")
    with ov.reset_state():
        with ov.reset_state():  # as if a library were imported inside a test's reset_state
            ov.set_global_backend(lib, default=True)
            ov.register_backend(extra, default=True)
        g = ov.get_state().globals.domains["eng.lib"]
        assert g.backend is lib and g.registered == (extra,)
        other = ov.Backend("eng.lib", name="other")
        with ov.reset_state():
            ov.set_global_backend(other)  # an explicit global wins while it is set...
            assert ov.get_state().globals.domains["eng.lib"].backend is other
        assert ov.get_state().globals.domains["eng.lib"].backend is lib  # ...and is undone
        ov.clear_backends("eng.lib", registered=True, globals=True)  # explicit clearing works
        assert "eng.lib" not in ov.get_state().globals.domains
