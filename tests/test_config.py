"""Configuration from the environment (OVERRIDABLE_LOG, OVERRIDABLE_BACKEND) and logging."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

import overridable as ov
from overridable import _config


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


def test_invalid_backend_names_the_valid_ones():
    out = _run("import overridable", OVERRIDABLE_BACKEND="nonesuch")
    assert out.returncode != 0
    assert "OVERRIDABLE_BACKEND='nonesuch' is not a known backend; use one of:" in out.stderr
    assert "numpy" in out.stderr.splitlines()[-1]


def test_invalid_log_level_names_the_valid_ones():
    out = _run("import overridable", OVERRIDABLE_LOG="chatty")
    assert out.returncode != 0
    assert ("OVERRIDABLE_LOG='chatty' is not valid; use one of: debug, info, warning, error, off"
            in out.stderr)


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
        _config.configure_logging("info")
        assert len(logger.handlers) == len(before) + 1
        _config.configure_logging("off")
        assert logger.handlers == before
    finally:
        logger.setLevel(level)
    with pytest.raises(ValueError, match="use one of: debug, info, warning, error, off"):
        _config.apply({"OVERRIDABLE_LOG": "verbose"})
