"""The same requests give the same JSON responses in CPython and in the real Pyodide under Node."""

from __future__ import annotations

import collections
import itertools
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course import parse_quiz, parse_self_assessment, parse_stage_map
from course.bridge import handle
from course.kinds import KINDS
from course.stage_model import STAGE_IDS
from tests.conftest import PROJECT
from tests.unit.test_question_coach import TABLE, valid_coach
from tests.unit.test_quiz_validation import valid_quiz
from widgets.build import runtime

PAYLOAD = re.compile(
    r'data-widget="([^"]+)"[^>]*>\s*<script type="application/json" class="course-widget__data">(.*?)</script>'
)


def course_widgets(site: Path, kind: str) -> list[dict]:
    """Every payload of one widget kind in the built course."""
    return [
        json.loads(payload)
        for page in sorted(site.rglob("*.html"))
        for found_kind, payload in PAYLOAD.findall(page.read_text("utf-8"))
        if found_kind == kind
    ]


def placements(stage_map: dict, rng: random.Random) -> list[tuple[dict, dict]]:
    """Right, all-on-one-stage, empty and seeded random placements with random replies."""
    model = parse_stage_map(stage_map)
    sets = [({c.id: c.stage for c in model.cards}, {}), ({c.id: "aligning" for c in model.cards}, {}), ({}, {})]
    for _ in range(8):
        chosen = {c.id: rng.choice(STAGE_IDS) for c in model.cards if rng.random() < 0.85}
        replies = {c.id: rng.randrange(len(c.replies)) for c in model.cards if c.replies and rng.random() < 0.7}
        sets.append((chosen, replies))
    return sets


