"""The PyTorch backend (CPU) against real torch: tensors stay tensors, values equal NumPy's."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import arrays_to, assert_each, library_function, require, resolve
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import torch as torch_backend

torch = require("torch")


def to_torch(value: Any) -> Any:
    return arrays_to(torch.from_numpy, value)


def assert_same(result: Any, expected: Any) -> None:
    assert_each(result, expected, assert_same_array)


def assert_same_array(result: Any, expected: Any) -> None:
    assert isinstance(result, torch.Tensor), type(result)
    expected = np.asarray(expected)
    assert tuple(result.shape) == expected.shape
    assert torch_backend.to_numpy_dtype(result.dtype) == expected.dtype, (result.dtype,
                                                                         expected.dtype)
    assert_allclose(result.numpy(), expected, rtol=1e-6, atol=1e-12)


def test_names_and_pickling() -> None:
    backend = ov.as_backend("torch")
    assert ov.as_backend(torch) is backend and torch_backend.backend is backend
    assert backend.unresolved == ()
    import pickle

    assert pickle.loads(pickle.dumps(backend)) is backend


def test_dtype_argument_dispatches_to_torch(clean_state: None) -> None:
    ov.register_backend("torch")
    x = unp.ones((5, 5), dtype=torch.float32)
    assert isinstance(x, torch.Tensor) and x.dtype == torch.float32 and x.shape == (5, 5)
    assert isinstance(unp.ones(3), np.ndarray)  # no torch argument: NumPy serves


@pytest.mark.parametrize("dtype", [unp.float32, "float32", np.dtype("float32"), torch.float32])
def test_every_dtype_spelling_means_the_same(dtype: Any) -> None:
    with ov.set_backend("torch"):
        assert unp.zeros(2, dtype=dtype).dtype == torch.float32
        assert unp.sum(torch.ones(3, dtype=torch.int32), dtype=dtype).dtype == torch.float32


def test_device_is_honoured() -> None:
    with ov.set_backend("torch"):
        x = unp.ones(3, device="cpu")
        y = unp.asarray([1, 2], device=torch.device("cpu"))
    assert x.device.type == "cpu" and y.device.type == "cpu"


rng = np.random.default_rng(0)
A = rng.standard_normal((4, 6))
S = rng.standard_normal((4, 4)) + 4 * np.eye(4)
V = np.array([3.0, 1.0, 2.0, 3.0, 1.0, 0.5])
I = np.array([[3, 1, 2], [0, 5, 4]])  # noqa: E741

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("ones", ((3, 4),), {}),
    ("zeros", (5,), {"dtype": "int32"}),
    ("full", ((2, 3), 7.5), {}),
    ("arange", (5,), {}),
    ("arange", (0.0, 1.0, 0.25), {}),
    ("linspace", (0, 1, 5), {}),
    ("eye", (3,), {}),
    ("asarray", ([[1.0, 2.0], [3.0, 4.0]],), {}),
    ("zeros_like", (A,), {}),
    ("sum", (A,), {}),
    ("sum", (A,), {"axis": 1, "keepdims": True}),
    ("prod", (I,), {"axis": 1}),
    ("mean", (A,), {"axis": 0}),
    ("mean", (I,), {}),
    ("std", (A,), {}),
    ("var", (A,), {"axis": 1, "ddof": 1}),
    ("max", (A,), {"axis": 1}),
    ("amin", (A,), {}),
    ("argmax", (V,), {}),
    ("all", (A > -3,), {}),
    ("any", (A > 1,), {"axis": 0}),
    ("cumsum", (A,), {"axis": 1}),
    ("cumsum", (A,), {}),
    ("where", (A > 0, A, 0.0), {}),
    ("where", (V > 1,), {}),
    ("isclose", (A, A + 1e-12), {}),
    ("reshape", (A, (3, 8)), {}),
    ("transpose", (A,), {}),
    ("squeeze", (A[:, None],), {"axis": 1}),
    ("expand_dims", (V, 0), {}),
    ("moveaxis", (A[None], 0, -1), {}),
    ("flip", (A,), {}),
    ("roll", (V, 2), {}),
    ("tril", (S,), {"k": -1}),
    ("diagonal", (S,), {"offset": 1}),
    ("concatenate", ((A, A),), {"axis": 1}),
    ("concatenate", ((A, A),), {"axis": None}),
    ("stack", ((V, V, V),), {"axis": 1}),
    ("dot", (A, A.T), {}),
    ("dot", (V, V), {}),
    ("tensordot", (A, A.T), {"axes": 1}),
    ("einsum", ("ij,kj->ik", A, A), {}),
    ("sin", (A,), {}),
    ("arccos", (np.clip(A, -1, 1),), {}),
    ("arctan2", (A, A + 1), {}),
    ("add", (A, 1.5), {}),
    ("multiply", (A, A), {}),
    ("power", (A, 2), {}),
    ("equal", (I, 3), {}),
    ("absolute", (A,), {}),
    ("linalg.solve", (S, V[:4]), {}),
    ("linalg.inv", (S,), {}),
    ("linalg.det", (S,), {}),
    ("linalg.norm", (A,), {}),
    ("fft.fft", (V,), {}),
    ("fft.rfft", (A,), {"axis": 0}),
    ("fft.fft2", (A,), {}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_values_match_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend("torch"):
        result = resolve(name, unp)(*to_torch(args), **kwargs)
    assert_same(result, expected)


def test_tensors_stay_tensors_when_registered(clean_state: None) -> None:
    ov.register_backend("torch")
    t = torch.from_numpy(A)
    assert_same(library_function(t), library_function(A))
    assert_same(unp.add(t, A), A + A)  # torch absorbs NumPy arrays


def test_mixed_torch_and_dask_fails_naming_both(clean_state: None) -> None:
    da = require("dask.array")
    ov.register_backend("torch")
    ov.register_backend("dask")
    with pytest.raises(ov.BackendNotImplementedError) as info:
        unp.add(torch.ones(3), da.ones(3))
    message = str(info.value)
    assert "Tensor" in message and "Array" in message
    assert "torch" in message and "dask" in message


def test_conformance_regressions_match_numpy() -> None:
    """Integer reciprocal stays integer; booleans through abs/floor/ceil/trunc; the inverse
    FFTs' lazily conjugated results convert to NumPy."""
    from overridable.conformance import run

    names = ("reciprocal", "abs", "absolute", "floor", "ceil", "trunc", "fft.ifft", "fft.ihfft")
    report = run("torch", names=names)
    assert {n: r.status for n, r in report.results.items()} == dict.fromkeys(names, "native")
    with ov.set_backend("torch", only=True):
        r = unp.reciprocal(torch.tensor([1, -1, 2]))
    assert r.dtype == torch.int64 and r.tolist() == [1, -1, 0]
