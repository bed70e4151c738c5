"""Helpers for compensation tests: a closed incident, approvers of every position, a filed claim in one call."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from compensation import services
from incidents.services import (
    incident_close, incident_dispatch, incident_mark_not_found, incident_start_search,
)
from organization.models import DepartmentKind, Position
from organization.roles import Role
from policy.models import ItemCategory
from tests.conftest import make_staff
from tests.incidents.conftest import file_report


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(out, "JPEG")
    return out.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def receipt_upload(name="receipt.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def pdf_upload(name="invoice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media_and_fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def phone_category(db) -> ItemCategory:
    """A valuable, 30 % a year down to 10 %, no bands (like the seeded "mobile-phone")."""
    return ItemCategory.objects.get_or_create(
        code="t-phone", defaults={
            "name_zh_hans": "手机", "name_en": "Mobile phone", "retention_days": 90, "valuable": True,
            "depreciation_percent_per_year": Decimal("30"), "depreciation_floor_percent": Decimal("10"),
        },
    )[0]


@pytest.fixture
def bag_category(db) -> ItemCategory:
    return ItemCategory.objects.get_or_create(
        code="t-bag", defaults={
            "name_zh_hans": "包", "name_en": "Bag", "retention_days": 90, "valuable": False,
            "depreciation_percent_per_year": Decimal("20"), "depreciation_floor_percent": Decimal("20"),
        },
    )[0]


def close(incident, by):
    incident_dispatch(incident=incident, by=by)
    incident_start_search(incident=incident, by=by)
    incident_mark_not_found(incident=incident, by=by, note="not found; customer told")
    return incident_close(incident=incident, by=by)


@pytest.fixture
def closed_incident(policy_defaults, site, area, bag_category, front_desk):
    incident = file_report(site=site, area=area, category=bag_category, by=front_desk)
    return close(incident, front_desk)


@pytest.fixture
def site_gm(django_user_model, site):
    return make_staff(django_user_model, "george", role=Role.MANAGER, sites=[site], kind=DepartmentKind.MANAGEMENT,
                      position=Position.SITE_GENERAL_MANAGER)


@pytest.fixture
def company_gm(django_user_model, site):
    return make_staff(django_user_model, "celia", role=Role.MANAGER, sites=[], kind=DepartmentKind.MANAGEMENT,
                      position=Position.COMPANY_GENERAL_MANAGER, all_sites=True)


@pytest.fixture
def second_manager(django_user_model, site):
    return make_staff(django_user_model, "mark", role=Role.MANAGER, sites=[site], kind=DepartmentKind.MANAGEMENT,
                      position=Position.DEPARTMENT_MANAGER)


def file_claim(incident, by, *, items=None, now=None, late_override_reason="", evidence=None):
    return services.claim_file(
        incident=incident, by=by, claimant_name=incident.customer.name, statement="我的包在大堂丢失，酒店保安不在岗。",
        items=items or [services.ClaimItemData(description="Leather bag", head="direct",
                                               amount_claimed=Decimal("1000.00"),
                                               lost_item=incident.items.first())],
        evidence=evidence if evidence is not None else [services.EvidenceData(upload=receipt_upload())],
        late_override_reason=late_override_reason, now=now,
    )


def assess(claim, by, *, price="1000.00", bought=None, liability="company_fault", share=None, **extra):
    item = claim.items.get()
    bought = bought or (services.loss_date(claim.incident) - datetime.timedelta(days=10))
    return services.claim_assess(
        claim=claim, by=by, liability=liability, grounds="Staff left the luggage room open.",
        share_percent=share,
        valuations=[services.ValuationData(item_id=item.pk, category=item.category, purchase_price=Decimal(price),
                                           purchase_date=bought, proof_of_value="receipt")],
        **extra,
    )


@pytest.fixture
def claim(closed_incident, front_desk):
    return file_claim(closed_incident, front_desk, now=timezone.now())
