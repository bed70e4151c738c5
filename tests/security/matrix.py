"""The world the permission matrix walks: one of every object a URL names, at site A and at site B.

`build_site(...)` files real records through the services (an open and a closed incident with a photo, a
review with a corrective action, investigation entries, a notice, found items in stock / returned / mailed /
proposed for disposal, claims with evidence and an agreement, an undelivered message). Site B's records carry
`marker` text in their names, so a test can assert that nothing of B is rendered to A's staff.
"""

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from compensation import services as claims
from compensation.models import Agreement, Claim, PaymentMethod
from custody.models import (
    ClaimantKind, Disposal, DisposalRoute, FoundItem, ItemState, LocationKind, Mailing, Release, StorageLocation,
)
from custody.services import FoundItemData, found_item_register
from incidents import photos as photo_checks
from incidents.models import CorrectiveAction, Incident, PostIncidentReview
from incidents.services import (
    incident_close, incident_dispatch, incident_file, incident_mark_not_found, incident_start_search,
)
from investigations import services as log
from investigations.models import EntryPhoto, Evidence, LostItemNotice, PoliceReport
from notifications.models import Message, MessageState
from organization.models import Area, DepartmentKind, Position, Site
from organization.roles import Role
from policy.models import ItemCategory
from tests.conftest import make_staff

# Apps whose rows a refused POST must leave untouched.
BUSINESS_APPS = (
    "incidents", "investigations", "custody", "compensation", "notifications", "sla", "organization", "privacy",
    "accounts",
)


