"""JAX's transformations over library functions written with ``overridable.numpy``: ``jit``,
``vmap``, ``grad``, ``jacfwd``, creation functions with no array argument inside a traced
function, and backends chosen per call.

JAX traces Python: a multimethod called on a tracer dispatches on the tracer's type (a
``jax.Array``) to the JAX backend like any array, so nothing in the engine is special to
JAX. What JAX caches is the trace: a jitted function is traced once per argument
signature, with the backends in effect then (see docs/user_guide/tracing.rst).
JAX computes in float32 here (x64 is off), hence the tolerances.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from backends._backend_helpers import require
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp

jax = require("jax")
jnp = require("jax.numpy")

RTOL = 2e-6


@pytest.fixture(autouse=True)
def clean_state() -> Iterator[None]:
    with ov.reset_state():
        yield


def issue_example(x: Any) -> Any:
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).shape[0]


def softplus_layer(w: Any, x: Any) -> Any:
    """A library function with a parameter to differentiate: log(1 + exp(x @ w))."""
    return unp.sum(unp.log1p(unp.exp(unp.matmul(x, w))))


X = np.linspace(-1.0, 1.0, 6).reshape(2, 3)
W = np.array([0.5, -0.25, 1.0])


def test_jit_gives_the_eager_and_numpys_values() -> None:
    x = jnp.arange(3.0)
    result = jax.jit(issue_example)(x)
    assert isinstance(result, jax.Array) and result.shape == ()
    assert_allclose(np.asarray(result), np.asarray(issue_example(x)), rtol=RTOL)
    assert_allclose(np.asarray(result), np.sum(np.sin(np.arange(3.0)) ** 2) / 3, rtol=RTOL)


def test_jit_of_numpy_arguments_dispatches_on_the_tracers() -> None:
    # jit turns the NumPy arrays into tracers: the JAX backend serves them (registered
    # automatically on first sight of a JAX type).
    result = jax.jit(softplus_layer)(W, X)
    assert isinstance(result, jax.Array)
    assert_allclose(float(result), np.sum(np.log1p(np.exp(X @ W))), rtol=RTOL)


def test_creation_functions_inside_jit_are_jax_values_under_the_jax_backend() -> None:
    seen: list[Any] = []

    def f(x: Any) -> Any:
        z = unp.zeros(3)
        o = unp.full(3, 2.0)
        # Tracers of the jitted computation, as jax.numpy's own creation functions give.
        seen.append([isinstance(v, jax.core.Tracer) and isinstance(v, jax.Array)
                     for v in (z, o)])
        return x * o + z + unp.eye(3)[0]

    x = jnp.arange(3.0)
    with ov.set_backend("jax"):
        result = jax.jit(f)(x)
    assert seen == [[True, True]]
    assert_allclose(np.asarray(result), [1.0, 2.0, 4.0])
    # JAX keeps the trace of `f` for these argument types: calling it again, anywhere,
    # runs that trace (f's Python does not run).
    assert_allclose(np.asarray(jax.jit(f)(x)), [1.0, 2.0, 4.0])
    assert len(seen) == 1
    # A new function is traced afresh: outside the JAX backend NumPy makes them,
    # constants of the trace, with the same values.
    assert_allclose(np.asarray(jax.jit(lambda x: f(x))(x)), [1.0, 2.0, 4.0])
    assert seen[1:] == [[False, False]]


def test_vmap_maps_a_library_function_over_a_batch() -> None:
    batch = jnp.asarray(np.linspace(-2.0, 2.0, 12).reshape(4, 3))
    result = jax.vmap(issue_example)(batch)
    expected = np.sum(np.sin(np.asarray(batch)) ** 2, axis=1) / 3
    assert result.shape == (4,)
    assert_allclose(np.asarray(result), expected, rtol=RTOL)


def test_vmap_with_in_axes_and_jit_together() -> None:
    xs = jnp.asarray(np.stack([X, 2 * X]))
    result = jax.jit(jax.vmap(softplus_layer, in_axes=(None, 0)))(W, xs)
    expected = [np.sum(np.log1p(np.exp(x @ W))) for x in (X, 2 * X)]
    assert_allclose(np.asarray(result), expected, rtol=RTOL)


def test_grad_is_the_analytic_gradient() -> None:
    x = jnp.arange(3.0)
    result = jax.grad(issue_example)(x)
    a = np.arange(3.0)
    assert_allclose(np.asarray(result), 2 * np.sin(a) * np.cos(a) / 3, rtol=1e-5, atol=1e-7)


def test_grad_with_respect_to_a_parameter_under_jit() -> None:
    result = jax.jit(jax.grad(softplus_layer))(jnp.asarray(W), jnp.asarray(X))
    sigmoid = 1 / (1 + np.exp(-(X @ W)))
    assert_allclose(np.asarray(result), X.T @ sigmoid, rtol=1e-5)


def test_jacfwd_is_the_analytic_jacobian() -> None:
    x = jnp.asarray([0.0, 0.5, 1.0])
    result = jax.jacfwd(lambda x: unp.sin(x) * unp.exp(x))(x)
    a = np.asarray(x)
    assert result.shape == (3, 3)
    assert_allclose(np.asarray(result), np.diag((np.cos(a) + np.sin(a)) * np.exp(a)),
                    rtol=1e-5, atol=1e-7)


@functools.partial(jax.jit, static_argnames="backend")
def _on(x: Any, backend: str) -> Any:
    with ov.set_backend(backend):
        return unp.sum(unp.asarray([1.0, 2.0]) * x)


def test_a_backend_chosen_per_call_is_a_static_argument_and_retraces() -> None:
    x = jnp.asarray(3.0)
    assert_allclose(float(_on(x, backend="jax")), 9.0)
    assert_allclose(float(_on(x, backend="numpy")), 9.0)
    assert _on._cache_size() == 2  # one trace per backend


def test_a_context_changed_between_calls_reaches_a_new_trace() -> None:
    # A custom backend for JAX arrays that serves `sin` as `cos`: which one a call sees
    # is decided when it is traced; a fresh jit of the function traces again. Under a
    # transformation the arguments are tracers: a backend for JAX lists their type.
    cosine = ov.Backend("numpy", name="cosine", types=[jax.Array, jax.core.Tracer],
                        implementations={unp.sin: jnp.cos})
    x = jnp.asarray([0.0, 1.0])
    assert_allclose(np.asarray(jax.jit(lambda x: unp.sin(x))(x)), np.sin([0.0, 1.0]),
                    rtol=RTOL)
    with ov.set_backend(cosine):
        inside = jax.jit(lambda x: unp.sin(x))(x)
    assert_allclose(np.asarray(inside), np.cos([0.0, 1.0]), rtol=RTOL)
    assert_allclose(np.asarray(jax.jit(lambda x: unp.sin(x))(x)), np.sin([0.0, 1.0]),
                    rtol=RTOL)
