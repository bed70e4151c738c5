"""SEC-4: customers' personal data are kept only as long as the policy allows, then anonymised.

An incident closed or cancelled longer ago than its site's `personal_data_retention_days` loses every
personal value: the customer's name and contacts (once none of their incidents still needs them), ID data,
names, phones and addresses of returns and mailings, signatures, authorisation letters and evidence files,
and free text that describes people. What the dashboards count stays: category, times, states, amounts.

Writes go through `QuerySet.update()`: no `save()` signals, so the anonymisation itself does not copy the
old values into new audit rows; the existing audit rows of the same records are scrubbed instead.
Safe to run twice at once: incidents are claimed with SKIP LOCKED and the ledger is re-checked after the claim.
"""

import contextlib
import datetime
import time
from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

import policy
from incidents.models import FINAL_STATUSES, Customer, Incident
from incidents.tokens import search_text
from organization.models import Site
from privacy.models import AnonymisationGate, AnonymisedIncident

PLACEHOLDER = "[anonymised]"
# Fields whose database constraints need a value: they keep this marker once their file is gone.
REMOVED_FILE = "anonymised"


def due_incidents(*, now: datetime.datetime) -> QuerySet[Incident]:
    """Closed or cancelled longer ago than their site's retention, not yet anonymised, no claim still open."""
    from compensation.models import OPEN_STATES

    per_site = Q(pk__in=[])
    for site in Site.objects.all():
        days = policy.for_site(site).personal_data_retention_days
        per_site |= Q(site=site, closed_at__lt=now - datetime.timedelta(days=days))
    return (
        Incident.objects.filter(per_site, status__in=FINAL_STATUSES)
        .exclude(pk__in=AnonymisedIncident.objects.values("incident_id"))
        .exclude(claims__state__in=OPEN_STATES)
        .order_by("pk")
    )


def anonymise_due(
    *, now: datetime.datetime | None = None, batch_size: int = 100, budget_seconds: float | None = None
) -> int:
    """Anonymise what is due, one transaction per batch; returns how many incidents were anonymised.

    With a budget, no new batch starts once it is spent: a backlog is worked off over several runs.
    """
    now = now or timezone.now()
    started = time.monotonic()
    total = 0
    while True:
        done, claimed = anonymise_batch(now=now, batch_size=batch_size)
        total += done
        if claimed < batch_size or (budget_seconds is not None and time.monotonic() - started > budget_seconds):
            return total


@transaction.atomic
def anonymise_batch(*, now: datetime.datetime, batch_size: int) -> tuple[int, int]:
    """One batch: (incidents anonymised, incidents claimed)."""
    claimed = list(
        due_incidents(now=now).select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
            :batch_size]
    )
    # Another sweeper may have finished some of these between our query's snapshot and our lock.
    done_already = set(AnonymisedIncident.objects.filter(incident_id__in=claimed).values_list("incident_id", flat=True))
    ids = [pk for pk in claimed if pk not in done_already]
    if not ids:
        return 0, len(claimed)
    incidents = list(Incident.objects.filter(pk__in=ids).select_related("site", "customer"))
    scrub = _Scrubber()
    with investigation_log_opened():
        for incident in incidents:
            _anonymise_incident(incident, scrub)
        AnonymisedIncident.objects.bulk_create(
            [AnonymisedIncident(incident=incident, at=now,
                                retention_days=policy.for_site(incident.site).personal_data_retention_days)
             for incident in incidents],
            ignore_conflicts=True,
        )
        for customer in {incident.customer for incident in incidents}:
            if not customer.incidents.exclude(pk__in=AnonymisedIncident.objects.values("incident_id")).exists():
                _anonymise_customer(customer, scrub)
        scrub.audit_log()
    return len(incidents), len(claimed)


