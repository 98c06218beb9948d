"""The machinery of ``overridable.numpy``'s submodules (``linalg``, ``fft``, ``random``).

Each submodule declares its functions in a generated ``_declarations_<sub>.py``
(see ``tools/gen_numpy_api.py``) and builds them here, on first access, as
multimethods of its own domain (``"numpy.linalg"``, ``"numpy.fft"``,
``"numpy.random"``) with NumPy's signature and docstring; the NumPy backend,
of domain ``"numpy"``, serves them through the domain walk. A backend of a
sub-domain (an FFT library's ``Backend("numpy.fft", ...)``) serves that
submodule alone.

This module imports NumPy and nothing else from outside the package.

Examples
--------
>>> import overridable.numpy as unp
>>> unp.linalg.det.domain, unp.fft.fft.domain, unp.random.normal.domain
('numpy.linalg', 'numpy.fft', 'numpy.random')
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

import overridable as ov
from overridable.backends import numpy as numpy_backend

from ._calls import NORMALIZERS
from ._docs import note, with_note

__all__ = ["MARKS", "Namespace", "build"]

#: Declaration marks -> dispatch marks of the engine. A generator's ``self`` and a
#: seed (``default_rng(seed)``, a ``SeedSequence`` or a ``BitGenerator``) dispatch
#: to the backend that owns them, like arrays.
MARKS: dict[str, Any] = {
    "array": "array", "dtype": "dtype", "many:array": ov.many("array"),
    "generator": "generator", "seed": "seed",
}

#: The submodules: their functions are multimethods of their own domain.
SUBMODULES = ("fft", "linalg", "random")
#: The names the generated parameter lists use for their defaults.
_STUB_NAMES: dict[str, Any] = {"_NoValue": np._NoValue, "float64": np.float64,
                               "int64": np.int64}



def numpy_object(path: str) -> Any:
    """NumPy's object at ``path``, dotted below ``numpy``.

    >>> numpy_object("linalg.det") is np.linalg.det
    True
    """
    obj: Any = np
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def build(path: str, signature: str | Callable[..., Any], spec: Mapping[str, str], *,
          nep18: bool = False, implementation: Callable[..., Any] | None = None,
          normalize: Callable[..., Any] | None = None, keyword: tuple[str, ...] = (),
          unset: tuple[str, ...] = ()) -> Callable[..., Any]:
    """The multimethod of NumPy's ``path``: the one builder of ``overridable.numpy``.

    ``path`` is dotted below ``numpy``: ``"sum"``, ``"add.reduce"`` (a ufunc's method),
    ``"linalg.solve"``, ``"random.Generator.normal"``. A submodule's functions get its
    domain (``numpy.linalg``), the others ``numpy``. ``signature`` is the parameter list
    (a generated declaration) or a stub function with the signature and docstring;
    ``spec`` marks the parameters dispatched on. The docstring is NumPy's (or the
    stub's) with the overridable note; the default is ``_defaults.DEFAULTS``'s, if any.
    NumPy's backends get ``implementation``, or else NumPy's own function at ``path``
    (see ``overridable.backends.numpy.implement``), registered with ``Backend.implement``.
    ``normalize`` (or else ``_calls.NORMALIZERS``'s for ``path``) rewrites the calls that
    do not bind to the signature (see ``ov.multimethod``); the parameters in ``keyword``
    are bound by keyword only (a ufunc's ``out``: ``normalize`` takes it by position),
    and those in ``unset`` bind with NumPy's "not given" default, ``numpy._NoValue``, so
    that a value given equal to the declared default reaches the backends (a ufunc's
    ``signature=None``, NumPy's TypeError), while the signature shown keeps them as
    declared.

    >>> det = build("linalg.det", "a", {"a": "array"})
    >>> det.__module__, det.domain, float(det([[2.0, 0.0], [0.0, 3.0]]))
    ('overridable.numpy.linalg', 'numpy.linalg', 6.0)
    """
    from ._defaults import DEFAULTS  # here, not at import: keeps `import` cheap

    sub, _, rest = path.partition(".")
    if sub in SUBMODULES and rest:
        domain, module, qualname = f"numpy.{sub}", f"overridable.numpy.{sub}", rest
    else:
        domain, module, qualname = "numpy", "overridable.numpy", path
    name = qualname.rpartition(".")[2]
    if isinstance(signature, str):
        namespace = dict(_STUB_NAMES)
        exec(compile(f"def {name}({signature}): pass\n", f"<{module}.{qualname}>", "exec"),
             namespace)
        stub, doc = namespace[name], numpy_object(path).__doc__
    else:
        stub, doc = signature, signature.__doc__
    shown = inspect.signature(stub)
    if keyword or unset:
        stub.__signature__ = _keyword_only(shown, keyword, unset)
    dispatch = {param: MARKS[mark] for param, mark in spec.items()}
    function = ov.multimethod(
        domain, dispatch, default=DEFAULTS.get(path), name=name, qualname=qualname,
        module=module, doc=with_note(doc, note(path, domain), f"numpy.{path}"), binds=False,
        normalize=normalize or NORMALIZERS.get(path), signature=shown,
    )(stub)
    numpy_backend.implement(path, function, nep18=nep18, implementation=implementation)
    return function


def _keyword_only(sig: inspect.Signature, names: tuple[str, ...],
                  unset: tuple[str, ...] = ()) -> inspect.Signature:
    """``sig`` with the parameters ``names`` moved among the keyword-only ones, and those
    ``unset`` defaulting to ``numpy._NoValue``.

    >>> str(_keyword_only(inspect.signature(lambda x, /, out=None, *, where=True: 0), ("out",)))
    '(x, /, *, out=None, where=True)'
    >>> str(_keyword_only(inspect.signature(lambda x, *, s=None: 0), (), ("s",)))
    '(x, *, s=<no value>)'
    """
    P = inspect.Parameter
    params = [p.replace(default=np._NoValue) if p.name in unset else p
              for p in sig.parameters.values()]
    moved = [p.replace(kind=P.KEYWORD_ONLY) for p in params if p.name in names]
    kept = [p for p in params if p.name not in names]
    first = next((i for i, p in enumerate(kept) if p.kind in (P.KEYWORD_ONLY, P.VAR_KEYWORD)),
                 len(kept))
    return sig.replace(parameters=[*kept[:first], *moved, *kept[first:]])


class Namespace:
    """The declared functions of one submodule (or class), each built once, on first access.

    >>> from overridable.numpy._declarations_linalg import FUNCTIONS, NEP18_EXTRA
    >>> linalg = Namespace("linalg", FUNCTIONS, NEP18_EXTRA)
    >>> linalg.get("inv") is linalg.get("inv"), "inv" in linalg.names
    (True, True)
    """

    def __init__(self, prefix: str, declarations: dict[str, tuple[str, dict[str, str]]],
                 nep18_extra: dict[str, tuple[str, ...]] | None = None) -> None:
        self.prefix = prefix
        self.declarations = declarations
        self.nep18_extra = nep18_extra or {}
        self.names: tuple[str, ...] = tuple(declarations)
        self._built: dict[str, Callable[..., Any]] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> Callable[..., Any]:
        """The multimethod ``name``; ``AttributeError`` if it is not declared."""
        try:
            return self._built[name]
        except KeyError:
            pass
        if name not in self.declarations:
            raise AttributeError(f"{self.prefix!r} has no declared function {name!r}")
        with self._lock:
            function = self._built.get(name)
            if function is None:
                params, spec = self.declarations[name]
                function = self._built[name] = build(
                    f"{self.prefix}.{name}", params, spec, nep18=name in self.nep18_extra)
        return function

    def all(self) -> dict[str, Callable[..., Any]]:
        """Every declared multimethod by name, building those not built yet."""
        return {name: self.get(name) for name in self.names}
