"""The NumPy API as multimethods (NEP 31): ``import overridable.numpy as unp``.

Every public function of ``numpy`` declared in ``_declarations`` (generated
from NumPy's signatures by ``tools/gen_numpy_api.py``) is a multimethod of
the ``"numpy"`` domain with NumPy's own signature, dispatching on its array,
dtype and ``out=`` arguments. Importing this module installs the NumPy
backend as the global backend, so that code written against it runs on
NumPy until a ``set_backend`` block or a registered backend says otherwise.

Multimethods are built on first access (module ``__getattr__``), once, so
that importing this module stays cheap; ``dir()`` and ``__all__`` list them
all.

This module imports NumPy (for docstrings, constants and scalar types) and
must never import any other array library.

Examples
--------
>>> import overridable.numpy as unp
>>> unp.sum([1, 2])
np.int64(3)
>>> unp.concatenate(([1], unp.zeros(2, dtype=unp.int64)))
array([1, 0, 0])
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Any

import numpy as _np

from overridable import register_backend as register_backend
from overridable import set_backend as set_backend
from overridable import set_global_backend
from overridable import skip_backend as skip_backend
from overridable.backends.numpy import backend as numpy_backend
from overridable.backends.numpy import nep18_backend as nep18_backend

from . import _array_api, _submodule, _ufuncs
from ._array_api import __array_api_version__ as __array_api_version__
from ._declarations import FUNCTIONS, NEP18_EXTRA
from ._types import dtype as dtype
from ._types import ndarray as ndarray

DOMAIN = "numpy"
#: Subpackages imported on first access: ``unp.linalg``, ``unp.fft``, ``unp.random``.
SUBMODULES = _submodule.SUBMODULES

pi = _np.pi
e = _np.e
inf = _np.inf
nan = _np.nan
newaxis = _np.newaxis
euler_gamma = _np.euler_gamma

# NumPy's scalar types (float64, int32, bool, ...) are the dtype objects of the API.
# vars(), not getattr(): NumPy imports submodules such as numpy.testing lazily on access.
_scalar_types = {
    name: obj for name, obj in vars(_np).items()
    if not name.startswith("_") and isinstance(obj, type) and issubclass(obj, _np.generic)
}
globals().update(_scalar_types)

__all__ = sorted([
    "DOMAIN", "e", "euler_gamma", "inf", "nan", "nep18_backend", "newaxis", "numpy_backend",
    "pi", "register_backend", "set_backend", "set_global_backend", "skip_backend",
    *_scalar_types, *FUNCTIONS, *_array_api.NAMES, *SUBMODULES, *_ufuncs.NAMES, "dtype",
    "ndarray",
])

_build_lock = threading.Lock()


def _build(name: str) -> Callable[..., Any]:
    """Build the multimethod ``name`` from its declaration."""
    params, spec = FUNCTIONS[name]
    return _submodule.build(name, params, spec, nep18=name in NEP18_EXTRA)


def __getattr__(name: str) -> Any:
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    build = _build if name in FUNCTIONS else _array_api.build if name in _array_api.NAMES else None
    if build is None and name in _ufuncs.NAMES:
        build = _ufuncs.build
    if build is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    with _build_lock:
        function = globals().get(name)
        if function is None:
            function = globals()[name] = build(name)
    return function


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(FUNCTIONS) | set(_array_api.NAMES) | set(SUBMODULES)
                  | set(_ufuncs.NAMES))


def functions() -> dict[str, Callable[..., Any]]:
    """Every declared multimethod by name, building those not built yet.

    >>> import overridable.numpy as unp
    >>> unp.functions()["sum"] is unp.sum
    True
    """
    return {name: __getattr__(name) for name in FUNCTIONS}


set_global_backend(numpy_backend, default=True)
