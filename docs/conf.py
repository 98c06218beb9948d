"""Sphinx configuration of overridable's documentation.

Build the site and run every example on it (from the repository root)::

    python -m pip install -e ".[docs]"
    python -m sphinx -W --keep-going -b html docs docs/_build/html
    python -m sphinx -W --keep-going -b doctest docs docs/_build/doctest

The reference of ``overridable.numpy`` is generated at build time from
``overridable.numpy.__all__`` (and its submodules'): the tables of the
``overridable-api-table`` directive defined here, and one page per function
(``reference/generated/overridable.numpy.*.rst``, written by
``_write_function_pages`` when the build starts, rewritten only when they
change). What the pages say about backends (the per-function tables, the
coverage page) and the benchmark tables come from ``docs/_data/``, which
``python tools/build_docs_data.py`` refreshes; the build only reads it, so it
takes the same time and gives the same pages everywhere.
"""

from __future__ import annotations

import functools
import html
import importlib
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
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
exclude_patterns = ["_build", "_data", "README.md", "Thumbs.db", ".DS_Store"]
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
    # The coverage page's matrix needs the width: no "On this page" column there.
    "secondary_sidebar_items": {"**": ["page-toc", "edit-this-page", "sourcelink"],
                                "coverage": []},
}
html_static_path = ["_static"]
# The left "Section Navigation" sidebar lists a section's pages: the pages at the top of
# the site have none, so they get no empty sidebar (the user guide's and the reference's
# pages keep theirs).
html_sidebars = {path.stem: [] for path in Path(__file__).resolve().parent.glob("*.rst")}
html_css_files = ["overridable.css"]
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


# -- Conformance data (docs/_data, written by tools/build_docs_data.py) -----------------

DOCS = Path(__file__).resolve().parent
DATA = DOCS / "_data"
REFRESH = "python tools/build_docs_data.py"
#: Numbers the prose quotes, read from the recorded reports (so they never go stale):
#: substitution name -> (report, pattern whose first group is the number in ns).
RECORDED_NUMBERS = {
    "engine_overhead": ("bench_engine.md", r"ov\.Backend, cached call: .*\(worst (\d+) ns\)"),
    "ufunc_target": ("bench_numpy.md", r"\| <= \+(\d+) ns \|"),
}


def recorded_numbers(data: Path = DATA) -> dict[str, str]:
    """``{name: "21 ns"}`` for each of ``RECORDED_NUMBERS``, as the recorded reports give
    it; a report or line that is missing reads "not recorded" with how to record it."""
    found = {}
    for name, (report, pattern) in RECORDED_NUMBERS.items():
        path = data / report
        match = re.search(pattern, path.read_text(encoding="utf-8")) if path.exists() else None
        found[name] = f"{match.group(1)} ns" if match else f"(not recorded: run {REFRESH})"
    return found


rst_epilog = "\n".join(f".. |{name}| replace:: {value}"
                        for name, value in recorded_numbers().items())
MODULES = ("overridable.numpy", "overridable.numpy.linalg", "overridable.numpy.fft",
           "overridable.numpy.random")
#: Status -> (label on the pages, CSS class); best first, as the harness orders them.
STATUS = {
    "native": ("native", "ov-native"),
    "default": ("by a default", "ov-default"),
    "partial": ("partly: some calls declined", "ov-partial"),
    "untested": ("untested", "ov-untested"),
    "unsupported": ("not served", "ov-unsupported"),
    "error": ("fails: error", "ov-error"),
    "mismatch": ("fails: wrong result", "ov-mismatch"),
}
PASSED = ("native", "default")


@functools.cache
def conformance() -> dict[str, Any]:
    """``docs/_data/conformance.json``, or an empty record if it was never generated."""
    path = DATA / "conformance.json"
    if not path.exists():
        return {"backends": [], "results": {}, "functions": {}}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _provenance() -> str:
    data = conformance()
    if not data["backends"]:
        return f"No conformance data: run {REFRESH}."
    return (f"Measured by {REFRESH} on {data['date']} ({data['machine']}, Python "
            f"{data['python']}, NumPy {data['numpy']}, overridable {data['overridable']}).")


