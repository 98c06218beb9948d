"""Bad inputs: each raises the right exception, says why, and leaves the backend state alone.

Every case runs inside the same baseline state (a registered backend, a
``try_last`` global backend and a local backend that declines everything).
After the case the whole state (``get_state()._pickle()``) must equal the
state before it, and calls must still resolve exactly as before.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import overridable as ov

NO_BACKEND = "No selected backends had an implementation for this function."
BACKEND_NEEDS = "A backend needs __ua_domain__"


# ---------------------------------------------------------------------------
# Multimethods and backends of the baseline state


def _extract_x(x: Any) -> tuple[ov.Dispatchable[Any], ...]:
    return (ov.Dispatchable(x, "array"),)


def _replace_x(args: tuple[Any, ...], kwargs: dict[str, Any], ds: Any) -> Any:
    return (ds[0], *args[1:]), kwargs


def _f_bad_extractor(x):  # type: ignore[no-untyped-def]
    return (ov.Dispatchable(x, "array"),)


_f_bad_extractor.__name__ = _f_bad_extractor.__qualname__ = "f_bad"
f_bad = ov.generate_multimethod(_f_bad_extractor, _replace_x, "bad")


@ov.multimethod("bad", {"x": "array"})
def dm_bad(x, y=2, *, z=3):  # type: ignore[no-untyped-def]
    "A declarative multimethod of the domain 'bad'."


def dm_bad_plain(x, y=2, *, z=3):  # type: ignore[no-untyped-def]
    "A plain function with dm_bad's signature, for comparing error messages."


dm_bad_plain.__name__ = dm_bad_plain.__qualname__ = "dm_bad"


class Proto:
    """A protocol backend whose ``__ua_function__`` is a given function."""

    def __init__(self, name: str, domain: Any, function: Callable[..., Any] | None = None,
                 convert: Callable[..., Any] | None = None) -> None:
        self.name = name
        self.__ua_domain__ = domain
        self._function = function
        if convert is not None:
            self.__ua_convert__ = convert

    def __ua_function__(self, method: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if self._function is None:
            return (self.name, method.__name__, args)
        return self._function(method, args, kwargs)

    def __repr__(self) -> str:
        return f"<Proto {self.name}>"


GOOD = ov.Backend(
    "bad", name="good", types=[list],
    implementations={f_bad: lambda x: ("good", x), dm_bad: lambda x, y=2, *, z=3: ("good", x)},
)
LOCAL_DECLINER = Proto("local-decliner", "bad", lambda m, a, k: NotImplemented)
LAST = Proto("last", "bad")


def snapshot() -> tuple[Any, ...]:
    """Everything the cases must leave unchanged: the state and how calls resolve."""
    return (
        ov.get_state()._pickle(),
        f_bad([1]),  # local-decliner declines, registered `good` serves
        f_bad({1}),  # `good` refuses a set: the try_last global `last` serves
        dm_bad([1]),
        ov.explain(f_bad, [1]).chosen,
        ov.explain(dm_bad, {1}).chosen,
    )


@pytest.fixture
def baseline() -> Iterator[tuple[Any, ...]]:
    with ov.reset_state():
        ov.clear_backends(None, registered=True, globals=True)
        ov.register_backend(GOOD)
        ov.set_global_backend(LAST, try_last=True)
        with ov.set_backend(LOCAL_DECLINER):
            before = snapshot()
            assert before[1:4] == (("good", [1]), ("last", "f_bad", ({1},)), ("good", [1]))
            assert before[4] is LOCAL_DECLINER and before[5] is LOCAL_DECLINER
            yield before


# ---------------------------------------------------------------------------
# Helpers for the cases


def with_domain(domain: Any) -> Proto:
    return Proto(f"domain={domain!r}", domain)


class NoDomain:
    """Looks like a backend but has no ``__ua_domain__``."""

    name = "no-domain"

    def __ua_function__(self, method: Any, args: Any, kwargs: Any) -> Any:
        return "never"


class EqRaises(Proto):
    """A backend whose comparison raises: skipping it makes every comparison raise."""

    error = LookupError("cannot compare eq-raises")

    def __eq__(self, other: object) -> bool:
        raise EqRaises.error

    __hash__ = object.__hash__


EQ_RAISES = EqRaises("eq-raises", "bad")


def _raiser(error: BaseException) -> Callable[..., Any]:
    def raise_(*args: Any, **kwargs: Any) -> Any:
        raise error

    return raise_


CONVERT_ERROR = KeyError("convert exploded")
FUNCTION_ERROR = ZeroDivisionError("function exploded")
IMPL_ERROR = OverflowError("implementation exploded")
DEFAULT_ERROR = ArithmeticError("default exploded")
EXTRACT_ERROR = IndexError("extractor exploded")
REPLACE_ERROR = UnicodeError("replacer exploded")

class Abort(BaseException):
    """Not an Exception: must pass through the engine untouched too."""


ABORT = Abort("aborted by the backend")
ABORTS = Proto("aborts", "bad", _raiser(ABORT))
CONVERT_RAISES = Proto("convert-raises", "bad", convert=_raiser(CONVERT_ERROR))
FUNCTION_RAISES = Proto("function-raises", "bad", _raiser(FUNCTION_ERROR))
IMPL_RAISES = ov.Backend("bad", name="impl-raises", types=[list],
                         implementations={dm_bad: _raiser(IMPL_ERROR)})
ACCEPT_ALL = Proto("accept-all", "bad", convert=lambda ds, coerce: [d.value for d in ds])
NEVER_ENTERED = Proto("never-entered", "bad")
OTHER = Proto("other", "bad")

f_default_raises = ov.generate_multimethod(
    lambda x: (ov.Dispatchable(x, "array"),), _replace_x, "bad", default=_raiser(DEFAULT_ERROR)
)
f_extract_raises = ov.generate_multimethod(_raiser(EXTRACT_ERROR), _replace_x, "bad")


def _f_replace(replacer: Callable[..., Any]) -> Callable[..., Any]:
    return ov.generate_multimethod(_extract_x, replacer, "bad")


f_replace_list = _f_replace(lambda a, k, d: [a, k])
f_replace_3 = _f_replace(lambda a, k, d: (a, k, d))
f_replace_args_list = _f_replace(lambda a, k, d: (list(a), k))
f_replace_kwargs_list = _f_replace(lambda a, k, d: (a, list(k)))
f_replace_raises = _f_replace(_raiser(REPLACE_ERROR))


def run_under(*contexts: Any, call: Callable[[], Any]) -> Callable[[], Any]:
    """An action that enters ``contexts`` (outermost first) and calls ``call`` inside."""

    def action() -> Any:
        def enter(i: int) -> Any:
            if i == len(contexts):
                return call()
            with contexts[i]():
                return enter(i + 1)

        return enter(0)

    return action


def exit_out_of_order(outer: Callable[[], Any], inner: Callable[[], Any]) -> Callable[[], None]:
    def action() -> None:
        a, b = outer(), inner()
        with a, b:
            inside = ov.get_state()._pickle()
            try:
                a.__exit__(None, None, None)
            finally:
                assert ov.get_state()._pickle() == inside

    return action


def exit_never_entered(make: Callable[[], Any]) -> Callable[[], None]:
    return lambda: make().__exit__(None, None, None)


def exit_twice() -> None:
    cm = ov.set_backend(OTHER)
    with cm:
        pass
    cm.__exit__(None, None, None)


def set_state_with(value: Any) -> Callable[[], None]:
    def action() -> None:
        with ov.set_state(value):
            pytest.fail("set_state accepted a non-state")

    return action


def set_state_exit_never_entered() -> None:
    with ov.set_backend(OTHER):
        state = ov.get_state()
    ov.set_state(state).__exit__(None, None, None)


def register_adapter_then_check(*args: Any, **kwargs: Any) -> Callable[[], None]:
    def action() -> None:
        try:
            ov.register_adapter(*args, **kwargs)
        finally:
            # Nothing was registered, not even the valid names given with the bad one.
            for name in ("bad_inputs_valid_name", "bad_inputs_valid_alias"):
                with pytest.raises(ValueError, match="unknown backend"):
                    ov.as_backend(name)

    return action


def multimethod_with(dispatch: dict[str, Any], stub: Callable[..., Any]) -> Callable[[], Any]:
    return lambda: ov.multimethod("bad", dispatch)(stub)


def _stub(x, y=2):  # type: ignore[no-untyped-def]
    ...


def _kw_stub(x, **options):  # type: ignore[no-untyped-def]
    ...


def no_backend_call() -> Any:
    return run_under(lambda: ov.set_backend(REFUSER), lambda: ov.set_backend(NOTIMPL),
                     lambda: ov.set_backend(RAISER), lambda: ov.skip_backend(SKIPPED),
                     call=lambda: f_msg(2.5))()


# Backends of the "msg" domain, for the BackendNotImplementedError message.
f_msg = ov.generate_multimethod(lambda x: (ov.Dispatchable(x, "array"),), _replace_x, "msg")
RAISER_ERROR = ov.BackendNotImplementedError("raiser has no float support")
NOTIMPL = Proto("notimpl", "msg", lambda m, a, k: NotImplemented)
RAISER = Proto("raiser", "msg", _raiser(RAISER_ERROR))
REFUSER = Proto("refuser", "msg", convert=lambda ds, coerce: NotImplemented)
SKIPPED = Proto("skipped-one", "msg")


# ---------------------------------------------------------------------------
# The table


@dataclass
class Case:
    id: str
    action: Callable[[], Any]
    exc: type[BaseException]
    fragment: str
    check: Callable[[BaseException], None] | None = None


def same_error(expected: BaseException) -> Callable[[BaseException], None]:
    """The very exception raised by the user's code, not wrapped, not copied."""

    def check(e: BaseException) -> None:
        assert e is expected
        assert type(e) is type(expected)

    return check


