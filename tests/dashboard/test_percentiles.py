"""Percentiles of the stored durations read bucket by bucket: the same figures as PostgreSQL's percentile_cont,
to the last digit, whatever the values (ties, NULLs, values on a bucket's bound, one value, negative…)."""

import datetime
import importlib
import random

import pytest
from django.apps import apps
from django.db import connection
from django.http import QueryDict

from dashboard import from_summaries
from dashboard.filters import scope_for
from dashboard.models import STORED_DURATIONS, DurationBuckets, IncidentDurations
from dashboard.percentiles import (
    BUCKET_BOUNDS, PERCENTILES, bucket_counts, bucket_of, bucketed_percentiles, duration_percentiles_postgres,
)
from tests.dashboard.conftest import NOW, PERIOD

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont and the bucketed path are PostgreSQL's"),
]

FIELDS = {name: name for name in STORED_DURATIONS}
FIELDS_OF_SCOPE = from_summaries.DURATION_FIELDS
DAY = datetime.date(2026, 3, 1)
SECOND = datetime.timedelta(seconds=1)
MICROSECOND = datetime.timedelta(microseconds=1)


def _percentile_cont(rows) -> dict:
    return duration_percentiles_postgres(rows, {name: (name, None) for name in FIELDS})


def _values(rnd: random.Random, style: str, n: int) -> list[datetime.timedelta | None]:
    def one() -> datetime.timedelta:
        if style == "spread":
            return datetime.timedelta(microseconds=int(rnd.lognormvariate(18, 3)))
        if style == "ties":
            return rnd.choice([90, 90, 3600, 86400]) * SECOND
        if style == "bounds":
            bound = rnd.choice(BUCKET_BOUNDS[:5] + BUCKET_BOUNDS[200:203] + BUCKET_BOUNDS[-2:]) * MICROSECOND
            return bound + rnd.choice([-MICROSECOND, datetime.timedelta(0), MICROSECOND])
        if style == "one bucket":
            return (BUCKET_BOUNDS[150] + rnd.randrange(1_000_000)) * MICROSECOND
        if style == "zeros":  # most acknowledged as filed
            return rnd.choice([datetime.timedelta(0)] * 5 + [MICROSECOND, rnd.randrange(1, 10**8) * MICROSECOND])
        if style == "negative":
            return datetime.timedelta(microseconds=rnd.randrange(-10**10, 10**8))
        return datetime.timedelta(days=rnd.randrange(300, 900), microseconds=rnd.randrange(10**6))  # past the last bound

    nulls = rnd.choice([0, 0, 0.3, 1])
    return [None if rnd.random() < nulls else one() for _index in range(n)]


def test_bucketed_percentiles_equal_percentile_cont_on_random_data_sets():
    rnd = random.Random(8)
    styles = ["spread", "ties", "bounds", "one bucket", "zeros", "negative", "beyond"]
    sizes = [0, 1, 2, 3, 4, 10, 11, *(rnd.randrange(5, 600) for _set in range(30))]
    rows, next_id = [], 1
    for data_set, size in enumerate(sizes, start=1):
        columns = {name: _values(rnd, rnd.choice(styles), size) for name in FIELDS}
        for index in range(size):
            values = {name: columns[name][index] for name in FIELDS}
            rows.append(IncidentDurations(incident_id=next_id, site_id=data_set, day=DAY, kind="loss", **values,
                                          **{f"{name}_bucket": bucket_of(value) for name, value in values.items()}))
            next_id += 1
    IncidentDurations.objects.bulk_create(rows)
    for data_set, _size in enumerate(sizes, start=1):
        rows = IncidentDurations.objects.filter(site_id=data_set)
        assert bucketed_percentiles(rows, FIELDS, bucket_counts(rows, FIELDS)) == _percentile_cont(rows), data_set


def test_a_value_below_a_bucket_bound_sorts_before_the_values_on_it():
    # Nine values on a bound and one a microsecond below: the median and the 90th percentile sit on the bound,
    # the 10th value below is in the bucket under it.
    bound = BUCKET_BOUNDS[100] * MICROSECOND
    values = [bound - MICROSECOND] + [bound] * 9
    IncidentDurations.objects.bulk_create(
        IncidentDurations(incident_id=pk, site_id=1, day=DAY, kind="loss", acknowledge=value,
                          acknowledge_bucket=bucket_of(value)) for pk, value in enumerate(values, start=1))
    rows = IncidentDurations.objects.all()
    assert bucket_of(bound - MICROSECOND) == bucket_of(bound) - 1
    found = bucketed_percentiles(rows, FIELDS, bucket_counts(rows, FIELDS))
    assert found == _percentile_cont(rows)
    assert found["acknowledge"] == {fraction: bound.total_seconds() for fraction in PERCENTILES}
    assert found["close"] == {fraction: None for fraction in PERCENTILES}


def test_two_queries_whatever_the_number_of_values(django_assert_num_queries):
    rnd = random.Random(3)
    rows = []
    for pk in range(1, 2001):
        values = {name: datetime.timedelta(seconds=rnd.randrange(-60, 10**6)) for name in FIELDS}
        rows.append(IncidentDurations(incident_id=pk, site_id=1, day=DAY, kind="loss", **values,
                                      **{f"{name}_bucket": bucket_of(value) for name, value in values.items()}))
    IncidentDurations.objects.bulk_create(rows)
    rows = IncidentDurations.objects.all()
    with django_assert_num_queries(2):
        bucketed_percentiles(rows, FIELDS, bucket_counts(rows, FIELDS))


