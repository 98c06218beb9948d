"""``numpy.linalg`` as multimethods of the ``"numpy.linalg"`` domain: ``unp.linalg.solve``.

Every public function of ``numpy.linalg`` (declared in the generated
``_declarations_linalg``) is built on first access with NumPy's signature and
docstring, and dispatches on its array arguments. The NumPy backend serves
them through the domain walk (``"numpy.linalg"`` -> ``"numpy"``); a backend of
domain ``"numpy.linalg"`` serves linear algebra alone. ``LinAlgError`` is
NumPy's, re-exported.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> import overridable.numpy as unp
>>> unp.linalg.solve([[2.0, 0.0], [0.0, 4.0]], [2.0, 2.0])
array([1. , 0.5])
>>> unp.linalg.solve.domain
'numpy.linalg'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numpy.linalg import LinAlgError as LinAlgError

from ._declarations_linalg import FUNCTIONS, NEP18_EXTRA
from ._submodule import Namespace

DOMAIN = "numpy.linalg"

__all__ = sorted(["DOMAIN", "LinAlgError", "functions", *FUNCTIONS])

_functions = Namespace("linalg", FUNCTIONS, NEP18_EXTRA)


def __getattr__(name: str) -> Any:
    if name not in FUNCTIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    function = globals()[name] = _functions.get(name)
    return function


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(FUNCTIONS))


def functions() -> dict[str, Callable[..., Any]]:
    """Every declared multimethod of ``numpy.linalg`` by name, building those not built yet.

    >>> import overridable.numpy as unp
    >>> unp.linalg.functions()["inv"] is unp.linalg.inv
    True
    """
    return _functions.all()
