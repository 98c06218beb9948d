"""Generate ``src/overridable/numpy/_declarations.py`` from the installed NumPy.

Run ``python tools/gen_numpy_api.py`` after upgrading NumPy and review the
diff; ``python tools/gen_numpy_api.py --check`` exits non-zero when the
checked-in file differs from what the tool generates (the test suite runs the
same comparison). ``--report`` prints where the name rules disagree with the
arguments NumPy's own ``__array_function__`` dispatchers treat as relevant, a
review aid for the tables below.

The declarations are data: for every public NumPy function, the source text of
its parameter list (so that ``def name(<params>): ...`` builds a stub with
NumPy's signature) and its dispatch spec, which parameters hold arrays,
dtypes or sequences of arrays. Specs come from the parameter names (the
``*_NAMES`` rules) and the reviewed ``OVERRIDES`` table; public functions that
cannot be multimethods are listed in ``EXCLUDED`` with the reason.

This tool imports NumPy; the generated module imports nothing.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import inspect
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "overridable" / "numpy" / "_declarations.py"

ARRAY = "array"
DTYPE = "dtype"
MANY_ARRAY = "many:array"

#: Parameter names that hold an array (or array-like) wherever they appear.
ARRAY_NAMES = frozenset({
    "A", "a", "a1", "a2", "ar", "ar1", "ar2", "arr", "array", "ary", "b", "begindates", "bins",
    "condition", "data", "dates", "dst", "element", "enddates", "f", "fill_value", "filt",
    "fp", "ind", "indices", "like", "m", "mask", "object", "offsets", "out", "p", "prototype",
    "q", "sample", "seq_of_zeros", "sorter", "src", "start", "stop", "test_elements", "to_begin",
    "to_end", "u", "v", "val", "vals", "values", "w", "weights", "x", "x1", "x2", "xp", "y", "z",
    "aweights", "fweights",
})
#: Parameter names that hold a dtype (a NumPy dtype, a scalar type, or another library's).
DTYPE_NAMES = frozenset({"dtype", "to", "type1", "type2", "arg1", "arg2"})
#: Parameter names that hold a sequence of arrays; ``*args`` parameters dispatch on each item.
MANY_NAMES = frozenset({
    "arrays", "arys", "tup", "choices", "condlist", "choicelist", "keys", "operands", "xi",
    "args", "arrays_and_dtypes", "multi_index", "varargs",
})

#: Reviewed corrections to the name rules: function -> {parameter: mark or None}.
#: ``None`` removes a parameter the rules would dispatch on.
OVERRIDES: dict[str, dict[str, str | None]] = {
    # Arbitrary objects, not arrays: refusing unknown types would make these fail.
    "isscalar": {"element": None},
    "iterable": {"y": None},
    # Polynomial order and integration constants, not arrays.
    "polyder": {"m": None},
    "polyint": {"m": None},
    # The extra positional arguments are passed to the user's function.
    "apply_along_axis": {"args": None},
    "piecewise": {"args": None, "condlist": MANY_ARRAY},
    # Shapes (tuples of ints), not arrays.
    "broadcast_shapes": {"args": None},
    # ``from_`` is an array, a scalar or a dtype.
    "can_cast": {"from_": ARRAY},
    "min_scalar_type": {"a": ARRAY},
    "datetime_data": {"dtype": DTYPE},
    "isdtype": {"dtype": DTYPE},
    # ``bins`` of histogram2d/histogramdd is an int, an array or a sequence of arrays.
    "histogram2d": {"bins": MANY_ARRAY},
    "histogramdd": {"bins": MANY_ARRAY},
    "copyto": {"where": ARRAY},
    # Scalars: the result's backend follows dtype= and like=, or the active backends.
    "arange": {"stop": None},
    "logspace": {"base": ARRAY},
    # The spacings: scalars or arrays, one per axis.
    "gradient": {"varargs": MANY_ARRAY},
    "select": {"default": ARRAY},
    "interp": {"left": ARRAY, "right": ARRAY},
    "busday_count": {"holidays": ARRAY},
}

#: Signatures for functions ``inspect.signature`` cannot read (reviewed against the docs).
SIGNATURES: dict[str, str] = {
    "fromstring": "string, dtype=float, count=-1, *, sep, like=None",
}

#: Public callables of the ``numpy`` namespace that are not declared, with the reason.
EXCLUDED: dict[str, str] = {
    # File and text I/O: NumPy's formats on the local file system, not array computation.
    **dict.fromkeys(
        ["load", "save", "savez", "savez_compressed", "savetxt", "loadtxt", "genfromtxt",
         "fromregex", "fromfile"],
        "file I/O in NumPy's own formats; not array computation, use numpy directly",
    ),
    # NumPy's process-wide configuration and introspection.
    **dict.fromkeys(
        ["set_printoptions", "get_printoptions", "printoptions", "getbufsize", "setbufsize",
         "geterr", "seterr", "geterrcall", "seterrcall"],
        "NumPy's own process-wide configuration; not an operation on arrays",
    ),
    **dict.fromkeys(
        ["show_config", "show_runtime", "get_include", "info", "test"],
        "NumPy build, help and test tooling; not an operation on arrays",
    ),
    "asmatrix": "returns numpy.matrix, a NumPy-only class discouraged for new code",
    "bmat": "returns numpy.matrix, a NumPy-only class discouraged for new code",
    "frompyfunc": "returns a numpy.ufunc object; ufuncs are declared separately",
    "nested_iters": "returns numpy.nditer objects, a NumPy-only iteration protocol",
    "row_stack": "deprecated alias of vstack (NumPy 2.0)",
}

#: Source text for default values whose ``repr`` does not evaluate back to them.
DEFAULT_SOURCES: dict[int, str] = {id(np._NoValue): "_NoValue"}


def public_functions() -> dict[str, Any]:
    """The public callables of ``numpy`` that are functions (not classes, ufuncs, modules)."""
    names = set(np.__all__) | {n for n in dir(np) if not n.startswith("_")}
    out = {}
    for name in sorted(names):
        obj = getattr(np, name, None)
        if obj is None or not callable(obj):
            continue
        if isinstance(obj, (type, np.ufunc, types.ModuleType)):
            continue
        out[name] = obj
    return out


class _Source:
    """A default value shown as its source text by ``inspect.Signature.__str__``."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def default_source(name: str, param: str, value: Any) -> str:
    if id(value) in DEFAULT_SOURCES:
        return DEFAULT_SOURCES[id(value)]
    if isinstance(value, type) and getattr(builtins, value.__name__, None) is value:
        return value.__name__
    text = repr(value)
    try:
        back = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        back = object()
    if type(back) is not type(value) or back != value:
        raise ValueError(f"numpy.{name}: default of {param!r} is {value!r}; add it to "
                         "DEFAULT_SOURCES or SIGNATURES")
    return text


