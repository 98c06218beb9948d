"""What a backend is: the uarray protocol, the engine's richer ``Backend`` class, and adapters.

A backend is any object with ``__ua_domain__`` (a domain string, or a
sequence of them) and ``__ua_function__(method, args, kwargs)``, optionally
``__ua_convert__(dispatchables, coerce)``: the protocol of uarray and
``scipy.fft``, so their backends work unchanged. :class:`Backend` is the
engine's own kind: it declares the types it owns and absorbs and a table of
implementations, which lets the engine pick it, and call the implementation,
without running any protocol method on the hot path.

Library modules (``dask.array``, ``"torch"``) are not backends themselves;
the adapter registry here maps them to backend objects built on first use.

This module must never import an array library, nor the engine's state.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import inspect
import re
import threading
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeAlias, TypeVar, cast

from . import _errors
from ._errors import BackendNotImplementedError, BackendNotInstalledError, UnknownBackendError

__all__ = [
    "Backend",
    "BackendLike",
    "SupportsUA",
    "adapter_names",
    "as_backend",
    "decline",
    "domains_of",
    "register_adapter",
]

_F = TypeVar("_F", bound=Callable[..., Any])


class SupportsUA(Protocol):
    """What type checkers take for a backend: anything with ``__ua_domain__`` (an object,
    or a class with it as a class attribute, as uarray's backends are).

    >>> import overridable as ov
    >>> class Legacy:
    ...     __ua_domain__ = "example"
    >>> backend: ov.SupportsUA = Legacy  # accepted by mypy, as ov.Backend(...) is
    """

    @property
    def __ua_domain__(self) -> str | Sequence[str]: ...


#: What ``set_backend``, ``set_global_backend``, ``register_backend`` and ``skip_backend``
#: take: a backend, a library's module (``dask.array``) or a backend's name (``"torch"``).
BackendLike: TypeAlias = SupportsUA | types.ModuleType | str

#: Types every backend accepts as they are: Python scalars, containers and
#: markers such as ``None`` and dtype classes (``float``, ``numpy.float64``).
UNIVERSAL_TYPES: frozenset[type] = frozenset(
    {
        type(None),
        bool,
        int,
        float,
        complex,
        str,
        bytes,
        list,
        tuple,
        dict,
        range,
        slice,
        type,
        type(Ellipsis),
        type(NotImplemented),
    }
)


def validate_domain(domain: object) -> str:
    """Check one domain string and return it.

    >>> validate_domain("numpy.fft")
    'numpy.fft'
    """
    if not isinstance(domain, str):
        raise TypeError(
            f"a domain must be a str such as 'numpy' or 'numpy.fft', not {type(domain).__name__}"
        )
    if not domain or any(not part for part in domain.split(".")):
        raise ValueError(
            f"invalid domain {domain!r}: a domain is a non-empty dotted name such as 'numpy.fft'"
        )
    return domain


def domains_of(backend: object) -> tuple[str, ...]:
    """The domains a backend serves, validated.

    >>> class B:
    ...     __ua_domain__ = ("numpy", "scipy.fft")
    >>> domains_of(B)
    ('numpy', 'scipy.fft')
    """
    try:
        declared = backend.__ua_domain__  # type: ignore[attr-defined]
    except AttributeError:
        raise _not_a_backend(backend) from None
    if isinstance(declared, str):
        return (validate_domain(declared),)
    try:
        domains = tuple(declared)
    except TypeError:
        raise TypeError(
            f"{backend!r} has __ua_domain__ = {declared!r}: it must be a str or a sequence of str"
        ) from None
    if not domains:
        raise ValueError(f"{backend!r} has an empty __ua_domain__")
    return tuple(validate_domain(d) for d in domains)


def _not_a_backend(obj: object) -> TypeError:
    known = ", ".join(adapter_names()) or "none registered yet"
    return TypeError(
        f"{obj!r} is not a backend. A backend needs __ua_domain__ (a domain string such as "
        "'numpy', or a sequence of them) and __ua_function__(method, args, kwargs), optionally "
        "__ua_convert__(dispatchables, coerce); overridable.Backend builds one. Library modules "
        f"and names are accepted when an adapter is registered for them (known: {known})."
    )


# name -> factory; factories run once, on first use, and their result is kept.
_adapters: dict[str, Callable[[], object]] = {}
_adapted: dict[str, object] = {}
_adapter_lock = threading.Lock()


def reset_adapter_lock() -> None:
    """A fresh lock, in a child process after ``fork()``: the parent's may have been held
    by a thread that the child does not have."""
    global _adapter_lock
    _adapter_lock = threading.Lock()


def register_adapter(
    name: str, factory: Callable[[], object], *, aliases: Iterable[str] = ()
) -> None:
    """Map a library's module name (and aliases) to a backend built on first use.

    After this, ``set_backend(module)`` and ``set_backend("alias")`` use the
    backend ``factory()`` returns. The factory is called lazily, once, so
    registering imports nothing.

    Examples
    --------
    >>> import overridable as ov
    >>> ov.register_adapter("my_lib", lambda: ov.Backend("example", name="my_lib"),
    ...                     aliases=["mine"])
    >>> ov.as_backend("mine").name
    'my_lib'
    """
    for key in (name, *aliases):
        if not isinstance(key, str) or not key:
            raise TypeError(f"adapter names must be non-empty strings, not {key!r}")
    with _adapter_lock:
        for key in (name, *aliases):
            _adapters[key] = factory
            _adapted.pop(key, None)


#: The entry-point group through which installed packages declare backends, by name:
#: ``name = "package.module:backend_object"``; loaded only when a name is asked for.
ENTRY_POINT_GROUP = "overridable.backends"
_entry_points_loaded = False
#: Entry-point name -> the module its value names (``overridable.backends.torch``): the
#: names a package declares, whose library may or may not be installed.
_entry_point_modules: dict[str, str] = {}


def load_entry_points() -> None:
    """Register an adapter for every backend declared in the ``overridable.backends``
    entry-point group (once; nothing is imported until a backend is used).

    >>> from overridable._backend import load_entry_points
    >>> load_entry_points()
    """
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    from importlib.metadata import entry_points

    with _adapter_lock:
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            _adapters.setdefault(ep.name, ep.load)
            _entry_point_modules.setdefault(ep.name, ep.value.split(":")[0])
        _entry_points_loaded = True


def adapter_names() -> list[str]:
    """The names (and aliases) that ``set_backend`` accepts through adapters, sorted.

    >>> import overridable as ov
    >>> ov.register_adapter("listed_example", lambda: ov.Backend("example"))
    >>> "listed_example" in ov.adapter_names()
    True
    """
    load_entry_points()
    return sorted(_adapters)


def _normal(name: str) -> str:
    return name.strip().lower().replace("-", "_")


def resolve_name(name: str) -> str:
    """The adapter name that ``name`` means: itself, or the one equal to it ignoring case
    (and ``-`` for ``_``). The one resolver of backend names: ``set_backend``,
    ``set_global_backend``, ``register_backend``, ``skip_backend``, ``OVERRIDABLE_BACKEND``
    and the command line all go through it.

    Raises :class:`~overridable.UnknownBackendError` (a ``ValueError``) naming close
    matches and the installed backends.

    >>> resolve_name("Torch"), resolve_name("DASK.array")
    ('torch', 'dask.array')
    >>> resolve_name("daks")
    Traceback (most recent call last):
        ...
    overridable._errors.UnknownBackendError: unknown backend 'daks' (did you mean 'dask'?); ...
    """
    load_entry_points()
    if name in _adapters:
        return name
    wanted = _normal(name)
    for key in sorted(_adapters):
        if _normal(key) == wanted:
            return key
    raise unknown_backend(name)


def unknown_backend(name: str) -> UnknownBackendError:
    """The one-line error for a name no adapter has: close matches, then the installed
    names (aliases such as ``dask.array`` left out), then the known but missing ones."""
    shown = primary_names()
    by_normal = {_normal(n): n for n in shown}
    close = [by_normal[m] for m in difflib.get_close_matches(_normal(name), by_normal, n=3)]
    text = f"unknown backend {name!r}"
    if close:
        text += " (did you mean " + " or ".join(repr(c) for c in close) + "?)"
    installed = [n for n in shown if is_installed(n)]
    missing = [n for n in shown if n not in installed]
    text += f"; installed backends: {', '.join(installed) or 'none'}"
    if missing:
        text += f"; known but not installed: {', '.join(missing)}"
    return UnknownBackendError(text)


def primary_names() -> list[str]:
    """Adapter names without the aliases of another name (``dask.array`` is ``dask``'s).

    >>> "dask" in primary_names() and "dask.array" not in primary_names()
    True
    """
    names = adapter_names()
    return [n for n in names if "." not in n or n.split(".")[0] not in names]


@functools.cache
def _extras() -> dict[str, tuple[str, ...]]:
    """This package's extras and the distributions each requires, from its metadata."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        lines = metadata("overridable").get_all("Requires-Dist") or []
    except PackageNotFoundError:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in lines:
        req = re.match(r"[A-Za-z0-9_.\-]+", line)
        extra = re.search(r"extra\s*==\s*[\"']([^\"']+)[\"']", line)
        if req and extra and _normal(req.group()) != "overridable":
            out[extra.group(1)] = (*out.get(extra.group(1), ()), req.group())
    return out


def install_extra(name: str) -> str | None:
    """The extra of this package that installs backend ``name``'s library, if any: the one
    named after its backend module or its library, else one requiring its library.

    >>> install_extra("torch"), install_extra("scipy.fft"), install_extra("array_api_strict")
    ('torch', 'fft', 'array-api')
    """
    extras = _extras()
    top = _normal(name.split(".")[0])
    module = _normal(_entry_point_modules.get(name, "").rsplit(".", 1)[-1])
    for wanted in (module, top):
        for extra in extras:
            if _normal(extra) == wanted:
                return extra
    for extra, reqs in extras.items():
        if any(_normal(r) == top or _normal(r).startswith(top + "_") for r in reqs):
            return extra
    return None


def is_installed(name: str) -> bool:
    """Whether backend ``name``'s library is installed, found without importing it.
    Names registered in this process with ``register_adapter`` always are.

    >>> is_installed("numpy")
    True
    """
    if name not in _entry_point_modules or name in _adapted:
        return True
    try:
        if importlib.util.find_spec(name.split(".")[0]) is not None:
            return True
    except (ImportError, ValueError):
        pass
    from importlib.metadata import PackageNotFoundError, distribution

    reqs = _extras().get(install_extra(name) or "", ())
    try:
        for req in reqs:
            distribution(req)
    except PackageNotFoundError:
        return False
    return bool(reqs)


def not_installed(name: str, exc: BaseException) -> BackendNotInstalledError:
    """The one-line error for a known backend whose library cannot be imported."""
    extra = install_extra(name)
    how = (f'install it with: pip install "overridable[{extra}]"' if extra
           else f"install the {name.split('.')[0]!r} package")
    return BackendNotInstalledError(
        f"backend {name!r} is known but its library is not installed ({exc}); {how}")


def installed_backends_for(
    types_: list[type], considered: Iterable[object] = ()
) -> list[str]:
    """Adapter names (installed backends) named after the top-level package of ``types_``
    or of one of their base classes (``jax.Array`` for JAX's ``ArrayImpl``), leaving out
    those whose backend is among ``considered`` (already tried).

    >>> import overridable as ov
    >>> ov.register_adapter("fractions", lambda: ov.Backend("example"))
    >>> import fractions
    >>> installed_backends_for([fractions.Fraction])
    ['fractions']
    """
    names = adapter_names()
    out = []
    for t in types_:
        for base in getattr(t, "__mro__", (t,)):
            top = str(getattr(base, "__module__", "") or "").split(".")[0]
            if top in ("builtins", "abc", "typing") or top not in names or top in out:
                continue
            adapted = _adapted.get(top)
            if all(adapted is not c for c in considered):
                out.append(top)
            break
    return out


_errors.owners_of = installed_backends_for  # the error texts' hint, without a circle


def adapter_name(backend: object) -> str | None:
    """The adapter name under which ``backend`` was built, if any (it pickles by that name).

    >>> import overridable as ov
    >>> from overridable._backend import adapter_name
    >>> be = ov.Backend("example")
    >>> ov.register_adapter("named_example", lambda: be)
    >>> ov.as_backend("named_example") is be, adapter_name(be)
    (True, 'named_example')
    """
    for name, adapted in list(_adapted.items()):
        if adapted is backend:
            return name
    return None


def as_backend(obj: object) -> SupportsUA:
    """Return the backend object for ``obj``: itself, or the adapter for a module or name.

    Names go through :func:`resolve_name` (case-insensitive). Raises ``TypeError``
    saying what a backend needs when ``obj`` is neither a backend, a module nor a str;
    :class:`~overridable.UnknownBackendError` (a ``ValueError``) for a name nothing
    declares, and :class:`~overridable.BackendNotInstalledError` for one whose library
    is missing.

    Examples
    --------
    >>> import overridable as ov
    >>> be = ov.Backend("example")
    >>> ov.as_backend(be) is be
    True
    >>> ov.as_backend(42)
    Traceback (most recent call last):
        ...
    TypeError: 42 is not a backend. ...
    """
    if hasattr(obj, "__ua_domain__"):
        domains_of(obj)
        return cast(SupportsUA, obj)
    if isinstance(obj, types.ModuleType):
        key = obj.__name__
    elif isinstance(obj, str):
        key = obj
    else:
        raise _not_a_backend(obj)
    try:
        return cast(SupportsUA, _adapted[key])
    except KeyError:
        pass
    factory = _adapters.get(key)
    if factory is None:
        load_entry_points()
        if isinstance(obj, str):
            key = resolve_name(obj)
            if key in _adapted:
                return cast(SupportsUA, _adapted[key])
        factory = _adapters.get(key)
        if factory is None:
            raise _not_a_backend(obj)
    try:
        backend = factory()
    except BackendNotInstalledError:
        raise
    except ImportError as exc:
        raise not_installed(key, exc) from exc
    domains_of(backend)
    with _adapter_lock:
        return cast(SupportsUA, _adapted.setdefault(key, backend))


#: Called when a Backend's declarations change (the multimethod layer drops its caches).
change_hooks: list[Callable[[], None]] = []


def _changed() -> None:
    for hook in change_hooks:
        hook()


_P = inspect.Parameter


def check_implementation(multimethod: Callable[..., Any], impl: Callable[..., Any]) -> None:
    """Refuse an implementation that cannot take ``multimethod``'s calls.

    The one calling convention: an implementation gets the call's required
    arguments by position (required keyword-only ones by keyword), and each
    optional one by keyword, only when the caller gave it a value other than its
    default (positional-only optional ones by position). So it must accept the
    required ones that way; an optional parameter it does not take is a
    ``TypeError`` when a caller gives it. Signatures that cannot be read, and
    multimethods with ``*args``/``**kwargs``, are not checked.

    >>> import overridable as ov
    >>> @ov.multimethod("example", {"x": "array"})
    ... def scale(x, factor, *, axis=None): ...
    >>> ov.Backend("example", implementations={scale: lambda x: x})
    Traceback (most recent call last):
        ...
    TypeError: an implementation of scale must take its required arguments (x, factor) ...
    """
    if not callable(impl):
        raise TypeError(f"an implementation must be callable, not {impl!r}")
    try:
        declared = inspect.signature(multimethod)
        offered = inspect.signature(impl)
    except (TypeError, ValueError):
        return
    params = declared.parameters.values()
    if any(p.kind in (_P.VAR_POSITIONAL, _P.VAR_KEYWORD) for p in params):
        return
    positional = [p.name for p in params if p.default is _P.empty
                  and p.kind in (_P.POSITIONAL_ONLY, _P.POSITIONAL_OR_KEYWORD)]
    keyword = [p.name for p in params if p.default is _P.empty and p.kind is _P.KEYWORD_ONLY]
    try:
        offered.bind(*positional, **dict.fromkeys(keyword))
    except TypeError as exc:
        name = getattr(multimethod, "__name__", repr(multimethod))
        taken = ", ".join(positional) + (f"; {', '.join(keyword)} by keyword" if keyword else "")
        raise TypeError(
            f"an implementation of {name} must take its required arguments ({taken}) by "
            f"position: {getattr(impl, '__name__', repr(impl))}{offered} cannot ({exc})"
        ) from None


class Backend:
    """A backend declared by data: its types, the types it absorbs, its implementations.

    The engine reads these declarations to choose a ``Backend`` by the types
    of a call's dispatchable arguments, and then calls the implementation
    directly; no protocol method runs on the hot path. It still speaks the
    uarray protocol, so uarray itself, ``determine_backend`` and code that
    calls ``__ua_function__`` work with it.

    Parameters
    ----------
    domain : str or sequence of str
        The domain(s) served, e.g. ``"numpy"``; sub-domains (``"numpy.fft"``)
        are served too unless a more specific backend takes them first.
    name : str, optional
        A name for messages and ``explain``.
    types : iterable of type
        The types this backend owns (its arrays, its dtypes); subclasses too.
    absorbs : iterable of type
        Foreign types it accepts without ``coerce`` (Dask absorbs NumPy
        arrays). Python scalars, lists, tuples, ``None`` and classes are
        accepted by every backend.
    implementations : mapping, optional
        ``{multimethod: callable}``; the callable receives the call's
        arguments unchanged (converted under ``coerce``). Add to it with
        :meth:`implement` (and to the types with :meth:`add_types`) once calls
        have been made: they drop the cached resolutions, which a direct
        change of the dict or the tuples does not.
    convert : callable, optional
        ``convert(value, dispatch_type) -> value``, used under ``coerce=True``
        for arguments of other types; return ``NotImplemented`` to refuse.

    Examples
    --------
    >>> import overridable as ov
    >>> twice = ov.generate_multimethod(
    ...     lambda x: (ov.Dispatchable(x, "array"),), lambda a, kw, d: (d, kw), "example")
    >>> be = ov.Backend("example", name="lists", types=[list])
    >>> @be.implement(twice)
    ... def _twice(x):
    ...     return x + x
    >>> with ov.set_backend(be):
    ...     twice([1, 2])
    [1, 2, 1, 2]
    """

    __slots__ = ("__ua_domain__", "_accepts", "absorbs", "convert", "implementations", "name",
                 "types")

    def __init__(
        self,
        domain: str | Iterable[str],
        *,
        name: str | None = None,
        types: Iterable[type] = (),
        absorbs: Iterable[type] = (),
        implementations: Mapping[Callable[..., Any], Callable[..., Any]] | None = None,
        convert: Callable[[Any, Any], Any] | None = None,
    ) -> None:
        if isinstance(domain, str):
            self.__ua_domain__: str | tuple[str, ...] = domain
        else:
            try:
                self.__ua_domain__ = tuple(domain)
            except TypeError:
                raise TypeError(
                    f"a Backend's domain must be a str such as 'numpy' or a sequence of them, "
                    f"not {domain!r}"
                ) from None
        domains_of(self)
        self.name = name if name is not None else f"Backend({self.__ua_domain__!r})"
        self.types: tuple[type, ...] = tuple(types)
        self.absorbs: tuple[type, ...] = tuple(absorbs)
        for t in (*self.types, *self.absorbs):
            if not isinstance(t, type):
                raise TypeError(f"Backend types and absorbs must be classes, not {t!r}")
        self.implementations: dict[Callable[..., Any], Callable[..., Any]] = dict(
            implementations or {}
        )
        for multimethod, impl in self.implementations.items():
            check_implementation(multimethod, impl)
        self.convert = convert
        # type -> True (owned), False (absorbed or universal), None (foreign)
        self._accepts: dict[type, bool | None] = {}

    def __repr__(self) -> str:
        return f"<overridable.Backend {self.name}>"

    def __reduce_ex__(self, protocol: Any) -> Any:
        # A backend built by an adapter travels by name: its implementations (lambdas,
        # NumPy's private functions) need not pickle, and the far side gets its own.
        name = adapter_name(self)
        if name is not None:
            return (as_backend, (name,))
        return object.__reduce_ex__(self, protocol)

    def add_types(self, types: Iterable[type] = (), absorbs: Iterable[type] = ()) -> None:
        """Own (``types``) or absorb more types from now on; cached resolutions are redone.

        >>> import overridable as ov
        >>> be = ov.Backend("example")
        >>> be.ownership(set)
        >>> be.add_types(types=[set])
        >>> be.ownership(set)
        True
        """
        new_types, new_absorbs = tuple(types), tuple(absorbs)
        for t in (*new_types, *new_absorbs):
            if not isinstance(t, type):
                raise TypeError(f"Backend types and absorbs must be classes, not {t!r}")
        self.types = (*self.types, *new_types)
        self.absorbs = (*self.absorbs, *new_absorbs)
        self._accepts = {}
        _changed()

    def implement(self, multimethod: Callable[..., Any]) -> Callable[[_F], _F]:
        """Decorator: register the decorated function as this backend's ``multimethod``.

        >>> import overridable as ov
        >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
        >>> be = ov.Backend("example")
        >>> _ = be.implement(mm)(lambda: "made by be")
        >>> with ov.set_backend(be):
        ...     mm()
        'made by be'
        """

        def register(impl: _F) -> _F:
            check_implementation(multimethod, impl)
            self.implementations[multimethod] = impl
            # A cached plan may have run a default for want of it: plans are made anew,
            # unless none was ever made for this multimethod (as when a library fills
            # its tables while building its multimethods): nothing can be stale then.
            if getattr(getattr(multimethod, "__overridable__", None), "planned", True):
                _changed()
            return impl

        return register

    def ownership(self, value_type: type) -> bool | None:
        """``True`` if this backend owns ``value_type``, ``False`` if it accepts it as
        foreign-but-fine (absorbed, or a Python scalar), ``None`` if it does not accept it.

        >>> import overridable as ov
        >>> be = ov.Backend("example", types=[list], absorbs=[set])
        >>> be.ownership(list), be.ownership(set), be.ownership(float), be.ownership(bytearray)
        (True, False, False, None)
        """
        try:
            return self._accepts[value_type]
        except KeyError:
            pass
        result: bool | None
        if issubclass(value_type, self.types):
            result = True
        elif value_type in UNIVERSAL_TYPES or issubclass(value_type, self.absorbs):
            result = False
        else:
            result = None
        if len(self._accepts) > 4096:
            self._accepts.clear()
        self._accepts[value_type] = result
        return result

    def convert_value(self, value: Any, dispatch_type: Any, coerce: bool) -> Any:
        """Accept ``value`` as it is, convert it (under ``coerce``), or refuse it.

        Refusal is ``NotImplemented``.

        >>> import overridable as ov
        >>> be = ov.Backend("example", types=[list], convert=lambda v, t: list(v))
        >>> be.convert_value((1, 2), "array", True), be.convert_value({3}, "array", True)
        ((1, 2), [3])
        >>> be.convert_value({3}, "array", False)
        NotImplemented
        """
        owned = self.ownership(type(value))
        if owned is True:
            return value
        if owned is False and (not coerce or type(value) in UNIVERSAL_TYPES):
            return value
        if coerce and self.convert is not None:
            return self.convert(value, dispatch_type)
        return value if owned is False else NotImplemented

    def explain_error(self, method: Callable[..., Any], args: tuple[Any, ...],
                      kwargs: dict[str, Any], exc: BaseException) -> BaseException | None:
        """The error to raise instead of ``exc``, which this backend's implementation of
        ``method`` raised for the call ``method(*args, **kwargs)``; ``None`` keeps ``exc``.

        The engine asks after an implementation raises (never on a call that returns), so
        a backend can give NumPy's error where its library raised its own (the library
        backends do, for calls whose errors depend on shapes and dtypes alone). This one
        keeps every exception.

        >>> import overridable as ov
        >>> ov.Backend("example").explain_error(len, ([],), {}, ValueError("x")) is None
        True
        """
        return None

    def __ua_convert__(self, dispatchables: Iterable[Any], coerce: bool) -> Any:
        converted = []
        for d in dispatchables:
            c = self.convert_value(d.value, d.type, coerce and d.coercible)
            if c is NotImplemented:
                return NotImplemented
            converted.append(c)
        return converted

    def __ua_function__(
        self, method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        impl = self.implementations.get(method)
        if impl is None:
            return NotImplemented
        return impl(*args, **kwargs)


def decline(message: str = "") -> BackendNotImplementedError:
    """The error an implementation raises to decline a call (same as returning NotImplemented);
    the engine reports ``message`` when no backend serves the call.

    >>> import overridable as ov
    >>> raise ov.decline("only 2-d inputs")
    Traceback (most recent call last):
        ...
    overridable._errors.BackendNotImplementedError: only 2-d inputs
    """
    return BackendNotImplementedError(message)
