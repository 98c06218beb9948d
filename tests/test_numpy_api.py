"""``overridable.numpy``: its declarations cover NumPy and regenerate; its values are NumPy's."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from _scripts import tool_fixture
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.numpy._declarations import FUNCTIONS, NEP18_EXTRA, NUMPY_VERSION
from overridable.numpy._submodule import MARKS

tool = tool_fixture("gen_numpy_api")


# -- declarations ------------------------------------------------------------


def test_every_public_function_is_declared_or_excluded(tool: ModuleType) -> None:
    public = set(tool.public_functions())
    assert len(public) > 250
    missing = public - set(FUNCTIONS) - set(tool.EXCLUDED)
    assert not missing, f"declare these or list them in EXCLUDED with a reason: {sorted(missing)}"
    assert not set(FUNCTIONS) & set(tool.EXCLUDED)
    stale = set(FUNCTIONS) - public
    assert not stale, f"no longer public in NumPy {np.__version__}: {sorted(stale)}"
    assert all(isinstance(r, str) and len(r) > 10 for r in tool.EXCLUDED.values())


def test_every_public_name_of_numpy_is_provided_or_excluded(tool: ModuleType) -> None:
    public = tool.public_names()  # functions, ufuncs, classes, modules, constants
    kinds = set(public.values())
    assert kinds == {"function", "ufunc", "class", "module", "constant"}, kinds
    provided = set(unp.__all__)
    missing = sorted(name for name in public if name not in provided and name not in tool.EXCLUDED)
    assert not missing, f"provide these or list them in EXCLUDED with a reason: {missing}"
    top_level = {name for name in tool.EXCLUDED if "." not in name}  # not "linalg.test"
    assert not top_level & provided, f"provided and excluded: {sorted(top_level & provided)}"
    stale = top_level - set(public)
    assert not stale, f"no longer public in NumPy {np.__version__}: {sorted(stale)}"
    for module in ("ma", "char", "strings", "rec", "testing", "polynomial", "lib", "ctypeslib",
                   "dtypes", "exceptions", "emath", "typing", "f2py", "matrixlib", "version"):
        assert public[module] == "module" and module in tool.EXCLUDED
    for cls in ("ndarray", "dtype", "float64", "finfo", "iinfo"):
        assert cls in provided
    for cls in ("nditer", "broadcast", "vectorize", "poly1d", "matrix", "memmap",
                "recarray", "ufunc"):
        assert public[cls] == "class" and cls in tool.EXCLUDED


def test_regenerating_reproduces_the_checked_in_file(tool: ModuleType) -> None:
    if np.__version__ != NUMPY_VERSION:
        pytest.skip(f"declarations generated with NumPy {NUMPY_VERSION}, not {np.__version__}")
    assert tool.render() == tool.TARGET.read_text()


def test_declarations_are_well_formed() -> None:
    for name, (params, spec) in FUNCTIONS.items():
        sig = inspect.signature(getattr(unp, name))
        assert set(spec) <= set(sig.parameters), name
        assert set(spec.values()) <= set(MARKS), name
        assert set(NEP18_EXTRA.get(name, ())) <= set(sig.parameters) - set(spec), name
        del params


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_signature_and_doc_are_numpys(tool: ModuleType, name: str) -> None:
    function = getattr(unp, name)
    assert function.__name__ == name
    assert function.__module__ == "overridable.numpy"
    assert "Overridable" in function.__doc__
    assert getattr(unp, name) is function
    if name == "fromstring":  # NumPy's builtin has no signature to compare with
        return
    ours = inspect.signature(function)
    theirs = inspect.signature(getattr(np, name))
    if name in tool.EXTENSIONS:  # NumPy's, extended for the array API: checked below
        theirs = tool.stub_signature(tool.EXTENSIONS[name][0])
    assert list(ours.parameters) == list(theirs.parameters)
    assert [p.kind for p in ours.parameters.values()] == [
        p.kind for p in theirs.parameters.values()]


def _numpy(path: str) -> Any:
    obj: Any = np
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _ours(path: str) -> Any:
    obj: Any = unp
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def test_signatures_differ_from_numpys_by_the_reviewed_extensions_only(
        tool: ModuleType) -> None:
    from overridable.numpy import _declarations_fft, _declarations_linalg

    paths = [*FUNCTIONS, *(f"fft.{n}" for n in _declarations_fft.FUNCTIONS),
             *(f"linalg.{n}" for n in _declarations_linalg.FUNCTIONS)]
    differ = set()
    for path in paths:
        if path in tool.SIGNATURES:
            continue
        ours = inspect.signature(_ours(path)).parameters
        theirs = inspect.signature(_numpy(path)).parameters
        if [(p.name, p.kind) for p in ours.values()] != [
                (p.name, p.kind) for p in theirs.values()]:
            differ.add(path)
            # Every call NumPy accepts still binds: each of NumPy's parameters is there,
            # with its default, and as many parameters are positional.
            for p in theirs.values():
                assert p.name in ours, (path, p.name)
                assert repr(ours[p.name].default) == repr(p.default), (path, p.name)
            positional = (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            assert (sum(q.kind in positional for q in ours.values())
                    == sum(q.kind in positional for q in theirs.values())), path
    assert differ == set(tool.EXTENSIONS)
    assert all(len(reason) > 10 for _, reason in tool.EXTENSIONS.values())


def test_namespace() -> None:
    assert (unp.pi, unp.e, unp.inf, unp.newaxis) == (np.pi, np.e, np.inf, None)
    assert np.isnan(unp.nan)
    assert unp.float64 is np.float64 and unp.int32 is np.int32 and unp.bool is np.bool
    assert unp.set_backend is ov.set_backend and unp.skip_backend is ov.skip_backend
    assert unp.set_global_backend is ov.set_global_backend
    assert unp.register_backend is ov.register_backend
    assert set(FUNCTIONS) <= set(dir(unp)) and set(FUNCTIONS) <= set(unp.__all__)
    with pytest.raises(AttributeError):
        unp.not_a_numpy_function  # noqa: B018
    functions = unp.functions()
    assert len(functions) == len(FUNCTIONS)
    assert all(unp.numpy_backend.implementations.get(f) for f in functions.values())


# -- values --------------------------------------------------------------------

rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4))
B = rng.standard_normal((4, 2))
V = np.array([3.0, 1.0, 2.0, 3.0, 1.0])
N = np.array([[3, 1, 2], [0, 5, 4]])
M = np.array([True, False, True, True, False])

# (function name, args, kwargs): each runs through overridable.numpy and NumPy.
CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    # creation
    ("zeros", (3,), {}),
    ("zeros", ((2, 3),), {"dtype": np.int32}),
    ("ones", ((2, 2),), {"dtype": "float32"}),
    ("empty_like", (A,), {"shape": (2,)}),
    ("full", ((2, 3), 7.5), {}),
    ("full_like", (N, 2), {}),
    ("zeros_like", (A,), {}),
    ("ones_like", (), {"a": N, "dtype": float}),
    ("arange", (5,), {}),
    ("arange", (1, 10, 3), {"dtype": np.float32}),
    ("linspace", (0, 1, 5), {}),
    ("linspace", (0, 1), {"num": 4, "endpoint": False, "retstep": True}),
    ("logspace", (0, 2, 3), {}),
    ("geomspace", (1, 1000, 4), {}),
    ("eye", (3,), {"k": 1}),
    ("identity", (2,), {"dtype": np.int8}),
    ("asarray", ([1, 2, 3],), {"dtype": np.float64}),
    ("array", ([[1, 2], [3, 4]],), {}),
    ("ascontiguousarray", (A.T,), {}),
    ("fromfunction", (lambda i, j: i + j, (2, 3)), {}),
    ("tri", (3,), {}),
    ("meshgrid", (np.arange(2), np.arange(3)), {}),
    ("indices", ((2, 3),), {}),
    ("diag", (V,), {}),
    # reductions
    ("sum", ([1, 2],), {}),
    ("sum", (A,), {"axis": 1, "keepdims": True}),
    ("sum", (), {"a": A, "axis": 0, "dtype": np.float32}),
    ("prod", (N,), {"axis": 0}),
    ("mean", (A,), {"axis": (0, 1)}),
    ("std", (A,), {"ddof": 1}),
    ("var", (A,), {"axis": 0, "keepdims": True}),
    ("min", (A,), {"axis": 1}),
    ("max", (N,), {"initial": 10}),
    ("amax", (A,), {}),
    ("argmax", (A,), {"axis": 0}),
    ("argmin", (V,), {}),
    ("all", (M,), {}),
    ("any", (M,), {"keepdims": True}),
    ("cumsum", (N,), {"axis": 1}),
    ("cumulative_sum", (V,), {"include_initial": True}),
    ("median", (A,), {"axis": 0}),
    ("percentile", (V, 50), {}),
    ("quantile", (A, [0.25, 0.75]), {"axis": 1}),
    ("nansum", (np.array([1.0, np.nan, 2.0]),), {}),
    ("ptp", (A,), {"axis": 0}),
    ("count_nonzero", (M,), {}),
    ("average", (V,), {"weights": V}),
    # manipulation
    ("concatenate", ((A, A),), {}),
    ("concatenate", ([A, A],), {"axis": 1}),
    ("concatenate", ([[1, 2], np.array([3])],), {}),
    ("stack", (), {"arrays": [[1, 2], np.array([3, 4])], "axis": 1}),
    ("concat", ((V, V),), {}),
    ("stack", ([V, V, V],), {"axis": 1}),
    ("vstack", ((A, A),), {}),
    ("hstack", ([V, V],), {}),
    ("column_stack", ((V, V),), {}),
    ("block", ([[A, A], [A, A]],), {}),
    ("atleast_2d", (V,), {}),
    ("atleast_1d", (1.0, V), {}),
    ("reshape", (A, (4, 3)), {}),
    ("reshape", (A,), {"shape": -1, "order": "F"}),
    ("transpose", (A,), {}),
    ("permute_dims", (A, (1, 0)), {}),
    ("matrix_transpose", (A,), {}),
    ("swapaxes", (A, 0, 1), {}),
    ("moveaxis", (np.zeros((2, 3, 4)), 0, -1), {}),
    ("expand_dims", (V,), {"axis": 0}),
    ("squeeze", (np.zeros((1, 3, 1)),), {}),
    ("ravel", (A,), {}),
    ("flip", (A,), {"axis": 0}),
    ("roll", (V, 2), {}),
    ("tile", (V, 2), {}),
    ("repeat", (V, 2), {}),
    ("split", (np.arange(6), 3), {}),
    ("array_split", (np.arange(7), 3), {}),
    ("unstack", (A,), {}),
    ("broadcast_to", (V, (2, 5)), {}),
    ("broadcast_arrays", (V, A[:1, :1]), {}),
    ("pad", (V, 1), {}),
    ("pad", (V, (1, 2)), {"mode": "edge"}),
    ("append", (V, [9.0]), {}),
    ("insert", (V, 1, 9.0), {}),
    ("delete", (V, [0, 2]), {}),
    ("diff", (V,), {"n": 2}),
    ("diff", (V,), {"prepend": 0.0}),
    ("clip", (V, 1.5, 2.5), {}),
    ("clip", (V,), {"max": 2}),
    ("astype", (N, np.float32), {}),
    # indexing and searching
    ("where", (M, V, -V), {}),
    ("where", (M,), {}),
    ("where", ([True, False], 1, 2), {}),
    ("nonzero", (M,), {}),
    ("argwhere", (N,), {}),
    ("take", (V, [0, 2]), {}),
    ("take", (), {"a": A, "indices": [1], "axis": 1}),
    ("take_along_axis", (A, np.argsort(A, axis=1)), {"axis": 1}),
    ("choose", ([0, 1, 0], [[1, 2, 3], [4, 5, 6]]), {}),
    ("select", ([V > 2, V < 2], [V, -V]), {}),
    ("searchsorted", (np.sort(V), 2.5), {}),
    ("ix_", ([0, 1], [2, 3]), {}),
    ("unravel_index", (5, (2, 3)), {}),
    ("ravel_multi_index", (([0, 1], [2, 0]), (2, 3)), {}),
    ("tril_indices", (3,), {}),
    ("diag_indices_from", (np.zeros((3, 3)),), {}),
    ("extract", (M, V), {}),
    ("compress", (M, V), {}),
    # sorting and sets
    ("sort", (A,), {}),
    ("sort", (A,), {"axis": None}),
    ("argsort", (V,), {"stable": True}),
    ("partition", (V, 2), {}),
    ("lexsort", ((V, M),), {}),
    ("unique", (V,), {}),
    ("unique", (V,), {"return_counts": True, "return_inverse": True}),
    ("unique_values", (V,), {}),
    ("unique_counts", (V,), {}),
    ("intersect1d", (V, [1.0, 5.0]), {}),
    ("union1d", (V, [7.0]), {}),
    ("setdiff1d", (V, [1.0]), {}),
    ("isin", (V, [1.0, 3.0]), {}),
    # linear algebra and products
    ("dot", (A, B), {}),
    ("vdot", (V, V), {}),
    ("inner", (V, V), {}),
    ("outer", (V, V[:3]), {}),
    ("tensordot", (A, B), {"axes": 1}),
    ("einsum", ("ij,jk->ik", A, B), {}),
    ("einsum", ("ii", np.eye(3)), {}),
    ("kron", (np.eye(2), N), {}),
    ("cross", ([1, 0, 0], [0, 1, 0]), {}),
    ("trace", (np.eye(3),), {}),
    ("diagonal", (A,), {"offset": 1}),
    ("matmul" if hasattr(unp, "matmul") else "dot", (A, B), {}),
    # math and logic
    ("round", (A,), {"decimals": 1}),
    ("around", (V / 3, 2), {}),
    ("allclose", (V, V + 1e-12), {}),
    ("isclose", (V, V), {"rtol": 0.0}),
    ("array_equal", (V, V.copy()), {}),
    ("nan_to_num", (np.array([np.nan, np.inf]),), {}),
    ("real", (np.array([1 + 2j]),), {}),
    ("angle", (np.array([1j]),), {"deg": True}),
    ("sinc", (V,), {}),
    ("i0", (V,), {}),
    ("interp", (2.5, [1, 2, 3], [3, 2, 0]), {}),
    ("convolve", (V, [1, -1]), {}),
    ("correlate", (V, [1, 1]), {"mode": "same"}),
    ("polyval", ([1, 0, -1], V), {}),
    ("polyfit", (V, 2 * V + 1, 1), {}),
    ("histogram", (V,), {"bins": 3}),
    ("bincount", ([0, 1, 1, 3],), {}),
    ("digitize", (V, [1.5, 2.5]), {}),
    ("gradient", (V,), {}),
    ("gradient", (V, 2.0), {}),
    ("trapezoid", (V,), {}),
    ("cov", (A,), {}),
    ("corrcoef", (A,), {}),
    ("apply_along_axis", (np.sum, 0, A), {}),
    # dtype functions
    ("result_type", (np.float32, np.int64), {}),
    ("result_type", (A, 1), {}),
    ("can_cast", (np.int32, np.float64), {}),
    ("promote_types", ("i4", "f4"), {}),
    ("isdtype", (np.float64, "real floating"), {}),
    ("issubdtype", (np.float32, np.floating), {}),
    ("min_scalar_type", (10,), {}),
    ("shape", (A,), {}),
    ("ndim", ([[1]],), {}),
    ("size", (A,), {"axis": 1}),
    ("iscomplexobj", (A,), {}),
    ("isscalar", (3.0,), {}),
    ("array2string", (V,), {"precision": 2}),
    ("binary_repr", (5,), {}),
]
CASES = [c for c in CASES if c[0] in FUNCTIONS]


def assert_same(ours: Any, theirs: Any) -> None:
    if isinstance(theirs, (tuple, list)):
        assert type(ours) is type(theirs) or hasattr(theirs, "_fields")
        assert len(ours) == len(theirs)
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
        assert type(ours) is type(theirs)
        assert ours == theirs


@pytest.mark.parametrize(
    ("name", "args", "kwargs"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_value_matches_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    assert_same(getattr(unp, name)(*args, **kwargs), getattr(np, name)(*args, **kwargs))


def _stable_descending_argsort(a: Any, axis: int | None) -> Any:
    """The reference: Python's ``sorted(..., reverse=True)``, stable, one row at a time."""
    a = np.asarray(a)
    if axis is None:
        a, axis = a.ravel(), -1
    rows = np.moveaxis(a, axis, -1)
    out = np.empty(rows.shape, dtype=np.intp)
    for index in np.ndindex(rows.shape[:-1]):
        row = rows[index]
        out[index] = sorted(range(len(row)), key=lambda i: row[i], reverse=True)
    return np.moveaxis(out, -1, axis)


