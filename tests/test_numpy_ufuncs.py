"""NumPy's ufuncs in ``overridable.numpy``: declarations, shape of the objects, values, dispatch.

Every ufunc gets a sample call (inputs made from one of its NumPy loops) and
a call of each method, compared with NumPy's result, or with NumPy's error
where NumPy refuses (``sin.reduce``).
"""

from __future__ import annotations

import inspect
import pickle
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from _scripts import tool_fixture
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.numpy import _ufuncs
from overridable.numpy._docs import note, with_note
from overridable.numpy._ufunc_declarations import ALIASES, METHODS, NUMPY_VERSION, UFUNCS

NAMES = sorted(UFUNCS)


tool = tool_fixture("gen_numpy_api")


# -- declarations ------------------------------------------------------------


def test_every_ufunc_is_declared_or_excluded(tool: ModuleType) -> None:
    public = tool.namespace_ufuncs()
    assert len(public) > 100 and len(UFUNCS) >= 90
    missing = set(public) - set(UFUNCS) - set(ALIASES) - set(tool.EXCLUDED)
    assert not missing, f"declare these or list them in EXCLUDED with a reason: {sorted(missing)}"
    stale = (set(UFUNCS) | set(ALIASES)) - set(public)
    assert not stale, f"no longer ufuncs of NumPy {np.__version__}: {sorted(stale)}"
    assert all(public[a] is public[name] for a, name in ALIASES.items())


def test_regenerating_reproduces_the_checked_in_file(tool: ModuleType) -> None:
    if np.__version__ != NUMPY_VERSION:
        pytest.skip(f"declarations generated with NumPy {NUMPY_VERSION}, not {np.__version__}")
    assert tool.render_ufuncs() == tool.UFUNC_TARGET.read_text()
    assert tool.main(["--check"]) == 0


def test_namespace_lists_the_ufuncs() -> None:
    assert set(_ufuncs.NAMES) <= set(unp.__all__) and set(_ufuncs.NAMES) <= set(dir(unp))
    assert {"ndarray", "dtype"} <= set(unp.__all__)
    assert set(_ufuncs.ufuncs()) == set(UFUNCS)


# -- the objects ---------------------------------------------------------------

#: A multimethod's type on the path in use: the compiled dispatcher, or a function.
MULTIMETHOD = type(ov.multimethod("t", {})(lambda: None))


@pytest.mark.parametrize("name", NAMES)
def test_ufunc_is_a_multimethod_with_numpys_face(name: str) -> None:
    function, ufunc = getattr(unp, name), getattr(np, name)
    assert type(function) is MULTIMETHOD  # no Python __call__ layer
    assert function.domain == "numpy"
    assert function.__name__ == name and function.__module__ == "overridable.numpy"
    assert function.__doc__ == with_note(ufunc.__doc__, note(name))  # NumPy's, with the note
    assert "Overridable" in function.__doc__
    for attribute in _ufuncs.ATTRIBUTES:
        assert getattr(function, attribute) == getattr(ufunc, attribute), attribute
    assert inspect.signature(function) == inspect.signature(ufunc)
    for method in METHODS:
        mm = getattr(function, method)
        assert type(mm) is MULTIMETHOD and mm.domain == "numpy"
        assert mm.__name__ == method and mm.__qualname__ == f"{name}.{method}"
        assert "Overridable" in mm.__doc__
        assert unp.numpy_backend.implementations.get(mm) is not None
    assert unp.numpy_backend.implementations.get(function) is not None


def test_aliases_are_the_same_object() -> None:
    for alias, name in ALIASES.items():
        assert getattr(unp, alias) is getattr(unp, name), alias
    assert unp.abs is unp.absolute and unp.abs.__name__ == "absolute"


def test_signatures_of_the_methods() -> None:
    for method in ("accumulate", "reduceat", "at"):
        assert inspect.signature(getattr(unp.add, method)) == inspect.signature(
            getattr(np.add, method))
    reduce = inspect.signature(unp.add.reduce)
    assert list(reduce.parameters) == ["array", "axis", "dtype", "out", "keepdims", "initial",
                                       "where"]


def test_ufuncs_pickle_by_reference() -> None:
    assert pickle.loads(pickle.dumps(unp.add)) is unp.add
    assert pickle.loads(pickle.dumps(unp.add.reduce)) is unp.add.reduce


# -- values --------------------------------------------------------------------

rng = np.random.default_rng(1)


