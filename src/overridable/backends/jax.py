"""The JAX backend: ``overridable.numpy`` served by ``jax.numpy`` (CPU, GPU or TPU alike).

It owns ``jax.Array`` (and JAX's tracers, so a library function written
against ``overridable.numpy`` runs under ``jax.jit`` and ``jax.grad``) and
absorbs NumPy arrays, scalars and dtypes, which become JAX arrays
(``jax.numpy.asarray``). ``jax.numpy`` mirrors NumPy's names and parameter
names, so most of the table maps a name to the function of the same name;
the table is still explicit, and leaves out what JAX cannot do NumPy's way.

Two differences from NumPy are JAX's and are kept, not papered over:

- **Immutability.** JAX arrays cannot be written to, so ``out=`` is refused
  with a message saying so (never a silent copy into a fresh array), and
  NumPy's in-place functions (``put``, ``place``, ``copyto``,
  ``fill_diagonal``, ``put_along_axis``, ``putmask``) are not in the table.
- **32-bit by default.** Unless ``jax_enable_x64`` is set
  (``jax.config.update("jax_enable_x64", True)`` or ``JAX_ENABLE_X64=1``),
  JAX computes in 32 bits: ``unp.ones(3)`` is ``float32``, ``unp.arange(3)``
  ``int32``, and a ``float64`` NumPy array becomes ``float32`` on the way in.
  With x64 enabled the dtypes are NumPy's.

JAX's scalar types (``jnp.float32``, ``jnp.bfloat16``) are its own, so
``unp.ones(3, dtype=jnp.float32)`` reaches JAX once it is registered; the
dtypes they stand for are NumPy's dtype objects, so ``"float32"``,
``numpy.float32`` and ``jnp.float32`` mean the same here.

Use it as ``ov.set_backend("jax")``, ``ov.set_backend(jax.numpy)`` or
``ov.register_backend("jax")``. JAX is imported on first use of the backend,
not when this module is imported.

This module imports NumPy and, lazily, ``jax``; nothing else.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> with ov.set_backend("jax"):
...     x = unp.ones((2, 2), dtype="float32")
>>> type(x).__name__, x.dtype, x.shape
('ArrayImpl', dtype('float32'), (2, 2))
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._common import Adapter, Library, Native, build, decline, lazy_backend

__all__ = ["LIBRARY", "SAME_NAMES", "backend"]

#: NumPy's functions that ``jax.numpy`` implements under the same name and with NumPy's
#: parameter names (an argument JAX does not take makes the backend decline, by name).
SAME_NAMES: tuple[str, ...] = (
    # creation
    "ones", "zeros", "empty", "full", "arange", "linspace", "logspace", "geomspace", "eye",
    "identity", "asarray", "array", "zeros_like", "ones_like", "empty_like", "full_like",
    "tri", "tril", "triu", "diag", "diagflat", "indices", "meshgrid", "vander", "copy",
    # reductions and statistics
    "sum", "prod", "mean", "std", "var", "max", "min", "amax", "amin", "all", "any",
    "argmax", "argmin", "cumsum", "cumprod", "cumulative_sum", "cumulative_prod", "nansum",
    "nanprod", "nanmean", "nanstd", "nanvar", "nanmax", "nanmin", "nanargmax", "nanargmin",
    "nancumsum", "nancumprod", "median", "nanmedian", "percentile", "nanpercentile",
    "quantile", "nanquantile", "ptp", "average", "count_nonzero", "trace", "bincount",
    "histogram", "histogram_bin_edges", "histogram2d", "histogramdd", "cov", "corrcoef",
    "diff", "ediff1d", "gradient", "trapezoid", "cross", "convolve", "correlate",
    # elementwise functions that are not ufuncs
    "where", "round", "around", "isclose", "allclose", "array_equal", "array_equiv", "real",
    "imag", "angle", "nan_to_num", "isreal", "iscomplex", "isrealobj", "iscomplexobj",
    "isneginf", "isposinf", "i0", "sinc", "unwrap", "interp",
    # shape and order
    "reshape", "transpose", "permute_dims", "matrix_transpose", "ravel", "squeeze",
    "expand_dims", "moveaxis", "swapaxes", "rollaxis", "broadcast_to", "broadcast_arrays",
    "broadcast_shapes", "atleast_1d", "atleast_2d", "atleast_3d", "flip", "fliplr", "flipud",
    "roll", "rot90", "diagonal", "tile", "repeat", "pad", "resize", "astype", "shape",
    "ndim", "size",
    # joining and splitting
    "concatenate", "concat", "stack", "unstack", "block", "vstack", "hstack", "dstack",
    "column_stack", "append", "insert", "delete", "split", "array_split", "hsplit", "vsplit",
    "dsplit", "trim_zeros",
    # indexing, searching, sorting, sets
    "take", "take_along_axis", "compress", "extract", "choose", "select", "piecewise",
    "nonzero", "flatnonzero", "argwhere", "searchsorted", "digitize", "isin", "unique",
    "unique_values", "unique_counts", "unique_inverse", "unique_all", "union1d",
    "intersect1d", "setdiff1d", "setxor1d", "unravel_index", "ravel_multi_index", "ix_",
    "sort", "argsort", "lexsort", "partition", "argpartition", "sort_complex",
    "diag_indices", "diag_indices_from", "tril_indices", "triu_indices", "tril_indices_from",
    "triu_indices_from", "mask_indices", "apply_along_axis", "apply_over_axes",
    # products
    "dot", "vdot", "inner", "outer", "tensordot", "einsum", "kron", "matmul", "vecdot",
    "matvec", "vecmat",
    # polynomials and windows
    "poly", "polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint", "polyval",
    "polyfit", "roots", "bartlett", "blackman", "hamming", "hanning", "kaiser",
    "packbits", "unpackbits",
    # ufuncs
    "abs", "absolute", "acos", "acosh", "add", "arccos", "arccosh", "arcsin", "arcsinh",
    "arctan", "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and",
    "bitwise_count", "bitwise_invert", "bitwise_left_shift", "bitwise_not", "bitwise_or",
    "bitwise_right_shift", "bitwise_xor", "cbrt", "ceil", "conj", "conjugate", "copysign",
    "cos", "cosh", "deg2rad", "degrees", "divide", "divmod", "equal", "exp", "exp2", "expm1",
    "fabs", "float_power", "floor", "floor_divide", "fmax", "fmin", "fmod", "frexp", "gcd",
    "greater", "greater_equal", "heaviside", "hypot", "invert", "isfinite", "isinf", "isnan",
    "lcm", "ldexp", "left_shift", "less", "less_equal", "log", "log10", "log1p", "log2",
    "logaddexp", "logaddexp2", "logical_and", "logical_not", "logical_or", "logical_xor",
    "maximum", "minimum", "mod", "modf", "multiply", "negative", "nextafter", "not_equal",
    "positive", "pow", "power", "rad2deg", "radians", "reciprocal", "remainder",
    "right_shift", "rint", "sign", "signbit", "sin", "sinh", "spacing", "sqrt", "square",
    "subtract", "tan", "tanh", "true_divide", "trunc",
    # linalg
    *(f"linalg.{name}" for name in (
        "cholesky", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh",
        "inv", "lstsq", "matmul", "matrix_norm", "matrix_power", "matrix_rank",
        "matrix_transpose", "multi_dot", "norm", "outer", "pinv", "qr", "slogdet", "solve",
        "svd", "svdvals", "tensordot", "tensorinv", "tensorsolve", "trace", "vecdot",
        "vector_norm")),
    # fft
    *(f"fft.{name}" for name in (
        "fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2",
        "fftn", "ifftn", "rfftn", "irfftn", "fftfreq", "rfftfreq", "fftshift", "ifftshift")),
)


def _jax() -> Any:
    import jax

    return jax


def _jnp() -> Any:
    import jax.numpy as jnp

    return jnp


def _types() -> tuple[type, ...]:
    jax = _jax()
    from jax.core import Tracer

    # type(jnp.float32): JAX's scalar types, so dtype=jnp.float32 selects JAX.
    return (jax.Array, Tracer, type(_jnp().float32))


def _dtype(value: Any) -> Any:
    """Any dtype spelling -> the NumPy dtype JAX uses (JAX's dtypes are NumPy's)."""
    try:
        return _jnp().dtype(value)
    except TypeError:
        raise decline(f"JAX has no dtype for {value!r}") from None


def _prepare(value: Any) -> Any:
    # jax.numpy refuses lists and tuples; Python scalars stay weakly typed as they are, and
    # einsum's subscripts are a string.
    if isinstance(value, np.ndarray | np.generic | list | tuple):
        return _jnp().asarray(value)
    return value


def _convert(value: Any, dispatch_type: Any) -> Any:
    try:
        return _dtype(value) if dispatch_type == "dtype" else _jnp().asarray(value)
    except (TypeError, ValueError):
        return NotImplemented


def _out(out: Any) -> Any:
    raise decline(f"JAX arrays are immutable: the JAX backend cannot write into out= "
                  f"(got {type(out).__name__}); use the returned array instead "
                  "(y = f(x)), or x.at[...].set(...) for an update")


def _clip(a: Any, a_min: Any = np._NoValue, a_max: Any = np._NoValue, out: Any = None, *,
          min: Any = np._NoValue, max: Any = np._NoValue, **kwargs: Any) -> Any:
    if out is not None:
        _out(out)
    if kwargs:
        raise decline(f"jax.numpy.clip takes no ufunc keywords ({', '.join(kwargs)})")
    low = a_min if a_min is not np._NoValue else None if min is np._NoValue else min
    high = a_max if a_max is not np._NoValue else None if max is np._NoValue else max
    return _jnp().clip(_prepare(a), low, high)


def _resolve(module: Any, path: str) -> Any:
    for part in path.split("."):
        module = getattr(module, part)
    return module


def _table() -> dict[str, Any]:
    jnp = _jnp()
    like = ("like",)
    table: dict[str, Any] = {name: _resolve(jnp, name) for name in SAME_NAMES}
    # like= only selects the backend; never passed on.
    for name in ("ones", "zeros", "empty", "full", "arange", "eye", "identity", "asarray",
                 "array", "tri"):
        table[name] = Native(_resolve(jnp, name), drop=like)
    table["clip"] = Adapter(_clip)
    return table


#: JAX, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="jax",
    module="jax.numpy",
    types=_types,
    table=_table,
    dtype=_dtype,
    prepare=_prepare,
    convert=_convert,
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
