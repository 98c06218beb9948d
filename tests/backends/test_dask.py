"""The Dask backend against real ``dask.array``: lazy results, values equal to NumPy's."""

from __future__ import annotations

import pickle
import re
from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import arrays_to, assert_same, library_function, require, resolve
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import dask as dask_backend

da = require("dask.array")


@pytest.fixture(scope="module")
def backend() -> Any:
    return ov.as_backend(da)


def to_dask(value: Any) -> Any:
    """NumPy arrays become Dask arrays in chunks of 2 along each axis (several chunks)."""
    return arrays_to(lambda a: da.from_array(a, chunks=2) if a.ndim else a, value)


# -- adapters, entry points, the table ---------------------------------------------


def test_module_name_and_alias_give_one_backend(backend: Any) -> None:
    assert ov.as_backend("dask") is backend
    assert ov.as_backend("dask.array") is backend
    assert dask_backend.backend is backend
    assert backend.name == "dask"
    assert pickle.loads(pickle.dumps(backend)) is backend  # adapted backends travel by name


def test_every_table_entry_is_declared_by_the_api(backend: Any) -> None:
    assert backend.unresolved == ()
    assert len(backend.implementations) > 200


@pytest.mark.parametrize("name", dask_backend.UFUNCS)
def test_ufunc_entries_wrap_numpys_ufunc_of_that_name(name: str) -> None:
    assert getattr(da, name)._ufunc is getattr(np, name)


@pytest.mark.parametrize("kwargs, declined", [
    ({"sig": "dd->d"}, "signature="), ({"signature": "dd->d"}, "signature="),
    ({"signature": (None, None, "f4")}, "signature="), ({"casting": "unsafe"}, "casting="),
    ({"order": "F"}, "order="), ({"subok": False}, "subok="),
], ids=["sig", "signature", "signature tuple", "casting", "order", "subok"])
def test_ufunc_keywords_dask_lacks_decline_by_name(kwargs: dict[str, Any],
                                                   declined: str) -> None:
    # Dask's ufuncs take out=, where= and dtype= alone: the others decline, naming the
    # keyword, where Dask raised its own TypeError; NumPy's arrays get NumPy's answer.
    x = da.from_array(np.arange(4.0), chunks=2)
    with pytest.raises(ov.BackendNotImplementedError, match=rf"dask declined: "
                       rf"dask\.array\.add takes no {declined}"):
        unp.add(x, 1.0, **kwargs)
    expected = np.add(np.arange(4.0), 1.0, **kwargs)
    got = unp.add(np.arange(4.0), 1.0, **kwargs)
    assert got.dtype == expected.dtype
    assert_allclose(got, expected)


def test_ufunc_keywords_dask_takes_are_served() -> None:
    a = np.arange(6.0).reshape(2, 3)
    x = da.from_array(a, chunks=(1, 2))
    got = unp.multiply(x, 2, dtype="f4", casting="same_kind", order="K", subok=True)
    assert isinstance(got, da.Array)
    expected = np.multiply(a, 2, dtype="f4")
    assert got.dtype == expected.dtype
    assert_allclose(got.compute(), expected)


# -- creation: lazy and chunked ------------------------------------------------------


def test_creation_is_lazy_and_chunked() -> None:
    with ov.set_backend(da):
        x = unp.ones((10_000, 10_000))
        z = unp.zeros((10_000, 10_000), dtype=unp.float32)
        total = unp.sum(z[:100])
    assert isinstance(x, da.Array) and isinstance(z, da.Array)
    assert x.shape == (10_000, 10_000) and x.dtype == np.float64 and z.dtype == np.float32
    assert x.npartitions > 1
    assert_allclose(x[:3, -3:].compute(), np.ones((3, 3)))
    assert isinstance(total, da.Array) and float(total.compute()) == 0.0


rng = np.random.default_rng(0)
A = rng.standard_normal((4, 6))
S = rng.standard_normal((4, 4)) + 4 * np.eye(4)
V = np.array([3.0, 1.0, 2.0, 3.0, 1.0, 0.5])
I = np.array([[3, 1, 2], [0, 5, 4]])  # noqa: E741


@pytest.mark.slow
def test_samples_in_several_chunks_match_numpy() -> None:
    """The conformance harness's sample calls (run in one chunk there) with every input in
    chunks of 2 along each axis: what crosses chunks (reductions, sorting, linear algebra),
    each result with NumPy's exact dtype (the harness compares its kind)."""
    helpers.assert_samples_pass("dask", from_numpy=to_dask, exact=True)


def test_numpy_inputs_become_dask_under_the_backend() -> None:
    with ov.set_backend("dask"):
        result = unp.sum(A, axis=0)
    assert_same(result, A.sum(axis=0), da.Array)


