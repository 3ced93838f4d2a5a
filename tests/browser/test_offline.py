"""Offline use: what a learner opened works with the server gone, "Keep this course" keeps the rest, builds take over.

Each test serves its own copy of the built site, with its _headers (so the security policy
applies as a header too), on a server it can stop and start again on the same address: a fresh
browser context, its own service worker and caches.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from course import grade_quiz, parse_quiz
from tests.browser.conftest import RECORD_VIOLATIONS, serve_with_headers, settle, violations
from tests.browser.controllers import QuizWidget
from tests.browser.test_accessibility import focus_problems, scan
from widgets.build import offline

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_7 = "/modules/07-evidence-and-claims/"
GLOSSARY = "/glossary/"
PREFIX = "course-site:v1:offline:"
# Someone else's cache on the same site (the Python start-up snapshot): never ours to delete.
OTHERS_CACHE = "course-site:v1:python-snapshot"
KEEP = "Keep this course for offline use"
DONE = "Done. The whole course is kept in this browser: every page and exercise now works without a connection."
ALL_KEPT = "The whole course is kept in this browser: every page and exercise works without a connection."
LOST = (
    "The course couldn't be kept: the connection was lost. What was saved stays saved; try again when you are online."
)

# Evaluated over the DevTools protocol (page.evaluate), which the site's policy doesn't govern:
# wait_for_function with a string would need eval, which the policy forbids.
WORKER_READY = "async () => { const r = await navigator.serviceWorker.ready; return r.active.scriptURL; }"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
STATUS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    registration.active.postMessage({ type: "course-offline:status" }, [channel.port2]);
  });
}"""
CACHE_NAMES = "async () => (await caches.keys()).sort()"
# Look for a new sw.js now and say how its install ended ("activated", or "redundant" if it failed).
UPDATE = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const found = new Promise((resolve) => {
    registration.addEventListener("updatefound", () => resolve(registration.installing), { once: true });
  });
  const installing = registration.installing;
  if (!installing) registration.update().catch(() => {});
  const worker = installing || (await found);
  return new Promise((resolve) => {
    const settled = () => ["activated", "redundant"].includes(worker.state) && resolve(worker.state);
    worker.addEventListener("statechange", settled);
    settled();
  });
}"""
FETCH_STATUS = "(url) => fetch(url).then((response) => response.status, () => 'failed')"
RECORD_KEEP_STATUS = """
window.__keepStatus = [];
new MutationObserver(() => {
  const text = document.querySelector("[data-course-offline] [role=status]")?.textContent;
  if (text && window.__keepStatus[window.__keepStatus.length - 1] !== text) window.__keepStatus.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """Here the service worker runs, as for learners (tests/browser/conftest.py keeps it out elsewhere)."""
    return {**browser_context_args, "service_workers": "allow"}


class Host:
    """A copy of the built site served on 127.0.0.1 with its _headers, by a server the test can stop.

    `under` serves the site from a folder of a larger host: `root`/`under`/ at /`under`/.
    """

    def __init__(self, root: Path, under: str = "") -> None:
        self.site = root / under
        address, self.server = serve_with_headers(root)
        self.url = f"{address}/{under}".rstrip("/")
        self.port = self.server.server_address[1]
        self.running = True

    def stop(self) -> None:
        """Take the server away: connections are refused, as with a host that is gone."""
        if self.running:
            self.server.shutdown()
            self.server.server_close()
            self.running = False

    def start_again(self) -> None:
        """Serve the site again at the same address (the same origin, so the same service worker)."""
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), self.server.RequestHandlerClass)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.running = True

    def manifest(self) -> dict:
        return json.loads((self.site / offline.MANIFEST_FILE).read_text(encoding="utf-8"))


@pytest.fixture
def host(built_site: Path, tmp_path: Path) -> Iterator[Host]:
    shutil.copytree(built_site, tmp_path / "site")
    served = Host(tmp_path / "site")
    yield served
    served.stop()


def wait_until(page: Page, done: Callable[[], object], what: str, timeout_ms: float = 60_000) -> None:
    """Poll `done` until it returns something true, or fail saying what never happened."""
    deadline = time.monotonic() + timeout_ms / 1000
    while not done():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        # Not time.sleep: Playwright's sync API runs route handlers (the `problems` guard's, which
        # the service worker's requests pass through too) only while it waits itself.
        page.wait_for_timeout(250)


