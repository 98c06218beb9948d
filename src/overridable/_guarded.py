"""Guarded implementations: a backend's common call straight to its library's function.

A backend's adapter for NumPy's ``sqrt`` on torch must look at its argument before it
calls ``torch.sqrt`` (an integer tensor takes NumPy's ``float64`` loop, ``out=`` and
``where=`` need handling), and that look costs more than the dispatch itself: a Python
function called, its ``**kwargs`` collected, ``type(x)`` and ``x.dtype`` read from Python.
:func:`guarded` moves the look of the common call into the engine: ``fast`` (the library's
function) is called directly when the call is ``arity`` arrays of exactly ``owner``'s type
by position, no keyword, all of one dtype in ``dtypes``; or, with ``scalar``, one such
array and a Python ``int`` or ``float``; every other call goes to ``slow`` (the adapter),
unchanged. On the compiled path the check is C (``_native.Guarded``); on the pure-Python
path :func:`guarded` returns ``slow`` itself, so ``slow`` must give what ``fast`` gives
wherever the guard passes (it does when its own first lines are the same check, as the
torch backend's ufunc adapters are). :func:`reference` is the rule in Python, which the
compiled object is tested against.

Under ``torch.compile`` and for introspection (``inspect.signature``, ``explain``) a
guarded implementation is its adapter (``__wrapped__``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from ._state import native

__all__ = ["adapter_of", "guarded", "reference"]


def _checked(slow: Callable[..., Any], fast: Callable[..., Any], owner: type, arity: int,
             dtypes: Collection[Any] | None, scalar: Callable[..., Any] | None,
             scalar_dtypes: Collection[Any] | None, lead_dtypes: Collection[Any] | None,
             sequence: bool, shape: bool, axis: bool,
             max_ndim: int | None) -> tuple[Any, Any, Any]:
    """The arguments of :func:`guarded`, checked as the compiled object checks them."""
    if not (callable(slow) and callable(fast) and (scalar is None or callable(scalar))):
        raise TypeError("guarded: slow, fast and scalar must be callable")
    if not isinstance(owner, type):
        raise TypeError(f"guarded: owner must be a type, not {type(owner).__name__}")
    if arity not in (1, 2, 3):
        raise ValueError(f"guarded: arity must be 1, 2 or 3, not {arity!r}")
    if (scalar is None) != (scalar_dtypes is None) or (scalar is not None and arity != 2):
        raise TypeError("guarded: scalar (arity 2 only) comes with its scalar_dtypes")
    if lead_dtypes is not None and (arity < 2 or scalar is not None):
        raise TypeError("guarded: lead_dtypes (arity 2 or 3, no scalar) goes alone")
    if type(axis) is not bool or ((sequence or shape or axis)
                                  and (arity != 1 or scalar is not None
                                       or (shape and (sequence or axis)))):
        raise TypeError("guarded: sequence, shape and axis (a bool) take arity 1 and no "
                        "scalar; shape goes without sequence and axis")
    if max_ndim is not None and (type(max_ndim) is not int or max_ndim < 0):
        raise ValueError(f"guarded: max_ndim must be an int >= 0 or None, not {max_ndim!r}")
    return tuple(None if d is None else frozenset(d)  # type: ignore[return-value]
                 for d in (dtypes, scalar_dtypes, lead_dtypes))


def reference(slow: Callable[..., Any], fast: Callable[..., Any], *, owner: type,
              arity: int, dtypes: Collection[Any] | None = None,
              scalar: Callable[..., Any] | None = None,
              scalar_dtypes: Collection[Any] | None = None,
              lead_dtypes: Collection[Any] | None = None, sequence: bool = False,
              shape: bool = False, axis: bool = False,
              max_ndim: int | None = None) -> Callable[..., Any]:
    """The guard of :func:`guarded` in Python: the rule the compiled object follows.

    >>> import numpy as np
    >>> sqrt = reference(lambda x, **kw: "slow", lambda x: "fast", owner=np.ndarray,
    ...                  arity=1, dtypes=[np.dtype(np.float64)])
    >>> sqrt(np.ones(2)), sqrt(np.ones(2, int)), sqrt(np.ones(2), where=True)
    ('fast', 'slow', 'slow')
    """
    kinds, scalar_kinds, lead_kinds = _checked(slow, fast, owner, arity, dtypes, scalar,
                                               scalar_dtypes, lead_dtypes, sequence, shape,
                                               axis, max_ndim)
    lead = lead_kinds is not None

    def arrays_pass(arrays: Sequence[Any], kinds: Any, lead: bool) -> bool:
        if max_ndim is not None and any(
                not isinstance(n := a.ndim, int) or not 0 <= n <= max_ndim for a in arrays):
            return False
        if lead and not any(arrays[0].dtype is k for k in lead_kinds):
            return False
        if kinds is None and len(arrays) == lead + 1:  # one array, any dtype: nothing read
            return True
        first = arrays[lead].dtype
        return all(a.dtype is first for a in arrays[lead + 1:]) and (
            kinds is None or any(first is k for k in kinds))

    def route(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Callable[..., Any] | None:
        if axis:  # one more positional int, or axis= alone, an int
            if kwargs:
                if len(args) != arity or list(kwargs) != ["axis"] \
                        or type(kwargs["axis"]) is not int:
                    return None
            elif len(args) != arity and (len(args) != arity + 1 or type(args[-1]) is not int):
                return None
        elif shape:  # one more positional tuple of ints
            if kwargs or len(args) != 2 or type(args[1]) is not tuple \
                    or any(type(n) is not int for n in args[1]):
                return None
        elif kwargs or len(args) != arity:
            return None
        arrays: Sequence[Any] = args[:arity]
        if sequence:
            if type(args[0]) not in (tuple, list):
                return None
            arrays = tuple(args[0])
        if arrays and all(type(a) is owner for a in arrays):
            return fast if arrays_pass(arrays, kinds, lead) else None
        if scalar is not None and len(args) == 2 and type(args[0]) is owner \
                and type(args[1]) in (int, float):
            return scalar if arrays_pass(args[:1], scalar_kinds, False) else None
        return None

    def call(*args: Any, **kwargs: Any) -> Any:
        chosen = route(args, kwargs)
        if chosen is not None:
            try:
                if kwargs:  # axis=, passed by position
                    return chosen(*args, kwargs["axis"])
                return chosen(*args)
            except Exception:  # the library's error is not NumPy's: the adapter's is
                pass
        return slow(*args, **kwargs)

    call.__wrapped__ = slow  # type: ignore[attr-defined]
    return call


def guarded(slow: Callable[..., Any], fast: Callable[..., Any], *, owner: type, arity: int,
            dtypes: Collection[Any] | None = None, scalar: Callable[..., Any] | None = None,
            scalar_dtypes: Collection[Any] | None = None,
            lead_dtypes: Collection[Any] | None = None, sequence: bool = False,
            shape: bool = False, axis: bool = False,
            max_ndim: int | None = None) -> Callable[..., Any]:
    """An implementation that calls ``fast`` for the common call and ``slow`` for the rest.

    ``fast(*arrays)`` when the call is ``arity`` arrays of exactly type ``owner``, by
    position, with no keyword, all of one dtype that is one of ``dtypes`` (any dtype
    when ``None``; dtypes are compared by identity, which NumPy's and the libraries'
    canonical dtype objects allow, so that no dtype is hashed) and, with ``max_ndim``, of
    at most that many dimensions; ``scalar(array, value)`` when, with ``arity=2``, the
    call is one such array whose dtype is in ``scalar_dtypes`` and a Python ``int`` or
    ``float``;
    ``slow(*args, **kwargs)`` otherwise. With ``lead_dtypes`` (``arity`` 2 or 3), the
    first array's dtype must be in it and the one-dtype rule holds for the others
    (``where(condition, x, y)``: a boolean condition, ``x`` and ``y`` of one dtype).

    With ``arity=1``, three shapes of call more: ``sequence`` (the one argument is a
    non-empty tuple or list of such arrays: ``stack(arrays)``); ``shape`` (one more
    positional argument, a tuple of Python ints, passed on: ``reshape(a, shape)``); and
    ``axis`` (one more argument, NumPy's ``axis``, a Python int, given by position or as
    ``axis=`` alone, and passed to ``fast`` by position, where the library's functions
    parse it fastest: ``concatenate(arrays, axis=0)`` to ``torch.cat(arrays, 0)``).

    When ``fast`` (or ``scalar``) raises an ``Exception``, ``slow`` is called with the
    same arguments: the library's errors are not NumPy's, the adapter's are. ``slow`` must
    give what ``fast`` gives wherever the guard passes and ``fast`` returns: on the
    pure-Python path this returns ``slow`` itself. Introspection sees ``slow``
    (``__wrapped__``, ``__name__``, ``__doc__``, ``inspect.signature``).

    >>> import numpy as np
    >>> import overridable as ov
    >>> def sqrt(x, /, out=None, **kwargs):  # NumPy's keywords: the adapter's job
    ...     return np.sqrt(x, out=out, **kwargs)
    >>> fast_sqrt = ov.guarded(sqrt, np.sqrt, owner=np.ndarray, arity=1,
    ...                        dtypes=[np.dtype(np.float64)])
    >>> fast_sqrt(np.array([4.0, 9.0])).tolist(), fast_sqrt.__name__
    ([2.0, 3.0], 'sqrt')
    """
    kinds, scalar_kinds, lead_kinds = _checked(slow, fast, owner, arity, dtypes, scalar,
                                               scalar_dtypes, lead_dtypes, sequence, shape,
                                               axis, max_ndim)
    if native is None:
        return slow
    return native.Guarded(slow, fast, owner, arity, dtypes=kinds, scalar=scalar,  # type: ignore[no-any-return]
                          scalar_dtypes=scalar_kinds, lead_dtypes=lead_kinds,
                          sequence=sequence, shape=shape, axis=axis, max_ndim=max_ndim)


def adapter_of(implementation: Callable[..., Any]) -> Callable[..., Any]:
    """The Python function a guarded implementation stands for; others unchanged.

    >>> adapter_of(len) is len
    True
    """
    if native is not None and type(implementation) is native.Guarded:
        return implementation.__wrapped__  # type: ignore[attr-defined,no-any-return]
    return implementation
