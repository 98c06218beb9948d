"""NumPy's semantics, written once, as plain functions over an array namespace ``xp``.

Every library backend answers as NumPy would. Where NumPy's rule is more than a
renamed parameter (a reduction's ``where=`` and ``initial=``, the dtype of
``sqrt`` on integers, ``clip``'s two spellings of its bounds, integer
``round`` and ``reciprocal``, ``eig``'s real answer, the dtype functions, the
``unique_*`` named tuples, ``take``'s index modes, ``order="F"`` reshapes, a histogram's
range) it is written here, once, over ``xp``: any
namespace with the array API's functions (``array_api_compat.torch``,
``dask.array``, ``jax.numpy``, ``sparse``, ``array_api_strict``). A library
module calls these with its namespace and keeps only what its library does
differently (torch's missing uint16/32/64 kernels, Dask's laziness).

This is the pattern of array-api-compat's ``common/_aliases.py``: the rule is
a function of ``xp``, the library binds it.

This module imports NumPy; it must never import an array library.

Examples
--------
>>> import numpy as np
>>> a = np.array([[1, 5], [7, 2]])
>>> reduce(np, a, np.max, axis=1, initial=3, where=np.array([True, False]),
...        combine=np.maximum, name="maximum")
array([3, 7])
>>> clip_bounds(np._NoValue, 2, 0, np._NoValue)
(0, 2)
"""

from __future__ import annotations

from ._arrays import *  # noqa: F403
from ._arrays import __all__ as _arrays
from ._elementwise import *  # noqa: F403
from ._elementwise import __all__ as _elementwise
from ._linalg import *  # noqa: F403
from ._linalg import __all__ as _linalg
from ._reductions import *  # noqa: F403
from ._reductions import __all__ as _reductions
from ._results import *  # noqa: F403
from ._results import __all__ as _results
from ._tables import *  # noqa: F403
from ._tables import __all__ as _tables

__all__ = [*_reductions, *_linalg, *_elementwise, *_arrays, *_tables, *_results]
