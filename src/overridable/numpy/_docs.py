"""Docstrings of ``overridable.numpy``: NumPy's own, with a note that the call is overridable.

The note goes right after the summary paragraph (after the signature line of
a C function's docstring, if there is one), so that the rest of NumPy's
docstring keeps its numpydoc sections as they are: a note appended at the
end would land in the last section (a ``See Also`` list, say) and break its
parsing. numpydoc reads the note as part of the extended summary.

This module imports nothing outside the standard library.

Examples
--------
>>> doc = "add(x1, x2, /)\\n\\nAdd arguments.\\n\\nSee Also\\n--------\\nsubtract\\n"
>>> print(with_note(doc, "Overridable: yes."))
add(x1, x2, /)
<BLANKLINE>
Add arguments.
<BLANKLINE>
Overridable: yes.
<BLANKLINE>
See Also
--------
subtract
<BLANKLINE>
"""

from __future__ import annotations

import re

__all__ = ["note", "with_note"]

#: NumPy's floating-point error state and print options (``STATE`` in tools/gen_numpy_api.py).
_STATE = frozenset({"errstate", "geterr", "seterr", "geterrcall", "seterrcall",
                    "get_printoptions", "set_printoptions", "printoptions"})

#: A signature line, as numpydoc recognizes one (``numpydoc.docscrape``).
_SIGNATURE = re.compile(r"^([\w., ]+=)?\s*[\w\.]+\(.*\)$")


def note(path: str, domain: str = "numpy") -> str:
    """The note for the multimethod ``overridable.numpy.<path>`` of ``domain``.

    >>> print(note("fft.fft", "numpy.fft"))
    Overridable: ``overridable.numpy.fft.fft`` dispatches this call to the active backend
    of domain ``numpy.fft`` (the NumPy backend unless ``overridable.set_backend`` says
    otherwise).
    """
    if domain == "numpy" and path in _STATE:
        return (f"Overridable: ``overridable.numpy.{path}`` dispatches this call to the active "
                "backend;\nthe state is NumPy's and governs NumPy's computations: a backend "
                "that has no such\nstate gets NumPy's own function (its default) and is not "
                "affected by it.")
    if domain == "numpy":
        return (f"Overridable: ``overridable.numpy.{path}`` dispatches this call to the active "
                "backend\n(the NumPy backend unless ``overridable.set_backend`` says otherwise).")
    return (f"Overridable: ``overridable.numpy.{path}`` dispatches this call to the active "
            f"backend\nof domain ``{domain}`` (the NumPy backend unless "
            "``overridable.set_backend`` says\notherwise).")


def _indent(lines: list[str]) -> str:
    """The indentation of the body (every line after the first), as ``inspect.cleandoc``."""
    widths = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    return " " * min(widths, default=0)


def with_note(doc: str | None, note: str, fallback: str = "") -> str:
    """``doc`` with the paragraph ``note`` inserted after its summary.

    ``note`` is unindented text (lines joined by ``\\n``); it takes the
    indentation of ``doc``'s body. A missing ``doc`` becomes ``fallback``
    followed by the note.

    >>> print(with_note("Sum.\\n\\n    Parameters\\n    ----------\\n", "Note."))
    Sum.
    <BLANKLINE>
        Note.
    <BLANKLINE>
        Parameters
        ----------
    <BLANKLINE>
    >>> with_note(None, "Note.", fallback="numpy.sum")
    'numpy.sum\\n\\nNote.\\n'
    """
    if not doc or not doc.strip():
        return f"{fallback}\n\n{note}\n"
    lines = doc.rstrip().split("\n")
    indent = _indent(lines)
    i = 0
    while True:  # skip blank lines and signature paragraphs; stop after the summary
        while i < len(lines) and not lines[i].strip():
            i += 1
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        paragraph = " ".join(line.strip() for line in lines[start:i])
        if not _SIGNATURE.match(paragraph) or i >= len(lines):
            break
    block = [""] + [f"{indent}{line}" if line else "" for line in note.split("\n")]
    return "\n".join(lines[:i] + block + lines[i:]) + "\n"