def test_linalg_svd_and_qr_reduced() -> None:
    tall = rng.standard_normal((12, 3))
    with ov.set_backend(da):
        u, s, vh = unp.linalg.svd(to_dask(tall), full_matrices=False)
        q, r = unp.linalg.qr(to_dask(tall))
        s_only = unp.linalg.svd(to_dask(S), compute_uv=False)
    assert_allclose(s.compute(), np.linalg.svd(tall, compute_uv=False))
    assert_allclose((u * s) @ vh, tall, atol=1e-12)
    assert_allclose((q @ r).compute(), tall, atol=1e-12)
    assert_allclose(s_only.compute(), np.linalg.svd(S, compute_uv=False))


# -- automatic dispatch and mixed inputs --------------------------------------------


def test_registered_dask_serves_dask_arrays_and_mixed_calls(clean_state: None) -> None:
    x = to_dask(A)
    ov.clear_backends("numpy")  # forget Dask if an earlier test registered it on sight
    previous = ov.set_auto_register(False)
    try:
        with pytest.raises(ov.BackendNotImplementedError):
            unp.sum(x)  # nothing registered (nor registered on sight): NumPy declines Dask
    finally:
        ov.set_auto_register(previous)
    ov.register_backend("dask")
    assert_same(unp.sum(x, axis=1), A.sum(axis=1), da.Array)
    assert_same(unp.concatenate((x, A)), np.concatenate((A, A)), da.Array)  # Dask absorbs ndarray
    assert_same(unp.add(A, x), A + A, da.Array)
    assert_same(library_function(x), library_function(A), da.Array)
    assert isinstance(unp.sum(A), np.float64)  # NumPy inputs stay on NumPy


def test_library_function_under_set_backend_builds_dask_arrays() -> None:
    with ov.set_backend(da):
        result = library_function([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert_same(result, library_function(np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])), da.Array)


def test_unsupported_argument_declines_with_its_name() -> None:
    with ov.set_backend(da), pytest.raises(ov.BackendNotImplementedError,
                                           match=r"dask\.array\.unique takes no axis="):
        unp.unique(to_dask(I), axis=0)
    with ov.set_backend(da, only=True):
        # eye's default (arange, astype: Dask primitives) builds order="F", lazily.
        assert_same(unp.eye(3, order="F"), np.eye(3, order="F"), da.Array)
    with ov.set_backend(da):  # the full SVD of a wide matrix: the matrix in one chunk
        u, s, vh = unp.linalg.svd(to_dask(A))
    assert (u.shape, s.shape, vh.shape) == ((4, 4), (4,), (6, 6))
    assert_allclose((u[:, :4] * s) @ vh[:4], A, atol=1e-12)
    assert_allclose(s.compute(), np.linalg.svd(A, compute_uv=False))


def test_roots_declines_saying_to_compute_first_and_explain_says_so() -> None:
    # The result's length and dtype depend on the values: no lazy answer; the message says
    # what to do, and explain knows it before the call.
    p = to_dask(np.array([1.0, -3.0, 2.0]))
    with ov.set_backend(da, only=True):
        with pytest.raises(ov.BackendNotImplementedError) as info:
            unp.roots(p)
        assert str(info.value).splitlines()[0] == (
            "overridable.numpy.roots: " + dask_backend._ROOTS)
        story = ov.explain(unp.roots, p)
        assert [a.outcome for a in story] == ["would decline"] and not story.served()
    assert_allclose(unp.roots(p.compute()), np.roots([1.0, -3.0, 2.0]))


def test_asarray_copy_as_numpy() -> None:
    x = to_dask(V)
    with ov.set_backend("dask", only=True):
        assert unp.asarray(x, copy=False) is x  # no new array needed
        assert_same(unp.asarray([1, 2], copy=True), np.asarray([1, 2], copy=True), da.Array)
        assert_same(unp.array([[1, 2]], dtype=np.float32, ndmin=3),
                    np.array([[1, 2]], dtype=np.float32, ndmin=3), da.Array)
        for value, kwargs in (([1, 2], {}), (V, {"dtype": np.float32})):
            with pytest.raises(ValueError):
                np.asarray(value, copy=False, **kwargs)
            with pytest.raises(ValueError, match="Unable to avoid copy"):
                unp.asarray(to_dask(value) if kwargs else value, copy=False, **kwargs)


def test_out_must_be_a_dask_array() -> None:
    with ov.set_backend(da), pytest.raises(ov.BackendNotImplementedError,
                                           match="only a Dask array as out="):
        unp.sum(to_dask(A), axis=0, out=np.empty(6))


@pytest.mark.parametrize("call", [
    lambda m, x: m.add(x, 1.0, out=()), lambda m, x: m.gcd(x.astype(int), 2, out=()),
    lambda m, x: m.matmul(x, x, out=()), lambda m, x: m.sum(x, out=()),
    lambda m, x: m.max(x, axis=0, out=(None,)),
], ids=["add", "gcd", "matmul", "sum", "max"])
def test_out_tuples_numpy_refuses_are_refused(call: Any) -> None:
    # A ufunc's out= tuple holds one entry per output; other functions take no tuple.
    with pytest.raises((TypeError, ValueError)) as expected:
        call(np, V)
    with ov.set_backend("dask", only=True), pytest.raises(
            expected.type, match=re.escape(str(expected.value))):
        call(unp, to_dask(V))


