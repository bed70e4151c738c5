"""Rules a legal user expects the admin to enforce on a policy row, with the error beside the field."""

from django.utils.translation import gettext_lazy as _

from policy.models import Policy
from policy.selectors import POLICY_FIELDS, is_filled, resolve

TIME_PAIRS = (
    ("quiet_hours_start", "quiet_hours_end"),
    ("business_hours_start", "business_hours_end"),
)


def policy_errors(row: Policy) -> dict[str, list]:
    errors: dict[str, list] = {}

    def add(field: str, message) -> None:
        errors.setdefault(field, []).append(message)

    if row.site_id is None:
        for name in POLICY_FIELDS:
            if not is_filled(getattr(row, name)):
                add(name, _("The company default needs a value; sites without their own use it."))

    for start, end in TIME_PAIRS:
        start_value, end_value = getattr(row, start), getattr(row, end)
        if (start_value is None) != (end_value is None):
            missing = end if end_value is None else start
            add(missing, _("Give both the start and the end, or leave both empty to use the company's."))
        elif start_value is not None and start_value == end_value:
            add(end, _("The end must differ from the start."))

    company = None if row.site_id is None else Policy.objects.filter(site__isnull=True).first()
    effective = resolve(row, company)
    if effective.approval_limit_department_manager > effective.approval_limit_site_general_manager:
        field = (
            "approval_limit_department_manager"
            if is_filled(row.approval_limit_department_manager)
            else "approval_limit_site_general_manager"
        )
        add(field, _("The department manager's limit cannot be above the site general manager's."))
    return errors
