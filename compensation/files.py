"""Evidence files of a claim (receipts, photos, PDFs, the signed agreement), checked by their content.

Photos go through `incidents.photos` (Pillow recognises JPEG, PNG or WebP, size and pixel limits); a PDF is
recognised by its magic bytes `%PDF-` at the start and its `%%EOF` trailer at the end, never by the file name or
the browser's content type. Photos are kept re-encoded (no EXIF location).
"""

import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from compensation.errors import ClaimError
from incidents.errors import IncidentError
from incidents.photos import check_bytes, looks_like_pdf

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    original_name: str

    def as_file(self) -> ContentFile:
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}.{self.extension}")


def _too_large() -> ClaimError:
    return ClaimError(_("The file is larger than %(mb)d MB.") % {"mb": EVIDENCE_MAX_BYTES // (1024 * 1024)},
                      field="files")


def check_evidence(upload) -> CheckedFile:
    """A photo (JPEG, PNG, WebP) or a PDF, at most EVIDENCE_MAX_BYTES; ClaimError with the reason otherwise."""
    if isinstance(upload, CheckedFile):
        return upload
    size = getattr(upload, "size", None)
    if size is not None and size > EVIDENCE_MAX_BYTES:
        raise _too_large()
    upload.seek(0)
    content = upload.read(EVIDENCE_MAX_BYTES + 1)
    if len(content) > EVIDENCE_MAX_BYTES:
        raise _too_large()
    name = (getattr(upload, "name", "") or "evidence")[:120]
    if looks_like_pdf(content):
        return CheckedFile(content, "application/pdf", "pdf", name)
    try:
        photo = check_bytes(content, name)
    except IncidentError:
        raise ClaimError(_("“%(name)s” is neither a photo (JPEG, PNG, WebP) nor a PDF.") % {"name": name},
                         field="files") from None
    # The re-encoded pixels, not the upload: no EXIF location, nothing appended after the image.
    return CheckedFile(photo.content, photo.content_type, photo.extension, name)
