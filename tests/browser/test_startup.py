"""Start-up that shows its progress, survives a slow or busy machine, gives up only when stuck, and recovers.

The worker reads optional test-only switches from its manifest (runtime.json, which the build never
writes them into): these tests add them by intercepting the manifest.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from course import grade_quiz, parse_quiz
from tests.browser.conftest import Answer, HostFaults, busy_cpu, settle
from tests.browser.controllers import READY_TIMEOUT_MS, QuizWidget, SelfAssessmentWidget
from widgets.build import preload

MODULE_1 = "/modules/01-right-solution-wrong-time/"
SELF_ASSESSMENT = "/self-assessment/"
GETTING_READY = "Getting the answer checker ready…"
STOPPED_MOVING = "The answer checker stopped making progress while getting ready"
# The blocks below add up to several limits' worth; leave room for Python's own start on 2 busy cores.
SLOW_READY_MS = 120_000


def manifest_with(host_faults: HostFaults, debug_for: Callable[[int], dict | None]) -> list[dict | None]:
    """Serve runtime.json with `debug_for(n)` added for its n-th fetch (one per worker started)."""
    served: list[dict | None] = []

    def respond(file: Path) -> Answer:
        manifest = json.loads(file.read_text(encoding="utf-8"))
        debug = debug_for(len(served))
        served.append(debug)
        if debug:
            manifest["debug"] = debug
        return Answer(200, json.dumps(manifest).encode(), "application/json")

    host_faults.answer("*/assets/generated/widgets/runtime.json", respond)
    return served


def first_only(debug: dict) -> Callable[[int], dict | None]:
    """The switches for the first worker; every fresh worker after it starts normally."""
    return lambda n: debug if n == 0 else None


RECORD_NOTICES = r"""
window.__notices = [];
new MutationObserver(() => {
  const notice = document.querySelector('.course-widget [data-role="notice"]');
  const text = notice && notice.textContent.replace(/\s+/g, " ").trim();
  if (text && window.__notices[window.__notices.length - 1] !== text) window.__notices.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def answer_correctly(quiz: QuizWidget) -> dict[str, list[int]]:
    answers = {q.id: sorted(q.correct_options) for q in parse_quiz(quiz.content).questions}
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    return answers


def test_start_up_shows_its_progress_in_plain_words(page: Page, host_faults: HostFaults, problems):
    manifest_with(host_faults, lambda n: {"block_each_phase_ms": 1500})
    page.add_init_script(RECORD_NOTICES)
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page)
    bar = quiz.notice.get_by_role("progressbar", name=GETTING_READY)
    expect(bar).to_be_visible()
    quiz.wait_until_ready()
    expect(bar).to_have_count(0)
    expect(quiz.notice).to_be_hidden()

    without_javascript, *seen = page.evaluate("window.__notices")
    assert without_javascript == "Open the explanation under each option to see whether it is right and why."
    assert seen[0].startswith(GETTING_READY), seen  # Python may be downloading before the widget shows it
    assert any(re.fullmatch(rf"{GETTING_READY} downloading \(\d+\.\d of \d+\.\d MB\)", text) for text in seen), seen
    assert f"{GETTING_READY} starting up (this can take a while on a busy computer)" in seen
    assert f"{GETTING_READY} almost there" in seen
    assert not [text for text in seen if "Python" in text], "learners needn't know what runs the checks"


def test_a_slow_start_that_keeps_moving_gets_ready(page: Page, host_faults: HostFaults, problems):
    """Phases silent for 2 s against a 3 s limit, Python's own start for 17 s: slow in all, never stuck."""
    # 17 s is past the 15 s a page waits for the worker's first sign of life, and past the old
    # limit for a whole start-up: only a watchdog re-armed by each phase, with the interpreter's
    # own limit, lets this finish.
    debug = {"block_each_phase_ms": 2000, "block_interpreter_ms": 17000, "silence_limit_ms": 3000}
    manifest_with(host_faults, lambda n: debug)
    started = time.monotonic()
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready(timeout=SLOW_READY_MS)
    assert time.monotonic() - started > 3 * 2.0 + 17.0, "the worker should have been held up in every phase"
    answers = answer_correctly(quiz)
    quiz.check().expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])


