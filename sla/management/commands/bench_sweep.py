"""Benchmark of the deadline sweep: `python manage.py bench_sweep --deadlines 100000`.

Meant for PostgreSQL (a database of its own: it writes and deletes many rows). Creates a throwaway
site (code `bench-sla`) with its own ladder and managers, N deadlines that fell due a minute ago on
N throwaway areas, sweeps until nothing is due and prints the time taken. Everything it made is
deleted at the end (and at the start, should an earlier run have been interrupted).
"""

import datetime
import time
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import Message
from organization.models import Area, Department, DepartmentKind, Position, Site, StaffProfile
from policy.models import EscalationStep
from sla.models import Deadline
from sla.sweep import SweepReport, deadlines_sweep

SITE_CODE = "bench-sla"
USER_PREFIX = "bench-sla-"
BATCH = 5000


class Command(BaseCommand):
    help = "Time the deadline sweep over N due deadlines on a throwaway site (for PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--deadlines", type=int, default=100_000)
        parser.add_argument("--overdue-minutes", type=int, default=1,
                            help="how long ago the deadlines fell due (>= 60 adds ladder level 2, >= 240 level 3)")
        parser.add_argument("--batch-size", type=int, default=500, help="rows the sweep claims per transaction")
        parser.add_argument("--keep", action="store_true", help="leave the rows in place afterwards")

    def handle(self, *args, deadlines: int, overdue_minutes: int, batch_size: int, keep: bool, **options):
        self.stdout.write(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
        timing = time_sweep(deadlines=deadlines, overdue_minutes=overdue_minutes, batch_size=batch_size, keep=keep)
        self.stdout.write(f"setup: {deadlines} due deadlines in {timing.setup_seconds:.1f} s")
        total, elapsed = timing.report, timing.seconds
        self.stdout.write(
            f"sweep: {total.claimed} rows in {elapsed:.2f} s = {total.claimed / elapsed:.0f} rows/s; "
            f"{timing.messages} messages written; {timing.runs} sweep calls; errors {total.errors}; "
            f"still due {timing.still_due}"
        )
        self.stdout.write(f"report: {total.__dict__}")


@dataclass
class SweepTiming:
    report: SweepReport
    seconds: float
    setup_seconds: float
    runs: int
    messages: int
    still_due: int


def time_sweep(*, deadlines: int, overdue_minutes: int = 1, batch_size: int = 500, keep: bool = False) -> SweepTiming:
    """Make N due deadlines on the throwaway site, sweep until nothing is due, time it (also used by `benchmark`)."""
    _clean_up()
    setup_started = time.monotonic()
    now = timezone.now()
    site = _make_site()
    _make_deadlines(site, count=deadlines, due_at=now - datetime.timedelta(minutes=overdue_minutes))
    _vacuum()
    setup_seconds = time.monotonic() - setup_started

    total = SweepReport()
    runs = 0
    started = time.monotonic()
    while True:
        report = deadlines_sweep(now=now, batch_size=batch_size, time_budget=3600.0, kick=False)
        runs += 1
        for name, value in report.__dict__.items():
            setattr(total, name, getattr(total, name) + value)
        if report.claimed == 0 or report.claimed == report.errors:
            break  # done, or nothing but failing rows left (see the errors figure)
    elapsed = time.monotonic() - started
    timing = SweepTiming(
        report=total, seconds=elapsed, setup_seconds=setup_seconds, runs=runs,
        messages=Message.objects.filter(site=site).count(),
        still_due=Deadline.objects.filter(site=site, state="open", next_check_at__lte=now).count(),
    )
    if not keep:
        _clean_up()
    return timing


def _make_site() -> Site:
    site = Site.objects.create(code=SITE_CODE, name="Benchmark (throwaway)", time_zone="Asia/Shanghai")
    for level, position, delay in ((1, Position.DEPARTMENT_MANAGER, 0), (2, Position.SITE_GENERAL_MANAGER, 60),
                                   (3, Position.COMPANY_GENERAL_MANAGER, 240)):
        EscalationStep.objects.create(site=site, level=level, position=position, delay_minutes=delay)
    department = Department.objects.create(site=site, kind=DepartmentKind.MANAGEMENT, name="Bench management")
    users = get_user_model().objects
    for name, position in (("dm", Position.DEPARTMENT_MANAGER), ("gm", Position.SITE_GENERAL_MANAGER),
                           ("cgm", Position.COMPANY_GENERAL_MANAGER)):
        user = users.create_user(username=f"{USER_PREFIX}{name}", email=f"{name}@bench.invalid")
        profile = StaffProfile.objects.create(user=user, department=department, position=position)
        profile.sites.set([site])
    return site


def _make_deadlines(site: Site, *, count: int, due_at: datetime.datetime) -> None:
    area_type = ContentType.objects.get_for_model(Area)
    start = due_at - datetime.timedelta(hours=1)
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        with transaction.atomic():
            areas = Area.objects.bulk_create(
                [Area(site=site, name=f"bench {offset + n}") for n in range(size)]
            )
            Deadline.objects.bulk_create([
                Deadline(subject_type=area_type, subject_id=area.pk, site=site, kind="acknowledge",
                         started_at=start, due_at=due_at, next_check_at=due_at)
                for area in areas
            ])


def _vacuum() -> None:
    """Clear the dead rows an earlier run left and count the new ones (PostgreSQL), as autovacuum would between
    runs: where it is off, each run otherwise swept slower than the one before."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (Deadline, Message, Area):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _clean_up() -> None:
    site = Site.objects.filter(code=SITE_CODE).first()
    if site is not None:
        # Plain DELETEs first: nothing points at these rows, so no per-row cascade in Python.
        Message.objects.filter(site=site)._raw_delete(Message.objects.db)
        Deadline.objects.filter(site=site)._raw_delete(Deadline.objects.db)
        Area.objects.filter(site=site)._raw_delete(Area.objects.db)
        site.delete()
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()
