"""`make run`'s script: on SQLite and the file broker it serves the login page, and Ctrl-C stops everything."""

import signal
import subprocess
import sys
import urllib.request

import pytest

from tests.support.processes import ROOT, free_port, project_env, wait_for


def _login_page(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b'name="password"' in response.read()
    except OSError:
        return False


@pytest.mark.worker
def test_run_serves_the_demo_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = project_env(PORT=str(port), VAR_DIR=str(tmp_path / "var"))
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "SITE_URL"):
        env.pop(name, None)
    log = tmp_path / "run.log"
    process = subprocess.Popen(
        [sys.executable, "scripts/run.py"], cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    try:
        served = wait_for(lambda: _login_page(f"http://127.0.0.1:{port}/accounts/login/"), timeout=120, interval=0.5)
        output = log.read_text()
        assert served, output
        assert f"http://127.0.0.1:{port}/" in output
        assert "frontdesk" in output and "legal" in output
        assert wait_for(lambda: "ready." in log.read_text(), timeout=60), log.read_text()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert process.returncode == 0, log.read_text()
    leftovers = subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True)
    assert leftovers.stdout.strip() == ""
