"""Default implementations: NumPy functions written once in terms of other multimethods.

A default runs when the backend serving a call has no implementation of the
function; the engine pins that backend (``only=True``) while it runs, so
every ``unp.*`` call inside a default is served by the same backend, and a
backend that implements a small core (``asarray``, ``reshape``, ``sum``,
``concatenate``, ``where``, ...) serves all of these. Elementwise arithmetic
and comparison use the array's operators (``+``, ``*``, ``==``, ``**``,
``abs``) and basic slicing, which every array library provides.

Each default has NumPy's signature (``DEFAULTS`` is checked against the
declarations by the tests) and honours the arguments it accepts; arguments a
default cannot honour raise ``BackendNotImplementedError`` rather than being
ignored. ``tests/test_numpy_defaults.py`` runs every default on a backend
that implements only the core and compares the values with NumPy's.

This package uses NumPy only for ``numpy._NoValue`` (the "not given" marker
of NumPy's signatures) and for NumPy's own floating-point error state and
print options (``errstate``, ``seterr``, ``printoptions``, ...: NumPy's
state, the defaults of every backend that has none of its own), and must
never import any other array library.

The defaults are grouped by topic, one module each (``_statistics``,
``_creation``, ``_shape``, ``_products``, ``_logic``); ``_base`` holds the
registry and the helpers they share. Importing this package registers them all.
"""

from __future__ import annotations

from . import _creation, _logic, _products, _shape, _statistics
from ._base import DEFAULTS, PRIMITIVES

__all__ = ["DEFAULTS", "PRIMITIVES"]

#: The modules whose import registers the defaults (kept referenced, so none is dropped).
MODULES = (_statistics, _creation, _shape, _products, _logic)
