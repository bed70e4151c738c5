import pytest
from django.contrib.contenttypes.models import ContentType

from notifications.models import MessageState
from notifications.selectors import messages_for, messages_for_user
from tests.notifications.conftest import make_message

pytestmark = pytest.mark.django_db


def test_messages_for_a_subject_in_order_with_their_state(site, area, other_area):
    area_type = ContentType.objects.get_for_model(area)
    first = make_message(key="1", site=site, subject_type=area_type, subject_id=area.pk)
    make_message(key="other", site=site, subject_type=area_type, subject_id=other_area.pk)
    second = make_message(key="2", site=site, subject_type=area_type, subject_id=area.pk, state=MessageState.FAILED)
    assert list(messages_for(area)) == [first, second]
    assert [message.state for message in messages_for(area)] == [MessageState.PENDING, MessageState.FAILED]


def test_staff_see_only_their_sites_messages(site, other_site, manager, legal):
    here = make_message(key="here", site=site, state=MessageState.FAILED)
    there = make_message(key="there", site=other_site, state=MessageState.FAILED)
    assert list(messages_for_user(manager)) == [here]
    assert set(messages_for_user(legal)) == {here, there}
