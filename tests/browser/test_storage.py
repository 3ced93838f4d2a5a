"""Stored progress that can't be restored is set aside and the widget says so; restored checks are graded again."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from course import grade_quiz, parse_quiz
from tests.browser.controllers import QuizWidget, SelfAssessmentWidget, StageMapWidget, Widget

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_4 = "/modules/04-the-buyers-route/"
SELF_ASSESSMENT = "/self-assessment/"
UNREADABLE = "Your saved answers couldn't be restored, so this starts fresh."
CHANGED = "This exercise has changed since your answers were saved, so it starts fresh."
NOT_KEPT = "Your progress can't be kept in this browser."


def first_question(content: dict) -> str:
    return content["questions"][0]["id"]


def first_card(content: dict) -> str:
    return content["cards"][0]["id"]


def card_with_replies(content: dict) -> str:
    return next(card["id"] for card in content["cards"] if card.get("replies"))


def first_item(content: dict) -> str:
    return content["items"][0]["id"]


def quiz_answer(quiz: QuizWidget) -> None:
    quiz.choose(first_question(quiz.content), 0)


def quiz_check_works(quiz: QuizWidget) -> None:
    quiz_answer(quiz)
    quiz.check()
    expect(quiz.question(first_question(quiz.content)).locator('[data-role="verdict"]')).to_be_visible()


def map_answer(exercise: StageMapWidget) -> None:
    exercise.place(first_card(exercise.content), "aligning")


def map_check_works(exercise: StageMapWidget) -> None:
    map_answer(exercise)
    exercise.check()
    expect(exercise.card(first_card(exercise.content)).locator(".course-stage-card__verdict")).to_be_visible()


def assessment_answer(assessment: SelfAssessmentWidget) -> None:
    assessment.rate(first_item(assessment.content), 1)


def assessment_check_works(assessment: SelfAssessmentWidget) -> None:
    assessment_answer(assessment)
    assessment.show_profile()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()


# Per kind: its page, its controller, one answer that makes it save, and a check that must work.
KINDS: dict[str, tuple[str, type[Widget], Callable, Callable]] = {
    "quiz": (MODULE_1, QuizWidget, quiz_answer, quiz_check_works),
    "stage-map": (MODULE_4, StageMapWidget, map_answer, map_check_works),
    "self-assessment": (SELF_ASSESSMENT, SelfAssessmentWidget, assessment_answer, assessment_check_works),
}


def open_widget(page: Page, kind: str) -> Widget:
    path, controller, _, _ = KINDS[kind]
    page.goto(path)
    return controller.first_on(page).wait_until_mounted()


def current_content_hash(page: Page, kind: str) -> str:
    """The fingerprint the widget itself stores, taken from a record it writes."""
    # Inputs work and save before Python is ready; not waiting for it saves a whole start-up, as
    # every caller reloads the page next.
    widget = open_widget(page, kind)
    KINDS[kind][2](widget)
    return json.loads(widget.stored())["contentHash"]


# Right-shaped records whose inner values don't fit the content: Python refuses them.
BAD_RECORDS: dict[str, Callable[[dict, str], dict]] = {
    "quiz/unknown question": lambda c, h: {"contentHash": h, "answers": {"no-such-question": [0]}, "checked": True},
    "quiz/unknown option": lambda c, h: {"contentHash": h, "answers": {first_question(c): [99]}, "checked": False},
    "quiz/two answers to a single-choice question": lambda c, h: {
        "contentHash": h,
        "answers": {next(q["id"] for q in c["questions"] if q["kind"] == "single"): [0, 1]},
        "checked": True,
    },
    "stage-map/unknown card": lambda c, h: {
        "contentHash": h,
        "seed": None,
        "placements": {"no-such-card": "aligning"},
        "replies": {},
        "checked": True,
    },
    "stage-map/unknown stage": lambda c, h: {
        "contentHash": h,
        "seed": None,
        "placements": {first_card(c): "no-such-stage"},
        "replies": {},
        "checked": False,
    },
    "stage-map/unknown reply": lambda c, h: {
        "contentHash": h,
        "seed": None,
        "placements": {},
        "replies": {card_with_replies(c): 99},
        "checked": True,
    },
    "self-assessment/unknown statement": lambda c, h: {
        "contentHash": h,
        "answers": {"no-such-item": 1},
        "checked": True,
        "previous": None,
    },
    "self-assessment/off the scale": lambda c, h: {
        "contentHash": h,
        "answers": {first_item(c): 99},
        "checked": False,
        "previous": None,
    },
}


@pytest.mark.parametrize("case", sorted(BAD_RECORDS))
def test_a_record_with_values_that_dont_fit_is_set_aside_and_the_widget_starts_fresh(page: Page, problems, case: str):
    kind = case.split("/")[0]
    content_hash = current_content_hash(page, kind)
    widget = KINDS[kind][1].first_on(page)
    raw = json.dumps(BAD_RECORDS[case](widget.content, content_hash))
    widget.store(raw)
    page.reload()
    widget = KINDS[kind][1].first_on(page).wait_until_ready()
    widget.expect_notice(UNREADABLE)
    assert widget.set_aside() == raw
    assert widget.stored() is None
    expect(widget.root.locator("input:checked")).to_have_count(0)
    KINDS[kind][3](widget)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_record_saved_for_different_content_is_not_restored(page: Page, problems, kind: str):
    current_content_hash(page, kind)
    widget = KINDS[kind][1].first_on(page)
    record = json.loads(widget.stored())
    record["contentHash"] = "stale"
    raw = json.dumps(record)
    widget.store(raw)
    page.reload()
    widget = KINDS[kind][1].first_on(page).wait_until_ready()
    widget.expect_notice(CHANGED)
    assert widget.set_aside() == raw
    expect(widget.root.locator("input:checked")).to_have_count(0)
    if kind == "stage-map":
        assert widget.placed(first_card(widget.content)) == ""
    KINDS[kind][3](widget)


def test_a_restored_quiz_is_graded_again_by_python_not_replayed(page: Page, problems):
    content_hash = current_content_hash(page, "quiz")
    quiz = QuizWidget.first_on(page)
    content = quiz.content
    answers = {q.id: sorted(q.correct_options) for q in parse_quiz(content).questions}
    first = first_question(content)
    # What an earlier version stored: a result. This one is fake, and names an option that doesn't exist.
    fake = {
        "summary": "You answered 0 of 99 questions correctly.",
        "questions": [{"id": first, "feedback": [{"option": 42}]}],
    }
    quiz.store(json.dumps({"contentHash": content_hash, "answers": answers, "result": fake}))
    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_ready()
    quiz.expect_status(grade_quiz(parse_quiz(content), answers)["summary"])
    quiz.expect_verdict(first, "Correct.")
    expect(quiz.notice).to_be_hidden()
    assert quiz.set_aside() is None


def test_answers_that_were_never_checked_come_back_without_a_result(page: Page, problems):
    current_content_hash(page, "quiz")
    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_ready()
    assert quiz.chosen(first_question(quiz.content)) == [0]
    quiz.expect_status("")
    expect(quiz.root.locator('[data-role="verdict"]:visible')).to_have_count(0)


REFUSING_WRITES = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""


def test_storage_that_refuses_writes_keeps_the_widget_working_and_says_so(page: Page, problems):
    """A full quota: reading works, writing throws. What was kept still comes back."""
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    answers = {q.id: sorted(q.correct_options) for q in parse_quiz(quiz.content).questions}
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    summary = grade_quiz(parse_quiz(quiz.content), answers)["summary"]
    quiz.check().expect_status(summary)

    page.add_init_script(REFUSING_WRITES)
    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_ready()
    expect(quiz.notice).to_have_text(NOT_KEPT)
    quiz.expect_status(summary)
    first = first_question(quiz.content)
    wrong = next(i for i, o in enumerate(quiz.content["questions"][0]["options"]) if not o["correct"])
    quiz.choose(first, wrong).check().expect_verdict(first, "Not quite.")
