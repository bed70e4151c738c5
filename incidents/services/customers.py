"""Customers: created once, found again by phone or name, ID numbers never stored in full (SEC-1)."""

import hashlib
import hmac
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from incidents.models import Customer
from organization.models import Site

_CUSTOMER_FIELDS = ("name", "phone", "email", "preferred_language", "preferred_channel", "declined_followups")


def phone_digits(phone: str) -> str:
    return re.sub(r"\D", "", phone or "")


def id_number_normalise(number: str) -> str:
    return re.sub(r"[\s-]", "", number or "").upper()


def id_number_mask(number: str) -> str:
    number = id_number_normalise(number)
    if not number:
        return ""
    if len(number) <= 6:
        return "*" * (len(number) - 2) + number[-2:]
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def id_number_hash(number: str) -> str:
    number = id_number_normalise(number)
    if not number:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), number.encode(), hashlib.sha256).hexdigest()


def _apply(customer: Customer, data: dict) -> None:
    for field in _CUSTOMER_FIELDS:
        if field in data and data[field] is not None:
            setattr(customer, field, data[field])
    customer.phone_digits = phone_digits(customer.phone)
    if data.get("id_number"):
        customer.id_type = data.get("id_type") or customer.id_type or "other"
        customer.id_number_masked = id_number_mask(data["id_number"])
        customer.id_number_hash = id_number_hash(data["id_number"])


# No savepoint of their own: inside a filing a failure rolls the whole report back anyway.
@transaction.atomic(savepoint=False)
def customer_create(*, site: Site, data: dict) -> Customer:
    """`data`: name, phone, email, preferred_language, preferred_channel, declined_followups,
    id_type and id_number (the number is masked and hashed here, never stored)."""
    customer = Customer(site=site)
    _apply(customer, data)
    customer.save()
    return customer


@transaction.atomic(savepoint=False)
def customer_update(*, customer: Customer, data: dict) -> Customer:
    _apply(customer, data)
    customer.save()
    return customer


def customer_find_candidates(*, sites: QuerySet[Site] | list[Site], phone: str = "", name: str = "", limit: int = 10) -> QuerySet[Customer]:
    """Existing customers of these sites with the same phone number (or its last digits) or a similar name."""
    condition = Q()
    digits = phone_digits(phone)
    if len(digits) >= 4:
        condition |= Q(phone_digits=digits) | Q(phone_digits__endswith=digits)
    name = (name or "").strip()
    if len(name) >= 2:
        condition |= Q(name__icontains=name)
    if not condition:
        return Customer.objects.none()
    return Customer.objects.filter(condition, site__in=sites).order_by("-updated_at")[:limit]
