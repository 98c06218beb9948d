"""The conformance harness's table: sample calls for every function of the NumPy API.

``SAMPLES`` maps a function's name (``"sum"``, ``"linalg.inv"``,
``"fft.rfft"``, ``"random.normal"``) to its sample calls: NumPy inputs and
keyword variants, run through ``overridable.numpy`` on a backend and through
NumPy itself, and compared. Ufuncs get their calls from :func:`ufunc_calls`,
made from each ufunc's own type signatures, so new ones need no entry.

This module imports NumPy and nothing else from outside the package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["SAMPLES", "Call", "ufunc_calls"]


class Call:
    """One sample call: positional and keyword arguments, and how to compare it.

    ``values=False``: only shape and dtype kind are defined (``empty``).
    ``inplace``: the function fills its argument at that position; that
    argument is compared, not the result. ``seed``: NumPy's global random
    state is seeded before the call. ``post``: applied to both results
    before they are compared (e.g. draw from a returned generator).

    >>> Call([1, 2], axis=0)
    Call(([1, 2],), {'axis': 0})
    """

    __slots__ = ("args", "inplace", "kwargs", "post", "seed", "values")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs
        self.values = True
        self.inplace: int | None = None
        self.seed = False
        self.post: Callable[[Any], Any] | None = None

    def __repr__(self) -> str:
        return f"Call({self.args!r}, {self.kwargs!r})"


def c(*args: Any, **kwargs: Any) -> Call:
    return Call(*args, **kwargs)


def shape_only(*args: Any, **kwargs: Any) -> Call:
    call = Call(*args, **kwargs)
    call.values = False
    return call


def inplace(*args: Any, **kwargs: Any) -> Call:
    call = Call(*args, **kwargs)
    call.inplace = 0
    return call


def seeded(*args: Any, **kwargs: Any) -> Call:
    call = Call(*args, **kwargs)
    call.seed = True
    return call


def then(call: Call, post: Callable[[Any], Any]) -> Call:
    call.post = post
    return call


_rng = np.random.default_rng(0)
A = _rng.standard_normal((3, 4))
B = _rng.standard_normal((4, 2))
SQ = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])  # symmetric positive
V = np.array([3.0, 1.0, 2.0, 3.0, 1.0])
N = np.array([[3, 1, 2], [0, 5, 4]])
I = np.array([4, 0, 7, 2, 2])  # noqa: E741
M = np.array([True, False, True, True, False])
Z = np.array([1 + 2j, -1j, 3.0, 0.5 - 0.5j])
W = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 6.0], [2.0, 0.0, -1.0]])
F = np.arange(24.0).reshape(2, 3, 4)
D = np.array(["2024-01-01", "2024-03-15"], dtype="datetime64[D]")

# More inputs: a 4 by 6 and a 4 by 4 well-conditioned matrix; vectors of 6 and 4; uint8 that
# overflows in a sum; mostly zero (as a sparse array's); 2 by 3 in (0, 1), with NaN and
# infinities; an FFT's signals; integers and datetimes (with NaT) to apply chunk by chunk;
# 3 by 3 matrices, stacks of them, int16 and boolean ones for linear algebra and products.
_rng4 = np.random.default_rng(0)
R = _rng4.standard_normal((4, 6))
S4 = _rng4.standard_normal((4, 4)) + 4 * np.eye(4)
V6 = np.array([3.0, 1.0, 2.0, 3.0, 1.0, 0.5])
V4 = np.array([3.0, 1.0, 2.0, 0.5])
U8 = np.array([200, 100, 7], dtype=np.uint8)
SP = np.array([[0.0, 1.5, 0.0, 0.0], [2.0, 0.0, 0.0, -1.0], [0.0, 0.0, 3.0, 0.0]])
SPV = np.array([0.0, 2.0, 0.0, 1.0])
P = np.array([[0.1, 0.5, 0.9], [0.3, 0.7, 0.2]])
Q = np.array([[0.4, 0.2, 0.6], [0.8, 0.1, 0.5]])
NF = np.array([[1.0, np.nan, 3.0], [np.inf, -np.inf, 0.0]])
WN = np.array([[1.0, np.nan, 3.0], [np.nan, 2.0, -1.0]])
_rng16 = np.random.default_rng(0)
V16 = _rng16.standard_normal(16)
A68 = _rng16.standard_normal((6, 8))
C68 = A68 + 1j * _rng16.standard_normal((6, 8))
WIDE = _rng16.standard_normal((2, 3, 5))
H = np.array([[0.0, 1.5, -0.25, 3.0], [2.0, 0.0, 0.5, -4.0], [1.0, 0.0, 0.0, 2.5]])
NI = np.array([[0, 4, 6, 9], [12, 0, 15, 8], [3, 0, 0, 7]])
DN = np.array(["2024-01-01", "NaT", "2024-03-15"], dtype="datetime64[D]")
A23 = np.array([[1.0, 5.0, -3.0], [7.0, 2.0, 9.0]])
I32 = np.array([[1, 5, 3], [7, 2, 9]], dtype=np.int32)
MASK = np.array([True, False, True])
A3 = np.array([[3.0, -1.0, 2.0], [0.5, 5.0, -4.0], [1.0, 1.0, 7.0]])
B3 = np.array([[[1, 2, 3], [4, 5, 6], [7, 8, 10]], [[2, 0, 1], [1, 3, 0], [0, 1, 4]]],
              dtype=np.int16)
U823 = np.array([[200, 100, 3], [7, 250, 9]], dtype=np.uint8)
C3 = A3 + 1j * A3[::-1]
BOOL3 = np.array([[True, False, True], [False, False, True], [True, True, False]])
STACK = np.stack([A3, 2 * A3.T @ A3, A3 + 5 * np.eye(3)])  # stacked matrices
SYM = np.stack([A3 @ A3.T, np.diag([3.0, 1.0, 2.0])])  # symmetric
ROT = np.array([[0.0, -1.0], [1.0, 0.0]])  # complex eigenvalues
M3 = np.array([[[1.0, 0.0, -2.0], [0.0, 3.0, 0.0], [4.0, 0.0, 0.5]],
               [[0.0, -1.0, 0.0], [2.0, 0.0, 0.0], [0.0, 0.0, 6.0]]])


def _inside(context: Any, key: str) -> Any:
    """The NumPy error state's or print option's ``key`` inside the context ``context``."""
    with context:
        state: dict[str, Any] = dict(np.geterr())
        state.update(np.get_printoptions())
        return state[key]


def _square(x: Any) -> Any:
    return x * x


def _sum(x: Any) -> Any:
    return x.sum()


SAMPLES: dict[str, list[Call]] = {
    "all": [c(M), c(N, axis=0), c(N > 1, axis=1, keepdims=True), c(M, where=~M)],
    "allclose": [c(V, V + 1e-9), c(V, V + 1e-3), c(W, W, equal_nan=True), c(V, 3.0, atol=2)],
    "amax": [c(A), c(A, axis=0, keepdims=True)],
    "amin": [c(N, axis=1), c(A, initial=-5.0)],
    "angle": [c(Z), c(Z, deg=True)],
    "any": [c(M), c(N, axis=0), c(N > 4, axis=(0, 1), keepdims=True)],
    "append": [c(V, [9.0]), c(N, [[7, 8, 9]], axis=0)],
    "apply_along_axis": [c(np.sum, 0, A), c(np.cumsum, 1, N)],
    "apply_over_axes": [c(np.sum, F, [0, 2])],
    "arange": [c(5), c(1, 10, 3, dtype=np.float32), c(0.5, 2.0, 0.25)],
    "argmax": [c(A), c(A, axis=0), c(N, axis=1, keepdims=True)],
    "argmin": [c(V), c(A, axis=1)],
    "argpartition": [c(V, 2), c(A, 1, axis=0)],
    "argsort": [c(V, stable=True), c(A, axis=0), c(N, axis=None)],
    "around": [c(A, 1), c(V / 3, decimals=2)],
    "array": [c([[1, 2], [3, 4]]), c([1, 2], dtype=np.float32), c(3.0, ndmin=2),
              c(N, copy=False)],
    "array2string": [c(V, precision=2), c(N, separator=", ")],
    "array_equal": [c(V, V.copy()), c(V, V[:3]), c(W, W, equal_nan=True), c(W, W)],
    "array_equiv": [c(N[0], N), c(N[0], N[0]), c(V, V[:3])],
    "array_repr": [c(V), c(A, precision=3)],
    "array_split": [c(np.arange(7), 3), c(A, [1, 3], axis=1)],
    "array_str": [c(V), c(A, precision=2)],
    "argwhere": [c(N), c(M), c(3.0)],
    "asanyarray": [c([1, 2, 3]), c(N, dtype=float)],
    "asarray": [c([1, 2, 3], dtype=np.float64), c(N), c(3.5)],
    "asarray_chkfinite": [c([1.0, 2.0]), c(N, dtype=np.float32)],
    "ascontiguousarray": [c(A.T), c(5.0), c(N, dtype=np.int8)],
    "asfortranarray": [c(A), c(N, dtype=float)],
    "astype": [c(N, np.float32), c(A, "int32", copy=True)],
    "atleast_1d": [c(1.0), c(1.0, V), c(A)],
    "atleast_2d": [c(V), c(2.0, N)],
    "atleast_3d": [c(1.0), c(V), c(N), c(V, F)],
    "average": [c(V), c(A, axis=0), c(V, weights=V), c(A, axis=1, weights=[1, 2, 3, 4]),
                c(N, axis=0, returned=True), c(A, axis=1, keepdims=True),
                c(I, weights=I, returned=True)],
    "bartlett": [c(5)],
    "base_repr": [c(10), c(255, base=16, padding=2)],
    "binary_repr": [c(5), c(-3, width=8)],
    "bincount": [c([0, 1, 1, 3]), c(np.array([0, 2, 2]), weights=[0.5, 1.0, 2.0], minlength=5)],
    "blackman": [c(6)],
    "block": [c([[A, A], [A, A]]), c([V, V])],
    "broadcast_arrays": [c(V, A[:1, :1]), c(N, [[1], [2]])],
    "broadcast_shapes": [c((3, 1), (1, 4)), c((5,), (2, 1), ())],
    "broadcast_to": [c(V, (2, 5)), c(3.0, (2,))],
    "busday_count": [c("2024-01-01", "2024-02-01"), c(D[0], D[1], weekmask="1111110")],
    "busday_offset": [c("2024-01-05", 1), c(D, 2, roll="forward")],
    "can_cast": [c(np.int32, np.float64), c(np.float64, np.int8, casting="unsafe")],
    "choose": [c([0, 1, 0], [[1, 2, 3], [4, 5, 6]]), c(np.array([2, 0]), [N[0, :2], N[1, :2],
                                                                          [9, 9]])],
    "clip": [c(V, 1.5, 2.5), c(V, max=2), c(A, -0.5, None), c(N, min=1, max=4)],
    "column_stack": [c((V, V)), c([N.T, [1, 2, 3]])],
    "common_type": [c(A), c(N, np.array([1.0], dtype=np.float32))],
    "compress": [c(M, V), c([True, False], N, axis=0)],
    "concat": [c((V, V)), c([A, A], axis=1), c([N, N], axis=None)],
    "concatenate": [c((A, A)), c([A, A], axis=1), c([[1, 2], np.array([3])]),
                    c([N, N], axis=None), c([N, A[:2, :3]], dtype=np.float32)],
    "convolve": [c(V, [1, -1]), c(V, [1, 2, 1], mode="same")],
    "copy": [c(A), c(N, order="F")],
    "copyto": [inplace(np.zeros(5), V), inplace(np.zeros((2, 3)), N, where=N > 2)],
    "corrcoef": [c(A), c(V, V[::-1]), c(A, rowvar=False)],
    "correlate": [c(V, [1, 1]), c(V, [1, 2], mode="same")],
    "count_nonzero": [c(M), c(N, axis=0), c(N, axis=1, keepdims=True)],
    "cov": [c(A), c(V, V[::-1]), c(A, rowvar=False), c(A, bias=True), c(A, ddof=0),
            c(A, fweights=[1, 2, 1, 3]), c(A, aweights=[0.5, 1.0, 2.0, 1.0]),
            c(A, dtype=np.float32)],
    "cross": [c([1, 0, 0], [0, 1, 0]), c(A[:, :3], A[::-1, :3]), c([1, 2], [3, 4])],
    "cumprod": [c(V), c(N, axis=1), c(N, dtype=float)],
    "cumsum": [c(N, axis=1), c(V), c(M, dtype=np.int32)],
    "cumulative_prod": [c(V), c(N, axis=0), c(V, include_initial=True)],
    "cumulative_sum": [c(V, include_initial=True), c(N, axis=1), c(M, dtype=np.int16)],
    "datetime_as_string": [c(D), c(D, unit="M")],
    "datetime_data": [c(D.dtype)],
    "delete": [c(V, [0, 2]), c(N, 1, axis=1)],
    "diag": [c(V), c(A), c(V[:3], k=1), c(V[:3], k=-2), c(A, k=-1)],
    "diag_indices": [c(3), c(2, ndim=3)],
    "diag_indices_from": [c(np.zeros((3, 3)))],
    "diagflat": [c(N), c([1, 2], k=1)],
    "diagonal": [c(A), c(A, offset=1), c(F, 0, 1, 2)],
    "diff": [c(V), c(V, n=2), c(V, prepend=0.0), c(N, axis=0), c(M),
             c(N, append=[[1], [2]])],
    "digitize": [c(V, [1.5, 2.5]), c(V, [1.5, 2.5], right=True)],
    "dot": [c(A, B), c(V, V), c(2.0, N)],
    "dsplit": [c(F, 2), c(F, [1])],
    "dstack": [c((V, V)), c([A, A])],
    "ediff1d": [c(V), c(N, to_begin=-9, to_end=[8, 9])],
    "einsum": [c("ij,jk->ik", A, B), c("ii", np.eye(3)), c("i,i", V, V)],
    "einsum_path": [c("ij,jk->ik", A, B)],
    "empty": [shape_only(3), shape_only((2, 3), dtype=np.int32)],
    "empty_like": [shape_only(A), shape_only(N, shape=(2,)), shape_only(A, dtype=int)],
    "expand_dims": [c(V, 0), c(A, axis=(0, 3)), c(N, -1)],
    "extract": [c(M, V), c(N > 2, N)],
    "eye": [c(3), c(3, 4, k=1), c(2, dtype=np.int8), c(4, k=-2),
            c(0, k=-2**63 - 1), c(2, 3, k=2**70)],  # diagonals past any integer: none
    "fill_diagonal": [inplace(np.zeros((3, 3)), 5.0), inplace(np.zeros((5, 3)), 1, wrap=True)],
    "fix": [c(A * 3), c(N)],
    "flatnonzero": [c(N), c(M)],
    "flip": [c(A), c(A, axis=0), c(F, axis=(0, 2))],
    "fliplr": [c(A)],
    "flipud": [c(A), c(V)],
    "format_float_positional": [c(3.14159), c(0.5, precision=3, unique=False)],
    "format_float_scientific": [c(31415.9), c(0.5, precision=2)],
    "from_dlpack": [c(A)],
    "frombuffer": [c(b"\x01\x02\x03\x04", dtype=np.uint8), c(b"\x00" * 8, dtype=np.float64)],
    "fromfunction": [c(lambda i, j: i + j, (2, 3)), c(lambda i: i * 2, (4,), dtype=int)],
    "fromiter": [c(range(5), dtype=float), c([1, 2, 3], np.int32, count=2)],
    "fromstring": [c("1 2 3", dtype=int, sep=" "), c("1.5,2.5", sep=",")],
    "full": [c((2, 3), 7.5), c(3, 1, dtype=np.int8), c((2, 2), [1, 2])],
    "full_like": [c(N, 2), c(A, 0.5, dtype=np.float32), c(N, 2.7), c(V, 1, shape=(2, 2))],
    "geomspace": [c(1, 1000, 4), c(1.0, 16.0, num=5, endpoint=False)],
    # NumPy's floating-point error state and print options: the state they set or read.
    "errstate": [then(c(divide="ignore"), lambda cm: _inside(cm, "divide"))],
    "printoptions": [then(c(precision=3), lambda cm: _inside(cm, "precision"))],
    "geterr": [then(c(), lambda d: sorted(d.items()))],
    "seterr": [then(c(), lambda d: sorted(d.items()))],  # no argument: changes nothing
    "geterrcall": [then(c(), lambda f: f is None)],
    "seterrcall": [then(c(None), lambda f: f is None)],
    "get_printoptions": [then(c(), lambda d: d["precision"])],
    "set_printoptions": [then(c(), lambda r: r is None)],
    "gradient": [c(V), c(V, 2.0), c(A, axis=0), c(A)],
    "hamming": [c(5)],
    "hanning": [c(5)],
    "histogram": [c(V, bins=3), c(A, bins=4, range=(-1, 1), density=True)],
    "histogram2d": [c(V, V[::-1], bins=3)],
    "histogram_bin_edges": [c(V, bins=4)],
    "histogramdd": [c(A.T[:, :2], bins=2)],
    "hsplit": [c(A, 2), c(V, [1, 3])],
    "hstack": [c([V, V]), c((A, A)), c((1.0, V))],
    "i0": [c(V), c(A)],
    "identity": [c(2), c(3, dtype=np.int8)],
    "imag": [c(Z), c(A)],
    "indices": [c((2, 3)), c((2,), dtype=np.int8), c((2, 3), sparse=True)],
    "inner": [c(V, V), c(A, A), c(A, 2.0), c(F, A)],
    "insert": [c(V, 1, 9.0), c(N, 1, [[7, 8, 9]], axis=0)],
    "interp": [c(2.5, [1, 2, 3], [3, 2, 0]), c(V, [0, 2, 4], [0, 1, 0], left=-1)],
    "intersect1d": [c(V, [1.0, 5.0]), c(I, [2, 4, 9], return_indices=True)],
    "is_busday": [c(D), c("2024-01-06", weekmask="1111111")],
    "isclose": [c(V, V), c(V, V, rtol=0.0), c(W, W, equal_nan=True), c(W, 1.0),
                c([1.0, np.inf], [1.0 + 1e-9, np.inf]), c(I, I + 1, atol=1)],
    "iscomplex": [c(Z), c(A)],
    "iscomplexobj": [c(Z), c(A), c([1, 2])],
    "isdtype": [c(np.float64, "real floating"), c(np.dtype(np.int8), ("integral", "bool"))],
    "isfortran": [c(A), c(np.asfortranarray(A))],
    "isin": [c(V, [1.0, 3.0]), c(N, [2, 5], invert=True)],
    "isneginf": [c(np.array([-np.inf, 0.0, np.inf])), c(N)],
    "isposinf": [c(np.array([-np.inf, 0.0, np.inf])), c(N)],
    "isreal": [c(Z), c(N)],
    "isrealobj": [c(Z), c(A)],
    "isscalar": [c(3.0), c(V)],
    "issubdtype": [c(np.float32, np.floating), c(np.int8, np.unsignedinteger)],
    "iterable": [c([1, 2]), c(3)],
    "ix_": [c([0, 1], [2, 3]), c(np.array([True, False, True]))],
    "kaiser": [c(5, 14.0)],
    "kron": [c(np.eye(2), N), c(V[:2], V[:3]), c(A, 2.0), c(F[:, :2, :2], N)],
    "lexsort": [c((V, M)), c(N, axis=0)],
    "linspace": [c(0, 1, 5), c(0, 1, num=4, endpoint=False, retstep=True), c(2, 3, 1),
                 c(0, 1, 0), c([0, 1], [10, 20], 3), c([0, 1], [10, 20], 3, axis=1),
                 c(0, 10, 4, dtype=int), c(1, 1, 3, retstep=True)],
    "logspace": [c(0, 2, 3), c(0, 3, 4, base=2.0), c(0, 1, 3, endpoint=False, dtype=np.float32)],
    "mask_indices": [c(3, np.triu), c(3, np.tril, 1)],
    "matrix_transpose": [c(A), c(F)],
    "max": [c(N, initial=10), c(A, axis=1), c(A, axis=0, keepdims=True)],
    "may_share_memory": [c(A, A[1:]), c(A, B)],
    "mean": [c(A), c(A, axis=(0, 1)), c(N, axis=0), c(A, axis=1, keepdims=True),
             c(N, dtype=np.float32), c(A, where=A > 0), c(np.arange(4, dtype=np.float32))],
    "median": [c(A, axis=0), c(V), c(A, axis=1, keepdims=True)],
    "meshgrid": [c(np.arange(2), np.arange(3)), c(np.arange(2), np.arange(3), indexing="ij"),
                 c(V[:2], V[:3], sparse=True), c(V[:2], V[:3], V[:4]), c(V)],
    "min": [c(A, axis=1), c(N)],
    "min_scalar_type": [c(10), c(-300.5)],
    "mintypecode": [c(["d", "f"]), c("if")],
    "moveaxis": [c(F, 0, -1), c(F, [0, 1], [-1, -2])],
    "nan_to_num": [c(np.array([np.nan, np.inf, -np.inf, 1.0])),
                   c(np.array([np.nan, np.inf]), nan=-1.0, posinf=9.0)],
    "nanargmax": [c(W), c(W[2], axis=0)],
    "nanargmin": [c(W), c(W[0])],
    "nancumprod": [c(W), c(W, axis=1), c(N, axis=0)],
    "nancumsum": [c(W), c(W, axis=0), c(N, dtype=float)],
    "nanmax": [c(W), c(W, axis=0), c(W[:, 2:], axis=1, keepdims=True), c(N, axis=1)],
    "nanmean": [c(W), c(W, axis=0), c(W, axis=1, keepdims=True), c(N)],
    "nanmedian": [c(W[2]), c(W, axis=1)],
    "nanmin": [c(W), c(W, axis=1), c(N), c(W[2], initial=-5.0)],
    "nanpercentile": [c(W[2], 50), c(W[0], [25, 75])],
    "nanprod": [c(W), c(W, axis=1), c(N, axis=0, keepdims=True)],
    "nanquantile": [c(W[2], 0.5), c(W[0], [0.25, 0.75])],
    "nanstd": [c(W[0]), c(W, axis=1), c(W[2], ddof=1)],
    "nansum": [c(W), c(W, axis=0), c(W, axis=1, keepdims=True), c(N, dtype=float)],
    "nanvar": [c(W[0]), c(W, axis=1), c(W[2], ddof=1), c(W[2], keepdims=True)],
    "ndim": [c([[1]]), c(A), c(3.0)],
    "nonzero": [c(M), c(N)],
    "ones": [c(3), c((2, 3), dtype=np.int32)],
    "ones_like": [c(A), c(N, dtype=float), c(V, shape=(2, 1))],
    "outer": [c(V, V[:3]), c(A, [1, 2]), c(N, N)],
    "packbits": [c(M), c(np.array([[1, 0, 1], [0, 1, 1]], dtype=np.uint8), axis=1)],
    "pad": [c(V, 1), c(V, (1, 2), mode="edge"), c(N, ((1, 0), (0, 2)), constant_values=9)],
    "partition": [c(V, 2), c(A, 1, axis=0)],
    "percentile": [c(V, 50), c(A, [25, 75], axis=1)],
    "permute_dims": [c(A, (1, 0)), c(F, (2, 0, 1)), c(F)],
    "piecewise": [c(V, [V < 2, V >= 2], [-1, 1]), c(V, [V < 2], [lambda x: -x, lambda x: x])],
    "place": [inplace(np.arange(5.0), [True, False, True, False, False], [9.0, 8.0])],
    "poly": [c([1, 2]), c(SQ)],
    "polyadd": [c([1, 2], [1, 2, 3])],
    "polyder": [c([1, 2, 3]), c([1, 2, 3, 4], m=2)],
    "polydiv": [c([1, 3, 2], [1, 1])],
    "polyfit": [c(V, 2 * V + 1, 1), c(np.arange(5.0), V, 2, w=np.ones(5))],
    "polyint": [c([3, 2, 1]), c([1, 1], m=2, k=[1, 2])],
    "polymul": [c([1, 2], [1, 2, 3])],
    "polysub": [c([1, 2], [1, 2, 3])],
    "polyval": [c([1, 0, -1], V), c([3, 2], 2), c(np.array([1.5, 2]), N)],
    "prod": [c(N, axis=0), c(V), c(N, dtype=float, keepdims=True)],
    "promote_types": [c("i4", "f4"), c(np.uint8, np.int8)],
    "ptp": [c(A, axis=0), c(V), c(N, axis=1, keepdims=True)],
    "put": [inplace(np.arange(5.0), [0, 2], [9.0, 8.0]), inplace(np.arange(5), 7, 1,
                                                                 mode="clip")],
    "put_along_axis": [inplace(np.zeros((2, 3)), np.array([[0], [2]]), 5.0, axis=1)],
    "putmask": [inplace(np.arange(5.0), np.arange(5) > 2, [-1.0, -2.0])],
    "quantile": [c(A, [0.25, 0.75], axis=1), c(V, 0.5, method="nearest")],
    "ravel": [c(A), c(A, order="F"), c(N)],
    "ravel_multi_index": [c(([0, 1], [2, 0]), (2, 3)), c(([3, 1],), (2,), mode="clip")],
    "real": [c(Z), c(A)],
    "real_if_close": [c(np.array([1.0 + 1e-15j, 2.0])), c(Z)],
    "repeat": [c(V, 2), c(N, [1, 2], axis=0)],
    "require": [c(A), c(A.T, requirements=["C"])],
    "reshape": [c(A, (4, 3)), c(A, shape=-1, order="F"), c(N, (3, -1))],
    "resize": [c(V, (2, 4)), c(N, 4)],
    "result_type": [c(np.float32, np.int64), c(A, 1), c(N, np.int8)],
    "roll": [c(V, 2), c(A, 1, axis=0), c(A, (1, -1), axis=(0, 1)), c(N, 4), c(A, -3, axis=1)],
    "rollaxis": [c(F, 2), c(F, 0, 2)],
    "roots": [c([1, -3, 2])],
    "rot90": [c(A), c(A, 2), c(A, -1), c(F, 1, axes=(1, 2)), c(A, 4)],
    "round": [c(A, decimals=1), c(N, -1)],
    "searchsorted": [c(np.sort(V), 2.5), c(np.sort(V), [1, 3], side="right")],
    "select": [c([V > 2, V < 2], [V, -V]), c([M], [V], default=-1.0)],
    "setdiff1d": [c(V, [1.0]), c(I, [2], assume_unique=False)],
    "setxor1d": [c(V, [1.0, 7.0])],
    "shape": [c(A), c([[1, 2]]), c(3.0)],
    "shares_memory": [c(A, A[1:]), c(A, B)],
    "sinc": [c(V), c(A)],
    "size": [c(A), c(A, axis=1), c([[1, 2, 3]])],
    "sort": [c(A), c(A, axis=None), c(A, axis=0, stable=True)],
    "sort_complex": [c(Z), c(V)],
    "split": [c(np.arange(6), 3), c(A, [1, 3], axis=1), c(A, 2, axis=1)],
    "squeeze": [c(np.zeros((1, 3, 1))), c(np.zeros((1, 3, 1)), axis=0),
                c(np.zeros((1, 3, 1)), axis=(0, 2))],
    "stack": [c([V, V, V], axis=1), c((A, A)), c([[1, 2], np.array([3, 4])], axis=-1),
              c([N, N], dtype=float)],
    "std": [c(A, ddof=1), c(A, axis=0), c(N, axis=1, keepdims=True), c(Z),
            c(A, correction=1), c(A, where=A > 0)],
    "sum": [c([1, 2]), c(A, axis=1, keepdims=True), c(A, axis=0, dtype=np.float32),
            c(N, initial=5), c(A, where=A > 0)],
    "swapaxes": [c(A, 0, 1), c(F, 0, -1)],
    "take": [c(V, [0, 2]), c(A, [1], axis=1), c(N, 4)],
    "take_along_axis": [c(A, np.argsort(A, axis=1), axis=1), c(V, np.argsort(V), axis=None)],
    "tensordot": [c(A, B, axes=1), c(F, F, axes=3), c(F, A.T, axes=([1, 2], [1, 0])),
                  c(A, A, axes=([0], [0])), c(V, V, 0)],
    "tile": [c(V, 2), c(N, (2, 1)), c(V, (2, 1, 2)), c(F, 2)],
    "trace": [c(np.eye(3)), c(A, 1), c(F, axis1=1, axis2=2), c(N, dtype=float)],
    "transpose": [c(A), c(F, (1, 0, 2))],
    "trapezoid": [c(V), c(V, dx=0.5), c(V, x=np.arange(5.0) ** 2), c(A, axis=0),
                  c(A, x=[0.0, 1.0, 3.0], axis=0)],
    "tri": [c(3), c(3, 4, k=1), c(2, dtype=int)],
    "tril": [c(A), c(A, k=-1), c(F, 1)],
    "tril_indices": [c(3), c(3, k=1, m=4)],
    "tril_indices_from": [c(A), c(A, k=-1)],
    "trim_zeros": [c(np.array([0, 0, 1, 2, 0])), c(np.array([0, 1, 0]), trim="f")],
    "triu": [c(A), c(A, k=1), c(N, -1)],
    "triu_indices": [c(3), c(3, k=1, m=2)],
    "triu_indices_from": [c(A)],
    "typename": [c("d"), c("i")],
    "union1d": [c(V, [7.0])],
    "unique": [c(V), c(V, return_counts=True, return_inverse=True), c(N, axis=0),
               c(V, return_index=True)],
    "unique_all": [c(V)],
    "unique_counts": [c(V)],
    "unique_inverse": [c(V)],
    "unique_values": [c(V)],
    "unpackbits": [c(np.array([5, 255], dtype=np.uint8)),
                   c(np.array([[5], [7]], dtype=np.uint8), axis=1, count=4)],
    "unravel_index": [c(5, (2, 3)), c([1, 4], (2, 3), order="F")],
    "unstack": [c(A), c(F, axis=2)],
    "unwrap": [c(np.array([0.0, 3.0, 6.5, 0.5])), c(np.array([0, 5, 9, 1]), period=10)],
    "vander": [c(V[:3]), c(V[:3], 4), c(I[:3], increasing=True)],
    "var": [c(A, axis=0, keepdims=True), c(A), c(N, ddof=1), c(Z), c(A, axis=1, mean=None),
            c(A, correction=1), c(A, where=A > 0), c(A, dtype=np.float32)],
    "vdot": [c(V, V), c(Z, Z), c(A, A)],
    "vsplit": [c(A, 3), c(N, [1])],
    "vstack": [c((A, A)), c([V, V]), c((1.0, [2.0]), dtype=np.float32)],
    "where": [c(M, V, -V), c(M), c([True, False], 1, 2), c(N > 2, N, 0.5)],
    "zeros": [c(3), c((2, 3), dtype=np.int32)],
    "zeros_like": [c(A), c(N, dtype=float), c(V, shape=(3,))],
}

_LINALG: dict[str, list[Call]] = {
    "cholesky": [c(SQ), c(SQ, upper=True)],
    "cond": [c(SQ), c(SQ, "fro")],
    "cross": [c([1.0, 0, 0], [0, 1.0, 0]), c(A[:, :3], A[::-1, :3])],
    "det": [c(SQ), c(np.stack([SQ, 2 * SQ]))],
    "diagonal": [c(A), c(A, offset=1)],
    "eigh": [then(c(SQ), lambda r: r[0])],
    "eigvals": [then(c(SQ), np.sort)],
    "eigvalsh": [c(SQ), c(SQ, UPLO="U")],
    "eig": [then(c(SQ), lambda r: np.sort(r[0]))],
    "inv": [c(SQ)],
    "lstsq": [then(c(A.T, V[:4], rcond=None), lambda r: r[0])],
    "matmul": [c(A, B)],
    "matrix_norm": [c(A), c(A, ord=1, keepdims=True)],
    "matrix_power": [c(SQ, 3), c(SQ, -1)],
    "matrix_rank": [c(A), c(np.ones((3, 3)))],
    "matrix_transpose": [c(A)],
    "multi_dot": [c([A, B, B.T])],
    "norm": [c(V), c(A, "fro"), c(A, axis=1), c(A, ord=np.inf)],
    "outer": [c(V, V[:3])],
    "pinv": [c(A)],
    "qr": [then(c(SQ), lambda r: abs(r[1])), then(c(A, mode="r"), abs)],
    "slogdet": [c(SQ)],
    "solve": [c(SQ, V[:3])],
    "svd": [then(c(A), lambda r: r[1]), c(A, compute_uv=False)],
    "svdvals": [c(A)],
    "tensordot": [c(A, B, axes=1)],
    "tensorinv": [c(np.eye(4).reshape(4, 2, 2), ind=1)],
    "tensorsolve": [c(np.eye(6).reshape(2, 3, 6), np.arange(6.0).reshape(2, 3))],
    "trace": [c(SQ), c(A, offset=1)],
    "vecdot": [c(A, A), c(A, A, axis=0)],
    "vector_norm": [c(V), c(A, axis=1, ord=1), c(A, keepdims=True)],
}

_FFT: dict[str, list[Call]] = {
    **{name: [c(V), c(A, n=6, axis=0), c(A, norm="ortho")]
       for name in ("fft", "ifft", "rfft", "ihfft")},
    **{name: [c(V), c(A, n=6, axis=0), c(A, norm="forward")] for name in ("irfft", "hfft")},
    **{name: [c(A), c(A, s=(2, 3)), c(F, axes=(0, 2))]
       for name in ("fft2", "ifft2", "fftn", "ifftn", "rfft2", "rfftn", "irfft2", "irfftn")},
    "fftfreq": [c(5), c(8, d=0.1)],
    "rfftfreq": [c(5), c(8, d=0.1)],
    "fftshift": [c(V), c(A, axes=0)],
    "ifftshift": [c(V), c(A, axes=(0, 1))],
}


def _rng_draw(g: Any) -> Any:
    return np.asarray(g.standard_normal(3))


_RANDOM: dict[str, list[Call]] = {
    **{name: [seeded(), seeded(size=3), seeded(size=(2, 2))]
       for name in ("random", "random_sample", "ranf", "sample", "standard_normal",
                    "standard_cauchy", "standard_exponential")},
    **{name: [seeded(size=4), seeded(2.0, size=(2, 2))]
       for name in ("exponential", "poisson", "rayleigh")},
    **{name: [seeded(0.5, size=4)] for name in ("geometric", "logseries")},
    **{name: [seeded(2.0, size=4), seeded(V + 1)]
       for name in ("chisquare", "pareto", "power", "standard_gamma", "standard_t",
                    "weibull")},
    "zipf": [seeded(2.0, size=4)],
    **{name: [seeded(size=4), seeded(1.0, 2.0, size=(2, 2))]
       for name in ("normal", "gumbel", "laplace", "logistic", "lognormal", "uniform")},
    **{name: [seeded(2.0, 3.0, size=4)] for name in ("beta", "f", "gamma", "wald", "vonmises",
                                                     "noncentral_chisquare")},
    "noncentral_f": [seeded(2.0, 3.0, 0.5, size=4)],
    "binomial": [seeded(10, 0.3, size=4)],
    "negative_binomial": [seeded(10, 0.3, size=4)],
    "hypergeometric": [seeded(5, 7, 4, size=4)],
    "triangular": [seeded(0.0, 0.5, 1.0, size=4)],
    "multinomial": [seeded(10, [0.2, 0.3, 0.5], size=2)],
    "dirichlet": [seeded([1.0, 2.0, 3.0], size=2)],
    "multivariate_normal": [seeded([0.0, 1.0], np.eye(2), size=3)],
    "choice": [seeded(5, 3), seeded(V, 2, replace=False), seeded(5, p=[0.1, 0.2, 0.3, 0.2, 0.2])],
    "permutation": [seeded(5), seeded(V)],
    "shuffle": [then(seeded(np.arange(5.0)), lambda r: r)],
    "rand": [seeded(), seeded(2, 3)],
    "randn": [seeded(), seeded(3)],
    "randint": [seeded(5, size=4), seeded(1, 10, size=(2, 2), dtype=np.int32)],
    "bytes": [seeded(4)],
    "seed": [c(0)],
    "default_rng": [then(seeded(0), _rng_draw),
                    then(seeded(np.random.SeedSequence(3)), _rng_draw)],
    "get_state": [then(seeded(), lambda s: np.asarray(s[1])),
                  then(seeded(legacy=False), lambda s: s["state"]["pos"])],
    "set_state": [c(("MT19937", np.arange(624, dtype=np.uint32), 0, 0, 0.0))],
    "set_bit_generator": [c(np.random.mtrand.get_bit_generator())],
    "get_bit_generator": [then(seeded(), lambda g: type(g).__name__)],
}
_RANDOM["shuffle"][0].inplace = 0

SAMPLES.update({f"linalg.{k}": v for k, v in _LINALG.items()})
SAMPLES.update({f"fft.{k}": v for k, v in _FFT.items()})
SAMPLES.update({f"random.{k}": v for k, v in _RANDOM.items()})

#: Inputs for ufuncs by NumPy type code: small values inside every ufunc's domain.
#: Generalized ufuncs have core dimensions: their calls are written out.
_GUFUNCS: dict[str, list[Call]] = {
    "matmul": [c(A, B), c(F, B), c(V[:4], B)],
    "vecdot": [c(A, A), c(Z, Z), c(F, V[:4])],
    "matvec": [c(A, V[:4]), c(F, V[:4])],
    "vecmat": [c(V[:3], A), c(Z[:3], A)],
}
SAMPLES.update(_GUFUNCS)

_UFUNC_INPUTS: dict[str, list[Any]] = {
    "d": [np.array([0.25, 0.5, 0.75]), np.array([[0.2], [0.6]])],
    "f": [np.array([0.25, 0.5, 0.75], dtype=np.float32), np.float32(0.5)],
    "l": [np.array([1, 2, 3]), np.array([[2], [5]])],
    "?": [np.array([True, False, True]), np.array([[True], [False]])],
    "D": [np.array([0.25 + 0.5j, 0.5, -0.75j]), np.array([[0.2j], [0.6]])],
    "M": [D, D[::-1]],
    "m": [D - D[0], D[::-1] - D[0]],
}


def ufunc_calls(ufunc: np.ufunc) -> list[Call]:
    """Sample calls for a ufunc, from the first of its type signatures we have inputs for.

    >>> [len(call.args) for call in ufunc_calls(np.add)]
    [2, 2]
    """
    for types in ufunc.types:
        codes = types.split("->")[0]
        if all(code in _UFUNC_INPUTS for code in codes):
            break
    else:
        return []
    args = [_UFUNC_INPUTS[code][i % 2] for i, code in enumerate(codes)]
    calls = [Call(*args)]
    same = [_UFUNC_INPUTS[code][0] for code in codes]
    calls.append(Call(*same, out=None) if ufunc.nout == 1 else Call(*same[::-1]))
    return calls


#: More calls per function: NumPy's keywords and inputs that the library backends' own tests
#: had in their tables (tests/backends), run here on every backend instead. A ufunc's calls
#: from its type signatures come first.
_MORE: dict[str, list[Call]] = {
    "absolute": [c(R), c(SP)],
    "add": [c(R, 1.5), c(N, 1.5), c(SP, 1.0), c(MASK, 1)],
    "all": [c(R > -3), c(R > -3, where=R > 0), c(SP, axis=0, where=SP != 0), c(P > 0.2, axis=1),
            c(A23, axis=1, where=np.array([True, True, False]))],
    "allclose": [c(P, P + 1e-12)],
    "amax": [c(P, axis=0), c(N, where=N > 2, initial=0)],
    "amin": [c(R), c(SP, axis=0)],
    "any": [c(R > 1, axis=0), c(R > 1, axis=0, where=R < 0), c(SP, axis=0), c(P > 0.8),
            c(P > 0.8, axis=0, keepdims=True), c(I32 > 6, where=MASK),
            c(N, where=N > 2, axis=0)],
    "append": [c(P, Q, axis=0)],
    "arange": [c(1, 2.5, 0.5), c(-2 ** 63, -2 ** 63 + 3), c(2, 11, 3)],
    "arccos": [c(np.clip(R, -1, 1))],
    "arctan": [c(SP)],
    "arctan2": [c(R, R + 1)],
    "argmax": [c(V6)],
    "argmin": [c(R, axis=0)],
    "argsort": [c(P), c(V4), c(B3, axis=1, stable=True)],
    "argwhere": [c(SP)],
    "array": [c([[1, 2], [3, 4]], dtype=np.float32), c(P), c([True, False])],
    "array_equal": [c(N + 1, N + 1)],
    "array_equiv": [c(N + 1, (N + 1)[:1])],
    "asarray": [c([[1.0, 2.0], [3.0, 4.0]]), c([[1, 2], [3, 4]]), c(R, dtype=np.float32), c(P),
                c(N + 1, dtype=np.float32)],
    "astype": [c(P, "int64"), c(A3, np.int32), c(U823, "float32", copy=False)],
    "average": [c(V6, weights=V6, returned=True), c(A, weights=A * A), c(A, axis=1, weights=V4),
                c(N, axis=0, weights=[1, 2], returned=True)],
    "bincount": [c(np.array([0, 3, 0, 1, 1, 0])),
                 c(np.array([0, 2, 0, 2]), weights=SPV, minlength=5)],
    "bitwise_count": [c(NI)],
    "broadcast_to": [c(SPV, (2, 4))],
    "cbrt": [c(SP)],
    "clip": [c(R, -0.5, 0.5), c(R, a_min=-0.5, a_max=0.5), c(R, min=-0.5), c(SP, -0.5, 1.0),
             c(A23, min=0.0, max=6.0), c(A23, max=2.0)],
    "concat": [c((A, A)), c([P, Q], axis=None)],
    "concatenate": [c((R, R), axis=1), c((R, R), axis=None),
                    c((N, R[:2, :3]), dtype=np.float32), c((N, N), axis=None), c(([1, 2], V6)),
                    c((SP, SP), axis=1), c((SP, SP), axis=None), c((SP, SP), dtype=np.float32),
                    c([P, Q]), c((np.ones(2), np.zeros(3))), c([N, A[:2, :3]])],
    "cos": [c(SP)],
    "count_nonzero": [c(N)],
    "cov": [c(A, N.T, rowvar=False, aweights=V4[:3]),
            c(A, fweights=[1, 2, 1, 3], aweights=V4, ddof=0)],
    "cross": [c(SP[:, :3], SP[:, 1:]), c(SP[:2, :3], SP[:, 1:], axisa=0, axisc=0),
              c(SP[:2, :3], SP[:2, 1:], axis=0), c(SPV[:2], SPV[2:]),
              c(B3, A3[0], axisa=1, axisc=0), c(B3, B3[::-1], axis=1)],
    "cumprod": [c(P)],
    "cumsum": [c(R, axis=1), c(R)],
    "cumulative_sum": [c(V4), c(MASK)],
    "diagonal": [c(SP, offset=1)],
    "diff": [c(V6, prepend=0.0, n=2), c(SPV, prepend=0.0), c(SP > 0, axis=0),
             c(SP, n=2, append=[[1.0], [2.0], [3.0]]), c(P, axis=1),
             c(N, append=np.array([[1], [2]]))],
    "digitize": [c(SPV, np.array([0.5, 1.5]))],
    "divide": [c(N, 2), c(N, N + 1)],
    "divmod": [c(N, 2), c(SP, 1.5)],
    "dot": [c(SP, SP.T), c(2.0, SP), c(N, N.T), c(V4, 2), c(A, V4),
            c(A[None], A.T[None].T[:, :, :2]), c(U823, U823.T)],
    "ediff1d": [c(P)],
    "einsum": [c("ij,kj->ik", SP, SP), c("ij,kj->ik", U823, U823)],
    "equal": [c(N, 3), c(SP, 0.0), c(N, N)],
    "exp2": [c(SP)],
    "expand_dims": [c(V6, axis=0), c(SP, 0), c(P, 1), c(A, (0, 2))],
    "eye": [c(4, k=-2, dtype=np.int8), c(3, k=1), c(4, 3, k=-2, dtype=np.int8)],
    "fabs": [c(N)],
    "fft.fft": [c(C68, n=12, axis=0, norm="ortho")],
    "fft.fft2": [c(C68)],
    "fft.fftfreq": [c(8, d=0.5)],
    "fft.fftn": [c(A68, axes=(1,))],
    "fft.fftshift": [c(SP), c(M3, axes=(0, 2))],
    "fft.hfft": [c(C68), c(V4, n=6)],
    "fft.ifft": [c(V6, n=8), c(C68.astype(np.complex64), norm="forward")],
    "fft.ifft2": [c(A68, s=(4, 4))],
    "fft.ifftshift": [c(SP), c(M3, axes=-1)],
    "fft.ihfft": [c(V16, norm="ortho")],
    "fft.irfft": [c(C68, n=14)],
    "fft.irfft2": [c(C68, axes=(0, 1))],
    "fft.irfftn": [c(C68)],
    "fft.rfft": [c(R, axis=0), c(V16.astype(np.float32), n=10), c(N)],
    "fft.rfftn": [c(A68, s=(6, 10), axes=(0, 1))],
    "flip": [c(R, axis=1), c(SP, axis=0)],
    "floor": [c(N)],
    "fmax": [c(SP, SP.T[:3, :3].sum() - SP)],
    "full": [c((2,), 3, dtype=np.int8), c((2, 2), np.array([1, 2]))],
    "gcd": [c(NI, 6), c(NI, NI[::-1])],
    "heaviside": [c(H, 0.5), c(H.astype(np.float32), np.float32(0.5))],
    "histogram": [c(SP, bins=3), c(SP, bins=4, range=(-1, 1), density=True)],
    "hstack": [c((V6, V6)), c((N, N)), c([P, Q])],
    "identity": [c(2, dtype=np.int16)],
    "interp": [c(SPV, [0.0, 2.0], [1.0, 3.0]),
               c(R, [0.0, 0.5, 2.0], [1, 0, 4], left=-1.0, right=9.0), c(R, V6[:3], [0, 1j, 2]),
               c(V6, [0.0, 2.0, 4.0], [0.0, 1.0, 0.0], period=5.0)],
    "isclose": [c(R, R + 1e-12), c(N, N + 1, atol=1)],
    "isin": [c(N, np.array([1, 5])), c(SP, [1.5, 3.0]), c(V4, np.array([1.0, 3.0])),
             c(N, np.array([2, 5]), invert=True)],
    "isinf": [c(N)],
    "kron": [c(SPV, SPV), c(SP, 2.0), c(N, np.array([[1.5], [2.0]])), c(V4, 2)],
    "lcm": [c(NI, np.array([2, 3, 4, 5]))],
    "ldexp": [c(V6[:3], N[0])],
    "less": [c(R, 0.1)],
    "linalg.cond": [c(STACK), c(A3, p="fro")],
    "linalg.cross": [c(A3[0], A3[1]), c(M3, M3[::-1]),
                     c(np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))],
    "linalg.diagonal": [c(SP, offset=1), c(B3, offset=1), c(M3, offset=-1)],
    "linalg.eigvals": [c(SYM[1]), c(SYM.astype(np.float32))],
    "linalg.eigvalsh": [c(SYM), c(SYM, UPLO="U")],
    "linalg.inv": [c(STACK)],
    "linalg.matmul": [c(SP, SP.T), c(U823, U823.T)],
    "linalg.matrix_norm": [c(C3, ord=-np.inf), c(A3, ord=2), c(A3.astype(np.float32), ord=-2),
                           c(M3), c(M3, ord=1), c(M3, ord=-np.inf, keepdims=True)],
    "linalg.matrix_power": [c(STACK, 3)],
    "linalg.matrix_rank": [c(A, tol=0.5), c(WIDE), c(V6), c(np.zeros(3))],
    "linalg.matrix_transpose": [c(SP), c(B3)],
    "linalg.multi_dot": [c([A3[0], STACK[1], A3[1]])],
    "linalg.norm": [c(R), c(SP), c(SP, ord=1), c(SP, ord=-np.inf), c(SP, axis=1, keepdims=True),
                    c(SP, ord=3, axis=0), c(SP[None], ord="fro", axis=(0, 2), keepdims=True)],
    "linalg.outer": [c(SPV, SPV), c(A3[0], U823[1])],
    "linalg.pinv": [c(WIDE), c(R, rcond=0.3)],
    "linalg.slogdet": [c(STACK)],
    "linalg.solve": [c(SQ, SQ), c(np.eye(3) * 2, np.ones(3))],
    "linalg.svd": [c(WIDE, compute_uv=False)],
    "linalg.svdvals": [c(WIDE)],
    "linalg.tensordot": [c(SP, SP.T, axes=1), c(U823, U823.T, axes=1)],
    "linalg.trace": [c(SP[:, :3]), c(B3), c(A3, offset=-1, dtype=np.float32)],
    "linalg.vecdot": [c(SP, SP), c(B3, B3[0], axis=-2)],
    "linalg.vector_norm": [c(A3), c(C3, axis=1, ord=np.inf), c(A3, ord=0),
                           c(A3, axis=0, ord=-np.inf), c(A3.astype(np.float32), ord=3.5),
                           c(SP, axis=1), c(M3, axis=(0, 2), keepdims=True, ord=1),
                           c(SP, axis=0, ord=np.inf), c(M3, axis=-1, ord=0)],
    "linspace": [c(0, 1, 4, endpoint=False, retstep=True),
                 c([0, 1], [10, 20], 4, axis=1, endpoint=False), c(0.0, 1.0, 5)],
    "logical_and": [c(N, N - 1)],
    "matmul": [c(N, R[:3]), c(SP, SP.T), c(B3, B3)],
    "max": [c(R, axis=1, where=R > 0, initial=-1.0), c(SP, axis=1), c(SP, axis=1, initial=1.0),
            c(P, axis=1, keepdims=True), c(A23, axis=1, where=MASK, initial=0.0)],
    "maximum": [c(N, 2.5), c(R, 0.0)],
    "mean": [c(R, axis=0), c(N), c(N, axis=1, where=N > 1, keepdims=True), c(SP, axis=0),
             c(SP, axis=1, where=SP != 0)],
    "median": [c(R, keepdims=True)],
    "min": [c(SP, axis=0, initial=-0.5, where=SP != 0), c(P, axis=0), c(I32, initial=-1),
            c(A23, axis=0, where=MASK, initial=100.0), c(A, where=A > 0, initial=9.0)],
    "minimum": [c(V6, 2)],
    "moveaxis": [c(SP[None], 0, -1), c(P, 0, -1)],
    "multiply": [c(R, R), c(SP, SP), c(N, MASK[:, None][:2])],
    "nan_to_num": [c(np.array([0.0, np.nan, np.inf, 0.0]), nan=7.0),
                   c(np.array([[np.nan, np.inf], [-np.inf, 1.0]]))],
    "nanargmax": [c(np.array([[1.0, np.nan], [0.0, 2.0]]), axis=1)],
    "nanmax": [c(np.array([[2.0, np.nan], [np.nan, 1.0]]), axis=0, initial=1.5),
               c(np.array([1.0, np.nan, 3.0]), initial=5.0)],
    "nanmean": [c(np.array([1.0, np.nan, 2.0])), c(WN, axis=1)],
    "nanmin": [c(WN, axis=0)],
    "nanquantile": [c(np.array([[1.0, np.nan], [3.0, 7.0]]), 0.5, axis=0)],
    "nanstd": [c(WN[:, :1])],
    "nansum": [c(np.array([1.0, np.nan, 2.0])), c(WN, axis=1)],
    "nanvar": [c(np.array([1.0, np.nan, 3.0, 4.0]), where=np.array([1, 1, 1, 0]) > 0),
               c(WN[:, :1]), c(W, axis=1, ddof=0)],
    "nonzero": [c(SPV), c(N + 1 > 2)],
    "ones": [c((3, 4)), c((3, 4), dtype="int32")],
    "ones_like": [c(N + 1)],
    "outer": [c(P, Q), c(A, np.array([1, 2]))],
    "pad": [c(SP, 1)],
    "permute_dims": [c(SP, (1, 0))],
    "polyval": [c(N[0], N)],
    "power": [c(R, 2), c(SP, 2), c(A, 2.0)],
    "prod": [c(N, axis=1), c(F, axis=(0, 2)), c(N, where=N > 1, initial=2), c(SP + 1, axis=1),
             c(SP + 1, axis=1, initial=2.0), c(I32, where=MASK, initial=2),
             c(N, where=N > 0, axis=1)],
    "ravel": [c(SP, order="F")],
    "real": [c(N)],
    "repeat": [c(N, 2), c(SP, [2], axis=0)],
    "reshape": [c(F, (4, 6), order="F"), c(R, (3, 8), order="F"), c(SP, (2, 6)),
                c(SP, (4, 3), order="F")],
    "roll": [c(SPV, 1)],
    "round": [c(R, decimals=2), c(SP * 1.26, decimals=1),
              c(np.array([15, 25, -35, 44]), decimals=-1), c(np.array([15, 25, -15, 34]), -1)],
    "searchsorted": [c(np.array([0.0, 1.0, 2.0]), SPV)],
    "sin": [c(R), c(SP), c(N)],
    "sort": [c(V4), c(SP, axis=None), c(SP, axis=0, stable=True), c(P, axis=1)],
    "split": [c(V4, 2)],
    "sqrt": [c(N)],
    "square": [c(MASK)],
    "squeeze": [c(R[:, None], axis=1), c(R[:, None]), c(SP[:, None], axis=1), c(P[:1]),
                c(A[None, :, None], axis=2)],
    "stack": [c((V6, V6, V6), axis=1), c((N, N), dtype=float), c((V6, V6, V6)),
              c(([1, 2], np.array([3, 4])), axis=-1), c((V4, V4), axis=1), c((SPV, SPV)),
              c((SPV, SPV), axis=1, dtype=np.float32), c([P, Q], axis=1)],
    "std": [c(R), c(SP, axis=1), c(P, axis=1, ddof=1), c(np.arange(12.0), ddof=1),
            c(A23.astype(np.float32), axis=1, where=MASK, ddof=1)],
    "sum": [c(R), c(V6, keepdims=True), c(U8), c(N, axis=0, dtype=np.float32),
            c(R, axis=0, where=R > 0, initial=1.0), c(N), c(SP, axis=0),
            c(SP, axis=1, keepdims=True), c(SP, initial=5.0), c(SP, axis=0, where=SP > 0),
            c(P, axis=0), c(N + 1, dtype=np.float32), c(P, initial=1.0, axis=0),
            c(np.arange(12.0).reshape(3, 4), axis=1), c(A23, where=MASK),
            c(I32, axis=1, initial=10), c(A23, axis=0, where=MASK, initial=1.5, keepdims=True),
            c(MASK)],
    "take": [c(V6, np.array([0, 2, 4])), c(V6, [7, -1], mode="wrap"),
             c(R, [0, 9], axis=1, mode="clip"), c(SPV, [1, 3]), c(SP, 4),
             c(SPV, np.array([5, -6]), mode="wrap"), c(V4, np.array([5, -6]), mode="wrap")],
    "tensordot": [c(SP, SP.T, axes=1), c(U823, U823.T, axes=1),
                  c(B3, B3, axes=([1, 2], [2, 1]))],
    "tile": [c(SPV, 2)],
    "trace": [c(S4)],
    "transpose": [c(R[None], axes=(2, 0, 1)), c(SP)],
    "tril": [c(SP)],
    "triu": [c(P, 1)],
    "triu_indices_from": [c(R, k=1)],
    "union1d": [c(V6, np.array([7.0]))],
    "unique": [c(V6, return_index=True, return_inverse=True, return_counts=True),
               c(N, return_inverse=True), c(N), c(SP),
               c(SP, return_index=True, return_inverse=True, return_counts=True),
               c(SP + 2.0, return_index=True, return_counts=True)],
    "unique_all": [c(SP)],
    "unique_counts": [c(SP)],
    "unique_inverse": [c(SP[0])],
    "vander": [c(V6[:3], N=4), c(N[0], 2, increasing=True)],
    "var": [c(R, axis=1, ddof=1), c(R, axis=0, mean=R.mean(axis=0, keepdims=True)),
            c(R, axis=1), c(R, axis=1, mean=R.mean(axis=1, keepdims=True)),
            c(R, where=R > 0, ddof=1), c(R + 1j * R[::-1], axis=0), c(SP, axis=0, ddof=1),
            c(P, axis=0), c(A23.astype(np.float32), correction=0.0),
            c(A, correction=1, axis=0)],
    "vecdot": [c(A3, A3[0]), c(U823, U823)],
    "vstack": [c([P, Q])],
    "where": [c(R > 0, R, 0.0), c(SP > 0, SP, 0.0), c(SPV > 0, SPV, -SPV), c(P > 0.4, P, Q),
              c(A > 0, A, A * 0), c(np.array([True, False]), np.ones(2), np.zeros(2))],
    "zeros": [c(5, dtype="int32")],
    "zeros_like": [c(P, dtype=np.float32)],
}
#: Calls that some backend failed when the backends' tables moved here (Dask's take with a
#: 2-d indexer, JAX's histogram with explicit bins and weights, torch's and the array API's
#: boolean products and cross products with other axes), each fixed since.
_FIXED: dict[str, list[Call]] = {
    "take": [c(SP, [[0, 1], [2, 0]], axis=1), c(SP, np.array([[0, 9]]), axis=1, mode="clip"),
             c(A, np.array([[0, 1], [2, 3]]), axis=1)],
    "histogram": [c(SP, bins=[-2.0, 0.5, 4.0], weights=SP + 1.0)],
    "vecdot": [c(C3, C3, axis=0)],
    "linalg.cross": [c(B3, A3[0], axis=-1), c(B3, B3[::-1], axis=1),
                     c(np.array([1, 2, 3]), M3[0].astype(np.int32))],
    "linalg.vector_norm": [c(B3, axis=(0, 2), keepdims=True, ord=1)],
    "linalg.matrix_norm": [c(B3, ord=1, keepdims=True), c(B3, ord="nuc")],
    "linalg.matrix_rank": [c(SYM, hermitian=True, rtol=0.5)],
    "dot": [c(BOOL3, BOOL3), c(B3[0], 3)],
    "matmul": [c(BOOL3, BOOL3)],
    "tensordot": [c(BOOL3, BOOL3, axes=1)],
    "einsum": [c("ij,jk", BOOL3, BOOL3), c("ij,jk->ik", B3[0], B3[1], dtype=np.float32)],
}
for _name, _calls in [*_MORE.items(), *_FIXED.items()]:
    _ufunc = getattr(np, _name, None)
    _first = SAMPLES.get(_name) or (ufunc_calls(_ufunc) if isinstance(_ufunc, np.ufunc) else [])
    SAMPLES[_name] = [*_first, *_calls]
