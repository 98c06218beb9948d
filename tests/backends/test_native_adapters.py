"""The adapters ``backends._common.compile_native`` generates for a library function: the
one calling convention on both their paths (no optional argument given: the fast path;
some given: translated by name), and the precheck ``ov.explain`` calls."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends._common import Library, Native, compile_native

calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []


def _library(out: Any = None) -> Library:
    return Library(name="probe", module="probe", types=lambda: (), table=dict,
                   **({} if out is None else {"out": out}))


def fromstring(string: Any, dtype: Any = float, count: int = -1, *, sep: str) -> Any:
    calls.append(((string, dtype, count), {"sep": sep}))
    return np.fromstring(string, dtype=dtype, count=count, sep=sep)


def cumsum(a: Any, axis: Any = None, dtype: Any = None) -> Any:
    calls.append(((a,), {"axis": axis, "dtype": dtype}))
    return np.cumsum(a, axis=axis, dtype=dtype)


@pytest.fixture(autouse=True)
def fresh() -> None:
    calls.clear()


def test_a_required_keyword_reaches_the_library_on_the_fast_path_too() -> None:
    impl = compile_native("fromstring", unp.fromstring, Native(fromstring, drop=("like",)),
                          _library())
    assert_allclose(impl("1 2 3", sep=" "), np.fromstring("1 2 3", sep=" "))
    assert_allclose(impl("1 2 3", int, sep=" "), np.fromstring("1 2 3", int, sep=" "))
    assert impl("1 2 3", int, sep=" ").dtype == np.int64
    assert [kw["sep"] for _, kw in calls] == [" ", " ", " "]


def test_optional_arguments_reach_the_library_only_when_given() -> None:
    impl = compile_native("cumsum", unp.cumsum, Native(cumsum), _library())
    x = np.arange(6.0).reshape(2, 3)
    assert_allclose(impl(x), np.cumsum(x))                       # the fast path
    assert_allclose(impl(x, axis=1), np.cumsum(x, axis=1))
    assert impl(x, dtype="float32").dtype == np.float32
    with pytest.raises(ov.BackendNotImplementedError, match=r"probe\.cumsum takes no out="):
        impl(x, out=np.empty(6))
    assert [kw for _, kw in calls] == [
        {"axis": None, "dtype": None}, {"axis": 1, "dtype": None},
        {"axis": None, "dtype": "float32"}]


def test_the_precheck_gives_the_reason_the_adapter_declines_with() -> None:
    def immutable(out: Any) -> Any:
        raise ov.decline(f"probe arrays are immutable (got {type(out).__name__})")

    impl = compile_native("cumsum", unp.cumsum, Native(cumsum), _library(out=immutable))
    x = np.arange(3.0)
    assert impl.precheck(x) is None and impl.precheck(x, axis=0) is None
    assert impl.precheck(x, out=np.empty(3)) == "probe arrays are immutable (got ndarray)"
    with pytest.raises(ov.BackendNotImplementedError, match="probe arrays are immutable"):
        impl(x, out=np.empty(3))
    assert not calls  # neither the precheck nor the decline called the library