def test_a_start_that_stops_moving_is_given_up_with_a_way_to_try_again(page: Page, host_faults: HostFaults, problems):
    """A phase silent for 5 s against a 3 s limit: the watchdog fires, and Try again starts afresh."""
    served = manifest_with(host_faults, first_only({"block_each_phase_ms": 5000, "silence_limit_ms": 3000}))
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_error(timeout=20_000)
    quiz.expect_notice(STOPPED_MOVING).expect_notice("You can still open the explanation under each option.")
    expect(quiz.check_button).to_be_hidden()

    quiz.try_again_after_error()
    expect(quiz.root).to_have_attribute("data-status", "loading")
    expect(quiz.notice).to_be_focused()
    quiz.wait_until_ready()
    assert len(served) == 2, "Try again starts a fresh worker, which reads the manifest again"
    answers = answer_correctly(quiz)
    quiz.check().expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])

    # The next page goes to the worker that answered, not to the stuck one that may live on.
    page.goto(SELF_ASSESSMENT)
    widget = SelfAssessmentWidget.first_on(page).wait_until_ready()
    expect(widget.root).to_have_attribute("data-python", "kept")
    assert len(served) == 2


def test_a_page_reached_while_python_starts_waits_for_that_start(page: Page, host_faults: HostFaults, problems):
    """Python's own start blocks the shared worker, so the next page hears nothing past 15 s."""
    served = manifest_with(host_faults, lambda n: {"block_interpreter_ms": 22000})
    page.goto(MODULE_1)
    expect(QuizWidget.first_on(page).notice).to_contain_text("starting up", timeout=READY_TIMEOUT_MS)
    page.goto(SELF_ASSESSMENT)
    widget = SelfAssessmentWidget.first_on(page).wait_until_ready(timeout=SLOW_READY_MS)
    # "kept" when it joined only after Python answered, which is how Python's start ends here.
    expect(widget.root).to_have_attribute("data-python", re.compile("^(started|kept)$"))
    assert len(served) == 1, "the page joined the start under way instead of starting another"


@pytest.mark.parametrize(
    ("path", "controller"), [(MODULE_1, QuizWidget), (SELF_ASSESSMENT, SelfAssessmentWidget)], ids=["quiz", "self"]
)
def test_a_cold_start_on_a_busy_computer_gets_ready(browser: Browser, base_url: str, path: str, controller):
    problems: list[str] = []
    with busy_cpu(4):
        context = browser.new_context(base_url=base_url)
        try:
            page = context.new_page()
            page.on("console", lambda message: message.type == "error" and problems.append(message.text))
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.goto(path)
            controller.first_on(page).wait_until_ready(timeout=SLOW_READY_MS)
        finally:
            context.close()
    assert problems == []


@pytest.mark.parametrize(
    ("crash", "message"),
    [
        ({"crash_on_request": "throw"}, "The answer checker stopped working."),
        ({"crash_on_request": "hang", "request_timeout_ms": 3000}, "Checking took too long."),
    ],
    ids=["dies", "stops-answering"],
)
def test_a_checker_that_fails_after_start_is_replaced_on_the_next_check(
    page: Page, host_faults: HostFaults, problems, crash: dict, message: str
):
    served = manifest_with(host_faults, first_only(crash))
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    answers = answer_correctly(quiz)
    quiz.check()
    quiz.expect_status(re.compile(re.escape(message) + ".*Your answers are still here"))
    expect(quiz.check_button).to_have_text("Check answers")
    expect(quiz.check_button).not_to_have_attribute("aria-disabled", "true")
    assert all(quiz.chosen(question_id) == chosen for question_id, chosen in answers.items())

    quiz.check()
    # The second check waits for a fresh checker to start: a whole start-up, not a single answer.
    quiz.expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"], timeout=READY_TIMEOUT_MS)
    assert len(served) == 2, "the second check ran in a fresh worker"
    quiz.wait_until_ready()


