"""The incident list: filters, search in Chinese and English, urgency order, bounded queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import services
from incidents.models import Incident, Kind, Severity
from incidents.tokens import query_tokens, search_text, tokens

pytestmark = pytest.mark.django_db


def test_tokens_in_two_languages():
    assert tokens("Black Leather WALLET") == ["black", "leather", "wallet"]
    assert set(tokens("黑色钱包")) >= {"黑色", "色钱", "钱包", "钱", "包"}
    assert "lf-sh01-20261122-0042" in tokens("LF-SH01-20261122-0042") and "0042" in tokens("LF-SH01-20261122-0042")
    assert tokens("ＡＢＣ１２３") == ["abc123"]  # full-width folded
    assert query_tokens("钱包 Coach") == ["钱包", "coach"]
    assert search_text(["钱包"]).startswith(" ") and search_text([]) == ""


def _refs(response):
    return [row.reference for row in response.context["page"].rows]


@pytest.fixture
def incidents(report, category, phone_category):
    wallet = report()
    phone = report(items=[{"category": phone_category, "name": "iPhone 15 手机", "colour": "blue"}],
                   customer_data={"name": "Emily Clark", "phone": "+44 7700 900123", "preferred_language": "en"})
    from policy.models import ItemCategory

    bag = ItemCategory.objects.create(code="t-bag", name_zh_hans="包", name_en="Bag", retention_days=30)
    theft = report(kind=Kind.THEFT, theft_by="stranger", severity=Severity.MAJOR,
                   items=[{"category": bag, "name": "Laptop bag 电脑包"}])
    drill = report(is_drill=True, severity=Severity.URGENT)
    return {"wallet": wallet, "phone": phone, "theft": theft, "drill": drill}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("钱包", {"wallet", "drill"}),
        ("手机", {"phone"}),
        ("电脑", {"theft"}),
        ("iphone", {"phone"}),
        ("Emily", {"phone"}),
        ("7700 900123", {"phone"}),
        ("0123", {"phone"}),  # the last four digits of the phone
        ("wallet black", {"wallet", "drill"}),
        ("nothing-like-this", set()),
    ],
)
def test_search(client, front_desk, incidents, query, expected):
    client.force_login(front_desk)
    response = client.get(reverse("incidents:list"), {"q": query})
    assert set(_refs(response)) == {incidents[name].reference for name in expected}


def test_search_by_reference(client, front_desk, incidents):
    client.force_login(front_desk)
    reference = incidents["theft"].reference
    assert _refs(client.get(reverse("incidents:list"), {"q": reference})) == [reference]


def test_order_is_by_urgency(client, front_desk, incidents):
    client.force_login(front_desk)
    refs = _refs(client.get(reverse("incidents:list")))
    # urgent (the drill) > major theft > general ones, newest first among equals
    assert refs[:2] == [incidents["drill"].reference, incidents["theft"].reference]
    assert refs[2:] == [incidents["phone"].reference, incidents["wallet"].reference]
    services.incident_cancel(incident=incidents["theft"], by=front_desk, reason="duplicate")
    assert _refs(client.get(reverse("incidents:list")))[-1] == incidents["theft"].reference


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "theft"}, {"theft"}),
        ({"severity": "urgent"}, {"drill"}),
        ({"drills": "real"}, {"wallet", "phone", "theft"}),
        ({"drills": "only"}, {"drill"}),
        ({"status": "reported"}, {"wallet", "phone", "theft", "drill"}),
        ({"status": "closed"}, set()),
    ],
)
def test_filters(client, front_desk, incidents, params, expected):
    client.force_login(front_desk)
    assert set(_refs(client.get(reverse("incidents:list"), params))) == {incidents[n].reference for n in expected}


def test_filter_by_category_owner_dates_and_overdue(client, front_desk, manager, incidents, phone_category):
    from sla.models import Deadline

    client.force_login(front_desk)
    assert _refs(client.get(reverse("incidents:list"), {"category": phone_category.pk})) == [incidents["phone"].reference]
    services.incident_hand_over(incident=incidents["wallet"], by=front_desk, to=manager, note="shift change")
    assert _refs(client.get(reverse("incidents:list"), {"owner": manager.pk})) == [incidents["wallet"].reference]
    today = timezone.localdate()
    assert len(_refs(client.get(reverse("incidents:list"), {"date_from": today, "date_to": today}))) == 4
    tomorrow = today + datetime.timedelta(days=1)
    assert _refs(client.get(reverse("incidents:list"), {"date_from": tomorrow})) == []
    past = timezone.now() - datetime.timedelta(hours=1)
    Deadline.objects.filter(subject_id=incidents["phone"].pk, kind="dispatch").update(
        started_at=past - datetime.timedelta(minutes=10), due_at=past)
    assert _refs(client.get(reverse("incidents:list"), {"overdue": "on"})) == [incidents["phone"].reference]
    for params in ({}, {"q": "手机"}, {"q": "钱包"}):
        flagged = {row.reference: row.has_overdue for row in client.get(reverse("incidents:list"), params).context[
            "page"].rows}
        assert flagged == {incident.reference: name == "phone" for name, incident in incidents.items()
                           if incident.reference in flagged}
    assert flagged and not any(flagged.values())


def test_bad_filter_values_are_ignored(client, front_desk, incidents):
    client.force_login(front_desk)
    response = client.get(reverse("incidents:list"), {"site": "999", "date_from": "not-a-date", "kind": "theft"})
    assert response.status_code == 200 and _refs(response) == [incidents["theft"].reference]


def test_list_shows_only_own_sites(client, outsider, incidents):
    client.force_login(outsider)
    assert _refs(client.get(reverse("incidents:list"))) == []


def test_query_count_does_not_grow_with_rows(client, front_desk, report, django_assert_max_num_queries):
    client.force_login(front_desk)
    report()
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("incidents:list"))
    for _ in range(8):
        report()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("incidents:list"))
    assert len(response.context["page"].rows) == 9


def test_pages_without_counting(client, front_desk, report, monkeypatch):
    import incidents.selectors as selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for _ in range(3):
        report()
    client.force_login(front_desk)
    first = client.get(reverse("incidents:list"))
    assert first.context["page"].has_next and len(first.context["page"].rows) == 2
    second = client.get(reverse("incidents:list"), {"page": 2})
    assert not second.context["page"].has_next and len(second.context["page"].rows) == 1


def test_real_queryset_leaves_out_drills(incidents):
    assert set(Incident.objects.real().values_list("reference", flat=True)) == {
        incidents[n].reference for n in ("wallet", "phone", "theft")}


def test_search_without_the_probe_gives_the_same_rows(client, front_desk, incidents, monkeypatch):
    import incidents.selectors as selectors

    client.force_login(front_desk)
    narrowed = _refs(client.get(reverse("incidents:list"), {"q": "钱包"}))
    monkeypatch.setattr(selectors, "SEARCH_PROBE", 0)  # as if the word were common: walk the urgency order
    assert _refs(client.get(reverse("incidents:list"), {"q": "钱包"})) == narrowed
    assert set(narrowed) == {incidents["wallet"].reference, incidents["drill"].reference}


def test_a_word_common_among_the_most_urgent_walks_the_urgency_order(client, front_desk, incidents, monkeypatch):
    import incidents.selectors as selectors

    client.force_login(front_desk)
    probed = _refs(client.get(reverse("incidents:list"), {"q": "钱包"}))
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)  # two matches among the most urgent rows: "common"
    monkeypatch.setattr(selectors, "SEARCH_PROBE", 10**6)  # the probe would have taken them all
    walked = client.get(reverse("incidents:list"), {"q": "钱包"})
    assert _refs(walked) == probed[:1] and walked.context["page"].has_next
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 1)  # one row of the window cannot hold a page and one more
    assert _refs(client.get(reverse("incidents:list"), {"q": "钱包"})) == probed[:1]


@pytest.mark.parametrize("window", [1, 2, 5000])
@pytest.mark.parametrize("word", ["钱包", "wallet", "电脑", "nothing-like-this"])
def test_a_first_search_page_read_from_the_window_equals_the_walked_page(front_desk, incidents, monkeypatch,
                                                                         word, window):
    import incidents.selectors as selectors

    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", window)
    filters = selectors.IncidentFilters(q=word)
    page = selectors.incident_page(front_desk, filters)
    walked = selectors.page_of(selectors.search(selectors._filtered(front_desk, filters), word)
                               .order_by(*selectors.LIST_ORDER), 1)
    assert [row.pk for row in page.rows] == [row.pk for row in walked.rows]
    assert page.has_next == walked.has_next


@pytest.mark.parametrize("query", ["钱包", "wallet black", "电脑", "0123", "iphone 手机", "100%", "a_b", "nothing"])
def test_walked_search_finds_what_the_index_finds(incidents, report, query):
    from incidents.selectors import search, search_in_sites
    from organization.models import Site

    report(customer_data={"name": "Percent 100% a_b", "phone": "+44 7700 900999", "preferred_language": "en"})
    rows = Incident.objects.all()
    every_site = list(Site.objects.values_list("pk", flat=True))
    assert set(search(rows, query)) == set(search_in_sites(rows, query, every_site))
    for site in every_site:
        assert set(search(rows.filter(site_id=site), query)) == set(search_in_sites(rows, query, [site]))
    assert not search_in_sites(rows, query, []).exists()


def test_the_search_index_finds_a_words_reports_at_a_site_without_reading_the_sites_rows(front_desk, incidents):
    """The index is keyed by "<site>:<token>", and the rows searched do not name the site: with a site_id
    condition beside it the planner intersected the word's few rows with the whole site's."""
    from django.db import connection

    import incidents.selectors as selectors

    if connection.vendor != "postgresql":
        pytest.skip("the search index exists on PostgreSQL only")
    sites = selectors._listed(selectors._search_sites(front_desk, None))
    for text in ("钱包", "black wallet"):
        rows = selectors.search_in_sites(
            selectors._filtered(front_desk, selectors.IncidentFilters(q=text), any_site=True), text, sites)
        sql, params = rows.order_by().query.sql_with_params()
        with connection.cursor() as cursor:
            # Leave the planner no other way to the rows than an index (the test's transaction is rolled back).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        assert "Bitmap Index Scan on incident_site_token_keys" in plan and "site_id =" not in plan, plan
        walked = selectors.search(selectors._filtered(front_desk, selectors.IncidentFilters()), text)
        assert set(rows) == set(walked) and set(rows)


@pytest.mark.parametrize("text", ["钱包", "wallet black", "iphone"])
def test_a_search_without_filters_reads_its_keys_through_a_kept_statement(front_desk, legal, incidents, report,
                                                                          other_site, text):
    from django.db import connection

    import incidents.selectors as selectors
    from incidents.tokens import query_tokens

    if connection.vendor != "postgresql":
        pytest.skip("the search index exists on PostgreSQL only")
    elsewhere = report(site=other_site, area=None)  # a wallet at the other site: legal sees both sites
    for user in (front_desk, legal):
        sites = selectors._listed(selectors._search_sites(user, None))
        kept = selectors._ranked_keys(query_tokens(text), sites, 100)
        built = selectors._ranked_matches(selectors.search_in_sites(Incident.objects.all(), text, sites), 100)
        assert kept == built and kept
        assert (elsewhere.pk in [key[-1] for key in kept]) == (user == legal and text != "iphone")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%ORDER BY priority DESC, created_at DESC, id DESC LIMIT 100"])
        assert cursor.fetchall()  # PostgreSQL keeps the statement: parsed and planned once per connection


@pytest.mark.parametrize("window", [1, 3, 5000])
@pytest.mark.parametrize("text", ["钱包", "wallet black", "iphone"])
def test_a_window_walk_without_filters_finds_what_the_built_walk_finds(front_desk, legal, outsider, incidents, report,
                                                                     other_site, monkeypatch, window, text):
    from django.db import connection

    import incidents.selectors as selectors
    from incidents.tokens import query_tokens

    if connection.vendor != "postgresql":
        pytest.skip("written for PostgreSQL")
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", window)
    report(site=other_site, area=None)
    here = incidents["wallet"].site_id
    for user, site in ((front_desk, None), (legal, None), (legal, other_site.pk), (outsider, None), (outsider, here)):
        filters = selectors.IncidentFilters(q=text, site=site)
        built = selectors._window_matches(selectors._filtered(user, filters), text, 100)
        assert selectors._window_keys(query_tokens(text), selectors._search_sites(user, site), 100) == built


def test_a_word_in_more_reports_than_the_probe_takes_reads_the_pages_among_its_first_matches(front_desk, report,
                                                                                             monkeypatch):
    import incidents.selectors as selectors

    for _ in range(5):
        report()
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    monkeypatch.setattr(selectors, "SEARCH_WINDOW", 1)  # the window cannot hold a page and one more
    monkeypatch.setattr(selectors, "SEARCH_PROBE", 3)  # the search index gives the first four of five
    filters = selectors.IncidentFilters(q="钱包")
    expected = list(selectors.search(selectors._filtered(front_desk, filters), "钱包")
                    .order_by(*selectors.LIST_ORDER).values_list("pk", flat=True))
    walked, page_of = [], selectors.page_of
    monkeypatch.setattr(selectors, "page_of", lambda *args, **kwargs: walked.append(1) or page_of(*args, **kwargs))
    pages, after = [], ""
    for number in range(1, 7):
        page = selectors.incident_page(front_desk, filters, number, after=after)
        pages.append(([row.pk for row in page.rows], len(walked)))
        if not page.has_next:
            break
        after = page.next_cursor
    assert [pk for rows, _ in pages for pk in rows] == expected and len(expected) == 5
    assert [walks for _, walks in pages] == [0, 0, 0, 1, 2]  # pages 1–3 from the keys, 4 and 5 walked
    back = selectors.incident_page(front_desk, filters, 4, before=page.previous_cursor)
    assert [row.pk for row in back.rows] == expected[3:4] and len(walked) == 3  # its first row is not among them
    back = selectors.incident_page(front_desk, filters, 3, before=back.previous_cursor)
    assert [row.pk for row in back.rows] == expected[2:3] and len(walked) == 3 and back.has_previous


def test_a_row_names_its_owner_and_a_row_without_one_names_nobody(front_desk, report):
    import incidents.selectors as selectors

    owned, unowned = report(), report()
    Incident.objects.filter(pk=unowned.pk).update(owner=None)
    owned.refresh_from_db()
    rows = {row.pk: row for row in selectors.incident_page(front_desk, selectors.IncidentFilters()).rows}
    assert owned.owner is not None
    assert rows[owned.pk].owner_name == (owned.owner.get_full_name() or owned.owner.get_username())
    assert rows[unowned.pk].owner_username is None and rows[unowned.pk].owner_name == ""
    assert rows[owned.pk].site_code == owned.site.code and rows[owned.pk].customer_name == owned.customer.name


@pytest.mark.parametrize("choices", [
    {}, {"kind": Kind.LOSS}, {"status": "open", "severity": Severity.MAJOR}, {"drills": "real"}, {"drills": "only"},
    {"kind": Kind.THEFT, "status": "reported"}, {"site": "here"}, {"site": "there"}, {"category": "phone"},
    {"site": "here", "kind": Kind.LOSS, "category": "wallet"}, {"owner": "front_desk"},
])
def test_a_first_page_of_plain_choices_is_the_page_the_built_list_gives(front_desk, legal, outsider, incidents,
                                                                        report, other_site, category, phone_category,
                                                                        choices):
    import incidents.selectors as selectors

    report(site=other_site, area=None)
    here = incidents["wallet"].site_id
    ids = {"here": here, "there": other_site.pk, "wallet": category.pk, "phone": phone_category.pk,
           "front_desk": front_desk.pk}
    filters = selectors.IncidentFilters(**{name: ids.get(value, value) for name, value in choices.items()})
    for user in (front_desk, legal, outsider):
        built = selectors._rows_at(selectors.incident_list(user, filters), 0, selectors.PAGE_SIZE + 1)
        kept = selectors._first_page_rows(user, filters, selectors.PAGE_SIZE + 1)
        assert kept == built
        assert [row.pk for row in selectors.incident_page(user, filters).rows] == [row[0] for row in built]


def test_a_first_page_with_other_filters_or_a_search_is_built():
    import incidents.selectors as selectors

    for other in ({"q": "wallet"}, {"overdue": True}, {"area": "none"}, {"date_from": datetime.date(2026, 1, 1)}):
        assert selectors._first_page_rows(None, selectors.IncidentFilters(**other), 51) is None


def test_one_sites_window_is_read_from_that_sites_urgency_index_and_stops_at_the_page(front_desk, incidents):
    """Named as `site_id = …`, the planner walked every site's urgency index and skipped the other sites' rows:
    now only the site's own index gives the window's order without a sort."""
    from django.db import connection

    import incidents.selectors as selectors

    if connection.vendor != "postgresql":
        pytest.skip("written for PostgreSQL")
    sites = selectors._search_sites(front_desk, None)
    assert len(sites) == 1
    statements = []
    with connection.execute_wrapper(lambda execute, sql, params, many, context: statements.append((sql, params))
                                    or execute(sql, params, many, context)):
        selectors._window_keys(["钱包"], sites, 26)
    (sql, params), = statements

    def plan() -> str:
        with connection.cursor() as cursor:
            # A handful of rows, where reading and sorting them is cheapest: ask for a plan that keeps the order.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(line for (line,) in cursor.fetchall())

    assert "Index Scan using incident_site_urgency" in plan() and "Sort" not in plan(), plan()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX incident_site_urgency")  # the test's transaction is rolled back
    assert "incident_urgency" not in plan() or "Sort" in plan(), plan()
