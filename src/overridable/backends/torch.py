"""The PyTorch backend: ``overridable.numpy`` served by ``torch``; tensors stay tensors.

It owns ``torch.Tensor`` and ``torch.dtype`` (so ``unp.ones((5, 5),
dtype=torch.float32)`` reaches it) and absorbs NumPy arrays, scalars and
dtypes, which become tensors (``torch.as_tensor``, sharing memory where it
can). Dtypes are translated both ways: ``unp.float32``, ``"float32"``,
``numpy.dtype("float32")`` and ``torch.float32`` mean the same thing here.
``device=`` is honoured by the creation functions. NumPy's semantics win
where the two libraries differ: creation without a dtype gives NumPy's
default (``float64``), integer inputs to ``sqrt``, ``mean`` or ``divide``
give ``float64`` (torch's default would be ``float32``), ``std``/``var`` use
``ddof=0``, ``meshgrid`` indexes ``"xy"``, ``median`` averages the two middle
values, ``linalg.eig`` answers real when every eigenvalue is, integer inputs to
``linalg`` compute in float64, mixed dtypes and Python scalars promote as NumPy's (weak
scalars: ``float32`` and ``0.5`` give ``float32``, ``int64`` and ``0.5`` ``float64``), an
integer division by zero gives 0 with NumPy's warning, an axis out of range raises
NumPy's ``AxisError``, and torch's linear-algebra errors (a singular matrix, one not
positive definite, one not square) are NumPy's ``LinAlgError`` with NumPy's message.
Names and parameters that differ are mapped in the table (``arccos`` -> ``torch.acos``,
``concatenate`` -> ``torch.cat``, ``axis`` -> ``dim``, ``keepdims`` -> ``keepdim``);
nothing is looked up by name.

The hot paths are thin: a ufunc called on tensors of one dtype with no keyword is a type
check per argument (and a dtype check where NumPy's loop takes another dtype or none,
``sqrt`` of integers, ``sign`` of booleans) and the torch call; other operands and
keywords (``out=``, ``dtype=``, ``where=``) take a slower path that promotes as NumPy does
and honours the keywords or declines.

NumPy's legacy random functions (``unp.random.normal``, ``seed``, ``shuffle``, ...)
draw from NumPy's global stream and return tensors: ``unp.random.seed(s)`` gives NumPy's
values, bit for bit (torch's generators draw other streams); the draws are made on the
host, then moved as any NumPy array is. ``unp.random.default_rng`` hands out NumPy's
``Generator``, whose methods (``unp.random.Generator.normal(rng, ...)``) draw NumPy's values
as tensors too (``shuffle`` and ``permuted(out=)`` write into the tensor).

Use it as ``ov.set_backend("torch")``, ``ov.set_backend(torch)`` or
``ov.register_backend("torch")``. torch is imported on first use of the
backend, not when this module is imported.

Documented exclusion: torch's float32 ``log`` and ``log10`` differ from
NumPy's by an ulp (the harness compares at ``rtol=1e-7``, below float32's
precision); float64 results match.

This module imports NumPy and, lazily, ``torch``; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> with ov.set_backend("torch"):
...     x = unp.ones((2, 2), dtype="float32")
>>> type(x).__name__, x.dtype
('Tensor', torch.float32)
"""

from __future__ import annotations

import functools
import operator
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.exceptions import AxisError
from numpy.lib.array_utils import normalize_axis_tuple

from . import _semantics as sem
from ._common import (
    PYTHON_SCALARS,
    Adapter,
    Library,
    Native,
    array_api_info,
    build,
    converter,
    decline,
    guarded,
    lazy_backend,
    numpy_dtype,
    promote,
    takes_no,
)

__all__ = ["LIBRARY", "backend", "to_numpy_dtype"]

_NoValue: Any = np._NoValue

#: NumPy dtype name -> torch dtype attribute (bool is NumPy's "bool").
_DTYPES = ("bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
           "float16", "float32", "float64", "complex64", "complex128")

# Bound when the backend is built (``_bind``): the hot paths read module globals, not
# ``import torch`` on every call.
torch: Any = None
#: array-api-compat's torch namespace: the standard's functions (astype, where) on tensors.
xp: Any = None
_Tensor: Any = None
_F64: Any = None
_BOOL: Any = None
_INEXACT: frozenset[Any] = frozenset()
_FLOATS: frozenset[Any] = frozenset()
_COMPLEX: frozenset[Any] = frozenset()
#: Every dtype NumPy and torch share.
_ALL: frozenset[Any] = frozenset()
_DTYPE_CACHE: dict[Any, Any] = {}
#: NumPy's dtypes of Python's scalars.
_PYTHON_DTYPES: dict[type, Any] = {}
_UNSIGNED: set[Any] = set()
#: The unsigned dtypes many torch CPU kernels lack (arange, eye, tril, amax, sign).
_WIDE_UNSIGNED: set[Any] = set()


def _bind() -> Any:
    global torch, xp, _Tensor, _F64, _BOOL, _INEXACT, _FLOATS, _COMPLEX, _ALL, _loop_plan
    if torch is None:
        import array_api_compat.torch as namespace
        import torch as module

        xp = namespace
        _Tensor, _F64, _BOOL = module.Tensor, module.float64, module.bool
        _FLOATS = frozenset({module.float16, module.bfloat16, module.float32, module.float64})
        _COMPLEX = frozenset({module.complex64, module.complex128})
        _INEXACT = _FLOATS | _COMPLEX
        _ALL = frozenset(getattr(module, name) for name in _DTYPES) | _FLOATS
        _UNSIGNED.update({module.uint8, module.uint16, module.uint32})
        _WIDE_UNSIGNED.update({module.uint16, module.uint32, module.uint64})
        _PYTHON_DTYPES.update({bool: module.bool, int: module.int64, float: module.float64,
                               complex: module.complex128})
        # a constant to torch.compile, which cannot trace the ufunc's resolve_dtypes
        _loop_plan = module.compiler.assume_constant_result(_loop_plan)  # type: ignore[no-untyped-call]
        torch = module
    return torch


def _types() -> tuple[type, ...]:
    t = _bind()
    return (t.Tensor, t.dtype)


def _dtype(value: Any) -> Any:
    """Any dtype spelling -> a ``torch.dtype`` (cached per spelling)."""
    try:
        return _DTYPE_CACHE[value]
    except (KeyError, TypeError):
        pass
    if isinstance(value, torch.dtype):
        return value
    name = np.dtype(value).name
    if name not in _DTYPES:
        raise decline(f"torch has no dtype for NumPy's {name}")
    result = getattr(torch, name)
    try:
        _DTYPE_CACHE[value] = result
    except TypeError:
        pass
    return result


def to_numpy_dtype(dtype: Any) -> np.dtype[Any]:
    """A ``torch.dtype`` -> the NumPy dtype of the same name.

    >>> import torch
    >>> to_numpy_dtype(torch.float32)
    dtype('float32')
    """
    return numpy_dtype(dtype)


def _prepare(value: Any) -> Any:
    if isinstance(value, _Tensor):
        return value
    dtype = _PYTHON_DTYPES.get(type(value))
    if dtype is not None:
        return torch.scalar_tensor(value, dtype=dtype)
    # np.asarray first: NumPy's dtype rules for lists and scalars (float64, not float32).
    array = np.asarray(value)
    try:
        return torch.as_tensor(array)
    except ValueError:  # negative strides (a[::-1]): torch shares no such memory
        return torch.as_tensor(array.copy())


def _out(out: Any) -> Any:
    if isinstance(out, _Tensor):
        return out
    raise decline(f"the torch backend takes only a tensor as out=, not {type(out).__name__}")


def _float64(x: Any) -> Any:
    """``x`` as NumPy's functions that are not ufuncs (``gradient``, ``sinc``) compute it:
    an integer or bool tensor in float64 (a ufunc's loop would take uint8 in float16)."""
    return x if x.dtype in _INEXACT else x.to(_F64)


def _to_out(result: Any, out: Any, name: str) -> Any:
    """Writes ``result`` into the tensor ``out`` under NumPy's ``same_kind`` casting."""
    out = _out(out)
    if not torch.can_cast(result.dtype, out.dtype):
        if isinstance(getattr(np, name, None), np.ufunc):  # NumPy's UFuncTypeError
            raise sem.output_casting_error(name, _host(result.dtype), _host(out.dtype))
        raise decline(f"the torch backend's {name} cannot cast {result.dtype} into out= of "
                      f"{out.dtype}")
    return out.copy_(result)


# ---------------------------------------------------------------------------
# ufuncs: tensors of one dtype and no keyword go straight to torch; any other call takes a
# slow path that applies NumPy's promotion and honours the keywords (or declines)


#: The values of a ufunc's keywords that ask nothing of torch (tensors have no subclasses
#: to keep and no memory order to choose).
_UFUNC_NOTHING = {"where": (True,), "casting": ("same_kind", "unsafe"), "subok": (True, False),
                  "order": ("K", "A", "C"), "signature": (None,)}


def _ufunc_keywords(name: str, kwargs: dict[str, Any]) -> Any:
    """The dtype a ufunc call asks for (``None``), declining the keywords torch cannot honour."""
    dtype = kwargs.pop("dtype", None)
    for key, value in kwargs.items():
        takes_no(f"the torch backend's {name}", key, value, *_UFUNC_NOTHING.get(key, ()))
    return None if dtype is None else _dtype(dtype)


def _operands(*values: Any) -> list[Any]:
    """The operands as tensors of NumPy's common dtype (torch's promotion differs: float32
    with int64 is float32 there), Python scalars weak (float32 and 0.5: float32; int64 and
    0.5: float64, where torch gives float32); torch's rule for a dtype NumPy lacks."""
    try:
        return promote(_prepare, _dtype, *values, numpy_dtype=to_numpy_dtype,
                       cast=torch.Tensor.to)
    except TypeError:  # bfloat16
        tensors = [_prepare(v) for v in values]
        dtype = functools.reduce(torch.promote_types, [t.dtype for t in tensors])
        return [t.to(dtype) for t in tensors]


