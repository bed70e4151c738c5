"""References stay unique when many front desks file at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from incidents.models import Incident
from tests.incidents.conftest import file_report


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises every writer; the race only exists on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_filing_gives_unique_consecutive_references(site, area, category, front_desk):
    workers, per_worker = 8, 5
    barrier = threading.Barrier(workers)
    errors: list[BaseException] = []

    def work():
        try:
            barrier.wait()
            for _ in range(per_worker):
                file_report(site=site, area=area, category=category, by=front_desk)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Incident.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == workers * per_worker
    numbers = sorted(int(reference.rsplit("-", 1)[1]) for reference in references)
    assert numbers == list(range(1, workers * per_worker + 1))
