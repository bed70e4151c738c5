"""Kicks within a window share one delivery sweep (notifications/kick_window.py)."""

import pytest

from notifications.kick_window import KickWindow


class Broker:
    """What was published, and whether the broker takes the next publish."""

    def __init__(self):
        self.published, self.up, self.now = [], True, 0.0

    def message(self, message_id):
        if self.up:
            self.published.append(("message", message_id, self.now))
        return self.up

    def sweep(self, countdown):
        if self.up:
            self.published.append(("sweep", countdown, self.now))
        return self.up


@pytest.fixture
def broker():
    return Broker()


@pytest.fixture
def window(broker):
    return KickWindow(seconds=1.0, kick_message=broker.message, kick_sweep=broker.sweep, clock=lambda: broker.now)


def _at(broker, window, now, message_id):
    broker.now = now
    window.kick(message_id)


def test_a_message_after_a_quiet_spell_is_kicked_at_once(broker, window):
    _at(broker, window, 10.0, 1)
    _at(broker, window, 12.0, 2)
    assert broker.published == [("message", 1, 10.0), ("message", 2, 12.0)]


def test_a_burst_shares_one_sweep_queued_a_window_ahead(broker, window):
    for now, message_id in [(10.0, 1), (10.1, 2), (10.3, 3), (10.6, 4)]:
        _at(broker, window, now, message_id)
    assert broker.published == [("message", 1, 10.0), ("sweep", 1.0, 10.1)]


def test_the_sweeps_last_quarter_is_not_counted_on(broker, window):
    # The sweep queued at 10.1 runs at 11.1 by our clock; a message at 10.9 gets a sweep of its own.
    for now, message_id in [(10.0, 1), (10.1, 2), (10.8, 3), (10.9, 4)]:
        _at(broker, window, now, message_id)
    assert broker.published == [("message", 1, 10.0), ("sweep", 1.0, 10.1), ("sweep", 1.0, 10.9)]


def test_steady_load_publishes_a_few_kicks_a_second(broker, window):
    for step in range(40):  # 20 messages a second for 2 s
        _at(broker, window, 10.0 + step * 0.05, step)
    assert [(kind, round(now, 2)) for kind, _, now in broker.published] == [
        ("message", 10.0), ("sweep", 10.05), ("sweep", 10.8), ("message", 11.0), ("sweep", 11.55),
    ]


def test_a_kick_the_broker_refused_counts_for_nothing(broker, window):
    broker.up = False
    _at(broker, window, 10.0, 1)
    _at(broker, window, 10.1, 2)
    broker.up = True
    _at(broker, window, 10.2, 3)
    _at(broker, window, 10.3, 4)
    assert broker.published == [("message", 3, 10.2), ("sweep", 1.0, 10.3)]
