"""``python -m overridable``: demo, info, conformance and help run, print what they promise,
leave no state."""

from __future__ import annotations

import doctest
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import overridable as ov
import overridable._cli as cli
import overridable.conformance as conformance
import overridable.numpy as unp
from overridable._cli import _conformance, _demo, _info, _libraries


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
        "import sys, io, overridable._cli as m; m.engine_tour(io.StringIO()); "
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
        assert "served by: asarray -> numpy, fft.rfft -> scipy.fft, absolute -> numpy" in out
        assert "result: numpy.ndarray, matches NumPy: yes" in out[out.index("\nscipy.fft:"):]
    assert "failed" not in out


def test_nep_demo_runs_xnd_and_the_generic_array_api_backend() -> None:
    # XND's containers have neither ** nor .shape: the demo runs the example as calls and
    # says so; the generic array-API backend creates no arrays: it is given array-api-strict's.
    pytest.importorskip("xnd")
    pytest.importorskip("array_api_strict")
    out = io.StringIO()
    cli.demo(out, backends=["xnd", "array_api"])
    text = out.getvalue()
    xnd_part = text[text.index("\nxnd: "):text.index("\narray_api: ")]
    assert "run with unp.power(unp.sin(x), 2): xnd.xnd has no __pow__" in xnd_part
    assert "matches NumPy: yes" in xnd_part and "failed" not in xnd_part
    assert "served by: asarray -> xnd, sin -> xnd, power -> xnd, sum -> xnd" in xnd_part
    generic = text[text.index("\narray_api: "):]
    assert "input as a array_api_strict._array_object.Array" in generic
    assert "matches NumPy: yes" in generic
    # array_api serves what has an array; creation without one it declines, NumPy serves.
    assert "asarray -> array_api, sin -> array_api, sum -> array_api" in generic
    assert "zeros -> array_api declined it (a later backend served it)" in generic
    assert "after a decline" not in text


def test_nep_demo_runs_sparse_as_written() -> None:
    # COO arrays have .shape (an instance's attribute, not its class's): nothing rewritten.
    pytest.importorskip("sparse")
    out = io.StringIO()
    cli.demo(out, backends=["sparse"])
    text = out.getvalue()
    assert "\nsparse: sparse " in text and "matches NumPy: yes" in text
    assert "run with" not in text and "has no" not in text


def test_nep_demo_names_a_declining_backend_as_declining() -> None:
    from overridable._resolution import Call

    served = _demo._served([Call(unp.sin, ov.as_backend("numpy"), False, False),
                            Call(unp.zeros, ov.as_backend("numpy"), True, True)])
    assert served == "sin -> numpy, zeros -> numpy declined it (a later backend served it)"


def test_nep_demo_reports_missing_libraries_and_unknown_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [*cli.installed_backends(),
                 ("not_a_lib", "overridable.backends.not_a_lib:backend", ())]
    monkeypatch.setattr(_demo, "installed_backends", lambda: installed)
    monkeypatch.setitem(ov._backend._adapters, "not_a_lib", lambda: None)
    monkeypatch.setattr(_demo, "load", lambda name: (None, "not installed (no module 'x')")
                        if name == "not_a_lib" else (ov.as_backend(name), ""))
    out = io.StringIO()
    cli.demo(out, backends=["NumPy", "not_a_lib"])
    text = out.getvalue()
    assert "\nnumpy: numpy 2." in text  # any case, as set_backend
    assert "\nnot_a_lib: not installed (no module 'x')" in text
    assert "matches NumPy: yes" in text
    # an unknown name is the caller's mistake, as in info and conformance: nothing runs
    out = io.StringIO()
    with pytest.raises(ov.UnknownBackendError) as info:
        cli.demo(out, backends=["NumPy", "nonsense"])
    assert out.getvalue() == ""
    line = str(info.value)
    assert line.startswith("unknown backend 'nonsense'; installed backends: ")
    names = set(line.split("installed backends: ")[1].split(", "))
    assert {"numpy", "scipy.fft", "torch"} <= names


def test_a_library_that_is_missing_is_not_installed() -> None:
    ov.register_adapter("cli_missing_lib", lambda: __import__("no_such_library_here"))
    assert _libraries.load("cli_missing_lib") == (
        None, "not installed (no module 'no_such_library_here')")


