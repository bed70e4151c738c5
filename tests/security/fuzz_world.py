"""The records the fuzz test posts against: at SH01 one of everything a form acts on, at BJ01 the same kind of
records whose ids must never be reachable from SH01's staff."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import pending_device
from custody.models import Disposal, FoundItem, LocationKind, StorageLocation
from custody.services import disposal_propose, found_item_register, item_mail, match_confirm
from incidents.models import CorrectiveAction, Incident
from incidents.services import corrective_action_add, review_save
from investigations.models import Evidence, LostItemNotice, PoliceReport
from investigations.services import notice_publish
from notifications.models import Message, MessageState
from organization.models import Area, Department, DepartmentKind, Position, Site
from organization.roles import Role
from policy.models import ItemCategory
from policy.seed import install_defaults
from tests.compensation.conftest import close, file_claim
from tests.conftest import make_staff
from tests.custody.conftest import found_data
from tests.incidents.conftest import file_report
from tests.investigations.conftest import valid_data


@dataclass
class World:
    site: object
    other_site: object
    area: object
    users: dict
    incident: Incident  # open, reported, owned by the front desk
    online_incident: Incident  # waiting to be verified
    closed_incident: Incident
    other_incident: Incident  # BJ01
    storage: dict
    item: FoundItem  # in custody at SH01
    matched_item: FoundItem
    other_item: FoundItem
    disposal: Disposal
    mailing: object
    claim: object
    other_claim: object
    evidence: Evidence
    police_report: PoliceReport
    notice: LostItemNotice
    action: CorrectiveAction
    message: Message
    other_message: Message


def _storage(site) -> dict:
    room = StorageLocation.objects.create(site=site, kind=LocationKind.ROOM, name=f"{site.code} room")
    return {
        "room": room,
        "shelf": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 1", parent=room),
        "shelf2": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 2", parent=room),
        "safe": StorageLocation.objects.create(site=site, kind=LocationKind.SAFE, name="Safe 1", parent=room),
    }


def _register(site, area, by, location, category, **extra):
    return found_item_register(site=site, data=found_data(category=category, location=location, area=area, **extra),
                               by=by, alert=False)


def _post_entry(user, incident, kind):
    client = Client()
    client.force_login(user)
    client.post(f"/investigations/incident/{incident.pk}/add/{kind}/", valid_data(kind, officer=user))


def _personas(site, other_site) -> dict:
    user_model = get_user_model()
    return {
        "front_desk": make_staff(user_model, "fiona", role=Role.FRONT_DESK, sites=[site]),
        "security_officer": make_staff(user_model, "sam", role=Role.SECURITY_OFFICER, sites=[site],
                                       kind=DepartmentKind.SECURITY),
        "custodian": make_staff(user_model, "carl", role=Role.CUSTODIAN, sites=[site], kind=DepartmentKind.SECURITY),
        "manager": make_staff(user_model, "maria", role=Role.MANAGER, sites=[site], kind=DepartmentKind.MANAGEMENT,
                              position=Position.DEPARTMENT_MANAGER, is_staff=True),
        "legal": make_staff(user_model, "lee", role=Role.LEGAL, sites=[], all_sites=True, is_staff=True),
        "finance": make_staff(user_model, "fang", role=Role.FINANCE, sites=[], all_sites=True),
        "administrator": make_staff(user_model, "ada", role=Role.ADMINISTRATOR, sites=[site], is_staff=True),
        "outsider": make_staff(user_model, "otto", role=Role.FRONT_DESK, sites=[other_site]),
    }


def build_world() -> World:
    install_defaults()
    site = Site.objects.create(code="SH01", name="Shanghai Plaza", time_zone="Asia/Shanghai")
    other_site = Site.objects.create(code="BJ01", name="Beijing Mall", time_zone="Asia/Shanghai")
    area, other_area = Area.objects.create(site=site, name="Lobby"), Area.objects.create(site=other_site, name="Atrium")
    users = _personas(site, other_site)
    front_desk, custodian, manager = users["front_desk"], users["custodian"], users["manager"]
    outsider, officer = users["outsider"], users["security_officer"]
    umbrella = ItemCategory.objects.get(code="umbrella")
    wallet = ItemCategory.objects.get(code="wallet-purse")

    incident = file_report(site=site, area=area, category=wallet, by=front_desk)
    online = file_report(site=site, area=area, category=wallet, by=front_desk, online=True)
    closed = close(file_report(site=site, area=area, category=wallet, by=front_desk), front_desk)
    other_incident = file_report(site=other_site, area=other_area, category=wallet, by=outsider)

    storage, other_storage = _storage(site), _storage(other_site)
    item = _register(site, area, custodian, storage["shelf"], umbrella)
    other_item = _register(other_site, other_area, outsider, other_storage["shelf"], umbrella)

    # An umbrella past its retention, proposed for disposal.
    old = _register(site, area, custodian, storage["shelf"], umbrella)
    aged = timezone.now() - datetime.timedelta(days=umbrella.retention_days + 2)
    FoundItem.objects.filter(pk=old.pk).update(found_at=aged)
    disposal = disposal_propose(item=FoundItem.objects.get(pk=old.pk), by=custodian, route="donated")

    # A wallet matched to the open report, and one mailed to its owner.
    matched = _register(site, area, custodian, storage["safe"], wallet, brand_model="Coach")
    match_confirm(found_item=matched, lost_item=incident.items.get(), by=front_desk)
    mailed_report = file_report(site=site, area=area, category=wallet, by=front_desk)
    mailed = _register(site, area, custodian, storage["safe"], wallet)
    match_confirm(found_item=mailed, lost_item=mailed_report.items.get(), by=front_desk)
    mailing = item_mail(item=mailed, by=front_desk, recipient_name="王小明", recipient_phone="13800138000",
                        address="上海市", courier="SF", tracking_number="SF1", cost=Decimal("12.00"), paid_by="customer")

    claim = file_claim(closed, front_desk, now=timezone.now())
    other_closed = close(file_report(site=other_site, area=other_area, category=wallet, by=outsider), outsider)
    other_claim = file_claim(other_closed, outsider, now=timezone.now())

    for kind in ("evidence", "police_report"):
        _post_entry(officer, incident, kind)
    notice = notice_publish(incident=incident, by=manager, category=wallet, description_zh_hans="黑色钱包",
                            description_en="A black wallet", lost_on=timezone.localdate(), area=area)
    review = review_save(incident=closed, by=manager, causes="Unattended sofa")
    department = Department.objects.filter(site=site).first()
    action = corrective_action_add(review=review, by=manager, description="Add a camera", department=department,
                                   owner=front_desk, due_date=timezone.localdate() + datetime.timedelta(days=7))
    # The administrator is enrolled in two-step sign-in; legal has an authenticator waiting to be confirmed.
    TOTPDevice.objects.create(user=users["administrator"], name="authenticator", confirmed=True)
    pending_device(users["legal"])
    message = _message("here", site)
    other_message = _message("there", other_site)
    return World(
        site=site, other_site=other_site, area=area, users=users, incident=incident, online_incident=online,
        closed_incident=closed, other_incident=other_incident, storage=storage, item=item, matched_item=matched,
        other_item=other_item, disposal=disposal, mailing=mailing, claim=claim, other_claim=other_claim,
        evidence=Evidence.objects.get(incident=incident), police_report=PoliceReport.objects.get(incident=incident),
        notice=notice, action=action, message=message, other_message=other_message,
    )


def _message(key, site) -> Message:
    return Message.objects.create(
        dedupe_key=key, audience="customer", channel="email", recipient_address="guest@example.com",
        recipient_name="Guest", language="en", template_key="hello", context={}, site=site,
        send_after=timezone.now(), state=MessageState.FAILED, attempts=8, last_error="550",
    )
