"""The outbox: enqueue once, retry by hand (SLA-5, SLA-6). Sending is in `notifications.delivery`."""

import datetime
import json
import logging
import os
import threading

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from lostfound.after_response import after_response
from lostfound.log_privacy import RecordId
from notifications.kick_window import KickWindow
from notifications.models import Audience, Message, MessageState
from notifications.timing import quiet_hours_end
from organization.models import Site

logger = logging.getLogger(__name__)
# Messages this soon after a kick share one delivery sweep (notifications.kick_window).
KICK_WINDOW_SECONDS = 1.0


class MessageError(Exception):
    pass


def message_enqueue(
    *,
    dedupe_key: str,
    audience: str,
    channel: str,
    recipient_address: str,
    language: str,
    template_key: str,
    context: dict,
    site: Site | None = None,
    subject: models.Model | None = None,
    recipient_name: str = "",
    recipient_user=None,
    send_after: datetime.datetime | None = None,
    opted_out: bool = False,
    now: datetime.datetime | None = None,
) -> Message | None:
    """Add a message to the outbox, once: a second call with the same dedupe key adds nothing.

    Returns the new message, or None when the key was already there.

    Customer messages that would go out in the site's quiet hours wait until they end, and a
    customer who opted out gets a `suppressed` row (it shows on the timeline, nothing is sent).
    Staff messages ignore both (SLA-5). Call it inside the business transaction: delivery is
    kicked only after commit, and the delivery sweep finds the row if that kick is lost.
    """
    now = now or timezone.now()
    send_after = send_after or now
    state = MessageState.PENDING
    if audience == Audience.CUSTOMER:
        if opted_out:
            state = MessageState.SUPPRESSED
        else:
            send_after = quiet_hours_end(site=site, at=send_after) or send_after
    message = Message(
        dedupe_key=dedupe_key, audience=audience, channel=channel, recipient_address=recipient_address,
        recipient_name=recipient_name, recipient_user=recipient_user, language=language, template_key=template_key,
        context=context, site=site, subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None, send_after=send_after, state=state,
    )
    if not _insert_once(message):
        return None
    if state == MessageState.PENDING and send_after <= now:
        transaction.on_commit(lambda: _kick_delivery(message.pk))
    return message


def _insert_once(message: Message) -> bool:
    """Save a new message unless its dedupe key is already in the outbox; True when it went in.

    On PostgreSQL one `INSERT … ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`, its values prepared by the
    model's own fields as save() would (get_or_create took four statements: a look-up, two savepoints and the
    insert). Message has no save signals to miss."""
    if connection.vendor != "postgresql":
        if Message.objects.filter(dedupe_key=message.dedupe_key).exists():
            return False
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:  # inserted by someone else since the look-up
            return False
        return True
    fields = _insert_fields()
    values = [field.get_db_prep_save(field.pre_save(message, add=True), connection) for field in fields]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Message._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT (dedupe_key) DO NOTHING "
            f"RETURNING {quote(Message._meta.pk.column)}",
            values,
        )
        inserted = cursor.fetchone()
    if inserted is None:
        return False
    message.pk, message._state.adding, message._state.db = inserted[0], False, connection.alias
    return True


def _insert_fields() -> list:
    return [field for field in Message._meta.concrete_fields if not field.primary_key]


# Above this many new messages in one call, one delivery sweep is kicked instead of one task each.
KICK_EACH_UP_TO = 20


def staff_messages_enqueue(
    *, drafts: list[dict], now: datetime.datetime | None = None, kick: bool = True
) -> dict[str, int]:
    """Add many staff messages at once (the deadline sweep's reminders and escalations); returns the new
    ones' ids by dedupe key.

    Each draft holds `message_enqueue`'s keyword arguments (staff audience: no quiet hours, no
    opt-out). Keys already in the outbox are left alone, so a rerun adds nothing.
    """
    now = now or timezone.now()
    wanted = {draft["dedupe_key"]: draft for draft in drafts}
    if not wanted:
        return {}
    if connection.vendor == "postgresql":
        created = _insert_new_messages(wanted.values(), now=now)
    else:
        created = _create_new_messages(wanted, now=now)
    if kick:
        due = [message_id for key, message_id in created.items()
               if message_id is not None and (wanted[key].get("send_after") or now) <= now]
        if len(due) <= KICK_EACH_UP_TO:
            for message_id in due:
                transaction.on_commit(lambda message_id=message_id: _kick_delivery(message_id))
        elif due:
            transaction.on_commit(_kick_delivery_sweep)
    return created


def _insert_new_messages(drafts, *, now: datetime.datetime) -> dict[str, int]:
    """One INSERT … ON CONFLICT DO NOTHING for all of them, the rows as one JSON parameter: thousands
    of separate parameters (or Django's per-field preparation) cost more than the insert itself."""
    rows = []
    for draft in drafts:
        site, user, subject = draft.get("site"), draft.get("recipient_user"), draft.get("subject")
        rows.append({
            "dedupe_key": draft["dedupe_key"], "channel": draft["channel"],
            "recipient_address": draft["recipient_address"], "recipient_name": draft.get("recipient_name", ""),
            "recipient_user_id": user.pk if user is not None else None, "language": draft["language"],
            "template_key": draft["template_key"], "context": draft["context"],
            "site_id": site.pk if site is not None else None,
            "subject_type_id": ContentType.objects.get_for_model(subject).pk if subject is not None else None,
            "subject_id": subject.pk if subject is not None else None,
            "send_after": (draft.get("send_after") or now).isoformat(),
        })
    table = connection.ops.quote_name(Message._meta.db_table)
    columns = ("dedupe_key, site_id, subject_type_id, subject_id, recipient_user_id, recipient_name, "
               "recipient_address, channel, language, template_key, context, send_after")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, audience, state, attempts, last_error, created_at) "
            f"SELECT {columns}, %s, %s, 0, '', %s FROM jsonb_populate_recordset(NULL::{table}, %s::jsonb) "
            f"ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key, id",
            [Audience.STAFF.value, MessageState.PENDING.value, timezone.now(), json.dumps(rows)],
        )
        return dict(cursor.fetchall())