def _input(char: str, shape: tuple[int, ...]) -> np.ndarray:
    kind = np.dtype(char).kind
    if kind == "f":
        return rng.uniform(0.1, 0.9, shape).astype(char)
    if kind in "iu":
        return rng.integers(1, 5, shape).astype(char)
    if kind == "b":
        return rng.integers(0, 2, shape).astype(bool)
    if kind == "M":
        return np.array(["2020-01-01", "NaT", "2021-05-06"] * 2, "M8[D]").reshape(shape)
    if kind == "m":
        return np.array([1, "NaT", 3] * 2, "m8[s]").reshape(shape)
    raise AssertionError(f"no sample input of type {char!r}")


def sample_inputs(ufunc: np.ufunc) -> list[np.ndarray]:
    """Inputs for one of the ufunc's loops: float64 if it has one, else int64, else bool."""
    loops = [t.split("->")[0] for t in ufunc.types if "O" not in t]
    for chars in ("d" * ufunc.nin, "l" * ufunc.nin, "?" * ufunc.nin):
        if chars in loops:
            break
    else:
        chars = next((c for c in loops if "d" in c), loops[0])
    shape = (3, 3) if ufunc.signature else (2, 3)
    return [_input(c, shape) for c in chars]


def assert_same(ours: Any, theirs: Any) -> None:
    if isinstance(theirs, tuple):
        assert type(ours) is tuple and len(ours) == len(theirs)
        for o, t in zip(ours, theirs, strict=True):
            assert_same(o, t)
    elif isinstance(theirs, (np.ndarray, np.generic)):
        assert type(ours) is type(theirs)
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        if theirs.dtype.kind in "fc":
            assert_allclose(ours, theirs, equal_nan=True)
        else:
            assert_array_equal(ours, theirs)
    else:
        assert type(ours) is type(theirs) and ours == theirs


def same_outcome(call: Callable[[Any], Any], ours: Any, theirs: Any) -> None:
    """``call`` on our multimethod and on NumPy's gives the same result or the same error."""
    try:
        expected = call(theirs)
    except Exception as exc:
        with pytest.raises(type(exc), match=None):
            call(ours)
        return
    assert_same(call(ours), expected)


@pytest.mark.parametrize("name", NAMES)
def test_call_matches_numpy(name: str) -> None:
    ufunc = getattr(np, name)
    inputs = sample_inputs(ufunc)
    with np.errstate(all="ignore"):
        expected = ufunc(*inputs)
        ours = getattr(unp, name)(*inputs)
        assert_same(ours, expected)
        # Python lists are accepted by every backend.
        lists = [i.tolist() for i in inputs]
        same_outcome(lambda u: u(*lists), getattr(unp, name), ufunc)


@pytest.mark.parametrize("name", NAMES)
def test_methods_match_numpy(name: str) -> None:
    ufunc, ours = getattr(np, name), getattr(unp, name)
    x = sample_inputs(ufunc)[0]
    flat = x.ravel()
    calls: dict[str, Callable[[Any], Any]] = {
        "reduce": lambda u: u.reduce(x, axis=0),
        "accumulate": lambda u: u.accumulate(x, 1),
        "reduceat": lambda u: u.reduceat(flat, [0, 2, 3]),
        "outer": lambda u: u.outer(flat[:3], flat[:2]),
    }
    with np.errstate(all="ignore"):
        for call in calls.values():
            same_outcome(call, ours, ufunc)
        a, b = flat.copy(), flat.copy()
        args = ([0, 1, 1], flat[:3]) if ufunc.nin == 2 else ([0, 1, 1],)
        same_outcome(lambda u: u.at(a if u is ours else b, *args), ours, ufunc)
        assert_array_equal(a, b)


def test_reduce_variants() -> None:
    x = rng.uniform(size=(3, 4))
    mask = x > 0.3
    assert_same(unp.add.reduce(x), np.add.reduce(x))
    assert_same(unp.add.reduce(x, None, np.float32, None, True),
                np.add.reduce(x, None, np.float32, None, True))
    assert_same(unp.maximum.reduce(x, axis=1, initial=0.5, where=mask),
                np.maximum.reduce(x, axis=1, initial=0.5, where=mask))
    assert_same(unp.multiply.reduce([1, 2, 3, 4], dtype=np.int8), np.int8(24))
    out = np.empty(4)
    assert unp.add.reduce(x, axis=0, out=out) is out
    assert_allclose(out, x.sum(axis=0))
    acc = np.empty((3, 4), dtype=np.float32)
    assert unp.add.accumulate(x, 0, np.float32, acc) is acc
    assert_allclose(acc, np.cumsum(x, axis=0), rtol=1e-6)
    assert_same(unp.add.reduceat(np.arange(8), [0, 4, 1, 5]),
                np.add.reduceat(np.arange(8), [0, 4, 1, 5]))
    assert_same(unp.subtract.outer([1, 2], np.arange(3), dtype=np.float32),
                np.subtract.outer([1, 2], np.arange(3), dtype=np.float32))
    a = np.zeros(3)
    unp.add.at(a, (np.array([0, 0, 2]),), 1.0)
    assert_array_equal(a, [2.0, 0.0, 1.0])


