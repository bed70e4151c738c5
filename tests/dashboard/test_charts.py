"""The charts and number tables built in Python: the same markup the templates gave, escaped, linked only for
who may open incidents."""

from django.template import Context, Template
from django.utils import translation

from dashboard.links import Link


def _render(source: str, **context) -> str:
    with translation.override("en"):
        return Template("{% load dashboard_charts %}" + source).render(Context(context))


ROWS = [
    {"label": "Wallet <leather> with a long description", "n": 4, "link": Link("/incidents/?site=1&kind=loss")},
    {"label": "Phone", "n": 1, "link": Link("/incidents/?site=1&category=2", exact=False)},
    {"label": "Keys", "n": 0, "link": None},
]


def test_bars_scaled_to_the_largest_escaped_truncated_and_linked():
    html = _render("{% bar_chart rows 'By category' %}", rows=ROWS, can_open_incidents=True)
    assert html.startswith('<svg class="dashboard-chart" viewBox="0 0 560 84" role="group" aria-label="By category"')
    assert html.count("<g>") == 3 and html.count('class="chart-bar"') == 3
    assert 'class="chart-label">Wallet &lt;leather&gt; with' in html and "description</text>" not in html
    assert '<title>Wallet &lt;leather&gt; with a long description: 4</title>' in html
    assert 'width="340"' in html and 'width="85"' in html and 'width="0"' in html
    assert html.count("<a ") == 2 and '<a href="/incidents/?site=1&amp;kind=loss">' in html
    assert "<script" not in html


def test_bars_unlinked_for_who_cannot_open_incidents_and_no_data_when_empty():
    assert "<a " not in _render("{% bar_chart rows %}", rows=ROWS, can_open_incidents=False)
    assert '<text x="0" y="16" class="chart-label">No data</text>' in _render("{% bar_chart rows %}", rows=[])


def test_heat_table_a_figure_per_weekday_and_hour():
    rows = [{"weekday": day, "hours": [0] * 24, "cells": [{"n": 0, "link": None} for _ in range(24)]}
            for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    rows[2]["hours"][23] = 1234
    rows[2]["cells"][23] = {"n": 1234, "link": Link("/incidents/?weekday=3&hour=23")}
    html = _render("{% heat_table rows %}", rows=rows, can_open_incidents=True)
    assert html.startswith('<thead><tr><th scope="col">Weekday</th><th scope="col" class="text-end">00</th>')
    assert html.count('<th scope="col" class="text-end">') == 24 and html.count('<td class="text-end">') == 168
    assert '<th scope="row">Wed</th>' in html
    assert '<td class="text-end"><a href="/incidents/?weekday=3&amp;hour=23" class="dashboard-link">1234</a></td>' in html
    assert "<a " not in _render("{% heat_table rows %}", rows=rows, can_open_incidents=False)


def test_a_figure_the_list_cannot_show_exactly_is_marked():
    html = _render("{% figure 7 link %}", link=ROWS[1]["link"], can_open_incidents=True)
    assert html.startswith('<a href="/incidents/?site=1&amp;category=2" class="dashboard-link">7</a><sup')
    assert _render("{% figure 7 link %}", link=ROWS[1]["link"]) == "7"
