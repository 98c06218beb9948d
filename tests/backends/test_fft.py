"""The FFT backends (scipy.fft, pyFFTW, mkl_fft) against the real libraries and NumPy's fft."""

from __future__ import annotations

import types
from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import require
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import fft as fft_backends

scipy_fft = require("scipy.fft")
pyfftw = require("pyfftw")
pyfftw_numpy_fft = require("pyfftw.interfaces.numpy_fft")
pyfftw_scipy_fft = require("pyfftw.interfaces.scipy_fft")
mkl_fft = require("mkl_fft")
mkl_numpy_fft = require("mkl_fft.interfaces.numpy_fft")
mkl_scipy_fft = require("mkl_fft.interfaces.scipy_fft")  # needs mkl-service (our extra)

NAMES = ("scipy.fft", "pyfftw", "mkl_fft")

rng = np.random.default_rng(0)
V = rng.standard_normal(16)
A = rng.standard_normal((6, 8))
C = A + 1j * rng.standard_normal((6, 8))
V32 = V.astype(np.float32)
C64 = C.astype(np.complex64)

#: Calls not yet in the conformance harness's SAMPLES (which has this table's other former
#: calls): single precision's error across 48 points passes 4 ulp on torch, JAX, scipy.fft
#: and mkl_fft.
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("ifftn", (C64,), {}),
]


def assert_same(result: Any, expected: Any) -> None:
    # Single precision: FFT libraries sum in other orders; the error grows with log n, past
    # the 4 ulp that the one tolerance allows, hence this looser one for float32/complex64.
    single = expected.dtype in (np.float32, np.complex64)
    helpers.assert_same(result, expected, np.ndarray, rtol=2e-5 if single else None,
                        atol=1e-4 if single else 1e-12)


@pytest.mark.parametrize("backend", NAMES)
@pytest.mark.parametrize("name, args, kwargs", CASES, ids=lambda v: v if isinstance(v, str)
                         else None)
def test_values_match_numpy(backend: str, name: str, args: tuple[Any, ...],
                            kwargs: dict[str, Any]) -> None:
    expected = getattr(np.fft, name)(*args, **kwargs)
    with ov.set_backend(backend, only=True):
        result = getattr(unp.fft, name)(*args, **kwargs)
    assert_same(result, expected)


@pytest.mark.parametrize("attribute, names, module", [
    ("scipy_fft", ("scipy.fft",), scipy_fft),
    ("pyfftw", ("pyfftw", "pyfftw.interfaces.numpy_fft"), pyfftw_numpy_fft),
    ("mkl_fft", ("mkl_fft", "mkl_fft.interfaces.numpy_fft"), mkl_numpy_fft),
])
def test_names_modules_and_table(attribute: str, names: tuple[str, ...],
                                 module: types.ModuleType) -> None:
    backend = getattr(fft_backends, attribute)
    assert backend.__ua_domain__ == "numpy.fft" and backend.unresolved == ()
    for name in names:
        assert ov.as_backend(name) is backend
    # Modules as backends (the NEP's set_global_backend(pyfftw)).
    top = __import__(names[0].split(".")[0]) if attribute != "scipy_fft" else scipy_fft
    assert ov.as_backend(top) is backend
    # Every table entry is the interface's own function with NumPy's name, nothing else.
    for name in (*fft_backends.TRANSFORMS, *fft_backends.HELPERS):
        impl = backend.implementations[getattr(unp.fft, name)]
        assert impl.__doc__ == f"NumPy's fft.{name} served by {module.__name__}.{name}."
    assert len(backend.implementations) == 18


def test_set_global_backend_with_the_module_as_in_the_nep(clean_state: None) -> None:
    ov.set_global_backend(pyfftw)
    x = np.array([1.0, 2.0, 0.0, -1.0])
    assert ov.explain(unp.fft.fft, x).chosen is fft_backends.pyfftw
    assert_same(unp.fft.fft(x), np.fft.fft(x))
    # Only the FFTs: the rest of the API stays with NumPy.
    assert ov.explain(unp.sum, x).chosen is not fft_backends.pyfftw
    assert unp.sum(x) == 2.0


def test_set_backend_by_name_in_a_block() -> None:
    x = np.arange(8.0)
    with ov.set_backend("mkl_fft"):
        assert ov.explain(unp.fft.rfft, x).chosen is fft_backends.mkl_fft
        assert_same(unp.fft.rfft(x), np.fft.rfft(x))
    assert ov.explain(unp.fft.rfft, x).chosen is not fft_backends.mkl_fft


