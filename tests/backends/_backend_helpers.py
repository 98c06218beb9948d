"""Shared by the library backends' tests: :func:`require`, the NEP's library function, and
converting, comparing and looking up arrays and functions.

:func:`assert_same` is the one comparison of a backend's result with NumPy's: the result
converted by ``overridable.backends.to_numpy``, its exact dtype and shape, its values within
the conformance harness's tolerance (``overridable.conformance.tolerance``)."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np
import pytest

import overridable as ov
import overridable.numpy as unp
from overridable.backends import to_numpy
from overridable.conformance import tolerance


def require(module: str) -> ModuleType:
    """Import ``module``; skip the calling test module without it, but fail in CI
    (``CI=true``), where every backend's extra is installed and must be tested."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{module} is needed for these tests in CI (install the backend "
                        f"extras: pip install -e '.[backends]'): {exc}", pytrace=False)
        pytest.skip(f"{module} is not installed", allow_module_level=True)


def installed_backend(name: str, module: str) -> Any:
    """The backend named ``name`` once its library's ``module`` imports (:func:`require`:
    a skip without it, a failure in CI)."""
    require(module)
    return ov.as_backend(name)


def library_function(x: Any) -> Any:
    """Written once against ``overridable.numpy``, as in DESIGN.md: runs on any backend."""
    x = unp.asarray(x)
    return unp.sum(unp.sin(x) ** 2, axis=-1) / unp.zeros(3).size + unp.mean(x, axis=-1)


def arrays_to(convert: Callable[[np.ndarray], Any], value: Any) -> Any:
    """``value`` with ``convert`` applied to it if it is a NumPy array, or to each NumPy
    array in it (at any depth) if it is a tuple or list."""
    if isinstance(value, np.ndarray):
        return convert(value)
    if type(value) in (list, tuple):
        return type(value)(arrays_to(convert, v) for v in value)
    return value


def to_backend(name: str, value: Any) -> Any:
    """``value`` with each NumPy array in it as one of backend ``name``'s own arrays (the
    backend's ``convert``, as ``coerce=True`` would)."""
    convert = ov.as_backend(name).convert  # type: ignore[attr-defined]
    return arrays_to(lambda a: convert(a, "array"), value)


def assert_same(result: Any, expected: Any, array_type: type | tuple[type, ...] = (),
                *, scalars: bool = True, rtol: float | None = None, atol: float = 1e-12) -> None:
    """``result`` is NumPy's ``expected``, item by item in tuples and lists: each array an
    ``array_type`` (the backend's own; 0-d results too unless ``scalars`` is false, where a
    backend answers NumPy's scalars as scalars), whose NumPy version has ``expected``'s
    shape, exact dtype and values (floats within :func:`tolerance`, NaN where NumPy's).

    ``rtol`` and ``atol`` loosen the tolerance for one call; the caller says why there."""
    if isinstance(expected, tuple | list):
        assert isinstance(result, tuple | list), type(result)
        assert len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_same(r, e, array_type, scalars=scalars, rtol=rtol, atol=atol)
        return
    want = np.asarray(expected)
    if array_type and (scalars or want.ndim):
        assert isinstance(result, array_type), type(result)
    got = np.asarray(to_numpy(result))
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    if want.dtype.kind in "fc":
        np.testing.assert_allclose(got, want, rtol=rtol or tolerance(want.dtype), atol=atol,
                                   equal_nan=True)
    else:
        np.testing.assert_array_equal(got, want)


def assert_samples_pass(backend: Any, names: Any = None,
                        from_numpy: Callable[[Any], Any] | None = None,
                        known: frozenset[str] = frozenset(), exact: bool = False,
                        variants: Any = None) -> None:
    """The conformance harness's sample calls (``overridable.conformance``'s ``SAMPLES``) of
    ``names`` (default: all) on ``backend``, the inputs made by ``from_numpy`` (default: the
    backend's own conversion): none returns other than NumPy (with ``exact``, NumPy's dtype
    itself, not only its kind) or raises (declining is fine), except in the functions
    ``known`` to fail (open defects: once one is fixed, this fails until it is taken out of
    ``known``). With ``variants`` (kinds of ``overridable.conformance.VARIANTS``), the
    calls' dtype variants instead, each in NumPy's exact dtype."""
    from overridable.conformance import run

    report = run(backend, names=names, from_numpy=from_numpy, exact=exact, variants=variants)
    failed = {n: r.details for n, r in report.results.items() if r.status in ("mismatch",
                                                                              "error")}
    assert set(failed) == set(known), {n: d for n, d in failed.items() if n not in known}
    assert report.results, "no function ran"


def assert_each(result: Any, expected: Any, assert_one: Callable[[Any, Any], None]) -> None:
    """``assert_one(r, e)`` for each ``e`` in ``expected`` (nested in tuples and lists) and
    the ``r`` in the same place of ``result``, whose lengths must be the same."""
    if isinstance(expected, tuple | list):
        assert len(result) == len(expected)
        for r, e in zip(result, expected, strict=True):
            assert_each(r, e, assert_one)
        return
    assert_one(result, expected)


def resolve(path: str, module: Any) -> Any:
    """The attribute at dotted ``path`` (``"linalg.solve"``) of ``module``."""
    for part in path.split("."):
        module = getattr(module, part)
    return module


#: max, min (and nanmax) of empty arrays: (shape, keywords); NumPy's value or its ValueError.
EMPTY_EXTREMA: list[tuple[tuple[int, ...], dict[str, Any]]] = [
    ((0,), {"initial": -1}), ((2, 0), {"axis": 1, "initial": 0}),
    ((0, 3), {"axis": 0, "initial": 5}), ((0, 3), {"axis": 0, "initial": 5, "keepdims": True}),
    ((0, 3), {"axis": 1}), ((0, 3), {"axis": 1, "keepdims": True}), ((0,), {"axis": ()}),
    ((0, 3), {"axis": 0}), ((0, 3), {}), ((0,), {}),
]


def assert_empty_extremum(function: str, shape: tuple[int, ...], kwargs: dict[str, Any],
                          convert: Callable[[np.ndarray], Any]) -> None:
    """``unp``'s ``function`` (max, min, nanmax, nanmin) of an empty float32 array of
    ``shape`` (made the backend's by ``convert``) under the backend set: NumPy's value, shape
    and dtype, or NumPy's ``ValueError``."""
    a = np.zeros(shape, np.float32)
    try:
        want = getattr(np, function)(a, **kwargs)
    except ValueError:
        with pytest.raises(ValueError, match="zero-size array to reduction operation"):
            getattr(unp, function)(convert(a), **kwargs)
        return
    got = getattr(unp, function)(convert(a), **kwargs)
    assert_same(got.compute() if hasattr(got, "compute") else got, want, scalars=False)
