"""NumPy's errors where a library refuses a call with its own: the type and the message.

A call NumPy refuses (shapes that do not broadcast, a reshape to the wrong size, unequal
shapes joined, unaligned products, an axis out of range) must raise on a library backend
what NumPy raises, word for word: code written against ``overridable.numpy`` catches
NumPy's ``ValueError``, not torch's ``RuntimeError``. Each call runs on NumPy's arrays and
on the library's, on both dispatch paths (CI runs the suite on each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

torch = require("torch")

#: (label, the call on a namespace and two arrays: x of shape (3, 4), v of shape (5,))
CALLS: list[tuple[str, Callable[[Any, Any, Any], Any]]] = [
    ("add broadcast", lambda m, x, v: m.add(x, v)),
    ("divide broadcast", lambda m, x, v: m.divide(x, v)),
    ("maximum broadcast", lambda m, x, v: m.maximum(x, v)),
    ("add with out of a wrong shape", lambda m, x, v: m.add(x, x, out=m.empty_like(v))),
    ("reshape size", lambda m, x, v: m.reshape(x, (5,))),
    ("reshape two unknowns", lambda m, x, v: m.reshape(x, (-1, -1))),
    ("stack shapes", lambda m, x, v: m.stack((x, x[:2]))),
    ("stack axis", lambda m, x, v: m.stack((x, x), axis=3)),
    ("concatenate ndim", lambda m, x, v: m.concatenate((x, v))),
    ("concatenate shapes", lambda m, x, v: m.concatenate((x, x[:, :2]), axis=0)),
    ("concatenate axis", lambda m, x, v: m.concatenate((x, x), axis=2)),
    ("concatenate 0-d", lambda m, x, v: m.concatenate((x[0, 0], x[0, 0]))),
    ("dot unaligned", lambda m, x, v: m.dot(x, x)),
    ("dot 1-d unaligned", lambda m, x, v: m.dot(v, x)),
    ("transpose axes", lambda m, x, v: m.transpose(x, (0,))),
    ("transpose repeated axes", lambda m, x, v: m.transpose(x, (0, 0))),
    ("sum axis", lambda m, x, v: m.sum(x, axis=2)),
    ("mean axis", lambda m, x, v: m.mean(x, 5)),
    ("max axis", lambda m, x, v: m.max(x, axis=-3)),
]


def _error(call: Callable[[], Any]) -> tuple[type, str]:
    with pytest.raises(Exception) as info:  # the error NumPy raises is compared below
        call()
    return info.type, str(info.value)


@pytest.mark.parametrize("label, call", CALLS, ids=[label for label, _ in CALLS])
def test_the_torch_backend_raises_numpys_error(label: str, call: Any) -> None:
    x, v = np.arange(12.0).reshape(3, 4), np.arange(5.0)
    expected = _error(lambda: call(np, x, v))
    with ov.set_backend("torch"):
        got = _error(lambda: call(unp, torch.as_tensor(x), torch.as_tensor(v)))
    assert got == expected


def test_the_common_calls_still_give_numpys_values() -> None:
    x, v = np.arange(12.0).reshape(3, 4), np.arange(4.0)
    tx, tv = torch.as_tensor(x), torch.as_tensor(v)
    with ov.set_backend("torch"):
        for got, expected in [
            (unp.add(tx, tv), np.add(x, v)),
            (unp.reshape(tx, (4, 3)), np.reshape(x, (4, 3))),
            (unp.stack((tx, tx), axis=1), np.stack((x, x), axis=1)),
            (unp.concatenate([tx, tx], axis=-1), np.concatenate([x, x], axis=-1)),
            (unp.dot(tx, tv), np.dot(x, v)),
            (unp.transpose(tx), np.transpose(x)),
            (unp.sum(tx, axis=1), np.sum(x, axis=1)),
            (unp.max(tx, 0), np.max(x, 0)),
        ]:
            np.testing.assert_array_equal(got.numpy(), expected)
            assert got.numpy().dtype == expected.dtype and got.shape == expected.shape
