"""``unp.linalg``, ``unp.fft``, ``unp.random``: declarations cover NumPy, values are NumPy's."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from _scripts import tool_fixture
from numpy.testing import assert_allclose, assert_array_equal

import overridable as ov
import overridable.numpy as unp
from overridable.numpy import _declarations_fft, _declarations_linalg, _declarations_random

DECLARATIONS = {
    "linalg": _declarations_linalg, "fft": _declarations_fft, "random": _declarations_random,
}
SUBMODULES = tuple(DECLARATIONS)
#: Every declared multimethod, dotted below numpy: "linalg.solve", "random.Generator.normal".
DECLARED = sorted(
    [f"{sub}.{name}" for sub, decl in DECLARATIONS.items() for name in decl.FUNCTIONS]
    + [f"random.Generator.{name}" for name in _declarations_random.GENERATOR_METHODS]
)


tool = tool_fixture("gen_numpy_api")


def ours(path: str) -> Any:
    obj: Any = unp
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def numpys(path: str) -> Any:
    obj: Any = np
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


# -- declarations ------------------------------------------------------------


@pytest.mark.parametrize("sub", SUBMODULES)
def test_every_public_callable_is_declared_or_excluded(tool: ModuleType, sub: str) -> None:
    public = set(tool.public_callables(sub))
    declared = {f"{sub}.{name}" for name in DECLARATIONS[sub].FUNCTIONS}
    if sub == "random":
        declared.add("random.Generator")  # the class; its methods are checked below
    excluded = {name for name in tool.EXCLUDED
                if name.startswith(f"{sub}.") and not name.startswith("random.Generator.")}
    missing = public - declared - excluded
    assert not missing, f"declare these or list them in EXCLUDED with a reason: {sorted(missing)}"
    assert not declared & excluded
    stale = (declared | excluded) - public
    assert not stale, f"no longer public in NumPy {np.__version__}: {sorted(stale)}"
    assert all(len(tool.EXCLUDED[name]) > 10 for name in excluded)


def test_every_generator_method_is_declared_or_excluded(tool: ModuleType) -> None:
    public = set(tool.generator_methods())
    declared = {f"random.Generator.{name}" for name in _declarations_random.GENERATOR_METHODS}
    excluded = {name for name in tool.EXCLUDED if name.startswith("random.Generator.")}
    assert public == declared | excluded and not declared & excluded


def test_counts() -> None:
    assert len(_declarations_linalg.FUNCTIONS) == 31  # + LinAlgError and test: NumPy's 33
    assert len(_declarations_fft.FUNCTIONS) == 18  # + test: NumPy's 19
    assert len(_declarations_random.FUNCTIONS) >= 50
    assert len(_declarations_random.GENERATOR_METHODS) >= 40


@pytest.mark.parametrize("sub", SUBMODULES)
def test_regenerating_reproduces_the_checked_in_files(tool: ModuleType, sub: str) -> None:
    if np.__version__ != DECLARATIONS[sub].NUMPY_VERSION:
        pytest.skip(f"declarations generated with another NumPy than {np.__version__}")
    assert tool.render_submodule(sub) == tool.submodule_target(sub).read_text()


@pytest.mark.parametrize("path", DECLARED)
def test_signature_doc_and_domain_are_numpys(tool: ModuleType, path: str) -> None:
    function = ours(path)
    sub, _, rest = path.partition(".")
    assert function.__name__ == rest.rpartition(".")[2] and function.__qualname__ == rest
    assert function.__module__ == f"overridable.numpy.{sub}"
    assert function.domain == f"numpy.{sub}"
    assert "Overridable" in function.__doc__ and ours(path) is function
    assert unp.numpy_backend.implementations[function] is not None
    assert unp.nep18_backend.implementations[function] is not None
    if path in ("random.ranf", "random.sample"):  # NumPy's are (*args, **kwargs)
        return
    mine = inspect.signature(function).parameters.values()
    theirs = inspect.signature(numpys(path)).parameters.values()
    if path in tool.EXTENSIONS:  # fft.fftfreq(dtype=): tests/test_numpy_api.py checks those
        theirs = tool.stub_signature(tool.EXTENSIONS[path][0]).parameters.values()
    assert [(p.name, p.kind) for p in mine] == [(p.name, p.kind) for p in theirs]


def test_namespaces() -> None:
    for sub in SUBMODULES:
        module = importlib.import_module(f"overridable.numpy.{sub}")
        assert getattr(unp, sub) is module and sub in dir(unp) and sub in unp.__all__
        names = set(DECLARATIONS[sub].FUNCTIONS)
        assert names <= set(dir(module)) and names <= set(module.__all__)
        with pytest.raises(AttributeError):
            module.not_a_numpy_function  # noqa: B018
        assert f"numpy.{sub}" == module.DOMAIN
    assert unp.linalg.LinAlgError is np.linalg.LinAlgError
    for cls in ("BitGenerator", "SeedSequence", "PCG64", "MT19937", "Philox", "SFC64",
                "PCG64DXSM", "RandomState"):
        assert getattr(unp.random, cls) is getattr(np.random, cls)
    assert len(unp.linalg.functions()) == 31 and len(unp.fft.functions()) == 18
    assert len(unp.random.functions()) == len(_declarations_random.FUNCTIONS) + len(
        _declarations_random.GENERATOR_METHODS)
    assert set(_declarations_random.GENERATOR_METHODS) <= set(dir(unp.random.Generator))
    with pytest.raises(AttributeError):
        unp.random.Generator.not_a_method  # noqa: B018


# -- values --------------------------------------------------------------------

_rng = np.random.default_rng(3)
SQ = _rng.standard_normal((3, 3))
SPD = SQ @ SQ.T + 3 * np.eye(3)
RECT = _rng.standard_normal((4, 3))
VEC = _rng.standard_normal(3)
B4 = _rng.standard_normal(4)
STACK = _rng.standard_normal((2, 3, 3))
T4 = (np.eye(24) + 0.1 * _rng.standard_normal((24, 24))).reshape(4, 6, 8, 3)
TA = _rng.standard_normal((2, 3, 6))
TB = _rng.standard_normal((2, 3))
SIGNAL = _rng.standard_normal(8)
GRID = _rng.standard_normal((4, 6))
CGRID = GRID + 1j * _rng.standard_normal((4, 6))

LINALG: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("cholesky", (SPD,), {}),
    ("cholesky", (SPD,), {"upper": True}),
    ("cond", (SQ,), {}),
    ("cond", (SQ, "fro"), {}),
    ("cross", ([1.0, 0.0, 0.0], [0.0, 1.0, 0.0]), {}),
    ("cross", (RECT, RECT[::-1]), {"axis": -1}),
    ("det", (SQ,), {}),
    ("det", (STACK,), {}),
    ("diagonal", (RECT,), {"offset": 1}),
    ("eig", (SQ,), {}),
    ("eigh", (SPD,), {}),
    ("eigh", (SPD, "U"), {}),
    ("eigvals", (SQ,), {}),
    ("eigvalsh", (SPD,), {"UPLO": "U"}),
    ("inv", (SQ,), {}),
    ("inv", ([[1, 2], [3, 4]],), {}),
    ("lstsq", (RECT, B4), {"rcond": None}),
    ("matmul", (SQ, RECT.T), {}),
    ("matrix_norm", (SQ,), {}),
    ("matrix_norm", (STACK,), {"ord": "nuc", "keepdims": True}),
    ("matrix_power", (SQ, 3), {}),
    ("matrix_power", ([[1, 1], [0, 1]], 4), {}),
    ("matrix_rank", (RECT,), {}),
    ("matrix_rank", (np.ones((3, 3)),), {"tol": 1e-8}),
    ("matrix_transpose", (STACK,), {}),
    ("multi_dot", ([SQ, SQ, VEC],), {}),
    ("multi_dot", ([SQ, SQ],), {"out": np.empty((3, 3))}),
    ("norm", (VEC,), {}),
    ("norm", (RECT, "fro"), {}),
    ("norm", (RECT,), {"ord": 1, "axis": 0, "keepdims": True}),
    ("outer", (VEC, B4), {}),
    ("pinv", (RECT,), {}),
    ("pinv", (RECT,), {"rtol": 1e-3}),
    ("qr", (RECT,), {}),
    ("qr", (RECT, "r"), {}),
    ("slogdet", (SQ,), {}),
    ("solve", (SQ, VEC), {}),
    ("solve", (STACK, STACK), {}),
    ("svd", (RECT,), {}),
    ("svd", (RECT,), {"full_matrices": False}),
    ("svd", (RECT, True, False), {}),
    ("svdvals", (RECT,), {}),
    ("tensordot", (SQ, SQ), {"axes": 1}),
    ("tensorinv", (T4,), {}),
    ("tensorinv", (T4.reshape(24, 4, 6),), {"ind": 1}),
    ("tensorsolve", (TA, TB), {}),
    ("trace", (SQ,), {}),
    ("trace", (STACK,), {"offset": 1, "dtype": np.float32}),
    ("vecdot", (RECT, RECT), {}),
    ("vecdot", (RECT, RECT), {"axis": 0}),
    ("vector_norm", (RECT,), {}),
    ("vector_norm", (RECT,), {"axis": 0, "ord": 1, "keepdims": True}),
]

FFT: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("fft", (SIGNAL,), {}),
    ("fft", (SIGNAL, 5), {"norm": "ortho"}),
    ("fft", ([1, 0, 0, 0],), {}),
    ("ifft", (SIGNAL,), {"n": 10, "norm": "forward"}),
    ("fft2", (GRID,), {}),
    ("fft2", (GRID,), {"s": (2, 3), "axes": (0, 1)}),
    ("ifft2", (CGRID,), {}),
    ("fftn", (CGRID,), {}),
    ("fftn", (GRID,), {"axes": (1,), "norm": "ortho"}),
    ("ifftn", (CGRID,), {"s": (4, 4), "axes": (0, 1)}),
    ("rfft", (SIGNAL,), {}),
    ("rfft", (GRID,), {"axis": 0}),
    ("irfft", (np.fft.rfft(SIGNAL),), {}),
    ("irfft", (np.fft.rfft(SIGNAL), 8), {}),
    ("rfft2", (GRID,), {}),
    ("irfft2", (np.fft.rfft2(GRID),), {"s": GRID.shape}),
    ("rfftn", (GRID,), {}),
    ("irfftn", (np.fft.rfftn(GRID),), {}),
    ("hfft", (CGRID[0],), {}),
    ("hfft", (CGRID[0], 6), {}),
    ("ihfft", (SIGNAL,), {}),
    ("fftfreq", (8,), {}),
    ("fftfreq", (5, 0.1), {}),
    ("rfftfreq", (8,), {"d": 0.5}),
    ("fftshift", (GRID,), {}),
    ("fftshift", (SIGNAL,), {"axes": 0}),
    ("ifftshift", (GRID,), {"axes": (1,)}),
]


def assert_same(mine: Any, theirs: Any) -> None:
    if isinstance(theirs, (tuple, list)):
        assert type(mine) is type(theirs)
        assert len(mine) == len(theirs)
        for m, t in zip(mine, theirs, strict=True):
            assert_same(m, t)
    elif isinstance(theirs, (np.ndarray, np.generic)):
        assert type(mine) is type(theirs)
        assert mine.shape == theirs.shape and mine.dtype == theirs.dtype
        if theirs.dtype.kind in "fc":
            assert_allclose(mine, theirs, rtol=1e-12, atol=1e-12)
        else:
            assert_array_equal(mine, theirs)
    elif isinstance(theirs, dict):
        assert type(mine) is dict and list(mine) == list(theirs)
        for key in theirs:
            assert_same(mine[key], theirs[key])
    elif isinstance(theirs, np.random.Generator):
        assert type(mine) is type(theirs)
        assert_same(mine.random(3), theirs.random(3))
    else:
        assert type(mine) is type(theirs)
        assert mine == theirs


def _ids(cases: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> list[str]:
    return [f"{c[0]}-{i}" for i, c in enumerate(cases)]


@pytest.mark.parametrize(("name", "args", "kwargs"), LINALG, ids=_ids(LINALG))
def test_linalg_value_matches_numpy(name: str, args: tuple[Any, ...],
                                    kwargs: dict[str, Any]) -> None:
    assert_same(getattr(unp.linalg, name)(*args, **kwargs),
                getattr(np.linalg, name)(*args, **kwargs))


@pytest.mark.parametrize(("name", "args", "kwargs"), FFT, ids=_ids(FFT))
def test_fft_value_matches_numpy(name: str, args: tuple[Any, ...],
                                 kwargs: dict[str, Any]) -> None:
    assert_same(getattr(unp.fft, name)(*args, **kwargs), getattr(np.fft, name)(*args, **kwargs))


@pytest.mark.parametrize(("sub", "cases"), [("linalg", LINALG), ("fft", FFT)])
def test_every_function_has_a_value_case(
        sub: str, cases: list[tuple[str, tuple[Any, ...], dict[str, Any]]]) -> None:
    assert {c[0] for c in cases} == set(DECLARATIONS[sub].FUNCTIONS)


def test_out_and_errors_are_numpys() -> None:
    out = np.empty(8, dtype=complex)
    assert unp.fft.fft(SIGNAL, out=out) is out
    assert_allclose(out, np.fft.fft(SIGNAL))
    with pytest.raises(unp.linalg.LinAlgError, match="Singular"):
        unp.linalg.inv(np.zeros((2, 2)))


# (name, args, kwargs) of numpy.random's module functions and Generator methods: every
# one runs with the same seed through overridable.numpy and NumPy.
RANDOM: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("beta", (2.0, 3.0, 4), {}),
    ("binomial", (10, [0.2, 0.7]), {}),
    ("bytes", (5,), {}),
    ("chisquare", (3.0,), {"size": 3}),
    ("choice", (5, 3), {}),
    ("choice", ([1.5, 2.5, 3.5],), {"size": 4, "p": [0.2, 0.3, 0.5]}),
    ("dirichlet", ([1.0, 2.0, 3.0], 2), {}),
    ("exponential", (2.0, (2, 2)), {}),
    ("f", (3.0, 4.0, 3), {}),
    ("gamma", (2.0,), {"scale": 2.0, "size": 3}),
    ("geometric", (0.3, 5), {}),
    ("gumbel", (), {"size": 3}),
    ("hypergeometric", (10, 5, 4, 3), {}),
    ("laplace", (1.0, 2.0, 3), {}),
    ("logistic", (), {"loc": [0.0, 10.0]}),
    ("lognormal", (0.0, 0.5, 3), {}),
    ("logseries", (0.6, 3), {}),
    ("multinomial", (10, [0.2, 0.3, 0.5], 2), {}),
    ("multivariate_normal", ([0.0, 1.0], np.eye(2), 3), {}),
    ("negative_binomial", (5, 0.5, 3), {}),
    ("noncentral_chisquare", (3.0, 1.5, 3), {}),
    ("noncentral_f", (3.0, 4.0, 1.5, 3), {}),
    ("normal", (), {}),
    ("normal", (1.0, 2.0, (2, 3)), {}),
    ("normal", (np.arange(3.0),), {"scale": 0.1}),
    ("pareto", (3.0, 3), {}),
    ("permutation", (10,), {}),
    ("permutation", (np.arange(6).reshape(3, 2),), {}),
    ("poisson", (4.0, 5), {}),
    ("power", (2.0, 3), {}),
    ("rayleigh", (), {"scale": 2.0, "size": 3}),
    ("standard_cauchy", (3,), {}),
    ("standard_exponential", (3,), {}),
    ("standard_gamma", (2.0, 3), {}),
    ("standard_normal", ((2, 2),), {}),
    ("standard_t", (5.0, 3), {}),
    ("triangular", (0.0, 1.0, 3.0, 3), {}),
    ("uniform", (-1.0, 1.0, 4), {}),
    ("vonmises", (0.0, 4.0, 3), {}),
    ("wald", (1.0, 2.0, 3), {}),
    ("weibull", (1.5, 3), {}),
    ("zipf", (2.0, 3), {}),
]
# Only the legacy module functions.
RANDOM_MODULE = [
    *RANDOM,
    ("rand", (), {}),
    ("rand", (2, 3), {}),
    ("randn", (4,), {}),
    ("randint", (10,), {"size": 5}),
    ("randint", (-5, 5, 3), {"dtype": np.int16}),
    ("random", (3,), {}),
    ("random_sample", ((2, 2),), {}),
    ("ranf", (3,), {}),
    ("sample", (), {"size": 2}),
]
# Only the Generator methods.
RANDOM_GENERATOR = [
    *RANDOM,
    ("choice", (np.arange(12).reshape(4, 3), 2), {"axis": 1, "replace": False,
                                                   "shuffle": False}),
    ("integers", (10,), {"size": 5}),
    ("integers", (-5, 5, 3), {"dtype": np.int16, "endpoint": True}),
    ("multivariate_hypergeometric", ([4, 3, 2], 5, 2), {}),
    ("multivariate_normal", ([0.0, 1.0], np.eye(2)), {"size": 2, "method": "cholesky"}),
    ("permutation", (np.arange(6).reshape(3, 2),), {"axis": 1}),
    ("permuted", (np.arange(6).reshape(2, 3),), {"axis": 1}),
    ("random", (3,), {}),
    ("random", (), {"size": 2, "dtype": np.float32}),
    ("standard_exponential", (3,), {"method": "inv"}),
    ("standard_gamma", (2.0, 3), {"dtype": np.float32}),
    ("standard_normal", (), {"size": 3, "dtype": np.float32}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), RANDOM_MODULE, ids=_ids(RANDOM_MODULE))
def test_random_function_matches_numpy_for_the_same_seed(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    np.random.seed(1234)
    theirs = getattr(np.random, name)(*args, **kwargs)
    unp.random.seed(1234)
    assert_same(getattr(unp.random, name)(*args, **kwargs), theirs)


@pytest.mark.parametrize(("name", "args", "kwargs"), RANDOM_GENERATOR,
                         ids=_ids(RANDOM_GENERATOR))
def test_generator_method_matches_numpy_for_the_same_seed(
        name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    theirs = getattr(np.random.default_rng(99), name)(*args, **kwargs)
    rng = unp.random.default_rng(99)
    assert type(rng) is np.random.Generator
    assert_same(getattr(unp.random.Generator, name)(rng, *args, **kwargs), theirs)


def test_every_random_function_has_a_value_case() -> None:
    state = {"seed", "get_state", "set_state", "get_bit_generator", "set_bit_generator",
             "shuffle", "default_rng"}  # tested below
    assert {c[0] for c in RANDOM_MODULE} | state == set(_declarations_random.FUNCTIONS)
    assert {c[0] for c in RANDOM_GENERATOR} | {"shuffle", "spawn"} == set(
        _declarations_random.GENERATOR_METHODS)


def test_random_state_functions_are_numpys() -> None:
    unp.random.seed(5)
    state = unp.random.get_state()
    np.random.seed(5)
    assert_same(state, np.random.get_state())
    first = unp.random.rand(3)
    unp.random.set_state(state)
    assert_same(unp.random.rand(3), first)
    assert unp.random.get_bit_generator() is np.random.get_bit_generator()
    assert_same(unp.random.get_state(legacy=False), np.random.get_state(legacy=False))
    original = np.random.get_bit_generator()
    try:
        unp.random.set_bit_generator(unp.random.MT19937(8))
        theirs = np.random.RandomState(unp.random.MT19937(8)).random_sample(3)
        assert_same(unp.random.random_sample(3), theirs)
    finally:
        np.random.set_bit_generator(original)


def test_shuffle_spawn_and_seeds() -> None:
    x, y = np.arange(10), np.arange(10)
    np.random.seed(3)
    np.random.shuffle(x)
    unp.random.seed(3)
    assert unp.random.shuffle(y) is None
    assert_array_equal(x, y)
    x, y = np.arange(6).reshape(3, 2), np.arange(6).reshape(3, 2)
    np.random.default_rng(4).shuffle(x, axis=1)
    unp.random.Generator.shuffle(unp.random.default_rng(4), y, 1)
    assert_array_equal(x, y)
    assert_same(unp.random.Generator.spawn(unp.random.default_rng(4), 2),
                np.random.default_rng(4).spawn(2))
    for seed in (None, 7, [1, 2], unp.random.SeedSequence(7), unp.random.PCG64(7),
                 np.random.default_rng(7)):
        assert type(unp.random.default_rng(seed)) is np.random.Generator
    assert_same(unp.random.default_rng(unp.random.SeedSequence(7)), np.random.default_rng(7))
    assert_same(unp.random.Generator(unp.random.PCG64(7)), np.random.default_rng(7))
    rng = np.random.default_rng(1)
    assert unp.random.default_rng(rng) is rng


# -- dispatch ------------------------------------------------------------------


def test_an_fft_backend_serves_unp_fft_alone() -> None:
    x = np.arange(4.0)
    fftlib = ov.Backend("numpy.fft", name="fftlib", absorbs=[np.ndarray],
                        implementations={unp.fft.fft: lambda a, *rest: ("fftlib", a.size)})
    with ov.reset_state():
        ov.set_global_backend(fftlib)
        assert unp.fft.fft(x) == ("fftlib", 4)
        assert ov.explain(unp.fft.fft, x).chosen is fftlib
        assert_same(unp.sum(x), np.sum(x))  # domain "numpy": fftlib is not asked
        assert ov.explain(unp.sum, x).chosen is unp.numpy_backend
        assert_same(unp.fft.rfft(x), np.fft.rfft(x))  # fftlib lacks it: NumPy serves it
        assert_same(unp.linalg.norm(x), np.linalg.norm(x))
    assert_same(unp.fft.fft(x), np.fft.fft(x))  # the global backend is restored


def test_a_linalg_backend_in_a_block() -> None:
    la = ov.Backend("numpy.linalg", name="la", absorbs=[np.ndarray],
                    implementations={unp.linalg.det: lambda a: "la det"})
    with ov.set_backend(la):
        assert unp.linalg.det(SQ) == "la det"
        assert_same(unp.linalg.inv(SQ), np.linalg.inv(SQ))
        assert_same(unp.fft.fft(SIGNAL), np.fft.fft(SIGNAL))


class ToyGenerator:
    """Another library's generator (``default_rng()`` passes no seed: it takes none too)."""

    def __init__(self, seed: Any = None) -> None:
        self.seed = seed


