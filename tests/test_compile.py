"""``torch.compile(..., fullgraph=True)`` through ``overridable.numpy``: no graph break, the
eager results, and guards that never let a change of backend state reach a stale plan.

Each test runs on whichever dispatcher is in use (the suite runs twice, compiled and
``OVERRIDABLE_PURE_PYTHON=1``); one test runs the issue's example on the other path too.
Compiling costs seconds: most tests use a graph-recording backend (Dynamo traces as it
does for inductor, the graph runs as is); the issue's example, the benchmark's function
and the model compile with the default backend (inductor).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from backends._backend_helpers import require
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp

torch = require("torch")
require("torch._dynamo")

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "ov_compile.tests"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    """Every test starts with no compiled code and leaves the backend state as it was."""
    torch._dynamo.reset()
    with ov.reset_state():
        yield
    torch._dynamo.reset()


class Graphs:
    """A ``torch.compile`` backend that keeps each graph Dynamo hands it, and runs it."""

    def __init__(self) -> None:
        self.graphs: list[Any] = []

    def __call__(self, gm: Any, example_inputs: Any) -> Callable[..., Any]:
        self.graphs.append(gm)
        return gm.forward  # type: ignore[no-any-return]

    def targets(self) -> set[Any]:
        return {n.target for g in self.graphs for n in g.graph.nodes if n.op == "call_function"}


def compiled(f: Callable[..., Any], fullgraph: bool = True) -> tuple[Callable[..., Any], Graphs]:
    graphs = Graphs()
    return torch.compile(f, backend=graphs, fullgraph=fullgraph), graphs


# ---------------------------------------------------------------------------
# The issue's examples


def issue_example(x: Any) -> Any:
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).shape[0]


def test_the_issues_example_compiles_with_fullgraph_and_gives_the_eager_result() -> None:
    x = torch.arange(3.0)
    result = torch.compile(issue_example, fullgraph=True)(x)
    assert isinstance(result, torch.Tensor) and result.dtype == torch.float32
    assert_allclose(result.numpy(), issue_example(x).numpy(), rtol=1e-6)
    assert_allclose(result.numpy(), np.sum(np.sin(np.arange(3.0)) ** 2) / 3, rtol=1e-6)


def test_the_graph_holds_torchs_operations_and_no_dispatch() -> None:
    f, graphs = compiled(issue_example)
    f(torch.arange(3.0))
    assert len(graphs.graphs) == 1
    targets = graphs.targets()
    assert torch.sin in targets or torch.Tensor.sin in targets, targets
    # The dispatcher left nothing behind: only torch's and Python's operators.
    assert all(getattr(t, "__module__", "") is None or "overridable" not in
               str(getattr(t, "__module__", "")) for t in targets), targets


def test_numpys_other_spellings_compile_with_fullgraph() -> None:
    # arange by keywords and a ufunc's outputs by position are rewritten before dispatch
    # (numpy/_calls.py), inside the graph too.
    def f(x: Any) -> Any:
        m, _ = unp.frexp(x, None, None)
        return unp.sin(x) + unp.arange(start=1, stop=4, dtype=unp.float32) + m

    x = torch.arange(3.0)
    with ov.set_backend(ov.as_backend("torch"), only=True):
        expected = f(x)
        result, graphs = compiled(f)
        got = result(x)
    assert len(graphs.graphs) == 1
    assert_allclose(got.numpy(), expected.numpy(), rtol=1e-6)
    assert_allclose(got.numpy(), np.sin(np.arange(3.0)) + np.arange(1, 4)
                    + np.frexp(np.arange(3.0))[0], rtol=1e-6)


def _bench_backends(direct: str | None = None) -> Any:
    """The benchmark's twenty-call function, or its version written directly for ``direct``."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from bench_backends import DIRECT, library_function
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return library_function if direct is None else DIRECT[direct][0]()


def test_the_benchmarks_twenty_call_function_compiles_with_fullgraph() -> None:
    library_function = _bench_backends()
    x = torch.linspace(-2.0, 2.0, 12, dtype=torch.float64).reshape(4, 3)
    y = torch.cos(torch.arange(12.0, dtype=torch.float64)).reshape(4, 3)
    result = torch.compile(library_function, fullgraph=True)(x, y)
    expected = library_function(x.numpy(), y.numpy())  # NumPy's values
    for r, e in zip(result, expected, strict=True):
        assert isinstance(r, torch.Tensor) and r.dtype == torch.float64
        assert r.shape == e.shape
        assert_allclose(r.numpy(), e, rtol=1e-12)


