"""``overridable.numpy`` as an array API namespace: the standard's names exist, and the
ones added for it (``finfo``, ``iinfo``, ``__array_namespace_info__``) give NumPy's values
and are overridable. The full conformance run is ``tools/run_array_api_tests.py``."""

from __future__ import annotations

import numpy as np
import pytest

import overridable as ov
import overridable.numpy as unp

#: The array API standard 2024.12's functions, constants and dtypes (extensions apart).
_STANDARD = """
e inf nan newaxis pi
arange asarray empty empty_like eye from_dlpack full full_like linspace meshgrid ones ones_like
tril triu zeros zeros_like
astype can_cast finfo iinfo isdtype result_type
bool int8 int16 int32 int64 uint8 uint16 uint32 uint64 float32 float64 complex64 complex128
abs acos acosh add asin asinh atan atan2 atanh bitwise_and bitwise_left_shift bitwise_invert
bitwise_or bitwise_right_shift bitwise_xor ceil clip conj copysign cos cosh divide equal exp
expm1 floor floor_divide greater greater_equal hypot imag isfinite isinf isnan less less_equal
log log1p log2 log10 logaddexp logical_and logical_not logical_or logical_xor maximum minimum
multiply negative nextafter not_equal positive pow real reciprocal remainder round sign signbit
sin sinh square sqrt subtract tan tanh trunc
take take_along_axis matmul matrix_transpose tensordot vecdot
broadcast_arrays broadcast_to concat expand_dims flip moveaxis permute_dims repeat reshape roll
squeeze stack tile unstack
argmax argmin count_nonzero nonzero searchsorted where
unique_all unique_counts unique_inverse unique_values argsort sort
cumulative_prod cumulative_sum max mean min prod std sum var all any diff
__array_namespace_info__
"""
STANDARD = _STANDARD.split()


def test_every_name_of_the_standard_is_there() -> None:
    assert unp.__array_api_version__ == "2024.12"
    missing = [name for name in STANDARD if not hasattr(unp, name)]
    assert not missing, f"missing array API names: {missing}"
    assert {"finfo", "iinfo", "__array_namespace_info__"} <= set(dir(unp)) & set(unp.__all__)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.complex64])
def test_finfo_takes_a_dtype_or_an_array(dtype: type) -> None:
    expected = np.finfo(dtype)
    for arg in (dtype, np.dtype(dtype), np.asarray(1, dtype=dtype), np.ones(3, dtype=dtype)):
        info = unp.finfo(arg)
        assert info.bits == expected.bits and info.dtype == expected.dtype
        for field in ("eps", "max", "min", "smallest_normal"):
            assert type(getattr(info, field)) is float
            assert getattr(info, field) == float(getattr(expected, field))
        assert info.resolution == expected.resolution  # NumPy's other fields, unchanged


@pytest.mark.parametrize("dtype", [np.int8, np.uint16, np.int64, np.uint64])
def test_iinfo_takes_a_dtype_or_an_array(dtype: type) -> None:
    for arg in (dtype, np.dtype(dtype), np.asarray(1, dtype=dtype)):
        info = unp.iinfo(arg)
        assert (info.bits, info.min, info.max) == (
            np.iinfo(dtype).bits, np.iinfo(dtype).min, np.iinfo(dtype).max)
        assert info.dtype == np.dtype(dtype)


def test_namespace_info_is_numpys() -> None:
    info = unp.__array_namespace_info__()
    assert info.devices() == np.__array_namespace_info__().devices()
    assert info.default_dtypes() == np.__array_namespace_info__().default_dtypes()


def test_added_names_are_overridable() -> None:
    other = ov.Backend("numpy", name="other", implementations={
        unp.finfo: lambda type: ("other finfo", type),
        unp.__array_namespace_info__: lambda: "other info",
    })
    with ov.set_backend(other):
        assert unp.finfo(np.float32) == ("other finfo", np.float32)
        assert unp.__array_namespace_info__() == "other info"
        assert unp.iinfo(np.int8).max == 127  # other lacks it: NumPy serves it
