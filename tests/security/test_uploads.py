"""Uploads (issue #9.5): type judged by content, size and pixel limits, photos re-encoded without EXIF (location),
files served only to staff of the record's site and never from a public media URL, customers upload only
through their token."""

import datetime
import io
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from PIL import Image

import policy
from compensation import files as claim_files
from compensation.errors import ClaimError
from compensation.models import Evidence
from custody import files as custody_files
from custody.errors import CustodyError
from custody.models import FoundItemPhoto, LocationKind, StorageLocation
from custody.services import found_item_photo_add, found_item_register
from incidents import photos
from incidents.errors import IncidentError
from incidents.models import Incident, ItemPhoto
from investigations.models import EntryPhoto
from policy.models import ItemCategory
from tests.compensation.conftest import close, file_claim
from tests.custody.conftest import found_data
from tests.incidents.conftest import file_report
from tests.investigations.conftest import valid_data

GPS_INFO, MAKE = 0x8825, 0x010F
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><rect/></svg>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def jpeg_with_gps(size=(64, 48)) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (31.0, 14.0, 5.0), 3: "E", 4: (121.0, 28.0, 9.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def has_gps(content: bytes) -> bool:
    with Image.open(io.BytesIO(content)) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(GPS_INFO)) or MAKE in exif


def png_bomb(width=30_000, height=30_000) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb by pixel count)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def upload(content: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _photo(content, name):
    return photos.check_photo(upload(content, name))


def _document(content, name):
    return custody_files.document_file(upload(content, name), field="letter")


def _evidence(content, name):
    return claim_files.check_evidence(upload(content, name))


PHOTO_CHECKS = [(_photo, IncidentError), (_document, CustodyError), (_evidence, ClaimError)]
CHECK_IDS = ["photo", "custody-document", "claim-evidence"]


@pytest.fixture(autouse=True)
def _media_and_fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PUBLIC_RATE_LIMITS = {"read": (10**6, 60), "write": (10**6, 60)}


@pytest.fixture
def wallet(policy_defaults) -> ItemCategory:
    return ItemCategory.objects.get(code="wallet-purse")


@pytest.fixture
def incident(site, area, wallet, front_desk) -> Incident:
    return file_report(site=site, area=area, category=wallet, by=front_desk)


# --- type by content, never by name -----------------------------------------------------------------------------


@pytest.mark.parametrize("check, error", PHOTO_CHECKS, ids=CHECK_IDS)
@pytest.mark.parametrize("content", [HTML, SVG, EXE, b"GIF89a" + HTML, b""], ids=["html", "svg", "exe", "gif", "empty"])
def test_a_file_named_jpg_that_is_not_a_photo_is_refused(check, error, content):
    with pytest.raises(error):
        check(content, "holiday.jpg")


def test_a_pdf_named_jpg_is_not_a_photo():
    with pytest.raises(IncidentError):
        _photo(PDF, "holiday.jpg")


@pytest.mark.parametrize("check, error", PHOTO_CHECKS[1:], ids=CHECK_IDS[1:])
def test_html_behind_a_pdf_header_is_refused(check, error):
    """Documents may be PDF scans; a file that merely starts like one and carries a page is not a PDF."""
    with pytest.raises(error):
        check(b"%PDF-1.4\n" + HTML, "scan.pdf")


@pytest.mark.parametrize("check, error", PHOTO_CHECKS, ids=CHECK_IDS)
def test_a_polyglot_photo_is_stored_as_pixels_only(check, error):
    """A real JPEG with a page appended after its end: accepted as a photo, but what is kept is re-encoded,
    so the script never reaches the disk."""
    result = check(jpeg_with_gps() + HTML, "polyglot.jpg")
    content = result.content if hasattr(result, "content") else result.read()
    assert b"<script>" not in content
    assert Image.open(io.BytesIO(content)).format == "JPEG"


def test_files_are_served_as_their_checked_type_and_never_sniffed(client, site, other_site, front_desk, outsider,
                                                                    incident):
    from incidents.public_services import incident_add_customer_information

    incident_add_customer_information(incident=incident, text="", photo=upload(jpeg_with_gps(), "x.html"))
    photo = ItemPhoto.objects.get(item__incident=incident)
    client.force_login(front_desk)
    response = client.get(reverse("incidents:photo", args=[photo.pk, "full"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert not photo.image.name.endswith(".html")


# --- size and pixel limits ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("check, error", PHOTO_CHECKS, ids=CHECK_IDS)
def test_a_decompression_bomb_is_refused_by_its_pixel_count(check, error):
    bomb = png_bomb()
    assert len(bomb) < 1000
    with pytest.raises(error):
        check(bomb, "bomb.png")


def test_the_pixel_limit_comes_from_the_settings(settings):
    side = 100
    settings.INCIDENT_PHOTO_MAX_PIXELS = side * side - 1
    with pytest.raises(IncidentError, match="too many pixels"):
        _photo(_jpeg((side, side)), "big.jpg")
    settings.INCIDENT_PHOTO_MAX_PIXELS = side * side
    assert _photo(_jpeg((side, side)), "big.jpg").width == side


def test_the_photo_size_limit_comes_from_the_settings(settings):
    content = jpeg_with_gps()
    settings.INCIDENT_PHOTO_MAX_BYTES = len(content) - 1
    with pytest.raises(IncidentError, match="larger than"):
        _photo(content, "big.jpg")
    settings.INCIDENT_PHOTO_MAX_BYTES = len(content)
    assert _photo(content, "big.jpg")


def test_documents_and_evidence_have_a_size_limit(monkeypatch):
    content = jpeg_with_gps()
    monkeypatch.setattr(custody_files, "DOCUMENT_MAX_BYTES", len(content) - 1)
    monkeypatch.setattr(claim_files, "EVIDENCE_MAX_BYTES", len(content) - 1)
    with pytest.raises(CustodyError, match="larger than"):
        _document(content, "scan.jpg")
    with pytest.raises(ClaimError, match="larger than"):
        _evidence(content, "receipt.jpg")


def test_an_over_large_request_body_is_refused_before_any_view(client, front_desk, incident, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(front_desk)
    response = client.post(reverse("incidents:note", args=[incident.pk]), {"text": "x" * 20_000})
    assert response.status_code == 400


def _jpeg(size) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (1, 2, 3)).save(out, "JPEG")
    return out.getvalue()


# --- EXIF and GPS location gone after every upload path -----------------------------------------------------------


@pytest.mark.parametrize("check, error", PHOTO_CHECKS, ids=CHECK_IDS)
def test_every_photo_check_drops_the_gps_location(check, error):
    assert has_gps(jpeg_with_gps())
    result = check(jpeg_with_gps(), "camera.jpg")
    content = result.content if hasattr(result, "content") else result.read()
    assert not has_gps(content)


def test_a_customers_photo_is_stored_without_its_location(client, incident):
    response = client.post(reverse("public:add_information", args=[incident.status_token]),
                           {"text": "", "photo": upload(jpeg_with_gps())})
    assert response.status_code == 302
    photo = ItemPhoto.objects.get(item__incident=incident)
    assert not has_gps(photo.image.read())


def test_a_found_items_photo_is_stored_without_its_location(site, area, wallet, custodian):
    umbrella = ItemCategory.objects.get(code="umbrella")
    shelf = StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf")
    item = found_item_register(site=site, data=found_data(category=umbrella, location=shelf, area=area), by=custodian,
                               alert=False)
    found_item_photo_add(item=item, by=custodian, upload=upload(jpeg_with_gps()))
    assert not has_gps(FoundItemPhoto.objects.get(item=item).image.read())


def test_a_scene_photo_is_stored_without_its_location(client, security_officer, incident):
    client.force_login(security_officer)
    data = {**valid_data("scene_survey", officer=security_officer), "photos": [upload(jpeg_with_gps())]}
    response = client.post(reverse("investigations:add", args=[incident.pk, "scene_survey"]), data)
    assert response.status_code == 302
    assert not has_gps(EntryPhoto.objects.get(survey__incident=incident).image.read())


def test_claim_evidence_is_stored_without_its_location(policy_defaults, site, area, wallet, front_desk):
    from compensation.services import EvidenceData

    closed = close(file_report(site=site, area=area, category=wallet, by=front_desk), front_desk)
    claim = file_claim(closed, front_desk, now=timezone.now(),
                       evidence=[EvidenceData(upload=upload(jpeg_with_gps(), "receipt.jpg"))])
    assert not has_gps(Evidence.objects.get(claim=claim).file.read())


# --- served only to staff who may see them, never from a public media URL ----------------------------------------


@pytest.fixture
def stored_files(client, site, area, wallet, incident, front_desk, security_officer, custodian):
    """One stored file of each kind at SH01, as (URL of the checked view, path under MEDIA_ROOT)."""
    from incidents.public_services import incident_add_customer_information

    incident_add_customer_information(incident=incident, text="", photo=upload(jpeg_with_gps()))
    item_photo = ItemPhoto.objects.get(item__incident=incident)

    umbrella = ItemCategory.objects.get(code="umbrella")
    shelf = StorageLocation.objects.create(site=site, kind=LocationKind.SHELF, name="Shelf")
    found = found_item_register(site=site, data=found_data(category=umbrella, location=shelf, area=area), by=custodian,
                                alert=False)
    found_photo = found_item_photo_add(item=found, by=custodian, upload=upload(jpeg_with_gps()))

    client.force_login(security_officer)
    client.post(reverse("investigations:add", args=[incident.pk, "scene_survey"]),
                {**valid_data("scene_survey", officer=security_officer), "photos": [upload(jpeg_with_gps())]})
    client.logout()
    scene_photo = EntryPhoto.objects.get(survey__incident=incident)

    closed = close(file_report(site=site, area=area, category=wallet, by=front_desk), front_desk)
    evidence = Evidence.objects.get(claim=file_claim(closed, front_desk, now=timezone.now()))
    return [
        (reverse("incidents:photo", args=[item_photo.pk, "full"]), item_photo.image.name),
        (reverse("incidents:photo", args=[item_photo.pk, "thumb"]), item_photo.thumbnail.name),
        (reverse("custody:photo", args=[found_photo.pk, "full"]), found_photo.image.name),
        (reverse("investigations:photo", args=[scene_photo.pk, "full"]), scene_photo.image.name),
        (reverse("compensation:evidence_file", args=[evidence.pk]), evidence.file.name),
    ]


def test_stored_files_need_a_sign_in(client, stored_files):
    for url, _path in stored_files:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_staff_of_another_site_never_get_a_file(client, stored_files, outsider):
    client.force_login(outsider)
    for url, _path in stored_files:
        assert client.get(url).status_code in (403, 404), url


def test_staff_of_the_site_get_the_file_privately(client, stored_files, front_desk):
    client.force_login(front_desk)
    for url, _path in stored_files:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url


def test_no_url_serves_the_media_directory(client, stored_files, front_desk, settings):
    settings.DEBUG = False
    client.force_login(front_desk)
    for _url, path in stored_files:
        public = f"/{settings.MEDIA_URL.strip('/')}/{path}"
        with pytest.raises(Resolver404):
            resolve(public)
        assert client.get(public).status_code == 404, public


# --- customers upload only through their token --------------------------------------------------------------------


def _files_under(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize("token", ["", "x" * 43, "not-a-token", "A" * 65, "../../admin"])
def test_the_status_page_takes_no_upload_without_a_valid_token(client, incident, settings, token):
    from pathlib import Path

    url = f"/s/{token}/information/" if token else "/s//information/"
    response = client.post(url, {"text": "hello", "photo": upload(jpeg_with_gps())})
    assert response.status_code == 404
    assert not ItemPhoto.objects.exists()
    assert _files_under(Path(settings.MEDIA_ROOT)) == []


def test_an_expired_link_takes_no_upload(client, policy_defaults, site, area, wallet, front_desk, settings):
    from pathlib import Path

    closed = close(file_report(site=site, area=area, category=wallet, by=front_desk), front_desk)
    days = policy.for_site(site).status_link_days
    Incident.objects.filter(pk=closed.pk).update(closed_at=timezone.now() - datetime.timedelta(days=days, minutes=1))
    response = client.post(reverse("public:add_information", args=[closed.status_token]),
                           {"text": "hello", "photo": upload(jpeg_with_gps())})
    assert response.status_code == 404
    assert not ItemPhoto.objects.exists()
    assert _files_under(Path(settings.MEDIA_ROOT)) == []


def test_another_incidents_item_cannot_receive_a_customers_photo(client, incident, site, area, wallet, front_desk):
    other = file_report(site=site, area=area, category=wallet, by=front_desk,
                        items=[{"category": wallet, "name": "A", "quantity": 1, "estimated_value": Decimal("1")},
                               {"category": wallet, "name": "B", "quantity": 1, "estimated_value": Decimal("1")}])
    two_items = file_report(site=site, area=area, category=wallet, by=front_desk,
                            items=[{"category": wallet, "name": "C", "quantity": 1, "estimated_value": Decimal("1")},
                                   {"category": wallet, "name": "D", "quantity": 1, "estimated_value": Decimal("1")}])
    response = client.post(reverse("public:add_information", args=[two_items.status_token]),
                           {"text": "", "photo": upload(jpeg_with_gps()), "item": other.items.first().pk})
    assert response.status_code == 400
    assert not ItemPhoto.objects.exists()


def test_staff_staging_of_photos_needs_a_sign_in(client):
    response = client.get(reverse("incidents:staged_photo") + "?t=anything")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
