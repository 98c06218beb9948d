"""A deliberately minimal backend: a toy array type and only the core of the NumPy API.

``MinimalArray`` wraps a NumPy array and has the operators and basic
indexing every array library has; the ``minimal`` backend implements only
``overridable.numpy._defaults.PRIMITIVES`` (``asarray``, ``reshape``,
``sum``, ``concatenate``, ``where``, ...). Everything else it serves goes
through the defaults of ``overridable.numpy``, which is what it is for:
running it through the conformance harness tests every default.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> from overridable.conformance import MinimalArray, minimal
>>> x = MinimalArray([1.0, 2.0, 3.0])
>>> with ov.set_backend(minimal, only=True):
...     unp.mean(x)                       # a default: sum / count
MinimalArray(2.0)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

import overridable as ov

__all__ = ["MinimalArray", "minimal", "to_numpy"]


def _unwrap(value: Any) -> Any:
    if type(value) is MinimalArray:
        return value.data
    if type(value) in (list, tuple):
        return type(value)(_unwrap(v) for v in value)
    return value


def _wrap(value: Any) -> Any:
    if isinstance(value, (np.ndarray, np.generic)) and not isinstance(value, np.dtype):
        return MinimalArray(value)
    if type(value) in (list, tuple):
        return type(value)(_wrap(v) for v in value)
    return value


class MinimalArray:
    """A toy array: a NumPy array behind the operators and indexing of the array API.

    >>> MinimalArray([1, 2]) + 1
    MinimalArray([2, 3])
    """

    __slots__ = ("data",)
    __array_ufunc__ = None  # NumPy defers to our reflected operators

    def __init__(self, data: Any) -> None:
        self.data = np.asarray(data)

    def __repr__(self) -> str:
        return f"MinimalArray({self.data.tolist()!r})"

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return self.data if dtype is None else self.data.astype(dtype)

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data.dtype

    def __getitem__(self, key: Any) -> MinimalArray:
        return MinimalArray(self.data[_unwrap(key)])

    def __setitem__(self, key: Any, value: Any) -> None:
        self.data[_unwrap(key)] = _unwrap(value)

    def __len__(self) -> int:
        return len(self.data)

    def __bool__(self) -> bool:
        return bool(self.data)

    def __int__(self) -> int:
        return int(self.data)

    def __float__(self) -> float:
        return float(self.data)

    def __complex__(self) -> complex:
        return complex(self.data)

    def __index__(self) -> int:
        return operator.index(self.data)

    def __neg__(self) -> MinimalArray:
        return MinimalArray(-self.data)

    def __pos__(self) -> MinimalArray:
        return MinimalArray(+self.data)

    def __abs__(self) -> MinimalArray:
        return MinimalArray(abs(self.data))

    def __invert__(self) -> MinimalArray:
        return MinimalArray(~self.data)


def _binary(op: Callable[[Any, Any], Any]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    def forward(self: MinimalArray, other: Any) -> Any:
        if isinstance(other, (MinimalArray, int, float, complex, bool, np.generic)):
            return MinimalArray(op(self.data, _unwrap(other)))
        return NotImplemented

    def reflected(self: MinimalArray, other: Any) -> Any:
        if isinstance(other, (int, float, complex, bool, np.generic)):
            return MinimalArray(op(other, self.data))
        return NotImplemented

    return forward, reflected


for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor",
              "lshift", "rshift", "matmul"):
    _forward, _reflected = _binary(getattr(operator, _name + "_" if _name in ("and", "or")
                                           else _name))
    setattr(MinimalArray, f"__{_name}__", _forward)
    setattr(MinimalArray, f"__r{_name}__", _reflected)
for _name in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(MinimalArray, f"__{_name}__", _binary(getattr(operator, _name))[0])
MinimalArray.__hash__ = None  # type: ignore[assignment]


def _lift(function: Callable[..., Any]) -> Callable[..., Any]:
    """NumPy's ``function`` on unwrapped arguments, its arrays wrapped."""

    def lifted(*args: Any, **kwargs: Any) -> Any:
        out = kwargs.get("out")
        result = function(*_unwrap(args), **{k: _unwrap(v) for k, v in kwargs.items()})
        return out if out is not None and type(out) is MinimalArray else _wrap(result)

    lifted.__name__ = function.__name__
    return lifted


def _where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
    if x is None and y is None:
        return _wrap(np.where(_unwrap(condition)))
    return _wrap(np.where(_unwrap(condition), _unwrap(x), _unwrap(y)))


def _shape(a: Any) -> tuple[int, ...]:
    return np.shape(_unwrap(a))


def _convert(value: Any, dispatch_type: Any) -> Any:
    if dispatch_type == "dtype":
        return value
    return MinimalArray(np.asarray(value))


def to_numpy(value: Any) -> Any:
    """A result of the minimal backend as NumPy values (tuples and lists item by item).

    >>> to_numpy((MinimalArray([1]), 2))
    (array([1]), 2)
    """
    if type(value) is MinimalArray:
        return value.data
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return type(value)(to_numpy(v) for v in value)
    return value


def _build() -> ov.Backend:
    import overridable.numpy as unp
    from overridable.numpy._defaults import PRIMITIVES

    special: dict[str, Callable[..., Any]] = {"where": _where, "shape": _shape}
    return ov.Backend(
        "numpy", name="minimal", types=[MinimalArray], absorbs=[np.dtype], convert=_convert,
        implementations={getattr(unp, name): special.get(name) or _lift(getattr(np, name))
                         for name in PRIMITIVES})


minimal = _build()
