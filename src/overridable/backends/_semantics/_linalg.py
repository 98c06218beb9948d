"""NumPy's products and linear algebra: ``dot``, ``kron``, cross products, norms, ranks, the
named results of ``qr`` and ``svd``, real eigenvalues.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from .._common import decline
from ._reductions import floating

__all__ = [
    "QRResult", "SVDResult", "complete_qr", "cond", "cross", "dot", "eig", "eigvals", "kron",
    "linalg_outer", "lower_triangle", "lstsq", "lstsq_result", "matrix_norm", "matrix_rank",
    "multi_dot", "norm", "numpy_cross", "pinv_rtol", "real_if_all_real", "svd", "tensorinv",
    "vecdot", "vector_norm", "vector_rank",
]

_NoValue: Any = np._NoValue


def real_if_all_real(xp: Any, values: Any, *others: Any) -> Any:
    """NumPy's ``eig``/``eigvals`` of a real matrix whose eigenvalues are all real answer
    in reals (the libraries' are always complex); ``others`` (the vectors) follow.

    >>> real_if_all_real(np, np.array([1 + 0j, 2 + 0j])).dtype
    dtype('float64')
    """
    if bool(xp.all(xp.imag(values) == 0)):
        values, others = xp.real(values), tuple(xp.real(o) for o in others)
    return (values, *others) if others else values


def eig(xp: Any, a: Any) -> Any:
    """NumPy's ``linalg.eig`` of the floating ``a`` over ``xp``: the eigenvalues and vectors,
    real for a real matrix whose eigenvalues are all real (:func:`real_if_all_real`).

    >>> eig(np, np.diag([2.0, 1.0]))[0]
    array([2., 1.])
    """
    values, vectors = xp.linalg.eig(a)
    if xp.isdtype(a.dtype, "complex floating"):
        return values, vectors
    return real_if_all_real(xp, values, vectors)


def eigvals(xp: Any, a: Any) -> Any:
    """NumPy's ``linalg.eigvals`` of the floating ``a`` over ``xp``, as :func:`eig`'s.

    >>> eigvals(np, np.array([[0.0, -1.0], [1.0, 0.0]]))
    array([0.+1.j, 0.-1.j])
    """
    values = xp.linalg.eigvals(a)
    return values if xp.isdtype(a.dtype, "complex floating") else real_if_all_real(xp, values)


def svd(xp: Any, a: Any, full_matrices: bool = True, compute_uv: bool = True) -> Any:
    """NumPy's ``linalg.svd`` of the floating ``a`` over ``xp``: ``U, S, Vh``, or without
    ``compute_uv`` the singular values alone (the library's ``svdvals``).

    >>> svd(np, np.diag([3.0, 4.0]), compute_uv=False)
    array([4., 3.])
    """
    if not compute_uv:
        return xp.linalg.svdvals(a)
    return xp.linalg.svd(a, full_matrices=full_matrices)


class QRResult(NamedTuple):
    """NumPy's ``linalg.qr`` result (``mode='reduced'`` or ``'complete'``), in the library's
    arrays."""

    Q: Any
    R: Any


def _norm_input(xp: Any, x: Any) -> tuple[Any, Any]:
    # NumPy's norms compute integers and booleans in float64; the result is real.
    try:
        dtype = np.dtype(x.dtype)
    except TypeError:  # a library's own dtypes (array-api-strict): the standard's functions
        x = floating(xp, x)
        return x, xp.finfo(x.dtype).dtype
    if dtype.kind not in "fc":
        return x.astype(np.float64), np.dtype(np.float64)
    return x, np.finfo(dtype).dtype


def _astype(xp: Any, x: Any, dtype: Any) -> Any:
    # the array's astype (Dask has no function), else the standard's function
    return x.astype(dtype) if hasattr(x, "astype") else xp.astype(x, dtype)


def vector_norm(xp: Any, x: Any, axis: Any = None, keepdims: bool = False,
                ord: Any = 2) -> Any:
    """NumPy's ``linalg.vector_norm`` over ``xp`` (a library with NumPy's dtypes): the norm
    over ``axis`` (an int, a tuple, or ``None`` for every axis), in the real floating
    dtype of ``x`` (float64 for integers), from ``abs``, ``sum``, ``max`` and ``min``.

    >>> vector_norm(np, np.array([[3, 0], [0, -4]]), axis=(0, 1))
    np.float64(5.0)
    >>> vector_norm(np, np.array([3.0, -4.0]), ord=np.inf), vector_norm(np, np.ones(2), ord=0)
    (np.float64(4.0), np.float64(2.0))
    >>> vector_norm(np, np.ones(2), ord="fro")
    Traceback (most recent call last):
    ...
    ValueError: Invalid norm order 'fro' for vectors
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    if isinstance(ord, str) or not isinstance(ord, int | float | np.number):
        raise ValueError(f"Invalid norm order {ord!r} for vectors")
    x, real = _norm_input(xp, x)
    axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(axis, x.ndim)
    magnitude = xp.abs(x)
    if ord == np.inf:
        result = xp.max(magnitude, axis=axes, keepdims=keepdims)
    elif ord == -np.inf:
        result = xp.min(magnitude, axis=axes, keepdims=keepdims)
    elif ord == 0:
        result = xp.sum(_astype(xp, x != 0, real), axis=axes, keepdims=keepdims)
    elif ord == 1:
        result = xp.sum(magnitude, axis=axes, keepdims=keepdims)
    elif ord == 2:
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=axes, keepdims=keepdims))
    else:
        total = xp.sum(magnitude ** ord, axis=axes, keepdims=keepdims)
        result = total ** (1.0 / ord)
    return _astype(xp, result, real)


