"""Generate ``src/overridable/numpy/_declarations.py`` from the installed NumPy.

It also generates ``_declarations_linalg.py``, ``_declarations_fft.py`` and
``_declarations_random.py`` beside it, for ``numpy.linalg``, ``numpy.fft`` and
``numpy.random`` (with ``numpy.random.Generator``'s methods), and
``_ufunc_declarations.py`` for NumPy's ufuncs and their methods: every
declaration of ``overridable.numpy`` comes from this one tool. Run
``python tools/gen_numpy_api.py`` after upgrading NumPy and review the
diff; ``python tools/gen_numpy_api.py --check`` exits non-zero when a
checked-in file differs from what the tool generates (the test suite runs the
same comparison). ``--report`` prints where the name rules disagree with the
arguments NumPy's own ``__array_function__`` dispatchers treat as relevant, a
review aid for the tables below.

The declarations are data: for every public NumPy function, the source text of
its parameter list (so that ``def name(<params>): ...`` builds a stub with
NumPy's signature) and its dispatch spec, which parameters hold arrays,
dtypes or sequences of arrays. Specs come from the parameter names (the
``*_NAMES`` rules) and the reviewed ``OVERRIDES`` table; public functions that
cannot be multimethods are listed in ``EXCLUDED`` with the reason, and so
are NumPy's other public names (modules, classes, constants) that
``overridable.numpy`` does not provide: ``EXCLUDED`` is the one list of what is
not overridable. The few
parameters the array API standard needs and NumPy lacks (``sort(descending=)``,
``fft.fftfreq(dtype=)``) are reviewed extensions of NumPy's signatures, in
``EXTENSIONS``.

This tool imports NumPy; the generated module imports nothing.
"""

from __future__ import annotations

import argparse
import ast
import builtins
import inspect
import pkgutil
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src" / "overridable" / "numpy" / "_declarations.py"
UFUNC_TARGET = ROOT / "src" / "overridable" / "numpy" / "_ufunc_declarations.py"

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
    # Arrays whose default is NumPy's "not given" (SIGNATURES): dispatched on when given.
    "where": {"x": ARRAY, "y": ARRAY},
    "busday_count": {"holidays": ARRAY, "out": ARRAY},
    "busday_offset": {"out": ARRAY},
    "is_busday": {"out": ARRAY},
}

#: Signatures for functions ``inspect.signature`` cannot read, or reads narrower than
#: NumPy's calls (reviewed against the docs and NumPy's tests).
SIGNATURES: dict[str, str] = {
    # sep is required here as in NumPy's documentation (the backends' fromstring take sep
    # as required); NumPy's other spellings (sep by position, left out: its error for the
    # removed binary mode) are rewritten before dispatch by numpy/_calls.py's fromstring.
    "fromstring": "string, dtype=float, count=-1, *, sep, like=None",
    # NumPy's default of call= is a private marker: an optional parameter is passed on
    # only when given, so _NoValue stands for it.
    "errstate": "*, call=_NoValue, all=None, divide=None, over=None, under=None, invalid=None",
    # NumPy tells an explicit None (an object array: where(c, None, None)) and an explicit
    # ndmax=0 (at most 0-d) from the arguments left out; its text signature shows neither.
    "where": "condition, x=_NoValue, y=_NoValue, /",
    "array": "object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0, "
             "ndmax=_NoValue, like=None",
    # NumPy's busday builtins have no default for these: an explicit weekmask equal to the
    # text signature's '1111100', or holidays, is refused beside busdaycal=, and an
    # explicit None for holidays, busdaycal or out is refused; "not given" is _NoValue.
    "busday_count": "begindates, enddates, weekmask=_NoValue, holidays=_NoValue, "
                    "busdaycal=_NoValue, out=_NoValue",
    "busday_offset": "dates, offsets, roll='raise', weekmask=_NoValue, holidays=_NoValue, "
                     "busdaycal=_NoValue, out=_NoValue",
    "is_busday": "dates, weekmask=_NoValue, holidays=_NoValue, busdaycal=_NoValue, "
                 "out=_NoValue",
}

