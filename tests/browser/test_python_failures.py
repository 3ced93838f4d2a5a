"""When Python cannot start, the learner gets a human message and the explanations still work."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.browser.conftest import DROP, HANG, Answer, HostFaults
from tests.browser.controllers import QuizWidget

MODULE_1 = "/modules/01-right-solution-wrong-time/"
# A download that delivers nothing for 15 s is given up; allow for page load on a slow machine.
WATCHDOG_BOUND_MS = 25_000


def expect_failure_is_explained(page: Page, message: str, *, can_retry: bool = True) -> None:
    """The widget says what went wrong, hides the check button, and shows every explanation."""
    quiz = QuizWidget.first_on(page).wait_until_error(timeout=WATCHDOG_BOUND_MS)
    notice = quiz.notice
    expect(notice).to_contain_text(message)
    expect(notice).to_contain_text("You can still open the explanation under each option.")
    expect(notice).to_have_attribute("role", "alert")
    expect(notice.get_by_role("button", name="Try again")).to_have_count(1 if can_retry else 0)
    expect(quiz.root.get_by_role("button", name="Check answers")).to_be_hidden()
    first = quiz.option(quiz.content["questions"][0]["id"], 0)
    details = first.locator("details.course-widget__explanation")
    expect(details).to_be_visible()
    details.locator("summary").click()
    expect(details.locator(".course-widget__explanation-text")).to_be_visible()
    # The page itself stays usable: the inputs still respond.
    first.locator("label").click()
    expect(first.locator("input")).to_be_checked()


@pytest.mark.allows_console_errors
def test_blocked_webassembly_download(page: Page, host_faults: HostFaults, problems):
    host_faults.answer("*.wasm", lambda file: DROP)
    page.goto(MODULE_1)
    expect_failure_is_explained(
        page, "The answer checker couldn't be downloaded. Check your connection, then try again."
    )


@pytest.mark.allows_console_errors
def test_missing_runtime_file(page: Page, host_faults: HostFaults, problems):
    host_faults.answer("*/python_stdlib-*.zip", lambda file: Answer(404, b"not found"))
    page.goto(MODULE_1)
    expect_failure_is_explained(
        page, "The answer checker couldn't be loaded: a file it needs is missing from this site."
    )


def test_hanging_download_is_caught_by_the_watchdog(page: Page, host_faults: HostFaults, problems):
    host_faults.answer("*.wasm", lambda file: HANG)
    page.goto(MODULE_1)
    expect_failure_is_explained(page, "The answer checker stopped making progress while getting ready")


CSP_WITHOUT_WASM = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self'"
)


def with_csp(route: Route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": CSP_WITHOUT_WASM})


@pytest.mark.allows_console_errors
def test_content_security_policy_without_wasm_unsafe_eval(page: Page, context: BrowserContext, problems):
    """Without 'wasm-unsafe-eval', loadPyodide() would hang forever; the learner is told why."""
    context.route(f"**{MODULE_1}", with_csp)
    context.route("**/python-worker.js", with_csp)
    page.goto(MODULE_1)
    expect_failure_is_explained(
        page, "its security settings (Content-Security-Policy) don't allow WebAssembly", can_retry=False
    )
