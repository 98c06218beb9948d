"""Dask with an inner backend: functions dask.array lacks applied chunk by chunk through
``overridable.numpy``, each chunk served by the backend of its type (NumPy, PyData/Sparse)."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pytest
from _backend_helpers import require
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.backends import dask as dask_backend
from overridable.conformance import targets

da = require("dask.array")
dask = require("dask")

F = np.array([[0.0, 1.5, -0.25, 3.0], [2.0, 0.0, 0.5, -4.0], [1.0, 0.0, 0.0, 2.5]])
N = np.array([[0, 4, 6, 9], [12, 0, 15, 8], [3, 0, 0, 7]])
D = np.array(["2024-01-01", "NaT", "2024-03-15"], dtype="datetime64[D]")

#: Every INNER entry's sample calls in the conformance harness (its SAMPLES, or a ufunc's
#: calls made from its type signatures), by value against NumPy.
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    (t.name, call.args, call.kwargs) for t in targets() if t.name in dask_backend.INNER
    for call in t.calls]


def dask_of_numpy(value: Any) -> Any:
    return da.from_array(value, chunks=2) if isinstance(value, np.ndarray) and value.ndim \
        else value


def dask_of_sparse(value: Any) -> Any:
    sparse = require("sparse")
    if isinstance(value, np.ndarray) and value.ndim and value.dtype.kind in "biufc":
        return da.from_array(sparse.COO.from_numpy(value), chunks=2, asarray=False)
    return value


def test_inner_names_are_in_the_table_and_not_dasks_ufuncs() -> None:
    table = dask_backend.LIBRARY.table()
    assert set(dask_backend.INNER) <= set(table)
    assert not set(dask_backend.INNER) & set(dask_backend.UFUNCS)
    assert {name for name, _, _ in CASES} == set(dask_backend.INNER)  # each has calls


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_dask_of_numpy_matches_numpy(name: str, args: tuple[Any, ...],
                                     kwargs: dict[str, Any]) -> None:
    expected = getattr(np, name)(*args, **kwargs)
    with ov.set_backend("dask", only=True):
        result = getattr(unp, name)(*(dask_of_numpy(a) for a in args), **kwargs)
    assert isinstance(result, da.Array)
    assert result.dtype == expected.dtype and result.shape == expected.shape  # from meta
    computed = result.compute()
    assert isinstance(computed, np.ndarray)
    assert computed.dtype == expected.dtype and computed.shape == expected.shape
    assert_allclose(computed, expected)


def test_sync_scheduler_inside_only_dask_does_not_come_back_to_dask() -> None:
    # Chunks run in the caller's thread, where Dask alone is selected: each chunk is still
    # served by NumPy (chosen by its type), never by Dask again.
    with ov.set_backend("dask", only=True), dask.config.set(scheduler="sync"):
        result = unp.gcd(dask_of_numpy(N), 4).compute()
    assert_array_equal(result, np.gcd(N, 4))


def test_map_inner_on_dask_of_sparse_keeps_chunks_sparse() -> None:
    sparse = require("sparse")
    x = dask_of_sparse(F)
    for function, args, expected in [
        (unp.sin, (x,), np.sin(F)),
        (unp.expm1, (x,), np.expm1(F)),
        (unp.multiply, (x, 2.5), F * 2.5),
        (unp.add, (x, x), F + F),
    ]:
        result = dask_backend.map_inner(function, *args)
        assert isinstance(result._meta, sparse.COO)  # the meta says: sparse chunks
        computed = result.compute()
        assert isinstance(computed, sparse.COO)
        dense = computed.todense()
        assert dense.dtype == expected.dtype and dense.shape == expected.shape
        assert_allclose(dense, expected)


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CASES)])
def test_inner_entries_on_dask_of_sparse_match_numpy_or_decline(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    sparse = require("sparse")
    expected = getattr(np, name)(*args, **kwargs)
    inputs = [dask_of_sparse(a) for a in args]
    if not any(isinstance(a, da.Array) for a in inputs):
        pytest.skip("no sparse input (datetimes)")
    try:
        with ov.set_backend("dask", only=True):
            result = getattr(unp, name)(*inputs, **kwargs)
    except ov.BackendNotImplementedError as exc:
        # The sparse backend does not serve it (yet): declined, saying so.
        assert name in str(exc)
        return
    computed = result.compute()
    assert isinstance(computed, sparse.SparseArray)
    dense = computed.todense()
    assert dense.dtype == expected.dtype and dense.shape == expected.shape
    assert_allclose(dense, expected)


def test_dasks_own_functions_keep_sparse_chunks_sparse() -> None:
    sparse = require("sparse")
    x = dask_of_sparse(F)
    with ov.set_backend("dask", only=True):
        total = unp.sum(x, axis=0)
        sines = unp.sin(x)
    for result, expected in ((total, F.sum(axis=0)), (sines, np.sin(F))):
        computed = result.compute()
        assert isinstance(computed, sparse.COO)
        assert_allclose(computed.todense(), expected)


def test_blockwise_pickles_and_chunk_backend_names_the_owner() -> None:
    f = dask_backend.Blockwise(unp.gcd, dask_backend.chunk_backend(np.empty(0)), {})
    g = pickle.loads(pickle.dumps(f))
    assert_array_equal(g(np.array([4, 6]), 4), [4, 2])
    with pytest.raises(ov.BackendNotImplementedError, match="no installed backend"):
        dask_backend.chunk_backend(object())


def test_inner_where_declines_and_out_takes_a_dask_array() -> None:
    x = dask_of_numpy(N)
    with ov.set_backend("dask", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                          match="where="):
        unp.gcd(x, 4, where=N > 3)
    with ov.set_backend("dask", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                          match="only a Dask array as out="):
        unp.gcd(x, 4, out=np.empty_like(N))
