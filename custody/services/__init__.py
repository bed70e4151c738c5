"""Every write to custody goes through these functions (keyword-only, one transaction each)."""

from custody.errors import CustodyError
from custody.services.disposal import allowed_routes, disposal_approve, disposal_propose, disposal_refuse
from custody.services.intake import (
    FoundItemData, cash_confirm, found_item_photo_add, found_item_register, location_refusal, notice_record,
)
from custody.services.matches import alert_new_matches, match_confirm, match_reject
from custody.services.movement import custody_transfer, location_create, stock_check_record
from custody.services.release import ReleaseData, item_mail, item_release, mailing_delivered

__all__ = [
    "CustodyError", "FoundItemData", "ReleaseData", "alert_new_matches", "allowed_routes", "cash_confirm",
    "custody_transfer", "disposal_approve", "disposal_propose", "disposal_refuse", "found_item_photo_add",
    "found_item_register", "item_mail", "item_release", "location_create", "location_refusal", "mailing_delivered",
    "match_confirm", "match_reject", "notice_record", "stock_check_record",
]
