"""A logging filter that removes personal data from every record before any handler writes it (SEC-1).

Log lines travel further than the database (files, collectors, support tickets), so e-mail addresses,
phone numbers and identity-document numbers are replaced with a placeholder wherever they appear: in the
message, its arguments and the formatted traceback.
"""

import logging
import re
from collections.abc import Mapping

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Mainland resident ID: 17 digits and a digit or X check character (18), or the old 15-digit form.
_ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(?:\d{17}[\dXx]|\d{15})(?![\dA-Za-z])")
# Phones: +country codes, mainland mobiles (11 digits from 1), landlines with area codes; digits may be
# separated by spaces, dots or dashes, so any run of 7 or more digits with such separators counts. A reference
# such as LF-SH01-20261122-0042 is not a phone: no match starts or ends inside a longer token. Dates and times
# (2026-11-22 07:20:46.123456+00:00) are matched first and kept as they are.
_PHONE_OR_TIME = re.compile(
    r"(?P<time>\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?(?:[+-]\d{2}:?\d{2}|Z)?"
    r"|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?(?:[+-]\d{2}:?\d{2})?)"
    r"|(?P<phone>(?<![\w-])\+?\(?\d[\d\s().-]{5,}\d(?![\w-]))"
)
_MIN_PHONE_DIGITS = 7

EMAIL_MASK = "[email]"
ID_MASK = "[id-number]"
PHONE_MASK = "[phone]"


def _mask_phone(match: re.Match) -> str:
    text = match.group(0)
    if match.group("time") or sum(character.isdigit() for character in text) < _MIN_PHONE_DIGITS:
        return text
    return PHONE_MASK


def scrub(text: str) -> str:
    text = _EMAIL.sub(EMAIL_MASK, text)
    text = _ID_NUMBER.sub(ID_MASK, text)
    return _PHONE_OR_TIME.sub(_mask_phone, text)


class RecordId(int):
    """A record's id as a log argument: `logger.warning("deadline %s: …", RecordId(deadline.pk))`.

    An id is not personal data, but seven digits or more read as a phone number. The filter leaves an
    argument of this type as it is (formatted with `%s`) and scrubs the rest of the message as always.
    """


# Unicode private use: no pattern above matches these characters, so a masked match never spans one.
_PLACEHOLDER = 0xE000


def _hold_ids(args):
    """`args` with each RecordId replaced by a placeholder character, and the ids by placeholder."""
    held: dict[str, str] = {}

    def hold(value):
        if not isinstance(value, RecordId):
            return value
        placeholder = chr(_PLACEHOLDER + len(held))
        held[placeholder] = str(int(value))
        return placeholder

    if isinstance(args, tuple):
        return tuple(hold(value) for value in args), held
    if isinstance(args, Mapping):
        return {key: hold(value) for key, value in args.items()}, held
    return args, held


class PersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "personal_data_removed", False):
            return True  # a second handler: scrubbing again would mask the ids kept the first time
        record.personal_data_removed = True
        args, held = _hold_ids(record.args)
        try:
            message = str(record.msg) % args if args else str(record.msg)
        except Exception:  # an id given to %d, or a broken format string
            held = {}
            try:
                message = record.getMessage()
            except Exception:  # a broken format string: keep the raw message, scrubbed
                message = str(record.msg)
        message = scrub(message)
        for placeholder, record_id in held.items():
            message = message.replace(placeholder, record_id)
        record.msg = message
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
