"""Every page with widgets prints as a worksheet: what to answer, the learner's own answers, nothing that grades.

Each page is printed to an A4 PDF by Chromium and read back with pdftotext. What must and must not
print is read from the built page itself (its widgets' rendered questions, explanations, keys and,
after a check, the feedback on screen), never written out here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from course import parse_quiz, parse_self_assessment, parse_stage_map
from course.kinds import EXERCISES
from course.stage_model import BY_ID
from tests.browser.controllers import (
    READY_TIMEOUT_MS,
    QuestionCoachWidget,
    QuizWidget,
    SelfAssessmentWidget,
    StageMapWidget,
)
from tests.browser.pdf import PrintedPage, comparable, print_to_pdf
from tests.conftest import PROJECT

DOCS = PROJECT / "docs"
# Worksheets are the exercises: My results and the room page have nothing of their own to fill in.
FENCE_OPENERS = tuple(f"```{kind.name}" for kind in EXERCISES)


def page_path(source: Path) -> str:
    """The served path of a Markdown page: docs/modules/x.md -> /modules/x/, docs/index.md -> /."""
    relative = source.relative_to(DOCS).with_suffix("")
    parts = relative.parts[:-1] if relative.name == "index" else relative.parts
    return "/" + "".join(f"{part}/" for part in parts)


WORKSHEET_PAGES = sorted(
    page_path(source)
    for source in DOCS.rglob("*.md")
    if any(line.strip().startswith(FENCE_OPENERS) for line in source.read_text(encoding="utf-8").splitlines())
)
# The trainers' issue asks for module 4 (the longest: a stage map, a coach and a quiz) on 6 sheets.
MAX_SHEETS = {"/modules/04-the-buyers-route/": 6}
DEFAULT_MAX_SHEETS = 4
# Shorter texts can occur inside others by chance ("Nothing.", a stage name): counted only when longer.
COUNTED_LENGTH = 25

# What a worksheet is made of, and what never prints on one, as selectors over the built widgets.
# Texts are collected with whitespace collapsed, as the PDF's words are.
COLLECT_TEXTS = """
({ mustPrint, mustNotPrint }) => {
  // A heading's permalink (¶) only shows on hover, and never prints.
  const text = (element) => {
    const copy = element.cloneNode(true);
    for (const link of copy.querySelectorAll(".headerlink")) link.remove();
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const texts = (selector) => [...document.querySelectorAll(selector)].map(text).filter(Boolean);
  // The reading around the widgets: every heading and paragraph that is not the title, a widget
  // or the lead-in right above a widget.
  const article = document.querySelector(".md-content__inner");
  const reading = [...article.children].filter(
    (child) =>
      child.matches("h2, h3, p") &&
      !child.nextElementSibling?.matches(".course-widget"),
  );
  const chrome = [...document.querySelectorAll(".md-header__topic, .md-footer, .md-sidebar--primary .md-nav__title")];
  return {
    mustPrint: texts(mustPrint.join(", ")),
    mustNotPrint: [...texts(mustNotPrint.join(", ")), ...reading.map(text), ...chrome.map(text)].filter(Boolean),
  };
}
"""
MUST_PRINT = [
    "h1",
    ".course-widget > h3",
    ".course-quiz__prompt",
    ".course-quiz__option label",
    ".course-stage-card__text",
    ".course-stage-card__write-in label",
    ".course-stage-card__replies legend",
    ".course-stage-card__reply label",
    ".course-stage-map__stages",
    ".course-self-assessment__item legend",
    ".course-question-coach__context",
    ".course-question-coach__goal",
    ".course-question-coach__label",
]
MUST_NOT_PRINT = [
    ".course-widget details > summary",
    ".course-widget__explanation p",
    ".course-widget__explanation-text",
    ".course-widget__notice",
    ".course-widget__status",
    ".course-widget__feedback",
    ".course-key",
    ".course-quiz__verdict",
    ".course-stage-map__rules",
    ".course-stage-map__order",
    ".course-stage-map__diagnosis",
    ".course-stage-card__result",
    ".course-self-assessment__key p",
    ".course-self-assessment__band-text",
    ".course-self-assessment__profile",
    ".course-question-coach__caveat",
    ".course-question-coach__feedback",
    ".course-question-coach__models li",
    ".course-widget button",
]

# How each drawn box or circle looks in print: no native widget, a visible edge, filled when ticked.
COLLECT_BOXES = """
() => [...document.querySelectorAll('.course-widget input[type="radio"], .course-widget input[type="checkbox"]')]
  .filter((input) => input.closest(".course-widget__explanation") === null)
  .map((input) => {
    const style = getComputedStyle(input);
    return {
      id: input.id,
      checked: input.checked,
      shown: input.getClientRects().length > 0,
      appearance: style.appearance,
      edge: style.borderTopStyle === "solid" ? parseFloat(style.borderTopWidth) : 0,
      fill: style.backgroundColor,
    };
  })
"""
INK = "rgb(0, 0, 0)"
PAPER = "rgb(255, 255, 255)"


def worksheet_texts(page: Page) -> tuple[list[str], list[str]]:
    """What the page must print and what it must not, from its widgets as built (and as answered)."""
    found = page.evaluate(COLLECT_TEXTS, {"mustPrint": MUST_PRINT, "mustNotPrint": MUST_NOT_PRINT})
    return [comparable(t) for t in found["mustPrint"]], [comparable(t) for t in found["mustNotPrint"]]


def worksheet_problems(page: Page, printed: PrintedPage, path: str) -> list[str]:
    """Everything wrong with a printed worksheet: missing or doubled questions, anything that grades, too long."""
    must_print, must_not_print = worksheet_texts(page)
    assert must_print and must_not_print, "nothing found to check: have the widgets' class names changed?"
    found = []
    pdf = printed.words
    expected = Counter(must_print)
    for text in expected:
        if text not in pdf:
            found.append(f"missing: {text!r}")
        elif len(text) >= COUNTED_LENGTH:
            # As often as the worksheet has it, counting longer texts that contain it.
            times = sum(count for other, count in expected.items() if text in other)
            if pdf.count(text) != times:
                found.append(f"printed {pdf.count(text)} times instead of {times}: {text!r}")
    for text in set(must_not_print):
        # A button's "Try again" may also be words in a question: only more than the worksheet's own is a leak.
        if pdf.count(text) > sum(other.count(text) * count for other, count in expected.items()):
            found.append(f"printed, but is not for a worksheet: {text!r}")
    limit = MAX_SHEETS.get(path, DEFAULT_MAX_SHEETS)
    if printed.pages > limit:
        found.append(f"{printed.pages} A4 pages, more than {limit}")
    return found


def box_problems(page: Page) -> list[str]:
    """Radio buttons and checkboxes that would not print as a clear box or circle, filled only when ticked."""
    page.emulate_media(media="print")
    try:
        boxes = page.evaluate(COLLECT_BOXES)
    finally:
        page.emulate_media(media="screen")
    found = []
    for box in boxes:
        if not box["shown"] or box["appearance"] != "none" or box["edge"] < 1:
            found.append(f"#{box['id']}: not drawn as a box in print ({box})")
        elif box["fill"] != (INK if box["checked"] else PAPER):
            found.append(f"#{box['id']}: {'ticked' if box['checked'] else 'empty'} but filled {box['fill']}")
    return found


@pytest.mark.parametrize("path", WORKSHEET_PAGES)
def test_without_javascript_the_page_prints_as_a_blank_worksheet(
    browser: Browser, base_url: str, path: str, tmp_path: Path
):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(path)
    printed = print_to_pdf(page, tmp_path / "worksheet.pdf")
    problems = worksheet_problems(page, printed, path) + box_problems(page)
    for card in page.locator(".course-stage-card").all():
        # The line to write a stage on is there, and empty.
        expect(card.locator('[data-role="written"]')).to_be_visible()
        expect(card.locator('[data-role="written"]')).to_have_value("")
    context.close()
    assert not problems, f"{path} printed with {printed.pages} pages:\n" + "\n".join(problems)


def answer_everything(page: Page) -> list[str]:
    """Answer and check every widget on the page as a learner would; return what the learner wrote or chose."""
    chosen = []
    for widget in page.locator(".course-widget").all():
        expect(widget).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)
        kind, widget_id = widget.get_attribute("data-widget"), widget.get_attribute("id")
        if kind == "quiz":
            quiz = QuizWidget(page, widget_id)
            for question in parse_quiz(quiz.content).questions:
                quiz.choose(question.id, *sorted(question.correct_options))
            quiz.check()
            expect(quiz.root.locator('[data-role="verdict"]:visible').first).to_be_visible()
        elif kind == "stage-map":
            exercise = StageMapWidget(page, widget_id)
            for number, card in enumerate(parse_stage_map(exercise.content).cards):
                # Some right, some wrong, some left out: every kind of feedback ends up on screen.
                if number % 3 == 2:
                    continue
                stage = BY_ID[card.stage] if number % 3 == 0 else BY_ID[card.also[0] if card.also else "integrating"]
                exercise.place(card.id, stage.id)
                if card.replies:
                    exercise.card(card.id).locator("input[type=radio]").nth(number % len(card.replies)).check()
            exercise.check()
            expect(exercise.root.locator('[data-role="diagnosis"]')).to_be_visible()
        elif kind == "self-assessment":
            assessment = SelfAssessmentWidget(page, widget_id)
            points = len(assessment.content["scale"]["labels"])
            for number, item in enumerate(parse_self_assessment(assessment.content).items):
                assessment.rate(item.id, number % points)
            assessment.show_profile()
            expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()
        elif kind == "question-coach":
            coach = QuestionCoachWidget(page, widget_id)
            for number, situation in enumerate(coach.content["situations"]):
                question = f"What would need to be true for you to feel safe trying this, number {number + 1}?"
                coach.write(situation["id"], question).coach(situation["id"])
                expect(coach.feedback(situation["id"])).to_be_visible()
                chosen.append(question)
        else:
            pytest.fail(f"no learner for widget kind {kind!r}: teach answer_everything to answer it")
    return chosen


@pytest.mark.parametrize("path", WORKSHEET_PAGES)
def test_after_answering_and_checking_the_worksheet_shows_the_learners_answers_and_no_feedback(
    page: Page, problems, path: str, tmp_path: Path
):
    page.goto(path)
    written = answer_everything(page)
    placed = page.locator(".course-stage-card").evaluate_all(
        """cards => cards
          .map((card) => [card.querySelector(".course-stage-card__write-in label").textContent,
                          card.querySelector("select").selectedOptions[0]])
          .filter(([, option]) => option.value)
          .map(([label, option]) => `${label} ${option.textContent}`)"""
    )
    printed = print_to_pdf(page, tmp_path / "worksheet.pdf")
    found = worksheet_problems(page, printed, path) + box_problems(page)
    # The learner's own work is on their printout: each chosen stage on its card's line, each question.
    found += [
        f"missing the learner's answer: {text!r}" for text in placed + written if comparable(text) not in printed.words
    ]
    assert not found, f"{path} printed with {printed.pages} pages:\n" + "\n".join(found)


def test_every_page_with_widgets_is_checked():
    """The pages found from docs/ include the modules with each kind of widget, so none goes untested."""
    assert "/modules/04-the-buyers-route/" in WORKSHEET_PAGES
    assert "/self-assessment/" in WORKSHEET_PAGES
    assert len([path for path in WORKSHEET_PAGES if path.startswith("/modules/")]) == len(
        list((DOCS / "modules").glob("*.md"))
    )


def test_pdf_reading_finds_the_page_count_and_text(page: Page, problems, tmp_path: Path):
    """The helper itself: a known page prints with its text on the right number of sheets."""
    page.set_content("<h1>First sheet</h1><p style='break-after: page'>one</p><p>Second sheet</p>")
    printed = print_to_pdf(page, tmp_path / "two.pdf")
    assert printed.pages == 2
    assert re.search(r"First sheet\s+one\s+Second sheet", printed.text)


def test_each_stage_line_is_numbered_like_its_card_in_a_shared_order(page: Page, problems):
    """With ?order= the cards are renumbered, and the printed "Stage for card n:" lines with them."""
    page.goto("/modules/04-the-buyers-route/?order=7")
    exercise = StageMapWidget.first_on(page).wait_until_mounted()  # the order is the script's work
    assert exercise.card_order() != [card["id"] for card in exercise.content["cards"]]
    numbers = exercise.root.locator(".course-stage-card").evaluate_all(
        """cards => cards.map((card) => [
          card.querySelector(".course-stage-card__number").textContent,
          card.querySelector(".course-stage-card__write-in label").textContent,
        ])"""
    )
    assert numbers == [[f"Card {n}.", f"Stage for card {n}:"] for n in range(1, len(numbers) + 1)]


def test_a_reopened_page_prints_the_stages_the_learner_chose_before(page: Page, problems, tmp_path: Path):
    """The stored map is restored into the "Stage for card n:" lines as soon as the page mounts, before Python."""
    page.goto("/modules/04-the-buyers-route/")
    exercise = StageMapWidget.first_on(page).wait_until_mounted()
    cards = parse_stage_map(exercise.content).cards
    chosen = {card.id: BY_ID[card.stage] for card in cards[:3]}
    for card_id, stage in chosen.items():
        exercise.place(card_id, stage.id)
    # As a learner would, once the page has settled: a reload while Python starts is tested elsewhere.
    exercise.wait_until_ready()
    page.reload()
    exercise = StageMapWidget.first_on(page).wait_until_mounted()
    printed = print_to_pdf(page, tmp_path / "worksheet.pdf")
    order = exercise.card_order()
    for card_id, stage in chosen.items():
        line = f"Stage for card {order.index(card_id) + 1}: {stage.number}. {stage.name}"
        assert comparable(line) in printed.words, line
