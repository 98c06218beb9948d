"""NumPy's own test modules through ``overridable.numpy``, beside an unchanged baseline run.

The fidelity check of ``overridable.numpy`` as a drop-in for ``numpy``: the
chosen test modules of the installed NumPy are copied (with the data files
beside them) into a work directory twice, once unchanged (the *baseline*) and
once with their ``import numpy as np`` bound to ``overridable.numpy`` (names
``overridable.numpy`` does not provide, such as ``np.testing`` or the
``EXCLUDED`` ones, still come from NumPy: the test modules need them, and
they are not what is being checked; so do NumPy's classes but ``errstate``:
``np.ndarray`` and ``np.dtype``, which the tests build and subclass, where
``unp.ndarray`` and ``unp.dtype`` are ``isinstance`` checks, and ``np.finfo``,
where ``unp.finfo`` gives the array API's Python floats; ``np.random``,
``np.linalg`` and ``np.fft`` are overridable's with the same fallback).
Each copy of each module runs in its
own ``pytest`` subprocess (so memory is returned between modules), at most
``--jobs`` at a time, with NumPy's own conftest and the options of
``numpy.test()`` (``-m "not slow"``, Hypothesis derandomized, no database),
and outcomes are collected with ``pytest-json-report``.

A test *regresses* when it passes on the baseline and does not pass through
``overridable.numpy`` (fails, errors, is skipped or is missing). The report
gives per file the baseline passes, the passes kept, the excluded and the
regressing tests, then the regressions grouped by cause (the exception's
first line, numbers and addresses blanked). The exit status is 1 when a
regression is not listed in ``tools/numpy_tests_exclusions.toml``, the
reviewed list in which every entry says why (tests of NumPy internals such as
``type(np.add) is np.ufunc``); 2 when that file is malformed.

Usage::

    python tools/run_numpy_tests.py            # every module (about 4 minutes on 2 cores)
    python tools/run_numpy_tests.py --quick    # a subset (under a minute)
    python tools/run_numpy_tests.py --json figures.json lib/tests/test_arraypad.py

This tool imports NumPy and ``overridable`` only in its subprocesses.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXCLUSIONS = ROOT / "tools" / "numpy_tests_exclusions.toml"

#: The modules run by default, relative to the installed ``numpy`` package.
MODULES = (
    "lib/tests/test_function_base.py",
    "lib/tests/test_shape_base.py",
    "lib/tests/test_arraysetops.py",
    "lib/tests/test_nanfunctions.py",
    "lib/tests/test_twodim_base.py",
    "lib/tests/test_index_tricks.py",
    "lib/tests/test_type_check.py",
    "lib/tests/test_arraypad.py",
    "lib/tests/test_polynomial.py",
    "lib/tests/test_histograms.py",
    "lib/tests/test_ufunclike.py",
    "_core/tests/test_numeric.py",
    "_core/tests/test_shape_base.py",
    "_core/tests/test_function_base.py",
    "_core/tests/test_einsum.py",
    "_core/tests/test_umath.py",
    "_core/tests/test_ufunc.py",
    "_core/tests/test_multiarray.py",
    "_core/tests/test_datetime.py",
    "_core/tests/test_overrides.py",
    "linalg/tests/test_linalg.py",
    "fft/tests/test_helper.py",
    "fft/tests/test_pocketfft.py",
    "random/tests/test_generator_mt19937.py",
    "random/tests/test_generator_mt19937_regressions.py",
    "random/tests/test_random.py",
    "random/tests/test_randomstate.py",
    "random/tests/test_randomstate_regression.py",
    "random/tests/test_regression.py",
    "random/tests/test_seed_sequence.py",
    "random/tests/test_smoke.py",
    "random/tests/test_direct.py",
)
#: ``--quick``: one module of each kind, small enough for a pre-commit check.
QUICK = (
    "lib/tests/test_shape_base.py",
    "lib/tests/test_arraysetops.py",
    "lib/tests/test_type_check.py",
    "_core/tests/test_overrides.py",
    "_core/tests/test_shape_base.py",
    "fft/tests/test_helper.py",
    "random/tests/test_smoke.py",
)

#: The module the rewritten test modules import as ``np``.
PROXY = '''"""``np`` of the test modules: overridable.numpy, NumPy for the names it lacks."""
import sys
import types

import numpy as _numpy  # np._numpy: NumPy itself, for the reviewed rewrites
import overridable.numpy as _unp


class _Namespace(types.ModuleType):
    """overridable's module (or submodule), NumPy's for the names it lacks."""

    def __init__(self, name, ours, numpys):
        super().__init__(name)
        self._ours, self._numpys = ours, numpys

    def __getattr__(self, name):
        if name in ("_ours", "_numpys"):
            raise AttributeError(name)
        if name.startswith("__"):  # np.__config__, np.__version__: NumPy's
            return getattr(self._numpys, name)
        # NumPy's classes stay NumPy's: unp.ndarray and unp.dtype are isinstance checks that
        # follow the active backends, not classes to build or subclass, and unp.finfo gives
        # the array API's Python floats. errstate is declared as NumPy's state.
        if isinstance(getattr(self._numpys, name, None), type) and name != "errstate":
            return getattr(self._numpys, name)
        try:
            value = getattr(self._ours, name)
        except AttributeError:
            return getattr(self._numpys, name)
        if isinstance(value, types.ModuleType) and name in SUBMODULES:
            return SUBMODULES[name]
        return value

    def __dir__(self):
        return sorted(set(dir(self._ours)) | set(dir(self._numpys)))


SUBMODULES = {
    name: _Namespace(f"numpy.{name}", getattr(_unp, name), getattr(_numpy, name))
    for name in ("fft", "linalg", "random")
}


class _Top(types.ModuleType):
    def __getattr__(self, name):
        return _Namespace.__getattr__(_TOP, name)

    def __dir__(self):
        return _Namespace.__dir__(_TOP)


_TOP = _Namespace("np", _unp, _numpy)
sys.modules[__name__].__class__ = _Top
__version__ = _numpy.__version__
'''
PROXY_NAME = "_overridable_np"
#: ``import numpy as np`` on a line of its own, at any indentation.
IMPORT_NP = re.compile(r"^(\s*)import numpy as np\s*$", re.MULTILINE)

OUTCOMES = ("passed", "failed", "error", "skipped", "xfailed", "xpassed", "missing")


@dataclass
class Run:
    """One module on one side: its outcomes by test id, and how the process ended."""

    outcomes: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    returncode: int = 0
    seconds: float = 0.0
    problem: str = ""


def numpy_dir() -> Path:
    spec = find_spec("numpy")
    if spec is None or spec.origin is None:
        raise SystemExit("numpy is not installed")
    return Path(spec.origin).parent


def prepare(work: Path, modules: list[str], rewrites: list[Rewrite]) -> None:
    """Copy the test directories of ``modules`` to ``work/baseline`` and ``work/overridable``,
    rewriting the chosen modules of the second to import ``np`` from the proxy (and the
    reviewed ``rewrites``)."""
    source = numpy_dir()
    for side in ("baseline", "overridable"):
        root = work / side
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        shutil.copy(source / "conftest.py", root / "conftest.py")
        (root / "pytest.ini").write_text("[pytest]\n")
        for directory in sorted({str(Path(m).parent) for m in modules}):
            shutil.copytree(source / directory, root / directory,
                            ignore=shutil.ignore_patterns("__pycache__", "test_*.py"))
        for module in modules:
            text = (source / module).read_text()
            if side == "overridable":
                text, count = IMPORT_NP.subn(rf"\1import {PROXY_NAME} as np", text)
                if not count:
                    raise SystemExit(f"{module}: no 'import numpy as np' line to rebind")
                for rewrite in rewrites:
                    if rewrite.module == module:
                        if rewrite.old not in text:
                            raise SystemExit(f"{EXCLUSIONS.name}: {module} has no "
                                             f"{rewrite.old!r} to rewrite (remove the entry?)")
                        text = text.replace(rewrite.old, rewrite.new)
            (root / module).write_text(text)
        if side == "overridable":
            (root / f"{PROXY_NAME}.py").write_text(PROXY)


def run_module(work: Path, side: str, module: str, timeout: float) -> Run:
    """Run one module in its own pytest process and read its outcomes."""
    root = work / side
    report = work / "reports" / f"{side}-{module.replace('/', '-')}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.unlink(missing_ok=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(root), str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    # Tests decorated with numpy.testing's requires_memory are skipped above this much:
    # two modules run at once within the memory the tool promises.
    env["NPY_AVAILABLE_MEM"] = "1.5 GB"
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    command = [
        sys.executable, "-m", "pytest", module, "-q", "-p", "no:cacheprovider",
        "-p", "no:randomly", "--import-mode=importlib", "-c", "pytest.ini", "--rootdir", ".",
        "-m", "not slow", "-W", "ignore::UserWarning:cpuinfo", "--tb=line",
        "--json-report", f"--json-report-file={report}",
        "--json-report-omit", "collectors", "log", "streams", "keywords", "warnings",
    ]
    start = time.perf_counter()
    run = Run()
    try:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=timeout, check=False)
        run.returncode = done.returncode
        tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
    except subprocess.TimeoutExpired:
        run.returncode, tail = -1, [f"timed out after {timeout:.0f} s"]
    run.seconds = time.perf_counter() - start
    if not report.exists():
        run.problem = " | ".join(tail) or f"exit status {run.returncode}"
        return run
    data = json.loads(report.read_text())
    for test in data.get("tests", ()):
        nodeid = test["nodeid"]
        run.outcomes[nodeid] = test["outcome"]
        if test["outcome"] in ("failed", "error"):
            run.messages[nodeid] = _message(test)
    if run.returncode not in (0, 1, 5):  # 5: nothing collected
        run.problem = f"pytest exit status {run.returncode}: " + " | ".join(tail)
    return run


def _message(test: dict[str, Any]) -> str:
    for phase in ("setup", "call", "teardown"):
        info = test.get(phase) or {}
        if info.get("outcome") == "failed":
            crash = info.get("crash") or {}
            text = crash.get("message") or info.get("longrepr") or ""
            return str(text).strip().splitlines()[0] if str(text).strip() else "(no message)"
    return "(no message)"


def cause(message: str) -> str:
    """A failure message reduced to its kind: numbers, addresses and quoted values blanked."""
    message = re.sub(r"0x[0-9a-fA-F]+", "0x…", message)
    message = re.sub(r"\d+(\.\d+)?", "N", message)
    message = re.sub(r"array\(.*", "array(…)", message)
    return message[:140]


@dataclass
class Exclusion:
    tests: list[str]
    reason: str
    used: int = 0
    #: A known regression (``[[known]]``): reported apart, not failing the run, to be fixed;
    #: an exclusion (``[[exclude]]``) is a test of something not promised.
    known: bool = False


@dataclass
class Rewrite:
    module: str
    old: str
    new: str
    reason: str


def load_exclusions(path: Path) -> tuple[list[Exclusion], list[Rewrite]]:
    """The reviewed exclusions and rewrites. ``[[exclude]]`` tables each have ``tests``
    (test ids or fnmatch patterns, relative to numpy's package) and a non-empty
    ``reason``; ``[[rewrite]]`` tables a ``module``, the ``old`` text in it (which must be
    there), the ``new`` text and a ``reason``: for module-level code that would otherwise
    fail the whole module on a NumPy internal."""
    if not path.exists():
        return [], []
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as e:
        print(f"{path}: {e}", file=sys.stderr)
        raise SystemExit(2) from None
    rewrites = []
    for i, entry in enumerate(data.get("rewrite", [])):
        fields = [entry.get(k) for k in ("module", "old", "new", "reason")]
        if not all(isinstance(f, str) for f in fields) or not all(
                f.strip() for f in fields[:2] + fields[3:]):
            print(f"{path}: rewrite {i + 1} needs strings 'module', 'old', 'new' and 'reason'",
                  file=sys.stderr)
            raise SystemExit(2)
        rewrites.append(Rewrite(*fields))
    out = []
    for table in ("exclude", "known"):
        for i, entry in enumerate(data.get(table, [])):
            tests, reason = entry.get("tests"), entry.get("reason", "")
            if (not isinstance(tests, list) or not tests
                    or not all(isinstance(t, str) for t in tests)
                    or not isinstance(reason, str) or not reason.strip()):
                print(f"{path}: {table} {i + 1} needs a non-empty list 'tests' and a 'reason'",
                      file=sys.stderr)
                raise SystemExit(2)
            out.append(Exclusion(tests, reason.strip(), known=table == "known"))
    return out, rewrites


def excluded_by(nodeid: str, exclusions: list[Exclusion]) -> Exclusion | None:
    for exclusion in exclusions:
        if any(fnmatch.fnmatchcase(nodeid, pattern) for pattern in exclusion.tests):
            return exclusion
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*",
                        help="test modules relative to the numpy package (default: all)")
    parser.add_argument("--quick", action="store_true", help="run a small subset")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="modules run at once (default: 2)")
    parser.add_argument("--timeout", type=float, default=400,
                        help="seconds allowed to one module's process")
    parser.add_argument("--work", type=Path, help="work directory (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--list-failures", action="store_true",
                        help="print every regressing test id with its message")
    args = parser.parse_args(argv)
    modules = args.modules or list(QUICK if args.quick else MODULES)
    for module in modules:
        if not (numpy_dir() / module).is_file():
            parser.error(f"{module}: no such test module in {numpy_dir()}")
    exclusions, rewrites = load_exclusions(EXCLUSIONS)

    work = args.work or Path(tempfile.mkdtemp(prefix="overridable-numpy-tests-"))
    start = time.perf_counter()
    try:
        prepare(work, modules, rewrites)
        # The longest modules first, so that the two job slots end together.
        jobs = [(side, m) for m in sorted(modules, key=_weight, reverse=True)
                for side in ("overridable", "baseline")]
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = dict(zip(jobs, pool.map(
                lambda job: run_module(work, job[0], job[1], args.timeout), jobs), strict=True))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - start
    return report(modules, results, exclusions, elapsed, args.json, args.list_failures)


def _weight(module: str) -> int:
    return (numpy_dir() / module).stat().st_size


def report(modules: list[str], results: dict[tuple[str, str], Run],
           exclusions: list[Exclusion], elapsed: float, json_path: Path | None,
           list_failures: bool) -> int:
    rows = []
    causes: Counter[str] = Counter()
    examples: dict[str, str] = {}
    failing: list[tuple[str, str]] = []
    problems = []
    totals = Counter[str]()
    excluded_passing: dict[str, list[str]] = defaultdict(list)
    for module in modules:
        base, over = results[("baseline", module)], results[("overridable", module)]
        for side, run in (("baseline", base), ("overridable", over)):
            if run.problem:
                problems.append(f"{module} ({side}): {run.problem}")
        passing = [t for t, o in base.outcomes.items() if o == "passed"]
        kept = excluded = known = failed = 0
        for test in passing:
            outcome = over.outcomes.get(test, "missing")
            nodeid = test  # relative to numpy's package, as the work directory is
            exclusion = excluded_by(nodeid, exclusions)
            if outcome == "passed":
                kept += 1
                if exclusion is not None:
                    excluded_passing[exclusion.reason].append(nodeid)
                continue
            if exclusion is not None:
                exclusion.used += 1
                if exclusion.known:
                    known += 1
                else:
                    excluded += 1
                continue
            failed += 1
            message = over.messages.get(test, f"({outcome})")
            kind = cause(message)
            causes[kind] += 1
            examples.setdefault(kind, nodeid)
            failing.append((nodeid, message))
        row = {"module": module, "baseline": len(passing), "kept": kept,
               "excluded": excluded, "known": known, "failing": failed,
               "seconds": round(base.seconds + over.seconds, 1)}
        rows.append(row)
        totals.update({k: v for k, v in row.items() if isinstance(v, int)})

    width = max(len(m) for m in modules)
    print(f"\n{'module':<{width}}  baseline  through overridable  excluded  known  failing")
    for r in rows:
        print(f"{r['module']:<{width}}  {r['baseline']:>8}  {r['kept']:>18}  "
              f"{r['excluded']:>8}  {r['known']:>5}  {r['failing']:>7}")
    kept_share = 100 * totals["kept"] / totals["baseline"] if totals["baseline"] else 0.0
    print(f"{'total':<{width}}  {totals['baseline']:>8}  {totals['kept']:>18}  "
          f"{totals['excluded']:>8}  {totals['known']:>5}  {totals['failing']:>7}")
    print(f"\n{totals['kept']} of {totals['baseline']} baseline passes kept "
          f"({kept_share:.2f}%), {totals['excluded']} excluded, {totals['known']} known "
          f"regressions, {totals['failing']} failing; {elapsed:.0f} s")
    if causes:
        print("\nRegressions by cause:")
        for kind, n in causes.most_common():
            print(f"  {n:>4}  {kind}\n        e.g. {examples[kind]}")
    if list_failures and failing:
        print("\nRegressing tests:")
        for nodeid, message in failing:
            print(f"  {nodeid}\n      {message[:300]}")
    unused = [e for e in exclusions if not e.used
              and any(t.split("::")[0] in modules for t in e.tests)]
    for e in unused:
        print(f"\nentry matches no failing test (remove it?): {e.tests[:3]}")
    for reason, tests in excluded_passing.items():
        print(f"\nexcluded but passing ({len(tests)}), reason {reason!r}: {tests[:3]}")
    for problem in problems:
        print(f"\nproblem: {problem}")
    if json_path is not None:
        json_path.write_text(json.dumps(
            {"rows": rows, "totals": dict(totals), "kept_percent": round(kept_share, 2),
             "causes": dict(causes.most_common()), "seconds": round(elapsed)}, indent=1) + "\n")
    return 1 if totals["failing"] or problems else 0


if __name__ == "__main__":
    sys.exit(main())
