"""Automatic registration: a type refused by every backend is served by the installed
backend named after its package, registered on first sight (``ov.set_auto_register``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import overridable as ov

DOMAIN = "ov_auto_test"


class Thing:
    """An array type of a pretend library whose top-level package is ``ovautolib``."""

    __module__ = "ovautolib.core"

    def __init__(self, value: float) -> None:
        self.value = value


class SubThing(Thing):
    """A subclass defined elsewhere: its base class names the package."""

    __module__ = "elsewhere"


@ov.multimethod(DOMAIN, dispatch={"x": "array"})
def double(x: Any) -> Any:
    """Doubles ``x``."""


@ov.multimethod(DOMAIN, dispatch={"x": "array"}, default=lambda x: ("default", x))
def with_default(x: Any) -> Any:
    """Has a default."""


builds: list[int] = []


def _make() -> ov.Backend:
    builds.append(1)
    return ov.Backend(DOMAIN, name="ovautolib", types=(Thing,),
                      implementations={double: lambda x: Thing(2 * x.value)})


ov.register_adapter("ovautolib", _make)
floats = ov.Backend(DOMAIN, name="floats", types=(float,),
                    implementations={double: lambda x: 2 * x})


def _registered() -> list[object]:
    state = ov.get_state()._pickle()[0]
    return list(state[DOMAIN][2]) if DOMAIN in state else []


@pytest.fixture(autouse=True)
def clean() -> Iterator[None]:
    previous = ov.set_auto_register(True)
    with ov.reset_state():
        ov.set_global_backend(floats)
        yield
    ov.set_auto_register(previous)


def test_a_refused_type_registers_its_backend_once() -> None:
    assert double(Thing(1.5)).value == 3.0
    assert _registered() == [ov.as_backend("ovautolib")]
    assert double(Thing(2.0)).value == 4.0  # now from the cache
    assert _registered() == [ov.as_backend("ovautolib")]
    assert double(2.0) == 4.0  # the global backend still serves its own type


def test_a_base_class_names_the_package() -> None:
    assert double(SubThing(1.0)).value == 2.0
    assert _registered() == [ov.as_backend("ovautolib")]


def test_off_gives_the_error_with_the_hint_and_registers_nothing() -> None:
    ov.set_auto_register(False)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        double(Thing(1.0))
    assert "the installed backend 'ovautolib' may own them" in str(info.value)
    assert _registered() == []


def test_turning_it_on_again_forgets_failures_cached_while_off() -> None:
    ov.set_auto_register(False)
    with pytest.raises(ov.BackendNotImplementedError):
        double(Thing(1.0))
    ov.set_auto_register(True)
    assert double(Thing(1.0)).value == 2.0


def test_only_ends_the_search_so_nothing_is_registered() -> None:
    with ov.set_backend(floats, only=True), pytest.raises(ov.BackendNotImplementedError):
        double(Thing(1.0))
    assert _registered() == []


def test_a_skipped_backend_is_never_registered() -> None:
    with ov.skip_backend(ov.as_backend("ovautolib")), \
            pytest.raises(ov.BackendNotImplementedError):
        double(Thing(1.0))
    assert _registered() == []


def test_a_backend_of_another_domain_is_not_registered() -> None:
    ov.register_adapter("ovautolib", lambda: ov.Backend("ov_other_domain", types=(Thing,)))
    try:
        with pytest.raises(ov.BackendNotImplementedError):
            double(Thing(1.0))
        assert _registered() == []
    finally:
        ov.register_adapter("ovautolib", _make)


def test_a_broken_library_leaves_the_state_and_the_error_intact() -> None:
    def broken() -> ov.Backend:
        raise ImportError("No module named 'ovautolib'")

    ov.register_adapter("ovautolib", broken)
    try:
        with pytest.raises(ov.BackendNotImplementedError) as info:
            double(Thing(1.0))
        assert "does not accept Thing" in str(info.value)
        assert _registered() == []
    finally:
        ov.register_adapter("ovautolib", _make)


def test_registration_only_happens_when_nothing_serves() -> None:
    # The default serves Thing (floats refuses it, no backend declines at call time, but
    # refusals leave the default out): the refusal registers the backend, which serves.
    assert double(Thing(1.0)).value == 2.0
    ov.clear_backends(DOMAIN)
    with ov.set_backend(ov.Backend(DOMAIN, types=(Thing,),
                                   implementations={double: lambda x: "local"})):
        assert double(Thing(1.0)) == "local"
    assert _registered() == []


def test_reset_state_undoes_it() -> None:
    with ov.reset_state():
        double(Thing(1.0))
        assert _registered() != []
    assert _registered() == []


def test_the_library_is_built_on_first_sight_only() -> None:
    ov.register_adapter("ovautolib", _make)  # forget the built backend
    builds.clear()
    double(3.0)
    assert builds == []
    double(Thing(1.0))
    assert builds == [1]


def test_environment_variable_turns_it_off() -> None:
    import subprocess
    import sys

    code = ("import overridable as ov; print(ov.set_auto_register(True))")
    for value, expected in (("0", "False"), ("off", "False"), ("1", "True"), ("", "True")):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={"OVERRIDABLE_AUTO_REGISTER": value, "PATH": ""},
                              check=True)
        assert done.stdout.strip() == expected, value


class Broken:
    """An array type of a pretend library whose functions raise their own errors."""

    __module__ = "ovautofail.core"


def _broken(x: Any) -> Any:
    raise ValueError("the library's own words")


ov.register_adapter("ovautofail", lambda: ov.Backend(
    DOMAIN, name="ovautofail", types=(Broken,), implementations={double: _broken}))


def test_an_error_in_a_backend_registered_by_the_call_itself_gets_its_note() -> None:
    # The call registers the backend (after its state token was taken), then the
    # implementation raises: the note still names the backend, as for any other call.
    for _ in range(2):  # registered by the first call; the second is served from the cache
        with pytest.raises(ValueError, match="the library's own words") as info:
            double(Broken())
        assert info.value.__notes__ == [
            f"overridable: raised inside {__name__}.double, served by backend 'ovautofail'"]
