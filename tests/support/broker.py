"""A private Redis and a real worker for process tests.

Other people's workers use the shared Redis on 6379: these tests never touch it. Each test starts
its own `redis-server` on a free port (no persistence), can stop and start it again on the same
port, and points this process's Celery app at it for the duration.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from tests.support.processes import ROOT, free_port, project_env, wait_for

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


class PrivateRedis:
    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", str(self.folder)],
            stdout=(self.folder / "redis.log").open("a"), stderr=subprocess.STDOUT,
        )
        if not wait_for(self._answers, timeout=10, interval=0.05):
            raise RuntimeError(f"redis-server on port {self.port} did not start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
        wait_for(lambda: not self._answers(), timeout=5, interval=0.05)


def database_url() -> str:
    """The test database, as a URL a worker process can use."""
    from django.db import connection

    config = connection.settings_dict
    credentials = quote(config["USER"] or "")
    if config.get("PASSWORD"):
        credentials += ":" + quote(config["PASSWORD"])
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{config['NAME']}"


@contextlib.contextmanager
def celery_broker(url: str):
    """Send this process's tasks to `url` (Celery caches its connection pools: drop them both ways)."""
    from kombu import pools

    from lostfound.celery import app

    def reset_pools():
        # kombu keeps one pool per broker address for the whole process: a closed one left there would be handed
        # out again the next time that address is used (a kick queued with a countdown opens the default one).
        pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    # Celery reads the environment variable before its own setting, so both must change.
    saved, saved_env = app.conf.get("broker_url"), os.environ.get("CELERY_BROKER_URL")
    reset_pools()
    app.conf.broker_url = url
    os.environ["CELERY_BROKER_URL"] = url
    try:
        yield app
    finally:
        reset_pools()
        app.conf.broker_url = saved
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env


def start_worker(*, broker_url: str, log: Path, **env: str) -> subprocess.Popen:
    environment = project_env(DATABASE_URL=database_url(), CELERY_BROKER_URL=broker_url, **env)
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "lostfound", "worker", "--pool=solo", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=environment, stdout=log.open("a"), stderr=subprocess.STDOUT,
    )


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL: no cleanup, no ack, no "sent" mark — a power cut for the worker."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def wait_until(predicate, *, timeout: float, what: str, log: Path | None = None) -> None:
    if not wait_for(predicate, timeout=timeout, interval=0.1):
        details = f"\nworker log:\n{log.read_text()[-4000:]}" if log is not None and log.exists() else ""
        raise AssertionError(f"timed out after {timeout} s waiting for {what}{details}")


