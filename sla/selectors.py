import datetime

from django.db.models import QuerySet

from sla.models import Deadline, DeadlineState
from sla.services import deadlines_of

__all__ = ["deadlines_due", "deadlines_of"]


def deadlines_due(*, now: datetime.datetime) -> QuerySet[Deadline]:
    """Open deadlines with something to do by `now`: served by the partial index `deadline_due_open`."""
    return Deadline.objects.filter(state=DeadlineState.OPEN, next_check_at__lte=now).order_by("next_check_at", "pk")