def parameters(name: str, func: Any) -> str:
    """The parameter list of ``func`` as source text."""
    if name in SIGNATURES:
        return SIGNATURES[name]
    sig = inspect.signature(func)
    params = []
    for p in sig.parameters.values():
        default = p.default
        if default is not inspect.Parameter.empty:
            default = _Source(default_source(name, p.name, default))
        params.append(p.replace(default=default, annotation=inspect.Parameter.empty))
    text = str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))
    return text[1:-1]


def stub_signature(params: str) -> inspect.Signature:
    namespace: dict[str, Any] = {"_NoValue": np._NoValue}
    exec(f"def stub({params}): pass", namespace)
    return inspect.signature(namespace["stub"])


def dispatch_spec(name: str, params: str) -> dict[str, str]:
    """Which parameters of ``name`` dispatch, and how: name rules, then ``OVERRIDES``."""
    spec: dict[str, str] = {}
    for p in stub_signature(params).parameters.values():
        if p.kind is inspect.Parameter.VAR_KEYWORD:
            continue
        # A sentinel default (np._NoValue) is not a value any backend owns.
        if p.default is np._NoValue:
            continue
        if p.kind is inspect.Parameter.VAR_POSITIONAL or p.name in MANY_NAMES:
            spec[p.name] = MANY_ARRAY
        elif p.name in DTYPE_NAMES:
            spec[p.name] = DTYPE
        elif p.name in ARRAY_NAMES:
            spec[p.name] = ARRAY
    for pname, mark in OVERRIDES.get(name, {}).items():
        if mark is None:
            spec.pop(pname, None)
        else:
            spec[pname] = mark
    return spec


