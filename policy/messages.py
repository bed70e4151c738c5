"""The messages the product sends, the variables each may use, and checks of legal's texts (POL-3).

Texts are Django templates rendered as plain text (no HTML escaping).
"""

from dataclasses import dataclass

from django.template import Context, Template, TemplateSyntaxError
from django.template.base import VariableNode
from django.template.defaulttags import ForNode
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MessageKind:
    key: str
    label: str | Promise
    audience: str
    variables: tuple[str, ...]


MESSAGE_KINDS: dict[str, MessageKind] = {
    kind.key: kind
    for kind in [
        MessageKind(
            "report_acknowledged", _("Report received (to the customer)"), "customer",
            ("reference", "status_url", "site_name", "site_phone", "recipient_name"),
        ),
        MessageKind(
            "progress_update", _("Progress update (to the customer)"), "customer",
            ("reference", "note", "status_url", "site_name", "recipient_name"),
        ),
        MessageKind(
            "item_found", _("Item found (to the customer)"), "customer",
            ("reference", "status_url", "site_name", "site_phone", "recipient_name"),
        ),
        MessageKind(
            "incident_closed", _("Report closed (to the customer)"), "customer",
            ("reference", "outcome", "status_url", "recipient_name"),
        ),
        MessageKind(
            "emergency_alert", _("Emergency alert (to staff)"), "staff",
            ("reference", "kind", "severity", "area", "site_name", "incident_url"),
        ),
        MessageKind(
            "deadline_reminder", _("Deadline reminder (to staff)"), "staff",
            ("reference", "deadline", "due_at", "incident_url"),
        ),
        MessageKind(
            "deadline_escalated", _("Missed deadline escalated (to staff)"), "staff",
            ("reference", "deadline", "due_at", "level", "incident_url"),
        ),
        MessageKind(
            "new_match", _("Possible match for a found item (to staff)"), "staff",
            ("reference", "found_item", "incident_url"),
        ),
        MessageKind(
            "claim_approved", _("Compensation claim approved (to the customer)"), "customer",
            ("reference", "claim_reference", "amount", "currency", "site_name", "site_phone", "recipient_name"),
        ),
        MessageKind(
            "claim_rejected", _("Compensation claim rejected, with the reasons (to the customer)"), "customer",
            ("reference", "claim_reference", "reasons", "site_name", "site_phone", "recipient_name"),
        ),
    ]
}

# Example values for previews and for checking that a text renders.
SAMPLE_CONTEXT: dict[str, str] = {
    "reference": "LF-20261122-0042",
    "status_url": "https://lostfound.example.com/s/3fa9c1",
    "incident_url": "https://lostfound.example.com/incidents/42/",
    "site_name": "Shanghai Plaza",
    "site_phone": "021-5555 0100",
    "recipient_name": "Wang Fang",
    "note": "CCTV of the lobby has been reviewed; the search continues.",
    "outcome": "found and returned",
    "kind": "theft",
    "severity": "urgent",
    "area": "Lobby",
    "deadline": "Acknowledge receipt",
    "due_at": "2026-11-22 15:30",
    "level": "2",
    "found_item": "Black iPhone 15, found in the lobby",
    "claim_reference": "LF-20261122-0042-C1",
    "amount": "1,280.00",
    "currency": "CNY",
    "reasons": "The loss happened outside the hotel's custody and no fault of the staff was found.",
}


def render_text(source: str, context: dict) -> str:
    return Template(source).render(Context(context, autoescape=False))


def variables_used(source: str) -> set[str]:
    """Top-level names of `{{ variables }}` a template prints, minus its own loop variables."""
    nodelist = Template(source).nodelist
    loop_names = {name for node in nodelist.get_nodes_by_type(ForNode) for name in node.loopvars}
    names = set()
    for node in nodelist.get_nodes_by_type(VariableNode):
        variable = node.filter_expression.var
        lookups = getattr(variable, "lookups", None)
        if lookups:
            names.add(lookups[0])
    return names - loop_names


def _source_errors(source: str, allowed: tuple[str, ...] | None) -> list:
    try:
        used = variables_used(source)
        render_text(source, SAMPLE_CONTEXT)
    except TemplateSyntaxError as error:
        return [_("This is not a valid template: %(error)s") % {"error": error}]
    except Exception as error:  # a filter that fails on the sample values fails on real ones too
        return [_("This text cannot be rendered: %(error)s") % {"error": error}]
    unknown = sorted(used - set(allowed)) if allowed is not None else []
    if unknown:
        return [
            _("Unknown variables: %(unknown)s. This message may use: %(allowed)s.")
            % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
        ]
    return []


def template_errors(row) -> dict[str, list]:
    """Field errors of a MessageTemplate: syntax, unknown variables, a subject only for email."""
    kind = MESSAGE_KINDS.get(row.key)
    allowed = kind.variables if kind else None
    errors = {}
    for field in ("subject", "body"):
        problems = _source_errors(getattr(row, field) or "", allowed)
        if problems:
            errors[field] = problems
    if row.channel == "email" and not (row.subject or "").strip() and "subject" not in errors:
        errors["subject"] = [_("An email needs a subject.")]
    if row.channel == "sms" and (row.subject or "").strip() and "subject" not in errors:
        errors["subject"] = [_("Text messages have no subject; leave it empty.")]
    return errors
