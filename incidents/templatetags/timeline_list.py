"""`{% timeline_list timeline %}`: the incident's timeline as an ordered list.

Built in Python: through the template engine each entry cost about 0.2 ms, a sixth of the incident page.
"""

from html import escape

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from lostfound.html import text

register = template.Library()


@register.simple_tag
def timeline_list(entries):
    # Translated outside the f-strings, where makemessages would not find them.
    words = {"seen": escape(_("customer sees this")), "due": escape(_("due"))}
    nothing, label = escape(_("Nothing yet.")), escape(_("Timeline"))
    items = "\n".join(_item(entry, words) for entry in entries) if entries else f"<li>{nothing}</li>"
    return mark_safe(f'<ol class="timeline" aria-label="{label}">\n{items}\n</ol>')


def _item(entry, words: dict) -> str:
    at = timezone.localtime(entry.at)
    who = f" · {text(entry.actor.get_full_name() or entry.actor.get_username())}" if entry.actor else ""
    seen = f' · <span class="badge text-bg-light border">{words["seen"]}</span>' if entry.customer_visible else ""
    badge = f' <span class="badge text-bg-{escape(entry.badge_class)}">{text(entry.badge)}</span>' if entry.badge else ""
    due_at = entry.extra.get("due_at")
    due = (f' <span class="small text-body-secondary">· {words["due"]} '
           f'{timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")}</span>' if due_at else "")
    detail = f'<div class="small text-pre-wrap">{linebreaksbr(entry.detail)}</div>' if entry.detail else ""
    return (
        f'<li class="timeline-{escape(entry.source or "incident")} timeline-icon-{escape(entry.icon)}">'
        f'<div class="small text-body-secondary"><time datetime="{at.isoformat()}">{at.strftime("%Y-%m-%d %H:%M")}'
        f"</time>{who}{seen}</div><div>{text(entry.label)}{badge}{due}</div>{detail}</li>"
    )