def test_coerce_turns_foreign_arrays_into_dask() -> None:
    class Wrapped:  # an array-like that no backend owns
        def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
            return V

    with ov.set_backend(da, coerce=True):
        result = unp.sum(Wrapped())
    assert_same(result, V.sum(), da.Array)


# -- dask.distributed and zarr ------------------------------------------------------


def _creation_type() -> str:
    return type(unp.ones(3)).__name__


#: Seconds any one wait on the local cluster may take (a loaded 2-core machine needs ~10).
WAIT = 120


@pytest.mark.slow
def test_distributed_local_cluster() -> None:
    distributed = require("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=40, timeout=60) as cluster, \
            distributed.Client(cluster) as client:
        data = rng.standard_normal((40, 6))
        with ov.set_backend(da):
            graph = library_function(da.from_array(data, chunks=(10, 6)))
        assert isinstance(graph, da.Array)
        # Every wait is bounded: a stuck worker fails the test instead of hanging the suite.
        assert_allclose(client.compute(graph).result(timeout=WAIT), library_function(data))
        # Multimethods travel to the workers, inside blocks, and run there on NumPy.
        blocks = da.from_array(data, chunks=(10, 6)).map_blocks(
            library_function, drop_axis=1, dtype=float)
        assert_allclose(client.compute(blocks).result(timeout=WAIT), library_function(data))
        # The caller's backend state travels with ov.carry: the worker builds Dask arrays.
        with ov.set_backend("dask"):
            carried = client.submit(ov.carry(_creation_type), pure=False)
        plain = client.submit(_creation_type, pure=False)
        assert (carried.result(timeout=WAIT), plain.result(timeout=WAIT)) == ("Array", "ndarray")


def test_nep31_zarr_example(tmp_path: Any) -> None:
    require("zarr")
    data = rng.standard_normal((30, 6))
    da.from_array(data, chunks=(8, 6)).to_zarr(str(tmp_path / "in.zarr"))
    with ov.set_backend(da):
        x = da.from_zarr(str(tmp_path / "in.zarr"))
        result = library_function(x)
        assert isinstance(result, da.Array)
        result.to_zarr(str(tmp_path / "out.zarr"))
    written = da.from_zarr(str(tmp_path / "out.zarr")).compute()
    assert written.shape == (30,) and written.dtype == np.float64
    assert_allclose(written, library_function(data))


def test_conformance_regressions_match_numpy() -> None:
    """cov computes in dtype=, gradient of one axis is one array, insert flattens by default."""
    from overridable.conformance import run

    report = run("dask", names=("cov", "gradient", "insert"))
    assert {n: r.status for n, r in report.results.items()} == dict.fromkeys(
        ("cov", "gradient", "insert"), "native"), report.results
    with ov.set_backend("dask", only=True):
        g = unp.gradient(da.from_array(np.array([3.0, 1.0, 2.0, 5.0]), chunks=2))
        ins = unp.insert(da.from_array(np.arange(6).reshape(2, 3), chunks=2), 1, [[7, 8, 9]],
                         axis=0)
    assert isinstance(g, da.Array) and g.shape == (4,)
    assert_allclose(ins.compute(), np.insert(np.arange(6).reshape(2, 3), 1, [[7, 8, 9]], axis=0))


_SPD = S @ S.T + np.eye(4)  # symmetric positive definite, order 4


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    # take: indices of any shape (the result's axes a.shape[:axis] + indices.shape + ...)
    ("take", (A, [[0, 1], [2, 0]]), {"axis": 1}),
    ("take", (A, np.array([[0, 9]])), {"axis": 1, "mode": "clip"}),
    ("take", (A, np.array([[0, 1], [2, 3]])), {"axis": 1}),
    ("take", (A, np.array([[[-1], [25]]])), {"mode": "wrap"}),
    ("take", (A, np.array(3)), {"axis": 0}),
    # gradient along axes in chunks shorter than edge_order + 1 (V: chunks 2, 2, 2)
    ("gradient", (V,), {"edge_order": 2}), ("gradient", (A, 0.5, 2.0), {"edge_order": 2}),
    ("gradient", (A.astype(np.float16),), {"axis": -1}),
    # cholesky of a matrix whose order its chunks do not divide
    ("linalg.cholesky", (_SPD[:3, :3],), {}), ("linalg.cholesky", (_SPD,), {"upper": True}),
    ("linalg.cholesky", (np.stack([_SPD, 2 * _SPD]),), {"upper": True}),  # matrix by matrix
    ("cov", (A,), {"dtype": np.float32}), ("cov", (A, A[::-1]), {"dtype": np.complex64}),
    ("bincount", ([0, 2, 2, 5],), {"weights": [0.5, 1.0, 2.0, 3.0], "minlength": 7}),
])
def test_calls_in_several_chunks_are_numpys(name: str, args: tuple[Any, ...],
                                            kwargs: dict[str, Any]) -> None:
    """Calls Dask refuses in chunks of 2 (or answers in another dtype), served lazily."""
    with ov.set_backend("dask", only=True):
        result = resolve(name, unp)(*to_dask(args), **kwargs)
    expected = resolve(name, np)(*args, **kwargs)
    rtol = 1e-6 if kwargs.get("dtype") in (np.float32, np.complex64) else None
    assert_same(result, expected, da.Array, rtol=rtol)  # float32 cov: Dask's in float64


