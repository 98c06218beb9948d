"""NumPy's ``RuntimeWarning``s of its statistics (an empty slice, no degrees of freedom, a
slice of NaNs only), on every library backend: the same category and message as NumPy's,
attributed to the caller's line, never a library's own (torch's ``UserWarning`` of ``std``),
with NumPy's values. The rules are ``_semantics``' (``warn_like_numpy`` and its helpers).

NumPy's floating-point warnings that come with these ("invalid value encountered in
divide", from its 0 / 0) are not required of a library, which may not compute a 0 / 0 at
all; a library may give them only as NumPy words them."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from _backend_helpers import assert_same, installed_backend, to_backend

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy

#: backend name -> the module its library needs.
BACKENDS = {"numpy": "numpy", "torch": "torch", "dask": "dask.array", "jax": "jax.numpy",
            "sparse": "sparse", "array_api_strict": "array_api_strict"}

nan = np.nan
EMPTY = np.array([])
NAN = np.array([nan])
ROWS = np.array([[nan, nan], [1.0, 2.0]])  # one all-NaN row
#: (function, arguments, keywords), each call one NumPy warns of.
WARNING_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("mean", (EMPTY,), {}), ("mean", (np.zeros((2, 0)),), {"axis": 1}),
    ("average", (EMPTY,), {}), ("average", (np.zeros((2, 0)),), {"axis": 1}),
    ("std", (EMPTY,), {}), ("var", (EMPTY,), {}), ("std", (np.array([1.0]),), {"ddof": 1}),
    ("var", (np.array([1.0, 2.0]),), {"ddof": 2}),
    ("var", (np.ones((2, 2)),), {"axis": 0, "ddof": 3}),
    ("var", (np.ones((2, 3)),), {"axis": 1, "correction": 3}),
    ("nanmean", (EMPTY,), {}), ("nanvar", (EMPTY,), {}), ("nanstd", (EMPTY,), {}),
    ("nanvar", (np.arange(1.0),), {"ddof": 1}),
    ("nanvar", (np.arange(2),), {"ddof": 2}),  # integers: var's message, no full stop
    # NaN-count conditions
    ("nanmean", (NAN,), {}), ("nanmean", (ROWS,), {"axis": 1}),
    ("nanstd", (NAN,), {}), ("nanstd", (ROWS,), {"axis": 1}), ("nanvar", (NAN,), {}),
    ("nanvar", (np.array([1.0, nan]),), {"ddof": 1}),
    ("nanvar", (np.array([1.0, 2.0, nan]),), {"ddof": 2}),  # NaN (var's would be inf)
    ("nanstd", (np.array([[1.0, 2.0, nan], [1.0, 2.0, 3.0]]),), {"axis": 1, "ddof": 2}),
    ("nanmax", (NAN,), {}), ("nanmax", (ROWS,), {"axis": 1}), ("nanmin", (NAN,), {}),
    ("nanmin", (ROWS,), {"axis": 1}),
    ("nanmedian", (NAN,), {}), ("nanmedian", (ROWS,), {"axis": 1}),
    ("nanpercentile", (NAN, 50), {}), ("nanpercentile", (ROWS, 50), {"axis": 1}),
    ("nanquantile", (NAN, 0.5), {}), ("nanquantile", (ROWS, 0.5), {"axis": 1}),
]
#: Calls NumPy gives no warning for: nor may a backend.
QUIET_CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("mean", (np.array([1.0, 2.0]),), {}), ("mean", (np.zeros((0, 3)),), {"axis": 1}),
    ("std", (np.array([1.0, 2.0]),), {}), ("var", (np.ones((2, 3)),), {"axis": 1, "ddof": 2}),
    ("var", (np.zeros((3, 0)),), {"axis": 0}),
    ("nanmean", (np.array([nan, 1.0]),), {}),
    ("nanstd", (np.array([[nan, 1.0], [2.0, 3.0]]),), {"axis": 0}),
    ("nanvar", (np.zeros((0, 3)),), {"axis": 1}),
    ("nanmax", (np.array([nan, 1.0]),), {}), ("nanmedian", (np.array([1.0, nan]),), {}),
]
#: Dask counts NaNs lazily: the adapter never computes to look for them, so it gives the
#: warnings its shapes show (NumPy's of an array of that shape without NaNs), no other.
LAZY_COUNTS = {"dask"}
#: NumPy's floating-point error messages (the warnings that come with a 0 / 0).
FLOATING_POINT = ("invalid value encountered", "divide by zero encountered")


pytestmark = pytest.mark.usefixtures("x64")  # JAX in 64 bits (conftest)


def _record(call: Any) -> tuple[Any, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        result = call()
    return result, seen


def _text(w: warnings.WarningMessage) -> str:
    return str(w.message).replace(" in scalar divide", " in divide")


def _headline(seen: list[warnings.WarningMessage]) -> set[tuple[type, str]]:
    """The warnings of the rule (not NumPy's floating-point ones), as (category, message)."""
    return {(w.category, str(w.message)) for w in seen
            if not str(w.message).startswith(FLOATING_POINT)}


def _call(name: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    backend = installed_backend(name, BACKENDS[name])
    ours = args if name == "numpy" else to_backend(name, args)
    with ov.set_backend(backend, only=True):
        try:
            return _record(lambda: getattr(unp, function)(*ours, **kwargs))
        except ov.BackendNotImplementedError as exc:
            pytest.skip(f"{name} declines {function}: {str(exc)[:200]}")


def _value(result: Any) -> Any:
    with warnings.catch_warnings():  # Dask computes here: its warnings are its numpy's
        warnings.simplefilter("ignore")
        value = to_numpy(result)
        return value.compute() if hasattr(value, "compute") else value


def _expected(name: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any],
              numpy_seen: list[warnings.WarningMessage]) -> set[tuple[type, str]]:
    """The warnings of the rule ``name`` gives: NumPy's; from the shapes alone where the
    backend counts NaNs lazily (NumPy's of the same call without NaNs)."""
    if name not in LAZY_COUNTS or not function.startswith("nan"):
        return _headline(numpy_seen)
    no_nan = np.ones_like(args[0])
    return _headline(_record(lambda: getattr(np, function)(no_nan, *args[1:], **kwargs))[1])


@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("function, args, kwargs", WARNING_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(WARNING_CASES)])
def test_numpys_warning(name: str, function: str, args: tuple[Any, ...],
                        kwargs: dict[str, Any]) -> None:
    expected, numpy_seen = _record(lambda: getattr(np, function)(*args, **kwargs))
    assert _headline(numpy_seen)  # a case NumPy warns of
    result, seen = _call(name, function, args, kwargs)
    assert _headline(seen) == _expected(name, function, args, kwargs, numpy_seen), [
        (w.category.__name__, str(w.message)) for w in seen]
    # none but NumPy's: its category, its words (no torch UserWarning, no Dask 0 / 0)
    assert {(w.category, _text(w)) for w in seen} <= {
        (w.category, _text(w)) for w in numpy_seen}, [str(w.message) for w in seen]
    # the caller's line (NumPy's own name its own files: the NumPy backend is NumPy's)
    assert name == "numpy" or all(w.filename == __file__ for w in seen if not str(
        w.message).startswith(FLOATING_POINT)), [w.filename for w in seen]
    assert_same(_value(result), expected, scalars=False)


