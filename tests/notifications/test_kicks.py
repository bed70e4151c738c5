"""A kick to the delivery worker reuses this thread's broker connection, and replaces one that broke."""

import pytest

from notifications import services
from notifications.tasks import deliver_message


@pytest.fixture
def kept():
    """The connection each kick used, in order."""
    services._drop_kick_connection()
    used = []
    original = services._kick_connection

    def remembering(app):
        used.append(original(app))
        return used[-1]

    services._kick_connection = remembering
    yield used
    services._kick_connection = original
    services._drop_kick_connection()


def test_kicks_share_one_connection(kept):
    services._publish(deliver_message, (1,), expires=1)
    services._publish(deliver_message, (2,), expires=1)
    assert len(kept) == 2 and kept[0] is kept[1]


def test_a_broken_connection_is_replaced_once(kept, monkeypatch):
    services._publish(deliver_message, (1,), expires=1)
    sent, original = [], deliver_message.apply_async

    def fails_on_the_first_connection(args, **kwargs):
        if kwargs["connection"] is kept[0]:
            raise ConnectionError("closed by the broker")
        sent.append(args)
        return original(args, **kwargs)

    monkeypatch.setattr(deliver_message, "apply_async", fails_on_the_first_connection)
    services._publish(deliver_message, (2,), expires=1)
    assert sent == [(2,)] and kept[-1] is not kept[0]
    services._publish(deliver_message, (3,), expires=1)
    assert kept[-1] is kept[-2]


def test_a_broker_that_stays_down_fails_after_one_fresh_try(kept, monkeypatch):
    def down(args, **kwargs):
        raise ConnectionError("refused")

    monkeypatch.setattr(deliver_message, "apply_async", down)
    with pytest.raises(ConnectionError):
        services._publish(deliver_message, (1,), expires=1)
    assert len(kept) == 2 and kept[0] is not kept[1]
