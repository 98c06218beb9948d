"""The texts of the errors people meet first, asserted whole.

Before this, the three errors below read (abridged):

1. ``unp.add(jx, jx, out=jnp.zeros(3))`` under ``set_backend("jax")``, JAX registered::

       No selected backends had an implementation for this function.
       overridable.numpy.add (domain 'numpy'): no backend serves this call
         1. jax [local, numpy]: raised BackendNotImplementedError (JAX arrays are immutable: ...)
         2. numpy [global, numpy]: conversion refused (does not accept ArrayImpl)
         3. numpy (NEP 18) [registered, numpy]: conversion refused (does not accept ArrayImpl)
         4. jax [registered, numpy]: raised BackendNotImplementedError (JAX arrays are ...)
         hint: arguments of type jaxlib._jax.ArrayImpl were refused; ... coerce=True)

2. ``unp.cumsum(coo)``: the same shape, the reason in item 4 of 5, NumPy listed
   twice, and the same ``coerce=True`` hint.
3. ``set_backend("pytorch")``: ``TypeError: 'pytorch' is not a backend. A backend
   needs __ua_domain__ ...`` with every alias, installed or not.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

import overridable as ov
import overridable.numpy as unp

jnp = pytest.importorskip("jax.numpy")
sparse = pytest.importorskip("sparse")

JAX_REASON = ("JAX arrays are immutable: the JAX backend cannot write into out= (got "
              "ArrayImpl); use the returned array instead (y = f(x)), or x.at[...].set(...) "
              "for an update")


@pytest.fixture(autouse=True)
def clean() -> Iterator[None]:
    with ov.reset_state():
        yield


def numbered(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("  ") and ". " in line[:6]]


def test_jax_out_names_the_reason_first_and_jax_once() -> None:
    jx = jnp.ones(3)
    ov.register_backend("jax")
    with ov.set_backend("jax"), pytest.raises(ov.BackendNotImplementedError) as info:
        unp.add(jx, jx, out=jnp.zeros(3))
    lines = str(info.value).splitlines()
    assert lines[0] == f"overridable.numpy.add: jax declined: {JAX_REASON}"
    assert lines[1] == "backends considered for domain 'numpy', in order:"
    assert lines[2] == ("  1. jax [local and registered, numpy]: raised "
                        "BackendNotImplementedError (the reason above)")
    assert [line for line in lines if "jax [" in line] == [lines[2]]
    assert not [line for line in lines if "hint:" in line]  # coerce=True would not help
    assert info.value.args[0] == "No selected backends had an implementation for this function."


def test_explain_says_jax_would_decline_out_as_the_call_does() -> None:
    # The implementation's precheck gives the reason before any call: explain and the call
    # agree (no backend serves), where explain used to say JAX "would be called".
    jx = jnp.ones(3)
    with ov.set_backend("jax", only=True):
        story = ov.explain(unp.add, jx, jx, out=jnp.zeros(3))
        assert not story.served() and story.chosen is None
        assert numbered(str(story)) == [
            f"  1. jax [local, numpy]: would decline ({JAX_REASON})"]
        assert story.declined().reason == JAX_REASON
        with pytest.raises(ov.BackendNotImplementedError, match="JAX arrays are immutable"):
            unp.add(jx, jx, out=jnp.zeros(3))
        # without out= the same implementation is the one called
        assert numbered(str(ov.explain(unp.add, jx, jx))) == [
            "  1. jax [local, numpy]: would be called (implementation)"]


def _outcome(function, args, kwargs) -> tuple[str | None, str | None]:
    """The call's serving backend's name (None when no backend serves) and, when it
    raised, its error's first line."""
    with ov.trace() as calls:
        try:
            function(*args, **kwargs)
        except ov.BackendNotImplementedError as error:
            return None, str(error).splitlines()[0]
    return calls[-1].backend.name, None


@pytest.mark.parametrize("case", ["numpy add", "jax add", "jax add out=", "sparse sum",
                                  "sparse cumsum", "dask roots"])