@pytest.mark.parametrize("shape", [(9,), (4, 6), (2, 3, 5), (0,), (3, 0), (1,)])
@pytest.mark.parametrize("axis", [-1, 0, None])
def test_descending_sort_and_argsort_are_stable(shape: tuple[int, ...], axis: int | None
                                                ) -> None:
    x = np.random.default_rng(len(shape)).integers(0, 3, shape)  # many ties
    expected = _stable_descending_argsort(x, axis)
    for kwargs in ({}, {"stable": True}, {"kind": "stable"}):
        got = unp.argsort(x, axis=axis, descending=True, **kwargs)
        assert_same(got, expected)
        values = unp.sort(x, axis=axis, descending=True, **kwargs)
        assert_same(values, np.take_along_axis(x.ravel() if axis is None else x, expected,
                                               -1 if axis is None else axis))
    assert_same(unp.argsort(x, axis=axis, descending=False), np.argsort(x, axis=axis))


def test_descending_sort_keeps_equal_values_in_order() -> None:
    x = np.array([0.0, -0.0, 1.0, -0.0, 0.0])  # equal, told apart by their sign: 1, 0, -0, -0, 0
    assert_same(np.signbit(unp.sort(x, descending=True)),
                np.array([False, False, True, True, False]))
    assert_same(unp.argsort(x, descending=True), np.array([2, 0, 1, 3, 4]))
    s = np.array([(1, "b"), (2, "a"), (1, "a")], dtype=[("k", int), ("v", "U1")])
    assert_same(unp.sort(s, order="k", descending=True), s[[1, 0, 2]])


