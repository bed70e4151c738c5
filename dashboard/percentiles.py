"""Median and 90th percentile of durations, computed in the database.

The definition is PostgreSQL's `percentile_cont`: sort the n values, take position p·(n−1) (from 0) and
interpolate linearly between its two neighbours. On PostgreSQL every percentile of every duration is one
aggregate query. Elsewhere (SQLite) each duration costs one query that numbers its rows in order (a window
function) and returns only the two rows around each wanted position: never the whole column.
"""

import datetime
import math

from django.db import connection
from django.db.models import Aggregate, DurationField, ExpressionWrapper, F, FloatField, Func, QuerySet, Window
from django.db.models.functions import RowNumber

PERCENTILES = (0.5, 0.9)


class Epoch(Func):
    """Seconds in an interval (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate `percentile_cont(p) WITHIN GROUP (ORDER BY …)`; NULLs are skipped."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def _duration(end_field: str, start_field: str | None):
    """`end − start`, or the stored duration `end` itself when there is no start."""
    if start_field is None:
        return F(end_field)
    return ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())


def interpolate(values_at: dict[int, float], n: int, fraction: float) -> float | None:
    """percentile_cont from the values at 0-based sorted positions floor(p·(n−1)) and ceil(p·(n−1))."""
    if n == 0:
        return None
    position = fraction * (n - 1)
    low, high = math.floor(position), math.ceil(position)
    return values_at[low] + (values_at[high] - values_at[low]) * (position - low)


def _seconds(value) -> float:
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return float(value) / 1_000_000 if isinstance(value, int) else float(value)


def duration_percentiles_postgres(
    rows: QuerySet, durations: dict[str, tuple[str, str]]
) -> dict[str, dict[float, float | None]]:
    aggregates = {
        f"{name}_{index}": PercentileCont(Epoch(_duration(end, start)), fraction)
        for name, (end, start) in durations.items()
        for index, fraction in enumerate(PERCENTILES)
    }
    result = rows.aggregate(**aggregates)
    return {
        name: {fraction: result[f"{name}_{index}"] for index, fraction in enumerate(PERCENTILES)}
        for name in durations
    }


def duration_percentiles_ordered(
    rows: QuerySet, durations: dict[str, tuple[str, str]], counts: dict[str, int]
) -> dict[str, dict[float, float | None]]:
    """The portable path: one bounded query per duration; `counts` are the non-null counts, known already."""
    found: dict[str, dict[float, float | None]] = {}
    for name, (end, start) in durations.items():
        n = counts.get(name) or 0
        if n == 0:
            found[name] = {fraction: None for fraction in PERCENTILES}
            continue
        positions = set()
        for fraction in PERCENTILES:
            position = fraction * (n - 1)
            positions.update({math.floor(position), math.ceil(position)})
        ranked = (
            rows.filter(**{f"{name}__isnull": False for name in (end, start) if name})
            .annotate(duration=_duration(end, start))
            .annotate(position=Window(RowNumber(), order_by=[F("duration").asc(), F("pk").asc()]))
            .filter(position__in=[p + 1 for p in positions])
            .values_list("position", "duration")
        )
        values_at = {position - 1: _seconds(duration) for position, duration in ranked}
        found[name] = {fraction: interpolate(values_at, n, fraction) for fraction in PERCENTILES}
    return found


def duration_percentiles(
    rows: QuerySet, durations: dict[str, tuple[str, str | None]], counts: dict[str, int]
) -> dict[str, dict[float, float | None]]:
    """{name: {0.5: seconds, 0.9: seconds}} for each duration `end_field − start_field` (or stored duration
    field, start None) over `rows`."""
    if connection.vendor == "postgresql":
        return duration_percentiles_postgres(rows, durations)
    return duration_percentiles_ordered(rows, durations, counts)
