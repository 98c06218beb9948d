"""The PyTorch backend (CPU) against real torch: tensors stay tensors, values equal NumPy's."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, library_function, require, resolve, to_backend
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import torch as torch_backend

torch = require("torch")


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


def test_tensors_stay_tensors_when_registered(clean_state: None) -> None:
    ov.register_backend("torch")
    t = torch.from_numpy(A)
    assert_same(library_function(t), library_function(A), torch.Tensor)
    assert_same(unp.add(t, A), A + A, torch.Tensor)  # torch absorbs NumPy arrays


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


W = np.array([[1.0, np.nan, 3.0], [np.nan, 4.0, 6.0], [2.0, 0.0, -1.0]])
Z = np.array([1 + 2j, -1j, 3.0, 0.5 - 0.5j])
F = np.arange(24.0).reshape(2, 3, 4)
U8 = np.array([200, 100, 7], dtype=np.uint8)

#: What the reworked table adds: NumPy's keywords honoured, and functions torch has under
#: another name (each compared with NumPy: value, shape and exact dtype).


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("linalg.qr", (A,), {"mode": "r"}),
    ("linalg.eig", (S + S.T,), {}),
])
def test_decompositions_match_numpy_up_to_sign(name: str, args: tuple[Any, ...],
                                               kwargs: dict[str, Any]) -> None:
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend("torch", only=True):
        result = resolve(name, unp)(*to_backend("torch", args), **kwargs)
    if name == "linalg.eig":
        assert result[0].dtype == torch.float64  # real eigenvalues: real, as NumPy's
        assert_allclose(np.sort(result[0].numpy()), np.sort(expected[0]), rtol=1e-10)
    else:
        assert_allclose(np.abs(result.numpy()), np.abs(expected), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("promote_types", ("i4", "f4"), {}),
    ("promote_types", (np.uint8, np.int8), {}),
    ("result_type", (A, 1), {}),
    ("can_cast", (np.float64, np.int8), {"casting": "unsafe"}),
])
def test_dtype_functions_follow_numpy(name: str, args: tuple[Any, ...],
                                      kwargs: dict[str, Any]) -> None:
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend("torch", only=True):
        result = resolve(name, unp)(*to_backend("torch", args), **kwargs)
    if isinstance(expected, np.dtype):
        assert isinstance(result, torch.dtype)
        assert torch_backend.to_numpy_dtype(result) == expected
    else:
        assert result == expected


def test_in_place_functions_write_into_the_tensor() -> None:
    with ov.set_backend("torch", only=True):
        t = torch.arange(5.0)
        unp.put(t, [0, 2], [9.0, 8.0])
        assert t.tolist() == [9.0, 1.0, 8.0, 3.0, 4.0]
        z = torch.zeros((3, 3))
        unp.fill_diagonal(z, 5.0)
        assert z.diagonal().tolist() == [5.0, 5.0, 5.0]
        d = torch.zeros((2, 3), dtype=torch.int64)
        unp.copyto(d, torch.from_numpy(I), where=torch.from_numpy(I > 2))
        assert d.tolist() == np.where(I > 2, I, 0).tolist()
        p = torch.zeros((2, 3))
        unp.put_along_axis(p, torch.tensor([[0], [2]]), 5.0, axis=1)
        assert p.tolist() == [[5.0, 0.0, 0.0], [0.0, 0.0, 5.0]]


def test_ufunc_keywords_are_honoured_or_declined() -> None:
    t = torch.from_numpy(A)
    with ov.set_backend("torch", only=True):
        out = torch.empty_like(t)
        assert unp.sin(t, out=out) is out
        assert_allclose(out.numpy(), np.sin(A))
        assert unp.add(t, t, dtype="float32").dtype == torch.float32
        with pytest.raises(ov.BackendNotImplementedError, match="where="):
            unp.sin(t, where=t > 0)
        with pytest.raises(np._core._exceptions.UFuncTypeError,  # NumPy's error
                           match="Cannot cast ufunc 'sin' output from dtype"):
            unp.sin(t, out=torch.empty(t.shape, dtype=torch.int64))
        with pytest.raises(ov.BackendNotImplementedError, match="method="):
            unp.quantile(t, 0.5, method="weibull")
        with pytest.raises(ov.BackendNotImplementedError, match="order="):
            unp.sort(t, order="x")


def test_numpy_semantics_where_torch_differs() -> None:
    with ov.set_backend("torch", only=True):
        even = torch.tensor([1.0, 2.0, 3.0, 4.0])
        assert unp.median(even).item() == 2.5  # torch.median gives 2.0
        ints = torch.tensor([1, 2, 3])
        assert unp.sqrt(ints).dtype == torch.float64  # torch's default would be float32
        assert unp.divide(ints, 2).dtype == torch.float64
        assert unp.mean(ints).dtype == torch.float64
        assert unp.add(ints, 1.5).dtype == torch.float64
        assert unp.add(torch.ones(2, dtype=torch.float32), 1.5).dtype == torch.float32
        assert unp.sum(torch.tensor([1, 2], dtype=torch.int32)).dtype == torch.int64


def test_conformance_has_no_errors_or_mismatches() -> None:
    from overridable.conformance import run

    report = run("torch")
    bad = {n: r.details[:1] for n, r in report.results.items()
           if r.status in ("error", "mismatch")}
    assert bad == {}


# Regressions found by data-apis/array-api-tests: each checked against NumPy (value, shape,
# exact dtype).
X2 = np.array([[2.0, np.nan, -1.5], [0.0, 4.0, -0.0]])
U2 = np.arange(6, dtype=np.uint8).reshape(2, 3)


def assert_matches(result: Any, expected: Any) -> None:
    """Exact equality (NaN where NumPy has NaN), shape and dtype; named tuples by field."""
    if isinstance(expected, tuple):
        assert type(result).__name__ == type(expected).__name__
        assert result._fields == expected._fields  # type: ignore[attr-defined]
        for r, e in zip(result, expected, strict=True):
            assert_matches(r, e)
        return
    assert isinstance(result, torch.Tensor), type(result)
    expected = np.asarray(expected)
    assert tuple(result.shape) == expected.shape
    assert torch_backend.to_numpy_dtype(result.dtype) == expected.dtype, (result.dtype,
                                                                         expected.dtype)
    np.testing.assert_array_equal(result.numpy(), expected)


def test_sign_keeps_nan_and_takes_complex() -> None:
    inf, nan = np.inf, np.nan
    # Random magnitudes over many decades (abs and hypot differ in the last bit there),
    # and every infinite, NaN and zero case: NumPy's result bit for bit.
    rng = np.random.default_rng(7)
    z = np.concatenate([
        (rng.normal(size=2000) + 1j * rng.normal(size=2000)) * np.exp(rng.uniform(-80, 80, 2000)),
        [3 + 4j, 0j, -2j, complex(-1, 0), complex(inf, 1), complex(-inf, -2), complex(1, inf),
         complex(0, -inf), complex(inf, inf), complex(inf, -inf), complex(inf, nan),
         complex(nan, inf), complex(nan, 1), complex(-0.0, -0.0), complex(1e-320, 0)]])
    with ov.set_backend("torch", only=True):
        assert_matches(unp.sign(torch.from_numpy(X2)), np.sign(X2))
        assert_matches(unp.sign(torch.from_numpy(z)), np.sign(z))
        assert_matches(unp.sign(torch.from_numpy(z.astype(np.complex64))),
                       np.sign(z.astype(np.complex64)))
        assert_matches(unp.sign(torch.from_numpy(U2.astype(np.uint32))),
                       np.sign(U2.astype(np.uint32)))


@pytest.mark.parametrize("name", ["mean", "sum", "prod", "std", "var", "max", "min", "any",
                                  "all", "nansum", "nanprod", "amax", "count_nonzero"])
@pytest.mark.parametrize("x", [X2, U2], ids=["float", "uint8"])
def test_empty_axis_tuple_reduces_nothing(name: str, x: np.ndarray) -> None:
    with np.errstate(invalid="ignore"), ov.set_backend("torch", only=True):
        assert_matches(getattr(unp, name)(torch.from_numpy(x), axis=()),
                       getattr(np, name)(x, axis=()))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NumPy's "Degrees of freedom <= 0"
def test_empty_axis_tuple_with_keywords() -> None:
    t = torch.from_numpy(X2)
    with np.errstate(invalid="ignore", divide="ignore"), ov.set_backend("torch", only=True):
        assert_matches(unp.var(t, axis=(), ddof=1), np.var(X2, axis=(), ddof=1))
        assert_matches(unp.mean(t, axis=(), where=t > 0), np.mean(X2, axis=(), where=X2 > 0))
        assert_matches(unp.sum(t, axis=(), where=t > 0, initial=1.0),
                       np.sum(X2, axis=(), where=X2 > 0, initial=1.0))
        assert_matches(unp.max(t, axis=(), keepdims=True), np.max(X2, axis=(), keepdims=True))


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "uint16", "uint32", "uint64",
                                   "float32"])
def test_trace_sums_in_numpys_dtype(dtype: str) -> None:
    x = np.arange(1, 10).reshape(3, 3).astype(dtype)
    with ov.set_backend("torch", only=True):
        assert_matches(unp.trace(torch.from_numpy(x)), np.trace(x))
        assert_matches(unp.linalg.trace(torch.from_numpy(x), offset=1),
                       np.linalg.trace(x, offset=1))
    big = np.array([[2**63 + 5, 0], [0, 2**63 + 7]], dtype=np.uint64)
    with ov.set_backend("torch", only=True):
        assert_matches(unp.trace(torch.from_numpy(big)), np.trace(big))


def test_isdtype_takes_torch_dtypes_kinds_and_tuples() -> None:
    cases = [(torch.float32, "real floating"), (torch.float32, "integral"),
             (torch.uint8, "unsigned integer"), (torch.int8, "unsigned integer"),
             (torch.int64, "signed integer"), (torch.bool, "numeric"), (torch.bool, "bool"),
             (torch.complex64, "complex floating"), (torch.uint16, "integral"),
             (torch.float64, torch.float64), (torch.float64, torch.float32),
             (torch.int32, ("bool", torch.int32)), (torch.int32, ("bool", "real floating"))]
    with ov.set_backend("torch", only=True):
        for dtype, kind in cases:
            np_kind = tuple(torch_backend.to_numpy_dtype(k) if isinstance(k, torch.dtype) else k
                            for k in kind) if isinstance(kind, tuple) else \
                torch_backend.to_numpy_dtype(kind) if isinstance(kind, torch.dtype) else kind
            expected = np.isdtype(torch_backend.to_numpy_dtype(dtype), np_kind)
            assert unp.isdtype(dtype, kind) is expected, (dtype, kind)
        with pytest.raises(ValueError):
            unp.isdtype(torch.float32, "floating")


def test_from_dlpack_honours_device_and_copy() -> None:
    x = torch.arange(4.0)
    with ov.set_backend("torch", only=True):
        for device in (None, "cpu", torch.device("cpu")):
            same = unp.from_dlpack(x, device=device, copy=False)
            assert same.data_ptr() == x.data_ptr() and torch.equal(same, x)
            copied = unp.from_dlpack(x, device=device, copy=True)
            assert copied.data_ptr() != x.data_ptr() and torch.equal(copied, x)
        assert_matches(unp.from_dlpack(np.arange(3.0), device="cpu"), np.arange(3.0))


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
def test_creation_in_wide_unsigned_dtypes(dtype: str) -> None:
    td = getattr(torch, dtype)
    x = np.arange(12, dtype=dtype).reshape(3, 4)
    with ov.set_backend("torch", only=True):
        assert_matches(unp.eye(3, 4, k=1, dtype=td), np.eye(3, 4, k=1, dtype=dtype))
        assert_matches(unp.identity(2, dtype=td), np.identity(2, dtype=dtype))
        assert_matches(unp.tri(3, k=-1, dtype=td), np.tri(3, k=-1, dtype=dtype))
        assert_matches(unp.zeros(3, dtype=td), np.zeros(3, dtype=dtype))
        assert_matches(unp.ones(3, dtype=td), np.ones(3, dtype=dtype))
        assert_matches(unp.full(3, 7, dtype=td), np.full(3, 7, dtype=dtype))
        assert_matches(unp.arange(1, 7, 2, dtype=td), np.arange(1, 7, 2, dtype=dtype))
        assert_matches(unp.linspace(0, 10, 4, dtype=td), np.linspace(0, 10, 4, dtype=dtype))
        assert_matches(unp.tril(torch.from_numpy(x), -1), np.tril(x, -1))
        assert_matches(unp.triu(torch.from_numpy(x), 1), np.triu(x, 1))
        assert_matches(unp.max(torch.from_numpy(x), axis=0), np.max(x, axis=0))
        assert_matches(unp.min(torch.from_numpy(x), initial=3), np.min(x, initial=3))
    top = np.array([2**63 + 5, 3], dtype=np.uint64)
    with ov.set_backend("torch", only=True):
        assert_matches(unp.max(torch.from_numpy(top)), np.max(top))


def test_tril_of_a_vector_is_numpys_square() -> None:
    v = np.array([1, 2, 3])
    with ov.set_backend("torch", only=True):
        assert_matches(unp.tril(torch.from_numpy(v), 1), np.tril(v, 1))


@pytest.mark.parametrize("args", [(1, 0, 1), (0, 5, -1), (5, 1, -2), (0,), (-3,), (3, 3),
                                  (0.5, 3.0, 0.5), (3.0, 0.5, 0.5), (3.0, 0.5, -0.5)])
def test_arange_of_empty_and_negative_ranges(args: tuple[Any, ...]) -> None:
    unsigned = all(isinstance(a, int) and a >= 0 for a in args)
    dtype = np.uint8 if unsigned else None
    with ov.set_backend("torch", only=True):
        assert_matches(unp.arange(*args, dtype=dtype), np.arange(*args, dtype=dtype))


@pytest.mark.parametrize(("a", "b"), [
    (np.array([1, 2], np.uint8), np.array([3, 4], np.uint16)),
    (np.array([100, 100], np.int8), np.array([3, 4], np.int8)),  # wraps, as NumPy's
    (np.array([True, False]), np.array([True, True])),
    (np.array([1 + 2j, 3j]), np.array([2, 1j])),
    (np.arange(6).reshape(2, 3), np.arange(3.0)),
    (np.array([2**63 + 1, 2], np.uint64), np.array([3, 2**62], np.uint64)),
], ids=["uint8-uint16", "int8", "bool", "complex", "int-float", "uint64"])
def test_vecdot_takes_integers_with_numpys_promotion(a: np.ndarray, b: np.ndarray) -> None:
    with ov.set_backend("torch", only=True):
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        assert_matches(unp.vecdot(ta, tb), np.vecdot(a, b))
        assert_matches(unp.linalg.vecdot(ta, tb), np.linalg.vecdot(a, b))
    a3, b2 = np.arange(24).reshape(2, 3, 4), np.arange(12).reshape(3, 4)
    with ov.set_backend("torch", only=True):
        ta, tb = torch.from_numpy(a3), torch.from_numpy(b2)
        assert_matches(unp.vecdot(ta, tb, axis=-2), np.vecdot(a3, b2, axis=-2))
        assert_matches(unp.linalg.vecdot(ta, tb, axis=-2), np.linalg.vecdot(a3, b2, axis=-2))


@pytest.mark.parametrize("x", [
    np.array([[3, 1], [1, 2]]),
    np.array([2.0, np.nan, 1.0, np.nan, 2.0]),  # every NaN distinct, as NumPy's unique_*
    np.array([1 + 1j, 1 + 0j, np.nan, 1 + 1j, -1j]),  # complex: real, then imaginary
    np.array([], np.uint16),
    np.array([True, False, True]),
], ids=["int-2d", "nan", "complex", "empty", "bool"])
def test_unique_functions_return_numpys_named_tuples(x: np.ndarray) -> None:
    t = torch.from_numpy(x)
    with ov.set_backend("torch", only=True):
        for name in ("unique_all", "unique_counts", "unique_inverse"):
            assert_matches(getattr(unp, name)(t), getattr(np, name)(x))
        # NumPy's unique_values need not sort (it hashes); the torch backend's does.
        assert_matches(unp.unique_values(t), np.sort(np.unique_values(x)))
        result = unp.unique_all(t)
    assert result.inverse_indices.shape == t.shape


A8 = np.array([1, 200, 3], np.uint8)
A16 = np.array([7, 60000, 2], np.uint16)
U64 = np.array([2**63 + 1, 5, 3], np.uint64)


def test_wide_unsigned_mixes_promote_as_numpy() -> None:
    i8 = np.array([-1, 5, 2], np.int8)
    with ov.set_backend("torch", only=True):
        assert_matches(unp.multiply(torch.from_numpy(A8), torch.from_numpy(A16)), A8 * A16)
        assert_matches(unp.add(torch.from_numpy(i8), torch.from_numpy(A16)), i8 + A16)


@pytest.mark.parametrize("name", ["sum", "prod", "cumsum", "cumprod", "cumulative_sum",
                                  "cumulative_prod"])
def test_unsigned_accumulation_follows_numpy(name: str) -> None:
    with ov.set_backend("torch", only=True):
        for x in (A8, A16, U64, np.array([True, False])):
            assert_matches(getattr(unp, name)(torch.from_numpy(x)), getattr(np, name)(x))
        assert_matches(getattr(unp, name)(torch.from_numpy(A8), dtype=np.uint16),
                       getattr(np, name)(A8, dtype=np.uint16))


# The reviewer's value defects: each NumPy's value and dtype.
F32 = np.array([-1.5, 0.0, 2.0, np.nan], np.float32)
N22 = np.array([[4, 1], [2, 3]])


def _both(name: str, *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    """``name`` called by NumPy on ``args`` and by the torch backend on them as tensors."""
    expected = resolve(name, np)(*args, **kwargs)
    with ov.set_backend("torch", only=True):
        result = resolve(name, unp)(*to_backend("torch", args), **kwargs)
    return result, expected


@pytest.mark.parametrize(("name", "args"), [
    ("heaviside", (F32, 0.5)),  # a float32 tensor and a Python float: float32
    ("heaviside", (F32.astype(np.float64), np.array([0.5, 0.5, 0.5, 0.5]))),  # NaN stays
    ("heaviside", (F32, np.float64(0.5))),  # a NumPy scalar is not weak: float64
    ("heaviside", (np.array([-2, 0, 3]), np.array([1, 1, 1]))),  # integers: float64
    ("arctan2", (np.array([1, -2], np.int8), np.array([3, 4], np.int8))),  # float16
    ("add", (np.array([1, 2], np.int64), 1.5)),  # int and a Python float: float64
    ("subtract", (2.5, np.array([1.0, 2.0], np.float32))),  # the scalar first
    ("multiply", (np.array([1.0, 2.0], np.float32), np.array([3, 4]))),  # float64
    ("where", (np.array([True, False]), np.array([1, 2]), 0.5)),
    ("repeat", (N22, np.array([1, 0, 2, 1], np.int8))),  # short repeats, flattened
    ("repeat", (N22, [2])),
    ("trapezoid", (np.array([1, 2, 4]),)),
    ("trapezoid", (np.array([[1, 2, 4], [3, 5, 9]], np.int8), np.array([0, 1, 3]))),
    ("trapezoid", (np.array([1.0, 2.0, 4.0], np.float32),)),
    ("linalg.det", (N22,)),
    ("linalg.inv", (N22,)),
    ("linalg.solve", (N22, np.array([1, 2]))),
    ("linalg.solve", (N22.astype(np.float32), np.array([1.0, 2.0]))),
    ("linalg.eigvals", (N22,)),
    ("linalg.slogdet", (N22,)),
    ("linalg.pinv", (N22,)),
    ("linalg.cholesky", (np.array([[2, 1], [1, 3]]),)),
    ("linalg.eigvalsh", (np.array([[2, 1], [1, 3]]),)),
    ("linalg.cond", (N22,)),
    ("linalg.norm", (np.array([3, 4], np.int8),)),
    ("linalg.matrix_power", (N22, 2)),  # integers stay integers here
])
def test_reviewed_values_match_numpy(name: str, args: tuple[Any, ...]) -> None:
    assert_same(*_both(name, *args), torch.Tensor)


def test_integer_decompositions_are_numpys_float64() -> None:
    # The factors' signs are free: NumPy's singular values and |R|, and the products.
    (u, s, vh), expected = _both("linalg.svd", N22)
    assert_same(s, expected.S, torch.Tensor)
    assert_same((u * s) @ vh, N22.astype(np.float64), torch.Tensor)
    (q, r), expected = _both("linalg.qr", N22)
    assert_same(r.abs(), np.abs(expected.R), torch.Tensor)
    assert_same(q @ r, N22.astype(np.float64), torch.Tensor)


@pytest.mark.parametrize("name", ["floor_divide", "remainder", "fmod", "divmod"])
def test_integer_division_by_zero_gives_numpys_zero_and_warning(name: str) -> None:
    x, y = np.array([7, -7, 3], np.int32), np.array([0, 2, 0], np.int32)
    with np.errstate(divide="ignore"):
        expected = getattr(np, name)(x, y)
    with ov.set_backend("torch", only=True), \
            pytest.warns(RuntimeWarning, match=f"divide by zero encountered in {name}"):
        result = getattr(unp, name)(torch.from_numpy(x), torch.from_numpy(y))
    assert_same(result, expected, torch.Tensor)
    with np.errstate(divide="ignore"):
        expected = getattr(np, name)(x, 0)
    with ov.set_backend("torch", only=True), \
            pytest.warns(RuntimeWarning, match="divide by zero"):
        assert_same(getattr(unp, name)(torch.from_numpy(x), 0), expected, torch.Tensor)


@pytest.mark.parametrize("name", ["sum", "prod", "mean", "std", "var", "max", "min", "all",
                                  "any", "argmax", "cumsum", "nansum"])
def test_bad_axis_raises_numpys_axis_error(name: str) -> None:
    from numpy.exceptions import AxisError

    with pytest.raises(AxisError) as numpy_error:
        getattr(np, name)(N22, axis=5)
    with ov.set_backend("torch", only=True), pytest.raises(AxisError) as info:
        getattr(unp, name)(torch.from_numpy(N22).double(), axis=5)
    assert isinstance(info.value, ValueError) and isinstance(info.value, IndexError)
    assert str(info.value) == str(numpy_error.value)
    if name not in ("argmax", "cumsum"):  # these take one axis
        with ov.set_backend("torch", only=True), pytest.raises(AxisError):
            getattr(unp, name)(torch.from_numpy(N22), axis=(0, -3))


def test_misspelt_dtype_is_named_on_the_first_line() -> None:
    with ov.set_backend("torch", only=True), pytest.raises(TypeError) as info:
        unp.ones_like(torch.ones(2), dtype="flaot32")
    assert "'flaot32'" in str(info.value).splitlines()[0]


@pytest.mark.parametrize(("name", "dtype"), [("mean", "int64"), ("mean", "int32"),
                                             ("var", "int64"), ("std", "int64"),
                                             ("std", "int32"), ("mean", "float32")])
@pytest.mark.parametrize("x", [np.array([1, 2, 4, 9]), np.array([1.5, 2.5, 4.0, 7.0])])
def test_integer_dtype_in_mean_std_var(name: str, dtype: str, x: np.ndarray) -> None:
    assert_same(*_both(name, x, dtype=dtype), torch.Tensor)
    if name != "std" or dtype == "float32":  # NumPy refuses std's array in integers
        assert_same(*_both(name, x.reshape(2, 2), axis=1, dtype=dtype), torch.Tensor)


def test_std_of_an_array_in_an_integer_dtype_is_refused_as_numpy() -> None:
    with pytest.raises(TypeError):
        np.std(N22, axis=1, dtype="int64")
    with ov.set_backend("torch", only=True), pytest.raises(TypeError, match="int64"):
        unp.std(torch.from_numpy(N22), axis=1, dtype="int64")


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "bool",
                                   "float16", "float32", "float64", "complex64"])
def test_sort_complex_gives_numpys_complex_dtype(dtype: str) -> None:
    # NumPy: complex64 for 8- and 16-bit integers, complex128 for other real inputs.
    x = np.array([3, 1, 2, 1]).astype(dtype)
    with ov.set_backend("torch", only=True):
        assert_same(unp.sort_complex(torch.from_numpy(x)), np.sort_complex(x))


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("zeros", ((2, 3),), {}), ("ones", (3,), {"dtype": "int32"}), ("identity", (3,), {}),
    ("zeros_like", (np.arange(4),), {}), ("ones_like", (np.ones(3),), {"dtype": "float32"}),
    ("copy", (np.arange(3.0),), {}), ("diag", (np.arange(12).reshape(3, 4),), {"k": 1}),
    ("diagflat", (np.arange(4).reshape(2, 2),), {"k": -1}),
    ("roll", (np.arange(12).reshape(3, 4), (1, 2)), {"axis": (0, 1)}),
    ("roll", (np.arange(6), -2), {}), ("rot90", (np.arange(6).reshape(2, 3), 3), {}),
    ("fliplr", (np.arange(6).reshape(2, 3),), {}), ("flipud", (np.arange(6).reshape(2, 3),), {}),
    ("isreal", (np.array([1 + 0j, 1j]),), {}), ("isposinf", (np.array([np.inf, -np.inf]),), {}),
    ("isneginf", (np.array([np.inf, -np.inf]),), {}), ("iscomplexobj", (np.ones(2),), {}),
    ("isrealobj", (np.ones(2),), {}), ("diag_indices", (3,), {}),
    ("diag_indices_from", (np.ones((2, 2, 2)),), {}),
    ("size", (np.ones((2, 3)),), {"axis": 1}), ("tile", (np.arange(3), 2), {}),
    ("atleast_2d", (np.arange(3),), {}), ("argwhere", (np.arange(6).reshape(2, 3) > 2,), {}),
    ("vander", (np.array([1, 2, 3]),), {"N": 2, "increasing": True}),
    ("count_nonzero", (np.arange(6).reshape(2, 3),), {"axis": 0}),
    ("tensordot", (np.ones((2, 3)), np.arange(6).reshape(3, 2)), {"axes": 1}),
    ("outer", (np.arange(3, dtype=np.int8), np.ones((2, 2), np.float32)), {}),
    ("inner", (np.arange(3), np.ones(3)), {}),
    ("kron", (np.arange(2), np.ones((2, 2), np.float32)), {}),
    ("isclose", (np.array([1.0, np.nan]), np.array([1 + 1e-9, np.nan])), {"equal_nan": True}),
])
def test_torch_functions_with_numpys_meaning(name: str, args: tuple[Any, ...],
                                             kwargs: dict[str, Any]) -> None:
    expected = getattr(np, name)(*args, **kwargs)
    with ov.set_backend("torch", only=True):
        result = getattr(unp, name)(*(to_backend("torch", a) for a in args), **kwargs)
    if isinstance(expected, tuple):
        for r, e in zip(result, expected, strict=True):
            assert_same(r, e)
    elif isinstance(expected, (bool, int)):  # NumPy's Python scalars (iscomplexobj, size)
        assert type(result) is type(expected) and result == expected
    else:
        assert_same(result, expected)


@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int16", "int32", "int64",
                                   "float32", "float64"])
def test_rint_of_integers_and_booleans_is_numpys_float(dtype: str) -> None:
    # NumPy's rint has float loops only: bool and int8 give float16, int32 float64.
    x = np.array([0, 1, 1, 0]).astype(dtype)
    with ov.set_backend("torch", only=True):
        assert_same(unp.rint(torch.from_numpy(x)), np.rint(x))
        assert_same(unp.rint(x), np.rint(x))


def test_asarray_of_a_reversed_numpy_array_copies_it() -> None:
    # torch shares no memory of negative strides: a copy, unless copy=False forbids one.
    x = np.arange(4.0)[::-1]
    with ov.set_backend("torch", only=True):
        assert_same(unp.asarray(x), np.asarray(x))
        assert_same(unp.asarray(x, dtype="float32"), np.asarray(x, dtype="float32"))
        with pytest.raises(ValueError):
            unp.asarray(x, copy=False)


def test_histogramdd_takes_numpys_samples_and_bins() -> None:
    # A sequence of D coordinate arrays is N points in D dimensions (it was read as D points);
    # bins a count per dimension or edges per dimension.
    rng = np.random.default_rng(3)
    x, y = rng.standard_normal(20), rng.standard_normal(20)
    edges = [np.array([-3.0, 0.0, 3.0]), np.array([-3.0, -1.0, 1.0, 3.0])]
    for args, kwargs in [(([x, y],), {"bins": 2}), ((np.stack([x, y], 1),), {"bins": (2, 3)}),
                         ((np.stack([x, y], 1),), {"bins": edges}),
                         (([x, y],), {"bins": 3, "range": [(-1, 1), (-2, 2)], "density": True})]:
        hist, expected_edges = np.histogramdd(*args, **kwargs)
        with ov.set_backend("torch", only=True):
            sample = [to_backend("torch", a) for a in args[0]] if isinstance(args[0], list) \
                else to_backend("torch", args[0])
            result, result_edges = unp.histogramdd(sample, **kwargs)
        assert_same(result, hist)
        for r, e in zip(result_edges, expected_edges, strict=True):
            assert_same(r, e)


A3 = np.array([[3.0, -1.0, 2.0], [0.5, 5.0, -4.0], [1.0, 1.0, 7.0]])
B3 = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 10]], [[2, 0, 1], [1, 3, 0], [0, 1, 4]]],
              dtype=np.int16)
BOOL3 = np.array([[True, False, True], [False, False, True], [True, True, False]])


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("linalg.cross", (B3, A3[0]), {"axis": -1}),  # broadcast: torch wants one ndim
    ("linalg.cross", (np.array([1, 2, 3]), B3[0].astype(np.int32)), {}),
    ("linalg.cross", (B3, B3[::-1]), {"axis": 1}),
    ("dot", (BOOL3, BOOL3), {}),  # booleans: an OR of ANDs (torch has no Bool kernels)
    ("dot", (B3[0], 3), {}),
    ("matmul", (BOOL3, BOOL3), {}),
    ("matmul", (B3[0], A3.astype(np.float32)), {}),  # NumPy's loop: float32
    ("tensordot", (BOOL3, BOOL3), {"axes": 1}),
    ("inner", (BOOL3, BOOL3), {}),
    ("matvec", (BOOL3, BOOL3[0]), {}),
    ("vecmat", (BOOL3[1], BOOL3), {}),
    ("linalg.matrix_power", (BOOL3, 3), {}),
    ("einsum", ("ij,jk", BOOL3, BOOL3), {}),
    ("einsum", ("ij,jk->ik", B3[0], B3[1]), {"dtype": np.float32}),
    ("einsum", ("ij,jk", B3[0], A3), {}),  # two dtypes: their common one
    ("linspace", (0, 1), {"num": 4, "endpoint": False, "retstep": True}),  # float64 step
    ("linspace", (np.float32(0), np.float32(2)), {"num": 3, "retstep": True}),
    ("linspace", (np.array([0, 1], np.int16), 5), {"num": 3, "axis": 1}),
    ("square", (BOOL3,), {}),  # int8
    ("ldexp", (B3[0], B3[1]), {}),  # float64 mantissa, integer exponent
    ("ldexp", (A3.astype(np.float32), 2), {}),
    ("frexp", (B3[0].astype(np.int8),), {}),  # float16 and int32
    # NumPy's loop mixes uint64 and int64 here; torch cannot: their common float64
    ("equal", (np.array([2**63 + 5, 3], np.uint64), np.array([-1, 3])), {}),
    ("linalg.lstsq", (A3, A3[0]), {}),  # rank: int32
    ("linalg.multi_dot", ([BOOL3, BOOL3[0]],), {}),
    ("roll", (B3, [1, 2]), {}),  # shifts with no axis: their sum, flat
    ("linalg.matrix_rank", (B3,), {}),
    ("linalg.matrix_rank", (A3,), {"tol": 5.0}),
    ("linalg.matrix_rank", (A3,), {"hermitian": True, "rtol": 0.5}),
    # tensors of two dtypes: NumPy's promotion (float64), not torch.cat's (float32)
    ("concatenate", ((B3[0].astype(np.int64), A3.astype(np.float32)),), {}),
    ("concatenate", ((B3[0], A3),), {"axis": None, "dtype": np.int16, "casting": "unsafe"}),
    ("std", (B3[0],), {"dtype": np.int64}),  # one value: the root cast back
])
def test_harness_findings_match_numpy(name: str, args: tuple[Any, ...],
                                      kwargs: dict[str, Any]) -> None:
    assert_same(*_both(name, *args, **kwargs), torch.Tensor)


def test_einsum_dtype_casts_as_numpy() -> None:
    x = torch.ones(2, 2, dtype=torch.int64)
    with ov.set_backend("torch", only=True):
        with pytest.raises(TypeError):  # NumPy's casting="safe": no int64 -> float32
            unp.einsum("ij,jk", x, x, dtype=np.float32)
        assert_same(unp.einsum("ij,jk", x, x, dtype=np.float32, casting="unsafe"),
                    np.full((2, 2), 2.0, np.float32), torch.Tensor)


def test_a_ufunc_numpy_has_no_loop_for_raises_its_type_error() -> None:
    x = torch.tensor([1.0, 2.0])
    with ov.set_backend("torch", only=True):
        for call in (lambda: unp.ldexp(x, 0.5), lambda: unp.logaddexp(x, 1j),
                     lambda: unp.gcd(x.to(torch.int64), x)):
            with pytest.raises(TypeError):
                call()
    with pytest.raises(TypeError):
        np.ldexp(x.numpy(), 0.5)


def test_concatenate_refuses_numpys_casts_and_clip_writes_into_out() -> None:
    x, y = torch.tensor([1.5, 2.5]), torch.tensor([1, 2])
    with ov.set_backend("torch", only=True):
        with pytest.raises(TypeError):  # NumPy's same_kind: no float -> int
            unp.concatenate((x, y), dtype=np.int64)
        with pytest.raises(TypeError):  # NumPy's safe: no int64 -> float32
            unp.concatenate((x, y), dtype=np.float32, casting="safe")
        out = torch.zeros(3, dtype=torch.float64)
        result = unp.clip(torch.tensor([1, 5, 9]), 2, 6.5, out=out)
    assert result is out
    assert_same(out, np.clip(np.array([1, 5, 9]), 2, 6.5))


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64"])
@pytest.mark.parametrize("name", ["less", "less_equal", "greater", "greater_equal", "maximum",
                                  "minimum"])
def test_wide_unsigned_comparisons_as_numpy(name: str, dtype: str) -> None:
    # torch's CPU kernels lack these dtypes: compared as int64 in the same order
    x = np.array([1, 7, np.iinfo(dtype).max], dtype)
    for args in ((x, 5), (x, x[::-1].copy()), (x, np.array(6, dtype))):
        assert_same(*_both(name, *args), torch.Tensor)


#: NumPy answers, torch has no kernel (complex order, complex rint): not served yet.
_TORCH_LACKS = {("complex128", name) for name in (
    "less", "less_equal", "greater", "greater_equal", "maximum", "minimum", "fmax", "fmin",
    "rint")}
_UFUNC_SAMPLES = {"bool": np.array([True, False, True]), "int8": np.array([1, -2, 3], np.int8),
                  "int64": np.array([4, 1, -3]), "uint8": np.array([1, 2, 3], np.uint8),
                  "float32": np.array([0.5, -2.0, 3.0], np.float32),
                  "float64": np.array([0.25, 1.5, -3.0]),
                  "complex128": np.array([1 + 2j, -0.5j, 3.0])}


@pytest.mark.parametrize("name", sorted(
    n for n in torch_backend.LIBRARY.table() if isinstance(getattr(np, n, None), np.ufunc)
    and getattr(np, n).signature is None))
def test_every_ufunc_raises_or_answers_as_numpy_per_dtype(name: str) -> None:
    # each dtype's common call (the engine's guard, or the adapter on the pure-Python path):
    # NumPy's TypeError where it has no loop (sign or negative of booleans, ldexp of floats,
    # logaddexp of complex), else NumPy's dtype and values
    ufunc = getattr(np, name)
    for dtype, x in _UFUNC_SAMPLES.items():
        args = (x,) * ufunc.nin
        try:
            with np.errstate(all="ignore"):
                ufunc(*args)
        except (TypeError, ValueError) as exc:  # (ValueError: negative integer powers)
            error = TypeError if isinstance(exc, TypeError) else ValueError
            with ov.set_backend("torch", only=True), pytest.raises(error):
                getattr(unp, name)(*to_backend("torch", args))
            continue
        if (dtype, name) not in _TORCH_LACKS:
            with np.errstate(all="ignore"):
                assert_same(*_both(name, *args), torch.Tensor)


@pytest.mark.parametrize(("name", "args"), [
    ("matvec", (A3[0], A3[0])), ("vecmat", (A3[0], A3[0])), ("matmul", (A3, 2.0)),
    ("vecdot", (A3, 2)), ("vecdot", (np.float64(1.0), A3[0]))])
def test_gufunc_operands_without_their_core_dimensions_raise_numpys_value_error(
        name: str, args: tuple[Any, ...]) -> None:
    with pytest.raises(ValueError, match="does not have enough dimensions") as expected:
        getattr(np, name)(*args)
    with ov.set_backend("torch", only=True), pytest.raises(ValueError) as raised:
        getattr(unp, name)(*to_backend("torch", args))
    assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("histogram2d", (V, V[::-1].copy()), {"bins": [np.array([0, 1, 2, 4]), np.array([0, 3])]}),
    ("histogram", (V,), {"bins": np.array([0, 2, 4])}),  # integer edges stay integers
    ("histogram", (V.astype(np.float32),), {"bins": 3}),  # float32 edges
    ("histogram", (V.astype(np.float32),), {"bins": 3, "range": (0, 4)}),
    ("histogram", (I.ravel(),), {"bins": 3}),  # integers: float64 edges
    ("histogramdd", (np.stack([V, V], 1).astype(np.float32),), {"bins": 2}),
    ("histogramdd", (np.stack([V, V], 1).astype(np.float32),), {"bins": 2,
                                                               "range": [(0, 4), (0, 4)]}),
    ("histogramdd", ([V.astype(np.float32), V],), {"bins": 2}),  # promoted: float64
])
def test_histogram_edges_in_numpys_dtype(name: str, args: tuple[Any, ...],
                                          kwargs: dict[str, Any]) -> None:
    assert_same(*_both(name, *args, **kwargs), torch.Tensor)


@pytest.mark.parametrize("x", [np.array([3.0, np.nan, 1.0, np.nan, 3.0]),  # NaN: one value
                               np.array([[2, 1], [2**63 + 1, 2]], np.uint64),
                               np.array([1 + 1j, np.nan, 0j, 1 + 1j]), np.array(4)])
@pytest.mark.parametrize("equal_nan", [True, False])
def test_unique_with_every_part_as_numpy(x: np.ndarray, equal_nan: bool) -> None:
    assert_same(*_both("unique", x, True, True, True, equal_nan=equal_nan), torch.Tensor)


F23 = np.array([[1.0, 4.0, 2.0], [3.0, 0.0, 5.0]], np.float32)


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("quantile", (F23, 0.3), {}),  # float32 (a Python q is weak)
    ("quantile", (F23, np.array([0.3, 0.6])), {"axis": 1, "keepdims": True}),  # float64
    ("median", (F23,), {}), ("nanmedian", (F23,), {"keepdims": True}),
    ("percentile", (F23.astype(np.int64), 40), {"method": "nearest"}),  # an element: int64
    ("quantile", (F23.astype(np.float16), 0.3), {"method": "midpoint"}),
    ("median", (F23 > 2,), {}),  # booleans: float64
])
def test_quantiles_in_numpys_dtype(name: str, args: tuple[Any, ...],
                                   kwargs: dict[str, Any]) -> None:
    assert_same(*_both(name, *args, **kwargs), torch.Tensor)


@pytest.mark.parametrize("dtype", ["uint16", "uint32", "uint64", "int8", "float32"])
@pytest.mark.parametrize("repeats, axis", [([1, 2], 0), ([2, 0, 1, 3], None), (2, 1)])
def test_repeat_by_an_array_of_counts_takes_every_dtype(dtype: str, repeats: Any,
                                                        axis: Any) -> None:
    """torch has no index_select for uint16/32/64 (an array of counts); NumPy's values."""
    a = np.array([[1, 2**63 + 5], [3, 2**64 - 1]] if dtype == "uint64" else [[1, 2], [3, 4]],
                 dtype)
    counts = repeats if type(repeats) is int else np.array(repeats, np.int8)
    with ov.set_backend("torch", only=True):
        result = unp.repeat(*to_backend("torch", (a, counts)), axis=axis)
    assert_same(result, np.repeat(a, counts, axis=axis), torch.Tensor)