def _reaches(backend: dict[str, Any], domain: str) -> bool:
    """Whether a backend of ``backend['domain']`` is asked for a function of ``domain``."""
    own = backend.get("domain")
    return own is None or domain == own or domain.startswith(own + ".")


def multimethods() -> list[tuple[str, str, Any]]:
    """(harness key such as ``linalg.inv``, module, multimethod) for every public multimethod."""
    out = []
    for modname in MODULES:
        module = importlib.import_module(modname)
        sub = modname.removeprefix("overridable.numpy").lstrip(".")
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and hasattr(obj, "__overridable__"):
                out.append((f"{sub}.{name}" if sub else name, modname, obj))
    return out


def _text(text: str, literal: bool = False, classes: list[str] | None = None) -> nodes.Node:
    para = nodes.paragraph()
    para += nodes.literal(text=text) if literal else nodes.Text(text)
    entry = nodes.entry(classes=classes or [])
    entry += para
    return entry


def _table(widths: list[int], head: list[str], rows: list[list[nodes.Node]],
           classes: list[str]) -> nodes.table:
    """A docutils table built from nodes (cells: ``nodes.entry``), never parsed from reST."""
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(widths))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    thead, tbody = nodes.thead(), nodes.tbody()
    group += thead
    group += tbody
    row = nodes.row()
    for text in head:
        row += _text(text)
    thead += row
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            row += cell
        tbody += row
    return table


def _xref(key: str) -> nodes.Node:
    """A link to the page of ``unp.<key>``, shown as ``<key>``."""
    target = f"overridable.numpy.{key}"
    ref = addnodes.pending_xref("", refdomain="py", reftype="obj", reftarget=target,
                                refexplicit=True, refwarn=False)
    ref += nodes.literal(text=key)
    return ref


def _dots(key: str, domain: str) -> str:
    """One small colored square per backend that ran: the row's picture (HTML)."""
    data = conformance()
    spans = []
    for backend in data["backends"]:
        name = backend["name"]
        if backend.get("state") != "ran" or not _reaches(backend, domain):
            continue
        status = data["results"].get(name, {}).get(key, [None])[0]
        if status is None:
            continue
        label, css = STATUS[status]
        spans.append(f'<span class="ov-dot {css}" title="{html.escape(name)}: {label}"></span>')
    return "".join(spans)


class ApiTable(SphinxDirective):
    """``.. overridable-api-table:: overridable.numpy.fft``: a table of the multimethods in
    a module's ``__all__``, generated at build time: name (a link to its page), NumPy's
    summary line, whether it has a default implementation, and one colored square per
    backend (its conformance status, from ``docs/_data/conformance.json``).

    The table is built from nodes, not parsed from reST: NumPy's docstrings are
    another project's markup, and the reference must build with ``-W`` whatever
    they hold.
    """

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        modname = self.arguments[0]
        self.env.note_dependency(str(DATA / "conformance.json"))
        rows = []
        count = with_default = 0
        for key, module, obj in multimethods():
            if module != modname:
                continue
            count += 1
            with_default += obj.default is not None
            name = nodes.paragraph()
            name += _xref(key)
            first = nodes.entry()
            first += name
            dots = nodes.entry()
            dots += nodes.raw("", _dots(key, obj.domain), format="html")
            rows.append([first, _text(_summary(key, obj.__doc__)),
                         _text("yes" if obj.default is not None else ""), dots])
        intro = nodes.paragraph(text=(
            f"{count} multimethods in {modname}.__all__, {with_default} of them with "
            "a default implementation."))
        return [intro, _table([22, 56, 8, 14], ["Function", "Summary (NumPy's)", "Default",
                                                "Backends"], rows, ["overridable-api-table"])]


