"""State survives faults: concurrent process-wide changes, fork, interrupts, abandoned
generators, and many live contexts.

Each test pins one fault found by a soak run (issue "Nothing lost under faults"): a
deterministic repro first, then, where the fault is a race, a bounded stress test
with a deterministic verdict (it stops by itself, and every answer it checks must be
one that some sequential order of the state changes would give).
"""

from __future__ import annotations

import asyncio
import gc
import os
import signal
import sys
import threading
import time

import pytest

import overridable as ov

DOMAIN = "ov_faults.tests"


@ov.multimethod(DOMAIN, {})
def mm():
    "A multimethod with no dispatchable argument."


@ov.multimethod(DOMAIN, {"x": "x"})
def typed(x):
    "A multimethod dispatching on the type of ``x``."


def serving(name, multimethod=mm):
    return ov.Backend(DOMAIN, name=name, implementations={multimethod: lambda *a: name})


def call():
    try:
        return mm()
    except ov.BackendNotImplementedError as exc:
        return exc


@pytest.fixture(autouse=True)
def clean_state():
    with ov.reset_state():
        yield
    assert isinstance(call(), ov.BackendNotImplementedError)


# ---------------------------------------------------------------------------
# 1. A decline is finished against the state the call started with


def test_decline_after_the_global_state_was_cleared_names_the_backend_that_declined():
    def declines():
        ov.clear_backends(DOMAIN, registered=True, globals=True)  # what another thread may do
        return NotImplemented

    ov.set_global_backend(ov.Backend(DOMAIN, name="g", implementations={mm: declines}))
    with pytest.raises(ov.BackendNotImplementedError) as info:
        mm()  # the cached path: resolve once more after the first call
    tried = [a.backend.name for a in info.value.explanation]
    assert tried == ["g"]
    ov.set_global_backend(ov.Backend(DOMAIN, name="g", implementations={mm: declines}))
    with pytest.raises(ov.BackendNotImplementedError) as info:
        mm()
    assert [a.backend.name for a in info.value.explanation] == ["g"]


def test_decline_is_finished_by_the_backends_registered_when_the_call_began():
    h = serving("h")

    def declines():
        ov.clear_backends(DOMAIN, registered=True, globals=True)
        ov.set_global_backend(h)  # a new global backend, set while this call runs
        return NotImplemented

    g = ov.Backend(DOMAIN, name="g", implementations={mm: declines})
    for _ in range(2):  # the first call resolves, the second one is served from the cache
        ov.set_global_backend(g)
        ov.register_backend(serving("r"))
        # In the state this call began with, g declines and the registered r serves;
        # h was never part of it and is neither called nor blamed.
        assert mm() == "r"
        assert mm() == "h"  # the next call sees the new state


def test_decline_with_a_replaced_implementation_still_tries_the_rest():
    r = serving("r")
    g = ov.Backend(DOMAIN, name="g")

    @g.implement(mm)
    def declines():
        g.implement(mm)(lambda: "g2")  # the table changes during the call
        return NotImplemented

    ov.set_global_backend(g)
    ov.register_backend(r)
    # Which step declined is unknown once its implementation left the table: the call
    # is finished as if the table had changed before it began, by g's new one.
    assert mm() == "g2"
    assert mm() == "g2"


def test_concurrent_global_changes_give_only_answers_of_some_state(monkeypatch):
    """16 threads call while one cycles the process-wide state through three states:

    A: global G (declines), registered R          -> "R"
    B: nothing                                    -> no backend
    C: global H                                   -> "H"

    Every answer must be one of those; an error must name only backends of one state.
    """
    monkeypatch.setattr(sys, "getswitchinterval", sys.getswitchinterval)
    sys.setswitchinterval(1e-5)
    try:
        _run_churn()
    finally:
        sys.setswitchinterval(0.005)


