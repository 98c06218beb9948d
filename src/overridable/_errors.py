"""Errors and the record of a resolution: which backends were considered and why each declined.

This module is the bottom of the engine: it imports nothing from the rest of
``overridable`` and no array library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

__all__ = [
    "Attempt",
    "BackendNotImplementedError",
    "BackendNotInstalledError",
    "Explanation",
    "UnknownBackendError",
]

#: uarray's message, kept verbatim in ``args[0]`` so code that checks it keeps working.
NO_BACKEND_MESSAGE: Final = "No selected backends had an implementation for this function."

# Outcomes of one backend's attempt, shared by errors and by ``explain``.
NO_DOMAIN: Final = "no domain match"
SKIPPED: Final = "skipped"
REFUSED: Final = "conversion refused"
NOT_IMPLEMENTED: Final = "returned NotImplemented"
RAISED: Final = "raised BackendNotImplementedError"
NO_IMPLEMENTATION: Final = "has no implementation"
WOULD_CALL: Final = "would be called"
WOULD_TRY: Final = "would be tried"
#: In ``explain``, a backend whose implementation's ``precheck`` says it would decline.
WOULD_DECLINE: Final = "would decline"
#: In ``explain``, a backend after the chosen one: tried only if every one before declines.
FALLBACK: Final = "tried next if the ones before decline"
CALLED: Final = "called"
DEFAULT: Final = "default"


def backend_name(backend: object) -> str:
    """A short, readable name for a backend, for messages."""
    if backend is None:
        return "<default implementation>"
    name = getattr(backend, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(backend, type):
        return f"{backend.__module__}.{backend.__qualname__}"
    mod_name = getattr(backend, "__name__", None)
    if isinstance(mod_name, str):
        return mod_name
    return f"{type(backend).__qualname__} object"


class Attempt:
    """One backend's part in a resolution.

    Attributes
    ----------
    backend : object
        The backend (``None`` for a default implementation run on its own).
    source : str
        Where it came from: ``"local"`` (``set_backend``), ``"global"``,
        ``"registered"``, ``"pinned"`` (a default run for this backend) or
        ``"default"``.
    domain : str
        The domain level at which it was considered.
    outcome : str
        What happened, e.g. ``"skipped"`` or ``"returned NotImplemented"``.
    detail : str
        Extra words for people (the type refused, the exception's message).
    exception : BaseException or None
        The ``BackendNotImplementedError`` it raised, if any.
    refused : tuple of type
        The argument types it refused, when the outcome is a refused conversion.

    Examples
    --------
    >>> a = Attempt("numpy", "global", "numpy", "skipped")
    >>> a.outcome
    'skipped'
    """

    __slots__ = ("backend", "detail", "domain", "exception", "outcome", "refused", "source")

    def __init__(
        self,
        backend: object,
        source: str,
        domain: str,
        outcome: str,
        detail: str = "",
        exception: BaseException | None = None,
        refused: tuple[type, ...] = (),
    ) -> None:
        self.backend = backend
        self.source = source
        self.domain = domain
        self.outcome = outcome
        self.detail = detail
        self.exception = exception
        #: The argument types a backend refused (for ``conversion refused``).
        self.refused = refused

    def __repr__(self) -> str:
        return (
            f"Attempt({backend_name(self.backend)!r}, source={self.source!r}, "
            f"domain={self.domain!r}, outcome={self.outcome!r})"
        )

    def describe(self) -> str:
        """One line for people.

        Examples
        --------
        >>> Attempt(None, "default", "numpy", "called").describe()
        '<default implementation> [default, numpy]: called'
        """
        return self._line([self.source])

    def _line(self, sources: list[str], detail: str | None = None) -> str:
        text = (f"{backend_name(self.backend)} [{' and '.join(sources)}, {self.domain}]: "
                f"{self.outcome}")
        detail = self.detail if detail is None else detail
        return f"{text} ({detail})" if detail else text

    @property
    def reason(self) -> str:
        """Why the backend declined, in its own words (its exception's message), or ``""``.

        >>> import overridable as ov
        >>> ov.Attempt("b", "local", "x", "raised BackendNotImplementedError",
        ...            exception=ov.BackendNotImplementedError("odd")).reason
        'odd'
        """
        return str(self.exception) if self.exception is not None else ""


def _type_name(t: type) -> str:
    return t.__qualname__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__qualname__}"


def _multimethod_name(multimethod: object) -> str:
    if isinstance(multimethod, str):
        return multimethod
    module = getattr(multimethod, "__module__", None)
    name = getattr(multimethod, "__qualname__", None) or getattr(multimethod, "__name__", None)
    if name is None:
        return repr(multimethod)
    return f"{module}.{name}" if module else str(name)


def _no_owners(types_: list[type], considered: list[object]) -> list[str]:
    return []


#: The installed backends whose library the refused types come from, leaving out those
#: already considered: a hint of the error text. The backend layer (``_backend``, which
#: knows the adapters) installs its ``installed_backends_for`` here, so that this module,
#: below it, imports nothing of it.
owners_of: Callable[[list[type], list[object]], list[str]] = _no_owners


class Explanation(Sequence[Attempt]):
    """The story of one resolution: every backend considered, in order, and its outcome.

    Returned by :func:`overridable.explain`, and carried by
    :class:`BackendNotImplementedError` as ``.explanation``. It is a sequence
    of :class:`Attempt`; ``chosen`` is the backend that serves (or would
    serve) the call, ``None`` if none does; ``str()`` gives a readable report.

    Examples
    --------
    >>> import overridable as ov
    >>> b = ov.Backend("demo", name="b")
    >>> e = Explanation("f", "demo", [Attempt(b, "local", "demo", "skipped")], None)
    >>> print(e)
    f (domain 'demo'): no backend serves this call
      1. b [local, demo]: skipped
    >>> e[0].outcome
    'skipped'
    """

    __slots__ = ("attempts", "chosen", "domain", "multimethod")

    def __init__(
        self, multimethod: object, domain: str, attempts: list[Attempt], chosen: object
    ) -> None:
        self.multimethod = multimethod
        self.domain = domain
        self.attempts = attempts
        self.chosen = chosen

    def __getitem__(self, index: Any) -> Any:
        return self.attempts[index]

    def __len__(self) -> int:
        return len(self.attempts)

    def __iter__(self) -> Iterator[Attempt]:
        return iter(self.attempts)

    def __str__(self) -> str:
        head = f"{_multimethod_name(self.multimethod)} (domain {self.domain!r}): "
        if self.served():
            head += f"served by {backend_name(self.chosen)}"
        else:
            head += "no backend serves this call"
        if not self.attempts:
            head += "\n  (no backend was considered: none is set, global or registered)"
        return "\n".join([head, *self.lines(merge=False)])

    def served(self) -> bool:
        """Whether a backend serves (or would serve) the call."""
        return self.chosen is not None or any(a.outcome in (CALLED, WOULD_CALL) for a in self)

    def declined(self) -> Attempt | None:
        """The first backend that declined the call with a reason of its own, if any.

        >>> import overridable as ov
        >>> e = ov.Explanation("f", "demo", [ov.Attempt(
        ...     "b", "local", "demo", "raised BackendNotImplementedError",
        ...     exception=ov.BackendNotImplementedError("too big"))], None)
        >>> e.declined().reason
        'too big'
        """
        return next((a for a in self if a.reason), None)

    def summary(self) -> str:
        """One line: what happened in this call (the first line of the error).

        >>> import overridable as ov
        >>> b = ov.Backend("demo", name="b")
        >>> ov.Explanation("f", "demo", [ov.Attempt(b, "local", "demo", "conversion refused",
        ...                                         refused=(set,))], None).summary()
        'f: no backend accepts arguments of type set'
        """
        name = _multimethod_name(self.multimethod)
        declined = self.declined()
        if declined is not None:
            who, reason = backend_name(declined.backend), declined.reason.split("\n")[0]
            if reason.lower().startswith(f"{who.lower()}: "):  # "sparse: cumsum would ..."
                return f"{name}: {reason}"
            return f"{name}: {who} declined: {reason}"
        tried = [a for a in self if a.outcome != SKIPPED]
        if not self.attempts:
            return (f"{name}: no backend is set, global or registered for domain "
                    f"{self.domain!r}")
        if not tried:
            return f"{name}: every backend for domain {self.domain!r} is skipped"
        refused = {t: None for a in tried for t in a.refused}
        if refused and all(a.outcome == REFUSED for a in tried):
            names = ", ".join(_type_name(t) for t in refused)
            return f"{name}: no backend accepts arguments of type {names}"
        if all(a.outcome in (REFUSED, NO_IMPLEMENTATION) for a in tried):
            return f"{name}: no backend that accepts these arguments implements it"
        return f"{name}: every backend that could serve the call declined"

    def lines(self, reason_shown: Attempt | None = None, merge: bool = True) -> list[str]:
        """The numbered list and the hints that can help. With ``merge``, each backend once
        (with every place it was considered); ``reason_shown``'s reason is not repeated."""
        merged: list[tuple[Attempt, list[str]]] = []
        for a in self:
            for first, sources in merged if merge else ():
                if first.backend is a.backend and first.domain == a.domain:
                    if a.source not in sources:
                        sources.append(a.source)
                    break
            else:
                merged.append((a, [a.source]))
        out = []
        for i, (a, sources) in enumerate(merged, 1):
            shown = a is reason_shown and "\n" not in a.reason
            detail = "the reason above" if shown else None
            out.append(f"  {i}. {a._line(sources, detail)}")
        refused = {t: None for a in self.attempts for t in a.refused}
        # The backends that took the arguments (their types are theirs) but lack the function:
        # the trouble is the missing implementation, not the types others refused.
        lacking = list(dict.fromkeys(backend_name(a.backend) for a in self.attempts
                                     if a.outcome == NO_IMPLEMENTATION))
        if lacking and not self.served() and self.declined() is None:
            who, name = " and ".join(lacking), _multimethod_name(self.multimethod)
            one = len(lacking) == 1
            numpy = " (numpy.asarray for NumPy's)" if self.domain.split(".")[0] == "numpy" \
                else ""
            out.append(
                f"  hint: {who} {'accepts' if one else 'accept'} these arguments but "
                f"{'has' if one else 'have'} no implementation of {name}: convert the "
                f"arguments to arrays of a library whose backend implements it{numpy}, or "
                f"give {'it' if one else 'one'} an implementation with "
                f"Backend.implement({name})"
            )
        if refused and not self.served():
            # Converting helps when types were the only trouble: not when a backend that
            # took the arguments declined for a reason of its own, or has no implementation.
            if self.declined() is None and not lacking:
                names = ", ".join(_type_name(t) for t in refused)
                out.append(
                    f"  hint: arguments of type {names} were refused; convert the arguments "
                    "to arrays of one library, or let a backend convert them with "
                    "overridable.set_backend(backend, coerce=True)"
                )
            considered = [a.backend for a in self.attempts]
            for name in owners_of(list(refused), considered):
                out.append(
                    f"  hint: the installed backend {name!r} may own them: "
                    f"overridable.register_backend({name!r}), or "
                    f"with overridable.set_backend({name!r}): ..."
                )
        return out

    __repr__ = __str__


class BackendNotImplementedError(NotImplementedError):
    """No backend could serve a multimethod call; or, raised by a backend, "I decline".

    Raising it from ``__ua_function__`` (or from a default) is the same as
    returning ``NotImplemented``: the next backend is tried. When every
    backend declines, the engine raises one whose ``args`` keep uarray's
    layout, ``(message, (backend, exception), ...)`` for the backends that
    raised, and whose ``explanation`` (an :class:`Explanation`) names every
    backend considered and why it declined; ``str()`` prints that story.

    Examples
    --------
    >>> import overridable as ov
    >>> mm = ov.generate_multimethod(lambda: (), lambda a, kw, d: (a, kw), "example")
    >>> try:
    ...     mm()
    ... except ov.BackendNotImplementedError as e:
    ...     print(e.args[0])  # uarray's message, for code that checks it
    ...     print(str(e).split(": ", 1)[1])  # after the multimethod's name
    No selected backends had an implementation for this function.
    no backend is set, global or registered for domain 'example'
    """

    explanation: Explanation | None = None

    def __str__(self) -> str:
        e = self.explanation
        if e is None:
            return super().__str__()
        if not e.attempts:
            return e.summary()
        return "\n".join([
            e.summary(),
            f"backends considered for domain {e.domain!r}, in order:",
            *e.lines(e.declined()),
        ])


def no_backend_error(
    multimethod: object, domain: str, attempts: list[Attempt]
) -> BackendNotImplementedError:
    """Build the engine's error from the attempts of a failed call."""
    raised = tuple(
        (a.backend, a.exception) for a in attempts if a.exception is not None
    )
    err = BackendNotImplementedError(NO_BACKEND_MESSAGE, *raised)
    err.explanation = Explanation(multimethod, domain, attempts, None)
    return err



class UnknownBackendError(ValueError):
    """A backend name that nothing declares: the message (one line) gives close matches and
    the installed names.

    >>> import overridable as ov
    >>> try:
    ...     ov.set_backend("pytorch")
    ... except ov.UnknownBackendError as e:
    ...     print(str(e).split(";")[0])
    unknown backend 'pytorch' (did you mean 'torch'?)
    >>> issubclass(ov.UnknownBackendError, ValueError)
    True
    """


class BackendNotInstalledError(ImportError):
    """A known backend name whose library is not installed: the message says how to
    install it (``pip install "overridable[<extra>]"``).

    >>> import overridable as ov
    >>> ov.register_adapter("example_missing", lambda: __import__("no_such_module_xyz"))
    >>> ov.set_backend("example_missing")
    Traceback (most recent call last):
        ...
    overridable._errors.BackendNotInstalledError: backend 'example_missing' is known but ...
    """
