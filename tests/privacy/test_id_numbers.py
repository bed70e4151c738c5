"""SEC-1: an ID number is stored as its type, a masked number and a keyed hash — never in full, anywhere."""

import datetime
import re

from django.apps import apps
from django.core import serializers
from django.test import override_settings
from django.utils import timezone

from custody.services import ReleaseData, item_release, match_confirm
from incidents.services import incident_file
from incidents.services.customers import id_number_hash
from tests.custody.conftest import jpeg_upload

OWNER_ID = "310101199001011234"
PROXY_ID = "110101198505051111"


def _every_row() -> str:
    return "".join(serializers.serialize("json", model._base_manager.all()) for model in apps.get_models())


def test_no_table_holds_a_full_id_number(site, area, categories, register, front_desk):
    now = timezone.now()
    incident = incident_file(
        site=site, area=area, channel="on_site", kind="loss", severity="general",
        items=[{"category": categories["wallet-purse"], "name": "Wallet"}],
        lost_from=now - datetime.timedelta(hours=2), lost_until=now - datetime.timedelta(hours=1),
        customer_data={"name": "王小明", "phone": "13800138000", "preferred_language": "en",
                       "preferred_channel": "sms", "id_type": "id_card", "id_number": OWNER_ID},
        filed_by=front_desk, id_consent=True)
    item = register(category="wallet-purse")
    match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    release = item_release(item=item, by=front_desk, data=ReleaseData(
        claimant_kind="proxy", claimant_name="张三", id_type="id_card", id_number=PROXY_ID, owner_name="王小明",
        owner_id_type="id_card", owner_id_number=OWNER_ID, authorisation_letter=jpeg_upload(),
        claimant_answers="名片", details_match=True, signed_on_paper=True, id_consent=True))
    rows = _every_row()
    assert OWNER_ID not in rows and PROXY_ID not in rows
    assert OWNER_ID[6:14] not in rows  # not even the date of birth in the middle
    customer = incident.customer
    assert (customer.id_type, customer.id_number_masked) == ("id_card", "310***********1234")
    assert re.fullmatch(r"[0-9a-f]{64}", customer.id_number_hash)
    assert release.owner_id_number_hash == customer.id_number_hash  # same document, recognised without storing it
    with override_settings(SECRET_KEY="another-key-" + "x" * 50):
        assert id_number_hash(OWNER_ID) != customer.id_number_hash  # keyed: no table of all numbers helps