def test_a_refused_request_is_explained_in_plain_words(page: Page, context: BrowserContext, problems):
    """When course.bridge refuses a request, learners read what happened, not its key path."""

    def unknown_question_kind(route: Route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('"kind":"single"', '"kind":"singular"', 1))

    context.route(f"**{MODULE_1}", unknown_question_kind)
    warnings: list[str] = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    quiz.choose(quiz.content["questions"][0]["id"], 0)
    quiz.check().expect_status(
        "Your answers couldn't be checked. Your answers are still here: check again, or reload the page."
    )
    assert any("kind" in warning for warning in warnings), "the technical message goes to the console"


@pytest.mark.allows_console_errors  # Chromium reports the module scripts the frame refuses
def test_a_frame_without_same_origin_access_says_what_the_host_must_allow(page: Page, base_url: str, problems):
    page.route(
        f"{base_url}/__host.html",
        lambda route: route.fulfill(
            content_type="text/html",
            body=f'<!doctype html><title>host</title><iframe sandbox="allow-scripts" src="{MODULE_1}"></iframe>',
        ),
    )
    page.goto("/__host.html")
    frame = page.frame_locator("iframe")
    widget = frame.locator('.course-widget[data-widget="quiz"]').first
    expect(widget).to_have_attribute("data-status", "error")
    notice = widget.locator('[data-role="notice"]')
    expect(notice).to_contain_text("This exercise is embedded in a frame that blocks it.")
    expect(notice).to_contain_text('sandbox="allow-scripts allow-same-origin"')
    expect(notice).to_contain_text("You can still open the explanations.")
    explanation = widget.locator("details.course-widget__explanation").first
    explanation.locator("summary").click()
    expect(explanation.locator(".course-widget__explanation-text")).to_be_visible()


RUNTIME_REQUEST = re.compile(r"/assets/generated/(pyodide/|course/|widgets/(runtime\.json|python-worker\.js)$)")
KIND_MODULE = re.compile(r"/assets/generated/widgets/(quiz|stage-map|self-assessment|question-coach)\.js$")


@pytest.mark.parametrize("path", ["/", "/glossary/", "/references/"])
def test_a_page_without_widgets_loads_none_of_the_runtime_and_no_widget_module(page: Page, problems, path: str):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path)
    settle(page)
    assert any(url.endswith("/assets/generated/widgets/widgets.js") for url in requested)
    assert [url for url in requested if RUNTIME_REQUEST.search(url) or KIND_MODULE.search(url)] == []


def test_a_widget_page_loads_only_the_modules_of_the_kinds_it_has(page: Page, problems):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(MODULE_1)
    QuizWidget.first_on(page).wait_until_ready()
    assert [match[1] for url in requested if (match := KIND_MODULE.search(url))] == ["quiz"]
    assert any(RUNTIME_REQUEST.search(url) for url in requested)


WIDGET_MODULE = re.compile(r"/assets/generated/widgets/([\w-]+\.js)$")
# Not the widgets' imports: the head's start script, a classic script, the worker's own modules.
NOT_IMPORTS = {"python-start.js", "sandbox-check.js", "python-worker.js", "python-snapshot.js"}
# Extras widgets.js imports once the widgets listen (the Embed and hand-in controls, offline use):
# loaded later on purpose, with what they import.
EXTRAS = ("embed-control.js", "handin.js", "offline.js")


def test_a_widget_page_preloads_exactly_the_modules_its_widgets_import(page: Page, problems):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/modules/04-the-buyers-route/")
    expect(page.locator(".course-widget[data-widget]:not([data-mounted='true'])")).to_have_count(0)
    preloaded = page.locator('link[rel="modulepreload"]').evaluate_all(
        "links => links.map(link => link.href.split('/').pop())"
    )
    extras = set(preload.closure(EXTRAS, preload.module_graph())) - set(preloaded)
    imported = {match[1] for url in requested if (match := WIDGET_MODULE.search(url))} - NOT_IMPORTS - extras
    assert {"quiz.js", "stage-map.js", "question-coach.js", "widget-kit.js"} <= imported
    assert sorted(preloaded) == sorted(imported)