def _run_churn():
    g = ov.Backend(DOMAIN, name="G", implementations={mm: lambda: NotImplemented})
    r, h = serving("R"), serving("H")
    stop = threading.Event()
    wrong: list[object] = []
    answers: dict[object, int] = {}

    def churn():
        while not stop.is_set():
            ov.set_global_backend(g)
            ov.register_backend(r)
            ov.clear_backends(DOMAIN, registered=True, globals=True)
            ov.set_global_backend(h)
            ov.clear_backends(DOMAIN, registered=True, globals=True)

    def caller():
        while not stop.is_set():
            try:
                out: object = mm()
            except ov.BackendNotImplementedError as exc:
                names = [a.backend.name for a in exc.explanation if a.backend is not None]
                out = tuple(names)
                if names not in ([], ["G"]):
                    wrong.append(("error naming", names))
            except Exception as exc:  # IndexError and the like: a broken resolution
                wrong.append(repr(exc))
                out = "crash"
            else:
                if out not in ("R", "H"):
                    wrong.append(out)
            answers[out] = answers.get(out, 0) + 1

    threads = [threading.Thread(target=caller) for _ in range(16)]
    changer = threading.Thread(target=churn)
    for t in [*threads, changer]:
        t.start()
    # At least 2 s, and until both serving states have answered (a loaded machine may not
    # schedule the changer early): the verdict does not depend on the machine's speed.
    start = time.monotonic()
    while time.monotonic() - start < 60 and (time.monotonic() - start < 2.0 or not (
            answers.get("R", 0) and answers.get("H", 0))):
        time.sleep(0.05)
    stop.set()
    for t in [*threads, changer]:
        t.join(timeout=30)
    assert not wrong, (wrong[:5], answers)
    assert answers.get("R", 0) and answers.get("H", 0), answers  # the race was exercised


# ---------------------------------------------------------------------------
# 2. fork() while another thread changes the state


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_while_another_thread_changes_state_never_deadlocks_the_child():
    g, h = serving("g"), serving("h")
    stop = threading.Event()

    def churn():
        while not stop.is_set():
            ov.set_global_backend(g)
            ov.register_backend(h)
            ov.clear_backends(DOMAIN, registered=True, globals=True)

    changer = threading.Thread(target=churn)
    changer.start()
    hung = failed = 0
    try:
        for _ in range(40):
            pid = os.fork()
            if pid == 0:  # the child: dispatch, change the state, dispatch again
                code = 1
                try:
                    mm_answer = call()
                    ok = mm_answer in ("g", "h") or isinstance(
                        mm_answer, ov.BackendNotImplementedError)
                    ov.set_global_backend(serving("child"))
                    ok = ok and mm() == "child"
                    code = 0 if ok else 1
                finally:
                    os._exit(code)
            deadline = time.monotonic() + 10
            while True:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    failed += os.waitstatus_to_exitcode(status) != 0
                    break
                if time.monotonic() > deadline:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                    hung += 1
                    break
                time.sleep(0.005)
    finally:
        stop.set()
        changer.join()
    assert (hung, failed) == (0, 0)


# ---------------------------------------------------------------------------
# 3. An abandoned isolated generator closes in its own context


def test_abandoned_isolated_generator_does_not_pop_the_callers_block():
    be = serving("be")

    @ov.isolated
    def gen():
        with ov.set_backend(be):
            yield mm()

    with ov.set_backend(be):
        g = gen()
        assert next(g) == "be"
        del g
        gc.collect()
        assert mm() == "be"  # the caller's own block is still in effect
    assert isinstance(call(), ov.BackendNotImplementedError)


# ---------------------------------------------------------------------------
# 4. Interrupts inside `with set_backend`


class Interrupt(Exception):
    """Raised by a signal handler at an arbitrary bytecode."""


def test_exit_with_an_exception_in_flight_never_replaces_it():
    outer, inner = ov.set_backend(serving("outer")), ov.set_backend(serving("inner"))

    with pytest.raises(Interrupt), outer:
        inner.__enter__()  # entered, never exited: as when an interrupt hits __enter__
        raise Interrupt
    assert isinstance(call(), ov.BackendNotImplementedError)  # both blocks are gone


