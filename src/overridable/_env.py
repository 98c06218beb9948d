"""The environment's ``OVERRIDABLE_*`` variables: one parser for them all.

- ``OVERRIDABLE_BACKEND``: a backend name (``torch``), or a priority list of them
  (``torch,dask``). The first becomes the process-wide global backend, tried first
  for every call (creation included); the others are registered, in that order, and
  serve the calls whose arrays the ones before refuse. Names are resolved as
  ``set_backend`` resolves them (any case).
- ``OVERRIDABLE_LOG``: ``debug``, ``info``, ``warning``, ``error`` or ``off``.
  Sends the ``overridable`` logger's records at that level (and above) to
  standard error; at ``debug`` every resolution that is not served from the
  cache says which backend was chosen and why the others were passed over.
- ``OVERRIDABLE_AUTO_REGISTER``: on or off (``1``/``0``, ``on``/``off``,
  ``true``/``false``, ``yes``/``no``): automatic registration of installed
  backends for types first seen (``overridable.set_auto_register``).
- ``OVERRIDABLE_PURE_PYTHON``: on or off; on runs the pure-Python dispatch
  path instead of the compiled one.

A value that cannot be used is ignored with a warning that names the valid
values, so that ``import overridable`` (and ``python -m overridable info``,
the tool to diagnose it) still works; the engine's functions raise
``ValueError`` for the same values.

This module is below the engine: ``_state`` reads its variables here at import, and
``_config`` (above the engine) applies the others and shows the configuration. It
imports no array library.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["LOG_LEVELS", "VARIABLES", "Variable", "parse", "read", "warn"]

LOG_LEVELS: dict[str, int | None] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "off": None,
}
_TRUE = ("1", "on", "true", "yes")
_FALSE = ("0", "off", "false", "no")


def _parse_log(value: str) -> str:
    key = value.strip().lower()
    if key not in LOG_LEVELS:
        raise ValueError(f"use one of: {', '.join(LOG_LEVELS)}")
    return key


def _parse_bool(value: str) -> bool:
    key = value.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError("use on or off (or 1/0, true/false, yes/no)")


def _parse_backends(value: str) -> tuple[str, ...]:
    from ._backend import resolve_name

    names = [part.strip() for part in value.split(",")]
    if not all(names):
        raise ValueError("use a backend name, or names separated by commas (torch,dask)")
    resolved = tuple(resolve_name(n) for n in names)  # UnknownBackendError names the valid ones
    if len(set(resolved)) != len(resolved):
        raise ValueError("a name is given twice")
    return resolved


@dataclass(frozen=True)
class Variable:
    """One ``OVERRIDABLE_*`` variable: its parser and the value used when it is unset."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str


VARIABLES: dict[str, Variable] = {
    v.name: v for v in (
        Variable("OVERRIDABLE_BACKEND", _parse_backends, (),
                 "a backend name or a priority list (torch,dask): the first global, "
                 "the rest registered"),
        Variable("OVERRIDABLE_LOG", _parse_log, "off",
                 "debug, info, warning, error or off: the overridable logger to stderr"),
        Variable("OVERRIDABLE_AUTO_REGISTER", _parse_bool, True,
                 "on/off: register installed backends for types first seen"),
        Variable("OVERRIDABLE_PURE_PYTHON", _parse_bool, False,
                 "on/off: the pure-Python dispatch path instead of the compiled one"),
    )
}


def parse(name: str, value: str) -> Any:
    """Parse ``value`` for variable ``name``; ``ValueError`` names the valid values.

    >>> parse("OVERRIDABLE_BACKEND", "Torch, dask")
    ('torch', 'dask')
    >>> parse("OVERRIDABLE_LOG", "loud")
    Traceback (most recent call last):
        ...
    ValueError: OVERRIDABLE_LOG='loud' is not valid: use one of: debug, info, warning, error, off
    """
    try:
        return VARIABLES[name].parse(value)
    except ValueError as exc:
        raise ValueError(f"{name}={value!r} is not valid: {exc}") from None


def warn(message: str) -> None:
    # Attributed to the environment, not to a line of this package's source.
    warnings.warn_explicit(message, RuntimeWarning, "environment", 0, module="overridable")


def read(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The parsed value of variable ``name`` in ``environ`` (the process environment by
    default); its default when unset or empty, and, with a warning, when invalid.

    >>> read("OVERRIDABLE_AUTO_REGISTER", {"OVERRIDABLE_AUTO_REGISTER": "off"})
    False
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     read("OVERRIDABLE_AUTO_REGISTER", {"OVERRIDABLE_AUTO_REGISTER": "maybe"})
    True
    >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    OVERRIDABLE_AUTO_REGISTER='maybe' is not valid: use on or off
    (or 1/0, true/false, yes/no); ignored
    """
    env = os.environ if environ is None else environ
    variable = VARIABLES[name]
    value = env.get(name, "")
    if not value.strip():
        return variable.default
    try:
        return parse(name, value)
    except ValueError as exc:
        warn(f"{exc}; ignored")
        return variable.default
