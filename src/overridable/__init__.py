"""overridable: context-local and global overrides of the NumPy API (NEP 31), the engine.

This top-level module is the dispatch engine. It knows nothing about NumPy
and imports no array library; ``overridable.numpy`` declares the NumPy API on
top of it. The protocol is uarray's (``__ua_domain__``, ``__ua_function__``,
``__ua_convert__``), so backends written for uarray or ``scipy.fft`` work
unchanged, and :class:`Backend` declares richer backends that the engine can
call without running any protocol method.

Examples
--------
>>> import overridable as ov
>>> @ov.multimethod("example", {"x": "array"})
... def double(x):
...     "Double x."
>>> lists = ov.Backend("example", name="lists", types=[list],
...                    implementations={double: lambda x: x + x})
>>> with ov.set_backend(lists):
...     double([1, 2])
[1, 2, 1, 2]
"""

from ._backend import (
    Backend,
    BackendLike,
    SupportsUA,
    adapter_names,
    as_backend,
    decline,
    register_adapter,
)
from ._carry import BackendState, Thread, carry, get_state, isolated, reset_state, set_state
from ._errors import (
    Attempt,
    BackendNotImplementedError,
    BackendNotInstalledError,
    Explanation,
    UnknownBackendError,
)
from ._guarded import guarded
from ._multimethod import (
    Dispatchable,
    all_of_type,
    create_multimethod,
    determine_backend,
    determine_backend_multi,
    explain,
    generate_multimethod,
    many,
    mark_as,
    multimethod,
    wrap_single_convertor,
    wrap_single_convertor_instance,
)
from ._resolution import Call, trace
from ._state import (
    clear_backends,
    compiled,
    register_backend,
    set_auto_register,
    set_backend,
    set_global_backend,
    skip_backend,
)

__version__ = "0.1.0"

from . import _config
from . import _trace as _trace  # teaches torch.compile the multimethods, once it is imported
from ._config import config

_config.apply()

__all__ = [
    "Attempt",
    "Backend",
    "BackendLike",
    "BackendNotImplementedError",
    "BackendNotInstalledError",
    "BackendState",
    "Call",
    "Dispatchable",
    "Explanation",
    "SupportsUA",
    "Thread",
    "UnknownBackendError",
    "__version__",
    "adapter_names",
    "all_of_type",
    "as_backend",
    "carry",
    "clear_backends",
    "compiled",
    "config",
    "create_multimethod",
    "decline",
    "determine_backend",
    "determine_backend_multi",
    "explain",
    "generate_multimethod",
    "get_state",
    "guarded",
    "isolated",
    "many",
    "mark_as",
    "multimethod",
    "register_adapter",
    "register_backend",
    "reset_state",
    "set_auto_register",
    "set_backend",
    "set_global_backend",
    "set_state",
    "skip_backend",
    "trace",
    "wrap_single_convertor",
    "wrap_single_convertor_instance",
]
