"""Invariants the database itself enforces, whatever code writes the row."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from incidents.models import FollowUp, Incident, LostItem

pytestmark = pytest.mark.django_db


def _fails(update):
    with pytest.raises(IntegrityError), transaction.atomic():
        update()


def test_database_constraints(report):
    incident = report()
    item = incident.items.get()
    _fails(lambda: LostItem.objects.filter(pk=item.pk).update(quantity=0))
    _fails(lambda: LostItem.objects.filter(pk=item.pk).update(estimated_value=-1))
    _fails(lambda: Incident.objects.filter(pk=incident.pk).update(
        lost_until=incident.lost_from - datetime.timedelta(minutes=1)))
    _fails(lambda: Incident.objects.filter(pk=incident.pk).update(status="cancelled", cancel_reason=""))
    _fails(lambda: Incident.objects.filter(pk=incident.pk).update(theft_by="stranger"))  # a loss
    _fails(lambda: FollowUp.objects.create(incident=incident, source="staff_call", satisfaction=6))
    FollowUp.objects.create(incident=incident, source="staff_call", satisfaction=5)
    _fails(lambda: FollowUp.objects.create(incident=incident, source="staff_call", satisfaction=4))
    _fails(lambda: Incident.objects.filter(pk=report().pk).update(reference=incident.reference))
