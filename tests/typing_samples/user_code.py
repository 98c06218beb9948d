"""Ordinary user code written against overridable.numpy: mypy --strict must accept it."""

from typing import Any

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
