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
  ``fill_diagonal``, ``put_along_axis``, ``putmask``) are declined with the
  same reason (JAX's own ``fill_diagonal`` and ``place`` return new arrays).
- **32-bit by default.** Unless ``jax_enable_x64`` is set
  (``jax.config.update("jax_enable_x64", True)`` or ``JAX_ENABLE_X64=1``),
  JAX computes in 32 bits: ``unp.ones(3)`` is ``float32``, ``unp.arange(3)``
  ``int32``, a ``float64`` NumPy array becomes ``float32`` on the way in, and
  a ``float64`` request (``dtype="float64"``) gives ``float32`` with JAX's own
  ``UserWarning``; where NumPy's answer is ``float64`` (``mean`` of integers),
  it is ``float32``. The conformance command turns x64 on for JAX.

With x64 enabled the dtypes are NumPy's, where ``jax.numpy``'s differ too:
the elementwise ufuncs compute in the loop NumPy's ufunc runs
(``_semantics.ufunc_loop``: ``sqrt`` of int8 in float16, ``divide`` of int32 in
float64, ``square`` of booleans in int8); ``mean``, ``std``, ``median``,
``percentile``, ``trapezoid``, ``linalg`` and ``fft`` compute integers in float64
(``cov``, ``interp``, ``polyfit`` every real input; ``angle`` in ``arctan2``'s
loop); ``cumsum`` accumulates narrow integers in int64; ``convolve``,
``correlate``, ``polyder`` and ``polymul`` of integers are integers. Integer
``floor_divide`` by zero is 0, ``sort``'s ``kind=`` sorts (stably), and an
``axis=`` out of bounds raises NumPy's ``AxisError``.

Complex elementwise functions give NumPy's values where a part is infinite, NaN or a
signed zero (C99 Annex G, as NumPy's npymath: ``sqrt(-inf + nanj)`` is ``nan + infj``,
``cosh(infj)`` ``nan + 0j``, ``sin(-0 - 0j)`` keeps both zeros' signs), and ``divide``,
``reciprocal`` and ``power`` follow NumPy's algorithms (``1j ** 2`` is exactly ``-1``);
jax.numpy's own answer NaN, or other zeros, at many of these. Real dtypes go straight to
jax.numpy as before. XLA on CPU flushes subnormal results to zero, which no rule undoes.

Documented exclusion: JAX's (XLA's) float32 kernels for ``arctan``/``atan``,
``expm1`` and ``sinh`` differ from NumPy's by an ulp or two (the harness
compares at ``rtol=1e-7``, below float32's precision); float64 results match.
Data-dependent NumPy rules are kept outside ``jax.jit`` (``eig``, ``eigvals``,
``roots`` and ``poly`` give real results when every value is real; ``ix_``
takes boolean masks), so those adapters need concrete arrays. ``take`` and
``take_along_axis`` raise NumPy's ``IndexError`` for indices out of bounds when the
indices are concrete; under ``jax.jit`` they cannot be checked, and JAX's rule
stands (out-of-bounds indices give NaN, or the least integer). A singular matrix's
``inv``, ``solve`` or ``cholesky`` gives NaN or infinities, JAX's answer, where NumPy
raises ``LinAlgError``.

Questions about dtypes (``can_cast``, ``result_type``, ``promote_types``) get
NumPy's answers on JAX's dtypes (which are NumPy's): ``jax.numpy``'s follow
JAX's promotion lattice (``int32`` with ``float32`` is ``float32`` there,
``float64`` in NumPy). ``einsum_path`` is declined: JAX's returns
opt_einsum's path and report, not NumPy's.

JAX's scalar types (``jnp.float32``, ``jnp.bfloat16``) are its own, so
``unp.ones(3, dtype=jnp.float32)`` reaches JAX once it is registered; the
dtypes they stand for are NumPy's dtype objects, so ``"float32"``,
``numpy.float32`` and ``jnp.float32`` mean the same here.

NumPy's legacy random functions (``unp.random.normal``, ``seed``, ...) draw from NumPy's
global stream and return JAX arrays, so ``unp.random.seed(s)`` gives NumPy's values
(``jax.random``'s keys draw other streams); so do the methods of the NumPy ``Generator``
that ``unp.random.default_rng`` hands out (``unp.random.Generator.normal(rng, ...)``).
``random.shuffle`` declines, JAX's arrays being immutable (``random.permutation``
serves). Inside ``jax.jit`` a draw happens once, when the function is traced, and the
compiled function returns those values on every call: pass ``jax.random`` keys for
randomness in traced code.

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

import functools
import inspect
from typing import Any

import numpy as np

from overridable.numpy._ufunc_declarations import UFUNCS

from . import _semantics as sem
from ._common import (
    HOST_VALUES,
    PYTHON_SCALARS,
    Adapter,
    Library,
    Native,
    array_api_info,
    build,
    compile_native,
    converter,
    decline,
    fast_path,
    guarded,
    importer,
    lazy_backend,
    multimethod_for,
    promote,
    strong,
)
from .fft import HELPERS, TRANSFORMS

__all__ = ["LIBRARY", "SAME_NAMES", "backend"]

#: NumPy's functions that write into their first argument: declined with JAX's reason.
_IN_PLACE: tuple[str, ...] = ("fill_diagonal", "place", "put", "put_along_axis", "putmask",
                              "copyto")

#: NumPy's functions that ``jax.numpy`` implements under the same name and with NumPy's
#: parameter names (an argument JAX does not take makes the backend decline, by name).
SAME_NAMES: tuple[str, ...] = (
    *sem.MIRRORED,
    # and JAX's more: creation, statistics, joining, polynomials
    "geomspace", "nanpercentile", "nanquantile", "histogram_bin_edges", "block", "insert",
    "piecewise", "poly", "polyadd", "polysub", "polymul", "polydiv", "polyder", "polyint",
    "polyfit", "roots",
    # ufuncs: every one of NumPy's (JAX has no datetimes: no isnat); an alias of one
    # (asinh) is the same multimethod
    *(name for name in UFUNCS if name != "isnat"),
    # linalg
    *(f"linalg.{name}" for name in (
        "cholesky", "cond", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh",
        "inv", "lstsq", "matmul", "matrix_norm", "matrix_power",
        "matrix_transpose", "multi_dot", "norm", "outer", "pinv", "qr", "slogdet", "solve",
        "svd", "svdvals", "tensordot", "tensorinv", "tensorsolve", "trace", "vecdot",
        "vector_norm")),
    # fft
    *(f"fft.{name}" for name in TRANSFORMS + HELPERS),
)


_jax = importer("jax")
_jnp = importer("jax.numpy")


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
        if isinstance(value, str):  # NumPy's TypeError for a name NumPy does not know either
            np.dtype(value)
        raise decline(f"JAX has no dtype for {value!r}") from None


def _prepare(value: Any) -> Any:
    # jax.numpy refuses lists and tuples; Python scalars stay weakly typed as they are, and
    # einsum's subscripts are a string.
    if isinstance(value, HOST_VALUES):
        return _jnp().asarray(value)
    return value


def _out(out: Any) -> Any:
    raise decline(f"JAX arrays are immutable: the JAX backend cannot write into out= "
                  f"(got {type(out).__name__}); use the returned array instead "
                  "(y = f(x)), or x.at[...].set(...) for an update")


def _lists(function: Any, *names: str) -> Any:
    """``function`` with its parameters ``names`` turned into JAX arrays when given as lists
    or tuples (``jax.numpy`` refuses them; NumPy's ``delete(a, [0, 2])`` takes them)."""
    if not names:
        return function
    signature = inspect.signature(function)

    @functools.wraps(function)  # keeps the signature, which compile_native reads
    def call(*args: Any, **kwargs: Any) -> Any:
        bound = signature.bind_partial(*args, **kwargs)
        for name in names:
            if isinstance(bound.arguments.get(name), list | tuple):
                bound.arguments[name] = _jnp().asarray(bound.arguments[name])
        return function(*bound.args, **bound.kwargs)

    return call


def _deep(value: Any) -> Any:
    """NumPy arrays (at any depth of nested lists) -> JAX arrays; the nesting is kept."""
    if isinstance(value, list | tuple):
        return type(value)(_deep(v) for v in value)
    return _prepare(value) if isinstance(value, np.ndarray | np.generic) else value


def _block(arrays: Any) -> Any:
    # block's nesting is its meaning: only the leaves become JAX arrays.
    return _jnp().block(_deep(arrays))


def _histogram(a: Any, bins: Any = 10, range: Any = None, density: Any = None,
               weights: Any = None) -> Any:
    jnp, a = _jnp(), _prepare(a)
    if _kind(a) in "biu":  # NumPy's edges for integers are float64
        a = a.astype(_canonical(np.float64))
    if isinstance(bins, list | tuple):  # NumPy's edges given as a sequence
        bins = jnp.asarray(_deep(bins))
    hist, edges = jnp.histogram(a, _deep(bins), range=range, weights=_prepare(weights))
    if np.ndim(bins) == 1:  # NumPy's edges given are returned as they are (their dtype)
        edges = _prepare(_deep(bins))
    if weights is None:
        # NumPy's histogram counts in integers when nothing is weighted.
        hist = hist.astype(jnp.asarray(0).dtype)
    return (sem.histogram_density(jnp, hist, edges) if density else hist), edges


def _polydiv(u: Any, v: Any) -> Any:
    jnp = _jnp()
    q, r = jnp.polydiv(_prepare(u), _prepare(v))
    # NumPy trims the remainder's leading (near-)zeros, keeping at least one coefficient.
    while r.shape[-1] > 1 and bool(jnp.allclose(r[0], 0, rtol=1e-14)):
        r = r[1:]
    return q, r


def _histogramdd(sample: Any, bins: Any = 10, range: Any = None, density: Any = None,
                 weights: Any = None) -> Any:
    jnp = _jnp()
    if isinstance(sample, list | tuple):  # NumPy's D sequences of N coordinates, not N rows
        sample = jnp.stack([_prepare(s) for s in sample], axis=-1)
    if isinstance(bins, list | tuple):  # each axis's count or edges (a list made an array)
        bins = [jnp.asarray(_deep(b)) if isinstance(b, list | tuple) else _deep(b) for b in bins]
    sample = _prepare(sample)
    if _kind(sample) in "biu":  # NumPy's edges for integers are float64
        sample = sample.astype(_canonical(np.float64))
    hist, edges = jnp.histogramdd(sample, bins, range,
                                  weights=_prepare(weights), density=density)
    # NumPy's histogram2d and histogramdd count in floats; jax.numpy's in integers.
    return hist.astype(jnp.result_type(hist, float)), list(edges)


def _ix(*args: Any) -> Any:
    # NumPy's ix_ takes boolean masks as the indices where they are true.
    jnp = _jnp()
    arrays = [_prepare(a) for a in args]
    return jnp.ix_(*(jnp.nonzero(a)[0] if a.dtype == jnp.bool_ else a for a in arrays))


def _real_if_real(function: Any) -> Any:
    # NumPy's eig, eigvals and roots of a real input answer in reals when every value is
    # real; jax.numpy's are always complex.
    @functools.wraps(function)
    def call(a: Any) -> Any:
        a = _prepare(a)
        result = function(a)
        if _jnp().iscomplexobj(a):
            return result
        return sem.real_if_all_real(_jnp(), *(result if isinstance(result, tuple) else (result,)))

    return call


def _poly(seq_of_zeros: Any) -> Any:
    jnp = _jnp()
    zeros = _prepare(seq_of_zeros)
    result = jnp.poly(zeros)
    if not jnp.iscomplexobj(result):
        return result
    # NumPy's rule: roots that come in conjugate pairs give real coefficients.
    roots = jnp.linalg.eigvals(zeros) if zeros.ndim == 2 else zeros
    if bool(jnp.all(jnp.sort(roots) == jnp.sort(jnp.conj(roots)))):
        return jnp.real(result)
    return result


def _round(a: Any, decimals: int = 0, out: Any = None) -> Any:
    if out is not None:
        _out(out)
    return sem.round_(_jnp(), _jnp().asarray(_prepare(a)), decimals)  # jnp's: floats only


def _promote(*values: Any, least: tuple[Any, ...] = ()) -> list[Any]:
    """``values`` (JAX arrays, or what NumPy's function makes arrays: lists, Python scalars)
    as JAX arrays of NumPy's result type (at least ``least``'s): int64 with float32 is
    float64 in NumPy, float32 in jax.numpy."""
    return promote(_prepare, _canonical, *map(strong, values), least=least)


def _promoted(function: Any, *names: str, least: tuple[Any, ...] = ()) -> Any:
    """``function`` given its arguments ``names`` in NumPy's result type
    (:func:`_promote`; a name starting with ``*`` is a sequence of operands: concatenate's
    arrays), unless ``dtype=`` names one. One dtype already (the fast path's call): as is."""
    signature = inspect.signature(function)
    sequences = {name.lstrip("*") for name in names if name.startswith("*")}
    names = tuple(name.lstrip("*") for name in names)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("dtype") is not None:
            return function(*args, **kwargs)
        bound = signature.bind_partial(*args, **kwargs)
        given = [name for name in names if bound.arguments.get(name) is not None
                 and (name not in sequences or isinstance(bound.arguments[name], list | tuple))]
        operands = [v for name in given for v in (
            bound.arguments[name] if name in sequences else (bound.arguments[name],))]
        if not operands:
            return function(*args, **kwargs)
        first = getattr(operands[0], "dtype", None)
        if not least and first is not None and all(
                getattr(v, "dtype", None) is first for v in operands):
            return function(*args, **kwargs)
        cast = iter(_promote(*operands, least=least))
        for name in given:
            value = bound.arguments[name]
            bound.arguments[name] = type(value)(next(cast) for _ in value) \
                if name in sequences else next(cast)
        return function(*bound.args, **bound.kwargs)

    return call


def _dtype_of(value: Any) -> Any:
    """A value's dtype for NumPy's promotion rules: arrays by their dtype (never copied to
    NumPy), Python scalars kept as they are (NumPy's weak scalars), dtypes translated."""
    if isinstance(value, bool | int | float | complex):
        return value
    dtype = getattr(value, "dtype", None)
    if dtype is not None and not isinstance(value, type):
        return np.dtype(dtype)
    return _dtype(value)


def _isscalar(element: Any) -> bool:
    # NumPy: a JAX array, like a NumPy array, is never a scalar (jax.numpy.isscalar says a
    # 0-d array is).
    if isinstance(element, _jax().Array):
        return False
    return bool(np.isscalar(element))


def _fromiter(iter: Any, dtype: Any, count: int = -1, *, like: Any = None) -> Any:
    # jax.numpy.fromiter refuses (an iterator is not pure); outside jit, NumPy consumes it
    # exactly as numpy.fromiter does, and JAX holds the result.
    return _jnp().asarray(np.fromiter(iter, _dtype(dtype), count=count))


def _text(function: str) -> Any:
    # NumPy's text for a JAX array's values (jax.numpy's names the array "Array").
    def call(arr: Any, max_line_width: Any = None, precision: Any = None,
             suppress_small: Any = None) -> str:
        text: str = getattr(np, function)(np.asarray(arr), max_line_width, precision,
                                          suppress_small)
        return text

    call.__name__ = function
    return call


def _canonical(dtype: Any) -> Any:
    # The dtype as JAX has it: float32 for float64 without x64 (its documented narrowing,
    # here without its warning).
    return _jax().dtypes.canonicalize_dtype(dtype)


#: The floating dtypes, whose ufunc loops JAX runs as NumPy does (a set: one hash, where a
#: dtype's ``kind`` and a string search cost three times as much).
_COMPLEX = frozenset(np.dtype(t) for t in ("complex64", "complex128"))
_INEXACT = frozenset(np.dtype(t) for t in ("float16", "float32", "float64")) | _COMPLEX
#: The dtypes jax.numpy orders as NumPy does (every one but the complex ones).
_ORDERED = frozenset(np.dtype(t) for t in (
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")) \
    | _INEXACT - _COMPLEX
#: The ufuncs whose complex loops take NumPy's rules here, not jax.numpy's answer.
_COMPLEX_RULES = sem.COMPLEX_ORDERED | sem.COMPLEX_SPECIAL | {"divide", "power", "float_power"}


@functools.cache
def _keeps(ufunc: np.ufunc) -> bool:
    """Whether NumPy computes floats of one dtype in that dtype (float_power: in float64)."""
    return all((sem.ufunc_loop(ufunc, *(np.zeros(0, t),) * ufunc.nin) or ())[:ufunc.nin]
               == (np.dtype(t),) * ufunc.nin for t in ("float16", "float32", "complex64"))


def _straight(name: str) -> frozenset[Any]:
    """The dtypes in which jax.numpy's ufunc ``name`` answers as NumPy's loop does: the
    floating ones; not the complex ones for the functions that order numbers, where JAX's
    NaN and zero rules are not NumPy's (:func:`_semantics.complex_ordered`), nor for those
    whose values at infinite, NaN and signed zero parts are not NumPy's
    (:func:`_semantics.complex_special`, ``complex_quotient``, ``complex_power``)."""
    return _INEXACT - _COMPLEX if name in _COMPLEX_RULES else _INEXACT


def _fast_ufunc(name: str, function: Any, rules: Any) -> Adapter:
    """The ufunc ``name``'s common call (arrays of one dtype of :func:`_straight`, or one
    and a Python scalar, no keyword) straight to jax.numpy's ``function``, one frame; any
    other call through the generated adapter of ``rules`` (NumPy's loop dtypes, keywords
    declined)."""
    kinds = _straight(name)
    multimethod = multimethod_for(name)
    assert multimethod is not None, name  # a ufunc of SAME_NAMES: declared
    slow = compile_native(name, multimethod, Native(rules), LIBRARY)
    if getattr(np, name).nin == 1:
        def ufunc(x: Any, /, **kwargs: Any) -> Any:
            if not kwargs and getattr(x, "dtype", None) in kinds:
                return function(x)
            return slow(x, **kwargs)
    else:
        def ufunc(x1: Any, x2: Any, /, **kwargs: Any) -> Any:  # type: ignore[misc]
            if not kwargs:
                dtype = getattr(x1, "dtype", None)
                # as the engine's guard: one dtype, or a Python int or float (weak)
                if dtype in kinds and (getattr(x2, "dtype", None) is dtype
                                       or type(x2) is float or type(x2) is int):
                    return function(x1, x2)
            return slow(x1, x2, **kwargs)
    ufunc.__name__ = ufunc.__qualname__ = name
    ufunc.__doc__ = f"NumPy's {name} ufunc served by jax.numpy."
    if hasattr(slow, "precheck"):  # what ov.explain asks: the declines it knows before a call
        ufunc.precheck = slow.precheck  # type: ignore[attr-defined]
    # the same first check, in the engine, for JAX's own arrays (others: the frame above)
    nin = getattr(np, name).nin
    return Adapter(guarded(ufunc, function, owner=type(_jnp().zeros(0)), arity=nin,
                           dtypes=kinds, scalar=function if nin == 2 else None,
                           scalar_dtypes=kinds if nin == 2 else None))


def _ufunc(name: str, function: Any) -> Any:
    """jax.numpy's elementwise ``function`` in the loop NumPy's ufunc ``name`` runs: the
    inputs cast to its dtypes (``sqrt`` of int8 in float16, ``divide`` of int32 in float64,
    ``square`` of booleans in int8), integer ``reciprocal``, division by zero, the order
    of complex numbers and complex values at infinite, NaN and zero parts as NumPy's."""
    ufunc = getattr(np, name)
    keeps, kinds = _keeps(ufunc), _straight(name)

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if keeps and args:
            dtype = getattr(args[0], "dtype", None)
            if dtype in kinds and all(getattr(a, "dtype", None) is dtype
                                      or type(a) is float or type(a) is int for a in args[1:]):
                return function(*args, **kwargs)  # floats of one dtype: NumPy's loop
        loop = sem.ufunc_loop(ufunc, *args)
        if loop is None:  # no NumPy loop (bfloat16): JAX's own answer
            return function(*args, **kwargs)
        args = tuple(a if type(a) in PYTHON_SCALARS or a.dtype == d
                     else a.astype(_canonical(d))
                     for a, d in zip(args, loop, strict=False))
        if name in sem.COMPLEX_ORDERED and loop[0].kind == "c":
            return sem.complex_ordered(_jnp(), name, *args)
        if name in sem.COMPLEX_SPECIAL and loop[0].kind == "c":
            return sem.complex_special(_jnp(), name, args[0], functools.partial(
                function, **kwargs), _jax().lax.complex)
        if name in ("divide", "power", "float_power") and loop[0].kind == "c":
            jnp = _jnp()
            a, b = jnp.asarray(args[0], loop[0]), jnp.asarray(args[1], loop[1])
            if name == "divide":
                return sem.complex_quotient(jnp, a, b, _jax().lax.complex)
            return sem.complex_power(jnp, a, b, jnp.log, jnp.exp, _jax().lax.complex)
        if loop[0].kind not in "iu":
            return function(*args, **kwargs)
        if name == "reciprocal":
            return sem.integer_reciprocal(_jnp(), args[0])
        result = function(*args, **kwargs)
        if name in ("floor_divide", "divmod"):
            zero = args[1]
            return tuple(sem.divided_by_zero(_jnp(), r, zero) for r in result) \
                if isinstance(result, tuple) else sem.divided_by_zero(_jnp(), result, zero)
        return result

    return call


def _kind(value: Any) -> str:
    # An array's dtype kind ("O" for anything else: Python scalars stay weakly typed).
    return str(getattr(getattr(value, "dtype", None), "kind", "O"))


def _float_inputs(function: Any, kinds: str = "biu",
                  floating: Any = lambda dtype: np.float64) -> Any:
    """``function`` computing integer and boolean arrays in float64, as NumPy does (``mean``
    of int8 is float64, jax.numpy's float32), unless ``dtype=`` names another; NumPy's
    quantile methods that pick an element (``lower``, ``nearest``) keep its dtype. With
    ``kinds="biuf"``, narrower floats too (NumPy's ``cov`` of float32 is float64); with
    ``floating``, in the dtype it gives for the input's (``angle`` of int8 is float16)."""
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("dtype") is not None or (
                len(args) == 1 and getattr(args[0], "dtype", None) in _INEXACT
                and "f" not in kinds):
            return function(*args, **kwargs)  # floats (or dtype= given): as they are
        result = function(*(a.astype(_canonical(floating(a.dtype))) if _kind(a) in kinds
                            else a for a in args), **kwargs)
        if kwargs.get("method") in ("lower", "higher", "nearest") and _kind(args[0]) in "iu":
            return result.astype(args[0].dtype)
        return result

    return call


def _integer_dtype(function: Any, keyword: str | None, numpy_dtype: Any) -> Any:
    """``function`` given NumPy's dtype for integer and boolean arrays as ``keyword`` (or, for
    ``None``, its result cast to it), unless the caller gave one: ``cumsum`` accumulates
    int8 in int64 (jax.numpy in int8), ``convolve``, ``polyder`` and ``polymul`` of
    integers are integers (jax.numpy's floats)."""
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        arrays = [a for a in args if hasattr(a, "dtype")]
        if not arrays or kwargs.get(keyword or "") is not None or any(
                _kind(a) not in "biu" for a in arrays):
            return function(*args, **kwargs)
        dtype = _canonical(numpy_dtype(*(a.dtype for a in arrays)))
        if keyword is None:
            return function(*args, **kwargs).astype(dtype)
        return function(*args, **kwargs, **{keyword: dtype})

    return call


def _sort(function: Any) -> Any:
    # NumPy's sort kinds: any of them sorts (a stable sort is each one's answer); NumPy
    # checks kind= (and kind= with stable=), jax.numpy takes stable= alone.
    @functools.wraps(function)
    def call(*args: Any, kind: Any = None, **kwargs: Any) -> Any:
        if kind is not None:
            np.sort(np.empty(0), kind=kind, stable=kwargs.get("stable"))
        return function(*args, **kwargs)

    return call


def _axis_checked(name: str, function: Any) -> Any:
    """``function`` refusing an ``axis=`` out of bounds with NumPy's ``AxisError`` (JAX raises
    ValueError, or IndexError); ``stack``'s axis counts the result's axes. Checked once JAX
    has refused the call: nothing is paid on the calls JAX takes."""
    from numpy.lib.array_utils import normalize_axis_tuple

    extra = name == "stack"

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except (ValueError, IndexError, TypeError):
            axis = kwargs.get("axis")
            if axis is not None and args:
                first = args[0][0] if isinstance(args[0], (list, tuple)) and args[0] \
                    else args[0]
                ndim = getattr(first, "ndim", None)
                if ndim is not None:  # NumPy's AxisError, if that is what went wrong
                    try:
                        normalize_axis_tuple(axis, ndim + extra, allow_duplicate=True)
                    except np.exceptions.AxisError as error:
                        raise error from None
            raise

    return call


def _complex_ordered(name: str, function: Any) -> Any:
    """``function`` with complex arrays in NumPy's order (:func:`_semantics.complex_call`):
    jax.numpy's complex max drops NaN and keeps neither signed zero of a tie, its argmax
    and clip take none, its sort puts NaN parts elsewhere; ``quantile``, ``median``,
    ``partition`` of complex arrays decline (JAX refuses them, NumPy sorts them)."""
    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if _kind(a) != "c":
            return function(a, *args, **kwargs)
        if name not in sem.COMPLEX_ORDERING and name != "sort_complex":
            raise decline(f"jax.numpy's {name} takes no complex numbers")
        return sem.complex_call(_jnp(), "sort" if name == "sort_complex" else name, a,
                                *args, **kwargs)

    return call


def _index_result(function: Any) -> Any:
    # NumPy's indices and counts are its default integer (jax.numpy's int32).
    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs).astype(_canonical(np.intp))

    return call


def _dot(function: Any) -> Any:
    # A Python scalar multiplies as NumPy's dot does, made an array first (int16 and 3
    # give int64; jax.numpy's dot asks for that product in int16, and fails).
    @functools.wraps(function)
    def call(a: Any, b: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(a, PYTHON_SCALARS) or isinstance(b, PYTHON_SCALARS):
            return _jnp().multiply(_prepare(strong(a)), _prepare(strong(b)))
        return function(a, b, *args, **kwargs)

    return call


def _einsum(function: Any) -> Any:
    # NumPy's dtype= and casting=: the operands cast to dtype (jax.numpy takes neither).
    @functools.wraps(function)
    def call(*operands: Any, dtype: Any = None, casting: Any = "safe", **kwargs: Any) -> Any:
        if dtype is None:
            return function(*operands, **kwargs)
        dtype = sem.join_dtype([np.result_type(getattr(o, "dtype", o)) for o in operands
                                if not isinstance(o, str)],
                               _dtype(dtype), casting)  # (NumPy's TypeError where it cannot)
        return function(*(o if isinstance(o, str) else _prepare(o).astype(_canonical(dtype))
                          for o in operands), **kwargs)

    return call


def _quantile(function: Any) -> Any:
    # NumPy's dtype (:func:`_semantics.quantile_dtype`): float32 data at float64 fractions
    # (an array or list of q) computed in float64, where jax.numpy keeps float32.
    @functools.wraps(function)
    def call(a: Any, q: Any, *args: Any, **kwargs: Any) -> Any:
        a = _prepare(a)
        if _kind(a) == "f":
            fractions = q if type(q) in PYTHON_SCALARS else \
                q.dtype if hasattr(q, "dtype") else np.asarray(q).dtype
            dtype = _canonical(sem.quantile_dtype(a.dtype, fractions,
                                                  kwargs.get("method", "linear")))
            if dtype != a.dtype:
                a = a.astype(dtype)
        return function(a, q, *args, **kwargs)

    return call


def _trapezoid(function: Any) -> Any:
    # NumPy sums booleans in pairs with its boolean +, a logical or
    # (:func:`_semantics.boolean_trapezoid`).
    @functools.wraps(function)
    def call(y: Any, x: Any = None, dx: Any = 1.0, axis: int = -1) -> Any:
        y = _prepare(y)
        if _kind(y) == "b":
            return sem.boolean_trapezoid(_jnp(), y, None if x is None else _prepare(x), dx,
                                         axis)
        return function(y, x, dx, axis)

    return call


def _meshgrid(function: Any) -> Any:
    # NumPy 2's meshgrid returns a tuple (jax.numpy's a list).
    @functools.wraps(function)
    def call(*xi: Any, **kwargs: Any) -> Any:
        return tuple(function(*xi, **kwargs))

    return call


def _in_bounds(a: Any, indices: Any, axis: Any, mode: Any) -> Any:
    """NumPy's ``IndexError`` for indices out of bounds under ``mode="raise"`` (NumPy's
    default, which reaches here as ``None``; jax.numpy fills them with NaN or the least
    integer), checked on the host (:func:`_semantics.check_bounds`) when the indices are
    concrete; the mode to pass on. Under ``jax.jit`` the indices are not known: JAX's rule
    stands (see the module docstring)."""
    if mode not in (None, "raise"):
        return mode
    indices = _prepare(indices)
    if isinstance(indices, _jax().core.Tracer):
        return None
    a = _prepare(a)
    size = a.size if axis is None else a.shape[axis]
    sem.check_bounds(np, np.asarray(indices), size, 0 if axis is None else axis % a.ndim)
    return None


def _take(function: Any) -> Any:
    @functools.wraps(function)
    def call(a: Any, indices: Any, axis: Any = None, out: Any = None, mode: Any = None,
             **kwargs: Any) -> Any:
        mode = _in_bounds(a, indices, axis, mode)
        return function(a, indices, axis, out, mode, **kwargs)

    return call


def _take_along_axis(function: Any) -> Any:
    @functools.wraps(function)
    def call(arr: Any, indices: Any, axis: Any = -1, mode: Any = None, **kwargs: Any) -> Any:
        mode = _in_bounds(arr, indices, axis, mode)
        return function(arr, indices, axis, mode, **kwargs)

    return call


def _lstsq(function: Any) -> Any:
    # NumPy's residuals only for a full rank and M > N (jax.numpy's always), its rank int32.
    @functools.wraps(function)
    def call(a: Any, b: Any, rcond: Any = None) -> Any:
        x, residuals, rank, s = function(a, b, rcond)
        return sem.lstsq_result(_jnp(), x, residuals, rank, s, a.shape, _canonical(np.int32))

    return call


def _half(function: Any) -> Any:
    # NumPy's FFTs compute float16 in float32 (jax.numpy's real transforms refuse it); its
    # 1-d irfft and hfft answer in float16.
    back = function.__name__ in ("irfft", "hfft")

    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(a, "dtype", None) != np.float16:
            return function(a, *args, **kwargs)
        result = function(a.astype(np.float32), *args, **kwargs)
        return result.astype(np.float16) if back else result

    return call


def _hermitian(function: Any) -> Any:
    """``eigh``/``eigvalsh`` reading one triangle, ``UPLO``'s, as NumPy's do (jax.numpy's
    symmetrize the input: of a matrix that is not Hermitian they answer neither triangle's)."""
    def call(a: Any, UPLO: str = "L") -> Any:
        lower = sem.lower_triangle(_jnp(), _prepare(a), UPLO)
        return function(lower, UPLO="L", symmetrize_input=False)

    call.__name__ = call.__qualname__ = function.__name__
    call.__doc__ = f"NumPy's linalg.{function.__name__} served by jax.numpy."
    return call


def _matrix_rank(A: Any, tol: Any = None, hermitian: bool = False, *, rtol: Any = None) -> Any:
    # jax.numpy's ignores hermitian= and takes rtol= as an absolute bound.
    return sem.matrix_rank(_jnp(), _prepare(A), tol, hermitian, rtol, _canonical(np.intp))


#: jax.numpy's functions given NumPy's result dtypes and arguments, by NumPy's name.
_RESULTS: dict[str, Any] = {"argpartition": _index_result, "digitize": _index_result,
                            "searchsorted": _index_result, "dot": _dot, "einsum": _einsum,
                            "linalg.lstsq": _lstsq, "trapezoid": _trapezoid,
                            "meshgrid": _meshgrid, "take": _take,
                            "take_along_axis": _take_along_axis,
                            **dict.fromkeys(("percentile", "quantile", "nanpercentile",
                                             "nanquantile"), _quantile),
                            **dict.fromkeys((f"fft.{name}" for name in TRANSFORMS), _half)}

#: NumPy's functions that compute integer and boolean arrays in float64 (complex128), where
#: jax.numpy computes those narrower than 64 bits in float32.
_FLOAT_INPUTS: frozenset[str] = frozenset((
    "mean", "std", "var", "nanmean", "nanstd", "nanvar", "median", "nanmedian", "average",
    "percentile", "nanpercentile", "quantile", "nanquantile", "trapezoid", "sinc", "i0",
    "gradient", "roots",
    *(f"linalg.{name}" for name in (
        "cholesky", "cond", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "lstsq",
        "matrix_norm", "norm", "pinv", "qr", "slogdet", "solve", "svd", "svdvals",
        "tensorinv", "tensorsolve", "vector_norm")),
    *(f"fft.{name}" for name in TRANSFORMS),
))
#: NumPy's functions computing every real input in float64 (``cov`` of float32 is float64).
_FLOAT64: tuple[str, ...] = ("cov", "corrcoef", "interp", "polyfit")
#: NumPy's accumulations (booleans and narrow integers in its default integer).
_ACCUMULATIONS: tuple[str, ...] = ("cumsum", "cumprod", "nancumsum", "nancumprod",
                                   "cumulative_sum", "cumulative_prod")
#: NumPy's functions that make their operands arrays and promote them by NumPy's rules
#: (jax.numpy's lattice differs: int64 with float32 is float32 there), by the parameters
#: promoted together ("*": a sequence of operands).
_PROMOTED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("concatenate", "stack", "linalg.multi_dot"), ("*arrays",)),
    **dict.fromkeys(("hstack", "vstack", "dstack", "column_stack"), ("*tup",)),
    **dict.fromkeys(("dot", "matmul", "inner", "outer", "kron", "vdot", "tensordot"),
                    ("a", "b")),
    **dict.fromkeys(("linalg.outer", "linalg.tensordot", "linalg.matmul"), ("x1", "x2")),
    **dict.fromkeys(("convolve", "correlate"), ("a", "v")),
    "diff": ("a", "prepend", "append"), "append": ("arr", "values"),
    "average": ("a", "weights"),
}
#: Functions whose axis= is not an axis of their first argument.
_OTHER_AXES = ("expand_dims", "compress", "lexsort", "apply_along_axis", "linspace",
               "logspace", "geomspace")


#: Functions whose complex arrays :func:`_complex_ordered` takes.
_COMPLEX_ORDERED = sem.COMPLEX_ORDERING | {
    "sort_complex", "median", "nanmedian", "quantile", "nanquantile", "percentile",
    "nanpercentile", "partition", "argpartition"}


def _no_degrees(name: str, function: Any) -> Any:
    """``function``, jax.numpy's ``name`` (``var``, ``std``, ``nanvar``, ``nanstd``), with
    NumPy's value where a slice has no degrees of freedom left (its count not above
    ``ddof``): the sum of squares / 0, ``inf`` (``nan`` for 0 / 0), where JAX gives ``nan``
    (the nan-functions of floats: NaN, as NumPy's). Computed only with a ``ddof`` and a
    slice that short."""
    root, nan = name.endswith("std"), name.startswith("nan")

    @functools.wraps(function)
    def call(a: Any, *args: Any, **kwargs: Any) -> Any:
        result = function(a, *args, **kwargs)
        correction = kwargs.get("correction")
        ddof = kwargs.get("ddof", 0) if correction is None else correction
        where = kwargs.get("where")
        if not ddof or (where is not None and where is not True):
            return result
        jnp, a = _jnp(), _prepare(a)
        if nan and jnp.isdtype(a.dtype, ("real floating", "complex floating")):
            return result  # (NumPy's nanvar is NaN there, as JAX's; of integers, var's)
        axis = kwargs.get("axis")
        n = sem.count(jnp, a, tuple(axis) if isinstance(axis, list) else axis)
        if n - ddof > 0:
            return result
        unbiased = {k: v for k, v in kwargs.items() if k not in ("ddof", "correction")}
        biased = function(a, *args, **unbiased)
        short = (biased * biased if root else biased) * n / jnp.maximum(n - ddof, 0)
        return jnp.where(n - ddof > 0, result, jnp.sqrt(short) if root else short)

    return call


def _nonempty(function: Any) -> Any:
    """``function(a, *axis)`` where ``a`` has elements; an empty ``a`` raises, which sends
    the call on to the adapter (:func:`overridable.guarded`), with NumPy's warning."""
    def call(a: Any, *axis: Any) -> Any:
        if a.size:
            return function(a, *axis)
        raise ValueError("an empty array: the adapter warns as NumPy does")

    return call


def _numpy_rules(name: str, function: Any) -> Any:
    """jax.numpy's ``function`` for NumPy's ``name``, with NumPy's rules that JAX does not
    follow: a ufunc's loop dtypes, float64 for integers, sort kinds, ``AxisError``."""
    numpy_function = getattr(np, name, None)
    if name in _COMPLEX_ORDERED:
        function = _complex_ordered(name, function)
    if isinstance(numpy_function, np.ufunc) and numpy_function.signature is None:
        function = _ufunc(name, function)
    elif name in _FLOAT_INPUTS or name in _FLOAT64:  # (cov of complex64: complex128)
        function = _float_inputs(function, "biu" if name in _FLOAT_INPUTS else "biufc"
                                 if name in ("cov", "corrcoef") else "biuf", sem.cov_dtype)
    elif name == "angle":  # NumPy's angle of reals is arctan2(0, x), in that loop
        function = _float_inputs(function, floating=sem.angle_dtype)
    elif name in _ACCUMULATIONS:
        function = _integer_dtype(function, "dtype",
                                  lambda d: np.cumsum(np.zeros(0, d)).dtype)
    elif name in ("sort", "argsort"):
        function = _sort(function)
    elif name in ("convolve", "correlate"):
        function = _integer_dtype(function, "preferred_element_type", np.result_type)
    elif name in ("polyder", "polymul"):  # (polyder multiplies by NumPy's default integers)
        function = _integer_dtype(function, None, functools.partial(
            np.result_type, *((np.int_,) if name == "polyder" else ())))
    if name in _RESULTS:
        function = _RESULTS[name](function)
    if name in ("var", "std", "nanvar", "nanstd"):
        function = _no_degrees(name, function)
    if name in sem.WARNINGS:  # NumPy's RuntimeWarnings (of NaN slices: in concrete arrays)
        function = sem.warned(_jnp(), name, function, _prepare)
    if name in _PROMOTED:
        function = _promoted(function, *_PROMOTED[name])
    elif name == "vander":  # NumPy's powers are at least its default integer
        function = _promoted(function, "x", least=(np.dtype(int),))
    elif name == "bincount":  # NumPy's weights are float64
        function = _promoted(function, "weights", least=(np.dtype(float),))
    try:
        takes_axis = "axis" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        takes_axis = False
    return _axis_checked(name, function) if takes_axis and name not in _OTHER_AXES \
        else function


def _table() -> dict[str, Any]:
    jnp = _jnp()
    like = ("like",)
    lists = {"delete": ("obj",), "diff": ("prepend", "append"), "polyint": ("k",),
             "repeat": ("repeats",)}
    table: dict[str, Any] = {
        name: _numpy_rules(name, _lists(functools.reduce(getattr, name.split("."), jnp),
                                        *lists.get(name, ())))
        for name in SAME_NAMES}
    for name in SAME_NAMES:  # one frame for the common call of the one-output ufuncs
        ufunc = getattr(np, name, None)
        if isinstance(ufunc, np.ufunc) and ufunc.signature is None and ufunc.nout == 1 \
                and ufunc.nin <= 2 and _keeps(ufunc):
            table[name] = _fast_ufunc(name, getattr(jnp, name), table[name])

    def sign(x: Any, /) -> Any:  # NumPy's sign of a zero is +0 (jax.numpy keeps -0.0)
        return jnp.sign(x) + 0

    table["sign"] = _fast_ufunc("sign", sign, _numpy_rules("sign", sign))
    # NumPy's dtype (float32 sorts as complex128), then NumPy's order of complex numbers
    ordered = table["sort_complex"]
    table["sort_complex"] = Adapter(lambda a: ordered(_prepare(a).astype(
        _canonical(sem.sort_complex_dtype(_prepare(a).dtype)))))
    for name in ("eigh", "eigvalsh"):
        table[f"linalg.{name}"] = _numpy_rules(f"linalg.{name}",
                                               _hermitian(getattr(jnp.linalg, name)))
    # like= only selects the backend; never passed on.
    for name in ("ones", "zeros", "empty", "full", "arange", "eye", "identity", "asarray",
                 "array"):
        table[name] = Native(table[name], drop=like)
    # jax.numpy's answers otherwise, the defaults' are NumPy's: array_equiv's False for shapes
    # that do not broadcast, base ** y, tri's float64, copy's order= refused, integer around,
    # permute_dims without axes
    for name in ("array_equiv", "logspace", "tri", "copy", "around", "permute_dims"):
        del table[name]
    table["clip"] = sem.clip("jax.numpy", lambda a, low, high: sem.complex_clip(
        jnp, a, *(None if b is None else jnp.asarray(b, dtype=a.dtype) for b in (low, high)))
        if _kind(_prepare(a)) == "c" else jnp.clip(_prepare(a), low, high), _out)
    # NumPy's rules for x and y; lists made arrays, as the generated adapters do
    table["where"] = sem.where(lambda *args: jnp.where(*map(_prepare, args)))
    table.update({
        "block": Adapter(_block), "histogram": Adapter(_histogram),
        "histogram2d": Adapter(functools.partial(sem.histogram2d, _histogramdd)),
        "histogramdd": Adapter(_histogramdd),
        "ix_": Adapter(_ix),
        **{name: Adapter(_real_if_real(table[name]))
           for name in ("linalg.eig", "linalg.eigvals", "roots")},
        "poly": Adapter(_poly), "polydiv": Adapter(_polydiv),
        "polyval": Adapter(lambda p, x: sem.polyval(jnp, *_promote(p, x))),
        "histogram_bin_edges": Adapter(lambda a, bins=10, range=None, weights=None: _histogram(
            a, bins, range, None, weights)[1]),
        "linalg.matrix_rank": Adapter(_matrix_rank),
        "round": Adapter(_round),
        **sem.dtype_functions(_dtype_of, fallback=_jnp),
        "isscalar": Adapter(_isscalar), "fromiter": Adapter(_fromiter),
        "array_repr": Adapter(_text("array_repr")), "array_str": Adapter(_text("array_str")),
        "unravel_index": Adapter(lambda indices, shape, order="C": sem.unravel_index(
            _jnp().unravel_index, _prepare(indices), shape, order)),
        "einsum_path": sem.refusal("einsum_path", "jax.numpy.einsum_path returns opt_einsum's "
                                   "path and report, not NumPy's (['einsum_path', ...], "
                                   "report): the JAX backend does not serve it"),
        "frombuffer": Native(jnp.frombuffer, drop=like),
        "fromstring": Native(jnp.fromstring, drop=like),
        "from_dlpack": jnp.from_dlpack, "isdtype": jnp.isdtype,
        # (issubdtype: NumPy's abstract types, numpy.floating, are no dtype: passed as they are.)
        "issubdtype": Adapter(jnp.issubdtype), "iterable": jnp.iterable,
        **{name: sem.refusal(name, f"JAX arrays are immutable: numpy.{name} writes into its "
                             "first argument, which the JAX backend cannot do; use the "
                             "functional x.at[...].set(...) (or jax.numpy."
                             f"{name}(..., inplace=False)) and keep the returned array")
           for name in _IN_PLACE},
    })
    table.update(array_api_info("jax.numpy"))
    # The common call (JAX's own arrays by position; an int axis, a shape tuple) straight to
    # jax.numpy, in the engine; every other call through the entry above. mean computes
    # integers in float64: only floating arrays go straight.
    array = type(jnp.zeros(0))
    shapes: tuple[tuple[str, dict[str, Any]], ...] = (
        *((name, dict(arity=1, axis=True)) for name in ("sum", "prod", "all", "any")),
        # (complex numbers in NumPy's order: :func:`_complex_ordered`)
        *((name, dict(arity=1, axis=True, dtypes=_ORDERED)) for name in (
            "max", "min", "amax", "amin")),
        ("mean", dict(arity=1, axis=True, dtypes=_INEXACT)),
        ("concatenate", dict(arity=1, sequence=True, axis=True)),
        ("stack", dict(arity=1, sequence=True, axis=True)),
        ("reshape", dict(arity=1, shape=True)), ("transpose", dict(arity=1)),
        ("dot", dict(arity=2)), ("where", dict(arity=3, lead_dtypes=[np.dtype(bool)])))
    for name, shape in shapes:
        fast = getattr(jnp, name)
        table[name] = fast_path(name, table[name], LIBRARY,
                                _nonempty(fast) if name in sem.WARNINGS else fast,
                                owner=array, **shape)
    # NumPy's streams (jax.random's keys draw others): arrays to NumPy, results back.
    table.update(sem.numpy_random(jnp.asarray, lambda v: np.asarray(v) if isinstance(
        v, _types()[0]) else v))
    return table


#: JAX, described for :func:`overridable.backends._common.build`.
LIBRARY = Library(
    name="jax",
    module="jax.numpy",
    types=_types,
    absorbs=sem.with_generators,
    table=_table,
    dtype=_dtype,
    prepare=_prepare,
    convert=converter(lambda value: _jnp().asarray(value), _dtype),
    out=_out,
)

backend: Any
__getattr__ = lazy_backend(__name__, lambda: build(LIBRARY))
