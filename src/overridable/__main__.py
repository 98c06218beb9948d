"""The command line: ``python -m overridable demo`` and ``python -m overridable info``.

``demo`` is a short, runnable tour of the dispatch engine, to stand in for
the NumPy API until ``overridable.numpy`` exists: a multimethod API declared
as data, two backends (Python lists, the standard library's
``array.array``), dispatch by type, ``set_backend``, threads, the global
backend, ``explain`` and the error raised when no backend serves a call.
``info`` prints the version and the adapters and backends registered in
this process.

This module must never import an array library (NumPy, Dask, torch, ...),
neither at import time nor when ``demo`` or ``info`` runs; it uses the
standard library only. ``conformance`` runs ``overridable.conformance``,
which imports NumPy, only when asked for.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import platform
import sys
from collections.abc import Sequence
from typing import TextIO

import overridable as ov

__all__ = ["demo", "info", "main"]

# The demo as it is shown: (heading, code), run in one namespace, in order.
_DEMO: list[tuple[str, list[str]]] = [
    ("A multimethod API, declared as data: which argument is an array", [
        '''\
@ov.multimethod("demo", {"x": "array"})
def double(x):
    "Twice x, item by item."''',
        '''\
@ov.multimethod("demo", {"x": "array"})
def total(x):
    "The sum of the items of x."''',
    ]),
    ("Two backends: the types each owns, and a table of implementations", [
        '''\
lists = ov.Backend("demo", name="lists", types=[list], implementations={
    double: lambda x: [2 * v for v in x],
    total: sum,
})''',
        '''\
arrays = ov.Backend("demo", name="array.array", types=[array.array], implementations={
    double: lambda x: array.array("d", [2 * v for v in x]),
    total: math.fsum,
})''',
        "ov.register_backend(lists)",
        "ov.register_backend(arrays)",
    ]),
    ("Dispatch by type: each call goes to the backend that owns its argument", [
        "double([1, 2, 3])",
        'double(array.array("d", [1, 2, 3]))',
        'total(array.array("d", [0.5, 0.25]))',
    ]),
    ("explain(): which backend would serve a call, and why the others would not", [
        'print(ov.explain(double, array.array("d", [1, 2, 3])))',
    ]),
    ("set_backend: a backend preferred inside a block (lists are Python data: "
     "every backend takes them)", [
        '''\
with ov.set_backend(arrays):
    print(total([1, 2, 3]))''',
        "total([1, 2, 3])",
    ]),
    ("The setting is local to a thread: a new thread starts clean, ov.Thread carries it", [
        '''\
with ov.set_backend(arrays):
    seen = []
    plain = threading.Thread(target=lambda: seen.append(total([1, 2, 3])))
    plain.start(); plain.join()
    carried = ov.Thread(target=lambda: seen.append(total([1, 2, 3])))
    carried.start(); carried.join()
    print(seen)''',
    ]),
    ("When no backend serves a call, the error names every backend and why it declined", [
        "double({1, 2})",
    ]),
    ("A global backend: process-wide, tried after the local ones, before the registered", [
        "ov.set_global_backend(arrays)",
        "total([1, 2, 3])",
    ]),
]


def _show(code: str, out: TextIO) -> None:
    lines = code.splitlines()
    print(f">>> {lines[0]}", file=out)
    for line in lines[1:]:
        print(f"... {line}", file=out)
    if lines[-1].startswith(" "):  # a block ends with an empty line at the prompt
        print("...", file=out)


def _run(code: str, namespace: dict[str, object], out: TextIO) -> None:
    """Run one step as the interactive interpreter would, printing what it would print."""
    with contextlib.redirect_stdout(out):
        try:
            expression = compile(code, "<demo>", "eval")
        except SyntaxError:
            exec(compile(code, "<demo>", "exec"), namespace)
            return
        try:
            value = eval(expression, namespace)
        except ov.BackendNotImplementedError as exc:
            print("Traceback (most recent call last):\n  ...")
            print(f"BackendNotImplementedError: {exc}")
            return
        if value is not None:
            print(repr(value))


def demo(file: TextIO | None = None) -> None:
    """Run the engine's tour, printing it as an interactive session (to stdout by default).

    All backend state it sets is undone when it returns.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> demo(out)
    >>> "array('d', [2.0, 4.0, 6.0])" in out.getvalue()
    True
    """
    out = sys.stdout if file is None else file
    namespace: dict[str, object] = {"__name__": "demo"}
    with ov.reset_state():
        for code in ("import array, math, threading", "import overridable as ov"):
            _show(code, out)
            _run(code, namespace, out)
        for number, (heading, steps) in enumerate(_DEMO, 1):
            print(f"\n# {number}. {heading}", file=out)
            for code in steps:
                _show(code, out)
                _run(code, namespace, out)


def info(file: TextIO | None = None) -> None:
    """Print the version, the layers installed, and the adapters and backends registered.

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> info(out)
    >>> out.getvalue().splitlines()[0] == f"overridable {ov.__version__}"
    True
    """
    out = sys.stdout if file is None else file
    print(f"overridable {ov.__version__}", file=out)
    print(f"Python {platform.python_version()} ({sys.executable})", file=out)
    print(f"engine: {ov.__file__}", file=out)
    for layer in ("overridable.numpy", "overridable.backends"):
        # find_spec imports the parent package only: no array library is loaded.
        present = importlib.util.find_spec(layer) is not None
        print(f"{layer}: {'present' if present else 'not yet written'}", file=out)
    names = ov.adapter_names()
    print(f"adapters (set_backend by module or name): {', '.join(names) or 'none'}", file=out)
    domains = ov.get_state().globals.domains
    if not domains:
        print("global and registered backends: none", file=out)
    for domain, state in sorted(domains.items()):
        registered = ", ".join(map(repr, state.registered)) or "none"
        print(f"domain {domain!r}: global {state.backend!r}, registered {registered}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status.

    Examples
    --------
    >>> main(["info"])
    overridable ...
    0
    """
    parser = argparse.ArgumentParser(
        prog="python -m overridable",
        description="overridable: context-local and global overrides of the NumPy API "
        "(NEP 31). The dispatch engine's command line.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("demo", help="run a short tour of the engine (standard library only)")
    commands.add_parser("info", help="print the version and the registered adapters/backends")
    conformance = commands.add_parser(
        "conformance", help="run the NumPy API conformance harness (imports NumPy)")
    conformance.add_argument("--backend", action="append", metavar="NAME",
                             help="numpy, minimal, or a backend name (repeatable; default: "
                             "numpy and minimal)")
    conformance.add_argument("--markdown", metavar="FILE", help="write the Markdown matrix")
    conformance.add_argument("--html", metavar="FILE", help="write the HTML matrix")
    args = parser.parse_args(argv)
    if args.command == "conformance":
        from overridable.conformance import main as conformance_main

        return conformance_main(args.backend or ["numpy", "minimal"], args.markdown, args.html)
    if args.command == "demo":
        demo()
    else:
        info()
    return 0


if __name__ == "__main__":
    sys.exit(main())