def matrix_norm(xp: Any, x: Any, keepdims: bool = False, ord: Any = "fro",
                svdvals: Callable[[Any], Any] | None = None) -> Any:
    """NumPy's ``linalg.matrix_norm`` over ``xp``: the norm of each matrix in the last two
    axes. ``'fro'``, ``1``, ``-1``, ``inf`` and ``-inf`` come from ``abs``, ``sum``,
    ``max`` and ``min``; ``2``, ``-2`` and ``'nuc'`` need the singular values, from
    ``svdvals(x)`` (each matrix's, in a last axis), which the caller gives or declines.

    >>> a = np.array([[1.0, -2.0], [3.0, 4.0]])
    >>> matrix_norm(np, a, ord=1), matrix_norm(np, a, ord=np.inf)
    (np.float64(6.0), np.float64(7.0))
    >>> matrix_norm(np, a, ord=3)
    Traceback (most recent call last):
    ...
    ValueError: Invalid norm order for matrices.
    """
    from numpy.exceptions import AxisError

    if x.ndim < 2:
        raise AxisError(f"axis -2 is out of bounds for array of dimension {x.ndim}")
    x, real = _norm_input(xp, x)
    magnitude = xp.abs(x)
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise ValueError(f"Invalid norm order {ord!r} for matrices")
    elif ord not in (1, -1, 2, -2, np.inf, -np.inf):
        raise ValueError("Invalid norm order for matrices.")
    if ord == "fro":
        result = xp.sqrt(xp.sum(magnitude * magnitude, axis=(-2, -1)))
    elif ord in (1, -1, np.inf, -np.inf):
        # 1: the largest column sum; inf: the largest row sum (smallest for -1, -inf).
        sums = xp.sum(magnitude, axis=-2 if ord in (1, -1) else -1)
        result = xp.max(sums, axis=-1) if ord > 0 else xp.min(sums, axis=-1)
    else:
        if svdvals is None:
            raise decline(f"matrix_norm(ord={ord!r}) needs singular values, which this "
                          "library does not compute")
        values = svdvals(x)
        result = xp.sum(values, axis=-1) if ord == "nuc" else \
            xp.max(values, axis=-1) if ord == 2 else xp.min(values, axis=-1)
    if keepdims:
        result = xp.reshape(result, (*result.shape, 1, 1))
    return _astype(xp, result, real)