def test_a_missing_library_with_an_extra_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> object:
        raise ModuleNotFoundError("No module named 'torch'", name="torch")

    monkeypatch.setitem(ov._backend._adapters, "torch", missing)
    monkeypatch.delitem(ov._backend._adapted, "torch", raising=False)
    assert _libraries.load("torch") == (
        None, "not installed (no module 'torch'; pip install \"overridable[torch]\")")


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
    assert "  numpy: numpy 2." in text
    n = len(conformance.targets())
    assert f", domain numpy: of {n} functions, {n} native, 0 by a default\n" in text
    assert ("pyfftw (also: pyfftw.interfaces.numpy_fft): " in text
            or "pyfftw: not installed" in text)
    assert "torch" not in text.split("adapters")[0]


def test_info_names_each_library_before_importing_it(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    seen = []
    load = _libraries.load

    def recording(name: str) -> tuple[object | None, str]:
        seen.append(out.getvalue().splitlines()[-1])
        return load(name)

    monkeypatch.setattr(_info, "load", recording)
    cli.info(out, backends=["numpy", "Torch"])
    assert seen == ["  numpy: ", "  torch: "]


def test_info_says_which_dispatch_path_is_in_use() -> None:
    out = io.StringIO()
    cli.info(out, backends=["numpy"])
    lines = out.getvalue().splitlines()
    expected = ("compiled C core (overridable._native)" if ov.compiled()
                else lines[3].removeprefix("dispatch: "))
    assert lines[3] == f"dispatch: {expected}"
    assert expected.startswith("compiled C core" if ov.compiled() else "pure Python (")
    done = subprocess.run([sys.executable, "-m", "overridable", "info", "--backend", "numpy"],
                          capture_output=True, text=True, timeout=120, check=True,
                          env={**os.environ, "OVERRIDABLE_PURE_PYTHON": "1"})
    assert "\ndispatch: pure Python (OVERRIDABLE_PURE_PYTHON is set)\n" in done.stdout


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
    assert "\n  cli_test: registered cli-test-backend\n" in out.getvalue()
    assert "\noverridable.config\n" in out.getvalue()


@pytest.mark.parametrize("args, status", [(["--help"], 0), ([], 2), (["nonsense"], 2)])
def test_usage(args: list[str], status: int) -> None:
    done = run_cli(*args)
    assert done.returncode == status
    text = done.stdout + done.stderr
    assert "usage: python -m overridable" in text
    if status == 0:
        assert "demo" in text and "info" in text and "conformance" in text
        assert "\nenvironment:\n  OVERRIDABLE_BACKEND=torch[,dask]" in text


def test_version() -> None:
    done = run_cli("--version")
    assert (done.returncode, done.stdout, done.stderr) == (0, f"overridable {ov.__version__}\n",
                                                           "")


@pytest.mark.parametrize("command", ["demo", "info", "conformance"])
def test_each_command_has_examples_and_the_environment(command: str) -> None:
    helps = {a.dest: a for a in cli._parser()._subparsers._group_actions}  # type: ignore[union-attr]
    sub = helps["command"].choices[command]
    text = sub.format_help()
    assert f"examples:\n  python -m overridable {command}" in text
    assert "OVERRIDABLE_LOG=debug" in text and "OVERRIDABLE_PURE_PYTHON=1" in text


def test_unknown_names_are_one_line_errors() -> None:
    done = run_cli("info", "--backend", "pytorch")
    assert done.returncode == 2
    assert done.stderr.startswith("error: unknown backend 'pytorch' (did you mean 'torch'?); ")
    assert len(done.stderr.splitlines()) == 1
    out = io.StringIO()
    assert cli.conformance(["daks"], file=out) == 2
    assert out.getvalue().startswith("error: unknown backend 'daks' (did you mean 'dask'?); ")
    done = run_cli("demo", "--backend", "nosuch")  # the demo too, before any output
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: unknown backend 'nosuch'; ")
    assert len(done.stderr.splitlines()) == 1


def test_main_module_is_a_few_lines() -> None:
    import overridable.__main__ as main_module

    assert main_module.main is cli.main
    assert len(Path(main_module.__file__).read_text().splitlines()) < 10


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_conformance_progress_results_files_and_failures(tmp_path: Path) -> None:
    # A backend whose sum is off by one: the command names the failure, exits 1.
    wrong = ov.Backend("numpy", name="cli_wrong", types=[np.ndarray], implementations={
        unp.sum: lambda a, *args, **kwargs: np.sum(a, *args, **kwargs) + 1})
    ov.register_adapter("cli_wrong", lambda: wrong)
    out = _Terminal()
    md, page = tmp_path / "c.md", tmp_path / "c.html"
    status = cli.conformance(["cli_wrong", "numpy"], str(md), str(page), file=out,
                             command="python -m overridable conformance --backend cli_wrong")
    assert status == 1
    text = out.getvalue()
    lines = text.split("\n")  # not splitlines(): it splits at the bar's \r too
    assert lines[0].startswith("cli_wrong (1/2): ") and lines[0].endswith(" functions")
    bar = lines[1].split("\r")
    assert bar[1].startswith("  cli_wrong [..............................] 0/")
    assert bar[-1].startswith("  cli_wrong [##############################] ")
    assert "\n  failed: sum (wrong result): " in text
    n = len(conformance.targets())
    assert f"\nnumpy: {n}/{n} functions pass (100.0%): {n} native\n" in text
    assert f"\nwrote {md}\nwrote {page}\n" in text
    assert lines[-2] == "failed: cli_wrong: sum"
    assert "not served" in text and "unsupported" not in text
    assert md.read_text().splitlines()[2].startswith(
        "Generated by `python -m overridable conformance --backend cli_wrong`.")
    html = page.read_text()
    assert '<table class="matrix">' in html
    assert "cli_wrong: <code>sum</code> (mismatch" in html.split("<h2>Details</h2>")[1]


def test_conformance_without_a_terminal_prints_no_bar() -> None:
    out = io.StringIO()
    assert cli.conformance(["minimal"], file=out) == 0
    assert out.getvalue().splitlines() == [
        "minimal (1/1): 471 functions",
        "minimal: 137/471 functions pass (29.1%): 23 native, 114 by a default, 334 not served",
        "no function failed",
    ]


def test_conformance_turns_on_jax_x64_before_any_array() -> None:
    code = ("import sys\nfrom overridable._cli import _conformance\n"
            "_conformance.SETUP['jax'](sys.stdout)\n"
            "import jax.numpy as jnp\nprint(jnp.ones(2).dtype)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.splitlines() == [
        "jax: 64-bit floats turned on (jax.config.update('jax_enable_x64', True)), as NumPy "
        "computes in float64",
        "float64",
    ]


def test_conformance_installed_leaves_out_what_cannot_run(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [("numpy", "overridable.backends.numpy:backend", ()),
                 ("cupy", "overridable.backends.cupy:backend", ()),
                 ("gone", "overridable.backends.gone:backend", ())]
    monkeypatch.setattr(_conformance, "installed_backends", lambda: installed)
    monkeypatch.setattr(_conformance, "load", lambda name: (
        (None, "not installed (no module 'gone')") if name == "gone" else (object(), "")))
    monkeypatch.setattr(_conformance, "needs_gpu", lambda value: (
        (lambda: False) if "cupy" in value else None))
    out = io.StringIO()
    assert _conformance._names(["installed", "numpy"], out) == ["numpy"]
    assert out.getvalue().splitlines() == [
        "cupy: left out, installed but no GPU here",
        "gone: left out, not installed (no module 'gone')",
    ]


def test_conformance_of_a_named_backend_that_cannot_run_here_is_a_clear_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installed = [("cupy", "overridable.backends.cupy:backend", ())]
    monkeypatch.setattr(_conformance, "installed_backends", lambda: installed)
    monkeypatch.setattr(_conformance, "resolve_name", lambda name: name)
    monkeypatch.setattr(_conformance, "needs_gpu", lambda value: lambda: False)
    out = io.StringIO()
    assert _conformance.conformance(["cupy"], file=out) == 2
    assert out.getvalue() == ("error: backend 'cupy' is installed but has no GPU here; the "
                              "harness runs its calls on the library's own arrays, which "
                              "need one\n")
    # with a GPU, the name is kept
    monkeypatch.setattr(_conformance, "needs_gpu", lambda value: lambda: True)
    assert _conformance._names(["cupy"], io.StringIO()) == ["cupy"]


def test_doctests() -> None:
    # pytest's --doctest-modules leaves __main__.py out; the command modules' examples here.
    for module in (cli, _demo, _info, _conformance):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module
    assert doctest.testmod(_info, optionflags=doctest.ELLIPSIS).attempted > 0
