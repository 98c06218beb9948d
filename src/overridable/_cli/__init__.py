"""The command line, ``python -m overridable``: ``demo``, ``info`` and ``conformance``.

Each command lives in its own module (``_demo``, ``_info``, ``_conformance``);
this one builds the parser, with examples and the environment variables in
each command's help. Importing this package imports no array library, and
neither does ``demo --engine``; the other commands import NumPy and each
backend's library as they reach it, naming it first.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

import overridable as ov

from ._conformance import conformance
from ._demo import demo, engine_tour
from ._info import info
from ._libraries import installed_backends

__all__ = ["conformance", "demo", "engine_tour", "info", "installed_backends", "main"]

_ENVIRONMENT = """\
environment:
  OVERRIDABLE_BACKEND=torch[,dask]  the global backend (then registered ones), at import
  OVERRIDABLE_LOG=debug             log each resolution to stderr (info, warning, error, off)
  OVERRIDABLE_AUTO_REGISTER=0       do not register installed backends on first sight
  OVERRIDABLE_PURE_PYTHON=1         the pure-Python dispatch path instead of the compiled one
A value that cannot be used is ignored with a warning."""

_EXAMPLES = {
    "demo": """\
examples:
  python -m overridable demo                      every installed backend
  python -m overridable demo --backend torch --backend dask
  python -m overridable demo --engine             the engine alone (standard library only)""",
    "info": """\
examples:
  python -m overridable info
  python -m overridable info --backend jax --conformance""",
    "conformance": """\
examples:
  python -m overridable conformance                       numpy and minimal
  python -m overridable conformance --backend torch
  python -m overridable conformance --backend installed \\
      --markdown conformance.md --html conformance.html
JAX runs with 64-bit floats (the command turns them on), as NumPy computes in float64.
Exit status: 0, or 1 when a function failed (an error or a wrong result).""",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m overridable",
        description="overridable: context-local and global overrides of the NumPy API "
        "(NEP 31).",
        epilog="Run 'python -m overridable COMMAND --help' for a command's options and "
        f"examples.\n\n{_ENVIRONMENT}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"overridable {ov.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name, help=summary, description=summary,
            epilog=f"{_EXAMPLES[name]}\n\n{_ENVIRONMENT}",
            formatter_class=argparse.RawDescriptionHelpFormatter)

    demo_parser = command("demo", "run NEP 31's example on every installed backend "
                          "(--engine: the engine's tour, standard library only)")
    demo_parser.add_argument("--engine", action="store_true",
                             help="the tour of the dispatch engine alone")
    demo_parser.add_argument("--backend", action="append", metavar="NAME",
                             help="run on this backend only (repeatable; default: all installed)")
    info_parser = command("info", "print the version, the dispatch path, the installed "
                          "backends with their coverage, and the configuration")
    info_parser.add_argument("--backend", action="append", metavar="NAME",
                             help="list this backend only (repeatable)")
    info_parser.add_argument("--conformance", action="store_true",
                             help="run the conformance harness for checked counts (slower)")
    conformance_parser = command("conformance", "check backends against NumPy: sample calls "
                                 "of every function, values compared")
    conformance_parser.add_argument(
        "--backend", action="append", metavar="NAME",
        help="numpy, minimal, a backend name, or 'installed' for every installed backend "
        "(repeatable; default: numpy and minimal)")
    conformance_parser.add_argument("--markdown", metavar="FILE", help="write the Markdown matrix")
    conformance_parser.add_argument("--html", metavar="FILE", help="write the HTML matrix")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; returns the exit status.

    Examples
    --------
    >>> main(["info", "--backend", "numpy"])  # doctest: +ELLIPSIS
    overridable ...
    0
    """
    args = _parser().parse_args(argv)
    if args.command == "conformance":
        given = sys.argv[1:] if argv is None else list(argv)
        command = shlex.join(["python", "-m", "overridable", *given])
        return conformance(args.backend or ["numpy", "minimal"], args.markdown, args.html,
                           command=command)
    try:
        if args.command == "demo":
            if args.engine:
                engine_tour()
            else:
                demo(backends=args.backend)
        else:
            info(backends=args.backend, conformance=args.conformance)
    except ov.UnknownBackendError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