def _loop_plan(name: str, keys: tuple[Any, ...]) -> tuple[Any, ...] | str:
    """For a ufunc and its operands' torch dtypes (Python scalars as they are): the torch
    dtypes of NumPy's loop to cast them to; ``()`` for their common dtype, where NumPy's
    loop mixes two (its exact comparisons of uint64 with int64: torch mixes no uint64) or
    NumPy lacks the dtype (bfloat16); NumPy's TypeError message where it has no loop. A
    constant to torch.compile (bound in :func:`_bind`): no NumPy dtype reaches the trace."""
    try:
        dtypes = [k if type(k) in PYTHON_SCALARS else to_numpy_dtype(k) for k in keys]
    except TypeError:
        return ()
    loop = sem.ufunc_loop(getattr(np, name), *dtypes)
    if loop is None:
        return (f"ufunc {name!r} not supported for the input types "
                f"({', '.join(getattr(d, '__name__', str(d)) for d in dtypes)})")
    if len(set(loop[:len(keys)])) == 1 or name == "ldexp":
        return tuple(_dtype(d) for d in loop[:len(keys)])
    return ()


def _ufunc_slow(function: Callable[..., Any], name: str, args: tuple[Any, ...], out: Any,
                kwargs: dict[str, Any]) -> Any:
    """The call on the operands in the dtypes of NumPy's loop for them (``sqrt`` of
    integers: float; ``ldexp``: a float and an integer), or in ``dtype=``
    (:func:`_loop_plan`); outputs written into ``out=``."""
    dtype = _ufunc_keywords(name, kwargs)
    tensors = [_prepare(a) for a in args]
    if dtype is not None:
        tensors = [t.to(dtype) for t in tensors]
    else:
        plan = _loop_plan(name, tuple(v if type(v) in PYTHON_SCALARS else t.dtype
                                      for v, t in zip(args, tensors, strict=True)))
        if isinstance(plan, str):
            raise TypeError(plan)
        if plan:
            tensors = [t.to(d) for t, d in zip(tensors, plan, strict=True)]
        elif len(args) == 2:
            tensors = _operands(*args)
    result = function(*tensors)
    if dtype is not None and isinstance(result, _Tensor):
        result = result.to(dtype)
    if out is None:
        return result
    if isinstance(result, tuple):
        outs = out if isinstance(out, tuple) else (out,)
        if len(outs) != len(result):
            raise decline(f"the torch backend's {name} takes {len(result)} arrays as out=")
        return tuple(r if o is None else _to_out(r, o, name)
                     for r, o in zip(result, outs, strict=True))
    if isinstance(out, tuple):
        (out,) = out
    return _to_out(result, out, name)


def _own_loop(name: str, arity: int, kinds: frozenset[Any]) -> frozenset[Any]:
    """The dtypes of ``kinds`` that NumPy's loop for ``name`` takes as they are, ``arity``
    operands of one dtype (the ones a ufunc's first check may send straight to torch): not
    booleans for ``sign`` (NumPy has no loop) or ``power`` (NumPy's int8), not floats for
    ``ldexp``; torch's dtypes NumPy lacks (bfloat16) kept."""
    kept = set()
    for kind in kinds:
        try:
            dtype = to_numpy_dtype(kind)
        except TypeError:
            kept.add(kind)
            continue
        loop = sem.ufunc_loop(getattr(np, name), *(dtype,) * arity)
        if loop is not None and set(loop[:arity]) == {dtype}:
            kept.add(kind)
    return frozenset(kept)


def _named(function: Callable[..., Any], name: str, doc: str) -> Adapter:
    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return Adapter(function)


