"""SMS backends, chosen by the SMS_BACKEND setting (like Django's EMAIL_BACKEND).

- `LogSMSBackend` (default) writes each text to the log: a first run needs no gateway.
- `HttpGatewaySMSBackend` posts JSON to SMS_GATEWAY_URL with SMS_GATEWAY_KEY as a bearer token.
- `MemorySMSBackend` keeps texts in `MemorySMSBackend.outbox` for tests.

A backend returns only when the gateway accepted the text; any refusal raises SMSError.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SMSError(Exception):
    pass


class SMSBackend:
    def send(self, *, to: str, body: str, reference: str) -> str:
        """Send one text; returns the gateway's id for it. `reference` is our idempotency key."""
        raise NotImplementedError


class LogSMSBackend(SMSBackend):
    def send(self, *, to: str, body: str, reference: str) -> str:
        logger.info("SMS to %s [%s]: %s", to, reference, body)
        return reference


class MemorySMSBackend(SMSBackend):
    outbox: list[dict] = []

    def send(self, *, to: str, body: str, reference: str) -> str:
        MemorySMSBackend.outbox.append({"to": to, "body": body, "reference": reference})
        return reference


class HttpGatewaySMSBackend(SMSBackend):
    """A generic HTTP SMS gateway: POST {"to", "text", "reference"} as JSON, 2xx means accepted.

    The reference goes along as `Idempotency-Key` too, so a gateway that honours it drops the
    second copy when a worker died between the gateway's answer and our "sent" mark.
    """

    def __init__(self, *, url: str | None = None, key: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        if not self.url:
            raise SMSError("SMS_GATEWAY_URL is not set")

    def send(self, *, to: str, body: str, reference: str) -> str:
        payload = json.dumps({"to": to, "text": body, "reference": reference}).encode("utf-8")
        request = urllib.request.Request(self.url, data=payload, method="POST")
        request.add_header("Content-Type", "application/json; charset=utf-8")
        request.add_header("Idempotency-Key", reference)
        if self.key:
            request.add_header("Authorization", f"Bearer {self.key}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = response.read(4096)
        except urllib.error.HTTPError as error:
            raise SMSError(f"gateway refused the text: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError) as error:
            raise SMSError(f"gateway not reached: {error}") from error
        try:
            return str(json.loads(answer or b"{}").get("id", reference))
        except (ValueError, AttributeError):
            return reference


def get_sms_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
