"""No personal data in the log: the filter installed on LOGGING's handler replaces phone numbers, e-mail
addresses and ID numbers, in messages, their arguments and tracebacks (lostfound/log_privacy.py)."""

import io
import logging

import pytest

from lostfound.log_privacy import PersonalDataFilter, RecordId, scrub
from notifications.sms import LogSMSBackend


@pytest.fixture
def console():
    """What the configured console handler writes, read back."""
    handlers = [handler for handler in logging.getLogger().handlers
                if any(isinstance(item, PersonalDataFilter) for item in handler.filters)]
    assert handlers, "LOGGING installs the personal-data filter on the root logger's handler"
    stream = io.StringIO()
    previous = handlers[0].setStream(stream)
    yield stream
    handlers[0].setStream(previous)


@pytest.mark.parametrize(("text", "kept"), [
    ("SMS to +86 138 0013 8000: ready", "SMS to [phone]: ready"),
    ("call 13800138000 or 021-6234 5678.", "call [phone] or [phone]."),
    ("customer (021) 6234-5678", "customer [phone]"),
    ("ID 11010519491231002X checked", "ID [id-number] checked"),
    ("old ID 110105491231002 checked", "old ID [id-number] checked"),
    ("wrote to wang.fang+lost@example.com.cn", "wrote to [email]"),
])
def test_personal_data_is_replaced(text, kept):
    assert scrub(text) == kept


@pytest.mark.parametrize("text", [
    "report LF-SH01-20261122-0042 filed",
    "swept at 2026-11-22 07:20:46.123456+00:00 in 1234 ms",
    "incident 42 moved to site SH01, claim 12,500.00 CNY",
])
def test_references_times_and_amounts_stay_readable(text):
    assert scrub(text) == text


def test_an_sms_written_to_the_log_shows_no_phone_number(console):
    LogSMSBackend().send(to="+8613800138000", body="Your item is ready, call 021-6234 5678",
                         reference="LF-SH01-20261122-0042")

    line = console.getvalue()
    assert "13800138000" not in line and "6234 5678" not in line
    assert "SMS to [phone] [LF-SH01-20261122-0042]: Your item is ready, call [phone]" in line


def test_a_traceback_shows_no_personal_data(console):
    try:
        raise ValueError("customer wang.fang@example.com, ID 11010519491231002X")
    except ValueError:
        logging.getLogger("incidents").exception("filing failed for %s", "13800138000")

    written = console.getvalue()
    assert "filing failed for [phone]" in written
    assert "ValueError: customer [email], ID [id-number]" in written
    for secret in ("13800138000", "wang.fang@example.com", "11010519491231002X"):
        assert secret not in written


def _filtered(message: str, *args) -> str:
    record = logging.LogRecord("sla.sweep", logging.WARNING, __file__, 1, message, args, None)
    PersonalDataFilter().filter(record)
    return record.getMessage()


def test_a_record_id_stays_readable_beside_masked_personal_data():
    line = _filtered("deadline %s: %s has no email, call %s", RecordId(4700001), RecordId(80), "13800138000")

    assert line == "deadline 4700001: 80 has no email, call [phone]"
    # Without the marker a long id reads as a phone number.
    assert _filtered("deadline %s", 4700001) == "deadline [phone]"


def test_only_the_marked_argument_is_kept():
    line = _filtered("deadline %s for %s, ID %s", RecordId(13800138000), "13800138000", "11010519491231002X")

    assert line == "deadline 13800138000 for [phone], ID [id-number]"
    assert _filtered("%(deadline)s to %(phone)s", {"deadline": RecordId(4700001), "phone": "+86 138 0013 8000"}) == (
        "4700001 to [phone]")


def test_a_record_id_reaches_the_console(console):
    logging.getLogger("sla.sweep").warning("deadline %s: escalated to %s", RecordId(4700001), "wang@example.com")

    assert "deadline 4700001: escalated to [email]" in console.getvalue()


def test_a_second_handler_does_not_mask_the_kept_id():
    record = logging.LogRecord("sla.sweep", logging.WARNING, __file__, 1, "deadline %s", (RecordId(4700001),), None)
    PersonalDataFilter().filter(record)
    PersonalDataFilter().filter(record)

    assert record.getMessage() == "deadline 4700001"


def test_an_id_given_to_a_number_format_is_masked_like_any_number():
    assert _filtered("deadline %d", RecordId(4700001)) == "deadline [phone]"
