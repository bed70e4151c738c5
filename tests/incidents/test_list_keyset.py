"""The incident list's Next and Previous links carry a cursor: deep pages are read from where the last one
stopped (keyset pagination, issue 10.4), in the same order as reading page by page."""

import re

import pytest
from django.urls import reverse

from incidents.models import Incident, Severity


def _references(response) -> list[str]:
    return [row.reference for row in response.context["page"].rows]


def _link(response, label: str) -> str:
    found = re.search(rf'href="(\?[^"]*)">{label}</a>', response.content.decode())
    assert found, f"no {label} link"
    return reverse("incidents:list") + found.group(1).replace("&amp;", "&")


@pytest.fixture
def five_in_pages_of_two(report, monkeypatch) -> list[str]:
    """Five reports of mixed severity, two a page; their references in the list's order."""
    import incidents.selectors as selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for severity in (Severity.GENERAL, Severity.URGENT, Severity.GENERAL, Severity.MAJOR, Severity.GENERAL):
        report(severity=severity)
    return list(Incident.objects.order_by("-priority", "-created_at", "-id").values_list("reference", flat=True))


def test_next_and_previous_walk_the_whole_list_in_order(client, front_desk, five_in_pages_of_two):
    expected = five_in_pages_of_two
    client.force_login(front_desk)

    first = client.get(reverse("incidents:list"))
    second = client.get(_link(first, "Next"))
    third = client.get(_link(second, "Next"))
    assert "after=" in _link(first, "Next")
    assert _references(first) + _references(second) + _references(third) == expected
    assert not third.context["page"].has_next and third.context["page"].number == 3

    back = client.get(_link(third, "Previous"))
    assert _references(back) == _references(second) and back.context["page"].number == 2
    assert _references(client.get(_link(back, "Previous"))) == _references(first)


def test_a_cursor_keeps_the_filters_and_a_bad_cursor_falls_back_to_the_page_number(client, front_desk, report,
                                                                                   monkeypatch):
    import incidents.selectors as selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    kept = [report(severity=Severity.MAJOR), report(severity=Severity.MAJOR)]
    report(severity=Severity.GENERAL)
    client.force_login(front_desk)

    first = client.get(reverse("incidents:list"), {"severity": Severity.MAJOR})
    following = client.get(_link(first, "Next"))
    assert "severity=major" in _link(first, "Next")
    assert _references(first) + _references(following) == [row.reference for row in reversed(kept)]
    assert not following.context["page"].has_next

    garbled = client.get(reverse("incidents:list"), {"page": 2, "after": "not-a-cursor"})
    assert garbled.status_code == 200 and _references(garbled) == [kept[0].reference]


def test_a_page_by_number_alone_shows_the_same_rows_as_skipping(client, front_desk, five_in_pages_of_two):
    expected = five_in_pages_of_two
    client.force_login(front_desk)

    pages = [client.get(reverse("incidents:list"), {"page": number}) for number in (1, 2, 3, 4)]
    assert [_references(page) for page in pages] == [expected[0:2], expected[2:4], expected[4:5], []]
    assert [page.context["page"].has_next for page in pages] == [True, True, False, False]


@pytest.mark.parametrize("probe", ["keys", "walked"])
def test_a_searched_list_pages_the_same_by_links_and_by_number(client, front_desk, five_in_pages_of_two, report,
                                                               category, monkeypatch, probe):
    """The matches found at once through the search index (their keys, in order) page as the walked list does."""
    import incidents.selectors as selectors

    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 1)  # too few rows to read a first page from: probe at once
    if probe == "walked":
        monkeypatch.setattr(selectors, "SEARCH_PROBE", 0)
    report(items=[{"category": category, "name": "雨伞 umbrella", "quantity": 1}])
    expected = five_in_pages_of_two
    client.force_login(front_desk)

    first = client.get(reverse("incidents:list"), {"q": "coach"})
    second = client.get(_link(first, "Next"))
    third = client.get(_link(second, "Next"))
    assert "q=coach" in _link(first, "Next")
    assert _references(first) + _references(second) + _references(third) == expected
    assert not third.context["page"].has_next
    back = client.get(_link(third, "Previous"))
    assert _references(back) == _references(second) and back.context["page"].has_previous
    assert _references(client.get(_link(back, "Previous"))) == _references(first)

    by_number = [client.get(reverse("incidents:list"), {"q": "coach", "page": n}) for n in (1, 2, 3, 4)]
    assert [_references(page) for page in by_number] == [expected[0:2], expected[2:4], expected[4:5], []]
    assert [page.context["page"].has_next for page in by_number] == [True, True, False, False]
