"""NumPy's creation, shape, indexing and histogram rules: ``linspace``, ``arange``'s length,
``order="F"`` reshapes, ``take``'s modes, ``diff``, polynomials, histogram bins.

Part of :mod:`overridable.backends._semantics`; imports NumPy and nothing else from outside
the package."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = [
    "arange_length", "bin_range", "diag_indices_from", "diff", "fftshift", "fortran_reshape",
    "full", "gradient_spacing", "histogram2d", "histogram2d_bins", "histogram_bins",
    "histogram_density", "histogram_edges_dtype", "linspace", "nonzero", "nonzero_0d",
    "polyval", "reshape", "sort_complex_dtype", "take", "take_indices", "unravel_index",
    "vander",
]

def fortran_reshape(xp: Any, a: Any, shape: tuple[int, ...],
                    reshape: Callable[[Any, tuple[int, ...]], Any] | None = None) -> Any:
    """NumPy's ``reshape(a, shape, order="F")``: C order on the reversed axes (``a``'s axes
    reversed, reshaped to the reversed shape, reversed back). ``reshape`` is the library's
    C-order reshape, ``xp.reshape`` unless given.

    >>> fortran_reshape(np, np.arange(6), (2, 3))
    array([[0, 2, 4],
           [1, 3, 5]])
    """
    reshape = reshape or xp.reshape
    flipped = reshape(xp.permute_dims(a, tuple(reversed(range(a.ndim)))), tuple(shape[::-1]))
    return xp.permute_dims(flipped, tuple(reversed(range(flipped.ndim))))


def bin_range(low: Any, high: Any) -> tuple[float, float]:
    """NumPy's histogram range from the data's minimum and maximum: widened by 0.5 either
    way when they are equal (all the data one value).

    >>> bin_range(2, 2), bin_range(0, 3)
    ((1.5, 2.5), (0.0, 3.0))
    """
    low, high = float(low), float(high)
    return (low - 0.5, high + 0.5) if low == high else (low, high)


def take_indices(xp: Any, indices: Any, size: int, mode: str) -> Any:
    """NumPy's ``take``/``put`` modes for indices into an axis of ``size``: ``"wrap"`` takes
    them modulo ``size``, ``"clip"`` into ``[0, size - 1]`` (a negative one to 0),
    ``"raise"`` keeps them (the library checks the bounds).

    >>> i = np.array([-1, 3])
    >>> take_indices(np, i, 3, "clip"), take_indices(np, i, 3, "wrap")
    (array([0, 2]), array([2, 0]))
    """
    if mode == "wrap":
        return indices % size
    if mode == "clip":
        return xp.clip(indices, 0, size - 1)
    if mode != "raise":
        raise ValueError(f"clipmode must be one of 'clip', 'raise', or 'wrap' (got {mode!r})")
    return indices


def nonzero_0d(ndim: int) -> None:
    """NumPy 2's refusal of ``nonzero`` on a 0-d array (its own message).

    >>> nonzero_0d(1)
    >>> nonzero_0d(0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar)...
    """
    if ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. "
                         "Use np.atleast_1d(scalar).nonzero() instead.")


def nonzero(xp: Any, a: Any) -> Any:
    """NumPy's ``nonzero`` over ``xp``'s: refused on a 0-d array (:func:`nonzero_0d`).

    >>> nonzero(np, np.array([0, 3, 4]))
    (array([1, 2]),)
    """
    nonzero_0d(a.ndim)
    return xp.nonzero(a)


def fftshift(xp: Any, x: Any, axes: Any = None, inverse: bool = False) -> Any:
    """NumPy's ``fft.fftshift`` (``ifftshift`` with ``inverse``) over ``xp``: a ``roll`` of
    each axis in ``axes`` (every axis for ``None``) by half its length.

    >>> fftshift(np, np.arange(5)), fftshift(np, np.arange(5), inverse=True)
    (array([3, 4, 0, 1, 2]), array([2, 3, 4, 0, 1]))
    """
    from numpy.lib.array_utils import normalize_axis_tuple

    axes = tuple(range(x.ndim)) if axes is None else normalize_axis_tuple(axes, x.ndim)
    shift = tuple(-(x.shape[ax] // 2) if inverse else x.shape[ax] // 2 for ax in axes)
    return xp.roll(x, shift, axis=axes)


def take(xp: Any, a: Any, indices: Any, axis: Any = None, mode: str = "raise",
         index_xp: Any = None) -> Any:
    """NumPy's ``take`` over ``xp``'s 1-d ``take``: ``a`` flattened for ``axis=None``, the
    indices' modes by :func:`take_indices`, the result of shape ``a.shape[:axis] +
    indices.shape + a.shape[axis + 1:]``. ``index_xp`` is the namespace of the indices
    (``xp`` unless given: PyData/Sparse takes NumPy's).

    >>> take(np, np.arange(6).reshape(2, 3), np.array([[0], [4]]), axis=1, mode="wrap")
    array([[[0],
            [1]],
    <BLANKLINE>
           [[3],
            [4]]])
    """
    ixp = xp if index_xp is None else index_xp
    if axis is None:
        a, axis = xp.reshape(a, (-1,)), 0
    axis = axis % a.ndim
    indices = take_indices(ixp, indices, a.shape[axis], mode)
    flat = xp.take(a, ixp.reshape(indices, (-1,)), axis=axis)
    return xp.reshape(flat, (*a.shape[:axis], *indices.shape, *a.shape[axis + 1:]))


def linspace(xp: Any, start: Any, stop: Any, num: int = 50, endpoint: bool = True,
             retstep: bool = False, axis: int = 0, dtype: Any = None) -> Any:
    """NumPy's ``linspace`` over ``xp`` (``concat``, ``moveaxis``: the standard's names) from
    ``start`` and ``stop``, arrays of one floating dtype (broadcast against each other:
    the samples go along a new ``axis``); ``dtype`` is ``xp``'s (integers floored, as
    NumPy's).

    >>> linspace(np, np.array(0.0), np.array([1.0, 2.0]), 3, axis=1)
    array([[0. , 0.5, 1. ],
           [0. , 1. , 2. ]])
    >>> linspace(np, np.array(0.0), np.array(1.0), 3, endpoint=False, retstep=True)
    (array([0.        , 0.33333333, 0.66666667]), np.float64(0.3333333333333333))
    """
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    device = {"device": start.device} if hasattr(start, "device") else {}
    div = (num - 1) if endpoint else num
    delta = stop - start
    y = xp.reshape(xp.arange(0, num, dtype=start.dtype, **device), (num, *(1,) * delta.ndim))
    if div > 0:
        step = delta / div
        y = y / div * delta if bool(xp.any(step == 0)) else y * step
    else:
        step = xp.full(delta.shape, float("nan"), dtype=start.dtype, **device)
        y = y * delta
    y = y + start
    if endpoint and num > 1:
        y = xp.concat([y[:-1, ...], xp.reshape(xp.broadcast_to(stop, y.shape[1:]),
                                                (1, *y.shape[1:]))], axis=0)
    if axis != 0:
        y = xp.moveaxis(y, 0, axis)
    if dtype is not None:
        y = xp.astype(xp.floor(y) if xp.isdtype(dtype, "integral") else y, dtype)
    return (y, step if step.ndim else step[()]) if retstep else y


def polyval(xp: Any, p: Any, x: Any) -> Any:
    """NumPy's ``polyval`` of coefficients ``p`` (highest power first) at ``x`` (one
    dtype), by Horner's scheme, as NumPy's.

    >>> polyval(np, np.array([1, 0, -1]), np.array([2, 3]))
    array([3, 8])
    """
    y = xp.zeros_like(x)
    for coefficient in range(p.shape[0]):
        y = y * x + p[coefficient]
    return y


def vander(xp: Any, x: Any, N: Any = None, increasing: Any = False) -> Any:
    """NumPy's ``vander``: the powers of the 1-d ``x`` (in NumPy's result dtype: at least
    int64), ``N`` columns (``len(x)`` unless given), decreasing unless ``increasing``.

    >>> vander(np, np.array([2, 3]))
    array([[2, 1],
           [3, 1]])
    """
    if x.ndim != 1:
        raise ValueError("x must be a one-dimensional array or sequence.")
    device = {"device": x.device} if hasattr(x, "device") else {}
    powers = xp.arange(x.shape[0] if N is None else N, dtype=x.dtype, **device)
    return xp.pow(xp.reshape(x, (-1, 1)), powers if increasing else xp.flip(powers))


def histogram_density(xp: Any, counts: Any, edges: Any) -> Any:
    """NumPy's ``histogram(density=True)`` from the bin ``counts`` (integers, or the
    weights' dtype) and the bin ``edges``: ``counts / diff(edges) / counts.sum()``, the
    widths in float64 (float32 edges too), in NumPy's division loop of the counts' dtype
    and float64 (complex weights stay complex).

    >>> histogram_density(np, np.array([1, 3]), np.array([0.0, 0.5, 1.0], np.float32))
    array([0.5, 1.5])
    """
    dtype = np.true_divide(np.zeros(0, counts.dtype), np.zeros(0, np.float64)).dtype
    widths = xp.astype(xp.astype(edges[1:] - edges[:-1], np.float64), dtype)
    counts = xp.astype(counts, dtype)
    return counts / widths / xp.sum(counts)


def sort_complex_dtype(dtype: Any) -> np.dtype[Any]:
    """The dtype of NumPy's ``sort_complex`` of an array of ``dtype``: complex dtypes kept,
    8- and 16-bit integers complex64, long double clongdouble, every other complex128
    (float32 too).

    >>> sort_complex_dtype(np.float32), sort_complex_dtype(np.int16)
    (dtype('complex128'), dtype('complex64'))
    """
    found: np.dtype[Any] = np.dtype(dtype)
    if found.kind == "c":
        return found
    return np.dtype("F" if found.char in "bhBH" else "G" if found.char == "g" else "D")


def full(xp: Any, shape: Any, fill: Any) -> Any:
    """NumPy's ``full`` with an array ``fill`` (``xp``'s, in the result's dtype): broadcast
    to ``shape`` (an int or a tuple), as NumPy does.

    >>> full(np, 2, np.array(7))
    array([7, 7])
    """
    return xp.broadcast_to(fill, (shape,) if isinstance(shape, int | np.integer)
                           else tuple(shape))


def reshape(xp: Any, a: Any, shape: Any, order: str = "C",
            reshape: Callable[[Any, tuple[int, ...]], Any] | None = None) -> Any:
    """NumPy's ``reshape(a, shape, order)`` over ``xp`` (its C-order ``reshape`` unless
    given): ``shape`` an int or a sequence; ``order="F"`` by :func:`fortran_reshape`, ``"A"``
    as ``"C"`` (the libraries' arrays have no memory layout to follow).

    >>> reshape(np, np.arange(4), [2, 2], "F")
    array([[0, 2],
           [1, 3]])
    """
    if order not in ("C", "F", "A"):
        raise ValueError(f"order must be one of 'C', 'F', 'A' (got {order!r})")
    shape = (shape,) if isinstance(shape, int | np.integer) else tuple(shape)
    reshape = reshape or xp.reshape
    return fortran_reshape(xp, a, shape, reshape) if order == "F" else reshape(a, shape)


def diff(xp: Any, a: Any, n: int = 1, axis: int = -1, prepend: Any = None,
         append: Any = None) -> Any:
    """NumPy's ``diff`` over ``xp``: ``prepend`` and ``append`` (``xp``'s arrays, ``None``
    for none; 0-d ones broadcast to one slice) joined to ``a`` along ``axis`` first; the
    difference of booleans is ``!=`` of neighbours, as NumPy's.

    >>> diff(np, np.array([True, True, False]), prepend=np.array(False))
    array([ True, False,  True])
    >>> diff(np, np.array([[1, 4], [2, 8]]), axis=0, append=np.array(0))
    array([[ 1,  4],
           [-2, -8]])
    """
    ax = axis % a.ndim
    edge = (*a.shape[:ax], 1, *a.shape[ax + 1:])
    parts = [p if p.ndim else xp.broadcast_to(p, edge)
             for p in (prepend, a, append) if p is not None]
    a = xp.concat(parts, axis=ax) if len(parts) > 1 else a
    if not xp.isdtype(a.dtype, "bool"):
        return xp.diff(a, axis=ax, n=n)
    for _ in range(n):
        # (the trailing ... for the standard, which indexes every axis or says ...)
        a = a[(slice(None),) * ax + (slice(1, None), ...)] != a[(slice(None),) * ax
                                                                + (slice(None, -1), ...)]
    return a


def histogram_bins(bins: Any, bounds: Any, dims: int,
                   data_range: Callable[[int], tuple[float, float]]) -> tuple[Any, Any]:
    """NumPy's ``histogramdd`` bins and range for ``dims`` axes: one count is every axis's;
    with counts and no range (``bounds`` ``None``), each axis ``i``'s range is
    ``data_range(i)`` (its data's minimum and maximum, widened by :func:`bin_range`).

    >>> histogram_bins(3, None, 2, lambda i: (0.0, i + 1.0))
    ([3, 3], [(0.0, 1.0), (0.0, 2.0)])
    """
    if not isinstance(bins, list | tuple) and np.ndim(bins) == 0:  # (a list may be ragged)
        bins = [bins] * dims
    if bounds is None and all(np.ndim(b) == 0 for b in bins):
        bounds = [data_range(i) for i in range(dims)]
    return bins, bounds


def histogram_edges_dtype(dtype: Any, range_given: bool = False) -> np.dtype[Any]:
    """The dtype of the edges NumPy makes from a count of bins for a sample of ``dtype``: a
    floating sample's own (float32 too), float64 for integers and booleans; ``histogramdd``'s
    (and ``histogram2d``'s) of an axis whose range is given: float64 (the range's Python
    numbers spaced out), where ``histogram``'s stays the sample's.

    >>> histogram_edges_dtype(np.float32), histogram_edges_dtype(np.float32, True)
    (dtype('float32'), dtype('float64'))
    >>> histogram_edges_dtype(np.int32)
    dtype('float64')
    """
    found: np.dtype[Any] = np.dtype(dtype)
    return found if found.kind == "f" and not range_given else np.dtype(np.float64)


def histogram2d_bins(bins: Any) -> Any:
    """NumPy's ``histogram2d`` bins as ``histogramdd``'s: a count, or a pair (of counts or
    edges), stays; one sequence of edges is both axes'.

    >>> histogram2d_bins(4), histogram2d_bins([0, 1, 2])
    (4, [[0, 1, 2], [0, 1, 2]])
    """
    try:
        count = len(bins)
    except TypeError:
        count = 1
    return bins if count in (1, 2) else [bins, bins]


def histogram2d(histogramdd: Callable[..., Any], x: Any, y: Any, bins: Any = 10,
                range: Any = None, density: Any = None, weights: Any = None) -> Any:
    """NumPy's ``histogram2d`` through a library's ``histogramdd`` (NumPy's signature, the
    sample given as the list ``[x, y]``): the bins as :func:`histogram2d_bins` says, the
    edges of the two axes returned apart.

    >>> hist, xedges, yedges = histogram2d(np.histogramdd, np.array([0.0, 1.0]),
    ...                                    np.array([0.0, 1.0]), 2)
    >>> hist.tolist(), xedges.tolist()
    ([[1.0, 0.0], [0.0, 1.0]], [0.0, 0.5, 1.0])
    """
    hist, edges = histogramdd([x, y], histogram2d_bins(bins), range, density, weights)
    return hist, edges[0], edges[1]


def unravel_index(unravel: Callable[[Any, Any], Any], indices: Any, shape: Any,
                  order: str = "C") -> tuple[Any, ...]:
    """NumPy's ``unravel_index`` through a library's C-order ``unravel(indices, shape)``:
    ``order="F"`` is the C order of the reversed shape, its coordinates reversed.

    >>> unravel_index(np.unravel_index, np.array([1, 5]), (2, 3), order="F")
    (array([1, 1]), array([0, 2]))
    """
    shape = tuple(shape) if isinstance(shape, tuple | list) else (operator.index(shape),)
    if order == "C":
        return tuple(unravel(indices, shape))
    if order != "F":
        raise ValueError("only 'C' or 'F' order is permitted")
    return tuple(reversed(tuple(unravel(indices, shape[::-1]))))


def arange_length(start: Any, stop: Any, step: Any) -> int:
    """The length of NumPy's ``arange(start, stop, step)`` of Python numbers,
    ``ceil((stop - start) / step)`` (exact for ints), 0 for a range of the wrong sign.

    >>> arange_length(0, 10, 3), arange_length(5, 0, 1), arange_length(0.0, 1.0, 0.25)
    (4, 0, 4)
    """
    import math

    if step == 0:
        raise ZeroDivisionError("arange's step is zero")
    exact = all(isinstance(v, int) for v in (start, stop, step))
    length: int = -((start - stop) // step) if exact else math.ceil((stop - start) / step)
    return max(0, length)


def gradient_spacing(varargs: tuple[Any, ...], axes: int) -> Any:
    """NumPy's ``gradient`` spacings for ``axes`` axes: ``1.0`` for none, one float for one
    scalar, a list of floats for one scalar per axis, else the coordinate arrays as given
    (``None`` for a mix of scalars and arrays, which the caller declines).

    >>> gradient_spacing((), 2), gradient_spacing((2,), 2), gradient_spacing((1, 2), 2)
    (1.0, 2.0, [1.0, 2.0])
    """
    scalars = [np.ndim(v) == 0 for v in varargs]
    if not varargs:
        return 1.0
    if len(varargs) == 1 and scalars[0]:
        return float(varargs[0])
    if len(varargs) != axes:
        raise TypeError("invalid number of arguments")
    if all(scalars):
        return [float(v) for v in varargs]
    return None if any(scalars) else list(varargs)


def diag_indices_from(xp: Any, arr: Any) -> Any:
    """NumPy's ``diag_indices_from`` over ``xp``: the indices of the main diagonal of ``arr``,
    one ``arange`` per axis; NumPy's ``ValueError`` unless ``arr`` has at least 2 axes, all
    of one length.

    >>> diag_indices_from(np, np.zeros((2, 2)))
    (array([0, 1]), array([0, 1]))
    """
    if arr.ndim < 2:
        raise ValueError("input array must be at least 2-d")
    if len(set(arr.shape)) != 1:
        raise ValueError("All dimensions of input must be of equal length")
    return (xp.arange(arr.shape[0]),) * arr.ndim