@pytest.mark.parametrize("name", sorted(BACKENDS))
@pytest.mark.parametrize("function, args, kwargs", QUIET_CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(QUIET_CASES)])
def test_no_warning_where_numpy_gives_none(name: str, function: str, args: tuple[Any, ...],
                                           kwargs: dict[str, Any]) -> None:
    expected, numpy_seen = _record(lambda: getattr(np, function)(*args, **kwargs))
    assert not numpy_seen
    result, seen = _call(name, function, args, kwargs)
    assert not seen, [(w.category.__name__, str(w.message)) for w in seen]
    assert_same(_value(result), expected, scalars=False)


@pytest.mark.parametrize("name", sorted(BACKENDS))
def test_nanargmax_of_all_nan_is_numpys_error(name: str) -> None:
    backend = installed_backend(name, BACKENDS[name])
    if name in ("jax", "dask"):
        pytest.skip(f"{name}'s nanargmax is its own (JAX: -1; Dask: raises once computed)")
    with pytest.raises(ValueError, match="All-NaN slice encountered"):
        np.nanargmax(ROWS, axis=1)
    with ov.set_backend(backend, only=True):
        try:
            with pytest.raises(ValueError, match="All-NaN slice encountered"):
                unp.nanargmax(to_backend(name, ROWS) if name != "numpy" else ROWS, axis=1)
        except ov.BackendNotImplementedError as exc:
            pytest.skip(f"{name} declines nanargmax: {str(exc)[:200]}")


def test_filtering_runtimewarning_silences_torch() -> None:
    """NumPy users' filter (``RuntimeWarning`` as an error) catches torch's std of an empty
    tensor: NumPy's warning, not torch's ``UserWarning``."""
    backend = installed_backend("torch", BACKENDS["torch"])
    import torch

    with ov.set_backend(backend, only=True), warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("error", UserWarning)
        with pytest.raises(RuntimeWarning, match="Degrees of freedom <= 0 for slice"):
            unp.std(torch.zeros(0, dtype=torch.float64))


def test_traced_jax_looks_for_no_nan() -> None:
    """Under ``jax.jit`` no value is at hand: no NaN is looked for, no warning is given (nor
    an error); the result is NumPy's."""
    backend = installed_backend("jax", BACKENDS["jax"])
    import jax
    import jax.numpy as jnp

    with ov.set_backend(backend, only=True):
        mean = jax.jit(lambda x: unp.nanmean(x))
        result, seen = _record(lambda: mean(jnp.asarray(NAN)))
    assert not seen, [str(w.message) for w in seen]
    assert np.isnan(np.asarray(result))


def test_dask_computes_nothing_to_warn() -> None:
    """Dask's NaN counts are lazy: the adapter builds no graph to look for NaNs, nor computes
    one (the result's graph is Dask's own nanmean's)."""
    backend = installed_backend("dask", BACKENDS["dask"])
    import dask.array as da

    a = da.from_array(ROWS, chunks=1)
    with ov.set_backend(backend, only=True):
        result, seen = _record(lambda: unp.nanmean(a, axis=1))
    assert not seen
    assert len(result.dask) == len(da.nanmean(a, axis=1).dask)
