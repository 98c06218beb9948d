"""The array-API backend's NumPy rules written once in ``_semantics`` (statistics with
``where=``, ``diff``'s joined dtype, weighted ``cov``, ``matrix_rank``'s tolerances), by
value, shape and dtype against NumPy on array-api-strict."""

from __future__ import annotations

from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

xp = require("array_api_strict")

_I8 = np.array([[1, -2, 3], [4, 5, -6]], np.int8)
_F = np.array([[1.0, 2.5, 3.0], [4.0, -5.0, 0.5]])
_MASK = np.array([[True, False, True], [True, True, False]])
_SYM = np.array([[2.0, 1.0], [1.0, 2.0]])

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("diff", (_I8,), {"axis": 0, "prepend": 3}), ("diff", (np.array([True, False]),),
                                                  {"prepend": True}),
    ("diff", (_F,), {"n": 2, "append": [[1.0], [2.0]]}),
    ("mean", (_I8,), {"axis": 1, "where": _MASK}), ("var", (_F,), {"where": _MASK, "ddof": 1}),
    ("std", (_F,), {"axis": 0, "correction": 1}), ("nanvar", (np.array([1.0, np.nan, 3.0]),), {}),
    ("sum", (_I8,), {"where": _MASK, "initial": 5}), ("max", (_F,), {"axis": 1, "initial": 3.5}),
    ("any", (_I8,), {"where": _MASK}), ("prod", (np.array([True, True]),), {}),
    ("linspace", (np.array([0.0, 1.0]), 4.0, 5), {"axis": 1}),
    ("linspace", (0, 10, 4), {"dtype": int, "endpoint": False}),
    ("cov", (_F,), {"fweights": np.array([1, 2, 1]), "aweights": np.array([0.5, 1.0, 2.0])}),
    ("average", (_F,), {"axis": 1, "weights": np.array([1.0, 2.0, 3.0]), "returned": True}),
    ("linalg.matrix_rank", (_SYM,), {"hermitian": True}),
    ("linalg.matrix_rank", (_SYM,), {"tol": 2.0}), ("linalg.matrix_rank", (np.zeros(3),), {}),
    ("dot", (_F, np.ones((2, 3, 4))), {}), ("isneginf", (np.array([-np.inf, 1.0]),), {}),
    ("round", (np.array([1.25, -2.35]),), {"decimals": 1}), ("reshape", (_I8, 6), {"order": "F"}),
    ("isclose", (_F, _F + 1e-9), {}), ("array_equal", (_F, _F), {}), ("polyval", (_I8[0], 2), {}),
    ("vander", (_I8[0],), {"N": 4, "increasing": True}),
]


def _function(name: str) -> Any:
    function: Any = unp
    for part in name.split("."):
        function = getattr(function, part)
    return function


@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CALLS)])
def test_rule_equals_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    expected = _function(name)
    numpy_function: Any = np
    for part in name.split("."):
        numpy_function = getattr(numpy_function, part)
    want = numpy_function(*args, **kwargs)
    strict = [xp.asarray(a) if isinstance(a, np.ndarray) else a for a in args]
    with ov.set_backend("array_api_strict", only=True):
        got = expected(*strict, **{k: xp.asarray(v) if isinstance(v, np.ndarray) else v
                                   for k, v in kwargs.items()})
    helpers.assert_same(got, want, scalars=False)
