"""The array-API backend on array-api-strict, against NumPy by value, shape and dtype: NumPy's
arrays and scalars as any adapter's argument (indices, bounds, shapes), extrema with
``initial=`` on empty input, ``cov``'s dtype, ``fftshift`` of integers, ``sort``'s kinds."""

from __future__ import annotations

from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

xp = require("array_api_strict")

_X = np.arange(12.0).reshape(4, 3)
_I8 = np.arange(6, dtype=np.int8)


def _call(name: str, module: Any) -> Any:
    return helpers.resolve(name, module)


def _same(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """``name`` of ``args`` (the first one array-api-strict's, the rest as given: NumPy's
    arrays and scalars stay NumPy's) is NumPy's."""
    want = _call(name, np)(*args, **kwargs)
    with ov.set_backend("array_api_strict", only=True):
        got = _call(name, unp)(xp.asarray(args[0]), *args[1:], **kwargs)
    assert type(got).__module__.startswith("array_api_strict"), type(got)
    helpers.assert_same(got, want, scalars=False)


NUMPY_ARGUMENTS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("take", (_X, np.array([0, 2])), {"axis": 0}),
    ("take", (_X, np.array([[0], [5]])), {}),
    ("take", (_X, np.int64(2)), {}), ("take", (_X, np.array([1, 9])), {"mode": "wrap"}),
    ("clip", (_X, np.zeros((4, 3)), 3.0), {}), ("clip", (_X, 1.0, np.full(3, 7.0)), {}),
    ("clip", (_X, np.float32(1.5), None), {}), ("clip", (_I8, np.int16(1), 3), {}),
    ("clip", (_I8, 0.5, 3), {}), ("clip", (_I8, 0, 1000), {}),
    ("clip", (_I8.astype(np.float32), np.array(0.5, np.float32), 3), {}),
    ("clip", (_I8,), {"min": np.array([2, 1, 0, 9, 9, 9], np.int8), "max": np.int8(4)}),
    ("clip", (_X[0], np.array([[0.0], [5.0]]), 1), {}), ("clip", (_I8, 4, 2), {}),
    ("clip", (_I8, None, None), {}),
    ("tile", (_X, np.array([2, 1])), {}), ("broadcast_to", (_X[0], np.array([2, 3])), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), NUMPY_ARGUMENTS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(NUMPY_ARGUMENTS)])
def test_numpy_arrays_and_scalars_as_arguments(name: str, args: tuple[Any, ...],
                                               kwargs: dict[str, Any]) -> None:
    _same(name, args, kwargs)



@pytest.mark.parametrize("function", ["max", "min", "nanmax"])
@pytest.mark.parametrize(("shape", "kwargs"), helpers.EMPTY_EXTREMA)
def test_extrema_of_empty_arrays_are_numpys(function: str, shape: tuple[int, ...],
                                            kwargs: dict[str, Any]) -> None:
    with ov.set_backend("array_api_strict", only=True):
        helpers.assert_empty_extremum(function, shape, kwargs, xp.asarray)


_DATA = np.random.default_rng(0).random((3, 4))


@pytest.mark.parametrize("dtype", [np.float32, np.complex64, np.int8, np.float64])
@pytest.mark.parametrize(("name", "kwargs"), [
    ("cov", {}), ("cov", {"bias": True}), ("cov", {"y": _DATA[:1]}), ("cov", {"ddof": 2}),
    ("cov", {"aweights": np.arange(1.0, 5.0)}), ("cov", {"dtype": np.float32}),
    ("corrcoef", {}), ("corrcoef", {"rowvar": False}), ("corrcoef", {"y": _DATA[:1]})])
def test_covariance_in_numpys_dtype(name: str, kwargs: dict[str, Any], dtype: Any) -> None:
    # float32 and integers give float64, complex64 complex128, as NumPy's
    if np.dtype(dtype).kind == "c" and "dtype" in kwargs:
        pytest.skip("the standard casts no complex array to a real dtype")
    a = (_DATA * 4 + 1j * (np.dtype(dtype).kind == "c")).astype(dtype)
    _same(name, (a,), kwargs)


@pytest.mark.parametrize("name", ["fft.fftshift", "fft.ifftshift"])
@pytest.mark.parametrize(("a", "kwargs"), [
    (np.arange(7), {}), (np.arange(12, dtype=np.int8).reshape(3, 4), {"axes": 1}),
    (np.arange(12, dtype=np.uint16).reshape(3, 4), {}), (np.array([True, False, False]), {}),
    (np.arange(5.0), {"axes": 0})])
def test_fftshift_rolls_any_dtype(name: str, a: Any, kwargs: dict[str, Any]) -> None:
    _same(name, (a,), kwargs)


_TIES = np.array([[3, 1, 2, 1, 1], [0, 5, 5, -1, 5]])


@pytest.mark.parametrize("name", ["sort", "argsort"])
@pytest.mark.parametrize("kwargs", [
    {"kind": "stable"}, {"kind": "quicksort"}, {"kind": "heapsort", "axis": 0},
    {"kind": "mergesort", "axis": None}, {"axis": None}, {"stable": True}, {"kind": None}])
def test_sort_takes_numpys_kinds(name: str, kwargs: dict[str, Any]) -> None:
    # a stable sort is a valid answer for every kind (ties in their order: NumPy's stable one)
    want = getattr(np, name)(_TIES, **{**kwargs, "kind": "stable"} if "stable" not in kwargs
                             else kwargs)
    with ov.set_backend("array_api_strict", only=True):
        got = getattr(unp, name)(xp.asarray(_TIES), **kwargs)
    helpers.assert_same(got, want)


@pytest.mark.parametrize("kwargs", [{"kind": "nope"}, {"kind": "stable", "stable": True}])
def test_sort_refuses_what_numpy_refuses(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError) as numpys:
        np.sort(_TIES, **kwargs)
    with ov.set_backend("array_api_strict", only=True), pytest.raises(ValueError) as ours:
        unp.sort(xp.asarray(_TIES), **kwargs)
    assert str(ours.value) == str(numpys.value)
