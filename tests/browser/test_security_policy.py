"""Material's search and palette work under the strict policy, and script hidden in content never runs.

Every page's own run under the policy is checked by tests/browser/test_accessibility.py's page sweep.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.conftest import RECORD_VIOLATIONS, serve_with_headers, violations
from tests.browser.controllers import QuizWidget
from tests.build.fixture_site import build


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
