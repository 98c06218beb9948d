"""Backend state under concurrency: threads, asyncio tasks, executors, processes, generators.

What these tests pin down (the engine's guarantees):

- Context-local state lives in ``contextvars``: a ``with set_backend(...)`` in one
  thread or asyncio task is invisible to every other, however they interleave.
- A new ``threading.Thread`` (or a bare executor worker) starts with no local
  backends; ``asyncio.create_task`` and ``asyncio.to_thread`` copy the creator's.
  The process-wide (global and registered) backends are shared by all threads, and
  a change to them reaches every thread's next call (no stale cached plan).
- ``ov.Thread`` and ``ov.carry`` take the local state current when they are
  *created* and install it (replacing, not stacking on, the state of the thread
  that runs them), restoring that thread's own state afterwards, even on error.
  In the same process they do not snapshot the global backends (those are
  shared); pickled to another process, ``carry`` installs the globals and
  registered backends it captured too.
- A ``BackendState`` (and a ``carry``) pickles; module backends travel by name
  and are imported on unpickling.
- Generators share their caller's context: while a generator is suspended
  inside ``with set_backend(b):`` its caller sees ``b``; that is what makes a
  ``@contextlib.contextmanager`` around ``set_backend`` work. A generator owns no
  context: resumed in another thread it sees that thread's state. Leaving contexts
  out of order raises ``RuntimeError`` and leaves the state unchanged (so a block
  that cannot be left stays in effect until an enclosing ``set_state``/``reset_state``
  ends).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import pickle
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import _concurrency_helpers as H
import pytest

import overridable as ov

TESTS_DIR = Path(__file__).resolve().parent
DOMAIN = "ov_conc.tests"


def _extract(*args, **kwargs):
    return ()


def _replace(args, kwargs, dispatchables):
    return args, kwargs


mm = ov.generate_multimethod(_extract, _replace, DOMAIN)


def call(f=mm):
    """``f()``, or ``None`` when no backend serves it."""
    try:
        return f()
    except ov.BackendNotImplementedError:
        return None


def direct(name):
    """A declarative backend: the engine calls its implementation directly (cached plan)."""
    return ov.Backend(DOMAIN, name=str(name), implementations={mm: lambda: name})


def protocol(name):
    """A protocol backend: the engine goes through ``__ua_function__``."""
    return H.Named(DOMAIN, name)


@pytest.fixture(autouse=True)
def clean_state():
    with ov.reset_state():
        yield
    assert call() is None


@pytest.fixture
def fast_switching():
    """Make the interpreter switch threads as often as it can, to provoke interleavings."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _contains(obj, target):
    """Whether ``target`` (by identity) occurs anywhere in nested tuples/lists/dicts."""
    if obj is target:
        return True
    if isinstance(obj, dict):
        return any(_contains(k, target) or _contains(v, target) for k, v in obj.items())
    if isinstance(obj, (tuple, list)):
        return any(_contains(x, target) for x in obj)
    return False


# ---------------------------------------------------------------------------
# Threads