def vecdot(xp: Any, x1: Any, x2: Any, axis: int = -1) -> Any:
    """NumPy's ``vecdot`` over ``xp`` (a library with NumPy's dtypes): ``sum(conj(x1) * x2)``
    over each operand's ``axis`` (the gufunc's core dimension), the other axes broadcast,
    in the operands' promoted dtype (integers wrap as NumPy's do, booleans give ``any``).

    >>> vecdot(np, np.array([[1, 2], [3, 4]], np.int8), np.array([1, 1], np.int8))
    array([3, 7], dtype=int8)
    >>> vecdot(np, np.ones(2), np.ones(3))
    Traceback (most recent call last):
    ...
    ValueError: vecdot: the vectors have 2 and 3 elements (their core dimension differs)
    """
    common = np.result_type(x1.dtype, x2.dtype)
    x1 = xp.moveaxis(x1.astype(common), axis, -1)
    x2 = xp.moveaxis(x2.astype(common), axis, -1)
    n1, n2 = x1.shape[-1], x2.shape[-1]
    if n1 == n1 and n2 == n2 and n1 != n2:  # (Dask's unknown sizes are NaN)
        raise ValueError(f"vecdot: the vectors have {n1} and {n2} elements (their core "
                         "dimension differs)")
    if common.kind == "b":
        return xp.any(x1 & x2, axis=-1)
    if common.kind == "c":
        x1 = xp.conj(x1)
    return xp.sum(x1 * x2, axis=-1).astype(common)


def cross(xp: Any, x1: Any, x2: Any, axis: int = -1) -> Any:
    """NumPy's ``linalg.cross`` over ``xp``: the cross product of 3-element vectors along
    ``axis`` (of the broadcast operands), from products of their components.

    >>> cross(np, np.array([1, 0, 0]), np.array([0, 1, 0]))
    array([0, 0, 1])
    >>> cross(np, np.ones(2), np.ones(3))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Both input arrays must be (arrays of) 3-dimensional vectors, but they are 2 ...
    """
    n1, n2 = x1.shape[axis], x2.shape[axis]
    if n1 != 3 or n2 != 3:
        raise ValueError("Both input arrays must be (arrays of) 3-dimensional vectors, but "
                         f"they are {n1} and {n2} dimensional instead.")
    a, b = xp.moveaxis(x1, axis, -1), xp.moveaxis(x2, axis, -1)
    # Components as slices of length 1, never 0-d (PyData/Sparse gives a 0-d array its
    # value as fill value, and then cannot join the three).
    a0, a1, a2 = a[..., 0:1], a[..., 1:2], a[..., 2:3]
    b0, b1, b2 = b[..., 0:1], b[..., 1:2], b[..., 2:3]
    parts = xp.broadcast_arrays(a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0)
    return xp.moveaxis(xp.concatenate(list(parts), axis=-1), -1, axis)


def numpy_cross(xp: Any, a: Any, b: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1,
                axis: Any = None) -> Any:
    """NumPy's ``cross`` over ``xp``: vectors along ``axisa`` and ``axisb`` (``axis`` for all
    three), the result's along ``axisc``. Vectors of 2 elements (deprecated by NumPy 2, with
    its warning) have a third component 0; two of them give the product's third component
    alone.

    >>> numpy_cross(np, np.array([[1, 0, 0]]), np.array([0, 1, 0]), axisc=0)
    array([[0],
           [0],
           [1]])
    """
    import warnings

    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = xp.moveaxis(a, axisa, -1), xp.moveaxis(b, axisb, -1)
    sizes = (a.shape[-1], b.shape[-1])
    if not set(sizes) <= {2, 3}:
        raise ValueError("incompatible dimensions for cross product\n"
                         "(dimension must be 2 or 3)")
    if 2 in sizes:
        warnings.warn("Arrays of 2-dimensional vectors are deprecated. Use arrays of "
                      "3-dimensional vectors instead. (deprecated in NumPy 2.0)",
                      DeprecationWarning, stacklevel=3)
        a, b = (xp.concatenate([x, xp.zeros_like(x[..., :1])], axis=-1)
                if x.shape[-1] == 2 else x for x in (a, b))
    result = cross(xp, a, b)
    return result[..., 2] if sizes == (2, 2) else xp.moveaxis(result, -1, axisc)


