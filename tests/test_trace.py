"""``ov.trace()``: which backend served each call in a block, and whether it was cached."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp

DOMAIN = "ov_trace.tests"


@ov.multimethod(DOMAIN, {"x": "x"})
def double(x):
    "Double x."


lists = ov.Backend(DOMAIN, name="lists", types=[list], implementations={double: lambda x: x + x})
sets = ov.Backend(DOMAIN, name="sets", types=[set],
                  implementations={double: lambda x: x | {-v for v in x}})
declining = ov.Backend(DOMAIN, name="declining", types=[list],
                       implementations={double: lambda x: NotImplemented})


def test_each_call_is_recorded_with_its_backend_and_whether_it_was_cached():
    with ov.set_backend(sets), ov.set_backend(lists), ov.trace() as calls:
        assert double([1]) == [1, 1]
        assert double({1}) == {1, -1}
        assert double([2]) == [2, 2]
    assert [(c.backend, c.cached, c.declined) for c in calls] == [
        (lists, False, False), (sets, False, False), (lists, True, False)]
    assert repr(calls[2]) == "Call(double -> lists, cached)"


def test_calls_outside_the_block_and_in_other_threads_are_not_recorded():
    seen = []
    with ov.set_backend(lists):
        double([0])
        with ov.trace() as calls:
            t = ov.Thread(target=lambda: seen.append(double([1])))  # carries the trace too
            plain = threading.Thread(target=lambda: ov.set_backend(lists).__enter__()
                                     or seen.append(double([2])))
            for thread in (t, plain):
                thread.start()
                thread.join()
        double([3])
    assert seen == [[1, 1], [2, 2]]
    assert [c.backend for c in calls] == [lists]  # the ov.Thread's call, not the plain one


def test_a_decline_is_recorded_and_the_next_backend_serves():
    with ov.set_backend(lists), ov.set_backend(declining), ov.trace() as calls:
        assert double([1]) == [1, 1]
        assert double([1]) == [1, 1]
    assert [(c.backend, c.cached, c.declined) for c in calls] == [
        (declining, False, True), (declining, True, True)]


def test_nested_blocks_are_traced_and_state_inside_pickles_without_the_trace():
    with ov.trace() as calls, ov.set_backend(lists):
        double([1])
        _, local, _ = ov.get_state()._pickle()  # what pickling carries
    assert [c.backend for c in calls] == [lists]
    assert local == (("set", lists, False, False),)


def test_the_numpy_api_through_trace_gives_numpys_values():
    x = np.arange(4.0)
    with ov.trace() as calls:
        result = unp.sum(unp.sin(x) ** 2)
    assert_allclose(result, np.sum(np.sin(x) ** 2))
    assert [c.function.__name__ for c in calls] == ["sin", "sum"]
    assert all(c.backend is unp.numpy_backend for c in calls)


def test_calls_outside_a_trace_do_not_resolve_again():
    from overridable._multimethod import _info

    with ov.set_backend(lists):
        double([1])
        misses = _info(double).misses
        with ov.trace():
            double([1])
        double([1])
    assert _info(double).misses == misses + 1  # the traced block's own first call only


def test_an_error_inside_a_trace_leaves_no_trace_behind():
    with pytest.raises(ZeroDivisionError), ov.trace():
        1 / 0  # noqa: B018
    with pytest.raises(ov.BackendNotImplementedError):
        double([1])


class LibraryError(ValueError):
    """An error a library raises inside an implementation."""


failing = ov.Backend(DOMAIN, name="failing", types=[tuple],
                     implementations={double: lambda x: (_ for _ in ()).throw(
                         LibraryError("the library's own words"))})


def test_a_librarys_error_keeps_its_type_and_gets_a_note_naming_backend_and_multimethod():
    with ov.set_backend(failing):
        for _ in range(2):  # resolved, then cached (the compiled path serves the second)
            with pytest.raises(ValueError, match="the library's own words") as info:
                double((1,))
            assert type(info.value) is LibraryError
            assert info.value.__notes__ == [
                "overridable: raised inside test_trace.double, served by backend 'failing'"]


def test_only_the_innermost_multimethod_adds_a_note():
    x = np.arange(3.0)
    with pytest.raises(ValueError) as info:
        unp.reshape(x, (2, 2))
    assert info.value.__notes__ == [
        "overridable: raised inside overridable.numpy.reshape, served by backend 'numpy'"]


# ---------------------------------------------------------------------------
# What users ask about when results surprise them: absorption, threads


class Frozen(frozenset):
    """An array type of "another library" that the sets backend absorbs."""


absorbing = ov.Backend(DOMAIN, name="absorbing", types=[set], absorbs=[Frozen],
                       implementations={double: lambda x: set(x) | {-v for v in x}})


@ov.multimethod(DOMAIN, {"x": "x", "y": "x"})
def join(x, y):
    "Join x and y."


absorbing.implement(join)(lambda x, y: set(x) | set(y))


def test_a_trace_names_the_types_a_backend_absorbed(caplog: pytest.LogCaptureFixture):
    with ov.set_backend(absorbing), ov.trace() as calls:
        assert join({1}, Frozen({2})) == {1, 2}
        assert join({1}, {2}) == {1, 2}
        assert join({1}, Frozen({3})) == {1, 3}
    assert [(c.backend, c.absorbed) for c in calls] == [
        (absorbing, (Frozen,)), (absorbing, ()), (absorbing, (Frozen,))]
    assert repr(calls[0]) == "Call(join -> absorbing, absorbed Frozen)"


def test_absorption_is_logged_at_info(caplog: pytest.LogCaptureFixture):
    @ov.multimethod(DOMAIN, {"x": "x", "y": "x"})
    def meet(x, y):
        "Meet x and y."

    absorbing.implement(meet)(lambda x, y: set(x) & set(y))
    with caplog.at_level("INFO", logger="overridable"), ov.set_backend(absorbing):
        assert meet({1, 2}, Frozen({2})) == {2}
        assert meet({1, 2}, Frozen({1})) == {1}  # cached: said once
    assert [r.getMessage() for r in caplog.records] == [
        f"{__name__}.{meet.__qualname__}: absorbing serves arguments of type "
        f"{__name__}.Frozen, taking them as its own (absorbed)"]


def test_a_thread_without_the_local_backends_is_told_in_the_log(
        caplog: pytest.LogCaptureFixture):
    @ov.multimethod(DOMAIN, {"x": "x"})
    def triple(x):
        "Triple x."

    results = []

    def work():
        results.append(triple([1]))
        results.append(triple([1]))

    lists.implement(triple)(lambda x: x * 3)
    ov.register_backend(lists)
    try:
        with caplog.at_level("INFO", logger="overridable"), ov.set_backend(sets):
            thread = threading.Thread(target=work, name="worker")
            thread.start()
            thread.join()
    finally:
        ov.clear_backends(DOMAIN, registered=True)
    assert results == [[1, 1, 1], [1, 1, 1]]
    assert [r.getMessage() for r in caplog.records] == [
        f"{__name__}.{triple.__qualname__}: thread 'worker' resolves with no local backends: "
        "set_backend blocks of other threads do not reach it (carry them with ov.carry or "
        "ov.get_state/ov.set_state)"]