def ratings(assessment: dict, rng: random.Random) -> list[tuple[dict, dict | None]]:
    """Extremes, middle, partial and seeded random answers, some with scores from last time."""
    model = parse_self_assessment(assessment)
    top = len(model.labels) - 1
    sets: list[tuple[dict, dict | None]] = [
        ({i.id: top for i in model.items}, None),
        ({i.id: 0 for i in model.items}, None),
        ({i.id: top // 2 for i in model.items}, {"overall": 10}),
        ({model.items[0].id: 1}, None),
    ]
    for _ in range(8):
        previous = {d.id: rng.randint(0, 100) for d in model.dimensions} | {"overall": rng.randint(0, 100)}
        sets.append(({i.id: rng.randint(0, top) for i in model.items if rng.random() < 0.9}, previous))
    return sets


def answer_sets(quiz: dict, rng: random.Random) -> list[dict]:
    """All-correct, all-first, empty, and seeded random answers (including partial ones)."""
    model = parse_quiz(quiz)
    sets = [
        {q.id: sorted(q.correct_options) for q in model.questions},
        {q.id: [0] for q in model.questions},
        {},
    ]
    for _ in range(6):
        answers = {}
        for q in model.questions:
            if rng.random() < 0.2:
                continue
            if q.kind == "single":
                answers[q.id] = [rng.randrange(len(q.options))]
            else:
                answers[q.id] = sorted(rng.sample(range(len(q.options)), rng.randint(1, len(q.options))))
        sets.append(answers)
    return sets


def coaching(content: dict, rng: random.Random) -> list[dict]:
    """Every table question in a seeded situation, most as a revision of another, and every edge case."""
    situations = [situation["id"] for situation in content["situations"]]
    questions = [param.values[0] for param in TABLE]
    edges = [
        "",
        "  ",
        "?!",
        "Budget?",
        "We sell the best platform.",
        "Was würde sich ändern?",
        "x" * 5000,
        "What would change? Who decides? When?",
        "Don\u2019t you think\u2028 so?\x00",
        "What would change? " * 500,
    ]
    requests = []
    for question in questions + edges:
        previous = rng.choice([None, None, *questions, *edges[:3]])
        requests.append(
            {
                "widget": "question-coach",
                "action": "coach",
                "content": content,
                "situation": rng.choice(situations),
                "question": question,
                "previous": previous,
            }
        )
    return requests


def request_table(site: Path) -> list[str]:
    """The table of requests, as the JSON strings the browser would send."""
    rng = random.Random(20261126)
    small = valid_quiz()
    requests = [{"widget": "runtime", "action": "hello"}]
    # Every possible answer set for a small quiz with one single and one multiple question.
    for first, second in itertools.product(
        [None, 0, 1], [None, *itertools.chain.from_iterable(itertools.combinations(range(3), n) for n in (1, 2, 3))]
    ):
        answers = {}
        if first is not None:
            answers["q1"] = [first]
        if second is not None:
            answers["q2"] = list(second)
        requests.append({"widget": "quiz", "action": "grade", "content": small, "answers": answers})
    for quiz in course_widgets(site, "quiz"):
        for answers in answer_sets(quiz, rng):
            requests.append({"widget": "quiz", "action": "grade", "content": quiz, "answers": answers})
    for stage_map in course_widgets(site, "stage-map"):
        for placed, replies in placements(stage_map, rng):
            requests.append(
                {
                    "widget": "stage-map",
                    "action": "grade",
                    "content": stage_map,
                    "placements": placed,
                    "replies": replies,
                }
            )
    for assessment in course_widgets(site, "self-assessment"):
        for answers, previous in ratings(assessment, rng):
            requests.append(
                {
                    "widget": "self-assessment",
                    "action": "profile",
                    "content": assessment,
                    "answers": answers,
                    "previous": previous,
                }
            )
    for content in [valid_coach(), *course_widgets(site, "question-coach")]:
        requests += coaching(content, rng)
    # Errors must read the same too.
    broken = json.loads(json.dumps(small))
    broken["questions"][0]["options"][0]["correct"] = "yes"
    requests += [
        {"widget": "quiz", "action": "grade", "content": broken, "answers": {}},
        {"widget": "quiz", "action": "grade", "content": small, "answers": {"q1": [7]}},
        {"widget": "nope", "action": "grade"},
        {"widget": "stage-map", "action": "grade", "content": {"id": "x", "cards": []}, "placements": {}},
        {"widget": "self-assessment", "action": "profile", "content": {"id": "x"}, "answers": {}},
        {"widget": "question-coach", "action": "coach", "content": valid_coach(), "situation": "nope", "question": ""},
        {"widget": "question-coach", "action": "coach", "content": {"id": "x", "situations": []}, "question": "Hi?"},
    ]
    # An unexpected error (not bad content) must read the same too, detail included: a number too
    # long for Python to convert fails inside json.loads in both runtimes, the same way.
    too_long = '{"widget": "quiz", "action": "grade", "answers": {"q1": [' + "9" * 5000 + "]}}"
    return [json.dumps(request) for request in requests] + [too_long]


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        pytest.fail("node is not installed: the Pyodide parity tests need Node.js 20+")
    return path


@pytest.mark.parametrize("start", ["fresh", "restored"])
def test_pyodide_gives_the_same_responses_as_cpython(built_site: Path, node: str, start: str):
    """Python as the site starts it, and Python restored from a snapshot (the next page), agree with CPython."""
    manifest = built_site / "assets" / "generated" / "widgets" / "runtime.json"
    requests = request_table(built_site)
    result = subprocess.run(
        [node, str(Path(__file__).with_name("run_bridge.mjs")), str(manifest), start],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PROJECT,
    )
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["platform"] == "emscripten"
    assert output["pyodide"] == runtime.pyodide_package()[1]
    expected = [handle(request) for request in requests]
    assert len(output["responses"]) == len(expected) > 50
    for request, got, want in zip(requests, output["responses"], expected, strict=True):
        assert got == want, request
    # The table really exercises both outcomes and errors.
    decoded = [json.loads(response) for response in expected]
    assert {r["ok"] for r in decoded} == {True, False}
    assert [r["detail"].splitlines()[0].split(":")[0] for r in decoded if "detail" in r] == ["ValueError"]
    assert {r["result"]["passed"] for r in decoded if r["ok"] and "passed" in r["result"]} == {True, False}
    # Every action of every registered kind is asked many times, so a new kind cannot be left out.
    asked = collections.Counter(
        (decoded["widget"], decoded["action"])
        for decoded in (json.loads(request, parse_int=str) for request in requests)
        if isinstance(decoded, dict)
    )
    assert all(asked[kind.name, action] > 10 for kind in KINDS for action in kind.actions), asked
