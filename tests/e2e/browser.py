"""What browser tests do on a page: sign in, switch language, take screenshots, check labels."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "docs" / "screenshots"
PASSWORD = "correct-horse-battery"  # tests/conftest.py make_staff
ZH_CATALOGUE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.mo"


def use_language(page, live_server, language: str) -> None:
    """What the language switch does, before the first page: Django's language cookie."""
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])


def switch_language(page, language: str) -> None:
    """Use the language switch in the page (it submits itself on change)."""
    with page.expect_navigation():
        page.select_option("#language-switch", language)


def log_in(page, user, password: str = PASSWORD) -> None:
    """Sign in through the login page, for real."""
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.get_username())
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.locator("form:has(input[name=password]) [type=submit]").click()
    assert "/accounts/login/" not in page.url, "login failed"


def log_out(page) -> None:
    """Sign out with the menu's button (a POST, as Django requires); back on the login page.
    From a page without the menu (a printout), the home page's menu is used."""
    button = page.locator("form[action='/accounts/logout/'] [type=submit]")
    if button.count() == 0:
        page.goto("/")
    with page.expect_navigation():
        button.click()
    assert "/accounts/login/" in page.url, "logout failed"


def draw_signature(page, selector: str = "#signature-pad") -> None:
    """Sign on the canvas with the mouse, a few strokes across it."""
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 150)
    page.mouse.down()
    for x, y in ((80, 40), (160, 140), (260, 60), (400, 120)):
        page.mouse.move(box["x"] + x, box["y"] + y, steps=5)
    page.mouse.up()


def screenshot(page, name: str) -> None:
    """The README's pictures: taken when missing, retaken with UPDATE_SCREENSHOTS=1."""
    path = SCREENSHOTS / f"{name}.png"
    if path.exists() and os.environ.get("UPDATE_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


# Every visible form control must have a name a screen reader can read: a <label for>, a wrapping
# <label>, aria-label or aria-labelledby. Returns the controls without one.
_UNLABELLED_JS = """
() => {
  const visible = (el) => {
    const style = window.getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.display !== 'none' && style.visibility !== 'hidden' && box.width > 1 && box.height > 1
      && box.right > 0 && box.bottom > 0;
  };
  const named = (el) => {
    if ((el.getAttribute('aria-label') || '').trim()) return true;
    const by = el.getAttribute('aria-labelledby');
    if (by && by.split(/\\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
    return Array.from(el.labels || []).some((label) => label.textContent.trim());
  };
  return Array.from(document.querySelectorAll('input, select, textarea'))
    .filter((el) => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
    .filter(visible)
    .filter((el) => !named(el))
    .map((el) => {
      // A label points at the first element of its id: a second form with the same field names loses it.
      const twice = el.id && document.querySelectorAll('#' + CSS.escape(el.id)).length > 1;
      return (twice ? '[id "' + el.id + '" used more than once] ' : '') + el.outerHTML.slice(0, 160);
    });
}
"""


def assert_inputs_labelled(page, *, known_duplicate_ids: tuple[str, ...] = ()) -> None:
    """`known_duplicate_ids`: a known, reported defect to tolerate for now; anything else still fails."""
    unlabelled = page.evaluate(_UNLABELLED_JS)
    unlabelled = [html for html in unlabelled
                  if not any(html.startswith(f'[id "{known}" used more than once]') for known in known_duplicate_ids)]
    assert not unlabelled, f"form controls without a label on {page.url}: {unlabelled}"
    violations = axe_violations(page)
    assert not violations, f"accessibility violations on {page.url}: {violations}"


AXE = ROOT / "tests" / "e2e" / "vendor" / "axe.min.js"  # axe-core 4.14.1, MPL-2.0, served from disk


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's findings of the given impact on the page as it is now."""
    # Evaluated through the browser's debugging protocol, which the page's content security policy allows.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    results = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results if v["impact"] in impacts
    ]


def chinese_compiled() -> bool:
    return ZH_CATALOGUE.exists()
