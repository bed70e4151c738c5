"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

The browser is /usr/bin/chromium (never a test tool's own download). When it is missing the tests are
skipped with the reason, unless REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.

Playwright's sync API runs an asyncio loop in the test's thread; Django refuses ORM calls from a thread with
a running loop unless told that this is deliberate, which for tests it is. The variable is set only while a
browser test runs (and Playwright runs only then), so no other test and no subprocess sees it.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def _browser_missing(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def chromium(monkeypatch):
    if not CHROMIUM.exists():
        _browser_missing(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_missing("playwright is not installed (pip install -r requirements-dev.txt)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # ORM calls made while Playwright runs get connections of their own context; close them here,
        # in that context, or PostgreSQL refuses to drop the test database at the end.
        connections.close_all()


@pytest.fixture(autouse=True)
def _browser_test_state(settings, tmp_path):
    """Uploaded photos go to a temporary folder; the rate limit's counters start at zero."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900},
                                   locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"