def _unary(function: Callable[..., Any], name: str, booleans: bool = False,
           parts: bool = False) -> Adapter:
    """A one-input ufunc: one torch call for a tensor of a dtype NumPy's loop takes as it is
    (:func:`_own_loop`); others in the dtype of NumPy's loop (:func:`_ufunc_slow`: ``sqrt``
    of integers gives NumPy's float, ``square`` of booleans int8). ``booleans``: booleans
    come back as they are (``floor``); ``parts``: complex numbers part by part (``rint``:
    :func:`_parts`, torch's takes none)."""
    call: Callable[..., Any] = function
    accept = _own_loop(name, 1, (_ALL - {_BOOL} if booleans else _ALL) - (
        _COMPLEX if parts else frozenset()))
    if booleans:
        def call(x: Any) -> Any:
            return x.clone() if x.dtype is _BOOL else function(x)
    if parts:
        def call(x: Any) -> Any:
            return _parts(function, x)

    def checked(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
        if out is None and not kwargs and type(x) is _Tensor and x.dtype in accept:
            return function(x)
        return _ufunc_slow(call, name, (x,), out, kwargs)

    def unchecked(x: Any, /, out: Any = None, **kwargs: Any) -> Any:
        if out is None and not kwargs and type(x) is _Tensor:  # [speed] no dtype to check
            return function(x)
        return _ufunc_slow(call, name, (x,), out, kwargs)

    every = accept == _ALL
    ufunc = _named(unchecked if every else checked, name, f"NumPy's {name} ufunc served by torch.")
    # the same first check, in the engine: a tensor straight to torch with no Python frame
    return Adapter(guarded(ufunc.function, function, owner=_Tensor, arity=1,
                           dtypes=None if every else accept))


def _binary(function: Callable[..., Any], name: str, scalar: Callable[..., Any] | None = None,
            divides: bool = False, ordered: bool = False) -> Adapter:
    """A two-input ufunc: one torch call for two tensors of one dtype that NumPy's loop takes
    as it is (:func:`_own_loop`: not integers for ``divide``), or, with ``scalar``, for a
    float tensor and a Python int or float (``scalar(x, value)``, which takes it as NumPy's
    weak scalar); other operands take NumPy's loop's dtypes (:func:`_ufunc_slow`).
    ``divides``: an integer division by zero gives 0 with NumPy's warning (torch raises);
    ``ordered``: uint16/32/64 (no torch CPU kernels) compared as int64 in the same order
    (:func:`_reordered`), a ``maximum``'s result cast back; complex numbers (torch does
    not order them) in NumPy's order (:func:`_semantics.complex_ordered`)."""
    call: Callable[..., Any] = function
    kinds = _ALL - _WIDE_UNSIGNED - _COMPLEX if ordered else _ALL
    if ordered:
        def call(x1: Any, x2: Any) -> Any:
            if x1.dtype in _COMPLEX:
                return sem.complex_ordered(xp, name, x1, x2)
            if x1.dtype not in _WIDE_UNSIGNED:
                return function(x1, x2)
            result = function(_reordered(x1, torch.int64), _reordered(x2, torch.int64))
            return result if result.dtype is _BOOL else _reordered(result, x1.dtype)
    if divides:
        def call(x1: Any, x2: Any) -> Any:
            zero = x2 == 0
            if x2.dtype in _INEXACT or not bool(zero.any()):
                return function(x1, x2)
            warnings.warn(f"divide by zero encountered in {getattr(np, name).__name__}",
                          RuntimeWarning, stacklevel=5)  # the caller's line
            result = function(x1, torch.where(zero, 1, x2))
            if isinstance(result, tuple):
                return tuple(sem.divided_by_zero(torch, r, x2) for r in result)
            return sem.divided_by_zero(torch, result, x2)
    accept = _own_loop(name, 2, kinds)

    def ufunc(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Any:
        if out is None and not kwargs and type(x1) is _Tensor:
            if type(x2) is _Tensor and x1.dtype is x2.dtype and x1.dtype in accept:
                try:
                    return function(x1, x2)
                except RuntimeError:  # torch's integer division by zero
                    if not divides:
                        raise
            elif scalar is not None and (type(x2) is float or type(x2) is int) \
                    and x1.dtype in _FLOATS:
                return scalar(x1, x2)
        return _ufunc_slow(call, name, (x1, x2), out, kwargs)

    adapter = _named(ufunc, name, f"NumPy's {name} ufunc served by torch.")
    # the same first checks, in the engine (an integer division goes on to the adapter)
    return Adapter(guarded(adapter.function, function, owner=_Tensor, arity=2,
                           dtypes=accept & _FLOATS if divides else accept, scalar=scalar,
                           scalar_dtypes=None if scalar is None else _FLOATS))


def _sign(x: Any) -> Any:
    # NaN stays NaN (torch.sign gives 0).
    if x.is_complex():
        return sem.complex_sign(xp, x, torch.complex)
    if x.dtype in _FLOATS:
        return torch.where(torch.isnan(x), x, torch.sign(x))
    if x.dtype in _WIDE_UNSIGNED:
        return (x != 0).to(x.dtype)
    return torch.sign(x)


def _reciprocal(x: Any) -> Any:
    if x.dtype in _INEXACT:
        return torch.reciprocal(x)
    if bool((x == 0).any()):  # (NumPy's integer 1 / 0)
        warnings.warn("divide by zero encountered in reciprocal", RuntimeWarning, stacklevel=2)
    return sem.integer_reciprocal(torch, x)


def _power(x1: Any, x2: Any) -> Any:
    if x1.dtype not in _INEXACT and x1.dtype is not _BOOL and bool((x2 < 0).any()):
        raise ValueError("Integers to negative integer powers are not allowed.")
    return torch.pow(x1, x2)


def _logical(function: Callable[..., Any]) -> Callable[..., Any]:
    """A product (``matmul``, ``tensordot``, ``einsum``...) that takes booleans as NumPy's: an
    OR of ANDs, counted in float64 then compared with 0 (torch's products have no Bool
    kernels)."""
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if any(type(a) is _Tensor for a in args) and all(
                a.dtype is _BOOL for a in args if type(a) is _Tensor):
            args = tuple(a.to(_F64) if type(a) is _Tensor else a for a in args)
            return function(*args, **kwargs) != 0
        return function(*args, **kwargs)

    return call


def _gufunc(function: Callable[..., Any], name: str) -> Adapter:
    """``matmul``, ``vecdot``, ``matvec``, ``vecmat`` over operands in NumPy's common dtype;
    ``vecdot`` takes ``axis=`` (its core dimension's); booleans by :func:`_logical`; an
    operand with fewer dimensions than its core's is NumPy's ValueError."""
    function = _logical(function)
    signature = getattr(np, name).signature
    cores = [sum(not d.endswith("?") for d in part.split(","))
             for part in signature.split("->")[0][1:-1].split("),(")]

    def checked(*operands: Any, **core: Any) -> Any:
        for i, (x, need) in enumerate(zip(operands, cores, strict=True)):
            if x.ndim < need:
                raise ValueError(f"{name}: Input operand {i} does not have enough dimensions "
                                 f"(has {x.ndim}, gufunc core with signature {signature} "
                                 f"requires {need})")
        return function(*operands, **core)

    def gufunc(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Any:
        core = {"axis": operator.index(kwargs.pop("axis"))} \
            if name == "vecdot" and "axis" in kwargs else {}
        for key in ("axes", "axis", "keepdims"):  # (axes=None and keepdims=False: the default)
            takes_no(f"the torch backend's {name}", key, kwargs.pop(key, None), None, False)
        return _ufunc_slow(lambda a, b: checked(a, b, **core), name, (x1, x2), out, kwargs)

    return _named(gufunc, name, f"NumPy's {name} gufunc served by torch.")


def _alike(x1: Any, x2: Any) -> tuple[Any, Any]:
    """Two tensors in NumPy's common dtype, Python scalars as NumPy's arrays of them
    (torch's products and searches take one dtype)."""
    x1, x2 = _operands(_prepare(x1), _prepare(x2))
    return x1, x2


def _vecdot(x1: Any, x2: Any, axis: int = -1) -> Any:
    """NumPy's vecdot, ``sum(conj(x1) * x2)`` over each operand's ``axis`` (a gufunc's core
    dimension), integers and booleans included (torch's takes floats only)."""
    x1, x2 = _alike(x1, x2)
    common = x1.dtype
    x1, x2 = torch.movedim(x1, axis, -1), torch.movedim(x2, axis, -1)
    if common in _INEXACT:
        return torch.linalg.vecdot(x1, x2, dim=-1)
    if common is _BOOL:
        return (x1 & x2).any(-1)
    # int64 arithmetic wraps as the narrower type's would: NumPy's result in its dtype.
    return (x1.to(torch.int64) * x2.to(torch.int64)).sum(-1).to(common)


# ---------------------------------------------------------------------------
# creation


def _shape(shape: Any) -> tuple[int, ...]:
    return (operator.index(shape),) if not isinstance(shape, (tuple, list)) else tuple(shape)


def _full(shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *,
          device: Any = None, like: Any = None) -> Any:
    takes_no("the torch backend's full", "order", order, "C", "K", "A", None)
    shape = _shape(shape)
    if any(n < 0 for n in shape):  # (torch's RuntimeError: an overflow, in some calls)
        raise ValueError("negative dimensions are not allowed")
    if dtype is None or not isinstance(fill_value, (int, float, complex, bool)):
        fill = _prepare(fill_value)
        if dtype is not None:
            fill = fill.to(_dtype(dtype))
        return torch.broadcast_to(fill, shape).to(device=device).clone()
    return torch.full(shape, fill_value, dtype=_dtype(dtype), device=device)


#: NumPy's arange takes Python ints as int64 only within its range.
_INT64_LIMIT = 2**63


def _arange(start_or_stop: Any, /, stop: Any = None, step: Any = 1, *, dtype: Any = None,
            device: Any = None, like: Any = None) -> Any:
    start, stop = (0, start_or_stop) if stop is None else (start_or_stop, stop)
    if dtype is None:
        # Python ints and floats: NumPy's int64 / float64 without np.result_type, which
        # torch.compile cannot trace (eye's and tri's defaults call arange).
        kinds = {type(start), type(stop), type(step)}
        dtype = torch.int64 if kinds == {int} and all(
            -_INT64_LIMIT <= v < _INT64_LIMIT for v in (start, stop, step)) else \
            _F64 if kinds <= {int, float} else \
            np.result_type(start, stop, step)
    target = _dtype(dtype)
    values = [v.item() if isinstance(v, (_Tensor, np.generic)) else v for v in (start, stop, step)]
    if sem.arange_length(*values) == 0:  # (torch raises for a range of the wrong sign)
        return torch.empty(0, dtype=target, device=device)
    if target in _WIDE_UNSIGNED:  # torch has no arange for these: build, then cast
        build = torch.int64 if all(isinstance(v, int) for v in values) else _F64
        return torch.arange(*values, dtype=build, device=device).to(target)
    return torch.arange(start, stop, step, dtype=target, device=device)


def _linspace(start: Any, stop: Any, num: Any = 50, endpoint: bool = True,
              retstep: bool = False, dtype: Any = None, axis: int = 0, *,
              device: Any = None) -> Any:
    # Computed in NumPy's float dtype of start and stop (float64 for integers; the
    # default's ``start * 1.0`` is float32 on tensors), the step too.
    start, stop = _operands(start, stop)
    if start.dtype not in _INEXACT:
        start, stop = start.to(_F64), stop.to(_F64)
    return sem.linspace(xp, start.to(device=device), stop.to(device=device),
                        operator.index(num), endpoint, retstep, axis,
                        None if dtype is None else _dtype(dtype))


def _asarray(a: Any, dtype: Any = None, order: Any = None, *, device: Any = None,
             copy: Any = None, like: Any = None) -> Any:
    if type(a) is _Tensor and dtype is None and device is None and copy is None:
        return a  # [speed] the common call
    if order == "F":
        raise decline("the torch backend's asarray takes no order='F'")
    source = a if isinstance(a, _Tensor) else np.asarray(a)  # NumPy's dtypes for lists
    if copy is not False and min(getattr(source, "strides", ()), default=0) < 0:
        source = source.copy()  # torch shares no memory of negative strides (a[::-1])
    # torch.asarray honours copy= (a ValueError where it cannot)
    return xp.asarray(source, dtype=None if dtype is None else _dtype(dtype), device=device,
                      copy=copy)


def _frombuffer(buffer: Any, dtype: Any = None, count: int = -1, offset: int = 0, *,
                like: Any = None) -> Any:
    if memoryview(buffer).readonly:
        buffer = bytearray(buffer)  # torch shares only writable memory
    return torch.frombuffer(buffer, dtype=_F64 if dtype is None else _dtype(dtype), count=count,
                            offset=offset)


def _from_dlpack(x: Any, /, *, device: Any = None, copy: Any = None) -> Any:
    if device is not None and not isinstance(device, (str, int, torch.device)):
        raise decline(f"the torch backend's from_dlpack takes no device={device!r}")
    try:
        result = torch.from_dlpack(x, device=device, copy=copy)
    except BufferError as exc:
        if copy is False:  # the standard's error for a copy that was refused
            raise ValueError(f"from_dlpack cannot avoid a copy here: {exc}") from exc
        raise
    if copy is False and device is not None and result.device != torch.device(device):
        raise ValueError("from_dlpack cannot move to another device without a copy")
    return result


# ---------------------------------------------------------------------------
# reductions


def _axis(axis: Any) -> Any:
    """NumPy's ``axis`` for array-api-compat's reductions: a list of axes as a tuple."""
    return tuple(axis) if isinstance(axis, list) else axis


def _reordered(a: Any, dtype: Any) -> Any:
    """A uint16/32/64 tensor as int64 in the same order (torch's CPU max/min lack them), or
    back: uint64's sign bit flipped, its unsigned order signed order."""
    if torch.uint64 in (a.dtype, dtype):
        a = a.to(torch.int64) ^ -(2 ** 63)
    return a.to(dtype)


def _repeat(a: Any, repeats: Any, axis: Any = None) -> Any:
    # array-api-compat's takes the short integers torch refuses as repeats; torch has no
    # index_select (counts in an array) for uint16/32/64: as int64, in the same order
    a, repeats = _prepare(a), repeats if type(repeats) is int else _prepare(repeats)
    if a.dtype in _WIDE_UNSIGNED and type(repeats) is not int:
        return _reordered(xp.repeat(_reordered(a, torch.int64), repeats, axis=axis), a.dtype)
    return xp.repeat(a, repeats, axis=axis)


def _finish(result: Any, out: Any, name: str) -> Any:
    return result if out is None else _to_out(result, out, name)


def _mask(where: Any) -> Any:
    return _prepare(where) if sem.masks(where) else True


def _sum_like(reduction: Callable[..., Any], name: str, identity: int,
              combine: Callable[..., Any]) -> Callable[..., Any]:
    """``sum``/``prod`` (``reduction``: array-api-compat's, which takes tuples of axes and
    ``axis=()``) with NumPy's 64-bit accumulation of small integers (:func:`_accumulated`);
    ``where=``/``initial=`` by :func:`_semantics.reduce`."""
    def reduce(a: Any, axis: Any = None, dtype: Any = None, out: Any = None,
               keepdims: bool = False, initial: Any = _NoValue, where: Any = True) -> Any:
        return _finish(_accumulated(lambda a, dtype: sem.reduce(
            xp, a, reduction, axis=_axis(axis), keepdims=keepdims, initial=initial,
            where=_mask(where), identity=identity, combine=combine, dtype=dtype),
            _prepare(a), dtype), out, name)

    return reduce


def _extremum(reduction: Callable[..., Any] | None, name: str) -> Any:
    """``max``/``min``/``amax``/``amin`` (``reduction``: array-api-compat's max or min);
    uint16/32/64, which torch's kernels lack, compared as int64 in the same order; complex
    numbers (torch orders none) by :func:`_semantics.complex_reduce`, as ``nanmax``/``nanmin``
    (``reduction`` ``None``: other dtypes by the default)."""
    largest = reduction is xp.max or name == "nanmax"
    combine = torch.maximum if largest else torch.minimum
    ufunc = combine.__name__ if reduction is not None else "fmax" if largest else "fmin"

    def reduce(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False,
               initial: Any = _NoValue, where: Any = True) -> Any:
        a = _prepare(a)
        if a.dtype in _COMPLEX:
            return _finish(sem.complex_reduce(xp, a, ufunc, axis=_axis(axis), initial=initial,
                                              keepdims=sem.keepdims_of(keepdims),
                                              where=_mask(where)), out, name)
        if reduction is None:
            return NotImplemented
        unsigned = a.dtype if a.dtype in _WIDE_UNSIGNED else None
        if unsigned is not None:
            a = _reordered(a, torch.int64)
            if initial is not _NoValue:
                initial = _reordered(torch.tensor(initial, dtype=unsigned), torch.int64)
        result = sem.reduce(xp, a, reduction, axis=_axis(axis), keepdims=keepdims,
                            initial=initial, where=_mask(where), combine=combine,
                            name=combine.__name__)
        return _finish(result if unsigned is None else _reordered(result, unsigned), out, name)

    return reduce


def _common_call(function: Callable[..., Any], name: str, kinds: frozenset[Any],
                 slow: Callable[..., Any] | None = None, whole: Callable[..., Any] | None = None,
                 **fixed: Any) -> Adapter:
    """A reduction whose common call (a tensor of ``kinds``, the whole array or one int
    axis, no keyword but ``keepdims``) is one torch call (``whole(a)`` for the whole
    array, if given). Any other call goes to ``slow``, or returns ``NotImplemented``: then
    the default (in terms of ``sum``, ``where``...) serves it, pinned to torch, so NumPy's
    ``where=``, ``dtype=``, ``mean=`` rules are written once. A reduction of NumPy's that
    warns (``_semantics.WARNINGS``: ``mean``, ``std``...) warns as NumPy's does
    (:func:`_warned`)."""
    call = functools.partial(function, **fixed) if fixed else function
    if name in sem.WARNINGS:
        call = _warned(call, name)
    whole = whole or call

    def reduce(a: Any, axis: Any = None, **kwargs: Any) -> Any:
        try:
            if type(a) is _Tensor and a.dtype in kinds:
                if not kwargs:
                    if axis is None:
                        return whole(a)
                    if type(axis) is int:
                        return call(a, axis)
                elif len(kwargs) == 1 and type(kwargs.get("keepdims")) is bool:
                    if axis is None and not kwargs["keepdims"]:
                        return whole(a)
                    if type(axis) is int:
                        return call(a, axis, keepdim=kwargs["keepdims"])
            return NotImplemented if slow is None else slow(a, axis, **kwargs)
        except IndexError:  # an axis out of range: NumPy's AxisError, not torch's error
            try:
                normalize_axis_tuple(() if axis is None else axis, _prepare(a).ndim)
            except AxisError as exc:
                raise exc from None
            raise

    adapter = _named(reduce, name,
                     f"NumPy's {name}: its common call served by torch, the rest by the default.")
    if not kinds or whole is not call:  # (max: torch.max of the whole array is faster)
        return adapter
    # the same first check, in the engine: the whole array, or an int axis (torch's dim)
    return Adapter(guarded(adapter.function, call, owner=_Tensor, arity=1, dtypes=kinds,
                           axis=True))


def _warned(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``function(a)`` or ``function(a, axis, keepdim=)``, torch's reduction for NumPy's
    ``name`` (``ddof`` 0), with NumPy's warning of an empty slice (``mean``, ``std``,
    ``var``: an empty tensor only, one ``numel()`` on the common call) or of a slice of NaNs
    only (``nanmean``: looked for where the mean has a NaN), and none of torch's own (its
    ``UserWarning`` of ``std`` of an empty tensor)."""
    def reduced(a: Any, axis: Any = None, keepdim: bool = False) -> Any:
        # (as _common_call calls it: the whole tensor, or one axis with or without keepdim)
        if axis is None:
            return function(a)
        return function(a, axis, keepdim=True) if keepdim else function(a, axis)

    if not name.startswith("nan"):
        def counted(a: Any, axis: Any = None, keepdim: bool = False) -> Any:
            if a.numel():  # (the common call: reduced, inlined)
                if axis is None:
                    return function(a)
                return function(a, axis, keepdim=True) if keepdim else function(a, axis)
            sem.warn_like_numpy(xp, name, a, axis)
            with sem.quiet(True):  # an empty tensor: torch's own warnings are not NumPy's
                return reduced(a, axis, keepdim)

        return counted

    def looked_for(a: Any, axis: Any = None, keepdim: bool = False) -> Any:
        result = reduced(a, axis, keepdim)
        # (a slice of NaNs only has a NaN mean, and a NaN makes the sum NaN: without one,
        # nothing to count; none looked for while torch.compile traces)
        if not torch.compiler.is_compiling():
            total = result.sum().item()
            if total != total:
                sem.warn_like_numpy(xp, name, a, axis)
        return result

    return looked_for


def _std(a: Any, axis: Any = None, dtype: Any = None, out: Any = None, **kwargs: Any) -> Any:
    """std with an integer ``dtype=`` as NumPy's (:func:`_semantics.integer_std`); anything
    else the default's."""
    if dtype is None or _dtype(dtype) in _INEXACT:
        return NotImplemented
    import overridable.numpy as unp

    variance = unp.var(a, axis=axis, dtype=dtype, **kwargs)
    return _finish(sem.integer_std(xp, variance, np.dtype(dtype)), out, "std")


def _arg_extremum(function: Callable[..., Any], name: str, nan_aware: bool = False) -> Any:
    def reduce(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Any:
        a = _prepare(a)
        if a.dtype in _COMPLEX:  # (torch orders no complex numbers)
            return _finish(sem.complex_extremum(xp, a, name, axis, keepdims), out, name)
        if nan_aware and a.dtype in _INEXACT:
            a = sem.nan_arg_input(xp, a, axis, function is torch.argmax)
        return _finish(function(a, dim=axis, keepdim=keepdims), out, name)

    return reduce


def _accumulated(function: Callable[..., Any], a: Any, dtype: Any) -> Any:
    """``function(a, dtype)``, a sum or product, in NumPy's accumulator: booleans and signed
    integers in int64, unsigned ones in uint64 (here int64, whose arithmetic wraps alike,
    then cast); torch's kernels lack uint16/32/64."""
    final = None
    if dtype is not None:
        dtype = _dtype(dtype)
        if dtype in _WIDE_UNSIGNED and a.dtype not in _INEXACT:
            a, dtype, final = a.to(torch.int64), None, dtype
    elif a.dtype not in _INEXACT:
        unsigned = a.dtype in _UNSIGNED or a.dtype is torch.uint64
        a, final = a.to(torch.int64), torch.uint64 if unsigned else None
    result = function(a, dtype)
    return result if final is None else result.to(final)


def _cumulative(function: Callable[..., Any], name: str) -> Callable[..., Any]:
    def cumulative(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Any:
        a = _prepare(a)
        if axis is None:
            a, axis = a.reshape(-1), 0
        return _finish(_accumulated(lambda a, dtype: function(a, dim=axis, dtype=dtype), a,
                                    dtype), out, name)

    return cumulative


_METHODS = frozenset({"linear", "lower", "higher", "midpoint", "nearest"})


def _quantile_like(name: str, scale: float, function: Callable[..., Any]) -> Callable[..., Any]:
    def quantile(a: Any, q: Any, axis: Any = None, out: Any = None,
                 overwrite_input: bool = False, method: str = "linear",
                 keepdims: bool = False, *, weights: Any = None) -> Any:
        if method not in _METHODS or weights is not None:
            raise decline(f"the torch backend's {name} takes no method={method!r} or weights=")
        a, q_t = _prepare(a), _prepare(q)
        dtype = sem.quantile_dtype(to_numpy_dtype(a.dtype), q if type(q) in PYTHON_SCALARS
                                   else to_numpy_dtype(q_t.dtype), method)
        if axis is not None and not isinstance(axis, int):
            raise decline(f"the torch backend's {name} takes one axis")
        if a.is_complex():
            raise decline(f"torch's quantile takes no complex numbers: the torch backend's "
                          f"{name} does not serve them")
        a = a.to(_F64)  # (computed in float64, then NumPy's dtype)
        q_t = sem.quantile_fractions(torch, q_t.to(a.dtype), scale)  # NumPy's range error
        if name.startswith("nan"):  # NumPy's warning of a slice of NaNs only
            sem.warn_like_numpy(xp, name, a, axis)
        result = function(a, q_t, dim=axis, keepdim=keepdims, interpolation=method)
        if keepdims and axis is None:
            result = result.reshape(tuple(q_t.shape) + (1,) * a.ndim)
        return _finish(result.to(_dtype(dtype)), out, name)

    quantile.__name__ = name
    return quantile


def _median(quantile: Callable[..., Any]) -> Callable[..., Any]:
    # torch.median gives the lower middle value; NumPy averages the two: quantile 0.5.
    return lambda a, axis=None, out=None, overwrite_input=False, keepdims=False: quantile(
        a, 0.5, axis, out, keepdims=keepdims)


# ---------------------------------------------------------------------------
# shape, order and joining


def _reshape(a: Any, /, shape: Any, order: str = "C", *, copy: Any = None) -> Any:
    if type(shape) is tuple and type(a) is _Tensor and order == "C" and copy is None:
        return torch.reshape(a, shape)  # the common call
    a = _prepare(a)
    result = sem.reshape(xp, a, shape, order)
    if copy:
        result = result.clone()
    elif copy is False and result.data_ptr() != a.data_ptr():
        raise ValueError("Unable to avoid creating a copy while reshaping.")
    return result


def _transpose(a: Any, axes: Any = None) -> Any:
    if not isinstance(a, _Tensor):
        a = _prepare(a)
    if axes is None:
        return a.t() if a.ndim <= 2 else a.permute(tuple(range(a.ndim - 1, -1, -1)))
    return a.permute(tuple(axes))


def _concatenate(arrays: Any, /, axis: Any = 0, out: Any = None, *, dtype: Any = None,
                 casting: str = "same_kind") -> Any:
    if out is None and dtype is None and casting == "same_kind" and axis is not None:
        try:  # the common call: tensors of one dtype (torch's promotion is not NumPy's)
            if len({a.dtype for a in arrays}) == 1:
                return torch.cat(arrays, axis)
        except (AttributeError, TypeError):
            pass
    tensors = [_prepare(a) for a in arrays]
    target = _dtype(sem.join_dtype([to_numpy_dtype(t.dtype) for t in tensors], dtype, casting))
    tensors = [t.to(target) if axis is not None else t.to(target).reshape(-1) for t in tensors]
    return torch.cat(tensors, dim=0 if axis is None else axis,
                     **({} if out is None else {"out": _out(out)}))


def _stack(arrays: Any, axis: int = 0, out: Any = None, *, dtype: Any = None,
           casting: str = "same_kind") -> Any:
    if out is None and dtype is None and casting == "same_kind":
        try:  # [speed] the common call: tensors (torch.stack is slower given dim=0)
            return torch.stack(arrays) if axis == 0 else torch.stack(arrays, axis)
        except TypeError:
            pass
    return NotImplemented  # the default: expand_dims and concatenate


# ---------------------------------------------------------------------------
# elementwise functions that are not ufuncs


def _where(condition: Any, x: Any = _NoValue, y: Any = _NoValue, /) -> Any:
    if type(condition) is _Tensor and type(x) is _Tensor and type(y) is _Tensor \
            and condition.dtype is _BOOL and x.dtype is y.dtype:
        return torch.where(condition, x, y)  # the common call (torch warns of uint8 ones)
    condition = _prepare(condition)
    if not sem.where_given(x, y):
        return torch.where(condition)
    return torch.where(condition.bool(), *_operands(x, y))


def _parts(function: Callable[..., Any], x: Any, *args: Any) -> Any:
    """``function(x, *args)``, on a complex ``x`` part by part (torch's takes no complex)."""
    if x.is_complex():
        return torch.complex(function(x.real, *args), function(x.imag, *args))
    return function(x, *args)


def _round(a: Any, decimals: int = 0, out: Any = None) -> Any:
    a = _prepare(a)
    if a.dtype in _INEXACT:
        result = _parts(lambda x: torch.round(x, decimals=decimals), a)
    elif a.dtype in _WIDE_UNSIGNED:  # torch's kernels lack these: round as int64
        result = sem.round_(xp, a.to(torch.int64), decimals).to(a.dtype)
    else:  # booleans copied, integers as NumPy rounds them
        result = sem.round_(xp, a, decimals)
    return _finish(result, out, "round")


def _clip(a: Any, low: Any, high: Any) -> Any:
    """``clip`` between bounds (:func:`_semantics.clip`), integers with float bounds in
    float64 as NumPy promotes them; complex numbers (torch's clamp takes none) by
    :func:`_semantics.complex_clip`."""
    a = _prepare(a)
    if a.is_complex():
        return sem.complex_clip(xp, a, *(None if b is None else _prepare(b).to(a.dtype)
                                         for b in (low, high)))
    if a.dtype not in _INEXACT and any(
            isinstance(b, float) or (isinstance(b, _Tensor | np.ndarray) and
                                     _prepare(b).dtype in _INEXACT) for b in (low, high)):
        a = a.to(_F64)
    low, high = (b if b is None or isinstance(b, (int, float)) else _prepare(b).to(a.dtype)
                 for b in (low, high))
    return xp.clip(a, low, high)


def _angle(z: Any, deg: bool = False) -> Any:
    z = _prepare(z)
    if z.dtype not in _INEXACT:  # NumPy's arctan2(0, z) loop: int8 in float16, bool float64
        z = z.to(_dtype(sem.angle_dtype(to_numpy_dtype(z.dtype))))
    result = torch.angle(z)
    return torch.rad2deg(result) if deg else result


def _i0(x: Any) -> Any:
    x = _prepare(x)
    if x.is_complex():
        raise decline("torch.special.i0 takes no complex input")
    return torch.special.i0(x if x.dtype in _FLOATS else x.to(_F64))


def _nan_to_num(x: Any, copy: bool = True, nan: float = 0.0, posinf: Any = None,
                neginf: Any = None) -> Any:
    x = _prepare(x)
    if x.dtype not in _INEXACT:
        return x.clone() if copy else x
    result = _parts(torch.nan_to_num, x, nan, posinf, neginf)
    return result if copy else x.copy_(result)


def _gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    f = _float64(_prepare(f))
    dims = normalize_axis_tuple(range(f.ndim) if axis is None else axis, f.ndim)
    spacing = sem.gradient_spacing(varargs, len(dims))
    if spacing is None:
        raise decline("the torch backend's gradient takes spacings all scalars or all "
                      "coordinates")
    if isinstance(spacing, list) and not isinstance(spacing[0], float):
        spacing = [_prepare(v).to(f.dtype) for v in spacing]
    result = torch.gradient(f, spacing=spacing, dim=dims, edge_order=edge_order)
    return result[0] if len(dims) == 1 else tuple(result)


def _trapezoid(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
    """NumPy's trapezoid: integers in float64 (torch's, and the default's ``y * 1.0``, give
    float32), booleans summed in pairs as NumPy's ``+`` does, a logical or
    (:func:`_semantics.boolean_trapezoid`)."""
    y = _prepare(y)
    if y.dtype is _BOOL:
        return sem.boolean_trapezoid(xp, y, None if x is None else _prepare(x), dx, axis)
    if x is None:
        return _floated(torch.trapezoid)(y, dx=dx, dim=axis)
    return _floated(torch.trapezoid, 2)(y, x, dim=axis)


def _index(indices: Any) -> Any:
    """``indices`` as the int64 tensor torch's gathers and scatters take (NumPy takes any
    integer dtype: int16, uint8, int32 indices)."""
    indices = _prepare(indices)
    return indices if indices.dtype == torch.int64 else indices.to(torch.int64)


def _take_along_axis(arr: Any, indices: Any, axis: Any = -1) -> Any:
    return torch.take_along_dim(_prepare(arr), _index(indices), dim=axis)


def _put(a: Any, ind: Any, v: Any, mode: str = "raise") -> None:
    a = _out(a)
    index = _index(ind).reshape(-1)
    index = sem.take_indices(xp, index, a.numel(), mode)
    values = _prepare(v).reshape(-1).to(a.dtype)
    if values.numel() != index.numel():
        values = values.repeat(index.numel() // max(values.numel(), 1) + 1)[:index.numel()]
    a.put_(index, values)


def _put_along_axis(arr: Any, indices: Any, values: Any, axis: Any) -> None:
    arr = _out(arr)
    index = _index(indices)
    if axis is None:
        raise decline("the torch backend's put_along_axis takes an axis")
    values = torch.broadcast_to(_prepare(values).to(arr.dtype), index.shape)
    arr.scatter_(axis, index, values)


def _fill_diagonal(a: Any, val: Any, wrap: bool = False) -> None:
    a = _out(a)
    if np.ndim(val) != 0:
        raise decline("the torch backend's fill_diagonal takes a scalar val")
    if a.ndim == 2:
        a.fill_diagonal_(val, wrap)
    else:  # (NumPy's errors for fewer than 2 axes or axes of unequal lengths)
        a[sem.diag_indices_from(xp, a)] = val


def _copyto(dst: Any, src: Any, casting: str = "same_kind", where: Any = True) -> None:
    dst = _out(dst)
    src = _prepare(src)
    if casting == "same_kind" and not torch.can_cast(src.dtype, dst.dtype):
        raise TypeError(f"Cannot cast array data from {src.dtype} to {dst.dtype}")
    if where is not True:
        src = torch.where(_prepare(where), src.to(dst.dtype), dst)
    dst.copy_(torch.broadcast_to(src, dst.shape))


def _sorting(function: Callable[..., Any], name: str) -> Adapter:
    def sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *,
             stable: Any = None, descending: bool = False) -> Any:
        if order is not None:
            raise decline(f"the torch backend's {name} takes no order= (tensors have no fields)")
        a = _prepare(a)
        if axis is None:
            a, axis = a.reshape(-1), -1
        if a.is_complex() and not descending:  # NumPy's order (torch sorts no complex numbers)
            order = sem.complex_order(xp, a, axis)
            return order if name == "argsort" else torch.take_along_dim(a, order, dim=axis)
        # Stable always: ties come out as NumPy's (the first occurrence first).
        return function(a, dim=axis, stable=True, descending=descending)

    return _named(sort, name, f"NumPy's {name} served by torch.")


def _sort_complex(a: Any) -> Any:
    if not a.is_complex():  # NumPy's: complex64 for 8- and 16-bit integers, else complex128
        short = a.dtype in (torch.int8, torch.int16, torch.uint8, torch.uint16)
        a = a.to(torch.complex64 if short else torch.complex128)
    return torch.take_along_dim(a, sem.complex_order(xp, a), dim=-1)


def _searchsorted(a: Any, v: Any, side: str = "left", sorter: Any = None) -> Any:
    a = _prepare(a)
    if a.ndim != 1:
        raise ValueError("object too deep for desired array")
    a, values = _alike(a, v)
    if a.is_complex():  # (torch's takes no complex numbers)
        return sem.complex_searchsorted(xp, a if sorter is None else a[_prepare(sorter)],
                                        values, side)
    return torch.searchsorted(a, values, side=side,
                              sorter=None if sorter is None else _prepare(sorter))


def _digitize(x: Any, bins: Any, right: bool = False) -> Any:
    x, bins = _prepare(x), _prepare(bins)
    if bins.ndim != 1:
        raise ValueError("bins must be one-dimensional")
    if bins.numel() > 1 and not bool((bins[1:] >= bins[:-1]).all()):
        raise decline("the torch backend's digitize takes increasing bins only")
    # NumPy's right=False is bins[i-1] <= x < bins[i]: torch.bucketize's right=True.
    return torch.bucketize(*_alike(x, bins), right=not right)


def _unique(ar: Any, return_index: bool = False, return_inverse: bool = False,
            return_counts: bool = False, axis: Any = None, *, equal_nan: bool = True,
            sorted: bool = True) -> Any:
    ar = _prepare(ar)
    if axis is None:  # (torch's keeps every NaN and sorts no complex numbers)
        flat = ar.reshape(-1) if ar.dtype not in _WIDE_UNSIGNED else \
            _reordered(ar.reshape(-1), torch.int64)  # (no kernels for these)
        order = sem.complex_order(xp, flat) if ar.is_complex() else torch.argsort(flat,
                                                                                  stable=True)
        values, index, inverse, counts = sem.sorted_unique(xp, flat, order, equal_nan)
        values, inverse = _reordered(values, ar.dtype), inverse.reshape(ar.shape)
    elif ar.is_complex() or (equal_nan and ar.dtype in _INEXACT and bool(ar.isnan().any())):
        raise decline("the torch backend's unique takes no complex input or NaN with axis=")
    else:
        values, inverse, counts = torch.unique(ar, sorted=True, return_inverse=True,
                                               return_counts=True, dim=axis)
        n = ar.shape[axis]
        index = torch.full((values.shape[axis],), n).scatter_reduce(0, inverse, torch.arange(n),
                                                                    "amin")
    extras = [part for part, asked in ((index, return_index), (inverse, return_inverse),
                                       (counts, return_counts)) if asked]
    return (values, *extras) if extras else values


def _isin(element: Any, test_elements: Any, assume_unique: bool = False, invert: bool = False,
          *, kind: Any = None) -> Any:
    element, test = _prepare(element), _prepare(test_elements)
    if not (element.is_complex() or test.is_complex()):
        return torch.isin(element, test, assume_unique=assume_unique, invert=invert)
    found = sem.complex_isin(xp, *_alike(element, test))  # (torch's takes no complex numbers)
    return ~found if invert else found


def _histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None,
               weights: Any = None) -> tuple[Any, Any]:
    """NumPy's histogram: :func:`_histogramdd` of one dimension, counted in int64 when
    nothing is weighted or normalised."""
    a = _prepare(a).reshape(-1)
    w = None if weights is None else _prepare(weights).reshape(-1)
    hist, (edges,) = _histogramdd(a, [bins], None if range is None else [range], density, w)
    if np.ndim(bins) == 0 and a.dtype in _FLOATS:  # a count's edges: a float sample's dtype
        edges = edges.to(a.dtype)
    if not density and w is not None and w.dtype is not _BOOL:
        return hist.to(w.dtype), edges  # NumPy sums the weights in their dtype
    return hist.to(torch.int64) if not density and weights is None else hist, edges


def _histogramdd(sample: Any, bins: Any = 10, range: Any = None, density: Any = None,
                 weights: Any = None) -> tuple[Any, list[Any]]:
    """NumPy's histogramdd: ``sample`` of N points in D dimensions, an (N, D) array or D
    arrays of N; ``bins`` a count for all, or a count or edges each; a count's range from
    the data unless given (0 to 1 for no data), the edges then in a float sample's dtype;
    edges given are returned as they are."""
    if isinstance(sample, (list, tuple)):
        sample = torch.stack(_operands(*sample), dim=1)
    sample = _prepare(sample)
    kind = sample.dtype if sample.dtype in _FLOATS and range is None else _F64
    sample = sample.to(_F64)
    if sample.ndim == 1:
        sample = sample[:, None]
    w = None if weights is None else _prepare(weights).to(_F64)
    bins, range = sem.histogram_bins(bins, range, sample.shape[1], lambda i: sem.bin_range(
        sample[:, i].min(), sample[:, i].max()) if len(sample) else (0.0, 1.0))
    if all(np.ndim(b) == 0 and not isinstance(b, str) for b in bins):
        flat = [float(v) for pair in range for v in pair]
        hist, edges = torch.histogramdd(sample, [operator.index(b) for b in bins], range=flat,
                                        weight=w, density=bool(density))
        edges = [e.to(kind) for e in edges]
    elif any(isinstance(b, str) or np.ndim(b) != 1 for b in bins) or range is not None:
        raise decline("the torch backend's histogram takes counts or edges (not both, no "
                      f"range= with edges), not bins={bins!r:.60}")
    else:
        edges = [_prepare(b) for b in bins]
        hist, _ = torch.histogramdd(sample, [e.to(_F64) for e in edges], weight=w,
                                    density=bool(density))
    return hist, list(edges)


# ---------------------------------------------------------------------------
# products and linear algebra


def _average(a: Any, axis: Any = None, weights: Any = None, returned: Any = False, *,
             keepdims: Any = _NoValue) -> Any:
    """NumPy's weighted average in NumPy's result type of ``a`` and the weights (at least
    float64 for integer ``a``; torch's promotion gives float32 for float32 and int64);
    unweighted, and weights of another shape than ``a``'s or 1-d along ``axis``: the
    default's."""
    if weights is None:
        return NotImplemented
    a, w = _prepare(a), _prepare(weights)
    if w.shape != a.shape:
        if not isinstance(axis, int) or w.ndim != 1 or w.shape[0] != a.shape[axis]:
            return NotImplemented  # (the default's checks and NumPy's errors)
        w = w.reshape(tuple(-1 if i == axis % a.ndim else 1 for i in range(a.ndim)))
    a, w = promote(_prepare, _dtype, a, w, least=() if a.dtype in _INEXACT else (np.float64,),
                   numpy_dtype=to_numpy_dtype, cast=torch.Tensor.to)
    avg, scale = sem.weighted_average(xp, a, w, axis, keepdims is not _NoValue
                                      and bool(keepdims))
    return (avg, scale) if returned else avg


def _vander(x: Any, N: Any = None, increasing: bool = False) -> Any:
    # NumPy's powers are at least its default integer (float32 gives float64).
    (x,) = promote(_prepare, _dtype, x, least=(np.dtype(int),), numpy_dtype=to_numpy_dtype,
                   cast=torch.Tensor.to)
    return torch.vander(x, N=N, increasing=increasing)



def _dot(a: Any, b: Any, out: Any = None) -> Any:
    if out is None and type(a) is _Tensor and type(b) is _Tensor and b.ndim <= 2:
        try:
            return torch.matmul(a, b)  # the common call
        except RuntimeError:  # two dtypes, a 0-d operand, booleans
            pass
    return _finish(_logical(lambda a, b: sem.dot(xp, a, b))(*_alike(a, b)), out, "dot")


def _einsum(*operands: Any, out: Any = None, optimize: Any = False, dtype: Any = None,
            casting: Any = "safe", order: str = "K") -> Any:
    """NumPy's einsum: the operands in their common dtype, or in ``dtype`` where ``casting``
    allows (tensors have no memory order to choose)."""
    subscripts, *arrays = operands
    if out is not None or not isinstance(subscripts, str):
        raise decline("the torch backend's einsum takes subscripts as a string and no out=")
    tensors = [_prepare(a) for a in arrays]
    if dtype is None:
        tensors = _operands(*tensors)
    else:  # (NumPy's TypeError where casting forbids)
        target = sem.join_dtype([to_numpy_dtype(t.dtype) for t in tensors],
                                _host(_dtype(dtype)), casting)
        tensors = [t.to(_dtype(target)) for t in tensors]
    result = _logical(torch.einsum)(subscripts, *tensors)
    # torch sums int8/16/32 and uint8 in int64: NumPy's dtype is the operands' (wrapping alike)
    return result if not tensors or result.dtype is tensors[0].dtype or result.dtype is _BOOL \
        else result.to(tensors[0].dtype)


def _tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    if not isinstance(axes, int):
        axes = tuple([x] if isinstance(x, int) else list(x) for x in axes)
    return _logical(torch.tensordot)(*_alike(a, b), dims=axes)


def _floated(function: Callable[..., Any], arrays: int = 1) -> Callable[..., Any]:
    """``function`` taking NumPy's linalg inputs: its first ``arrays`` arguments as tensors
    of their common dtype, integers and booleans as float64 (torch's linalg takes floats of
    one dtype only)."""
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        tensors = _operands(*map(_prepare, args[:arrays]))
        dtype = tensors[0].dtype if tensors[0].dtype in _INEXACT else _F64
        return function(*(t.to(dtype) for t in tensors), *args[arrays:], **kwargs)

    return call


@_floated
def _qr(a: Any, mode: str = "reduced") -> Any:
    if mode == "r":
        return torch.linalg.qr(a, mode="r").R
    if mode not in ("reduced", "complete"):
        raise decline(f"torch.linalg.qr takes no mode={mode!r}")
    return torch.linalg.qr(a, mode=mode)


@_floated
def _norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    if ord is None and axis is None:
        return torch.linalg.vector_norm(x, dim=None, keepdim=keepdims)
    return torch.linalg.norm(x, ord=ord, dim=axis, keepdim=keepdims)


@functools.partial(_floated, arrays=2)
def _lstsq(a: Any, b: Any, rcond: Any = None) -> tuple[Any, Any, Any, Any]:
    x, residuals, rank, s = torch.linalg.lstsq(a, b, rcond=rcond, driver="gelsd")
    return x, residuals, rank.to(torch.int32), s  # NumPy's rank: int32


@_floated
def _pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = _NoValue) -> Any:
    rtol = sem.pinv_rtol(rcond, rtol, a.shape, torch.finfo(a.dtype).eps)
    return torch.linalg.pinv(a, rtol=rtol, hermitian=hermitian)


def _resolved(function: Callable[..., Any]) -> Callable[..., Any]:
    """An FFT with its lazily conjugated result made concrete (torch.fft.ifft's result carries
    a conjugate bit that ``numpy()`` refuses), integer input made float."""

    def fft(a: Any, *args: Any, **kwargs: Any) -> Any:
        a = _prepare(a)
        if a.dtype not in _INEXACT:
            a = a.to(_F64)
        return function(a, *args, **kwargs).resolve_conj()

    fft.__name__ = function.__name__
    return fft


# ---------------------------------------------------------------------------
# dtype functions, answered with NumPy's rules in torch's dtypes


def _table() -> dict[str, Any]:
    t = _bind()
    unary = {
        "sin": t.sin, "cos": t.cos, "tan": t.tan, "sinh": t.sinh, "cosh": t.cosh,
        "tanh": t.tanh, "exp": t.exp, "expm1": t.expm1, "log": t.log, "log2": t.log2,
        "log10": t.log10, "log1p": t.log1p, "sqrt": t.sqrt, "exp2": t.exp2,
        "arccos": t.acos, "arcsin": t.asin, "arctan": t.atan, "arccosh": t.acosh,
        "arcsinh": t.asinh, "arctanh": t.atanh, "deg2rad": t.deg2rad, "rad2deg": t.rad2deg,
        "degrees": t.rad2deg, "radians": t.deg2rad,
        "frexp": lambda x: tuple(t.frexp(x)), "square": t.square,
        "negative": t.negative, "positive": t.positive,
        "sign": _sign, "isnan": t.isnan, "isinf": t.isinf, "isfinite": t.isfinite,
        "signbit": t.signbit, "logical_not": t.logical_not, "bitwise_not": t.bitwise_not,
        "invert": t.bitwise_not, "conj": t.conj_physical, "fabs": t.abs,
        "reciprocal": _reciprocal,
    }
    unary_bool = {"floor": t.floor, "ceil": t.ceil, "trunc": t.trunc,
                  "absolute": t.abs}
    #: name: (function, whether it takes a Python scalar as torch's weak scalar)
    binary = {
        "divide": (t.true_divide, False), "true_divide": (t.true_divide, False),
        "arctan2": (t.atan2, False), "hypot": (t.hypot, False),
        "logaddexp": (t.logaddexp, False), "logaddexp2": (t.logaddexp2, False),
        "copysign": (t.copysign, False), "nextafter": (t.nextafter, False),
        "ldexp": (t.ldexp, False),
        # NaN stays NaN (torch.heaviside gives 0 or x2)
        "heaviside": (lambda x1, x2: t.where(t.isnan(x1), x1, t.heaviside(x1, x2)), False),
        "add": (t.add, True), "subtract": (t.subtract, True), "multiply": (t.multiply, True),
        "power": (_power, True), "float_power": (t.float_power, False),
        "logical_and": (t.logical_and, False), "logical_or": (t.logical_or, False),
        "logical_xor": (t.logical_xor, False), "bitwise_and": (t.bitwise_and, False),
        "bitwise_or": (t.bitwise_or, False), "bitwise_xor": (t.bitwise_xor, False),
        "left_shift": (t.bitwise_left_shift, False),
        "right_shift": (t.bitwise_right_shift, False),
        # torch.equal answers "are these tensors equal?" with one bool: not NumPy's equal
        "equal": (t.eq, True), "not_equal": (t.ne, True),
        "gcd": (t.gcd, False), "lcm": (t.lcm, False),
    }
    # uint16/32/64 in the same order as int64 (:func:`_binary`'s ordered)
    comparing = {"less": t.lt, "less_equal": t.le, "greater": t.gt, "greater_equal": t.ge}
    dividing = {"remainder": t.remainder, "mod": t.remainder, "fmod": t.fmod,
                "floor_divide": t.floor_divide,
                "divmod": lambda x1, x2: (t.floor_divide(x1, x2), t.remainder(x1, x2))}
    ordered = _FLOATS | {t.bool, t.int8, t.int16, t.int32, t.int64, t.uint8}  # max's kernels
    table: dict[str, Any] = {
        # ufuncs
        **{name: _unary(f, name) for name, f in unary.items()},
        **{name: _unary(f, name, booleans=True) for name, f in unary_bool.items()},
        "rint": _unary(t.round, "rint", parts=True),
        **{name: _binary(f, name, scalar=f if s else None) for name, (f, s) in binary.items()},
        **{name: _binary(f, name, scalar=f, ordered=True) for name, f in comparing.items()},
        "fmax": _binary(t.fmax, "fmax", ordered=True),
        "fmin": _binary(t.fmin, "fmin", ordered=True),
        **{name: _binary(f, name, scalar=f, divides=True) for name, f in dividing.items()},
        "maximum": _binary(t.maximum, "maximum", scalar=lambda x, b: t.clamp(x, b) if b == b
                           else t.maximum(x, _prepare(b)), ordered=True),
        "minimum": _binary(t.minimum, "minimum", scalar=lambda x, b: t.clamp(x, None, b)
                           if b == b else t.minimum(x, _prepare(b)), ordered=True),
        **{name: _gufunc(f, name) for name, f in (
            ("matmul", t.matmul), ("vecdot", _vecdot),
            ("matvec", lambda a, b: t.matmul(a, b.unsqueeze(-1)).squeeze(-1)),
            ("vecmat", lambda a, b:  # NumPy's vecmat conjugates the vector
             t.matmul(a.conj().unsqueeze(-2), b).squeeze(-2).resolve_conj()))},
        # creation
        **{name: Adapter(f) for name, f in (
            ("full", _full), ("arange", _arange), ("linspace", _linspace), ("asarray", _asarray),
            ("frombuffer", _frombuffer), ("from_dlpack", _from_dlpack))},
        **{f"{side}_indices": Adapter(lambda n, k=0, m=None, f=f: tuple(f(n, n if m is None
                                                                          else m, k)))
           for side, f in (("tril", t.tril_indices), ("triu", t.triu_indices))},
        **{f"{side}_indices_from": Native(lambda arr, k=0, f=f: tuple(f(*arr.shape[-2:], k)))
           for side, f in (("tril", t.tril_indices), ("triu", t.triu_indices))},
        # torch's own, with NumPy's meaning (float64 where NumPy's default dtype is)
        # (torch's builtins take any keyword: these signatures decline NumPy's others)
        **{name: Native(lambda shape, dtype=None, *, device=None, f=f: f(
            shape, dtype=_F64 if dtype is None else dtype, device=device)) for name, f in (
            ("zeros", t.zeros), ("ones", t.ones), ("empty", t.empty))},
        **{name: Native(lambda a, dtype=None, *, device=None, f=f: f(a, dtype=dtype,
                                                                      device=device),
                        drop=("subok",)) for name, f in (
            ("zeros_like", t.zeros_like), ("ones_like", t.ones_like),
            ("empty_like", t.empty_like))},
        "copy": Native(lambda a: t.clone(a), drop=("subok",)),
        "rot90": Native(t.rot90, rename={"axes": "dims"}),
        **{name: f for name, f in (("fliplr", t.fliplr), ("flipud", t.flipud),
                                   ("isreal", t.isreal), ("isposinf", t.isposinf),
                                   ("isneginf", t.isneginf))},
        **{name: Native(f) for name, f in (("atleast_1d", t.atleast_1d),
                                             ("atleast_2d", t.atleast_2d),
                                             ("atleast_3d", t.atleast_3d),
                                             ("argwhere", t.argwhere))},
        "vander": Native(_vander),
        # products and comparisons in NumPy's common dtype (torch's take one dtype)
        "tensordot": Adapter(_tensordot),
        "outer": Native(lambda a, b: t.outer(*_alike(a.reshape(-1), b.reshape(-1)))),
        "kron": Native(lambda a, b: t.kron(*_alike(a, b))),
        "inner": Native(lambda a, b: _logical(t.inner)(*_alike(a, b))),
        # NumPy's vdot sums in the operands' dtype (the default's sum: int32 in int64)
        "vdot": Native(lambda a, b: _vecdot(_prepare(a).reshape(-1), _prepare(b).reshape(-1))),
        "average": Adapter(_average),
        "diag_indices": Adapter(lambda n, ndim=2: (t.arange(n),) * ndim),
        "diag_indices_from": Native(lambda arr: sem.diag_indices_from(xp, arr)),
        "astype": Native(xp.astype),
        **{name: Native(f, fixed={"periodic": False, "dtype": t.float64}) for name, f in (
            ("bartlett", t.bartlett_window), ("blackman", t.blackman_window),
            ("hamming", t.hamming_window), ("hanning", t.hann_window))},
        "kaiser": Adapter(lambda M, beta: t.kaiser_window(M, periodic=False, beta=float(beta),
                                                          dtype=t.float64)),
        # reductions ([speed]: also a default, kept as one torch call instead of several)
        "sum": _common_call(t.sum, "sum", _INEXACT, _sum_like(xp.sum, "sum", 0, t.add)),
        "prod": _common_call(t.prod, "prod", _INEXACT, _sum_like(xp.prod, "prod", 1, t.mul)),
        # [speed]: the common call is one torch call, any other the default's
        "nansum": _common_call(t.nansum, "nansum", _FLOATS),
        "mean": _common_call(t.mean, "mean", _INEXACT),
        "nanmean": _common_call(t.nanmean, "nanmean", _FLOATS),
        "std": _common_call(t.std, "std", _INEXACT, _std, correction=0),
        "var": _common_call(t.var, "var", _INEXACT, correction=0),
        "all": _common_call(t.all, "all", _FLOATS | {t.bool}),
        "any": _common_call(t.any, "any", _FLOATS | {t.bool}),
        **{name: _common_call(f, name, ordered, _extremum(r, name), whole)
           for name, f, r, whole in (
               ("max", t.amax, xp.max, t.max), ("min", t.amin, xp.min, t.min),
               ("amax", t.amax, xp.max, t.max), ("amin", t.amin, xp.min, t.min))},  # [speed]
        **{name: Adapter(_extremum(None, name)) for name in ("nanmax", "nanmin")},  # complex
        # (no kinds: every call is the slow one's, with NumPy's AxisError)
        **{name: _common_call(f, name, frozenset(), slow) for name, f, slow in (
            ("argmax", t.argmax, _arg_extremum(t.argmax, "argmax")),
            ("argmin", t.argmin, _arg_extremum(t.argmin, "argmin")),
            ("nanargmax", t.argmax, _arg_extremum(t.argmax, "nanargmax", nan_aware=True)),
            ("nanargmin", t.argmin, _arg_extremum(t.argmin, "nanargmin", nan_aware=True)),
            ("cumsum", t.cumsum, _cumulative(t.cumsum, "cumsum")),
            ("cumprod", t.cumprod, _cumulative(t.cumprod, "cumprod")))},
        **{name: Adapter(_median(_quantile_like(name, 1.0, f)))
           for name, f in (("median", t.quantile), ("nanmedian", t.nanquantile))},
        **{name: Adapter(_quantile_like(name, scale, f)) for name, scale, f in (
            ("quantile", 1.0, t.quantile), ("nanquantile", 1.0, t.nanquantile),
            ("percentile", 100.0, t.quantile), ("nanpercentile", 100.0, t.nanquantile))},
        **{name: Adapter(f) for name, f in (
            ("histogram", _histogram), ("histogramdd", _histogramdd),
            ("histogram2d", functools.partial(sem.histogram2d, _histogramdd)))},
        "histogram_bin_edges": Adapter(lambda a, bins=10, range=None, weights=None:
                                       _histogram(a, bins, range, None, weights)[1]),
        "bincount": Native(lambda x, /, weights=None, minlength=0: t.bincount(
            x, None if weights is None else weights.to(t.float64), minlength)),
        # elementwise functions that are not ufuncs
        **{name: Adapter(f) for name, f in (
            ("round", _round), ("nan_to_num", _nan_to_num), ("angle", _angle),
            ("i0", _i0))},
        "clip": sem.clip("torch", _clip, write=lambda result, out: _to_out(result, out, "clip")),
        # _where's first check, in the engine: a boolean condition, x and y of one dtype
        "where": Adapter(guarded(_where, t.where, owner=t.Tensor, arity=3, lead_dtypes=[t.bool])),
        "real": t.real,  # a real tensor's is itself, as NumPy's
        "imag": Native(lambda val: t.imag(val) if val.is_complex() else t.zeros_like(val)),
        "sinc": Native(lambda x: t.sinc(_float64(x))),
        # shape and order
        # the common calls, in the engine (shapes checked by torch; where it refuses, the
        # adapter is called, and the engine raises NumPy's error: LibraryBackend.explain_error)
        "reshape": Adapter(guarded(_reshape, t.reshape, owner=t.Tensor, arity=1, shape=True)),
        # [speed]: the common call of a tensor is one torch call, any other the default's
        # (ravel in order F, expand_dims of a tuple, squeeze of axes, each checked)
        "ravel": Adapter(lambda a, order="C": t.ravel(a) if order == "C" and type(a) is _Tensor
                         else NotImplemented),
        "expand_dims": Adapter(lambda a, axis: t.unsqueeze(a, axis)
                               if type(axis) is int and type(a) is _Tensor else NotImplemented),
        "squeeze": Adapter(lambda a, axis=None: t.squeeze(a)
                           if axis is None and type(a) is _Tensor else NotImplemented),
        "transpose": Adapter(guarded(_transpose, t.t, owner=t.Tensor, arity=1, max_ndim=2)),
        "permute_dims": Adapter(_transpose),  # [speed]
        "matrix_transpose": Native(xp.matrix_transpose),  # [speed]
        "moveaxis": t.movedim,  # [speed]
        "swapaxes": t.swapaxes,  # [speed]
        "broadcast_to": Native(lambda array, shape: t.broadcast_to(array, _shape(shape)),
                               drop=("subok",)),
        "broadcast_arrays": Native(t.broadcast_tensors, drop=("subok",)),  # [speed]
        "flip": Native(xp.flip),  # the default slices [::-1], which tensors refuse
        "diagonal": Native(t.diagonal, rename={"axis1": "dim1", "axis2": "dim2"}),
        "repeat": Adapter(_repeat),
        # a tensor's .shape is a torch.Size: NumPy's shape, a tuple
        "shape": Adapter(lambda a: tuple(_prepare(a).shape)),
        # joining and splitting
        **{name: Adapter(guarded(function, fast, owner=t.Tensor, arity=1, sequence=True,
                                 axis=True))
           for name, function, fast in (("concatenate", _concatenate, t.cat),
                                        ("concat", _concatenate, t.cat),  # [speed]
                                        ("stack", _stack, t.stack))},  # [speed]
        # indexing, searching and sorting
        "take": Adapter(lambda a, indices, axis=None, out=None, mode="raise": _finish(
            sem.take(xp, _prepare(a), _index(indices), axis, mode), out, "take")),
        "take_along_axis": Adapter(_take_along_axis),
        **{name: Adapter(f) for name, f in (
            ("put", _put), ("put_along_axis", _put_along_axis),
            ("fill_diagonal", _fill_diagonal), ("copyto", _copyto),
            ("searchsorted", _searchsorted), ("digitize", _digitize), ("unique", _unique),
            ("gradient", _gradient))},
        "trapezoid": Adapter(_trapezoid),
        "unravel_index": Adapter(lambda indices, shape, order="C": sem.unravel_index(
            t.unravel_index, _prepare(indices), shape, order)),
        "extract": Adapter(lambda condition, arr: t.masked_select(
            _prepare(arr).reshape(-1), _prepare(condition).reshape(-1).bool())),
        "sort": _sorting(lambda *args, **kwargs: t.sort(*args, **kwargs).values, "sort"),
        "argsort": _sorting(t.argsort, "argsort"),
        "sort_complex": Native(_sort_complex),
        "nonzero": Native(lambda a: sem.nonzero(xp, a)),
        **sem.unique_functions(_unique),
        "isin": Adapter(_isin),
        "cross": Adapter(lambda a, b, axisa=-1, axisb=-1, axisc=-1, axis=None: sem.numpy_cross(
            xp, *_alike(a, b), axisa, axisb, axisc, axis)),
        # products
        "dot": Adapter(guarded(_dot, t.matmul, owner=t.Tensor, arity=2, max_ndim=2)),
        "einsum": Adapter(_einsum),
        # dtype functions, with NumPy's rules
        **sem.dtype_functions(lambda v: _host(v.dtype if isinstance(v, _Tensor) else v),
                              _dtype),
        "isdtype": sem.isdtype_function(lambda: xp, _dtype),
        # linalg: integer inputs in float64, as NumPy's
        **{f"linalg.{name}": _floated(getattr(t.linalg, name)) for name in (
            "inv", "det", "eigh", "eigvalsh", "svdvals", "cholesky", "cond", "slogdet",
            "tensorinv")},
        "linalg.solve": _floated(t.linalg.solve, 2),
        "linalg.tensorsolve": Native(_floated(t.linalg.tensorsolve, 2), rename={"axes": "dims"}),
        **{f"linalg.{name}": Adapter(f) for name, f in (
            ("qr", _qr), ("norm", _norm), ("pinv", _pinv), ("lstsq", _lstsq),
            # (a Hermitian matrix's SVD is any matrix's)
            ("svd", _floated(lambda a, full_matrices=True, compute_uv=True, hermitian=False:
                             sem.svd(t, a, full_matrices, compute_uv))),
            ("matrix_rank", _floated(lambda A, tol=None, hermitian=False, *, rtol=None:
                                     sem.matrix_rank(xp, A, tol, hermitian, rtol, t.int64))),
            ("eig", _floated(lambda a: sem.eig(xp, a))),
            ("eigvals", _floated(lambda a: sem.eigvals(xp, a))))},
        "linalg.matrix_norm": Native(_floated(t.linalg.matrix_norm),
                                     rename={"keepdims": "keepdim"}),
        "linalg.vector_norm": Native(_floated(t.linalg.vector_norm),
                                     rename={"axis": "dim", "keepdims": "keepdim"}),
        "linalg.matrix_power": Native(lambda a, n: (  # (a boolean inverse is NumPy's error)
            _logical(t.linalg.matrix_power) if n >= 0 else t.linalg.matrix_power)(a, n)),
        # a 1-D first or last array as NumPy's
        "linalg.multi_dot": Native(lambda arrays, *, out=None: _finish(_logical(
            lambda *a: t.linalg.multi_dot(_operands(*a)))(*arrays), out, "multi_dot")),
        "linalg.vecdot": Native(_vecdot),
        "linalg.cross": Adapter(lambda x1, x2, /, *, axis=-1: sem.cross(xp, *_alike(x1, x2),
                                                                        axis)),
        "linalg.diagonal": t.linalg.diagonal,
        # NumPy's trace: summed as :func:`_accumulated` says
        "linalg.trace": Adapter(lambda x, /, *, offset=0, dtype=None: _accumulated(
            lambda d, dtype: d.sum(-1, dtype=dtype), t.linalg.diagonal(_prepare(x), offset=offset),
            dtype)),
        "linalg.outer": Adapter(lambda x1, x2, /: sem.linalg_outer(t, _prepare(x1),
                                                                   _prepare(x2))),
        "linalg.tensordot": Adapter(lambda x1, x2, /, *, axes=2: _tensordot(x1, x2, axes)),
        "linalg.matrix_transpose": Native(xp.matrix_transpose),
        "linalg.matmul": Native(_logical(t.matmul)),
        # fft
        **{f"fft.{name}": Native(_resolved(getattr(t.fft, name)),
                                 rename={"axis": "dim", "axes": "dim"})
           for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2",
                        "rfft2", "irfft2", "fftn", "ifftn", "rfftn", "irfftn")},
        **{f"fft.{name}": Native(getattr(t.fft, name), rename={"axes": "dim"})
           for name in ("fftshift", "ifftshift")},
        # NumPy's float64, not torch's float32, unless dtype= says otherwise
        **{f"fft.{name}": Native(getattr(t.fft, name), fixed={"dtype": t.float64})
           for name in ("fftfreq", "rfftfreq")},
    }
    table.update(array_api_info("array_api_compat.torch", numpy_defaults=True))
    table.update(sem.numpy_random(torch.as_tensor, _host))
    return table


def _host(value: Any) -> Any:
    """A tensor or torch dtype as NumPy's (random draws are NumPy's, see the docstring; the
    harness's results; the dtype functions' arguments)."""
    if isinstance(value, _Tensor):
        return value.numpy(force=True)
    return to_numpy_dtype(value) if isinstance(value, torch.dtype) else value


#: Words of torch's linalg errors -> NumPy's LinAlgError message for them.
_LINALG_MESSAGES = (("singular", "Singular matrix"),
                    ("positive-definite", "Matrix is not positive definite"))


def _numpy_error(method: Callable[..., Any], args: tuple[Any, ...], kwargs: Any,
                 exc: BaseException) -> BaseException | None:
    """NumPy's ``LinAlgError`` (``unp.linalg.LinAlgError``) for torch's linalg errors, with
    NumPy's message: a singular matrix, one not positive definite, a non-square matrix or one
    of fewer than two dimensions (torch's RuntimeError for those); ``None`` for others."""
    text = str(exc)
    if isinstance(exc, torch.linalg.LinAlgError):
        return np.linalg.LinAlgError(next((numpy for words, numpy in _LINALG_MESSAGES
                                           if words in text), text))
    if not isinstance(exc, RuntimeError) or not args or \
            getattr(method, "__module__", "") != "overridable.numpy.linalg":
        return None
    shape = tuple(getattr(args[0], "shape", ()))
    if "at least 2 dimensions" in text and len(shape) < 2:
        return np.linalg.LinAlgError(f"{len(shape)}-dimensional array given. Array must be at "
                                     "least two-dimensional")
    if "square" in text and len(shape) >= 2 and shape[-1] != shape[-2]:
        return np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
    return None


#: torch, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="torch",
    module="torch",
    types=_types,
    absorbs=sem.with_generators,
    table=_table,
    dtype=_dtype,
    prepare=_prepare,
    convert=converter(_prepare, _dtype, (TypeError, ValueError, RuntimeError)),
    out=_out,
    to_numpy=_host,
    errors=_numpy_error,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
