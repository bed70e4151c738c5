"""A task only the tests use: the worker imports this module with `-I tests.support.tasks`."""

from pathlib import Path

from celery import shared_task


@shared_task(ignore_result=True)
def write_marker(path: str, text: str) -> None:
    Path(path).write_text(text, encoding="utf-8")
