"""The same requests give the same JSON responses in CPython and in the real Pyodide under Node."""

from __future__ import annotations

import collections
import itertools
import json
import random
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from course import parse_quiz, parse_self_assessment, parse_stage_map
from course.bridge import handle
from course.kinds import KINDS
from course.stage_model import STAGE_IDS
from tests.conftest import PROJECT
from tests.unit.test_question_coach import TABLE, valid_coach
from tests.unit.test_quiz_validation import valid_quiz
from tests.unit.test_results import HOSTILE
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


EXERCISES = ("quiz", "stage-map", "self-assessment", "question-coach")


def content_hash(content: dict) -> str:
    """A stand-in for the page's content hash: the hand-in and the catalog only need to agree."""
    return format(zlib.crc32(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode()), "x")


def stored_record(kind: str, content: dict, rng: random.Random) -> dict:
    """A widget's localStorage record with seeded answers, and the extra fields widgets keep beside them."""
    if kind == "quiz":
        return {"answers": rng.choice(answer_sets(content, rng)), "checked": True, "contentHash": content_hash(content)}
    if kind == "stage-map":
        placed, replies = rng.choice(placements(content, rng))
        return {"placements": placed, "replies": replies, "checked": False}
    if kind == "self-assessment":
        answers, previous = rng.choice(ratings(content, rng))
        return {"answers": answers, "previous": previous, "checked": True}
    questions = [param.values[0] for param in TABLE]
    return {
        "situations": {
            s["id"]: {"draft": "typing…", "last": rng.choice([None, *questions]), "previous": rng.choice(questions)}
            for s in content["situations"]
        }
    }


def room_requests(site: Path, rng: random.Random) -> list[dict]:
    """Hand-ins of every exercise of the course, the room reading them as codes, links and files, and summing up."""
    contents = [(kind, content) for kind in EXERCISES for content in course_widgets(site, kind)]
    catalog = {
        content["id"]: {"kind": kind, "hash": content_hash(content), "title": content["title"], "content": content}
        for kind, content in contents
    }
    requests, handed = [], []
    learners = [f"{rng.getrandbits(48):012x}" for _ in range(24)]
    for number in range(30):
        items = [
            {
                "kind": kind,
                "id": content["id"],
                "hash": content_hash(content),
                "record": stored_record(kind, content, rng),
            }
            for kind, content in contents
            if rng.random() < 0.9
        ]
        request = {
            "widget": "results",
            "action": "hand-in",
            "learner": learners[number % len(learners)],
            "name": rng.choice(["Ana", "", "  Zoë Ñúñez  ", "Ben\nthe second", "x" * 60]),
            "at": f"2026-12-01T{9 + number % 3:02d}:{rng.randrange(60):02d}:00.{number:03d}Z",
            "items": items,
        }
        requests.append(request)
        handed.append(json.loads(handle(json.dumps(request)))["result"])
    requests += [
        {
            "widget": "results",
            "action": "hand-in",
            "learner": "Bad",
            "name": "",
            "at": "2026-12-01T09:00:00Z",
            "items": [],
        },
        {"widget": "results", "action": "hand-in", "learner": learners[0], "at": "2026-12-01T09:00:00Z", "items": []},
    ]
    reads = [
        {
            "source": "the pasted text",
            "text": " ".join(f"https://course.example/room/#{h['code']}" for h in handed[:10]),
        },
        *({"source": f"learner-{i}.json", "text": h["json"]} for i, h in enumerate(handed[10:20])),
        {"source": "codes.txt", "text": "\n".join(h["code"] for h in handed[20:])},
    ]
    many = " ".join(handed[i % 7]["code"] for i in range(600))
    brief = {key: {k: v for k, v in entry.items() if k != "content"} for key, entry in catalog.items()}
    changed = {**brief, next(iter(brief)): {**next(iter(brief.values())), "hash": "changed"}}
    requests += [{"widget": "room", "action": "read", "items": [item], "catalog": brief} for item in reads]
    requests += [
        {"widget": "room", "action": "read", "items": reads, "catalog": changed},
        {
            "widget": "room",
            "action": "read",
            "items": [{"source": c[0], "text": c[1]} for c in HOSTILE],
            "catalog": brief,
        },
        {"widget": "room", "action": "read", "items": "nothing", "catalog": brief},
        # More than the room reads in one go: the first 500 are read, one error counts the rest.
        {"widget": "room", "action": "read", "items": [{"source": "the pasted text", "text": many}], "catalog": brief},
    ]
    payloads = [json.loads(h["json"]) for h in handed]
    for size in (1, 2, 3, 5, 8, 12, 20, 30):
        requests.append({"widget": "room", "action": "summary", "handins": payloads[:size], "catalog": catalog})
    requests += [
        {
            "widget": "room",
            "action": "summary",
            "handins": [*payloads, payloads[3], "junk", {"format": 9}],
            "catalog": catalog,
        },
        {"widget": "room", "action": "summary", "handins": payloads[::-1], "catalog": catalog},
        {
            "widget": "room",
            "action": "summary",
            "handins": payloads,
            "catalog": {**catalog, "m1-check": brief["m1-check"]},
        },
    ]
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
    requests += room_requests(site, rng)
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
