"""The PyData/Sparse backend against real ``sparse``: COO and GCXS stay sparse, values equal
NumPy's, and what would densify is refused by name.

PyData/Sparse compiles its kernels with numba on first use in each process
(seconds): the module-scoped ``warm`` fixture pays that once per session.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import arrays_to, library_function, require, resolve
from numpy.testing import assert_allclose

import overridable as ov
import overridable.numpy as unp
from overridable.backends import sparse as sparse_backend
from overridable.backends import to_numpy

sparse = require("sparse")

D = np.array([[0.0, 1.5, 0.0, 0.0], [2.0, 0.0, 0.0, -1.0], [0.0, 0.0, 3.0, 0.0]])
V = np.array([0.0, 2.0, 0.0, 1.0])
FORMATS = {"coo": sparse.COO.from_numpy, "gcxs": sparse.GCXS.from_numpy}


@pytest.fixture(autouse=True, scope="module")
def warm() -> Iterator[None]:
    """One call through the backend compiles numba's kernels for the whole module."""
    with ov.set_backend("sparse"):
        unp.sum(sparse.COO.from_numpy(D), axis=0)
    yield


def to_sparse(value: Any, fmt: str) -> Any:
    return arrays_to(lambda a: FORMATS[fmt](a) if a.ndim else a, value)


def dense(value: Any) -> np.ndarray:
    return np.asarray(to_numpy(value))


def assert_same(result: Any, expected: Any, *, stays_sparse: bool = True) -> None:
    helpers.assert_same(result, expected, sparse.SparseArray if stays_sparse else (),
                        scalars=False)


def test_names_and_pickling() -> None:
    backend = ov.as_backend("sparse")
    assert ov.as_backend(sparse) is backend and sparse_backend.backend is backend
    assert backend.unresolved == ()
    import pickle

    assert pickle.loads(pickle.dumps(backend)) is backend


#: The functions whose samples also run on GCXS (each costs a numba compilation per format).
GCXS = {"add", "sin", "reshape", "transpose", "clip", "squeeze", "flip", "roll", "tril",
        "diagonal", "tile", "take", "sort", "kron", "cbrt", "isin", "where", "sum", "mean",
        "linalg.trace", "unique", "histogram", "cross", "linalg.norm"}


@pytest.mark.slow
def test_samples_in_gcxs_match_numpy() -> None:
    """The conformance harness's sample calls (run on COO there) of the GCXS functions, with
    every input of more than one dimension in GCXS."""
    helpers.assert_samples_pass("sparse", GCXS, from_numpy=lambda a: FORMATS["gcxs"](a)
                                if a.ndim > 1 else FORMATS["coo"](a) if a.ndim else a,
                                exact=True)


@pytest.mark.parametrize("fmt", ["coo", "gcxs"])
def test_format_is_kept(fmt: str) -> None:
    x = FORMATS[fmt](D)
    with ov.set_backend("sparse"):
        for result in (unp.sin(x), unp.multiply(x, 2.0), unp.sum(x, axis=0),
                       unp.transpose(x), unp.flip(x, axis=0), unp.tril(x), unp.sort(x),
                       unp.take(x, [0, 2], axis=1), unp.cbrt(x), unp.clip(x, 0, 1),
                       unp.isin(x, [1.5]), unp.roll(x, 1), unp.broadcast_to(x, (2, 3, 4))):
            assert type(result) is type(x), result


def test_fill_values_stay_sparse_and_equal_numpy() -> None:
    x = sparse.COO.from_numpy(D)
    with ov.set_backend("sparse"):
        e, c, found = unp.exp(x), unp.cbrt(x), unp.searchsorted(np.array([0.5, 2.5]), x)
    assert e.fill_value == 1.0 and e.nnz == x.nnz
    assert_same(e, np.exp(D))
    assert c.fill_value == 0.0 and c.nnz == x.nnz
    assert_same(found, np.searchsorted(np.array([0.5, 2.5]), D))
    assert found.nnz <= x.nnz  # stored values that land on the fill value's index are pruned


