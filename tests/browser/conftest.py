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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, BrowserType, ConsoleMessage, Page, expect

from tests.browser.controllers import READY_TIMEOUT_MS

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


# What a test's host answers instead of a file (see HostFaults): a response, or one of these.
DROP = "drop the connection"
HANG = "never answer"


@dataclass(frozen=True)
class Answer:
    """A whole response the host sends instead of the file."""

    status: int
    body: bytes
    content_type: str = "text/plain"


Respond = Callable[[Path], "Answer | str"]


class HostFaults:
    """Answers the test host gives instead of its files, by path pattern, for one test at a time.

    Done by the server, not by Playwright's routes: those never see a shared worker's requests,
    and the course's Python runs in one.
    """

    def __init__(self) -> None:
        self.rules: list[tuple[str, Respond]] = []
        self.released = threading.Event()

    def answer(self, pattern: str, respond: Respond) -> None:
        """From now on, a GET of a path matching `pattern` gets respond(file) instead of the file."""
        self.rules.append((pattern, respond))

    def find(self, path: str) -> Respond | None:
        """The latest rule matching `path`, if any."""
        return next((respond for pattern, respond in reversed(self.rules) if fnmatch.fnmatch(path, pattern)), None)

    def clear(self) -> None:
        """Back to plain files; requests held by HANG get their connection closed."""
        self.rules.clear()
        self.released.set()
        self.released = threading.Event()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A plain static server, as a trainer's host would be; no request logging."""

    faults = HostFaults()

    def do_GET(self) -> None:
        respond = self.faults.find(self.path.split("?", 1)[0])
        if respond is None:
            return super().do_GET()
        answer = respond(Path(self.translate_path(self.path)))
        if answer == HANG:
            self.faults.released.wait(timeout=300)
        if not isinstance(answer, Answer):
            self.close_connection = True
            return None
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)
        return None

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
    QuietHandler.faults.clear()
    server.shutdown()


@pytest.fixture
def host_faults(site_url: str) -> Iterator[HostFaults]:
    """What the course's host (site_url) answers instead of its files, for this test only."""
    yield QuietHandler.faults
    QuietHandler.faults.clear()


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


def settle(page: Page) -> None:
    """Until the page has loaded everything it asked for and every widget has heard from Python (or given up).

    Instead of Playwright's "networkidle", which it discourages: on a page whose requests all finish
    before DOMContentLoaded (preloaded modules, an async widgets.js) it can miss idleness for good.
    """
    page.wait_for_load_state("load")
    expect(page.locator('.course-widget[data-status="loading"]')).to_have_count(0, timeout=READY_TIMEOUT_MS)


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

    def watch(self, context: BrowserContext, page: Page, hosts: frozenset[str] = frozenset({"127.0.0.1"})) -> None:
        """Record what this context and page do from now on; requests to hosts not in `hosts` are refused."""

        def guard(route):
            host = urlsplit(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host in hosts:
                route.fallback()
            else:
                self.foreign_requests.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def assert_none(self, request: pytest.FixtureRequest) -> None:
        """Fail the test if anything was recorded (console errors only unless it allows them)."""
        assert self.foreign_requests == [], "requests left this machine"
        assert self.page_errors == [], "uncaught exceptions on the page"
        if not request.node.get_closest_marker("allows_console_errors"):
            assert self.console_errors == [], "console errors"


@pytest.fixture
def problems(context: BrowserContext, page: Page, request: pytest.FixtureRequest) -> Iterator[PageProblems]:
    """Record console errors, page errors and requests to any host but 127.0.0.1 (which are refused)."""
    found = PageProblems()
    found.watch(context, page)
    yield found
    found.assert_none(request)


class ReturningLearner:
    """One learner's browser profile, opened again for each visit (storage stays, workers don't)."""

    def __init__(self, browser_type: BrowserType, launch_args: dict, base_url: str, folder: Path) -> None:
        self.browser_type, self.launch_args, self.base_url, self.folder = browser_type, launch_args, base_url, folder
        self.context: BrowserContext | None = None
        self.found = PageProblems()

    def visit(self) -> tuple[BrowserContext, Page]:
        """Close the browser if it is open, open it again on the same profile: a context and its page."""
        self.close()
        self.context = self.browser_type.launch_persistent_context(
            self.folder, base_url=self.base_url, service_workers="block", **self.launch_args
        )
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.found.watch(self.context, page)
        return self.context, page

    def close(self) -> None:
        """Close the browser, if open."""
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture
def returning_learner(
    browser_type: BrowserType,
    browser_type_launch_args: dict,
    base_url: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Iterator[ReturningLearner]:
    """A learner who closes the browser and comes back, with the same `problems` checks."""
    learner = ReturningLearner(browser_type, browser_type_launch_args, base_url, tmp_path / "profile")
    yield learner
    learner.close()
    learner.found.assert_none(request)


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
