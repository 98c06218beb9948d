"""Configuration from the environment: one parser for every ``OVERRIDABLE_*`` variable,
and ``overridable.config``, which shows the whole configuration and the active state.

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
  backends for types first seen (``overridable.set_auto_register``; read by ``_state``).
- ``OVERRIDABLE_PURE_PYTHON``: on or off; on runs the pure-Python dispatch
  path instead of the compiled one (read by ``_state``).

A value that cannot be used is ignored with a warning that names the valid
values, so that ``import overridable`` (and ``python -m overridable info``,
the tool to diagnose it) still works. :func:`set_log` and the functions of
the engine raise ``ValueError`` for the same values.

This module must never import an array library itself, nor the engine at import
(``_state`` reads its variables through :func:`read`); the backends named by
``OVERRIDABLE_BACKEND`` are loaded through their adapters.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["LOG_LEVELS", "VARIABLES", "Config", "apply", "config", "read", "set_log"]

LOG_LEVELS: dict[str, int | None] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "off": None,
}
_TRUE = ("1", "on", "true", "yes")
_FALSE = ("0", "off", "false", "no")
_handler: logging.Handler | None = None


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


def _warn(message: str) -> None:
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
        _warn(f"{exc}; ignored")
        return variable.default


def set_log(level: str) -> None:
    """Send the ``overridable`` logger's records at ``level`` and above to standard error
    (``"off"``: stop); what ``OVERRIDABLE_LOG`` does at import.

    >>> set_log("off")
    >>> set_log("loud")
    Traceback (most recent call last):
        ...
    ValueError: OVERRIDABLE_LOG='loud' is not valid: use one of: debug, info, warning, error, off
    """
    global _handler
    key = parse("OVERRIDABLE_LOG", level)
    logger = logging.getLogger("overridable")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler = None
    config._log = key
    level_no = LOG_LEVELS[key]
    if level_no is None:
        return
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(name)s %(levelname)s: %(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(level_no)


def install_backends(names: tuple[str, ...]) -> None:
    """Make ``names[0]`` the global backend and register the others, in order.

    >>> import overridable as ov
    >>> with ov.reset_state():
    ...     install_backends(("numpy",))
    """
    from ._backend import as_backend
    from ._state import register_backend, set_global_backend

    for name in names:  # all built before any is installed
        as_backend(name)
    if names:
        set_global_backend(names[0])
    for name in names[1:]:
        register_backend(name)


def apply(environ: Mapping[str, str] | None = None) -> None:
    """Read ``OVERRIDABLE_LOG`` and ``OVERRIDABLE_BACKEND`` from ``environ`` (the process
    environment by default) and apply them; a value that cannot be used is ignored with
    a warning.

    >>> apply({"OVERRIDABLE_LOG": "off"})
    """
    env = os.environ if environ is None else environ
    config._environ = {k: v for k, v in env.items() if k.startswith("OVERRIDABLE_")}
    set_log(read("OVERRIDABLE_LOG", env))
    names = read("OVERRIDABLE_BACKEND", env)
    try:
        install_backends(names)
    except Exception as exc:  # a library that fails to build: import still works
        _warn(f"OVERRIDABLE_BACKEND={env.get('OVERRIDABLE_BACKEND')!r} is not usable: "
              f"{exc}; ignored")


class Config:
    """The configuration in effect: the ``OVERRIDABLE_*`` variables as read at import, what
    they mean, and the backend state now. ``repr`` shows it all; it is
    ``overridable.config``.

    Attributes
    ----------
    environment : dict
        The ``OVERRIDABLE_*`` variables set when ``overridable`` was imported.
    log : str
        The ``overridable`` logger's level sent to standard error (``"off"``: none).
    auto_register : bool
        Whether automatic registration is on (``set_auto_register``).
    compiled : bool
        Whether the compiled dispatch path is in use.

    Examples
    --------
    >>> import overridable as ov
    >>> ov.config.log, ov.config.auto_register in (True, False)
    ('off', True)
    >>> import overridable.numpy
    >>> print(ov.config)  # doctest: +ELLIPSIS
    overridable.config
      OVERRIDABLE_BACKEND ...
      dispatch: ...
      numpy: global numpy; registered numpy (NEP 18)...
    """

    _environ: dict[str, str]
    _log: str

    def __init__(self) -> None:
        self._environ = {}
        self._log = "off"

    @property
    def environment(self) -> dict[str, str]:
        return dict(self._environ)

    @property
    def log(self) -> str:
        return self._log

    @property
    def auto_register(self) -> bool:
        from ._state import _auto

        return _auto[0]

    @property
    def compiled(self) -> bool:
        from ._state import compiled

        return compiled()

    def __repr__(self) -> str:
        from ._carry import get_state
        from ._errors import backend_name

        lines = ["overridable.config"]
        width = max(map(len, VARIABLES))
        for name, variable in VARIABLES.items():
            raw = self._environ.get(name)
            shown = repr(raw) if raw is not None else "(unset)"
            lines.append(f"  {name:<{width}}  {shown:<12} {variable.help}")
        lines.append(f"  log: {self.log}; automatic registration: "
                     f"{'on' if self.auto_register else 'off'}")
        lines.append("  dispatch: " + ("compiled C core" if self.compiled else "pure Python"))
        state = get_state()
        for domain, g in sorted(state.globals.domains.items()):
            parts = []
            if g.backend is not None:
                flags = [f for f in ("coerce", "only", "try_last") if getattr(g, f)]
                parts.append(f"global {backend_name(g.backend)}"
                             + (f" ({', '.join(flags)})" if flags else ""))
            if g.registered:
                parts.append("registered " + ", ".join(backend_name(r) for r in g.registered))
            if parts:
                lines.append(f"  {domain}: {'; '.join(parts)}")
        contexts = state.node.contexts()
        if contexts:
            lines.append("  local, innermost first: " + "; ".join(repr(c) for c in contexts))
        else:
            lines.append("  local: none (no set_backend/skip_backend in effect here)")
        return "\n".join(lines)


#: The configuration in effect (``overridable.config``).
config = Config()
