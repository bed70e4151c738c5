from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from lostfound.prepared import PreparedRead
from notifications.models import Message, MessageState
from organization.selectors import restrict_to_sites

_ABOUT = PreparedRead(lambda type_id, subject_id: Message.objects.filter(
    subject_type_id=type_id, subject_id=subject_id).order_by("created_at", "pk"))


def messages_for(subject: models.Model) -> list[Message]:
    """Every message about a subject, oldest first, with its state (for the incident's timeline)."""
    return _ABOUT(ContentType.objects.get_for_model(subject).pk, subject.pk)


def messages_for_user(user, *, state: str | None = MessageState.FAILED) -> QuerySet[Message]:
    """Messages of the sites a user may see (failed ones by default), newest first."""
    rows = restrict_to_sites(Message.objects.select_related("site", "subject_type"), user)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by("-created_at", "-pk")


def message_for_user(user, pk: int) -> Message:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(messages_for_user(user, state=None), pk=pk)
