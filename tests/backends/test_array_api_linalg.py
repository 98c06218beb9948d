"""NumPy's ``linalg.norm``, ``cond``, ``multi_dot``, ``lstsq`` and ``tensorinv`` written over
the standard's namespace (``_semantics``), by value, shape and dtype against NumPy on
array-api-strict, through its own backend and the generic ``array_api`` one."""

from __future__ import annotations

from typing import Any

import _backend_helpers as helpers
import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

xp = require("array_api_strict")

_rng = np.random.default_rng(7)
_A = _rng.standard_normal((3, 3))
_STACK = _rng.standard_normal((2, 3, 3))
_C = _A + 1j * _rng.standard_normal((3, 3))
_I = np.array([[2, -1, 0], [1, 3, 4], [0, 5, -2]])
_TALL = _rng.standard_normal((5, 3))
_SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])

CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    # norm: every element's 2-norm, vector orders, matrix orders over any two axes
    ("linalg.norm", (_A,), {}), ("linalg.norm", (_I,), {}),
    ("linalg.norm", (np.array([True, False, True]),), {}),
    ("linalg.norm", (_C,), {"keepdims": True}),
    ("linalg.norm", (_A[0],), {"ord": 3}), ("linalg.norm", (_A[0],), {"ord": 0}),
    ("linalg.norm", (_A[0],), {"ord": -np.inf}), ("linalg.norm", (_A[0],), {"ord": -1}),
    ("linalg.norm", (_STACK,), {"axis": 1}),
    ("linalg.norm", (_STACK,), {"ord": np.inf, "axis": 2, "keepdims": True}),
    *(("linalg.norm", (_A,), {"ord": order})
      for order in ("fro", "nuc", np.inf, -np.inf, 1, -1, 2, -2)),
    *(("linalg.norm", (_STACK,), {"ord": order, "axis": (2, 0), "keepdims": True})
      for order in ("fro", "nuc", 1, -2)),
    ("linalg.norm", (_C,), {"ord": "nuc"}),
    ("linalg.norm", (_A.astype(np.float32),), {"ord": 2}),
    ("linalg.norm", (_C.astype(np.complex64),), {"ord": 1}),
    # cond: from the singular values, or norm(x) * norm(inv(x)); singular matrices infinite
    *(("linalg.cond", (_A,), {"p": p}) for p in (None, 2, -2, "fro", "nuc", 1, -1, np.inf)),
    ("linalg.cond", (_STACK,), {}), ("linalg.cond", (_STACK,), {"p": -np.inf}),
    ("linalg.cond", (_I,), {"p": 1}), ("linalg.cond", (_TALL,), {}),
    ("linalg.cond", (_SINGULAR,), {"p": "fro"}),
    ("linalg.cond", (np.stack([_SINGULAR, np.eye(2)]),), {"p": 1}),
    ("linalg.cond", (np.array([[1.0, np.nan], [0.0, 1.0]]),), {"p": 1}),
    ("linalg.cond", (_A.astype(np.float32),), {"p": "fro"}),
    ("linalg.cond", (_C.astype(np.complex64),), {}),
    # multi_dot: a chain of products, first and last operands 1-d or 2-d
    ("linalg.multi_dot", ([_TALL, _A, _A.T],), {}),
    ("linalg.multi_dot", ([_TALL[:, 0], _TALL, _A, _A[0]],), {}),
    ("linalg.multi_dot", ([_A[0], _TALL.T],), {}), ("linalg.multi_dot", ([_TALL, _A[0]],), {}),
    ("linalg.multi_dot", ([_A, _STACK],), {}),  # two arrays: NumPy's dot
    ("linalg.multi_dot", ([_I, _A.astype(np.float32), _I],), {}),
    ("linalg.multi_dot", ([_I > 0, _I < 0, _I == 0],), {}),
    # lstsq: NumPy's 4-tuple, rcond=None's cutoff, residuals only for full rank and M > N
    ("linalg.lstsq", (_TALL, _TALL[:, 0] + 1), {"rcond": None}),
    ("linalg.lstsq", (_TALL, _TALL[:, :2]), {}),
    ("linalg.lstsq", (_TALL, _TALL[:, 0]), {"rcond": -1}),
    ("linalg.lstsq", (_TALL, _TALL[:, 1]), {"rcond": 0.5}),
    ("linalg.lstsq", (_TALL.T, _A[0]), {}), ("linalg.lstsq", (_A, _A), {}),
    ("linalg.lstsq", (np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]), np.ones(3)), {}),
    ("linalg.lstsq", (_I, np.array([1, 2, 3])), {}),
    ("linalg.lstsq", (_TALL.astype(np.float32), _rng.standard_normal(5).astype(np.float32)), {}),
    ("linalg.lstsq", (_C, _C[0]), {}),
    # tensorinv: the first ind axes against the rest
    ("linalg.tensorinv", (np.eye(4).reshape(4, 2, 2) * 2,), {"ind": 1}),
    ("linalg.tensorinv", (np.reshape(_rng.standard_normal(16), (2, 2, 2, 2)),), {}),
    ("linalg.tensorinv", (_I,), {"ind": 1}),
]


def _path(name: str, module: Any) -> Any:
    for part in name.split("."):
        module = getattr(module, part)
    return module


def _strict(value: Any) -> Any:
    if isinstance(value, list):
        return [_strict(v) for v in value]
    return xp.asarray(value) if isinstance(value, np.ndarray) else value


@pytest.mark.parametrize("backend", ["array_api_strict", "array_api"])
@pytest.mark.parametrize(("name", "args", "kwargs"), CALLS,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CALLS)])
def test_linalg_equals_numpy(backend: str, name: str, args: tuple[Any, ...],
                             kwargs: dict[str, Any]) -> None:
    with np.errstate(all="ignore"):
        want = _path(name, np)(*args, **kwargs)
    with ov.set_backend(backend, only=True):
        got = _path(name, unp)(*map(_strict, args), **kwargs)
    # lstsq's residuals of an exact fit are rounding (1e-30), and its single-precision
    # solutions (the standard's svd, not LAPACK's gelsd) agree to float32's rounding of the
    # largest value: compared absolutely there
    single = any(getattr(a, "dtype", None) in (np.float32, np.complex64) for a in args)
    helpers.assert_same(got, want, scalars=False, atol=1e-6 if single else 1e-10)


@pytest.mark.parametrize(("name", "args", "kwargs", "error"), [
    ("linalg.norm", (_A[0],), {"ord": "fro"}, ValueError),
    ("linalg.norm", (_A,), {"ord": 3}, ValueError),
    ("linalg.norm", (_STACK,), {"ord": 1}, ValueError),
    ("linalg.cond", (np.zeros((0, 0)),), {}, np.linalg.LinAlgError),
    ("linalg.cond", (_TALL,), {"p": 1}, np.linalg.LinAlgError),
    ("linalg.multi_dot", ([_A],), {}, ValueError),
    ("linalg.multi_dot", ([_A, _STACK, _A],), {}, np.linalg.LinAlgError),
    ("linalg.lstsq", (_TALL, np.ones(4)), {}, np.linalg.LinAlgError),
    ("linalg.tensorinv", (_A,), {"ind": 0}, ValueError),
])
def test_linalg_errors_as_numpy(name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                                error: type[Exception]) -> None:
    with pytest.raises(error):
        _path(name, np)(*args, **kwargs)
    with ov.set_backend("array_api_strict", only=True), pytest.raises(error):
        _path(name, unp)(*map(_strict, args), **kwargs)
