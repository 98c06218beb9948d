"""Generate ``src/overridable/numpy/_ufunc_declarations.py`` from the installed NumPy.

The ufunc half of the declarations (``tools/gen_numpy_api.py`` writes the
functions). Run ``python tools/gen_numpy_ufuncs.py`` after upgrading NumPy and
review the diff; ``--check`` exits non-zero when the checked-in file differs
from what the tool generates (the test suite runs the same comparison).

For every ufunc in NumPy's namespace the declarations hold the parameter list
of a call, as source text (NumPy's own signature: inputs positional-only,
``out`` positional or keyword, the rest keyword-only) and its dispatch spec:
the inputs and ``where`` hold arrays, ``out`` one array or a tuple of them,
``dtype`` a dtype. Other names for the same ufunc (``abs`` for ``absolute``)
are aliases. The methods (``reduce``, ``accumulate``, ``reduceat``, ``outer``,
``at``) are declared once, alike for every ufunc.

This tool imports NumPy; the generated module imports nothing.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "overridable" / "numpy" / "_ufunc_declarations.py"

ARRAY = "array"
DTYPE = "dtype"
MANY_ARRAY = "many:array"

#: Parameter names of ufuncs and their methods, and how they dispatch.
MARKS: dict[str, str] = {
    **dict.fromkeys(["x", "x1", "x2", "array", "A", "B", "a", "b", "indices", "where"], ARRAY),
    "out": MANY_ARRAY,  # one array, or a tuple of them (one per output)
    "dtype": DTYPE,
}

METHOD_NAMES = ("reduce", "accumulate", "reduceat", "outer", "at")

#: Reviewed parameter lists for the methods whose NumPy signature ends in ``**kwargs``:
#: NumPy's named parameters, then the keywords its documentation gives (``reduce``'s
#: first docstring line; ``outer`` takes the keywords of a ufunc call, ``out`` too).
#: The tool checks that each extends NumPy's own parameters.
METHOD_SIGNATURES: dict[str, str] = {
    "reduce": "array, /, axis=0, dtype=None, out=None, keepdims=False, initial=_NoValue, "
              "where=True",
    "outer": "A, B, /, *, out=None, where=True, casting='same_kind', order='K', dtype=None, "
             "subok=True, signature=None",
}

#: Ufuncs of NumPy's namespace that are not declared, with the reason (none so far).
EXCLUDED: dict[str, str] = {}


def namespace_ufuncs() -> dict[str, np.ufunc]:
    """Every public name of ``numpy`` bound to a ufunc, aliases included."""
    names = set(np.__all__) | {n for n in dir(np) if not n.startswith("_")}
    return {n: obj for n in sorted(names)
            if isinstance(obj := getattr(np, n, None), np.ufunc)}


class _Source:
    """A default value shown as its source text by ``inspect.Signature.__str__``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _default_source(where: str, value: Any) -> str:
    if value is np._NoValue:
        return "_NoValue"
    text = repr(value)
    if ast.literal_eval(text) != value:
        raise ValueError(f"{where}: default {value!r} does not read back from its repr")
    return text


def parameters(where: str, sig: inspect.Signature) -> str:
    """The parameter list of ``sig`` as source text."""
    params = []
    for p in sig.parameters.values():
        if p.kind is p.VAR_KEYWORD:
            raise ValueError(f"{where}{sig}: add its parameters to METHOD_SIGNATURES")
        default = p.default
        if default is not p.empty:
            default = _Source(_default_source(where, default))
        params.append(p.replace(default=default, annotation=p.empty))
    return str(sig.replace(parameters=params, return_annotation=sig.empty))[1:-1]


def _signature(params: str) -> inspect.Signature:
    namespace: dict[str, Any] = {"_NoValue": np._NoValue}
    exec(f"def stub({params}): pass", namespace)
    return inspect.signature(namespace["stub"])


def dispatch_spec(params: str) -> dict[str, str]:
    """Which parameters dispatch, and how (by name, see ``MARKS``)."""
    return {p: MARKS[p] for p in _signature(params).parameters if p in MARKS}