class SVDResult(NamedTuple):
    """NumPy's ``linalg.svd`` result (``compute_uv=True``), in the library's arrays."""

    U: Any
    S: Any
    Vh: Any


def kron(xp: Any, a: Any, b: Any) -> Any:
    """NumPy's ``kron`` over ``xp``: the shorter shape padded with leading ones, each axis of
    ``a`` interleaved with ``b``'s by broadcasting one product.

    >>> kron(np, np.array([1, 10]), np.array([[1, 2]]))
    array([[ 1,  2, 10, 20]])
    """
    nd = max(a.ndim, b.ndim)
    sa, sb = (1,) * (nd - a.ndim) + tuple(a.shape), (1,) * (nd - b.ndim) + tuple(b.shape)
    product = xp.multiply(xp.reshape(a, tuple(x for s in sa for x in (s, 1))),
                          xp.reshape(b, tuple(x for s in sb for x in (1, s))))
    return xp.reshape(product, tuple(x * y for x, y in zip(sa, sb, strict=True)))


def linalg_outer(xp: Any, x1: Any, x2: Any) -> Any:
    """NumPy's ``linalg.outer``: ``xp.outer`` of two 1-d arrays (NumPy's ``ValueError`` for
    others).

    >>> linalg_outer(np, np.array([1, 2]), np.array([3, 4]))
    array([[3, 4],
           [6, 8]])
    """
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError("Input arrays must be one-dimensional, but they are "
                         f"x1.ndim={x1.ndim} and x2.ndim={x2.ndim}.")
    return xp.outer(x1, x2)


