"""Kicks to the delivery worker within a window share one delivery sweep.

After a quiet spell a message gets its own kick, published at once. A message within `seconds` of that kick is
left to one delivery sweep queued `seconds` ahead, which sends every due row, its own included: under a burst of
reports a web process publishes two or three kicks a second instead of one per message (a publish cost a filing
0.5–1.2 ms of CPU). Kicks are published after the message's commit, so a sweep that runs later finds the row.
The last quarter of a queued sweep's wait is not counted on, in case the worker's clock runs ahead of ours.
A kick that could not be published counts for nothing: the next message tries again, and beat's sweep sends every
pending row within a minute.
"""

import threading
import time
from collections.abc import Callable


class KickWindow:
    def __init__(self, *, seconds: float, kick_message: Callable[[int], bool], kick_sweep: Callable[[float], bool],
                 clock: Callable[[], float] = time.monotonic):
        self.seconds = seconds
        self._kick_message, self._kick_sweep, self._clock = kick_message, kick_sweep, clock
        self._message_kicked_at = float("-inf")
        self._sweep_counted_until = float("-inf")
        self._lock = threading.Lock()

    def kick(self, message_id: int) -> None:
        now = self._clock()
        with self._lock:
            quiet = now >= self._message_kicked_at + self.seconds
            swept = now < self._sweep_counted_until
        if quiet:
            if self._kick_message(message_id):
                with self._lock:
                    self._message_kicked_at = now
        elif not swept and self._kick_sweep(self.seconds):
            with self._lock:
                self._sweep_counted_until = now + self.seconds * 0.75
