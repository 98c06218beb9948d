"""``finfo``, ``iinfo`` and ``__array_namespace_info__`` on each library backend: NumPy's
limits, in the library's own dtype objects, as the array API asks."""

from __future__ import annotations

import importlib

import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

#: The libraries whose backends answer finfo/iinfo in their own dtypes.
LIBRARIES = ("torch", "jax.numpy", "dask.array", "sparse", "array_api_strict")


@pytest.mark.parametrize("module", LIBRARIES)
def test_limits_in_the_library_dtypes(module: str) -> None:
    lib = require(module)
    f32, i16 = lib.float32, lib.int16
    info = unp.finfo(f32)
    assert info.dtype == f32
    assert info.bits == 32
    assert float(info.eps) == float(np.finfo(np.float32).eps)
    assert float(info.max) == float(np.finfo(np.float32).max)
    assert float(info.smallest_normal) == float(np.finfo(np.float32).smallest_normal)
    limits = unp.iinfo(i16)
    assert limits.dtype == i16
    assert (limits.min, limits.max, limits.bits) == (-32768, 32767, 16)
    array = lib.ones(3, dtype=f32) if module != "sparse" else lib.ones(3, dtype=np.float32)
    assert unp.finfo(array).bits == 32


@pytest.mark.parametrize("name, module", [("torch", "torch"), ("dask", "dask.array"),
                                          ("array_api_strict", "array_api_strict")])
def test_namespace_info_names_the_backend_defaults(name: str, module: str) -> None:
    lib = require(module)
    with ov.set_backend(name):
        defaults = unp.__array_namespace_info__().default_dtypes()
        created = unp.asarray(1.5)
    # The backend creates float64 (NumPy's default) and says so, in the library's dtypes.
    assert defaults["real floating"] == lib.float64
    assert created.dtype == defaults["real floating"]
    assert defaults["integral"] == importlib.import_module(module).int64


@pytest.mark.parametrize("module", LIBRARIES)
def test_complex_limits_name_the_real_dtype_as_numpy(module: str) -> None:
    lib = require(module)
    for complex_dtype, real_dtype, numpys in ((lib.complex64, lib.float32, np.complex64),
                                              (lib.complex128, lib.float64, np.complex128)):
        info = unp.finfo(complex_dtype)
        # NumPy's finfo(complex64) describes float32, its real part, and says so.
        assert np.finfo(numpys).dtype == np.dtype(numpys().real.dtype)
        assert info.dtype == real_dtype
        assert not isinstance(info.dtype, str)
        assert info.bits == np.finfo(numpys).bits
        assert float(info.eps) == float(np.finfo(numpys).eps)
        # The array API's limits are Python floats (NumPy's float32 limits are np.float32).
        for name in ("eps", "max", "min", "smallest_normal"):
            assert type(getattr(info, name)) is float, name
        assert type(unp.iinfo(lib.int8).max) is int
