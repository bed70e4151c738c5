"""The benchmark's load: only a call's own answer is timed; a call that follows its redirect does so unmeasured;
a page is measured in slices between slices of the floor."""

import itertools

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lostfound.benchmark.client import Call, Client, run_beside_floor, run_load

SLOW_PAGE_SECONDS = 0.2


class _Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen: list[str]

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.seen.append("POST " + self.path)
        self._answer(302, location="/saved/")

    def do_GET(self):
        self.seen.append("GET " + self.path)
        if self.path == "/saved/":
            time.sleep(SLOW_PAGE_SECONDS)  # the page a form leads to: slower than the form's own answer
        self._answer(200)

    def _answer(self, status, location=""):
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("Site", (_Site,), {"seen": seen}))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("follow", [True, False])
def test_a_post_follows_its_redirect_unmeasured_only_when_asked(site, follow):
    port, seen = site
    timing = run_load(Client(port), lambda chooser: Call("POST", "/new/", expect=302, form={"a": "1"}, follow=follow),
                      concurrency=2, seconds=10, requests=6, warmup=1)

    assert timing.requests == 6 and timing.errors == 0
    posts, gets = seen.count("POST /new/"), seen.count("GET /saved/")
    assert posts == 8  # two warm-ups and six measured
    assert gets == (posts if follow else 0)
    assert max(timing.latencies) < SLOW_PAGE_SECONDS  # the followed page's time is not the form's


def test_a_page_is_measured_in_slices_between_slices_of_the_floor(site):
    port, seen = site
    page = (Client(port), lambda chooser: Call("GET", "/page/"))
    floor = (Client(port), lambda chooser: Call("GET", "/floor/"))

    timing, floor_timing = run_beside_floor(page, floor, slices=3, concurrency=1, seconds=30, requests=3)

    assert [path for path, _ in itertools.groupby(seen)] == ["GET /floor/", "GET /page/"] * 3 + ["GET /floor/"]
    assert timing.requests == 3 and floor_timing.requests == 4 and timing.errors == floor_timing.errors == 0
