"""NumPy's other spellings of a call, rewritten once, before dispatch, into the declared one.

A few NumPy functions take calls that their signature cannot show: ``arange``'s
``start=``, ``stop=``, ``step=`` and ``dtype=`` are positional or by name
(``arange(stop=3)``, ``arange(1, 5, 1, "f8")``), ``fromstring``'s ``sep`` goes by
position too and left out means the removed binary mode, and a ufunc takes its
outputs by position (``frexp(x, m, e)``) and ``sig=`` for ``signature=``. The
multimethods keep NumPy's declared signatures (``_declarations.py``); each call that
does not bind to one goes through its ``normalize`` here (see ``ov.multimethod``),
which returns the declared spelling of the same call or raises NumPy's error, so
that every backend sees one spelling and needs no change. Calls that bind pay
nothing.

This module imports nothing from outside the package.

Examples
--------
>>> import overridable.numpy as unp
>>> unp.arange(stop=3), unp.arange(start=1, stop=5, step=2)
(array([0, 1, 2]), array([1, 3]))
>>> arange((), {"start": 1, "stop": 5})
((1, 5), {})
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["NORMALIZERS", "arange", "fromstring", "ufunc_call", "ufunc_outer"]

_MISSING: Any = object()

Call = tuple[tuple[Any, ...], dict[str, Any]]


def _parse(name: str, args: tuple[Any, ...], kwargs: dict[str, Any],
           positional: tuple[str, ...], keyword_only: tuple[str, ...],
           place: Callable[[int], str]) -> dict[str, Any]:
    """The arguments by name, as NumPy's C argument parser binds them (its errors).

    ``place(i)`` is how the parser names position ``i`` in its "given by name and
    position" error.

    >>> _parse("f", (1,), {"b": 2}, ("a", "b"), (), str)
    {'a': 1, 'b': 2}
    """
    if len(args) > len(positional):
        raise TypeError(f"{name}() takes from 0 to {len(positional)} positional arguments "
                        f"but {len(args)} were given")
    bound = dict(zip(positional, args, strict=False))
    for key, value in kwargs.items():
        if key in bound:
            raise TypeError(f"argument for {name}() given by name ({key!r}) and position "
                            f"({place(positional.index(key))})")
        if key not in positional and key not in keyword_only:
            raise TypeError(f"{name}() got an unexpected keyword argument {key!r}")
        bound[key] = value
    return bound


def arange(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
    """NumPy's ``arange([start,] stop[, step,][, dtype], *, device, like)`` as the declared
    ``arange(start_or_stop, /, stop, step, *, dtype, device, like)``.

    As NumPy: a ``start`` alone is the stop, a ``stop`` without ``start`` counts from 0,
    and a call with neither a positional argument nor ``stop`` raises.

    >>> arange((), {"stop": 3, "dtype": "f4"})
    ((3,), {'dtype': 'f4'})
    >>> arange((1, 5, 2, "f8"), {})
    ((1, 5), {'step': 2, 'dtype': 'f8'})
    >>> arange((), {"start": 3})
    Traceback (most recent call last):
    TypeError: arange() requires stop to be specified.
    """
    bound = _parse("arange", args, kwargs, ("start", "stop", "step", "dtype"),
                   ("device", "like"), lambda i: f"position {i}")
    start, stop = bound.pop("start", _MISSING), bound.pop("stop", _MISSING)
    if stop is _MISSING:
        if not args:
            raise TypeError("arange() requires stop to be specified.")
        return (start,), bound
    return ((stop,) if start is _MISSING else (start, stop)), bound


def fromstring(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
    """NumPy's ``fromstring(string, dtype, count, sep, *, like)`` as the declared one, whose
    ``sep`` is a keyword; without ``sep`` (NumPy's removed binary mode) NumPy's error.

    >>> fromstring(("1 2", int, -1, " "), {})
    (('1 2',), {'dtype': <class 'int'>, 'count': -1, 'sep': ' '})
    >>> fromstring((b"ab",), {})
    Traceback (most recent call last):
    ValueError: The binary mode of fromstring is removed, use frombuffer instead
    """
    names = ("string", "dtype", "count", "sep")
    if len(args) > len(names):
        raise TypeError(f"fromstring() takes at most 4 positional arguments "
                        f"({len(args)} given)")
    for key in kwargs:
        if key not in names and key != "like":
            raise TypeError(f"{key!r} is an invalid keyword argument for fromstring()")
    bound = _parse("fromstring", args, kwargs, names, ("like",), lambda i: str(i + 1))
    if "string" not in bound:
        raise TypeError("fromstring() missing required argument 'string' (pos 1)")
    if bound.get("sep", "") == "":
        raise ValueError("The binary mode of fromstring is removed, use frombuffer instead")
    return (bound.pop("string"),), bound


def _signature(kwargs: dict[str, Any]) -> dict[str, Any]:
    """A ufunc call's keywords with ``sig=`` as ``signature=``, or NumPy's error.

    >>> _signature({"sig": "dd->d", "casting": "unsafe"})
    {'casting': 'unsafe', 'signature': 'dd->d'}
    >>> _signature({"sig": "dd->d", "dtype": None})
    Traceback (most recent call last):
    TypeError: cannot specify both 'signature' and 'dtype'
    """
    kwargs = dict(kwargs)
    if "sig" in kwargs:
        if "signature" in kwargs:
            raise TypeError("cannot specify both 'sig' and 'signature'")
        signature = kwargs.pop("sig")
        if "dtype" in kwargs:  # NumPy's first check, whatever the values
            raise TypeError("cannot specify both 'signature' and 'dtype'")
        if signature is None:  # NumPy takes an explicit None as a bad signature
            raise TypeError("the signature object to ufunc must be a string or a tuple.")
        kwargs["signature"] = signature
    return kwargs


def ufunc_outer(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
    """The ``normalize`` of a ufunc's ``outer``, which takes a ufunc call's keywords:
    ``sig=`` becomes ``signature=``; NumPy's error for other than two arrays.

    >>> ufunc_outer(("a", "b"), {"sig": "dd->d"})
    (('a', 'b'), {'signature': 'dd->d'})
    """
    if len(args) != 2:
        raise TypeError("exactly two arguments expected")
    return args, _signature(kwargs)


def ufunc_call(name: str, nin: int, nout: int) -> Callable[..., Call]:
    """The ``normalize`` of ufunc ``name``: outputs by position become ``out=`` (a tuple
    of ``nout``, padded with ``None``, when there are several), ``sig=`` becomes
    ``signature=``; NumPy's errors for the rest.

    >>> frexp = ufunc_call("frexp", 1, 2)
    >>> frexp(("x", "m"), {"sig": "d->dl"})
    (('x',), {'signature': 'd->dl', 'out': ('m', None)})
    >>> frexp(("x", "m"), {"out": ("m", None)})
    Traceback (most recent call last):
    TypeError: cannot specify 'out' as both a positional and keyword argument
    """
    most = nin + nout

    def normalize(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        if not nin <= len(args) <= most:
            were = "was" if len(args) == 1 else "were"
            raise TypeError(f"{name}() takes from {nin} to {most} positional arguments but "
                            f"{len(args)} {were} given")
        kwargs = _signature(kwargs)
        outputs = args[nin:]
        if outputs:
            if "out" in kwargs:
                raise TypeError("cannot specify 'out' as both a positional and keyword "
                                "argument")
            if any(o is Ellipsis for o in outputs):
                raise TypeError("out=... is only allowed as a keyword argument.")
            if any(isinstance(o, (tuple, list)) for o in outputs):
                raise TypeError("return arrays must be of ArrayType")
            kwargs["out"] = outputs[0] if nout == 1 else (
                *outputs, *(None,) * (nout - len(outputs)))
        return args[:nin], kwargs

    return normalize


#: The ``normalize`` of each function that takes calls its signature does not show,
#: by path below ``numpy`` (the ufuncs' come from ``ufunc_call``).
NORMALIZERS: dict[str, Callable[..., Call]] = {"arange": arange, "fromstring": fromstring}
