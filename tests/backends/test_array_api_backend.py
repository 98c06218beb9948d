"""The array-API backends against array-api-strict: the standard's functions under NumPy's
names, values equal NumPy's, for a namespace backend and for the generic one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_each, library_function, require, resolve
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import array_api

xp = require("array_api_strict")
require("array_api_compat")


def to_xp(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return xp.asarray(value)
    if isinstance(value, list | tuple):
        return type(value)(to_xp(v) for v in value)
    return value


def assert_same(result: Any, expected: Any) -> None:
    assert_each(result, expected, assert_same_array)


def assert_same_array(result: Any, expected: Any) -> None:
    assert isinstance(result, type(xp.asarray(0))), type(result)
    expected = np.asarray(expected)
    got = np.from_dlpack(result)
    assert got.shape == expected.shape
    assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
    assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_names_and_pickling() -> None:
    strict = ov.as_backend("array_api_strict")
    assert strict is array_api.backend_for(xp) and strict is array_api.array_api_strict
    generic = ov.as_backend("array_api")
    assert generic is array_api.backend
    assert strict.unresolved == () and generic.unresolved == ()
    import pickle

    assert pickle.loads(pickle.dumps(strict)) is strict
    assert pickle.loads(pickle.dumps(generic)) is generic


rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4))
S = rng.standard_normal((3, 3)) + 3 * np.eye(3)
V = np.array([3.0, 1.0, 2.0, 0.5])
I = np.array([[3, 1, 2], [0, 5, 4]])  # noqa: E741

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("sum", (A,), {}),
    ("sum", (A,), {"axis": 1, "keepdims": True}),
    ("prod", (I,), {"axis": 1}),
    ("mean", (A,), {"axis": 0}),
    ("std", (A,), {}),
    ("var", (A,), {"axis": 1, "ddof": 1}),
    ("max", (A,), {"axis": 1}),
    ("amin", (A,), {}),
    ("argmax", (V,), {}),
    ("any", (A > 1,), {"axis": 0}),
    ("cumulative_sum", (V,), {}),
    ("clip", (A, -0.5, 0.5), {}),
    ("where", (A > 0, A, A * 0), {}),
    ("where", (V > 1,), {}),
    ("reshape", (A, (2, 6)), {}),
    ("transpose", (A,), {}),
    ("permute_dims", (A[None], (2, 0, 1)), {}),
    ("squeeze", (A[:, None],), {}),
    ("expand_dims", (V, 0), {}),
    ("moveaxis", (A[None], 0, -1), {}),
    ("flip", (A,), {"axis": 1}),
    ("roll", (V, 2), {}),
    ("tril", (S,), {"k": -1}),
    ("concatenate", ((A, A),), {"axis": 1}),
    ("concat", ((A, A),), {}),
    ("stack", ((V, V),), {"axis": 1}),
    ("sort", (V,), {}),
    ("argsort", (V,), {}),
    ("take", (V, np.array([1, 3])), {}),
    ("matmul", (A, A.T), {}),
    ("tensordot", (A, A.T), {"axes": 1}),
    ("sin", (A,), {}),
    ("arccos", (np.clip(A, -1, 1),), {}),
    ("arctan2", (A, A + 1), {}),
    ("absolute", (A,), {}),
    ("power", (A, 2.0), {}),
    ("add", (A, 1.5), {}),
    ("equal", (I, I), {}),
    ("linalg.solve", (S, S), {}),
    ("linalg.inv", (S,), {}),
    ("linalg.det", (S,), {}),
    ("fft.fft", (V,), {}),
    ("fft.rfft", (A,), {"axis": 0}),
]


@pytest.mark.parametrize("which", ["array_api_strict", "array_api"])
@pytest.mark.parametrize(("name", "args", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_values_match_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                            which: str) -> None:
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend(which):
        result = resolve(name, unp)(*to_xp(args), **kwargs)
    assert_same(result, expected)


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("ones", ((2, 3),), {}),
    ("zeros", (4,), {"dtype": "int32"}),
    ("full", ((2,), 7.5), {}),
    ("arange", (0.0, 1.0, 0.25), {}),
    ("linspace", (0, 1, 5), {}),
    ("eye", (3,), {"k": 1}),
    ("asarray", ([[1.0, 2.0], [3.0, 4.0]],), {}),
    ("sum", ([1, 2, 3],), {}),
])
def test_creation_in_the_namespace(name: str, args: tuple[Any, ...],
                                   kwargs: dict[str, Any]) -> None:
    with ov.set_backend("array_api_strict"):
        result = getattr(unp, name)(*args, **kwargs)
    assert_same(result, getattr(np, name)(*args, **kwargs))


@pytest.mark.parametrize("dtype", [unp.float32, "float32", np.dtype("float32"), xp.float32])
def test_every_dtype_spelling_means_the_same(dtype: Any) -> None:
    with ov.set_backend("array_api_strict"):
        assert unp.zeros(2, dtype=dtype).dtype == xp.float32
        assert unp.sum(xp.ones(3, dtype=xp.int32), dtype=dtype).dtype == xp.float32


def test_namespace_dtype_selects_the_namespace(clean_state: None) -> None:
    ov.register_backend("array_api_strict")
    assert unp.ones((2, 2), dtype=xp.float32).dtype == xp.float32
    assert isinstance(unp.ones(2), np.ndarray)


@pytest.mark.parametrize("which", ["array_api_strict", "array_api"])
def test_registered_dispatch_by_type(which: str, clean_state: None) -> None:
    ov.register_backend(which)
    x = xp.asarray(A)
    assert_same(library_function(x), library_function(A))
    assert_same(unp.add(x, A), A + A)  # NumPy arrays are absorbed
    assert isinstance(unp.sin(A), np.ndarray)  # nothing of the library's: NumPy serves


def test_unique_values_are_the_standards_unordered_set() -> None:
    with ov.set_backend("array_api_strict"):
        result = unp.unique_values(xp.asarray(I))
    assert_allclose(np.sort(np.from_dlpack(result)), np.unique(I))


def test_generic_backend_claims_unknown_array_types() -> None:
    class NewLibraryArray:
        def __array_namespace__(self, api_version: Any = None) -> Any:
            return xp

    generic = ov.as_backend("array_api")
    assert generic.ownership(NewLibraryArray) is True
    assert generic.ownership(type(xp.asarray(0))) is True
    assert generic.ownership(np.ndarray) is False  # absorbed: NumPy's own backend owns it
    assert generic.ownership(set) is None


def test_generic_backend_needs_an_array_to_create() -> None:
    with ov.set_backend("array_api", only=True), pytest.raises(
            ov.BackendNotImplementedError, match="no namespace for ones"):
        unp.ones(3)


def test_generic_backend_serves_another_library(clean_state: None) -> None:
    jnp = pytest.importorskip("jax.numpy")
    ov.register_backend("array_api")
    result = unp.concatenate([jnp.ones(2), jnp.zeros(1)])
    assert type(result).__module__.startswith("jax")
    assert_allclose(np.asarray(result), [1.0, 1.0, 0.0])


def test_standard_names_and_declines() -> None:
    assert array_api.STANDARD["concatenate"] == "concat"
    assert array_api.STANDARD["arccos"] == "acos" and array_api.STANDARD["power"] == "pow"
    x = xp.asarray(A)
    with ov.set_backend("array_api_strict", only=True):
        with pytest.raises(ov.BackendNotImplementedError, match="takes no out="):
            unp.sin(x, out=x)
        with pytest.raises(ov.BackendNotImplementedError, match="takes no kind="):
            unp.sort(x, kind="heapsort")


def test_mixed_namespaces_are_refused(clean_state: None) -> None:
    torch = pytest.importorskip("torch")
    ov.register_backend("array_api")
    with pytest.raises(ov.BackendNotImplementedError, match="Tensor"):
        unp.add(xp.asarray(V), torch.ones(4))
