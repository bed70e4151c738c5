"""Privacy tests reuse the custody and compensation helpers: a matched found item, a closed incident, a claim."""

import pytest

from compensation import services as compensation
from tests.compensation.conftest import assess, bag_category, claim, closed_incident, close  # noqa: F401
from tests.custody.conftest import (  # noqa: F401
    categories, jpeg_upload, media_in_tmp, register, report, signature_data_url, storage,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def approved(claim, legal, manager):
    assess(claim, legal, price="1000")
    compensation.claim_approve(claim=claim, by=manager)
    claim.refresh_from_db()
    return claim


@pytest.fixture
def matched(register, report, front_desk):
    """A found wallet confirmed as the one of a report."""
    from custody.services import match_confirm

    incident = report()
    item = register(category="wallet-purse")
    match_confirm(found_item=item, lost_item=incident.items.get(), by=front_desk)
    incident.refresh_from_db()
    return item, incident