def test_dtype_utilities_take_sparse_arrays() -> None:
    x = sparse.COO.from_numpy(D.astype(np.float32))
    with ov.set_backend("sparse", only=True):
        assert unp.result_type(x, 1.0) == np.float32
        assert unp.result_type(x, np.float64) == np.float64
        assert unp.can_cast(x, np.float64) and not unp.can_cast(x, np.int8)
        assert unp.promote_types(np.float32, np.int16) == np.float32
        assert unp.isdtype(x.dtype, "real floating")
        assert unp.min_scalar_type(x) == np.float32
        assert unp.common_type(x) is np.float32
        assert unp.shape(x) == (3, 4) and unp.ndim(x) == 2 and unp.size(x) == 12


def test_creation_from_numpy_builds_sparse() -> None:
    with ov.set_backend("sparse"):
        r, grid = unp.arange(1, 7, 2), unp.linspace(0.0, 1.0, 5)
        filled = unp.full((2, 2), [0.0, 2.0])
        scalar = unp.asarray(3.0)
    assert_same(r, np.arange(1, 7, 2))
    assert_same(grid, np.linspace(0.0, 1.0, 5))
    assert_same(filled, np.full((2, 2), [0.0, 2.0]))
    assert filled.nnz == 2
    # A 0-d array made from a value keeps fill value 0, so it joins ordinary arrays.
    assert scalar.fill_value == 0.0
    with ov.set_backend("sparse"):
        assert_same(unp.hstack((1.0, sparse.COO.from_numpy(V))), np.hstack((1.0, V)))


def test_defaults_with_numpy_scalars_run_on_the_backend() -> None:
    x = sparse.COO.from_numpy(np.array([1.0, np.nan, 3.0, 0.0]))
    with ov.set_backend("sparse", only=True):
        for name in ("nanstd", "nanvar"):
            got = getattr(unp, name)(x, ddof=1)
            assert_allclose(dense(got), getattr(np, name)(x.todense(), ddof=1))
        grids = unp.meshgrid(sparse.COO.from_numpy(V), sparse.COO.from_numpy(V[:3]))
    assert_same(grids, np.meshgrid(V, V[:3]))


@pytest.mark.parametrize(("call", "message"), [
    (lambda x: unp.pad(x, 1, mode="edge"), "takes no mode='edge'"),
    (lambda x: unp.pad(x, 1, constant_values=9.0), "not the array's fill value"),
    (lambda x: unp.repeat(x, [1, 2, 1], axis=0), "per-element repeats"),
    (lambda x: unp.concatenate([x, unp.exp(x)]), "different fill values"),
    (lambda x: unp.dot(unp.exp(x), x.T), "fill value"),
    (lambda x: unp.sort(x, order="f"), "takes no order="),
    (lambda x: unp.linalg.norm(x, 2), "needs singular values"),
    (lambda x: unp.linalg.norm(x, "nuc"), "needs singular values"),
    (lambda x: unp.unique(x, axis=0), "takes no axis="),
    (lambda x: unp.histogram(x, bins="auto"), "takes no bins='auto'"),
])
def test_what_the_library_cannot_honour_is_declined(call: Any, message: str) -> None:
    x = sparse.COO.from_numpy(D)
    with ov.set_backend("sparse", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                           match=message):
        call(x)


@pytest.mark.parametrize("order", ["A", "F"])
@pytest.mark.parametrize("fmt", ["coo", "gcxs"])
def test_reshape_in_numpys_orders(order: str, fmt: str) -> None:
    # (A sparse array has no memory layout: "A" reads it in C order, as NumPy's C arrays.)
    with ov.set_backend("sparse", only=True):
        result = unp.reshape(to_sparse(D, fmt), (2, 6), order=order)
    assert_same(result, np.reshape(D, (2, 6), order=order))


def test_fully_stored_operands_with_another_fill_value_multiply() -> None:
    full = D + 10.0
    x = sparse.COO.from_numpy(full)  # no zero: every element is stored
    relabelled = sparse.COO(x.coords, x.data, shape=x.shape, fill_value=np.nan)
    with ov.set_backend("sparse", only=True):
        result = unp.dot(relabelled, x.T)
    assert_same(result, full @ full.T)