def _plain_error(call: Callable[[Callable[..., Any]], Any]) -> str:
    try:
        call(dm_bad_plain)
    except TypeError as e:
        return str(e)
    raise AssertionError("the plain function accepted the call")


def like_plain_function(call: Callable[[Callable[..., Any]], Any]) -> Callable[[BaseException],
                                                                              None]:
    def check(e: BaseException) -> None:
        assert str(e) == _plain_error(call)

    return check


def check_no_backend(e: BaseException) -> None:
    """Every backend tried is named with why it declined (the order is checked below, in
    test_no_backend_error_message_in_full)."""
    assert isinstance(e, ov.BackendNotImplementedError)
    assert e.args[0] == NO_BACKEND
    assert e.args[1:] == ((RAISER, RAISER_ERROR),)
    lines = str(e).splitlines()
    assert lines[0].endswith(": raiser declined: raiser has no float support")
    assert lines[1] == "backends considered for domain 'msg', in order:"
    assert len(lines) == 6, str(e)
    why = {
        "raiser": "raised BackendNotImplementedError (the reason above)",
        "notimpl": "returned NotImplemented",
        "refuser": "conversion refused",
        "skipped-one": "skipped",
    }
    for name, reason in why.items():
        [line] = [line for line in lines[2:] if f". {name} [" in line]
        assert f"]: {reason}" in line, line
    explanation = e.explanation
    assert explanation is not None and explanation.chosen is None
    by_backend = {id(a.backend): a for a in explanation}
    assert set(by_backend) == {id(b) for b in (RAISER, NOTIMPL, REFUSER, SKIPPED)}
    assert by_backend[id(RAISER)].exception is RAISER_ERROR
    assert by_backend[id(SKIPPED)].source == "registered"
    assert by_backend[id(NOTIMPL)].source == "local"