def test_fftfreq_takes_a_dtype() -> None:
    for name in ("fftfreq", "rfftfreq"):
        ours = getattr(unp.fft, name)(8, 0.5, dtype=unp.float32)
        theirs = getattr(np.fft, name)(8, 0.5).astype(np.float32)
        assert_same(ours, theirs)
        assert_same(getattr(unp.fft, name)(5), getattr(np.fft, name)(5))


@pytest.mark.parametrize(("args", "kwargs"), [
    ((2, 6), {}), ((), {"a_min": 2, "a_max": 6}), ((), {"min": 2}), ((), {"max": 6}),
    ((2,), {"a_max": 6}), ((None, 6), {}), ((2, 6), {"dtype": np.float32}),
])
def test_clip_takes_the_standards_and_numpys_names(args: tuple[Any, ...],
                                                   kwargs: dict[str, Any]) -> None:
    x = np.arange(9)
    low = kwargs.get("a_min", kwargs.get("min", args[0] if args else None))
    high = kwargs.get("a_max", kwargs.get("max", args[1] if len(args) > 1 else None))
    expected = np.clip(x, low, high, **{k: v for k, v in kwargs.items() if k == "dtype"})
    assert_same(unp.clip(x, *args, **kwargs), expected)
    with pytest.raises(TypeError, match="not both"):
        unp.clip(x, 2, a_min=2)