@pytest.mark.parametrize("call", [
    lambda x: unp.swapaxes(x, 0, 2), lambda x: unp.swapaxes(x, -3, 0),
    lambda x: unp.flip(x, 2), lambda x: unp.flip(x, (0, -3)), lambda x: unp.gradient(x, axis=2),
])
def test_axis_out_of_range_is_numpys_axis_error(call: Any) -> None:
    with ov.set_backend("dask", only=True), pytest.raises(np.exceptions.AxisError):
        call(to_dask(A))


def test_diff_of_order_zero_returns_its_input_as_numpy_does() -> None:
    # NumPy's diff(a, n=0) is a itself, not converted (a list stays that list); the default
    # serving Dask's calls answers the same, and order 1 of that list is a Dask array.
    values = [1, 2, 4]
    dask_values = to_dask(np.array(values))
    assert np.diff(values, n=0) is values
    with ov.set_backend(da):
        assert unp.diff(values, n=0) is values
        assert unp.diff(dask_values, n=0) is dask_values
        assert_same(unp.diff(values), np.diff(values), da.Array)


def test_numpys_errors_for_a_repeated_flip_axis_and_an_integer_cov() -> None:
    with ov.set_backend("dask", only=True):
        with pytest.raises(ValueError, match="repeated axis"):
            unp.flip(to_dask(A), (0, -2))
        with pytest.raises(TypeError, match="Cannot cast ufunc 'subtract'"):
            unp.cov(to_dask(A), dtype=np.int64)
        with pytest.raises(TypeError, match="invalid number of arguments"):
            unp.gradient(to_dask(A), 1.0, 2.0, 3.0)


@pytest.mark.parametrize(("name", "q"), [
    ("percentile", 150.0), ("percentile", [10.0, np.nan]), ("nanpercentile", -1),
    ("quantile", 1.5), ("nanquantile", [0.5, 2.0]),
])
def test_quantiles_out_of_range_are_numpys_error(name: str, q: Any) -> None:
    with pytest.raises(ValueError) as expected:
        getattr(np, name)(V, q)
    with ov.set_backend("dask", only=True), pytest.raises(
            ValueError, match=re.escape(str(expected.value))):
        getattr(unp, name)(to_dask(V), to_dask(np.asarray(q)))


def test_unknown_lengths_take_1d_indices_and_decline_gradient_and_cholesky() -> None:
    x = da.from_array(V, chunks=2)
    unknown = x[x > 1.0]  # (nan,): its length is known only once computed
    index = da.from_array(np.array([0, 2, 3]), chunks=2)
    with ov.set_backend("dask", only=True):
        taken = unp.take(to_dask(A), index[index > 0], axis=1, mode="clip")
        with pytest.raises(ov.BackendNotImplementedError, match="lengths of the axes"):
            unp.gradient(unknown)
        with pytest.raises(ov.BackendNotImplementedError, match="the matrix's shape"):
            unp.linalg.cholesky(da.from_array(_SPD, chunks=2)[to_dask(_SPD[0]) > -100])
    assert_same(taken, A[:, [2, 3]], da.Array)


def test_gradient_takes_numpy_coordinates_and_dask_ones() -> None:
    x = np.cumsum(V[:4])
    with ov.set_backend("dask", only=True):
        result = unp.gradient(to_dask(A), x, np.array(0.5))  # NumPy coordinates and a 0-d
    assert_same(result, np.gradient(A, x, np.array(0.5)), da.Array)


@pytest.mark.parametrize("edge_order", [1, 2])
def test_gradient_takes_coordinates_in_dask_arrays_lazily(edge_order: int) -> None:
    # Coordinates in other chunks than the data's (and of another dtype), each axis's.
    rows, cols = np.cumsum(V[:4]), np.cumsum(np.arange(1.0, 7.0) ** 1.5).astype(np.float32)
    f = da.from_array(A, chunks=(3, 2))
    with ov.set_backend("dask", only=True):
        both = unp.gradient(f, da.from_array(rows, chunks=3), da.from_array(cols, chunks=4),
                            edge_order=edge_order)
        one = unp.gradient(da.from_array(A.astype(np.int64), chunks=2),
                           da.from_array(cols, chunks=5), axis=-1, edge_order=edge_order)
    assert_same(both, np.gradient(A, rows, cols, edge_order=edge_order), da.Array)
    assert_same(one, np.gradient(A.astype(np.int64), cols, axis=-1, edge_order=edge_order),
                da.Array)


