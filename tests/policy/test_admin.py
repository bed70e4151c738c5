"""Legal edits the rulebook in the admin site; every change is in the history (POL-1)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

import policy
from policy.models import CalendarDay, ItemCategory, MessageTemplate, Policy

pytestmark = pytest.mark.usefixtures("policy_defaults")


def form_data(row: Policy, **changes) -> dict:
    data = {"site": row.site_id or ""}
    for field in Policy._meta.concrete_fields:
        if field.name in ("id", "site"):
            continue
        value = getattr(row, field.name)
        if isinstance(value, datetime.time):
            value = value.strftime("%H:%M")
        data[field.name] = "" if value is None else value
    data.update(changes)
    return data


def change_url(row) -> str:
    return reverse(f"admin:policy_{row._meta.model_name}_change", args=[row.pk])


def test_legal_changes_a_site_value_the_resolver_returns_it_and_the_history_shows_it(client, legal, site):
    row = Policy.objects.create(site=site)
    client.force_login(legal)

    response = client.post(change_url(row), form_data(row, progress_update_hours=12))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert policy.for_site(site).progress_update_hours == 12
    entry = LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == legal
    assert entry.changes_dict["progress_update_hours"] == ["None", "12"]

    client.cookies["django_language"] = "en"
    history = client.get(reverse("admin:policy_policy_auditlog", args=[row.pk]))

    assert history.status_code == 200
    page = history.content.decode()
    assert "lee" in page and "12" in page
    assert "<td>Progress update to the customer every (hours)</td><td>None</td><td>12</td>" in page


def test_legal_changes_the_company_default_and_a_site_override_still_wins(client, legal, site, other_site):
    Policy.objects.create(site=site, progress_update_hours=6)
    company = Policy.objects.get(site__isnull=True)
    client.force_login(legal)

    response = client.post(change_url(company), form_data(company, progress_update_hours=48))

    assert response.status_code == 302
    assert policy.for_site(other_site).progress_update_hours == 48
    assert policy.for_site(site).progress_update_hours == 6
    entry = LogEntry.objects.get_for_object(company).get(action=LogEntry.Action.UPDATE)
    assert (entry.actor, entry.changes_dict["progress_update_hours"]) == (legal, ["24", "48"])


def test_legal_adds_an_override_for_a_site(client, legal, site):
    client.force_login(legal)

    response = client.post(reverse("admin:policy_policy_add"), {"site": site.pk, "acknowledge_minutes": 30})

    assert response.status_code == 302
    assert policy.for_site(site).acknowledge_minutes == 30
    assert LogEntry.objects.get_for_object(Policy.objects.get(site=site)).get().actor == legal


def test_a_site_row_shows_the_company_value_beside_each_field(client, legal, site):
    row = Policy.objects.create(site=site)
    client.force_login(legal)
    client.cookies["django_language"] = "en"

    page = client.get(change_url(row)).content.decode()

    assert "Company: 60 — leave empty to use it." in page
    assert "Company: 22:00" in page and "Company: Saturday, Sunday" in page


def test_invalid_input_shows_an_error_beside_the_field_and_changes_nothing(client, legal, site):
    row = Policy.objects.create(site=site, progress_update_hours=6)
    client.force_login(legal)

    response = client.post(change_url(row), form_data(row, progress_update_hours=12, quiet_hours_start="23:00"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "quiet_hours_end" in errors
    row.refresh_from_db()
    assert row.progress_update_hours == 6 and row.quiet_hours_start is None
    assert not LogEntry.objects.get_for_object(row).filter(action=LogEntry.Action.UPDATE).exists()


def test_the_company_default_cannot_be_emptied(client, legal):
    company = Policy.objects.get(site__isnull=True)
    client.force_login(legal)

    response = client.post(change_url(company), form_data(company, acknowledge_minutes=""))

    assert response.status_code == 200
    assert "acknowledge_minutes" in response.context["adminform"].form.errors
    company.refresh_from_db()
    assert company.acknowledge_minutes == 60


def test_a_zero_limit_is_refused(client, legal, site):
    row = Policy.objects.create(site=site)
    client.force_login(legal)

    response = client.post(change_url(row), form_data(row, dispatch_minutes=0))

    assert "dispatch_minutes" in response.context["adminform"].form.errors
    assert policy.for_site(site).dispatch_minutes == 10


@pytest.mark.parametrize("persona, expected", [("front_desk", 302), ("manager", 403)])
def test_other_roles_cannot_use_the_policy_admin(client, request, persona, expected, site):
    company = Policy.objects.get(site__isnull=True)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("admin:policy_policy_changelist")).status_code == expected
    response = client.post(change_url(company), form_data(company, progress_update_hours=1))

    assert response.status_code == expected
    assert policy.for_site(site).progress_update_hours == 24


@pytest.mark.parametrize(
    "model", [Policy, ItemCategory, MessageTemplate, CalendarDay],
)
def test_legal_sees_every_changelist_change_form_and_history(client, legal, model):
    client.force_login(legal)
    row = model.objects.first()
    info = model._meta.app_label, model._meta.model_name

    assert client.get(reverse("admin:%s_%s_changelist" % info)).status_code == 200
    assert client.get(reverse("admin:%s_%s_change" % info, args=[row.pk])).status_code == 200
    assert client.get(reverse("admin:%s_%s_auditlog" % info, args=[row.pk])).status_code == 200


def test_the_company_row_cannot_be_deleted(client, legal):
    company = Policy.objects.get(site__isnull=True)
    client.force_login(legal)

    assert client.post(reverse("admin:policy_policy_delete", args=[company.pk]), {"post": "yes"}).status_code == 403
    assert Policy.objects.filter(pk=company.pk).exists()


def test_legal_loads_chinas_calendar_from_the_changelist(client, legal):
    CalendarDay.objects.all().delete()
    client.force_login(legal)
    url = reverse("admin:policy_calendarday_load_china")

    assert url in client.get(reverse("admin:policy_calendarday_changelist")).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert CalendarDay.objects.filter(kind="holiday").exists()
    assert CalendarDay.objects.filter(kind="workday").exists()


def test_front_desk_cannot_load_the_calendar(client, front_desk, manager):
    CalendarDay.objects.all().delete()
    url = reverse("admin:policy_calendarday_load_china")

    client.force_login(front_desk)
    assert client.post(url).status_code == 302
    client.force_login(manager)
    assert client.post(url).status_code == 403
    assert not CalendarDay.objects.exists()


def test_calendar_changelist_filters_by_year_and_kind(client, legal):
    client.force_login(legal)
    year = CalendarDay.objects.first().date.year

    response = client.get(reverse("admin:policy_calendarday_changelist"), {"year": year, "kind__exact": "holiday"})

    assert response.status_code == 200
    shown = response.context["cl"].result_list
    assert shown and all(day.date.year == year and day.kind == "holiday" for day in shown)


def test_an_invalid_message_template_is_refused_in_the_admin(client, legal):
    template = MessageTemplate.objects.get(site__isnull=True, key="item_found", language="en", channel="sms")
    before = template.body
    client.force_login(legal)

    response = client.post(
        change_url(template),
        {"key": template.key, "language": "en", "channel": "sms", "site": "", "subject": "",
         "body": "Found {% if reference %}{{ reference }}"},
    )

    assert response.status_code == 200
    assert "body" in response.context["adminform"].form.errors
    template.refresh_from_db()
    assert template.body == before


def test_a_message_template_shows_a_preview(client, legal):
    template = MessageTemplate.objects.get(site__isnull=True, key="item_found", language="en", channel="email")
    client.force_login(legal)

    page = client.get(change_url(template)).content.decode()

    assert "LF-20261122-0042" in page


def test_a_rising_depreciation_band_is_refused(client, legal):
    category = ItemCategory.objects.get(code="mobile-phone")
    client.force_login(legal)
    data = {
        "code": category.code, "name_zh_hans": category.name_zh_hans, "name_en": category.name_en,
        "is_active": "on", "valuable": "on", "holds_personal_data": "on", "shippable": "on",
        "retention_days": 180, "depreciation_percent_per_year": "30", "depreciation_floor_percent": "10",
        "identifying_questions_zh_hans": "", "identifying_questions_en": "",
        "depreciation_bands-TOTAL_FORMS": "2", "depreciation_bands-INITIAL_FORMS": "0",
        "depreciation_bands-0-up_to_months": "12", "depreciation_bands-0-remaining_percent": "60",
        "depreciation_bands-1-up_to_months": "24", "depreciation_bands-1-remaining_percent": "80",
    }

    response = client.post(change_url(category), data)

    assert response.status_code == 200
    assert not category.depreciation_bands.exists()

    data["depreciation_bands-1-remaining_percent"] = "40"
    assert client.post(change_url(category), data).status_code == 302
    assert list(category.depreciation_bands.values_list("up_to_months", flat=True)) == [12, 24]
