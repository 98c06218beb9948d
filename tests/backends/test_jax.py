"""The JAX backend (CPU) against real JAX: JAX arrays stay JAX arrays, values equal NumPy's.

JAX computes in 32 bits unless ``jax_enable_x64`` is set; the value tests run
with it set (so dtypes are NumPy's), and ``test_without_x64_jax_is_32_bit``
pins down what happens without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, library_function, require, resolve, to_backend
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import jax as jax_backend

jax = require("jax")
jnp = require("jax.numpy")


@pytest.fixture(autouse=True, scope="module")
def x64() -> Iterator[None]:
    """NumPy's dtypes need JAX's 64-bit mode; restored afterwards for whoever runs next."""
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", before)


rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4))
S = rng.standard_normal((3, 3)) + 3 * np.eye(3)
V = np.array([3.0, 1.0, 2.0, 0.5])
I = np.array([[3, 1, 2], [0, 5, 4]])  # noqa: E741


def test_names_and_pickling() -> None:
    backend = ov.as_backend("jax")
    assert ov.as_backend(jnp) is backend and ov.as_backend("jax.numpy") is backend
    assert jax_backend.backend is backend
    assert backend.unresolved == ()
    import pickle

    assert pickle.loads(pickle.dumps(backend)) is backend


@pytest.mark.parametrize(("name", "args"), [
    ("put", (np.arange(5.0), [0, 2], [9.0, 8.0])),
    ("place", (np.arange(5.0), [True, False, True, False, False], [9.0, 8.0])),
    ("copyto", (np.zeros(5), np.ones(5))),
    ("fill_diagonal", (np.zeros((3, 3)), 5.0)),
    ("put_along_axis", (np.zeros((2, 3)), np.array([[0], [2]]), 5.0, 1)),
    ("putmask", (np.arange(5.0), np.arange(5) > 2, [-1.0, -2.0])),
])
def test_in_place_functions_are_declined_as_immutable(name: str, args: tuple[Any, ...]) -> None:
    assert name not in jax_backend.SAME_NAMES
    with ov.set_backend("jax", only=True), pytest.raises(ov.BackendNotImplementedError) as info:
        getattr(unp, name)(*to_backend("jax", args))
    assert "JAX arrays are immutable" in str(info.value) and name in str(info.value)


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("can_cast", (np.int32, np.float64), {}),
    ("can_cast", (np.float64, np.int8), {"casting": "unsafe"}),
    ("can_cast", (np.float64, np.int8), {}),
    ("result_type", (np.float32, np.int64), {}),
    ("result_type", (np.int32, np.float32), {}),  # NumPy: float64; JAX's lattice: float32
    ("promote_types", ("i4", "f4"), {}), ("promote_types", (np.uint8, np.int8), {}),
    ("isdtype", (np.float64, "real floating"), {}),
    ("isdtype", (np.dtype(np.int8), ("integral", "bool")), {}),
    ("issubdtype", (np.float32, np.floating), {}),
    ("issubdtype", (np.int8, np.unsignedinteger), {}),
    ("iterable", ([1, 2],), {}), ("iterable", (3,), {}), ("isscalar", (3.0,), {}),
])
def test_dtype_and_type_questions_get_numpys_answers(name: str, args: tuple[Any, ...],
                                                      kwargs: dict[str, Any]) -> None:
    with ov.set_backend("jax", only=True):
        assert getattr(unp, name)(*args, **kwargs) == getattr(np, name)(*args, **kwargs)


def test_array_questions_and_text_match_numpy() -> None:
    x = jnp.asarray(V)
    with ov.set_backend("jax", only=True):
        assert unp.isscalar(x) is False and unp.isscalar(jnp.asarray(1.0)) is False
        assert unp.result_type(jnp.asarray(A), 1) == np.float64
        assert unp.can_cast(jnp.asarray(I), np.float64) is True
        assert unp.array_repr(x) == np.array_repr(V)
        assert unp.array_str(jnp.asarray(A), precision=2) == np.array_str(A, precision=2)
        with pytest.raises(ov.BackendNotImplementedError, match="einsum_path"):
            unp.einsum_path("ij,jk->ik", jnp.asarray(A), jnp.asarray(A.T))


def test_modf_refuses_out_as_immutable() -> None:
    x = jnp.asarray(V)
    with ov.set_backend("jax", only=True), pytest.raises(
            ov.BackendNotImplementedError, match="JAX arrays are immutable"):
        unp.modf(x, out=(jnp.empty(4), jnp.empty(4)))


@pytest.mark.parametrize("dtype", [unp.float32, "float32", np.dtype("float32"), jnp.float32])
def test_every_dtype_spelling_means_the_same(dtype: Any) -> None:
    with ov.set_backend("jax"):
        assert unp.zeros(2, dtype=dtype).dtype == np.float32
        assert unp.sum(jnp.ones(3, dtype=jnp.int32), dtype=dtype).dtype == np.float32


def test_arrays_stay_jax_arrays_when_registered(clean_state: None) -> None:
    ov.register_backend("jax")
    x = jnp.asarray(A)
    assert_same(library_function(x), library_function(A), jax.Array)
    assert_same(unp.add(x, A), A + A, jax.Array)  # JAX absorbs NumPy arrays
    assert isinstance(unp.ones(3), np.ndarray)  # nothing of JAX's in the call: NumPy serves


def test_runs_under_jit_and_grad(clean_state: None) -> None:
    ov.register_backend("jax")  # JAX's tracers are owned too

    def loss(x: Any) -> Any:
        return unp.sum(unp.sin(x) ** 2)

    x = jnp.asarray(V)
    assert_allclose(jax.jit(loss)(x), np.sum(np.sin(V) ** 2))
    assert_allclose(jax.grad(loss)(x), 2 * np.sin(V) * np.cos(V))


@pytest.mark.parametrize("call", [
    lambda x: unp.sin(x, out=np.empty(2)),
    lambda x: unp.add(x, x, out=jnp.empty(2)),
    lambda x: unp.sum(x, out=np.empty(())),
    lambda x: unp.clip(x, 0, 1, out=np.empty(2)),
])
def test_out_is_refused_as_immutable(call: Any) -> None:
    with ov.set_backend("jax", only=True), pytest.raises(ov.BackendNotImplementedError) as info:
        call(jnp.ones(2))
    assert "JAX arrays are immutable" in str(info.value)


def test_an_argument_jax_does_not_take_is_named() -> None:
    with ov.set_backend("jax", only=True), pytest.raises(
            ov.BackendNotImplementedError, match=r"jax.numpy.concatenate takes no casting="):
        unp.concatenate([jnp.ones(2), jnp.ones(2)], casting="unsafe")


def test_jax_scalar_type_as_dtype_selects_jax(clean_state: None) -> None:
    ov.register_backend("jax")
    x = unp.ones((5, 5), dtype=jnp.float32)
    assert isinstance(x, jax.Array) and x.dtype == np.float32 and x.shape == (5, 5)


def test_foreign_arrays_need_coerce(clean_state: None) -> None:
    torch = pytest.importorskip("torch")
    with ov.set_backend("jax", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                        match="Tensor"):
        unp.sum(torch.ones(2))
    with ov.set_backend("jax", coerce=True):
        result = unp.sum(torch.ones(2, dtype=torch.float64))
    assert_same(result, np.float64(2.0), jax.Array)


def test_without_x64_jax_is_32_bit() -> None:
    jax.config.update("jax_enable_x64", False)
    try:
        with ov.set_backend("jax"):
            ones, total = unp.ones(3), unp.sum(np.arange(4.0))
            counted = unp.arange(3)
    finally:
        jax.config.update("jax_enable_x64", True)
    # JAX's documented behaviour, not NumPy's: 32-bit defaults, float64 input narrowed.
    assert ones.dtype == np.float32 and total.dtype == np.float32
    assert counted.dtype == np.int32
    assert_allclose(np.asarray(total), 6.0)


#: Calls the conformance harness once found mismatched or failing on JAX (with x64), by class:
#: list arguments JAX refuses, NumPy's result dtypes (integer histogram counts, float
#: histogram2d counts, integer polynomials, real eigenvalues), NumPy's argument rules.
CONFORMANCE_FIXED = (
    "delete", "diff", "polyint", "repeat",                                 # list arguments
    "block", "histogram2d", "histogramdd",                                 # nested arguments
    "histogram", "polyder", "polymul", "roots", "poly", "linalg.eig",     # result dtypes
    "linalg.eigvals", "reciprocal", "polydiv", "polyval",
    "ix_", "round",                                                        # argument rules
)
#: Functions whose jax.numpy answers are not NumPy's, served by the defaults (NumPy's rules
#: over the JAX backend's other functions) rather than by entries of their own.
BY_DEFAULT = ("permute_dims", "around", "copy", "tri", "broadcast_shapes",
              "unstack", "array_equiv", "logspace")


def test_conformance_regressions_match_numpy() -> None:
    from overridable.conformance import run

    report = run("jax", names=CONFORMANCE_FIXED)
    bad = {n: r.details for n, r in report.results.items() if r.status != "native"}
    assert not bad
    report = run("jax", names=BY_DEFAULT)
    assert {n: r.status for n, r in report.results.items()} == dict.fromkeys(BY_DEFAULT,
                                                                              "default")


def test_integer_round_and_reciprocal_follow_numpy() -> None:
    x = np.array([15, 25, -15, -25, 34, 0])
    with ov.set_backend("jax", only=True):
        assert_allclose(np.asarray(unp.round(jnp.asarray(x), -1)), np.round(x, -1))
        r = unp.reciprocal(jnp.asarray(np.array([1, -1, 2, 3])))
    assert np.asarray(r).dtype.kind == "i"
    assert_allclose(np.asarray(r), [1, -1, 0, 0])


#: Integer and boolean inputs narrower than 64 bits, where jax.numpy computes in float32.
NARROW = [np.array([1, 2, 4, 6, 9], dtype) for dtype in ("int8", "uint8", "int16",
                                                                "int32", "bool")]


#: (name, arguments after the array, keywords); NumPy's answers for booleans in the last
#: five are its own (bool arithmetic is logical), not compared.
DTYPE_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("sqrt", (), {}), ("exp", (), {}), ("log", (), {}), ("sin", (), {}),
    ("mean", (), {}), ("std", (), {}), ("var", (), {"axis": 0}), ("median", (), {}),
    ("nanmean", (), {}), ("average", (), {"axis": 0}), ("cumsum", (), {"axis": 0}),
    ("cov", (), {}), ("linalg.norm", (), {}), ("fft.fft", (), {}), ("square", (), {}),
    ("histogram", (), {"bins": 3}), ("convolve", (np.array([2, 1]),), {}),
    ("polyder", (), {}), ("polymul", (np.array([2, 1], np.int8),), {}), ("angle", (), {}),
    ("correlate", (np.array([1, 3]),), {"mode": "full"}),
    ("trapezoid", (), {}), ("percentile", (50,), {}), ("quantile", (0.25,), {"method": "lower"}),
    ("divide", (2,), {}), ("true_divide", (3,), {}),
]


@pytest.mark.filterwarnings("ignore:Converting input from bool:RuntimeWarning")
@pytest.mark.parametrize(("x", "name", "args", "kwargs"), [
    (x, *case) for x in NARROW for case in DTYPE_CASES[:None if x.dtype != bool else -5]])
def test_integer_inputs_get_numpys_dtypes(x: Any, name: str, args: tuple[Any, ...],
                                          kwargs: dict[str, Any]) -> None:
    with np.errstate(all="ignore"):
        expected = resolve(name, np)(x, *args, **kwargs)
    with ov.set_backend("jax", only=True):
        result = resolve(name, unp)(jnp.asarray(x), *args, **kwargs)
    assert_same(result, expected, jax.Array)


@pytest.mark.parametrize("name", ["logical_and", "logical_or", "add", "multiply", "maximum"])
@pytest.mark.parametrize("scalar", [False, True, 2, 1.5])
@pytest.mark.parametrize("dtype", ["bool", "int8", "float32"])
def test_python_scalars_of_every_kind_are_numpys_weak_scalars(name: str, scalar: Any,
                                                              dtype: str) -> None:
    # bool included: found by the array-API suite (a bool beside a bool array).
    x = np.array([True, False, True]).astype(dtype)
    expected = resolve(name, np)(x, scalar)
    with ov.set_backend("jax", only=True):
        result = resolve(name, unp)(jnp.asarray(x), scalar)
    assert_same(result, expected, jax.Array)


@pytest.mark.parametrize("kind", ["stable", "quicksort", "mergesort", "heapsort"])
def test_sort_kinds_are_honoured(kind: str) -> None:
    x = np.array([3, 1, 2, 1, 0])
    with ov.set_backend("jax", only=True):
        assert_same(unp.sort(jnp.asarray(x), kind=kind), np.sort(x, kind="stable"), jax.Array)
        assert_same(unp.argsort(jnp.asarray(x), kind=kind), np.argsort(x, kind="stable"),
                    jax.Array)
        with pytest.raises(ValueError, match="sort kind must be one of"):
            unp.sort(jnp.asarray(x), kind="bogus")


def test_integer_division_by_zero_gives_numpys_zero() -> None:
    a, b = np.array([5, -5, 7, 0, 9]), np.array([0, 0, 0, 0, 2])
    with np.errstate(divide="ignore"):
        expected = [np.floor_divide(a, b), np.remainder(a, b), np.divmod(a, b)]
    with ov.set_backend("jax", only=True):
        x, y = jnp.asarray(a), jnp.asarray(b)
        result = [unp.floor_divide(x, y), unp.remainder(x, y), unp.divmod(x, y)]
    assert_same(result, expected, jax.Array)
    with ov.set_backend("jax", only=True):  # unsigned: XLA gives the largest value
        u = unp.floor_divide(jnp.asarray([5], jnp.uint8), jnp.asarray([0], jnp.uint8))
    assert_same(u, np.array([0], np.uint8), jax.Array)


@pytest.mark.parametrize("call", [
    lambda x: unp.sum(x, axis=5), lambda x: unp.mean(x, axis=2), lambda x: unp.argmax(x, axis=-3),
    lambda x: unp.std(x, axis=(0, 4)), lambda x: unp.concatenate([x, x], axis=2),
    lambda x: unp.stack([x, x], axis=4), lambda x: unp.sort(x, axis=3),
    lambda x: unp.delete(x, [0], axis=2), lambda x: unp.diff(x, axis=-3),
])
def test_a_bad_axis_raises_numpys_axis_error(call: Any) -> None:
    from numpy.exceptions import AxisError

    with ov.set_backend("jax", only=True), pytest.raises(AxisError, match="out of bounds"):
        call(jnp.ones((2, 3)))


def test_without_x64_a_float64_request_is_float32_with_jaxs_warning() -> None:
    jax.config.update("jax_enable_x64", False)
    try:
        with ov.set_backend("jax"), pytest.warns(UserWarning, match="float64.*not available"):
            ones = unp.ones(2, dtype="float64")
        with ov.set_backend("jax"):
            root = unp.sqrt(jnp.asarray([1, 4], jnp.int32))  # NumPy's float64: float32 here
    finally:
        jax.config.update("jax_enable_x64", True)
    assert ones.dtype == np.float32 and root.dtype == np.float32
    assert_allclose(np.asarray(root), [1.0, 2.0])


@pytest.mark.parametrize("dtype", ["float16", "float32", "complex64"])
def test_float_power_computes_in_float64_as_numpy(dtype: str) -> None:
    # The one ufunc whose floating loops widen: its floats are not passed through as they are.
    x = np.array([0.5, 2.0, 3.0], dtype)
    with ov.set_backend("jax", only=True):
        result = unp.float_power(jnp.asarray(x), jnp.asarray(x))
    assert_same(result, np.float_power(x, x), jax.Array)


#: Zeros of either sign on the real part, on and off arcsinh's branch cut (|imag| > 1).
BRANCH = np.array([complex(r, i) for r in (-0.0, 0.0, -1.5) for i in (-np.inf, -3.0, -1.0,
                                                                      -0.5, 0.5, 1.5, 3.0)])


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("name", ["arcsinh", "asinh"])
def test_arcsinh_on_its_branch_cut_is_numpys(name: str, dtype: str) -> None:
    z = BRANCH.astype(dtype)
    expected = np.arcsinh(z)
    with ov.set_backend("jax", only=True):
        result = np.asarray(getattr(unp, name)(jnp.asarray(z)))
    assert_same(result, expected)
    # the sign of each part (a zero's too) is NumPy's: -0 + 2j gives -1.317 + 1.571j
    assert (np.signbit(result.real) == np.signbit(expected.real)).all()
    assert (np.signbit(result.imag) == np.signbit(expected.imag)).all()


@pytest.mark.parametrize("name", ["fft", "ifft", "fft2", "fftn", "rfft", "irfft", "rfft2",
                                  "irfft2", "rfftn", "irfftn", "hfft", "ihfft"])
def test_fft_of_float16_has_numpys_dtype(name: str) -> None:
    # NumPy computes float16 in float32 (jax.numpy's real transforms refuse float16), and
    # answers its 1-d irfft and hfft in float16
    x = np.array([[1.0, 2.0, -1.0, 0.5], [3.0, 0.0, 2.0, -2.0]], np.float16)
    expected = getattr(np.fft, name)(x)
    with ov.set_backend("jax", only=True):
        result = getattr(unp.fft, name)(jnp.asarray(x))
    assert_same(result, expected, jax.Array, rtol=1e-3, atol=1e-3)  # float16's precision


@pytest.mark.parametrize(("a", "b", "rcond"), [
    (A.T, rng.standard_normal(4), None),  # full rank, M > N: residuals
    (A.T, rng.standard_normal((4, 2)), -1),
    (A.T, rng.standard_normal(4), 0.5),  # rank below N: no residuals
    (S, rng.standard_normal(3), None),  # square: no residuals
    (A, rng.standard_normal(3), None),  # wide: no residuals
    (I.T, np.array([1, 2, 3]), None), (A.T.astype(np.float32), V.astype(np.float32), 0.5),
])
def test_lstsq_is_numpys_four_tuple(a: Any, b: Any, rcond: Any) -> None:
    expected = np.linalg.lstsq(a, b, rcond=rcond)
    with ov.set_backend("jax", only=True):
        result = unp.linalg.lstsq(jnp.asarray(a), jnp.asarray(b), rcond=rcond)
    assert_same(result, expected, jax.Array, atol=1e-5)  # float32's rounding
    assert np.asarray(result[2]).dtype == np.int32


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("histogramdd", ((V, V[::-1]),), {"bins": 2}),  # D sequences of N coordinates
    ("histogramdd", ([V, V[::-1], -V],), {"bins": [2, 3, 2]}),
    ("histogramdd", (np.stack([V, V[::-1]], axis=-1),), {"bins": 3}),  # N rows of D
    ("histogram2d", (V, V[::-1]), {"bins": [2, 3]}),
    ("histogram2d", (V, V[::-1]), {"bins": [0.0, 1.0, 4.0]}),
])
def test_histograms_of_coordinates_match_numpy(name: str, args: tuple[Any, ...],
                                               kwargs: dict[str, Any]) -> None:
    expected = getattr(np, name)(*args, **kwargs)
    jargs = [tuple(map(jnp.asarray, a)) if isinstance(a, tuple) else
             [jnp.asarray(v) for v in a] if isinstance(a, list) else jnp.asarray(a) for a in args]
    with ov.set_backend("jax", only=True):
        result = getattr(unp, name)(*jargs, **kwargs)
    assert_same(result, expected)


B = np.array([[True, False, True], [False, False, True]])

#: Common calls the engine sends straight to jax.numpy (the backend's guarded entries).
FAST_CALLS = [
    ("sum", (A,), {}), ("sum", (A,), {"axis": 0}), ("sum", (A, 1), {}), ("sum", (B,), {}),
    ("prod", (I,), {"axis": 1}), ("max", (I,), {}), ("min", (A,), {"axis": -1}),
    ("amax", (A,), {"axis": 1}), ("all", (I,), {"axis": 0}), ("any", (B,), {}),
    ("mean", (A,), {"axis": 0}), ("mean", (I,), {"axis": 1}), ("mean", (B,), {}),
    ("mean", (A.astype(np.float32),), {}),
    ("concatenate", ((A, A),), {"axis": 1}), ("concatenate", ([I, I],), {}),
    ("stack", ((I, I),), {"axis": -1}), ("stack", ([A, A],), {}),
    ("reshape", (A, (4, 3)), {}), ("reshape", (I, (-1,)), {}), ("transpose", (I,), {}),
    ("dot", (A, A.T), {}), ("dot", (I, I.T), {}), ("dot", (V, V), {}),
    ("where", (A > 0, A, -A), {}), ("where", (I > 1, I, I * 2), {}),
]


@pytest.mark.parametrize("name, args, kwargs", FAST_CALLS)
def test_the_common_calls_sent_straight_to_jax_are_numpys(name: str, args: tuple[Any, ...],
                                                          kwargs: dict[str, Any]) -> None:
    """The entry, its adapter (the path of every other call) and the dispatched call all
    give NumPy's values and dtypes; on the compiled path the entry is the engine's guard."""
    from overridable._guarded import adapter_of

    implementation = ov.as_backend("jax").implementations[getattr(unp, name)]
    assert (type(implementation).__name__ == "Guarded") == ov.compiled()
    arrays = to_backend("jax", args)
    expected = getattr(np, name)(*args, **kwargs)
    for function in (implementation, adapter_of(implementation)):
        assert_same(function(*arrays, **kwargs), expected, jax.Array)
    with ov.set_backend("jax", only=True):
        assert_same(getattr(unp, name)(*arrays, **kwargs), expected, jax.Array)


F4 = np.array([3.0, 1.0, 2.0, 0.5], dtype=np.float32)
I8 = np.array([1, 2, 0, 3])

#: NumPy's promotion where jax.numpy's lattice differs (int64 with float32 is float64 in
#: NumPy, float32 in JAX; float32 with a Python float made an array is float64), and NumPy's
#: own result dtypes (vander at least int64, bincount's float64 weights, sort_complex's
#: complex128, a histogram's density in float64, edges of integers in float64).
PROMOTIONS: tuple[tuple[str, Any], ...] = (
    ("concatenate", lambda m, f, i: m.concatenate(([1, 2], f))),
    ("concatenate same", lambda m, f, i: m.concatenate((f, f))),
    ("hstack", lambda m, f, i: m.hstack((1.0, f))),
    ("vstack", lambda m, f, i: m.vstack((f, i))),
    ("stack", lambda m, f, i: m.stack((i, f))),
    ("column_stack", lambda m, f, i: m.column_stack((f, i))),
    ("dot scalar", lambda m, f, i: m.dot(f, 2)),
    ("dot", lambda m, f, i: m.dot(f, i)),
    ("matmul", lambda m, f, i: m.matmul(f, i)),
    ("inner", lambda m, f, i: m.inner(f, 2.0)),
    ("outer", lambda m, f, i: m.outer(f, [1, 2])),
    ("kron", lambda m, f, i: m.kron(f, i)),
    ("vdot", lambda m, f, i: m.vdot(f, i)),
    ("tensordot", lambda m, f, i: m.tensordot(f, i, axes=1)),
    ("linalg.outer", lambda m, f, i: m.linalg.outer(f, i)),
    ("diff", lambda m, f, i: m.diff(f, prepend=0.0)),
    ("append", lambda m, f, i: m.append(f, i)),
    ("convolve", lambda m, f, i: m.convolve(f, [1, -1])),
    ("correlate", lambda m, f, i: m.correlate(f, i)),
    ("polyval", lambda m, f, i: m.polyval([1, 0, -1], f)),
    ("vander", lambda m, f, i: m.vander(f)),
    ("vander int32", lambda m, f, i: m.vander(i.astype("int32"))),
    ("average", lambda m, f, i: m.average(f, weights=[1, 2, 3, 4])),
    ("bincount", lambda m, f, i: m.bincount(i, weights=f)),
    ("sort_complex", lambda m, f, i: m.sort_complex(f)),
    ("sort_complex int16", lambda m, f, i: m.sort_complex(i.astype("int16"))),
    ("histogram density", lambda m, f, i: m.histogram(f, bins=3, range=(0, 3), density=True)),
    ("histogram weights", lambda m, f, i: m.histogram(f, 3, (0, 3), weights=f, density=True)),
    ("histogram_bin_edges", lambda m, f, i: m.histogram_bin_edges(i.astype("int32"), bins=4)),
    ("histogram2d", lambda m, f, i: m.histogram2d(i.astype("int32"), i.astype("int32"), 3)),
)


@pytest.mark.parametrize(("name", "call"), PROMOTIONS, ids=[p[0] for p in PROMOTIONS])
def test_numpys_promotion_where_jax_differs(name: str, call: Any) -> None:
    expected = call(np, F4, I8)
    with ov.set_backend("jax", only=True):
        result = call(unp, jnp.asarray(F4), jnp.asarray(I8))
    assert_same(result, expected, jax.Array)
