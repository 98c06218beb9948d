"""Tests of the library backends: each runs against the real library.

A test module asks for its library with ``_backend_helpers.require``: where
the library is missing the module is skipped, except in CI (``CI=true``),
where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import overridable as ov

# The shared helpers assert too: pytest explains their failures as it does the tests'.
pytest.register_assert_rewrite("_backend_helpers")


@pytest.fixture
def clean_state() -> Iterator[None]:
    """Every backend state change made by the test is undone afterwards."""
    with ov.reset_state():
        yield


@pytest.fixture
def x64() -> Iterator[None]:
    """JAX in 64 bits (NumPy's dtypes), as the command line sets it; as it was afterwards."""
    try:
        import jax
    except ImportError:
        yield
        return
    before = jax.config.jax_enable_x64
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", before)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: starts processes (dask.distributed)")
