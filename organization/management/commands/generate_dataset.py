import contextlib
import datetime
import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from organization.dataset import Bulk, World, build_organisation


class Command(BaseCommand):
    help = ("Generate a realistic data set: sites, staff, customers, incidents with items, timelines, deadlines "
            "and messages, investigation entries, found items, matches, returns, disposals and claims.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--incidents", type=int, required=True)
        parser.add_argument("--found-items", type=int, default=None, help="default: as many as incidents")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--sites", type=int, default=4)
        parser.add_argument("--days", type=int, default=730, help="the period the incidents are spread over")
        parser.add_argument("--until", default="", help="the data set's clock (ISO time; default now)")
        parser.add_argument("--chunk", type=int, default=5000, help="incidents written per batch")
        parser.add_argument("--keep-indexes", action="store_true",
                            help="PostgreSQL: keep indexes and keys while loading (slower; for a small addition "
                                 "to a big database)")

    def handle(self, *args, **options) -> None:
        from compensation.dataset import ClaimWriter
        from custody.dataset import CustodyWriter
        from incidents.dataset import IncidentPlanner
        from investigations.dataset import EntryWriter
        from notifications.dataset import MessageWriter
        from sla.dataset import DeadlineWriter

        total, chunk = options["incidents"], options["chunk"]
        found_total = total if options["found_items"] is None else options["found_items"]
        if total < 1 or found_total < 0 or options["sites"] < 1 or chunk < 1:
            raise CommandError("--incidents, --sites and --chunk must be at least 1, --found-items at least 0")
        until = parse_datetime(options["until"]) if options["until"] else timezone.now()
        if until is None:
            raise CommandError("--until is not an ISO date and time")
        if timezone.is_naive(until):
            until = timezone.make_aware(until, datetime.UTC)
        until = until.astimezone(datetime.UTC)
        rng = random.Random(options["seed"])
        started = time.monotonic()
        with transaction.atomic():
            sites, company = build_organisation(rng=rng, sites=options["sites"])
        world = World(rng=rng, until=until, start=until - datetime.timedelta(days=options["days"]), sites=sites,
                      company=company, bulk=Bulk())
        planner = IncidentPlanner(world, sites, total=total)
        custody = CustodyWriter(world, sites, total=found_total, incidents=total)
        entries, claims = EntryWriter(world), ClaimWriter(world, sites)
        deadlines, messages = DeadlineWriter(world, sites), MessageWriter(world, sites, planner)
        loading = contextlib.nullcontext() if options["keep_indexes"] else world.bulk.without_indexes()
        with loading:
            for first in range(0, total, chunk):
                count = min(chunk, total - first)
                with transaction.atomic():
                    facts = planner.plan(first, count)
                    custody.write(facts, first=first, count=count)
                    planner.write(facts)
                    entries.write(facts)
                    claims.write(facts)
                    deadlines.write(facts)
                    messages.write(facts)
                    world.bulk.flush()
                self._progress(first + count, total, started)
        with transaction.atomic():
            planner.finish()
            custody.finish()
            world.bulk.finish()
        world.bulk.vacuum()
        sys.stderr.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(f"Generated in {elapsed:.0f} s (seed {options['seed']}, clock {until:%Y-%m-%d %H:%M} UTC):")
        for table, written in sorted(world.bulk.counts().items()):
            self.stdout.write(f"  {table:<40} {written:>12,}")

    def _progress(self, done: int, total: int, started: float) -> None:
        elapsed = time.monotonic() - started
        width = 30
        filled = width * done // total
        eta = elapsed / done * (total - done)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} incidents "
                         f"{elapsed:6.0f} s, about {eta:5.0f} s left")
        sys.stderr.flush()