# -- out=, where=, dtype= and the other keywords -----------------------------------

X = np.arange(6.0).reshape(2, 3)
Y = np.full((2, 3), 2.0)


def test_out_positional_and_keyword() -> None:
    out = np.empty((2, 3))
    assert unp.add(X, Y, out) is out
    assert_array_equal(out, X + Y)
    out2 = np.empty((2, 3))
    assert unp.multiply(X, Y, out=out2) is out2
    assert_array_equal(out2, X * Y)
    out3 = np.empty((2, 3))
    assert unp.sin(X, out=(out3,)) is out3
    assert_allclose(out3, np.sin(X))


def test_out_tuple_for_two_outputs() -> None:
    q, r = np.empty((2, 3)), np.empty((2, 3))
    result = unp.divmod(X, Y, out=(q, r))
    assert result[0] is q and result[1] is r
    assert_array_equal(q, X // Y)
    assert_array_equal(r, X % Y)
    m, e = np.empty((2, 3)), np.empty((2, 3), dtype=np.int32)
    result = unp.frexp(X, out=(m, e))
    assert result[0] is m and result[1] is e
    with pytest.raises(TypeError, match="return arrays must be of ArrayType"):
        np.frexp(X, (m, e))  # by position, outputs go one by one, as in NumPy:
    with pytest.raises(TypeError, match="return arrays must be of ArrayType"):
        unp.frexp(X, (m, e))
    assert_same((m, e), np.frexp(X))
    half = np.empty((2, 3))
    frac, whole = unp.modf(X / 4, out=(half, None))
    assert frac is half
    assert_same((frac, whole), np.modf(X / 4))


def test_where() -> None:
    mask = X > 1
    out = np.full((2, 3), -1.0)
    assert unp.add(X, Y, out=out, where=mask) is out
    expected = np.full((2, 3), -1.0)
    np.add(X, Y, out=expected, where=mask)
    assert_array_equal(out, expected)
    out = np.zeros(3)
    unp.negative([1.0, 2.0, 3.0], out, where=[True, False, True])
    assert_array_equal(out, [-1.0, 0.0, -3.0])


def test_dtype_and_other_keywords() -> None:
    assert_same(unp.add(X, Y, dtype=np.float32), np.add(X, Y, dtype=np.float32))
    assert_same(unp.add([1, 2], [3, 4], dtype="f4"), np.add([1, 2], [3, 4], dtype="f4"))
    assert_same(unp.add(X, Y, signature=("d", "d", "d")), np.add(X, Y, signature="dd->d"))
    assert_same(unp.multiply(X, 2, casting="unsafe", order="F", subok=False),
                np.multiply(X, 2, casting="unsafe", order="F", subok=False))
    with pytest.raises(TypeError):  # NumPy's refusal comes through
        unp.add(X, Y, signature="dd->d", dtype=np.float64)
    with pytest.raises(np._core._exceptions._UFuncOutputCastingError):
        unp.add(X, Y, out=np.empty((2, 3), dtype=np.int64))
    A = np.arange(6.0).reshape(3, 2)
    assert_same(unp.matmul(X, A), X @ A)
    assert_same(unp.vecdot(X, Y, axis=0), np.vecdot(X, Y, axis=0))
    assert_same(unp.matmul(X, A, axes=[(-2, -1), (-2, -1), (-2, -1)]), X @ A)
    assert_same(unp.vecdot(X, Y, keepdims=True), np.vecdot(X, Y, keepdims=True))


class Measured(np.ndarray):
    """An ndarray subclass with its own NEP 13 override."""

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return ("overridden", ufunc.__name__, method)


def test_array_ufunc_overrides_still_run() -> None:
    m = np.arange(3.0).view(Measured)
    assert unp.add(m, 1) == ("overridden", "add", "__call__")
    assert unp.add.reduce(m) == ("overridden", "add", "reduce")
    assert unp.sin(1.0, out=m) == ("overridden", "sin", "__call__")


# -- other backends ----------------------------------------------------------------


class ToyArray:
    """An array of another library."""

    def __init__(self, data: list[float]) -> None:
        self.data = data


class ToyDType:
    """A dtype of that library."""


def _toy_add(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Any:
    return ("toy add", x1, x2, out, kwargs.get("dtype"))  # keyword-only: passed when given


TOY = ov.Backend(
    "numpy", name="toy", types=[ToyArray, ToyDType],
    implementations={
        unp.add: _toy_add,
        unp.add.reduce: lambda array, *args: ("toy sum", sum(array.data)),
        unp.absolute: lambda x, /, *args, **kwargs: ToyArray([abs(v) for v in x.data]),
    },
)


def test_a_foreign_backend_receives_the_call_for_its_type() -> None:
    t = ToyArray([1.0, -2.0])
    with pytest.raises(TypeError, match="unsupported operand"):
        unp.add(t, 1)  # TOY is not active: NumPy takes t, as np.add does, and fails
    with ov.set_backend(TOY):
        assert unp.add(t, 1.0) == ("toy add", t, 1.0, None, None)
        assert unp.add.reduce(t) == ("toy sum", -1.0)
        assert unp.abs(t).data == [1.0, 2.0]
        assert_same(unp.add(X, Y), X + Y)  # NumPy arrays still go to NumPy
        assert ov.explain(unp.add, t, 1.0).chosen is TOY
    with ov.reset_state():
        ov.register_backend(TOY)
        assert unp.add(t, t)[0] == "toy add"
        # Found by out= or by dtype= alone.
        assert unp.add([1.0], 2.0, out=t)[3] is t
        dtype = ToyDType()
        assert unp.add([1.0], 2.0, dtype=dtype)[4] is dtype
        assert_same(unp.add(X, Y), X + Y)


def test_isinstance_follows_the_active_backends() -> None:
    t, d = ToyArray([1.0]), ToyDType()
    assert isinstance(X, unp.ndarray) and isinstance(X, np.ndarray)
    assert isinstance(X.dtype, unp.dtype) and not isinstance(X, unp.dtype)
    assert not isinstance(np.float64(1.0), unp.ndarray) and not isinstance([1.0], unp.ndarray)
    assert not isinstance(t, unp.ndarray) and not isinstance(d, unp.dtype)
    with ov.set_backend(TOY):
        assert isinstance(t, unp.ndarray) and isinstance(d, unp.dtype)
        assert not isinstance(t, unp.dtype) and not isinstance(d, unp.ndarray)
        assert isinstance(X, unp.ndarray)  # NumPy is still the global backend
        assert issubclass(ToyArray, unp.ndarray)
        with ov.skip_backend(TOY):
            assert not isinstance(t, unp.ndarray)
    assert not isinstance(t, unp.ndarray)
    with ov.reset_state():
        ov.clear_backends("numpy", globals=True)
        ov.register_backend(TOY)
        assert isinstance(t, unp.ndarray)
        assert not isinstance(X, unp.ndarray)  # the NumPy backend is not active here
    assert issubclass(np.ndarray, unp.ndarray) and not issubclass(list, unp.ndarray)
    with pytest.raises(TypeError):
        issubclass(t, unp.ndarray)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="isinstance"):
        unp.ndarray()


def test_declared_kinds_take_precedence() -> None:
    class Declared(ov.Backend):
        __slots__ = ("array_types", "dtype_types")

    be = Declared("numpy", types=[ToyArray, ToyDType])
    be.array_types, be.dtype_types = (ToyDType,), ()
    with ov.set_backend(be):
        assert isinstance(ToyDType(), unp.ndarray) and not isinstance(ToyArray([]), unp.ndarray)


def test_dtype_called_is_numpys_dtype() -> None:
    """NumPy code writes ``np.dtype("f4")``: ``unp.dtype`` called gives NumPy's dtype."""
    for spec in ("f4", np.int16, "complex128", [("a", "f4"), ("b", "i8")], ">u2"):
        assert unp.dtype(spec) == np.dtype(spec)
    assert unp.dtype([("a", "u1"), ("b", "f8")], align=True).itemsize == 16
    assert unp.zeros(2, unp.dtype("i2")).dtype == np.dtype("int16")
    with pytest.raises(TypeError, match="not understood"):
        unp.dtype("nope")
