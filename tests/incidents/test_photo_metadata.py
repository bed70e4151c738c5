"""Photos are stored upright and without EXIF (camera, time, GPS location)."""

import io

from PIL import Image

from incidents.photos import check_bytes

ORIENTATION, GPS_INFO, MAKE = 0x0112, 0x8825, 0x010F


def _photo_with_metadata(fmt: str) -> bytes:
    exif = Image.Exif()
    exif[MAKE] = "PhoneCam"
    exif[ORIENTATION] = 6  # the camera was turned: shown rotated 90° clockwise
    exif.get_ifd(GPS_INFO)[2] = (31.0, 14.0, 0.0)  # latitude
    out = io.BytesIO()
    Image.new("RGB", (80, 40), (10, 120, 200)).save(out, fmt, exif=exif.tobytes())
    return out.getvalue()


def test_a_jpeg_is_stored_upright_without_exif():
    original = _photo_with_metadata("JPEG")
    assert Image.open(io.BytesIO(original)).getexif()[MAKE] == "PhoneCam"
    photo = check_bytes(original, "camera.jpg")
    stored = Image.open(io.BytesIO(photo.content))
    assert dict(stored.getexif()) == {}
    assert stored.size == (40, 80) == (photo.width, photo.height)


def test_webp_and_png_lose_their_metadata_too():
    for fmt in ("WEBP", "PNG"):
        photo = check_bytes(_photo_with_metadata(fmt), f"camera.{fmt.lower()}")
        assert dict(Image.open(io.BytesIO(photo.content)).getexif()) == {}, fmt
