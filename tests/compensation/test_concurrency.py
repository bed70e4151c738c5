"""Two finance clerks paying the same claim at the same moment never pay more than the agreement (row lock)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from compensation import services
from compensation.errors import ClaimError
from compensation.models import Payment
from tests.compensation.conftest import assess, close, file_claim, pdf_upload
from tests.incidents.conftest import file_report


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; the race only exists on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_never_exceed_the_agreement(
    policy_defaults, site, area, bag_category, front_desk, legal, manager, finance,
):
    incident = close(file_report(site=site, area=area, category=bag_category, by=front_desk), front_desk)
    claim = file_claim(incident, front_desk)
    assess(claim, legal, price="1000")
    services.claim_approve(claim=claim, by=manager)
    services.agreement_prepare(claim=claim, by=front_desk, amount=Decimal("1000"), method="transfer", bank_consent=True)
    services.agreement_upload_signed(claim=claim, by=front_desk, upload=pdf_upload())

    workers = 6
    barrier = threading.Barrier(workers)
    refused: list[ClaimError] = []
    errors: list[BaseException] = []

    def work(number: int):
        try:
            barrier.wait()
            services.payment_record(claim=claim, by=finance, paid_on=timezone.localdate(), method="transfer",
                                    reference=f"TX-{number}", amount=Decimal("600"))
        except ClaimError as error:
            refused.append(error)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Payment.objects.count() == 1 and len(refused) == workers - 1
    assert services.paid_so_far(claim) == Decimal("600.00")
