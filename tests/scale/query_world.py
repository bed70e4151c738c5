"""The records the query-count test renders every page against, grown round by round.

Round 1 makes one of everything a page shows (the "targets"); every later round adds another of each
(so the lists grow) and more children to each target (so its detail pages grow: notes, contacts,
investigation entries, transfers, evidence, corrective actions, messages, overdue deadlines).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from compensation import services as compensation_services
from compensation.models import Claim
from custody.models import Disposal, FoundItem, LocationKind, Mailing, Release, StorageLocation
from custody.services import (
    ReleaseData, custody_transfer, disposal_propose, found_item_register, item_mail, item_release, match_confirm,
)
from incidents.models import CorrectiveAction, Incident
from incidents.services import contact_log_add, corrective_action_add, incident_add_note, review_save
from investigations.models import ENTRY_MODELS, LostItemNotice
from investigations.services import notice_publish
from notifications.models import Message, MessageState
from organization.models import Department
from policy.models import ItemCategory
from sla.models import Deadline
from tests.compensation.conftest import assess, close, file_claim, pdf_upload, receipt_upload
from tests.custody.conftest import found_data, signature_data_url
from tests.incidents.conftest import file_report
from tests.investigations.conftest import valid_data

ENTRY_KINDS = ("record_review", "scene_survey", "interview", "statement", "evidence", "police_report")


@dataclass
class World:
    site: object
    area: object
    users: dict
    storage: dict = field(default_factory=dict)
    rounds: int = 0
    incident: Incident | None = None  # open, with investigation entries
    closed_incident: Incident | None = None  # with a review and a claim
    item: FoundItem | None = None  # in custody, moved every round
    matched_item: FoundItem | None = None
    release: Release | None = None
    mailing: Mailing | None = None
    disposal: Disposal | None = None
    claim: Claim | None = None  # filed, evidence added every round
    paid_claim: Claim | None = None
    notice: LostItemNotice | None = None
    action: CorrectiveAction | None = None
    message: Message | None = None
    entries: dict = field(default_factory=dict)  # kind → the target incident's first entry of that kind

    def entry_url(self, kind: str) -> str:
        return f"/investigations/entry/{kind}/{self.entries[kind].pk}/"


def _category(code: str) -> ItemCategory:
    return ItemCategory.objects.get(code=code)


def _storage(site) -> dict:
    room = StorageLocation.objects.create(site=site, kind=LocationKind.ROOM, name="Lost-property room")
    return {
        "room": room,
        "shelf": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 1", parent=room),
        "shelf2": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 2", parent=room),
        "safe": StorageLocation.objects.create(site=site, kind=LocationKind.SAFE, name="Safe 1", parent=room),
    }


def _register(world: World, category: str, **extra) -> FoundItem:
    category = _category(category)
    location = world.storage["safe" if category.valuable else "shelf"]
    extra.setdefault("seal_number", "S-1" if category.valuable else "")
    return found_item_register(site=world.site, data=found_data(category=category, location=location,
                                                                area=world.area, **extra),
                               by=world.users["custodian"], alert=False)


def _post_entry(world: World, incident: Incident, kind: str) -> None:
    client = Client()
    officer = world.users["security_officer"]
    client.force_login(officer)
    response = client.post(f"/investigations/incident/{incident.pk}/add/{kind}/", valid_data(kind, officer=officer))
    assert response.status_code in (200, 302), (kind, response.status_code)


def _matched_pair(world: World) -> tuple[FoundItem, Incident]:
    report = file_report(site=world.site, area=world.area, category=_category("wallet-purse"),
                         by=world.users["front_desk"])
    item = _register(world, "wallet-purse", brand_model="Coach")
    match_confirm(found_item=item, lost_item=report.items.get(), by=world.users["front_desk"])
    return item, report


def add_round(world: World) -> None:
    """One more of everything, and more children of every target."""
    world.rounds += 1
    n = world.rounds
    front_desk, custodian, manager = world.users["front_desk"], world.users["custodian"], world.users["manager"]
    if not world.storage:
        world.storage = _storage(world.site)
    wallet, umbrella = _category("wallet-purse"), _category("umbrella")

    # Incidents: a new open one, and the target's timeline, contacts and investigation log grow.
    incident = file_report(site=world.site, area=world.area, category=wallet, by=front_desk)
    world.incident = world.incident or incident
    incident_add_note(incident=world.incident, by=front_desk, text=f"Note {n}", customer_visible=True)
    contact_log_add(incident=world.incident, by=front_desk, outcome="reached", note=f"Call {n}")
    for kind in ENTRY_KINDS:
        _post_entry(world, world.incident, kind)
    for kind in ENTRY_KINDS:
        world.entries.setdefault(kind, ENTRY_MODELS[kind].objects.filter(incident=world.incident).order_by("pk").first())
    world.notice = world.notice or notice_publish(
        incident=world.incident, by=manager, category=wallet, description_zh_hans="黑色钱包",
        description_en="A black wallet", lost_on=timezone.localdate(), area=world.area)
    other_open = file_report(site=world.site, area=world.area, category=wallet, by=front_desk)
    notice_publish(incident=other_open, by=manager, category=wallet, description_zh_hans=f"钱包 {n}",
                   description_en=f"Wallet {n}", lost_on=timezone.localdate(), area=world.area)

    # A closed incident with a review (more actions each round) and a claim (more evidence each round).
    closed = close(file_report(site=world.site, area=world.area, category=wallet, by=front_desk), front_desk)
    claim = file_claim(closed, front_desk, now=timezone.now())
    if world.closed_incident is None:
        world.closed_incident, world.claim = closed, claim
        review_save(incident=closed, by=manager, causes="Unattended sofa")
    compensation_services.evidence_add(claim=world.claim, by=front_desk, uploads=[receipt_upload(f"r{n}.jpg")],
                                       kind="receipt", description=f"Receipt {n}")
    paid = file_claim(close(file_report(site=world.site, area=world.area, category=wallet, by=front_desk), front_desk),
                      front_desk, now=timezone.now())
    assess(paid, world.users["legal"], price="1000")
    paid = compensation_services.claim_approve(claim=paid, by=manager)
    compensation_services.agreement_prepare(claim=paid, by=front_desk, amount=paid.approved_amount, method="cash")
    compensation_services.agreement_upload_signed(claim=paid, by=front_desk, upload=pdf_upload())
    compensation_services.payment_record(claim=paid, by=world.users["finance"], paid_on=timezone.localdate(),
                                         method="cash", reference=f"P{n}", amount=paid.approved_amount)
    world.paid_claim = world.paid_claim or paid
    department = Department.objects.filter(site=world.site).first()
    action = corrective_action_add(review=world.closed_incident.review, by=manager, description=f"Action {n}",
                                   department=department, owner=front_desk,
                                   due_date=timezone.localdate() + datetime.timedelta(days=7))
    # Overdue, so the owner's home page lists it.
    CorrectiveAction.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    world.action = world.action or action

    # Found items: a new one, and the target moves between shelves (its transfers grow).
    item = _register(world, "umbrella", name=f"Umbrella {n}")
    world.item = world.item or item
    target_shelf = world.storage["shelf2" if n % 2 else "shelf"]
    custody_transfer(item=world.item, to_location=target_shelf, by=custodian, reason=f"Move {n}")
    matched, _report = _matched_pair(world)
    world.matched_item = world.matched_item or matched
    released, _ = _matched_pair(world)
    release = item_release(item=released, by=front_desk, data=ReleaseData(
        claimant_kind="owner", claimant_name="王小明", id_type="id_card", id_number="310101199001011234",
        claimant_answers="名片", details_match=True, signature_data_url=signature_data_url(), id_consent=True))
    world.release = world.release or release
    mailed, _ = _matched_pair(world)
    mailing = item_mail(item=mailed, by=front_desk, recipient_name="王小明", recipient_phone="13800138000",
                        address="上海市", courier="SF", tracking_number=f"SF{n}", cost=Decimal("12.00"),
                        paid_by="customer")
    world.mailing = world.mailing or mailing
    old = _register(world, "umbrella", name=f"Old umbrella {n}")
    FoundItem.objects.filter(pk=old.pk).update(
        found_at=timezone.now() - datetime.timedelta(days=umbrella.retention_days + 2))
    disposal = disposal_propose(item=FoundItem.objects.get(pk=old.pk), by=custodian, route="donated")
    world.disposal = world.disposal or disposal

    # A failed message for the managers' list, and every deadline of the site overdue.
    message = Message.objects.create(
        dedupe_key=f"scale-{n}", audience="customer", channel="email", recipient_address="guest@example.com",
        recipient_name="Guest", language="en", template_key="hello", context={}, site=world.site,
        send_after=timezone.now(), state=MessageState.FAILED, attempts=8, last_error="550")
    world.message = world.message or message
    now = timezone.now()
    Deadline.objects.filter(subject_type=ContentType.objects.get_for_model(Incident), state="open").update(
        started_at=now - datetime.timedelta(hours=2), due_at=now - datetime.timedelta(hours=1))
