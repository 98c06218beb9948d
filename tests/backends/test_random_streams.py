"""NumPy's legacy random functions on torch and JAX: drawn from NumPy's global stream
(``_semantics.numpy_random``), so a seed gives NumPy's values, as the library's arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, require

import overridable as ov
import overridable.numpy as unp

torch = require("torch")
jax = require("jax")
jnp = require("jax.numpy")
jax.config.update("jax_enable_x64", True)

LIBRARIES = {"torch": torch.Tensor, "jax": jax.Array}
DRAWS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("normal", (1.0, 2.0), {"size": (2, 3)}),
    ("random", (), {"size": 4}),
    ("randint", (0, 10), {"size": 5, "dtype": np.int32}),
    ("choice", (5, 3), {"replace": False}),
    ("permutation", (6,), {}),
    ("multivariate_normal", ([0.0, 1.0], np.eye(2)), {"size": 3}),
    ("dirichlet", ([1.0, 2.0, 3.0],), {"size": 2}),
    ("binomial", (10, 0.3), {"size": 4}),
]


@pytest.mark.parametrize("name", LIBRARIES)
@pytest.mark.parametrize(("function", "args", "kwargs"), DRAWS,
                         ids=[d[0] for d in DRAWS])
def test_a_seed_gives_numpys_values_as_the_librarys_arrays(
        name: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any],
        clean_state: None) -> None:
    np.random.seed(7)
    expected = getattr(np.random, function)(*args, **kwargs)
    with ov.set_backend(name):
        unp.random.seed(7)
        result = getattr(unp.random, function)(*args, **kwargs)
    assert_same(result, expected, LIBRARIES[name])


@pytest.mark.parametrize("name", LIBRARIES)
def test_scalars_and_state_are_numpys(name: str, clean_state: None) -> None:
    with ov.set_backend(name):
        unp.random.seed(3)
        state = unp.random.get_state()
        first = unp.random.normal()
        unp.random.set_state(state)
        again = unp.random.normal()
        rng = unp.random.default_rng(np.random.SeedSequence(5))
    assert type(first) is float and first == again
    np.random.seed(3)
    assert first == np.random.normal()
    assert rng.standard_normal() == np.random.default_rng(np.random.SeedSequence(5)
                                                          ).standard_normal()


def test_library_arrays_as_parameters(clean_state: None) -> None:
    loc = torch.tensor([0.0, 10.0, 20.0])
    np.random.seed(1)
    expected = np.random.normal(loc.numpy(), 1.0)
    with ov.set_backend("torch"):
        unp.random.seed(1)
        result = unp.random.normal(loc, 1.0)
        draws = unp.random.randint(0, 5, size=3, dtype=torch.int16)
    assert_same(result, expected, torch.Tensor)
    assert draws.dtype == torch.int16


def test_shuffle_works_in_place_on_tensors_and_declines_on_jax(clean_state: None) -> None:
    x = torch.arange(10.0)
    expected = np.arange(10.0)
    np.random.seed(2)
    np.random.shuffle(expected)
    with ov.set_backend("torch"):
        unp.random.seed(2)
        assert unp.random.shuffle(x) is None
    np.testing.assert_array_equal(x.numpy(), expected)
    with ov.set_backend("jax", only=True), \
            pytest.raises(ov.BackendNotImplementedError, match="immutable"):
        unp.random.shuffle(jnp.arange(4.0))


GENERATOR_DRAWS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("normal", (1.0, 2.0), {"size": (2, 3)}),
    ("integers", (0, 10), {"size": 5, "dtype": np.int32}),
    ("random", (4,), {}),
    ("choice", (np.arange(5.0), 3), {"replace": False}),
    ("permutation", (np.arange(6).reshape(3, 2),), {"axis": 1}),
    ("permuted", (np.arange(6).reshape(2, 3),), {"axis": 1}),
    ("multivariate_normal", ([0.0, 1.0], np.eye(2)), {"size": 3}),
]


@pytest.mark.parametrize("name", LIBRARIES)
@pytest.mark.parametrize(("method", "args", "kwargs"), GENERATOR_DRAWS,
                         ids=[d[0] for d in GENERATOR_DRAWS])
def test_default_rng_draws_numpys_values_as_the_librarys_arrays(
        name: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any],
        clean_state: None) -> None:
    """The generator ``default_rng`` hands out is one the backend serves (``only=True``)."""
    expected = getattr(np.random.default_rng(11), method)(*args, **kwargs)
    convert = torch.asarray if name == "torch" else jnp.asarray
    library_args = tuple(convert(a) if isinstance(a, np.ndarray) else a for a in args)
    with ov.set_backend(name, only=True):
        rng = unp.random.default_rng(11)
        result = getattr(unp.random.Generator, method)(rng, *library_args, **kwargs)
    assert_same(result, expected, LIBRARIES[name])


def test_generator_shuffle_and_permuted_out_write_into_tensors(clean_state: None) -> None:
    x, expected = torch.arange(12.0).reshape(4, 3), np.arange(12.0).reshape(4, 3)
    np.random.default_rng(4).shuffle(expected, axis=1)
    out = torch.zeros((2, 3), dtype=torch.int64)
    with ov.set_backend("torch", only=True):
        assert unp.random.Generator.shuffle(unp.random.default_rng(4), x, axis=1) is None
        written = unp.random.Generator.permuted(unp.random.default_rng(4),
                                                torch.arange(6).reshape(2, 3), out=out)
        with pytest.raises(np.exceptions.AxisError):
            unp.random.Generator.shuffle(unp.random.default_rng(4), x, axis=2)
    np.testing.assert_array_equal(x.numpy(), expected)
    assert written is out
    np.testing.assert_array_equal(
        out.numpy(), np.random.default_rng(4).permuted(np.arange(6).reshape(2, 3)))
    with ov.set_backend("jax", only=True), \
            pytest.raises(ov.BackendNotImplementedError, match="immutable"):
        unp.random.Generator.shuffle(unp.random.default_rng(4), jnp.arange(4.0))
