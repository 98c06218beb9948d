"""The array-API backend: ``overridable.numpy`` served by any library that follows the
Python array API standard, with no backend of its own (array-api-strict, ndonnx, ...).

The standard fixes the names and semantics of its functions, so this
backend's table maps NumPy's names to the standard's (``concatenate`` ->
``concat``, ``transpose`` -> ``permute_dims``, ``arccos`` -> ``acos``,
``power`` -> ``pow``, ``ddof=`` -> ``correction=``) once, for every
library. Namespaces come from array-api-compat (``array_namespace``), which
also wraps NumPy, CuPy, torch and Dask into conforming namespaces.

Two kinds of backend are built from that one table:

- :func:`backend_for` ``(xp)``: the backend of one namespace. It owns that
  namespace's array type (and its dtype type, where the library has one), and
  creation without array arguments (``unp.ones(3)``) builds ``xp`` arrays.
  ``"array_api_strict"`` names the one for array-api-strict.
- ``backend`` (``"array_api"``): the generic backend. It cannot list its types
  up front, so it *claims* every type that has ``__array_namespace__``
  (NumPy's own arrays excepted: NumPy serves those), finds the namespace from
  the call's arrays and hands the call to that namespace's backend. A call
  with no array of such a library (``unp.ones(3)``) is declined with a message:
  the generic backend has no namespace to create in.

Libraries with a backend of their own (JAX, Sparse, Dask) also carry
``__array_namespace__``; when both are registered, the one registered first
serves them. NumPy arrays and scalars are absorbed (``xp.asarray``); what the
standard lacks (``out=``, ``order=``, NumPy's ``where=``) is declined by name.

This module imports NumPy and, lazily, ``array_api_compat`` and the
namespaces it is given; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> import array_api_strict as xp
>>> x = xp.asarray([[1.0, 2.0], [3.0, 4.0]])
>>> with ov.set_backend("array_api"):
...     y = unp.concatenate([x, x], axis=1)
>>> type(y).__module__, y.shape
('array_api_strict._array_object', (2, 4))
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from ._common import Adapter, Library, LibraryBackend, Native, build, decline, multimethod_for

__all__ = ["STANDARD", "backend", "backend_for"]

_NoValue: Any = np._NoValue

#: NumPy's name -> the standard's name, for functions whose parameters NumPy's callers
#: give by position or under the standard's own keywords.
STANDARD: dict[str, str] = {
    # creation
    "arange": "arange", "asarray": "asarray", "empty": "empty", "zeros": "zeros",
    "ones": "ones", "full": "full", "empty_like": "empty_like", "zeros_like": "zeros_like",
    "ones_like": "ones_like", "full_like": "full_like", "tril": "tril", "triu": "triu",
    "meshgrid": "meshgrid", "astype": "astype",
    # reductions and statistics
    "sum": "sum", "prod": "prod", "mean": "mean", "max": "max", "min": "min", "amax": "max",
    "amin": "min", "all": "all", "any": "any", "argmax": "argmax", "argmin": "argmin",
    "std": "std", "var": "var", "cumulative_sum": "cumulative_sum",
    "cumulative_prod": "cumulative_prod", "count_nonzero": "count_nonzero", "diff": "diff",
    # shape and order
    "reshape": "reshape", "matrix_transpose": "matrix_transpose", "flip": "flip",
    "roll": "roll", "moveaxis": "moveaxis", "broadcast_to": "broadcast_to",
    "broadcast_arrays": "broadcast_arrays", "concatenate": "concat", "concat": "concat",
    "stack": "stack", "unstack": "unstack", "tile": "tile", "repeat": "repeat",
    # searching, sorting, sets
    "nonzero": "nonzero", "argsort": "argsort", "sort": "sort",
    "searchsorted": "searchsorted", "take": "take", "unique_values": "unique_values",
    "unique_counts": "unique_counts", "unique_inverse": "unique_inverse",
    "unique_all": "unique_all",
    # products
    "matmul": "matmul", "tensordot": "tensordot", "vecdot": "vecdot",
    # elementwise, standard names equal to NumPy's
    **{name: name for name in (
        "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh",
        "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_or",
        "bitwise_right_shift", "bitwise_xor", "ceil", "conj", "copysign", "cos", "cosh",
        "divide", "equal", "exp", "expm1", "floor", "floor_divide", "greater",
        "greater_equal", "hypot", "imag", "isfinite", "isinf", "isnan", "less", "less_equal",
        "log", "log1p", "log2", "log10", "logaddexp", "logical_and", "logical_not",
        "logical_or", "logical_xor", "maximum", "minimum", "multiply", "negative",
        "nextafter", "not_equal", "positive", "pow", "real", "reciprocal", "remainder",
        "round", "sign", "signbit", "sin", "sinh", "square", "sqrt", "subtract", "tan",
        "tanh", "trunc")},
    # elementwise, NumPy's names for the standard's functions
    "absolute": "abs", "arccos": "acos", "arccosh": "acosh", "arcsin": "asin",
    "arcsinh": "asinh", "arctan": "atan", "arctan2": "atan2", "arctanh": "atanh",
    "power": "pow", "invert": "bitwise_invert", "bitwise_not": "bitwise_invert",
    "left_shift": "bitwise_left_shift", "right_shift": "bitwise_right_shift",
    "true_divide": "divide", "mod": "remainder", "conjugate": "conj",
    # the linalg extension
    **{f"linalg.{name}": f"linalg.{name}" for name in (
        "cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul",
        "matrix_norm", "matrix_power", "matrix_transpose", "outer", "qr", "slogdet", "solve",
        "svd", "svdvals", "tensordot", "trace", "vecdot", "vector_norm")},
    # the fft extension
    **{f"fft.{name}": f"fft.{name}" for name in (
        "fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
        "fftfreq", "rfftfreq", "fftshift", "ifftshift")},
}

#: Parameters whose names differ, per standard function.
_RENAME: dict[str, dict[str, str]] = {
    "std": {"ddof": "correction"}, "var": {"ddof": "correction"},
}


def _compat() -> Any:
    import array_api_compat

    return array_api_compat


def _lookup(xp: Any, path: str) -> Any:
    for part in path.split("."):
        xp = getattr(xp, part, None)
        if xp is None:
            return None
    return xp


def _adapters(xp: Any) -> dict[str, Callable[..., Any]]:
    """NumPy's functions whose signatures differ from the standard's beyond names."""

    def prepare(value: Any) -> Any:
        if isinstance(value, np.ndarray | np.generic | list | tuple):
            return xp.asarray(value)
        return value

    def eye(N: int, M: Any = None, k: int = 0, dtype: Any = float, order: str = "C", *,
            device: Any = None, like: Any = None) -> Any:
        if order != "C":
            raise decline("the array API's eye takes no order=")
        dt = None if dtype is float else _dtype_in(xp, dtype)
        return xp.eye(N, M, k=k, dtype=dt, **({} if device is None else {"device": device}))

    def linspace(start: Any, stop: Any, num: int = 50, endpoint: bool = True,
                 retstep: bool = False, dtype: Any = None, axis: int = 0, *,
                 device: Any = None) -> Any:
        if retstep or axis != 0:
            raise decline("the array API's linspace takes no retstep= or axis=")
        kw: dict[str, Any] = {"endpoint": endpoint}
        if dtype is not None:
            kw["dtype"] = _dtype_in(xp, dtype)
        if device is not None:
            kw["device"] = device
        return xp.linspace(start, stop, num, **kw)

    def transpose(a: Any, axes: Any = None) -> Any:
        a = prepare(a)
        return xp.permute_dims(a, tuple(reversed(range(a.ndim))) if axes is None else axes)

    def squeeze(a: Any, axis: Any = None) -> Any:
        a = prepare(a)
        if axis is None:
            axis = tuple(i for i, n in enumerate(a.shape) if n == 1)
        return xp.squeeze(a, axis=axis)

    def expand_dims(a: Any, axis: Any) -> Any:
        return xp.expand_dims(prepare(a), axis=axis)

    def where(condition: Any, x: Any = None, y: Any = None, /) -> Any:
        condition = prepare(condition)
        if x is None and y is None:
            return xp.nonzero(condition)
        return xp.where(condition, prepare(x), prepare(y))

    def clip(a: Any, a_min: Any = _NoValue, a_max: Any = _NoValue, out: Any = None, *,
             min: Any = _NoValue, max: Any = _NoValue, **kwargs: Any) -> Any:
        if out is not None or kwargs:
            raise decline("the array API's clip takes no out= or ufunc keywords")
        low = a_min if a_min is not _NoValue else None if min is _NoValue else min
        high = a_max if a_max is not _NoValue else None if max is _NoValue else max
        return xp.clip(prepare(a), min=low, max=high)

    adapters: dict[str, Callable[..., Any]] = {
        "eye": eye, "linspace": linspace, "transpose": transpose, "permute_dims": transpose,
        "squeeze": squeeze, "expand_dims": expand_dims, "where": where, "clip": clip}
    fft = getattr(xp, "fft", None)
    if fft is not None:
        for name in ("fft", "ifft", "fftn", "ifftn"):
            adapters[f"fft.{name}"] = _complex_input(xp, getattr(fft, name))
    return adapters


def _complex_input(xp: Any, function: Callable[..., Any]) -> Callable[..., Any]:
    """The standard's complex-to-complex FFTs take complex input only; NumPy's take real."""

    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        a = xp.asarray(a) if isinstance(a, np.ndarray | np.generic | list | tuple) else a
        if not xp.isdtype(a.dtype, "complex floating"):
            a = xp.astype(a, xp.complex64 if a.dtype == xp.float32 else xp.complex128)
        return function(a, *args, **kwargs)

    # Native's keyword translation applies on top: NumPy's n=, axis=, norm= are the standard's.
    call.__wrapped__ = function  # type: ignore[attr-defined]
    call.__name__ = getattr(function, "__name__", "fft")
    return call


def _dtype_in(xp: Any, value: Any) -> Any:
    """Any dtype spelling -> ``xp``'s dtype of the same name."""
    if isinstance(value, type(xp.float64)) and not isinstance(value, type | np.dtype):
        return value
    name = str(value) if not isinstance(value, type | np.dtype | str) else np.dtype(value).name
    found = getattr(xp, name.rsplit(".", 1)[-1], None)
    if found is None:
        raise decline(f"{xp.__name__} has no dtype for {value!r}")
    return found