def registered_skipped_then(action: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> Any:
        with ov.reset_state():
            ov.register_backend(SKIPPED)
            return action()

    return run


CASES = [
    # -- invalid domains, wherever a domain is given ---------------------------
    Case("set_backend-empty-domain", lambda: ov.set_backend(with_domain("")), ValueError,
         "invalid domain ''"),
    Case("set_backend-double-dot", lambda: ov.set_backend(with_domain("a..b")), ValueError,
         "invalid domain 'a..b'"),
    Case("set_backend-trailing-dot", lambda: ov.set_backend(with_domain("bad.")), ValueError,
         "invalid domain 'bad.'"),
    Case("set_backend-int-domain", lambda: ov.set_backend(with_domain(3)), TypeError,
         "it must be a str or a sequence of str"),
    Case("set_backend-empty-sequence", lambda: ov.set_backend(with_domain(())), ValueError,
         "empty __ua_domain__"),
    Case("set_backend-non-str-in-sequence", lambda: ov.set_backend(with_domain(["bad", 1])),
         TypeError, "a domain must be a str"),
    Case("set_backend-no-ua-domain", lambda: ov.set_backend(NoDomain()), TypeError,
         BACKEND_NEEDS),
    Case("skip_backend-empty-domain", lambda: ov.skip_backend(with_domain("")), ValueError,
         "invalid domain ''"),
    Case("skip_backend-empty-sequence", lambda: ov.skip_backend(with_domain([])), ValueError,
         "empty __ua_domain__"),
    Case("set_global_backend-double-dot", lambda: ov.set_global_backend(with_domain("a..b")),
         ValueError, "invalid domain 'a..b'"),
    Case("set_global_backend-one-bad-domain-of-two",
         lambda: ov.set_global_backend(with_domain(("bad", 3))), TypeError,
         "a domain must be a str"),
    Case("register_backend-empty-sequence", lambda: ov.register_backend(with_domain(())),
         ValueError, "empty __ua_domain__"),
    Case("register_backend-one-bad-domain-of-two",
         lambda: ov.register_backend(with_domain(("bad", ""))), ValueError, "invalid domain ''"),
    Case("register_backend-no-ua-domain", lambda: ov.register_backend(NoDomain()), TypeError,
         BACKEND_NEEDS),
    Case("clear_backends-empty", lambda: ov.clear_backends(""), ValueError, "invalid domain ''"),
    Case("clear_backends-double-dot", lambda: ov.clear_backends("a..b", globals=True),
         ValueError, "invalid domain 'a..b'"),
    Case("clear_backends-int", lambda: ov.clear_backends(3), TypeError,
         "a domain must be a str"),
    Case("generate_multimethod-empty-domain",
         lambda: ov.generate_multimethod(_extract_x, _replace_x, ""), ValueError,
         "invalid domain ''"),
    Case("generate_multimethod-double-dot",
         lambda: ov.generate_multimethod(_extract_x, _replace_x, "a..b"), ValueError,
         "invalid domain 'a..b'"),
    Case("generate_multimethod-none-domain",
         lambda: ov.generate_multimethod(_extract_x, _replace_x, None), TypeError,  # type: ignore[arg-type]
         "a domain must be a str"),
    Case("multimethod-empty-domain", lambda: ov.multimethod("", {"x": "array"})(_stub),
         ValueError, "invalid domain ''"),
    Case("determine_backend-empty-domain",
         lambda: ov.determine_backend([1], "array", domain=""), ValueError,
         "invalid domain ''"),
    Case("determine_backend-int-domain",
         lambda: ov.determine_backend([1], "array", domain=5), TypeError,  # type: ignore[arg-type]
         "a domain must be a str"),
    Case("Backend-empty-domain", lambda: ov.Backend(""), ValueError, "invalid domain ''"),
    Case("Backend-int-domain", lambda: ov.Backend(42), TypeError, "domain"),  # type: ignore[arg-type]
    # -- clear_backends(None) needs both kinds --------------------------------
    Case("clear_backends-None-registered-only",
         lambda: ov.clear_backends(None, registered=True, globals=False), TypeError,
         "needs registered=True and globals=True"),
    Case("clear_backends-None-globals-only",
         lambda: ov.clear_backends(None, registered=False, globals=True), TypeError,
         "needs registered=True and globals=True"),
    Case("clear_backends-None-defaults", lambda: ov.clear_backends(None), TypeError,
         "needs registered=True and globals=True"),
    # -- things that are not backends -----------------------------------------
    Case("set_backend-int", lambda: ov.set_backend(42), TypeError,
         f"42 is not a backend. {BACKEND_NEEDS}"),
    Case("set_backend-None", lambda: ov.set_backend(None), TypeError,
         f"None is not a backend. {BACKEND_NEEDS}"),
    Case("set_backend-unknown-name", lambda: ov.set_backend("no_such_library_xyz"), ValueError,
         "unknown backend 'no_such_library_xyz'; installed backends: "),
    Case("set_backend-empty-name", lambda: ov.set_backend(""), ValueError,
         "unknown backend ''"),
    Case("set_backend-unknown-module",
         lambda: ov.set_backend(types.ModuleType("no_adapter_module")), TypeError,
         f"<module 'no_adapter_module'> is not a backend. {BACKEND_NEEDS}"),
    Case("skip_backend-object", lambda: ov.skip_backend(object()), TypeError, BACKEND_NEEDS),
    Case("set_global_backend-int", lambda: ov.set_global_backend(42), TypeError,
         f"42 is not a backend. {BACKEND_NEEDS}"),
    Case("register_backend-None", lambda: ov.register_backend(None), TypeError,
         f"None is not a backend. {BACKEND_NEEDS}"),
    # -- contexts exited wrongly ----------------------------------------------
    Case("exit-set-out-of-order",
         exit_out_of_order(lambda: ov.set_backend(OTHER), lambda: ov.set_backend(ACCEPT_ALL)),
         RuntimeError, "exited out of order"),
    Case("exit-skip-out-of-order",
         exit_out_of_order(lambda: ov.skip_backend(OTHER), lambda: ov.set_backend(OTHER)),
         RuntimeError, "exited out of order"),
    Case("exit-set-never-entered", exit_never_entered(lambda: ov.set_backend(NEVER_ENTERED)),
         RuntimeError, "exited out of order"),
    Case("exit-skip-never-entered",
         exit_never_entered(lambda: ov.skip_backend(NEVER_ENTERED)), RuntimeError,
         "exited out of order"),
    Case("exit-set-twice", exit_twice, RuntimeError, "exited out of order"),
    Case("exit-set_state-never-entered", set_state_exit_never_entered, RuntimeError, "",
         lambda e: None if str(e) else pytest.fail("RuntimeError without a message")),
    # -- set_state with a non-state ---------------------------------------------
    Case("set_state-int", set_state_with(42), TypeError,
         "set_state needs a BackendState from get_state(), not 42"),
    Case("set_state-None", set_state_with(None), TypeError, "set_state needs a BackendState"),
    Case("set_state-pickled-form", set_state_with(ov.get_state()._pickle()), TypeError,
         "set_state needs a BackendState"),
    # -- user code that raises: propagates unchanged -----------------------------
    Case("skipped-backend-eq-raises-call",
         run_under(lambda: ov.skip_backend(EQ_RAISES), call=lambda: f_bad([1])), LookupError,
         "cannot compare eq-raises", same_error(EqRaises.error)),
    Case("skipped-backend-eq-raises-typed-call",
         run_under(lambda: ov.skip_backend(EQ_RAISES), call=lambda: dm_bad([1])), LookupError,
         "cannot compare eq-raises", same_error(EqRaises.error)),
    Case("skipped-backend-eq-raises-explain",
         run_under(lambda: ov.skip_backend(EQ_RAISES), call=lambda: ov.explain(f_bad, [1])),
         LookupError, "cannot compare eq-raises", same_error(EqRaises.error)),
    Case("skipped-backend-eq-raises-determine_backend",
         run_under(lambda: ov.skip_backend(EQ_RAISES),
                   call=lambda: ov.determine_backend([1], "array", domain="bad")),
         LookupError, "cannot compare eq-raises", same_error(EqRaises.error)),
    Case("ua_convert-raises",
         run_under(lambda: ov.set_backend(CONVERT_RAISES), call=lambda: f_bad([1])), KeyError,
         "convert exploded", same_error(CONVERT_ERROR)),
    Case("ua_function-raises",
         run_under(lambda: ov.set_backend(FUNCTION_RAISES), call=lambda: f_bad([1])),
         ZeroDivisionError, "function exploded", same_error(FUNCTION_ERROR)),
    Case("ua_function-raises-typed",
         run_under(lambda: ov.set_backend(FUNCTION_RAISES), call=lambda: dm_bad([1])),
         ZeroDivisionError, "function exploded", same_error(FUNCTION_ERROR)),
    Case("ua_function-raises-base-exception",
         run_under(lambda: ov.set_backend(ABORTS), call=lambda: f_bad([1])),
         Abort, "aborted by the backend", same_error(ABORT)),
    Case("implementation-raises",
         run_under(lambda: ov.set_backend(IMPL_RAISES), call=lambda: dm_bad([1])),
         OverflowError, "implementation exploded", same_error(IMPL_ERROR)),
    Case("default-raises-pinned", lambda: f_default_raises([1]), ArithmeticError,
         "default exploded", same_error(DEFAULT_ERROR)),
    Case("extractor-raises",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_extract_raises([1])),
         IndexError, "extractor exploded", same_error(EXTRACT_ERROR)),
    Case("replacer-raises",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_replace_raises([1])),
         UnicodeError, "replacer exploded", same_error(REPLACE_ERROR)),
    # -- replacers returning a bad shape ----------------------------------------
    Case("replacer-returns-list",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_replace_list([1])),
         TypeError, "Argument replacer must return a 2-tuple (args, kwargs)"),
    Case("replacer-returns-3-tuple",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_replace_3([1])),
         TypeError, "Argument replacer must return a 2-tuple (args, kwargs)"),
    Case("replacer-returns-list-args",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_replace_args_list([1])),
         ValueError, "Invalid return from argument_replacer"),
    Case("replacer-returns-list-kwargs",
         run_under(lambda: ov.set_backend(ACCEPT_ALL), call=lambda: f_replace_kwargs_list([1])),
         ValueError, "Invalid return from argument_replacer"),
    # -- multimethods called with wrong arguments: like a plain function ------------
    Case("call-missing-argument", lambda: dm_bad(), TypeError,
         "dm_bad() missing 1 required positional argument: 'x'",
         like_plain_function(lambda f: f())),
    Case("call-too-many-positional", lambda: dm_bad(1, 2, 3), TypeError,
         "dm_bad() takes from 1 to 2 positional arguments but 3 were given",
         like_plain_function(lambda f: f(1, 2, 3))),
    Case("call-unknown-keyword", lambda: dm_bad([1], bogus=1), TypeError,
         "dm_bad() got an unexpected keyword argument 'bogus'",
         like_plain_function(lambda f: f([1], bogus=1))),
    Case("call-duplicate-argument", lambda: dm_bad([1], x=[2]), TypeError,
         "dm_bad() got multiple values for argument 'x'",
         like_plain_function(lambda f: f([1], x=[2]))),
    Case("call-missing-argument-by-keyword", lambda: dm_bad(y=1, z=2), TypeError,
         "dm_bad() missing 1 required positional argument: 'x'",
         like_plain_function(lambda f: f(y=1, z=2))),
    Case("call-uarray-style-missing-argument", lambda: f_bad(), TypeError,
         "f_bad() missing 1 required positional argument: 'x'"),
    Case("explain-missing-argument", lambda: ov.explain(dm_bad), TypeError,
         "dm_bad() missing 1 required positional argument: 'x'",
         like_plain_function(lambda f: f())),
    Case("explain-unknown-keyword", lambda: ov.explain(dm_bad, [1], bogus=1), TypeError,
         "dm_bad() got an unexpected keyword argument 'bogus'",
         like_plain_function(lambda f: f([1], bogus=1))),
    # -- determine_backend --------------------------------------------------------
    Case("determine_backend-unexpected-kwarg",
         lambda: ov.determine_backend([1], "array", domain="bad", foo=1), TypeError,  # type: ignore[call-arg]
         "unexpected keyword argument 'foo'"),
    Case("determine_backend_multi-unexpected-kwarg",
         lambda: ov.determine_backend_multi([ov.Dispatchable([1], "array")], domain="bad",
                                            foo=1),
         TypeError, "Received unexpected keyword arguments: {'foo': 1}"),
    Case("determine_backend_multi-plain-values",
         lambda: ov.determine_backend_multi([[1], [2]], domain="bad"), TypeError,
         "dispatchables must be instances of overridable.Dispatchable"),
    Case("determine_backend_multi-mixed-values",
         lambda: ov.determine_backend_multi([ov.Dispatchable([1], "array"), [2]],
                                            domain="bad"),
         TypeError, "dispatchables must be instances of overridable.Dispatchable"),
    Case("determine_backend-nothing-accepts",
         lambda: ov.determine_backend(1.5j, "array", domain="nothing.here"),
         ov.BackendNotImplementedError,
         "determine_backend: no backend is set, global or registered for domain 'nothing.here'"),
    # -- declarations -------------------------------------------------------------
    Case("multimethod-unknown-dispatch-name", multimethod_with({"nope": "array"}, _stub),
         TypeError, "dispatch names parameters ['nope'] that _stub(x, y=2) does not have"),
    Case("multimethod-dispatch-on-var-keyword", multimethod_with({"options": "array"}, _kw_stub),
         TypeError, "**options cannot be dispatched on"),
    Case("generate_multimethod-reserved-name",
         lambda: ov.generate_multimethod(lambda _ov_x: (), _replace_x, "bad"), ValueError,
         "parameter names starting with '_ov_' are reserved: _ov_x"),
    Case("Backend-types-not-classes", lambda: ov.Backend("bad", types=[1]), TypeError,
         "Backend types and absorbs must be classes, not 1"),
    Case("Backend-absorbs-not-classes", lambda: ov.Backend("bad", absorbs=["list"]), TypeError,
         "Backend types and absorbs must be classes, not 'list'"),
    Case("register_adapter-empty-name",
         register_adapter_then_check("", lambda: GOOD, aliases=["bad_inputs_valid_alias"]),
         TypeError, "adapter names must be non-empty strings, not ''"),
    Case("register_adapter-int-name", register_adapter_then_check(3, lambda: GOOD), TypeError,
         "adapter names must be non-empty strings, not 3"),
    Case("register_adapter-bad-alias",
         register_adapter_then_check("bad_inputs_valid_name", lambda: GOOD, aliases=[None]),
         TypeError, "adapter names must be non-empty strings, not None"),
    Case("explain-plain-function", lambda: ov.explain(len, [1]), TypeError,
         "is not an overridable multimethod"),
    Case("explain-uncalled-declaration", lambda: ov.explain(dm_bad_plain, [1]), TypeError,
         "is not an overridable multimethod"),
    Case("carry-non-callable", lambda: ov.carry(42), TypeError,  # type: ignore[arg-type]
         "carry needs a callable, not 42"),
    # -- the error when no backend serves a call ------------------------------------
    Case("no-backend-serves", registered_skipped_then(no_backend_call),
         ov.BackendNotImplementedError, "raiser has no float support", check_no_backend),
]


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, baseline: tuple[Any, ...]) -> None:
    with pytest.raises(case.exc) as info:
        case.action()
    assert case.fragment in str(info.value)
    if case.check is not None:
        case.check(info.value)
    assert snapshot() == baseline


def test_no_backend_error_message_in_full() -> None:
    """The whole text of the error, as people read it."""
    with ov.reset_state():
        ov.clear_backends(None, registered=True, globals=True)
        ov.register_backend(SKIPPED)
        with pytest.raises(ov.BackendNotImplementedError) as info:
            no_backend_call()
    name = f"{f_msg.__module__}.{f_msg.__qualname__}"
    lines = str(info.value).splitlines()
    assert lines[:3] == [
        f"{name}: raiser declined: raiser has no float support",
        "backends considered for domain 'msg', in order:",
        "  1. raiser [local, msg]: raised BackendNotImplementedError (the reason above)",
    ]
    assert lines[3] == "  2. notimpl [local, msg]: returned NotImplemented"
    # The refusal's detail (in parentheses) is free text.
    assert lines[4].startswith("  3. refuser [local, msg]: conversion refused")
    assert lines[5] == "  4. skipped-one [registered, msg]: skipped"
    assert len(lines) == 6