@pytest.mark.parametrize("coordinates", [np.arange(3.0), np.ones((6, 1))], ids=["short", "2-d"])
def test_gradient_of_wrong_dask_coordinates_is_numpys_error(coordinates: np.ndarray) -> None:
    with pytest.raises(ValueError) as expected:
        np.gradient(A, 1.0, coordinates)
    with ov.set_backend("dask", only=True), pytest.raises(
            ValueError, match=re.escape(str(expected.value))):
        unp.gradient(to_dask(A), 1.0, to_dask(coordinates))


# -- random: dask.array.random, chunked and lazy --------------------------------------


def _declared_parameters(text: str) -> list[str]:
    return [p.split("=")[0].strip(" *") for p in text.split(",")
            if p.strip() not in ("", "/", "*")]


@pytest.mark.parametrize("name", dask_backend.RANDOM)
def test_random_entries_take_numpys_parameters(name: str) -> None:
    import inspect

    from overridable.numpy._declarations_random import FUNCTIONS

    ours = _declared_parameters(FUNCTIONS[name][0])
    theirs = [p for p in inspect.signature(getattr(da.random.RandomState, name)).parameters
              if p != "self"]
    assert theirs[:len(ours)] == ours


@pytest.mark.parametrize("name", dask_backend.GENERATOR_METHODS)
def test_generator_entries_take_numpys_parameters(name: str) -> None:
    import inspect

    from overridable.numpy._declarations_random import GENERATOR_METHODS

    ours = _declared_parameters(GENERATOR_METHODS[name][0])[1:]
    theirs = [p for p in inspect.signature(getattr(da.random.Generator, name)).parameters
              if p != "self"]
    named = [p for p in theirs if p not in ("chunks", "kwargs")]
    assert named == ours[:len(named)], (ours, theirs)  # the rest declines when given


def test_generator_method_declines_what_dask_lacks() -> None:
    with ov.set_backend(da, only=True):
        rng = unp.random.default_rng(0)
    with pytest.raises(ov.BackendNotImplementedError, match=r"permutation takes no axis="):
        unp.random.Generator.permutation(rng, to_dask(A), axis=1)
    assert unp.random.Generator.permutation(rng, 5).compute().shape == (5,)


def test_random_seed_makes_draws_reproducible_and_lazy() -> None:
    with ov.set_backend(da, only=True):
        unp.random.seed(7)
        first = unp.random.normal(1.0, 2.0, size=(4, 3))
        ints = unp.random.randint(1, 10, size=5, dtype=np.int32)
        unp.random.seed(7)
        again = unp.random.normal(1.0, 2.0, size=(4, 3))
        other = unp.random.normal(1.0, 2.0, size=(4, 3))
    assert isinstance(first, da.Array) and first.shape == (4, 3) and first.dtype == np.float64
    assert_allclose(first.compute(), again.compute())
    assert not np.allclose(first.compute(), other.compute())
    assert ints.dtype == np.int32 and ints.shape == (5,)
    assert ((ints.compute() >= 1) & (ints.compute() < 10)).all()


@pytest.mark.parametrize(("name", "args", "kwargs", "shape", "kind"), [
    ("rand", (2, 3), {}, (2, 3), "f"),
    ("randn", (3,), {}, (3,), "f"),
    ("random", (), {"size": 4}, (4,), "f"),
    ("random_sample", (), {"size": (2, 2)}, (2, 2), "f"),
    ("uniform", (1.0, 2.0), {"size": 5}, (5,), "f"),
    ("poisson", (3.0,), {"size": 4}, (4,), "i"),
    ("binomial", (10, 0.3), {"size": 4}, (4,), "i"),
    ("choice", (5, 3), {}, (3,), "i"),
    ("permutation", (5,), {}, (5,), "i"),
    ("permutation", ([3, 1, 2, 5],), {}, (4,), "i"),  # a list, as NumPy takes it
    ("multinomial", (10, [0.2, 0.3, 0.5]), {"size": 2}, (2, 3), "i"),
    ("chisquare", (V + 1,), {}, (6,), "f"),
])
def test_random_draws_have_numpys_shape_and_kind(name: str, args: tuple[Any, ...],
                                                   kwargs: dict[str, Any], shape: Any,
                                                   kind: str) -> None:
    expected = getattr(np.random, name)(*args, **kwargs)
    with ov.set_backend(da, only=True):
        result = getattr(unp.random, name)(*to_dask(args), **kwargs)
    assert isinstance(result, da.Array)
    computed = result.compute()
    assert computed.shape == np.shape(expected) == shape
    assert computed.dtype.kind == np.asarray(expected).dtype.kind == kind


