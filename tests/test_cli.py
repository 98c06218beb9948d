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


def test_engine_tour_runs_and_shows_each_dispatch() -> None:
    done = run_cli("demo", "--engine")
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


def test_engine_tour_undoes_its_backend_state() -> None:
    before = ov.get_state().globals.domains
    out = io.StringIO()
    cli.engine_tour(out)
    assert "demo" not in ov.get_state().globals.domains
    assert ov.get_state().globals.domains == before
    assert out.getvalue().rstrip().endswith("6.0")


def test_engine_tour_imports_no_array_library() -> None:
    code = (
        "import sys, io, overridable.__main__ as m; m.engine_tour(io.StringIO()); "
        "print(sorted({n.split('.')[0] for n in sys.modules} & "
        "{'numpy', 'dask', 'torch', 'cupy', 'jax', 'sparse', 'uarray'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"


def test_nep_demo_on_numpy_and_an_fft_backend() -> None:
    # A subset keeps the test fast; every installed backend runs in `python -m overridable demo`.
    done = run_cli("demo", "--backend", "numpy", "--backend", "scipy.fft")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "def library_function(x):" in out and "def power_spectrum(x):" in out
    numpy_part = out[out.index("\nnumpy: numpy "):]
    assert "result: numpy.float64, matches NumPy: yes, time: " in numpy_part
    assert "served by: asarray -> numpy, sin -> numpy, sum -> numpy, zeros -> numpy" in out
    if "scipy.fft: not installed" not in out:
        assert "served by: asarray -> numpy, fft.rfft -> scipy.fft, abs -> numpy" in out
        assert "result: numpy.ndarray, matches NumPy: yes" in out[out.index("\nscipy.fft:"):]
    assert "failed" not in out


def test_nep_demo_reports_missing_libraries_and_unknown_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [*cli.installed_backends(),
                 ("not_a_lib", "overridable.backends.not_a_lib:backend", ())]
    monkeypatch.setattr(cli, "installed_backends", lambda: installed)
    monkeypatch.setattr(cli, "_load", lambda name: (None, "not installed (no module 'x')")
                        if name == "not_a_lib" else (ov.as_backend(name), ""))
    out = io.StringIO()
    cli.demo(out, backends=["numpy", "not_a_lib", "nonsense"])
    text = out.getvalue()
    assert "\nnot_a_lib: not installed (no module 'x')" in text
    assert "\nnonsense: unknown backend (installed: numpy," in text
    assert "matches NumPy: yes" in text


def test_a_library_that_is_missing_is_not_installed() -> None:
    ov.register_adapter("cli_missing_lib", lambda: __import__("no_such_library_here"))
    assert cli._load("cli_missing_lib") == (
        None, "not installed (no module 'no_such_library_here')")


def test_installed_backends_come_from_the_entry_points() -> None:
    found = {name: aliases for name, _, aliases in cli.installed_backends()}
    assert next(iter(found)) == "numpy"
    assert "dask.array" in found["dask"]
    for name in ("torch", "scipy.fft", "pyfftw", "mkl_fft", "cupy"):
        assert name in found


def test_info_lists_backends_versions_and_coverage() -> None:
    out = io.StringIO()
    cli.info(out, backends=["numpy", "pyfftw"])
    text = out.getvalue()
    assert "numpy: numpy 2." in text and " native + 0 via defaults of " in text
    assert ("pyfftw (also: pyfftw.interfaces.numpy_fft): " in text
            or "pyfftw: not installed" in text)
    assert "torch" not in text.split("adapters")[0]


def test_info_prints_the_version() -> None:
    done = run_cli("info", "--backend", "numpy")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"overridable {ov.__version__}"
    assert any(line.startswith("adapters") for line in lines)


def test_info_lists_registered_backends() -> None:
    be = ov.Backend("cli_test", name="cli-test-backend")
    out = io.StringIO()
    with ov.reset_state():
        ov.register_backend(be)
        cli.info(out, backends=["numpy"])
    assert "domain 'cli_test': global None, registered <overridable.Backend cli-test-backend>" \
        in out.getvalue()


@pytest.mark.parametrize("args, status", [(["--help"], 0), ([], 2), (["nonsense"], 2)])
def test_usage(args: list[str], status: int) -> None:
    done = run_cli(*args)
    assert done.returncode == status
    text = done.stdout + done.stderr
    assert "usage: python -m overridable" in text
    if status == 0:
        assert "demo" in text and "info" in text and "conformance" in text


def test_doctests() -> None:
    # pytest's --doctest-modules leaves __main__.py out, so run its examples here.
    result = doctest.testmod(cli, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
