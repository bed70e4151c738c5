"""The one timeline of an incident (INT-8): every app adds its entries through a registered source.

    from incidents.timeline import Entry, register_timeline_source

    def custody_entries(incident):
        return [Entry(at=t.at, actor=t.by, label=_("Moved to the safe"), detail=..., icon="box", source="custody")
                for t in ...]

    register_timeline_source(custody_entries)   # in your AppConfig.ready()

A source gets the incident and returns entries; `customer_visible` entries also appear on the customer's
status page. A source that never yields one registers with `staff_only=True`, and the customer's page does not
ask it. A source with nothing to show unless some tables hold rows of the incident names them,
`only_with=[(Match, "incident")]`: one query asks all such tables and the sources without rows are not asked.
A failing source is logged and skipped, so one app's bug never hides the whole timeline.
"""

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lostfound.prepared import PreparedRead
from lostfound.presence import Probe, rows_present

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Entry:
    at: datetime.datetime
    label: str | Promise
    actor: object = None
    detail: str = ""
    icon: str = "dot"
    source: str = ""
    customer_visible: bool = False
    # A short word for a badge ("met", "overdue", "sent") and its Bootstrap colour.
    badge: str | Promise = ""
    badge_class: str = "secondary"
    extra: dict = field(default_factory=dict)


Source = Callable[[object], Iterable[Entry]]
_SOURCES: list[Source] = []
_STAFF_ONLY: set[Source] = set()
_ONLY_WITH: dict[Source, tuple[Probe, ...]] = {}


def register_timeline_source(source: Source, *, staff_only: bool = False, only_with: Iterable[Probe] = ()) -> Source:
    """Add a source; registering the same function twice adds it once. Usable as a decorator."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    if staff_only:
        _STAFF_ONLY.add(source)
    if only_with:
        _ONLY_WITH[source] = tuple(only_with)
    return source


def sources() -> list[Source]:
    return list(_SOURCES)


def probes() -> tuple[Probe, ...]:
    """Every table the sources named: a page can read them all at once with `remember_rows_present`."""
    return tuple(probe for source in _SOURCES for probe in _ONLY_WITH.get(source, ()))


def timeline_of(incident, *, customer_view: bool = False, skip: Iterable[Source] = ()) -> list[Entry]:
    """Every entry of every source but `skip`, oldest first; only customer-visible ones for the customer's page."""
    left_out = set(skip) | (_STAFF_ONLY if customer_view else set())
    asked = [source for source in _SOURCES if source not in left_out]
    entries: list[Entry] = []
    for source in _with_rows(incident, asked):
        try:
            entries.extend(source(incident))
        except Exception:  # one app's broken source must not hide the rest of the history
            logger.exception("timeline source %r failed for incident %s", source, getattr(incident, "pk", None))
    if customer_view:
        entries = [entry for entry in entries if entry.customer_visible]
    return sorted(entries, key=lambda entry: entry.at)


def _with_rows(incident, sources: list[Source]) -> list[Source]:
    """The sources minus those whose tables hold no row of the incident (one query for all of them)."""
    probed = [source for source in sources if source in _ONLY_WITH]
    named = tuple(probe for source in probed for probe in _ONLY_WITH[source])
    try:
        found = rows_present(incident, named)
    except Exception:  # ask every source, as if none had registered its tables
        logger.exception("timeline sources' tables could not be probed for incident %s", incident.pk)
        return sources
    empty, at = set(), 0
    for source in probed:
        count = len(_ONLY_WITH[source])
        if not any(found[at : at + count]):
            empty.add(source)
        at += count
    return [source for source in sources if source not in empty]


# --- the sources incidents itself provides -------------------------------------------------------

_STATUS_ICON = {
    "reported": "flag", "dispatched": "send", "searching": "search", "found": "check", "returned": "gift",
    "not_found": "x", "closed": "lock", "cancelled": "slash",
}


EventLabel = Callable[[object], tuple]
_EVENT_LABELS: dict[str, EventLabel] = {}


def register_event_label(code: str, label: EventLabel) -> None:
    """How a TimelineEvent code another module writes is shown: `label(event)` → (label, icon)."""
    _EVENT_LABELS[code] = label


