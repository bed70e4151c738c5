"""Helpers for incident tests: categories of our own and a one-call report."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from incidents.models import Kind, Severity
from incidents.services import incident_file
from policy.models import ItemCategory


@pytest.fixture
def category(db) -> ItemCategory:
    return ItemCategory.objects.get_or_create(
        code="t-wallet", defaults={"name_zh_hans": "钱包", "name_en": "Wallet", "retention_days": 90}
    )[0]


@pytest.fixture
def phone_category(db) -> ItemCategory:
    return ItemCategory.objects.get_or_create(
        code="t-phone", defaults={"name_zh_hans": "手机", "name_en": "Mobile phone", "retention_days": 90, "valuable": True}
    )[0]


def jpeg_bytes(size=(64, 48), colour=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG")
    return out.getvalue()


def photo_upload(name="wallet.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def file_report(*, site, area, category, by, kind=Kind.LOSS, severity=Severity.GENERAL, online=False,
                customer_data=None, items=None, is_drill=False, theft_by="", **extra):
    now = timezone.now()
    return incident_file(
        site=site, area=area, channel="on_site", kind=kind, theft_by=theft_by, severity=severity,
        customer_data=customer_data or {
            "name": "王小明", "phone": "+86 138 0013 8000", "email": "wang@example.com",
            "preferred_language": "zh-hans", "preferred_channel": "sms",
        },
        items=items or [{"category": category, "name": "黑色钱包 black wallet", "brand_model": "Coach",
                         "colour": "黑色", "quantity": 1, "estimated_value": Decimal("800")}],
        lost_from=now - datetime.timedelta(hours=2), lost_until=now - datetime.timedelta(hours=1),
        description="在大堂沙发附近遗失", filed_by=by, online=online, is_drill=is_drill, **extra,
    )


@pytest.fixture
def report(site, area, category, front_desk):
    return lambda **kwargs: file_report(
        site=kwargs.pop("site", site), area=kwargs.pop("area", area), category=kwargs.pop("category", category),
        by=kwargs.pop("by", front_desk), **kwargs,
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # The personas are created with passwords; the default hasher makes every test slow for nothing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
