from incidents.views.detail import (
    incident_action, incident_contact, incident_detail, incident_followup, incident_hand_over, incident_note,
    incident_police, incident_print, item_photo,
)
from incidents.views.listing import incident_list_view
from incidents.views.report import customer_search, incident_new, staged_photo
from incidents.views.review import action_add, action_done, review_edit

__all__ = [
    "action_add", "action_done", "customer_search", "incident_action", "incident_contact", "incident_detail",
    "incident_followup", "incident_hand_over", "incident_list_view", "incident_new", "incident_note",
    "incident_police", "incident_print", "item_photo", "review_edit", "staged_photo",
]
