"""Defaults of logic, comparison and searching, and NumPy's state (``errstate``)."""

from __future__ import annotations

from typing import Any

import numpy as _np

from ._base import DEFAULTS, _default, _inexact, _is, _ndim, _NoValue, _out, _shape, _unp
from ._shape import broadcast_shapes, ravel, stack
from ._statistics import all_

# -- logic and comparison --------------------------------------------------------------


@_default()
def isclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08, equal_nan: Any = False) -> Any:
    unp = _unp()
    x, y = unp.asarray(a), unp.asarray(b)
    if not _inexact(y):
        y = unp.astype(y, _np.float64)
    finite_y = (y == y) & (abs(y) != _np.inf)
    result = ((abs(x - y) <= atol + rtol * abs(y)) & finite_y) | (x == y)
    if equal_nan:
        result = result | ((x != x) & (y != y))
    return result[()]


@_default()
def allclose(a: Any, b: Any, rtol: Any = 1e-05, atol: Any = 1e-08,
             equal_nan: Any = False) -> bool:
    return bool(all_(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan)))


@_default()
def array_equal(a1: Any, a2: Any, equal_nan: Any = False) -> bool:
    unp = _unp()
    a1, a2 = unp.asarray(a1), unp.asarray(a2)
    if _shape(a1) != _shape(a2):
        return False
    same = a1 == a2
    if equal_nan:
        same = same | ((a1 != a1) & (a2 != a2))
    return bool(all_(same))


@_default()
def array_equiv(a1: Any, a2: Any) -> bool:
    unp = _unp()
    a1, a2 = unp.asarray(a1), unp.asarray(a2)
    try:
        broadcast_shapes(_shape(a1), _shape(a2))
    except ValueError:
        return False
    return bool(all_(a1 == a2))


@_default()
def isreal(x: Any) -> Any:
    return _unp().imag(x) == 0


@_default()
def iscomplex(x: Any) -> Any:
    return _unp().imag(x) != 0


@_default()
def isrealobj(x: Any) -> bool:
    return not iscomplexobj(x)


@_default()
def iscomplexobj(x: Any) -> bool:
    return _is(_unp().asarray(x), "complex floating")


def _real_only(x: Any) -> Any:
    x = _unp().asarray(x)
    if _is(x, "complex floating"):
        raise TypeError("This operation is not supported for complex values because it would "
                        "be ambiguous.")
    return x


@_default()
def isposinf(x: Any, out: Any = None) -> Any:
    return _out(_real_only(x) == _np.inf, out)


@_default()
def isneginf(x: Any, out: Any = None) -> Any:
    return _out(_real_only(x) == -_np.inf, out)


@_default()
def fix(x: Any, out: Any = None) -> Any:
    unp = _unp()
    x = unp.asarray(x)
    if not _inexact(x):
        return _out(unp.asarray(x, copy=True), out)
    return _out(unp.where(x < 0, -((-x) // 1), x // 1), out)


# -- searching -------------------------------------------------------------------------


@_default()
def flatnonzero(a: Any) -> Any:
    return _unp().nonzero(ravel(a))[0]


@_default()
def argwhere(a: Any) -> Any:
    unp = _unp()
    a = unp.asarray(a)
    if _ndim(a) == 0:
        return argwhere(unp.reshape(a, (1,)))[:, :0]
    return stack(unp.nonzero(a), axis=1)


# -- NumPy's state ----------------------------------------------------------------------

# NumPy's floating-point error state and print options (``STATE`` in
# tools/gen_numpy_api.py): the state is NumPy's, so NumPy's own functions are every
# backend's default. Under another backend they still set NumPy's state (which governs
# NumPy's computations, defaults run on NumPy arrays included); a backend without such
# state ignores it, and one that has it implements these names.
for _name in ("geterr", "seterr", "geterrcall", "seterrcall", "get_printoptions",
              "set_printoptions", "printoptions"):
    DEFAULTS[_name] = getattr(_np, _name)


@_default()
def errstate(*, call: Any = _NoValue, all: Any = None, divide: Any = None, over: Any = None,
             under: Any = None, invalid: Any = None) -> Any:
    # NumPy's marker for an unset call= is private: pass call= only when given.
    given = {} if call is _NoValue else {"call": call}
    return _np.errstate(**given, all=all, divide=divide, over=over, under=under,
                        invalid=invalid)