def test_explain_and_the_call_agree_on_real_backends(case: str) -> None:
    for name in ("jax", "sparse", "dask"):
        ov.register_backend(name)
    jx, coo = jnp.ones(3), sparse.COO.from_numpy(np.eye(2))
    da = pytest.importorskip("dask.array")
    poly = da.from_array(np.array([1.0, -3.0, 2.0]))
    function, args, kwargs, expected = {
        "numpy add": (unp.add, (np.ones(3), np.ones(3)), {}, "numpy"),
        "jax add": (unp.add, (jx, jx), {}, "jax"),
        "jax add out=": (unp.add, (jx, jx), {"out": jnp.zeros(3)}, None),
        "sparse sum": (unp.sum, (coo,), {}, "sparse"),
        "sparse cumsum": (unp.cumsum, (coo,), {}, None),
        "dask roots": (unp.roots, (poly,), {}, None),
    }[case]
    story = ov.explain(function, *args, **kwargs)
    served, first_line = _outcome(function, args, kwargs)
    assert served == expected, str(story)
    assert (story.chosen.name if story.chosen else None) == served, str(story)
    if served is None:  # the reason explain gave without calling is the call's first line
        reason = story.declined().reason
        assert first_line is not None and first_line.endswith(reason), (first_line, reason)


@ov.multimethod("ov_errors.tests", {"x": "array"})
def halve(x, mode="exact"):
    "Halve x."


def _halve_default(x, mode="exact"):
    return ("default", mode)


@ov.multimethod("ov_errors.tests", {"x": "array"}, default=_halve_default)
def third(x, mode="exact"):
    "A third of x."


def test_explain_predicts_the_backend_a_precheck_hands_the_call_to() -> None:
    def picky(x, mode="exact"):
        if mode != "exact":
            raise ov.decline("picky halves exactly only")
        return ("picky", mode)

    picky.precheck = lambda x, mode="exact": (  # type: ignore[attr-defined]
        None if mode == "exact" else "picky halves exactly only")
    first = ov.Backend("ov_errors.tests", name="picky", types=[list],
                       implementations={halve: picky, third: picky})
    second = ov.Backend("ov_errors.tests", name="lax", types=[list],
                        implementations={halve: lambda x, mode="exact": ("lax", mode)})
    with ov.set_backend(second), ov.set_backend(first):
        for mode in ("exact", "rough"):
            story = ov.explain(halve, [1], mode=mode)
            served = halve([1], mode=mode)[0]
            assert story.chosen.name == served, (mode, str(story))
        lines = numbered(str(ov.explain(halve, [1], mode="rough")))
        assert lines == [
            "  1. picky [local, ov_errors.tests]: would decline (picky halves exactly only)",
            "  2. lax [local, ov_errors.tests]: would be called (implementation)"]
        # a default: it runs pinned to the declining backend before the next backend
        assert third([1], mode="rough") == ("default", "rough")
        lines = numbered(str(ov.explain(third, [1], mode="rough")))
        assert lines[:2] == [
            "  1. picky [local, ov_errors.tests]: would decline (picky halves exactly only)",
            "  2. picky [local, ov_errors.tests]: would be called (it declines: the default "
            "runs, pinned to it)"]


def test_sparse_cumsum_gives_the_backends_reason_and_each_backend_once() -> None:
    ov.register_backend("sparse")
    coo = sparse.COO.from_numpy(np.eye(2))
    with pytest.raises(ov.BackendNotImplementedError) as info:
        unp.cumsum(coo)
    text = str(info.value)
    assert text.splitlines()[0] == (
        "overridable.numpy.cumsum: sparse: cumsum would densify its input (its "
        "result is dense in general), so the sparse backend declines rather than build a "
        "dense array silently; densify on purpose with x.todense() if it fits")
    items = numbered(text)
    names = [line.split("]")[0].split(". ", 1)[1] for line in items]
    backends = [n.split(" [")[0] for n in names]
    assert len(backends) == len(set(backends)), text
    assert "sparse [registered" in text and "(the reason above)" in text
    assert "hint:" not in text


