"""Defaults of ``overridable.numpy``: wired in, NumPy's signatures, and NumPy's values on a
backend that implements only the core."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.conformance import MinimalArray, minimal, run
from overridable.conformance._samples import SAMPLES
from overridable.numpy._declarations import FUNCTIONS
from overridable.numpy._defaults import DEFAULTS, PRIMITIVES


def test_there_are_many_defaults_and_each_is_wired() -> None:
    assert len(DEFAULTS) >= 40
    assert set(DEFAULTS) <= set(FUNCTIONS)
    for name, default in DEFAULTS.items():
        assert getattr(unp, name).default is default, name


def test_the_minimal_backend_implements_the_core_only() -> None:
    assert not set(PRIMITIVES) & set(DEFAULTS)
    implemented = {f.__name__ for f in minimal.implementations}
    assert implemented == set(PRIMITIVES)


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_default_has_numpys_signature(name: str) -> None:
    ours = inspect.signature(DEFAULTS[name]).parameters
    theirs = inspect.signature(getattr(unp, name)).parameters
    assert list(ours) == list(theirs)
    for p, q in zip(ours.values(), theirs.values(), strict=True):
        assert p.kind == q.kind, (name, p.name)
        assert p.default is q.default or p.default == q.default, (name, p.name)


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_default_matches_numpy_on_the_minimal_backend(name: str) -> None:
    assert SAMPLES.get(name), f"give {name} sample calls in conformance/_samples.py"
    result = run(minimal, names=[name]).results[name]
    assert result.status == "default", result.details


def test_default_runs_pinned_and_returns_the_backends_arrays() -> None:
    x = MinimalArray(np.arange(6.0).reshape(2, 3))
    with ov.set_backend(minimal, only=True):
        explanation = ov.explain(unp.var, x)
        m = unp.mean(x, axis=0, keepdims=True)
        v = unp.var(x, ddof=1)
        stacked = unp.vstack((x, x))
        grid = unp.linspace(0, 1, 5)
    assert explanation.chosen is minimal
    assert "default runs, pinned" in str(explanation)
    for value in (m, v, stacked, grid):
        assert type(value) is MinimalArray
    assert_allclose(m.data, [[1.5, 2.5, 3.5]])
    assert_allclose(v.data, np.var(np.arange(6.0), ddof=1))
    assert_array_equal(stacked.data, np.vstack([x.data, x.data]))
    assert_allclose(grid.data, np.linspace(0, 1, 5))


def test_defaults_follow_the_backend_of_their_arguments() -> None:
    x = MinimalArray([1.0, 2.0, 4.0])
    with ov.set_backend(minimal):
        assert type(unp.std(x)) is MinimalArray  # served by minimal's core
        assert_allclose(unp.std(np.array([1.0, 2.0, 4.0])), np.std([1.0, 2.0, 4.0]))


def test_a_default_reports_what_the_backend_lacks() -> None:
    with ov.set_backend(minimal, only=True), pytest.raises(
            ov.BackendNotImplementedError, match="median"):
        unp.median(MinimalArray([1.0, 2.0]))


def test_numpy_backend_is_unaffected_by_defaults() -> None:
    assert ov.explain(unp.mean, np.arange(3.0)).chosen is unp.numpy_backend
    assert unp.mean(np.arange(3.0)) == 1.0
