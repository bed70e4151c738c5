"""One transport per channel. Each returns only when the channel accepted the message."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.text import slugify

from notifications.models import Channel, Message
from notifications.rendering import Rendered
from notifications.sms import SMSError, get_sms_backend


class ChannelError(Exception):
    """The channel did not accept the message; worth another try later."""


def _message_id(message: Message) -> str:
    # Derived from the dedupe key, so a copy sent again after a crash carries the same id.
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{slugify(message.dedupe_key.replace(':', '-'))}.{message.pk}@{domain}>"


def send_email(message: Message, rendered: Rendered) -> None:
    email = EmailMessage(
        subject=rendered.subject.replace("\n", " "),
        body=rendered.body,
        to=[message.recipient_address],
        headers={"Message-ID": _message_id(message)},
        connection=get_connection(fail_silently=False),
    )
    try:
        accepted = email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        raise ChannelError(f"{type(error).__name__}: {error}") from error
    if accepted != 1:
        raise ChannelError("the mail backend did not accept the message")


def send_sms(message: Message, rendered: Rendered) -> None:
    try:
        get_sms_backend().send(to=message.recipient_address, body=rendered.body, reference=message.dedupe_key)
    except SMSError as error:
        raise ChannelError(str(error)) from error


TRANSPORTS = {Channel.EMAIL: send_email, Channel.SMS: send_sms}


def send(message: Message, rendered: Rendered) -> None:
    TRANSPORTS[message.channel](message, rendered)