def status(page: Page) -> dict:
    return page.evaluate(STATUS)


def kept(page: Page, host: Host) -> set[str]:
    """The manifest URLs the service worker has kept, relative to the site root ("./" for home)."""
    missing = {entry["url"] for entry in status(page)["missing"]}
    everything = {host.url + "/" + entry["url"].removeprefix("./") for entry in host.manifest()["files"]}
    return {url.removeprefix(host.url + "/") or "./" for url in everything - missing}


def wait_until_kept(page: Page, host: Host, urls: set[str]) -> None:
    try:
        wait_until(page, lambda: urls <= kept(page, host), "the files are kept")
    except AssertionError:
        raise AssertionError(f"never kept: {sorted(urls - kept(page, host))}") from None


def used_here(page: Page, host: Host) -> set[str]:
    """The listed files the current page has used so far: itself and what it loaded."""
    loaded = page.evaluate("[location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]")
    listed = {entry["url"] for entry in host.manifest()["files"]}
    return {rel(url.removeprefix(host.url).split("?")[0]) for url in loaded} & listed


def python_files(host: Host) -> set[str]:
    return {entry["url"] for entry in host.manifest()["files"] if entry["group"] == "python"}


def visit_with_worker(page: Page, host: Host, *paths: str) -> None:
    """Open the home page (which registers the worker), wait until it runs, then open `paths` under it."""
    page.goto(host.url + "/")
    assert page.evaluate(WORKER_READY) == host.url + "/sw.js"
    for path in paths:
        page.goto(host.url + path)
        assert page.evaluate(CONTROLLED), f"{path} should load through the service worker"


def answer_and_check(page: Page) -> None:
    """Answer the page's quiz correctly and see Python's verdict in its status line."""
    quiz = QuizWidget.first_on(page).wait_until_ready()
    answers = {q.id: sorted(q.correct_options) for q in parse_quiz(quiz.content).questions}
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    quiz.check().expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])


def rel(path: str) -> str:
    return path.lstrip("/") or "./"


