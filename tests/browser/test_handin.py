"""Learners hand in their results in Chromium: from one exercise or all of them, as a file, a code and a QR link.

Every code is decoded here with zlib, base64 and json alone (not with course.results), every QR code is
read back from a screenshot by zxing-cpp, and what they hold is compared with what the test answered.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course.question_coach import coach, parse_question_coach
from course.stage_model import STAGE_IDS
from tests.browser.conftest import DROP, RECORD_VIOLATIONS, HostFaults, violations
from tests.browser.controllers import (
    READY_TIMEOUT_MS,
    HandInDialog,
    QuestionCoachWidget,
    QuizWidget,
    SelfAssessmentWidget,
    StageMapWidget,
)
from tests.browser.qr_reader import read_qr, smallest_version_at_m
from tests.browser.test_accessibility import axe_violations, report, show_scheme
from tests.browser.test_quiz import THROWING_STORAGE

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MY_RESULTS = "/my-results/"
RESULTS_ID = "every-exercise"
CATALOG = Path("assets/generated/results/catalog.json")
NAME_KEY = "course-site:v1:learner:name"
ID_KEY = "course-site:v1:learner:id"
NOTHING_SENT = (
    "Nothing has been sent anywhere: your answers leave this browser only if you save the file, copy the code "
    "or show the QR code."
)
NOT_REMEMBERED = "This browser doesn't let the course keep anything, so your name won't be remembered next time."
# Questions as learners might write them, a different one for each situation (a repeated one would
# compress better than real answers do, and understate the size of a hand-in).
QUESTIONS = (
    "What would need to be true for your team to feel safe changing how this works?",
    "Who else would be affected if the depot changed its routine, and how would you bring them in?",
    "How would you know that the current spreadsheet had stopped being good enough for the team?",
    "What would you want to protect during peak season if anything about the process changed?",
    "How will finance and operations agree on what a successful change would look like for both?",
    "What has to happen inside the company before a new supplier could even be considered?",
)
AT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def decode(code: str) -> dict:
    """A hand-in code read by hand: CR1.<crc32 of the JSON>.<base64url of zlib(JSON)>."""
    version, checksum, packed = code.split(".")
    assert version == "CR1"
    data = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
    assert f"{zlib.crc32(data):08x}" == checksum
    return json.loads(data)


def stored(page: Page, key: str) -> str | None:
    return page.evaluate("key => localStorage.getItem(key)", key)


def content_hash(widget) -> str:
    """The content hash the widget itself stored with its answers."""
    return json.loads(widget.stored())["contentHash"]


def answer_quiz(quiz: QuizWidget, option: int = 0) -> dict[str, list[int]]:
    """Choose the same option (by its number in the content) in every question; what the quiz then keeps."""
    answers = {}
    for question in quiz.content["questions"]:
        quiz.choose(question["id"], option)
        answers[question["id"]] = [option]
    return answers


def expect_hand_in(dialog: HandInDialog, page: Page, base_url: str, name: str, widgets: list[dict]) -> dict:
    """The code holds exactly `widgets` under `name`, the saved file is that payload, and the QR code links to it."""
    payload = decode(dialog.code())
    assert payload == {
        "format": 1,
        "learner": stored(page, ID_KEY),
        "name": name,
        "at": payload["at"],
        "widgets": widgets,
    }
    assert AT.match(payload["at"]) and re.fullmatch(r"[a-z0-9]{16}", payload["learner"])
    file_name, data = dialog.save()
    slug = f"{name.lower()}-" if name else ""
    assert file_name == f"results-{slug}{date.today().isoformat()}.json"
    assert json.loads(data) == payload
    link = f"{base_url}/room/#{dialog.code()}"
    assert dialog.link() == link
    # Read back as a phone would, in the smallest version at error correction M ("type number 0").
    scanned = read_qr(dialog.qr_picture())
    assert scanned is not None and scanned.text == link and scanned.level == "M"
    assert scanned.version == smallest_version_at_m(len(link)) == int(dialog.qr.get_attribute("data-qr-version"))
    expect(dialog.dialog).to_contain_text(NOTHING_SENT)
    return payload


def test_a_quiz_hands_in_as_a_file_a_code_and_a_qr_link_and_the_name_is_remembered(
    page: Page, context: BrowserContext, problems, base_url: str
):
    context.add_init_script(RECORD_VIOLATIONS)
    page.goto(MODULE_1)
    quiz = QuizWidget(page, "m1-check").wait_until_ready()
    answers = answer_quiz(quiz, 1)
    quiz.check()
    dialog = HandInDialog(page, "m1-check").open()
    expect(dialog.dialog.get_by_role("heading", name="Hand in “Check your understanding”")).to_be_visible()
    expect(dialog.name_box).to_be_focused()
    dialog.type_name("Ana").make().expect_ready(1)
    expected = [{"kind": "quiz", "id": "m1-check", "hash": content_hash(quiz), "answers": answers}]
    expect_hand_in(dialog, page, base_url, "Ana", expected)
    assert stored(page, NAME_KEY) == "Ana"
    dialog.close_by_escape()
    expect(dialog.button).to_be_focused()
    # Next visit: the name is there already, and the same browser hands in under the same learner id.
    learner = stored(page, ID_KEY)
    page.reload()
    quiz.wait_until_mounted()
    dialog.open()
    expect(dialog.name_box).to_have_value("Ana")
    dialog.make().expect_ready(1)
    assert decode(dialog.code())["learner"] == learner
    assert violations(page) == []


def test_an_exercise_with_nothing_answered_has_nothing_to_hand_in(page: Page, problems):
    page.goto(MODULE_1)
    QuizWidget(page, "m1-check").wait_until_ready()
    dialog = HandInDialog(page, "m1-check").open().make()
    expect(dialog.status).to_have_text("There is nothing to hand in yet: answer this exercise first, then hand it in.")
    expect(dialog.code_box).to_be_hidden()


def answer_everything(page: Page, catalog: dict) -> dict[str, dict]:
    """Answer every exercise of the course in full, page by page; the hand-in entry expected for each, by id."""
    expected: dict[str, dict] = {}
    asked: list[str] = []
    for entry in catalog["widgets"]:
        page.goto(f"/{entry['page']}")
        kind, widget_id = entry["kind"], entry["id"]
        if kind == "quiz":
            quiz = QuizWidget(page, widget_id).wait_until_mounted()
            fields = {"answers": answer_quiz(quiz)}
            widget = quiz
        elif kind == "stage-map":
            widget = StageMapWidget(page, widget_id).wait_until_mounted()
            placements, replies = {}, {}
            for number, card in enumerate(entry["content"]["cards"]):
                stage = STAGE_IDS[number % len(STAGE_IDS)]
                widget.place(card["id"], stage)
                placements[card["id"]] = stage
                if card.get("replies"):
                    widget.card(card["id"]).locator('[data-reply="0"] label').click()
                    replies[card["id"]] = 0
            fields = {"placements": placements, "replies": replies}
        elif kind == "self-assessment":
            widget = SelfAssessmentWidget(page, widget_id).wait_until_mounted()
            points = {item["id"]: number % 5 for number, item in enumerate(entry["content"]["items"])}
            for item_id, point in points.items():
                widget.rate(item_id, point)
            fields = {"answers": points}
        else:
            widget = QuestionCoachWidget(page, widget_id).wait_until_ready()
            questions = {}
            content = parse_question_coach(entry["content"])
            for situation in entry["content"]["situations"]:
                question = QUESTIONS[len(asked) % len(QUESTIONS)]
                asked.append(question)
                widget.write(situation["id"], question).coach(situation["id"])
                widget.expect_status_of(situation["id"], coach(content, situation["id"], question)["summary"])
                questions[situation["id"]] = question
            fields = {"questions": questions}
        expected[widget_id] = {"kind": kind, "id": widget_id, "hash": content_hash(widget), **fields}
    return expected


def test_my_results_lists_every_exercise_and_hands_in_the_whole_course(
    page: Page, context: BrowserContext, problems, base_url: str, built_site: Path
):
    context.add_init_script(RECORD_VIOLATIONS)
    catalog = json.loads((built_site / CATALOG).read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in catalog["widgets"]]
    page.goto(MY_RESULTS)
    # Answers saved for another version of an exercise are listed as left out, not handed in.
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify({contentHash: 'old', answers: {q1: [0]}}))",
        "course-site:v1:quiz:m7-check",
    )
    page.reload()
    results = page.locator(f"#{RESULTS_ID}")
    expect(results).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)
    rows = results.locator("tbody tr")
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.widget)") == ids
    expect(results).to_contain_text(f"This browser holds answers to 0 of the course's {len(ids)} exercises.")
    expect(results.locator('tr[data-widget="m7-check"] td').last).to_have_text(
        "Answered before the exercise changed: left out"
    )
    expect(results.locator('tr[data-widget="m1-check"] td').last).to_have_text("Not started")
    first = catalog["widgets"][0]
    link = results.locator(f'tr[data-widget="{first["id"]}"] a')
    expect(link).to_have_text(first["title"])
    expect(link).to_have_attribute("href", f"{base_url}/{first['page']}#{first['id']}")
    dialog = HandInDialog(page, RESULTS_ID).open().make()
    expect(dialog.status).to_have_text(
        "There is nothing to hand in yet: answer some exercises first, then come back here."
    )
    dialog.close_by_escape()

    expected = answer_everything(page, catalog)
    page.goto(MY_RESULTS)
    expect(results).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)
    expect(results).to_contain_text(f"This browser holds answers to {len(ids)} of the course's {len(ids)} exercises.")
    assert set(rows.locator("td:last-child").all_inner_texts()) == {"Answered"}
    dialog = HandInDialog(page, RESULTS_ID).open_by_keyboard()
    expect(dialog.dialog.get_by_role("heading", name="Hand in all my results")).to_be_visible()
    dialog.type_name("Bo").make().expect_ready(len(ids))
    expect_hand_in(dialog, page, base_url, "Bo", [expected[widget_id] for widget_id in ids])
    # The size of a full hand-in of this course, and the QR version it needs (error correction M).
    code = dialog.code()
    version = int(dialog.qr.get_attribute("data-qr-version"))
    print(f"\nfull hand-in: {len(code)} characters of code, link {len(dialog.link())}, QR version {version}")
    assert 1 <= version <= 40
    dialog.close_by_escape()
    expect(results.locator(".course-results__last")).to_contain_text("You last made a hand-in here on")
    assert violations(page) == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_my_results_with_its_list_passes_axe(page: Page, problems, scheme: str):
    page.goto(MODULE_1)
    answer_quiz(QuizWidget(page, "m1-check").wait_until_mounted())
    page.goto(MY_RESULTS)
    show_scheme(page, scheme)
    results = page.locator(f"#{RESULTS_ID}")
    expect(results).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)
    expect(results.locator('tr[data-state="answered"]')).to_have_count(1)
    found = axe_violations(page)
    assert found == [], report(f"My results, {scheme}", found)


def test_the_hand_in_dialog_works_by_keyboard_alone(page: Page, context: BrowserContext, problems, base_url: str):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(MODULE_1)
    quiz = QuizWidget(page, "m1-check").wait_until_ready()
    first = quiz.content["questions"][0]["id"]
    quiz.option(first, 0).locator("input").focus()
    page.keyboard.press("Space")
    dialog = HandInDialog(page, "m1-check").open_by_keyboard()
    expect(dialog.name_box).to_be_focused()
    page.keyboard.type("Cy")
    page.keyboard.press("Enter")
    dialog.expect_ready(1)
    # Every control, in order, each with a visible focus: name, make, save, code, copy, close.
    reached = []
    for _ in range(5):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("[document.activeElement.tagName, document.activeElement.matches(':focus-visible')]")
        )
    assert reached == [["BUTTON", True], ["A", True], ["TEXTAREA", True], ["BUTTON", True], ["BUTTON", True]]
    page.keyboard.press("Shift+Tab")
    expect(dialog.dialog.get_by_role("button", name="Copy code")).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog.status).to_have_text("Copied. Paste it where your trainer asks.")
    assert page.evaluate("navigator.clipboard.readText()") == dialog.code()
    assert decode(dialog.code())["widgets"][0]["answers"] == {first: [0]}
    dialog.close_by_escape()
    expect(dialog.button).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_hand_in_dialog_passes_axe(page: Page, problems, scheme: str):
    page.goto(MODULE_1)
    show_scheme(page, scheme)
    quiz = QuizWidget(page, "m1-check").wait_until_ready()
    answer_quiz(quiz)
    dialog = HandInDialog(page, "m1-check").open()
    found = axe_violations(page, "dialog.course-handin-dialog")
    dialog.type_name("Dee").make().expect_ready(1)
    found += axe_violations(page, "dialog.course-handin-dialog")
    assert found == [], report(f"hand-in dialog, {scheme}", found)


def test_with_storage_blocked_a_hand_in_still_works_but_the_name_is_not_remembered(page: Page, problems):
    page.add_init_script(THROWING_STORAGE)
    page.goto(MODULE_1)
    quiz = QuizWidget(page, "m1-check").wait_until_ready()
    answers = answer_quiz(quiz)
    dialog = HandInDialog(page, "m1-check").open()
    expect(dialog.name_hint).to_contain_text(NOT_REMEMBERED)
    dialog.type_name("Eve").make().expect_ready(1)
    payload = decode(dialog.code())
    assert payload["name"] == "Eve" and payload["widgets"][0]["answers"] == answers
    dialog.close_by_escape()
    page.reload()
    QuizWidget(page, "m1-check").wait_until_mounted()
    dialog.open()
    expect(dialog.name_box).to_have_value("")
    expect(dialog.name_hint).to_contain_text(NOT_REMEMBERED)


@pytest.mark.allows_console_errors
def test_when_python_cannot_start_the_dialog_says_so_and_stays_usable(page: Page, host_faults: HostFaults, problems):
    host_faults.answer("*.wasm", lambda file: DROP)
    page.goto(MODULE_1)
    quiz = QuizWidget(page, "m1-check").wait_until_error()
    answer_quiz(quiz)
    dialog = HandInDialog(page, "m1-check").open().type_name("Flo").make()
    failed = (
        "Your hand-in couldn't be made. The answer checker couldn't be downloaded. "
        "Check your connection, then try again."
    )
    expect(dialog.status).to_have_text(failed)
    expect(dialog.code_box).to_be_hidden()
    expect(dialog.make_button).to_be_enabled()
    # Still usable: the same sentence again, and it closes as always.
    dialog.make()
    expect(dialog.status).to_have_text(failed)
    dialog.close_by_escape()
    expect(dialog.button).to_be_focused()


def test_the_button_is_on_every_exercise_and_embed_page_but_not_in_the_projector_view(page: Page, problems):
    page.goto("/modules/04-the-buyers-route/")
    for widget in ("m4-coach", "m4-stage-map", "m4-check"):
        bar = page.locator(f"#{widget} > .course-widget__embed")
        # Both controls are extras that load after the widgets, while Python starts on a busy machine.
        expect(bar.get_by_role("button")).to_have_count(2, timeout=20_000)
        # Learners' control first, then the trainers' Embed.
        expect(bar.get_by_role("button").first).to_have_text("Hand in my results")
        expect(bar.get_by_role("button").last).to_have_text("Embed")
    page.goto("/embed/m1-check/")
    QuizWidget(page, "m1-check").wait_until_mounted()
    expect(HandInDialog(page, "m1-check").button).to_have_count(1)
    expect(page.locator('[data-role="embed"]')).to_have_count(0)
    page.goto(f"{MODULE_1}?projector=1")
    QuizWidget(page, "m1-check").wait_until_mounted()
    expect(page.locator('[data-role="embed"]')).to_have_count(0)
    expect(HandInDialog(page, "m1-check").button).to_have_count(0)


def test_without_javascript_my_results_explains_what_it_does(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(MY_RESULTS)
    results = page.locator(f"#{RESULTS_ID}")
    expect(results.locator('[data-role="notice"]')).to_have_text(
        "This list needs JavaScript, which is off or blocked here. With it, this box lists every exercise of the "
        "course, says which ones this browser holds answers for, and hands them all in at once."
    )
    expect(results.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("heading", name="How handing in works")).to_be_visible()
    found = axe_violations(page, no_js=True)
    context.close()
    assert found == [], report("My results without JavaScript", found)