def norm(xp: Any, x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False,
         svdvals: Callable[[Any], Any] | None = None) -> Any:
    """NumPy's ``linalg.norm`` over ``xp``: the 2-norm of every element for ``ord=None``
    and ``axis=None``, else :func:`vector_norm` over one axis or :func:`matrix_norm` over
    two (``svdvals`` as there).

    >>> a = np.array([[1.0, -2.0], [3.0, 4.0]])
    >>> norm(np, a), norm(np, a, 1), norm(np, a, np.inf, axis=1, keepdims=True)
    (np.float64(5.477225575051661), np.float64(6.0), array([[2.],
           [4.]]))
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    if axis is None:
        if ord is None or (ord in ("f", "fro") and x.ndim == 2) or (ord == 2 and x.ndim == 1):
            return vector_norm(xp, x, None, keepdims, 2)
        if x.ndim > 2:
            raise ValueError("Improper number of dimensions to norm.")
        axis = tuple(range(x.ndim))
    axes = normalize_axis_tuple(axis, x.ndim)
    if len(axes) == 1:
        return vector_norm(xp, x, axes, keepdims, 2 if ord is None else ord)
    if len(axes) != 2:
        raise ValueError("Improper number of dimensions to norm.")
    moved = xp.moveaxis(x, axes, (-2, -1))
    result = matrix_norm(xp, moved, False, "fro" if ord in (None, "f") else ord, svdvals)
    if keepdims:
        shape = list(result.shape)
        for ax in sorted(axes):
            shape.insert(ax, 1)
        result = xp.reshape(result, tuple(shape))
    return result


def vector_rank(xp: Any, a: Any, int_dtype: Any) -> Any:
    """NumPy's ``matrix_rank`` of an array below 2-d: 1, or 0 when it is all zeros, in
    ``int_dtype`` (``xp``'s int64).

    >>> vector_rank(np, np.array([0, 2]), np.int64), vector_rank(np, np.zeros(2), np.int64)
    (np.int64(1), np.int64(0))
    """
    return xp.astype(xp.any(a != 0), int_dtype)


def complete_qr(xp: Any, a: Any, qr: Callable[[Any], Any]) -> QRResult:
    """NumPy's ``qr(a, mode="complete")`` of a tall matrix ``a`` from ``qr(b)``, a reduced QR:
    that of the wide ``[a | I]``, whose Q is square and whose R's first columns (upper
    triangular) give ``a = Q R``.

    >>> q, r = complete_qr(np, np.array([[1.0], [1.0]]), np.linalg.qr)
    >>> q.shape, r.shape, bool(np.allclose(q @ r, [[1.0], [1.0]]))
    ((2, 2), (2, 1), True)
    """
    m, n = a.shape
    q, r = qr(xp.concat([a, xp.eye(m, dtype=a.dtype)], axis=1))
    return QRResult(q, r[:, :n])


def matrix_rank(xp: Any, A: Any, tol: Any, hermitian: bool, rtol: Any, int_dtype: Any) -> Any:
    """NumPy's ``linalg.matrix_rank`` over ``xp``'s ``linalg``: the singular values (the
    eigenvalues' magnitudes when ``hermitian``) above ``tol``, or above the largest times
    ``rtol`` (``max(m, n) * eps`` unless given); :func:`vector_rank` below 2-d.

    >>> matrix_rank(np, np.array([[1.0, 2.0], [2.0, 4.0]]), None, False, None, np.int64)
    np.int64(1)
    """
    if tol is not None and rtol is not None:
        raise ValueError("`tol` and `rtol` can't be both set.")
    if A.ndim < 2:
        return vector_rank(xp, A, int_dtype)
    s = xp.abs(xp.linalg.eigvalsh(A)) if hermitian else xp.linalg.svdvals(A)
    if tol is None:
        r = max(A.shape[-2:]) * xp.finfo(s.dtype).eps if rtol is None \
            else xp.asarray(rtol)[..., None]  # one per matrix of a stack
        tol = xp.max(s, axis=-1, keepdims=True) * r
    else:
        tol = xp.asarray(tol)[..., None]
    return xp.astype(xp.count_nonzero(s > tol, axis=-1), int_dtype)


def dot(xp: Any, a: Any, b: Any) -> Any:
    """NumPy's ``dot`` of ``a`` and ``b`` (one dtype): a product with a scalar, ``matmul`` for
    ``b`` of at most 2 dimensions, else the sum over ``a``'s last axis and ``b``'s
    second-to-last.

    >>> dot(np, np.ones((2, 3)), np.ones((4, 3, 5))).shape
    (2, 4, 5)
    """
    if a.ndim == 0 or b.ndim == 0:
        return xp.multiply(a, b)
    if b.ndim <= 2:  # matmul's stacks of matrices are dot's products here
        return xp.matmul(a, b)
    return xp.tensordot(a, b, axes=([a.ndim - 1], [b.ndim - 2]))


def lower_triangle(xp: Any, a: Any, UPLO: str) -> Any:
    """The matrices whose lower triangles hold what NumPy's ``eigh``/``eigvalsh`` read for
    ``UPLO`` (the array API's read the lower one): ``a`` for ``'L'``, its conjugate transpose
    for ``'U'`` (whose lower triangle is ``a``'s upper one).

    >>> lower_triangle(np, np.array([[1, 2], [3, 4]]), "U")
    array([[1, 3],
           [2, 4]])
    """
    if UPLO not in ("L", "U"):
        raise ValueError("UPLO argument must be 'L' or 'U'")
    return xp.conj(xp.matrix_transpose(a)) if UPLO == "U" else a


def pinv_rtol(rcond: Any, rtol: Any, shape: tuple[int, ...], eps: float) -> Any:
    """The relative cutoff of NumPy's ``linalg.pinv`` for a matrix of ``shape`` in a dtype of
    machine ``eps``: ``rcond``, or ``rtol`` (keyword-only, ``np._NoValue`` when not given),
    1e-15 when neither is given, ``max(M, N) * eps`` for ``rtol=None``; NumPy's
    ``ValueError`` when both are set.

    >>> pinv_rtol(None, _NoValue, (3, 4), 1e-16), pinv_rtol(None, None, (3, 4), 1e-16)
    (1e-15, 4e-16)
    """
    if rcond is not None:
        if rtol is not _NoValue:
            raise ValueError("`rtol` and `rcond` can't be both set.")
        return rcond
    if rtol is _NoValue:
        return 1e-15
    return max(shape[-2:]) * eps if rtol is None else rtol


def cond(xp: Any, x: Any, p: Any = None) -> Any:
    """NumPy's ``linalg.cond`` of the floating ``x`` over ``xp``'s ``linalg``: the ratio of
    the extreme singular values for ``p`` ``None``, 2 or -2, else ``norm(x) * norm(inv(x))``
    (:func:`norm`); infinite for a singular matrix (one ``inv`` refuses), NaN only where
    ``x`` holds a NaN.

    >>> float(cond(np, np.diag([1.0, 4.0]))), float(cond(np, np.diag([1.0, 4.0]), 1))
    (4.0, 4.0)
    >>> float(cond(np, np.array([[1.0, 1.0], [1.0, 1.0]]), "fro"))
    inf
    """
    if x.ndim >= 2 and 0 in x.shape[-2:]:
        raise np.linalg.LinAlgError("cond is not defined on empty arrays")
    if p is None or p in (2, -2):
        s = xp.linalg.svdvals(x)
        r = s[..., -1] / s[..., 0] if p == -2 else s[..., 0] / s[..., -1]
    else:
        if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
            raise np.linalg.LinAlgError("Last 2 dimensions of the array must be square")
        r = norm(xp, x, p, (-2, -1), svdvals=xp.linalg.svdvals) * norm(
            xp, _inverses(xp, x), p, (-2, -1), svdvals=xp.linalg.svdvals)
    # NumPy's infinity where an inverse failed, unless x itself holds a NaN
    failed = xp.logical_and(xp.isnan(r), xp.logical_not(xp.any(xp.isnan(x), axis=(-2, -1))))
    return xp.where(failed, xp.asarray(float("inf"), dtype=r.dtype), r)


def _inverses(xp: Any, x: Any) -> Any:
    # Each matrix's inverse, NaN where it is singular (NumPy's inv, errors ignored): the
    # library's inv of the stack, else of each matrix, the one it refuses as NaN.
    try:
        return xp.linalg.inv(x)
    except Exception:  # the library's LinAlgError, whatever its type
        pass
    flat = xp.reshape(x, (-1, *x.shape[-2:]))
    parts = []
    for i in range(flat.shape[0]):
        try:
            parts.append(xp.linalg.inv(flat[i, ...]))
        except Exception:
            parts.append(xp.full_like(flat[i, ...], float("nan")))
    return xp.reshape(xp.stack(parts), x.shape)


def lstsq_result(xp: Any, x: Any, residuals: Any, rank: Any, s: Any, shape: tuple[int, ...],
                 int32: Any) -> tuple[Any, Any, Any, Any]:
    """NumPy's ``linalg.lstsq`` 4-tuple for a matrix of ``shape`` (M, N) from a library's:
    the residuals only where the rank is N and M > N (else empty, in their real dtype),
    the rank in ``int32`` (``xp``'s).

    >>> x, res, rank, s = lstsq_result(np, np.zeros(2), np.ones(1), np.int64(1), np.ones(1),
    ...                                (2, 2), np.int32)
    >>> res.shape, rank.dtype
    ((0,), dtype('int32'))
    """
    m, n = shape
    if not (int(rank) == n and m > n):
        residuals = xp.zeros((0,), dtype=residuals.dtype)
    return x, residuals, xp.astype(xp.asarray(rank), int32), s


def lstsq(xp: Any, a: Any, b: Any, rcond: Any, int32: Any) -> tuple[Any, Any, Any, Any]:
    """NumPy's ``linalg.lstsq`` of the floating ``a`` and ``b`` (one dtype) over ``xp``'s
    ``svd``: the singular values above ``rcond`` times the largest (``eps * max(M, N)`` for
    ``None``, ``eps`` for a negative one) inverted, the squared residuals' column sums where
    the rank is full and M > N (:func:`lstsq_result`), the rank in ``int32``.

    >>> x, res, rank, s = lstsq(np, np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]),
    ...                         np.array([1.0, 2.0, 3.0]), None, np.int32)
    >>> x, res, int(rank), rank.dtype
    (array([1., 2.]), array([9.]), 2, dtype('int32'))
    """
    if a.ndim != 2 or b.ndim not in (1, 2):
        raise np.linalg.LinAlgError(f"{a.ndim}-dimensional array given. Array must be "
                                    "two-dimensional")
    m, n = a.shape
    if b.shape[0] != m:
        raise np.linalg.LinAlgError("Incompatible dimensions")
    column = b.ndim == 1
    b2 = xp.reshape(b, (m, 1)) if column else b
    u, s, vh = xp.linalg.svd(a, full_matrices=False)
    eps = float(xp.finfo(s.dtype).eps)
    r = eps * max(m, n) if rcond is None else (eps if rcond < 0 else rcond)
    large = s > (xp.max(s) * r if s.shape[0] else 0.0)
    rank = xp.sum(xp.astype(large, int32))
    inverse = xp.where(large, 1 / xp.where(large, s, xp.ones_like(s)), xp.zeros_like(s))
    uhb = xp.matmul(xp.conj(xp.matrix_transpose(u)), b2)
    x = xp.matmul(xp.conj(xp.matrix_transpose(vh)),
                  uhb * xp.astype(inverse, uhb.dtype)[:, None])
    error = xp.abs(b2 - xp.matmul(a, x))
    residuals = xp.sum(error * error, axis=0)
    if column:
        x = xp.reshape(x, (n,))
    return lstsq_result(xp, x, residuals, rank, s, (m, n), int32)


def multi_dot(xp: Any, arrays: Any, dot: Callable[[Any, Any], Any]) -> Any:
    """NumPy's ``linalg.multi_dot`` over ``xp``, from ``dot`` (NumPy's ``dot`` of two arrays
    of one dtype): for two arrays their ``dot``; for more, the chain of products of 2-d
    arrays, the first and last of which may be 1-d (a row, a column: the result loses that
    axis).

    >>> multi_dot(np, [np.array([1.0, 2.0]), np.eye(2), np.array([3.0, 4.0])], np.dot)
    np.float64(11.0)
    """
    arrays = list(arrays)
    if len(arrays) < 2:
        raise ValueError("Expecting at least two arrays.")
    if len(arrays) == 2:
        return dot(*arrays)
    first, last = arrays[0].ndim == 1, arrays[-1].ndim == 1
    if first:
        arrays[0] = xp.reshape(arrays[0], (1, -1))
    if last:
        arrays[-1] = xp.reshape(arrays[-1], (-1, 1))
    for a in arrays:
        if a.ndim != 2:
            raise np.linalg.LinAlgError(f"{a.ndim}-dimensional array given. Array must be "
                                        "two-dimensional")
    result = arrays[0]
    for a in arrays[1:]:
        result = dot(result, a)
    if first and last:
        return result[0, 0]
    return result[0, :] if first else result[:, 0] if last else result


def tensorinv(xp: Any, a: Any, ind: int = 2) -> Any:
    """NumPy's ``linalg.tensorinv`` over ``xp``'s ``linalg.inv``: ``a``'s first ``ind`` axes
    against the rest as one square matrix, inverted, reshaped to the rest's and then the
    first's shape.

    >>> tensorinv(np, np.eye(4).reshape(4, 2, 2), ind=1).shape
    (2, 2, 4)
    """
    if ind <= 0:
        raise ValueError("Invalid ind argument.")
    shape = tuple(a.shape)
    rows = math.prod(shape[ind:])
    inverse = xp.linalg.inv(xp.reshape(a, (rows, -1)))
    return xp.reshape(inverse, (*shape[ind:], *shape[:ind]))
