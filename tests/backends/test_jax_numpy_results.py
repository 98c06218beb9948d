"""The JAX backend's answers where a new user's review found them differing from NumPy's:
``eigh``'s triangle, result dtypes and types, ``take``'s bounds, a dtype name NumPy does not
know; values and dtypes compared with NumPy's (x64 on, as the command line sets it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, require

import overridable as ov
import overridable.numpy as unp

jax = require("jax")
jnp = require("jax.numpy")


pytestmark = pytest.mark.usefixtures("x64")  # JAX in 64 bits (conftest)


def _array() -> type:
    return type(jnp.zeros(0))


def _both(function: Callable[..., Any], *arrays: Any) -> tuple[Any, Any]:
    """``function`` of the arrays as JAX's (the JAX backend's) and as NumPy's."""
    return function(*(jnp.asarray(a) for a in arrays)), function(*arrays)


# ---------------------------------------------------------------------------
# eigh / eigvalsh read one triangle (review #7)

_NOT_HERMITIAN = [np.array([[2.0, 1.0], [5.0, 3.0]]),
                  np.array([[2, 1 + 1j, 0], [5 - 2j, 3, 1j], [4, 2 + 1j, 1]]),
                  np.array([[[4, 1], [7, 2]], [[1, 0], [-3, 5]]]),  # integers, stacked
                  np.array([[3.0, 0.5], [0.5, 1.0]])]


@pytest.mark.parametrize("a", _NOT_HERMITIAN)
@pytest.mark.parametrize("uplo", [None, "L", "U"])
def test_eigvalsh_and_eigh_read_uplos_triangle(a: np.ndarray, uplo: str | None) -> None:
    kwargs = {} if uplo is None else {"UPLO": uplo}
    assert_same(*_both(lambda m: unp.linalg.eigvalsh(m, **kwargs), a), _array())
    (w, v), (w_np, v_np) = _both(lambda m: tuple(unp.linalg.eigh(m, **kwargs)), a)
    assert_same(w, w_np, _array())
    # eigenvectors: up to a phase each; M v = w v on the triangle NumPy read
    lower = np.swapaxes(a, -1, -2).conj() if uplo == "U" else a
    hermitian = np.tril(lower) + np.swapaxes(np.tril(lower, -1), -1, -2).conj()
    v = np.asarray(v)
    assert v.dtype == v_np.dtype
    np.testing.assert_allclose(hermitian @ v, v * np.asarray(w)[..., None, :], atol=1e-10)


def test_eigh_refuses_an_uplo_numpy_refuses() -> None:
    with pytest.raises(ValueError):
        np.linalg.eigvalsh(np.eye(2), UPLO="X")
    with pytest.raises(ValueError, match="UPLO"):
        unp.linalg.eigvalsh(jnp.eye(2), UPLO="X")


def test_eigvalsh_under_jit_reads_the_lower_triangle() -> None:
    a = _NOT_HERMITIAN[0]
    result = jax.jit(lambda m: unp.linalg.eigvalsh(m))(jnp.asarray(a))
    assert_same(result, np.linalg.eigvalsh(a), _array())


# ---------------------------------------------------------------------------
# result dtypes and types (review #9)


@pytest.mark.parametrize(("name", "q"), [
    ("percentile", [25, 75]), ("percentile", np.array([10.0, 50.0])), ("percentile", 50),
    ("quantile", np.array([0.25, 0.5])), ("quantile", 0.25), ("quantile", [0.1]),
    ("nanpercentile", [25, 75]), ("nanquantile", np.array([0.25, 0.5])),
])
@pytest.mark.parametrize("dtype", ["float32", "float16", "int16", "float64"])
def test_percentile_and_quantile_dtypes_are_numpys(name: str, q: Any, dtype: str) -> None:
    a = (np.arange(24.0).reshape(4, 6) * 1.37 % 5).astype(dtype)
    q_jax = jnp.asarray(q) if isinstance(q, np.ndarray) else q
    # (float16: NumPy interpolates between float16 neighbours, differences in float16)
    assert_same(getattr(unp, name)(jnp.asarray(a), q_jax, axis=1),
                getattr(np, name)(a, q, axis=1), _array(),
                rtol=1e-3 if dtype == "float16" else None)
    assert_same(getattr(unp, name)(jnp.asarray(a), q_jax, method="lower"),
                getattr(np, name)(a, q, method="lower"), _array())


def test_meshgrid_is_a_tuple() -> None:
    x, y = np.arange(3.0), np.arange(2)
    result, expected = _both(unp.meshgrid, x, y)
    assert type(result) is tuple and type(expected) is tuple
    assert_same(result, expected, _array())
    result, expected = _both(lambda *a: unp.meshgrid(*a, indexing="ij", sparse=True), x, y)
    assert type(result) is tuple
    assert_same(result, expected, _array())