def method_parameters(method: str) -> str:
    theirs = inspect.signature(getattr(np.add, method))
    if method not in METHOD_SIGNATURES:
        return parameters(f"numpy.ufunc.{method}", theirs)
    ours = METHOD_SIGNATURES[method]
    named = [p for p in theirs.parameters.values() if p.kind is not p.VAR_KEYWORD]
    if list(_signature(ours).parameters.values())[:len(named)] != named:
        raise ValueError(f"METHOD_SIGNATURES[{method!r}] does not extend NumPy's {theirs}")
    return ours


def declarations() -> tuple[dict[str, tuple[str, dict[str, str]]], dict[str, str],
                            dict[str, tuple[str, dict[str, str]]]]:
    """(ufuncs, aliases, methods) as they are written to the declarations module."""
    ufuncs: dict[str, tuple[str, dict[str, str]]] = {}
    aliases: dict[str, str] = {}
    found = namespace_ufuncs()
    for name, ufunc in found.items():
        if name in EXCLUDED:
            continue
        if ufunc.__name__ != name:
            if found.get(ufunc.__name__) is not ufunc:
                raise ValueError(f"numpy.{name} is ufunc {ufunc.__name__!r}, not in numpy")
            aliases[name] = ufunc.__name__
            continue
        params = parameters(f"numpy.{name}", inspect.signature(ufunc))
        ufuncs[name] = (params, dispatch_spec(params))
    methods = {m: (p, dispatch_spec(p)) for m in METHOD_NAMES for p in [method_parameters(m)]}
    return ufuncs, aliases, methods


HEADER = '''\
"""NumPy's ufuncs as data: generated by ``tools/gen_numpy_ufuncs.py``; do not edit.

``UFUNCS`` maps each ufunc of ``numpy`` to the parameter list of a call, as
source text (``_NoValue`` is ``numpy._NoValue``), and its dispatch spec:
parameter -> ``"array"``, ``"dtype"`` or ``"many:array"`` (one array or a
tuple of them). ``ALIASES`` maps NumPy's other names for a ufunc to its own
name; ``METHODS`` declares the ufunc methods, alike for every ufunc.

This module imports nothing.
"""

NUMPY_VERSION = {version!r}

'''


def _literal(text: str, indent: str) -> str:
    """``repr(text)``, split into adjacent literals to keep lines within 99 characters."""
    parts, current = [], ""
    for piece in text.split(", "):
        candidate = f"{current}, {piece}" if current else piece
        if current and len(indent) + len(repr(candidate + ", ")) > 99:
            parts.append(current + ", ")
            current = piece
        else:
            current = candidate
    parts.append(current)
    return ("\n" + indent).join(repr(p) for p in parts)


def _table(name: str, comment: str, table: dict[str, tuple[str, dict[str, str]]]) -> str:
    indent = " " * 8
    lines = [f"#: {comment}\n{name}: dict[str, tuple[str, dict[str, str]]] = {{\n"]
    for key, (params, spec) in table.items():
        lines.append(f"    {key!r}: (\n{indent}{_literal(params, indent)},\n"
                     f"{indent}{spec!r},\n    ),\n")
    lines.append("}\n")
    return "".join(lines)


def render() -> str:
    ufuncs, aliases, methods = declarations()
    alias_lines = "".join(f"    {k!r}: {v!r},\n" for k, v in aliases.items())
    return "".join([
        HEADER.format(version=np.__version__),
        _table("UFUNCS", "ufunc -> (parameter list of a call, dispatch spec)", ufuncs),
        "\n#: NumPy's other names for a ufunc (``numpy.abs is numpy.absolute``).\n",
        f"ALIASES: dict[str, str] = {{\n{alias_lines}}}\n\n",
        _table("METHODS", "ufunc method -> (parameter list, dispatch spec)", methods),
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the checked-in file")
    opts = parser.parse_args(argv)
    text = render()
    if opts.check:
        same = TARGET.exists() and TARGET.read_text() == text
        print(f"{TARGET}: {'up to date' if same else 'differs; re-run the tool'}")
        return 0 if same else 1
    TARGET.write_text(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
