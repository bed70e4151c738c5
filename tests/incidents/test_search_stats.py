"""A word PostgreSQL's statistics call rare goes to the search index at once, without walking the list."""

import pytest
from django.db import connection
from django.urls import reverse

from incidents import search_stats, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def common(monkeypatch):
    """The statistics list these tokens, each in a fifth of the reports, and the least listed in 1 %."""
    def listing(*tokens, floor=0.01):
        shares = search_stats.Shares(listed={token: 0.2 for token in tokens}, floor=floor if tokens else 0.0)
        monkeypatch.setattr(search_stats, "_shares", lambda: shares)

    return listing


def test_a_token_missing_from_the_statistics_is_rare(common):
    common("钱包", "black")
    assert not search_stats.rare(["钱包"], below=0.01) and not search_stats.rare(["钱包", "black"], below=0.01)
    assert search_stats.rare(["钱包", "lf-sh01-20261122-0042"], below=0.011)


def test_a_listed_token_is_rare_below_the_share_asked(common):
    common("钱包", "black")
    assert search_stats.rare(["black"], below=0.25) and not search_stats.rare(["black"], below=0.2)


def test_without_statistics_nothing_is_rare(common):
    common()
    assert not search_stats.rare(["zzzz"], below=1.0)


def test_the_shares_are_read_as_postgresql_lists_them():
    shares = search_stats._read(["钱包", "black"], [0.3, 0.02, 0.02, 0.3, 0.0])
    assert shares.listed == {"钱包": 0.3, "black": 0.02} and shares.floor == 0.02
    assert search_stats._read(None, None) == search_stats.Shares() == search_stats._read(["a"], [0.5])


def test_statistics_are_read_from_pg_stats_and_kept(monkeypatch, report, category):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's statistics")
    for _ in range(3):
        report()
    report(items=[{"category": category, "name": "电脑包 laptop bag"}])
    monkeypatch.setitem(search_stats._kept, "at", float("-inf"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    shares = search_stats._shares()
    assert shares.listed["coach"] == pytest.approx(0.75) and shares.floor <= 0.75
    assert search_stats.rare(["coach"], below=0.8) and not search_stats.rare(["coach"], below=0.7)
    assert not search_stats.rare([], below=1.0)  # a search of punctuation alone has no tokens
    kept = search_stats.Shares(listed={"kept": 0.5}, floor=0.1)
    monkeypatch.setitem(search_stats._kept, "shares", kept)
    assert search_stats._shares() is kept  # within KEEP_SECONDS, not read again


def test_a_rare_word_is_not_walked(client, front_desk, report, category, common, monkeypatch):
    report()
    laptop = report(items=[{"category": category, "name": "电脑包 laptop bag"}])
    common("钱包", "wallet")
    walks = []

    def recording(walk, text_of):
        def walking(*args, **kwargs):
            walks.append(text_of(args))
            return walk(*args, **kwargs)
        return walking

    # A search without filters walks through _window_keys on PostgreSQL, any other through _window_matches.
    monkeypatch.setattr(selectors, "_window_matches", recording(selectors._window_matches, lambda args: args[1]))
    monkeypatch.setattr(selectors, "_window_keys", recording(selectors._window_keys, lambda args: " ".join(args[0])))
    client.force_login(front_desk)
    response = client.get(reverse("incidents:list"), {"q": "电脑"})
    assert [row.pk for row in response.context["page"].rows] == [laptop.pk] and walks == []
    client.get(reverse("incidents:list"), {"q": "钱包"})
    assert walks == ["钱包"]


def test_a_search_of_punctuation_alone_lists_every_report_when_statistics_exist(client, front_desk, report, common):
    reports = {report().pk, report().pk}
    common("钱包")
    client.force_login(front_desk)
    response = client.get(reverse("incidents:list"), {"q": "!!"})
    assert response.status_code == 200 and {row.pk for row in response.context["page"].rows} == reports
