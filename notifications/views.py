"""Managers' view of messages that could not be delivered, with a retry button (SLA-6)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from notifications.models import MessageState
from notifications.selectors import message_for_user, messages_for_user
from notifications.services import MessageError, message_retry
from organization.roles import Role, has_role


def _require_manager(request: HttpRequest) -> None:
    if not has_role(request.user, Role.MANAGER, Role.ADMINISTRATOR):
        raise PermissionDenied


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    state = request.GET.get("state", MessageState.FAILED)
    if state not in MessageState.values:
        state = MessageState.FAILED
    page = Paginator(messages_for_user(request.user, state=state), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/message/list.html",
        {"page": page, "state": state, "states": MessageState.choices, "failed": MessageState.FAILED},
    )


@login_required
@require_POST
def message_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    message = message_for_user(request.user, pk)
    try:
        message_retry(message=message, user=request.user)
    except MessageError:
        messages.error(request, _("Only a failed message can be sent again."))
    else:
        messages.success(request, _("The message will be sent again."))
    return redirect("notifications:message_list")
