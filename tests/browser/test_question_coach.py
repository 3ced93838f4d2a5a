"""The question coach in Chromium: a weak question, its feedback, a revision and what improved; keyboard; reload."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course.question_coach import coach, parse_question_coach
from tests.browser.coach_site import PATH, coach_site_url
from tests.browser.conftest import RECORD_VIOLATIONS, violations
from tests.browser.controllers import QuestionCoachWidget

WEAK = "Can I show you a quick demo of our platform?"
REVISED = "What would need to be true for your team to consider changing how you track shipments?"
UNREADABLE = "Your saved answers couldn't be restored, so this starts fresh."


@pytest.fixture(scope="module")
def coach_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return coach_site_url(tmp_path_factory) + PATH


def expected(widget: QuestionCoachWidget, situation: str, question: str, previous: str | None = None) -> dict:
    """What course.question_coach says in CPython, for comparison with the page."""
    return coach(parse_question_coach(widget.content), situation, question, previous)


def open_coach(page: Page, url: str) -> QuestionCoachWidget:
    page.goto(url)
    return QuestionCoachWidget(page, "practice-coach").wait_until_ready()


def test_a_weak_question_gets_specific_feedback_and_a_revision_shows_what_improved(
    page: Page, context: BrowserContext, problems, coach_url: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    widget = open_coach(page, coach_url)
    expect(widget.root.locator(".course-question-coach__caveat")).to_contain_text("A coach, not a judge")
    expect(widget.models("tracking")).to_be_hidden()

    widget.write("tracking", WEAK).coach("tracking")
    first = expected(widget, "tracking", WEAK)
    widget.expect_status_of("tracking", first["summary"])
    verdicts = widget.verdicts("tracking")
    assert verdicts["open"] == ("problem", "Open or closed: Problem. " + first["criteria"][0]["text"])
    assert verdicts["world"][0] == "problem" and "\u201cour platform\u201d" in verdicts["world"][1]
    assert {criterion: verdict for criterion, (verdict, _) in verdicts.items()} == {
        c["id"]: c["verdict"] for c in first["criteria"]
    }
    expect(widget.feedback("tracking")).to_contain_text(f"It read: \u201c{WEAK}\u201d")
    expect(widget.feedback("tracking")).not_to_contain_text("What changed since your last try")
    # Model questions appear after the first try, for this situation only.
    expect(widget.models("tracking")).to_be_visible()
    expect(widget.models("peak")).to_be_hidden()

    widget.write("tracking", REVISED).coach("tracking")
    second = expected(widget, "tracking", REVISED, WEAK)
    widget.expect_status_of("tracking", second["summary"])
    expect(widget.feedback("tracking")).to_contain_text("What changed since your last try")
    improved = [("better", "open"), ("better", "world"), ("better", "future"), ("better", "cues")]
    assert widget.changes("tracking") == improved == [("better", step["id"]) for step in second["changes"]["better"]]
    assert widget.verdicts("tracking")["open"][0] == "good"
    expect(widget.feedback("tracking").locator('[data-change="better"]').first).to_have_text(
        "Better: Open or closed: Problem \u2192 Good"
    )
    # Only the texts are kept, never a reading.
    stored = json.loads(widget.stored())
    assert stored["situations"]["tracking"] == {"draft": REVISED, "last": REVISED, "previous": WEAK}
    assert violations(page) == []


def test_everything_works_from_the_keyboard_and_focus_stays_on_the_button(page: Page, problems, coach_url: str):
    widget = open_coach(page, coach_url)
    widget.box("peak").focus()
    page.keyboard.type("Don't you think peak season is the worst time to change?")
    page.keyboard.press("Tab")
    expect(widget.coach_button("peak")).to_be_focused()
    page.keyboard.press("Enter")
    question = "Don't you think peak season is the worst time to change?"
    widget.expect_status_of("peak", expected(widget, "peak", question)["summary"])
    expect(widget.coach_button("peak")).to_be_focused()
    assert widget.verdicts("peak")["leading"][0] == "problem"

    # Back to the box, rewrite, and coach again with Space.
    page.keyboard.press("Shift+Tab")
    expect(widget.box("peak")).to_be_focused()
    page.keyboard.press("ControlOrMeta+a")
    revised = "What would your team need protected if anything changed after peak season?"
    page.keyboard.type(revised)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    widget.expect_status_of("peak", expected(widget, "peak", revised, question)["summary"])
    assert ("better", "leading") in widget.changes("peak")
    # The model questions can be opened from the keyboard too.
    summary = widget.models("peak").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(widget.models("peak")).to_have_attribute("open", "")


def test_after_a_reload_python_coaches_the_kept_questions_again(page: Page, problems, coach_url: str):
    widget = open_coach(page, coach_url)
    widget.write("tracking", WEAK).coach("tracking")
    widget.expect_status_of("tracking", expected(widget, "tracking", WEAK)["summary"])
    widget.write("tracking", REVISED).coach("tracking")
    summary = expected(widget, "tracking", REVISED, WEAK)["summary"]
    widget.expect_status_of("tracking", summary)
    widget.write("peak", "A draft I never coached")

    page.reload()
    widget = QuestionCoachWidget(page, "practice-coach").wait_until_ready()
    widget.expect_status_of("tracking", summary)
    assert widget.changes("tracking") == [
        ("better", "open"),
        ("better", "world"),
        ("better", "future"),
        ("better", "cues"),
    ]
    expect(widget.box("tracking")).to_have_value(REVISED)
    expect(widget.box("peak")).to_have_value("A draft I never coached")
    widget.expect_status_of("peak", "")
    expect(widget.models("tracking")).to_be_visible()
    expect(widget.models("peak")).to_be_hidden()

    # A stored reading would never be shown: what is kept is text, and Python reads it again.
    record = json.loads(widget.stored())
    record["situations"]["tracking"]["result"] = {"summary": "You are a natural.", "criteria": []}
    record["situations"]["tracking"]["last"] = "How many depots do you have?"
    record["situations"]["tracking"]["previous"] = None
    widget.store(json.dumps(record))
    page.reload()
    widget = QuestionCoachWidget(page, "practice-coach").wait_until_ready()
    widget.expect_status_of("tracking", expected(widget, "tracking", "How many depots do you have?")["summary"])
    assert widget.verdicts("tracking")["future"][0] == "problem"


def test_unreadable_or_unfitting_records_are_set_aside_and_without_javascript_it_is_a_worksheet(
    page: Page, problems, coach_url: str, browser: Browser
):
    widget = open_coach(page, coach_url)
    for raw in (
        "{not json",
        json.dumps({"contentHash": "x", "situations": {"tracking": {"last": 5}}}),
    ):
        widget.store(raw)
        page.reload()
        widget = QuestionCoachWidget(page, "practice-coach").wait_until_ready()
        widget.expect_notice(UNREADABLE)
        assert widget.set_aside() == raw and widget.stored() is None
    # The right shape for a situation this coach doesn't have: Python refuses it.
    widget.write("tracking", WEAK)
    record = json.loads(widget.stored())
    record["situations"]["gone"] = {"draft": "", "last": "What would change?", "previous": None}
    raw = json.dumps(record)
    widget.store(raw)
    page.reload()
    widget = QuestionCoachWidget(page, "practice-coach").wait_until_ready()
    widget.expect_notice(UNREADABLE)
    assert widget.set_aside() == raw
    expect(widget.box("tracking")).to_have_value("")
    widget.write("tracking", WEAK).coach("tracking")
    widget.expect_status_of("tracking", expected(widget, "tracking", WEAK)["summary"])

    static = browser.new_context(java_script_enabled=False)
    worksheet = static.new_page()
    worksheet.goto(coach_url)
    root = worksheet.locator("#practice-coach")
    expect(root.get_by_role("textbox", name="Write your question for situation 1")).to_be_visible()
    expect(root.locator(".course-question-coach__criteria li")).to_have_count(7)
    expect(root.locator("details.course-question-coach__models").first).to_be_visible()
    expect(root.locator("details.course-question-coach__models").first).to_contain_text(
        "What would need to be true for your team"
    )
    expect(root.get_by_role("button")).to_have_count(0)
    static.close()
