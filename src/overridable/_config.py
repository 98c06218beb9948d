"""Configuration from the environment, read once when ``overridable`` is imported.

- ``OVERRIDABLE_LOG``: ``debug``, ``info``, ``warning``, ``error`` or ``off``.
  Sends the ``overridable`` logger's records at that level (and above) to
  standard error; at ``debug`` every resolution that is not served from the
  cache says which backend was chosen and why the others were passed over.
- ``OVERRIDABLE_BACKEND``: the name of a backend (an adapter name, such as
  ``numpy``, or one declared in the ``overridable.backends`` entry-point
  group) to install as the process-wide global backend.

- ``OVERRIDABLE_AUTO_REGISTER``: ``0``/``off`` turns automatic registration of
  installed backends for types first seen off (``overridable.set_auto_register``;
  read by ``_state``).

An invalid value raises ``ValueError`` naming the valid ones, at import.

This module must never import an array library itself; the backend named by
``OVERRIDABLE_BACKEND`` is loaded through its adapter.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

__all__ = ["LOG_LEVELS", "apply"]

LOG_LEVELS: dict[str, int | None] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
    "off": None,
}
_handler: logging.Handler | None = None


def configure_logging(value: str) -> None:
    """Apply an ``OVERRIDABLE_LOG`` value.

    >>> configure_logging("off")
    >>> configure_logging("loud")
    Traceback (most recent call last):
        ...
    ValueError: OVERRIDABLE_LOG='loud' is not valid; use one of: debug, info, warning, error, off
    """
    global _handler
    key = value.strip().lower()
    if key not in LOG_LEVELS:
        raise ValueError(
            f"OVERRIDABLE_LOG={value!r} is not valid; use one of: {', '.join(LOG_LEVELS)}"
        )
    logger = logging.getLogger("overridable")
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler = None
    level = LOG_LEVELS[key]
    if level is None:
        return
    _handler = logging.StreamHandler()
    _handler.setFormatter(logging.Formatter("%(name)s %(levelname)s: %(message)s"))
    logger.addHandler(_handler)
    logger.setLevel(level)


def configure_backend(value: str) -> None:
    """Apply an ``OVERRIDABLE_BACKEND`` value: install that backend globally.

    >>> configure_backend("no-such-backend")
    Traceback (most recent call last):
        ...
    ValueError: OVERRIDABLE_BACKEND='no-such-backend' is not a known backend; ...
    """
    from ._backend import adapter_names, as_backend
    from ._state import set_global_backend

    name = value.strip()
    if name not in adapter_names():
        raise ValueError(
            f"OVERRIDABLE_BACKEND={value!r} is not a known backend; use one of: "
            f"{', '.join(adapter_names()) or '(none installed)'}"
        )
    set_global_backend(as_backend(name))


def apply(environ: Mapping[str, str] | None = None) -> None:
    """Read ``OVERRIDABLE_LOG`` and ``OVERRIDABLE_BACKEND`` from ``environ`` (the process
    environment by default) and apply them.

    >>> apply({"OVERRIDABLE_LOG": "off"})
    """
    env = os.environ if environ is None else environ
    if env.get("OVERRIDABLE_LOG"):
        configure_logging(env["OVERRIDABLE_LOG"])
    if env.get("OVERRIDABLE_BACKEND"):
        configure_backend(env["OVERRIDABLE_BACKEND"])
