"""Helpers shared by the incident services."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

import policy
from incidents.models import Customer, Incident, PreferredChannel, TimelineEvent
from notifications.models import Channel


def status_url(incident: Incident) -> str:
    """The customer's private status link (absolute)."""
    return settings.SITE_URL + reverse("public:status", args=[incident.status_token])


def incident_url(incident: Incident) -> str:
    return settings.SITE_URL + reverse("incidents:detail", args=[incident.pk])



def event_add(
    *, incident: Incident, code: str, actor=None, text: str = "", data: dict | None = None,
    customer_visible: bool = False, at: datetime.datetime | None = None,
) -> TimelineEvent:
    return TimelineEvent.objects.create(
        incident=incident, code=code, actor=actor, text=text, data=data or {},
        customer_visible=customer_visible, at=at or timezone.now(),
    )


def save_incident(incident: Incident, *fields: str) -> None:
    """Save the named fields plus the ones derived from them (urgency, updated_at)."""
    incident.priority = incident.compute_priority()
    incident.save(update_fields=[*fields, "priority", "updated_at"])


def message_channel(customer: Customer) -> tuple[str, str] | None:
    """(channel, address) for a message to the customer, or None when we have no way to write."""
    if customer.preferred_channel == PreferredChannel.EMAIL and customer.email:
        return Channel.EMAIL, customer.email
    if customer.phone:
        return Channel.SMS, customer.phone
    if customer.email:
        return Channel.EMAIL, customer.email
    return None


def is_after_hours(site, at: datetime.datetime) -> bool:
    """Outside the site's business hours, in the site's own time zone (INT-7)."""
    rules = policy.for_site(site)
    local = at.astimezone(site.zone).time()
    start, end = rules.business_hours_start, rules.business_hours_end
    if start <= end:
        return not (start <= local < end)
    # Business hours across midnight (e.g. 10:00–02:00).
    return end <= local < start
