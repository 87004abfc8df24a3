"""Headless Chromium for the sign-on tests, driven by Playwright with the machine's own Chromium.

Playwright's own browser download is not used: ``executable_path`` points at
Debian's ``chromium``. Without it the tests are skipped with that reason,
unless ``CLAPBOARD_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("CLAPBOARD_REQUIRE_BROWSER") == "1"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def browser_page(tmp_path):
    """A fresh page in a fresh headless Chromium (its own profile: no cookies from another test)."""

    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("CLAPBOARD_REQUIRE_BROWSER=1 but chromium is not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.set_default_timeout(20000)
            yield page
        finally:
            context.close()


def cookies_of(page, url: str) -> dict:
    return {c["name"]: c["value"] for c in page.context.cookies(url)}
