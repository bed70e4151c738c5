"""Daily summary rows behind the dashboard, kept fresh by a beat task (dashboard.tasks.refresh_summaries).

Each row counts the real incidents *reported* on one local day (the site's time zone) of one site, in one
group of the dashboard's filters. `category` is empty on the rows that count every incident; a row with a
category counts the incidents with at least one lost item of it (an incident with two categories is in two
such rows). Everything here is written by dashboard.summaries only; other apps' tables are only read.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organization.models import Area, Department, Site
from policy.models import ItemCategory


def _ref(model, **extra):
    # No database constraint and no cascade: the summaries follow the source rows, never hold them back.
    return models.ForeignKey(model, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", **extra)


class SummaryGroup(models.Model):
    """What every summary row is keyed by: site, local day and the dashboard's filters."""

    site = _ref(Site, db_index=False)
    day = models.DateField()
    kind = models.CharField(max_length=16)
    department = _ref(Department, null=True)
    category = _ref(ItemCategory, null=True)

    class Meta:
        abstract = True


class DailyFigures(SummaryGroup):
    area = _ref(Area, null=True)
    reports = models.PositiveIntegerField(default=0)
    reported = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    not_found = models.PositiveIntegerField(default=0)
    still_open = models.PositiveIntegerField(default=0)
    thefts = models.PositiveIntegerField(default=0)
    eligible = models.PositiveIntegerField(default=0)
    responded = models.PositiveIntegerField(default=0)
    n_acknowledge = models.PositiveIntegerField(default=0)
    n_dispatch = models.PositiveIntegerField(default=0)
    n_find = models.PositiveIntegerField(default=0)
    n_return = models.PositiveIntegerField(default=0)
    n_close = models.PositiveIntegerField(default=0)
    handled = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    score_1 = models.PositiveIntegerField(default=0)
    score_2 = models.PositiveIntegerField(default=0)
    score_3 = models.PositiveIntegerField(default=0)
    score_4 = models.PositiveIntegerField(default=0)
    score_5 = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["site", "category", "day"], name="dash_figures_site_cat_day"),
            # The counts by category come off this index alone; other rows are read from the table.
            models.Index(fields=["site", "day"], include=["category", "kind", "department", "reports"],
                         condition=models.Q(category__isnull=False), name="dash_figures_by_category"),
        ]


class DailyDeadlines(SummaryGroup):
    """Deadlines of the day's reported (not cancelled) incidents, by deadline kind and escalation level."""

    deadline_kind = models.CharField(max_length=40)
    escalation_level = models.PositiveSmallIntegerField()
    on_time = models.PositiveIntegerField(default=0)
    breached = models.PositiveIntegerField(default=0)
    pending = models.PositiveIntegerField(default=0)
    breached_open = models.PositiveIntegerField(default=0)

    class Meta:
        # Covering: a period's sums come off the index alone.
        indexes = [models.Index(fields=["site", "category", "day"], name="dash_deadlines_covering",
                                include=["kind", "department", "deadline_kind", "escalation_level", "on_time",
                                         "breached", "pending", "breached_open"])]


class DailyLossHours(SummaryGroup):
    """The day's reports by ISO weekday (1–7) and hour of `lost_from`, in the site's time zone (KPI-5)."""

    weekday = models.PositiveSmallIntegerField()
    hour = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        # Covering: a period's sums come off the index alone.
        indexes = [models.Index(fields=["site", "category", "day"], name="dash_hours_covering",
                                include=["kind", "department", "weekday", "hour", "n"])]


STORED_DURATIONS = ("acknowledge", "dispatch", "find", "returned", "close")


class IncidentDurations(models.Model):
    """Per reported (not cancelled) incident, its times from the report: medians and percentiles need the
    values themselves, so they are kept one row per incident (narrow, without joins) rather than counted."""

    incident_id = models.BigIntegerField(primary_key=True)
    site = _ref(Site, db_index=False)
    day = models.DateField()
    kind = models.CharField(max_length=16)
    department = _ref(Department, null=True)
    acknowledge = models.DurationField(null=True)
    dispatch = models.DurationField(null=True)
    find = models.DurationField(null=True)
    returned = models.DurationField(null=True)
    close = models.DurationField(null=True)
    # dashboard.percentiles.bucket_of each duration: percentiles read only the buckets they need.
    acknowledge_bucket = models.SmallIntegerField(null=True)
    dispatch_bucket = models.SmallIntegerField(null=True)
    find_bucket = models.SmallIntegerField(null=True)
    returned_bucket = models.SmallIntegerField(null=True)
    close_bucket = models.SmallIntegerField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["site", "day"], name="dash_durations_site_day"),
            # The values of a bucket straight from the index, filters included (dashboard.percentiles).
            *(models.Index(fields=["site", f"{name}_bucket", "day"], include=[name, "kind", "department"],
                           name=f"dash_dur_{name}_bucket") for name in STORED_DURATIONS),
        ]


class DurationBuckets(models.Model):
    """How many of a site's stored durations (IncidentDurations) of one local month fall in each bucket, by kind
    and owner's department: over whole months the percentiles count these rows rather than the durations.
    Counted again from IncidentDurations in the transaction that rewrites any of the month's days."""

    site = _ref(Site, db_index=False)
    month = models.DateField()  # its first day
    kind = models.CharField(max_length=16)
    department = _ref(Department, null=True)
    duration = models.CharField(max_length=16)  # one of STORED_DURATIONS
    bucket = models.SmallIntegerField()
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["site", "month"], name="dash_buckets_site_month")]


class OpenDeadline(models.Model):
    """The incidents' open deadlines as the last refresh saw them: the figures of an open deadline change when it
    closes, escalates or falls due, so comparing with this list finds the days to count again."""

    deadline_id = models.BigIntegerField(primary_key=True)
    escalation_level = models.PositiveSmallIntegerField()
    site = _ref(Site)
    day = models.DateField()


class SummaryState(models.Model):
    """The one row saying what the summaries hold: as of when, and what the last refresh had already seen."""

    as_of = models.DateTimeField(_("figures as of"))
    changes_since = models.DateTimeField()
    last_item_id = models.BigIntegerField(default=0)
    last_followup_id = models.BigIntegerField(default=0)
    last_deadline_id = models.BigIntegerField(default=0)
    # {site id: time zone} of the sites summarised; {user id: department id} of incident owners.
    zones = models.JSONField(default=dict)
    departments = models.JSONField(default=dict)
