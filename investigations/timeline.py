"""The investigation log on the incident's one timeline (INT-8): every entry with its author, corrections
marked both ways, evidence handovers, police follow-ups and lost-item notices."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.timeline import Entry as TimelineEntry
from investigations import selectors
from investigations.models import Evidence, PoliceReport
from investigations.presentation import ICONS, LABELS, summary


def investigation_entries(incident) -> list[TimelineEntry]:
    rows: list[TimelineEntry] = []
    for entry in selectors.entries_of(incident):
        label = LABELS[entry.kind]
        badge, badge_class = "", "secondary"
        correction = entry.correction
        if entry.corrects_id:
            label = _("%(type)s (corrects the entry of %(at)s)") % {
                "type": label, "at": timezone.localtime(entry.corrects.created_at).strftime("%Y-%m-%d %H:%M")}
            badge, badge_class = _("correction"), "info"
        if correction is not None:
            badge, badge_class = _("corrected"), "warning"
        rows.append(TimelineEntry(
            at=entry.created_at, label=label, actor=entry.author, detail=summary(entry), icon=ICONS[entry.kind],
            source="investigations", badge=badge, badge_class=badge_class,
            extra={"url": entry.get_absolute_url(), "kind": entry.kind, "pk": entry.pk,
                   "corrects": entry.corrects_id, "corrected_by": correction.pk if correction else None},
        ))
        if isinstance(entry, Evidence):
            for handover in entry.handovers.all():
                rows.append(TimelineEntry(
                    at=handover.at, label=_("Evidence %(label)s handed to %(to)s") % {
                        "label": entry.label, "to": handover.recipient},
                    actor=handover.handed_by, detail=handover.storage_location, icon="box", source="investigations",
                    extra={"url": entry.get_absolute_url()},
                ))
        if isinstance(entry, PoliceReport):
            for followup in entry.followups.all():
                rows.append(TimelineEntry(
                    at=followup.at, label=_("Follow-up with the police"), actor=followup.author,
                    detail=followup.content[:120], icon="shield", source="investigations",
                    extra={"url": entry.get_absolute_url()},
                ))
    for notice in selectors.notices_of(incident):
        rows.append(TimelineEntry(
            at=notice.published_at, label=_("Lost-item notice published"), actor=notice.published_by,
            detail=notice.description_zh_hans, icon="flag", source="investigations",
        ))
        if notice.withdrawn_at:
            rows.append(TimelineEntry(
                at=notice.withdrawn_at, label=_("Lost-item notice withdrawn"), actor=notice.withdrawn_by, icon="flag", source="investigations",
            ))
    return rows
