"""``python -m overridable``: demo, info and help run, print what they promise, leave no state."""

from __future__ import annotations

import doctest
import io
import subprocess
import sys

import pytest

import overridable as ov
import overridable.__main__ as cli


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "overridable", *args],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_demo_runs_and_shows_each_dispatch() -> None:
    done = run_cli("demo")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    # Dispatch by type: lists to the lists backend, array.array to the other.
    assert ">>> double([1, 2, 3])\n[2, 4, 6]\n" in out
    assert "array('d', [2.0, 4.0, 6.0])" in out
    assert ">>> total(array.array(\"d\", [0.5, 0.25]))\n0.75\n" in out
    # set_backend inside the block, the registered lists backend after it.
    assert "6.0\n>>> total([1, 2, 3])\n6\n" in out
    # A plain thread starts clean, ov.Thread carries the local backend.
    assert "[6, 6.0]" in out
    assert "served by array.array" in out
    error = out[out.index("BackendNotImplementedError:"):]
    assert "lists" in error and "array.array" in error and "set" in error
    assert done.stderr == ""


def test_demo_undoes_its_backend_state() -> None:
    before = ov.get_state().globals.domains
    out = io.StringIO()
    cli.demo(out)
    assert "demo" not in ov.get_state().globals.domains
    assert ov.get_state().globals.domains == before
    assert out.getvalue().rstrip().endswith("6.0")


def test_demo_imports_no_array_library() -> None:
    code = (
        "import sys, io, overridable.__main__ as m; m.demo(io.StringIO()); "
        "print(sorted({n.split('.')[0] for n in sys.modules} & "
        "{'numpy', 'dask', 'torch', 'cupy', 'jax', 'sparse', 'uarray'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_info_prints_the_version() -> None:
    done = run_cli("info")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"overridable {ov.__version__}"
    assert any(line.startswith("adapters") for line in lines)


def test_info_lists_registered_backends() -> None:
    be = ov.Backend("cli_test", name="cli-test-backend")
    out = io.StringIO()
    with ov.reset_state():
        ov.register_backend(be)
        cli.info(out)
    assert "domain 'cli_test': global None, registered <overridable.Backend cli-test-backend>" \
        in out.getvalue()


@pytest.mark.parametrize("args, status", [(["--help"], 0), ([], 2), (["nonsense"], 2)])
def test_usage(args: list[str], status: int) -> None:
    done = run_cli(*args)
    assert done.returncode == status
    text = done.stdout + done.stderr
    assert "usage: python -m overridable" in text
    if status == 0:
        assert "demo" in text and "info" in text


def test_doctests() -> None:
    # pytest's --doctest-modules leaves __main__.py out, so run its examples here.
    result = doctest.testmod(cli, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
