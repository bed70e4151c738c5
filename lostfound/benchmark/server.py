"""gunicorn on a free loopback port, with production settings, for the length of a `with` block."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from lostfound.benchmark.client import BenchmarkError


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(port: int) -> dict[str, str]:
    """The environment of a production web process (README "Production"), on plain http over loopback."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="lostfound.benchmark.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECURE="1",
        # TLS ends at a proxy in production; here the clients talk plain http to gunicorn itself.
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
    )
    return environment


@contextlib.contextmanager
def gunicorn(*, workers: int, log: Path) -> Iterator[int]:
    """Start gunicorn (sync workers, as the Dockerfile runs it) and yield its port once /healthz answers."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")), "lostfound.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers), "--timeout", "120", "--keep-alive", "30",
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=production_environment(port),
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_up(port, process, log)
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"gunicorn exited with {process.returncode}; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise BenchmarkError(f"gunicorn did not answer /healthz within 60 s; see {log}")
