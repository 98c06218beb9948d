"""``numpy.random`` as multimethods of the ``"numpy.random"`` domain: ``unp.random.normal``.

Three parts, all declared in the generated ``_declarations_random``:

- the module-level functions (``rand``, ``randn``, ``normal``, ``seed``, ...),
  built on first access; the NumPy backend serves them with NumPy's own, so
  they draw from NumPy's global ``RandomState`` and ``unp.random.seed(0)``
  followed by ``unp.random.rand(3)`` gives NumPy's numbers;
- ``default_rng(seed)``, which returns the active backend's generator (for
  NumPy a ``numpy.random.Generator``) and dispatches on ``seed`` when it is
  a ``SeedSequence``, a bit generator or a generator;
- :class:`Generator`, whose methods are multimethods that dispatch on the
  generator they are given (``Generator.normal(rng, 0.0, 1.0, 3)``), so that
  code written against the overridable API samples from whatever generator
  the active backend handed out. ``Generator(bit_generator)`` builds one.

NumPy's seeding and bit-generator classes (``SeedSequence``,
``BitGenerator``, ``PCG64``, ...) and the legacy ``RandomState`` are
re-exported as they are.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> import overridable.numpy as unp
>>> rng = unp.random.default_rng(42)
>>> type(rng)
<class 'numpy.random._generator.Generator'>
>>> unp.random.Generator.integers(rng, 10, size=3)
array([0, 7, 6])
>>> bool(unp.random.Generator.normal(rng, size=2).shape == (2,))
True
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from typing import Any

import numpy.random as _random
from numpy.random import MT19937 as MT19937
from numpy.random import PCG64 as PCG64
from numpy.random import PCG64DXSM as PCG64DXSM
from numpy.random import SFC64 as SFC64
from numpy.random import BitGenerator as BitGenerator
from numpy.random import Philox as Philox
from numpy.random import RandomState as RandomState
from numpy.random import SeedSequence as SeedSequence

from ._declarations_random import FUNCTIONS, GENERATOR, GENERATOR_METHODS, NEP18_EXTRA
from ._submodule import Namespace

DOMAIN = "numpy.random"
#: The names of NumPy's module-level random functions (``normal``, ``seed``, ...), the
#: legacy API drawing from NumPy's global state; ``Generator``'s methods are not here.
NAMES: tuple[str, ...] = tuple(FUNCTIONS)

__all__ = sorted([
    "DOMAIN", "NAMES", "MT19937", "PCG64", "PCG64DXSM", "SFC64", "BitGenerator", "Generator",
    "Philox", "RandomState", "SeedSequence", "functions", *FUNCTIONS,
])

_functions = Namespace("random", FUNCTIONS, NEP18_EXTRA)
_methods = Namespace("random.Generator", GENERATOR_METHODS)
_constructor = Namespace("random", {"Generator": GENERATOR})


class _GeneratorType(abc.ABCMeta):
    """Builds the methods of :class:`Generator` on first access; calling the class builds
    the active backend's generator."""

    def __getattr__(cls, name: str) -> Any:
        if name not in GENERATOR_METHODS:
            raise AttributeError(f"type object 'Generator' has no attribute {name!r}")
        method = _methods.get(name)
        setattr(cls, name, staticmethod(method))
        return method

    def __dir__(cls) -> list[str]:
        return sorted(set(super().__dir__()) | set(GENERATOR_METHODS))

    def __call__(cls, bit_generator: Any) -> Any:
        return _constructor.get("Generator")(bit_generator)


class Generator(metaclass=_GeneratorType):
    """The overridable API of ``numpy.random.Generator``: each method a multimethod.

    ``Generator.<method>(generator, ...)`` dispatches on the generator it is
    given, so that the backend that made the generator samples from it.
    ``isinstance(x, Generator)`` holds for NumPy's generators and for the
    generator types backends register (``Generator.register(cls)``).
    ``Generator(bit_generator)`` returns the backend's generator for that bit
    generator (NumPy's for a NumPy bit generator).

    >>> import numpy as np
    >>> import overridable.numpy as unp
    >>> rng = unp.random.Generator(unp.random.PCG64(0))
    >>> isinstance(rng, unp.random.Generator), isinstance(rng, np.random.Generator)
    (True, True)
    >>> unp.random.Generator.random(rng, 2) == np.random.default_rng(0).random(2)
    array([ True,  True])
    """


Generator.register(_random.Generator)


def __getattr__(name: str) -> Any:
    if name not in FUNCTIONS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    function = globals()[name] = _functions.get(name)
    return function


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(FUNCTIONS))


def functions() -> dict[str, Callable[..., Any]]:
    """Every declared multimethod of ``numpy.random`` by name (the module's functions and
    ``Generator.<method>``), building those not built yet.

    >>> import overridable.numpy as unp
    >>> fs = unp.random.functions()
    >>> fs["normal"] is unp.random.normal, fs["Generator.normal"] is unp.random.Generator.normal
    (True, True)
    """
    return {**_functions.all(), **{f"Generator.{name}": function
                                   for name, function in _methods.all().items()}}
