"""The many-tasks benchmark runs: every task is served by its own backend, and resolves
once (its other calls hit the cache). Timings are not asserted here;
``benchmarks/bench_tasks.py`` reports them."""

from __future__ import annotations

from _scripts import bench_fixture

bench = bench_fixture("bench_tasks")


def test_each_task_resolves_once_and_is_served_by_its_own_backend(bench) -> None:
    sample = bench.run_tasks(300)  # raises if a task was served by another one's backend
    assert sample.misses_per_task == 1.0
    floor = bench.run_tasks(300, dispatch=False)
    assert floor.misses_per_task == 0.0
    assert sample.seconds_per_task > 0 and floor.seconds_per_task > 0


def test_report_gives_both_ratios(bench) -> None:
    best = {(n, d): bench.Sample(n, 1e-5 * (2 if n == 10_000 else 1), 1.0 if d else 0.0)
            for n in bench.SIZES for d in (True, False)}
    text = bench.render(best, markdown=False)
    assert "ratio 10k/1k: 2.00x dispatched, 2.00x asyncio's floor" in text
    assert "[   met]" in text
    best[10_000, True] = bench.Sample(10_000, 6e-5, 1.0)
    assert "[MISSED]" in bench.render(best, markdown=True)
