"""Photos of lost items: checked by content, thumbnailed, and kept across a form that failed validation.

A photo is accepted when Pillow recognises it as JPEG, PNG or WebP (never by file name or the browser's
content type) and it is at most INCIDENT_PHOTO_MAX_BYTES and INCIDENT_PHOTO_MAX_PIXELS (settings, defaults
below). It is then re-encoded upright and without its metadata, so no EXIF (camera, time, GPS location) is ever stored. When the rest of a form has errors, the
checked photo is parked under MEDIA_ROOT/incidents/staging/ and the form carries a signed token instead,
so nothing typed is lost and no database row is written.
"""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from incidents.errors import IncidentError

PHOTO_MAX_BYTES: int = 10 * 1024 * 1024  # default of settings.INCIDENT_PHOTO_MAX_BYTES
PHOTO_MAX_PIXELS: int = 40_000_000  # default of settings.INCIDENT_PHOTO_MAX_PIXELS
THUMBNAIL_SIZE = (320, 320)
_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
_STAGING_SALT = "incidents.photo.staging"
_STAGING_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class CheckedPhoto:
    content: bytes
    content_type: str
    extension: str
    width: int
    height: int
    original_name: str


def max_bytes() -> int:
    return getattr(settings, "INCIDENT_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "INCIDENT_PHOTO_MAX_PIXELS", PHOTO_MAX_PIXELS)


def _too_large(limit: int) -> IncidentError:
    return IncidentError(_("The photo is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)})


def check_photo(upload) -> CheckedPhoto:
    """Check an uploaded file; raise IncidentError with the reason when it is not an acceptable photo."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(limit)
    return check_bytes(content, getattr(upload, "name", "") or "photo")


def check_bytes(content: bytes, name: str) -> CheckedPhoto:
    try:
        with Image.open(io.BytesIO(content)) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in _FORMATS:
                raise IncidentError(_("Only JPEG, PNG or WebP photos are accepted."))
            if width * height > max_pixels():
                raise IncidentError(
                    _("The photo has too many pixels (at most %(mp)d megapixels).") % {"mp": max_pixels() // 1_000_000}
                )
            image.verify()
        content, width, height = _without_metadata(content, image_format)
    except IncidentError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise IncidentError(_("This file is not a photo we can read (JPEG, PNG or WebP).")) from None
    content_type, extension = _FORMATS[image_format]
    return CheckedPhoto(content, content_type, extension, width, height, name[:100])


def _without_metadata(content: bytes, image_format: str) -> tuple[bytes, int, int]:
    """The photo turned upright and saved again with pixels only: EXIF, XMP and comments are dropped."""
    with Image.open(io.BytesIO(content)) as image:
        upright = ImageOps.exif_transpose(image)
        if image_format == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        upright.save(out, image_format, **options)
        return out.getvalue(), upright.width, upright.height


def looks_like_pdf(content: bytes) -> bool:
    """A PDF by its content: the `%PDF-` header and an `%%EOF` trailer near the end (a page or script that only
    starts with the header is not one)."""
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


def thumbnail_of(photo: CheckedPhoto) -> bytes:
    with Image.open(io.BytesIO(photo.content)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
    return out.getvalue()


def as_files(photo: CheckedPhoto) -> tuple[ContentFile, ContentFile]:
    stem = uuid.uuid4().hex
    return (
        ContentFile(photo.content, name=f"{stem}.{photo.extension}"),
        ContentFile(thumbnail_of(photo), name=f"{stem}.jpg"),
    )


def stage(photo: CheckedPhoto, *, user_id: int | None) -> str:
    """Park a checked photo while the form is corrected; returns the signed token the form carries."""
    path = default_storage.save(f"incidents/staging/{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.content))
    return signing.dumps({"p": path, "u": user_id, "n": photo.original_name}, salt=_STAGING_SALT, compress=True)


def unstage(token: str, *, user_id: int | None) -> CheckedPhoto:
    """The parked photo of a token made for this user; checked again, since files under MEDIA_ROOT can change."""
    try:
        data = signing.loads(token, salt=_STAGING_SALT, max_age=_STAGING_MAX_AGE)
    except signing.BadSignature:
        raise IncidentError(_("A photo kept from the previous attempt has expired; please add it again.")) from None
    if data.get("u") != user_id or not str(data.get("p", "")).startswith("incidents/staging/"):
        raise IncidentError(_("A photo kept from the previous attempt has expired; please add it again."))
    try:
        with default_storage.open(data["p"], "rb") as handle:
            content = handle.read()
    except OSError:
        raise IncidentError(_("A photo kept from the previous attempt has expired; please add it again.")) from None
    return check_bytes(content, data.get("n") or "photo")


def staged_thumbnail(token: str, *, user_id: int | None) -> bytes | None:
    try:
        return thumbnail_of(unstage(token, user_id=user_id))
    except IncidentError:
        return None


def discard(token: str) -> None:
    try:
        data = signing.loads(token, salt=_STAGING_SALT, max_age=_STAGING_MAX_AGE)
    except signing.BadSignature:
        return
    path = str(data.get("p", ""))
    if path.startswith("incidents/staging/"):
        default_storage.delete(path)
