"""Ordinary user code written against overridable.numpy: mypy --strict must accept it."""

from typing import Any

import numpy as np
from numpy.typing import NDArray

import overridable as ov
import overridable.numpy as unp


def library_function(x: Any) -> Any:
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2) / unp.zeros(3).size


def statistics(x: Any) -> tuple[Any, Any]:
    x = unp.asarray(x, dtype=unp.float64)
    return unp.mean(x, axis=0), unp.linalg.norm(x - unp.mean(x))


def spectrum(x: Any) -> Any:
    return unp.abs(unp.fft.rfft(x, n=8)) + unp.add.reduce(unp.ones(3))


def sample(seed: int) -> Any:
    rng = unp.random.default_rng(seed)
    draws = unp.random.Generator.normal(rng, size=3)
    return unp.concatenate((unp.arange(3), unp.random.normal(size=3), draws))


def run() -> Any:
    with ov.set_backend(unp.numpy_backend):
        return library_function([1.0, 2.0, 3.0]) + unp.pi


def numpy_in(y: NDArray[np.float64]) -> float:
    total = unp.sum(y, axis=0, keepdims=True) + unp.mean(y, axis=(0,))
    joined = unp.concatenate([y, y], axis=0)
    return float(unp.mean(joined)) + float(unp.std(total, dtype=np.float32))


def other_libraries(x: Any, dtype: Any) -> Any:
    return unp.ones(3, dtype=dtype) + unp.zeros((2, 2), dtype="float32") + unp.mean(x)


def backends_by_value() -> None:
    with ov.set_backend("numpy"), ov.set_backend(unp.numpy_backend, only=True):
        pass
    with ov.skip_backend(np), ov.set_backend(ov.Backend("numpy", name="b")):
        pass
    ov.register_backend("numpy")


class LibraryDType:
    """A library's own dtype object, as torch.float32 is: it has an itemsize."""

    itemsize = 4


def library_dtype() -> Any:
    return unp.ones(3, dtype=LibraryDType())
