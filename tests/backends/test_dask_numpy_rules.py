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


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int16])
@pytest.mark.parametrize(("name", "q", "kwargs"), [
    ("percentile", 50, {}), ("quantile", 0.25, {}), ("percentile", [25, 75], {}),
    ("quantile", np.array([0.25, 0.5]), {}), ("nanquantile", 0.5, {"axis": 1}),
    ("nanpercentile", 10, {}), ("quantile", 0.5, {"method": "nearest"}),
    ("quantile", 0.5, {"method": "lower", "axis": 0}), ("median", None, {})])
def test_quantiles_in_numpys_dtype(name: str, q: Any, kwargs: dict[str, Any],
                                   dtype: Any) -> None:
    # a Python number q is weak: float32 data give float32 (an array q: float64)
    a = (np.random.default_rng(1).random((4, 5)) * 10).astype(dtype)
    args = () if q is None else (q,)
    got = getattr(unp, name)(da.from_array(a, chunks=2), *args, **kwargs)
    assert isinstance(got, da.Array), type(got)
    assert_same(got.compute(), getattr(np, name)(a, *args, **kwargs), scalars=False)


@pytest.mark.parametrize("call", [
    lambda: unp.zeros(3, dtype="flot64"), lambda: unp.ones((2,), dtype="nope"),
    lambda: unp.empty(3, dtype="nope"), lambda: unp.arange(3, dtype="nope"),
    lambda: unp.full(3, 1.0, dtype="nope"), lambda: unp.eye(2, dtype="nope"),
    lambda: unp.zeros_like(da.ones(3), dtype="nope"), lambda: unp.sum(da.ones(3), dtype="nope")])
def test_an_unknown_dtype_is_numpys_type_error(call: Any) -> None:
    with ov.set_backend("dask"), pytest.raises(TypeError) as info:
        call()
    assert str(info.value).startswith("data type '"), str(info.value)
    assert "not understood" in str(info.value).splitlines()[0]


def test_dtypes_still_translate() -> None:
    with ov.set_backend("dask", only=True):
        made = [unp.zeros(2, dtype=d) for d in ("float32", np.int16, int, None, "c16")]
        made.append(unp.full(2, 3, dtype="uint8"))
    assert [m.dtype for m in made] == [np.dtype(d) for d in (
        "float32", "int16", "int64", "float64", "complex128", "uint8")]
    assert all(isinstance(m, da.Array) for m in made)