def test_random_normal_is_statistically_sane_and_chunked() -> None:
    with ov.set_backend(da, only=True):
        unp.random.seed(0)
        draws = unp.random.normal(size=10_000)
        uniform = unp.random.random(size=10_000)
    assert isinstance(draws, da.Array)
    x = draws.compute()
    assert abs(x.mean()) < 0.05 and abs(x.std() - 1.0) < 0.05
    u = uniform.compute()
    assert u.min() >= 0.0 and u.max() < 1.0 and abs(u.mean() - 0.5) < 0.02


def test_default_rng_gives_a_dask_generator_that_dispatches() -> None:
    seed = np.random.SeedSequence(3)
    with ov.set_backend(da, only=True):
        rng = unp.random.default_rng(42)
        again = unp.random.default_rng(42)
        from_sequence = unp.random.default_rng(seed)
        from_sequence_again = unp.random.default_rng(seed)
    assert isinstance(rng, da.random.Generator) and isinstance(rng, unp.random.Generator)
    draws = unp.random.Generator.normal(rng, 0.0, 1.0, size=(3, 2))  # dispatches on rng
    assert isinstance(draws, da.Array) and draws.shape == (3, 2)
    assert_allclose(draws.compute(), again.normal(0.0, 1.0, size=(3, 2)).compute())
    ints = unp.random.Generator.integers(rng, 0, 5, size=6)
    assert ints.dtype == np.int64 and ((ints.compute() >= 0) & (ints.compute() < 5)).all()
    # The caller's SeedSequence is left unchanged: one stream from one sequence.
    assert_allclose(from_sequence.standard_normal(3).compute(),
                    from_sequence_again.standard_normal(3).compute())


def test_random_permutation_of_a_list_permutes_its_values() -> None:
    # NumPy's permutation takes any sequence (Dask's only an int or a Dask array).
    values = [3, 1, 2, 5, 8]
    with ov.set_backend(da, only=True):
        unp.random.seed(4)
        result = unp.random.permutation(values)
    computed = result.compute()
    assert sorted(computed.tolist()) == sorted(values) and computed.dtype == np.int64


def test_random_shuffle_declines_in_place() -> None:
    with ov.set_backend(da, only=True), pytest.raises(ov.BackendNotImplementedError,
                                                      match="immutable"):
        unp.random.shuffle(to_dask(np.arange(5.0)))


# -- array-API functions built on Dask (issue 12) -------------------------------------

A3 = np.array([[3.0, -1.0, 2.0], [0.5, 5.0, -4.0], [1.0, 1.0, 7.0]])
B3 = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 10]], [[2, 0, 1], [1, 3, 0], [0, 1, 4]]],
              dtype=np.int16)


def test_descending_sorts_keep_ties_in_order() -> None:
    x = to_dask(A3)  # its last row has a tie: a stable descending argsort keeps its order
    with ov.set_backend("dask", only=True):
        values = unp.sort(x, axis=0, descending=True)
        indices = unp.argsort(x, descending=True)
    assert_same(values, -np.sort(-A3, axis=0), da.Array)
    assert_same(indices, np.argsort(-A3, stable=True), da.Array)


def test_sort_rechunks_only_the_sorted_axis() -> None:
    x = da.from_array(A3, chunks=1)
    with ov.set_backend("dask", only=True):
        result = unp.sort(x, axis=1)
    assert result.chunks == ((1, 1, 1), (3,))
    assert_same(result, np.sort(A3, axis=1), da.Array)


def test_isdtype_answers_numpys_kinds_for_dask_dtypes() -> None:
    x = to_dask(B3)
    with ov.set_backend("dask", only=True):
        assert unp.isdtype(x.dtype, "integral")
        assert unp.isdtype(x.dtype, ("real floating", np.int16))
        assert not unp.isdtype(x.dtype, "unsigned integer")
        assert not unp.isdtype("float32", "complex floating")
        with pytest.raises(ValueError, match="not a known kind name"):
            unp.isdtype(x.dtype, "no such kind")


@pytest.mark.parametrize("shape", [(2, 3, 3), (2, 1, 4, 2), (3, 2, 5), (5, 3), (0, 3, 2),
                                   (2, 0, 3)])
@pytest.mark.parametrize("mode", ["reduced", "complete", "r"])
def test_qr_of_a_stack_is_each_matrix_qr(shape: tuple[int, ...], mode: str) -> None:
    a = np.random.default_rng(5).standard_normal(shape).astype(np.float32)
    with ov.set_backend("dask", only=True):
        result = unp.linalg.qr(to_dask(a), mode=mode)
    expected = np.linalg.qr(a, mode=mode)
    if mode == "r":
        assert_same(abs(result), abs(expected), da.Array)
        return
    assert result.Q.shape == expected.Q.shape and result.R.shape == expected.R.shape
    assert result.Q.dtype == result.R.dtype == expected.Q.dtype
    q, r = result.Q.compute(), result.R.compute()
    assert_allclose(q @ r, a, rtol=1e-5, atol=1e-5)
    eye = np.broadcast_to(np.eye(q.shape[-1], dtype=q.dtype), q.shape[:-2] + (q.shape[-1],) * 2)
    assert_allclose(np.swapaxes(q, -1, -2) @ q, eye, rtol=1e-5, atol=1e-5)  # orthonormal
    assert_allclose(np.triu(r), r)  # upper triangular


