"""Files of custody, served only to signed-in staff of the item's site (never a public media URL)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from custody.models import FoundItemPhoto
from custody.permissions import VIEW, get_disposal_for_user, get_item_for_user, get_mailing_for_user, get_release_for_user, require
from custody.views._helpers import serve_file


@require(VIEW)
def item_photo(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    photo = get_object_or_404(FoundItemPhoto, pk=pk)
    get_item_for_user(request.user, photo.item_id)
    return serve_file(photo.thumbnail if size == "thumb" else photo.image)


@require(VIEW)
def release_file(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    release = get_release_for_user(request.user, pk)
    if which == "signature":
        return serve_file(release.signature)
    if which == "letter":
        return serve_file(release.authorisation_letter)
    raise Http404


@require(VIEW)
def mailing_proof(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_file(get_mailing_for_user(request.user, pk).proof_of_delivery)


@require(VIEW)
def disposal_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_file(get_disposal_for_user(request.user, pk).receipt)
