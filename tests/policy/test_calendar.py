import datetime
import zoneinfo

import pytest
from django.core.management import call_command

from policy.calendar import add_working_days, is_working_day, load_china_calendar
from policy.models import CalendarDay, CalendarDayKind, Policy
from sla import time as sla_time

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def china_2026(db) -> None:
    CalendarDay.objects.all().delete()
    load_china_calendar([2026])


def test_national_day_is_a_holiday_with_its_chinese_name(china_2026, site):
    day = CalendarDay.objects.get(site__isnull=True, date=datetime.date(2026, 10, 1))

    assert day.kind == CalendarDayKind.HOLIDAY
    assert day.name == "国庆节"
    assert not is_working_day(site=site, day=datetime.date(2026, 10, 1))


def test_a_make_up_saturday_is_a_working_day(china_2026, site):
    assert CalendarDay.objects.get(date=datetime.date(2026, 10, 10)).kind == CalendarDayKind.WORKDAY
    assert is_working_day(site=site, day=datetime.date(2026, 10, 10))
    assert not is_working_day(site=site, day=datetime.date(2026, 10, 17))


def test_working_days_skip_national_day_and_count_the_make_up_saturday(china_2026, site):
    start = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)

    due = add_working_days(site=site, start=start, days=3)

    # Oct 1–7 are off; Thursday 8, Friday 9 and the make-up Saturday 10 are the three working days.
    assert due == datetime.datetime(2026, 10, 10, 10, 0, tzinfo=SHANGHAI)
    assert due.tzinfo == datetime.timezone.utc


def test_sla_uses_the_same_calendar(china_2026, site):
    start = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)

    assert sla_time.add_working_days(site=site, start=start, days=3) == add_working_days(site=site, start=start, days=3)


def test_a_site_day_beats_the_company_calendar(china_2026, site, other_site):
    CalendarDay.objects.create(site=site, date=datetime.date(2026, 10, 8), kind=CalendarDayKind.HOLIDAY, name="店庆")
    start = datetime.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)

    assert add_working_days(site=site, start=start, days=3) == datetime.datetime(2026, 10, 12, 10, 0, tzinfo=SHANGHAI)
    assert add_working_days(site=other_site, start=start, days=3) == datetime.datetime(
        2026, 10, 10, 10, 0, tzinfo=SHANGHAI
    )


def test_the_weekend_comes_from_the_site_policy(china_2026, site):
    Policy.objects.create(site=site, weekend_days="6")
    start = datetime.datetime(2026, 11, 20, 9, 30, tzinfo=SHANGHAI)  # a Friday

    assert add_working_days(site=site, start=start, days=1) == datetime.datetime(2026, 11, 21, 9, 30, tzinfo=SHANGHAI)


def test_the_local_clock_time_is_kept_in_another_time_zone(china_2026, site):
    site.time_zone = "Europe/Berlin"
    site.save()
    # 23:30 in Berlin on Friday 23 October 2026 (summer time) is already Saturday in UTC.
    start = datetime.datetime(2026, 10, 23, 21, 30, tzinfo=datetime.timezone.utc)

    due = add_working_days(site=site, start=start, days=1)

    # Monday 26 October, 23:30 in Berlin, now in winter time.
    assert due == datetime.datetime(2026, 10, 26, 22, 30, tzinfo=datetime.timezone.utc)


def test_a_long_span_costs_two_queries(china_2026, site, django_assert_max_num_queries):
    start = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=SHANGHAI)

    with django_assert_max_num_queries(2):
        add_working_days(site=site, start=start, days=120)


def test_loading_twice_adds_nothing_and_keeps_legals_edit(china_2026):
    day = CalendarDay.objects.get(site__isnull=True, date=datetime.date(2026, 10, 7))
    day.kind = CalendarDayKind.WORKDAY
    day.name = "公司值班日"
    day.save()
    count = CalendarDay.objects.count()

    assert load_china_calendar([2026]) == 0

    day.refresh_from_db()
    assert (day.kind, day.name) == (CalendarDayKind.WORKDAY, "公司值班日")
    assert CalendarDay.objects.count() == count


def test_legal_corrections_of_loaded_days_are_kept(china_2026):
    CalendarDay.objects.filter(date=datetime.date(2026, 10, 7)).update(name="国庆节调休")

    load_china_calendar([2026])

    assert CalendarDay.objects.get(date=datetime.date(2026, 10, 7)).name == "国庆节调休"


def test_the_command_loads_the_years_given(db):
    CalendarDay.objects.all().delete()

    call_command("load_holidays", "--year", "2026", "--year", "2027", stdout=open("/dev/null", "w"))

    assert CalendarDay.objects.filter(date__year=2026).exists()
    assert CalendarDay.objects.filter(date=datetime.date(2027, 10, 1), kind=CalendarDayKind.HOLIDAY).exists()
