"""The conformance harness on every library backend: no call may raise or return a value
other than NumPy's. A function a backend cannot serve for some input must decline (the
harness then reports it as unsupported or partial, with the backend's reason).

Each backend runs in its own interpreter, as ``python -m overridable conformance``
does, with JAX's 64-bit mode on (NumPy's float64 results need it); PyData/Sparse's numba
compilation is paid once there, not per test.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from _backend_helpers import assert_samples_pass, require

#: backend name -> the module its library needs.
BACKENDS = {
    "dask": "dask.array",
    "torch": "torch",
    "jax": "jax.numpy",
    "sparse": "sparse",
    "array_api_strict": "array_api_strict",
    "scipy.fft": "scipy.fft",
    "pyfftw": "pyfftw",
    "mkl_fft": "mkl_fft",
    "xnd": "xnd",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_backend_has_no_errors_or_mismatches(name: str) -> None:
    require(BACKENDS[name])
    env = {**os.environ, "JAX_ENABLE_X64": "1", "JAX_PLATFORMS": "cpu"}
    done = subprocess.run(
        [sys.executable, "-m", "overridable", "conformance", "--backend", name],
        capture_output=True, text=True, env=env, timeout=900, check=False)
    report = done.stdout + done.stderr
    assert "functions pass" in report, report[-3000:]
    failures = [line for line in report.splitlines()
                if line.strip().split(": ")[1:2] in (["error"], ["mismatch"])]
    assert not failures, "\n".join(failures)
    assert done.returncode == 0, report[-3000:]


#: Functions a backend answers in another dtype of NumPy's kind in some sample call: open
#: defects. Dask's run in several chunks (test_dask) and sparse's in GCXS (test_sparse) are
#: exact too.
INEXACT = {
    "torch": set(),
    "jax": set(), "sparse": set(), "array_api_strict": set(), "xnd": set(),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(INEXACT))
def test_samples_answer_in_numpys_exact_dtype(name: str, x64: None) -> None:
    """The harness compares a result's dtype kind; here every sample call's result has
    NumPy's dtype itself (float32 stays float32, int8 int8)."""
    require(BACKENDS[name])
    assert_samples_pass(name, exact=True, known=frozenset(INEXACT[name]))


#: Functions whose dtype variants (overridable.conformance.dtype_variants: the sample calls
#: with float32, int32, int16, uint8, complex64 arrays) a backend answers in another dtype
#: than NumPy's, or fails: open defects, each to be taken out once fixed.
VARIANTS_KNOWN: dict[str, set[str]] = {
    # polyval of float32 with a list p (the default's y * x + p[i] in torch's promotion:
    # float32, where NumPy's is float64)
    "torch": {"polyval"},
    # apply_along_axis of numpy.cumsum, which runs JAX's own method on JAX's arrays (int32
    # kept, where NumPy's cumsum of int32 is int64)
    "jax": {"apply_along_axis"},
    "dask": set(),
    "array_api_strict": set(),
    "xnd": set(),
}
#: The variants run in CI: every kind where a backend's run takes seconds; float32 and int32
#: alone on JAX (each new dtype compiles: six kinds take minutes there). PyData/Sparse is
#: left out (its numba compilation takes minutes for two kinds; open there: cov, corrcoef,
#: einsum and vdot of int32).
CI_VARIANTS: dict[str, tuple[str, ...]] = {"jax": ("f4", "i4")}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(VARIANTS_KNOWN))
def test_dtype_variants_answer_in_numpys_exact_dtype(name: str, x64: None) -> None:
    """Every sample call with its arrays in narrower dtypes answers in NumPy's exact dtype
    for those inputs (float32 stays float32, int32 with float32 is float64), with NumPy's
    values, or declines; a new mismatch fails here."""
    from overridable.conformance import VARIANTS

    require(BACKENDS[name])
    assert_samples_pass(name, known=frozenset(VARIANTS_KNOWN[name]),
                        variants=CI_VARIANTS.get(name, VARIANTS))
