"""Keyboard and screen-reader details: focus stays put through a check, and card labels follow the card order."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from course import grade_quiz, grade_stage_map, parse_quiz, parse_self_assessment, parse_stage_map, profile
from tests.browser.controllers import QuizWidget, SelfAssessmentWidget, StageMapWidget

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_4 = "/modules/04-the-buyers-route/"
SELF_ASSESSMENT = "/self-assessment/"


def press_enter_on_check(widget) -> None:
    widget.check_button.focus()
    widget.page.keyboard.press("Enter")


def test_focus_stays_on_check_answers_after_a_keyboard_check(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    answers = {q.id: sorted(q.correct_options) for q in parse_quiz(quiz.content).questions}
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    press_enter_on_check(quiz)
    quiz.expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])
    quiz.expect_focus_kept_on_check_button()
    # And the next Enter checks again, from where the learner is.
    page.keyboard.press("Enter")
    quiz.expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])
    quiz.expect_focus_kept_on_check_button()


def test_focus_stays_on_check_my_map_after_a_keyboard_check(page: Page, problems):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    first = exercise.card_order()[0]
    exercise.place(first, "aligning")
    press_enter_on_check(exercise)
    expected = grade_stage_map(parse_stage_map(exercise.content), {first: "aligning"}, {})
    exercise.expect_status(expected["summary"])
    exercise.expect_focus_kept_on_check_button()


def test_focus_stays_on_show_my_profile_after_a_keyboard_check(page: Page, problems):
    page.goto(SELF_ASSESSMENT)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    first = assessment.content["items"][0]["id"]
    assessment.rate(first, 2)
    press_enter_on_check(assessment)
    assessment.expect_status(profile(parse_self_assessment(assessment.content), {first: 2})["summary"])
    assessment.expect_focus_kept_on_check_button()


def expect_labels_follow_the_order(exercise: StageMapWidget) -> None:
    """Card n is shown as "Card n.", its select is labelled "Stage for card n", its chip says "Card n"."""
    labels = exercise.card_labels()
    assert labels == [(f"Card {n}.", f"Stage for card {n}", f"Stage for card {n}") for n in range(1, len(labels) + 1)]
    order = exercise.card_order()
    for card_id in order:
        exercise.place(card_id, "aligning")
    assert exercise.board_chips() == {card_id: f"Card {n}" for n, card_id in enumerate(order, start=1)}
    select = exercise.card(order[0]).locator("select")
    expect(exercise.root.get_by_role("combobox", name="Stage for card 1", exact=True)).to_have_attribute(
        "id", select.get_attribute("id")
    )


def test_card_labels_are_renumbered_after_try_again(page: Page, problems):
    page.goto(MODULE_4)
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    authored = exercise.card_order()
    exercise.place(authored[0], "aligning").check()
    exercise.expect_status(grade_stage_map(parse_stage_map(exercise.content), {authored[0]: "aligning"}, {})["summary"])
    exercise.try_again()
    assert exercise.card_order() != authored
    expect_labels_follow_the_order(exercise)


@pytest.mark.parametrize("seed", [48213, 7])
def test_card_labels_follow_a_shared_order(page: Page, problems, seed: int):
    page.goto(f"{MODULE_4}?order={seed}")
    exercise = StageMapWidget.first_on(page).wait_until_mounted()  # the order is the script's work
    assert exercise.card_order() != [card["id"] for card in exercise.content["cards"]]
    expect_labels_follow_the_order(exercise)