@pytest.mark.parametrize("fmt", ["coo", "gcxs"])
def test_full_reduction_is_a_numpy_scalar(fmt: str, clean_state: None) -> None:
    ov.register_backend("sparse")
    x = FORMATS[fmt](D)
    for name in ("sum", "prod", "mean", "max", "min", "std", "var"):
        result = getattr(unp, name)(x)
        expected = getattr(np, name)(D)
        assert isinstance(result, np.generic) and result.dtype == expected.dtype, name
        assert_allclose(result, expected, rtol=1e-12)


@pytest.mark.parametrize(("fmt", "mask_fmt"), [("gcxs", "gcxs"), ("coo", "gcxs"),
                                             ("gcxs", "coo"), ("gcxs", None)])
def test_masked_mean_takes_either_format(fmt: str, mask_fmt: str | None) -> None:
    where = D[0] != 0.0  # one row, broadcast over the rows
    mask = where if mask_fmt is None else FORMATS[mask_fmt](where)
    with ov.set_backend("sparse"):
        result = unp.mean(FORMATS[fmt](D), axis=1, where=mask)
        full = unp.mean(FORMATS[fmt](D), where=mask)
    assert_same(result, np.mean(D, axis=1, where=where))
    assert type(result) is type(FORMATS[fmt](D))
    assert isinstance(full, np.generic)
    assert_allclose(full, np.mean(D, where=where))


def test_creation_under_the_backend_is_sparse() -> None:
    with ov.set_backend("sparse"):
        zeros, ones = unp.zeros((3, 4)), unp.ones(3, dtype="int32")
        eye, from_list = unp.eye(3), unp.asarray([0, 1, 0, 2])
        total = unp.sum([1, 2, 3])
    assert isinstance(zeros, sparse.COO) and zeros.nnz == 0 and zeros.shape == (3, 4)
    assert_same(ones, np.ones(3, dtype="int32"))
    assert_same(eye, np.eye(3))
    assert eye.nnz == 3
    assert_same(from_list, np.array([0, 1, 0, 2]))
    assert from_list.nnz == 2
    assert total == 6


def test_registered_dispatch_by_type(clean_state: None) -> None:
    ov.register_backend("sparse")
    x = sparse.COO.from_numpy(D)
    assert_same(library_function(x), library_function(D), stays_sparse=False)
    assert isinstance(unp.sin(x), sparse.COO)
    assert isinstance(unp.sin(D), np.ndarray)  # nothing sparse in the call: NumPy serves


def test_mixed_sparse_and_dense_as_the_library_defines(clean_state: None) -> None:
    ov.register_backend("sparse")
    x = sparse.COO.from_numpy(D)
    ones = np.ones_like(D)
    # The sparse operand's zeros decide the result: it stays sparse, with D's pattern.
    product = unp.multiply(x, ones)
    assert isinstance(product, sparse.COO) and product.nnz == x.nnz
    assert_same(product, D)
    # Not decided by the zeros: still sparse, with a new fill value (never densified).
    shifted = unp.add(x, ones)
    assert isinstance(shifted, sparse.COO) and shifted.fill_value == 1.0
    assert_same(shifted, D + 1)
    # A product with a dense operand returns the dense result, as PyData/Sparse does.
    dense_product = unp.matmul(x, ones.T)
    assert isinstance(dense_product, np.ndarray)
    assert_allclose(dense_product, D @ ones.T)
    # PyData/Sparse joins only sparse arrays: its own error, not a silent conversion.
    with pytest.raises(ValueError, match="SparseArray"):
        unp.concatenate([x, D])


@pytest.mark.parametrize("name", ["cumsum", "nancumsum", "argsort", "linalg.inv",
                                  "linalg.solve", "fft.fft"])
def test_densifying_operations_are_refused_by_name(name: str, clean_state: None) -> None:
    ov.register_backend("sparse")
    x = sparse.COO.from_numpy(D[:, :3])
    args = (x, x) if name == "linalg.solve" else (x,)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        resolve(name, unp)(*args)
    message = str(info.value)
    assert "would densify" in message
    assert name.split(".")[-1].removeprefix("nan") in message


@pytest.mark.parametrize("name", ["median", "nanmedian", "percentile", "quantile"])
def test_order_statistics_are_refused_with_their_reason(name: str, clean_state: None) -> None:
    ov.register_backend("sparse")
    x = sparse.COO.from_numpy(D[:, :3])
    args = (x,) if "median" in name else (x, 0.5)
    with pytest.raises(ov.BackendNotImplementedError,
                       match=rf"sparse: {name} needs each lane sorted"):
        resolve(name, unp)(*args)