def test_threads_nesting_backends_see_only_their_own(fast_switching):
    n_threads, n_iter = 32, 150
    barrier = threading.Barrier(n_threads)
    errors = []
    checks = [0] * n_threads

    def worker(i):
        outer = direct(("outer", i))
        inner = protocol(("inner", i))

        def expect(want, where):
            got = call()
            checks[i] += 1
            if got != want:
                errors.append((i, where, want, got))

        barrier.wait()
        for k in range(n_iter):
            expect(None, "start")
            with ov.set_backend(outer):
                expect(("outer", i), "outer")
                with ov.set_backend(inner):
                    expect(("inner", i), "inner")
                    with ov.skip_backend(inner):
                        expect(("outer", i), "inner skipped")
                    if k % 2:
                        with ov.set_backend(outer, only=True):
                            expect(("outer", i), "outer again, only")
                    expect(("inner", i), "inner after")
                expect(("outer", i), "outer after")
            expect(None, "end")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert checks == [n_iter * 7 + n_iter // 2] * n_threads


def test_global_backend_changes_reach_every_thread(fast_switching):
    # Threads call while another keeps replacing the global backend: every call is served
    # by one of the globals, and once the last change is made no thread keeps a stale plan.
    n_threads = 8
    names = {"g0", "g1", "g2", "g3"}
    backends = [direct(n) if i % 2 else protocol(n) for i, n in enumerate(sorted(names))]
    ov.set_global_backend(backends[0])
    done = threading.Event()
    finished = threading.Barrier(n_threads + 1)
    errors, finals, counts = [], [], [0] * n_threads

    def worker(i):
        while not done.is_set():
            got = call()
            counts[i] += 1
            if got not in names and got != "final":
                errors.append(got)
        finished.wait()
        finals.append(call())

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for k in range(300):
        ov.set_global_backend(backends[k % 4])
    ov.set_global_backend(direct("final"))
    done.set()
    finished.wait()
    for t in threads:
        t.join()
    assert errors == []
    assert all(counts)
    assert finals == ["final"] * n_threads


def test_set_backend_decorator_is_per_thread(fast_switching):
    be = direct("decorated")

    @ov.set_backend(be)
    def decorated():
        return [call() for _ in range(50)]

    results = []
    plain = []

    def worker():
        results.append(decorated())
        plain.append(call())

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for _ in range(200):
        assert call() is None  # the main thread never sees the decorated threads' backend
    for t in threads:
        t.join()
    assert results == [["decorated"] * 50] * 8
    assert plain == [None] * 8


def test_new_thread_starts_with_no_local_backends():
    out = []

    def probe():
        out.append((call(), ov.get_state()._pickle()[1]))

    with ov.set_backend(direct("local")):
        assert call() == "local"
        t = threading.Thread(target=probe)
        t.start()
        t.join()
    empty = ov.get_state()._pickle()[1]
    assert out == [(None, empty)]
    assert len(empty) == 0


def test_new_thread_shares_global_and_registered_backends():
    out = []
    ov.set_global_backend(H.Named("ov_conc.global", "global"))
    ov.register_backend(H.Named("ov_conc.registered", "registered"))
    t = threading.Thread(target=lambda: out.append(H.report()[1]))
    t.start()
    t.join()
    assert out == [(None, "global", "registered", None)]


def test_ov_thread_carries_state_from_construction():
    out = []
    with ov.set_backend(direct("creator")):
        t = ov.Thread(target=lambda: out.append(call()))
    assert call() is None
    with ov.set_backend(direct("starter")):
        t.start()  # the state at construction counts, not at start
        t.join()
    assert out == ["creator"]


def test_ov_thread_constructed_without_backends_runs_without():
    out = []
    t = ov.Thread(target=lambda: out.append(call()))
    with ov.set_backend(direct("starter")):
        t.start()
        t.join()
    assert out == [None]


def test_ov_thread_changes_do_not_leak_back():
    started, release = threading.Event(), threading.Event()
    out = []

    def body():
        with ov.set_backend(direct("thread")):
            started.set()
            release.wait(10)
            out.append(call())
        out.append(call())

    with ov.set_backend(direct("creator")):
        t = ov.Thread(target=body)
        t.start()
        assert started.wait(10)
        assert call() == "creator"  # the thread's own block is invisible here
        release.set()
        t.join()
        assert call() == "creator"
    assert out == ["thread", "creator"]


def test_ov_thread_sees_global_backends_of_run_time():
    out = []
    with ov.set_backend(direct("creator")):
        t = ov.Thread(target=lambda: out.append((call(), H.call(H.global_mm))))
    ov.set_global_backend(H.Named("ov_conc.global", "set after construction"))
    t.start()
    t.join()
    assert out == [("creator", "set after construction")]


def test_carry_into_thread_pool():
    with ThreadPoolExecutor(max_workers=1) as pool:
        with ov.set_backend(direct("caller")):
            carried = pool.submit(ov.carry(call))
            plain = pool.submit(call)
        after = pool.submit(call)  # the carried call left the worker's state as it was
        assert (carried.result(), plain.result(), after.result()) == ("caller", None, None)


def test_carry_many_states_through_shared_pool(fast_switching):
    carries = []
    for i in range(64):
        with ov.set_backend(direct(("outer", i))), ov.set_backend(protocol(("inner", i))):
            carries.append(ov.carry(lambda i=i: [(i, call()) for _ in range(20)]))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda c: c(), carries))
    assert results == [[(i, ("inner", i))] * 20 for i in range(64)]


def test_carry_captures_state_at_creation_and_replaces_the_callers():
    captured = direct("captured")
    with ov.set_backend(captured):
        carried = ov.carry(call)
    assert carried() == "captured"
    with ov.set_backend(direct("caller")):
        # the carried state replaces the caller's local state (it is not stacked on it),
        # skips included ...
        assert carried() == "captured"
        with ov.skip_backend(captured):
            assert call() == "caller"
            assert carried() == "captured"
        # ... and the caller's is back afterwards
        assert call() == "caller"
    assert call() is None


def test_carry_restores_state_after_an_exception():
    def boom():
        assert call() == "captured"
        raise ZeroDivisionError

    with ov.set_backend(direct("captured")):
        carried = ov.carry(boom)
    with ov.set_backend(direct("caller")):
        with pytest.raises(ZeroDivisionError):
            carried()
        assert call() == "caller"
    assert call() is None


def test_carry_in_same_process_uses_current_globals():
    with ov.set_backend(direct("local")):
        carried = ov.carry(H.report)
    ov.set_global_backend(H.Named("ov_conc.global", "later"))
    assert carried()[1][1] == "later"


