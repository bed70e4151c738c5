"""Staff pages of custody (namespace "custody")."""

from custody.views.disposal import disposal_approve_view, disposal_propose_view, disposal_refuse_view, due_list
from custody.views.files import disposal_receipt, item_photo, mailing_proof, release_file
from custody.views.items import (
    item_cash, item_detail, item_label, item_list, item_move, item_new, item_notice, item_photos_add, item_scan,
)
from custody.views.locations import location_list, stock_check
from custody.views.matches import incident_suggestions, match_decide
from custody.views.release import item_mail_view, item_release_view, mailing_delivered_view, release_print

__all__ = [
    "disposal_approve_view", "disposal_propose_view", "disposal_receipt", "disposal_refuse_view", "due_list",
    "incident_suggestions", "item_cash", "item_detail", "item_label", "item_list", "item_mail_view", "item_move",
    "item_new", "item_notice", "item_photo", "item_photos_add", "item_release_view", "item_scan", "location_list",
    "mailing_delivered_view", "mailing_proof", "match_decide", "release_file", "release_print", "stock_check",
]
