"""Work held until the response has gone out: run when the request finishes, at once outside a request."""

from django.core.signals import request_finished, request_started

from lostfound.after_response import after_response


def test_outside_a_request_the_work_runs_at_once():
    done = []
    after_response(lambda: done.append("kick"))
    assert done == ["kick"]


def test_inside_a_request_the_work_waits_for_the_response_and_a_failure_stops_no_other(db, caplog):
    # `db`: Django's own receivers of the request signals look after the database connection.
    done = []

    def broken():
        raise RuntimeError("broker down")

    request_started.send(sender=None, environ={})
    try:
        after_response(lambda: done.append("first"))
        after_response(broken)
        after_response(lambda: done.append("second"))
        assert done == []
    finally:
        request_finished.send(sender=None)

    assert done == ["first", "second"]
    assert "work left until after a response failed" in caplog.text
    after_response(lambda: done.append("later"))  # the next work outside a request runs at once
    assert done[-1] == "later"
