"""Generated outbox messages for the generated incidents (issue #10): the receipt, the staff alert, "found"
and the closing message, with the same dedupe keys, contexts and quiet-hours rule as the services; sent
unless they fell due in the last minutes of the data set's clock."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

import policy
from incidents.dataset import IncidentFacts, IncidentPlanner
from incidents.models import Kind, Outcome, Severity
from notifications.models import Audience, Channel, Message, MessageState
from notifications.timing import in_window
from organization.dataset import SiteWorld, World


class MessageWriter:
    def __init__(self, world: World, sites: list[SiteWorld], planner: IncidentPlanner) -> None:
        self.world, self.rng, self.until, self.planner = world, world.rng, world.until, planner
        self.rows = world.bulk.table(Message, [
            "id", "dedupe_key", "site", "subject_type", "subject_id", "audience", "recipient_user", "recipient_name",
            "recipient_address", "channel", "language", "template_key", "context", "state", "send_after",
            "lease_until", "attempts", "last_error", "created_at", "sent_at"])
        self.quiet = {s.site.id: (policy.for_site(s.site).quiet_hours_start, policy.for_site(s.site).quiet_hours_end)
                      for s in sites}
        self.incident_type = ContentType.objects.get(app_label="incidents", model="incident").pk
        self.incident_url = (settings.SITE_URL + reverse("incidents:detail", args=[999999999])).split("999999999")
        self.labels = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                self.labels[language] = {
                    **{value: str(label) for value, label in Outcome.choices},
                    **{value: str(label) for value, label in Kind.choices},
                    **{value: str(label) for value, label in Severity.choices},
                }

    def _send_after(self, site, at: datetime.datetime) -> datetime.datetime:
        start, end = self.quiet[site.id]
        local = at.astimezone(site.zone)
        if not in_window(local.time(), start, end):
            return at
        day = local.date() + (datetime.timedelta(days=1) if local.time() >= end else datetime.timedelta(0))
        return datetime.datetime.combine(day, end, tzinfo=site.zone).astimezone(datetime.UTC)

    def _add(self, f: IncidentFacts, *, key: str, audience: str, channel: str, address: str, name: str, language: str,
             template: str, context: dict, at: datetime.datetime, user=None) -> None:
        site = f.world.site
        send_after = self._send_after(site, at) if audience == Audience.CUSTOMER else at
        sent = send_after + datetime.timedelta(seconds=self.rng.randint(2, 40))
        done = sent <= self.until
        self.rows.add((
            self.rows.allocate(), key, site.id, self.incident_type, f.id, audience, user.id if user else None, name,
            address, channel, language, template, context, MessageState.SENT if done else MessageState.PENDING,
            send_after, None, 1 if done else 0, "", at, sent if done else None,
        ))

    def write(self, facts: list[IncidentFacts]) -> None:
        for f in facts:
            c, site = f.customer, f.world.site
            if c.channel == "email" and c.email:
                route = (Channel.EMAIL, c.email)
            elif c.phone:
                route = (Channel.SMS, c.phone)
            else:
                route = (Channel.EMAIL, c.email)
            customer = dict(audience=Audience.CUSTOMER, channel=route[0], address=route[1], name=c.name,
                            language=c.language)
            status_url = self.planner.status_url(f)
            self._add(f, key=f"incident:{f.id}:report_acknowledged", template="report_acknowledged", at=f.created,
                      context={"reference": f.reference, "status_url": status_url, "site_name": site.name,
                               "site_phone": site.phone, "recipient_name": c.name}, **customer)
            if f.alerted is not None:
                officer = f.alerted
                language = "zh-hans"
                labels = self.labels[language]
                kind = labels[f.kind] if not f.is_drill else f"演练 · {labels[f.kind]}"
                self._add(f, key=f"incident:{f.id}:emergency_alert:{officer.id}", audience=Audience.STAFF,
                          channel=Channel.SMS, address=officer.staff_profile.phone, name=officer.get_full_name(),
                          language=language, template="emergency_alert", at=f.t0, user=officer, context={
                              "reference": f.reference, "kind": kind, "severity": labels[f.severity],
                              "kind_code": f.kind, "severity_code": f.severity,
                              "area": f.area.name if f.area else "", "site_name": site.name,
                              "incident_url": self.incident_url[0] + str(f.id) + self.incident_url[1],
                              "is_drill": f.is_drill})
            if f.found_at:
                self._add(f, key=f"custody:match:{f.match_id}:item_found", template="item_found", at=f.found_at,
                          context={"reference": f.reference, "status_url": status_url, "site_name": site.name,
                                   "site_phone": site.phone, "recipient_name": c.name}, **customer)
            if f.closed_at:
                self._add(f, key=f"incident:{f.id}:incident_closed", template="incident_closed", at=f.closed_at,
                          context={"reference": f.reference, "outcome": self.labels[c.language][f.outcome],
                                   "status_url": status_url, "recipient_name": c.name, "site_name": site.name},
                          **customer)
