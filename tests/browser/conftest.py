"""Playwright driving Debian's Chromium (never a browser Playwright downloads) against the
platform started as `make run` starts it. The tests skip only where chromium cannot be had;
under CI, which runs as root with apt, a missing chromium fails them instead."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.platform import Platform, running_platform

INSTALL_HINT = (
    "install Debian's chromium with deploy/install-browser.sh (as root), or `make browser`"
)


# The platform (five processes) is started once per test process: under pytest-xdist a worker
# may run other packages' tests between browser tests, and a package scope started it again.
@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {INSTALL_HINT}")
        pytest.skip(f"no chromium on this machine: {INSTALL_HINT}")
    return path


@pytest.fixture(scope="session")
def platform(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("platform")) as started:
        yield started


@pytest.fixture(scope="package")
def browser(chromium: str, platform: Platform) -> Iterator[Browser]:
    # After the platform: Playwright's sync API keeps an event loop running on this thread,
    # and the platform's set-up (demo accounts) runs one of its own.
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, platform: Platform) -> Iterator[Page]:
    context = browser.new_context(base_url=platform.portal_url)
    opened = context.new_page()
    yield opened
    context.close()
