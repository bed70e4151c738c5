"""The company defaults that a fresh installation starts with.

Legal changes every one of them in the admin site; the code never reads these numbers directly,
only through `policy.for_site(site)`. Where a seed gives the number, it is cited.
"""

import datetime
from decimal import Decimal

DEFAULTS: dict[str, object] = {
    # INT-5: acknowledge receipt within 1 hour [004].
    "acknowledge_minutes": 60,
    # INT-6: forward to security and operations within X minutes [000]; seed leaves X open.
    "dispatch_minutes": 10,
    # INT-4: security on scene within 5 minutes for urgent and theft reports [002].
    "emergency_response_minutes": 5,
    # SLA-2: progress update to the customer at least every X hours [000]; seed leaves X open.
    "progress_update_hours": 24,
    # INV-8: investigation started within 24 hours [004] ...
    "investigation_start_hours": 24,
    # ... and finished within 3 working days [004].
    "investigation_finish_working_days": 3,
    # CUS-5: contact the customer within X minutes of finding the item [000][003].
    "contact_after_found_minutes": 30,
    # SLA-3: complaints contacted by a manager within 10 minutes, followed up daily [002].
    "complaint_contact_minutes": 10,
    "complaint_followup_hours": 24,
    # CMP-1 / CMP-2: claim window after closing, review time [000].
    "claim_window_days": 30,
    "claim_review_days": 7,
    # CMP-5: approval tiers by amount [000][002]; the seeds leave the amounts open. Above the site general
    # manager's limit the company general manager approves.
    "approval_limit_department_manager": Decimal("2000.00"),
    "approval_limit_site_general_manager": Decimal("20000.00"),
    # CMP-4: caps on compensation; the seeds leave them open. A valuable not declared for safekeeping is
    # compensated as an ordinary item, up to the ordinary item's value (Civil Code art. 898, by analogy).
    "compensation_cap_per_item": Decimal("10000.00"),
    "compensation_cap_per_customer": Decimal("50000.00"),
    "undeclared_valuables_as_ordinary": True,
    "ordinary_item_value": Decimal("500.00"),
    # INT-11: follow-up visit after closing.
    "followup_visit_days": 3,
    # Owners are reminded this long before a deadline falls due.
    "reminder_before_minutes": 15,
    # INT-5 / SEC-6: the customer's private status link stays valid this long after closing.
    "status_link_days": 90,
    # SEC-4: customers' personal data are anonymised this long after closing.
    "personal_data_retention_days": 730,
    # SLA-5: no customer messages in quiet hours (site time).
    "quiet_hours_start": datetime.time(22, 0),
    "quiet_hours_end": datetime.time(8, 0),
    # INT-7: outside business hours reports go to the central-control duty officer.
    "business_hours_start": datetime.time(8, 0),
    "business_hours_end": datetime.time(22, 0),
    # SLA-1: weekdays that are not working days (0 = Monday … 6 = Sunday).
    "weekend_days": "5,6",
}