def declarations() -> dict[str, tuple[str, dict[str, str]]]:
    out = {}
    for name, func in public_functions().items():
        if name in EXCLUDED:
            continue
        params = parameters(name, func)
        out[name] = (params, dispatch_spec(name, params))
    return out


HEADER = '''\
"""The NumPy API as data: generated by ``tools/gen_numpy_api.py``; do not edit.

``FUNCTIONS`` maps each public function of ``numpy`` to its parameter list as
source text (``_NoValue`` is ``numpy._NoValue``) and its dispatch spec:
parameter -> ``"array"``, ``"dtype"`` or ``"many:array"`` (a sequence of arrays).

This module imports nothing.
"""

NUMPY_VERSION = {version!r}

#: Parameters that NumPy's own ``__array_function__`` dispatcher treats as
#: relevant but these declarations do not dispatch on (defaults that are
#: sentinels, scalars such as ``rtol``). The NumPy backend calls the public
#: function for these, so that NEP 18 overrides passed there still apply.
NEP18_EXTRA: dict[str, tuple[str, ...]] = {nep18}

FUNCTIONS: dict[str, tuple[str, dict[str, str]]] = {{
'''


def nep18_extra(decls: dict[str, tuple[str, dict[str, str]]]) -> dict[str, tuple[str, ...]]:
    out = {}
    for name, (_, spec) in decls.items():
        theirs = numpy_relevant(getattr(np, name)) or {}
        extra = tuple(p for p in theirs if p not in spec)
        if extra:
            out[name] = extra
    return out


def _literal(text: str, indent: str) -> str:
    """``repr(text)``, split into adjacent literals to keep lines within 99 characters."""
    if len(indent) + len(repr(text)) + 1 <= 99:
        return repr(text)
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


def render() -> str:
    decls = declarations()
    nep18 = "{\n" + "".join(f"    {k!r}: {v!r},\n" for k, v in nep18_extra(decls).items()) + "}"
    lines = [HEADER.format(version=np.__version__, nep18=nep18)]
    indent = " " * 8
    for name, (params, spec) in decls.items():
        lines.append(f"    {name!r}: (\n{indent}{_literal(params, indent)},\n"
                     f"{indent}{spec!r},\n    ),\n")
    lines.append("}\n")
    return "".join(lines)


class _Found(Exception):
    def __init__(self, types: Any) -> None:
        self.types = types


def _raise_found(self: Any, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
    raise _Found(types)


def _probes() -> tuple[type, type]:
    """A probe class for one parameter, and the class of the item it yields when iterated."""
    item = type("item", (), {"__array_function__": _raise_found})
    probe = type("probe", (), {"__array_function__": _raise_found,
                               "__iter__": lambda self: iter([item()])})
    return probe, item


def numpy_relevant(func: Any) -> dict[str, str] | None:
    """The parameters NumPy's own dispatcher for ``func`` treats as relevant, or None."""
    if type(func).__name__ != "_ArrayFunctionDispatcher":
        return None
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    marks: dict[type, tuple[str, str]] = {}
    for p in inspect.signature(func).parameters.values():
        if p.kind is p.VAR_KEYWORD:
            continue
        probe, item = _probes()
        marks[probe] = (p.name, ARRAY)
        marks[item] = (p.name, MANY_ARRAY)
        if p.kind is p.VAR_POSITIONAL:
            args.extend([probe(), probe()])
            marks[probe] = (p.name, MANY_ARRAY)
        elif p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = probe()
        else:
            args.append(probe())
    try:
        func(*args, **kwargs)
    except _Found as found:
        return dict(marks[t] for t in found.types)
    except Exception:
        return None
    return None


def report() -> None:
    for name, func in public_functions().items():
        if name in EXCLUDED:
            continue
        params = parameters(name, func)
        ours = {k: v for k, v in dispatch_spec(name, params).items() if v != DTYPE}
        theirs = numpy_relevant(func)
        if theirs is not None and set(ours) != set(theirs):
            print(f"{name}({params})\n    rules: {ours}\n    numpy: {theirs}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the checked-in file")
    parser.add_argument("--report", action="store_true", help="compare the rules with NumPy's")
    opts = parser.parse_args(argv)
    if opts.report:
        report()
        return 0
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
