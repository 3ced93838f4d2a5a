"""The trainer's room page in Chromium: hand-ins by file, code and QR link, hostile input, keeping and clearing the room.

Three learners hand in and the room shows what the test computes itself from their answers and the pages' payloads;
hostile input is refused item by item; the room is kept, cleared, exported, projected and used by keyboard alone.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course import bridge
from course.question_coach import CRITERIA
from course.stage_model import STAGE_IDS
from tests.browser.conftest import PageProblems
from tests.browser.controllers import (
    QuestionCoachWidget,
    QuizWidget,
    RoomPage,
    SelfAssessmentWidget,
    StageMapWidget,
)

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_4 = "/modules/04-the-buyers-route/"
SELF_ASSESSMENT = "/self-assessment/"
STORAGE_PREFIX = "course-site:v1:"
NOT_KEPT = "Your progress can't be kept in this browser."
ROOM_NOT_KEPT = "Hand-ins you add stay only while this page is open."
UNREADABLE = "The room kept in this browser couldn't be read, so it starts empty."
REFUSING_WRITES = """
Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
};
"""


# --- making hand-ins the way the learner's browser does ---------------------------------------------


def stored_items(page: Page) -> list[dict]:
    """What "Hand in my results" sends for every exercise this browser keeps: kind, id, content hash, record."""
    rows = page.evaluate(
        """prefix => Object.keys(localStorage)
          .filter((k) => k.startsWith(prefix))
          .map((k) => [k, localStorage.getItem(k)])""",
        STORAGE_PREFIX,
    )
    items = []
    for key, raw in rows:
        kind, widget_id = key[len(STORAGE_PREFIX) :].split(":", 1)
        if kind in ("quiz", "stage-map", "self-assessment", "question-coach") and ":" not in widget_id:
            record = json.loads(raw)
            items.append({"kind": kind, "id": widget_id, "hash": record["contentHash"], "record": record})
    return sorted(items, key=lambda item: item["id"])


def hand_in(learner: str, name: str, at: str, items: list[dict]) -> dict:
    """A hand-in as course.results makes it in the learner's worker: {code, json, bytes, widgets}."""
    request = {"widget": "results", "action": "hand-in", "learner": learner, "name": name, "at": at, "items": items}
    response = json.loads(bridge.handle(json.dumps(request)))
    assert response["ok"], response
    return response["result"]


def catalog_hashes(page: Page) -> dict[str, dict]:
    """The build's exercises as the site's own catalog.js reads and hashes them: id -> entry."""
    entries = page.evaluate(
        """() => import("/assets/generated/widgets/catalog.js").then((m) => m.loadCatalog()).then((c) => c.widgets)"""
    )
    return {entry["id"]: entry for entry in entries}


def quiz_item(catalog: dict[str, dict], widget_id: str, answers: dict[str, list[int]]) -> dict:
    """A stored quiz record for hand-ins made without a learner's page (for the room's own tests)."""
    entry = catalog[widget_id]
    return {"kind": "quiz", "id": widget_id, "hash": entry["hash"], "record": {"answers": answers}}


def first_answers(catalog: dict[str, dict], option: int = 0) -> dict[str, list[int]]:
    """m1-check answered with the same option number on every question."""
    return {q["id"]: [option] for q in catalog["m1-check"]["content"]["questions"]}


def learner_id(number: int) -> str:
    return f"learner{number:06d}"


# --- what the test computes itself, from its own answers and the pages' payloads ---------------------


def half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def percent_text(part: int, whole: int) -> str:
    return f"{half_up(Fraction(part * 100, whole))}%"


def learners_text(count: int) -> str:
    return f"{count} learner{'' if count == 1 else 's'}"


def expected_quiz_rows(content: dict, answers: list[dict[str, list[int]]]) -> dict[str, tuple[str, int | None, int]]:
    """Question id -> ("right of answered (share)", the wrong option chosen most, how often)."""
    rows = {}
    for question in content["questions"]:
        correct = {i for i, option in enumerate(question["options"]) if option["correct"]}
        given = [set(a[question["id"]]) for a in answers if question["id"] in a]
        right = sum(1 for chosen in given if chosen == correct)
        wrong = Counter(i for chosen in given for i in chosen if i not in correct)
        top = min(wrong, key=lambda i: (-wrong[i], i)) if wrong else None
        rows[question["id"]] = (
            f"{right} of {len(given)} ({percent_text(right, len(given))})",
            top,
            wrong[top] if top is not None else 0,
        )
    return rows