@pytest.mark.parametrize("dtype", ["int8", "int32", "int64", "uint8", "bool"])
def test_integer_reciprocal_of_zero_is_numpys(dtype: str) -> None:
    x = np.array([0, 1, 2, -1]).astype(dtype)
    with pytest.warns(RuntimeWarning, match="divide by zero"):
        expected = np.reciprocal(x)
    with ov.set_backend("torch", only=True), pytest.warns(RuntimeWarning, match="divide by zero"):
        result = unp.reciprocal(torch.from_numpy(x))
    assert_same(result, expected, torch.Tensor)


@pytest.mark.parametrize("dtype", ["int16", "uint8", "int32", "int64"])
def test_gathers_and_scatters_take_any_integer_indices(dtype: str) -> None:
    # torch's gathers and scatters take int64 indices only; NumPy's take any integer dtype
    a = np.arange(12.0, dtype=np.float32).reshape(3, 4)
    i = np.array([[0, 2], [1, 3], [3, 0]], dtype=dtype)
    with ov.set_backend("torch", only=True):
        t, ti = torch.from_numpy(a), torch.from_numpy(i)
        assert_same(unp.take(t, ti), np.take(a, i), torch.Tensor)
        assert_same(unp.take(t, ti, axis=1, mode="wrap"), np.take(a, i, axis=1, mode="wrap"),
                    torch.Tensor)
        assert_same(unp.take_along_axis(t, ti, axis=1), np.take_along_axis(a, i, axis=1),
                    torch.Tensor)
        expected, b = a.copy(), t.clone()
        np.put_along_axis(expected, i, 9.0, axis=1)
        unp.put_along_axis(b, ti, 9.0, axis=1)
        assert_same(b, expected, torch.Tensor)
        expected, b = a.copy(), t.clone()
        np.put(expected, i[0], [7.0, 8.0])
        unp.put(b, ti[0], [7.0, 8.0])
        assert_same(b, expected, torch.Tensor)