def test_qr_is_a_named_tuple_as_numpys() -> None:
    with ov.set_backend("dask", only=True):
        result = unp.linalg.qr(to_dask(A3))
    expected = np.linalg.qr(A3)
    assert result._fields == expected._fields == ("Q", "R")
    assert_allclose((result.Q @ result.R).compute(), A3, rtol=1e-12, atol=1e-12)
    assert_allclose(np.abs(result.R.compute()), np.abs(expected.R), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("path", "args", "kwargs", "error", "match"), [
    ("nonzero", (np.array(1.5),), {}, ValueError, "nonzero on 0d arrays"),
    ("vecdot", (A3, A3[:, :2]), {}, ValueError, "core dimension"),
    ("linalg.vecdot", (A3, A3[:2]), {"axis": 0}, ValueError, "core dimension"),
    ("linalg.outer", (A3, A3[0]), {}, ValueError, "one-dimensional"),
    ("linalg.cross", (A3[:, :2], A3[:, :2]), {}, ValueError, "3-dimensional vectors"),
    ("linalg.diagonal", (A3[0],), {}, ValueError, "at least two dimensions"),
    ("linalg.matrix_transpose", (A3[0],), {}, ValueError, "at least 2-dimensional"),
    ("linalg.vector_norm", (A3,), {"ord": "fro"}, ValueError, "Invalid norm order"),
    ("linalg.matrix_norm", (A3,), {"ord": 3}, ValueError, "Invalid norm order"),
    ("linalg.matrix_norm", (A3[0],), {}, np.exceptions.AxisError, "out of bounds"),
    ("sort", (A3,), {"axis": 2}, np.exceptions.AxisError, "out of bounds"),
])
def test_bad_input_raises_as_numpy_does(path: str, args: tuple[Any, ...],
                                        kwargs: dict[str, Any], error: type,
                                        match: str) -> None:
    with pytest.raises(error):
        resolve(path, np)(*args, **kwargs)
    with ov.set_backend("dask", only=True), pytest.raises(error, match=match):
        resolve(path, unp)(*to_dask(args), **kwargs)


def test_sort_order_is_declined_by_name() -> None:
    with ov.set_backend("dask", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                          match="order="):
        unp.sort(to_dask(A3), order="x")


# -- linalg: Dask's solve and inv whatever the chunks, the rest matrix by matrix ------

SQ4 = np.eye(4) + 1


@pytest.mark.parametrize("chunks", [(2, 4), (1, 4), (3, 4), (4, 1), (3, 3), 4])
def test_inv_and_solve_take_any_chunks(chunks: Any) -> None:
    a = da.from_array(SQ4, chunks=chunks)
    b = da.from_array(np.arange(8.0).reshape(4, 2), chunks=(3, 1))
    with ov.set_backend("dask", only=True):
        inverse, solution = unp.linalg.inv(a), unp.linalg.solve(a, b)
        vector = unp.linalg.solve(a, np.arange(4.0))
    assert_same(inverse, np.linalg.inv(SQ4), da.Array)
    assert_same(solution, np.linalg.solve(SQ4, np.arange(8.0).reshape(4, 2)), da.Array)
    assert_same(vector, np.linalg.solve(SQ4, np.arange(4.0)), da.Array)


@pytest.mark.parametrize("a", [SQ4.astype(np.float32), np.zeros((0, 0), np.float32),
                               np.eye(3, dtype=np.int16), np.zeros((2, 0, 0))])
def test_inv_answers_in_numpys_dtype(a: np.ndarray) -> None:
    with ov.set_backend("dask", only=True):
        result = unp.linalg.inv(to_dask(a))
    assert_same(result, np.linalg.inv(a), da.Array)


def test_svd_answers_named_tuples() -> None:
    with ov.set_backend("dask", only=True):
        flat, stacked = unp.linalg.svd(to_dask(A.T), full_matrices=False), unp.linalg.svd(
            to_dask(WIDE))
    assert flat._fields == stacked._fields == np.linalg.svd(A)._fields
    assert_allclose(flat.S.compute(), np.linalg.svd(A, compute_uv=False))


STACK = np.stack([A3, 2 * A3.T @ A3, A3 + 5 * np.eye(3)])
SYM = np.stack([A3 @ A3.T, np.diag([3.0, 1.0, 2.0])])
ROT = np.array([[0.0, -1.0], [1.0, 0.0]])  # complex eigenvalues
WIDE = rng.standard_normal((2, 3, 5))


