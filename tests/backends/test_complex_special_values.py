"""Complex elementwise functions at special values on JAX: NumPy's values (C99 Annex G).

Each function runs on a grid of complex numbers whose parts take the values 0, -0, 1, -1,
0.5, 2, inf, -inf, NaN, a huge and a small number (every combination; divide and power on
every pair of them), in complex64 and complex128, through overridable.numpy on the JAX
backend, eagerly and under jax.jit. It is compared with NumPy where a part is zero, infinite
or NaN (where the rules of the _semantics functions complex_special, complex_quotient and
complex_power decide): finite parts within 4 eps of the dtype, infinities and NaNs in place,
and the sign of every zero.

The small part is finfo.tiny * 2**24, a normal number whose products and quotients on the
grid are not subnormal: XLA on CPU flushes subnormal results to zero, which is no rule of
special values (NumPy's square root of 1 + 1e-308j has a subnormal imaginary part, XLA's is
0). The points with no special part test JAX's accuracy, not these rules, and are left out.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy

jax = require("jax")

UNARY = ("sqrt", "log", "log1p", "log2", "log10", "exp", "expm1", "exp2", "sin", "cos", "tan",
         "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh",
         "arctanh", "reciprocal", "absolute", "sign")
BINARY = ("divide", "power")


pytestmark = pytest.mark.usefixtures("x64")  # JAX in 64 bits (conftest)


def grid(dtype: Any) -> np.ndarray:
    """Every complex number of ``dtype`` whose parts are among the grid's values."""
    real = np.finfo(dtype).dtype
    huge = 1e300 if real == np.float64 else 1e30
    parts = np.array([0.0, -0.0, 1.0, -1.0, 0.5, 2.0, np.inf, -np.inf, np.nan, huge,
                      np.finfo(real).tiny * 2**24], real)
    re, im = (p.ravel() for p in np.meshgrid(parts, parts, indexing="ij"))
    z = np.empty(re.shape, dtype)
    z.real, z.imag = re, im
    return z


def special(name: str, *values: np.ndarray) -> np.ndarray:
    """Where any part of any of ``values`` is zero, infinite or NaN; for ``power``, where a
    part is infinite or NaN or the base or the exponent is zero (elsewhere NumPy's is the C
    library's ``cpow``, whose rounding, amplified by ``|b log a|``, is not JAX's)."""
    parts = [p for v in values for p in (v.real, v.imag)]
    if name == "power":
        return np.logical_or.reduce([~np.isfinite(p) for p in parts]
                                    + [v == 0 for v in values])
    return np.logical_or.reduce([(p == 0) | ~np.isfinite(p) for p in parts])


def differences(got: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Where ``got`` is not NumPy's ``want``: a finite part off by more than 4 eps (relative),
    an infinity or NaN not in place, or a zero of the other sign."""
    eps = np.finfo(want.dtype).eps
    wrong = np.zeros(want.shape, bool)
    pairs = ((got.real, want.real), (got.imag, want.imag)) if want.dtype.kind == "c" \
        else ((got, want),)
    with np.errstate(invalid="ignore"):
        for g, w in pairs:
            finite = np.isfinite(w)
            wrong |= finite & ~(np.isfinite(g) & (np.abs(g - w) <= 4 * eps * np.abs(w)))
            wrong |= np.isnan(w) != np.isnan(g)
            wrong |= np.isinf(w) & (g != w)
            wrong |= (w == 0) & (np.signbit(g) != np.signbit(w))
    return wrong


def check(name: str, args: tuple[np.ndarray, ...], jit: bool) -> None:
    with np.errstate(all="ignore"):
        want = getattr(np, name)(*args)
    function = getattr(unp, name)
    with ov.set_backend("jax"):
        arrays = [jax.numpy.asarray(a) for a in args]
        got = np.asarray(to_numpy(jax.jit(function)(*arrays) if jit else function(*arrays)))
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    wrong = differences(got, want) & special(name, *args)
    points = [(*(complex(a[i]) for a in args), complex(want[i]), complex(got[i]))
              for i in np.flatnonzero(wrong)[:8]]
    assert not wrong.any(), f"{wrong.sum()} points differ (input..., NumPy, JAX): {points}"


@pytest.mark.parametrize("jit", [False, True], ids=["eager", "jit"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name", UNARY)
def test_unary_special_values_are_numpys(name: str, dtype: Any, jit: bool) -> None:
    check(name, (grid(dtype),), jit)


@pytest.mark.parametrize("jit", [False, True], ids=["eager", "jit"])
@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("name", BINARY)
def test_binary_special_values_are_numpys(name: str, dtype: Any, jit: bool) -> None:
    z = grid(dtype)
    check(name, (np.repeat(z, z.size), np.tile(z, z.size)), jit)


def test_only_complex_dtypes_take_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    # Real dtypes keep jax.numpy's function on the fast path: the rules are never called.
    from overridable.backends import _semantics

    def refuse(*args: Any) -> Any:
        raise AssertionError("complex_special called")

    monkeypatch.setattr(_semantics, "complex_special", refuse)
    x = np.array([4.0, 2.0, -0.0])
    with ov.set_backend("jax"):
        for dtype in ("float32", "float64"):
            got = to_numpy(unp.sqrt(jax.numpy.asarray(x, dtype)))
            np.testing.assert_array_equal(got, np.sqrt(x.astype(dtype)))
        with pytest.raises(AssertionError, match="complex_special called"):
            unp.sqrt(jax.numpy.asarray(x.astype(np.complex128)))
