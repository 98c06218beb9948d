"""Complex inputs on every library backend give NumPy's values: its order of complex numbers
(real part, then imaginary part; NaN parts as NumPy's reductions and sorts place them),
rounding part by part, written once in ``backends/_semantics`` (``complex_extremum``,
``complex_order``, ``complex_clip``...). Each call is compared with NumPy's for the exact
dtype, shape, values, NaN positions and the signs of zeros; a function a backend cannot serve
declines (``BackendNotImplementedError``, with its reason), never raises the library's
error."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, installed_backend, to_backend

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy

#: backend name -> the module its library needs.
BACKENDS = {"torch": "torch", "dask": "dask.array", "jax": "jax.numpy", "sparse": "sparse",
            "array_api_strict": "array_api_strict"}

nan = np.nan
#: NaN in either part, signed zeros, ties in the real part (and whole ties).
Z = np.array([[1 + 2j, 3 - 1j, 1 + 5j, complex(nan, 0)],
              [complex(-0.0, 1), complex(0, nan), 3 - 1j, 3 - 2j],
              [0j, complex(-0.0, -0.0), complex(0, -0.0), 1 + 1j]])
#: No NaN: ties in the real part and a signed zero's tie.
T = np.array([[2 + 1j, 2 - 1j, -1 + 3j], [0j, complex(-0.0, 0), 2 + 1j]])
#: Halves to round to even, part by part.
R = np.array([0.5 + 1.5j, 2.5 - 0.5j, complex(-0.5, nan), -1.5 - 2.5j, 1.25 + 2.35j])
ROW = np.array([True, False, True])

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    *((name, (Z,), kwargs) for name in ("max", "min", "amax", "amin", "nanmax", "nanmin",
                                        "argmax", "argmin", "nanargmax", "nanargmin")
      for kwargs in ({}, {"axis": 1}, {"axis": 0})),
    *((name, (Z,), {"axis": 0, "keepdims": True}) for name in ("max", "nanmin", "argmax")),
    ("max", (T,), {"axis": 1, "initial": 2 + 0j}),
    ("min", (T,), {"axis": 1, "where": ROW, "initial": 5j}),
    ("ptp", (T,), {}), ("ptp", (Z,), {"axis": 1}),
    *((name, (Z,), kwargs) for name in ("sort", "argsort")
      for kwargs in ({}, {"axis": 0}, {"axis": None})),
    ("sort_complex", (Z[1],), {}),
    ("searchsorted", (np.sort(Z.ravel()), Z[1]), {}),
    ("searchsorted", (np.sort(T.ravel()), T[0]), {"side": "right"}),
    ("clip", (Z, 1 + 3j, 3 - 1.5j), {}), ("clip", (Z, None, 1 + 0j), {}),
    ("rint", (R,), {}), ("round", (R,), {}), ("round", (R,), {"decimals": 1}),
    ("isin", (Z, Z[0]), {}),
    ("unique", (np.array([2 + 1j, 1 + 1j, 2 + 1j, 1 - 1j, 1 + 1j]),), {"return_counts": True}),
]

#: What a backend declines, saying why (its library has no way): PyData/Sparse's kernels
#: order no complex numbers, and it sorts no array without densifying it (argsort).
DECLINES = {
    "sparse": {"argmax", "argmin", "nanargmax", "nanargmin", "sort", "argsort", "sort_complex"},
    # (not served for any dtype: no standard function, no default)
    "array_api_strict": {"nanargmax", "nanargmin", "rint", "sort_complex", "unique"},
    "dask": {"sort_complex"},
}
#: Backends whose arrays keep no sign of a zero (PyData/Sparse stores no zeros).
UNSIGNED_ZEROS = {"sparse"}

pytestmark = pytest.mark.usefixtures("x64")  # JAX in 64 bits (conftest)


def _cast(value: Any, dtype: Any) -> Any:
    if isinstance(value, np.ndarray) and value.dtype.kind == "c":
        return value.astype(dtype)
    return value


def _same_zeros(result: Any, expected: Any) -> None:
    # the signs of the zero parts (NaN's sign bit is no part of NumPy's answer)
    got, want = np.asarray(to_numpy(result)), np.asarray(expected)
    if want.dtype.kind == "c":
        for part in (np.real, np.imag):
            zero = part(want) == 0
            np.testing.assert_array_equal(np.signbit(part(got)) & zero,
                                          np.signbit(part(want)) & zero)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("function, args, kwargs", CALLS,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CALLS)])
def test_complex_matches_numpy(name: str, function: str, args: tuple[Any, ...],
                               kwargs: dict[str, Any], dtype: Any) -> None:
    backend = installed_backend(name, BACKENDS[name])
    args = tuple(_cast(a, dtype) for a in args)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = getattr(np, function)(*args, **kwargs)
        with ov.set_backend(backend, only=True):
            call = getattr(unp, function)
            given = {k: to_backend(name, v) for k, v in kwargs.items()}
            if function in DECLINES.get(name, ()):
                with pytest.raises(ov.BackendNotImplementedError):
                    call(*to_backend(name, args), **given)
                return
            result = call(*to_backend(name, args), **given)
    assert_same(result, expected)
    if name not in UNSIGNED_ZEROS:
        _same_zeros(result, expected)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_all_nan_slices_as_numpys(name: str) -> None:
    """nanmax of an all-NaN complex slice: its first element; nanargmax: NumPy's
    ValueError."""
    backend = installed_backend(name, BACKENDS[name])
    z = np.array([[complex(nan, 1), complex(1, nan)], [1 + 1j, 2j]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # (NumPy's All-NaN slice warning)
        expected = np.nanmax(z, axis=1)
        with ov.set_backend(backend, only=True):
            assert_same(unp.nanmax(to_backend(name, z), axis=1), expected)
    if "nanargmax" not in DECLINES.get(name, ()):
        with ov.set_backend(backend, only=True), \
                pytest.raises(ValueError, match=r"All.NaN slice"):
            to_numpy(unp.nanargmax(to_backend(name, z), axis=1))  # (Dask's: when computed)


@pytest.mark.parametrize("name", ["torch", "jax"])
def test_quantiles_of_complex_decline(name: str) -> None:
    """torch's and JAX's quantiles take no complex numbers: declined with the reason, not the
    library's error."""
    backend = installed_backend(name, BACKENDS[name])
    with ov.set_backend(backend, only=True), \
            pytest.raises(ov.BackendNotImplementedError, match="complex"):
        unp.median(to_backend(name, Z))
