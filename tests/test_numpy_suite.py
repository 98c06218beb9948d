"""``tools/run_numpy_tests.py``: its reviewed exclusions and rewrites hold, its parts work.

The run itself (NumPy's test modules, minutes) is a CI step of its own; these checks
are quick: the exclusions file parses, every entry has a reason, every rewrite still
finds its text in the installed NumPy, and a module rewritten for ``overridable.numpy``
binds ``np`` to the proxy.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("run_numpy_tests",
                                                  ROOT / "tools" / "run_numpy_tests.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_exclusions_are_reasoned_and_rewrites_apply(tool: ModuleType) -> None:
    exclusions, rewrites = tool.load_exclusions(tool.EXCLUSIONS)
    assert exclusions and rewrites
    for entry in exclusions:
        assert len(entry.reason) > 40 and entry.tests
        for test in entry.tests:
            assert test.split("::")[0] in tool.MODULES, test
    for rewrite in rewrites:
        text = (tool.numpy_dir() / rewrite.module).read_text()
        assert rewrite.old in text and rewrite.reason


def test_malformed_exclusions_stop_the_tool(tool: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text('[[exclude]]\ntests = ["a.py::b"]\n')  # no reason
    with pytest.raises(SystemExit) as stop:
        tool.load_exclusions(bad)
    assert stop.value.code == 2


def test_prepare_binds_np_to_the_proxy(tool: ModuleType, tmp_path: Path) -> None:
    module = "lib/tests/test_ufunclike.py"
    tool.prepare(tmp_path, [module], [])
    baseline = (tmp_path / "baseline" / module).read_text()
    ours = (tmp_path / "overridable" / module).read_text()
    assert "import numpy as np" in baseline
    assert f"import {tool.PROXY_NAME} as np" in ours and "import numpy as np\n" not in ours
    assert (tmp_path / "overridable" / f"{tool.PROXY_NAME}.py").exists()


def test_causes_group_alike_messages(tool: ModuleType) -> None:
    a = tool.cause("TypeError: f() takes from 1 to 2 positional arguments but 3 were given")
    b = tool.cause("TypeError: f() takes from 2 to 3 positional arguments but 4 were given")
    assert a == b
    assert tool.excluded_by("x.py::T::t[1]", [tool.Exclusion(["x.py::T::t[[]*"], "r")])