def test_carry_pickles_within_the_process():
    with ov.set_backend(H.Named(DOMAIN, "pickled")):
        payload = pickle.dumps(ov.carry(call))
    assert pickle.loads(payload)() == "pickled"
    assert call() is None


def test_carry_requires_a_callable():
    with pytest.raises(TypeError):
        ov.carry(42)


# ---------------------------------------------------------------------------
# Processes and pickling


def test_carry_into_spawned_process_brings_local_and_global_backends():
    ov.set_global_backend(H.Named("ov_conc.global", "global"))
    ov.register_backend(H.Named("ov_conc.registered", "registered"))
    with ov.set_backend(H.Named("ov_conc.local", "local")), ov.set_backend(H):
        assert H.report()[1] == ("local", "global", "registered", "module")
        carried = ov.carry(H.report)
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        pid, seen = pool.submit(carried).result(timeout=120)
        _, after = pool.submit(H.report).result(timeout=120)
    assert pid != os.getpid()
    assert seen == ("local", "global", "registered", "module")
    # the worker's own state (none) is back once the carried call returns
    assert after == (None, None, None, None)


_CHILD = """
import pickle, sys
assert "_concurrency_helpers" not in sys.modules
state = pickle.loads(sys.stdin.buffer.read())
helpers = sys.modules["_concurrency_helpers"]  # imported by name while unpickling
import overridable as ov
with ov.set_state(state):
    print(helpers.report()[1])
print(helpers.report()[1])
"""


def test_pickled_state_imports_module_backend_by_name_in_fresh_interpreter():
    with ov.set_backend(H), ov.set_backend(H.Named("ov_conc.local", "local")):
        payload = pickle.dumps(ov.get_state())
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS_DIR), *sys.path]))
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD], input=payload, capture_output=True, env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode().splitlines() == [
        "('local', None, None, 'module')",
        "(None, None, None, None)",
    ]


def test_pickled_state_round_trips_module_backend_to_the_same_module():
    with ov.set_backend(H):
        state = ov.get_state()
    restored = pickle.loads(pickle.dumps(state))
    assert _contains(restored._pickle(), H)
    assert H.call(H.module_mm) is None
    with ov.set_state(restored):
        assert H.call(H.module_mm) == "module"
    assert H.call(H.module_mm) is None


def test_pickled_state_round_trips_a_skipped_module_backend():
    with ov.set_backend(H), ov.skip_backend(H):
        assert H.call(H.module_mm) is None
        state = ov.get_state()
    restored = pickle.loads(pickle.dumps(state))
    with ov.set_state(restored):
        assert H.call(H.module_mm) is None
        with ov.set_backend(H.Named("ov_conc.module", "named")):
            assert H.call(H.module_mm) == "named"


def test_pickled_state_restores_globals():
    ov.set_global_backend(H.Named("ov_conc.global", "global"))
    ov.set_global_backend(H)  # a module as a global backend travels by name too
    payload = pickle.dumps(ov.get_state())
    ov.clear_backends("ov_conc.global", globals=True)
    ov.clear_backends("ov_conc.module", globals=True)
    assert H.report()[1] == (None, None, None, None)
    with ov.set_state(pickle.loads(payload)):
        assert H.report()[1] == (None, "global", None, "module")
    assert H.report()[1] == (None, None, None, None)


def _adapted_backend():
    return ov.Backend(DOMAIN, name="adapted", implementations={mm: lambda: "adapted"})


def test_pickled_state_carries_adapted_backend_by_name():
    ov.register_adapter("_ov_conc_adapted", _adapted_backend)
    with ov.set_backend("_ov_conc_adapted"):
        assert call() == "adapted"
        payload = pickle.dumps(ov.get_state())
    restored = pickle.loads(payload)
    assert _contains(restored._pickle(), ov.as_backend("_ov_conc_adapted"))
    with ov.set_state(restored):
        assert call() == "adapted"


# ---------------------------------------------------------------------------
# asyncio


def test_thousand_asyncio_tasks_each_see_their_own_backend():
    n = 1000

    async def one(i):
        be = direct(i) if i % 2 else protocol(i)
        before = call()
        with ov.set_backend(be):
            await asyncio.sleep(0)
            first = call()
            await asyncio.sleep(0)
            second = call()
        await asyncio.sleep(0)
        return before, first, second, call()

    async def main():
        return await asyncio.gather(*(one(i) for i in range(n)))

    assert asyncio.run(main()) == [(None, i, i, None) for i in range(n)]


