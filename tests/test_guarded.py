"""``ov.guarded``: the compiled guard (``_native.Guarded``) against its Python reference.

The compiled object and :func:`overridable._guarded.reference` are called with the same
arguments, drawn by Hypothesis from arrays of the owner type and of a subclass, in
several dtypes, Python scalars of every kind and keywords; both must route each call to
the same callable (``fast``, ``scalar`` or ``slow``) with the same arguments, or raise
the same error. Then the contract a backend relies on: every guarded implementation of
the torch and JAX backends gives, on every dtype, what its adapter alone gives.
"""

from __future__ import annotations

import gc
import inspect
import sys
import weakref
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import overridable as ov
from overridable._guarded import adapter_of, reference

compiled = pytest.mark.skipif(not ov.compiled(), reason="the compiled path is not in use")


class Sub(np.ndarray):
    """A subclass: not the owner type exactly, so never guarded."""


class BadDtype:
    """An owner whose ``dtype`` raises: the error reaches the caller on both paths."""

    @property
    def dtype(self) -> Any:
        raise LookupError("no dtype here")


def _recorder(tag: str) -> Any:
    def record(*args: Any, **kwargs: Any) -> Any:
        return (tag, args, tuple(sorted(kwargs.items())))
    return record


def _failing(tag: str) -> Any:
    """A recorder that raises as a library does (a ValueError) for arrays of three items,
    and KeyboardInterrupt for arrays of four: the guard retries the first, not the second."""
    def record(*args: Any, **kwargs: Any) -> Any:
        first = args[0][0] if type(args[0]) in (tuple, list) else args[0]
        if getattr(first, "size", 0) == 3:
            raise ValueError("the library's message")
        if getattr(first, "size", 0) == 4:
            raise KeyboardInterrupt
        return (tag, args, tuple(sorted(kwargs.items())))
    return record


F64, F32, I64 = np.dtype(np.float64), np.dtype(np.float32), np.dtype(np.int64)
ARRAYS = [np.ones(2), np.ones(2, np.float32), np.ones(2, np.int64), np.ones(2).view(Sub),
          np.ones(3), np.ones((2, 2)), np.ones(())]
VALUES = [*ARRAYS, np.float64(1.0), 1, -1, 1.5, True, 1j, "s", None, (), (2, -1), (2, 1.0),
          (np.ones(2), np.ones(2)), [np.ones(2), np.ones(3)], (np.ones(2), np.ones(2, int)),
          [np.ones(2)], (np.ones(2), 1), [np.ones(2).view(Sub)], [np.ones(3)], (np.ones(4),)]
SETUPS = [dict(arity=1), dict(arity=1, dtypes=[F64]), dict(arity=2, dtypes=[F64, F32]),
          dict(arity=2), dict(arity=3, dtypes=[F64]),
          dict(arity=2, dtypes=[F64], scalar=_recorder("scalar"), scalar_dtypes=[F64, F32]),
          dict(arity=2, scalar=_failing("scalar"), scalar_dtypes=[F64], max_ndim=1),
          dict(arity=3, lead_dtypes=[F64]), dict(arity=2, dtypes=[F32], lead_dtypes=[I64]),
          dict(arity=1, sequence=True), dict(arity=1, sequence=True, dtypes=[F64], axis=True),
          dict(arity=1, shape=True, dtypes=[F64]), dict(arity=1, axis=True, max_ndim=1),
          dict(arity=2, max_ndim=1), dict(arity=3, lead_dtypes=[F64], max_ndim=0)]


