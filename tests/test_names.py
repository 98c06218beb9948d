"""Backend names: one resolver for set_backend, set_global_backend, register_backend,
skip_backend, OVERRIDABLE_BACKEND and the command line; the texts of its errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

import overridable as ov
import overridable.numpy as unp
from overridable import _backend

ENTRY_POINTS: list[Callable[[str], Any]] = [
    ov.set_backend, ov.skip_backend, ov.set_global_backend, ov.register_backend, ov.as_backend,
]


@pytest.fixture(autouse=True)
def clean() -> Iterator[None]:
    with ov.reset_state():
        yield


@pytest.mark.parametrize("spelling", ["numpy", "NumPy", "NUMPY", " numpy "])
def test_names_are_case_insensitive(spelling: str) -> None:
    assert ov.as_backend(spelling) is ov.as_backend("numpy")


def test_every_entry_point_takes_any_case() -> None:
    with ov.set_backend("NumPy", only=True):
        np.testing.assert_array_equal(unp.add([1.0], [2.0]), np.array([3.0]))
    ov.set_global_backend("Numpy")
    ov.register_backend("NUMPY")
    with ov.skip_backend("nUmPy"):
        pass
    assert ov.get_state().globals.domains["numpy"].backend is ov.as_backend("numpy")


def test_aliases_and_dashes_resolve_to_the_same_backend() -> None:
    assert ov.as_backend("DASK.array") is ov.as_backend("dask")
    assert _backend.resolve_name("array-api") == "array_api"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("name", "suggestion"), [
    ("pytorch", "'torch'"), ("Torchh", "'torch'"), ("daks", "'dask'"), ("jaxx", "'jax'"),
])
def test_unknown_names_suggest_close_ones_in_one_line(
        entry: Callable[[str], Any], name: str, suggestion: str) -> None:
    before = ov.get_state()
    with pytest.raises(ov.UnknownBackendError) as info:
        entry(name)
    text = str(info.value)
    assert isinstance(info.value, ValueError)
    assert "\n" not in text
    assert text.startswith(f"unknown backend {name!r} (did you mean {suggestion}")
    installed = text.split("; installed backends: ")[1].split(";")[0].split(", ")
    assert {"numpy", "dask", "torch", "jax"} <= set(installed)
    assert "dask.array" not in installed  # aliases are left out
    assert ov.get_state().globals == before.globals


def test_a_name_with_no_close_match_lists_the_installed_ones() -> None:
    with pytest.raises(ValueError, match=r"^unknown backend 'qwertyuiop'; installed backends: "):
        ov.set_backend("qwertyuiop")


def test_a_known_name_whose_library_is_missing_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    # As if torch were not installed: its entry point's module cannot import torch.
    monkeypatch.setitem(_backend._adapters, "torch", missing)
    monkeypatch.delitem(_backend._adapted, "torch", raising=False)
    with pytest.raises(ov.BackendNotInstalledError) as info:
        ov.set_backend("Torch")
    assert str(info.value) == (
        "backend 'torch' is known but its library is not installed (No module named "
        "'torch'); install it with: pip install \"overridable[torch]\"")
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value.__cause__, ModuleNotFoundError)


def test_a_missing_library_without_an_extra_names_its_package(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise ModuleNotFoundError("No module named 'xnd'", name="xnd")

    monkeypatch.setitem(_backend._adapters, "xnd", missing)
    monkeypatch.delitem(_backend._adapted, "xnd", raising=False)
    with pytest.raises(ov.BackendNotInstalledError,
                       match=r"^backend 'xnd' is known but its library is not installed "
                             r"\(No module named 'xnd'\); install the 'xnd' package$"):
        ov.register_backend("xnd")


@pytest.mark.parametrize(("name", "extra"), [
    ("torch", "torch"), ("jax.numpy", "jax"), ("dask.array", "dask"), ("scipy.fft", "fft"),
    ("pyfftw", "fft"), ("mkl_fft", "fft"), ("array_api", "array-api"),
    ("array_api_strict", "array-api"), ("cupy", "cupy"), ("sparse", "sparse"), ("xnd", None),
])
def test_each_backend_knows_its_extra(name: str, extra: str | None) -> None:
    assert _backend.install_extra(name) == extra


def test_installed_is_found_without_importing(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _backend.is_installed("numpy") and _backend.is_installed("array_api")
    monkeypatch.setitem(_backend._entry_point_modules, "nothere", "overridable.backends.nothere")
    monkeypatch.setitem(_backend._adapters, "nothere", lambda: None)
    assert not _backend.is_installed("nothere")
    with pytest.raises(ValueError, match=r"known but not installed: nothere$"):
        ov.set_backend("notthere_at_all_qq")


def test_cupy_without_a_gpu_says_so() -> None:
    from overridable.backends import cupy as cupy_backend

    if cupy_backend.gpu_available():
        pytest.skip("a GPU is here")
    with ov.set_backend("CuPy"), pytest.raises(RuntimeError) as info:
        unp.ones(3)
    assert str(info.value).startswith(
        "the cupy backend needs an NVIDIA GPU and driver, and CuPy finds none here (")
    assert str(info.value).endswith("use another backend, e.g. ov.set_backend('numpy')")


def test_non_strings_still_say_what_a_backend_is() -> None:
    with pytest.raises(TypeError, match=r"42 is not a backend\. A backend needs __ua_domain__"):
        ov.set_backend(42)