def jpeg(name: str = "photo.jpg", colour=(200, 30, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (60, 30), (0, 0, 0, 255)).save(out, "PNG")
    return out.getvalue()


def snapshot() -> dict[str, list]:
    """Every row of every business table, to prove a refused request wrote nothing (no insert, update or delete)."""
    tables = {}
    for app in BUSINESS_APPS:
        if not apps.is_installed(app):
            continue
        for model in apps.get_app_config(app).get_models():
            tables[model._meta.label] = list(model._default_manager.order_by("pk").values_list())
    return tables


@dataclass
class SiteWorld:
    site: Site
    marker: str
    incident: Incident
    closed_incident: Incident
    lost_item: object
    item_photo: object
    corrective_action: CorrectiveAction
    evidence: Evidence
    police_report: PoliceReport
    entry_photo: EntryPhoto
    notice: LostItemNotice
    found_item: FoundItem
    found_photo: object
    location: StorageLocation
    release: Release
    mailing: Mailing
    disposal: Disposal
    claim: Claim
    claim_evidence: object
    agreed_claim: Claim
    message: Message
    texts: list[str] = field(default_factory=list)


def _local(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def _file(*, site, area, category, by, name: str, customer: str) -> Incident:
    staged = photo_checks.stage(photo_checks.check_photo(jpeg()), user_id=by.pk)
    return incident_file(
        site=site, area=area, channel="on_site", kind="theft", theft_by="stranger", severity="major",
        customer_data={"name": customer, "phone": "+86 138 0013 8000", "email": "owner@example.com",
                       "preferred_language": "en", "preferred_channel": "email"},
        items=[{"category": category, "name": name, "brand_model": "Coach", "colour": "black", "quantity": 1,
                "estimated_value": Decimal("800"), "photos": [staged]}],
        lost_from=_local(-3), lost_until=_local(-2), description="Left on the lobby sofa", filed_by=by,
    )


def _close(incident: Incident, by) -> Incident:
    incident_dispatch(incident=incident, by=by)
    incident_start_search(incident=incident, by=by)
    incident_mark_not_found(incident=incident, by=by, note="not found; customer told")
    return incident_close(incident=incident, by=by)


def _found(*, site, area, category, location, by, name: str, state: str | None = None) -> FoundItem:
    item = found_item_register(
        site=site, by=by, alert=False, photos=[jpeg("found.jpg")],
        data=FoundItemData(category=category, name=name, found_at=_local(-1), location=location, area=area,
                           colour="black", features="zip worn"),
    )
    if state is not None:
        FoundItem.objects.filter(pk=item.pk).update(state=state)
        item.refresh_from_db()
    return item


def build_site(*, site: Site, marker: str, front_desk, officer, custodian, manager) -> SiteWorld:
    """Every object a URL of the product can name, at `site`, its texts carrying `marker`."""
    area = Area.objects.create(site=site, name=f"Lobby {marker}")
    category = ItemCategory.objects.get(code="wallet-purse")
    kept = ItemCategory.objects.get(code="clothing")  # kept on a shelf: no safe, no seal
    item_name = f"Wallet {marker}"
    incident = _file(site=site, area=area, category=category, by=front_desk, name=item_name,
                     customer=f"Customer {marker}")
    closed = _close(_file(site=site, area=area, category=category, by=front_desk, name=f"Bag {marker}",
                          customer=f"Claimant {marker}"), front_desk)
    lost_item = incident.items.get()

    review = PostIncidentReview.objects.create(incident=closed, causes=f"Causes {marker}", created_by=manager)
    action = CorrectiveAction.objects.create(review=review, description=f"Camera {marker}", owner=manager,
                                             department=manager.staff_profile.department,
                                             due_date=timezone.localdate() + datetime.timedelta(days=7))

    evidence = log.entry_add(
        kind="evidence", incident=incident, author=officer, photos=[jpeg("evidence.jpg")],
        data={"label": f"E-{marker}", "description": f"Receipt {marker}", "collected_at": _local(-1),
              "found_place": "Under the sofa", "container": "BAG-7", "storage_location": "Safe", "untouched": True},
    )
    police = log.entry_add(
        kind="police_report", incident=incident, author=officer,
        data={"reported_at": _local(-1), "reported_by": "customer", "station": f"Station {marker}",
              "officer_name": "Officer Zhang", "officer_badge": "031245", "case_number": f"CASE-{marker}"},
    )
    notice = log.notice_publish(incident=incident, by=manager, category=category, area=area,
                                description_zh_hans=f"黑色钱包 {marker}", description_en=f"Black wallet {marker}",
                                lost_on=timezone.localdate())

    room = StorageLocation.objects.create(site=site, kind=LocationKind.ROOM, name=f"Room {marker}")
    shelf = StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name=f"Shelf {marker}", parent=room)
    found = _found(site=site, area=area, category=kept, location=shelf, by=custodian, name=f"Found {marker}")
    returned = _found(site=site, area=area, category=kept, location=shelf, by=custodian,
                      name=f"Returned {marker}", state=ItemState.RELEASED)
    release = Release.objects.create(
        item=returned, claimant_kind=ClaimantKind.OWNER, claimant_name=f"Owner {marker}", id_type="passport",
        id_number_masked="E****567", id_number_hash="0" * 64, claimant_answers="card inside", details_match=True,
        signature=ContentFile(png_bytes(), name="signature.png"), released_by=front_desk,
    )
    mailed = _found(site=site, area=area, category=kept, location=shelf, by=custodian,
                    name=f"Mailed {marker}", state=ItemState.MAILED)
    mailing = Mailing.objects.create(
        item=mailed, recipient_name=f"Recipient {marker}", recipient_phone="+86 138 0013 8000",
        address="1 Road", courier="SF", tracking_number=f"SF-{marker}", sent_by=front_desk,
        proof_of_delivery=ContentFile(png_bytes(), name="proof.png"),
    )
    disposed = _found(site=site, area=area, category=kept, location=shelf, by=custodian, name=f"Old {marker}")
    disposal = Disposal.objects.create(item=disposed, route=DisposalRoute.choices[0][0], proposed_by=custodian,
                                       receipt=ContentFile(png_bytes(), name="receipt.png"))

    claim = claims.claim_file(
        incident=closed, by=front_desk, claimant_name=f"Claimant {marker}", statement=f"Statement {marker}",
        items=[claims.ClaimItemData(description=f"Bag {marker}", head="direct", amount_claimed=Decimal("1000.00"),
                                    lost_item=closed.items.get())],
        evidence=[claims.EvidenceData(upload=jpeg("receipt.jpg"))],
    )
    settled = _close(_file(site=site, area=area, category=category, by=front_desk, name=f"Coat {marker}",
                           customer=f"Settled {marker}"), front_desk)
    agreed = claims.claim_file(
        incident=settled, by=front_desk, claimant_name=f"Agreed {marker}", statement=f"Statement {marker}",
        items=[claims.ClaimItemData(description=f"Bag {marker}", head="direct", amount_claimed=Decimal("500.00"),
                                    lost_item=settled.items.get())],
        evidence=[claims.EvidenceData(upload=jpeg("receipt2.jpg"))],
    )
    Agreement.objects.create(claim=agreed, amount=Decimal("400.00"), method=PaymentMethod.choices[0][0],
                             prepared_by=manager)

    message = Message.objects.filter(site=site).order_by("pk").first()
    Message.objects.filter(pk=message.pk).update(state=MessageState.FAILED, last_error=f"gateway {marker}")

    return SiteWorld(
        site=site, marker=marker, incident=incident, closed_incident=closed, lost_item=lost_item,
        item_photo=lost_item.photos.get(), corrective_action=action, evidence=evidence, police_report=police,
        entry_photo=EntryPhoto.objects.filter(evidence=evidence).get(), notice=notice, found_item=found,
        found_photo=found.photos.get(), location=shelf, release=release, mailing=mailing, disposal=disposal,
        claim=claim, claim_evidence=claim.evidence.get(), agreed_claim=agreed, message=message,
        # Every name above carries the marker; references and the site's name do not.
        texts=[marker, site.name, incident.reference, closed.reference, found.reference, claim.reference],
    )


# Fixtures (imported by the matrix tests; tests/security has no conftest of its own) --------------------------

PERSONAS = ("anonymous", "front_desk", "security_officer", "custodian", "manager", "legal", "finance",
            "administrator")
# Roles tied to their own sites: the ones that must never reach another site's records. Legal and finance
# work for the whole company (all_sites) and are not "staff of another site".
SITE_BOUND = ("front_desk", "security_officer", "custodian", "manager", "administrator")


@dataclass
class World:
    a: SiteWorld
    b: SiteWorld


@pytest.fixture
def personas(front_desk, security_officer, custodian, manager, legal, finance, administrator) -> dict:
    return {"front_desk": front_desk, "security_officer": security_officer, "custodian": custodian,
            "manager": manager, "legal": legal, "finance": finance, "administrator": administrator}


@pytest.fixture
def world(settings, tmp_path, policy_defaults, site, other_site, personas, outsider, django_user_model) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PUBLIC_RATE_LIMITS = {"read": (10_000, 60), "write": (10_000, 60)}
    a = build_site(site=site, marker="SITEA", front_desk=personas["front_desk"],
                   officer=personas["security_officer"], custodian=personas["custodian"], manager=personas["manager"])
    b_staff = {
        "officer": make_staff(django_user_model, "bo", role=Role.SECURITY_OFFICER, sites=[other_site],
                              kind=DepartmentKind.SECURITY),
        "custodian": make_staff(django_user_model, "bella", role=Role.CUSTODIAN, sites=[other_site],
                                kind=DepartmentKind.SECURITY),
        "manager": make_staff(django_user_model, "bill", role=Role.MANAGER, sites=[other_site],
                              kind=DepartmentKind.MANAGEMENT, position=Position.DEPARTMENT_MANAGER),
    }
    b = build_site(site=other_site, marker="SITEB", front_desk=outsider, **b_staff)
    return World(a=a, b=b)