#: Reviewed extensions of NumPy's signatures that the array API standard (2024.12) needs
#: and NumPy lacks: name (dotted below ``numpy``) -> (the parameter list declared instead
#: of NumPy's, the reason). Every parameter of NumPy's keeps its name, default and
#: positional place or is left as a keyword (``clip``'s ``a_min``), so that every call
#: NumPy accepts means the same here; :func:`parameters` checks it. The NumPy backend
#: implements the new parameters (``_EXTENDED`` in ``backends/numpy.py``).
EXTENSIONS: dict[str, tuple[str, str]] = {
    "argsort": (
        "a, axis=-1, kind=None, order=None, *, stable=None, descending=False",
        "the standard's argsort(x, /, *, axis=-1, descending=False, stable=True)",
    ),
    "clip": (
        "a, min=_NoValue, max=_NoValue, out=None, *, a_min=_NoValue, a_max=_NoValue, **kwargs",
        "the standard's clip(x, /, min=None, max=None) names the bounds min and max; NumPy "
        "already takes them by those names, and a_min=/a_max= still work as keywords",
    ),
    "sort": (
        "a, axis=-1, kind=None, order=None, *, stable=None, descending=False",
        "the standard's sort(x, /, *, axis=-1, descending=False, stable=True)",
    ),
    "fft.fftfreq": (
        "n, d=1.0, device=None, *, dtype=None",
        "the standard's fftfreq(n, /, *, d=1.0, dtype=None, device=None)",
    ),
    "fft.rfftfreq": (
        "n, d=1.0, device=None, *, dtype=None",
        "the standard's rfftfreq(n, /, *, d=1.0, dtype=None, device=None)",
    ),
}

