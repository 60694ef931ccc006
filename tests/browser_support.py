"""Headless Chromium for the browser tests, driven by Playwright, with the network cut.

Chromium is Debian's package (``/usr/bin/chromium``, or ``$KOREA_NOTES_CHROMIUM``); Playwright
never downloads a browser of its own here. Where either is missing the tests skip, saying how to
enable them (and fail instead where ``$KOREA_NOTES_REQUIRE_BROWSER`` is 1, as in CI). Every
page is opened in a context that lets through only ``file://``, ``data:`` and loopback
requests and records every request that fails.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlparse

import pytest

CHROMIUM_VARIABLE = "KOREA_NOTES_CHROMIUM"
REQUIRE_VARIABLE = "KOREA_NOTES_REQUIRE_BROWSER"
ENABLE = ("install Chromium (Debian: apt-get install chromium) and the test extras "
          "(make test installs Playwright from requirements.txt), or point "
          f"${CHROMIUM_VARIABLE} at a Chromium binary")
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str:
    """The Chromium binary to drive, or skip the test with how to enable it."""
    configured = os.environ.get(CHROMIUM_VARIABLE)
    candidates = [configured] if configured else ["/usr/bin/chromium", "chromium"]
    for candidate in candidates:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    missing(f"no Chromium found; to run them, {ENABLE}")


def missing(why: str) -> NoReturn:
    """Skip a browser test, or fail it where ``$KOREA_NOTES_REQUIRE_BROWSER`` is 1 (CI)."""
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"browser tests required (${REQUIRE_VARIABLE}=1), but {why}")
    pytest.skip(f"browser tests skipped: {why}")


def allowed(url: str) -> bool:
    """Whether a request stays on this machine: a file, inline data, or a loopback address."""
    parsed = urlparse(url)
    if parsed.scheme in {"file", "data", "blob", "about"}:
        return True
    return parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname in LOOPBACK


@dataclass
class Traffic:
    """What the pages of a context asked for: requests that failed or were cut, page errors."""

    failed: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@contextmanager
def chromium(user_data_dir: Path) -> Iterator[object]:
    """A headless Chromium with a fresh profile in ``user_data_dir`` (a Playwright
    BrowserContext); skips the test where Chromium or Playwright is missing."""
    binary = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing(f"Playwright is not installed; to run them, {ENABLE}")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(user_data_dir), executable_path=binary, headless=True, args=list(CHROMIUM_ARGS),
            viewport={"width": 1300, "height": 900})
        try:
            yield context
        finally:
            context.close()


def cut_network(context) -> Traffic:
    """Abort every request that would leave the machine and record failures and page errors."""
    traffic = Traffic()

    def route(route) -> None:
        if allowed(route.request.url):
            route.continue_()
        else:
            traffic.blocked.append(route.request.url)
            route.abort()

    def watch(page) -> None:
        page.on("requestfailed", lambda request: traffic.failed.append(request.url))
        page.on("pageerror", lambda error: traffic.errors.append(str(error)))

    context.route("**/*", route)
    context.on("page", watch)
    for page in context.pages:
        watch(page)
    return traffic
