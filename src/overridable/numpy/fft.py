"""``numpy.fft`` as multimethods of the ``"numpy.fft"`` domain: ``unp.fft.fft``.

Every public function of ``numpy.fft`` (declared in the generated
``_declarations_fft``) is built on first access with NumPy's signature and
docstring, and dispatches on its array arguments. FFTs have their own
sub-domain so that an FFT library (pyFFTW, mkl_fft, ``scipy.fft``'s
backends) can serve them alone: a backend of domain ``"numpy.fft"`` is
asked first for these and never for the rest of the API, and the NumPy
backend (domain ``"numpy"``) serves them through the domain walk otherwise.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> import overridable as ov
>>> import overridable.numpy as unp
>>> unp.fft.fft([1.0, 0.0, 0.0, 0.0])
array([1.+0.j, 1.+0.j, 1.+0.j, 1.+0.j])
>>> fftlib = ov.Backend("numpy.fft", name="fftlib",
...                     implementations={unp.fft.fft: lambda a, *rest: "fftlib's fft"})
>>> with ov.set_backend(fftlib):
...     unp.fft.fft([1.0, 0.0]), unp.sum([1, 2])
("fftlib's fft", np.int64(3))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._declarations_fft import FUNCTIONS, NEP18_EXTRA
from ._submodule import Namespace

DOMAIN = "numpy.fft"

__all__ = sorted(["DOMAIN", "functions", *FUNCTIONS])

_functions = Namespace("fft", FUNCTIONS, NEP18_EXTRA)


def __getattr__(name: str) -> Any:
    if name not in FUNCTIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    function = globals()[name] = _functions.get(name)
    return function


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(FUNCTIONS))


def functions() -> dict[str, Callable[..., Any]]:
    """Every declared multimethod of ``numpy.fft`` by name, building those not built yet.

    >>> import overridable.numpy as unp
    >>> unp.fft.functions()["rfft"] is unp.fft.rfft
    True
    """
    return _functions.all()