@contextlib.contextmanager
def investigation_log_opened():
    """The one, deliberate exception to the append-only investigation log (INV-9): anonymisation may UPDATE
    its rows inside this transaction only. Deletes stay refused."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lostfound.anonymise', 'on', true)")  # true: this transaction only
        yield
        # Closed again at once, in case this transaction is nested inside a longer one. (After an error the
        # transaction is rolled back, and the setting with it.)
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('lostfound.anonymise', 'off', true)")
    else:
        gate = AnonymisationGate.objects.create()
        yield
        AnonymisationGate.objects.filter(pk=gate.pk).delete()


class _Scrubber:
    """Collects the personal values met and the records changed, then scrubs the audit rows of those records."""

    def __init__(self) -> None:
        self.values: set[str] = set()
        self.records: dict[type[models.Model], set] = {}
        self.fields: dict[type[models.Model], set[str]] = {}

    def remember(self, *values: str) -> None:
        self.values.update(value.strip() for value in values if value and len(value.strip()) >= 2)

    def update(self, queryset: QuerySet, *, only_filled: Iterable[str] = (), **fields) -> None:
        """Set `fields` on every row, and each of `only_filled` to the placeholder where it holds something."""
        model = queryset.model
        pks = list(queryset.values_list("pk", flat=True))
        if not pks:
            return
        self.records.setdefault(model, set()).update(pks)
        self.fields.setdefault(model, set()).update({*fields, *only_filled})
        rows = model._base_manager.filter(pk__in=pks)
        # QuerySet.update itself: the investigation log's queryset refuses updates, and that refusal is
        # exactly what this module is the exception to.
        if fields:
            models.QuerySet.update(rows, **fields)
        for name in only_filled:
            models.QuerySet.update(rows.exclude(**{name: ""}), **{name: PLACEHOLDER})

    def text(self, value):
        """A JSON value with every string that holds a remembered personal value replaced."""
        if isinstance(value, str):
            return PLACEHOLDER if any(secret in value for secret in self.values) else value
        if isinstance(value, list):
            return [self.text(item) for item in value]
        if isinstance(value, dict):
            return {key: self.text(item) for key, item in value.items()}
        return value

    def json_rows(self, queryset: QuerySet, *names: str) -> None:
        for row in queryset.only("pk", *names):
            changed = {name: self.text(getattr(row, name)) for name in names}
            if any(changed[name] != getattr(row, name) for name in names):
                models.QuerySet.update(type(row)._base_manager.filter(pk=row.pk), **changed)

    def audit_log(self) -> None:
        """Old → new values of scrubbed fields, and any remembered value elsewhere, leave the audit rows."""
        for model, pks in self.records.items():
            fields = self.fields.get(model, set())
            content_type = ContentType.objects.get_for_model(model)
            entries = LogEntry.objects.filter(content_type=content_type, object_pk__in=[str(pk) for pk in pks])
            for entry in entries:
                changes = entry.changes if isinstance(entry.changes, dict) else {}
                changes = {name: ([PLACEHOLDER, PLACEHOLDER] if name in fields else self.text(value))
                           for name, value in changes.items()}
                LogEntry.objects.filter(pk=entry.pk).update(
                    changes=changes, changes_text=self.text(entry.changes_text), object_repr=self.text(entry.object_repr),
                    serialized_data=self.text(entry.serialized_data), additional_data=self.text(entry.additional_data),
                )


def _delete_files_after_commit(queryset: QuerySet, field: str) -> None:
    names = [name for name in queryset.values_list(field, flat=True) if name and name != REMOVED_FILE]
    storage = queryset.model._meta.get_field(field).storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)


def _anonymise_incident(incident: Incident, scrub: _Scrubber) -> None:
    from compensation import models as compensation
    from custody import models as custody
    from incidents import models as incidents
    from investigations import models as investigations
    from notifications.models import Audience, Message

    customer = incident.customer
    scrub.remember(customer.name, customer.phone, customer.email, customer.phone_digits, customer.id_number_masked)
    releases = custody.Release.objects.filter(incident=incident)
    for release in releases:
        scrub.remember(release.claimant_name, release.claimant_phone, release.owner_name, release.id_number_masked,
                       release.owner_id_number_masked)
    mailings = custody.Mailing.objects.filter(incident=incident)
    for mailing in mailings:
        scrub.remember(mailing.recipient_name, mailing.recipient_phone, mailing.address)
    claims = compensation.Claim.objects.filter(incident=incident)
    scrub.remember(*claims.values_list("claimant_name", flat=True))

    # incidents: free text about people; the search line keeps the reference, place and items only.
    items = incidents.LostItem.objects.filter(incident=incident)
    words = [incident.reference, incident.place_detail]
    for item in items.select_related("category"):
        words += [item.name, item.brand_model, item.colour, item.category.name_zh_hans, item.category.name_en]
    scrub.update(Incident.objects.filter(pk=incident.pk), only_filled=["description", "cancel_reason"],
                 search_text=search_text(words))
    scrub.update(items, only_filled=["features"])
    personal_photos = incidents.ItemPhoto.objects.filter(item__incident=incident, item__category__holds_personal_data=True)
    _delete_files_after_commit(personal_photos, "image")
    _delete_files_after_commit(personal_photos, "thumbnail")
    scrub.update(personal_photos, image=REMOVED_FILE, thumbnail=REMOVED_FILE)
    scrub.update(incidents.ContactLog.objects.filter(incident=incident), only_filled=["note"])
    scrub.update(incidents.FollowUp.objects.filter(incident=incident), only_filled=["comment"])
    events = incidents.TimelineEvent.objects.filter(incident=incident)
    scrub.update(events, only_filled=["text"])
    scrub.json_rows(events, "data")

    # custody: who collected the item, their ID, letter and signature; where it was mailed.
    for field in ("authorisation_letter", "signature"):
        _delete_files_after_commit(releases.exclude(**{field: ""}), field)
        scrub.update(releases.exclude(**{field: ""}), **{field: REMOVED_FILE})
    scrub.update(releases, claimant_phone="", id_number_masked="", id_number_hash=REMOVED_FILE,
                 only_filled=["claimant_name", "claimant_answers", "owner_name"])
    scrub.update(releases.exclude(owner_id_number_hash=""), owner_id_number_masked="", owner_id_number_hash=REMOVED_FILE)
    _delete_files_after_commit(mailings.exclude(proof_of_delivery=""), "proof_of_delivery")
    scrub.update(mailings.exclude(proof_of_delivery=""), proof_of_delivery=REMOVED_FILE)
    scrub.update(mailings, only_filled=["recipient_name", "recipient_phone", "address"])
    item_ids = list(releases.values_list("item_id", flat=True)) + list(mailings.values_list("item_id", flat=True))
    transfers = custody.CustodyTransfer.objects.filter(item_id__in=item_ids)
    scrub.records.setdefault(custody.CustodyTransfer, set()).update(transfers.values_list("pk", flat=True))
    scrub.json_rows(transfers, "to_party", "reason")

    # compensation: the claimant, their statement and evidence, the bank reference; amounts stay.
    evidence = compensation.Evidence.objects.filter(claim__in=claims)
    _delete_files_after_commit(evidence, "file")
    scrub.update(evidence, file=REMOVED_FILE, original_name="", only_filled=["description"])
    scrub.update(claims, only_filled=["claimant_name", "statement"])
    scrub.update(compensation.Agreement.objects.filter(claim__in=claims), only_filled=["terms"])
    scrub.update(compensation.Payment.objects.filter(claim__in=claims), only_filled=["reference"])
    for model, field in ((compensation.Assessment, "grounds"), (compensation.LegalOpinion, "text"),
                         (compensation.Claim, "rejection_reasons")):
        rows = model.objects.filter(**({"pk__in": claims} if model is compensation.Claim else {"claim__in": claims}))
        scrub.records.setdefault(model, set()).update(rows.values_list("pk", flat=True))
        scrub.json_rows(rows, field)

    # investigations: what people said and who they are; times, kinds and checklists stay.
    for model, fields in _investigation_text().items():
        scrub.update(model.objects.filter(incident=incident), only_filled=fields)
    persons = investigations.InterviewPerson.objects.filter(interview__incident=incident)
    scrub.remember(*persons.values_list("name", flat=True))
    scrub.update(persons, only_filled=["name"])
    scrub.update(investigations.PoliceFollowUp.objects.filter(report__incident=incident), only_filled=["content"])
    scrub.update(investigations.EvidenceHandover.objects.filter(evidence__incident=incident), only_filled=["note"])

    # notifications: the customer's address and name; the texts' context of every message about the incident.
    messages = Message.objects.filter(
        Q(subject_type=ContentType.objects.get_for_model(Incident), subject_id=incident.pk)
        | Q(subject_type=ContentType.objects.get_for_model(compensation.Claim), subject_id__in=claims.values("pk"))
    )
    scrub.update(messages.filter(audience=Audience.CUSTOMER), only_filled=["recipient_name", "recipient_address"])
    scrub.json_rows(messages, "context")


def _anonymise_customer(customer: Customer, scrub: _Scrubber) -> None:
    scrub.remember(customer.name, customer.phone, customer.email, customer.phone_digits, customer.id_number_masked)
    scrub.update(Customer.objects.filter(pk=customer.pk), name=PLACEHOLDER, phone="", phone_digits="", email="",
                 id_type="", id_number_masked="", id_number_hash="")


def _investigation_text():
    from investigations import models as investigations

    return {
        investigations.RecordReview: ["finding_persons", "finding_events"],
        investigations.SceneSurvey: ["clues"],
        investigations.Interview: ["content"],
        investigations.ClaimantStatement: ["account"],
        investigations.Evidence: ["description"],
        investigations.PoliceReport: ["note"],
        investigations.InvestigationReport: ["facts", "process", "responsibility", "proposal"],
    }