F4 = np.array([3.0, 1.0, 2.0, 0.5], dtype=np.float32)
I4 = np.array([1, 2, 0, 3], dtype=np.int32)

#: NumPy's result dtypes where torch's promotion or kernels differ (float32 with int64 is
#: float64 in NumPy, float32 in torch; vdot sums int32 in int32; a weighted histogram
#: counts in the weights' dtype; multi_dot of mixed dtypes raised).
PROMOTIONS: tuple[tuple[str, Any], ...] = (
    ("average", lambda m, f, i: m.average(f, weights=[1, 2, 3, 4])),
    ("average int32", lambda m, f, i: m.average(i, weights=f, returned=True)),
    ("average axis", lambda m, f, i: m.average(f.reshape(2, 2), axis=1, weights=[1, 3])),
    ("histogram weights", lambda m, f, i: m.histogram(f, 3, (0, 3), weights=f)),
    ("histogram density", lambda m, f, i: m.histogram(f, 3, (0, 3), weights=f, density=True)),
    ("multi_dot", lambda m, f, i: m.linalg.multi_dot([f.reshape(2, 2), i.reshape(2, 2),
                                                      f.reshape(2, 2)])),
    ("vander", lambda m, f, i: m.vander(f)),
    ("vander int32", lambda m, f, i: m.vander(i)),
    ("vdot", lambda m, f, i: m.vdot(i, i)),
    ("vdot mixed", lambda m, f, i: m.vdot(f, i)),
)


@pytest.mark.parametrize(("name", "call"), PROMOTIONS, ids=[p[0] for p in PROMOTIONS])
def test_numpys_result_dtypes_where_torch_differs(name: str, call: Any) -> None:
    expected = call(np, F4, I4)
    with ov.set_backend("torch", only=True):
        result = call(unp, torch.from_numpy(F4), torch.from_numpy(I4))
    assert_same(result, expected, torch.Tensor)
