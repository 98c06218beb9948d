"""pytest: the backend modules' doctests need their libraries.

Where a library is not installed (a machine with only the ``test`` extra, as
in the README's quick start) those doctests are skipped; in CI (``CI=true``)
every library is installed, and a missing one fails.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

#: The packages each backend module's examples import.
NEEDS: dict[str, tuple[str, ...]] = {
    "array_api": ("array_api_compat", "array_api_strict"),
    "cupy": ("cupy",),
    "dask": ("dask", "zarr"),
    "fft": ("scipy", "pyfftw", "mkl_fft"),
    "jax": ("jax",),
    "sparse": ("sparse",),
    "torch": ("torch",),
    "xnd": ("xnd", "ndtypes"),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if os.environ.get("CI") == "true":
        return
    for item in items:
        if not isinstance(item, pytest.DoctestItem):
            continue
        module = item.name.removeprefix("overridable.backends.").split(".")[0]
        missing = [p for p in NEEDS.get(module, ()) if importlib.util.find_spec(p) is None]
        if missing:
            item.add_marker(pytest.mark.skip(reason=f"not installed: {', '.join(missing)}"))