def test_sample_is_broad() -> None:
    assert len({c[0] for c in CASES}) >= 40


def test_out_argument_is_filled() -> None:
    out = np.empty(4)
    assert unp.sum(A, axis=0, out=out) is out
    assert_allclose(out, A.sum(axis=0))
    res = np.empty((6, 4))
    assert unp.concatenate((A, A[:3]), out=res) is res


def test_calls_are_served_by_the_numpy_backend() -> None:
    assert ov.explain(unp.sum, A).chosen is unp.numpy_backend
    assert ov.explain(unp.zeros, 3).chosen is unp.numpy_backend
    assert ov.explain(unp.concatenate, [A, [[1.0] * 4]]).chosen is unp.numpy_backend


class Quantity(np.ndarray):
    """An ndarray subclass with its own NEP 18 override."""

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        return ("overridden", func.__name__)


def test_ndarray_subclass_with_array_function_keeps_its_override() -> None:
    q = np.arange(3.0).view(Quantity)
    assert unp.sum(q) == ("overridden", "sum")
    assert unp.concatenate((q, q)) == ("overridden", "concatenate")
    plain = np.arange(3.0).view(np.ma.MaskedArray)
    assert unp.sum(plain) == 3.0


class TinyDType:
    """A dtype of another library."""


class TinyArray:
    """An array of another library."""


