"""get_FOO_display() from kept labels: in the active language, and a value outside the choices as it is."""

from django.utils import translation

from incidents.models import Incident, Status


def test_a_label_follows_the_language_and_an_unknown_value_shows_as_it_is():
    incident = Incident(status=Status.SEARCHING)
    with translation.override("en"):
        assert incident.get_status_display() == "Searching"
    with translation.override("zh-hans"):
        assert incident.get_status_display() == str(Status.SEARCHING.label) == "搜寻中"
    incident.status = "archived"
    assert incident.get_status_display() == "archived"
