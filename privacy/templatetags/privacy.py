"""`{% masked record "phone" %}`: a phone or e-mail masked, with a "show" button for those allowed to reveal it."""

from django import template

from privacy.masking import mask_contact
from privacy.revealable import REVEAL, REVEALABLE, kind_of

register = template.Library()


@register.inclusion_tag("privacy/partials/masked.html", takes_context=True)
def masked(context, record, field: str) -> dict:
    # An inclusion tag renders in the page's context without running the context processors again (a page
    # with five masked values ran them five more times) and passes the CSRF token on.
    value = getattr(record, field, "") if record is not None else ""
    kind = kind_of(record) if record is not None else ""
    if kind not in REVEALABLE or field not in REVEALABLE[kind].fields:
        raise template.TemplateSyntaxError(f"{kind}.{field} is not a revealable contact")
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "masked": mask_contact(value), "kind": kind, "pk": record.pk, "field": field,
        "can_reveal": bool(value) and user is not None and user.has_perm(REVEAL),
        "page": request.get_full_path() if request is not None else "",
    }


@register.filter
def mask(value: str) -> str:
    """Masked without a button: print views and places where nobody reveals."""
    return mask_contact(value or "")
