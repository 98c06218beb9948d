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
    source = (SAMPLES / "user_code_with_errors.py").read_text().splitlines()
    by_code: dict[str, str] = {}
    for line in out.splitlines():
        if ": error: " in line:  # the first error of each line
            by_code.setdefault(source[int(line.split(":")[1]) - 1], line.split(": error: ")[1])
    assert by_code["unp.zeross(3)"].startswith('Module has no attribute "zeross"')
    assert by_code["unp.sum([1, 2], axes=0)"].startswith(
        'Unexpected keyword argument "axes" for overloaded function "sum"')
    assert 'has no attribute "nrom"' in by_code["unp.linalg.nrom([1.0])"]
    assert by_code['unp.mean(y, axis="0")'].startswith(
        'Argument "axis" to "mean" has incompatible type "str"; expected "SupportsIndex | '
        'Sequence[SupportsIndex] | None"')
    assert by_code["s: str = unp.mean(y)"].startswith(
        'Incompatible types in assignment (expression has type "ndarray[')
    assert by_code["ov.set_backend(42)"] == (
        'Argument 1 to "set_backend" has incompatible type "int"; expected '
        '"SupportsUA | Module | str"  [arg-type]')
    assert by_code["unp.ones(3, dtype=3.5)"].startswith(
        'Argument "dtype" to "ones" has incompatible type "float"')
    # Every mistake is caught, and nothing else is reported.
    assert {line for line in source if line and not line.startswith(("import", '"""', "y ="))} \
        == set(by_code)
