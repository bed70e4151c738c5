"""The label stuck on a found item's bag: its reference and a QR code that opens the item (CUS-1)."""

import segno
from django.conf import settings
from django.urls import reverse


def scan_url(item) -> str:
    """The absolute address the QR code holds: scanning it opens the item page (after sign-in)."""
    return settings.SITE_URL + reverse("custody:scan", args=[item.reference])


def qr_svg(text: str, *, scale: int = 4) -> str:
    """An inline SVG of a QR code (medium error correction survives a scuffed bag)."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=scale, border=2, title=text)
