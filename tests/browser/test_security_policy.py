"""Every page works under the site's strict Content-Security-Policy, and content can't run script."""

from __future__ import annotations

import fnmatch
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.controllers import QuizWidget
from tests.build.fixture_site import build

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


@pytest.fixture(scope="module")
def hosted_site(built_site: Path) -> Iterator[str]:
    """The built course on a host that sends _headers (the policy as a header, with frame-ancestors)."""
    address, server = serve_with_headers(built_site)
    yield address
    server.shutdown()


def violations(page: Page) -> list[str]:
    """Policy violations reported in the page so far."""
    return page.evaluate("window.__violations")


def page_paths(site: Path) -> list[str]:
    """Every page of the built site as a path to open."""
    return [
        ("/" + html.parent.relative_to(site).as_posix() + "/").replace("/./", "/").replace("//", "/")
        for html in sorted(site.rglob("index.html"))
    ]


def test_every_page_works_with_no_violation_under_meta_and_header_policy(
    page: Page, context: BrowserContext, problems, built_site: Path, hosted_site: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    for path in page_paths(built_site):
        response = page.goto(hosted_site + path)
        assert "frame-ancestors *" in response.headers["content-security-policy"]
        widgets = page.locator(".course-widget")
        for i in range(widgets.count()):
            expect(widgets.nth(i)).to_have_attribute("data-status", "ready", timeout=60_000)
        assert violations(page) == [], path


def test_search_and_palette_toggle_work_under_the_policy(page: Page, context: BrowserContext, problems, hosted_site):
    context.add_init_script(RECORD_VIOLATIONS)
    page.goto(hosted_site + "/")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    # The stored choice is applied on the next page by md-palette.js, before it paints.
    page.goto(hosted_site + "/glossary/")
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    box = page.locator(".md-search__input")
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(30):
        box.fill("")
        box.press_sequentially("status quo")
        try:
            expect(results.first).to_be_visible(timeout=1_000)
            break
        except AssertionError:
            continue
    expect(results.first).to_be_visible()
    assert violations(page) == []


HOSTILE_QUIZ = """\
# Hostile content

```quiz
id: hostile-check
questions:
  - id: q1
    kind: single
    prompt: >-
      Which reply helps? <script>window.__ran = "prompt"</script>
    options:
      - text: >-
          <img src="x" onerror="window.__ran = 'option'"> A demo next week
        correct: false
        feedback: >-
          That pushes. <script>window.__ran = "feedback"</script>
      - text: How would you know it is time to change?
        correct: true
        feedback: >-
          It helps them find their own criteria. <b onmouseover="window.__ran = 'bold'">Hover</b>
```
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose quiz hides script in its prompt, an option and the feedback."""
    root = tmp_path_factory.mktemp("hostile")
    result = build(root, {"index.md": HOSTILE_QUIZ})
    assert result.returncode == 0, result.stderr
    address, server = serve_with_headers(root / "site")
    yield address
    server.shutdown()


def test_script_in_content_never_runs_and_the_quiz_still_works(
    page: Page, context: BrowserContext, problems, hostile_site: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    page.goto(hostile_site + "/")
    quiz = QuizWidget(page, "hostile-check").wait_until_ready()
    expect(quiz.question("q1").locator("legend")).to_contain_text('<script>window.__ran = "prompt"</script>')
    expect(quiz.option("q1", 0).locator("label")).to_contain_text("<img")
    expect(quiz.root.locator("img, b[onmouseover]")).to_have_count(0)
    quiz.choose("q1", 0).check().expect_verdict("q1", "Not quite.")
    expect(quiz.option("q1", 0).locator('[data-role="feedback"]')).to_contain_text("<script>")
    quiz.choose("q1", 1).check().expect_verdict("q1", "Correct.")
    assert page.evaluate("window.__ran === undefined")
    assert violations(page) == []