def _outcome(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    try:
        tag, got, keywords = function(*args, **kwargs)
    except (Exception, KeyboardInterrupt) as exc:  # the error itself is compared
        return ("raised", type(exc), str(exc))
    return (tag, tuple(id(a) for a in got), tuple((k, id(v)) for k, v in keywords))


@compiled
@settings(max_examples=800, deadline=None)
@given(setup=st.sampled_from(SETUPS),
       args=st.lists(st.sampled_from(VALUES), max_size=4),
       kwargs=st.sampled_from([{}, {"out": None}, {"where": True}, {"axis": 0},
                               {"axis": 1.0}, {"axis": 0, "out": None}]))
def test_the_compiled_guard_routes_every_call_as_the_reference(setup: dict[str, Any],
                                                               args: list[Any],
                                                               kwargs: dict[str, Any]) -> None:
    slow, fast = _recorder("slow"), _failing("fast")
    made = ov.guarded(slow, fast, owner=np.ndarray, **setup)
    assert type(made).__name__ == "Guarded"
    python = reference(slow, fast, owner=np.ndarray, **setup)
    assert _outcome(made, tuple(args), kwargs) == _outcome(python, tuple(args), kwargs)


def _guarded_add() -> tuple[Any, ...]:
    """A recording guarded ``add`` (float64, with the scalar call), its three callables,
    a float64 array and an int64 one."""
    slow, fast, scalar = _recorder("slow"), _recorder("fast"), _recorder("scalar")
    add = ov.guarded(slow, fast, owner=np.ndarray, arity=2, dtypes=[F64], scalar=scalar,
                     scalar_dtypes=[F64])
    return add, slow, fast, scalar, np.ones(2), np.ones(2, np.int64)


@compiled
def test_the_routes_are_the_documented_ones() -> None:
    add, slow, fast, _scalar, a, i = _guarded_add()
    assert add(a, a)[0] == "fast"
    assert add(a, 2.0)[0] == add(a, 2)[0] == "scalar"
    assert add(a, True)[0] == "slow"          # bool is not an int here, as in NumPy's loops
    assert add(i, i)[0] == add(a, i)[0] == "slow"
    assert add(a, a, out=None)[0] == "slow"   # any keyword: the adapter
    assert add(a.view(Sub), a)[0] == "slow"   # subclasses: the adapter
    where = ov.guarded(slow, fast, owner=np.ndarray, arity=3, lead_dtypes=[np.dtype(bool)])
    c = np.ones(2, bool)
    assert where(c, a, a)[0] == where(c, i, i)[0] == "fast"
    assert where(c, a, i)[0] == where(a, a, a)[0] == where(c, a)[0] == "slow"


@pytest.mark.parametrize("make", [ov.guarded, reference])
def test_the_shapes_of_call_and_the_retry(make: Any) -> None:
    slow, fast = _recorder("slow"), _failing("fast")
    a, b = np.ones(2), np.ones(3)
    stack = make(slow, fast, owner=np.ndarray, arity=1, sequence=True, dtypes=[F64],
                 axis=True)
    native = ov.compiled() and make is ov.guarded
    # On the pure-Python path guarded is the adapter: every call is slow's.
    expect = "fast" if native or make is reference else "slow"
    assert stack((a, a))[0] == stack([a, a])[0] == stack([a], 1)[0] == expect
    # axis= goes to the library by position
    assert stack((a, a), axis=-1) == ((expect, ((a, a), -1), ()) if expect == "fast"
                                      else (expect, ((a, a),), (("axis", -1),)))
    assert stack((a, a.astype(int)))[0] == stack(())[0] == stack((a, a), axis=None)[0] \
        == stack((a, a), True)[0] == stack(a)[0] == "slow"
    assert stack((b, a)) == ("slow", ((b, a),), ())  # the library raised: the adapter's turn
    if expect == "fast":
        with pytest.raises(KeyboardInterrupt):  # not an error to retry
            stack((np.ones(4),))
    else:
        assert stack((np.ones(4),))[0] == "slow"
    reshape = make(slow, fast, owner=np.ndarray, arity=1, shape=True)
    assert reshape(a, (2, 1))[0] == expect
    assert reshape(a, [2, 1])[0] == reshape(a, (2, 1.0))[0] == reshape(a, 2)[0] == "slow"
    dot = make(slow, fast, owner=np.ndarray, arity=2, max_ndim=1)
    assert dot(a, a)[0] == expect and dot(a, np.ones((2, 2)))[0] == "slow"


@compiled
def test_an_error_reading_the_dtype_is_the_callers_on_both_paths() -> None:
    slow, fast = _recorder("slow"), _recorder("fast")
    for made in (ov.guarded(slow, fast, owner=BadDtype, arity=1, dtypes=[F64]),
                 reference(slow, fast, owner=BadDtype, arity=1, dtypes=[F64])):
        with pytest.raises(LookupError, match="no dtype here"):
            made(BadDtype())


@pytest.mark.parametrize("bad, error", [
    (dict(slow=1), TypeError), (dict(owner="ndarray"), TypeError), (dict(arity=0), ValueError),
    (dict(arity=4), ValueError), (dict(scalar=len), TypeError),
    (dict(scalar=len, scalar_dtypes=[F64], arity=1), TypeError),
    (dict(lead_dtypes=[F64], arity=1), TypeError),
    (dict(lead_dtypes=[F64], scalar=len, scalar_dtypes=[F64]), TypeError),
    (dict(sequence=True), TypeError), (dict(arity=1, shape=True, axis=True), TypeError),
    (dict(arity=1, axis=0), TypeError), (dict(arity=1, axis="dim"), TypeError),
    (dict(max_ndim=-1), ValueError), (dict(max_ndim=1.0), ValueError),
])
def test_bad_arguments_get_the_same_clear_error_on_both_paths(bad: dict[str, Any],
                                                               error: type) -> None:
    arguments: dict[str, Any] = {"slow": len, "fast": len, "owner": np.ndarray, "arity": 2}
    arguments.update(bad)
    slow, fast = arguments.pop("slow"), arguments.pop("fast")
    for make in (ov.guarded, reference):
        with pytest.raises(error, match="guarded"):
            make(slow, fast, **arguments)


def test_introspection_sees_the_adapter() -> None:
    def sqrt(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
        """NumPy's sqrt."""
        return np.sqrt(x, out=out, **kwargs)

    made = ov.guarded(sqrt, np.sqrt, owner=np.ndarray, arity=1, dtypes=[F64])
    assert adapter_of(made) is sqrt
    assert made.__name__ == "sqrt" and made.__doc__ == "NumPy's sqrt."
    assert made.__module__ == __name__
    assert inspect.signature(made) == inspect.signature(sqrt)
    np.testing.assert_array_equal(made(np.array([4.0, 9.0])), [2.0, 3.0])
    np.testing.assert_array_equal(made(np.array([4, 9])), [2.0, 3.0])
    if ov.compiled():
        assert made.__wrapped__ is sqrt and "sqrt" in repr(made)
    else:
        assert made is sqrt  # the pure-Python path: the adapter itself


@compiled
def test_no_reference_is_leaked_or_lost() -> None:
    made, slow, fast, scalar, a, i = _guarded_add()
    before = [sys.getrefcount(o) for o in (slow, fast, scalar, a, i, F64)]
    for _ in range(1000):
        made(a, a)
        made(a, 1.0)
        made(a, i)
        made(i, a, out=None)
    assert [sys.getrefcount(o) for o in (slow, fast, scalar, a, i, F64)] == before
    # It takes part in garbage collection: a cycle through it is collected.
    class Sentinel:
        pass

    def cycle() -> weakref.ref[Sentinel]:
        holder: list[Any] = [Sentinel()]
        holder.append(ov.guarded(lambda *a, **k: holder, fast, owner=np.ndarray, arity=1))
        assert gc.is_tracked(holder[1])
        return weakref.ref(holder[0])

    alive = cycle()
    gc.collect()
    assert alive() is None


@compiled
def test_no_reference_is_leaked_or_lost_in_the_other_shapes_of_call() -> None:
    slow, fast = _recorder("slow"), _failing("fast")
    stack = ov.guarded(slow, fast, owner=np.ndarray, arity=1, sequence=True, axis=True,
                       max_ndim=2)
    reshape = ov.guarded(slow, fast, owner=np.ndarray, arity=1, shape=True)
    a, b, shape = np.ones(2), np.ones(3), (2, 1)
    pair, items = (a, a), [a, b]
    watched = (slow, fast, a, b, shape, pair, items)
    before = [sys.getrefcount(o) for o in watched]
    for _ in range(1000):
        stack(pair)
        stack(items, 0)
        stack(pair, axis=-1)
        stack((b, b))          # fast raises: the retry
        reshape(a, shape)
        reshape(b, shape)      # fast raises: the retry
    assert [sys.getrefcount(o) for o in watched] == before


def _library_arrays(library: str) -> tuple[Any, list[Any]]:
    """The backend of ``library`` and arrays of it in several dtypes."""
    base = np.arange(1, 7).reshape(2, 3) % 4 + 1
    kinds = ["bool", "uint8", "int32", "int64", "float16", "float32", "float64", "complex128"]
    if library == "torch":
        torch = pytest.importorskip("torch")
        import overridable.backends.torch as module
        return module.backend, [torch.as_tensor(base.astype(k)) for k in kinds]
    jnp = pytest.importorskip("jax.numpy")
    import overridable.backends.jax as module
    return module.backend, [jnp.asarray(base.astype(k)) for k in kinds]


@pytest.mark.parametrize("library", ["torch", "jax"])
def test_every_guarded_implementation_gives_what_its_adapter_gives(library: str) -> None:
    backend, arrays = _library_arrays(library)
    guarded = {mm: impl for mm, impl in backend.implementations.items()
               if adapter_of(impl) is not impl}
    if ov.compiled():
        assert len(guarded) > 40  # the ufuncs
    compared = 0
    for mm, impl in guarded.items():
        for x in arrays:
            for args, kwargs in _cases(mm, x):
                got, expected = (_outcome_of(call, args, kwargs)
                                 for call in (impl, adapter_of(impl)))
                assert got[0] == expected[0], (mm.__name__, x.dtype, args[1:], kwargs)
                for a, b in zip(got[1], expected[1], strict=True):
                    np.testing.assert_array_equal(a, b, err_msg=f"{mm.__name__} {x.dtype}")
                compared += 1
    assert compared > 500 or not ov.compiled()


REDUCTIONS = {"sum", "prod", "nansum", "mean", "nanmean", "std", "var", "all", "any", "max",
              "min", "amax", "amin"}


def _cases(mm: Any, x: Any) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Calls of ``mm`` on ``x`` (arguments, keywords): the guarded shapes and their near
    misses."""
    name = mm.__name__
    if name in REDUCTIONS:
        return [((x,), {}), ((x, 0), {}), ((x,), {"axis": 1}), ((x,), {"axis": -3}),
                ((x, 5), {}), ((x,), {"axis": (0, 1)}), ((x[0, :0],), {}),
                ((x,), {"axis": 0, "keepdims": True})]
    return [(args, {}) for args in _positional_cases(mm, x)]


def _positional_cases(mm: Any, x: Any) -> list[tuple[Any, ...]]:
    name = mm.__name__
    if name == "where":
        condition = x != x.flatten()[0]
        return [(condition, x, x), (condition, x, x[0]), (x, x, x)]
    if name == "reshape":
        return [(x, (-1,)), (x, (3, 2)), (x, (5, 7)), (x, [6]), (x, -1)]
    if name == "transpose":
        return [(x,), (x[0],), (x[None],), (x, (1, 0)), (x, (2, 0))]
    if name in ("stack", "concatenate", "concat"):
        return [((x, x),), ([x, x],), ((x, x[0]),), ((x, x), 1), ((x, x), 5), ((x, x), -1),
                ((x, x[:, :1]), 1), ((x[0, 0], x[0, 0]),), ((x, x.T),)]
    if name == "dot":
        return [(x, x.T), (x, x), (x[0], x[0]), (x[0, 0], x), (x[None], x.T), (x.T, x[0])]
    return [(x,) * mm.nin] + ([(x, 2.0), (x, 3)] if mm.nin == 2 else [])


def _outcome_of(call: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """(the error type, or the dtypes of the results; the results as NumPy arrays)."""
    try:
        result = call(*args, **kwargs)
    except Exception as exc:  # the error itself is compared
        return (type(exc), ())
    if result is NotImplemented:  # the default's call
        return ("NotImplemented", ())
    parts = result if isinstance(result, tuple) else (result,)
    return (tuple(str(p.dtype) for p in parts), tuple(np.asarray(p) for p in parts))


@compiled
def test_the_guard_reads_dtype_and_ndim_as_getattr_does_when_the_type_changes() -> None:
    """The compiled guard calls the owner's data descriptors directly: a change to the type
    is seen at once, and an attribute that is not a data descriptor is read as getattr
    reads it."""
    class Box:
        def __init__(self, dtype: Any) -> None:
            self.own = dtype

        dtype = property(lambda self: self.own)
        ndim = property(lambda self: 1)

    slow, fast = _recorder("slow"), _recorder("fast")
    made = ov.guarded(slow, fast, owner=Box, arity=2, dtypes=[F64], max_ndim=1)
    box = Box(F64)
    assert made(box, box)[0] == "fast"
    assert made(box, Box(F32))[0] == "slow"
    Box.dtype = property(lambda self: F32)  # type: ignore[assignment]
    assert made(box, box)[0] == "slow"
    Box.dtype = property(lambda self: F64)  # type: ignore[assignment]
    assert made(box, box)[0] == "fast"
    Box.ndim = property(lambda self: 2)  # type: ignore[assignment]
    assert made(box, box)[0] == "slow"
    del Box.ndim
    Box.ndim = 1  # type: ignore[assignment]  # not a descriptor: the instance's dict wins
    box.ndim = 2  # type: ignore[misc]
    assert made(box, box)[0] == "slow" and made(Box(F64), Box(F64))[0] == "fast"

    class Custom(Box):
        def __getattribute__(self, name: str) -> Any:
            return F32 if name == "dtype" else object.__getattribute__(self, name)

    made = ov.guarded(slow, fast, owner=Custom, arity=1, dtypes=[F64])
    assert made(Custom(F64))[0] == "slow"
    assert ov.guarded(slow, fast, owner=Custom, arity=1, dtypes=[F32])(Custom(F64))[0] == "fast"
