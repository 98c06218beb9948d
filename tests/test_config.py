"""Configuration from the environment (every OVERRIDABLE_* variable, one parser), logging,
and ``ov.config``."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

import overridable as ov
from overridable import _config, _env


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("OVERRIDABLE_")}
    full.update(env)
    return subprocess.run([sys.executable, "-c", code], env=full, capture_output=True,
                          text=True, timeout=120)


def test_backend_from_environment_becomes_global():
    out = _run("import overridable as ov, numpy as np\n"
               "import overridable.numpy as unp\n"
               "g = ov.get_state().globals.domains['numpy']\n"
               "print(g.backend.name, float(unp.sum(np.arange(4.0))))",
               OVERRIDABLE_BACKEND="numpy")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["numpy", "6.0"]


def test_invalid_backend_warns_names_the_valid_ones_and_is_ignored():
    out = _run("import overridable as ov\nprint(ov.get_state().globals.domains)",
               OVERRIDABLE_BACKEND="pytorch")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "{}"  # nothing installed
    [line] = out.stderr.splitlines()
    assert line.startswith(
        "environment:0: RuntimeWarning: OVERRIDABLE_BACKEND='pytorch' is not valid: unknown "
        "backend 'pytorch' (did you mean 'torch'?); installed backends: array_api, ")
    assert line.endswith("; ignored")


def test_the_diagnostic_tool_still_runs_with_bad_values():
    full = {k: v for k, v in os.environ.items() if not k.startswith("OVERRIDABLE_")}
    full.update(OVERRIDABLE_BACKEND="nonesuch", OVERRIDABLE_LOG="chatty",
                OVERRIDABLE_AUTO_REGISTER="maybe", OVERRIDABLE_PURE_PYTHON="sometimes")
    out = subprocess.run([sys.executable, "-m", "overridable", "--version"], env=full,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"overridable {ov.__version__}\n"
    assert len(out.stderr.strip().splitlines()) == 4  # one warning per variable


@pytest.mark.parametrize(("name", "value", "valid"), [
    ("OVERRIDABLE_LOG", "chatty", "use one of: debug, info, warning, error, off"),
    ("OVERRIDABLE_LOG", "1", "use one of: debug, info, warning, error, off"),
    ("OVERRIDABLE_AUTO_REGISTER", "maybe", "use on or off (or 1/0, true/false, yes/no)"),
    ("OVERRIDABLE_PURE_PYTHON", "2", "use on or off (or 1/0, true/false, yes/no)"),
    ("OVERRIDABLE_BACKEND", "torch,,dask",
     "use a backend name, or names separated by commas (torch,dask)"),
    ("OVERRIDABLE_BACKEND", "numpy,NumPy", "a name is given twice"),
])
def test_every_variable_has_one_parser_that_warns_and_ignores(name, value, valid):
    default = _env.VARIABLES[name].default
    with pytest.warns(RuntimeWarning) as caught:
        assert _env.read(name, {name: value}) == default
    assert [str(w.message) for w in caught] == [f"{name}={value!r} is not valid: {valid}; ignored"]
    with pytest.raises(ValueError, match=f"^{name}="):
        _env.parse(name, value)


@pytest.mark.parametrize(("value", "expected"), [
    ("1", True), ("ON", True), ("yes", True), ("true", True),
    ("0", False), ("off", False), ("No", False), ("FALSE", False), ("", True), ("  ", True),
])
def test_auto_register_values(value, expected):
    assert _env.read("OVERRIDABLE_AUTO_REGISTER", {"OVERRIDABLE_AUTO_REGISTER": value}) is (
        expected)


def test_priority_list_first_global_then_registered():
    out = _run("import overridable as ov, numpy as np, dask.array as da, torch\n"
               "import overridable.numpy as unp\n"
               "g = ov.get_state().globals.domains['numpy']\n"
               "print(g.backend.name, [r.name for r in g.registered][-1])\n"
               "print(type(unp.ones(2)).__name__, type(unp.sum(da.ones(3))).__name__)",
               OVERRIDABLE_BACKEND="Torch, dask")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["torch", "dask", "Tensor", "Array"]
    assert out.stderr == ""


def test_config_repr_shows_variables_and_the_active_state():
    out = _run("import overridable as ov, overridable.numpy\n"
               "with ov.set_backend('dask'):\n"
               "    print(ov.config)",
               OVERRIDABLE_BACKEND="numpy,sparse", OVERRIDABLE_AUTO_REGISTER="0")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "overridable.config"
    assert lines[1].split()[:2] == ["OVERRIDABLE_BACKEND", "'numpy,sparse'"]
    assert lines[3].split()[:2] == ["OVERRIDABLE_AUTO_REGISTER", "'0'"]
    assert lines[4].split()[:2] == ["OVERRIDABLE_PURE_PYTHON", "(unset)"]
    assert lines[5] == "  log: off; automatic registration: off"
    assert lines[6] in ("  dispatch: compiled C core", "  dispatch: pure Python")
    assert lines[7] == "  numpy: global numpy; registered numpy (NEP 18), sparse"
    assert lines[8] == ("  local, innermost first: set_backend(<overridable.Backend dask>, "
                        "coerce=False, only=False)")


def test_config_attributes():
    assert ov.config.log in _env.LOG_LEVELS
    assert ov.config.compiled is ov.compiled()
    previous = ov.set_auto_register(False)
    try:
        assert ov.config.auto_register is False
    finally:
        ov.set_auto_register(previous)
    assert all(k.startswith("OVERRIDABLE_") for k in ov.config.environment)


def test_debug_log_says_which_backend_and_why():
    out = _run("import overridable as ov, numpy as np\n"
               "import overridable.numpy as unp\n"
               "sets = ov.Backend('numpy', name='sets', types=[set])\n"
               "with ov.set_backend(sets):\n"
               "    unp.sum(np.ones(2)); unp.sum(np.ones(2))\n",
               OVERRIDABLE_LOG="debug")
    assert out.returncode == 0, out.stderr
    lines = [ln for ln in out.stderr.splitlines() if "overridable.numpy.sum" in ln]
    assert len(lines) == 1  # the second call is served from the cache: no new record
    assert "-> numpy [global, numpy] via its implementation" in lines[0]
    assert "sets [local, numpy]: conversion refused (does not accept ndarray)" in lines[0]


def test_resolutions_are_logged_at_debug_only_when_not_cached(caplog):
    @ov.multimethod("cfg", {"x": "array"})
    def f(x): ...

    be = ov.Backend("cfg", name="lists", types=[list], implementations={f: len})
    with caplog.at_level(logging.DEBUG, logger="overridable"), ov.set_backend(be):
        assert f([1, 2]) == 2
        assert f([1, 2, 3]) == 3
    records = [r.getMessage() for r in caplog.records if r.name == "overridable"]
    assert records == [f"{__name__}.{f.__qualname__}(list) -> lists [local, cfg] via its "
                       "implementation"]


def test_log_off_removes_the_handler():
    logger = logging.getLogger("overridable")
    before = list(logger.handlers)
    level = logger.level
    try:
        _config.set_log("info")
        assert len(logger.handlers) == len(before) + 1
        assert ov.config.log == "info"
        _config.set_log("off")
        assert logger.handlers == before
    finally:
        logger.setLevel(level)
    with pytest.raises(ValueError, match="use one of: debug, info, warning, error, off"):
        _config.set_log("verbose")
