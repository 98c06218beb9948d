"""The Dask backend against NumPy by value, shape and dtype: extrema of empty arrays,
``lstsq`` of rank-deficient matrices, the quantiles' dtype, errors for unknown dtypes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import EMPTY_EXTREMA, assert_empty_extremum, assert_same, require

import overridable as ov
import overridable.numpy as unp

da = require("dask.array")


@pytest.mark.parametrize("function", ["max", "min", "nanmax", "nanmin"])
@pytest.mark.parametrize(("shape", "kwargs"), EMPTY_EXTREMA)
def test_extrema_of_empty_arrays_are_numpys(function: str, shape: tuple[int, ...],
                                            kwargs: dict[str, Any]) -> None:
    with ov.set_backend("dask", only=True):
        assert_empty_extremum(function, shape, kwargs, da.from_array)


_DEFICIENT = np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [1, 1, 1]], float)
LSTSQ: list[tuple[Any, Any, dict[str, Any]]] = [
    (_DEFICIENT, np.ones(4), {}), (_DEFICIENT, np.ones((4, 2)), {}),
    (_DEFICIENT.T, np.ones(3), {}), (np.arange(12).reshape(4, 3), np.arange(4), {}),
    (_DEFICIENT.astype(np.float32), np.ones(4, np.float32), {}),
    (np.random.default_rng(0).random((6, 3)), np.arange(6.0), {}),
    (np.zeros((3, 2)), np.ones(3), {}), (_DEFICIENT, np.ones(4), {"rcond": 0.5}),
]


@pytest.mark.parametrize("chunks", [2, -1])
@pytest.mark.parametrize(("a", "b", "kwargs"), LSTSQ)
def test_lstsq_is_numpys_for_any_rank_and_shape(a: Any, b: Any, kwargs: dict[str, Any],
                                                chunks: int) -> None:
    want = np.linalg.lstsq(a, b, **kwargs)
    got = unp.linalg.lstsq(da.from_array(a, chunks=chunks), da.from_array(b, chunks=chunks),
                           **kwargs)
    assert all(isinstance(v, da.Array) for v in got), [type(v) for v in got]
    assert_same(da.compute(*got), want, atol=1e-6)
