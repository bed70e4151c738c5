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
    items = "\n".join(_item(entry) for entry in entries) if entries else f"<li>{escape(_('Nothing yet.'))}</li>"
    return mark_safe(f'<ol class="timeline" aria-label="{escape(_("Timeline"))}">\n{items}\n</ol>')


def _item(entry) -> str:
    at = timezone.localtime(entry.at)
    who = f" · {text(entry.actor.get_full_name() or entry.actor.get_username())}" if entry.actor else ""
    seen = (f' · <span class="badge text-bg-light border">{escape(_("customer sees this"))}</span>'
            if entry.customer_visible else "")
    badge = f' <span class="badge text-bg-{escape(entry.badge_class)}">{text(entry.badge)}</span>' if entry.badge else ""
    due_at = entry.extra.get("due_at")
    due = (f' <span class="small text-body-secondary">· {escape(_("due"))} '
           f'{timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")}</span>' if due_at else "")
    detail = f'<div class="small text-pre-wrap">{linebreaksbr(entry.detail)}</div>' if entry.detail else ""
    return (
        f'<li class="timeline-{escape(entry.source or "incident")} timeline-icon-{escape(entry.icon)}">'
        f'<div class="small text-body-secondary"><time datetime="{at.isoformat()}">{at.strftime("%Y-%m-%d %H:%M")}'
        f"</time>{who}{seen}</div><div>{text(entry.label)}{badge}{due}</div>{detail}</li>"
    )
