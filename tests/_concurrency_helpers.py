"""Helpers for ``test_concurrency``: backends, multimethods and functions that must be
importable by name in another process (threads do not need them, processes do).

This module is itself a backend: it defines ``__ua_domain__`` and ``__ua_function__``
at module level, so ``set_backend(_concurrency_helpers)`` uses the module object,
which pickle can only carry by name.
"""

from __future__ import annotations

import os

import overridable as ov

__ua_domain__ = "ov_conc.module"


def __ua_function__(method, args, kwargs):
    return "module"


def _no_dispatchables():
    return ()


def _replace(args, kwargs, dispatchables):
    return args, kwargs


#: One multimethod per domain, so one call shows which kind of backend served it.
local_mm = ov.generate_multimethod(_no_dispatchables, _replace, "ov_conc.local")
global_mm = ov.generate_multimethod(_no_dispatchables, _replace, "ov_conc.global")
registered_mm = ov.generate_multimethod(_no_dispatchables, _replace, "ov_conc.registered")
module_mm = ov.generate_multimethod(_no_dispatchables, _replace, "ov_conc.module")


class Named:
    """A protocol backend, picklable by value, that answers every call with its name."""

    def __init__(self, domain, name):
        self.__ua_domain__ = domain
        self.name = name

    def __ua_function__(self, method, args, kwargs):
        return self.name

    def __repr__(self):
        return f"Named({self.__ua_domain__!r}, {self.name!r})"


def call(mm):
    """``mm()``, or ``None`` when no backend serves it."""
    try:
        return mm()
    except ov.BackendNotImplementedError:
        return None


def report():
    """The pid, and who serves each of the four multimethods here and now."""
    return os.getpid(), tuple(call(mm) for mm in (local_mm, global_mm, registered_mm, module_mm))
