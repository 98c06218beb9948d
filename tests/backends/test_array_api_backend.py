"""The array-API backends against array-api-strict: the standard's functions under NumPy's
names, values equal NumPy's, for a namespace backend and for the generic one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, library_function, require, resolve, to_backend
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import array_api

xp = require("array_api_strict")
require("array_api_compat")
ARRAY = type(xp.asarray(0))


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
    assert_same(library_function(x), library_function(A), ARRAY)
    assert_same(unp.add(x, A), A + A, ARRAY)  # NumPy arrays are absorbed
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
        with pytest.raises(ov.BackendNotImplementedError, match="takes no order="):
            unp.sort(x, order="f")  # (kind= is taken: a stable sort answers every kind)


def test_mixed_namespaces_are_refused(clean_state: None) -> None:
    torch = pytest.importorskip("torch")
    ov.register_backend("array_api")
    with pytest.raises(ov.BackendNotImplementedError, match="Tensor"):
        unp.add(xp.asarray(V), torch.ones(4))


W = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 6.0], [2.0, 0.0, -1.0]])
SQ = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])

I16 = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 10]], [[2, 0, 1], [1, 3, 0], [0, 1, 4]]],
               dtype=np.int16)
CPX = SQ + 1j * SQ[::-1]
BOOL = np.array([[True, False, True], [False, False, True], [True, True, False]])


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    # the standard's linalg takes floating arrays only: NumPy computes integers in float64
    ("linalg.vector_norm", (I16,), {"axis": (0, 2), "keepdims": True, "ord": 1}),
    ("linalg.matrix_norm", (I16,), {"ord": 1, "keepdims": True}),
    ("linalg.matrix_norm", (I16,), {"ord": "nuc"}),
    ("linalg.det", (I16,), {}), ("linalg.inv", (I16[1],), {}),
    ("linalg.solve", (I16[0], SQ), {}), ("linalg.pinv", (I16,), {}),
    ("linalg.eigvalsh", (I16[1] + I16[1].T,), {}), ("linalg.matrix_rank", (I16,), {}),
    ("linalg.matrix_rank", (I16[1],), {"hermitian": True}),
    # matrix powers of integers and booleans in their own dtype (int16 wraps), negative
    # ones from the inverse (float64)
    ("linalg.matrix_power", (I16, 5), {}), ("linalg.matrix_power", (I16, 0), {}),
    ("linalg.matrix_power", (I16[0], -2), {}), ("linalg.matrix_power", (BOOL, 3), {}),
    # booleans: NumPy's products are an or of ands
    ("dot", (BOOL, BOOL), {}), ("matmul", (BOOL, BOOL), {}),
    ("tensordot", (BOOL, BOOL), {"axes": 1}), ("linalg.matmul", (BOOL, BOOL), {}),
    ("vecdot", (BOOL, BOOL), {}), ("linalg.outer", (BOOL[0], BOOL[1]), {}),
    ("outer", (BOOL, BOOL[2]), {}), ("vdot", (BOOL, BOOL), {}), ("vdot", (CPX, SQ), {}),
    # a Python scalar is an int64 array to dot
    ("dot", (I16[0], 3), {}),
    # NumPy's axis is each operand's own (the standard's: negative, from the end)
    ("vecdot", (CPX, CPX), {"axis": 0}), ("linalg.vecdot", (CPX, CPX[0]), {"axis": 0}),
    ("linalg.cross", (I16, I16[::-1]), {"axis": 1}),
    ("linalg.cross", (SQ, SQ[:, ::-1]), {"axis": 0}),
    ("linalg.cross", (I16, SQ[0]), {"axis": -1}),
    # NumPy's diagonal takes any two axes (the standard's: the last two)
    ("diagonal", (I16,), {}), ("diagonal", (I16,), {"offset": 1, "axis1": 2, "axis2": 0}),
    ("diag", (SQ,), {"k": -1}), ("trace", (I16,), {"axis1": 1, "axis2": 2}),
])
def test_linalg_and_products_take_numpys_dtypes_and_axes(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend("array_api_strict", only=True):
        result = resolve(name, unp)(*to_backend("array_api_strict", args), **kwargs)
    assert_same(result, expected, ARRAY)


def test_pinv_cuts_off_at_numpys_rcond() -> None:
    # singular values 1 and 8e-16: NumPy's default cutoff (1e-15) drops the second, the
    # standard's (max(M, N) * eps, 4.4e-16 here) would keep it and invert it (1.25e15).
    a = np.diag([1.0, 8e-16])
    for kwargs in ({}, {"rtol": None}, {"rcond": 1e-16}, {"rtol": 0.5}):
        with ov.set_backend("array_api_strict", only=True):
            result = unp.linalg.pinv(xp.asarray(a), **kwargs)
        assert_same(result, np.linalg.pinv(a, **kwargs), ARRAY)
    with ov.set_backend("array_api_strict", only=True), pytest.raises(ValueError,
                                                                      match="both set"):
        unp.linalg.pinv(xp.asarray(a), rcond=0.1, rtol=0.1)


@pytest.mark.parametrize("a", [SQ - 2.0 * np.eye(3), np.diag([2.0, -1e-16, -4.0]),
                               np.stack([CPX + CPX.conj().T, -SQ]), I16[0]],
                         ids=["indefinite", "cut-off", "complex-stack", "int16"])
def test_hermitian_pinv_inverts_the_eigenvalues(a: np.ndarray) -> None:
    with ov.set_backend("array_api_strict", only=True):
        result = unp.linalg.pinv(xp.asarray(a), hermitian=True)
    assert_same(result, np.linalg.pinv(a, hermitian=True), ARRAY)


def test_eig_is_real_for_real_eigenvalues() -> None:
    with ov.set_backend("array_api_strict", only=True):
        w, v = unp.linalg.eig(xp.asarray(SQ))
    assert w.dtype == xp.float64 and v.dtype == xp.float64
    assert_allclose(np.sort(np.from_dlpack(w)), np.sort(np.linalg.eig(SQ)[0]))


def test_dtype_functions_answer_with_numpys_rules() -> None:
    with ov.set_backend("array_api_strict", only=True):
        assert unp.can_cast(xp.int32, xp.float64) is True  # the standard says no; NumPy yes
        assert unp.can_cast(np.float64, np.int8, casting="unsafe") is True
        assert unp.can_cast(xp.float64, xp.int8) is False
        assert unp.result_type(xp.asarray(A), 1) == xp.float64
        assert unp.result_type(np.float32, np.int64) == xp.float64
        assert unp.result_type(xp.asarray(I), np.int8) == xp.int64
        assert unp.isdtype(np.float64, "real floating") is True
        assert unp.isdtype(xp.int8, ("integral", "bool")) is True
        assert unp.allclose(xp.asarray(V), xp.asarray(V + 1e-9)) is True
        assert unp.allclose(xp.asarray(V), 3.0, atol=2) is bool(np.allclose(V, 3.0, atol=2))


def test_comparisons_and_shapes_answer_as_numpy() -> None:
    with ov.set_backend("array_api_strict", only=True):
        for args, kwargs in [((W, W), {"equal_nan": True}), ((W, W), {}), ((I, I[:1]), {}),
                             ((I, I * 1.0), {})]:
            ours = to_backend("array_api_strict", args)
            assert unp.array_equal(*ours, **kwargs) is np.array_equal(*args, **kwargs)
        for args in [(I, I[:1]), (I, np.array([3, 1, 2])), (I, I.T)]:
            assert unp.array_equiv(*to_backend("array_api_strict", args)) is np.array_equiv(*args)
        assert unp.shape(xp.asarray(A)) == np.shape(A) == (3, 4)
        assert unp.shape(3.0) == () and unp.ndim(xp.asarray(A)) == 2
        assert unp.promote_types(xp.int8, "uint8") == xp.int16
        assert unp.promote_types(np.float32, xp.int64) == xp.float64


def test_what_the_library_cannot_do_is_declined_by_name() -> None:
    with ov.set_backend("array_api_strict", only=True):
        # NumPy computes sin(int8) in float16, which array-api-strict does not have.
        with pytest.raises(ov.BackendNotImplementedError, match="float16"):
            unp.sin(xp.asarray([1, 2], dtype=xp.int8))
        with pytest.raises(ov.BackendNotImplementedError, match="order="):
            unp.reshape(xp.asarray(A), (4, 3), order="A")
        with pytest.raises(ov.BackendNotImplementedError, match="hermitian="):
            unp.linalg.svd(xp.asarray(SQ), hermitian=True)
        with pytest.raises(ov.BackendNotImplementedError, match="takes no out="):
            unp.sum(xp.asarray(A), out=xp.asarray(0.0))
        with pytest.raises(ov.BackendNotImplementedError, match="takes no where="):
            unp.add(xp.asarray(A), 1.0, where=xp.asarray(A > 0))


def test_generic_backend_knows_every_adapter() -> None:
    names = {*array_api.STANDARD, *array_api.ADAPTED}
    strict = array_api.backend_for(xp)
    from overridable.backends._common import multimethod_for

    served = {name for name in (*names, *[n for n in dir(unp) if not n.startswith("_")])
              if multimethod_for(name) in strict.implementations}
    assert served <= names


I4 = np.array([3, 1, 2, 3, 1], dtype=np.int32)

#: NumPy's promotion of an integer array with Python floats (int32 with 1.5 is float64),
#: which the standard refuses (or answers in the array's dtype).
INTEGER_WITH_FLOATS: tuple[tuple[str, Any], ...] = (
    ("clip", lambda m, a: m.clip(a, 1.5, 2.5)),
    ("clip one bound", lambda m, a: m.clip(a, None, 2.5)),
    ("clip integers", lambda m, a: m.clip(a, 1, 2)),
    ("searchsorted", lambda m, a: m.searchsorted(m.sort(a), 2.5)),
    ("searchsorted right", lambda m, a: m.searchsorted(m.sort(a), 2, side="right")),
    ("trapezoid", lambda m, a: m.trapezoid(a)),
    ("trapezoid x", lambda m, a: m.trapezoid(a, a)),
    ("trapezoid float32", lambda m, a: m.trapezoid(m.astype(a, "float32"), dx=0.5)),
    ("kron", lambda m, a: m.kron(m.astype(a, "float32"), 2.0)),
)


@pytest.mark.parametrize(("name", "call"), INTEGER_WITH_FLOATS,
                         ids=[c[0] for c in INTEGER_WITH_FLOATS])
def test_integers_promote_with_floats_as_numpys(name: str, call: Any) -> None:
    expected = call(np, I4)
    with ov.set_backend("array_api_strict", only=True):
        result = call(unp, xp.asarray(I4))
    assert_same(result, expected, type(xp.asarray(0)))
