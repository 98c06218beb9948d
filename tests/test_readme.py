"""The README keeps its promises: its engine example runs, its quick start is what CI runs."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import overridable as ov

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def test_engine_example_runs() -> None:
    before = ov.get_state().globals.domains
    result = doctest.testfile(str(README), module_relative=False,
                              optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
    assert ov.get_state().globals.domains == before


def test_quick_start_is_two_commands_and_ci_runs_the_test_command() -> None:
    text = README.read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```bash\n(.*?)```", text, re.DOTALL)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert commands[0].endswith("python -m overridable demo")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    # .ci/run runs each check through its step() helper: `step python -m pytest`
    assert any(line.strip() in (commands[1], f"step {commands[1]}") for line in ci)
