"""``overridable.config``: the configuration read from the environment (see ``_env``,
the one parser of every ``OVERRIDABLE_*`` variable) applied at import, and shown whole
with the active state.

``OVERRIDABLE_LOG`` and ``OVERRIDABLE_BACKEND`` are applied here, after the engine is
loaded; ``_state`` reads ``OVERRIDABLE_AUTO_REGISTER`` and ``OVERRIDABLE_PURE_PYTHON``
itself, at import. The backends named by ``OVERRIDABLE_BACKEND`` are loaded through
their adapters.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from ._backend import as_backend
from ._carry import get_state
from ._env import LOG_LEVELS, VARIABLES, parse, read, warn
from ._errors import backend_name
from ._state import _auto, compiled, register_backend, set_global_backend

__all__ = ["Config", "apply", "config", "install_backends", "set_log"]

_handler: logging.Handler | None = None


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
        warn(f"OVERRIDABLE_BACKEND={env.get('OVERRIDABLE_BACKEND')!r} is not usable: "
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
        return _auto[0]

    @property
    def compiled(self) -> bool:
        return compiled()

    def __repr__(self) -> str:
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