def test_out_is_refused() -> None:
    x = sparse.COO.from_numpy(D)
    with ov.set_backend("sparse", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                           match="takes no out="):
        unp.sum(x, axis=0, out=np.empty(4))


@pytest.mark.parametrize("call, got", [
    (lambda x, o: unp.frexp(x, out=(o, None)), "a tuple of COO, NoneType"),
    (lambda x, o: unp.divmod(x, 2.0, out=(o.todense(), o.todense())),
     "a tuple of ndarray, ndarray"),
    (lambda x, o: unp.add(x, 1.0, out=(o,)), "a tuple of COO"),
    (lambda x, o: unp.sum(x, axis=0, out=(o,)), "a tuple of COO"),
], ids=["frexp", "divmod", "add", "sum"])
def test_out_tuple_declines_naming_it(call: Any, got: str) -> None:
    # A tuple of outputs declines naming the backend, the keyword and what it holds (the
    # two-output ufuncs compared it with (None, None) elementwise: sparse's TypeError).
    x, o = sparse.COO.from_numpy(D[0]), sparse.COO.from_numpy(np.zeros(4))
    with ov.set_backend("sparse", only=True), pytest.raises(
            ov.BackendNotImplementedError,
            match=rf"the sparse backend takes no out= \(got {got}\)"):
        call(x, o)


@pytest.mark.parametrize("name", ["frexp", "modf", "divmod", "add"])
def test_ufunc_out_of_nones_is_no_output(name: str) -> None:
    args = (D[0], 2.0)[:getattr(np, name).nin]
    expected = getattr(np, name)(*args, out=(None,) * getattr(np, name).nout)
    got = getattr(unp, name)(*to_sparse(args, "coo"), out=(None,) * getattr(np, name).nout)
    for g, e in zip(got if isinstance(got, tuple) else (got,),
                    expected if isinstance(expected, tuple) else (expected,), strict=True):
        g = to_numpy(g)
        assert g.dtype == e.dtype
        assert_allclose(g, e)


@pytest.mark.parametrize("call", [
    lambda m, x: m.add(x, 1.0, out=()), lambda m, x: m.cbrt(x, out=()),
    lambda m, x: m.divmod(x, 2.0, out=()), lambda m, x: m.frexp(x, out=(None,)),
    lambda m, x: m.modf(x, out=(None, None, None)),
], ids=["add", "cbrt", "divmod", "frexp", "modf"])
def test_ufunc_out_tuple_of_another_length_is_numpys_error(call: Any) -> None:
    # A ufunc's out= tuple given by keyword holds one entry per output, or NumPy raises.
    with pytest.raises(ValueError) as expected:
        call(np, D[0])
    with ov.set_backend("sparse", only=True), pytest.raises(
            ValueError, match=re.escape(str(expected.value))):
        call(unp, sparse.COO.from_numpy(D[0]))


def test_explain_of_an_out_tuple_numpy_refuses_is_no_decline() -> None:
    # The call raises NumPy's error: explain says sparse serves it, and raises nothing.
    with ov.set_backend("sparse", only=True):
        story = ov.explain(unp.add, sparse.COO.from_numpy(D[0]), 1.0, out=())
    assert str(story).splitlines()[0].endswith("served by sparse")


@pytest.mark.parametrize("name", ["mean", "nanargmax", "sum"])
def test_keepdims_of_a_true_value_keeps_the_axes(name: str) -> None:
    # keepdims=1 is true for NumPy, as any true value (not only True itself).
    expected = getattr(np, name)(D, axis=0, keepdims=1)
    with ov.set_backend("sparse", only=True):
        result = getattr(unp, name)(sparse.COO.from_numpy(D), axis=0, keepdims=1)
    assert_same(result, expected)


def test_foreign_arrays_need_coerce(clean_state: None) -> None:
    torch = pytest.importorskip("torch")
    t = torch.from_numpy(D)
    with ov.set_backend("sparse", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                           match="Tensor"):
        unp.sum(t, axis=0)
    with ov.set_backend("sparse", coerce=True):
        result = unp.sum(t, axis=0)
    assert_same(result, D.sum(axis=0))


