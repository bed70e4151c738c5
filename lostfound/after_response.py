"""Work a request leaves until its response has gone out, so that the person at the screen does not wait for it.

Django sends `request_started` before the view and `request_finished` when the server, having written the whole
response, closes it. Between the two, `after_response(work)` holds the work for this thread and runs it then;
outside a request (a Celery task, a command) the work runs at once. The worker process is busy either way: only
the response comes sooner. Work lost to a crash in between must be work something else redoes (a sweep).
"""

import logging
import threading

from django.core.signals import request_finished, request_started
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_held = threading.local()


def after_response(work) -> None:
    pending = getattr(_held, "work", None)
    if pending is None:
        work()
    else:
        pending.append(work)


@receiver(request_started, dispatch_uid="lostfound.after_response.hold")
def _hold(**kwargs) -> None:
    _held.work = []


@receiver(request_finished, dispatch_uid="lostfound.after_response.run")
def _run(**kwargs) -> None:
    pending, _held.work = getattr(_held, "work", None), None
    for work in pending or ():
        try:
            work()
        except Exception:
            logger.exception("work left until after a response failed")
