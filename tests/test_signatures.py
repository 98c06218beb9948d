"""NumPy's other spellings of a call (``numpy/_calls.py``): ``arange``'s keywords, a ufunc's
outputs by position and ``sig=``, ``fromstring`` without ``sep``, and the busday functions'
explicit ``weekmask``/``holidays`` beside ``busdaycal``: each accepted exactly as NumPy 2.4
accepts it, with NumPy's values and NumPy's errors (type and message), on the path in use
(run once more with ``OVERRIDABLE_PURE_PYTHON=1``); and on the library backends, the same
outcome as the declared spelling of the call."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from numpy.testing import assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy


def outcome(function: Callable[[], Any]) -> tuple[Any, ...]:
    """What a call gives: its value (with its dtype), or its error's type and message."""
    try:
        result = function()
    except Exception as exc:  # the error is the outcome compared
        return "raised", type(exc), str(exc)
    return "returned", result


def assert_same_outcome(ours: tuple[Any, ...], theirs: tuple[Any, ...]) -> None:
    assert ours[0] == theirs[0], (ours, theirs)
    if ours[0] == "raised":
        assert ours[1:] == theirs[1:]
        return
    got, expected = ours[1], theirs[1]
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
    for g, e in zip(got if isinstance(got, tuple) else (got,),
                    expected if isinstance(expected, tuple) else (expected,), strict=True):
        g = to_numpy(g)
        assert type(g) is type(e) and g.dtype == e.dtype and g.shape == e.shape
        assert_array_equal(g, e)


# --- arange: start, stop, step and dtype by position or by name ---------------------------

ARANGE_CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {"stop": 3}),
    ((), {"start": 1, "stop": 5}),
    ((), {"start": 1, "stop": 5, "step": 2}),
    ((), {"stop": 5, "step": 2}),
    ((), {"stop": 3, "dtype": "f4"}),
    ((3,), {"step": 2}),
    ((1,), {"stop": 5}),
    ((1,), {"stop": None}),
    ((), {"start": 3, "stop": None}),
    ((1, 5, 1, "f8"), {}),
    ((1, 5), {"dtype": np.int8, "step": 2}),
    ((2.5,), {}),
    # NumPy's errors
    ((), {"start": 3}),
    ((), {}),
    ((), {"step": 2}),
    ((), {"dtype": float}),
    ((1,), {"start": 2}),
    ((1, 5), {"stop": 2}),
    ((1, 5, 1, "f8"), {"dtype": "f4"}),
    ((1, 5, 1, "f8", 3), {}),
    ((1, 2), {"bogus": 3}),
    ((), {"stop": None}),
    ((), {"start": None, "stop": 3}),
    ((1, 5, 0), {}),
]


