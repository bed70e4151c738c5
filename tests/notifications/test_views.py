import pytest
from django.utils import timezone
from django.urls import include, path

from lostfound.urls import urlpatterns as project_urlpatterns
from notifications.models import MessageState
from tests.notifications.conftest import make_message

# The project's URLs, plus notifications' own while lostfound/urls.py does not include them yet.
urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "notifications" for pattern in urlpatterns):
    urlpatterns.append(path("notifications/", include("notifications.urls")))

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

URL = "/notifications/messages/"


@pytest.fixture
def failed(site, other_site):
    return (
        make_message(key="here", site=site, state=MessageState.FAILED, attempts=8, last_error="550 mailbox unavailable"),
        make_message(key="there", site=other_site, state=MessageState.FAILED, attempts=8, last_error="elsewhere"),
    )


def _url(name, *args):
    from django.urls import reverse

    return reverse(f"notifications:{name}", args=args)


def test_a_manager_sees_the_failed_messages_of_their_sites(client, manager, failed):
    client.force_login(manager)
    response = client.get(_url("message_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "550 mailbox unavailable" in page
    assert "elsewhere" not in page


def test_front_desk_may_not_see_the_list(client, front_desk, failed):
    client.force_login(front_desk)
    assert client.get(_url("message_list")).status_code == 403
    assert client.post(_url("message_retry", failed[0].pk)).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(_url("message_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_manager_retries_a_failed_message(client, manager, failed):
    client.force_login(manager)
    response = client.post(_url("message_retry", failed[0].pk))
    assert response.status_code == 302
    failed[0].refresh_from_db()
    assert failed[0].state == MessageState.PENDING and failed[0].attempts == 0


def test_a_manager_cannot_retry_another_sites_message(client, manager, failed):
    client.force_login(manager)
    assert client.post(_url("message_retry", failed[1].pk)).status_code == 404
    failed[1].refresh_from_db()
    assert failed[1].state == MessageState.FAILED


def test_retrying_a_sent_message_is_refused_politely(client, manager, site):
    sent = make_message(key="done", site=site, state=MessageState.SENT, sent_at=timezone.now())
    client.force_login(manager)
    response = client.post(_url("message_retry", sent.pk), follow=True)
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.state == MessageState.SENT


def test_retry_needs_post(client, manager, failed):
    client.force_login(manager)
    assert client.get(_url("message_retry", failed[0].pk)).status_code == 405


def test_other_states_can_be_listed(client, manager, site):
    make_message(key="waiting", site=site, last_error="still pending here")
    client.force_login(manager)
    assert "still pending here" in client.get(_url("message_list"), {"state": "pending"}).content.decode()
    assert "still pending here" not in client.get(_url("message_list"), {"state": "bogus"}).content.decode()