def guard_entries(f: Callable[..., Any]) -> list[str]:
    """The entries of the guard tree Dynamo built for the one compiled version of ``f``."""
    entries = torch._dynamo.eval_frame._debug_get_cache_entry_list(f.__code__)
    assert len(entries) == 1
    return str(entries[0].guard_manager).splitlines()


def test_the_dispatch_adds_few_guards_to_the_compiled_code() -> None:
    # Each call of compiled code evaluates the guards on what its trace read. The twins,
    # plans and implementations reach Dynamo unguarded, so the twenty unp calls add about
    # ten entries each (the multimethod's identity, a few builtins and module attributes)
    # to the direct code's; guarding the dispatch's own closures and defaults gave ~85
    # each (1,770 entries against the direct code's 55).
    ov.register_backend("torch")
    x = torch.linspace(-2.0, 2.0, 12, dtype=torch.float64).reshape(4, 3)
    y = torch.cos(torch.arange(12.0, dtype=torch.float64)).reshape(4, 3)
    counts = {}
    for name, f in (("unp", _bench_backends()), ("direct", _bench_backends("torch"))):
        torch._dynamo.reset()
        g, _ = compiled(f)
        g(x, y)
        counts[name] = len(guard_entries(f))
    assert counts["unp"] - counts["direct"] <= 12 * 20, counts


def test_sentinel_defaults_given_explicitly_are_not_given_inside_the_graph() -> None:
    # numpy._NoValue stands for "not given": a twin holds a stand-in for it, and a call that
    # passes it (as NumPy's defaults do) must reach the implementation without it, as the
    # eager call does. clip's twin (**kwargs, _NoValue defaults passed on) is reached
    # through a source instead.
    def f(x: Any) -> Any:
        return (unp.sum(x, axis=0, keepdims=np._NoValue), unp.clip(x, -0.5, 0.5),
                unp.clip(x, max=0.25), unp.ptp(x, axis=1))

    ov.register_backend("torch")
    x = torch.linspace(-2.0, 2.0, 12, dtype=torch.float64).reshape(4, 3)
    g, graphs = compiled(f)
    expected = f(x.numpy())  # NumPy's values
    for r, e in zip(g(x), expected, strict=True):
        assert isinstance(r, torch.Tensor) and r.shape == e.shape
        assert_allclose(r.numpy(), e, rtol=1e-12)
    assert len(graphs.graphs) == 1


class Model(torch.nn.Module):
    """A small classifier whose forward pass is written with ``overridable.numpy``."""

    def __init__(self) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(0)
        self.w1 = torch.nn.Parameter(torch.randn(4, 8, generator=generator))
        self.b1 = torch.nn.Parameter(torch.zeros(8))
        self.w2 = torch.nn.Parameter(torch.randn(8, 3, generator=generator))

    def forward(self, x: Any) -> Any:
        h = unp.tanh(unp.matmul(x, self.w1) + self.b1)
        logits = unp.matmul(h, self.w2)
        shifted = logits - unp.max(logits, axis=1, keepdims=True)
        e = unp.exp(shifted)
        return e / unp.sum(e, axis=1, keepdims=True)


def test_a_models_forward_and_backward_pass_compile_with_fullgraph() -> None:
    model = Model()
    x = torch.randn(5, 4, generator=torch.Generator().manual_seed(1))
    expected = model(x)
    expected[:, 0].sum().backward()
    grads = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    result = torch.compile(model, fullgraph=True)(x)
    assert result.shape == (5, 3)
    assert_allclose(result.detach().numpy(), expected.detach().numpy(), rtol=1e-5)
    assert_allclose(result.detach().sum(axis=1).numpy(), np.ones(5), rtol=1e-6)
    result[:, 0].sum().backward()
    for p, g in zip(model.parameters(), grads, strict=True):
        assert_allclose(p.grad.numpy(), g.numpy(), rtol=1e-5, atol=1e-7)


def test_creation_functions_follow_the_backend_set_around_the_compiled_call() -> None:
    def f(x: Any) -> Any:
        return x + unp.ones(3) * unp.full(3, 2.0) + unp.eye(3)[1]

    g, graphs = compiled(f)
    x = torch.ones(3, dtype=torch.float64)
    with ov.set_backend("torch"):
        result = g(x)
        expected = f(x)
    assert isinstance(result, torch.Tensor) and result.dtype == torch.float64
    assert_allclose(result.numpy(), [3.0, 4.0, 3.0])
    assert_allclose(result.numpy(), expected.numpy())
    assert len(graphs.graphs) == 1


