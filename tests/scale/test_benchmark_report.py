"""The benchmark's table: a page is judged against the bare view measured beside it; without one, against the
faster of the run's two bare-view runs."""

import zoneinfo
from types import SimpleNamespace

from lostfound.benchmark.client import Timing
from lostfound.benchmark.pages import STAFF_PAGE, Found, Page, Target, pages
from lostfound.benchmark.report import Row, markdown

BARE = Page("bare", "bare view", "frontdesk", lambda chooser: None, None)


def timing(milliseconds: float) -> Timing:
    return Timing(latencies=[milliseconds / 1000] * 20, elapsed=1.0, errors=0)


def row(page: Page, milliseconds: float, floor: float | None = None) -> Row:
    return Row(page, timing(milliseconds), timing(floor) if floor else None)


def table_line(table: str, title: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {title} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_ratios_use_the_faster_bare_run():
    listing = Page("list", "incident list", "frontdesk", lambda chooser: None, STAFF_PAGE)
    table = markdown([row(BARE, 20), row(listing, 55),
                      row(Page("bare", "bare view, again at the end", "frontdesk", lambda c: None, None), 15)],
                     sweep=None, heading="#")
    cells = table_line(table, "incident list")
    assert cells[6:9] == ["–", "–", "3.7"] and cells[10] == "MISS: > 3× bare"


def test_a_page_is_judged_against_the_bare_view_beside_it():
    listing = Page("list", "incident list", "frontdesk", lambda chooser: None, STAFF_PAGE)
    search = Page("search", "incident search", "frontdesk", lambda chooser: None, STAFF_PAGE)
    table = markdown([row(BARE, 15), row(listing, 55, floor=20), row(search, 55, floor=18)], sweep=None, heading="#")
    assert table_line(table, "incident list")[6:11] == ["20.0", "2.8", "3.7", "< 150 ms, ≤ 3× bare", "ok"]
    assert table_line(table, "incident search")[6:11] == ["18.0", "3.1", "3.7", "< 150 ms, ≤ 3× bare",
                                                         "MISS: > 3× bare"]


def test_a_page_within_three_times_the_floor_and_its_limit_is_ok():
    listing = Page("list", "incident list", "frontdesk", lambda chooser: None, STAFF_PAGE)
    dashboard = Page("dashboard", "dashboard", "manager", lambda chooser: None, Target(0.500))
    table = markdown([row(BARE, 20), row(listing, 59), row(dashboard, 499)], sweep=None, heading="#")
    assert table_line(table, "incident list")[10] == "ok"
    assert table_line(table, "dashboard")[10] == "ok"


def test_filing_is_held_to_its_own_target_with_its_ratio_shown():
    site = SimpleNamespace(pk=1, zone=zoneinfo.ZoneInfo("Asia/Shanghai"))
    found = Found(site=site, area_id=None, category_id=1, incident_ids=[1], status_tokens=["t"], matchable_ids=[1],
                  search_word="钱包")
    filing = next(page for page in pages(found, lambda: "token") if page.key == "new_report")
    assert (filing.target.seconds, filing.target.bare_ratio) == (0.150, None)

    table = markdown([row(BARE, 15), row(filing, 66, floor=20)], sweep=None, heading="#")
    assert table_line(table, filing.title)[6:11] == ["20.0", "3.3", "4.4", "< 150 ms", "ok"]
    table = markdown([row(BARE, 15), row(filing, 151, floor=20)], sweep=None, heading="#")
    assert table_line(table, filing.title)[10].startswith("MISS")
