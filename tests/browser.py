"""Headless Debian Chromium driven by Playwright, with every request off this machine blocked and recorded."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", ""}


@dataclass
class PageLog:
    """What a page did: its console errors, its page errors and the requests it tried to send off the machine."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)


@contextmanager
def offline_page(width: int = 1400, height: int = 900) -> Iterator[tuple[object, PageLog]]:
    """A Playwright page whose requests may only reach loopback or file: URLs."""
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": width, "height": height})

        def guard(route) -> None:
            url = urlsplit(route.request.url)
            if url.scheme in {"file", "data", "blob", "about"} or url.hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                log.outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        try:
            yield page, log
        finally:
            context.close()
            browser.close()