def test_generator_methods_dispatch_on_the_generator() -> None:
    toy = ov.Backend("numpy.random", name="toy", types=[ToyGenerator], implementations={
        unp.random.default_rng: ToyGenerator,
        unp.random.Generator.normal:
            lambda self, loc=0.0, scale=1.0, size=None: ("toy", self.seed, size),
    })
    with ov.set_backend(toy):
        rng = unp.random.default_rng(3)
        assert type(rng) is ToyGenerator
        assert unp.random.Generator.normal(rng, size=2) == ("toy", 3, 2)
        numpy_rng = unp.random.default_rng(np.random.default_rng(3))  # NumPy's seed
        assert type(numpy_rng) is np.random.Generator
        assert_same(unp.random.Generator.normal(numpy_rng, size=2),
                    np.random.default_rng(3).normal(size=2))
    with pytest.raises(TypeError, match=r"applies to numpy\.random\.Generator objects"):
        unp.random.Generator.normal(rng)  # toy is not active: NumPy's method refuses rng
    with ov.reset_state():
        ov.register_backend(toy)
        assert unp.random.Generator.normal(rng, 0.0, 1.0, 5) == ("toy", 3, 5)
        assert ov.explain(unp.random.Generator.normal, rng).chosen is toy
        # A backend of the more specific domain comes before the global NumPy backend.
        assert type(unp.random.default_rng(3)) is ToyGenerator
        assert type(unp.random.default_rng(np.random.PCG64(3))) is np.random.Generator
    assert ov.explain(unp.random.Generator.normal, numpy_rng).chosen is unp.numpy_backend


def test_generator_isinstance() -> None:
    assert isinstance(np.random.default_rng(), unp.random.Generator)
    assert not isinstance(ToyGenerator(0), unp.random.Generator)
    assert not isinstance(np.random.RandomState(0), unp.random.Generator)
