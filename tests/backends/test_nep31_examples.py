"""NEP 31's examples, run as written against real Dask, zarr and torch, values checked
against NumPy.

- The zarr pipeline (``da.from_zarr(store)`` -> a library function written against
  ``overridable.numpy`` -> ``.to_zarr(out)``) is ``test_dask.py::test_nep31_zarr_example``;
  it is not repeated here.
- ``pytorch_predict``: a torch model applied blockwise (``map_blocks``) to a Dask array read
  from a zarr store, through code written against ``overridable.numpy``; the prediction is
  written back to zarr and compared with the same model applied to the whole NumPy array.
- The dtype example: ``unp.ones((5, 5), dtype=torch.float32)`` is a tensor once torch is set
  or registered.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest
from _backend_helpers import require
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp

da = require("dask.array")
torch = require("torch")
require("zarr")

rng = np.random.default_rng(31)

N_FEATURES, N_OUTPUTS = 6, 3


def make_model() -> Any:
    """A small fixed model: the same weights in every process that builds it."""
    torch.manual_seed(31)
    return torch.nn.Sequential(torch.nn.Linear(N_FEATURES, 8), torch.nn.Tanh(),
                               torch.nn.Linear(8, N_OUTPUTS)).eval()


MODEL = make_model()


def standardize(x: Any) -> Any:
    """A library function written once against ``overridable.numpy``: column-wise z-scores."""
    x = unp.asarray(x)
    centred = x - unp.mean(x, axis=0)
    return centred / unp.sqrt(unp.mean(centred**2, axis=0))


def pytorch_predict(block: Any, model: Any = MODEL, seen: list[Any] | None = None) -> Any:
    """The NEP's ``pytorch_predict``: one block of rows in, the model's output rows out.

    The block arrives as a NumPy array (Dask hands blocks out as NumPy); inside, the torch
    backend turns it into a float32 tensor and the post-processing stays on torch.
    """
    with ov.set_backend("torch"):
        x = unp.asarray(block, dtype=torch.float32)
        with torch.no_grad():
            logits = model(x)
        # softmax written against overridable.numpy, served by torch
        shifted = unp.exp(logits - unp.max(logits, axis=1, keepdims=True))
        probabilities = shifted / unp.sum(shifted, axis=1, keepdims=True)
    if seen is not None:
        seen.append((type(x), type(probabilities), threading.get_ident()))
    return probabilities.numpy()


def expected_prediction(data: np.ndarray) -> np.ndarray:
    """The same pipeline on NumPy and the model applied to the whole array at once."""
    z = standardize(data)
    assert type(z) is np.ndarray
    with torch.no_grad():
        logits = MODEL(torch.as_tensor(z, dtype=torch.float32)).numpy()
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


@pytest.fixture
def stores(tmp_path: Any) -> tuple[str, str, np.ndarray]:
    """A real local zarr store of (40, 6) float64 in chunks of 8 rows, and an output path."""
    data = rng.standard_normal((40, N_FEATURES)) * [1, 2, 3, 4, 5, 6] + 10
    source = str(tmp_path / "features.zarr")
    da.from_array(data, chunks=(8, N_FEATURES)).to_zarr(source)
    return source, str(tmp_path / "predictions.zarr"), data


def run_pipeline(source: str, out: str, seen: list[Any]) -> Any:
    data = da.from_zarr(source)
    with ov.set_backend(da):
        features = standardize(data)  # Dask: a lazy graph over the zarr chunks
    assert isinstance(features, da.Array) and features.numblocks == (5, 1)
    result = features.astype(np.float32).map_blocks(
        pytorch_predict, seen=seen, chunks=(8, N_OUTPUTS), dtype=np.float32)
    assert isinstance(result, da.Array) and not seen  # nothing computed yet
    result.to_zarr(out)
    return result


def test_pytorch_predict_blockwise_from_zarr_to_zarr(stores: tuple[str, str, Any]) -> None:
    source, out, data = stores
    seen: list[Any] = []
    run_pipeline(source, out, seen)
    written = da.from_zarr(out)
    assert written.shape == (40, N_OUTPUTS) and written.dtype == np.float32
    assert written.chunks == ((8,) * 5, (N_OUTPUTS,))
    expected = expected_prediction(data)
    assert_allclose(written.compute(), expected, rtol=2e-5, atol=1e-6)
    assert_allclose(written.sum(axis=1).compute(), np.ones(40), rtol=1e-5)
    # every block went through torch, in Dask's worker threads (which start with clean
    # backend state: the backend is set inside the block function)
    assert len(seen) == 5
    assert {(x, p) for x, p, _ in seen} == {(torch.Tensor, torch.Tensor)}


def test_pytorch_predict_runs_in_the_callers_thread_when_synchronous(
    stores: tuple[str, str, Any],
) -> None:
    dask = require("dask")
    source, out, data = stores
    seen: list[Any] = []
    with dask.config.set(scheduler="synchronous"):
        run_pipeline(source, out, seen)
    assert {ident for _, _, ident in seen} == {threading.get_ident()}
    assert_allclose(da.from_zarr(out).compute(), expected_prediction(data),
                    rtol=2e-5, atol=1e-6)


def test_pytorch_predict_leaves_the_callers_state_alone(stores: tuple[str, str, Any]) -> None:
    source, out, _ = stores
    before = type(unp.ones(2))
    run_pipeline(source, out, [])
    assert type(unp.ones(2)) is before is np.ndarray


# -- the dtype example ---------------------------------------------------------------


@pytest.mark.parametrize("how", ["set_backend", "register_backend"])
def test_ones_with_a_torch_dtype_is_a_tensor(how: str, clean_state: None) -> None:
    if how == "set_backend":
        with ov.set_backend("torch"):
            x = unp.ones((5, 5), dtype=torch.float32)
    else:
        ov.register_backend("torch")
        x = unp.ones((5, 5), dtype=torch.float32)
    assert isinstance(x, torch.Tensor)
    assert x.dtype == torch.float32 and tuple(x.shape) == (5, 5)
    assert_array_equal(x.numpy(), np.ones((5, 5), dtype=np.float32))


@pytest.mark.parametrize("dtype", ["float32", np.float32, np.dtype("float32")])
def test_ones_with_numpys_spellings_under_torch(dtype: Any) -> None:
    with ov.set_backend("torch"):
        x = unp.ones((5, 5), dtype=dtype)
    assert isinstance(x, torch.Tensor) and x.dtype == torch.float32
    assert_array_equal(x.numpy(), np.ones((5, 5), dtype=np.float32))


def test_torch_dtype_without_torch_names_the_refused_type(clean_state: None) -> None:
    ov.clear_backends("numpy")  # forget torch if an earlier test registered it on sight
    previous = ov.set_auto_register(False)
    try:
        with pytest.raises(ov.BackendNotImplementedError, match=r"torch\.dtype were refused"):
            unp.ones((5, 5), dtype=torch.float32)
    finally:
        ov.set_auto_register(previous)


def test_torch_dtype_first_seen_registers_torch(clean_state: None) -> None:
    x = unp.ones((5, 5), dtype=torch.float32)  # nothing set up: torch's backend registers
    assert isinstance(x, torch.Tensor) and x.dtype == torch.float32
    assert_allclose(x.numpy(), np.ones((5, 5), dtype=np.float32))
