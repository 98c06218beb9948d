"""uarray's own test suite and doctests, run against overridable through a module alias.

uarray's code is not committed here: the tests fetch the uarray sdist from PyPI with
pip into ``.cache/uarray-sdist/`` (git-ignored; reused when present) and run

- ``src/uarray/tests/test_uarray.py`` in a ``python -m pytest`` subprocess whose
  ``conftest.py`` makes ``import uarray`` give ``overridable``;
- the doctests of ``src/uarray/__init__.py`` and ``src/uarray/_backend.py``, read
  from the source (uarray's modules are never imported), with ``ua`` and uarray's
  public names bound to overridable's and ``ex`` to uarray's example helpers
  imported against the alias.

A failed download fails the tests: CI has network access to PyPI.
"""

from __future__ import annotations

import ast
import doctest
import hashlib
import importlib.util
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import overridable as ov

UARRAY_VERSION = "0.9.4"
SDIST_NAME = f"uarray-{UARRAY_VERSION}.tar.gz"
#: PyPI's digest of the sdist; a cached file that differs is fetched again.
SDIST_SHA256 = "a6b63be7124884be095878d397a753260c169cbdf89095419895a8bee7af62e0"
CACHE_DIR = Path(__file__).resolve().parents[1] / ".cache" / "uarray-sdist"

#: uarray tests and doctests that cannot pass against overridable because they test
#: uarray's private internals, with the reason. Keys: ``"test_uarray.py::<test>"`` or
#: ``"<file>::<docstring owner>"``. Verified empty: everything passes.
EXCLUDED: dict[str, str] = {}

#: The number of tests in uarray 0.9.4's test_uarray.py.
EXPECTED_TESTS = 21
#: The docstrings with examples in uarray 0.9.4, and the examples in them together.
DOCTESTS = [
    "__init__.py::<module>",
    "_backend.py::generate_multimethod",
    "_backend.py::Dispatchable",
    "_backend.py::mark_as",
    "_backend.py::all_of_type",
    "_backend.py::determine_backend",
    "_backend.py::determine_backend_multi",
]
MIN_DOCTEST_EXAMPLES = 35
DOCTEST_FLAGS = doctest.IGNORE_EXCEPTION_DETAIL | doctest.ELLIPSIS

CONFTEST = '''\
"""Make ``import uarray`` give overridable (written by overridable's test_uarray_compat)."""
import json
import sys
from pathlib import Path

import overridable

sys.modules["uarray"] = overridable


def pytest_collection_modifyitems(session, config, items):
    # Proof for the parent test that the suite really ran against overridable.
    names = sorted({item.module.ua.__name__ for item in items})
    Path(__file__).with_name("alias.json").write_text(json.dumps(names))
'''


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fetch_sdist() -> Path:
    """The uarray sdist, from the cache or downloaded into it with pip."""
    sdist = CACHE_DIR / SDIST_NAME
    if sdist.is_file() and _sha256(sdist) == SDIST_SHA256:
        return sdist
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE_DIR) as tmp:
        # "--no-binary uarray", not ":all:": pip prepares the sdist's metadata, which
        # installs its build requirements, and ":all:" would build those (cmake among
        # them) from source too, for many minutes.
        cmd = [sys.executable, "-m", "pip", "download", f"uarray=={UARRAY_VERSION}",
               "--no-deps", "--no-binary", "uarray", "-d", tmp]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        except subprocess.TimeoutExpired as exc:
            pytest.fail(f"{' '.join(cmd)} timed out: {exc}")
        if proc.returncode != 0:
            pytest.fail(f"could not download the uarray sdist with {' '.join(cmd)}:\n"
                        f"{proc.stdout}\n{proc.stderr}")
        downloaded = Path(tmp) / SDIST_NAME
        if not downloaded.is_file():
            pytest.fail(f"pip download left {sorted(os.listdir(tmp))}, not {SDIST_NAME}")
        digest = _sha256(downloaded)
        if digest != SDIST_SHA256:
            pytest.fail(f"{SDIST_NAME} from PyPI has sha256 {digest}, expected {SDIST_SHA256}")
        os.replace(downloaded, sdist)  # atomic: a concurrent run sees all of it or none
    return sdist


