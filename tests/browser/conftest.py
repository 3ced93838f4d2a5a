"""Browser fixtures: the built course on 127.0.0.1, a real Chromium, and guards every test shares."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, ConsoleMessage, Page

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def system_chromium() -> str | None:
    """A system Chromium (COURSE_CHROMIUM, then the usual names), or None for Playwright's own."""
    explicit = os.environ.get("COURSE_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    executable = system_chromium()
    return {
        **browser_type_launch_args,
        "args": CHROMIUM_FLAGS,
        **({"executable_path": executable} if executable else {}),
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Pages without the course's service worker, except in tests/browser/test_offline.py, which allows it."""
    # Playwright routes a service worker's own requests too, and the worker's cache answers before
    # any route: tests that break, slow down or count requests would be testing the worker.
    return {**browser_context_args, "service_workers": "block"}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static server, as a trainer's host would be; no request logging."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built course served on 127.0.0.1 by a stock static file server."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(built_site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


# Recorded from the first line of every document, before any of the page's own scripts.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def headers_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """The rules of site/_headers, in order: (path pattern, headers)."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site / "_headers").read_text(encoding="utf-8").splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif line.startswith("  ") and rules:
            name, value = line.strip().split(": ", 1)
            rules[-1][1][name] = value
    return rules


class HeadersHandler(http.server.SimpleHTTPRequestHandler):
    """A static host that applies _headers, as Netlify or Cloudflare Pages would."""

    rules: list[tuple[str, dict[str, str]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:
            if fnmatch.fnmatch(path, pattern):
                for name, value in headers.items():
                    if name.lower() != "content-type":  # already sent (a host replaces it; .wasm is known)
                        self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_with_headers(site: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve `site` on 127.0.0.1 with its _headers applied; return its address and the server."""
    handler = type("SiteHeaders", (HeadersHandler,), {"rules": headers_rules(site)})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def hosted_site(built_site: Path) -> Iterator[str]:
    """The built course on a host that sends _headers (the policy as a header, with frame-ancestors)."""
    address, server = serve_with_headers(built_site)
    yield address
    server.shutdown()


def violations(page: Page) -> list[str]:
    """Policy violations reported in the page so far."""
    return page.evaluate("window.__violations")


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    return site_url


class PageProblems:
    """Everything a learner should never cause: console errors, uncaught exceptions, other hosts."""

    def __init__(self) -> None:
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.foreign_requests: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)


@pytest.fixture
def problems(context: BrowserContext, page: Page, request: pytest.FixtureRequest) -> Iterator[PageProblems]:
    """Record console errors, page errors and requests to any host but 127.0.0.1 (which are refused)."""
    found = PageProblems()

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            route.fallback()
        else:
            found.foreign_requests.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", found.on_console)
    page.on("pageerror", lambda error: found.page_errors.append(str(error)))
    yield found
    assert found.foreign_requests == [], "requests left 127.0.0.1"
    assert found.page_errors == [], "uncaught exceptions on the page"
    if not request.node.get_closest_marker("allows_console_errors"):
        assert found.console_errors == [], "console errors"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "allows_console_errors: the test breaks loading on purpose (e.g. 404s)")


@contextmanager
def busy_cpu(processes: int) -> Iterator[None]:
    """Competing processes that each keep a core busy, as on a laptop with other work running."""
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for process in busy:
            process.kill()
        for process in busy:
            process.wait()
