"""pytest: leave out NumPy's own docstring examples, which the multimethods carry.

Each multimethod's docstring is NumPy's (plus a line); its examples call
``np.`` and are NumPy's to test, so the doctests collected for them here are
dropped. The examples written for this package still run.
"""

from __future__ import annotations

import pytest

from overridable.numpy import _declarations_fft, _declarations_linalg, _declarations_random
from overridable.numpy._declarations import FUNCTIONS
from overridable.numpy._ufunc_declarations import ALIASES, METHODS, UFUNCS

#: The multimethods' names below ``overridable.numpy``: ``sum``, ``linalg.solve``, ...
_NUMPYS = {
    *FUNCTIONS,
    *(f"linalg.{name}" for name in _declarations_linalg.FUNCTIONS),
    *(f"fft.{name}" for name in _declarations_fft.FUNCTIONS),
    *(f"random.{name}" for name in _declarations_random.FUNCTIONS),
    *(f"random.Generator.{name}" for name in _declarations_random.GENERATOR_METHODS),
    *UFUNCS, *ALIASES, *(f"{name}.{method}" for name in UFUNCS for method in METHODS),
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items[:] = [
        item for item in items
        if not (isinstance(item, pytest.DoctestItem)
                and item.name.removeprefix("overridable.numpy.") in _NUMPYS)
    ]