def _library(xp: ModuleType) -> Library:
    name = f"array_api[{xp.__name__}]"

    def types() -> tuple[type, ...]:
        own: list[type] = [type(xp.asarray(0))]
        dtype_type = type(xp.float64)
        if not issubclass(dtype_type, type | np.dtype | str):
            own.append(dtype_type)
        return tuple(own)

    def prepare(value: Any) -> Any:
        if isinstance(value, np.ndarray | np.generic | list | tuple):
            return xp.asarray(value)
        return value

    def convert(value: Any, dispatch_type: Any) -> Any:
        try:
            return _dtype_in(xp, value) if dispatch_type == "dtype" else xp.asarray(value)
        except Exception:
            return NotImplemented

    def out(value: Any) -> Any:
        raise decline(f"{xp.__name__} (array API) takes no out=: the standard's functions "
                      "return new arrays")

    def table() -> dict[str, Any]:
        entries: dict[str, Any] = {}
        for numpy_name, standard_name in STANDARD.items():
            function = _lookup(xp, standard_name)
            if function is not None:
                entries[numpy_name] = Native(
                    function, rename=_RENAME.get(standard_name, {}),
                    drop=("like",))
        for numpy_name, adapter in _adapters(xp).items():
            entries[numpy_name] = (Native(adapter) if hasattr(adapter, "__wrapped__")
                                   else Adapter(adapter))
        return entries

    return Library(name=name, module=xp.__name__, types=types, table=table,
                   dtype=lambda value: _dtype_in(xp, value), prepare=prepare,
                   convert=convert, out=out)


