"""The compiled dispatcher (``overridable._native``) against the pure-Python reference.

Every multimethod of ``overridable.numpy`` is called in a set of call shapes through
the compiled object and through the Python function it stands for
(``_python_function``): the same result, or the same exception type and message, and
a recording backend receives identical arguments (the one calling convention:
required arguments by position, optional ones by keyword and only when given).
Each compiled call is made twice, so that the second is served by the compiled path
from the cache (checked with its counters), not by the Python fallback.

The whole suite also runs on both paths in CI (``OVERRIDABLE_PURE_PYTHON=1``).
"""

from __future__ import annotations

import inspect
import os
import pickle
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import overridable as ov
import overridable.numpy as unp

pytestmark = pytest.mark.skipif(not ov.compiled(), reason="the compiled path is not in use")

P = inspect.Parameter


def test_ci_runs_the_compiled_path_unless_told_not_to():
    if os.environ.get("CI") and not os.environ.get("OVERRIDABLE_PURE_PYTHON"):
        assert ov.compiled()


class Marker:
    """An argument only the recording backend accepts."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"M({self.tag})"


class Other:
    """A non-default value of a parameter that is not dispatched on."""

    def __repr__(self) -> str:
        return "Other"


def multimethods() -> dict[str, Callable[..., Any]]:
    """Every multimethod of overridable.numpy, by dotted name (ufunc methods too)."""
    found: dict[str, Callable[..., Any]] = {}
    for module in (unp, unp.linalg, unp.fft, unp.random):
        for name in dir(module):
            obj = getattr(module, name, None)
            if getattr(obj, "__overridable__", None) is None:
                continue
            found.setdefault(f"{module.__name__}.{name}", obj)
            for method in ("reduce", "accumulate", "reduceat", "outer", "at"):
                mm = getattr(obj, method, None)
                if getattr(mm, "__overridable__", None) is not None:
                    found.setdefault(f"{module.__name__}.{name}.{method}", mm)
    return found


MULTIMETHODS = multimethods()


def recorder(name: str) -> Callable[..., Any]:
    def record(*args: Any, **kwargs: Any) -> Any:
        return name, args, tuple(kwargs.items())  # the keywords' order is compared too

    return record


@pytest.fixture(scope="module")
def recording() -> ov.Backend:
    return ov.Backend("numpy", name="recording", types=[Marker],
                      implementations={mm: recorder(n) for n, mm in MULTIMETHODS.items()})


def value_for(info: Any, name: str, tag: str) -> Any:
    """A value for parameter ``name``: a Marker where the multimethod dispatches on it."""
    for p in info.params or ():
        if p.name == name:
            return [Marker(tag + "0"), Marker(tag + "1")] if p.many and not p.varargs \
                else Marker(tag)
    return Marker(tag)


def shapes(mm: Callable[..., Any]) -> Iterator[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """(label, args, kwargs) of the call shapes to compare."""
    info = mm.__overridable__
    # The signature the multimethod binds (a ufunc binds out= by keyword only; its
    # outputs by position go through its normalize, on both paths alike).
    params = list(inspect.signature(info.python).parameters.values())
    required_args: list[Any] = []
    required_kw: dict[str, Any] = {}
    for p in params:
        if p.default is P.empty and p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD):
            required_args.append(value_for(info, p.name, p.name))
        elif p.default is P.empty and p.kind is P.KEYWORD_ONLY:
            required_kw[p.name] = value_for(info, p.name, p.name)
    yield "required", tuple(required_args), dict(required_kw)
    by_keyword = dict(required_kw)
    by_position = list(required_args)
    positional = [p for p in params if p.kind in (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)]
    for p, value in zip(positional, required_args, strict=False):
        if p.kind is P.POSITIONAL_OR_KEYWORD:
            by_keyword[p.name] = value
            by_position.remove(value)
    yield "required by keyword", tuple(by_position), by_keyword
    yield "keywords out of order", tuple(by_position), dict(reversed(by_keyword.items()))
    optional = [p for p in params if p.default is not P.empty
                and p.kind not in (P.VAR_POSITIONAL, P.VAR_KEYWORD)]
    for p in optional:
        given = value_for(info, p.name, p.name) if any(
            q.name == p.name for q in info.params or ()) else Other()
        for value, label in ((p.default, "default"), (given, "given")):
            if p.kind is P.KEYWORD_ONLY or p.kind is P.POSITIONAL_OR_KEYWORD:
                yield f"{p.name}={label} by keyword", tuple(required_args), {
                    **required_kw, p.name: value}
            if p.kind is not P.KEYWORD_ONLY:
                # By position: the optional ones before it at their defaults.
                before = [q.default for q in positional[len(required_args):]
                          if positional.index(q) < positional.index(p)]
                yield f"{p.name}={label} by position", (*required_args, *before, value), dict(
                    required_kw)
    if any(p.kind is P.VAR_POSITIONAL for p in params):
        for n in range(4):
            yield f"{n} more positional", (*required_args,
                                           *(Marker(f"v{i}") for i in range(n))), required_kw
        yield "many more positional", (*required_args,
                                       *(Marker(f"v{i}") for i in range(40))), required_kw
        if any(p.kind is P.VAR_KEYWORD for p in params):
            yield "collected arguments and keywords", (
                *required_args, Marker("v0"), Marker("v1")), {**required_kw, "extra": 1}
    yield "unknown keyword", tuple(required_args), {**required_kw, "no_such_parameter": 1}
    if any(p.kind is P.VAR_KEYWORD for p in params):
        # **kwargs collects what no parameter takes by keyword: beside the optional
        # keyword-only ones given, and a positional-only parameter's name.
        given = {p.name: Other() for p in optional if p.kind is P.KEYWORD_ONLY}
        yield "collected keywords", tuple(required_args), {
            "first_extra": 1, **required_kw, **given, "second_extra": 2}
        for p in params:
            if p.kind is P.POSITIONAL_ONLY:
                yield "a positional-only name by keyword", tuple(required_args), {
                    **required_kw, p.name: 3}
        yield "many collected keywords", tuple(required_args), {
            **required_kw, **{f"extra{i}": i for i in range(20)}}
    if required_args:
        yield "missing argument", tuple(required_args[:-1]), dict(required_kw)
    if not any(p.kind is P.VAR_POSITIONAL for p in params):
        yield "too many positional", (*required_args, *(Other() for _ in params), 1), required_kw


def outcome(function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        return "returned", function(*args, **kwargs)
    except Exception as exc:
        return "raised", type(exc), str(exc)


@pytest.mark.parametrize("name", sorted(MULTIMETHODS))
def test_compiled_and_python_paths_agree(name: str, recording: ov.Backend) -> None:
    mm = MULTIMETHODS[name]
    python = mm._python_function
    compared = 0
    with ov.set_backend(recording, only=True):
        for label, args, kwargs in shapes(mm):
            expected = outcome(python, args, kwargs)
            outcome(mm, args, kwargs)  # a miss the first time: the Python path caches
            before = mm._counters()
            got = outcome(mm, args, kwargs)
            after = mm._counters()
            assert got == expected, (label, args, kwargs)
            if expected[0] == "returned" and mm._compiled_shapes:
                # Served by the compiled path, from the cache; more than 16 keywords for
                # **kwargs or 32 arguments for *args go to the Python function.
                served = "fallbacks" if label.startswith("many") else "hits"
                assert after[served] == before[served] + 1, (label, before, after)
                compared += 1
    assert compared or not mm._compiled_shapes


def test_a_decline_goes_on_with_the_same_arguments_on_both_paths() -> None:
    seen: list[Any] = []

    def declines(*args: Any, **kwargs: Any) -> Any:
        return NotImplemented

    def serves(*args: Any, **kwargs: Any) -> Any:
        seen.append((args, kwargs))
        return "second"

    first = ov.Backend("numpy", name="first", types=[Marker], implementations={unp.sum: declines})
    second = ov.Backend("numpy", name="second", types=[Marker], implementations={unp.sum: serves})
    m = Marker("a")
    with ov.set_backend(second), ov.set_backend(first):
        for function in (unp.sum, unp.sum._python_function, unp.sum):
            assert function(m, 1, keepdims=True) == "second"
    # The step after a decline gets the one calling convention too.
    assert seen == [((m,), {"axis": 1, "keepdims": True})] * 3


def test_an_exception_from_the_plan_propagates_unchanged() -> None:
    class Boom(Exception):
        pass

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise Boom("from the implementation")

    be = ov.Backend("numpy", name="boom", types=[Marker], implementations={unp.sum: boom})
    with ov.set_backend(be):
        for _ in range(2):
            with pytest.raises(Boom, match="from the implementation"):
                unp.sum(Marker("a"))


def test_numpy_functions_do_not_bind_as_methods() -> None:
    class T:
        array = unp.array
        total = unp.sum

    assert T().array([1], dtype=float).dtype == "float64"
    assert T().total([1, 2]) == 3


def test_engine_multimethods_bind_as_methods_as_in_uarray() -> None:
    @ov.multimethod("example", {})
    def which(self):
        "Who am I."

    be = ov.Backend("example", implementations={which: lambda self: type(self).__name__})

    class T:
        method = which

    with ov.set_backend(be):
        assert T().method() == "T"


def test_a_compiled_multimethod_pickles_by_name_and_shows_its_signature() -> None:
    assert pickle.loads(pickle.dumps(unp.sum)) is unp.sum
    assert str(inspect.signature(unp.sum)).startswith("(a, axis=None, dtype=None, out=None")
    assert unp.sum.__name__ == "sum" and unp.sum.__module__ == "overridable.numpy"
    assert "Sum of array elements" in unp.sum.__doc__


def test_the_generated_source_is_readable() -> None:
    source = inspect.getsource(unp.sum)
    assert source.lstrip().startswith("def multimethod(a, axis=")


def test_with_set_backend_is_compiled() -> None:
    ctx = ov.set_backend(ov.Backend("example", name="x"))
    assert type(ctx).__enter__ is ov._state._ContextBase.__enter__
    assert type(type(ctx).__enter__).__name__ == "method_descriptor"


def test_no_reference_is_leaked_on_any_path() -> None:
    """Every object a call touches has the same reference count after 200 more calls,
    on each path: inline-cache hit, dictionary hit, keywords, a decline finished by the
    engine, an exception from the plan, a miss, and an unusual shape."""
    import gc
    import sys

    class Boom(Exception):
        pass

    def serves(*args: Any, **kwargs: Any) -> Any:
        return "served"

    def declines(*args: Any, **kwargs: Any) -> Any:
        return NotImplemented

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise Boom

    a, b = Marker("a"), Marker("b")
    impls = {unp.sum: serves, unp.add: serves, unp.concatenate: serves, unp.mean: declines,
             unp.std: boom, unp.clip: serves, unp.atleast_1d: serves}
    be = ov.Backend("numpy", name="leaks", types=[Marker], implementations=impls)
    nxt = ov.Backend("numpy", name="next", types=[Marker], implementations={unp.mean: serves})
    token = unp.sum._python_function.__overridable__.cell

    def calls() -> None:
        unp.sum(a)                       # inline-cache hit
        unp.add(a, b)
        unp.add(b, a, dtype=float)       # keywords, a full key
        unp.sum(a)
        unp.concatenate([a, b], axis=0)  # a sequence key, by keyword
        unp.clip(a, 1, 2, dtype=float)   # **kwargs: a names tuple made for the call
        unp.clip(a, a_min=1)             # **kwargs: cached names
        unp.atleast_1d(a, b)             # *args: a tuple made for the call
        assert unp.mean(a) == "served"   # declined, finished by the next backend
        try:
            unp.std(a)
        except Boom:
            pass
        try:
            unp.sum(a, no_such=1)        # an unusual shape: the Python path raises
        except TypeError:
            pass

    watched = [a, b, serves, declines, boom, Marker, float, token, unp.sum, unp.add]
    with ov.set_backend(nxt), ov.set_backend(be):
        for _ in range(3):
            calls()
        node = ov.get_state().node
        gc.collect()  # exceptions' tracebacks are cycles: not leaks, but counted until then
        before = [sys.getrefcount(o) for o in [*watched, node]]
        for _ in range(200):
            calls()
        gc.collect()
        after = [sys.getrefcount(o) for o in [*watched, node]]
    assert after == before
