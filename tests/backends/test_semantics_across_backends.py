"""NumPy's rules written once (``backends/_semantics.py``), checked on every library backend
that uses them, against NumPy; and ``overridable.backends.to_numpy`` on each backend's
results."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, installed_backend, to_backend

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy
from overridable.conformance import targets

#: backend name -> the module its library needs.
BACKENDS = {"torch": "torch", "dask": "dask.array", "jax": "jax.numpy", "sparse": "sparse",
            "array_api_strict": "array_api_strict"}

A = np.array([[1.0, 5.0, -3.0], [7.0, 2.0, 9.0]])
I = np.array([[1, 5, 3], [7, 2, 9]], dtype=np.int32)  # noqa: E741
MASK = np.array([True, False, True])

#: The functions whose NumPy rules ``_semantics`` writes once (a variance in its input's
#: float dtype however the count is given; reductions' where= and initial=; clip's bounds;
#: round to negative decimals; integer reciprocal): every sample call of theirs in the
#: conformance harness, checked here for the exact dtype and the backend's own array type.
RULES = ("var", "std", "sum", "prod", "max", "min", "all", "any", "clip", "round", "reciprocal")
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    (t.name, call.args, call.kwargs) for t in targets() if t.name in RULES for call in t.calls]


pytestmark = pytest.mark.usefixtures("x64")  # JAX in 64 bits (conftest)


def _own_type(name: str) -> Any:
    return type(to_backend(name, np.zeros(2)))


@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("function, args, kwargs", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rules_match_numpy(name: str, function: str, args: tuple[Any, ...],
                           kwargs: dict[str, Any]) -> None:
    backend = installed_backend(name, BACKENDS[name])
    expected = getattr(np, function)(*args, **kwargs)
    ours = to_backend(name, args)
    given = {key: to_backend(name, value) for key, value in kwargs.items()}
    with ov.set_backend(backend, only=True):
        try:
            result = getattr(unp, function)(*ours, **given)
        except ov.BackendNotImplementedError as exc:
            pytest.skip(f"{name} declines {function}({kwargs}): {str(exc)[:200]}")
    assert_same(result, expected, _own_type(name), scalars=name != "sparse")


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_where_without_initial_is_numpys_error(name: str) -> None:
    backend = installed_backend(name, BACKENDS[name])
    with pytest.raises(ValueError, match="does not have an identity"):
        np.max(A, where=MASK)
    with ov.set_backend(backend, only=True), \
            pytest.raises(ValueError, match="does not have an identity"):
        unp.max(to_backend(name, A), where=to_backend(name, MASK))


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_clip_refuses_both_spellings_of_a_bound(name: str) -> None:
    backend = installed_backend(name, BACKENDS[name])
    with ov.set_backend(backend, only=True), pytest.raises(TypeError, match="not both"):
        unp.clip(to_backend(name, A), 0.0, a_min=1.0)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_to_numpy_converts_arrays_dtypes_and_named_tuples(name: str) -> None:
    backend = installed_backend(name, BACKENDS[name])
    with ov.set_backend(backend, only=True):
        x = to_backend(name, np.array([3, 1, 3, 2]))
        dtype = unp.result_type(x, unp.float32)
        try:
            counts = unp.unique_counts(x)
        except ov.BackendNotImplementedError:
            counts = None
    assert to_numpy(dtype) == np.dtype("float64")
    got = to_numpy(x)
    assert type(got) is np.ndarray and got.tolist() == [3, 1, 3, 2] and got.dtype == np.int64
    if counts is not None:
        converted = to_numpy(counts)
        assert converted._fields == ("values", "counts")  # a named tuple stays one
        assert converted.values.tolist() == [1, 2, 3] and converted.counts.tolist() == [1, 1, 2]


def test_to_numpy_leaves_numpy_and_python_values_alone() -> None:
    a = np.arange(3)
    assert to_numpy(a) is a and to_numpy(3) == 3 and to_numpy(None) is None
    assert to_numpy((a, [1.5])) == (a, [1.5]) or to_numpy((a, [1.5]))[0] is a
    assert to_numpy(np.float32) is np.float32


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_where_takes_x_and_y_as_numpy_does(name: str) -> None:
    # Both or neither (NumPy's ValueError), None declined (NumPy's object array, which no
    # library backend has), neither a nonzero, both the choice: NumPy's values.
    backend = installed_backend(name, BACKENDS[name])
    condition = np.array([True, False, True])
    c, x = to_backend(name, condition), to_backend(name, A[0])
    with ov.set_backend(backend, only=True):
        with pytest.raises(ValueError, match="both or neither"):
            unp.where(c, x)
        with pytest.raises(ov.BackendNotImplementedError, match="object array"):
            unp.where(c, None, None)
        chosen = unp.where(c, x, 0.0)
        indices = unp.where(c)
    assert_same(chosen, np.where(condition, A[0], 0.0))
    assert_same(indices, np.where(condition))


@pytest.mark.parametrize("name", ["jax", "torch"])
@pytest.mark.parametrize(("y", "kwargs"), [
    ([True, True, True], {}),
    ([True, False, True, True], {"dx": 2.0}),
    ([[True, True], [False, True], [False, False]], {"axis": 0}),
    ([True, True, False, True], {"x": np.array([0.0, 1.0, 3.0, 6.0])}),
])
def test_trapezoid_of_booleans_is_numpys(name: str, y: Any, kwargs: dict[str, Any]) -> None:
    """NumPy's boolean ``+`` is a logical or: a pair of ``True`` counts 1, not 2."""
    backend = installed_backend(name, BACKENDS[name])
    with ov.set_backend(backend, only=True):
        got = unp.trapezoid(to_backend(name, np.array(y)), **to_backend(name, kwargs))
    assert_same(to_numpy(got), np.trapezoid(np.array(y), **kwargs))


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_round_of_booleans_is_numpys(name: str) -> None:
    """NumPy rounds booleans in ``float16`` (``rint``'s loop; array-api-strict, which has no
    ``float16``, in ``float32``) and refuses ``decimals`` other than 0 (its cast back; Dask
    when it computes)."""
    backend = installed_backend(name, BACKENDS[name])
    with ov.set_backend(backend, only=True):
        got = np.asarray(to_numpy(unp.round(to_backend(name, MASK))))
        for decimals in (1, -1):
            with pytest.raises(TypeError, match="Cannot cast ufunc"):
                to_numpy(unp.round(to_backend(name, MASK), decimals))
    np.testing.assert_array_equal(got, [1.0, 0.0, 1.0])
    assert got.dtype == (np.float32 if name == "array_api_strict" else np.float16)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_sign_of_a_zero_is_positive_as_numpys(name: str) -> None:
    backend = installed_backend(name, BACKENDS[name])
    values = [np.array([-0.0, 0.0, -2.0]), np.array([complex(-0.0, -0.0), 0j, 3 + 4j])]
    for value in values:
        with ov.set_backend(backend, only=True):
            got = np.asarray(to_numpy(unp.sign(to_backend(name, value))))
        expected = np.sign(value)
        np.testing.assert_array_equal(got, expected)
        for part in ("real", "imag"):
            np.testing.assert_array_equal(np.signbit(getattr(got, part)),
                                          np.signbit(getattr(expected, part)), err_msg=part)


