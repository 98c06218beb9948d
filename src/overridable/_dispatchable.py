"""uarray's helpers for argument extraction and conversion: ``Dispatchable``, ``mark_as``,
``all_of_type``, ``wrap_single_convertor(_instance)``, and ``many`` (a sequence parameter
of a declarative multimethod).

This module must never import an array library, nor the rest of the engine.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

_T = TypeVar("_T")


class Dispatchable(Generic[_T]):
    """An argument marked for dispatch: its value, its dispatch type (mark), and coercibility.

    Examples
    --------
    >>> import overridable as ov
    >>> d = ov.Dispatchable(1, "array")
    >>> d
    <Dispatchable: type='array', value=1>
    >>> d.value, d.type, d.coercible, d[0], d[1]
    (1, 'array', True, 'array', 1)
    """

    __slots__ = ("coercible", "type", "value")

    def __init__(self, value: _T, dispatch_type: Any, coercible: bool = True) -> None:
        self.value = value
        self.type = dispatch_type
        self.coercible = coercible

    def __getitem__(self, index: int) -> Any:
        return (self.type, self.value)[index]

    def __str__(self) -> str:
        return f"<{type(self).__name__}: type={self.type!r}, value={self.value!r}>"

    __repr__ = __str__


def mark_as(dispatch_type: Any) -> Callable[..., Dispatchable[Any]]:
    """A function that marks values with ``dispatch_type``.

    >>> import overridable as ov
    >>> ov.mark_as(int)(1)
    <Dispatchable: type=<class 'int'>, value=1>
    """
    return functools.partial(Dispatchable, dispatch_type=dispatch_type)


def all_of_type(arg_type: Any) -> Callable[[Callable[..., Iterable[Any]]], Callable[..., Any]]:
    """Decorate an argument extractor so that every unmarked value is marked ``arg_type``.

    >>> import overridable as ov
    >>> @ov.all_of_type(str)
    ... def f(a, b):
    ...     return a, ov.Dispatchable(b, int)
    >>> f("a", 1)
    (<Dispatchable: type=<class 'str'>, value='a'>, <Dispatchable: type=<class 'int'>, value=1>)
    """

    def outer(func: Callable[..., Iterable[Any]]) -> Callable[..., Any]:
        @functools.wraps(func)
        def inner(*args: Any, **kwargs: Any) -> tuple[Dispatchable[Any], ...]:
            return tuple(
                a if isinstance(a, Dispatchable) else Dispatchable(a, arg_type)
                for a in func(*args, **kwargs)
            )

        return inner

    return outer


def wrap_single_convertor(
    convert_single: Callable[[Any, Any, bool], Any],
) -> Callable[[Iterable[Dispatchable[Any]], bool], Any]:
    """Build ``__ua_convert__`` from a function converting one value ``(value, type, coerce)``.

    >>> import overridable as ov
    >>> conv = ov.wrap_single_convertor(
    ...     lambda v, t, c: v if isinstance(v, int) else NotImplemented)
    >>> conv([ov.Dispatchable(1, int)], False), conv([ov.Dispatchable("x", int)], False)
    ([1], NotImplemented)
    """

    @functools.wraps(convert_single)
    def __ua_convert__(dispatchables: Iterable[Dispatchable[Any]], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            c = convert_single(d.value, d.type, coerce and d.coercible)
            if c is NotImplemented:
                return NotImplemented
            converted.append(c)
        return converted

    return __ua_convert__


def wrap_single_convertor_instance(
    convert_single: Callable[[Any, Any, Any, bool], Any],
) -> Callable[[Any, Iterable[Dispatchable[Any]], bool], Any]:
    """As :func:`wrap_single_convertor`, for a method ``(self, value, type, coerce)``.

    >>> import overridable as ov
    >>> class B:
    ...     @ov.wrap_single_convertor_instance
    ...     def __ua_convert__(self, v, t, coerce):
    ...         return v * 2
    >>> B().__ua_convert__([ov.Dispatchable(2, int)], False)
    [4]
    """

    @functools.wraps(convert_single)
    def __ua_convert__(self: Any, dispatchables: Iterable[Dispatchable[Any]], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            c = convert_single(self, d.value, d.type, coerce and d.coercible)
            if c is NotImplemented:
                return NotImplemented
            converted.append(c)
        return converted

    return __ua_convert__


class many:
    """Declares a parameter that holds a sequence of dispatchables, e.g. ``concatenate(arrays)``.

    >>> import overridable as ov
    >>> ov.many("array")
    many('array')
    """

    __slots__ = ("mark",)

    def __init__(self, mark: Any) -> None:
        self.mark = mark

    def __repr__(self) -> str:
        return f"many({self.mark!r})"

