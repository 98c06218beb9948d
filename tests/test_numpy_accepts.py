"""The NumPy backend accepts what NumPy accepts, as NumPy does, without ``coerce``.

Buffers, ``__array__`` and ``__array_interface__`` objects, Python objects of
any kind (object arrays), generators where NumPy takes them and NumPy's dtype
classes go to NumPy, and the answer is NumPy's own; types that override
``__array_function__`` get their override (NEP 18); arrays of another
library with a backend are still refused by NumPy.
"""

from __future__ import annotations

import datetime
import fractions
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import overridable as ov
import overridable.numpy as unp


def assert_same(got: Any, expected: Any) -> None:
    assert type(got) is type(expected)
    assert_array_equal(got, expected)
    if isinstance(expected, (np.ndarray, np.generic)):
        assert got.dtype == expected.dtype


class Interface:
    """An object NumPy reads through ``__array_interface__`` (borrowed from an array)."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array
        self.__array_interface__ = array.__array_interface__


class WithArray:
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.arange(4.0) if dtype is None else np.arange(4.0).astype(dtype)


CASES = [
    ("sum of a memoryview", lambda m: m.sum(memoryview(b"\x01\x02\x03"))),
    ("asarray of a bytearray", lambda m: m.asarray(bytearray(b"ab"))),
    ("poly1d through __array__", lambda m: m.asarray(np.poly1d([1, 2, 3]))),
    ("polyder of a poly1d", lambda m: m.polyder(np.poly1d([1, 2, 3]))),
    ("mean of __array_interface__", lambda m: m.mean(Interface(np.arange(5.0)))),
    ("sqrt of __array__", lambda m: m.sqrt(WithArray())),
    ("Fractions in an object array",
     lambda m: m.add([fractions.Fraction(1, 3)], fractions.Fraction(1, 6))),
    ("sum of Fractions", lambda m: m.sum([fractions.Fraction(1, 3), fractions.Fraction(2, 3)])),
    ("timedelta", lambda m: m.array(datetime.timedelta(days=1))),
    ("dtype class", lambda m: m.ones(2, dtype=np.dtypes.Float64DType)),
    ("zeros with a dtype class", lambda m: m.zeros(3, dtype=np.dtypes.Int8DType)),
    ("bincount of a tuple", lambda m: m.bincount((0, 1, 1, 3))),
    ("iscomplexobj of a Python object", lambda m: m.iscomplexobj(object())),
    ("intersect1d of ranges", lambda m: m.intersect1d(range(5), range(3, 9))),
]


@pytest.mark.parametrize("call", [c for _, c in CASES], ids=[n for n, _ in CASES])
def test_numpy_backend_takes_what_numpy_takes(call: Any) -> None:
    assert_same(call(unp), call(np))


def test_errors_are_numpys() -> None:
    with pytest.raises(TypeError, match="Cannot interpret"):
        unp.zeros(2, dtype=object())  # NumPy's own error, not a refusal
    with pytest.raises(TypeError, match="must be passed as a \"sequence\""):
        unp.stack(np.ones(2) * i for i in range(3))  # NumPy 2 refuses generators here


class Quantity:
    """A duck array with its own NEP 18 and NEP 13 overrides, like pint's or astropy's."""

    def __init__(self, value: Any, unit: str) -> None:
        self.value, self.unit = np.asarray(value), unit

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        values = [a.value if isinstance(a, Quantity) else a for a in args]
        return Quantity(func(*values, **kwargs), self.unit)

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        values = [a.value if isinstance(a, Quantity) else a for a in inputs]
        return Quantity(getattr(ufunc, method)(*values, **kwargs), self.unit)


def test_duck_arrays_get_their_own_override() -> None:
    q = Quantity([1.0, 2.0, 4.0], "m")
    for call in (lambda m: m.sum(q), lambda m: m.mean(q),
                 lambda m: m.sqrt(q), lambda m: m.add.reduce(q)):
        got, expected = call(unp), call(np)
        assert type(got) is Quantity and got.unit == "m"
        assert_same(got.value, expected.value)
    assert ov.explain(unp.sum, q).chosen is unp.nep18_backend


def test_arrays_of_other_libraries_are_not_numpys() -> None:
    torch = pytest.importorskip("torch")
    t = torch.ones(2)
    assert unp.numpy_backend.ownership(type(t)) is None
    assert unp.nep18_backend.ownership(type(t)) is None


def test_a_registered_backend_takes_its_type_from_numpy() -> None:
    class Tiny:
        pass

    tiny = ov.Backend("numpy", name="tiny", types=[Tiny],
                      implementations={unp.sum: lambda a, *args, **kwargs: "tiny sum"})
    assert unp.numpy_backend.ownership(Tiny) is False  # accepted as NumPy accepts objects
    with ov.reset_state():
        ov.register_backend(tiny)
        assert unp.numpy_backend.ownership(Tiny) is None
        assert unp.sum(Tiny()) == "tiny sum"
    assert unp.numpy_backend.ownership(Tiny) is False


@pytest.mark.skipif(not ov.compiled(), reason="a pure-Python multimethod is a function: binds")
def test_functions_do_not_bind_as_methods() -> None:
    class T:
        array = unp.array
        matmul = unp.matmul

    t = T()
    assert_same(t.array([1], dtype=float), np.array([1], dtype=float))
    assert_same(t.matmul([[1, 2]], [[3], [4]]), np.array([[11]]))


def test_errstate_governs_numpys_computations() -> None:
    before = np.geterr()
    with unp.errstate(divide="raise"):
        assert unp.geterr()["divide"] == "raise"
        with pytest.raises(FloatingPointError):
            unp.divide(1.0, unp.zeros(1))
    assert np.geterr() == before
    with unp.errstate(all="ignore"):
        assert_same(unp.sqrt(np.array([-1.0])), np.array([np.nan]))

    @unp.errstate(invalid="raise")  # a decorator too, as NumPy's
    def invalid() -> Any:
        return np.sqrt(np.array([-1.0]))

    with pytest.raises(FloatingPointError):
        invalid()
    old = unp.seterr(over="raise")
    try:
        assert np.geterr()["over"] == "raise"
    finally:
        unp.seterr(**old)
    assert np.geterr() == before


def test_errstate_under_a_backend_without_such_state() -> None:
    torch = pytest.importorskip("torch")
    with ov.set_backend("torch"), unp.errstate(all="raise"):
        # NumPy's state is set (and governs NumPy); torch has none and ignores it.
        assert np.geterr()["invalid"] == "raise"
        result = unp.sqrt(torch.tensor([-1.0], dtype=torch.float64))
    assert torch.isnan(result).all()
    assert np.geterr()["invalid"] == "warn"


def test_printoptions() -> None:
    with unp.printoptions(precision=2):
        assert unp.get_printoptions()["precision"] == 2
        assert repr(np.array([1.23456])) == "array([1.23])"
    assert np.get_printoptions()["precision"] == 8


@pytest.mark.parametrize(("call", "args", "kwargs"), [
    ("where", (np.array([True, False]), None, None), {}),  # an object array of None
    ("where", (np.array([True, False]), 1), {}),  # NumPy: both or neither
    ("where", (np.array([True, False]), None), {}),
    ("where", (np.array([True, False]),), {}),
    ("array", ([1, 2],), {"ndmax": 0}),  # an explicit ndmax=0: at most 0-d
    ("array", ([[1], [2]],), {"ndmax": 1}),
    ("array", ([[1], [2]],), {}),
], ids=repr)
def test_what_numpy_tells_apart_from_an_argument_left_out(
        call: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        expected: Any = getattr(np, call)(*args, **kwargs)
    except ValueError as exc:
        with pytest.raises(ValueError, match=str(exc)[:40]):
            getattr(unp, call)(*args, **kwargs)
        return
    got = getattr(unp, call)(*args, **kwargs)
    for g, e in zip(got, expected, strict=True) if isinstance(expected, tuple) else [
            (got, expected)]:
        assert_same(g, e)


def test_numpys_warnings_point_at_the_caller_as_they_do_without_overridable() -> None:
    # NumPy warns for its caller (stacklevel=2): the multimethod's own frame is skipped,
    # on the first call (resolved in Python) as on later ones (from the cache), so
    # warnings filters by module and line work as with NumPy.
    import inspect
    import warnings

    a = np.array([np.nan])
    for _ in range(3):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            line = inspect.currentframe().f_lineno + 1  # type: ignore[union-attr]
            unp.nanmean(a)
            unp.nanmax(a)
        assert [(w.filename, w.lineno) for w in caught] == [(__file__, line), (__file__,
                                                                              line + 1)]
