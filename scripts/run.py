"""`make run`: migrate, load the demo, then web, Celery worker and beat together in the foreground.

Ctrl-C (or SIGTERM) stops all three. Running it again reuses the database under var/.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main() -> int:
    port = os.environ.get("PORT", "8000")
    env = dict(os.environ)
    env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("DJANGO_SETTINGS_MODULE", "lostfound.settings")
    manage = [sys.executable, str(ROOT / "manage.py")]

    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "load_demo"], cwd=ROOT, env=env, check=True)

    commands = {
        "web": [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        # One process each: SQLite takes one writer at a time.
        "worker": [str(BIN / "celery"), "-A", "lostfound", "worker", "--pool=solo", "--loglevel=INFO"],
        "beat": [str(BIN / "celery"), "-A", "lostfound", "beat", "--loglevel=INFO"],
    }
    processes = {name: subprocess.Popen(command, cwd=ROOT, env=env) for name, command in commands.items()}
    print(f"\n  Open {env['SITE_URL']}/  (Ctrl-C stops web, worker and beat)\n", flush=True)

    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    while not stopping:
        for name, process in processes.items():
            if process.poll() is not None:
                print(f"{name} stopped with exit code {process.returncode}; stopping the others.", flush=True)
                exit_code = process.returncode or 1
                stopping = True
                break
        time.sleep(0.5)

    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
