"""The list's empty filter bar is kept per user and language until what its choices list changes."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.urls import reverse

from organization.models import Area, StaffProfile
from policy.models import ItemCategory

pytestmark = pytest.mark.django_db


def _queries(client, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("incidents:list"), params)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _bar(page: str) -> str:
    return page[page.index('role="search"'):page.index("</form>", page.index('role="search"'))]


def test_the_empty_bar_is_built_once(client, front_desk, area):
    client.force_login(front_desk)
    first, page = _queries(client)
    again, same = _queries(client)
    assert again <= first - 5
    assert f"SH01 · {area.name}" in page and _bar(page) == _bar(same)


def test_a_new_area_or_category_shows_at_once(client, front_desk, site):
    client.force_login(front_desk)
    _queries(client)
    Area.objects.create(site=site, name="Rooftop 天台")
    assert "Rooftop 天台" in _queries(client)[1]
    ItemCategory.objects.create(code="t-umbrella", name_zh_hans="雨伞", name_en="Umbrella", retention_days=30)
    assert "Umbrella" in _queries(client)[1]


def test_a_colleague_given_the_site_appears_as_owner(client, front_desk, other_site, outsider, site):
    client.force_login(front_desk)
    assert outsider.get_full_name() not in _queries(client)[1]
    StaffProfile.objects.get(user=outsider).sites.add(site)
    assert outsider.get_full_name() in _queries(client)[1]


def test_a_filtered_list_shows_what_was_asked(client, front_desk):
    client.force_login(front_desk)
    _queries(client)
    page = _queries(client, q="钱包", overdue="on")[1]
    assert 'value="钱包"' in page and "checked" in page


def test_each_language_keeps_its_own_bar(client, front_desk):
    client.force_login(front_desk)
    english = _queries(client)[1]
    client.cookies["django_language"] = "zh-hans"
    chinese = _queries(client)[1]
    assert "Overdue only" in english and "仅看超时" in chinese


def test_kept_choices_render_and_check_as_the_database_would(front_desk, site, other_site, area, other_area):
    from django.template import Context, Template

    from incidents.filter_bar import filter_lists
    from incidents.forms import FilterForm

    data = {"site": str(site.pk), "area": str(area.pk), "hour": "7"}
    fresh, kept = FilterForm(data, user=front_desk), FilterForm(data, user=front_desk, lists=filter_lists(front_desk))
    render = Template("{% load form_fields %}{% for field in form %}{{ field|bs_field }}{% endfor %}")
    assert fresh.is_valid() and kept.is_valid() and kept.cleaned_data == fresh.cleaned_data
    assert render.render(Context({"form": kept})) == render.render(Context({"form": fresh}))
    elsewhere = FilterForm({"site": str(other_site.pk), "area": str(other_area.pk)}, user=front_desk,
                           lists=filter_lists(front_desk))
    assert not elsewhere.is_valid() and set(elsewhere.errors) == {"site", "area"}


def test_a_filtered_bar_is_kept_while_its_pages_are_read(client, front_desk, monkeypatch):
    from incidents import filter_bar

    rendered, render = [], filter_bar.render_to_string

    def remembering(template, context, request):
        rendered.append(context["form"].data.urlencode() if context["form"].is_bound else "")
        return render(template, context, request)

    monkeypatch.setattr(filter_bar, "render_to_string", remembering)
    client.force_login(front_desk)
    first = _queries(client, q="钱包", overdue="on")[1]
    second = _queries(client, q="钱包", overdue="on", page="2", after="0.0.0")[1]
    other = _queries(client, q="手机")[1]
    assert len(rendered) == 2 and _bar(first) == _bar(second) and 'value="手机"' in _bar(other)
    _queries(client, page="2")
    assert len(rendered) == 3 and rendered[-1] == ""  # paging alone shows the empty bar
