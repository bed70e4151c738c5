"""Median and 90th percentile of durations, computed in the database.

The definition is PostgreSQL's `percentile_cont`: sort the n values, take position p·(n−1) (from 0) and
interpolate linearly between its two neighbours. On PostgreSQL every percentile of every duration is one
aggregate query. Elsewhere (SQLite) each duration costs one query that numbers its rows in order (a window
function) and returns only the two rows around each wanted position: never the whole column.

Stored durations (dashboard.models.IncidentDurations) also carry a bucket each, so that their percentiles need
no sort of the whole period (`bucketed_percentiles`): the counts per bucket (counted ahead by month, or by
`bucket_counts`) say which bucket holds each wanted position, and only those few buckets are sorted, to read the
values at those positions. Same figures as `percentile_cont`, to the last digit.
"""

import bisect
import datetime
import math
from collections import defaultdict

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


def _bucket_bounds() -> tuple[int, ...]:
    # Zero on its own (acknowledged as filed), then every second up to a minute, then each bound about 3 % above
    # the one before up to a year: ~470 buckets, a few hundredths of the values in each. Integers only, so the
    # same bounds everywhere.
    bounds, seconds = [0, 1], 1
    while seconds <= 365 * 24 * 3600:
        bounds.append(seconds * 1_000_000)
        seconds += max(1, seconds // 30)
    return tuple(bounds)


# Lower bounds in microseconds. The buckets are stored with the durations: changing the bounds needs a migration
# that computes every stored bucket again.
BUCKET_BOUNDS = _bucket_bounds()
# A bucket one microsecond wide holds one value (durations are whole microseconds): known without reading it.
_ONE_VALUE_BUCKETS = {bucket: datetime.timedelta(microseconds=low) for bucket, (low, high)
                      in enumerate(zip(BUCKET_BOUNDS, BUCKET_BOUNDS[1:]), start=1) if high - low == 1}


def bucket_of(duration: datetime.timedelta | None) -> int | None:
    """How many bounds are ≤ the duration (0 below the first: negative): SQL's `width_bucket` on BUCKET_BOUNDS
    gives the same."""
    if duration is None:
        return None
    return bisect.bisect_right(BUCKET_BOUNDS, duration // datetime.timedelta(microseconds=1))


def bucket_sql(column: str) -> str:
    """PostgreSQL's expression for `bucket_of` an interval column."""
    bounds = ",".join(f"{bound // 1_000_000}.{bound % 1_000_000:06d}" for bound in BUCKET_BOUNDS)
    return f'width_bucket(EXTRACT(EPOCH FROM "{column}"), ARRAY[{bounds}]::numeric[])'


def interpolate(values_at: dict[int, float], n: int, fraction: float) -> float | None:
    """percentile_cont from the values at 0-based sorted positions floor(p·(n−1)) and ceil(p·(n−1))."""
    if n == 0:
        return None
    position = fraction * (n - 1)
    low, high = math.floor(position), math.ceil(position)
    return values_at[low] + (values_at[high] - values_at[low]) * (position - low)


def _wanted_positions(n: int) -> list[int]:
    """The sorted positions (from 0) that `interpolate` reads among n values."""
    positions = set()
    for fraction in PERCENTILES:
        position = fraction * (n - 1)
        positions.update({math.floor(position), math.ceil(position)})
    return sorted(positions) if n else []


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
        positions = _wanted_positions(n)
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


def _locate(counts: dict[int, int], positions: list[int]) -> dict[int, tuple[int, int]]:
    """{position: (bucket, position among the bucket's sorted values)}, from the counts per bucket."""
    located, before, pending = {}, 0, list(positions)
    for bucket in sorted(counts):
        while pending and pending[0] < before + counts[bucket]:
            position = pending.pop(0)
            located[position] = (bucket, position - before)
        before += counts[bucket]
    return located


def bucketed_percentiles(rows: QuerySet, fields: dict[str, str],
                         counts: dict[str, dict[int, int]]) -> dict[str, dict[float, float | None]]:
    """{name: {0.5: seconds, 0.9: seconds}} of each stored duration field of `rows`, exactly as `percentile_cont`
    gives them (PostgreSQL). Each field has its bucket (`bucket_of`) in `<field>_bucket`; `counts` are
    `rows`' values per bucket ({name: {bucket: n}}, from `bucket_counts` or counted ahead), and must be read in the
    same snapshot: one more query reads, of only the buckets holding the wanted positions, the values there."""
    located = {name: _locate(counts[name], _wanted_positions(sum(counts[name].values()))) for name in fields}
    values_at = _values_at(rows, fields, located)
    found = {}
    for name in fields:
        seconds_at = {position: value.total_seconds() for position, value in values_at[name].items()}
        found[name] = {fraction: interpolate(seconds_at, sum(counts[name].values()), fraction)
                       for fraction in PERCENTILES}
    return found


def bucket_counts(rows: QuerySet, fields: dict[str, str]) -> dict[str, dict[int, int]]:
    """{name: {bucket: number of values}} of each stored duration field of `rows`, in one pass over them
    (PostgreSQL); NULLs have no bucket."""
    names = list(fields)
    columns = [f"b{index}" for index in range(len(names))]
    sql, params = rows.values_list(*(f"{fields[name]}_bucket" for name in names)).order_by().query.sql_with_params()
    # GROUPING() has a 1 for each column left out of the row's grouping set, the last column as lowest bit.
    all_out = (1 << len(names)) - 1
    set_of = {all_out ^ (1 << (len(names) - 1 - index)): index for index in range(len(names))}
    counts: dict[str, dict[int, int]] = {name: {} for name in names}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, COUNT(*) "
            f"FROM ({sql}) AS durations ({', '.join(columns)}) "
            f"GROUP BY GROUPING SETS ({', '.join(f'({column})' for column in columns)})",
            params,
        )
        for grouping, *buckets, n in cursor.fetchall():
            index = set_of[grouping]
            if buckets[index] is not None:
                counts[names[index]][buckets[index]] = n
    return counts


def _values_at(rows: QuerySet, fields: dict[str, str],
               located: dict[str, dict[int, tuple[int, int]]]) -> dict[str, dict[int, datetime.timedelta]]:
    """{name: {position: value}} from `located` ({name: {position: (bucket, index in the bucket)}}), in one query
    (none when every wanted value is known): of each bucket, the database sorts the values and returns those from
    the first to the last index wanted."""
    found: dict[str, dict[int, datetime.timedelta]] = {name: {} for name in fields}
    reads = []  # (name, bucket, first index, last index)
    for name, spots in located.items():
        indexes = defaultdict(list)
        for position, (bucket, index) in spots.items():
            if bucket in _ONE_VALUE_BUCKETS:
                found[name][position] = _ONE_VALUE_BUCKETS[bucket]
            else:
                indexes[bucket].append(index)
        reads += [(name, bucket, min(wanted), max(wanted)) for bucket, wanted in indexes.items()]
    parts, params = [], []
    for tag, (name, bucket, first, last) in enumerate(reads):
        field_name = fields[name]
        sql, part_params = (rows.filter(**{f"{field_name}_bucket": bucket}).values_list(field_name).order_by()
                            .query.sql_with_params())
        parts.append(f"(SELECT {tag}, value FROM ({sql}) AS bucket_{tag} (value) ORDER BY value OFFSET %s LIMIT %s)")
        params.extend([*part_params, first, last - first + 1])
    read: dict[int, list] = defaultdict(list)
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for tag, value in cursor.fetchall():
                read[tag].append(value)
    for tag, (name, bucket, first, _last) in enumerate(reads):
        in_order = sorted(read[tag])
        for position, (position_bucket, index) in located[name].items():
            if position_bucket == bucket:
                found[name][position] = in_order[index - first]
    return found


def duration_percentiles(
    rows: QuerySet, durations: dict[str, tuple[str, str | None]], counts: dict[str, int]
) -> dict[str, dict[float, float | None]]:
    """{name: {0.5: seconds, 0.9: seconds}} for each duration `end_field − start_field` (or stored duration
    field, start None) over `rows`."""
    if connection.vendor == "postgresql":
        return duration_percentiles_postgres(rows, durations)
    return duration_percentiles_ordered(rows, durations, counts)
