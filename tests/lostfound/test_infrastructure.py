"""The real parts: PostgreSQL when DATABASE_URL says so, Redis and a real worker, production settings."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.support.processes import ROOT, project_env, start_worker, stop, wait_for


def test_database_is_the_one_configured(db):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        assert connection.vendor == "postgresql"
    else:
        assert connection.vendor == "sqlite"


@pytest.mark.worker
def test_a_task_travels_through_the_broker_to_a_real_worker(tmp_path):
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("CELERY_BROKER_URL is not Redis; CI sets it")
    from tests.support.tasks import write_marker

    queue = f"test-{uuid.uuid4().hex}"
    marker = tmp_path / "marker.txt"
    worker = start_worker(queue=queue, env=project_env(), log=tmp_path / "worker.log")
    try:
        write_marker.apply_async(args=[str(marker), "delivered"], queue=queue)
        arrived = wait_for(marker.exists, timeout=60)
    finally:
        stop(worker)
    log = (tmp_path / "worker.log").read_text()
    assert arrived, log
    assert marker.read_text() == "delivered"
    assert "redis://" in log


def test_deploy_check_is_clean_under_production_settings(tmp_path):
    env = project_env(
        DJANGO_DEBUG="0",
        DJANGO_SECURE="1",
        SECRET_KEY="p" + uuid.uuid4().hex + uuid.uuid4().hex + "-Xy!",
        ALLOWED_HOSTS="lostfound.example.com",
        STATIC_MANIFEST="1",
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