def _event_label(event) -> tuple[str | Promise, str]:
    from incidents.models import Channel, ContactMethod, ContactOutcome, FollowUpSource, PoliceReport, Status

    data = event.data or {}
    code = event.code
    if code in _EVENT_LABELS:
        return _EVENT_LABELS[code](event)
    if code == "incident.filed":
        if data.get("online"):
            return _("Reported online"), "flag"
        return _("Report filed (%(channel)s)") % {"channel": Channel(data.get("channel", "on_site")).label}, "flag"
    if code == "incident.status":
        to = data.get("to", "")
        if data.get("accepted"):
            return _("Online report accepted"), "flag"
        return _("State: %(state)s") % {"state": Status(to).label if to in Status.values else to}, _STATUS_ICON.get(to, "dot")
    if code == "incident.note":
        return (_("Note to the customer") if event.customer_visible else _("Internal note")), "note"
    if code == "incident.contact":
        method = data.get("method", "phone")
        outcome = data.get("outcome", "")
        return _("Customer contact: %(method)s, %(outcome)s") % {
            "method": ContactMethod(method).label if method in ContactMethod.values else method,
            "outcome": ContactOutcome(outcome).label if outcome in ContactOutcome.values else outcome,
        }, "phone"
    if code == "incident.handed_over":
        return _("Handed over from %(old)s to %(new)s") % {
            "old": data.get("from_name") or "—", "new": data.get("to_name", "")}, "user"
    if code == "incident.alerted":
        if data.get("names"):
            return _("Emergency alert sent to %(names)s") % {"names": ", ".join(data["names"])}, "alert"
        return _("Emergency: nobody on the duty roster to alert"), "alert"
    if code == "incident.police_report":
        to = data.get("to", "")
        return _("Police report: %(state)s") % {
            "state": PoliceReport(to).label if to in PoliceReport.values else to}, "shield"
    if code == "incident.followup":
        source = data.get("source", "")
        return _("Follow-up (%(source)s): satisfaction %(score)s/5") % {
            "source": FollowUpSource(source).label if source in FollowUpSource.values else source,
            "score": data.get("satisfaction", "?")}, "star"
    if code == "incident.review":
        return _("Post-incident review written"), "note"
    if code == "incident.action":
        return _("Corrective action added"), "tool"
    if code == "incident.action_done":
        return _("Corrective action done"), "tool"
    if code == "customer.consent":
        return _("Customer agreed to the processing of personal data"), "check"
    if code == "customer.information":
        return _("Customer added information"), "note"
    if code == "customer.opted_out":
        return _("Customer asked for no more progress updates"), "mail"
    return code, "dot"


def _events_of(incident_id: int):
    from incidents.models import TimelineEvent

    return TimelineEvent.objects.filter(incident_id=incident_id).select_related("actor")


_EVENTS = PreparedRead(_events_of)


def events_source(incident) -> list[Entry]:
    entries = []
    for event in _EVENTS(incident.pk):
        label, icon = _event_label(event)
        entries.append(Entry(at=event.at, actor=event.actor, label=label, detail=event.text, icon=icon,
                             source="incident", customer_visible=event.customer_visible,
                             extra={"code": event.code}))
    return entries


def messages_source(incident) -> list[Entry]:
    from notifications.models import Audience, MessageState

    entries = []
    for message in _messages_for(incident):
        state_class = {MessageState.SENT: "success", MessageState.FAILED: "danger",
                       MessageState.SUPPRESSED: "warning"}.get(message.state, "secondary")
        audience = _("to the customer") if message.audience == Audience.CUSTOMER else _("to staff")
        entries.append(Entry(
            at=message.created_at, label=_("Message “%(key)s” %(audience)s") % {"key": message.template_key, "audience": audience},
            detail=f"{message.recipient_name} · {message.get_channel_display()}", icon="mail", source="notifications",
            badge=message.get_state_display(), badge_class=state_class,
        ))
    return entries


def _messages_for(incident) -> list:
    """The incident's messages, read once per incident object: the incident page lists them twice (timeline
    and contacts)."""
    if "_messages" not in incident.__dict__:
        incident._messages = list(_messages_query(incident))
    return incident._messages


def _messages_query(incident):
    try:
        from notifications.selectors import messages_for
    except ImportError:
        messages_for = None
    if messages_for is not None:
        return messages_for(incident)
    from django.contrib.contenttypes.models import ContentType

    from notifications.models import Message

    return Message.objects.filter(
        subject_type=ContentType.objects.get_for_model(incident), subject_id=incident.pk
    ).order_by("created_at")


def deadlines_source(incident) -> list[Entry]:
    from sla.models import DeadlineState
    from sla.selectors import deadline_history

    entries = []
    for deadline in deadline_history(incident):
        if deadline.state == DeadlineState.MET:
            badge, badge_class = _("met"), "success"
            if deadline.met_at and deadline.met_at > deadline.due_at:
                badge, badge_class = _("met late"), "warning"
        elif deadline.state == DeadlineState.CANCELLED:
            badge, badge_class = _("cancelled"), "secondary"
        elif deadline.is_overdue:
            badge, badge_class = _("overdue"), "danger"
        else:
            badge, badge_class = _("open"), "info"
        entries.append(Entry(
            at=deadline.started_at, label=_("Deadline: %(kind)s") % {"kind": deadline.get_kind_display()},
            detail="", icon="clock", source="sla", badge=badge, badge_class=badge_class,
            extra={"due_at": deadline.due_at, "met_at": deadline.met_at},
        ))
    return entries


def register_builtin_sources() -> None:
    register_timeline_source(events_source)
    register_timeline_source(messages_source, staff_only=True)
    register_timeline_source(deadlines_source, staff_only=True)
