"""Separate consents to sensitive personal data (PIPL arts. 29–30): the text shown and its version.

Change a text → change its version, so every record says which wording the customer agreed to.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import ConsentPurpose

CONSENT_VERSIONS = {
    ConsentPurpose.ONLINE_REPORT: "2026-11",
    ConsentPurpose.INTAKE_ID: "2026-11",
    ConsentPurpose.RELEASE_ID: "2026-11",
    ConsentPurpose.PAYMENT_BANK: "2026-11",
}

CONSENT_TEXTS = {
    ConsentPurpose.INTAKE_ID: _(
        "The customer agrees, separately, that the type and masked number of their ID document are recorded to "
        "identify them when the item is returned. The full number is never stored."
    ),
    ConsentPurpose.RELEASE_ID: _(
        "The claimant (and, for a proxy, the owner through the authorisation letter) agrees, separately, that their "
        "ID documents, the authorisation letter and the signature are recorded as proof of the return and kept only "
        "as long as the rules allow."
    ),
    ConsentPurpose.PAYMENT_BANK: _(
        "The customer agrees, separately, that their bank account details are used only to pay this compensation "
        "and kept only as long as the rules allow."
    ),
}

CONSENT_MISSING = {
    ConsentPurpose.INTAKE_ID: _("Ask for the customer's consent to recording the ID document, or leave the ID empty."),
    ConsentPurpose.RELEASE_ID: _("Ask for the claimant's consent to recording the ID documents and signature."),
    ConsentPurpose.PAYMENT_BANK: _("Ask for the customer's consent to using their bank details."),
}


def consent_field(purpose: str, *, required: bool = True) -> forms.BooleanField:
    """The separate, unticked checkbox with the purpose written out."""
    return forms.BooleanField(
        label=CONSENT_TEXTS[purpose], required=required, error_messages={"required": CONSENT_MISSING[purpose]},
    )
