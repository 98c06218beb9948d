"""Run data-apis/array-api-tests against ``overridable.numpy`` and ``array_api_compat.numpy``,
or, with ``--backend``, against ``overridable.numpy`` with a library backend as its global
backend beside that library's own namespace (or array-api-compat's wrapper of it).

One command reproduces each measurement recorded in ``docs/array_api.rst``::

    python tools/run_array_api_tests.py                      # clone, run both, compare
    python tools/run_array_api_tests.py --max-examples 5     # faster, fewer examples
    python tools/run_array_api_tests.py --suite PATH         # an existing checkout
    python tools/run_array_api_tests.py --backend torch      # OVERRIDABLE_BACKEND=torch
                                                             # beside array_api_compat.torch

The suite is not on PyPI: it is cloned (with its ``array-api`` submodule,
the standard's signatures) into ``.cache/array-api-tests``, which git
ignores, unless ``--suite`` names a checkout. It needs ``pytest``,
``hypothesis``, ``ndindex``, ``pytest-json-report`` and, for the comparison,
``array-api-compat`` (all on PyPI). Both namespaces run with the same
settings (standard version, ``--max-examples``, ``--disable-deadline``), at
the same time, one pytest process each; the JSON reports and logs go to
``.cache/array-api-results``. The summary gives each side's counts, the
failures grouped by test, and the tests that fail for one side only.

This needs the network (GitHub) unless ``--suite`` is given, so it is a
documented local measurement, not part of the test suite. Exit status: 0
when ``overridable.numpy`` passes at least as many tests as the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
SUITE_URL = "https://github.com/data-apis/array-api-tests"
OURS = "overridable.numpy"
REFERENCE = "array_api_compat.numpy"
#: ``--numpy-ufuncs``: ``overridable.numpy`` with NumPy's ufuncs filling the names it lacks,
#: to see what else fails while the ufuncs are not declared yet (never a recorded result).
OURS_WITH_UFUNCS = (
    "exec('import types, numpy, overridable.numpy as unp\n"
    "xp = types.ModuleType(\"overridable.numpy\")\n"
    "def fill(name):\n"
    "    try:\n"
    "        return getattr(unp, name)\n"
    "    except AttributeError:\n"
    "        value = getattr(numpy, name)\n"
    "        if isinstance(value, numpy.ufunc):\n"
    "            return value\n"
    "        raise\n"
    "xp.__getattr__ = fill')"
)


#: ``--backend``: ``overridable.numpy``'s functions, with the dtype objects of the
#: library's namespace. Its module attributes ``unp.float64`` etc. are NumPy's dtypes
#: whatever the backend, and the suite compares the dtypes of results with them; every
#: function is dispatched as usual.
OURS_WITH_DTYPES_OF = (
    "exec('import importlib, types, overridable.numpy as unp\n"
    "ref = importlib.import_module(\"{reference}\")\n"
    "xp = types.ModuleType(\"overridable.numpy\")\n"
    "names = {{\"bool\", \"int8\", \"int16\", \"int32\", \"int64\", \"uint8\", "
    "\"uint16\", \"uint32\", \"uint64\", \"float32\", \"float64\", \"complex64\", "
    "\"complex128\"}}\n"
    "xp.__getattr__ = lambda name: getattr(ref if name in names else unp, name)')"
)

#: ``--backend`` name -> the namespace it is compared with: the library's own where it is an
#: array-API namespace, else array-api-compat's wrapper of it.
REFERENCES = {
    "numpy": "array_api_compat.numpy",
    "torch": "array_api_compat.torch",
    "dask": "array_api_compat.dask.array",
    "jax": "jax.numpy",
    "sparse": "sparse",
    "array_api_strict": "array_api_strict",
}


def ensure_suite(path: Path | None) -> Path:
    """The checkout to run: ``path``, or a clone in ``.cache/array-api-tests``."""
    if path is not None:
        suite = path.resolve()
    else:
        suite = CACHE / "array-api-tests"
        if not (suite / "array_api_tests").is_dir():
            CACHE.mkdir(exist_ok=True)
            subprocess.run(["git", "clone", "--recurse-submodules", "--depth", "50",
                            "--shallow-submodules", SUITE_URL, str(suite)], check=True)
    if not (suite / "array-api" / "spec").is_dir():
        subprocess.run(["git", "-C", str(suite), "submodule", "update", "--init"], check=True)
    return suite


def command(args: argparse.Namespace, report: Path) -> list[str]:
    """The pytest command line, the same for every namespace."""
    cmd = [sys.executable, "-m", "pytest", "array_api_tests/", "-q", "-p", "no:cacheprovider",
           "--max-examples", str(args.max_examples), "--disable-deadline",
           "--json-report", f"--json-report-file={report}"]
    return cmd + list(args.pytest_args)


def slug(module: str) -> str:
    return module.replace(".", "_")


def run_all(args: argparse.Namespace, suite: Path, out: Path) -> dict[str, Path]:
    """Start one pytest per namespace, in parallel; wait; return the JSON report paths."""
    out.mkdir(parents=True, exist_ok=True)
    running = []
    reports = {}
    prefix = f"{args.backend}-" if args.backend else ""
    for module in (OURS, args.reference):
        report = out / f"{prefix}{slug(module)}.json"
        spec = OURS_WITH_UFUNCS if module == OURS and args.numpy_ufuncs else module
        if module == OURS and args.backend and args.backend != "numpy":
            spec = OURS_WITH_DTYPES_OF.format(reference=args.reference)
        env = {**os.environ, "ARRAY_API_TESTS_MODULE": spec,
               "ARRAY_API_TESTS_VERSION": args.api_version, "JAX_ENABLE_X64": "1"}
        shown = f"ARRAY_API_TESTS_MODULE={spec!r} ARRAY_API_TESTS_VERSION={args.api_version}"
        if module == OURS and args.backend:
            env["OVERRIDABLE_BACKEND"] = args.backend
            shown = f"OVERRIDABLE_BACKEND={args.backend} {shown}"
        cmd = command(args, report)
        print(f"{shown} JAX_ENABLE_X64=1 " + " ".join(cmd[1:]), flush=True)
        log = (out / f"{prefix}{slug(module)}.log").open("w")
        running.append((subprocess.Popen(cmd, cwd=suite, env=env, stdout=log,
                                         stderr=subprocess.STDOUT), log))
        reports[module] = report
    for process, log in running:
        process.wait()
        log.close()
    return reports


def outcomes(report: Path) -> dict[str, str]:
    """Test id -> outcome (``passed``, ``failed``, ``skipped``, ``error``...)."""
    data = json.loads(report.read_text())
    result = {t["nodeid"]: t["outcome"] for t in data.get("tests", [])}
    for c in data.get("collectors", []):
        if c.get("outcome") == "failed":
            result[c["nodeid"]] = "error"
    return result


def group(nodeid: str) -> str:
    """The test function of a test id: parameters dropped."""
    return re.sub(r"\[.*\]$", "", nodeid)


def summarize(results: dict[str, dict[str, str]], top: int) -> str:
    """Counts per namespace, failures by test, and the failures of one side only."""
    lines = []
    for module, res in results.items():
        counts = Counter(res.values())
        lines.append(f"{module}: " + ", ".join(f"{counts[k]} {k}" for k in sorted(counts)))
    ours, ref = results[OURS], next(v for k, v in results.items() if k != OURS)
    bad = ("failed", "error")
    only_ours = sorted(t for t, o in ours.items() if o in bad and ref.get(t) not in bad)
    only_ref = sorted(t for t, o in ref.items() if o in bad and ours.get(t) not in bad)
    for title, tests in (("failing for overridable.numpy only", only_ours),
                         ("failing for the reference only", only_ref)):
        lines.append(f"\n{title}: {len(tests)}, by test")
        for name, n in Counter(map(group, tests)).most_common(top):
            lines.append(f"  {n:4d}  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, help="an array-api-tests checkout to use")
    parser.add_argument("--max-examples", type=int, default=20)
    parser.add_argument("--api-version", default="2024.12",
                        help="ARRAY_API_TESTS_VERSION, the same for both namespaces")
    parser.add_argument("--reference", help="the namespace to compare with (default: "
                        f"{REFERENCE}, or the --backend's, from {sorted(REFERENCES)})")
    parser.add_argument("--backend", choices=sorted(REFERENCES),
                        help="run overridable.numpy with this global backend "
                             "(OVERRIDABLE_BACKEND)")
    parser.add_argument("--out", type=Path, default=CACHE / "array-api-results")
    parser.add_argument("--numpy-ufuncs", action="store_true",
                        help="fill the ufuncs overridable.numpy lacks from NumPy (diagnosis)")
    parser.add_argument("--top", type=int, default=30, help="failure groups to list")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args(argv)
    if args.reference is None:
        args.reference = REFERENCES[args.backend] if args.backend else REFERENCE
    suite = ensure_suite(args.suite)
    reports = run_all(args, suite, args.out.resolve())
    results = {module: outcomes(path) for module, path in reports.items()}
    print(summarize(results, args.top))
    passed = {m: sum(o == "passed" for o in r.values()) for m, r in results.items()}
    return 0 if passed[OURS] >= passed[args.reference] else 1


if __name__ == "__main__":
    sys.exit(main())
