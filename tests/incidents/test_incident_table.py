"""The list's rows, built in Python, write what the template they replaced wrote."""

import datetime
import re

from django.template import Context, Template
from django.utils import timezone

from incidents.models import Kind, Severity, Status
from incidents.selectors import ListRow
from tests.support.markup import assert_built_like_template

# The rows as a template wrote them before `{% incident_rows %}`, with the row's values renamed.
TEMPLATE_ROWS = """{% load i18n incident_badges %}
  {% for incident in rows %}
    <tr{% if incident.has_overdue %} class="table-danger"{% endif %}>
      <td><a href="{% url 'incidents:detail' incident.pk %}">{{ incident.reference }}</a>{% if incident.has_overdue %} <span class="badge text-bg-danger">{% translate "overdue" %}</span>{% endif %}</td>
      <td>{% status_badges incident %}</td>
      <td>{{ incident.customer_name }}</td>
      <td>{% for name in incident.item_names %}{{ name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
      <td>{{ incident.site_code }}{% if incident.area_name %} · {{ incident.area_name }}{% endif %}</td>
      <td>{{ incident.created_at|date:"Y-m-d H:i" }}</td>
      <td>{% if incident.owner_username %}{{ incident.owner_name }}{% else %}—{% endif %}</td>
    </tr>
  {% empty %}
    <tr><td colspan="7">{% translate "No incidents match." %}</td></tr>
  {% endfor %}"""


def row(pk: int, **fields) -> ListRow:
    values = {
        "pk": pk, "reference": f"LF-SH01-20261122-{pk:04d}", "status": Status.SEARCHING, "severity": Severity.GENERAL,
        "kind": Kind.LOSS, "is_drill": False, "is_complaint": False, "priority": 0,
        "created_at": datetime.datetime(2026, 11, 21, 23, 30, tzinfo=datetime.UTC), "site_code": "SH01",
        "area_name": None, "customer_name": "王芳", "owner_first_name": None, "owner_last_name": None,
        "owner_username": None, **fields,
    }
    return ListRow(**values)


def between_tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


BUILT = "{% load incident_table %}{% incident_rows rows %}"


def built(rows: list[ListRow]) -> str:
    return assert_built_like_template(BUILT, TEMPLATE_ROWS, {"rows": rows}, normalise=between_tags)


ROWS = [
    row(1),
    row(2, has_overdue=True, area_name="大堂 <Lobby>", item_names=["黑色钱包", "<script>x</script>", "A & B"],
        owner_first_name="Mei", owner_last_name="Chen", owner_username="mei"),
    row(3, status=Status.CLOSED, severity=Severity.URGENT, kind=Kind.THEFT, is_drill=True, is_complaint=True,
        customer_name='Emily "Em" O\'Clark', owner_first_name="", owner_last_name="", owner_username="frontdesk",
        item_names=["iPhone"]),
]


def test_rows_equal_the_template_rows():
    html = built(ROWS)
    assert "&lt;script&gt;" in html and "<script>" not in html


def test_no_rows_say_so_in_each_language():
    assert "No incidents match." not in built([])  # the last language is Chinese


def test_the_reported_time_is_in_the_current_time_zone():
    with timezone.override("Asia/Shanghai"):
        html = Template(BUILT).render(Context({"rows": [row(1)]}))
    assert "2026-11-22 07:30" in html


def test_owner_name_is_the_full_name_else_the_username():
    assert row(1, owner_first_name="Mei", owner_last_name="", owner_username="mei").owner_name == "Mei"
    assert row(1, owner_first_name="", owner_last_name="", owner_username="mei").owner_name == "mei"
    assert row(1).owner_name == ""