@pytest.mark.parametrize("args, kwargs", ARANGE_CALLS, ids=[str(c) for c in ARANGE_CALLS])
def test_arange_takes_numpys_spellings(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    assert_same_outcome(outcome(lambda: unp.arange(*args, **kwargs)),
                        outcome(lambda: np.arange(*args, **kwargs)))


def test_explain_takes_the_other_spellings() -> None:
    assert ov.explain(unp.arange, stop=3).chosen is unp.numpy_backend
    assert ov.explain(unp.frexp, X, np.empty(X.shape)).chosen is unp.numpy_backend
    with pytest.raises(TypeError, match="requires stop"):
        ov.explain(unp.arange, start=3)


def test_arange_keeps_numpys_signature() -> None:
    assert str(inspect.signature(unp.arange)) == str(inspect.signature(np.arange))


# --- ufuncs: outputs by position, sig= -----------------------------------------------------

X = np.array([[1.5, -2.0, 7.25], [0.5, 3.0, -4.5]])
Y = np.array([[2.0, 3.0, -1.5], [0.25, -2.0, 2.0]])


def _buffers(dtypes: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    return tuple(np.empty(X.shape, dtype=d) for d in dtypes)


@pytest.mark.parametrize("name, inputs, dtypes", [
    ("add", (X, Y), (np.float64,)),
    ("frexp", (X,), (np.float64, np.int32)),
    ("modf", (X,), (np.float64, np.float64)),
    ("divmod", (X, Y), (np.float64, np.float64)),
])
def test_ufunc_outputs_by_position(name: str, inputs: tuple[Any, ...],
                                   dtypes: tuple[Any, ...]) -> None:
    expected = getattr(np, name)(*inputs)
    outputs = _buffers(dtypes)
    result = getattr(unp, name)(*inputs, *outputs)
    results = result if isinstance(result, tuple) else (result,)
    assert all(r is o for r, o in zip(results, outputs, strict=True))
    assert_same_outcome(("returned", result), ("returned", expected))
    if len(outputs) == 2:  # the first alone: the second is a new array, as in NumPy
        first = _buffers(dtypes[:1])[0]
        got = getattr(unp, name)(*inputs, first)
        assert got[0] is first
        assert_same_outcome(("returned", got), ("returned", getattr(np, name)(*inputs)))


@pytest.mark.parametrize("call", [
    lambda m, o: m.add(X, Y, o[0], out=o[0]),
    lambda m, o: m.add(X, Y, None, out=None),
    lambda m, o: m.frexp(X, o[0], out=(None, o[1])),
    lambda m, o: m.frexp(X, o[0], o[1], o[0]),
    lambda m, o: m.add(X, Y, o[0], o[1]),
    lambda m, o: m.add(X),
    lambda m, o: m.frexp(),
    lambda m, o: m.frexp(X, (o[0], o[1])),
    lambda m, o: m.frexp(X, out=o[0]),
    lambda m, o: m.add(X, Y, o[0], bogus=1),
    lambda m, o: m.frexp(X, ...),
    # One output: add(x, y, (o,)) and add(x, y, ...) are accepted (as by keyword) where
    # NumPy raises: the compiled dispatcher serves out by position (see _ufuncs._make).
], ids=["pos+out", "pos None+out None", "frexp pos+out", "too many", "add too many",
        "too few", "none", "tuple by position", "frexp out=one", "unknown keyword",
        "ellipsis by position"])
def test_ufunc_outputs_errors_are_numpys(call: Callable[..., Any]) -> None:
    ours, theirs = _buffers((np.float64, np.int32)), _buffers((np.float64, np.int32))
    expected = outcome(lambda: call(np, theirs))
    assert expected[0] == "raised"
    assert_same_outcome(outcome(lambda: call(unp, ours)), expected)


@pytest.mark.parametrize("kwargs", [
    {"sig": "dd->d"}, {"sig": ("d", "d", "d")}, {"sig": (np.float32, np.float32, None)},
    {"sig": "dd->d", "signature": "dd->d"}, {"sig": None}, {"sig": "ii->i"},
], ids=["str", "tuple", "types", "both", "None", "unsafe"])
def test_ufunc_sig_is_signature(kwargs: dict[str, Any]) -> None:
    assert_same_outcome(outcome(lambda: unp.add(X, Y, **kwargs)),
                        outcome(lambda: np.add(X, Y, **kwargs)))
    out = np.empty(X.shape)
    assert_same_outcome(outcome(lambda: unp.add(X, Y, out, **kwargs)),
                        outcome(lambda: np.add(X, Y, np.empty(X.shape), **kwargs)))


@pytest.mark.parametrize("call", [
    lambda m: m.add.outer(X[0], Y[0], sig="dd->d"),
    lambda m: m.add.outer(X[0], Y[0], sig="dd->d", signature="dd->d"),
    lambda m: m.add.outer(X[0], Y[0], sig=None),
    lambda m: m.add.outer(X[0], Y[0], np.empty((3, 3))),
    lambda m: m.add.outer(X[0]),
], ids=["sig", "both", "None", "out by position", "one"])
def test_ufunc_outer_takes_sig(call: Callable[..., Any]) -> None:
    assert_same_outcome(outcome(lambda: call(unp)), outcome(lambda: call(np)))
    for m in (np, unp):  # the other methods take no sig=, as in NumPy
        with pytest.raises(TypeError, match="unexpected keyword argument 'sig'"):
            m.add.accumulate(X[0], sig="dd->d")


@pytest.mark.parametrize("kwargs", [
    {"signature": None}, {"signature": None, "dtype": None}, {"signature": None, "dtype": "f4"},
    {"signature": (None, None, None)}, {"signature": (None, None, "f4")},
    {"sig": None, "dtype": None}, {"dtype": None}, {"out": ...}, {"out": (None,)},
], ids=["signature None", "and dtype None", "and dtype", "all None", "output f4",
        "sig None and dtype None", "dtype None", "out ...", "out (None,)"])
def test_ufunc_signature_none_is_numpys(kwargs: dict[str, Any]) -> None:
    # NumPy tells signature=None given (its TypeError) from none given, and refuses
    # signature= and dtype= given together, whatever their values.
    assert_same_outcome(outcome(lambda: unp.add(X, Y, **kwargs)),
                        outcome(lambda: np.add(X, Y, **kwargs)))
    assert_same_outcome(outcome(lambda: unp.sin(X, **kwargs)),
                        outcome(lambda: np.sin(X, **kwargs)))


def test_ufunc_signatures_stay_numpys() -> None:
    for name in ("add", "frexp", "modf", "divmod", "sin"):
        assert inspect.signature(getattr(unp, name)) == inspect.signature(getattr(np, name))


# --- fromstring without sep ----------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs", [
    (("1 2",), {"dtype": int}),
    ((b"\x01\x02",), {"dtype": np.uint8}),
    (("1 2",), {"sep": ""}),
    (("1 2", int, -1, " "), {}),
    (("1 2", float, 2), {"sep": " "}),
    ((), {"string": "1 2", "sep": " "}),
    (("1 2", int, -1, " ", 5), {}),
    (("1 2", int, -1, " "), {"sep": " "}),
    (("1 2", float), {"dtype": int, "sep": " "}),
    (("1 2",), {"bogus": 1}),
    ((), {"sep": " "}),
], ids=str)
def test_fromstring_is_numpys(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    assert_same_outcome(outcome(lambda: unp.fromstring(*args, **kwargs)),
                        outcome(lambda: np.fromstring(*args, **kwargs)))


# --- busday: weekmask and holidays given, beside busdaycal ---------------------------------

DATES = np.array(["2024-01-05", "2024-01-06", "2024-01-10"], dtype="M8[D]")
CALENDAR = np.busdaycalendar(weekmask="1111100", holidays=["2024-01-08"])
BUSDAY_KEYWORDS: list[dict[str, Any]] = [
    {}, {"weekmask": "1111100"}, {"weekmask": [1, 1, 1, 1, 1, 0, 0]}, {"weekmask": "1111110"},
    {"holidays": ["2024-01-09"]}, {"holidays": []}, {"holidays": ()}, {"holidays": None},
    {"busdaycal": CALENDAR}, {"busdaycal": None}, {"weekmask": "1111100", "busdaycal": CALENDAR},
    {"holidays": [], "busdaycal": CALENDAR}, {"holidays": (), "busdaycal": CALENDAR},
    {"holidays": None, "busdaycal": CALENDAR}, {"out": None},
    {"weekmask": "1111100", "holidays": ["2024-01-09"]},
]


@pytest.mark.parametrize("kwargs", BUSDAY_KEYWORDS, ids=str)
@pytest.mark.parametrize("name, args", [
    ("busday_offset", (DATES, 1)), ("busday_offset", (DATES, 2, "forward")),
    ("busday_count", (DATES, DATES + 9)), ("is_busday", (DATES,)),
], ids=["busday_offset", "busday_offset roll", "busday_count", "is_busday"])
def test_busday_keywords_are_numpys(name: str, args: tuple[Any, ...],
                                    kwargs: dict[str, Any]) -> None:
    assert_same_outcome(outcome(lambda: getattr(unp, name)(*args, **kwargs)),
                        outcome(lambda: getattr(np, name)(*args, **kwargs)))


def test_busday_weekmask_by_position_beside_busdaycal_is_refused() -> None:
    expected = outcome(lambda: np.is_busday(DATES, "1111100", busdaycal=CALENDAR))
    assert expected[0] == "raised"
    assert_same_outcome(outcome(lambda: unp.is_busday(DATES, "1111100", busdaycal=CALENDAR)),
                        expected)


# --- the library backends: they see the declared spelling ----------------------------------

LIBRARIES = {"torch": "torch", "dask": "dask.array", "jax": "jax.numpy", "sparse": "sparse",
             "array_api_strict": "array_api_strict"}


@pytest.fixture(params=sorted(LIBRARIES))
def library(request: pytest.FixtureRequest) -> Iterator[Any]:
    name = request.param
    try:
        importlib.import_module(LIBRARIES[name])
    except ImportError:
        pytest.skip(f"{LIBRARIES[name]} is not installed")
    jax = importlib.import_module("jax") if name == "jax" else None
    if jax is not None:
        before = jax.config.jax_enable_x64
        jax.config.update("jax_enable_x64", True)
    with ov.set_backend(ov.as_backend(name), only=True):
        yield ov.as_backend(name)
    if jax is not None:
        jax.config.update("jax_enable_x64", before)


@pytest.mark.parametrize("args, kwargs", [
    ((), {"stop": 3}), ((), {"start": 1, "stop": 5, "step": 2}), ((1, 5, 1, "f4"), {}),
    ((), {"stop": 4, "dtype": "i4"}),
], ids=str)
def test_arange_keywords_on_library_backends(library: Any, args: tuple[Any, ...],
                                             kwargs: dict[str, Any]) -> None:
    result = unp.arange(*args, **kwargs)
    assert type(result) is not np.ndarray or library.name == "sparse"  # sparse: dense arange
    assert_same_outcome(("returned", result), ("returned", np.arange(*args, **kwargs)))


def test_arange_and_fromstring_errors_on_library_backends(library: Any) -> None:
    with pytest.raises(TypeError, match=r"^arange\(\) requires stop to be specified\.$"):
        unp.arange(start=3)
    like = library.convert(np.zeros(2), "array")
    with pytest.raises(ValueError, match="binary mode of fromstring is removed"):
        unp.fromstring("1 2", dtype=int, like=like)


def test_ufunc_spellings_are_the_declared_calls_on_library_backends(library: Any) -> None:
    # Outputs by position and sig= reach the backend as out= and signature=: the same
    # outcome (NumPy's values, or the backend's decline) as the declared spelling.
    x = library.convert(X, "array")

    def outputs(n: int) -> tuple[Any, ...]:
        return tuple(library.convert(np.zeros(X.shape), "array") for _ in range(n))

    def same(spelled: Callable[[], Any], declared: Callable[[], Any]) -> None:
        ours, theirs = outcome(spelled), outcome(declared)
        assert ours[0] == theirs[0], (ours, theirs)
        if ours[0] == "raised":
            assert ours[1] is theirs[1]
        else:
            assert_same_outcome(("returned", to_numpy(ours[1])),
                                ("returned", to_numpy(theirs[1])))

    same(lambda: unp.add(x, x, *outputs(1)), lambda: unp.add(x, x, out=outputs(1)[0]))
    same(lambda: unp.frexp(x, *outputs(2)), lambda: unp.frexp(x, out=outputs(2)))
    same(lambda: unp.add(x, x, sig="dd->d"), lambda: unp.add(x, x, signature="dd->d"))
    with pytest.raises(TypeError, match="cannot specify 'out' as both"):
        unp.add(x, x, outputs(1)[0], out=outputs(1)[0])
