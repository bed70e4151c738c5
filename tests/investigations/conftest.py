"""An incident to investigate, photos, and valid form data for every entry type."""

import datetime
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from incidents.models import Kind, Severity
from incidents.services import incident_file
from policy.models import ItemCategory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def category(db) -> ItemCategory:
    return ItemCategory.objects.get_or_create(
        code="t-wallet", defaults={"name_zh_hans": "钱包", "name_en": "Wallet", "retention_days": 90}
    )[0]


def file_theft(*, site, area, category, by, is_drill=False):
    now = timezone.now()
    return incident_file(
        site=site, area=area, channel="on_site", kind=Kind.THEFT, theft_by="stranger", severity=Severity.MAJOR,
        customer_data={"name": "王小明", "phone": "+86 138 0013 8000", "email": "wang@example.com",
                       "preferred_language": "zh-hans", "preferred_channel": "sms"},
        items=[{"category": category, "name": "黑色钱包 black wallet", "brand_model": "Coach", "colour": "黑色",
                "quantity": 1, "estimated_value": Decimal("800")}],
        lost_from=now - datetime.timedelta(hours=3), lost_until=now - datetime.timedelta(hours=2),
        description="在大堂沙发附近失窃", filed_by=by, is_drill=is_drill,
    )


@pytest.fixture
def incident(site, area, category, front_desk):
    return file_theft(site=site, area=area, category=category, by=front_desk)


def local(delta_hours: float = 0) -> str:
    """A datetime-local form value, `delta_hours` from now, in the site's zone."""
    at = timezone.now().astimezone(SHANGHAI) + datetime.timedelta(hours=delta_hours)
    return at.strftime("%Y-%m-%dT%H:%M")


def jpeg_bytes(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def photo_upload(name="scene.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(), content_type="image/jpeg")


def valid_data(kind: str, *, officer, others=()) -> dict:
    """POST data of a valid entry of `kind` written by `officer`."""
    if kind == "record_review":
        return {"source": "cctv", "device": "Lobby camera 3", "viewed_from": local(-3), "viewed_until": local(-2),
                "finding_time": local(-2.5), "finding_place": "Lobby sofa", "finding_persons": "A man in a grey coat",
                "finding_events": "He picks up a black wallet at 14:05", "reviewer": officer.pk,
                "claimant_absent": "on", "clip_reference": "CLIP-0042"}
    if kind == "scene_survey":
        data = {"surveyed_at": local(-1), "place": "Lobby sofa area", "personnel": "Sam, duty manager",
                "clues": "Torn receipt under the sofa"}
        for point in ("door_locks", "windows", "desks", "drawer_locks", "corners", "lockers"):
            data[point] = "nothing"
            data[f"{point}_note"] = ""
        data["lockers"] = "signs"
        data["lockers_note"] = "Locker 12 scratched"
        return data
    if kind == "interview":
        return {"held_at": local(-1), "place": "Security office", "interviewer": officer.pk,
                "guests": "Guest in room 1203", "content": "Saw a man near the sofa at about 14:00.",
                "lawful_process_confirmed": "on"}
    if kind == "statement":
        return {"taken_at": local(-1), "place": "Front desk", "account": "I left my wallet on the sofa for 5 minutes.",
                "id_checked": "on", "id_type": "passport", "customs_declaration": "declared",
                "lawful_process_confirmed": "on"}
    if kind == "evidence":
        return {"label": "E-1", "description": "Torn receipt", "collected_at": local(-1), "found_place": "Under sofa",
                "container": "BAG-0007", "storage_location": "Security office safe", "untouched": "on"}
    if kind == "police_report":
        return {"reported_at": local(-1), "reported_by": "customer", "station": "Jing'an police station",
                "officer_name": "Officer Zhang", "officer_badge": "031245", "case_number": "JA-2026-1122-7"}
    if kind == "report":
        return {"facts": "The wallet was taken from the sofa.", "process": "CCTV reviewed, staff interviewed.",
                "responsibility": "No staff fault found.", "proposal": "Add a camera covering the sofa."}
    raise KeyError(kind)


@pytest.fixture(autouse=True)
def english(client):
    """Pages and messages in English, so tests can read them."""
    from django.utils import translation

    client.cookies["django_language"] = "en"
    with translation.override("en"):
        yield
