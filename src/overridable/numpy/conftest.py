"""pytest: leave out NumPy's own docstring examples, which the multimethods carry.

Each multimethod's docstring is NumPy's (plus a line); its examples call
``np.`` and are NumPy's to test, so the doctests collected for them here are
dropped. The examples written for this package still run.
"""

from __future__ import annotations

import pytest

from overridable.numpy._declarations import FUNCTIONS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items[:] = [
        item for item in items
        if not (isinstance(item, pytest.DoctestItem)
                and item.name.removeprefix("overridable.numpy.") in FUNCTIONS)
    ]