@pytest.mark.parametrize("dtype", ["complex64", "float32", "int8", "complex128"])
def test_cov_and_corrcoef_dtypes_are_numpys(dtype: str) -> None:
    rng = np.random.default_rng(2)
    a = rng.normal(size=(3, 6)) * 10
    a = (a + 1j * a[::-1] if dtype.startswith("complex") else a).astype(dtype)
    assert_same(*_both(unp.cov, a), _array())
    assert_same(*_both(unp.corrcoef, a), _array())
    assert_same(*_both(lambda m, y: unp.cov(m, y), a, a[:1]), _array())


def test_trapezoid_of_numbers_keeps_its_answers() -> None:
    y = np.array([1, 4, 9], "int16")
    assert_same(*_both(unp.trapezoid, y), _array())
    assert_same(*_both(lambda v: unp.trapezoid(v, dx=0.5), y.astype("float32")), _array())


# ---------------------------------------------------------------------------
# take out of bounds (review #6)


@pytest.mark.parametrize(("call", "shape"), [
    (lambda m, a: m.take(a, 10), (6,)),
    (lambda m, a: m.take(a, m.asarray([1, 10])), (6,)),
    (lambda m, a: m.take(a, m.asarray([0, -7])), (6,)),
    (lambda m, a: m.take(a, m.asarray([[0], [5]]), axis=1), (2, 3)),
    (lambda m, a: m.take(a, m.asarray([-4]), axis=-1), (2, 3)),
    (lambda m, a: m.take(a, m.asarray([9]), mode="raise"), (2, 3)),
    (lambda m, a: m.take_along_axis(a, m.asarray([1, 10]), axis=0), (6,)),
    (lambda m, a: m.take_along_axis(a, m.asarray([[5]]), axis=1), (2, 3)),
    (lambda m, a: m.take_along_axis(a, m.asarray([7]), axis=None), (2, 3)),
])
def test_take_out_of_bounds_is_numpys_error(call: Callable[..., Any],
                                            shape: tuple[int, ...]) -> None:
    a = np.arange(float(np.prod(shape))).reshape(shape)
    with pytest.raises(IndexError) as numpy_error:
        call(np, a)
    with pytest.raises(IndexError) as caught:
        call(_Namespace(), jnp.asarray(a))
    assert str(caught.value) == str(numpy_error.value)


class _Namespace:
    """``unp``, its ``asarray`` making JAX arrays (the calls above are written once)."""

    take, take_along_axis = staticmethod(unp.take), staticmethod(unp.take_along_axis)

    @staticmethod
    def asarray(value: Any) -> Any:
        return jnp.asarray(value)


@pytest.mark.parametrize(("call", "shape"), [
    (lambda m, a: m.take(a, m.asarray([1, -6, 5])), (6,)),
    (lambda m, a: m.take(a, 3), (6,)),
    (lambda m, a: m.take(a, m.asarray([[0], [2]]), axis=1), (2, 3)),
    (lambda m, a: m.take(a, m.asarray([4, -9]), mode="wrap"), (6,)),
    (lambda m, a: m.take(a, m.asarray([4, 9]), axis=0, mode="clip"), (6,)),
    (lambda m, a: m.take_along_axis(a, m.asarray([[2, 0]]), axis=1), (2, 3)),
])
def test_take_in_bounds_keeps_its_answers(call: Callable[..., Any],
                                          shape: tuple[int, ...]) -> None:
    a = np.arange(float(np.prod(shape))).reshape(shape)
    assert_same(call(_Namespace(), jnp.asarray(a)), call(np, a), _array())


def test_take_under_jit_serves_traced_indices() -> None:
    a = jnp.arange(6.0)
    for call in (lambda i: unp.take(a, i), lambda i: unp.take(a, i, mode="raise"),
                 lambda i: unp.take_along_axis(a, i, axis=0)):
        result = jax.jit(call)(jnp.asarray([1, 4]))  # (not checked: JAX's rule, documented)
        assert_same(result, np.take(np.arange(6.0), [1, 4]), _array())


# ---------------------------------------------------------------------------
# a dtype name NumPy does not know (review #12)


def test_unknown_dtype_name_is_numpys_type_error() -> None:
    for call in (lambda m, x: m.sum(x, dtype="nope"), lambda m, x: m.asarray(x, dtype="flaot32")):
        with pytest.raises(TypeError) as numpy_error:
            call(np, np.ones(2))
        with pytest.raises(TypeError) as caught:
            call(unp, jnp.ones(2))
        assert not isinstance(caught.value, ov.BackendNotImplementedError)
        assert str(caught.value) == str(numpy_error.value)
        with ov.set_backend("jax"), pytest.raises(TypeError, match="not understood"):
            call(unp, [1.0, 2.0])