class BackendsTable(SphinxDirective):
    """``.. overridable-backends:: linalg.inv``: which backends serve a function, natively,
    by a default, or not, from the conformance data."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        self.env.note_dependency(str(DATA / "conformance.json"))
        data = conformance()
        domain = data["functions"].get(key)
        rows = []
        for backend in data["backends"]:
            name, state = backend["name"], backend.get("state")
            library = (f"{backend['library']} {backend['version']}"
                       if backend.get("library") else "")
            if state != "ran":
                if domain is None or _reaches(backend, domain):
                    rows.append([_text(name, literal=True), _text(library),
                                 _text(state or "", classes=["ov-absent"]),
                                 _text(backend.get("why", ""))])
                continue
            result = data["results"].get(name, {}).get(key)
            if result is None:
                continue  # a numpy.fft backend is never asked for unp.sum
            status, detail = result[:2]
            declines = result[2] if len(result) > 2 else []
            label, css = STATUS[status]
            if declines:  # the backend's own reason, not the engine's story around it
                detail = "declined, saying: " + " / ".join(declines)
            elif status == "unsupported":
                detail = ""  # no implementation: nothing more to say
            rows.append([_text(name, literal=True), _text(library),
                         _text(label, classes=[css]), _text(detail)])
        intro = nodes.paragraph()
        if domain is None:
            intro += nodes.Text(
                "The conformance harness has no sample call for this function yet, so no "
                "backend is checked on it. ")
        else:
            intro += nodes.Text(
                "What each backend does with this function's sample calls (see ")
            intro += addnodes.pending_xref("", nodes.inline(text="Coverage"), refdomain="std",
                                           reftype="doc", reftarget="/coverage",
                                           refexplicit=True)
            intro += nodes.Text(
                "): native, its own implementation; by a default, overridable.numpy's default "
                "run on the backend's other functions; not served, it declines. ")
        intro += nodes.Text(_provenance())
        out: list[nodes.Node] = [intro]
        if rows:
            out.append(_table([14, 18, 16, 52], ["Backend", "Library", "Status",
                                                 "Why declined, or the first failing call"],
                              rows,
                              ["overridable-backends"]))
        return out


#: The part of a backend's docstring that describes it (its examples and the line on
#: what it imports say nothing about a function).
_DOC_END = re.compile(r"^(Examples\n--------|This module imports)", re.M)


@functools.cache
def _notes(module: str) -> tuple[str, ...]:
    """A backend module's docstring in blocks (paragraphs, and each item of a list), its
    first paragraph (what it is) and its examples left out; () if it cannot be imported."""
    import inspect

    try:
        doc = inspect.cleandoc(importlib.import_module(module).__doc__ or "")
    except ImportError:
        return ()
    doc = _DOC_END.split(doc)[0]
    blocks: list[str] = []
    for paragraph in doc.split("\n\n")[1:]:
        lines = paragraph.strip().splitlines()
        if lines and lines[0].startswith("- "):
            for line in lines:
                if line.startswith("- "):
                    blocks.append(line[2:])
                else:
                    blocks[-1] += "\n" + line.strip()
        elif lines:
            blocks.append("\n".join(lines))
    return tuple(blocks)


def _takes_out(key: str) -> bool:
    """Whether NumPy's function takes ``out=`` (every ufunc does)."""
    import inspect

    import numpy as np

    function: Any = np
    for part in key.split("."):
        function = getattr(function, part, None)
    if isinstance(function, np.ufunc):
        return True
    try:
        return "out" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def quirks(key: str) -> dict[str, list[str]]:
    """What each backend's own description says that bears on ``key``: the sentences of
    its docstring that name the function (````put````, ````unp.ones(3)````, ````arctan````)
    or speak of ``out=`` where NumPy's function takes it, and its stated differences from
    NumPy (the items that start in bold: JAX's **Immutability** and **32-bit by
    default**), the last two for a backend that serves the function, in part at least."""
    name = re.escape(key)  # linalg.inv: ``linalg.inv``, ``numpy.linalg.inv``, not ``inv``
    names = re.compile(rf"``(?:[A-Za-z_][\w.]*\.)?{name}(?:\([^`]*\))?``")
    out = "``out=``" if _takes_out(key) else None
    data = conformance()
    found: dict[str, list[str]] = {}
    for backend in data["backends"]:
        module = backend.get("module", "")
        result = data["results"].get(backend["name"], {}).get(key)
        if result is None or not module.startswith("overridable.backends."):
            continue
        serves = result[0] in ("native", "default", "partial")
        said = []
        for block in _notes(module):
            if serves and block.startswith("**"):
                said.append(block)
                continue
            # The sentences that name the function, or out= where NumPy's takes it: the
            # rest of the paragraph is about the backend in general.
            said += [s for s in _SENTENCE.split(block) if names.search(s) or (
                serves and out is not None and out in s)]
        if said:
            found[backend["name"]] = said
    return found


