"""Writes of the privacy app: reveal a contact in full (logged), record a consent."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from privacy.consent import CONSENT_VERSIONS
from privacy.models import ConsentRecord, ContactReveal
from privacy.revealable import REVEAL, REVEALABLE


@transaction.atomic
def contact_reveal(*, user, kind: str, pk: int, field: str, page: str = "") -> str:
    """The full value of one masked field, written to the reveal log first (SEC-1).

    Records outside the user's sites are 404 like everywhere else; a user without the permission gets 403.
    """
    revealable = REVEALABLE.get(kind)
    if revealable is None or field not in revealable.fields:
        raise Http404
    if not user.has_perm(REVEAL):
        raise PermissionDenied
    record = revealable.visible(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    customer = revealable.customer_of(record)
    ContactReveal.objects.create(
        by=user, record_kind=kind, record_id=record.pk, field=field, customer=customer, page=(page or "")[:300]
    )
    return getattr(record, field)


def consent_record(*, purpose: str, by=None, incident=None, customer=None, record=None) -> ConsentRecord:
    """Record a consent the customer gave, in the caller's transaction, with the current text's version."""
    label = f"{record._meta.label_lower}:{record.pk}" if record is not None else ""
    return ConsentRecord.objects.create(
        purpose=purpose, text_version=CONSENT_VERSIONS[purpose], incident=incident,
        customer=customer if customer is not None else getattr(incident, "customer", None), record=label,
        recorded_by=by,
    )
