"""The torch backend's answers where a new user's review found them differing from NumPy's:
extrema of empty tensors with ``initial=``, the dtypes of non-ufunc functions, NumPy's
``LinAlgError`` and its errors of shapes and casts; values and dtypes compared with NumPy's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, require

import overridable as ov
import overridable.numpy as unp

torch = require("torch")


def _both(function: Callable[[Any], Any], *arrays: np.ndarray) -> tuple[Any, Any]:
    """``function`` of the arrays as tensors (the torch backend's) and as NumPy's."""
    return function(*(torch.as_tensor(a) for a in arrays)), function(*arrays)


# ---------------------------------------------------------------------------
# max/min with initial= on empty input (review #2)


@pytest.mark.parametrize("name", ["max", "min", "amax", "amin"])
@pytest.mark.parametrize(("shape", "kwargs"), [
    ((0,), {"initial": 2}),
    ((2, 0), {"axis": 1, "initial": 0}),
    ((2, 0), {"axis": 1, "initial": 3, "keepdims": True}),
    ((2, 0), {"axis": 0, "initial": 1}),
    ((0, 3), {"axis": 0, "initial": 5}),
    ((0, 3), {"axis": 1, "initial": 5}),
    ((2, 0, 3), {"axis": (1, 2), "initial": 7}),
    ((0, 0), {"initial": 2, "where": np.zeros((0, 0), bool)}),
])
@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "uint8", "uint16"])
def test_extremum_with_initial_of_empty_input(name: str, shape: tuple[int, ...],
                                              kwargs: dict[str, Any], dtype: str) -> None:
    function = getattr(unp, name)
    given = {k: torch.as_tensor(v) if isinstance(v, np.ndarray) else v
             for k, v in kwargs.items()}
    expected = getattr(np, name)(np.zeros(shape, dtype), **kwargs)
    assert_same(function(torch.zeros(shape, dtype=getattr(torch, dtype)), **given), expected,
                torch.Tensor)


@pytest.mark.parametrize(("shape", "axis"), [((0,), None), ((2, 0), 1), ((0, 0), 0),
                                              ((0, 3), 0)])
def test_extremum_without_initial_of_empty_axis_is_numpys_error(shape: tuple[int, ...],
                                                                axis: Any) -> None:
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        np.max(np.zeros(shape), axis=axis)
    with pytest.raises(ValueError, match="zero-size array to reduction operation maximum"):
        unp.max(torch.zeros(shape, dtype=torch.float64), axis=axis)


@pytest.mark.parametrize(("shape", "axis"), [((2, 0), 0), ((0, 3), 1)])
def test_extremum_of_empty_result_is_empty(shape: tuple[int, ...], axis: int) -> None:
    assert_same(unp.max(torch.zeros(shape, dtype=torch.float64), axis=axis),
                np.max(np.zeros(shape), axis=axis), torch.Tensor)


# ---------------------------------------------------------------------------
# dtypes of functions that are not ufuncs (review #4)

_SMALL = ["bool", "int8", "uint8", "int16", "int32", "int64", "float16", "float32",
          "complex64"]


@pytest.mark.parametrize("dtype", _SMALL)
def test_angle_and_sinc_dtypes_are_numpys(dtype: str) -> None:
    a = np.array([1, 0, 3], dtype)
    for function in (unp.angle, unp.sinc, lambda x: unp.angle(x, deg=True)):
        result, expected = _both(function, a)
        # (float16: NumPy's sinc computes pi * x in float16, torch's more closely)
        half = dtype == "float16"
        assert_same(result, expected, torch.Tensor, rtol=1e-3 if half else None,
                    atol=1e-3 if half else 1e-12)


@pytest.mark.parametrize("dtype", [d for d in _SMALL if d != "bool"])  # (NumPy's TypeError)
def test_gradient_and_i0_dtypes_are_numpys(dtype: str) -> None:
    a = np.array([0, 1, 4, 9, 20], dtype)
    assert_same(*_both(unp.gradient, a), torch.Tensor)
    assert_same(*_both(lambda x: unp.gradient(x, 2.0), a), torch.Tensor)
    if dtype not in ("float16", "complex64"):  # (i0: torch's takes no complex numbers)
        assert_same(*_both(unp.i0, a), torch.Tensor)


# ---------------------------------------------------------------------------
# LinAlgError (review #5)


@pytest.mark.parametrize(("call", "message"), [
    (lambda m: m.linalg.inv(m.zeros((2, 2))), "Singular matrix"),
    (lambda m: m.linalg.solve(m.zeros((2, 2)), m.ones(2)), "Singular matrix"),
    (lambda m: m.linalg.matrix_power(m.zeros((2, 2)), -1), "Singular matrix"),
    (lambda m: m.linalg.cholesky(-m.eye(2)), "Matrix is not positive definite"),
    (lambda m: m.linalg.inv(m.ones((2, 3))), "Last 2 dimensions of the array must be square"),
    (lambda m: m.linalg.det(m.ones((2, 3))), "Last 2 dimensions of the array must be square"),
    (lambda m: m.linalg.solve(m.ones((2, 3)), m.ones(2)),
     "Last 2 dimensions of the array must be square"),
    (lambda m: m.linalg.inv(m.ones(3)),
     "1-dimensional array given. Array must be at least two-dimensional"),
])
def test_linalg_errors_are_numpys(call: Callable[[Any], Any], message: str) -> None:
    with pytest.raises(np.linalg.LinAlgError, match=message):
        call(np)
    with ov.set_backend("torch"), pytest.raises(unp.linalg.LinAlgError) as caught:
        call(unp)
    assert str(caught.value) == message
    assert unp.linalg.LinAlgError is np.linalg.LinAlgError


def test_other_linalg_calls_keep_their_answers() -> None:
    a = np.arange(6.0).reshape(2, 3)  # (not square: NumPy's svd takes it)
    assert_same(unp.linalg.svd(torch.as_tensor(a), compute_uv=False),
                np.linalg.svd(a, compute_uv=False), torch.Tensor)


# ---------------------------------------------------------------------------
# result dtypes (review #9)


@pytest.mark.parametrize("dtype", ["float32", "complex64", "int16", "float64"])
def test_cov_and_corrcoef_dtypes_are_numpys(dtype: str) -> None:
    a = (np.random.default_rng(1).normal(size=(3, 6)) * 10).astype(dtype)
    if dtype == "complex64":
        a = a + 1j * a[::-1]
    assert_same(*_both(unp.cov, a), torch.Tensor)
    assert_same(*_both(unp.corrcoef, a), torch.Tensor)
    assert_same(*_both(lambda m, y: unp.cov(m, y, bias=True), a, a[:1]), torch.Tensor)
    assert_same(*_both(lambda m: unp.cov(m, dtype=np.float32), a.real), torch.Tensor,
                rtol=1e-6)  # (dtype= given: NumPy computes in it)


@pytest.mark.parametrize("dtype", ["int32", "int16", "int8", "uint8", "int64", "bool"])
def test_einsum_keeps_numpys_integer_dtype(dtype: str) -> None:
    a = (np.arange(12) * 37 % 11).astype(dtype).reshape(3, 4)
    for subscripts in ("ij->j", "ij,ij->i", "ij->"):
        operands = (a,) * subscripts.count("ij")
        assert_same(*_both(lambda *ops, s=subscripts: unp.einsum(s, *ops), *operands),
                    torch.Tensor)


def test_einsum_with_dtype_keeps_it() -> None:
    a = np.arange(6, dtype="int8").reshape(2, 3)
    assert_same(unp.einsum("ij->j", torch.as_tensor(a), dtype="int32"),
                np.einsum("ij->j", a, dtype="int32"), torch.Tensor)


# ---------------------------------------------------------------------------
# errors (review #12)


def test_full_with_a_negative_dimension_is_numpys_error() -> None:
    with ov.set_backend("torch"):
        for fill, dtype in ((0.0, None), (1, "int32")):
            with pytest.raises(ValueError, match="negative dimensions are not allowed"):
                unp.full((-1, 2), fill, dtype=dtype)


def test_ufunc_output_it_cannot_cast_is_numpys_error() -> None:
    x = np.ones(2, "int32")
    with pytest.raises(TypeError) as numpy_error:
        np.add(x, 1.5, out=x)
    t = torch.ones(2, dtype=torch.int32)
    with pytest.raises(type(numpy_error.value)) as caught:
        unp.add(t, 1.5, out=t)
    assert str(caught.value) == str(numpy_error.value)
    assert isinstance(caught.value, np._core._exceptions.UFuncTypeError)
    assert_same(t, np.ones(2, "int32"), torch.Tensor)  # (nothing written)
