"""INV-7: the public board shows notices without identifying details, and only while the incident is open."""

import datetime

import pytest
from django.urls import reverse

from investigations.models import LostItemNotice
from tests.investigations.conftest import file_theft

BOARD = "/notices/SH01/"


def notice_data(category, area, **overrides):
    return {"category": category.pk, "description_zh_hans": "黑色皮质钱包", "description_en": "Black leather wallet",
            "lost_on": datetime.date.today().isoformat(), "area": area.pk} | overrides


@pytest.fixture
def published(client, manager, incident, category, area):
    client.force_login(manager)
    response = client.post(reverse("investigations:notice_publish", args=[incident.pk]), notice_data(category, area))
    assert response.status_code == 302
    client.logout()
    return LostItemNotice.objects.get()


def test_board_url_and_no_sign_in_needed(client, published):
    assert reverse("notices:board", args=["SH01"]) == BOARD
    response = client.get(BOARD)
    assert response.status_code == 200


def test_board_shows_both_languages_and_nothing_identifying(client, published, incident):
    page = client.get(BOARD).content.decode()
    for shown in ("钱包", "Wallet", "黑色皮质钱包", "Black leather wallet", "Lobby"):
        assert shown in page, shown
    customer = incident.customer
    for hidden in (customer.name, "138", customer.email, incident.reference, "Coach"):
        assert hidden not in page, hidden


def test_notice_leaves_the_board_when_the_incident_is_cancelled(client, published, incident, front_desk):
    from incidents.services import incident_cancel

    assert "Black leather wallet" in client.get(BOARD).content.decode()
    incident_cancel(incident=incident, by=front_desk, reason="Found at home")
    assert "Black leather wallet" not in client.get(BOARD).content.decode()


def test_notice_leaves_the_board_when_the_incident_is_closed(client, published, incident, front_desk):
    from incidents.services import incident_close, incident_dispatch, incident_mark_not_found, incident_start_search

    incident_dispatch(incident=incident, by=front_desk)
    incident_start_search(incident=incident, by=front_desk)
    incident_mark_not_found(incident=incident, by=front_desk, note="Not found after search")
    incident_close(incident=incident, by=front_desk)
    assert "Black leather wallet" not in client.get(BOARD).content.decode()


def test_withdrawn_notice_leaves_the_board(client, manager, published):
    client.force_login(manager)
    response = client.post(reverse("investigations:notice_withdraw", args=[published.pk]))
    assert response.status_code == 302
    assert "Black leather wallet" not in client.get(BOARD).content.decode()


def test_other_sites_board_does_not_list_it(client, published, other_site):
    assert "Black leather wallet" not in client.get("/notices/BJ01/").content.decode()
    assert client.get("/notices/NOPE/").status_code == 404


@pytest.mark.parametrize("text", ["Call 138 0013 8000", "wang@example.com", "王小明的钱包"])
def test_identifying_words_are_refused(client, manager, incident, category, area, text):
    client.force_login(manager)
    response = client.post(reverse("investigations:notice_publish", args=[incident.pk]),
                           notice_data(category, area, description_zh_hans=text))
    assert response.status_code == 200
    assert "description_zh_hans" in response.context["form"].errors
    assert not LostItemNotice.objects.exists()


def test_drills_are_never_published(client, manager, site, area, category, front_desk):
    drill = file_theft(site=site, area=area, category=category, by=front_desk, is_drill=True)
    client.force_login(manager)
    response = client.post(reverse("investigations:notice_publish", args=[drill.pk]), notice_data(category, area))
    assert response.status_code == 200
    assert not LostItemNotice.objects.exists()


def test_publishing_and_closing_show_on_the_timeline(published, incident):
    from incidents.timeline import timeline_of

    labels = [str(e.label) for e in timeline_of(incident) if e.source == "investigations"]
    assert "Lost-item notice published" in labels
