"""The XND backend against a real ``xnd``/``ndtypes`` build (``tools/build_xnd.sh --here``):
NEP 31's ``unp.ones((5, 5), dtype=xnd_dtype)``, dtype translation both ways, every table
entry's value, dtype and shape equal to NumPy's, and refusals by name."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp
from overridable.backends import xnd as xnd_backend
from overridable.conformance._samples import SAMPLES

xnd = require("xnd")
ndtypes = require("ndtypes")
ndt = ndtypes.ndt
X = xnd.xnd

F = np.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]])
G = np.array([[0.4, 0.2, 0.6], [0.8, 0.1, 0.5]])
I = np.array([[1, 2, 3], [4, 5, 6]])  # noqa: E741
J = np.array([[1, 1, 2], [2, 3, 1]])
C = np.array([1 + 2j, -1j, 3 + 0j])
N = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 0.0]])
M = np.array([[1.0, np.nan, 3.0], [np.nan, 2.0, -1.0]])


def buffered(a: Any) -> Any:
    """``a`` as an xnd container viewing its memory (as the backend builds them)."""
    return X.from_buffer(np.ascontiguousarray(a))


def by_value(a: Any) -> Any:
    """``a`` as an xnd container built from Python values (read back through ``.value``)."""
    a = np.asarray(a)
    dims = "".join(f"{n} * " for n in a.shape)
    return X(a.tolist(), type=f"{dims}{a.dtype.name}")


def to_xnd(value: Any, make: Any = buffered) -> Any:
    if isinstance(value, np.ndarray):
        return make(value)
    if isinstance(value, list | tuple):
        return type(value)(to_xnd(v, make) for v in value)
    return value


def assert_same(result: Any, expected: Any) -> None:
    # NumPy scalars and Python values come back as NumPy returns them, arrays as xnd's.
    helpers.assert_same(result, expected, X, scalars=False)


def check(name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
          make: Any = buffered) -> None:
    expected = getattr(np, name)(*args, **kwargs)
    with ov.set_backend("xnd", only=True):
        result = getattr(unp, name)(*to_xnd(args, make), **kwargs)
    assert_same(result, expected)


# -- the backend, its names and its laziness ----------------------------------------------


def test_names_and_table() -> None:
    backend = ov.as_backend("xnd")
    assert ov.as_backend("ndtypes") is backend and ov.as_backend(xnd) is backend
    assert xnd_backend.backend is backend and backend.unresolved == ()
    table = set(xnd_backend.LIBRARY.table())
    listed = (*xnd_backend.CREATION, *xnd_backend.UFUNCS, *xnd_backend.REDUCTIONS,
              *xnd_backend.SHAPES)
    assert table == set(listed) and len(listed) == len(table)


def test_importing_the_module_imports_no_xnd() -> None:
    code = ("import sys, overridable.backends.xnd, overridable.numpy; "
            "print(sorted({'xnd', 'ndtypes'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


# -- NEP 31's dtype example, and dtype translation -----------------------------------------


def test_nep31_ones_with_an_xnd_dtype_needs_no_setup() -> None:
    with ov.reset_state():
        x = unp.ones((5, 5), dtype=ndt("float32"))  # the dtype's package registers xnd
    assert isinstance(x, X) and str(x.type) == "5 * 5 * float32"
    assert_same(x, np.ones((5, 5), dtype=np.float32))


@pytest.mark.parametrize("dtype", ["float32", np.float32, np.dtype("float32"), "f4"])
def test_numpys_spellings_mean_the_same(dtype: Any) -> None:
    with ov.set_backend("xnd"):
        x = unp.ones((5, 5), dtype=dtype)
    assert isinstance(x, X) and x.type == ndt("5 * 5 * float32")


@pytest.mark.parametrize("name", xnd_backend.DTYPES)
def test_dtype_translation_both_ways(name: str) -> None:
    lib = xnd_backend.LIBRARY
    for spelling in (name, np.dtype(name), np.dtype(name).type, ndt(name)):
        assert lib.dtype(spelling) == ndt(name)
    assert lib.to_numpy(ndt(name)) == np.dtype(name)  # type: ignore[misc]
    with ov.set_backend("xnd", only=True):
        z = unp.zeros(3, dtype=ndt(name))
    assert str(z.type) == f"3 * {name}"
    assert_same(z, np.zeros(3, dtype=name))


def test_default_dtype_is_numpys() -> None:
    with ov.set_backend("xnd"):
        assert str(unp.ones((2, 3)).type) == "2 * 3 * float64"
        assert str(unp.arange(3).type) == "3 * int64"


# -- every table entry, by value -----------------------------------------------------------

INTEGER_UFUNCS = {
    "gcd", "lcm", "bitwise_and", "bitwise_or", "bitwise_xor", "invert", "bitwise_not",
    "bitwise_invert", "left_shift", "right_shift", "bitwise_left_shift",
    "bitwise_right_shift",
}
UFUNC_ARGS: dict[str, tuple[Any, ...]] = {
    "ldexp": (F, J), "matmul": (F, G.T), "clip": (F, 0.3, 0.6), "isclose": (F, G),
    "arccosh": (F + 1,), "acosh": (F + 1,), "real": (C,), "imag": (C,), "angle": (C,),
    "iscomplex": (C,), "isreal": (C,), "isneginf": (N,), "isposinf": (N,), "fix": (F * 4 - 2,),
    "round": (F * 10,), "around": (F * 10,), "isnan": (N,), "isinf": (N,), "isfinite": (N,),
}


@pytest.mark.parametrize("name", xnd_backend.UFUNCS)
def test_elementwise(name: str) -> None:
    if name in UFUNC_ARGS:
        args = UFUNC_ARGS[name]
    else:
        nin = getattr(getattr(np, name), "nin", 1)
        args = (I, J)[:nin] if name in INTEGER_UFUNCS else (F, G)[:nin]
    check(name, args, {})


@pytest.mark.parametrize("name", ["sin", "add", "sqrt", "less", "divmod"])
def test_elementwise_keeps_float32_and_reads_containers_by_value(name: str) -> None:
    a, b = F.astype(np.float32), G.astype(np.float32)
    check(name, (a, b)[:getattr(np, name).nin], {}, make=by_value)


def test_every_table_entry_is_tested() -> None:
    # The harness's sample calls run every other entry on xnd (test_conformance_backends).
    tested = {name for name, calls in SAMPLES.items() if calls}
    tested |= set(xnd_backend.UFUNCS) | {"empty", "empty_like", "fromfunction"}
    assert set(xnd_backend.LIBRARY.table()) <= tested


def test_empty_is_zero_filled_like_xnds_own() -> None:
    with ov.set_backend("xnd", only=True):
        e, el = unp.empty((2, 3), dtype=ndt("int32")), unp.empty_like(buffered(F))
    assert_same(e, np.zeros((2, 3), dtype=np.int32))
    assert_same(el, np.zeros_like(F))
    assert X.empty("2 * 3 * int32").value == e.value


def test_fromfunction_calls_with_numpys_arrays() -> None:
    with ov.set_backend("xnd", only=True):
        x = unp.fromfunction(lambda i, j: i * 10 + j, (2, 3), dtype=ndt("int64"))
    assert_same(x, np.fromfunction(lambda i, j: i * 10 + j, (2, 3), dtype=np.int64))


def test_full_reductions_return_numpys_scalar() -> None:
    with ov.set_backend("xnd", only=True):
        total, every = unp.sum(buffered(F)), unp.all(buffered(F > 0))
    assert total == np.sum(F) and type(total) is np.float64
    assert every is np.True_


def test_mixed_with_numpy_goes_to_xnd() -> None:
    result = unp.add(buffered(F), G)  # NumPy arrays are absorbed: an xnd result
    assert_same(result, F + G)


def test_asarray_of_a_container_is_the_container() -> None:
    x = unp.ones(3, dtype=ndt("float64"))
    assert unp.asarray(x) is x
    assert unp.asarray(x, dtype=ndt("float32")) is not x


def test_out_writes_into_a_container_of_this_backend() -> None:
    out = unp.zeros((2, 3), dtype=ndt("float64"))
    result = unp.add(buffered(F), 1, out=out)
    assert result is out
    assert_same(out, F + 1)
    assert_same(unp.sum(buffered(F), axis=0, out=unp.zeros(3, dtype=ndt("float64"))),
              F.sum(axis=0))


def test_out_of_two_outputs_writes_into_the_containers_given() -> None:
    quotient = unp.zeros((2, 3), dtype=ndt("int64"))
    remainder = unp.zeros((2, 3), dtype=ndt("int64"))
    result = unp.divmod(buffered(I), buffered(J), out=(quotient, remainder))
    assert result[0] is quotient and result[1] is remainder
    assert_same(quotient, I // J)
    assert_same(remainder, I % J)
    only_second = unp.divmod(buffered(I), buffered(J), out=(None, remainder))
    assert only_second[1] is remainder and only_second[0] is not quotient
    assert_same(only_second[0], I // J)
    unchanged = unp.divmod(buffered(I), buffered(J), out=(None, None))
    assert_same(unchanged[1], I % J)


# -- refusals, by name ---------------------------------------------------------------------


def declined(call: Any, *match: str) -> None:
    with ov.set_backend("xnd", only=True), pytest.raises(ov.BackendNotImplementedError) as e:
        call()
    for text in match:
        assert text in str(e.value), str(e.value)


def test_declines_an_array_type_as_dtype() -> None:
    declined(lambda: unp.ones(2, dtype=ndt("2 * float32")),
             "xnd: ones takes a scalar dtype=", "got ndt('2 * float32')")


def test_declines_a_dtype_xnd_does_not_have() -> None:
    declined(lambda: unp.zeros(2, dtype=ndt("string")), "xnd: zeros takes a scalar dtype=")
    with pytest.raises(ov.BackendNotImplementedError, match="XND has no type for"):
        xnd_backend.LIBRARY.dtype("datetime64[s]")


def test_declines_ragged_and_optional_inputs() -> None:
    declined(lambda: unp.sum(X([[1, 2], [3]])), "xnd: sum's a has type 'var * var * int64'")
    declined(lambda: unp.sin(X([1.0, None])), "xnd: sin's", "'2 * ?float64'")


def test_declines_a_result_xnd_cannot_hold() -> None:
    declined(lambda: unp.asarray(["a", "b"]), "xnd: asarray's result has dtype '<U1'")


def test_declines_out_it_did_not_make() -> None:
    declined(lambda: unp.add(buffered(F), 1, out=by_value(F)),
             "xnd: add takes out= only as a writable xnd container made by this backend")
    declined(lambda: unp.add(buffered(F), 1, out=np.zeros_like(F)),
             "xnd: add takes out= only", "(got ndarray)")


def test_out_by_position_is_checked_as_the_keyword() -> None:
    out = unp.zeros(3, dtype=ndt("float64"))
    assert unp.sum(buffered(F), 0, None, out) is out
    assert_same(out, F.sum(axis=0))
    declined(lambda: unp.sum(buffered(F), 0, None, by_value(F[0])), "xnd: sum takes out= only")
