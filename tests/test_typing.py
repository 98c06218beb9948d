"""Type hints: the generated stubs of overridable.numpy are current, complete, and let mypy
check ordinary user code (and catch its mistakes)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from _scripts import TOOLS, load_file

import overridable.numpy as unp

SAMPLES = Path(__file__).resolve().parent / "typing_samples"


def test_stubs_are_current():
    tool = load_file("gen_numpy_stubs", TOOLS / "gen_numpy_stubs.py")
    assert tool.main(["--check"]) == 0, "run python tools/gen_numpy_stubs.py"


@pytest.mark.parametrize("module", [unp, unp.linalg, unp.fft, unp.random])
def test_stubs_name_every_public_name(module):
    text = (Path(unp.__file__).parent / (
        "__init__.pyi" if module is unp else f"{module.__name__.rsplit('.', 1)[1]}.pyi")
    ).read_text()
    declared = set(re.findall(r"^def (\w+)\(|^(\w+):|import \w+ as (\w+)$", text, re.M))
    names = {n for group in declared for n in group if n}
    assert set(module.__all__) <= names


def _mypy(path: Path) -> tuple[str, int]:
    # mypy comes with the lint extra; in CI it is installed and must run.
    if os.environ.get("CI") == "true":
        import mypy.api as api
    else:
        api = pytest.importorskip("mypy.api")
    out, err, status = api.run(["--strict", "--no-incremental", "--follow-imports=silent",
                                "--python-executable", sys.executable, str(path)])
    return out + err, status


def test_mypy_accepts_user_code():
    out, status = _mypy(SAMPLES / "user_code.py")
    assert status == 0, out


def test_mypy_catches_mistakes_through_the_stubs():
    out, status = _mypy(SAMPLES / "user_code_with_errors.py")
    assert status == 1
    assert 'Module has no attribute "zeross"' in out
    assert 'Unexpected keyword argument "axes" for "sum"' in out
    assert 'has no attribute "nrom"' in out