def expected_matrix(content: dict, placements: list[dict[str, str]]) -> list[list[int]]:
    """Rows: the card's stage; columns: where it was placed; in the stage model's order."""
    order = {stage: i for i, stage in enumerate(STAGE_IDS)}
    matrix = [[0] * len(STAGE_IDS) for _ in STAGE_IDS]
    for placed in placements:
        for card in content["cards"]:
            if card["id"] in placed:
                matrix[order[card["stage"]]][order[placed[card["id"]]]] += 1
    return matrix


def profile_scores(content: dict, ratings: dict[str, int]) -> dict[str, int]:
    """The README's scoring key: each answer's position (push statements reversed), averaged, as 0-100."""
    steps = len(content["scale"]["labels"]) - 1
    points = {
        item["id"]: ratings[item["id"]] if item["direction"] == "facilitate" else steps - ratings[item["id"]]
        for item in content["items"]
    }
    scores = {}
    for dimension in content["dimensions"]:
        mine = [points[item["id"]] for item in content["items"] if item["dimension"] == dimension["id"]]
        scores[dimension["id"]] = half_up(Fraction(100 * sum(mine), steps * len(mine)))
    scores["overall"] = half_up(Fraction(100 * sum(points.values()), steps * len(points)))
    return scores


def expected_profile_rows(content: dict, ratings: list[dict[str, int]]) -> dict[str, tuple[str, str]]:
    """Dimension id (and "overall") -> (mean with one decimal as shown, "band: count" per band)."""
    scores = [profile_scores(content, r) for r in ratings]
    bands = {d["id"]: d["bands"] for d in content["dimensions"]} | {"overall": content["overall"]}
    rows = {}
    for key, its_bands in bands.items():
        values = [s[key] for s in scores]
        mean = Fraction(half_up(Fraction(sum(values) * 10, len(values))), 10)
        shown = str(int(mean)) if mean.denominator == 1 else f"{float(mean):.1f}"
        counts = [sum(1 for v in values if b["range"][0] <= v <= b["range"][1]) for b in its_bands]
        rows[key] = (shown, " ".join(f"{b['label']}: {n}" for b, n in zip(its_bands, counts, strict=True)))
    return rows


# --- the learners ------------------------------------------------------------------------------------


@dataclass
class Learner:
    """One learner's own browser, and what they answered there."""

    name: str
    context: BrowserContext
    page: Page
    quiz: dict[str, list[int]] = field(default_factory=dict)
    placements: dict[str, str] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    question: str | None = None


@pytest.fixture
def open_context(browser: Browser, base_url: str, request: pytest.FixtureRequest) -> Iterator:
    """New browser contexts (separate people), each with the same guards as `problems`."""
    opened: list[tuple[BrowserContext, PageProblems]] = []

    def make() -> tuple[BrowserContext, Page]:
        context = browser.new_context(base_url=base_url, service_workers="block", accept_downloads=True)
        page = context.new_page()
        found = PageProblems()
        found.watch(context, page)
        opened.append((context, found))
        return context, page

    yield make
    for context, found in opened:
        context.close()
        found.assert_none(request)


def answer_quiz(learner: Learner, pattern: str) -> tuple[dict, dict[tuple[str, int], str]]:
    """m1-check: right, or the first wrong option where `pattern` has an "x" (repeated over the questions).

    Returns the quiz's payload and each option's feedback as the page shows it, by (question id, option).
    """
    learner.page.goto(MODULE_1)
    quiz = QuizWidget(learner.page, "m1-check").wait_until_ready()
    content = quiz.content
    feedback = {}
    for index, question in enumerate(content["questions"]):
        correct = [i for i, option in enumerate(question["options"]) if option["correct"]]
        wrong = next(i for i, option in enumerate(question["options"]) if not option["correct"])
        learner.quiz[question["id"]] = [wrong] if pattern[index % len(pattern)] == "x" else correct
        quiz.choose(question["id"], *learner.quiz[question["id"]])
        for i in range(len(question["options"])):
            text = quiz.option(question["id"], i).locator(".course-widget__explanation-text").text_content()
            feedback[question["id"], i] = " ".join(text.split())
    quiz.check()
    expect(quiz.status).not_to_have_text("")
    return content, feedback


