"""The masked fields a permitted user may reveal, and how each record is found within the user's sites."""

from dataclasses import dataclass
from typing import Callable

from django.db.models import Model, Q, QuerySet

from organization.selectors import restrict_to_sites, sees_all_sites, sites_for

REVEAL = "privacy.reveal_contact"


@dataclass(frozen=True)
class Revealable:
    fields: tuple[str, ...]
    visible: Callable[[object], QuerySet]  # user → the records of this kind the user may see
    customer_of: Callable[[Model], object]


def _customers(user) -> QuerySet:
    from incidents.models import Customer

    if sees_all_sites(user):
        return Customer.objects.all()
    sites = sites_for(user).values("pk")
    return Customer.objects.filter(Q(site__in=sites) | Q(incidents__site__in=sites)).distinct()


def _releases(user) -> QuerySet:
    from custody.models import Release

    return restrict_to_sites(Release.objects.select_related("incident"), user, site_field="item__site")


def _mailings(user) -> QuerySet:
    from custody.models import Mailing

    return restrict_to_sites(Mailing.objects.select_related("incident"), user, site_field="item__site")


def _found_items(user) -> QuerySet:
    from custody.models import FoundItem

    return restrict_to_sites(FoundItem.objects.all(), user)


def _messages(user) -> QuerySet:
    from notifications.models import Message

    return restrict_to_sites(Message.objects.all(), user)


def _incident_customer(record):
    incident = getattr(record, "incident", None)
    return incident.customer if incident is not None else None


def _message_customer(message):
    from incidents.models import Incident

    subject = message.subject
    return subject.customer if isinstance(subject, Incident) else None


REVEALABLE: dict[str, Revealable] = {
    "customer": Revealable(("phone", "email"), _customers, lambda customer: customer),
    "release": Revealable(("claimant_phone",), _releases, _incident_customer),
    "mailing": Revealable(("recipient_phone",), _mailings, _incident_customer),
    "founditem": Revealable(("finder_contact",), _found_items, lambda item: None),
    "message": Revealable(("recipient_address",), _messages, _message_customer),
}


def kind_of(record: Model) -> str:
    return record._meta.model_name
