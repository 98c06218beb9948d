"""Dask's own functions of NumPy's name and meaning (``SAME`` and the table's aliases),
each served natively, by value, shape and dtype against NumPy."""

from __future__ import annotations

from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import arrays_to, require

import overridable as ov
import overridable.numpy as unp

da = require("dask.array")

_B = np.array([[True, False, True], [True, True, False]])
_I8 = np.array([[1, -2, 3], [4, 5, -6]], np.int8)
_C = np.array([1 + 2j, 3 - 1j])
_F = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, np.inf]])

#: (name, args, kwargs): functions served by Dask's own (or array-api-compat's) function.
NATIVE: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("count_nonzero", (_I8,), {"axis": 1, "keepdims": True}),
    ("nansum", (_I8,), {}), ("nansum", (_F,), {"axis": 0}), ("nanprod", (_B,), {}),
    ("nanmean", (_I8,), {}), ("nansum", (_I8,), {"dtype": np.int8, "keepdims": True}),
    ("ptp", (_I8,), {}), ("ptp", (_F,), {"axis": 1}), ("around", (_F * 1.234,), {"decimals": 1}),
    ("corrcoef", (np.array([[1.0, 2.0, 4.0], [3.0, 5.0, 4.5]]),), {}), ("outer", (_I8, _C), {}),
    ("trace", (_I8,), {}), ("trace", (_B,), {}), ("trace", (_I8,), {"dtype": np.int8}),
    ("tile", (_I8, (2, 1, 2)), {}),
    ("meshgrid", (np.arange(2), np.arange(3)), {"indexing": "ij"}),
    ("isclose", (_F, 4.0), {}), ("isclose", (_F, _F), {"equal_nan": True}),
    ("tri", (3, 4, 1), {"dtype": int}), ("indices", ((2, 3),), {}),
    ("squeeze", (_I8[None],), {"axis": 0}), ("expand_dims", (_I8, (0, 3)), {}),
    ("moveaxis", (_I8, [0, 1], [1, 0]), {}), ("flatnonzero", (_I8,), {}),
    ("append", (_I8, _I8), {"axis": 0}), ("append", (_I8, [1, 2]), {}), ("rot90", (_I8, 3), {}),
    ("fix", (_F,), {}), ("isreal", (_C,), {}), ("iscomplex", (_I8,), {}), ("isposinf", (_F,), {}),
    ("isneginf", (-_F,), {}), ("ravel", (_I8,), {}), ("ones", ((2, 3),), {"dtype": "int8"}),
    ("zeros", ((2,),), {"like": np.empty(0)}), ("vstack", ([_I8, _I8],), {}),
    ("dstack", ((_I8, _I8),), {}), ("atleast_3d", (_I8,), {}),
    ("broadcast_arrays", (_I8, np.arange(3)), {}),
    ("concat", ([_I8, _I8],), {"axis": None}), ("rollaxis", (_I8, 1), {}),
    ("fliplr", (_I8,), {}), ("flipud", (_I8,), {}),
    ("reshape", (_I8, [3, 2]), {"order": "F"}), ("reshape", (_I8, 6), {"order": "A"}),
]

#: (name, args, kwargs): functions left to their default (written over Dask's primitives),
#: which answers NumPy's values lazily.
DEFAULTS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("diff", (_B,), {"axis": 1}), ("diff", (_I8,), {"axis": 0, "prepend": 3}),
    ("diff", (np.arange(5.0),), {"n": 2, "append": [1, 2]}), ("diff", (_I8,), {"n": 0}),
    ("diff", (np.array([True, False]),), {"prepend": np.int8(1)}),
    ("kron", (_I8, np.ones((3, 1, 2), np.int8)), {}), ("kron", (np.arange(5), 2), {}),
    ("polyval", (_I8[0], 2), {}), ("polyval", (np.array([1, 2]), _F.astype(np.float32)), {}),
    ("vander", (_I8[0],), {}), ("vander", (np.array([True, False]),), {"N": 3}),
    ("vander", (np.array([1.5, 2.0], np.float32),), {"N": 4, "increasing": True}),
    ("array_equal", (_F, _F), {"equal_nan": True}), ("array_equal", (_I8, _I8[:1]), {}),
    ("array_equiv", (_I8, _I8[:1]), {}), ("array_equiv", (_I8[0], [1, -2, 3]), {}),
    ("linspace", (0, 10, 5), {"dtype": int}), ("linspace", (np.arange(2.0), 3.0, 4), {}),
    ("eye", (4,), {"k": 1, "dtype": np.int8}), ("eye", (3, 4, -1), {}),
    ("cumulative_sum", (_B,), {"axis": 1}), ("cumulative_sum", (_I8,), {"axis": 1}),
    ("cumulative_prod", (_I8,), {"axis": 0, "include_initial": True}),
    ("cumulative_sum", (np.arange(4, dtype=np.uint8),), {}), ("unstack", (_I8,), {"axis": 1}),
    ("matrix_transpose", (_I8,), {}), ("permute_dims", (_I8, (1, 0)), {}),
    ("amax", (_I8,), {"axis": 0, "initial": 7}),
    ("amin", (_F,), {"where": ~np.isnan(_F), "initial": 9.0}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), NATIVE,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(NATIVE)])
def test_dask_function_is_native_and_equals_numpy(name: str, args: tuple[Any, ...],
                                                   kwargs: dict[str, Any]) -> None:
    backend = ov.as_backend("dask")
    function = getattr(unp, name)
    assert backend.implementations.get(function) is not None, name  # not left to a default
    expected = getattr(np, name)(*args, **kwargs)
    dask_args = arrays_to(lambda a: da.from_array(a, chunks=1) if a.ndim else a, args)
    with ov.set_backend(backend, only=True):
        result = function(*dask_args, **kwargs)
    assert type(result) is type(expected) or not isinstance(expected, tuple | list)
    # (NumPy's answer a Python bool, as array_equal's: Dask's computed one too)
    helpers.assert_same(result, expected, da.Array, scalars=not isinstance(expected, bool))


@pytest.mark.parametrize(("name", "args", "kwargs"), DEFAULTS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(DEFAULTS)])
def test_default_serves_dask_as_numpy(name: str, args: tuple[Any, ...],
                                      kwargs: dict[str, Any]) -> None:
    function = getattr(unp, name)
    assert function not in ov.as_backend("dask").implementations, name
    expected = getattr(np, name)(*args, **kwargs)
    dask_args = arrays_to(lambda a: da.from_array(a, chunks=1) if a.ndim else a, args)
    with ov.set_backend("dask", only=True):
        result = function(*dask_args, **kwargs)
    helpers.assert_same(result, expected, da.Array, scalars=not isinstance(expected, bool))


@pytest.mark.parametrize(("name", "args", "kwargs"), [
    ("roll", (_I8, (1, 2), (0,)), {}), ("tril", (np.arange(3.0),), {}),
    ("triu", (np.arange(3.0),), {"k": 1}),
])
def test_calls_dasks_own_function_gets_wrong_are_served_as_numpy(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # Dask's roll refuses NumPy's broadcast shifts, its tril/triu a 1-d array (NumPy's
    # answer is a matrix): their defaults serve these.
    expected = getattr(np, name)(*args, **kwargs)
    dask_args = arrays_to(lambda a: da.from_array(a, chunks=1) if a.ndim else a, args)
    with ov.set_backend("dask", only=True):
        result = getattr(unp, name)(*dask_args, **kwargs)
    helpers.assert_same(result, expected, da.Array)