#: Where a docstring's sentence ends (not inside ````x.at[...].set(...)````).
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-Z`])")


class Quirks(SphinxDirective):
    """``.. overridable-quirks:: linalg.inv``: each backend's words on this function, from
    its module's docstring (:func:`quirks`), below the function's backends table."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        from docutils.statemachine import StringList

        key = self.arguments[0]
        self.env.note_dependency(str(DATA / "conformance.json"))
        found = quirks(key)
        if not found:
            return [nodes.paragraph(text=(
                "No backend's description names a difference from NumPy for this "
                "function."))]
        lines = ["The backends' own descriptions (:doc:`/libraries`), where they bear on "
                 "this function:", ""]
        for backend, blocks in found.items():
            lines += [f"- ``{backend}``", ""]
            for block in blocks:
                first, *rest = block.splitlines()
                lines += [f"  - {first}", *(f"    {line}" for line in rest), ""]
        container = nodes.container(classes=["overridable-quirks"])
        self.state.nested_parse(StringList(lines, source=f"quirks of {key}"),
                                self.content_offset, container)
        return [container]


def _families() -> dict[str, list[str]]:
    """The harness's functions by family: functions, ufuncs, linalg, fft, random."""
    import numpy as np

    families: dict[str, list[str]] = {}
    for key in conformance()["functions"]:
        if "." in key:
            family = f"unp.{key.split('.')[0]}"
        elif isinstance(getattr(np, key, None), np.ufunc):
            family = "ufuncs"
        else:
            family = "functions"
        families.setdefault(family, []).append(key)
    order = ["functions", "ufuncs", "unp.linalg", "unp.fft", "unp.random"]
    return {f: families[f] for f in sorted(families, key=lambda f: (
        order.index(f) if f in order else len(order), f))}


class Coverage(SphinxDirective):
    """``.. overridable-coverage:: bars|grid|matrix``: the conformance data as pictures (a
    bar per backend, a backend-by-family grid; HTML) and as the full table."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DATA / "conformance.json"))
        data = conformance()
        which = self.arguments[0]
        ran = [b for b in data["backends"] if b.get("state") == "ran"]
        if which == "bars":
            return [nodes.paragraph(text=_provenance()),
                    nodes.raw("", self._bars(data, ran), format="html")]
        if which == "grid":
            return [nodes.raw("", self._grid(data, ran), format="html")]
        if which == "matrix":
            return [self._matrix(data, ran)]
        raise self.error(f"unknown view {which!r}: bars, grid or matrix")

    @staticmethod
    def _bars(data: dict[str, Any], ran: list[dict[str, Any]]) -> str:
        legend = "".join(f'<span class="ov-key {css}">{label}</span>'
                         for label, css in STATUS.values())
        rows = []
        for backend in data["backends"]:
            name = html.escape(backend["name"])
            if backend not in ran:
                rows.append(f'<div class="ov-bar-row"><span class="ov-bar-name">{name}</span>'
                            f'<span class="ov-bar-absent">{html.escape(backend["state"])}'
                            "</span></div>")
                continue
            counts = backend["counts"]
            total = sum(counts.values()) or 1
            passed = counts["native"] + counts["default"]
            parts = "".join(
                f'<span class="{STATUS[s][1]}" style="width:{100 * n / total:.2f}%" '
                f'title="{n} {STATUS[s][0]}"></span>' for s, n in counts.items() if n)
            words = ", ".join(f"{n} {STATUS[s][0]}" for s, n in counts.items() if n)
            rows.append(
                f'<div class="ov-bar-row"><span class="ov-bar-name">{name}</span>'
                f'<span class="ov-bar">{parts}</span><span class="ov-bar-text">'
                f"<b>{passed}/{total}</b> pass: {html.escape(words)}</span></div>")
        return (f'<div class="ov-legend">{legend}</div><div class="ov-bars">'
                + "".join(rows) + "</div>")

    @staticmethod
    def _grid(data: dict[str, Any], ran: list[dict[str, Any]]) -> str:
        families = _families()
        head = "".join(f"<th>{html.escape(f)} ({len(keys)})</th>" for f, keys in
                       families.items())
        rows = []
        for backend in ran:
            results = data["results"][backend["name"]]
            cells = []
            for keys in families.values():
                got = [results[k][0] for k in keys if k in results]
                if not got:
                    cells.append('<td class="ov-cell-none">&#8212;</td>')
                    continue
                passed = sum(s in PASSED for s in got)
                share = passed / len(got)
                cells.append(
                    f'<td style="--ov-share:{share:.3f}" class="ov-cell" '
                    f'title="{passed} of {len(got)} pass">{passed}/{len(got)}</td>')
            rows.append(f"<tr><th>{html.escape(backend['name'])}</th>{''.join(cells)}</tr>")
        return (f'<table class="ov-grid"><thead><tr><th>backend</th>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")

    @staticmethod
    def _matrix(data: dict[str, Any], ran: list[dict[str, Any]]) -> nodes.Node:
        # Short marks, so that a column per backend fits the page; the colors and the
        # legend above say the rest, and each function's page has the details.
        symbols = {"native": "✔", "default": "✔ def", "partial": "◐ part",
                   "untested": "?",
                   "unsupported": "\u2013",  # an en dash: not served
                   "error": "✘ error", "mismatch": "✘ wrong"}
        rows = []
        for key in sorted(data["functions"]):
            name = nodes.paragraph()
            name += _xref(key)
            first = nodes.entry()
            first += name
            cells = [first]
            for backend in ran:
                result = data["results"][backend["name"]].get(key)
                if result is None:
                    cells.append(_text(""))
                else:
                    cells.append(_text(symbols[result[0]], classes=[STATUS[result[0]][1]]))
            rows.append(cells)
        # A backend's name may break after "_" or "." (array_api_strict, scipy.fft): the
        # columns are as narrow as their marks.
        head = [re.sub(r"([_.])", "\\1\u200b", b["name"]) for b in ran]
        return _table([16] + [6] * len(ran), ["function", *head], rows,
                      ["overridable-matrix"])


#: How a benchmark report's target marks read on the site.
TARGET_WORDS = {"met": "met", "MISSED": "not met yet", "n/a": "not judged"}


class MarkdownReport(SphinxDirective):
    """``.. overridable-markdown:: _data/bench_engine.md``: a benchmark's ``--markdown``
    report as nodes: ``|`` tables, ``-`` lists, ``#`` headings as rubrics, paragraphs,
    and `code` spans; an HTML comment on the first line says how it was made."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        path = DOCS / self.arguments[0]
        self.env.note_dependency(str(path))
        if not path.exists():
            return [nodes.paragraph(text=f"No data in {self.arguments[0]}: run {REFRESH}.")]
        out: list[nodes.Node] = []
        block: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if block and (not line.strip() or block[-1].startswith("<!--") or (
                    line[:1] != block[-1][:1] and (line.startswith(("|", "- "))
                                                   or block[-1].startswith(("|", "- "))))):
                out.append(self._block(block))
                block = []
            if line.strip():
                block.append(line)
        return out

    def _block(self, lines: list[str]) -> nodes.Node:
        first = lines[0]
        if first.startswith("<!--"):
            para = nodes.paragraph()
            para += nodes.Text("Measured by ")
            para += self._inline(first.strip("<!-> ").replace(", ", "`, ", 1),
                                 code=True).children
            return para
        if first.startswith("#"):
            return nodes.rubric(text=first.lstrip("# "))
        if first.startswith("|"):
            rows = [[c.strip() for c in line.strip().strip("|").split("|")]
                    for line in lines if not re.fullmatch(r"[|\s:-]+", line)]
            width = max(len(r) for r in rows)
            cells = [[self._entry(c) for c in r + [""] * (width - len(r))] for r in rows[1:]]
            return _table([30] + [14] * (width - 1), [c.replace("`", "") for c in rows[0]],
                          cells, ["overridable-bench"])
        if first.startswith("- "):
            items = nodes.bullet_list(classes=["overridable-targets"])
            for line in lines:
                item = nodes.list_item()
                # The reports mark a target "[met]" or "[MISSED]": said here in words.
                mark = re.match(r"- \[(\w+|n/a)\] (.*)", line)
                if mark:
                    para = self._inline(mark.group(2))
                    said = TARGET_WORDS.get(mark.group(1), mark.group(1))
                    para += nodes.Text(" ")
                    css = {"met": "met", "MISSED": "missed"}.get(mark.group(1), "na")
                    para += nodes.inline(text=said, classes=[f"ov-target-{css}"])
                    item += para
                else:
                    item += self._inline(line[2:])
                items += item
            return items
        return self._inline(" ".join(lines))

    def _entry(self, text: str) -> nodes.entry:
        entry = nodes.entry()
        entry += self._inline(text)
        return entry

    @staticmethod
    def _inline(text: str, code: bool = False) -> nodes.paragraph:
        para = nodes.paragraph()
        if code:
            text = "`" + text
        for i, part in enumerate(text.replace("**", "").split("`")):
            if part:
                para += nodes.literal(text=part) if i % 2 else nodes.Text(part)
        return para


