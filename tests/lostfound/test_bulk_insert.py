"""On PostgreSQL a bulk insert of a few rows, or of JSON, lists VALUES; many plain rows go as UNNEST arrays."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lostfound.postgresql.compiler import UNNEST_FROM_ROWS
from organization.models import Site
from sla.models import Deadline

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the UNNEST form is PostgreSQL's"),
]


def _insert(rows) -> str:
    with CaptureQueriesContext(connection) as queries:
        created = type(rows[0]).objects.bulk_create(rows)
    assert all(row.pk for row in created)
    (insert,) = queries.captured_queries
    return insert["sql"]


def _deadlines(site: Site, count: int, subject_id: int) -> list[Deadline]:
    now = timezone.now()
    subject = ContentType.objects.get_for_model(Site)
    return [Deadline(subject_type=subject, subject_id=subject_id, site=site, kind=f"kind-{n}", started_at=now,
                     due_at=now) for n in range(count)]


def test_a_few_rows_are_listed_and_many_go_as_arrays(site):
    few = _insert(_deadlines(site, UNNEST_FROM_ROWS - 1, subject_id=1))
    many = _insert(_deadlines(site, UNNEST_FROM_ROWS, subject_id=2))

    assert "UNNEST" not in few and " VALUES " in few
    assert "UNNEST" in many
    assert Deadline.objects.filter(site=site).count() == 2 * UNNEST_FROM_ROWS - 1


def test_json_is_listed_however_many_rows(site):
    subject = ContentType.objects.get_for_model(Site)
    changes = {"name": ["None", 'say "hello" \\ 你好']}
    entries = [LogEntry(content_type=subject, object_pk=str(site.pk), object_repr=site.code, action=0, changes=changes)
               for _ in range(2 * UNNEST_FROM_ROWS)]

    sql = _insert(entries)

    assert "UNNEST" not in sql
    assert list(LogEntry.objects.filter(object_repr=site.code).values_list("changes", flat=True)) == [changes] * 20
