"""Filing a report (INT-1..7): one transaction from the form to the outbox."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from incidents import photos as photo_checks
from incidents.errors import IncidentError
from incidents.models import (
    Channel, Customer, Incident, ItemPhoto, Kind, LostItem, PoliceReport, ReferenceCounter, Severity, Status, TheftBy,
)
from incidents.services._common import (
    event_add, incident_url, is_after_hours, message_channel, save_incident, status_url,
)
from incidents.services.customers import customer_create, customer_update
from incidents.tokens import search_text
from lostfound.audit import acting, audited_together
from notifications.models import Audience
from notifications.models import Channel as MessageChannel
from notifications.services import message_enqueue
from organization.models import Area, DutyKind, Site
from organization.selectors import on_duty
from policy.models import ItemCategory
from privacy.consent import CONSENT_MISSING
from privacy.models import ConsentPurpose
from privacy.services import consent_record
from sla.services import deadline_meet, deadline_start, deadlines_open_new

# A clock a few minutes fast at the front desk must not refuse a report of "just now".
_CLOCK_SKEW = datetime.timedelta(minutes=5)


@dataclass
class ItemData:
    """One lost item as the form (or the online form) gives it; `photos` are uploads or CheckedPhoto."""

    category: ItemCategory
    name: str
    brand_model: str = ""
    colour: str = ""
    quantity: int = 1
    features: str = ""
    estimated_value: Decimal | None = None
    photos: list = field(default_factory=list)


def _item(value) -> ItemData:
    return value if isinstance(value, ItemData) else ItemData(**value)


def reference_next(*, site: Site, at: datetime.datetime) -> str:
    """LF-<site>-<local date>-<number>: the number counts per site and local day, without gaps or races.

    One upsert takes the counter row's lock until the filing transaction ends, so two front desks
    filing at the same moment get consecutive numbers and never the same one.
    """
    day = at.astimezone(site.zone).date()
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (site_id, day, last) VALUES (%s, %s, 1) "
            f"ON CONFLICT (site_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [site.pk, day],
        )
        number = cursor.fetchone()[0]
    return f"LF-{site.code.upper()}-{day:%Y%m%d}-{number:04d}"


def incident_search_text(incident: Incident, items: list[LostItem] | None = None) -> str:
    """What the list's search matches; `items` are the incident's lost items when not yet saved."""
    customer = incident.customer
    parts = [incident.reference, customer.name, customer.phone, customer.phone_digits, customer.email,
             incident.place_detail, incident.description]
    if customer.phone_digits:
        parts.append(customer.phone_digits[-4:])  # the last four digits customers quote on the phone
    for item in incident.items.select_related("category") if items is None else items:
        parts += [item.name, item.brand_model, item.colour, item.features,
                  item.category.name_zh_hans, item.category.name_en]
    return search_text(parts)


def _validate(*, site, area, kind, theft_by, lost_from, lost_until, items, now) -> None:
    if area is not None and area.site_id != site.pk:
        raise IncidentError(_("This area belongs to another site."), field="area")
    if kind != Kind.THEFT and theft_by:
        raise IncidentError(_("Only a theft is by an acquaintance or a stranger."), field="theft_by")
    if lost_from is None or lost_until is None:
        raise IncidentError(_("Say when the item was lost."), field="lost_from")
    if lost_until < lost_from:
        raise IncidentError(_("The end of the time window is before its start."), field="lost_until")
    if lost_from > now + _CLOCK_SKEW or lost_until > now + _CLOCK_SKEW:
        raise IncidentError(_("The time of the loss is in the future."), field="lost_until")
    if not items:
        raise IncidentError(_("Add at least one lost item."))
    for item in items:
        if not item.category.is_active:
            raise IncidentError(_("This category is no longer in use."), field="category")
        if not (item.name or "").strip():
            raise IncidentError(_("Name the lost item."), field="name")
        if item.quantity is None or item.quantity < 1:
            raise IncidentError(_("The quantity is at least 1."), field="quantity")
        if item.estimated_value is not None and item.estimated_value < 0:
            raise IncidentError(_("The value cannot be negative."), field="estimated_value")


def _photo(value, *, user_id) -> photo_checks.CheckedPhoto:
    if isinstance(value, photo_checks.CheckedPhoto):
        return value
    if isinstance(value, str):  # a token of a photo parked while the form was corrected
        return photo_checks.unstage(value, user_id=user_id)
    return photo_checks.check_photo(value)


@transaction.atomic
def incident_file(
    *,
    site: Site,
    area: Area | None,
    channel: str,
    kind: str,
    theft_by: str = TheftBy.UNKNOWN,
    severity: str,
    items: list,
    lost_from: datetime.datetime,
    lost_until: datetime.datetime,
    description: str = "",
    filed_by=None,
    customer: Customer | None = None,
    customer_data: dict | None = None,
    place_detail: str = "",
    is_drill: bool = False,
    is_complaint: bool = False,
    online: bool = False,
    progress_updates_opt_out: bool = False,
    id_consent: bool = False,
) -> Incident:
    """File a report: customer, incident, items and photos, reference, timeline, deadlines, acknowledgement
    and (urgent or theft) the staff alert — all or nothing.

    Give `customer_data` for a new customer, `customer` for an existing one (with `customer_data` too
    to correct their details). `items` are ItemData or dicts of its fields.
    `online=True`: the customer's own form; the report waits in *to verify* with no owner and no staff
    alert until the front desk accepts it (`incident_accept`).
    An ID number in `customer_data` needs the customer's separate consent (`id_consent`, PIPL arts. 29–30).
    """
    now = timezone.now()
    items = [_item(value) for value in items]
    if customer is None and not customer_data:
        raise IncidentError(_("Record the customer."), field="name")
    if (customer_data or {}).get("id_number") and not id_consent:
        raise IncidentError(CONSENT_MISSING[ConsentPurpose.INTAKE_ID], field="id_consent")
    _validate(site=site, area=area, kind=kind, theft_by=theft_by, lost_from=lost_from, lost_until=lost_until,
              items=items, now=now)
    user_id = getattr(filed_by, "pk", None)
    checked = [[_photo(value, user_id=user_id) for value in item.photos] for item in items]

    with acting(filed_by), audited_together():
        if customer is None:
            customer = customer_create(site=site, data=customer_data)
        elif customer_data:  # an existing customer, with details corrected at the desk
            customer = customer_update(customer=customer, data=customer_data)
        incident = Incident(
            site=site, area=area, channel=Channel.ONLINE if online else channel, kind=kind,
            theft_by=theft_by if kind == Kind.THEFT else TheftBy.UNKNOWN, severity=severity,
            status=Status.TO_VERIFY if online else Status.REPORTED, customer=customer,
            lost_from=lost_from, lost_until=lost_until, place_detail=place_detail, description=description,
            owner=None if online else filed_by, created_by=None if online else filed_by,
            is_drill=is_drill, is_complaint=is_complaint, progress_updates_opt_out=progress_updates_opt_out,
            police_report=PoliceReport.PENDING if kind == Kind.THEFT else PoliceReport.NOT_APPLICABLE,
            reference=reference_next(site=site, at=now), created_at=now,
        )
        # A report filed at the desk is acknowledged as it is filed when the receipt has an address to go to
        # (acknowledgement_send below): written with the insert, not by a second save.
        receipt = not online and message_channel(customer) is not None
        incident.acknowledged_at = now if receipt else None
        lost_items = [
            LostItem(category=item.category, name=item.name.strip(), brand_model=item.brand_model, colour=item.colour,
                     quantity=item.quantity, features=item.features, estimated_value=item.estimated_value)
            for item in items
        ]
        incident.search_text = incident_search_text(incident, lost_items)
        incident.priority = incident.compute_priority()
        incident.save()
        for lost_item, photos in zip(lost_items, checked, strict=True):
            lost_item.incident = incident
            lost_item.save()
            for photo in photos:
                image, thumbnail = photo_checks.as_files(photo)
                ItemPhoto.objects.create(item=lost_item, image=image, thumbnail=thumbnail,
                                         content_type=photo.content_type, uploaded_by=filed_by)
        if (customer_data or {}).get("id_number"):
            consent_record(purpose=ConsentPurpose.INTAKE_ID, by=filed_by, incident=incident)
        event_add(
            incident=incident, code="incident.filed", actor=filed_by, at=now, customer_visible=True,
            data={"channel": incident.channel, "kind": kind, "severity": severity, "items": len(items),
                  "online": online, "drill": is_drill},
        )
        # The receipt goes out at once in every case; for an online report the "acknowledge" deadline
        # stays open until a person accepts it, so the front desk verifies it within the policy's time.
        # A receipt with an address meets the "acknowledge" deadline as it opens.
        deadlines_open_new(subject=incident, site=site, start=now,
                           owners={"acknowledge": incident.owner, **({} if online else _intake_deadlines(incident))},
                           met={"acknowledge"} if receipt else set())
        acknowledgement_send(incident=incident)
        if not online and incident.is_emergency:
            emergency_alert(incident=incident, at=now)
    for token in (value for item in items for value in item.photos if isinstance(value, str)):
        transaction.on_commit(lambda token=token: photo_checks.discard(token))
    return incident


def _acknowledged(incident: Incident, *, at: datetime.datetime) -> None:
    deadline_meet(subject=incident, kind="acknowledge", at=at)
    incident.acknowledged_at = at
    save_incident(incident, "acknowledged_at")


def _start_intake_deadlines(incident: Incident, *, at: datetime.datetime) -> None:
    for kind, owner in _intake_deadlines(incident).items():
        deadline_start(subject=incident, site=incident.site, kind=kind, owner=owner, start=at)


def _intake_deadlines(incident: Incident) -> dict:
    """The deadlines a report accepted by staff runs under (INT-5, INT-6, SLA-2, INV-8): {kind: owner}."""
    owner = incident.owner
    kinds = {"dispatch": owner}
    if not incident.progress_updates_opt_out:
        kinds["customer_update"] = owner
    if incident.is_emergency:
        kinds["investigation_start"] = owner
    if incident.is_complaint:
        # SLA-3: a manager contacts the complainant within minutes (nobody owns it yet: the ladder decides),
        # then the owner follows up daily until closed.
        kinds["complaint_contact"] = None
        kinds["complaint_followup"] = owner
    return kinds


def acknowledgement_send(*, incident: Incident) -> bool:
    """Enqueue the receipt with the reference and the private status link; False when we have no address."""
    customer = incident.customer
    route = message_channel(customer)
    if route is None:
        return False
    channel, address = route
    message_enqueue(
        dedupe_key=f"incident:{incident.pk}:report_acknowledged",
        audience=Audience.CUSTOMER, channel=channel, recipient_address=address, recipient_name=customer.name,
        language=customer.preferred_language, template_key="report_acknowledged",
        context={
            "reference": incident.reference, "status_url": status_url(incident), "site_name": incident.site.name,
            "site_phone": incident.site.phone, "recipient_name": customer.name,
        },
        site=incident.site, subject=incident,
    )
    return True


def _staff_route(user) -> tuple[str, str] | None:
    profile = getattr(user, "staff_profile", None)
    if profile is not None and profile.phone:
        return MessageChannel.SMS, profile.phone
    if user.email:
        return MessageChannel.EMAIL, user.email
    return None


def emergency_alert(*, incident: Incident, at: datetime.datetime) -> list:
    """Alert the security officer on duty; after hours also the central-control duty officer, the duty
    manager and the security captain (INT-4, INT-7). Returns the users alerted."""
    site = incident.site
    duties = [DutyKind.SECURITY_OFFICER]
    after_hours = is_after_hours(site, at)
    if after_hours:
        duties += [DutyKind.CENTRAL_CONTROL, DutyKind.DUTY_MANAGER, DutyKind.SECURITY_CAPTAIN]
    alerted, first_security = [], None
    for duty in duties:
        for shift in on_duty(site=site, kind=duty, at=at):
            user = shift.user
            if duty == DutyKind.SECURITY_OFFICER and first_security is None:
                first_security = user
            if user in alerted:
                continue
            route = _staff_route(user)
            if route is None:
                continue
            alerted.append(user)
            language = _staff_language(user)
            with translation.override(language):
                # Labels in the recipient's language; a drill says so first, so nobody mistakes it for real.
                kind_label = str(Kind(incident.kind).label)
                if incident.is_drill:
                    kind_label = f"{_('DRILL')} · {kind_label}"
                severity_label = str(Severity(incident.severity).label)
            message_enqueue(
                dedupe_key=f"incident:{incident.pk}:emergency_alert:{user.pk}",
                audience=Audience.STAFF, channel=route[0], recipient_address=route[1],
                recipient_name=user.get_full_name() or user.get_username(), recipient_user=user,
                language=language, template_key="emergency_alert",
                context={
                    "reference": incident.reference, "kind": kind_label, "severity": severity_label,
                    "kind_code": incident.kind, "severity_code": incident.severity,
                    "area": incident.area.name if incident.area else "", "site_name": site.name,
                    "incident_url": incident_url(incident), "is_drill": incident.is_drill,
                },
                site=site, subject=incident,
            )
    deadline_start(subject=incident, site=site, kind="emergency_response", owner=first_security, start=at)
    event_add(
        incident=incident, code="incident.alerted", at=at,
        data={"users": [user.pk for user in alerted], "names": [str(user.get_full_name() or user) for user in alerted],
              "after_hours": after_hours},
    )
    return alerted


def _staff_language(user) -> str:
    # Staff have no language setting yet: alerts use the installation's language.
    return getattr(user, "language", None) or settings.LANGUAGE_CODE


__all__ = [
    "ItemData", "acknowledgement_send", "emergency_alert", "incident_file", "incident_search_text",
    "reference_next",
]
