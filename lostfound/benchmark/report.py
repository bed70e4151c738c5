"""The benchmark's table: one row per page, p50, p95, throughput, ratios to the bare view, verdict.

A page's ratio is taken against the bare view measured beside it, in slices between the page's own (`floor`,
lostfound.benchmark.client.run_beside_floor). The run's own bare rows, first and last, stay in the table, with
each page's ratio to the faster of them beside it.
"""

import math
from dataclasses import dataclass

from lostfound.benchmark.client import Timing
from lostfound.benchmark.pages import Page


@dataclass
class Row:
    page: Page
    timing: Timing
    floor: Timing | None = None  # the bare view, measured between the slices of this page

    @property
    def p50(self) -> float:
        return self.timing.percentile(0.50)

    @property
    def p95(self) -> float:
        return self.timing.percentile(0.95)


def verdict(row: Row, bare_p95: float | None) -> str:
    """Against the targets; `bare_p95` is the floor when the row has none of its own."""
    target = row.page.target
    if row.floor is not None and row.floor.requests:
        bare_p95 = row.floor.percentile(0.95)
    if target is None:
        return ""
    if row.timing.errors or not row.timing.requests:
        return "MISS (errors)"
    misses = []
    if row.p95 >= target.seconds:
        misses.append(f"p95 ≥ {target.seconds * 1000:.0f} ms")
    if target.bare_ratio and bare_p95 and row.p95 > target.bare_ratio * bare_p95:
        misses.append(f"> {target.bare_ratio:g}× bare")
    return "MISS: " + ", ".join(misses) if misses else "ok"


def _ms(seconds: float) -> str:
    return "–" if math.isnan(seconds) else f"{seconds * 1000:.1f}"


def _ratio(p95: float, floor: float | None) -> str:
    return f"{p95 / floor:.1f}" if floor and not math.isnan(p95) else "–"


def markdown(rows: list[Row], *, sweep: tuple[int, float] | None, heading: str) -> str:
    # The bare view also runs alone, first and last; the faster of the two is the run's floor.
    bare = [row.p95 for row in rows if row.page.key == "bare" and row.timing.requests]
    bare_p95 = min(bare) if bare else None
    lines = [
        heading, "",
        "| page | requests | errors | p50 ms | p95 ms | req/s | bare p95 beside it, ms | p95 ÷ bare beside it "
        "| p95 ÷ faster bare run | target (p95) | result |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in rows:
        floor = row.floor.percentile(0.95) if row.floor is not None and row.floor.requests else None
        target = row.page.target.describe() if row.page.target else "baseline"
        lines.append(
            f"| {row.page.title} | {row.timing.requests} | {row.timing.errors} | {_ms(row.p50)} | {_ms(row.p95)} "
            f"| {row.timing.throughput:.1f} | {_ms(floor) if floor else '–'} | {_ratio(row.p95, floor)} "
            f"| {_ratio(row.p95, bare_p95)} | {target} | {verdict(row, bare_p95)} |"
        )
    if sweep is not None:
        count, seconds = sweep
        result = "ok" if seconds < 60 else "MISS: ≥ 60 s"
        lines.append(f"| sweep of {count:,} due deadlines | 1 | 0 | – | {seconds:.1f} s | {count / seconds:.0f} rows/s "
                     f"| – | – | – | < 60 s | {result} |")
    errors = [f"- {row.page.key}: {row.timing.first_error}" for row in rows if row.timing.first_error]
    if errors:
        lines += ["", "First error per page:", *errors]
    return "\n".join(lines) + "\n"
