"""A learner answers a knowledge check in real Chromium; Python in the page grades it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from course import grade_quiz, parse_quiz
from tests.browser.conftest import settle
from tests.browser.controllers import QuizWidget

MODULE_1 = "/modules/01-right-solution-wrong-time/"
STORAGE_PREFIX = "course-site:v1:quiz:"


def correct_answers(content: dict) -> dict[str, list[int]]:
    return {q.id: sorted(q.correct_options) for q in parse_quiz(content).questions}


def wrong_answers(content: dict) -> dict[str, list[int]]:
    """For every question, the first option that is wrong on its own."""
    return {q.id: [next(i for i, o in enumerate(q.options) if not o.correct)] for q in parse_quiz(content).questions}


def explanation(quiz: QuizWidget, question_id: str, index: int) -> str:
    """What a learner should read after checking: the verdict on the option, then its feedback."""
    correct = quiz.content["questions"][[q["id"] for q in quiz.content["questions"]].index(question_id)]["options"][
        index
    ]["correct"]
    text = (
        quiz.option(question_id, index)
        .locator(".course-widget__explanation .course-widget__explanation-text")
        .text_content()
    )
    return f"{'Correct.' if correct else 'Not the best answer.'} {text}"


def test_answer_with_the_mouse_and_get_python_graded_feedback(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    content = quiz.content
    answers = {**correct_answers(content)}
    first, *rest = [q["id"] for q in content["questions"]]
    answers[first] = wrong_answers(content)[first]
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    quiz.check()

    expected = grade_quiz(parse_quiz(content), answers)
    quiz.expect_status(expected["summary"])
    quiz.expect_verdict(first, "Not quite.")
    wrong = answers[first][0]
    quiz.expect_feedback(first, wrong, explanation(quiz, first, wrong))
    for question_id in rest:
        quiz.expect_verdict(question_id, "Correct.")
        for index in answers[question_id]:
            quiz.expect_feedback(question_id, index, explanation(quiz, question_id, index))


def test_answer_with_the_keyboard_only(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    content = quiz.content
    answers = correct_answers(content)
    quiz.root.locator("input").first.focus()
    for question in content["questions"]:
        chosen = answers[question["id"]]
        # Options are shuffled for each learner: move through them in the order on screen.
        shown = quiz.displayed_order(question["id"])
        if question["kind"] == "single":
            # Arrow keys move through a radio group and select; Space selects the focused one.
            target = shown.index(chosen[0])
            if target == 0:
                page.keyboard.press("Space")
            for _ in range(target):
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
        else:
            for index in shown:
                if index in chosen:
                    page.keyboard.press("Space")
                page.keyboard.press("Tab")
    expect(quiz.root.get_by_role("button", name="Check answers")).to_be_focused()
    page.keyboard.press("Enter")
    quiz.expect_status(grade_quiz(parse_quiz(content), answers)["summary"])
    for question in content["questions"]:
        quiz.expect_verdict(question["id"], "Correct.")
        assert quiz.chosen(question["id"]) == answers[question["id"]]


def test_changing_an_answer_clears_that_questions_feedback(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    first = quiz.content["questions"][0]["id"]
    wrong = wrong_answers(quiz.content)[first][0]
    quiz.choose(first, wrong).check().expect_verdict(first, "Not quite.")
    quiz.choose(first, correct_answers(quiz.content)[first][0])
    quiz.expect_no_feedback(first)


def test_progress_is_kept_across_a_reload_and_try_again_forgets_it(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    content = quiz.content
    answers = correct_answers(content)
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    quiz.check()
    summary = grade_quiz(parse_quiz(content), answers)["summary"]
    quiz.expect_status(summary)

    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_mounted()
    # The answers are back as soon as the widget mounts; the result once Python has graded them again.
    for question_id, chosen in answers.items():
        assert quiz.chosen(question_id) == chosen
    quiz.wait_until_ready().expect_status(summary)
    for question_id in answers:
        quiz.expect_verdict(question_id, "Correct.")

    quiz.try_again()
    quiz.expect_status("Answers cleared. Try again.")
    assert all(quiz.chosen(question_id) == [] for question_id in answers)
    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_ready()
    assert all(quiz.chosen(question_id) == [] for question_id in answers)
    quiz.expect_status("")


def test_answers_chosen_but_not_checked_are_kept_too(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    first = quiz.content["questions"][0]["id"]
    quiz.choose(first, 1)
    page.reload()
    assert QuizWidget.first_on(page).chosen(first) == [1]


@pytest.mark.parametrize("raw", ["{oops", '{"answers": "all of them"}', "[1, 2, 3]", "null"])
def test_corrupt_progress_is_set_aside_and_the_quiz_still_works(page: Page, problems, raw: str):
    page.goto(MODULE_1)
    quiz_id = QuizWidget.first_on(page).root.get_attribute("id")
    key = STORAGE_PREFIX + quiz_id
    page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [key, raw])
    page.reload()
    quiz = QuizWidget(page, quiz_id).wait_until_ready()
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    assert page.evaluate("key => localStorage.getItem(key + ':set-aside')", key) == raw
    first = quiz.content["questions"][0]["id"]
    quiz.choose(first, correct_answers(quiz.content)[first][0]).check().expect_verdict(first, "Correct.")


def search(page: Page, words: str) -> None:
    """Type into Material's search until results show (its index loads in a worker on first focus)."""
    box = page.locator(".md-search__input")
    box.click()
    results = page.locator(".md-search-result__item")
    for _ in range(30):
        box.fill("")
        box.press_sequentially(words)
        try:
            expect(results.first).to_be_visible(timeout=1_000)
            return
        except AssertionError:
            continue
    raise AssertionError(f"search for {words!r} never showed results")