_SPECIAL = [0j, -0j, 1 + 2j, 1 + 3j, 2 + 0j, complex(np.nan, 0), complex(0, np.nan),
            complex(np.inf, 1), complex(-np.inf, 0), 1 - 1j]


@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
@pytest.mark.parametrize("function", ["less", "less_equal", "greater", "greater_equal",
                                      "maximum", "minimum", "fmax", "fmin"])
def test_complex_numbers_are_ordered_as_numpy_orders_them(name: str, dtype: str,
                                                          function: str) -> None:
    """NumPy orders complex numbers by real part, then imaginary (``_semantics.
    complex_ordered``, for torch and the array API, which do not order them, and JAX, whose
    NaN and zero rules differ): bit for bit, which of two equal zeros and which NaN."""
    backend = installed_backend(name, BACKENDS[name])
    if name == "array_api_strict" and function in ("fmax", "fmin"):
        pytest.skip("the array API has no fmax/fmin: not served on array-api-strict")
    pairs = [(x, y) for x in _SPECIAL for y in _SPECIAL]
    a = np.array([x for x, _ in pairs], dtype)
    b = np.array([y for _, y in pairs], dtype)
    with ov.set_backend(backend, only=True), np.errstate(invalid="ignore"):
        # (a real array and a complex scalar compute in complex too)
        for args in ((a, b), (a, 1 + 1j), (b[:1], a), (a.real.copy(), 1 + 1j)):
            expected = getattr(np, function)(*args)
            result = to_numpy(getattr(unp, function)(*to_backend(name, args)))
            assert result.dtype == expected.dtype
            assert result.tobytes() == expected.tobytes(), (function, args)