# -- array-API functions built on PyData/Sparse (issue 12) ----------------------------

M3 = np.array([[[1.0, 0.0, -2.0], [0.0, 3.0, 0.0], [4.0, 0.0, 0.5]],
               [[0.0, -1.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 6.0]]])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize(("path", "args", "kwargs"), [
    ("linalg.cross", (M3, M3[:, ::-1]), {"axis": 1}),
    ("linalg.cross", (np.array([1, 2, 3]), M3[0].astype(np.int32)), {}),
])
def test_array_api_functions_match_numpy(path: str, args: tuple[Any, ...],
                                         kwargs: dict[str, Any], fmt: str,
                                         clean_state: None) -> None:
    with ov.set_backend("sparse", only=True):
        result = resolve(path, unp)(*to_sparse(args, fmt), **kwargs)
    assert_same(result, resolve(path, np)(*args, **kwargs))
    if fmt == "gcxs" and path.startswith("fft."):
        assert isinstance(result, sparse.GCXS)  # a roll keeps the format


@pytest.mark.parametrize(("path", "kwargs"), [
    ("linalg.vector_norm", {}), ("linalg.vector_norm", {"ord": -np.inf}),
    ("linalg.matrix_norm", {"ord": np.inf}), ("linalg.trace", {"offset": 1}),
])
def test_full_norms_and_traces_are_numpy_scalars(path: str, kwargs: dict[str, Any],
                                                 clean_state: None) -> None:
    with ov.set_backend("sparse", only=True):
        result = resolve(path, unp)(sparse.COO.from_numpy(D[:, :3]), **kwargs)
    expected = resolve(path, np)(D[:, :3], **kwargs)
    assert isinstance(result, np.generic)
    assert result.dtype == expected.dtype
    assert_allclose(result, expected)


def test_join_takes_numpy_scalars_beside_sparse_arrays(clean_state: None) -> None:
    x = sparse.COO.from_numpy(D)
    with ov.set_backend("sparse", only=True):
        joined = unp.stack([unp.sum(x), np.float64(2.5), unp.max(x)])
        mixed = unp.stack([np.float32(1.5), 2.0], dtype=np.float32)
    assert_same(joined, np.stack([D.sum(), 2.5, D.max()]))
    assert_same(mixed, np.stack([np.float32(1.5), 2.0], dtype=np.float32))


@pytest.mark.parametrize(("path", "args", "kwargs", "error", "match"), [
    ("nonzero", (np.array(1.5),), {}, ValueError, "nonzero on 0d arrays"),
    ("linalg.cross", (D[:, :2], D[:, :2]), {}, ValueError, "3-dimensional vectors"),
    ("linalg.vector_norm", (D,), {"ord": "nuc"}, ValueError, "Invalid norm order"),
    ("linalg.matrix_norm", (D,), {"ord": 0}, ValueError, "Invalid norm order"),
    ("linalg.matrix_norm", (V,), {}, np.exceptions.AxisError, "out of bounds"),
    ("fft.fftshift", (D,), {"axes": 2}, IndexError, "out of bounds"),
    ("reshape", (D, (12,)), {"order": "X"}, ValueError, "order must be one of"),
])
def test_bad_input_raises_as_numpy_does(path: str, args: tuple[Any, ...],
                                        kwargs: dict[str, Any], error: type, match: str,
                                        clean_state: None) -> None:
    with pytest.raises(error):
        resolve(path, np)(*args, **kwargs)
    sparse_args = tuple(sparse.COO.from_numpy(a) for a in args)
    with ov.set_backend("sparse", only=True), pytest.raises(error, match=match):
        resolve(path, unp)(*sparse_args, **kwargs)


@pytest.mark.parametrize(("path", "kwargs"), [
    ("linalg.matrix_norm", {"ord": 2}), ("linalg.matrix_norm", {"ord": "nuc"}),
    ("linalg.matrix_rank", {}),
])
def test_singular_values_are_declined_with_their_reason(path: str, kwargs: dict[str, Any],
                                                        clean_state: None) -> None:
    with ov.set_backend("sparse", only=True), pytest.raises(ov.BackendNotImplementedError,
                                                            match="singular values"):
        resolve(path, unp)(sparse.COO.from_numpy(D), **kwargs)