def test_numpys_defaults_run_pinned_to_torch_inside_the_graph() -> None:
    # The torch backend has no `polyval` or `ptp`: NumPy's defaults, written with other
    # multimethods, run pinned to it, and Dynamo traces through them.
    def f(p: Any, x: Any) -> Any:
        return unp.polyval(p, x) + unp.ptp(x)

    ov.register_backend("torch")
    p = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    x = torch.tensor([0.0, 0.5, -1.25], dtype=torch.float64)
    assert "the default runs, pinned" in str(ov.explain(unp.ptp, x))
    g, graphs = compiled(f)
    expected = np.polyval([1.0, 2.0, 3.0], x.numpy()) + np.ptp(x.numpy())
    assert_allclose(g(p, x).numpy(), expected, rtol=1e-12)
    assert_allclose(f(p, x).numpy(), expected, rtol=1e-12)
    assert len(graphs.graphs) == 1


# ---------------------------------------------------------------------------
# Guards: a change of backend state recompiles, never reuses a stale plan


@ov.multimethod(DOMAIN, {"x": "array"})
def scale(x, factor=2.0):
    "Scale x."


@ov.multimethod(DOMAIN, {"x": "array"})
def other(x):
    "Another operation, served only by some backends."


def _shifted_default(x):
    return scale(x) + 1


@ov.multimethod(DOMAIN, {"x": "array"}, default=_shifted_default)
def shifted(x):
    "scale(x) + 1, by default."


def backend(name: str, **implementations: Callable[..., Any]) -> ov.Backend:
    table = {globals()[k]: v for k, v in implementations.items()}
    return ov.Backend(DOMAIN, name=name, types=[torch.Tensor], implementations=table)


doubling = backend("doubling", scale=lambda x, factor=2.0: x * factor, other=lambda x: x - 10)
negating = backend("negating", scale=lambda x, factor=2.0: -x * factor)
declining = backend("declining", scale=lambda x, factor=2.0: NotImplemented)


def _raise_decline(x: Any, factor: float = 2.0) -> Any:
    raise ov.decline("not today")


raising = backend("raising", scale=_raise_decline)


def test_entering_a_backend_recompiles_and_leaving_it_reuses_the_first_graph() -> None:
    ov.register_backend(doubling)
    f, graphs = compiled(lambda x: scale(x))
    x = torch.arange(3.0)
    assert_allclose(f(x).numpy(), [0.0, 2.0, 4.0])
    with ov.set_backend(negating):
        assert_allclose(f(x).numpy(), [0.0, -2.0, -4.0])
    assert_allclose(f(x).numpy(), [0.0, 2.0, 4.0])
    with ov.set_backend(negating):
        assert_allclose(f(x).numpy(), [0.0, -2.0, -4.0])
    assert len(graphs.graphs) == 2  # one per state, each reused


def test_a_new_global_or_registered_backend_or_table_recompiles() -> None:
    ov.register_backend(doubling)
    f, graphs = compiled(lambda x: scale(x, 3.0))
    x = torch.arange(3.0)
    assert_allclose(f(x).numpy(), [0.0, 3.0, 6.0])
    ov.set_global_backend(negating)
    assert_allclose(f(x).numpy(), [0.0, -3.0, -6.0])
    ov.set_global_backend(doubling)
    assert_allclose(f(x).numpy(), [0.0, 3.0, 6.0])
    doubling_again = backend("doubling again", scale=lambda x, factor=2.0: x * factor * 10)
    ov.clear_backends(DOMAIN, registered=True, globals=True)
    ov.register_backend(doubling_again)
    assert_allclose(f(x).numpy(), [0.0, 30.0, 60.0])
    doubling_again.implement(scale)(lambda x, factor=2.0: x + factor)
    assert_allclose(f(x).numpy(), [3.0, 4.0, 5.0])
    assert len(graphs.graphs) == 5


