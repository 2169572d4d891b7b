"""Real-browser fixtures: Debian's Chromium driven by Playwright against the app under gunicorn.

Without Chromium these tests are skipped, unless ``PORTAL_REQUIRE_BROWSER=1``
(CI sets it), which makes a missing browser a failure. Playwright never
downloads a browser of its own here.
"""
import os
import re

import pytest

from portal.database import read_intent
from tests.factories import PASSWORD
from bench.server import ROOT, gunicorn

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
# Without these, Chromium keeps trying to reach Google's servers, which a closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 # Date fields then take month, day, year, whatever the machine's locale.
                 "--lang=en-US"]


def _require_browser() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    message = f"Chromium not found at {CHROMIUM}"
    if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (PORTAL_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    _require_browser()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def live(database_url, tmp_path_factory):
    """The portal under gunicorn on the test database (sign-in limits raised: tests sign in often)."""
    log = tmp_path_factory.mktemp("live") / "gunicorn.log"
    with gunicorn(database_url, log, workers=1, threads=4, LOGIN_RATE_LIMIT="1000 per minute",
                  LOGIN_RATE_LIMIT_PER_ACCOUNT="1000 per minute") as server:
        yield server
    text = log.read_text()
    assert "Traceback" not in text, text


@pytest.fixture(autouse=True)
def _test_takes_no_write_lock_while_reading():
    """The test's own reads (an attribute loaded between two clicks) begin as readers.

    Outside a request every transaction takes SQLite's write lock up front; held
    by the test while it waits on the browser, it would stall the server.
    """
    with read_intent():
        yield


@pytest.fixture
def open_page(browser, live, db):
    """``open_page(user=None, locale="en-GB", bypass_csp=False)``: a new browser tab, signed in as ``user``.

    Every dialog (alert, confirm, prompt) a page opens is recorded in ``page.dialogs``.
    """
    contexts = []

    def open_(user=None, locale: str = "en-GB", bypass_csp: bool = False):
        email = user.email if user is not None else None
        db.session.commit()  # the server must see what the test made
        context = browser.new_context(base_url=live.url, locale=locale, timezone_id="Europe/London",
                                      bypass_csp=bypass_csp, accept_downloads=True)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        if email is not None:
            sign_in(page, email)
        return page

    yield open_
    for context in contexts:
        context.close()


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_selector("form.sign-out")


def screenshot(page, name: str) -> None:
    """Keep a full-page screenshot under test-artifacts/screenshots/ (the build keeps it as an artifact)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)