def test_out_is_honoured_by_mkl_fft_and_declined_by_the_others() -> None:
    x = rng.standard_normal(8)
    out = np.empty(8, dtype=complex)
    with ov.set_backend("mkl_fft", only=True):
        result = unp.fft.fft(x, out=out)
    assert result is out
    assert_allclose(out, np.fft.fft(x))
    for name in ("pyfftw", "scipy.fft"):
        with ov.set_backend(name, only=True), pytest.raises(ov.BackendNotImplementedError,
                                                           match="takes no out="):
            unp.fft.fft(x, out=out)
        with ov.set_backend(name):  # not only=True: NumPy serves it
            assert unp.fft.fft(x, out=out) is out


def test_foreign_arrays_are_refused_then_coerced() -> None:
    class Signal:  # an array-like of no backend's types
        def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
            return np.array([1.0, 0.0, -1.0, 0.0])

    with ov.set_backend("pyfftw", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                            match="pyfftw"):
        unp.fft.fft(Signal())
    with ov.set_backend("pyfftw", coerce=True):
        assert_same(unp.fft.fft(Signal()), np.fft.fft(np.array([1.0, 0.0, -1.0, 0.0])))


def test_a_dask_array_goes_to_dask_not_to_pyfftw(clean_state: None) -> None:
    da = require("dask.array")
    ov.set_global_backend(pyfftw)
    ov.register_backend("dask")
    x = da.from_array(np.arange(8.0), chunks=4)
    result = unp.fft.fft(x)
    assert isinstance(result, da.Array)
    assert_allclose(result.compute(), np.fft.fft(np.arange(8.0)))


@pytest.mark.filterwarnings("ignore:uarray.skip_backend is deprecated:DeprecationWarning")
@pytest.mark.parametrize("module", [pyfftw_scipy_fft, mkl_scipy_fft])
def test_scipy_fft_uarray_backends_as_they_are(module: types.ModuleType) -> None:
    assert module.__ua_domain__ == "numpy.scipy.fft"
    x = rng.standard_normal((4, 8))
    # The engine accepts the module unchanged, but its domain is scipy.fft's, not
    # numpy.fft nor a parent of it: alone it serves no unp.fft call.
    assert ov.as_backend(module) is module
    with ov.set_backend(module):
        assert ov.explain(unp.fft.fft, x).chosen is not module
    # from_scipy_fft routes unp.fft to it through its own __ua_function__.
    backend = fft_backends.from_scipy_fft(module)
    helpers.assert_samples_pass(backend, [f"fft.{n}" for n in fft_backends.TRANSFORMS])
    with ov.set_backend(backend, only=True), pytest.raises(ov.BackendNotImplementedError,
                                                           match="takes no out="):
        unp.fft.fft(x, out=np.empty((4, 8), complex))
    # scipy.fft's own dispatch uses the same module, for comparison.
    with scipy_fft.set_backend(module, only=True):
        assert_allclose(scipy_fft.fft(x), np.fft.fft(x))


def test_from_scipy_fft_refuses_other_domains() -> None:
    with pytest.raises(TypeError, match=r"numpy\.scipy\.fft"):
        fft_backends.from_scipy_fft(fft_backends.pyfftw)


def test_a_uarray_protocol_backend_of_numpy_fft_works_unchanged() -> None:
    # Written for uarray alone: a domain and __ua_function__, no overridable class.
    calls: list[str] = []
    table = {unp.fft.fft: pyfftw_numpy_fft.fft, unp.fft.ifft: pyfftw_numpy_fft.ifft}

    def __ua_function__(method: Any, args: Any, kwargs: Any) -> Any:
        fn = table.get(method)
        if fn is None:
            return NotImplemented
        calls.append(method.__name__)
        return fn(*args, **kwargs)

    backend = types.SimpleNamespace(__ua_domain__="numpy.fft",
                                    __ua_function__=__ua_function__)
    x = rng.standard_normal(8)
    with ov.set_backend(backend):
        assert_same(unp.fft.ifft(unp.fft.fft(x)), np.fft.ifft(np.fft.fft(x)))
        assert_same(unp.fft.rfft(x), np.fft.rfft(x))  # NotImplemented: NumPy serves it
    assert calls == ["fft", "ifft"]


def test_importing_the_module_imports_no_fft_library() -> None:
    import subprocess
    import sys

    code = ("import sys, overridable.backends.fft; "
            "print(sorted({'scipy', 'pyfftw', 'mkl_fft'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("backend", NAMES)
def test_conformance_every_fft_function_native_and_matching(backend: str) -> None:
    from overridable.conformance import run

    report = run(backend)
    assert set(report.results) == {f"fft.{n}" for n in (*fft_backends.TRANSFORMS,
                                                        *fft_backends.HELPERS)}
    assert report.counts()["native"] == 18, report.summary()
