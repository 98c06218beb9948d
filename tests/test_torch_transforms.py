"""torch autograd and ``torch.func`` (``grad``, ``vmap``, ``jacrev``, ``jacfwd``) over library
functions written with ``overridable.numpy``.

These run eagerly: torch's transforms wrap tensors (batched, gradient-tracking) that are
still ``torch.Tensor`` to Python, so every call dispatches to the torch backend as usual
and torch records or batches the torch operations it makes. ``torch.compile`` is in
test_compile.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from backends._backend_helpers import require
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp

torch = require("torch")
func = require("torch.func")


@pytest.fixture(autouse=True)
def clean_state() -> Iterator[None]:
    with ov.reset_state():
        yield


def energy(x: Any) -> Any:
    """sum(sin(x)**2) / 3 + mean(x**2), with a creation function in the middle."""
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).shape[0] + unp.mean(unp.square(x))


def energy_grad(a: np.ndarray) -> np.ndarray:
    return 2 * np.sin(a) * np.cos(a) / 3 + 2 * a / a.size


A = np.array([0.0, 0.5, -1.25])


def test_autograd_backward_through_a_library_function() -> None:
    x = torch.tensor(A, requires_grad=True)
    y = energy(x)
    assert isinstance(y, torch.Tensor) and y.requires_grad
    y.backward()
    assert x.grad is not None and x.grad.dtype == torch.float64
    assert_allclose(x.grad.numpy(), energy_grad(A), rtol=1e-12)


def test_autograd_through_a_default_written_with_other_multimethods() -> None:
    # The torch backend has no `polyval`: NumPy's default runs pinned to it, built from
    # other multimethods, and the gradient flows through every one of their calls.
    p = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64, requires_grad=True)
    x = torch.tensor(A)
    ov.register_backend("torch")
    assert "the default runs, pinned" in str(ov.explain(unp.polyval, p, x))
    y = unp.sum(unp.polyval(p, x))
    assert_allclose(y.item(), np.sum(np.polyval([1.0, 2.0, 3.0], A)), rtol=1e-12)
    y.backward()
    assert_allclose(p.grad.numpy(), [np.sum(A**2), np.sum(A), 3.0], rtol=1e-12)


def test_func_grad_is_the_analytic_gradient() -> None:
    result = func.grad(energy)(torch.tensor(A))
    assert_allclose(result.numpy(), energy_grad(A), rtol=1e-12)


def test_func_vmap_maps_over_a_batch() -> None:
    batch = np.linspace(-2.0, 2.0, 12).reshape(4, 3)
    result = func.vmap(energy)(torch.tensor(batch))
    expected = [np.sum(np.sin(b) ** 2) / 3 + np.mean(b**2) for b in batch]
    assert result.shape == (4,)
    assert_allclose(result.numpy(), expected, rtol=1e-12)


def test_func_vmap_of_grad_with_creation_functions_under_the_torch_backend() -> None:
    def f(x: Any) -> Any:
        return unp.sum(x * unp.full(3, 2.0) + unp.ones(3)) ** 2

    batch = torch.tensor(np.stack([A, 2 * A]))
    with ov.set_backend("torch"):
        result = func.vmap(func.grad(f))(batch)
    expected = [2 * (2 * b.sum() + 3) * 2 * np.ones(3) for b in (A, 2 * A)]
    assert_allclose(result.numpy(), expected, rtol=1e-12)


@pytest.mark.parametrize("jacobian", ["jacrev", "jacfwd"])
def test_func_jacobians_are_the_analytic_jacobian(jacobian: str) -> None:
    result = getattr(func, jacobian)(lambda x: unp.sin(x) * unp.exp(x))(torch.tensor(A))
    assert result.shape == (3, 3)
    assert_allclose(result.numpy(), np.diag((np.cos(A) + np.sin(A)) * np.exp(A)),
                    rtol=1e-12)
