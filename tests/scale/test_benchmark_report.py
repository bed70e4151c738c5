"""The benchmark's table: ratios are taken against the faster of the two bare-view runs."""

from lostfound.benchmark.client import Timing
from lostfound.benchmark.pages import STAFF_PAGE, Page, Target
from lostfound.benchmark.report import Row, markdown

BARE = Page("bare", "bare view", "frontdesk", lambda chooser: None, None)


def row(page: Page, milliseconds: float) -> Row:
    return Row(page, Timing(latencies=[milliseconds / 1000] * 20, elapsed=1.0, errors=0))


def table_line(table: str, title: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {title} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_ratios_use_the_faster_bare_run():
    listing = Page("list", "incident list", "frontdesk", lambda chooser: None, STAFF_PAGE)
    table = markdown([row(BARE, 20), row(listing, 55),
                      row(Page("bare", "bare view, again at the end", "frontdesk", lambda c: None, None), 15)],
                     sweep=None, heading="#")
    cells = table_line(table, "incident list")
    assert cells[6] == "3.7" and cells[8] == "MISS: > 3× bare"


def test_a_page_within_three_times_the_floor_and_its_limit_is_ok():
    listing = Page("list", "incident list", "frontdesk", lambda chooser: None, STAFF_PAGE)
    dashboard = Page("dashboard", "dashboard", "manager", lambda chooser: None, Target(0.500))
    table = markdown([row(BARE, 20), row(listing, 59), row(dashboard, 499)], sweep=None, heading="#")
    assert table_line(table, "incident list")[8] == "ok"
    assert table_line(table, "dashboard")[8] == "ok"