#: Public callables of the ``numpy`` namespace that are not declared, with the reason.
EXCLUDED: dict[str, str] = {
    # File and text I/O: NumPy's formats on the local file system, not array computation.
    **dict.fromkeys(
        ["load", "save", "savez", "savez_compressed", "savetxt", "loadtxt", "genfromtxt",
         "fromregex", "fromfile"],
        "file I/O in NumPy's own formats; not array computation, use numpy directly",
    ),
    # NumPy's process-wide configuration and introspection. (The floating-point error
    # state and the print options are declared: real code calls them around array code;
    # see STATE.)
    **dict.fromkeys(
        ["getbufsize", "setbufsize"],
        "the size of NumPy's internal ufunc buffers: NumPy's own tuning, which array code "
        "does not call",
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

#: The rest of ``numpy``'s public names (classes, modules, constants) that
#: ``overridable.numpy`` does not provide, with the reason: with ``EXCLUDED`` above,
#: the one list of what is not overridable. ``public_names`` lists NumPy's names;
#: the tests fail on any that is neither provided nor listed here.
EXCLUDED.update({
    # Submodules.
    "ma": "masked arrays: numpy.ma.MaskedArray is a NumPy-only array type with its own "
          "parallel API; use numpy.ma directly",
    "char": "legacy string operations on NumPy's fixed-width string arrays (chararray), "
            "NumPy-only dtypes; superseded by numpy.strings",
    "strings": "ufuncs over NumPy's own string dtypes (StringDType, fixed-width str and "
               "bytes), which other array libraries do not have",
    "rec": "record arrays (recarray): a NumPy-only structured-array class",
    "testing": "NumPy's test tooling (assert_allclose, ...): it checks values, not an "
               "operation to dispatch; use it on any array NumPy can convert",
    "polynomial": "the class-based polynomial package (Polynomial, Chebyshev, ...) holds "
                  "NumPy arrays; the legacy poly* functions are declared",
    "lib": "NumPy's implementation namespace (stride_tricks, format, npyio, ...): its array "
           "functions are re-exported in numpy and declared there",
    "ctypeslib": "converts between NumPy arrays and ctypes pointers: NumPy's memory only",
    "dtypes": "NumPy's dtype classes (Float64DType, StringDType, ...); dtype instances and "
              "scalar types are provided",
    "exceptions": "NumPy's exception and warning classes (AxisError, ...); the NumPy backend "
                  "raises them as they are",
    "emath": "complex-valued sqrt, log, power, arccos, ... for negative input: not declared "
             "yet (it could be a sub-domain like numpy.fft)",
    "typing": "static type annotations (NDArray, ArrayLike); nothing to call",
    "f2py": "the Fortran-to-Python interface generator, a build tool",
    "distutils": "NumPy's removed build tooling (Python < 3.12 only)",
    "core": "deprecated alias of NumPy's private numpy._core (NumPy 2.0)",
    "matlib": "numpy.matrix versions of the creation functions; numpy.matrix is a "
              "NumPy-only class discouraged for new code",
    "matrixlib": "the module of numpy.matrix, a NumPy-only class discouraged for new code",
    "version": "NumPy's version strings: NumPy's, not the active backend's",
    **dict.fromkeys(["conftest", "tests"], "NumPy's own test suite"),
    # Classes.
    **dict.fromkeys(
        ["matrix", "memmap", "recarray"],
        "a NumPy-only ndarray subclass; the declared functions accept its instances",
    ),
    **dict.fromkeys(
        ["nditer", "ndenumerate", "ndindex", "flatiter", "broadcast"],
        "NumPy's iterator objects over NumPy arrays, a NumPy-only iteration protocol; "
        "broadcast_shapes and broadcast_arrays are declared",
    ),
    "busdaycalendar": "NumPy's business-day calendar object; the busday_* functions that "
                      "take it are declared",
    "poly1d": "the legacy polynomial class of NumPy; the poly* functions are declared",
    "ufunc": "the class of NumPy's ufuncs; overridable.numpy's ufuncs are multimethods "
             "(functions with the ufunc's attributes and methods)",
    "vectorize": "wraps a Python function in a loop over NumPy arrays: a convenience class, "
                 "not an operation on arrays",
    # Constants and objects.
    **dict.fromkeys(
        ["c_", "r_", "mgrid", "ogrid"],
        "NumPy's index-trick objects (np.r_[...], np.mgrid[...]): they build NumPy arrays "
        "by indexing, not by a call to dispatch",
    ),
    **dict.fromkeys(
        ["s_", "index_exp"],
        "build plain tuples of slices, which any array library indexes with: use NumPy's",
    ),
    **dict.fromkeys(
        ["False_", "True_", "little_endian", "ScalarType", "sctypeDict", "typecodes",
         "__version__"],
        "NumPy's own scalars, dtype tables and version; the scalar types (bool, float64, "
        "...) are provided",
    ),
})

#: Source text for default values whose ``repr`` does not evaluate back to them.
DEFAULT_SOURCES: dict[int, str] = {id(np._NoValue): "_NoValue"}


#: NumPy's floating-point error state and print options, declared because real code calls
#: them around array code (``with np.errstate(divide="ignore"): ...``). They hold NumPy's
#: state: every backend that has no implementation gets NumPy's own (the defaults), which
#: governs NumPy's computations and which backends without such state ignore.
#: ``errstate`` is a class in NumPy (a context manager and decorator); declared like a
#: function, it returns NumPy's object.
STATE = ("errstate", "geterr", "seterr", "geterrcall", "seterrcall", "get_printoptions",
         "set_printoptions", "printoptions")


def public_functions() -> dict[str, Any]:
    """The public callables of ``numpy`` that are functions (not classes, ufuncs, modules),
    and the classes of ``STATE``."""
    names = set(np.__all__) | {n for n in dir(np) if not n.startswith("_")}
    out = {}
    for name in sorted(names):
        obj = getattr(np, name, None)
        if obj is None or not callable(obj):
            continue
        if isinstance(obj, (type, np.ufunc, types.ModuleType)) and name not in STATE:
            continue
        out[name] = obj
    return out


def public_names() -> dict[str, str]:
    """Every public name of ``numpy`` -> its kind: ``"function"``, ``"ufunc"``, ``"class"``,
    ``"module"`` or ``"constant"`` (its submodules included, imported or not)."""
    names = set(np.__all__) | {n for n in dir(np) if not n.startswith("_")}
    modules = {m.name for m in pkgutil.iter_modules(np.__path__) if not m.name.startswith("_")}
    out = {}
    for name in sorted(names | modules):
        obj = getattr(np, name) if name in names else None
        if name in modules or isinstance(obj, types.ModuleType):
            out[name] = "module"
        elif isinstance(obj, np.ufunc):
            out[name] = "ufunc"
        elif isinstance(obj, type):
            out[name] = "class"
        else:
            out[name] = "function" if callable(obj) else "constant"
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
    if name in EXTENSIONS:
        extended = EXTENSIONS[name][0]
        check_extension(name, parameters_of(name, func), extended)
        return extended
    return parameters_of(name, func)


def parameters_of(name: str, func: Any) -> str:
    """NumPy's own parameter list of ``func`` as source text."""
    sig = inspect.signature(func)
    params = []
    for p in sig.parameters.values():
        default = p.default
        if default is not inspect.Parameter.empty:
            default = _Source(default_source(name, p.name, default))
        params.append(p.replace(default=default, annotation=inspect.Parameter.empty))
    text = str(sig.replace(parameters=params, return_annotation=inspect.Signature.empty))
    return text[1:-1]


def check_extension(name: str, numpys: str, extended: str) -> None:
    """Raise unless ``extended`` keeps every parameter of ``numpys`` (see ``EXTENSIONS``)."""
    theirs = stub_signature(numpys).parameters.values()
    ours = stub_signature(extended).parameters
    for p in theirs:
        mine = ours.get(p.name)
        if mine is None or not (mine.default is p.default or mine.default == p.default):
            raise ValueError(f"numpy.{name}: the extension in EXTENSIONS changes {p.name!r}; "
                             "review it against NumPy's signature")
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    places = [sum(p.kind in positional for p in params) for params in (theirs, ours.values())]
    if places[0] != places[1] or extended == numpys:
        raise ValueError(f"numpy.{name}: the extension in EXTENSIONS no longer fits NumPy's "
                         f"({numpys}); review it")


def stub_signature(params: str) -> inspect.Signature:
    namespace: dict[str, Any] = {"_NoValue": np._NoValue, "float64": np.float64,
                                 "int64": np.int64}
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
A few parameter lists extend NumPy's for the array API standard (``sort``'s
``descending=``): the tool's reviewed ``EXTENSIONS``.

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


# -- submodules: numpy.linalg, numpy.fft, numpy.random ---------------------------
# Their declarations go to one generated module each, ``_declarations_<sub>.py``, of
# the same shape as ``_declarations.py``. In ``SIGNATURES``, ``OVERRIDES`` and
# ``EXCLUDED`` their names are dotted below ``numpy``: ``"linalg.norm"``,
# ``"random.Generator.normal"``.

SUBMODULES = ("linalg", "fft", "random")

#: Parameters of numpy.random's distributions that take arrays of parameters
#: (``normal(loc=array)``) or the array to sample from or shuffle.
RANDOM_ARRAY_NAMES = frozenset({
    "a", "alpha", "b", "colors", "cov", "df", "dfden", "dfnum", "high", "kappa", "lam", "left",
    "loc", "low", "mean", "mode", "mu", "n", "nbad", "ngood", "nonc", "nsample", "p", "pvals",
    "right", "scale", "shape", "sigma", "x",
})
#: The mark of a generator's ``self``, and of a seed (an int, a ``SeedSequence``, a
#: ``BitGenerator`` or a ``Generator``): the backend that owns it serves the call.
GENERATOR = "generator"
SEED = "seed"

OVERRIDES.update({
    # Orders of norms and the number of index dimensions, not arrays.
    "linalg.cond": {"p": None},
    "linalg.tensorinv": {"ind": None},
    # The dimensions of the result, not arrays.
    "random.rand": {"args": None},
    "random.randn": {"args": None},
    "random.default_rng": {"seed": SEED},
    "random.set_bit_generator": {"bitgen": SEED},
    "random.Generator": {"bit_generator": SEED},
})

SIGNATURES.update({
    # Aliases of random_sample written as ``(*args, **kwargs)``.
    "random.ranf": "size=None",
    "random.sample": "size=None",
})

EXCLUDED.update({
    **{f"{sub}.test": "NumPy's own test runner; not an operation on arrays"
       for sub in SUBMODULES},
    "linalg.LinAlgError": "the exception class linear algebra raises; re-exported as it is",
    **dict.fromkeys(
        [f"random.{name}" for name in ("BitGenerator", "MT19937", "PCG64", "PCG64DXSM",
                                        "Philox", "SFC64", "SeedSequence")],
        "NumPy's seeding and bit-generator classes; re-exported as they are, and "
        "default_rng and Generator dispatch on their instances",
    ),
    "random.RandomState": "the legacy generator class; re-exported as it is, its methods are "
                          "declared as the module-level functions",
    "random.random_integers": "deprecated since NumPy 1.11; use randint",
})

#: Source text for defaults of the generated stubs of numpy.random (its namespace has them).
DEFAULT_SOURCES.update({id(np.float64): "float64", id(np.int64): "int64"})


def submodule_target(sub: str) -> Path:
    return TARGET.with_name(f"_declarations_{sub}.py")


def public_callables(sub: str) -> dict[str, Any]:
    """The public callables of ``numpy.<sub>`` (classes included, modules not), dotted."""
    module = getattr(np, sub)
    names = set(getattr(module, "__all__", ())) | {
        n for n in dir(module) if not n.startswith("_")}
    return {f"{sub}.{name}": getattr(module, name) for name in sorted(names)
            if callable(getattr(module, name)) and not inspect.ismodule(getattr(module, name))}


def generator_methods() -> dict[str, Any]:
    """The public methods of ``numpy.random.Generator``, dotted."""
    cls = np.random.Generator
    return {f"random.Generator.{name}": getattr(cls, name) for name in sorted(dir(cls))
            if not name.startswith("_") and callable(getattr(cls, name))}


def _declare(name: str, func: Any) -> tuple[str, dict[str, str]]:
    params = parameters(name, func)
    spec = dispatch_spec(name, params)
    if name.startswith("random."):
        overridden = OVERRIDES.get(name, {})
        for p in stub_signature(params).parameters.values():
            if p.name in RANDOM_ARRAY_NAMES and p.name not in overridden and p.name not in spec:
                spec[p.name] = ARRAY
        if name.startswith("random.Generator."):
            spec["self"] = GENERATOR
    order = list(stub_signature(params).parameters)
    return params, dict(sorted(spec.items(), key=lambda item: order.index(item[0])))


def submodule_declarations(sub: str) -> dict[str, tuple[str, dict[str, str]]]:
    """``{name: (params, spec)}`` for the functions of ``numpy.<sub>`` (names undotted)."""
    return {name.removeprefix(f"{sub}."): _declare(name, func)
            for name, func in public_callables(sub).items()
            if name not in EXCLUDED and not isinstance(func, type)}


SUBMODULE_HEADER = '''\
"""numpy.{sub} as data: generated by ``tools/gen_numpy_api.py``; do not edit.

The same shape as ``_declarations.py``: ``FUNCTIONS`` maps each public function
of ``numpy.{sub}`` to its parameter list as source text and its dispatch spec.{more}

This module imports nothing.
"""

NUMPY_VERSION = {version!r}

NEP18_EXTRA: dict[str, tuple[str, ...]] = {nep18}

'''

_RANDOM_MORE = """
``GENERATOR`` is the same for the constructor of ``numpy.random.Generator`` and
``GENERATOR_METHODS`` for its methods, whose ``self`` is marked ``"generator"``.
Seeds and bit generators are marked ``"seed"``; ``float64`` and ``int64`` in
the parameter lists are NumPy's scalar types."""


def _entries(decls: dict[str, tuple[str, dict[str, str]]], indent: str) -> str:
    inner = indent + " " * 4
    return "".join(f"{indent}{name!r}: (\n{inner}{_literal(params, inner)},\n"
                   f"{inner}{spec!r},\n{indent}),\n" for name, (params, spec) in decls.items())


def render_submodule(sub: str) -> str:
    decls = submodule_declarations(sub)
    module = getattr(np, sub)
    extra = {}
    for name, (_, spec) in decls.items():
        theirs = numpy_relevant(getattr(module, name)) or {}
        found = tuple(p for p in theirs if p not in spec)
        if found:
            extra[name] = found
    nep18 = "{" + "".join(f"\n    {k!r}: {v!r}," for k, v in extra.items()) + (
        "\n}" if extra else "}")
    text = SUBMODULE_HEADER.format(sub=sub, more=_RANDOM_MORE if sub == "random" else "",
                                   version=np.__version__, nep18=nep18)
    text += "FUNCTIONS: dict[str, tuple[str, dict[str, str]]] = {\n" + _entries(decls, "    ")
    text += "}\n"
    if sub == "random":
        params, spec = _declare("random.Generator", np.random.Generator)
        text += f"\nGENERATOR: tuple[str, dict[str, str]] = ({params!r}, {spec!r})\n"
        methods = {name.removeprefix("random.Generator."): _declare(name, method)
                   for name, method in generator_methods().items() if name not in EXCLUDED}
        text += ("\nGENERATOR_METHODS: dict[str, tuple[str, dict[str, str]]] = {\n"
                 + _entries(methods, "    ") + "}\n")
    return text


# ---------------------------------------------------------------------------
# Ufuncs: ``_ufunc_declarations.py``
#
# For every ufunc in NumPy's namespace the declarations hold the parameter list of a
# call, as source text (NumPy's own signature: inputs positional-only, ``out`` positional
# or keyword, the rest keyword-only) and its dispatch spec: the inputs and ``where`` hold
# arrays, ``out`` one array or a tuple of them, ``dtype`` a dtype. Other names for the
# same ufunc (``abs`` for ``absolute``) are aliases. The methods (``reduce``,
# ``accumulate``, ``reduceat``, ``outer``, ``at``) are declared once, alike for every
# ufunc. A ufunc not to declare goes in ``EXCLUDED`` with the reason, like any name.

#: Parameter names of ufuncs and their methods, and how they dispatch.
UFUNC_MARKS: dict[str, str] = {
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


def namespace_ufuncs() -> dict[str, np.ufunc]:
    """Every public name of ``numpy`` bound to a ufunc, aliases included."""
    names = set(np.__all__) | {n for n in dir(np) if not n.startswith("_")}
    return {n: obj for n in sorted(names)
            if isinstance(obj := getattr(np, n, None), np.ufunc)}


def ufunc_spec(params: str) -> dict[str, str]:
    """Which parameters of a ufunc (or method) dispatch, and how (by name: ``UFUNC_MARKS``)."""
    return {p: UFUNC_MARKS[p] for p in stub_signature(params).parameters if p in UFUNC_MARKS}


def method_parameters(method: str) -> str:
    theirs = inspect.signature(getattr(np.add, method))
    if method not in METHOD_SIGNATURES:
        if any(p.kind is p.VAR_KEYWORD for p in theirs.parameters.values()):
            raise ValueError(f"numpy.ufunc.{method}{theirs}: add its parameters to "
                             "METHOD_SIGNATURES")
        return parameters_of(f"ufunc.{method}", getattr(np.add, method))
    ours = METHOD_SIGNATURES[method]
    named = [p for p in theirs.parameters.values() if p.kind is not p.VAR_KEYWORD]
    if list(stub_signature(ours).parameters.values())[:len(named)] != named:
        raise ValueError(f"METHOD_SIGNATURES[{method!r}] does not extend NumPy's {theirs}")
    return ours


def ufunc_declarations() -> tuple[dict[str, tuple[str, dict[str, str]]], dict[str, str],
                                  dict[str, tuple[str, dict[str, str]]]]:
    """(ufuncs, aliases, methods) as they are written to ``_ufunc_declarations.py``."""
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
        params = parameters_of(name, ufunc)
        ufuncs[name] = (params, ufunc_spec(params))
    methods = {m: (p, ufunc_spec(p)) for m in METHOD_NAMES for p in [method_parameters(m)]}
    return ufuncs, aliases, methods


UFUNC_HEADER = '''\
"""NumPy's ufuncs as data: generated by ``tools/gen_numpy_api.py``; do not edit.

``UFUNCS`` maps each ufunc of ``numpy`` to the parameter list of a call, as
source text (``_NoValue`` is ``numpy._NoValue``), and its dispatch spec:
parameter -> ``"array"``, ``"dtype"`` or ``"many:array"`` (one array or a
tuple of them). ``ALIASES`` maps NumPy's other names for a ufunc to its own
name; ``METHODS`` declares the ufunc methods, alike for every ufunc.

This module imports nothing.
"""

NUMPY_VERSION = {version!r}

'''


def render_ufuncs() -> str:
    ufuncs, aliases, methods = ufunc_declarations()
    alias_lines = "".join(f"    {k!r}: {v!r},\n" for k, v in aliases.items())
    table = "dict[str, tuple[str, dict[str, str]]]"
    return "".join([
        UFUNC_HEADER.format(version=np.__version__),
        "#: ufunc -> (parameter list of a call, dispatch spec)\n",
        f"UFUNCS: {table} = {{\n{_entries(ufuncs, '    ')}}}\n",
        "\n#: NumPy's other names for a ufunc (``numpy.abs is numpy.absolute``).\n",
        f"ALIASES: dict[str, str] = {{\n{alias_lines}}}\n\n",
        "#: ufunc method -> (parameter list, dispatch spec)\n",
        f"METHODS: {table} = {{\n{_entries(methods, '    ')}}}\n",
    ])


def outputs() -> dict[Path, str]:
    """Every generated file and its text."""
    return {TARGET: render(), **{submodule_target(s): render_submodule(s) for s in SUBMODULES},
            UFUNC_TARGET: render_ufuncs()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the checked-in file")
    parser.add_argument("--report", action="store_true", help="compare the rules with NumPy's")
    opts = parser.parse_args(argv)
    if opts.report:
        report()
        return 0
    status = 0
    for target, text in outputs().items():
        if opts.check:
            same = target.exists() and target.read_text() == text
            print(f"{target}: {'up to date' if same else 'differs; re-run the tool'}")
            status |= not same
        else:
            target.write_text(text)
            print(f"wrote {target}")
    return status


if __name__ == "__main__":
    sys.exit(main())
