"""Checks of the files a release, a mailing or a disposal keeps: signatures, letters, receipts (CUS-6..8)."""

import base64
import binascii
import io
import uuid

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from custody.errors import CustodyError

SIGNATURE_MAX_BYTES = 512 * 1024
SIGNATURE_MAX_SIDE = 3000
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
_DATA_URL_PREFIX = "data:image/png;base64,"


def signature_from_data_url(data_url: str) -> ContentFile:
    """A PNG drawn on the screen's canvas, posted as a data URL: decoded, checked to be a PNG of a sane size
    with something drawn on it, and returned as a file to store."""
    data_url = (data_url or "").strip()
    if not data_url.startswith(_DATA_URL_PREFIX):
        raise CustodyError(_("The signature is missing: ask the claimant to sign on the screen."), field="signature")
    encoded = data_url[len(_DATA_URL_PREFIX):]
    if len(encoded) > SIGNATURE_MAX_BYTES * 4 // 3 + 4:
        raise CustodyError(_("The signature image is too large."), field="signature")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise CustodyError(_("The signature could not be read; please sign again."), field="signature") from None
    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != "PNG":
                raise CustodyError(_("The signature could not be read; please sign again."), field="signature")
            width, height = image.size
            if not (10 <= width <= SIGNATURE_MAX_SIDE and 10 <= height <= SIGNATURE_MAX_SIDE):
                raise CustodyError(_("The signature could not be read; please sign again."), field="signature")
            image.load()
            drawn = image.convert("RGBA")
    except CustodyError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise CustodyError(_("The signature could not be read; please sign again."), field="signature") from None
    # Ink: pixels that are neither transparent nor (near) white.
    alpha = drawn.getchannel("A")
    ink = Image.eval(drawn.convert("L"), lambda value: 255 if value < 200 else 0)
    ink = Image.composite(ink, Image.new("L", drawn.size, 0), alpha.point(lambda value: 255 if value > 32 else 0))
    if ink.getbbox() is None:
        raise CustodyError(_("The signature is empty: ask the claimant to sign on the screen."), field="signature")
    return ContentFile(content, name=f"signature-{uuid.uuid4().hex}.png")


def document_file(upload, *, field: str) -> ContentFile:
    """A photo (JPEG, PNG, WebP) or a PDF scan of a paper document, checked by its content."""
    if upload is None:
        raise CustodyError(_("Attach the document."), field=field)
    size = getattr(upload, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise CustodyError(_("The file is larger than %(mb)d MB.") % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)}, field=field)
    upload.seek(0)
    content = upload.read(DOCUMENT_MAX_BYTES + 1)
    if len(content) > DOCUMENT_MAX_BYTES:
        raise CustodyError(_("The file is larger than %(mb)d MB.") % {"mb": DOCUMENT_MAX_BYTES // (1024 * 1024)}, field=field)
    from incidents.errors import IncidentError
    from incidents.photos import check_bytes, looks_like_pdf

    if looks_like_pdf(content):
        return ContentFile(content, name=f"{uuid.uuid4().hex}.pdf")
    try:
        photo = check_bytes(content, getattr(upload, "name", "") or "scan")
    except IncidentError:
        raise CustodyError(_("Attach a photo (JPEG, PNG, WebP) or a PDF scan."), field=field) from None
    # The re-encoded pixels, not the upload: no EXIF location, nothing appended after the image.
    return ContentFile(photo.content, name=f"{uuid.uuid4().hex}.{photo.extension}")


def content_type_of(name: str) -> str:
    lower = (name or "").lower()
    for suffix, content_type in ((".pdf", "application/pdf"), (".png", "image/png"), (".jpg", "image/jpeg"),
                                 (".jpeg", "image/jpeg"), (".webp", "image/webp")):
        if lower.endswith(suffix):
            return content_type
    return "application/octet-stream"
