"""The CuPy backend: ``overridable.numpy`` served by ``cupy`` on an NVIDIA GPU.

It owns ``cupy.ndarray`` and absorbs NumPy scalars and dtypes (CuPy's
dtypes *are* NumPy's), but not NumPy arrays: CuPy never copies host memory
to the device behind the caller's back, and neither does this backend. A
call mixing a CuPy array and a NumPy array is refused (the error names both
types); ``set_backend("cupy", coerce=True)`` converts the NumPy array with
``cupy.asarray``. Python scalars and lists are taken by every backend, and
become device arrays here, so ``with ov.set_backend("cupy"):
library_function([1, 2, 3])`` runs on the GPU.

CuPy follows NumPy's API name for name, so the table is one explicit list of
NumPy names (:data:`NAMES`, :data:`LINALG`, :data:`FFT`; a test checks that
each is a CuPy function) and nothing is looked up beyond it. Left out on
purpose: ``piecewise`` (CuPy's takes scalars only, not functions), the
``poly*`` family (CuPy returns ``poly1d`` objects where NumPy returns
arrays), NumPy's own functions that CuPy re-exports (``promote_types``,
``broadcast_shapes``: NumPy serves them), string formatting and I/O, and
``random`` (CuPy's generators give other streams than NumPy's for the same
seed). An argument CuPy's function
does not take (``initial=``, ``where=`` of reductions, ``device=``) makes the
backend decline with a message naming it.

Use it as ``ov.set_backend("cupy")``, ``ov.set_backend(cupy)`` or
``ov.register_backend("cupy")``. ``cupy`` is imported when the backend is
built; importing it works without a GPU, but every allocation needs one
(:func:`gpu_available` says whether there is one).

This module imports NumPy and, lazily, ``cupy``; nothing else.

Examples
--------
>>> import overridable as ov
>>> ov.as_backend("cupy").name
'cupy'
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from overridable.numpy._ufunc_declarations import UFUNCS as _NUMPY_UFUNCS

from ._common import Library, Native, build, converter, decline, importer, lazy_backend
from ._semantics import MIRRORED
from .fft import HELPERS, TRANSFORMS

__all__ = ["FFT", "LIBRARY", "LINALG", "NAMES", "UFUNCS", "backend", "gpu_available"]

#: NumPy's ufuncs that CuPy has under the same name, with NumPy's semantics: all of them but
#: ``isnat``, ``spacing`` and the vector products, and four of their other names.
UFUNCS: tuple[str, ...] = (
    *(name for name in _NUMPY_UFUNCS if name not in ("isnat", "spacing", "matvec", "vecdot",
                                                        "vecmat")),
    "bitwise_not", "conj", "mod", "true_divide",
)

#: NumPy's functions (not ufuncs) that CuPy has under the same name, with NumPy's semantics.
NAMES: tuple[str, ...] = (
    *MIRRORED,
    # and CuPy's more: memory layout, in-place writes, dtypes
    "asanyarray", "ascontiguousarray", "asfortranarray", "require", "clip", "fix",
    "real_if_close", "isfortran", "put", "put_along_axis", "putmask", "place", "fill_diagonal",
    "copyto", "may_share_memory", "shares_memory", "result_type", "can_cast",
)

#: ``numpy.linalg``'s functions that ``cupy.linalg`` has.
LINALG: tuple[str, ...] = (
    "cholesky", "cond", "cross", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "lstsq",
    "matmul", "matrix_power", "matrix_rank", "matrix_transpose", "norm", "pinv", "qr",
    "slogdet", "solve", "svd", "tensorinv", "tensorsolve",
)

#: ``numpy.fft``'s functions: ``cupy.fft`` has them all.
FFT: tuple[str, ...] = TRANSFORMS + HELPERS


_cupy = importer("cupy")


def gpu_available() -> bool:
    """Whether CuPy is installed and sees at least one GPU (no allocation is made).

    >>> isinstance(gpu_available(), bool)
    True
    """
    try:
        return int(_cupy().cuda.runtime.getDeviceCount()) > 0
    except Exception:  # no cupy, no driver, a driver too old for the runtime
        return False


def _types() -> tuple[type, ...]:
    return (_cupy().ndarray,)


def _absorbs() -> tuple[type, ...]:
    # Not np.ndarray: no implicit host-to-device copies (coerce=True asks for one).
    return (np.generic, np.dtype)


def _prepare(value: Any) -> Any:
    cupy = _cupy()
    # Python scalars stay as they are: NumPy 2 promotes them "weakly", 0-d arrays not.
    if isinstance(value, cupy.ndarray | bool | int | float | complex) or value is None:
        return value
    return cupy.asarray(np.asarray(value))


def _out(out: Any) -> Any:
    if isinstance(out, _cupy().ndarray):
        return out
    raise decline(f"the CuPy backend takes only a cupy.ndarray as out=, not "
                  f"{type(out).__module__}.{type(out).__qualname__}")


def _table() -> dict[str, Any]:
    cupy = _cupy()
    table: dict[str, Any] = {}
    for name in (*NAMES, *UFUNCS):
        table[name] = Native(getattr(cupy, name), drop=("like",))  # (it selects the backend)
    for name in LINALG:
        table[f"linalg.{name}"] = getattr(cupy.linalg, name)
    for name in FFT:
        table[f"fft.{name}"] = getattr(cupy.fft, name)
    return table


#: CuPy, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="cupy",
    module="cupy",
    types=_types,
    absorbs=_absorbs,
    table=_table,
    prepare=_prepare,
    convert=converter(lambda value: _cupy().asarray(value)),
    out=_out,
)

def _needing_gpu(impl: Any) -> Any:
    """``impl``, raising a clear ``RuntimeError`` where CuPy finds no usable GPU."""

    @functools.wraps(impl)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return impl(*args, **kwargs)
        except Exception as exc:
            if not type(exc).__module__.startswith(("cupy_backends.cuda", "cupy.cuda")):
                raise
            raise RuntimeError(
                f"the cupy backend needs an NVIDIA GPU and driver, and CuPy finds none here "
                f"({exc}); use another backend, e.g. ov.set_backend('numpy')") from exc

    return call


def _make() -> Any:
    built = build(LIBRARY)
    if not gpu_available():  # the backend still builds: its table can be inspected
        for multimethod, impl in list(built.implementations.items()):
            built.implement(multimethod)(_needing_gpu(impl))
    return built


backend: Any
__getattr__ = lazy_backend(__name__, _make)