# -- One page per overridable.numpy function ------------------------------------------

GENERATED = DOCS / "reference" / "generated"
PAGE = """\
{title}
{underline}

.. currentmodule:: {module}

``unp.{key}`` is NumPy's ``numpy.{key}`` made overridable: the same parameters and
results on NumPy arrays, and served by another library's backend when one is chosen
(``ov.set_backend("torch")``) or when the arguments are its arrays.

{example}Backends
--------

.. overridable-backends:: {key}

.. overridable-quirks:: {key}

NumPy's documentation
---------------------

.. autofunction:: {name}

{extra}"""
EXAMPLE = """\
Example
-------

The sample calls of the conformance harness, run through ``overridable.numpy`` on
NumPy when these pages were built (random draws after seeding NumPy's generator):

.. code-block:: pycon

{lines}

"""
UFUNC_NOTE = """\
.. rubric:: The ufunc's methods

``unp.{name}`` is a ufunc: ``unp.{name}.reduce``, ``.accumulate``, ``.reduceat``,
``.outer`` and ``.at`` are multimethods too, with NumPy's docstrings.

"""


def _source(value: Any) -> str | None:
    """``value`` as the Python that makes it with ``unp`` (``unp.asarray([1, 2])``), or
    None where a short literal cannot say it (a generator, a large array)."""
    import ast

    import numpy as np

    if isinstance(value, np.ndarray):
        if value.size > 24 or value.dtype.kind not in "biufc":
            return None
        # Random samples are shown to two decimals (the result shown is computed from
        # the literal shown, so it is still the truth).
        data = (value.round(2) if value.dtype.kind in "fc" else value).tolist()
        dtype = "" if np.asarray(data).dtype == value.dtype else f", dtype={str(value.dtype)!r}"
        return f"unp.asarray({data!r}{dtype})"
    if isinstance(value, np.dtype) or (isinstance(value, type)
                                       and issubclass(value, np.generic)):
        try:
            return repr(str(np.dtype(value)))
        except TypeError:  # an abstract type: np.floating
            return None
    if isinstance(value, (list, tuple)):
        parts = [_source(v) for v in value]
        if any(p is None for p in parts):
            return None
        text = ", ".join(p for p in parts if p is not None)
        return (f"({text},)" if len(parts) == 1 else f"({text})") if isinstance(
            value, tuple) else f"[{text}]"
    if isinstance(value, np.generic):
        return repr(value.item())
    text = repr(value)
    try:
        ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None
    return text