def _create_new_messages(wanted: dict[str, dict], *, now: datetime.datetime) -> dict[str, int]:
    """The same with the ORM (SQLite): the keys not yet in the outbox in one bulk insert; should one slip
    in after the look-up anyway, the rows go one by one instead."""
    existing = set(Message.objects.filter(dedupe_key__in=list(wanted)).values_list("dedupe_key", flat=True))
    rows = []
    for key, draft in wanted.items():
        if key in existing:
            continue
        draft = dict(draft)
        subject = draft.pop("subject", None)
        draft.pop("audience", None)
        draft.pop("now", None)
        send_after = draft.pop("send_after", None) or now
        rows.append(Message(
            audience=Audience.STAFF, state=MessageState.PENDING, send_after=send_after,
            subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
            subject_id=subject.pk if subject is not None else None,
            **draft,
        ))
    if not rows:
        return {}
    try:
        with transaction.atomic():
            created = Message.objects.bulk_create(rows, batch_size=1000)
    except IntegrityError:
        # Someone inserted one of these keys after our look-up: fall back to one at a time.
        created = [
            message for message in (
                message_enqueue(**{**wanted[row.dedupe_key], "audience": Audience.STAFF, "now": now})
                for row in rows
            ) if message is not None
        ]
    return {message.dedupe_key: message.pk for message in created}


def _publish(task, args: tuple = (), *, expires: int, countdown: float | None = None) -> None:
    """Send a kick without waiting for a broker that is down.

    `retry=False` alone still lets kombu retry the connection (about 6 s with redis-py 8 before it
    gives up), which a web request filing a report would feel on every message. A connection of its
    own with `max_retries=0` fails in milliseconds; the delivery sweep sends the row anyway. That
    connection is kept for the next kick (opening one cost about 5 ms of a filing's CPU); a kept one
    the broker has since closed is dropped and one fresh connection tried.
    """
    for attempt in (1, 2):
        connection = _kick_connection(task.app)
        try:
            task.apply_async(args, retry=False, expires=expires, countdown=countdown, connection=connection)
            return
        except Exception:
            _drop_kick_connection()
            if attempt == 2:
                raise


_kept = threading.local()


def _kick_connection(app):
    """This thread's broker connection for kicks, for the broker configured now, in this process."""
    key = (os.getpid(), app.conf.broker_url)
    if getattr(_kept, "key", None) != key:
        _drop_kick_connection()
        options = {**(app.conf.broker_transport_options or {}), "max_retries": 0}
        _kept.connection, _kept.key = app.connection_for_write(transport_options=options), key
    return _kept.connection


def _drop_kick_connection() -> None:
    connection, key = getattr(_kept, "connection", None), getattr(_kept, "key", None)
    _kept.connection = _kept.key = None
    # A connection inherited from the parent process shares its socket: closing it here would close theirs.
    if connection is not None and key[0] == os.getpid():
        try:
            connection.release()
        except Exception:  # already broken: nothing to close
            pass


def _kick_delivery_sweep() -> None:
    after_response(_publish_delivery_sweep)


def _kick_delivery(message_id: int) -> None:
    # After the response: whoever filed the report does not wait for the broker.
    after_response(lambda: _kicks.kick(message_id))


def _publish_delivery_sweep(countdown: float = 0) -> bool:
    from notifications.tasks import deliver

    try:
        _publish(deliver, expires=55, countdown=countdown or None)
        return True
    except Exception:  # the broker is down: beat's own delivery sweep sends them within a minute
        logger.warning("could not queue a delivery sweep; beat's next one sends the messages")
        return False


def _publish_delivery(message_id: int) -> bool:
    from notifications.tasks import deliver_message

    try:
        # No broker retries: a web request must not hang while Redis is down.
        _publish(deliver_message, (message_id,), expires=600)
        return True
    except Exception:  # the broker is down: the next delivery sweep finds the pending row
        logger.warning("could not queue delivery of message %s; the sweep will send it", RecordId(message_id))
        return False


_kicks = KickWindow(seconds=KICK_WINDOW_SECONDS, kick_message=_publish_delivery, kick_sweep=_publish_delivery_sweep)


@transaction.atomic
def message_retry(*, message: Message, user=None, now: datetime.datetime | None = None) -> Message:
    """Give a failed message a fresh set of attempts (a manager's "retry")."""
    now = now or timezone.now()
    updated = Message.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
        state=MessageState.PENDING, attempts=0, send_after=now, lease_until=None
    )
    if updated != 1:
        raise MessageError("only a failed message can be retried")
    logger.info("message %s queued again by %s", RecordId(message.pk), getattr(user, "pk", None))
    transaction.on_commit(lambda: _kick_delivery(message.pk))
    message.refresh_from_db()
    return message


__all__ = ["message_enqueue", "staff_messages_enqueue", "message_retry", "MessageError", "Audience"]
