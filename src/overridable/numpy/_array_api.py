"""The array API standard's names that NumPy's own namespace lacks, as multimethods.

``overridable.numpy`` is an array-API namespace (standard 2024.12): NumPy
2.x already spells most of the standard (``concat``, ``permute_dims``,
``unique_values``, ``astype``, ``isdtype``, ...), and those are declared with
the rest of NumPy's functions in ``_declarations``. This module adds what is
left: ``__array_api_version__``, the inspection namespace
``__array_namespace_info__()``, and ``finfo``/``iinfo`` as functions that
take a dtype or an array (NumPy's are classes, and ``numpy.iinfo`` refuses a
0-d array). Each is a multimethod of the ``"numpy"`` domain, so another
backend can serve it; the NumPy backend's implementations are here.

``overridable.numpy`` builds these on first access, like the declared
functions. This module imports NumPy and nothing else from outside the
package.

Examples
--------
>>> import overridable.numpy as unp
>>> unp.__array_api_version__
'2024.12'
>>> info = unp.finfo(unp.float32)
>>> info.bits, type(info.eps), info.dtype
(32, <class 'float'>, dtype('float32'))
>>> unp.iinfo(unp.asarray(1, dtype=unp.int8)).max
127
>>> unp.__array_namespace_info__().default_dtypes()["indexing"]
dtype('int64')
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import _submodule

__all__ = ["NAMES", "__array_api_version__", "build"]

__array_api_version__ = "2024.12"

DOMAIN = "numpy"



class finfo_object:
    """``numpy.finfo`` with the array API's types: ``eps``, ``max``, ``min``,
    ``smallest_normal`` (and NumPy's other float fields) are Python floats.

    Every other attribute of ``numpy.finfo`` is there too, unchanged.
    """

    __slots__ = ("_finfo", "bits", "dtype", "eps", "max", "min", "smallest_normal")

    _FLOATS = ("eps", "max", "min", "smallest_normal")

    def __init__(self, numpy_finfo: np.finfo[Any]) -> None:
        self._finfo = numpy_finfo
        self.bits: int = int(numpy_finfo.bits)
        self.dtype: np.dtype[Any] = numpy_finfo.dtype
        self.eps = float(numpy_finfo.eps)
        self.max = float(numpy_finfo.max)
        self.min = float(numpy_finfo.min)
        self.smallest_normal = float(numpy_finfo.smallest_normal)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._finfo, name)

    def __repr__(self) -> str:
        return repr(self._finfo)


def _dtype_of(value: Any) -> Any:
    # A dtype, a scalar type or a dtype name stays; an array (0-d included) gives its dtype.
    dtype = getattr(value, "dtype", None)
    return dtype if isinstance(dtype, np.dtype) and not isinstance(value, type) else value


def _finfo(type: Any, /) -> finfo_object:
    return finfo_object(np.finfo(_dtype_of(type)))


def _iinfo(type: Any, /) -> np.iinfo[Any]:
    return np.iinfo(_dtype_of(type))


def _namespace_info() -> Any:
    return np.__array_namespace_info__()


def _finfo_stub(type: Any, /) -> Any:
    """Machine limits of a floating-point dtype (or of an array's dtype), as the array API
    standard's ``finfo``: ``bits``, ``eps``, ``max``, ``min``, ``smallest_normal`` and
    ``dtype``.

    >>> import overridable.numpy as unp
    >>> unp.finfo(unp.float64).eps == 2.0 ** -52
    True
    """


def _iinfo_stub(type: Any, /) -> Any:
    """Machine limits of an integer dtype (or of an array's dtype), as the array API
    standard's ``iinfo``: ``bits``, ``max``, ``min`` and ``dtype``.

    >>> import overridable.numpy as unp
    >>> unp.iinfo(unp.uint8).max
    255
    """


def _namespace_info_stub() -> Any:
    """The array API's inspection namespace of the active backend: ``capabilities()``,
    ``default_device()``, ``default_dtypes()``, ``devices()`` and ``dtypes()``.

    >>> import overridable.numpy as unp
    >>> unp.__array_namespace_info__().devices()
    ['cpu']
    """


#: name -> (stub with the standard's signature and the docstring, dispatch spec,
#: the NumPy backend's implementation).
_TABLE: dict[str, tuple[Callable[..., Any], dict[str, str], Callable[..., Any]]] = {
    "finfo": (_finfo_stub, {"type": "dtype"}, _finfo),
    "iinfo": (_iinfo_stub, {"type": "dtype"}, _iinfo),
    "__array_namespace_info__": (_namespace_info_stub, {}, _namespace_info),
}

#: The names this module adds to ``overridable.numpy``.
NAMES: tuple[str, ...] = tuple(_TABLE)


def build(name: str) -> Callable[..., Any]:
    """Build the multimethod ``name``, the NumPy backends serving it with our implementation."""
    stub, spec, implementation = _TABLE[name]
    return _submodule.build(name, stub, spec, implementation=implementation)
