"""Write the type stubs of ``overridable.numpy`` (``__init__.pyi``, ``linalg.pyi``, ...).

``overridable.numpy`` builds its multimethods on first access, so editors and
type checkers cannot see them in the source; these stubs give every public
name with its parameters (from the multimethods' own signatures, i.e.
NumPy's), so that ``unp.zeros(`` completes and ``mypy`` accepts ordinary code
written against the API and catches its mistakes.

Types come from the declarations: a dispatched array argument is any
library's array or NumPy's ``ArrayLike``; a dtype argument NumPy's
``DTypeLike`` or a library's dtype object (``torch.float32``); ``axis`` an
int or a tuple of them; ``keepdims`` a bool; the rest ``Any``. The most used
functions get a first overload for NumPy arrays, whose result type follows
NumPy's (an array, or for reductions an array or a NumPy scalar); on other
libraries' arrays the result is ``Any``, each backend having its own type.

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

import builtins
from collections.abc import Sequence
from typing import Any, Protocol, SupportsIndex, TypeAlias, overload

import numpy as np
from numpy.typing import ArrayLike, DTypeLike, NDArray

class _ArrayObject(Protocol):
    """Any library's array: it has a shape."""

    @property
    def shape(self) -> Any: ...

class _DTypeObject(Protocol):
    """A library's own dtype object (``torch.float32``): it has an itemsize."""

    @property
    def itemsize(self) -> int: ...

_Array: TypeAlias = ArrayLike | _ArrayObject
_DType: TypeAlias = DTypeLike | _DTypeObject
_Axis: TypeAlias = SupportsIndex | Sequence[SupportsIndex] | None
_Reduced: TypeAlias = NDArray[Any] | np.number[Any] | np.bool

'''
#: The most used functions: with NumPy arrays in, their result's type (NumPy's).
NUMPY_RESULTS = {
    **dict.fromkeys((
        "all", "amax", "amin", "any", "argmax", "argmin", "max", "mean", "median", "min",
        "nanmax", "nanmean", "nanmin", "nansum", "percentile", "prod", "quantile", "std",
        "sum", "var", "dot", "trace"), "_Reduced"),
    **dict.fromkeys((
        "argsort", "around", "array", "asarray", "clip", "concatenate", "cumprod", "cumsum",
        "diff", "empty_like", "expand_dims", "flip", "full_like", "ones_like", "ravel",
        "reshape", "round", "sort", "squeeze", "stack", "swapaxes", "tile", "transpose",
        "zeros_like", "hstack", "vstack", "outer", "repeat", "take"), "NDArray[Any]"),
}
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


def _annotation(p: inspect.Parameter, marks: dict[str, Any], numpy_in: bool) -> str:
    """The type of one parameter, from its dispatch mark or its name."""
    mark = marks.get(p.name)
    if mark is not None and mark.mark == "dtype":
        return "_DType"
    if mark is not None and mark.mark == "array":
        if numpy_in and p.default is inspect.Parameter.empty:
            array = "NDArray[Any]"
        else:
            array = "_Array | None"
        if mark.many and p.kind is not inspect.Parameter.VAR_POSITIONAL:
            return f"Sequence[{array}]"
        return array
    if p.name == "axis":
        return "_Axis"
    if p.name == "keepdims":
        return "builtins.bool"  # "bool" is NumPy's in the stub of overridable.numpy
    return "Any"


def _parameters(obj: Any, numpy_in: bool = False) -> str:
    """A stub's parameter list, every default ``...``."""
    P = inspect.Parameter
    info = getattr(obj, "__overridable__", None)
    marks = {p.name: p for p in (getattr(info, "params", None) or [])}
    out: list[str] = []
    star = slash = False
    for p in inspect.signature(obj).parameters.values():
        if p.kind is P.POSITIONAL_ONLY:
            slash = True
        elif slash:
            out.append("/")
            slash = False
        if p.kind is P.KEYWORD_ONLY and not star:
            out.append("*")
            star = True
        kind = _annotation(p, marks, numpy_in)
        if p.kind is P.VAR_POSITIONAL:
            out.append(f"*{p.name}: {kind}")
            star = True
        elif p.kind is P.VAR_KEYWORD:
            out.append(f"**{p.name}: Any")
        else:
            default = " = ..." if p.default is not P.empty else ""
            out.append(f"{p.name}: {kind}{default}")
    if slash:
        out.append("/")
    return ", ".join(out)


def _function(name: str, obj: Any, qualified: str) -> str:
    result = NUMPY_RESULTS.get(qualified)
    if result is None:
        return f"def {name}({_parameters(obj)}) -> Any: ...\n"
    return (f"@overload\ndef {name}({_parameters(obj, numpy_in=True)}) -> {result}: ...\n"
            f"@overload\ndef {name}({_parameters(obj)}) -> Any: ...\n")


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
                qualified = (name if module is unp
                             else f"{module.__name__.rsplit('.', 1)[1]}.{name}")
                lines.append(_function(name, obj, qualified))
        elif isinstance(obj, (bool, int, float, str)) or obj is None:
            lines.append(f"{name}: {type(obj).__name__ if obj is not None else 'None'}\n")
        elif isinstance(obj, tuple) and all(isinstance(item, str) for item in obj):
            lines.append(f"{name}: tuple[str, ...]\n")
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
