"""FFT backends: ``unp.fft`` served by ``scipy.fft``, pyFFTW or mkl_fft, for NumPy arrays.

Each is a backend of the ``"numpy.fft"`` domain only: it serves the FFTs and
is never asked for the rest of the API (``unp.asarray``, ``unp.sum`` stay
with NumPy). None owns an array type; each *absorbs* NumPy arrays, scalars
and dtypes, so it overrides NumPy for NumPy's own arrays, as NEP 31 asks::

    ov.set_global_backend(pyfftw)           # the module: pyFFTW serves unp.fft
    with ov.set_backend("mkl_fft"):          # or a name
        unp.fft.rfft(signal)                 # -> mkl_fft's rfft, a NumPy array

- ``scipy_fft``: ``scipy.fft`` (name ``"scipy.fft"``, or the module);
- ``pyfftw``: ``pyfftw.interfaces.numpy_fft`` (names ``"pyfftw"``,
  ``"pyfftw.interfaces.numpy_fft"``);
- ``mkl_fft``: ``mkl_fft.interfaces.numpy_fft`` (names ``"mkl_fft"``,
  ``"mkl_fft.interfaces.numpy_fft"``). Its ``interfaces.scipy_fft`` needs
  ``mkl-service``, which mkl_fft does not declare: our ``fft`` extra does.

Arrays of other libraries (a Dask array, a tensor) are refused, so those
calls go on to the library's own backend; under ``coerce=True`` they are
converted to NumPy arrays. ``out=`` is honoured by mkl_fft only: the others
decline it, and NumPy serves the call.

**scipy.fft's uarray backends as they are.** ``pyfftw.interfaces.scipy_fft``,
``mkl_fft.interfaces.scipy_fft`` and ``cupyx.scipy.fft`` speak the uarray
protocol for the domain ``"numpy.scipy.fft"``, whose multimethods are
``scipy.fft``'s functions. The engine accepts them unchanged
(``ov.set_backend(pyfftw.interfaces.scipy_fft)`` is valid), but that domain
is not ``"numpy.fft"`` nor a parent of it, so on its own it serves no
``unp.fft`` call. :func:`from_scipy_fft` routes ``unp.fft`` to one: a
``"numpy.fft"`` backend that calls the module's own ``__ua_function__`` with
``scipy.fft``'s multimethod, exactly as ``scipy.fft.set_backend`` would.

This module imports NumPy and the engine; each library is imported lazily,
when its backend is first used.

Examples
--------
>>> import numpy as np
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> with ov.set_backend("scipy.fft", only=True):
...     spectrum = unp.fft.fft(np.array([1.0, 0.0, 0.0, 0.0]))
>>> spectrum.dtype, abs(spectrum)
(dtype('complex128'), array([1., 1., 1., 1.]))
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import Any

import numpy as np

import overridable as ov

from ._common import Library, build, converter, decline, lazy_backend, takes_no

__all__ = ["LIBRARIES", "MKL_FFT", "PYFFTW", "SCIPY_FFT", "TRANSFORMS", "from_scipy_fft",
           "mkl_fft", "pyfftw", "scipy_fft"]

DOMAIN = "numpy.fft"

#: ``numpy.fft``'s transforms, served by every FFT library here.
TRANSFORMS: tuple[str, ...] = (
    "fft", "ifft", "rfft", "irfft", "hfft", "ihfft", "fft2", "ifft2", "rfft2", "irfft2",
    "fftn", "ifftn", "rfftn", "irfftn",
)
#: ``numpy.fft``'s helpers (frequencies, shifts), where an interface provides them.
HELPERS: tuple[str, ...] = ("fftfreq", "rfftfreq", "fftshift", "ifftshift")


#: Under ``coerce=True``: foreign array-likes become NumPy arrays (if they can).
_convert = converter(np.asarray, errors=(TypeError, ValueError, RuntimeError))


def _fft_library(name: str, module: str) -> Library:
    """The library of ``module``, whose table is explicit: NumPy's name -> the same-named
    function of ``module``, for each of :data:`TRANSFORMS` and :data:`HELPERS`.

    The names are listed here, not found by looking the module over: every
    one is a ``numpy.fft`` function that these interfaces exist to replace,
    with NumPy's signature (the tests check each against NumPy).
    """
    def table() -> dict[str, Any]:
        functions = importlib.import_module(module)
        return {f"fft.{n}": getattr(functions, n) for n in TRANSFORMS + HELPERS}

    # Owns no array type: absorbs NumPy's.
    return Library(name=name, module=module, types=tuple, table=table, convert=_convert,
                   domain=DOMAIN)


#: ``scipy.fft``: every transform and helper of ``numpy.fft``.
SCIPY_FFT = _fft_library("scipy.fft", "scipy.fft")
#: pyFFTW's drop-in ``numpy.fft`` interface (its helpers are NumPy's own, re-exported).
PYFFTW = _fft_library("pyfftw", "pyfftw.interfaces.numpy_fft")
#: mkl_fft's drop-in ``numpy.fft`` interface (it takes ``out=`` too).
MKL_FFT = _fft_library("mkl_fft", "mkl_fft.interfaces.numpy_fft")

#: Attribute name -> library, for the lazily built backends below.
LIBRARIES: dict[str, Library] = {"scipy_fft": SCIPY_FFT, "pyfftw": PYFFTW, "mkl_fft": MKL_FFT}

scipy_fft: Any
pyfftw: Any
mkl_fft: Any

#: Attribute name -> its module ``__getattr__`` for ``"backend"`` (built on first access).
_LAZY = {name: lazy_backend(f"{__name__}.{name}", functools.partial(build, library))
         for name, library in LIBRARIES.items()}


def __getattr__(name: str) -> Any:
    # Entry points name overridable.backends.fft:pyfftw (etc.): the library is imported here.
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return _LAZY[name]("backend")


def from_scipy_fft(uarray_backend: object, *, name: str | None = None) -> ov.Backend:
    """A ``"numpy.fft"`` backend serving ``unp.fft`` through a ``scipy.fft`` uarray backend.

    ``uarray_backend`` is any object that speaks uarray's protocol for the
    ``"numpy.scipy.fft"`` domain (``pyfftw.interfaces.scipy_fft``,
    ``mkl_fft.interfaces.scipy_fft``, ``cupyx.scipy.fft``), used as it is:
    each ``unp.fft`` call becomes ``uarray_backend.__ua_function__(f, args,
    kwargs)`` with ``f`` the ``scipy.fft`` function of the same name (NumPy's
    ``a`` is scipy's ``x``). Its ``__ua_convert__``, if it has one, is asked
    first. ``NotImplemented`` from either, or ``out=``, which ``scipy.fft``
    does not take, makes the backend decline.

    >>> import numpy as np
    >>> import overridable as ov
    >>> import overridable.numpy as unp
    >>> import pyfftw.interfaces.scipy_fft
    >>> be = from_scipy_fft(pyfftw.interfaces.scipy_fft)
    >>> be
    <overridable.Backend pyfftw.interfaces.scipy_fft (scipy.fft protocol)>
    >>> with ov.set_backend(be, only=True):
    ...     abs(unp.fft.rfft(np.array([1.0, 1.0, 1.0, 1.0])))
    array([4., 0., 0.])
    """
    sfft = importlib.import_module("scipy.fft")  # by name: SciPy ships no type information
    domains = getattr(uarray_backend, "__ua_domain__", ())
    domains = (domains,) if isinstance(domains, str) else tuple(domains)
    if "numpy.scipy.fft" not in domains:
        raise TypeError(f"{uarray_backend!r} serves {domains}, not scipy.fft's domain "
                        "'numpy.scipy.fft'")
    label = name or getattr(uarray_backend, "__name__", None) or repr(uarray_backend)
    convert = getattr(uarray_backend, "__ua_convert__", None)
    serve_call: Callable[..., Any] = uarray_backend.__ua_function__  # type: ignore[attr-defined]

    def serve(numpy_name: str) -> Callable[..., Any]:
        method = getattr(sfft, numpy_name)

        def call(*args: Any, **kwargs: Any) -> Any:
            takes_no(f"scipy.fft's {numpy_name}", "out", kwargs.pop("out", None), None)
            if "a" in kwargs:
                kwargs["x"] = kwargs.pop("a")
            if convert is not None and args:
                converted = convert([ov.Dispatchable(args[0], np.ndarray)], False)
                if converted is NotImplemented:
                    raise decline(f"{label} refused a {type(args[0]).__name__}")
                args = (*converted, *args[1:])
            result = serve_call(method, args, kwargs)
            if result is NotImplemented:
                raise decline(f"{label} returned NotImplemented for scipy.fft.{numpy_name}")
            return result

        call.__name__ = numpy_name
        call.__doc__ = f"NumPy's fft.{numpy_name} served by {label} (scipy.fft.{numpy_name})."
        return call

    import overridable.numpy.fft as ufft

    return ov.Backend(
        DOMAIN, name=f"{label} (scipy.fft protocol)",
        absorbs=(np.ndarray, np.generic, np.dtype),
        implementations={getattr(ufft, n): serve(n) for n in TRANSFORMS + HELPERS},
        convert=_convert,
    )
