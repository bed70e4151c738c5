"""`python manage.py benchmark`: the real stack under concurrent clients, one table (issue 10).

Beside load_demo because, like it, it is a project-wide command that reaches into every app; the
machinery is in lostfound/benchmark/. Meant for a PostgreSQL copy of a large data set: filing reports
adds incidents, and the sweep makes and deletes 100,000 deadlines on a throwaway site.
"""

import dataclasses
import datetime
import os
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from lostfound.benchmark.client import BenchmarkError, Client, run_beside_floor, run_load
from lostfound.benchmark.pages import USER_PREFIX, find_data, find_deep_cursors, pages, prepare_users
from lostfound.benchmark.report import Row, markdown
from lostfound.benchmark.server import gunicorn


class Command(BaseCommand):
    help = "Measure every listed page on gunicorn with production settings; print and write p50/p95/throughput."

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=4, help="client threads per page (default 4)")
        parser.add_argument("--duration", type=float, default=10.0, help="seconds per page (default 10)")
        parser.add_argument("--requests", type=int, default=0, help="stop a page after this many requests (0: no cap)")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3, as the Dockerfile)")
        parser.add_argument("--slices", type=int, default=5,
                            help="slices of each page's time, each between two of the bare view's (default 5)")
        parser.add_argument("--pages", dest="page_keys", default="", help="comma-separated page keys (default: all; bare always runs)")
        parser.add_argument("--sweep-deadlines", type=int, default=100_000,
                            help="due deadlines for the sweep row (0 skips it)")
        parser.add_argument("--output", default="", help="Markdown file for the table (default var/benchmark-<time>.md)")
        parser.add_argument("--list", dest="list_pages", action="store_true", help="list the page keys and stop")

    def handle(self, *args, concurrency, duration, requests, workers, slices, page_keys, sweep_deadlines, output,
               list_pages, **options):
        found = find_data()
        wanted = {key.strip() for key in page_keys.split(",") if key.strip()}
        if list_pages:
            for page in pages(found, lambda: ""):
                self.stdout.write(f"{page.key:20} {page.title}")
            return
        started = datetime.datetime.now(datetime.UTC)
        output_path = Path(output) if output else settings.VAR_DIR / f"benchmark-{started:%Y%m%d-%H%M%S}.md"
        self.stdout.write(f"database {connection.settings_dict['NAME']}; site {found.site.code}; "
                          f"{concurrency} clients × {duration:g} s per page on {workers} gunicorn workers")
        passwords = prepare_users(found.site)
        find_deep_cursors(found)
        load_before = os.getloadavg()[0]
        try:
            rows = self._measure(found, passwords, wanted, concurrency=concurrency, duration=duration,
                                 requests=requests, workers=workers, slices=max(1, slices),
                                 log=output_path.with_suffix(".gunicorn.log"))
        except BenchmarkError as error:
            raise CommandError(str(error)) from error
        sweep = None
        if sweep_deadlines and (not wanted or "sweep" in wanted):
            from sla.management.commands.bench_sweep import time_sweep

            self.stdout.write(f"sweep of {sweep_deadlines:,} due deadlines …")
            timing = time_sweep(deadlines=sweep_deadlines)
            sweep = (timing.report.claimed, timing.seconds)
        heading = (f"Benchmark {started:%Y-%m-%d %H:%M} UTC — database `{connection.settings_dict['NAME']}`, "
                   f"site {found.site.code}; {concurrency} clients × {duration:g} s per page in {max(1, slices)} "
                   f"slices between the bare view's; gunicorn "
                   f"{workers} sync workers; {platform.node()} ({os.cpu_count()} CPUs, load average "
                   f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after)")
        table = markdown(rows, sweep=sweep, heading=heading)
        output_path.parent.mkdir(parents=True, exist_ok=True)
        output_path.write_text(table, encoding="utf-8")
        self.stdout.write("\n" + table)
        self.stdout.write(f"written to {output_path}")

    def _measure(self, found, passwords, wanted, *, concurrency, duration, requests, workers, slices,
                 log) -> list[Row]:
        rows = []
        with gunicorn(workers=workers, log=log) as port:
            clients = {"": Client(port)}
            for key, password in passwords.items():
                clients[key] = Client(port)
                clients[key].sign_in(USER_PREFIX + key, password)
            measured = [page for page in pages(found, lambda: clients["frontdesk"].csrf_token("/incidents/new/"))
                        if not wanted or page.key in wanted or page.key == "bare"]
            if len(measured) > 1:
                # The floor again at the end: a machine slower in one window must not flatter the ratios.
                measured.append(dataclasses.replace(measured[0], title=f"{measured[0].title}, again at the end"))
            bare = measured[0]
            for page in measured:
                self.stdout.write(f"  {page.title} …")
                if page.key == "bare":
                    rows.append(Row(page, run_load(clients[page.user], page.calls, concurrency=concurrency,
                                                   seconds=duration, requests=requests)))
                    continue
                timing, floor = run_beside_floor((clients[page.user], page.calls), (clients[bare.user], bare.calls),
                                                 slices=slices, concurrency=concurrency, seconds=duration,
                                                 requests=requests)
                rows.append(Row(page, timing, floor))
            for client in clients.values():
                client.close()
        return rows
