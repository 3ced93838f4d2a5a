"""The Zensical-built course works in a browser as the MkDocs-built one does: a learner's answers get graded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page

from course import grade_quiz, parse_quiz
from tests.browser.conftest import RECORD_VIOLATIONS, serve_with_headers, violations
from tests.browser.controllers import QuizWidget
from tests.browser.test_accessibility import scan
from tests.browser.test_quiz import MODULE_1, correct_answers, wrong_answers

# Zensical 0.0.73's search puts its own stylesheet into a shadow root as an inline <style>, which
# the site's policy (style-src 'self') blocks: the one known difference, see the README.
ZENSICAL_SEARCH_STYLE = "style-src-elem inline "


@pytest.fixture(scope="module")
def zensical_host(zensical_site: Path) -> Iterator[str]:
    """The Zensical site on a static host that applies its _headers (so the policy is a real header)."""
    address, server = serve_with_headers(zensical_site)
    yield address
    server.shutdown()


@pytest.mark.allows_console_errors
def test_a_quiz_on_the_zensical_site_is_graded_by_python_under_the_policy_and_axe_clean(
    page: Page, context: BrowserContext, problems, zensical_host: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(zensical_host + MODULE_1)
    assert "script-src 'self' 'wasm-unsafe-eval'" in response.headers["content-security-policy"]
    quiz = QuizWidget.first_on(page).wait_until_ready()
    content = quiz.content
    answers = {**correct_answers(content), **dict([next(iter(wrong_answers(content).items()))])}
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    quiz.check()
    quiz.expect_status(grade_quiz(parse_quiz(content), answers)["summary"])
    quiz.expect_verdict(next(iter(answers)), "Not quite.")
    blocked = violations(page)  # before axe runs: it adds inline styles of its own
    assert all(item.startswith(ZENSICAL_SEARCH_STYLE) and "/assets/javascripts/bundle." in item for item in blocked), (
        blocked
    )
    errors = problems.console_errors
    assert all("Content Security Policy" in text and "inline style" in text for text in errors), errors
    assert scan(page, "Zensical module 1, checked") == []