_lock = threading.RLock()
_backends: dict[str, LibraryBackend] = {}


def backend_for(xp: ModuleType) -> LibraryBackend:
    """The backend of one array-API namespace (built once per namespace).

    >>> import array_api_strict as xp
    >>> backend_for(xp).name, backend_for(xp) is backend_for(xp)
    ('array_api[array_api_strict]', True)
    """
    with _lock:
        built = _backends.get(xp.__name__)
        if built is None:
            built = _backends[xp.__name__] = build(_library(xp))
        return built


def _arrays_in(values: Any) -> list[Any]:
    found: list[Any] = []
    for value in values:
        if isinstance(value, list | tuple):
            found.extend(_arrays_in(value))
        elif hasattr(value, "__array_namespace__") and not isinstance(
                value, np.ndarray | np.generic):
            found.append(value)
    return found


def _claims(value_type: type) -> bool:
    return hasattr(value_type, "__array_namespace__") and not issubclass(
        value_type, np.ndarray | np.generic)


def _forward(numpy_name: str) -> Callable[..., Any]:
    """The generic backend's implementation: find the namespace, call its backend."""
    multimethod = multimethod_for(numpy_name)

    def forward(*args: Any, **kwargs: Any) -> Any:
        arrays = _arrays_in((*args, *kwargs.values()))
        if not arrays:
            raise decline(f"the generic array-API backend has no namespace for {numpy_name} "
                          "without an array argument: use ov.set_backend(overridable.backends"
                          ".array_api.backend_for(xp)) (or 'array_api_strict') to create")
        try:
            xp = _compat().array_namespace(*arrays)
        except TypeError as exc:
            raise decline(f"{numpy_name}: {exc}") from None
        implementation = backend_for(xp).implementations.get(multimethod)  # type: ignore[arg-type]
        if implementation is None:
            raise decline(f"{xp.__name__} has no {numpy_name} in the array API standard")
        return implementation(*args, **kwargs)

    forward.__name__ = numpy_name.replace(".", "_")
    return forward


def _generic() -> LibraryBackend:
    names = [*STANDARD, *("eye", "linspace", "transpose", "permute_dims", "squeeze",
                          "expand_dims", "where", "clip")]
    return build(Library(
        name="array_api", module="array_api_compat", types=tuple,
        table=lambda: {name: Adapter(_forward(name)) for name in names},
        claims=_claims,
    ))


_generic_built: list[LibraryBackend] = []


def __getattr__(name: str) -> Any:
    if name == "backend":
        with _lock:
            if not _generic_built:
                _generic_built.append(_generic())
            return _generic_built[0]
    if name == "array_api_strict":
        import array_api_strict

        return backend_for(array_api_strict)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


backend: Any
array_api_strict: Any
