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
