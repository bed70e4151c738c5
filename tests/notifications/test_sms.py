"""The HTTP SMS adapter against a tiny gateway on 127.0.0.1."""

import http.server
import json
import threading

import pytest
from django.test import override_settings

from notifications.sms import HttpGatewaySMSBackend, LogSMSBackend, SMSError, get_sms_backend


class Gateway(http.server.BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Gateway.received.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(length))})
        self.send_response(Gateway.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "gw-42"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    Gateway.received, Gateway.status = [], 200
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/send"
    server.shutdown()
    server.server_close()


def test_the_gateway_gets_json_with_the_key(gateway):
    with override_settings(SMS_GATEWAY_URL=gateway, SMS_GATEWAY_KEY="s3cret"):
        answer = HttpGatewaySMSBackend().send(to="+8613800000000", body="您好", reference="deadline:1:remind")
    assert answer == "gw-42"
    [request] = Gateway.received
    assert request["body"] == {"to": "+8613800000000", "text": "您好", "reference": "deadline:1:remind"}
    assert request["headers"]["Authorization"] == "Bearer s3cret"
    assert request["headers"]["Idempotency-Key"] == "deadline:1:remind"


def test_a_refusal_is_an_error(gateway):
    Gateway.status = 503
    with pytest.raises(SMSError, match="503"):
        HttpGatewaySMSBackend(url=gateway, key="k").send(to="1", body="x", reference="r")


def test_an_unreachable_gateway_is_an_error(gateway):
    closed = gateway.rsplit(":", 1)[0] + ":9/send"
    with pytest.raises(SMSError):
        HttpGatewaySMSBackend(url=closed, key="k", timeout=2).send(to="1", body="x", reference="r")


def test_the_gateway_needs_a_url():
    with override_settings(SMS_GATEWAY_URL=""), pytest.raises(SMSError):
        HttpGatewaySMSBackend()


def test_the_default_backend_writes_to_the_log(caplog):
    assert isinstance(get_sms_backend(), LogSMSBackend)
    with caplog.at_level("INFO", logger="notifications.sms"):
        get_sms_backend().send(to="+86138", body="hello", reference="r1")
    assert "hello" in caplog.text


@pytest.mark.django_db
def test_a_refused_text_is_retried_later(gateway, templates, site):
    from notifications.delivery import deliver
    from notifications.models import MessageState
    from tests.notifications.conftest import make_message

    Gateway.status = 500
    message = make_message(site=site, channel="sms", address="+86138")
    with override_settings(SMS_BACKEND="notifications.sms.HttpGatewaySMSBackend", SMS_GATEWAY_URL=gateway):
        assert deliver(message.pk) == MessageState.PENDING
        message.refresh_from_db()
        assert "500" in message.last_error
        Gateway.status = 200
        message.send_after = message.created_at
        message.save(update_fields=["send_after"])
        assert deliver(message.pk) == MessageState.SENT
    assert len(Gateway.received) == 2