def test_corrupt_material_palette_does_not_break_search(page: Page, problems):
    page.goto("/")
    page.evaluate("localStorage.setItem('/.__palette', '{broken')")
    page.reload()
    search(page, "status quo")
    assert page.evaluate("localStorage.getItem('/.__palette.set-aside')") == "{broken"


THROWING_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


def test_storage_that_throws_leaves_the_page_working(page: Page, problems):
    """As in a sandboxed or cross-site iframe: reading localStorage throws."""
    page.add_init_script(THROWING_STORAGE)
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    expect(quiz.root.locator('[data-role="notice"]')).to_have_text("Your progress can't be kept in this browser.")
    first = quiz.content["questions"][0]["id"]
    quiz.choose(first, correct_answers(quiz.content)[first][0]).check().expect_verdict(first, "Correct.")


def test_pages_without_widgets_never_start_python(page: Page, problems):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/glossary/")
    settle(page)
    assert [url for url in requested if "pyodide" in url or "python-worker" in url or "/course/" in url] == []
    assert page.locator(".course-widget").count() == 0


def test_without_javascript_the_quiz_is_a_readable_page(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page)
    first = quiz.content["questions"][0]
    legend = quiz.question(first["id"]).locator("legend")
    expect(legend).to_be_visible()
    for index in range(len(first["options"])):
        option = quiz.option(first["id"], index)
        expect(option.get_by_role("radio")).to_be_visible()
        option.locator("summary").click()
        expect(option.locator(".course-widget__explanation-text")).to_be_visible()
    expect(quiz.root.get_by_role("button")).to_have_count(0)
    expect(quiz.root.locator('[data-role="notice"]')).to_have_text(
        "Open the explanation under each option to see whether it is right and why."
    )
    context.close()


MODULE_PAGES = [
    f"/modules/{path.stem}/" for path in sorted((Path(__file__).resolve().parents[2] / "docs" / "modules").glob("*.md"))
]


@pytest.mark.parametrize("path", MODULE_PAGES)
def test_every_modules_knowledge_check_can_be_passed(page: Page, problems, path: str):
    page.goto(path)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    answers = correct_answers(quiz.content)
    for question_id, chosen in answers.items():
        quiz.choose(question_id, *chosen)
    quiz.check()
    result = grade_quiz(parse_quiz(quiz.content), answers)
    assert result["passed"]
    quiz.expect_status(result["summary"])


# Listeners added before the page's own run first: at "afterprint" this sees the page as printed,
# before widgets.js closes what it opened.
RECORD_PRINTING = """
window.__printed = [];
addEventListener("afterprint", () => {
  const details = [...document.querySelectorAll(".course-widget details")];
  window.__printed.push({ all: details.length, open: details.filter((d) => d.open).length });
});
"""


def test_printing_opens_every_explanation_and_closes_them_afterwards(page: Page, problems):
    """page.pdf() prints as the browser's print dialog would, with beforeprint and afterprint."""
    page.add_init_script(RECORD_PRINTING)
    page.goto(MODULE_1)
    QuizWidget.first_on(page).wait_until_ready()
    expect(page.locator(".course-widget details[open]")).to_have_count(0)
    page.pdf()
    printed = page.evaluate("window.__printed")
    assert len(printed) == 1 and printed[0]["all"] > 1 and printed[0]["open"] == printed[0]["all"], printed
    expect(page.locator(".course-widget details[open]")).to_have_count(0)
    # The browser's print dialog fires the same events: Material opens every <details> on
    # beforeprint and restores them on afterprint (which is why the widgets need no handler).
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    expect(page.locator(".course-widget details:not([open])")).to_have_count(0)
    page.evaluate("dispatchEvent(new Event('afterprint'))")
    expect(page.locator(".course-widget details[open]")).to_have_count(0)


def test_options_come_in_an_order_of_the_learners_own_that_stays_put_across_visits(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    ids = [question["id"] for question in quiz.content["questions"]]
    first_visit = {question_id: quiz.displayed_order(question_id) for question_id in ids}
    # Seven questions of three or more options each all left in the written order: (1/6)^7 at most.
    assert any(order != sorted(order) for order in first_visit.values())
    page.reload()  # nothing answered yet: the order is the learner's, not their answers'
    quiz = QuizWidget.first_on(page).wait_until_ready()
    assert {question_id: quiz.displayed_order(question_id) for question_id in ids} == first_visit