def _example(key: str, function: Any, calls: list[Any], most: int = 2) -> str:
    """Up to ``most`` of the harness's sample calls of ``key`` as a ``pycon`` session on
    ``unp``, each with the result it returns here (NumPy's backend): the text of the
    page's Example section, or "" where no sample call can be shown (arguments with no
    short literal). A random draw is shown after seeding NumPy's generator, an in-place
    call with the array it changed, a result whose values are undefined (``empty``) by
    its shape and dtype, a ``Generator`` method on ``unp.random.default_rng(0)``."""
    import numpy as np

    import overridable as ov

    lines = [">>> import overridable.numpy as unp"]
    shown = 0
    for call in calls:
        if shown == most:
            break
        if any(v is None for v in call.kwargs.values()):  # out=None: NumPy's default
            continue
        setup, names = [], iter("abcdefgh")
        args = [_source(a) for a in call.args]
        if call.args and isinstance(call.args[0], np.random.Generator):
            setup.append("rng = unp.random.default_rng(0)")
            args[0] = "rng"
        kwargs = {k: _source(v) for k, v in call.kwargs.items()}
        if any(a is None for a in args) or any(v is None for v in kwargs.values()):
            continue
        if call.seed:
            setup.insert(0, "unp.random.seed(0)")
        # A long array literal, or the array an in-place call changes, gets a name on a
        # line of its own: a, b, c.
        changed = None
        for i, arg in enumerate(args):
            if arg is not None and (len(arg) > 40 or i == call.inplace):
                name = next(names)
                setup.append(f"{name} = {arg}")
                args[i] = name
                changed = name if i == call.inplace else changed
        text = f"unp.{key}(" + ", ".join([*map(str, args), *(
            f"{k}={v}" for k, v in kwargs.items())]) + ")"
        undefined = call.post is not None or not call.values
        if undefined and not call.seed:
            text = f"x = {text}"
        if len(text) > 90 or any(len(line) > 160 for line in setup):
            continue
        try:
            with ov.set_backend("numpy", only=True), np.errstate(all="ignore"):
                space = {"unp": importlib.import_module("overridable.numpy")}
                for line in setup:
                    exec(line, space)
                if text.startswith("x = "):
                    exec(text, space)
                    shown_lines = [text, "x.shape, x.dtype"]
                    if not hasattr(space["x"], "dtype"):
                        continue
                    outputs = [repr((space["x"].shape, space["x"].dtype))]
                else:
                    result = eval(text, space)
                    shown_lines = [text]
                    outputs = [] if result is None else [repr(result)]
                    if changed is not None:
                        shown_lines.append(changed)
                        outputs = [repr(space[changed])]
        except Exception:  # a sample meant for another backend's coercion rules
            continue
        lines += [f">>> {line}" for line in setup]
        if len(shown_lines) == 2 and changed is not None:
            lines += [f">>> {shown_lines[0]}", *([] if result is None else
                                               repr(result).splitlines())]
            lines += [f">>> {shown_lines[1]}", *outputs[0].splitlines()]
        elif len(shown_lines) == 2:
            lines += [f">>> {shown_lines[0]}", f">>> {shown_lines[1]}",
                      *outputs[0].splitlines()]
        else:
            lines += [f">>> {shown_lines[0]}", *[o for out in outputs
                                                 for o in out.splitlines()]]
        shown += 1
    if not shown:
        return ""
    return EXAMPLE.format(lines="\n".join("   " + line for line in lines))