def test_refused_types_alone_keep_the_coerce_hint() -> None:
    be = ov.Backend("numpy", name="lists-only", types=[list])
    with ov.set_backend(be, only=True), pytest.raises(ov.BackendNotImplementedError) as info:
        unp.sin(frozenset([1.0]))
    assert str(info.value).splitlines() == [
        "overridable.numpy.sin: no backend accepts arguments of type frozenset",
        "backends considered for domain 'numpy', in order:",
        "  1. lists-only [local, numpy]: conversion refused (does not accept frozenset)",
        "  hint: arguments of type frozenset were refused; convert the arguments to arrays of "
        "one library, or let a backend convert them with "
        "overridable.set_backend(backend, coerce=True)",
    ]


class _Owned:
    """A type only the backend ``owner`` below accepts."""


def test_a_backend_without_the_function_is_named_not_the_types() -> None:
    # The arguments' own backend was tried and lacks pad: the types were not the trouble.
    owner = ov.Backend("numpy", name="owner", types=[_Owned])
    lists = ov.Backend("numpy", name="lists-only", types=[list])
    with ov.set_backend(lists, only=True), ov.set_backend(owner), \
            pytest.raises(ov.BackendNotImplementedError) as info:
        unp.pad(_Owned(), 1)
    assert str(info.value).splitlines() == [
        "overridable.numpy.pad: no backend that accepts these arguments implements it",
        "backends considered for domain 'numpy', in order:",
        "  1. owner [local, numpy]: has no implementation",
        "  2. lists-only [local, numpy]: conversion refused (does not accept _Owned)",
        "  hint: owner accepts these arguments but has no implementation of "
        "overridable.numpy.pad: convert the arguments to arrays of a library whose backend "
        "implements it (numpy.asarray for NumPy's), or give it an implementation with "
        "Backend.implement(overridable.numpy.pad)",
    ]
    assert "were refused" not in str(info.value)


def test_a_refused_type_of_an_installed_library_names_it() -> None:
    # Only NumPy in use (whatever earlier tests registered), and nothing registered on sight.
    ov.clear_backends(None, registered=True, globals=True)
    ov.set_global_backend("numpy")
    previous = ov.set_auto_register(False)
    try:
        with pytest.raises(ov.BackendNotImplementedError) as info:
            unp.sin(sparse.COO.from_numpy(np.eye(2)))
    finally:
        ov.set_auto_register(previous)
    hints = [line for line in str(info.value).splitlines() if "hint:" in line]
    assert hints[1:] == ["  hint: the installed backend 'sparse' may own them: "
                     "overridable.register_backend('sparse'), or with "
                     "overridable.set_backend('sparse'): ..."]


def test_unknown_name_in_one_line() -> None:
    with pytest.raises(ValueError) as info:
        ov.set_backend("pytorch")
    text = str(info.value)
    assert "\n" not in text
    assert text.startswith("unknown backend 'pytorch' (did you mean 'torch'?); installed "
                           "backends: ")
    installed = text.split("; installed backends: ")[1].split(";")[0].split(", ")
    assert {"numpy", "dask", "torch", "jax", "sparse"} <= set(installed)
    assert "__ua_domain__" not in text and "jax.numpy" not in text


def test_nothing_considered_is_one_line() -> None:
    ov.clear_backends(None, registered=True, globals=True)
    with pytest.raises(ov.BackendNotImplementedError) as info:
        unp.sin(np.ones(2))
    assert str(info.value) == (
        "overridable.numpy.sin: no backend is set, global or registered for domain 'numpy'")


def test_every_backend_skipped() -> None:
    ov.clear_backends(None, registered=True, globals=True)
    numpy_backend = ov.as_backend("numpy")
    with ov.set_backend(numpy_backend), ov.skip_backend(numpy_backend), \
            pytest.raises(ov.BackendNotImplementedError) as info:
        unp.sin(np.ones(2))
    assert str(info.value).splitlines()[0] == (
        "overridable.numpy.sin: every backend for domain 'numpy' is skipped")


def test_explain_keeps_every_step_in_order() -> None:
    # explain tells the order of the search: a backend considered twice is listed twice.
    ov.register_backend("numpy")
    numpy_backend = ov.as_backend("numpy")
    ov.set_global_backend(numpy_backend)
    text = str(ov.explain(unp.sin, np.ones(2)))
    assert text.count("\n  ") == len(ov.explain(unp.sin, np.ones(2)))