def test_three_learners_hand_in_by_file_code_and_link_and_the_room_shows_what_they_did(open_context):
    ana = Learner("Ana", *open_context())
    ben = Learner("Ben", *open_context())
    anonymous = Learner("", *open_context())

    # Ana: the quiz all right; the stage map right but for two cards, each put on another stage.
    quiz_content, feedback = answer_quiz(ana, "o")
    ana.page.goto(MODULE_4)
    stage_map = StageMapWidget(ana.page, "m4-stage-map").wait_until_ready()
    map_content = stage_map.content
    for index, card in enumerate(map_content["cards"]):
        stage = card["stage"]
        if index < 2:
            stage = next(s for s in STAGE_IDS[::-1] if s != card["stage"] and s not in card.get("also", []))
        ana.placements[card["id"]] = stage
        stage_map.place(card["id"], stage)
    stage_map.check()
    expect(stage_map.status).not_to_have_text("")

    # Ben: wrong on every other question; the self-assessment with a spread of ratings.
    answer_quiz(ben, "ox")
    ben.page.goto(SELF_ASSESSMENT)
    assessment = SelfAssessmentWidget(ben.page, "sa-push-facilitate").wait_until_ready()
    profile_content = assessment.content
    ben.ratings = {item["id"]: (index * 3) % 5 for index, item in enumerate(profile_content["items"])}
    for item_id, point in ben.ratings.items():
        assessment.rate(item_id, point)
    assessment.show_profile()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()

    # The anonymous learner: wrong on two questions in three, another profile, one question coached.
    answer_quiz(anonymous, "oxx")
    anonymous.page.goto(SELF_ASSESSMENT)
    assessment = SelfAssessmentWidget(anonymous.page, "sa-push-facilitate").wait_until_ready()
    anonymous.ratings = {item["id"]: (index + 1) % 5 for index, item in enumerate(profile_content["items"])}
    for item_id, point in anonymous.ratings.items():
        assessment.rate(item_id, point)
    assessment.show_profile()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()
    anonymous.page.goto(MODULE_4)
    coach = QuestionCoachWidget(anonymous.page, "m4-coach").wait_until_ready()
    coach_content = coach.content
    situation = coach_content["situations"][0]
    anonymous.question = situation["models"][0]
    coach.write(situation["id"], anonymous.question).coach(situation["id"])
    expect(coach.status_of(situation["id"])).not_to_have_text("")

    # Each hands in everything their browser keeps (CPython's course.results until the dialog's
    # controller lands: the same request the dialog sends).
    made = {
        learner.name: hand_in(learner_id(n), learner.name, f"2026-12-01T10:0{n}:00Z", stored_items(learner.page))
        for n, learner in enumerate((ana, ben, anonymous))
    }
    assert [made[learner.name]["widgets"] for learner in (ana, ben, anonymous)] == [2, 2, 3]

    _, trainer = open_context()
    room = RoomPage(trainer).open()
    room.choose_files([("results-ana.json", made["Ana"]["json"].encode())])
    room.expect_status("Added Ana's hand-in.")
    room.paste(made["Ben"]["code"])
    room.expect_status("Added Ben's hand-in.")
    # The QR code's link, opened on the trainer's device: added, and gone from the address.
    room.open(fragment=f"#{made['']['code']}")
    room.expect_status("Added an anonymous learner's hand-in from the link you opened.")
    assert trainer.url.endswith("/room/")
    assert room.messages("errors") == [] and room.messages("notes") == []

    assert room.learners() == 3
    expected = expected_quiz_rows(quiz_content, [ana.quiz, ben.quiz, anonymous.quiz])
    shown = room.table_rows("m1-check")
    wrong = room.wrong_options("m1-check")
    for question_id, (right, top, times) in expected.items():
        assert shown[question_id][1] == right, question_id
        assert wrong[question_id] == top, question_id
        if top is not None:
            assert f"chosen by {learners_text(times)}" in shown[question_id][2], question_id
            assert shown[question_id][2].endswith(feedback[question_id, top]), "with its feedback"
    assert room.matrix("m4-stage-map") == expected_matrix(map_content, [ana.placements])
    expect(room.section("m4-stage-map").locator(".course-room__mixed-up li")).not_to_have_count(0)
    profile_rows = room.table_rows("sa-push-facilitate")
    for key, (mean, bands) in expected_profile_rows(profile_content, [ben.ratings, anonymous.ratings]).items():
        assert profile_rows[key][1:] == [mean, bands], key
    criteria = [c for c in CRITERIA if c.id != "cues" or situation.get("cues")]
    # A model question passes every criterion (the build checks it does).
    assert {row[0]: row[1] for row in room.table_rows("m4-coach").values()} == {
        c.name: "1 of 1 (100%)" for c in criteria
    }
    for widget_id, learners in (("m1-check", 3), ("m4-stage-map", 1), ("sa-push-facilitate", 2), ("m4-coach", 1)):
        expect(room.section(widget_id).locator(".course-room__meta")).to_contain_text(learners_text(learners))
