"""A real headless Chromium (Debian's `chromium` package, driven by Playwright; Playwright's
own browser downloads are never used) against the mock started as users start it."""

from __future__ import annotations

import os
import pathlib
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.real_servers import running_mock

CHROMIUM = pathlib.Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API holds an event loop in this thread while it runs,
    and tests after these start their own with asyncio.run."""
    if not CHROMIUM.exists():
        reason = f"no {CHROMIUM}: install Debian's chromium (as root: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(reason)  # CI runs as root and installs it: missing there is a fault
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock("--rate-limit", "off") as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh page on a mock reset to its seed; a script error on the page fails the test."""
    import httpx

    httpx.post(base_url + "/__admin/reset").raise_for_status()
    httpx.delete(base_url + "/__admin/faults").raise_for_status()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.set_default_timeout(10_000)
    yield opened
    context.close()
    assert errors == []
