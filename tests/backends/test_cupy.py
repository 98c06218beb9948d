"""The CuPy backend against real CuPy: the table everywhere, the values on a GPU.

``cupy-cuda12x`` imports without a GPU, so the table and the adapter are
checked everywhere; every allocation needs a GPU, so the tests that compute
skip when ``cupy.cuda.runtime.getDeviceCount()`` raises or returns 0 (the only
skip these tests allow).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, library_function, require
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import cupy as cupy_backend

cupy = require("cupy")

gpu = pytest.mark.skipif(not cupy_backend.gpu_available(), reason="no GPU for CuPy here")


def test_names_modules_and_pickling() -> None:
    backend = ov.as_backend("cupy")
    assert ov.as_backend(cupy) is backend and cupy_backend.backend is backend
    assert backend.unresolved == ()
    assert backend.types == (cupy.ndarray,)
    assert np.ndarray not in backend.absorbs  # no implicit host-to-device copies
    import pickle

    assert pickle.loads(pickle.dumps(backend)) is backend


@pytest.mark.parametrize("path", [
    *cupy_backend.NAMES, *cupy_backend.UFUNCS,
    *(f"linalg.{n}" for n in cupy_backend.LINALG), *(f"fft.{n}" for n in cupy_backend.FFT),
])
def test_every_entry_is_a_real_cupy_function_with_numpys_name(path: str) -> None:
    *sub, name = path.split(".")
    module = cupy
    for part in sub:
        module = getattr(module, part)
    function = getattr(module, name)
    assert callable(function)
    # Defined by CuPy (or a CuPy ufunc), not NumPy's own function re-exported.
    assert not getattr(function, "__module__", "cupy").startswith("numpy"), function
    mm = getattr(unp, path) if not sub else getattr(getattr(unp, sub[0]), name)
    backend = ov.as_backend("cupy")
    assert mm in backend.implementations


def test_left_out_on_purpose_are_not_in_the_table() -> None:
    backend = ov.as_backend("cupy")
    for name in ("piecewise", "polyval", "roots"):
        assert getattr(unp, name) not in backend.implementations


def test_numpy_arrays_are_refused_without_coerce() -> None:
    # Refused before any allocation: runs without a GPU too.
    with ov.set_backend("cupy", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                          match="ndarray"):
        unp.sin(np.ones(3))


@gpu
def test_nep_example_runs_on_the_gpu() -> None:
    with ov.set_backend("cupy"):
        result = library_function([[0.5, 1.0, 2.0]])
    assert isinstance(result, cupy.ndarray)
    x = np.array([[0.5, 1.0, 2.0]])
    assert_allclose(result.get(), np.sum(np.sin(x) ** 2, axis=-1) / 3 + np.mean(x, axis=-1))


@gpu
def test_creation_and_dispatch_by_type(clean_state: None) -> None:
    ov.register_backend("cupy")
    x = cupy.arange(6.0).reshape(2, 3)
    assert isinstance(unp.sum(x, axis=0), cupy.ndarray)
    with ov.set_backend("cupy"):
        y = unp.ones((2, 3), dtype="float32")
    assert isinstance(y, cupy.ndarray) and y.dtype == np.float32
    with ov.set_backend("cupy", coerce=True):
        z = unp.add(np.ones(3), x[0])
    assert isinstance(z, cupy.ndarray)


CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("sum", (np.arange(12.0).reshape(3, 4),), {"axis": 1}),
    ("mean", (np.arange(12).reshape(3, 4),), {}),
    ("std", (np.arange(12.0),), {"ddof": 1}),
    ("concatenate", ((np.ones(2), np.zeros(3)),), {}),
    ("where", (np.array([True, False]), np.ones(2), np.zeros(2)), {}),
    ("linalg.solve", (np.eye(3) * 2, np.ones(3)), {}),
    ("fft.rfft", (np.arange(8.0),), {}),
    ("sin", (np.linspace(0, 1, 5),), {}),
]


@gpu
@pytest.mark.parametrize("path, args, kwargs", CASES, ids=[c[0] for c in CASES])
def test_values_match_numpy(path: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    *sub, name = path.split(".")
    reference = getattr(getattr(np, sub[0]) if sub else np, name)
    mm = getattr(getattr(unp, sub[0]) if sub else unp, name)
    expected = reference(*args, **kwargs)
    with ov.set_backend("cupy", coerce=True):
        result = mm(*args, **kwargs)
    assert_same(result, expected, cupy.ndarray)
