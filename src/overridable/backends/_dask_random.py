"""The Dask backend's ``random``: ``dask.array.random``, lazily and chunked, with NumPy's
legacy global state held here.

NumPy's legacy functions (``unp.random.normal``, ``rand``, ``randint``, ...)
draw from one ``dask.array.random.RandomState`` held by the backend
(:func:`random_state`), which ``unp.random.seed(s)`` replaces; Dask draws
another stream than NumPy's for the same seed. ``default_rng`` gives a
``dask.array.random.Generator``, whose methods ``unp.random.Generator.<m>``
reach (NumPy's keywords that Dask's method lacks decline, unless at their
default). ``shuffle`` declines: Dask arrays are immutable.

This module imports NumPy and, lazily, ``dask.array``; ``overridable.backends.dask``
builds its table from :func:`entries`.

Examples
--------
>>> sorted(entries())[:3]
['random.Generator.beta', 'random.Generator.binomial', 'random.Generator.chisquare']
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from ._common import Adapter, Native, importer
from ._semantics import refusal

__all__ = ["GENERATOR_METHODS", "RANDOM", "entries", "random_state"]

_dask_array = importer("dask.array")

#: NumPy's legacy ``numpy.random`` functions that ``dask.array.random.RandomState`` has
#: as methods of the same name and parameters (a test checks each signature).
RANDOM: tuple[str, ...] = (
    "beta", "binomial", "chisquare", "choice", "exponential", "f", "gamma", "geometric",
    "gumbel", "hypergeometric", "laplace", "logistic", "lognormal", "logseries",
    "multinomial", "negative_binomial", "noncentral_chisquare", "noncentral_f", "normal",
    "pareto", "permutation", "poisson", "power", "random_sample", "rayleigh",
    "standard_cauchy", "standard_exponential", "standard_gamma", "standard_normal",
    "standard_t", "triangular", "uniform", "vonmises", "wald", "weibull", "zipf",
)

#: NumPy's ``Generator`` methods that ``dask.array.random.Generator`` has, same parameters:
#: the legacy functions' names, ``random`` for ``random_sample``, and ``integers``.
GENERATOR_METHODS: tuple[str, ...] = tuple(sorted(
    {*RANDOM} - {"random_sample"} | {"integers", "random"}))

_global_state: list[Any] = []
_state_lock = threading.Lock()


def random_state() -> Any:
    """The backend's global ``dask.array.random.RandomState``: NumPy's legacy global state,
    for Dask. ``unp.random.seed(s)`` replaces it with one seeded by ``s``.

    >>> import overridable as ov
    >>> import overridable.numpy as unp
    >>> with ov.set_backend("dask"):
    ...     unp.random.seed(1)
    ...     a = unp.random.normal(size=4).compute()
    ...     unp.random.seed(1)
    ...     b = unp.random.normal(size=4).compute()
    >>> bool((a == b).all()), type(random_state()).__name__
    (True, 'RandomState')
    """
    with _state_lock:
        if not _global_state:
            _global_state.append(_dask_array().random.RandomState())
        return _global_state[0]


def _seed(seed: Any = None) -> None:
    state = _dask_array().random.RandomState(seed)
    with _state_lock:
        _global_state[:] = [state]


def _draw(name: str, sized: bool = False) -> Callable[..., Any]:
    # A draw of the global state's method name; sized: rand(d0, d1, ...) and randn(...),
    # the shape as arguments.
    def draw(*args: Any, **kwargs: Any) -> Any:
        if sized:
            return getattr(random_state(), name)(size=args or None)
        return getattr(random_state(), name)(*args, **kwargs)

    draw.__name__ = name
    return draw


def _randint(low: Any, high: Any = None, size: Any = None, dtype: Any = int) -> Any:
    return random_state().randint(low, high, size, dtype=np.dtype(dtype))


def _permutation(x: Any) -> Any:
    # NumPy's takes an int or any array-like; Dask's an int or a Dask array.
    from ._dask_chunks import as_dask as _as_dask

    return random_state().permutation(x if isinstance(x, int | np.integer) else _as_dask(x))


def _default_rng(seed: Any = None) -> Any:
    if isinstance(seed, np.random.SeedSequence):
        # Dask spawns children from the seed sequence: a copy keeps the caller's unchanged,
        # so default_rng(ss) twice gives one stream, as in NumPy.
        seed = copy.deepcopy(seed)
    return _dask_array().random.default_rng(seed)


def entries() -> dict[str, Any]:
    """The Dask backend's table entries for ``overridable.numpy.random``: the legacy
    functions draw from the global state, the Generator methods are Dask's."""
    table: dict[str, Any] = {f"random.{name}": Adapter(_draw(name)) for name in RANDOM}
    for alias in ("random", "ranf", "sample"):
        table[f"random.{alias}"] = Adapter(_draw("random_sample"))
    table.update({
        "random.seed": Adapter(_seed), "random.rand": Adapter(_draw("random_sample", True)),
        "random.randn": Adapter(_draw("standard_normal", True)),
        "random.randint": Adapter(_randint),
        "random.shuffle": refusal("random.shuffle", "dask.array.random cannot shuffle in "
                                  "place: Dask arrays are immutable (use random.permutation)"),
        "random.default_rng": Adapter(_default_rng), "random.permutation": Adapter(_permutation),
    })
    for name in GENERATOR_METHODS:  # NumPy's keywords Dask's lack decline, unless at default
        table[f"random.Generator.{name}"] = Native(getattr(_dask_array().random.Generator, name))
    return table
