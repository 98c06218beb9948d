"""Write the type stubs of ``overridable.numpy`` (``__init__.pyi``, ``linalg.pyi``, ...).

``overridable.numpy`` builds its multimethods on first access, so editors and
type checkers cannot see them in the source; these stubs give every public
name with its parameters (from the multimethods' own signatures, i.e.
NumPy's), so that ``unp.zeros(`` completes and ``mypy`` accepts ordinary code
written against the API. Arrays are typed ``Any``: each backend has its own.

Run ``python tools/gen_numpy_stubs.py`` after the declarations change;
``--check`` exits 1 when a checked-in stub differs from what would be written
(the test suite runs it).
"""

from __future__ import annotations

import argparse
import inspect
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np

import overridable.numpy as unp

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "overridable" / "numpy"
HEADER = '''"""Type stubs of ``{module}``: made by ``tools/gen_numpy_stubs.py``; do not edit."""

from typing import Any

'''
#: Names re-exported from the engine, by module.
ENGINE = ("register_backend", "set_backend", "set_global_backend", "skip_backend")

UFUNC_CLASS = '''class _UFunc:
    """An overridable ufunc: call it, or use its methods."""

    __name__: str
    nin: int
    nout: int
    nargs: int
    ntypes: int
    types: list[str]
    identity: Any
    signature: str | None
    def __call__(self, *args: Any, **kwargs: Any) -> Any: ...
    def reduce(self, *args: Any, **kwargs: Any) -> Any: ...
    def accumulate(self, *args: Any, **kwargs: Any) -> Any: ...
    def reduceat(self, *args: Any, **kwargs: Any) -> Any: ...
    def outer(self, *args: Any, **kwargs: Any) -> Any: ...
    def at(self, *args: Any, **kwargs: Any) -> Any: ...

'''


def _parameters(sig: inspect.Signature) -> str:
    """A stub's parameter list: every parameter ``Any``, every default ``...``."""
    P = inspect.Parameter
    out: list[str] = []
    star = slash = False
    for p in sig.parameters.values():
        if p.kind is P.POSITIONAL_ONLY:
            slash = True
        elif slash:
            out.append("/")
            slash = False
        if p.kind is P.KEYWORD_ONLY and not star:
            out.append("*")
            star = True
        if p.kind is P.VAR_POSITIONAL:
            out.append(f"*{p.name}: Any")
            star = True
        elif p.kind is P.VAR_KEYWORD:
            out.append(f"**{p.name}: Any")
        else:
            default = " = ..." if p.default is not P.empty else ""
            out.append(f"{p.name}: Any{default}")
    if slash:
        out.append("/")
    return ", ".join(out)


def _function(name: str, obj: Any) -> str:
    return f"def {name}({_parameters(inspect.signature(obj))}) -> Any: ...\n"


def stub(module: types.ModuleType, numpy_module: types.ModuleType) -> str:
    """The stub text of one module of ``overridable.numpy``."""
    lines: list[str] = []
    imports: list[str] = []
    names = sorted(module.__all__)
    if any(hasattr(getattr(module, n), "reduce") and hasattr(getattr(module, n), "nin")
           for n in names if not isinstance(getattr(module, n), type)):
        lines.append(UFUNC_CLASS)
    for name in names:
        obj = getattr(module, name)
        if name in ENGINE:
            imports.append(f"from overridable import {name} as {name}")
        elif isinstance(obj, types.ModuleType):
            imports.append(f"from . import {name} as {name}")
        elif isinstance(obj, type) and getattr(numpy_module, name, None) is obj:
            imports.append(f"from {numpy_module.__name__} import {name} as {name}")
        elif getattr(obj, "__overridable__", None) is not None:
            if hasattr(obj, "nin") and hasattr(obj, "reduce"):
                lines.append(f"{name}: _UFunc\n")
            else:
                lines.append(_function(name, obj))
        elif isinstance(obj, (bool, int, float, str)) or obj is None:
            lines.append(f"{name}: {type(obj).__name__ if obj is not None else 'None'}\n")
        else:
            lines.append(f"{name}: Any\n")
    body = "\n".join(sorted(imports)) + ("\n\n" if imports else "") + "".join(lines)
    return HEADER.format(module=module.__name__) + body


def targets() -> dict[Path, str]:
    out = {PACKAGE / "__init__.pyi": stub(unp, np)}
    for sub in ("linalg", "fft", "random"):
        out[PACKAGE / f"{sub}.pyi"] = stub(getattr(unp, sub), getattr(np, sub))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    stale = []
    for path, text in targets().items():
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(path)
        else:
            path.write_text(text)
    for path in stale:
        print(f"stale: {path} (run python tools/gen_numpy_stubs.py)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