@pytest.fixture(scope="module")
def uarray_src(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``src/uarray`` of the extracted sdist."""
    sdist = _fetch_sdist()
    root = tmp_path_factory.mktemp("uarray-sdist")
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4
            tar.extractall(root, filter="data")
        else:
            tar.extractall(root)
    src = root / f"uarray-{UARRAY_VERSION}" / "src" / "uarray"
    assert (src / "tests" / "test_uarray.py").is_file()
    return src


@pytest.fixture(scope="module")
def example_helpers(uarray_src: Path):
    """uarray's tests/example_helpers.py, imported with ``uarray`` aliased to overridable."""
    spec = importlib.util.spec_from_file_location(
        "uarray_tests_example_helpers", uarray_src / "tests" / "example_helpers.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "uarray", ov)
        spec.loader.exec_module(module)
    assert module.ua is ov
    return module


@pytest.fixture(scope="module")
def uarray_doctests(uarray_src: Path) -> dict[str, tuple[str, str, int]]:
    """``"<file>::<owner>"`` -> (docstring, filename, 0-based line), for docstrings with
    examples."""
    found = {}
    for filename in ("__init__.py", "_backend.py"):
        path = uarray_src / filename
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(
                node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            ):
                continue
            doc = ast.get_docstring(node, clean=False)
            if doc is None or ">>>" not in doc:
                continue
            owner = "<module>" if isinstance(node, ast.Module) else node.name
            found[f"{filename}::{owner}"] = (doc, str(path), node.body[0].lineno - 1)
    return found


def test_excluded_entries_name_real_tests(uarray_src: Path, uarray_doctests) -> None:
    tests = _defined_tests(uarray_src)
    for key, reason in EXCLUDED.items():
        assert reason.strip(), key
        file, _, name = key.partition("::")
        assert (file == "test_uarray.py" and name in tests) or key in uarray_doctests, key


def _defined_tests(uarray_src: Path) -> set[str]:
    source = (uarray_src / "tests" / "test_uarray.py").read_text(encoding="utf-8")
    return set(re.findall(r"^def (test_\w+)\(", source, flags=re.MULTILINE))


def test_uarray_test_suite_passes_against_overridable(uarray_src: Path, tmp_path: Path) -> None:
    defined = _defined_tests(uarray_src)
    assert len(defined) == EXPECTED_TESTS
    excluded = {k.partition("::")[2] for k in EXCLUDED if k.startswith("test_uarray.py::")}
    work = tmp_path / "suite"
    work.mkdir()
    (work / "test_uarray.py").write_bytes((uarray_src / "tests" / "test_uarray.py").read_bytes())
    (work / "conftest.py").write_text(CONFTEST)
    (work / "pytest.ini").write_text("[pytest]\n")  # keep out any configuration above tmp
    report = work / "report.xml"
    cmd = [
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
        f"--junitxml={report}", "test_uarray.py",
        *(f"--deselect=test_uarray.py::{name}" for name in sorted(excluded)),
    ]
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=300)
    output = f"{proc.stdout}\n{proc.stderr}"
    assert proc.returncode == 0, output

    assert (work / "alias.json").read_text() == '["overridable"]'
    suite = ET.parse(report).getroot()
    if suite.tag == "testsuites":
        suite = suite.find("testsuite")
    assert suite is not None, output
    counts = {k: int(suite.get(k, -1)) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {
        "tests": EXPECTED_TESTS - len(excluded), "failures": 0, "errors": 0, "skipped": 0,
    }, output
    passed = {case.get("name") for case in suite.iter("testcase")}
    assert passed == defined - excluded


def test_uarray_doctests_are_all_found(uarray_doctests) -> None:
    assert sorted(uarray_doctests) == sorted(DOCTESTS)
    parser = doctest.DocTestParser()
    examples = sum(len(parser.get_examples(doc)) for doc, _, _ in uarray_doctests.values())
    assert examples >= MIN_DOCTEST_EXAMPLES


@pytest.mark.parametrize("key", [k for k in DOCTESTS if k not in EXCLUDED])
def test_uarray_doctest(key: str, uarray_doctests, example_helpers, monkeypatch) -> None:
    doc, filename, lineno = uarray_doctests[key]
    globs = {name: getattr(ov, name) for name in ov.__all__}
    globs.update(ua=ov, ex=example_helpers)
    test = doctest.DocTestParser().get_doctest(doc, globs, key, filename, lineno)
    runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
    out: list[str] = []
    monkeypatch.setitem(sys.modules, "uarray", ov)  # the examples import uarray
    with ov.reset_state():
        result = runner.run(test, out=out.append, clear_globs=True)
    assert result.failed == 0, "".join(out)
    assert result.attempted == len(test.examples) > 0