@pytest.mark.parametrize("cut", ["server stopped", "browser offline"])
def test_visited_pages_work_offline_and_their_quiz_is_graded_by_python(
    page: Page, context: BrowserContext, problems, host: Host, cut: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    visit_with_worker(page, host, MODULE_1)
    QuizWidget.first_on(page).wait_until_ready()
    # The home page loaded before the worker ran: kept because it said what it used.
    wanted = {"./", "404.html", "search/search_index.json", *used_here(page, host), *python_files(host)}
    assert rel(MODULE_1) in wanted
    wait_until_kept(page, host, wanted)

    if cut == "server stopped":
        host.stop()
    else:
        context.set_offline(True)
    page.reload()
    answer_and_check(page)
    assert violations(page) == []
    page.goto(host.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("From pushing to facilitating")
    with pytest.raises(PlaywrightError):
        page.goto(host.url + MODULE_7)  # never opened, so not kept


def test_every_page_loads_through_the_service_worker_within_the_policy(
    page: Page, context: BrowserContext, problems, host: Host
):
    context.add_init_script(RECORD_VIOLATIONS)
    paths = sorted(entry["url"] for entry in host.manifest()["files"] if entry["group"] == "page")
    visit_with_worker(page, host)
    for path in paths:
        page.goto(host.url + "/" + path.removeprefix("./"))
        assert page.evaluate(CONTROLLED), path
        settle(page)
        assert violations(page) == [], f"{path}: Content-Security-Policy violations"
    wait_until_kept(page, host, set(paths))


def test_a_site_served_under_a_path_of_its_own_works_offline_there(
    page: Page, problems, built_site: Path, tmp_path: Path
):
    """No site_url: the worker's scope is wherever the site is, here /course/ on a shared host."""
    shutil.copytree(built_site, tmp_path / "www" / "course")
    shutil.copy(built_site / "_headers", tmp_path / "www" / "_headers")
    host = Host(tmp_path / "www", "course")
    try:
        visit_with_worker(page, host, GLOSSARY)
        assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)") == host.url + "/"
        wait_until_kept(page, host, {"./", *used_here(page, host)})
        host.stop()
        page.reload()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Glossary")
        page.goto(host.url + "/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("From pushing to facilitating")
    finally:
        host.stop()


def test_search_works_offline_on_a_page_that_was_opened(page: Page, problems, host: Host):
    page.goto(host.url + "/")
    page.evaluate(WORKER_READY)
    wait_until_kept(page, host, {"search/search_index.json", *used_here(page, host)})
    host.stop()
    page.reload()
    page.locator(".md-search__input").click()
    page.keyboard.type("stakeholder")
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def test_keep_this_course_saves_everything_so_unopened_pages_and_widgets_work_offline(
    page: Page, context: BrowserContext, problems, host: Host
):
    context.add_init_script(RECORD_KEEP_STATUS)
    page.goto(host.url + "/")
    control = page.locator("[data-course-offline]")
    expect(control).to_be_visible()
    files = host.manifest()["files"]
    total = sum(entry["size"] for entry in files)
    expect(control.locator('[data-role="summary"]')).to_contain_text(
        f"The whole course is {len(files)} files, about {round(total / 1e6)} MB."
    )
    button = control.get_by_role("button", name=KEEP)
    button.focus()
    page.keyboard.press("Enter")
    expect(control.get_by_role("status")).to_have_text(DONE, timeout=120_000)
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-disabled", "true")
    progress = control.locator("progress")
    assert progress.evaluate("bar => [bar.value, bar.max]") == [total, total]
    *saving, last = page.evaluate("window.__keepStatus")
    assert last == DONE and saving, saving
    saved = [
        float(re.fullmatch(rf"Keeping the course: (\d+\.\d) of {total / 1e6:.1f} MB saved…", s)[1]) for s in saving
    ]
    assert saved == sorted(saved), "what is shown as saved only grows"
    assert status(page)["missing"] == []

    host.stop()
    page.goto(host.url + MODULE_7)
    answer_and_check(page)
    page.goto(host.url + "/")
    expect(control.locator('[data-role="summary"]')).to_have_text(ALL_KEPT)
    expect(control.get_by_role("button", name=KEEP)).to_be_hidden()


def test_the_keep_control_is_accessible_and_says_when_saving_fails(page: Page, problems, host: Host):
    page.goto(host.url + "/")
    control = page.locator("[data-course-offline]")
    expect(control).to_be_visible()
    found = scan(page, "offline control, ready", "[data-course-offline]")
    found += focus_problems(page, "home page with the offline control")

    host.stop()
    button = control.get_by_role("button", name=KEEP)
    button.click()
    expect(control.get_by_role("status")).to_have_text(LOST)
    expect(button).not_to_have_attribute("aria-disabled", "true")
    found += scan(page, "offline control, failed", "[data-course-offline]")

    host.start_again()
    button.click()
    expect(control.get_by_role("status")).to_have_text(DONE, timeout=120_000)
    found += scan(page, "offline control, done", "[data-course-offline]")
    assert not found, "\n".join(found)


def test_a_new_build_replaces_the_old_cache_and_leaves_other_caches_alone(page: Page, problems, host: Host):
    first = host.manifest()["version"]
    visit_with_worker(page, host, GLOSSARY)
    wait_until_kept(page, host, {"./", *used_here(page, host)})
    page.evaluate(f"caches.open({OTHERS_CACHE!r}).then((c) => c.put('probe', new Response('theirs'))).then(() => 0)")
    assert page.evaluate(CACHE_NAMES) == sorted([OTHERS_CACHE, PREFIX + first])

    glossary = host.site / "glossary" / "index.html"
    glossary.write_text(
        glossary.read_text(encoding="utf-8").replace("</h1>", "</h1><p>This is the second build.</p>", 1),
        encoding="utf-8",
    )
    second = offline.write(host.site).version
    assert second != first
    page.reload()
    expect(page.get_by_text("This is the second build.")).to_be_visible()
    wait_until(
        page,
        lambda: page.evaluate(CACHE_NAMES) == sorted([OTHERS_CACHE, PREFIX + second]),
        "only the new cache is left",
    )
    assert page.evaluate(f"caches.open({OTHERS_CACHE!r}).then((c) => c.match('probe')).then((r) => r.text())") == (
        "theirs"
    )
    wait_until(page, lambda: status(page)["version"] == second, "the new worker answers")
    assert {"./", rel(GLOSSARY)} <= kept(page, host), "what was kept is kept again, from the new build"

    host.stop()
    page.reload()
    expect(page.get_by_text("This is the second build.")).to_be_visible()
    page.goto(host.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("From pushing to facilitating")


def test_a_build_that_changes_while_it_installs_never_takes_over(page: Page, problems, host: Host):
    """The server has moved on past the manifest the new worker read: it fails, and the old build stays whole."""
    first = host.manifest()["version"]
    visit_with_worker(page, host, GLOSSARY)
    wait_until_kept(page, host, {"./", *used_here(page, host)})
    glossary = host.site / "glossary" / "index.html"
    original = glossary.read_text(encoding="utf-8")
    glossary.write_text(original.replace("</h1>", "</h1><p>This is the second build.</p>", 1), encoding="utf-8")
    offline.write(host.site)
    glossary.write_text(original.replace("</h1>", "</h1><p>This is a third build.</p>", 1), encoding="utf-8")

    page.reload()
    expect(page.get_by_text("This is a third build.")).to_be_visible()
    assert page.evaluate(UPDATE) == "redundant"
    assert page.evaluate(CACHE_NAMES) == [PREFIX + first]
    assert status(page)["version"] == first

    host.stop()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Glossary")
    expect(page.get_by_text("build.")).to_have_count(0)


@pytest.mark.allows_console_errors  # a 404 is reported in the console
def test_a_page_the_site_does_not_have_stays_a_404_online_and_offline(page: Page, problems, host: Host):
    visit_with_worker(page, host, GLOSSARY)
    wait_until_kept(page, host, {"404.html", *used_here(page, host)})
    assert page.goto(host.url + "/no-such-page/").status == 404
    assert "Error code: 404" in page.content()  # the server's own answer
    page.goto(host.url + GLOSSARY)
    assert page.evaluate(FETCH_STATUS, "assets/no-such-file.js") == 404

    host.stop()
    response = page.goto(host.url + "/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("404 - Not found")
    page.goto(host.url + GLOSSARY)
    assert page.evaluate(FETCH_STATUS, "assets/no-such-file.js") == "failed"


@pytest.mark.parametrize(
    "refusal",
    [
        "ServiceWorkerContainer.prototype.register = () => "
        "Promise.reject(new DOMException('denied', 'SecurityError'));",
        "Object.defineProperty(Navigator.prototype, 'serviceWorker', "
        "{ get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });",
    ],
    ids=["registration-refused", "no-access"],
)
def test_where_service_workers_are_refused_nothing_else_changes(
    page: Page, context: BrowserContext, problems, host: Host, refusal: str
):
    context.add_init_script(refusal)
    page.goto(host.url + "/")
    settle(page)
    expect(page.locator("[data-course-offline]")).to_be_hidden()
    page.goto(host.url + MODULE_1)
    answer_and_check(page)
    assert context.service_workers == []


@pytest.mark.allows_console_errors  # the failed download is reported in the console
def test_widgets_work_when_the_offline_module_cannot_load(page: Page, context: BrowserContext, problems, host: Host):
    context.route("**/assets/generated/widgets/offline.js", lambda route: route.fulfill(status=404, body=""))
    page.goto(host.url + MODULE_1)
    answer_and_check(page)
    assert context.service_workers == []
    assert problems.page_errors == []


@pytest.mark.allows_console_errors  # Chromium reports the module scripts the frame refuses
def test_a_frame_without_same_origin_access_registers_nothing_and_says_nothing_of_it(
    page: Page, context: BrowserContext, problems, host: Host
):
    page.route(
        f"{host.url}/__host.html",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="{MODULE_1}"></iframe>',
        ),
    )
    page.goto(host.url + "/__host.html")
    widget = page.frame_locator("iframe").locator('.course-widget[data-widget="quiz"]').first
    notice = widget.locator('[data-role="notice"]')
    expect(notice).to_contain_text("This exercise is embedded in a frame that blocks it.")
    settle(page)
    assert context.service_workers == []
    assert [text for text in problems.console_errors if "sw.js" in text or "offline" in text.lower()] == []
