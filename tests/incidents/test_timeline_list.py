"""The timeline, built in Python, writes what the template it replaced wrote."""

import datetime
import re

from django.template import Context, Template
from django.utils import timezone
from django.utils.safestring import mark_safe

from incidents.timeline import Entry
from tests.support.markup import assert_built_like_template

# The list as a template wrote it before `{% timeline_list %}`.
TEMPLATE_LIST = """{% load i18n %}
<ol class="timeline" aria-label="{% translate 'Timeline' %}">
  {% for entry in timeline %}
  <li class="timeline-{{ entry.source|default:'incident' }} timeline-icon-{{ entry.icon }}">
    <div class="small text-body-secondary">
      <time datetime="{{ entry.at|date:'c' }}">{{ entry.at|date:"Y-m-d H:i" }}</time>
      {% if entry.actor %} · {{ entry.actor.get_full_name|default:entry.actor.get_username }}{% endif %}
      {% if entry.customer_visible %} · <span class="badge text-bg-light border">{% translate "customer sees this" %}</span>{% endif %}
    </div>
    <div>{{ entry.label }}{% if entry.badge %} <span class="badge text-bg-{{ entry.badge_class }}">{{ entry.badge }}</span>{% endif %}
      {% if entry.extra.due_at %}<span class="small text-body-secondary">· {% translate "due" %} {{ entry.extra.due_at|date:"Y-m-d H:i" }}</span>{% endif %}
    </div>
    {% if entry.detail %}<div class="small text-pre-wrap">{{ entry.detail|linebreaksbr }}</div>{% endif %}
  </li>
  {% empty %}
  <li>{% translate "Nothing yet." %}</li>
  {% endfor %}
</ol>
"""

AT = datetime.datetime(2026, 11, 21, 23, 30, 5, 120000, tzinfo=datetime.UTC)


class Person:
    def __init__(self, full_name, username):
        self.full_name, self.username = full_name, username

    def get_full_name(self):
        return self.full_name

    def get_username(self):
        return self.username


ENTRIES = [
    Entry(at=AT, label="Report filed (phone)", actor=Person("Mei Chen", "mei"), icon="flag", source="incident",
          customer_visible=True),
    Entry(at=AT + datetime.timedelta(minutes=1), label="Deadline: dispatch", icon="clock", source="sla",
          badge="overdue", badge_class="danger", extra={"due_at": AT + datetime.timedelta(hours=1)}),
    Entry(at=AT + datetime.timedelta(minutes=2), label="Handed over from <b>Ann</b> to O'Neil & Co",
          actor=Person("", "frontdesk"), detail="line one\n<script>x</script>\nline three", icon="user"),
    Entry(at=AT + datetime.timedelta(minutes=3), label=mark_safe("<em>kept as marked</em>"), source="custody",
          badge="met", badge_class="success"),
]


def normalised(html: str) -> str:
    """Whitespace runs as one space, none at the edges of block elements (where browsers drop it too)."""
    html = re.sub(r"\s+", " ", html.strip())
    return re.sub(r"\s*(</?(?:ol|li|div)\b[^>]*>)\s*", r"\1", html)


BUILT = "{% load timeline_list %}{% timeline_list timeline %}"


def built(entries) -> str:
    return assert_built_like_template(BUILT, TEMPLATE_LIST, {"timeline": entries}, normalise=normalised)


def test_the_list_equals_the_template_list():
    html = built(ENTRIES)
    assert "&lt;script&gt;" in html and "<em>kept as marked</em>" in html and "<br>" in html


def test_an_empty_timeline_says_so():
    assert "Nothing yet." not in built([])  # the last language is Chinese


def test_times_are_in_the_current_time_zone():
    with timezone.override("Asia/Shanghai"):
        html = Template(BUILT).render(Context({"timeline": ENTRIES[:1]}))
    assert '<time datetime="2026-11-22T07:30:05.120000+08:00">2026-11-22 07:30</time>' in html
