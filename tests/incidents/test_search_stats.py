"""A word PostgreSQL's statistics call rare goes to the search index at once, without walking the list."""

import pytest
from django.db import connection
from django.urls import reverse

from incidents import search_stats, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def common(monkeypatch):
    def listing(*tokens):
        monkeypatch.setattr(search_stats, "_common_tokens", lambda: frozenset(tokens))

    return listing


def test_a_token_missing_from_the_statistics_is_rare(common):
    common("钱包", "black")
    assert not search_stats.rare(["钱包"]) and not search_stats.rare(["钱包", "black"])
    assert search_stats.rare(["钱包", "lf-sh01-20261122-0042"])


def test_without_statistics_nothing_is_rare(common):
    common()
    assert not search_stats.rare(["zzzz"])


def test_statistics_are_read_from_pg_stats_and_kept(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statistics")
    monkeypatch.setitem(search_stats._kept, "at", float("-inf"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    tokens = search_stats._common_tokens()
    assert isinstance(tokens, frozenset)
    monkeypatch.setitem(search_stats._kept, "tokens", frozenset({"kept"}))
    assert search_stats._common_tokens() == {"kept"}  # within KEEP_SECONDS, not read again


def test_a_rare_word_is_not_walked(client, front_desk, report, category, common, monkeypatch):
    report()
    laptop = report(items=[{"category": category, "name": "电脑包 laptop bag"}])
    common("钱包", "wallet")
    walks, window_matches = [], selectors._window_matches

    def walking(*args, **kwargs):
        walks.append(args[1])
        return window_matches(*args, **kwargs)

    monkeypatch.setattr(selectors, "_window_matches", walking)
    client.force_login(front_desk)
    response = client.get(reverse("incidents:list"), {"q": "电脑"})
    assert [row.pk for row in response.context["page"].rows] == [laptop.pk] and walks == []
    client.get(reverse("incidents:list"), {"q": "钱包"})
    assert walks == ["钱包"]
