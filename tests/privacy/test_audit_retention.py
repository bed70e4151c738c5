"""The audit log is kept at least three years: nothing in the product deletes a younger row."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from lostfound.celery import app
from privacy.retention import AUDIT_LOG_MINIMUM_DAYS, audit_log_prune_limit


def _entry(front_desk, *, days_old: int) -> LogEntry:
    front_desk.first_name = f"F{days_old}"
    front_desk.save()
    entry = LogEntry.objects.get_for_object(front_desk).latest("id")
    LogEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - datetime.timedelta(days=days_old))
    return entry


def test_the_floor_is_three_years():
    assert AUDIT_LOG_MINIMUM_DAYS >= 3 * 365
    assert audit_log_prune_limit() <= (timezone.now() - datetime.timedelta(days=3 * 365)).date()


@pytest.mark.parametrize("arguments", [["--yes"], ["--yes", "--truncate"], ["--yes", "--before-date",
                                                                         str(timezone.localdate())]])
def test_flushing_younger_rows_is_refused(arguments, front_desk):
    kept = _entry(front_desk, days_old=2 * 365)
    with pytest.raises(CommandError, match="three years"):
        call_command("auditlogflush", *arguments)
    assert LogEntry.objects.filter(pk=kept.pk).exists()


def test_rows_older_than_the_floor_may_be_flushed(front_desk):
    old = _entry(front_desk, days_old=AUDIT_LOG_MINIMUM_DAYS + 10)
    young = _entry(front_desk, days_old=AUDIT_LOG_MINIMUM_DAYS - 10)
    call_command("auditlogflush", "--yes", "--before-date", str(audit_log_prune_limit()))
    assert not LogEntry.objects.filter(pk=old.pk).exists()
    assert LogEntry.objects.filter(pk=young.pk).exists()


def test_no_scheduled_task_prunes_the_audit_log(front_desk, monkeypatch, policy_defaults):
    monkeypatch.setattr("notifications.services._kick_delivery", lambda message_id: None)
    monkeypatch.setattr("notifications.services._kick_delivery_sweep", lambda: None)
    entries = [_entry(front_desk, days_old=days) for days in (0, 400, AUDIT_LOG_MINIMUM_DAYS - 1)]
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        app.tasks[entry["task"]].run()
        assert LogEntry.objects.filter(pk__in=[e.pk for e in entries]).count() == len(entries), name