@pytest.mark.parametrize(("path", "args", "kwargs"), [
    ("linalg.det", (B3,), {}),
    # all real: NumPy answers in reals
    ("linalg.matrix_rank", (SYM,), {"hermitian": True, "rtol": 0.5}),
    ("linalg.eigh", (SYM,), {"UPLO": "U"}),
])
def test_linalg_matrix_by_matrix_matches_numpy(path: str, args: tuple[Any, ...],
                                               kwargs: dict[str, Any]) -> None:
    with ov.set_backend("dask", only=True):
        result = resolve(path, unp)(*to_dask(args), **kwargs)
    assert_same(result, resolve(path, np)(*args, **kwargs), da.Array)


@pytest.mark.parametrize("a", [SYM, ROT, np.stack([ROT, np.eye(2)])])
def test_eig_and_stacked_svd_are_numpys_up_to_order_and_sign(a: np.ndarray) -> None:
    with ov.set_backend("dask", only=True):
        values, vectors = unp.linalg.eig(to_dask(a))
        u, s, vh = unp.linalg.svd(to_dask(a))
    expected = np.linalg.eig(a)
    assert type(values) is da.Array and values.dtype == expected.eigenvalues.dtype
    assert vectors.dtype == expected.eigenvectors.dtype
    v, w = vectors.compute(), values.compute()
    assert_allclose(a @ v, v * w[..., None, :], atol=1e-12)  # a v = v diag(w)
    assert_allclose(np.sort_complex(w.ravel()), np.sort_complex(expected.eigenvalues.ravel()))
    assert_allclose((u * s[..., None, :]) @ vh, a, atol=1e-12)


def test_cross_of_two_vectors_warns_as_numpy() -> None:
    with pytest.warns(DeprecationWarning), ov.set_backend("dask", only=True):
        result = unp.cross(to_dask(np.array([[1, 2], [3, 4]])), [5, 6])
    with pytest.warns(DeprecationWarning):
        expected = np.cross(np.array([[1, 2], [3, 4]]), [5, 6])
    assert_same(result, expected, da.Array)


def test_matrix_by_matrix_keeps_batch_chunks_and_raises_numpys_errors() -> None:
    x = da.from_array(STACK, chunks=(1, 2, 2))
    with ov.set_backend("dask", only=True):
        det = unp.linalg.det(x)
        assert det.chunks == ((1, 1, 1),)
        with pytest.raises(np.linalg.LinAlgError, match="must be square"):
            unp.linalg.det(to_dask(A))  # at graph time, as NumPy raises
        with pytest.raises(np.linalg.LinAlgError, match="at least two-dimensional"):
            unp.linalg.pinv(to_dask(V))
        with pytest.raises(ov.BackendNotImplementedError, match="not an array of them"):
            unp.linalg.matrix_rank(x, tol=np.array([0.1, 0.2, 0.3]))
        with pytest.raises(ov.BackendNotImplementedError, match="not a stack"):
            unp.linalg.solve(x, x)
        unknown = da.from_array(A3, chunks=2)[da.from_array(A3[:, 0], chunks=2) > 0]
        with pytest.raises(ov.BackendNotImplementedError, match="the matrices' shape"):
            unp.linalg.det(unknown)
    assert_same(det, np.linalg.det(STACK), da.Array)


F4 = np.array([3.0, 1.0, 2.0, 3.0, 1.0], dtype=np.float32)

#: NumPy's result dtypes where dask.array's differ: a count's histogram edges in a float
#: sample's dtype (float64 for histogramdd's given range), insert keeping the array's
#: dtype, vdot summing in the operands' dtype.
DTYPES: tuple[tuple[str, Any], ...] = (
    ("histogram", lambda m, a: m.histogram(a, bins=3)),
    ("histogram range", lambda m, a: m.histogram(a, 3, (0, 4))),
    ("histogram2d", lambda m, a: m.histogram2d(a, a[::-1], bins=3)),
    ("histogram2d range", lambda m, a: m.histogram2d(a, a[::-1], 2, [(0, 4), (0, 4)])),
    ("histogramdd", lambda m, a: m.histogramdd(m.stack([a, a[::-1]], 1), bins=2)),
    ("insert", lambda m, a: m.insert(a, 1, 9.0)),
    ("insert list", lambda m, a: m.insert(a, [1, 2], [7, 8])),
    ("vdot", lambda m, a: m.vdot(a, a)),
)


@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize(("name", "call"), DTYPES, ids=[c[0] for c in DTYPES])
def test_numpys_result_dtypes_where_dask_differs(name: str, call: Any, dtype: str) -> None:
    x = F4.astype(dtype)
    expected = call(np, x)
    with ov.set_backend("dask", only=True):
        result = call(unp, da.from_array(x, chunks=2))
    assert_same(result, expected, scalars=False)
