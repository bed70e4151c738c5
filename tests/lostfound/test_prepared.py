"""A PreparedRead gives what its queryset gives, for every call's ids, from SQL compiled once."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from django.db.models import CharField, Prefetch, Value
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lostfound.prepared import PreparedRead
from organization.models import Area, Site


@pytest.fixture
def sites(db):
    first = Site.objects.create(code="SH01", name="Shanghai Plaza", time_zone="Asia/Shanghai")
    second = Site.objects.create(code="BJ01", name="Beijing Mall", time_zone="Asia/Shanghai")
    for site, names in ((first, ["Lobby", "Atrium", "Car park"]), (second, ["Gate"])):
        for name in names:
            Area.objects.create(site=site, name=name)
    return first, second


def _areas_of(site_id):
    return Area.objects.filter(site_id=site_id).select_related("site").order_by("name")


def test_each_call_reads_its_own_ids_with_the_relations_joined(sites):
    areas_of = PreparedRead(_areas_of)
    for site in sites:
        expected = [(area.name, site.code) for area in _areas_of(site.pk)]
        with CaptureQueriesContext(connection) as queries:
            assert [(area.name, area.site.code) for area in areas_of(site.pk)] == expected
        assert len(queries) == 1
    assert areas_of(10**9) == []
    assert [area.name for area in areas_of(str(sites[1].pk))] == ["Gate"]


def test_only_the_first_call_compiles(sites, monkeypatch):
    areas_of = PreparedRead(_areas_of)
    areas_of(sites[0].pk)
    compiled = []
    original = SQLCompiler.as_sql
    monkeypatch.setattr(SQLCompiler, "as_sql", lambda self, *args, **kwargs: compiled.append(self) or original(
        self, *args, **kwargs))
    assert [area.name for area in areas_of(sites[1].pk)] == ["Gate"]
    assert compiled == []


def test_prefetches_slices_and_several_ids(sites):
    first, second = sites
    with_areas = PreparedRead(lambda low, high: Site.objects.filter(pk__gte=low, pk__lte=high).order_by("pk")
                              .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name"))))
    found = with_areas(first.pk, second.pk)
    assert [[area.name for area in site.areas.all()] for site in found] == [
        ["Atrium", "Car park", "Lobby"], ["Gate"]]
    assert with_areas(second.pk, second.pk) == [second]
    first_two = PreparedRead(lambda site_id: _areas_of(site_id)[:2])
    assert [area.name for area in first_two(first.pk)] == ["Atrium", "Car park"]


def test_lists_of_ids_of_any_length(sites):
    first, second = sites
    named = PreparedRead(lambda ids: Area.objects.filter(site_id__in=ids).order_by("name").values_list(
        "name", flat=True))
    assert named([first.pk, second.pk]) == ["Atrium", "Car park", "Gate", "Lobby"]
    assert named([second.pk, 10**9]) == ["Gate"]
    assert named([first.pk]) == ["Atrium", "Car park", "Lobby"]
    assert named([]) == []


def test_moments_among_the_arguments(sites, django_user_model):
    now = timezone.now()
    for days in (1, 5, 9):
        django_user_model.objects.create(username=f"joined-{days}", date_joined=now - datetime.timedelta(days=days))
    joined = PreparedRead(lambda since, until, not_id: django_user_model.objects.filter(
        date_joined__gte=since, date_joined__lt=until).exclude(pk=not_id).order_by("username").values_list(
        "username", flat=True))
    day = datetime.timedelta(days=1)
    assert joined(now - 6 * day, now, 0) == ["joined-1", "joined-5"]
    assert joined(now - 10 * day, now - 4 * day, 0) == ["joined-5", "joined-9"]
    nine = django_user_model.objects.get(username="joined-9").pk
    assert joined(now - 10 * day, now - 4 * day, nine) == ["joined-5"]
    assert joined(now, now + day, 0) == []


def test_values_of_a_union(sites, django_user_model):
    user = django_user_model.objects.create_user(username="fiona")
    user.groups.add(Group.objects.create(name="Front desk"))
    names = PreparedRead(lambda user_id: Group.objects.filter(user=user_id).order_by().values_list("name").union(
        Site.objects.filter(pk=user_id, code="-").order_by().values_list(Value("-", output_field=CharField())),
        all=True))
    assert names(user.pk) == [("Front desk",)]


def test_a_query_the_ids_do_not_reach_as_parameters_is_refused(sites):
    inlined = PreparedRead(lambda site_id: Area.objects.extra(where=[f"site_id = {site_id}"]))
    with pytest.raises(ValueError, match="not parameters"):
        inlined(sites[0].pk)


@pytest.mark.django_db(transaction=True)
def test_a_read_compiled_in_one_thread_runs_on_another_threads_connection():
    site = Site.objects.create(code="SH01", name="Shanghai Plaza", time_zone="Asia/Shanghai")
    Area.objects.create(site=site, name="Lobby")
    areas_of = PreparedRead(_areas_of)
    areas_of(site.pk)
    names = []

    def elsewhere():
        try:
            names.extend(area.name for area in areas_of(site.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert names == ["Lobby"]


def test_postgresql_keeps_the_statement_planned_once_per_connection(sites):
    if connection.vendor != "postgresql":
        pytest.skip("statements are kept by PostgreSQL only")
    areas_of = PreparedRead(_areas_of)
    for site in sites:
        assert [area.site_id for area in areas_of(site.pk)] == [site.pk] * len(_areas_of(site.pk))
    with CaptureQueriesContext(connection) as logged:
        areas_of(sites[0].pk)
    assert '"organization_area"."site_id" = $1' in logged.captured_queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ['%"organization_area"."site_id" = $1%'])
        kept = cursor.fetchall()
    assert len(kept) == 1