def _write_function_pages(app: Any) -> None:
    """Write ``reference/generated/overridable.numpy.<key>.rst`` for every multimethod,
    only where the text changed, and remove the pages of functions that no longer exist."""
    import numpy as np

    from overridable.conformance import targets

    calls = {t.name: t.calls for t in targets()}
    GENERATED.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for key, module, obj in multimethods():
        name = key.rsplit(".", 1)[-1]
        title = f"overridable.numpy.{key}"
        ufunc = "." not in key and isinstance(getattr(np, key, None), np.ufunc)
        escaped = title.replace("_", r"\_")  # ix_ is not a reference
        text = PAGE.format(title=escaped, underline="=" * len(escaped),
                           module=module, name=name, key=key,
                           example=_example(key, obj, calls.get(key, [])),
                           extra=UFUNC_NOTE.format(name=key) if ufunc else "")
        path = GENERATED / f"{title}.rst"
        wanted.add(path.name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    for path in GENERATED.glob("overridable.numpy.*.rst"):
        if path.name not in wanted:
            path.unlink()


class _AnyOption(dict[str, Any]):
    def __missing__(self, key: str) -> Any:
        from docutils.parsers.rst import directives

        return directives.unchanged


class PlotCode(SphinxDirective):
    """A stand-in for matplotlib's ``.. plot::``, which a few of NumPy's docstrings use
    (``unp.hanning``): the plot's code, shown and not run (no matplotlib needed)."""

    has_content = True
    optional_arguments = 1
    final_argument_whitespace = True
    option_spec = _AnyOption()

    def run(self) -> list[nodes.Node]:
        code = "\n".join(self.content)
        language = "pycon" if code.lstrip().startswith(">>>") else "python"
        return [nodes.literal_block(code, code, language=language)]


def _numpys_own_references(app: Any, env: Any, node: Any, contnode: nodes.Node) -> Any:
    """NumPy's docstrings refer to labels, documents and glossary terms of NumPy's own site
    (``:ref:`ufuncs.kwargs```): on the function pages, one that does not resolve here is
    shown as its text, not reported (no intersphinx: the build needs no network)."""
    if (node.get("refdomain") == "std" and node.get("reftype") in ("ref", "doc", "term")
            and str(node.get("refdoc", "")).startswith("reference/generated/overridable.numpy.")):
        return contnode
    return None


def _numpy_examples_are_shown_not_run(app: Any, doctree: nodes.document) -> None:
    """NumPy's own examples (``>>> np.sum(...)``) on the function pages are NumPy's to
    test: shown highlighted, as ``pycon`` blocks, not run by the doctest builder."""
    if not app.env.docname.startswith("reference/generated/overridable.numpy."):
        return
    for block in list(doctree.findall(nodes.doctest_block)):
        literal = nodes.literal_block(block.rawsource, block.astext(), language="pycon")
        block.replace_self(literal)


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
    app.add_directive("overridable-backends", BackendsTable)
    app.add_directive("overridable-quirks", Quirks)
    app.add_directive("overridable-coverage", Coverage)
    app.add_directive("overridable-markdown", MarkdownReport)
    app.connect("builder-inited", _write_function_pages)
    app.connect("doctree-read", _numpy_examples_are_shown_not_run)
    app.connect("missing-reference", _numpys_own_references)
    app.add_directive("plot", PlotCode)
    # After numpydoc (priority 500) has rewritten the docstring into reST.
    app.connect("autodoc-process-docstring", _module_namespace, priority=600)
    return {"parallel_read_safe": True}
