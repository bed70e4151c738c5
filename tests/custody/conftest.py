"""Helpers for custody tests: the installed categories, a site's storage, a found item and a report in one call."""

import base64
import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from custody.models import LocationKind, StorageLocation
from custody.services import FoundItemData, found_item_register
from incidents.services import incident_file
from policy.models import ItemCategory


@pytest.fixture
def categories(db, policy_defaults) -> dict[str, ItemCategory]:
    return {category.code: category for category in ItemCategory.objects.all()}


@pytest.fixture
def storage(site) -> dict[str, StorageLocation]:
    room = StorageLocation.objects.create(site=site, kind=LocationKind.ROOM, name="Lost-property room")
    cabinet = StorageLocation.objects.create(site=site, kind=LocationKind.CABINET, name="Cabinet A", parent=room)
    return {
        "room": room,
        "cabinet": cabinet,
        "shelf": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 1", parent=cabinet),
        "shelf2": StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf 2", parent=cabinet),
        "safe": StorageLocation.objects.create(site=site, kind=LocationKind.SAFE, name="Safe 1", parent=room),
        "cash_box": StorageLocation.objects.create(site=site, kind=LocationKind.CASH_BOX, name="Cash box", parent=room),
    }


def found_data(*, category, location, **overrides) -> FoundItemData:
    values = dict(
        category=category, name="黑色钱包 black wallet", brand_model="Coach", colour="黑色",
        features="内有会员卡，拉链有磨损", hidden_details="卡包里有一张写着“李”的名片",
        found_at=timezone.now() - datetime.timedelta(minutes=30), location=location, place_detail="大堂沙发",
        seal_number="S-0001" if category.valuable else "",
    )
    values.update(overrides)
    return FoundItemData(**values)


@pytest.fixture
def register(site, area, custodian, categories, storage):
    """register(category="wallet-purse", location="safe", by=custodian, **fields) → FoundItem"""

    def make(category="wallet-purse", location=None, by=None, alert=True, photos=(), **overrides):
        category = categories[category] if isinstance(category, str) else category
        if location is None:
            location = "cash_box" if category.is_cash else ("safe" if category.valuable else "shelf")
        location = storage[location] if isinstance(location, str) else location
        overrides.setdefault("area", area)
        if category.is_cash:
            overrides.setdefault("cash_amount", Decimal("500.00"))
        return found_item_register(
            site=site, data=found_data(category=category, location=location, **overrides), by=by or custodian,
            alert=alert, photos=photos,
        )

    return make


def file_report(*, site, area, category, by, items=None, lost_from=None, lost_until=None, customer_data=None):
    now = timezone.now()
    return incident_file(
        site=site, area=area, channel="on_site", kind="loss", theft_by="", severity="general",
        customer_data=customer_data or {
            "name": "王小明", "phone": "+86 138 0013 8000", "email": "wang@example.com",
            "preferred_language": "zh-hans", "preferred_channel": "sms",
        },
        items=items or [{"category": category, "name": "黑色钱包", "brand_model": "Coach", "colour": "黑色",
                         "features": "拉链有磨损，里面有会员卡", "quantity": 1, "estimated_value": Decimal("800")}],
        lost_from=lost_from or now - datetime.timedelta(hours=3), lost_until=lost_until or now - datetime.timedelta(hours=2),
        description="在大堂沙发附近遗失", filed_by=by,
    )


@pytest.fixture
def report(site, area, categories, front_desk):
    def make(category="wallet-purse", **kwargs):
        category = categories[category] if isinstance(category, str) else category
        return file_report(site=kwargs.pop("site", site), area=kwargs.pop("area", area), category=category,
                           by=kwargs.pop("by", front_desk), **kwargs)

    return make


def signature_data_url(blank: bool = False) -> str:
    image = Image.new("RGBA", (300, 120), (0, 0, 0, 0))
    if not blank:
        ImageDraw.Draw(image).line([(10, 100), (80, 20), (150, 90), (290, 30)], fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def jpeg_upload(name="letter.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), (240, 240, 230)).save(out, "JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english():
    """Refusals are asserted on their English text."""
    from django.utils import translation

    with translation.override("en"):
        yield
