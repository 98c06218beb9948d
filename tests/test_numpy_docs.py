"""Docstrings of ``overridable.numpy``: NumPy's own, with the "Overridable" note after the
summary, and every one parses with numpydoc into NumPy's sections."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import overridable.numpy as unp
from overridable.numpy import _array_api, _ufuncs
from overridable.numpy._docs import with_note

docscrape = pytest.importorskip("numpydoc.docscrape")

UFUNC_METHODS = ("reduce", "accumulate", "reduceat", "outer", "at")


def documented() -> dict[str, tuple[Callable[..., Any], Any]]:
    """Every multimethod of ``overridable.numpy``, dotted, with NumPy's object (or None)."""
    out: dict[str, tuple[Callable[..., Any], Any]] = {}
    for name, function in unp.functions().items():
        out[name] = (function, getattr(np, name))
    for name in _array_api.NAMES:
        out[name] = (getattr(unp, name), None)
    for name, function in _ufuncs.ufuncs().items():
        out[name] = (function, getattr(np, name))
        for method in UFUNC_METHODS:
            out[f"{name}.{method}"] = (getattr(function, method),
                                       getattr(getattr(np, name), method))
    for sub in ("linalg", "fft", "random"):
        for name, function in getattr(unp, sub).functions().items():
            numpys: Any = getattr(np, sub)
            for part in name.split("."):
                numpys = getattr(numpys, part)
            out[f"{sub}.{name}"] = (function, numpys)
    return out


DOCUMENTED = documented()
# NumPy's docstrings as they were when ours were made from them: importing SciPy (Dask
# does) rewrites some of NumPy's docstrings in place (numpy.sinc's, for one).
NUMPY_DOCS = {name: None if numpys is None else numpys.__doc__
              for name, (_, numpys) in DOCUMENTED.items()}
SECTIONS = ("Signature", "Summary", "Parameters", "Returns", "Yields", "Raises", "Warns",
            "See Also", "Notes", "References", "Examples", "Other Parameters", "Attributes")


def test_everything_is_covered() -> None:
    assert len(DOCUMENTED) > 900
    # The docstrings that end with a See Also section, which an appended note broke.
    for name in ("amax", "amin", "around", "tril_indices_from", "triu_indices_from",
                 "random.beta", "random.seed", "random.get_bit_generator",
                 "random.set_bit_generator"):
        assert name in DOCUMENTED


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_numpydoc_parses_the_docstring_into_numpys_sections(name: str) -> None:
    function, numpys = DOCUMENTED[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpydoc warns on what it cannot read
        ours = docscrape.FunctionDoc(function)
    assert "Overridable:" in " ".join(ours["Extended Summary"]), name
    if numpys is None:
        return
    theirs = docscrape.NumpyDocString(NUMPY_DOCS[name])
    for section in SECTIONS:
        if section != "Signature" or theirs[section]:
            assert ours[section] == theirs[section], (name, section)
    assert " ".join(ours["Extended Summary"]).endswith(" ".join(theirs["Extended Summary"]))


def test_with_note_keeps_numpys_sections_after_the_note() -> None:
    doc = "\n    Sum.\n\n    More.\n\n    See Also\n    --------\n    prod\n    "
    assert with_note(doc, "Note\nover two lines.") == (
        "\n    Sum.\n\n    Note\n    over two lines.\n\n    More.\n\n"
        "    See Also\n    --------\n    prod\n")
    assert with_note("f(x)\n\nSum.", "Note.") == "f(x)\n\nSum.\n\nNote.\n"
    assert with_note("", "Note.", "numpy.f") == "numpy.f\n\nNote.\n"
