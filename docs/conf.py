"""Sphinx configuration of overridable's documentation.

Build the site and run every example on it (from the repository root)::

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest

The reference of ``overridable.numpy`` is generated at build time from
``overridable.numpy.__all__`` by the ``overridable-api-table`` directive
defined here, so it lists what exists when the docs are built.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

import overridable

project = "overridable"
author = "The overridable developers"
copyright = "2025, The overridable developers"
version = release = overridable.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "numpydoc",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "README.md", "Thumbs.db", ".DS_Store"]
root_doc = "index"

# -- API reference ----------------------------------------------------------

autosummary_generate = True
autosummary_imported_members = True
autodoc_typehints = "none"  # numpydoc's Parameters sections say it, in words
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks: set[str] = set()
numpydoc_xref_param_type = False

# -- Examples: every ``>>>`` block on every page runs under the doctest builder.

doctest_global_setup = """
__name__ = "__main__"  # as in a session: reprs read __main__.f
import numpy as np
import overridable as ov
import overridable.numpy as unp
from overridable import *
_ov_globals_before = ov.get_state().globals.domains
"""
# A page must undo the global and registered backends it sets.
doctest_global_cleanup = """
assert ov.get_state().globals.domains == _ov_globals_before, (
    "this page left global or registered backends behind")
"""

# -- HTML ------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"overridable {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
html_static_path: list[str] = []
html_show_sourcelink = False


def _summary(name: str, doc: str | None) -> str:
    """The first paragraph of a NumPy docstring, as plain text (a ufunc's signature line
    skipped), for the tables of the ``overridable.numpy`` reference."""
    paragraphs = [p.strip() for p in (doc or "").strip().split("\n\n") if p.strip()]
    short = name.rsplit(".", 1)[-1]
    if paragraphs and paragraphs[0].startswith(short + "("):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return ""
    text = " ".join(line.strip() for line in paragraphs[0].splitlines())
    # Roles such as :ref:`text <label>` become their text: the table is plain text.
    text = re.sub(r":[a-z:]+:`(?:([^`<]*?)\s*<[^`]*>|([^`]*))`",
                  lambda m: m.group(1) or m.group(2), text)
    return text.replace("``", "").replace("`", "")


class ApiTable(SphinxDirective):
    """``.. overridable-api-table:: overridable.numpy.fft``: a table of the multimethods in
    a module's ``__all__``, generated at build time: name, NumPy's summary line, and
    whether the function has a default implementation.

    The table is built from nodes, not parsed from reST: NumPy's docstrings are
    another project's markup, and the reference must build with ``-W`` whatever
    they hold.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        modname = self.arguments[0]
        module = importlib.import_module(modname)
        prefix = modname.replace("overridable.numpy", "unp")
        rows = []
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and hasattr(obj, "__overridable__"):
                rows.append((f"{prefix}.{name}", _summary(name, obj.__doc__),
                             "yes" if obj.default is not None else ""))
        with_default = sum(1 for r in rows if r[2])
        intro = nodes.paragraph(text=(
            f"{len(rows)} multimethods in {modname}.__all__, {with_default} of them with "
            "a default implementation."))
        table = nodes.table(classes=["overridable-api-table"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (25, 65, 10):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        body = nodes.tbody()
        group += head
        group += body
        head += self._row(("Function", "Summary (NumPy's)", "Default"), literal=False)
        for row in rows:
            body += self._row(row, literal=True)
        return [intro, table]

    @staticmethod
    def _row(cells: tuple[str, str, str], literal: bool) -> nodes.row:
        row = nodes.row()
        for i, text in enumerate(cells):
            entry = nodes.entry()
            para = nodes.paragraph()
            para += nodes.literal(text=text) if literal and i == 0 else nodes.Text(text)
            entry += para
            row += entry
        return row


def _module_namespace(app: Any, what: str, name: str, obj: Any, options: Any,
                      lines: list[str]) -> None:
    """Run a docstring's examples with ``__name__`` set to the object's module, as pytest's
    ``--doctest-modules`` does: reprs such as ``overridable._multimethod.double`` depend
    on it. The ``testsetup`` block is invisible in the HTML."""
    module = getattr(obj, "__module__", None)
    if isinstance(module, str) and module.startswith("overridable") and any(
        line.lstrip().startswith(">>>") for line in lines
    ):
        lines[:0] = [".. testsetup::", "", f"   __name__ = {module!r}", ""]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("overridable-api-table", ApiTable)
    # After numpydoc (priority 500) has rewritten the docstring into reST.
    app.connect("autodoc-process-docstring", _module_namespace, priority=600)
    return {"parallel_read_safe": True}