def test_asyncio_task_inherits_creator_state_and_does_not_leak_back():
    async def child(entered, release):
        inherited = call()
        with ov.set_backend(direct("child")):
            entered.set()
            await release.wait()
            inside = call()
        return inherited, inside, call()

    async def main():
        entered, release = asyncio.Event(), asyncio.Event()
        with ov.set_backend(direct("parent")):
            task = asyncio.create_task(child(entered, release))
        await entered.wait()
        seen_by_parent = call()  # the child is suspended inside its block
        release.set()
        return seen_by_parent, await task

    assert asyncio.run(main()) == (None, ("parent", "child", "parent"))


def test_asyncio_to_thread_carries_state_but_run_in_executor_does_not():
    # asyncio.to_thread copies the context into the thread; a bare executor does not.
    async def main():
        loop = asyncio.get_running_loop()
        with ov.set_backend(direct("task")):
            copied = await asyncio.to_thread(call)
            bare = await loop.run_in_executor(None, call)
            carried = await loop.run_in_executor(None, ov.carry(call))
        return copied, bare, carried

    assert asyncio.run(main()) == ("task", None, "task")


# ---------------------------------------------------------------------------
# Generators and the order of exits


def test_generator_suspended_inside_block_leaks_its_backend_to_the_caller():
    be = direct("gen")

    def gen():
        with ov.set_backend(be):
            yield call()
            yield call()
        yield call()

    g = gen()
    assert call() is None
    assert next(g) == "gen"
    assert call() == "gen"  # generators run in the caller's context: the block is in effect
    assert next(g) == "gen"
    assert next(g) is None  # the generator left its block
    assert call() is None
    with pytest.raises(StopIteration):
        next(g)


def test_closing_a_generator_suspended_inside_block_restores_the_state():
    def gen():
        with ov.set_backend(direct("gen")):
            yield

    g = gen()
    next(g)
    assert call() == "gen"
    g.close()
    assert call() is None


def test_abandoned_generator_restores_the_state_when_collected():
    def gen():
        with ov.set_backend(direct("gen")):
            yield call()

    def first():
        return next(gen())  # the generator is dropped (and closed) on return

    assert first() == "gen"
    assert call() is None


def test_generator_resumed_in_another_thread_sees_that_threads_state():
    # A generator owns no context: it runs in whichever context resumes it. Resumed in a
    # thread with no backends, its block's exit is out of order there (RuntimeError), and
    # the thread that entered the block keeps its backend until reset_state ends.
    def gen():
        with ov.set_backend(direct("gen")):
            yield call()
            yield call()

    with ov.reset_state():
        g = gen()
        assert next(g) == "gen"
        out = []

        def resume():
            out.append(next(g))
            try:
                next(g)
            except RuntimeError:
                out.append("RuntimeError")
            out.append(call())

        t = threading.Thread(target=resume)
        t.start()
        t.join()
        assert out == [None, "RuntimeError", None]
        assert call() == "gen"
    assert call() is None


def test_contextmanager_wrapping_set_backend():
    @contextlib.contextmanager
    def using(name):
        with ov.set_backend(direct(name)):
            yield name

    with using("a") as a:
        assert (a, call()) == ("a", "a")
        with using("b"):
            assert call() == "b"
        assert call() == "a"
    assert call() is None
    with pytest.raises(KeyError), using("c"):
        assert call() == "c"
        raise KeyError
    assert call() is None


def test_out_of_order_exit_raises_and_leaves_state_unchanged():
    a, b = ov.set_backend(direct("a")), ov.set_backend(direct("b"))
    a.__enter__()
    b.__enter__()
    before = ov.get_state()._pickle()
    with pytest.raises(RuntimeError, match="order"):
        a.__exit__(None, None, None)
    assert ov.get_state()._pickle() == before
    assert call() == "b"
    b.__exit__(None, None, None)
    assert call() == "a"
    a.__exit__(None, None, None)
    assert call() is None


def test_exit_without_enter_raises():
    with pytest.raises(RuntimeError):
        ov.set_backend(direct("never entered")).__exit__(None, None, None)
    assert call() is None


def test_generator_resumed_inside_a_callers_block_cannot_exit_its_own():
    # The generator's block was entered before the caller's, so leaving it while the
    # caller's block is in effect is out of order: RuntimeError, state unchanged. The
    # generator's backend then stays in effect after the caller's block (a leak that
    # only the enclosing reset_state/set_state undoes).
    def gen():
        with ov.set_backend(direct("gen")):
            yield

    with ov.reset_state():
        g = gen()
        next(g)
        with ov.set_backend(direct("caller")):
            with pytest.raises(RuntimeError):
                next(g)
            assert call() == "caller"
        assert call() == "gen"
    assert call() is None


def test_reentering_one_context_object():
    cm = ov.set_backend(direct("a"))
    with cm:
        with ov.set_backend(direct("b")):
            with cm:
                assert call() == "a"
            assert call() == "b"
        assert call() == "a"
    assert call() is None
