"""Every kind of deadline and the policy setting that fixes its length (SLA-1).

`unit` is minutes, hours, days (clock time) or working_days (the site's business calendar).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str | Promise
    policy_field: str
    unit: str


KINDS: dict[str, DeadlineKind] = {
    kind.code: kind
    for kind in [
        DeadlineKind("acknowledge", _("Acknowledge receipt"), "acknowledge_minutes", "minutes"),
        DeadlineKind("dispatch", _("Forward to security and operations"), "dispatch_minutes", "minutes"),
        DeadlineKind("emergency_response", _("Security on scene"), "emergency_response_minutes", "minutes"),
        DeadlineKind("customer_update", _("Progress update to the customer"), "progress_update_hours", "hours"),
        DeadlineKind("investigation_start", _("Start the investigation"), "investigation_start_hours", "hours"),
        DeadlineKind(
            "investigation_finish", _("Finish the investigation"), "investigation_finish_working_days", "working_days"
        ),
        DeadlineKind("contact_after_found", _("Contact the customer after finding"), "contact_after_found_minutes", "minutes"),
        DeadlineKind("complaint_contact", _("Manager contacts the complainant"), "complaint_contact_minutes", "minutes"),
        DeadlineKind("complaint_followup", _("Daily complaint follow-up"), "complaint_followup_hours", "hours"),
        DeadlineKind("claim_window", _("Compensation claim window"), "claim_window_days", "days"),
        DeadlineKind("claim_review", _("Review the compensation claim"), "claim_review_days", "days"),
        DeadlineKind("followup_visit", _("Follow-up visit"), "followup_visit_days", "days"),
    ]
}
