"""NumPy's errors where a library refuses a call with its own: the type and the message.

A call NumPy refuses (shapes that do not broadcast, a reshape to the wrong size, unequal
shapes joined, unaligned products, an axis out of range) must raise on a library backend
what NumPy raises, word for word: code written against ``overridable.numpy`` catches
NumPy's ``ValueError``, not torch's ``RuntimeError`` or JAX's ``TypeError``. The engine
asks the backend for NumPy's error (``Backend.explain_error``), which the library backends
find by calling NumPy on stand-ins of no data. Each call runs on NumPy's arrays and on
each library's, on both dispatch paths (CI runs the suite on each).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _backend_helpers import require

import overridable as ov
import overridable.numpy as unp

#: The arrays of the calls, by name: x (3, 4), v (5,), w (2, 4), u (3, 2), z 0-d.
ARRAYS = {"x": np.arange(12.0).reshape(3, 4), "v": np.arange(5.0), "w": np.ones((2, 4)),
          "u": np.ones((3, 2)), "z": np.array(2.0)}

#: (label, the call on a namespace and the arrays)
CALLS: list[tuple[str, Callable[[Any, dict[str, Any]], Any]]] = [
    ("add broadcast", lambda m, a: m.add(a["x"], a["v"])),
    ("divide broadcast", lambda m, a: m.divide(a["x"], a["v"])),
    ("maximum broadcast", lambda m, a: m.maximum(a["x"], a["v"])),
    ("where broadcast", lambda m, a: m.where(m.greater(a["x"], 1), a["x"], a["v"])),
    ("add with out of a wrong shape", lambda m, a: m.add(a["x"], a["x"], out=a["v"])),
    ("reshape size", lambda m, a: m.reshape(a["x"], (5,))),
    ("reshape two unknowns", lambda m, a: m.reshape(a["x"], (-1, -1))),
    ("stack shapes", lambda m, a: m.stack((a["x"], a["w"]))),
    ("stack axis", lambda m, a: m.stack((a["x"], a["x"]), axis=3)),
    ("concatenate ndim", lambda m, a: m.concatenate((a["x"], a["v"]))),
    ("concatenate shapes", lambda m, a: m.concatenate((a["x"], a["u"]), axis=0)),
    ("concatenate axis", lambda m, a: m.concatenate((a["x"], a["x"]), axis=2)),
    ("concatenate 0-d", lambda m, a: m.concatenate((a["z"], a["z"]))),
    ("dot unaligned", lambda m, a: m.dot(a["x"], a["x"])),
    ("dot 1-d unaligned", lambda m, a: m.dot(a["v"], a["x"])),
    ("matmul unaligned", lambda m, a: m.matmul(a["x"], a["u"])),
    ("transpose axes", lambda m, a: m.transpose(a["x"], (0,))),
    ("transpose repeated axes", lambda m, a: m.transpose(a["x"], (0, 0))),
    ("sum axis", lambda m, a: m.sum(a["x"], axis=2)),
    ("mean axis", lambda m, a: m.mean(a["x"], 5)),
    ("max axis", lambda m, a: m.max(a["x"], axis=-3)),
    ("expand_dims axis", lambda m, a: m.expand_dims(a["x"], 4)),
    ("broadcast_to", lambda m, a: m.broadcast_to(a["x"], (5, 4))),
]

#: backend -> (its module, NumPy's array as the backend's)
LIBRARIES: dict[str, tuple[str, Callable[[Any, np.ndarray], Any]]] = {
    "torch": ("torch", lambda m, a: m.as_tensor(a)),
    "jax": ("jax.numpy", lambda m, a: m.asarray(a)),
    "dask": ("dask.array", lambda m, a: m.from_array(a, chunks=2)),
    "sparse": ("sparse", lambda m, a: m.COO.from_numpy(a)),
    "array_api_strict": ("array_api_strict", lambda m, a: m.asarray(a)),
}
#: The backends whose arrays cannot be written: out= is declined, which is their answer.
IMMUTABLE = {"jax", "sparse", "array_api_strict"}


def _outcome(call: Callable[[], Any], compute: bool) -> tuple[type, str]:
    try:
        result = call()
        if compute:  # Dask: the graph is built; computing it would raise Dask's error
            result.compute()
    except Exception as exc:  # the error NumPy raises is compared
        return type(exc), str(exc)
    return type(None), "no error"


@pytest.mark.parametrize("library", list(LIBRARIES))
@pytest.mark.parametrize("label, call", CALLS, ids=[label for label, _ in CALLS])
def test_a_library_backend_raises_numpys_error(library: str, label: str, call: Any) -> None:
    module_name, convert = LIBRARIES[library]
    module = require(module_name)
    expected = _outcome(lambda: call(np, ARRAYS), False)
    assert expected[0] is not type(None)  # every call here is one NumPy refuses
    arrays = {k: convert(module, a) for k, a in ARRAYS.items()}
    with ov.set_backend(library):
        got = _outcome(lambda: call(unp, arrays), library == "dask")
    if library in IMMUTABLE and label.endswith("out of a wrong shape"):
        assert issubclass(got[0], ov.BackendNotImplementedError), got
        return
    assert got == expected


def test_the_library_error_is_kept_in_a_note_and_a_decline_is_never_replaced() -> None:
    torch = require("torch")
    x, v = torch.ones(3, 4), torch.ones(5)
    with ov.set_backend("torch"), pytest.raises(ValueError, match="broadcast") as info:
        unp.add(x, v)
    assert any("RuntimeError" in note and "torch" in note for note in info.value.__notes__)
    assert info.value.__suppress_context__
    with ov.set_backend("torch", only=True), pytest.raises(ov.BackendNotImplementedError):
        unp.sin(x, where=x > 0)  # torch declines where=
    # (an out= it cannot cast into is NumPy's error, not a decline)
    with ov.set_backend("torch", only=True), pytest.raises(TypeError, match="Cannot cast"):
        unp.sin(x, out=torch.empty(3, 4, dtype=torch.int64))


@pytest.mark.skipif(not ov.compiled(), reason="the compiled path's reference counts")
def test_no_reference_is_leaked_on_the_error_path() -> None:
    import gc
    import sys
    torch = require("torch")
    x, v = torch.ones(3, 4), torch.ones(5)

    def refused(times: int) -> tuple[int, int]:
        with ov.set_backend("torch"):
            for _ in range(times):
                for call in (lambda: unp.add(x, v), lambda: unp.reshape(x, (7,))):
                    try:
                        call()
                    except ValueError:
                        pass
        gc.collect()
        return sys.getrefcount(x), sys.getrefcount(v)

    assert refused(10) == refused(300)  # no reference added per call


def test_the_common_calls_still_give_numpys_values() -> None:
    torch = require("torch")
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
