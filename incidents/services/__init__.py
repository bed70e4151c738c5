"""Every write to incidents goes through these functions (keyword-only, one transaction each).

Other apps import from here: `from incidents.services import incident_mark_found`.
"""

from incidents.errors import IncidentError
from incidents.services._common import incident_url, status_url
from incidents.services.activity import (
    contact_log_add, corrective_action_add, corrective_action_done, followup_record, incident_add_note, review_save,
)
from incidents.services.customers import (
    customer_create, customer_find_candidates, customer_update, id_number_hash, id_number_mask,
)
from incidents.services.filing import (
    ItemData, acknowledgement_send, emergency_alert, incident_file, incident_search_text, reference_next,
)
from incidents.services.transitions import (
    ALLOWED, allowed_transitions, can_move, incident_accept, incident_cancel, incident_close, incident_dispatch,
    incident_hand_over, incident_mark_found, incident_mark_not_found, incident_mark_returned, incident_reject,
    incident_set_police_report, incident_start_search,
)

__all__ = [
    "ALLOWED", "IncidentError", "ItemData", "acknowledgement_send", "allowed_transitions", "can_move",
    "contact_log_add", "corrective_action_add", "corrective_action_done", "customer_create",
    "customer_find_candidates", "customer_update", "emergency_alert", "followup_record", "id_number_hash",
    "id_number_mask", "incident_accept", "incident_add_note", "incident_cancel", "incident_close",
    "incident_dispatch", "incident_file", "incident_hand_over", "incident_mark_found", "incident_mark_not_found",
    "incident_mark_returned", "incident_reject", "incident_search_text", "incident_set_police_report",
    "incident_start_search", "incident_url", "review_save", "status_url",
]
