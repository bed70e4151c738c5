"""An SMS backend for process tests: counts what the channel accepted in files both processes see.

Configured by environment (the worker is another process): COUNTING_SMS_DIR is the folder,
COUNTING_SMS_DELAY the seconds it waits before accepting. It appends the reference to
`started` when a send begins and to `sent` only when the "gateway" accepted it, so a worker
killed during the wait leaves a start without a send: the channel never had the message.
"""

import os
import time
from pathlib import Path

from notifications.sms import SMSBackend


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


class CountingSMSBackend(SMSBackend):
    def send(self, *, to: str, body: str, reference: str) -> str:
        folder = Path(os.environ["COUNTING_SMS_DIR"])
        _append(folder / "started", reference)
        time.sleep(float(os.environ.get("COUNTING_SMS_DELAY", "0")))
        _append(folder / "sent", reference)
        return reference


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.exists() else []