def test_each_thread_gets_the_graph_of_its_own_backends() -> None:
    ov.register_backend(doubling)
    f, _ = compiled(lambda x: scale(x))
    x = torch.arange(3.0)
    results: dict[str, Any] = {}

    def run(name: str, be: ov.Backend | None) -> None:
        for _ in range(3):
            if be is None:
                results[name] = f(x)
            else:
                with ov.set_backend(be):
                    results[name] = f(x)

    threads = [threading.Thread(target=run, args=("plain", None)),
               threading.Thread(target=run, args=("negating", negating))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert_allclose(results["plain"].numpy(), [0.0, 2.0, 4.0])
    assert_allclose(results["negating"].numpy(), [0.0, -2.0, -4.0])


# ---------------------------------------------------------------------------
# Declines and defaults, resolved at trace time as the engine resolves them


@pytest.mark.parametrize("first", [declining, raising], ids=["NotImplemented", "decline()"])
def test_a_decline_at_trace_time_hands_the_call_to_the_next_backend(first: ov.Backend) -> None:
    f, graphs = compiled(lambda x: scale(x) + other(x))
    x = torch.arange(3.0)
    with ov.set_backend(doubling), ov.set_backend(first):
        result = f(x)
        assert_allclose(result.numpy(), f.__wrapped__(x).numpy())  # type: ignore[attr-defined]
    assert_allclose(result.numpy(), [-10.0, -7.0, -4.0])
    assert len(graphs.graphs) == 1


def test_a_default_runs_pinned_to_its_backend_and_the_state_is_restored_after_it() -> None:
    # negating has no `shifted`: its default runs pinned to it (scale: negating's); the
    # call after it (`other`) is served by doubling again, outside the pinned state.
    def f(x: Any) -> Any:
        return shifted(x) * 100 + other(x)

    g, graphs = compiled(f)
    x = torch.arange(3.0)
    with ov.set_backend(doubling), ov.set_backend(negating):
        result = g(x)
        expected = f(x)
    assert_allclose(result.numpy(), expected.numpy())
    assert_allclose(result.numpy(), [100.0 - 10, -100.0 - 9, -300.0 - 8])
    assert len(graphs.graphs) == 1


def test_a_decline_then_the_default_pinned_to_the_declining_backend() -> None:
    shifting = backend("shifting", shifted=lambda x: NotImplemented,
                       scale=lambda x, factor=2.0: x * 1000)
    g, _ = compiled(lambda x: shifted(x))
    x = torch.arange(3.0)
    with ov.set_backend(doubling), ov.set_backend(shifting):
        assert_allclose(g(x).numpy(), [1.0, 1001.0, 2001.0])


def test_a_call_no_backend_serves_breaks_the_graph_and_raises_as_eagerly() -> None:
    x = torch.arange(3.0)
    before = repr(ov.get_state())
    with ov.set_backend(negating, only=True):
        with pytest.raises(ov.BackendNotImplementedError) as eager:
            other(x)
        f, _ = compiled(lambda x: other(x) + 1, fullgraph=False)
        with pytest.raises(ov.BackendNotImplementedError) as traced:
            f(x)
        assert str(traced.value) == str(eager.value)
        g, _ = compiled(lambda x: other(x) + 1)
        with pytest.raises(torch._dynamo.exc.Unsupported,
                           match="overridable: other has no backend left"):
            g(x)
        assert_allclose(compiled(lambda x: scale(x))[0](x).numpy(), [0.0, -2.0, -4.0])
    assert repr(ov.get_state()) == before


# Dynamo compiles the frames an eager call runs into (the engine's resolution here).
@pytest.mark.filterwarnings("ignore:Dynamo detected a call to a `functools.lru_cache`")
def test_a_protocol_backend_runs_eagerly_behind_a_graph_break() -> None:
    class Protocol:
        __ua_domain__ = DOMAIN

        @staticmethod
        def __ua_convert__(dispatchables: Any, coerce: bool) -> Any:
            return [d.value for d in dispatchables]

        @staticmethod
        def __ua_function__(method: Any, args: Any, kwargs: Any) -> Any:
            return args[0] * 7

    f, graphs = compiled(lambda x: scale(x) + 1, fullgraph=False)
    x = torch.arange(3.0)
    with ov.set_backend(Protocol()):
        assert_allclose(f(x).numpy(), [1.0, 8.0, 15.0])
    assert len(graphs.graphs) >= 1


# ---------------------------------------------------------------------------
# Installation: lazy, and both dispatchers


def _run(code: str, **env: str) -> str:
    environment = {**os.environ, **env, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_importing_overridable_imports_no_torch() -> None:
    out = _run("import sys, overridable, overridable.numpy as unp; unp.sum([1]); "
               "print('torch' in sys.modules, 'torch._dynamo' in sys.modules)")
    assert out.split() == ["False", "False"]


@pytest.mark.parametrize("dynamo_first", [False, True], ids=["overridable first", "dynamo first"])
def test_the_issues_example_on_the_other_dispatcher(dynamo_first: bool) -> None:
    other_path = "" if os.environ.get("OVERRIDABLE_PURE_PYTHON") == "1" else "1"
    code = ("import torch._dynamo\n" if dynamo_first else "") + (
        "import torch, overridable as ov, overridable.numpy as unp\n"
        "def f(x):\n"
        "    x = unp.asarray(x)\n"
        "    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).shape[0]\n"
        "x = torch.arange(3.0)\n"
        "r = torch.compile(f, backend='eager', fullgraph=True)(x)\n"
        "assert torch.allclose(r, f(x)), (r, f(x))\n"
        "print(ov.compiled())\n")
    out = _run(code, OVERRIDABLE_PURE_PYTHON=other_path)
    assert out.split() == [str(other_path != "1")]
