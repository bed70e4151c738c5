import datetime

import pytest
from django.utils import timezone

from notifications.models import Message
from policy.models import MessageTemplate


@pytest.fixture
def templates(db):
    """A company email and SMS text in both languages for the key "hello", and a site override."""
    for language, greeting in (("zh-hans", "您好"), ("en", "Hello")):
        MessageTemplate.objects.update_or_create(
            site=None, key="hello", language=language, channel="email",
            defaults={"subject": f"{greeting} {{{{ reference }}}}", "body": f"{greeting} {{{{ recipient_name }}}} <{{{{ note }}}}>"},
        )
        MessageTemplate.objects.update_or_create(
            site=None, key="hello", language=language, channel="sms", defaults={"body": f"{greeting} SMS {{{{ reference }}}}"},
        )


def make_message(*, key: str = "m1", channel: str = "email", address: str = "guest@example.com", site=None,
                 template_key: str = "hello", send_after: datetime.datetime | None = None, **fields) -> Message:
    return Message.objects.create(
        dedupe_key=key, audience=fields.pop("audience", "customer"), channel=channel, recipient_address=address,
        recipient_name="Guest", language=fields.pop("language", "en"), template_key=template_key,
        context=fields.pop("context", {"reference": "LF-1", "note": "a & b"}), site=site,
        send_after=send_after or timezone.now(), **fields,
    )
