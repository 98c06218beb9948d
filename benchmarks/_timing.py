"""The measurement machinery shared by the benchmarks in this folder.

``bench_engine.py``, ``bench_numpy.py`` and ``bench_backends.py`` each time a
set of probes the same way, and print the same kind of report:

- a :class:`TimedProbe` is one statement timed with ``timeit``: it picks its
  loop count so that one round takes about a given time (:meth:`~TimedProbe.calibrate`),
  records one sample per round and reports the minimum (:attr:`~TimedProbe.best`);
  :class:`Probe` is the usual kind, a statement run in a namespace, inside a context
  manager entered around each round (outside the timed loop);
- :func:`interleaved_rounds` calibrates every probe, then samples them all round
  after round, in an order shuffled each round (with a fixed seed), so that drift in
  the machine's speed hits every column alike;
- :func:`table` renders the report's table as aligned text or Markdown,
  :func:`target_lines` the list of the issue's targets, met or missed;
- :func:`arguments` parses the command line every benchmark takes
  (``--quick``, ``--markdown``, and flags of its own).

The benchmarks are run as scripts (``python benchmarks/<name>.py``), so this
module is imported from the scripts' folder as ``_timing``.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import random
import timeit
from collections.abc import Callable, Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, ClassVar

#: How the report marks a target: met, missed, or not judged (None).
MARKS: dict[bool | None, str] = {True: "met", False: "MISSED", None: "n/a"}


@dataclass(eq=False)
class TimedProbe:
    """Something timed with ``timeit``; ``samples`` hold one time per call and round.

    A subclass sets ``self.timer`` (a :class:`timeit.Timer`) and may override
    :meth:`timeit` (to run the timer in some context) and the class attributes: the
    first loop count tried, the largest, and the unit of the samples (per second).
    """

    _: KW_ONLY
    number: int = 0
    samples: list[float] = field(default_factory=list)

    first_number: ClassVar[int] = 100
    max_number: ClassVar[int] = 10**8
    #: Samples are in ns per call (1e9) or µs per call (1e6).
    unit: ClassVar[float] = 1e9

    timer: timeit.Timer = field(init=False, repr=False)

    def timeit(self, number: int) -> float:
        """Seconds taken by ``number`` runs of the statement."""
        return self.timer.timeit(number)

    def calibrate(self, seconds: float) -> None:
        """Pick the loop count so that one round takes about ``seconds``."""
        number = self.first_number
        while True:
            elapsed = self.timeit(number)
            if elapsed >= seconds / 4 or number >= self.max_number:
                break
            number *= 10
        self.number = max(1, round(number * seconds / max(elapsed, 1e-9)))

    def sample(self) -> None:
        self.samples.append(self.timeit(self.number) / self.number * self.unit)

    @property
    def best(self) -> float:
        return min(self.samples) if self.samples else math.nan


@dataclass(eq=False)
class Probe(TimedProbe):
    """One statement timed with ``timeit``, inside ``context`` (entered around each round)."""

    stmt: str
    namespace: dict[str, Any]
    context: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext

    def __post_init__(self) -> None:
        self.timer = timeit.Timer(self.stmt, globals=self.namespace)

    def evaluate(self) -> Any:
        """Run the statement once, as an expression, in its context."""
        with self.context():
            return eval(self.stmt, self.namespace)

    def timeit(self, number: int) -> float:
        with self.context():
            return self.timer.timeit(number)


def interleaved_rounds(probes: Sequence[TimedProbe], rounds: int, seconds: float) -> None:
    """Calibrate every probe to rounds of about ``seconds``, then take ``rounds`` samples
    of each, the probes of every round in a shuffled order."""
    for probe in probes:
        probe.calibrate(seconds)
    order = list(probes)
    shuffle = random.Random(31).shuffle
    for _ in range(rounds):
        shuffle(order)
        for probe in order:
            probe.sample()


def table(header: list[str], body: list[list[str]], markdown: bool,
          code_first: bool = False) -> str:
    """The rows of ``body`` under ``header``: the first column left-aligned, the others
    right-aligned; in Markdown, the first column in backticks if ``code_first``."""
    if markdown:
        lines = ["| " + " | ".join(header) + " |",
                 "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
        lines += ["| " + " | ".join(f"`{c}`" if code_first and i == 0 else c
                                    for i, c in enumerate(cells)) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*header), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*cells).rstrip() for cells in body]
    return "\n".join(lines)


def target_lines(targets: list[tuple[bool | None, str]], markdown: bool) -> list[str]:
    """The report's list of targets, each marked met, missed or n/a (``met`` None)."""
    lines = ["Targets (from the issue):"]
    for met, text in targets:
        lines.append(f"- [{MARKS[met]}] {text}" if markdown else f"  [{MARKS[met]:>6}] {text}")
    return lines


def arguments(doc: str | None, argv: Sequence[str] | None,
              *flags: tuple[str, str]) -> argparse.Namespace:
    """Parse a benchmark's ``argv``: ``--quick``, ``--markdown`` and ``flags``, each a
    (flag, help) pair of a further true/false option. ``doc`` is the script's docstring."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--quick", action="store_true", help="few short rounds (noisier)")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    for flag, text in flags:
        parser.add_argument(flag, action="store_true", help=text)
    return parser.parse_args(argv)
