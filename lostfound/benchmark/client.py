"""A keep-alive HTTP client with its own cookies, and the concurrent load that measures one page.

The standard library's http.client keeps the connection open between requests. Cookies are kept by
hand: with DJANGO_SECURE=1 the session and CSRF cookies are marked Secure, which a browser (or requests'
cookie jar) would not send back over the plain-http loopback the benchmark uses.
"""

import http.client
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BenchmarkError(RuntimeError):
    pass


@dataclass
class Answer:
    status: int
    body: bytes
    location: str


class Client:
    """One keep-alive connection and one set of cookies (copy() shares the cookies on a new connection)."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies: dict[str, str] = dict(cookies or {})
        self._connection: http.client.HTTPConnection | None = None

    def copy(self) -> "Client":
        return Client(self.port, self.cookies)

    def request(self, method: str, path: str, *, form: dict | None = None, headers: dict | None = None) -> Answer:
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "zh-hans", **(headers or {})}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                self._connection.request(method, path, body=body, headers=sent)
                response = self._connection.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # The server closed a kept-alive connection between two requests: open a new one once.
                self.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, data, response.headers.get("Location", ""))

    def csrf_token(self, path: str) -> str:
        answer = self.request("GET", path)
        found = _CSRF_INPUT.search(answer.body.decode("utf-8", "replace"))
        if answer.status != 200 or not found:
            raise BenchmarkError(f"GET {path} answered {answer.status} without a CSRF token")
        return found.group(1)

    def sign_in(self, username: str, password: str) -> None:
        token = self.csrf_token("/accounts/login/")
        answer = self.request("POST", "/accounts/login/",
                              form={"username": username, "password": password, "csrfmiddlewaretoken": token})
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise BenchmarkError(f"signing in as {username} answered {answer.status}")

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class Call:
    """One request a page makes: method, path, form, headers, and the status that counts as success.

    `follow`: after the measured answer, GET the page it redirects to, unmeasured, as the browser does. A
    form's "saved" message is shown and cleared there; unread, every message would pile up in the session
    (beyond the messages cookie's 2 kB), which every later request would read and write again.
    """

    method: str
    path: str
    expect: int = 200
    form: dict | None = None
    headers: dict = field(default_factory=dict)
    follow: bool = False


@dataclass
class Timing:
    latencies: list[float]
    elapsed: float
    errors: int
    first_error: str = ""

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile in seconds."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        rank = max(1, int(round(share * len(ordered) + 0.4999)))
        return ordered[min(rank, len(ordered)) - 1]

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    @classmethod
    def merged(cls, parts: list["Timing"]) -> "Timing":
        first_error = next((part.first_error for part in parts if part.first_error), "")
        return cls(latencies=[latency for part in parts for latency in part.latencies],
                   elapsed=sum(part.elapsed for part in parts), errors=sum(part.errors for part in parts),
                   first_error=first_error)


def run_load(client: Client, calls: Callable[[random.Random], Call], *, concurrency: int, seconds: float,
             requests: int, warmup: int = 3) -> Timing:
    """`concurrency` threads, each on its own connection with the client's cookies, send calls until
    `seconds` have passed or `requests` (if not 0) were sent in all; each thread first sends `warmup`
    unmeasured requests (connections open, caches of the worker processes filled). Only the calls' own
    answers are timed, not the redirects they follow."""
    latencies: list[float] = []
    errors: list[str] = []
    failures: list[str] = []
    lock = threading.Lock()
    sent = 0

    def worker(number: int, start: threading.Barrier) -> None:
        nonlocal sent
        own = client.copy()
        chooser = random.Random(number)
        try:
            try:
                for _ in range(warmup):
                    call = calls(chooser)
                    _follow(own, call, own.request(**_arguments(call)).location)
            except Exception as error:
                failures.append(f"warm-up: {error!r}")
                start.abort()
                return
            start.wait()
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                with lock:
                    if requests and sent >= requests:
                        return
                    sent += 1
                call = calls(chooser)
                began = time.perf_counter()
                location = ""
                try:
                    answer = own.request(**_arguments(call))
                    status, location = answer.status, answer.location
                except (OSError, http.client.HTTPException) as error:
                    status = repr(error)
                took = time.perf_counter() - began
                try:
                    _follow(own, call, location)
                except (OSError, http.client.HTTPException) as error:
                    status = f"{status}, then {error!r} from {location}"
                with lock:
                    latencies.append(took)
                    if status != call.expect:
                        errors.append(f"{call.method} {call.path} answered {status}, expected {call.expect}")
        finally:
            own.close()

    barrier = threading.Barrier(concurrency + 1)
    threads = [threading.Thread(target=worker, args=(n, barrier), daemon=True) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    try:
        barrier.wait()
    except threading.BrokenBarrierError:
        for thread in threads:
            thread.join()
        raise BenchmarkError("; ".join(failures) or "a client thread failed") from None
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return Timing(latencies=latencies, elapsed=elapsed, errors=len(errors), first_error=errors[0] if errors else "")


def run_beside_floor(page: tuple[Client, Callable[[random.Random], Call]],
                     floor: tuple[Client, Callable[[random.Random], Call]], *, slices: int, concurrency: int,
                     seconds: float, requests: int) -> tuple[Timing, Timing]:
    """The page's load in `slices` slices of its `seconds`, each between two slices of the floor's half as long:
    (page, floor). A host's speed drifts by a third within minutes (docs/performance.md); measured through the
    same minutes, a page and the floor it is compared with see the same host."""
    page_parts, floor_parts = [], []
    share = max(1, -(-requests // slices)) if requests else 0
    for _ in range(slices):
        floor_parts.append(run_load(*floor, concurrency=concurrency, seconds=seconds / slices / 2, requests=share))
        page_parts.append(run_load(*page, concurrency=concurrency, seconds=seconds / slices, requests=share))
    floor_parts.append(run_load(*floor, concurrency=concurrency, seconds=seconds / slices / 2, requests=share))
    return Timing.merged(page_parts), Timing.merged(floor_parts)


def _follow(client: Client, call: Call, location: str) -> None:
    if call.follow and location:
        client.request("GET", location)


def _arguments(call: Call) -> dict:
    return {"method": call.method, "path": call.path, "form": call.form, "headers": call.headers}