def test_dtype_and_creation_reach_another_backend() -> None:
    tiny = ov.Backend(
        "numpy", name="tiny", types=[TinyArray, TinyDType],
        implementations={unp.ones: lambda shape, dtype=None, order="C", *, device=None,
                         like=None: ("tiny ones", shape, dtype),
                         unp.sum: lambda a, *args, **kwargs: "tiny sum"},
    )
    dtype = TinyDType()
    # tiny is neither active nor registered: NumPy takes the dtype, as np.ones does.
    with pytest.raises(TypeError, match=r"Cannot interpret .* as a data type"):
        unp.ones(3, dtype=dtype)
    with ov.reset_state():
        ov.register_backend(tiny)
        assert unp.ones(3, dtype=dtype) == ("tiny ones", 3, dtype)  # found by the dtype alone
        assert_same(unp.ones(3), np.ones(3))  # the global NumPy backend comes first
    with ov.set_backend(tiny):
        assert unp.ones(2) == ("tiny ones", 2, None)  # no dispatchable argument
        assert unp.sum(TinyArray()) == "tiny sum"
        assert_same(unp.sum(np.arange(3)), np.int64(3))  # falls through to NumPy


def test_foreign_arrays_are_refused_with_a_story() -> None:
    # An array of a registered backend that cannot serve the call: NumPy refuses it.
    tiny = ov.Backend("numpy", name="tiny", types=[TinyArray])
    with ov.reset_state():
        # Only NumPy in use, whatever earlier tests registered.
        ov.clear_backends(None, registered=True, globals=True)
        ov.set_global_backend("numpy")
        ov.register_backend(tiny)
        with pytest.raises(ov.BackendNotImplementedError,
                           match=r"numpy \[global, numpy\]: conversion refused "
                                 r"\(does not accept TinyArray"):
            unp.sum(TinyArray())
    # Not registered: NumPy takes it as np.sum does (an object array of one element).
    assert isinstance(unp.sum(TinyArray()), TinyArray)