def test_a_zero_duration_needs_no_reading(django_assert_num_queries):
    # Zero has a bucket of its own: when every wanted position is there, no value is read.
    IncidentDurations.objects.bulk_create(
        IncidentDurations(incident_id=pk, site_id=1, day=DAY, kind="loss", acknowledge=value,
                          acknowledge_bucket=bucket_of(value))
        for pk, value in enumerate([datetime.timedelta(0)] * 95 + [SECOND, 3 * SECOND, 4 * SECOND], start=1))
    rows = IncidentDurations.objects.all()
    counts = bucket_counts(rows, FIELDS)
    with django_assert_num_queries(0):
        found = bucketed_percentiles(rows, FIELDS, counts)
    assert found == _percentile_cont(rows)
    assert found["acknowledge"] == {fraction: 0.0 for fraction in PERCENTILES}


def test_the_migration_gives_the_buckets_bucket_of_gives():
    values = [None, -SECOND, datetime.timedelta(0), 59 * SECOND + 999_999 * MICROSECOND,
              *(bound * MICROSECOND + delta for bound in BUCKET_BOUNDS for delta in (-MICROSECOND, datetime.timedelta(0))),
              datetime.timedelta(days=3650)]
    IncidentDurations.objects.bulk_create(
        IncidentDurations(incident_id=pk, site_id=1, day=DAY, kind="loss", **dict.fromkeys(FIELDS, value))
        for pk, value in enumerate(values, start=1))
    migration = importlib.import_module("dashboard.migrations.0002_duration_buckets")
    with connection.schema_editor() as schema_editor:
        migration.fill_buckets(apps, schema_editor)
    for row in IncidentDurations.objects.order_by("pk"):
        for name in FIELDS:
            assert getattr(row, f"{name}_bucket") == bucket_of(getattr(row, name)), (name, getattr(row, name))
    # and counted by month
    counted = {name: {} for name in FIELDS}
    for row in DurationBuckets.objects.filter(site_id=1, month=DAY):
        counted[row.duration][row.bucket] = row.n
    assert counted == bucket_counts(IncidentDurations.objects.all(), FIELDS)
    assert bucket_of(None) is None and bucket_of(-MICROSECOND) == 0 and bucket_of(datetime.timedelta(0)) == 1
    assert bucket_of(datetime.timedelta(days=3650)) == len(BUCKET_BOUNDS)


def _scope(user, **extra):
    query = QueryDict(mutable=True)
    query.update({**PERIOD, **{k: str(v) for k, v in extra.items()}})
    return scope_for(user, query, now=NOW)[0]


@pytest.mark.parametrize("filters", [{}, {"kind": "theft"}, {"kind": "loss"}, {"category": 0}, {"category": 2},
                                     {"department": 0}, {"department": 1}, {"site": 0}, {"site": 1},
                                     {"date_from": "2026-02-10", "date_to": "2026-04-20"},
                                     {"date_from": "2026-03-05", "date_to": "2026-03-09"},
                                     {"date_from": "2026-02-01", "date_to": "2026-04-30"},
                                     {"date_from": "2026-02-01", "date_to": "2026-03-20", "kind": "loss"},
                                     {"date_from": "2026-02-25", "date_to": "2026-03-31", "department": 0},
                                     {"kind": "loss", "category": 1, "site": 0}])
def test_every_filter_gives_percentile_cont(dataset, company_manager, site, other_site, owners, filters):
    values = dict(filters)
    if "category" in values:
        values["category"] = dataset.categories[values["category"]].pk
    if "department" in values:
        values["department"] = owners[values["department"]].staff_profile.department_id
    if "site" in values:
        values["site"] = (site, other_site)[values["site"]].pk
    scope = _scope(company_manager, **values)
    rows = from_summaries.duration_rows(scope)
    assert rows.exists()
    exact = duration_percentiles_postgres(rows, {name: (field_name, None) for name, field_name in FIELDS_OF_SCOPE.items()})
    counts = bucket_counts(rows, FIELDS_OF_SCOPE)
    assert from_summaries.duration_counts(scope) == counts
    assert bucketed_percentiles(rows, FIELDS_OF_SCOPE, counts) == exact
    assert from_summaries.time_percentiles(scope, {}) == exact


@pytest.mark.parametrize("dates,durations_read", [(("2026-03-01", "2026-03-31"), False),
                                                  (("2026-02-01", "2026-04-30"), False),
                                                  (("2026-02-25", "2026-03-31"), True),
                                                  (("2026-03-02", "2026-03-30"), True)])
def test_whole_months_are_counted_from_their_bucket_counts(dataset, company_manager, dates, durations_read):
    from django.test.utils import CaptureQueriesContext

    scope = _scope(company_manager, date_from=dates[0], date_to=dates[1])
    with CaptureQueriesContext(connection) as queries:
        from_summaries.duration_counts(scope)
    assert any("dashboard_incidentdurations" in query["sql"] for query in queries) == durations_read


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_counts_and_reads_the_durations_in_one_snapshot(site, other_site, owners, company_manager,
                                                                        monkeypatch):
    from dashboard.selectors import dashboard_for
    from tests.dashboard.conftest import build_dataset

    build_dataset(site=site, other_site=other_site, owners=owners, count=30)
    seen = []
    counted = from_summaries.duration_counts

    def spy(scope):
        with connection.cursor() as cursor:
            cursor.execute("SHOW transaction_isolation")
            seen.append(cursor.fetchone()[0])
        return counted(scope)

    monkeypatch.setattr(from_summaries, "duration_counts", spy)
    board = dashboard_for(_scope(company_manager))
    assert board.as_of is not None and seen == ["repeatable read"]
