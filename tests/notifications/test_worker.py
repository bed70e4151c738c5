"""A real Celery worker process delivers an outbox row through Redis (SLA-6, end to end)."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection, transaction

from notifications.models import Audience, Message, MessageState
from notifications.services import message_enqueue

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not settings.CELERY_BROKER_URL.startswith("redis://"),
                       reason="needs CELERY_BROKER_URL=redis://… (a real broker for a real worker)"),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="the worker process must reach the test database: needs DATABASE_URL=postgres://…"),
]


def _database_url() -> str:
    config = connection.settings_dict
    credentials = quote(config["USER"] or "")
    if config.get("PASSWORD"):
        credentials += ":" + quote(config["PASSWORD"])
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{config['NAME']}"


@pytest.fixture
def worker(tmp_path):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "PYTHONPATH": str(ROOT),
    })
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "lostfound", "worker", "--pool=solo", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    yield mail_dir
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def _enqueue(site, reference: str) -> Message:
    with transaction.atomic():
        return message_enqueue(
            dedupe_key=f"worker-test:{reference}:{time.time_ns()}", audience=Audience.STAFF, channel="email",
            recipient_address="maria@example.com", recipient_name="Maria", language="en", template_key="hello",
            context={"reference": reference, "note": "through redis"}, site=site,
        )


def _wait_until_sent(message: Message, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        message.refresh_from_db()
        if message.state == MessageState.SENT:
            return
        time.sleep(0.25)
    raise AssertionError(f"message {message.pk} is {message.state}; worker log:\n{log.read_text()}")


def test_a_worker_delivers_a_message_through_redis(site, templates, worker, tmp_path):
    # The kick goes to Redis after the commit; the worker picks it up.
    message = _enqueue(site, "LF-WORKER")
    _wait_until_sent(message, tmp_path / "worker.log")
    assert message.attempts == 1
    files = list(worker.iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    assert "Subject: Hello LF-WORKER" in text and "maria@example.com" in text

    # PostgreSQL drops the worker's connection (as on a restart): the next message still goes, once.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [connection.settings_dict["NAME"]],
        )
    second = _enqueue(site, "LF-AFTER-RESTART")
    _wait_until_sent(second, tmp_path / "worker.log")
    texts = "".join(path.read_text() for path in worker.iterdir())
    assert texts.count("Subject: Hello LF-AFTER-RESTART") == 1
    assert texts.count("Subject: Hello LF-WORKER") == 1
    assert Message.objects.filter(state=MessageState.SENT).count() == 2


def test_a_worker_delivers_a_burst_through_one_kick_and_one_sweep(site, templates, worker, tmp_path):
    burst = [_enqueue(site, f"LF-BURST-{n}") for n in range(4)]
    for message in burst:
        _wait_until_sent(message, tmp_path / "worker.log")
    texts = "".join(path.read_text() for path in worker.iterdir())
    assert all(texts.count(f"Subject: Hello LF-BURST-{n}") == 1 for n in range(4))