def test_exit_out_of_order_without_an_exception_still_raises():
    a, b = ov.set_backend(serving("a")), ov.set_backend(serving("b"))
    a.__enter__()
    b.__enter__()
    with pytest.raises(RuntimeError, match="out of order"):
        a.__exit__(None, None, None)
    assert mm() == "b"
    b.__exit__(None, None, None)
    a.__exit__(None, None, None)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer")
@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are delivered to the main thread")
def test_timed_interrupts_never_leave_a_backend_set_nor_replace_the_exception():
    outer = ov.set_backend(serving("outer"))
    inner = ov.set_backend(serving("inner"))

    def handler(signum, frame):
        raise Interrupt

    old = signal.signal(signal.SIGALRM, handler)
    gc.disable()  # the interrupt is for our code, not for a garbage-collector callback
    interrupted = leaked = replaced = 0
    try:
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            try:
                with outer:
                    signal.setitimer(signal.ITIMER_REAL, 1e-4)
                    try:
                        for _ in range(100_000):
                            with inner:
                                pass
                    finally:
                        signal.setitimer(signal.ITIMER_REAL, 0)
            except Interrupt:
                interrupted += 1
            except RuntimeError:
                replaced += 1
            if not isinstance(call(), ov.BackendNotImplementedError):
                leaked += 1  # the fixture's reset_state undoes it
                break
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        gc.enable()
    assert interrupted > 20
    assert (leaked, replaced) == (0, 0)


@pytest.mark.skipif(not ov.compiled(), reason="exact at the top level on the compiled path only "
                    "(on the pure-Python path a signal can land on __exit__'s first instruction)")
@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer")
@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are delivered to the main thread")
def test_timed_interrupts_at_the_top_level_never_leave_a_backend_set():
    inner = ov.set_backend(serving("inner"))

    def handler(signum, frame):
        raise Interrupt

    old = signal.signal(signal.SIGALRM, handler)
    gc.disable()  # the interrupt is for our code, not for a garbage-collector callback
    interrupted = leaked = 0
    try:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            try:
                signal.setitimer(signal.ITIMER_REAL, 1e-4)
                try:
                    for _ in range(100_000):
                        with inner:
                            pass
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except Interrupt:
                interrupted += 1
            if not isinstance(call(), ov.BackendNotImplementedError):
                leaked += 1
                break
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        gc.enable()
    assert interrupted > 20
    assert leaked == 0


# ---------------------------------------------------------------------------
# 5. Many live contexts


def _per_task_seconds(n_tasks: int, calls: int = 20) -> float:
    async def task(i: int) -> None:
        be = ov.Backend(DOMAIN, name=f"t{i}", types=[int],
                        implementations={typed: lambda x: x})
        with ov.set_backend(be):
            for _ in range(calls):
                await asyncio.sleep(0)
                typed(i)

    async def main() -> None:
        await asyncio.gather(*(task(i) for i in range(n_tasks)))

    start = time.perf_counter()
    asyncio.run(main())
    return (time.perf_counter() - start) / n_tasks


def test_many_live_contexts_keep_their_cached_plans():
    from overridable._multimethod import _info

    info = _info(typed)
    before = info.misses
    _per_task_seconds(6000, calls=5)
    # One resolution per task (its first call); its other four calls hit the cache,
    # however many other tasks hold a local state of their own meanwhile.
    assert info.misses - before == 6000


def test_resolution_allocates_no_reference_cycles():
    be = ov.Backend(DOMAIN, name="be", types=[int], implementations={typed: lambda x: x})
    gc.collect()
    gc.disable()
    try:
        with ov.set_backend(be):
            for i in range(200):
                ov.register_backend(ov.Backend(DOMAIN, name=f"r{i}"))  # invalidates caches
                assert typed(i) == i  # a resolution every time
                with pytest.raises(ov.BackendNotImplementedError):
                    mm()  # an untyped resolution, failing
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0, found
