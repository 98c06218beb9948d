"""The Dask backend against NumPy by value, shape and dtype: extrema of empty arrays,
``lstsq`` of rank-deficient matrices, the quantiles' dtype, errors for unknown dtypes."""

from __future__ import annotations

from typing import Any

import pytest
from _backend_helpers import EMPTY_EXTREMA, assert_empty_extremum, require

import overridable as ov

da = require("dask.array")


@pytest.mark.parametrize("function", ["max", "min", "nanmax", "nanmin"])
@pytest.mark.parametrize(("shape", "kwargs"), EMPTY_EXTREMA)
def test_extrema_of_empty_arrays_are_numpys(function: str, shape: tuple[int, ...],
                                            kwargs: dict[str, Any]) -> None:
    with ov.set_backend("dask", only=True):
        assert_empty_extremum(function, shape, kwargs, da.from_array)
