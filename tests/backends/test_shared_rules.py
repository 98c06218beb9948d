"""NumPy's rules that torch and JAX share through ``backends._semantics``: einsum's
``dtype=``/``casting=`` check and integer ``reciprocal``, compared with NumPy's."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from _backend_helpers import assert_same, require, to_backend

import overridable as ov
import overridable.numpy as unp

BACKENDS = ["torch", "jax"]


@pytest.mark.parametrize("name", BACKENDS)
def test_einsum_casting_is_numpys(name: str) -> None:
    require(name)
    x = np.ones((2, 2), dtype=np.int32)
    with pytest.raises(TypeError, match="according to the rule 'safe'"):
        np.einsum("ij,jk", x, x, dtype=np.int8)
    with ov.set_backend(name, only=True):
        with pytest.raises(TypeError, match="according to the rule 'safe'"):
            unp.einsum("ij,jk", to_backend(name, x), to_backend(name, x), dtype=np.int8)
        result = unp.einsum("ij,jk", to_backend(name, x), to_backend(name, x), dtype=np.float32,
                            casting="unsafe")
    assert_same(result, np.einsum("ij,jk", x, x, dtype=np.float32, casting="unsafe"))


@pytest.mark.parametrize("name", BACKENDS)
def test_integer_reciprocal_of_zero_is_numpys(name: str) -> None:
    require(name)
    x = np.array([0, 1, 2, -1], dtype=np.int32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = np.reciprocal(x)
        with ov.set_backend(name, only=True):
            result = unp.reciprocal(to_backend(name, x))
    assert_same(result, expected)
