from dataclasses import dataclass, fields
import datetime

from organization.models import Site
from policy.defaults import DEFAULTS
from policy.models import Policy


@dataclass(frozen=True)
class ResolvedPolicy:
    acknowledge_minutes: int
    dispatch_minutes: int
    emergency_response_minutes: int
    progress_update_hours: int
    investigation_start_hours: int
    investigation_finish_working_days: int
    contact_after_found_minutes: int
    complaint_contact_minutes: int
    complaint_followup_hours: int
    claim_window_days: int
    claim_review_days: int
    followup_visit_days: int
    reminder_before_minutes: int
    status_link_days: int
    personal_data_retention_days: int
    quiet_hours_start: datetime.time
    quiet_hours_end: datetime.time
    business_hours_start: datetime.time
    business_hours_end: datetime.time
    weekend_days: str

    @property
    def weekend(self) -> frozenset[int]:
        return frozenset(int(part) for part in self.weekend_days.split(",") if part.strip())


def _filled(value) -> bool:
    return value is not None and value != ""


def policy_for_site(site: Site | None) -> ResolvedPolicy:
    rows = {row.site_id: row for row in Policy.objects.filter(site__isnull=True) | Policy.objects.filter(site=site)}
    layers = [rows.get(site.pk) if site else None, rows.get(None)]
    values = {}
    for field in fields(ResolvedPolicy):
        value = next(
            (getattr(layer, field.name) for layer in layers if layer is not None and _filled(getattr(layer, field.name))),
            DEFAULTS[field.name],
        )
        values[field.name] = value
    return ResolvedPolicy(**values)
