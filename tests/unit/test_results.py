"""course.results: hand-ins keep known fields, codes round-trip, hostile input is refused item by item, the room."""

from __future__ import annotations

import base64
import csv
import io
import json
import random
import re
import time
import zlib

import pytest

from course import ContentError
from course.bridge import HANDLERS, handle
from course.kinds import BY_NAME, EXERCISES
from course.results import HANDED_IN, depth, hand_in, parse_results, parse_room, read, summary
from course.stage_model import STAGE_IDS
from tests.unit.test_question_coach import valid_coach
from tests.unit.test_quiz_validation import valid_quiz
from tests.unit.test_self_assessment import valid_assessment
from tests.unit.test_stage_map import valid_map

AT = "2026-12-01T23:10:00Z"
CODE = re.compile(r"^CR1\.([0-9a-f]{8})\.([A-Za-z0-9_-]+)$")


def bridge(request: dict) -> dict:
    """A request as the browser sends it, and the response as it reads it."""
    return json.loads(handle(json.dumps(request)))


def item(kind: str, widget_id: str, record: dict, content_hash: str = "h1") -> dict:
    return {"kind": kind, "id": widget_id, "hash": content_hash, "record": record}


def unpack(code: str) -> bytes:
    """A code's payload bytes, decoded here by hand (not by the module under test)."""
    checksum, packed = CODE.match(code).groups()
    data = zlib.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))
    assert f"{zlib.crc32(data):08x}" == checksum
    return data


def pack(data: bytes, checksum: int | None = None) -> str:
    """A code made here by hand from any bytes, with their checksum unless told otherwise."""
    packed = base64.urlsafe_b64encode(zlib.compress(data, 9)).decode().rstrip("=")
    return f"CR1.{zlib.crc32(data) if checksum is None else checksum:08x}.{packed}"


# --- the two page kinds --------------------------------------------------------------------------


@pytest.mark.parametrize(("parse", "title"), [(parse_results, "My results"), (parse_room, "Room results")])
def test_page_fences_take_an_id_and_an_optional_title(parse, title):
    assert parse({"id": "mine"}).to_data() == {"id": "mine", "title": title}
    assert parse({"id": "mine", "title": " Ours "}).to_data() == {"id": "mine", "title": "Ours"}
    assert parse(parse({"id": "mine"}).to_data()) == parse({"id": "mine"})
    for body, path, message in [
        ({}, "id", "is required"),
        ({"id": "1x"}, "id", '"1x" is not a valid id; use a letter followed by letters, digits, "-" or "_"'),
        ({"id": "a", "titel": "x"}, "titel", "unknown key; did you mean 'title'?"),
        ({"id": "a", "title": ""}, "title", "must not be empty"),
    ]:
        with pytest.raises(ContentError) as caught:
            parse(body)
        assert (caught.value.path, caught.value.message) == (path, message)


def test_the_kinds_table_declares_both_pages_and_their_actions():
    results, room = BY_NAME["results"], BY_NAME["room"]
    assert (results.fence, results.script, results.readme) == ("results", "results.js", "## Writing a results page")
    assert (room.fence, room.script, room.readme) == ("room", "room.js", "## Writing a room page")
    assert set(results.actions) == {"hand-in"} and set(room.actions) == {"read", "summary"}
    assert {("results", "hand-in"), ("room", "read"), ("room", "summary")} <= set(HANDLERS)
    # A new exercise kind cannot be forgotten by the hand-in: it lists exactly the exercises.
    assert set(HANDED_IN) == {kind.name for kind in EXERCISES}
    assert not results.exercise and not room.exercise


# --- hand-in -------------------------------------------------------------------------------------


def test_hand_in_keeps_only_known_fields_of_the_right_type():
    items = [
        item(
            "quiz",
            "m1-check",
            {
                "answers": {
                    "q1": [2, 0, 2],
                    "q2": [],
                    "q3": "0",
                    "bad id!": [1],
                    "q4": [True],
                    "q5": [99],
                    "q6": [1.0],
                    "q7": [3],
                },
                "checked": True,
                "contentHash": "h1",
                "evil": "x" * 1000,
            },
        ),
        item(
            "stage-map",
            "m4-map",
            {
                "placements": {"c1": "aligning", "c2": "nowhere", "c3": None, "c4": ["aligning"]},
                "replies": {"c1": 1, "c2": -1, "c3": "2", "c4": False},
            },
        ),
        item(
            "self-assessment", "profile", {"answers": {"i1": 4, "i2": False, "i3": 60, "i4": 0}, "previous": {"x": 1}}
        ),
        item(
            "question-coach",
            "m5-coach",
            {
                "situations": {
                    "s1": {"draft": "secret draft", "last": "  What would change?  ", "previous": "Old?"},
                    "s2": {"last": None},
                    "s3": "not a situation",
                    "s4": {"last": "Why " + "x" * 600},
                    "s5": {"last": "   "},
                }
            },
        ),
    ]
    result = hand_in("k3j2h4g5f6q1", "Ana", AT, items)
    payload = json.loads(unpack(result["code"]))
    assert payload == {
        "format": 1,
        "learner": "k3j2h4g5f6q1",
        "name": "Ana",
        "at": AT,
        "widgets": [
            {"kind": "quiz", "id": "m1-check", "hash": "h1", "answers": {"q1": [0, 2], "q7": [3]}},
            {"kind": "stage-map", "id": "m4-map", "hash": "h1", "placements": {"c1": "aligning"}, "replies": {"c1": 1}},
            {"kind": "self-assessment", "id": "profile", "hash": "h1", "answers": {"i1": 4, "i4": 0}},
            {
                "kind": "question-coach",
                "id": "m5-coach",
                "hash": "h1",
                "questions": {"s1": "What would change?", "s4": ("Why " + "x" * 600)[:500]},
            },
        ],
    }
    assert result["widgets"] == 4
    assert result["bytes"] == len(result["code"])
    # The file is the payload itself, readable.
    assert json.loads(result["json"]) == payload and "\n  " in result["json"]


def test_hand_in_leaves_out_unanswered_stale_and_unusable_items():
    answered = {"answers": {"q1": [1]}}
    items = [
        item("quiz", "empty", {"answers": {}}),
        item("quiz", "stale", {"answers": {"q1": [1]}, "contentHash": "old"}),
        item("results", "mine", answered),
        item("embed", "x", answered),
        item("quiz", "1bad", answered),
        item("quiz", "nohash", answered, content_hash=""),
        item("quiz", "upper", answered, content_hash="ABC"),
        {"kind": "quiz", "id": "norecord", "hash": "h1", "record": "answers"},
        "not an item",
        item("quiz", "kept", answered),
        item("quiz", "kept", {"answers": {"q1": [0]}}),
    ]
    result = hand_in("k3j2h4g5f6q1", None, AT, items)
    assert [(w["id"], w["answers"]) for w in json.loads(unpack(result["code"]))["widgets"]] == [("kept", {"q1": [1]})]
    assert result["widgets"] == 1


def test_hand_in_bounds_counts_and_lengths():
    many = {f"q{i}": [0] for i in range(300)}
    widgets = [item("quiz", f"w{i}", {"answers": {"q1": [0]}}) for i in range(150)]
    big = json.loads(unpack(hand_in("k3j2h4g5f6q1", "", AT, [item("quiz", "m1", {"answers": many})])["code"]))
    assert list(big["widgets"][0]["answers"]) == [f"q{i}" for i in range(200)]
    assert hand_in("k3j2h4g5f6q1", "", AT, widgets)["widgets"] == 100


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("  Ana  ", "Ana"),
        ("Ana\nMaria\tSilva\u2028x", "Ana Maria Silva x"),
        ("A" * 60, "A" * 40),
        ("", ""),
        (None, ""),
    ],
)
def test_the_display_name_is_one_trimmed_line_of_at_most_40_characters(name, kept):
    answered = [item("quiz", "m1", {"answers": {"q1": [0]}})]
    assert json.loads(hand_in("k3j2h4g5f6q1", name, AT, answered)["json"])["name"] == kept


def test_the_time_is_kept_to_the_second_as_the_browser_gives_it():
    answered = [item("quiz", "m1", {"answers": {"q1": [0]}})]
    assert json.loads(hand_in("k3j2h4g5f6q1", "", "2026-12-01T23:10:05.123Z", answered)["json"])["at"] == (
        "2026-12-01T23:10:05Z"
    )


NOBODY = "k3j2h4g5f6q1"
UNANSWERED = [item("quiz", "m1", {"answers": {}})]


@pytest.mark.parametrize(
    ("learner", "name", "at", "items", "error"),
    [
        ("ABC", "", AT, [], 'learner: expected 8 to 32 lower-case letters and digits, got "ABC"'),
        (NOBODY + "\n", "", AT, [], 'learner: expected 8 to 32 lower-case letters and digits, got "k3j2h4g5f6q1 "'),
        (NOBODY, 7, AT, [], "name: expected text, got the number 7"),
        (
            NOBODY,
            "",
            "2026-02-30T10:00:00Z",
            [],
            'at: expected a UTC time such as 2026-12-01T23:10:00Z, got "2026-02-30T10:00:00Z"',
        ),
        (NOBODY, "", AT, {"q": 1}, "items: expected a list of exercises, got a mapping"),
        (NOBODY, "", AT, UNANSWERED, "items: there is nothing to hand in yet: answer at least one exercise first"),
    ],
)
def test_a_request_that_cannot_be_handed_in_gets_a_message(learner, name, at, items, error):
    request = {"widget": "results", "action": "hand-in", "learner": learner, "name": name, "at": at, "items": items}
    assert bridge(request) == {"ok": False, "error": error}


def test_the_code_is_format_checksum_and_compressed_json_and_reads_back_as_the_file_does():
    items = [
        item("quiz", "m1", {"answers": {"q1": [0], "q2": [1, 2]}}),
        item("self-assessment", "sa", {"answers": {"i1": 3}}),
    ]
    result = hand_in("k3j2h4g5f6q1", "Zoë", AT, items)
    data = unpack(result["code"])
    # The checksum covers the compact UTF-8 JSON, which is the payload of the file.
    assert data == json.dumps(json.loads(result["json"]), ensure_ascii=False, separators=(",", ":")).encode()
    catalog = {"m1": {"kind": "quiz", "hash": "h1", "title": "Q"}, "sa": {"kind": "self-assessment", "hash": "h1"}}
    from_code = read([{"source": "the pasted text", "text": result["code"]}], catalog)
    from_file = read([{"source": "zoe.json", "text": result["json"]}], catalog)
    assert from_code == from_file == {"handins": [json.loads(result["json"])], "errors": [], "notes": []}
    # A link's code is after the '#'; codes and links mix on lines, with other words between them.
    link = f"https://course.example/room/#{result['code']}"
    mixed = read([{"source": "the pasted text", "text": f"Ana: {link}\n\n  {result['code']}\tthanks"}], catalog)
    assert mixed["handins"] == [json.loads(result["json"])] * 2 and mixed["errors"] == []


# --- reading: hostile and broken input -----------------------------------------------------------

CATALOG = {"m1-check": {"kind": "quiz", "hash": "h1", "title": "Check"}}
GOOD = hand_in("k3j2h4g5f6q1", "Ana", AT, [item("quiz", "m1-check", {"answers": {"q1": [0]}})])
PAYLOAD = json.loads(GOOD["json"])


def with_widgets(*widgets: dict) -> str:
    return json.dumps({**PAYLOAD, "widgets": list(widgets)})


def quiz_widget(widget_id: str = "m1-check", content_hash: str = "h1", kind: str = "quiz") -> dict:
    field = "answers" if kind in ("quiz", "self-assessment") else "questions"
    answer = [0] if kind == "quiz" else 0
    return {"kind": kind, "id": widget_id, "hash": content_hash, field: {"q1": answer}}


DAMAGED = "This code is damaged or mistyped ({}); copy it again in full."
NOT_A_FILE = "Not a results file: a results file is the .json file that \u201cHand in my results\u201d saves."
NEWER = "Made by a newer version of the course: format 7; this page reads format 1."
NOT_JSON_VALUE = "it holds a value that JSON does not allow."
OLDER = "Made by an older version of the course: format 0; this page reads format 1."
NOT_A_CODE = "Not a results code: a code looks like \u201cCR1.\u201d, 8 letters and digits, a dot, then the rest."
TOO_LONG = "Too long for a results code: a code has at most 20,000 characters, and this one has 20,013."
TOO_BIG = "Too large for a results file: a file has at most 200 KB, and this one has {} KB."
BOMB = "Too large: a hand-in holds at most 100 KB once unpacked, and this code holds more."
LONG_NAME = "name: expected a name of at most 40 characters on one line."
MANY_WIDGETS = "widgets: lists 2,500 exercises; a hand-in has at most 100."
MANY_ANSWERS = "Not a results file: widgets[0].answers: holds 5,000 answers; an exercise in a hand-in has at most 200."
WRONG_TYPE = 'widgets[0].answers.q1: expected a list of option numbers from 0 to 49, got "0".'
NOT_AS_WRITTEN = "widgets[0].answers.q1: is not written as a hand-in writes it (a list of option numbers from 0 to 49)."
UNKNOWN_KEY = "widgets[0].grade: unknown key; allowed keys: kind, id, hash, answers."
NO_CODE = (
    "No results code in it: a code starts with \u201cCR1.\u201d, and a results file is the .json file that "
    "\u201cHand in my results\u201d saves."
)
DATA = GOOD["code"].split(".")[2]
DEEP = "Nested too deeply: a results file has at most 20 levels, and this one has 10,000."
OTHER = "Made with another version of the course: "
FILE = "Not a results file: "
HOSTILE = [
    ("not JSON", "{this is not json", FILE + "it is not valid JSON (line 1, column 2)."),
    ("JSON, not a results file", '{"answers": {"q1": [0]}}', NOT_A_FILE),
    ("a JSON list", "[1, 2, 3]", NOT_A_FILE),
    ("NaN", with_widgets(quiz_widget()).replace('"format": 1', '"format": NaN'), FILE + NOT_JSON_VALUE),
    ("wrong format version (file)", json.dumps({**PAYLOAD, "format": 7}), NEWER),
    ("wrong format version (code)", "CR7." + GOOD["code"][4:], NEWER),
    ("older format version", json.dumps({**PAYLOAD, "format": 0}), OLDER),
    ("checksum mismatch", "CR1.00000000." + DATA, DAMAGED.format("its checksum does not match")),
    ("checksum not hexadecimal", "CR1.zzzzzzzz." + DATA, DAMAGED.format("its checksum is not 8 letters and digits")),
    ("bad base64", GOOD["code"][:-3] + "$%!", DAMAGED.format("it holds characters a code never has")),
    ("base64 cut inside a byte", GOOD["code"] + "A" * ((1 - len(DATA)) % 4), DAMAGED.format("it is cut short")),
    ("extra characters", GOOD["code"] + "AAAA", DAMAGED.format("it has extra characters at the end")),
    ("changed last character", GOOD["code"][:-1] + ("B" if GOOD["code"][-1] != "B" else "C"), None),
    ("not zlib", f"CR1.{zlib.crc32(b'x'):08x}.AAAAAAAA", DAMAGED.format("it does not unpack")),
    ("not a code", "CR1.abc", NOT_A_CODE),
    ("too long code", "CR1.00000000." + "A" * 20_000, TOO_LONG),
    ("too big file", '{"format": 1, "x": "' + "y" * 250_000 + '"}', TOO_BIG.format(251)),
    ("too big file in UTF-8 bytes", '{"x": "' + "\u00e9" * 150_000 + '"}', TOO_BIG.format(301)),
    ("zip bomb", pack(b"[" + b" " * 10_000_000 + b"]"), BOMB),
    ("nesting 10,000 deep (file)", "[" * 10_000 + "]" * 10_000, DEEP),
    ("nesting 10,000 deep (code)", pack(b'{"a":' * 10_000 + b"1" + b"}" * 10_000), DEEP),
    # 45 brackets inside a string are not nesting: what is wrong is the name's length.
    ("brackets inside strings", with_widgets(quiz_widget()).replace('"Ana"', '"' + "[" * 45 + '"'), FILE + LONG_NAME),
    ("huge JSON array", with_widgets(*[quiz_widget(f"w{i}") for i in range(2500)]), FILE + MANY_WIDGETS),
    ("huge answers", with_widgets({**quiz_widget(), "answers": {f"q{i}": [0] for i in range(5000)}}), MANY_ANSWERS),
    ("wrong answer type", with_widgets({**quiz_widget(), "answers": {"q1": "0"}}), FILE + WRONG_TYPE),
    ("options out of order", with_widgets({**quiz_widget(), "answers": {"q1": [1, 0]}}), FILE + NOT_AS_WRITTEN),
    (
        "id with a line break",
        with_widgets(quiz_widget("m1-check\n")),
        FILE + 'widgets[0].id: "m1-check " is not an id, or is used twice.',
    ),
    ("unknown field", with_widgets({**quiz_widget(), "grade": 100}), FILE + UNKNOWN_KEY),
    (
        "unknown widget ids",
        with_widgets(quiz_widget("m9-quiz"), quiz_widget("m8")),
        OTHER + "m9-quiz is unknown, m8 is unknown.",
    ),
    ("changed hash", with_widgets(quiz_widget(content_hash="zz9")), OTHER + "m1-check has changed."),
    (
        "kind mismatch",
        with_widgets(quiz_widget(kind="self-assessment")),
        OTHER + "m1-check is another kind of exercise.",
    ),
    (
        "both",
        with_widgets(quiz_widget("m9"), quiz_widget(content_hash="z")),
        OTHER + "m9 is unknown, m1-check has changed.",
    ),
    ("empty", " \n ", "Nothing to read: it is empty."),
    ("words only", "Hello, here are my results!", NO_CODE),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in HOSTILE], ids=[case[0] for case in HOSTILE])
def test_each_hostile_item_gets_its_own_plain_message_and_the_good_one_still_reads(text, message):
    response = bridge(
        {
            "widget": "room",
            "action": "read",
            "catalog": CATALOG,
            "items": [{"source": "bad.json", "text": text}, {"source": "ana.json", "text": GOOD["json"]}],
        }
    )
    assert response["ok"] is True, response
    result = response["result"]
    assert result["handins"] == [PAYLOAD]
    assert len(result["errors"]) == 1 and result["errors"][0]["source"] == "bad.json"
    if message is None:  # which check catches a changed last character depends on the character
        assert "damaged or mistyped" in result["errors"][0]["message"]
    else:
        assert result["errors"][0]["message"] == message


def nesting(value: object) -> int:
    """How deeply a parsed JSON value nests lists and mappings, worked out from the value itself."""
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    return 0


def test_the_depth_scan_counts_only_brackets_outside_strings_whatever_the_strings_hold():
    rng = random.Random(13)
    tricky = ["\\", '"', "[", "]", "{", "}", '\\"', "a", "\u2028", "\\n", "\\["]

    def value(level: int) -> object:
        if level > 6 or rng.random() < 0.3:
            return "".join(rng.choice(tricky) for _ in range(rng.randrange(6)))
        if rng.random() < 0.5:
            return [value(level + 1) for _ in range(rng.randrange(3))]
        return {value(9): value(level + 1) for _ in range(rng.randrange(3))}

    for _ in range(500):
        data = value(0)
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1]))
        assert depth(text) == nesting(data), text


def test_a_hand_in_with_some_known_exercises_is_read_with_a_note_for_each_left_out():
    text = with_widgets(quiz_widget(), quiz_widget("m9-quiz"), quiz_widget("m2", kind="self-assessment"))
    catalog = {**CATALOG, "m2": {"kind": "quiz", "hash": "h1"}}
    result = read([{"source": "ana.json", "text": text}], catalog)
    assert result["handins"] == [PAYLOAD]
    assert result["errors"] == []
    assert result["notes"] == [
        {"source": "ana.json", "message": "Left out m9-quiz: this course has no exercise with that id."},
        {"source": "ana.json", "message": "Left out m2: here it is a knowledge check, not a self-assessment."},
    ]
    changed = read([{"source": "b.json", "text": with_widgets(quiz_widget(), quiz_widget("m2", "zz"))}], catalog)
    assert changed["notes"] == [
        {
            "source": "b.json",
            "message": "Left out m2: the exercise has changed since this was handed in, so its answers may not fit.",
        }
    ]


def test_codes_in_pasted_text_are_named_by_their_place():
    text = f"{GOOD['code']}\nCR1.00000000.{GOOD['code'].split('.')[2]}\n#{GOOD['code']}"
    result = read(
        [{"source": "the pasted text", "text": text}, {"source": "the link you opened", "text": "CR9.x.y"}], CATALOG
    )
    assert len(result["handins"]) == 2
    assert [error["source"] for error in result["errors"]] == ["code 2 of the pasted text", "the link you opened"]


def test_ten_thousand_codes_come_back_quickly_item_by_item_never_as_an_exception():
    codes = [
        hand_in(f"learner{i:05d}", "", AT, [item("quiz", "m1-check", {"answers": {"q1": [i % 3]}})])["code"]
        for i in range(50)
    ]
    pasted = [codes[i % 50] if i % 100 else "CR1.00000000.AAAA" for i in range(10_000)]
    request = json.dumps(
        {
            "widget": "room",
            "action": "read",
            "catalog": CATALOG,
            "items": [{"source": "the pasted text", "text": "\n".join(pasted)}],
        }
    )
    started = time.perf_counter()
    response = json.loads(handle(request))
    elapsed = time.perf_counter() - started
    assert response["ok"] is True
    result = response["result"]
    # The first 500 are read: every 100th is broken, each with its own error; one error counts the rest.
    assert len(result["handins"]) == 495
    assert [e["source"] for e in result["errors"][:5]] == [
        f"code {n} of the pasted text" for n in (1, 101, 201, 301, 401)
    ]
    assert result["errors"][5] == {
        "source": "code 501 of the pasted text onwards",
        "message": "Only 500 hand-ins are read in one go; 9,500 more were not read. Add them in another go.",
    }
    assert len(result["errors"]) == 6
    # Generous on a loaded machine; what it guards against is work that grows with the square of the input.
    assert elapsed < 20, elapsed


@pytest.mark.parametrize(
    ("request_body", "error"),
    [
        ({"items": "x", "catalog": {}}, 'items: expected a list of files and pasted texts, got the text "x"'),
        ({"items": [{"source": "a"}], "catalog": {}}, "items[0].text: expected text, got nothing"),
        ({"items": [], "catalog": {"m1": {"kind": "quiz"}}}, "catalog.m1.hash: is required"),
        ({"items": []}, "catalog: expected a mapping of keys to values, got nothing"),
    ],
)
def test_a_malformed_read_request_is_a_message_for_the_page(request_body, error):
    assert bridge({"widget": "room", "action": "read", **request_body}) == {"ok": False, "error": error}


# --- the room's summary --------------------------------------------------------------------------


def room_catalog() -> dict:
    return {
        "check": {"kind": "quiz", "hash": "hq", "title": "Check", "content": valid_quiz()},
        "route": {"kind": "stage-map", "hash": "hm", "title": "Route", "content": valid_map()},
        "profile": {"kind": "self-assessment", "hash": "hs", "title": "Profile", "content": valid_assessment()},
        "coach": {"kind": "question-coach", "hash": "hc", "title": "Coach", "content": valid_coach()},
    }


def payload(learner: str, name: str, at: str, **widgets: dict) -> dict:
    """A hand-in as the room holds it: only the exercises given, with the catalog's hashes."""
    hashes = {"check": "hq", "route": "hm", "profile": "hs", "coach": "hc"}
    kinds = {"check": "quiz", "route": "stage-map", "profile": "self-assessment", "coach": "question-coach"}
    return {
        "format": 1,
        "learner": learner,
        "name": name,
        "at": at,
        "widgets": [{"kind": kinds[key], "id": key, "hash": hashes[key], **value} for key, value in widgets.items()],
    }


def test_the_same_learner_counts_once_the_latest_wins_and_it_says_so():
    early = payload("learner0001", "Ana", "2026-12-01T10:00:00Z", check={"answers": {"q1": [0]}})
    late = payload("learner0001", "Ana", "2026-12-01T11:00:00Z", check={"answers": {"q1": [1]}})
    # Same time: the later in the list wins.
    tie = payload("learner0002", "", "2026-12-01T10:00:00Z", check={"answers": {"q1": [0]}})
    tie_later = payload("learner0002", "", "2026-12-01T10:00:00Z", check={"answers": {"q1": [1]}})
    other = payload("learner0003", "Ben", "2026-12-01T09:00:00Z", check={"answers": {"q1": [0]}})
    result = summary([late, early, tie, tie_later, other, other], room_catalog())
    assert (result["learners"], result["handins"]) == (3, 6)
    assert result["duplicates"] == [
        {"who": "Ana", "count": 2, "message": "Ana handed in \u201cCheck\u201d twice; the latest counts."},
        {
            "who": "anonymous learner lear",
            "count": 2,
            "message": "Anonymous learner lear handed in \u201cCheck\u201d twice; the latest counts.",
        },
    ]
    # Ben's code added twice is one hand-in, not a second one. Ana's latest and the tie's later are right.
    question = result["quizzes"][0]["questions"][0]
    assert (question["answered"], question["correct"]) == (3, 2)


def test_a_learner_who_hands_in_one_exercise_after_another_counts_for_each():
    catalog = room_catalog()
    catalog["check"]["page"] = "Module 1"
    # The check after Module 1, the stage map later: both count; only a repeat of one replaces it.
    check = payload("learner0001", "Ana", "2026-12-01T10:00:00Z", check={"answers": {"q1": [0]}})
    route = payload(
        "learner0001", "Ana", "2026-12-01T11:00:00Z", route={"placements": {"a": "stable-enough"}, "replies": {}}
    )
    result = summary([check, route], catalog)
    assert (result["learners"], result["handins"], result["duplicates"]) == (1, 2, [])
    assert [quiz["learners"] for quiz in result["quizzes"]] == [1]
    assert [stage_map["learners"] for stage_map in result["stage_maps"]] == [1]
    # Later, the check again with another answer, and the stage map again with another placement.
    again = payload(
        "learner0001",
        "Ana",
        "2026-12-01T12:00:00Z",
        check={"answers": {"q1": [1]}},
        route={"placements": {"a": "noticing-a-gap"}, "replies": {}},
    )
    result = summary([check, route, again, again], catalog)
    assert result["duplicates"] == [
        {
            "who": "Ana",
            "count": 2,
            "message": "Ana handed in \u201cCheck\u201d (Module 1) and \u201cRoute\u201d more than once; "
            "the latest of each counts.",
        }
    ]
    question = result["quizzes"][0]["questions"][0]
    assert (question["answered"], question["correct"]) == (1, 1)


def test_quiz_aggregates_match_a_count_made_by_hand():
    answers = [
        {"q1": [1], "q2": [0, 1]},  # both right
        {"q1": [0], "q2": [0, 2]},  # q1 wrong (Price), q2 wrong (Supplier selection chosen)
        {"q1": [0], "q2": [0]},  # q1 wrong (Price), q2 partly right: no wrong option chosen
        {"q2": [2]},  # q1 unanswered, q2 wrong
    ]
    handins = [payload(f"learner{i:04d}", "", AT, check={"answers": a}) for i, a in enumerate(answers)]
    result = summary(handins, room_catalog())
    right = {"q1": {1}, "q2": {0, 1}}
    expected = {}
    for question_id, correct_set in right.items():
        given = [set(a[question_id]) for a in answers if question_id in a]
        expected[question_id] = (len(given), sum(1 for chosen in given if chosen == correct_set))
    (quiz,) = result["quizzes"]
    assert (quiz["id"], quiz["title"], quiz["learners"]) == ("check", "Check", 4)
    got = {q["id"]: (q["answered"], q["correct"]) for q in quiz["questions"]}
    assert got == expected == {"q1": (3, 1), "q2": (4, 1)}
    q1, q2 = quiz["questions"]
    assert q1["share"] == 0.33 and q2["share"] == 0.25
    assert q1["wrong"] == {"option": 0, "text": "Price", "feedback": "Rarely the whole story.", "count": 2}
    assert q2["wrong"] == {"option": 2, "text": "Supplier selection", "feedback": "A stage.", "count": 2}
    assert [o["count"] for o in q2["options"]] == [3, 1, 2]
    everyone_right = summary([payload("learner0001", "", AT, check={"answers": {"q1": [1]}})], room_catalog())
    assert everyone_right["quizzes"][0]["questions"][0]["wrong"] is None


def test_stage_map_matrix_and_mix_ups_match_a_count_made_by_hand():
    # Cards: a stable-enough, b internal-fixes (noticing-a-gap defensible), c aligning, d integrating.
    placements = [
        {"a": "noticing-a-gap", "b": "noticing-a-gap", "c": "aligning", "d": "choosing"},
        {"a": "noticing-a-gap", "b": "internal-fixes", "c": "choosing", "d": "choosing"},
        {"a": "stable-enough", "b": "aligning", "d": "choosing"},
    ]
    truth = {"a": "stable-enough", "b": "internal-fixes", "c": "aligning", "d": "integrating"}
    handins = [
        payload(f"learner{i:04d}", "", AT, route={"placements": p, "replies": {"a": 1}})
        for i, p in enumerate(placements)
    ]
    (stage_map,) = summary(handins, room_catalog())["stage_maps"]
    expected = [[0] * 8 for _ in range(8)]
    for placed in placements:
        for card, stage in placed.items():
            expected[STAGE_IDS.index(truth[card])][STAGE_IDS.index(stage)] += 1
    assert stage_map["matrix"] == expected
    assert [s["id"] for s in stage_map["stages"]] == list(STAGE_IDS)
    assert stage_map["placed"] == 11 and stage_map["learners"] == 3
    # b on noticing-a-gap is defensible, so not a mix-up; the rest off the diagonal are.
    assert stage_map["mixed_up"] == [
        {
            "stage": "integrating",
            "placed_as": "choosing",
            "count": 3,
            "message": "Cards that show Integrating and settling were placed on Choosing, including choosing "
            "nothing (3 times).",
        },
        {
            "stage": "stable-enough",
            "placed_as": "noticing-a-gap",
            "count": 2,
            "message": "Cards that show Stable enough were placed on Noticing a gap (2 times).",
        },
        {
            "stage": "internal-fixes",
            "placed_as": "aligning",
            "count": 1,
            "message": "Cards that show Trying internal fixes were placed on Assembling and aligning (once).",
        },
    ]
    assert stage_map["replies"] == {"answered": 3, "facilitative": 3, "other_stage": 0, "push": 0}


def test_self_assessment_distribution_matches_scores_worked_out_by_hand():
    # Five points (0-4). s1, s3 facilitate; s2, s4 push (reverse-scored).
    answers = [
        {"s1": 4, "s2": 0, "s3": 4, "s4": 0},  # start 100, people 100
        {"s1": 2, "s2": 2, "s3": 0, "s4": 4},  # start 50, people 0
        {"s1": 1, "s2": 3},  # start (1/4 + 1/4)/2 = 25; people unanswered
    ]
    handins = [payload(f"learner{i:04d}", "", AT, profile={"answers": a}) for i, a in enumerate(answers)]
    (assessment,) = summary(handins, room_catalog())["self_assessments"]
    start, people = assessment["dimensions"]
    assert (start["id"], start["name"], start["scores"], start["mean"]) == (
        "start",
        "Where I start",
        [25, 50, 100],
        58.3,
    )
    # Bands 0-39, 40-69, 70-100.
    assert [band["count"] for band in start["bands"]] == [1, 1, 1]
    assert (people["scores"], people["mean"], people["learners"]) == ([0, 100], 50.0, 2)
    assert [band["count"] for band in people["bands"]] == [1, 1]
    # Overall: learner 1 100, learner 2 (2+2+0+0)/4 of 4 points = 25, learner 3 25.
    assert assessment["overall"]["scores"] == [25, 25, 100] and assessment["overall"]["mean"] == 50.0
    assert [band["count"] for band in assessment["overall"]["bands"]] == [2, 0, 1]


def test_question_coach_criteria_count_the_questions_the_coach_reads_as_good():
    model = valid_coach()["situations"][0]["models"][0]  # models pass every criterion
    pushy = "Don't you think our platform would be a great deal for you?"  # problems: open, world, leading, pitch
    questions = [{"pricing": model}, {"pricing": pushy}, {"pricing": "Hi"}, {"peak": model}]
    handins = [payload(f"learner{i:04d}", "", AT, coach={"questions": q}) for i, q in enumerate(questions)]
    (coach,) = summary(handins, room_catalog())["coaches"]
    assert (coach["learners"], coach["questions"], coach["not_coached"]) == (4, 4, 1)
    pricing = {c["id"]: (c["met"], c["asked"]) for c in coach["situations"][0]["criteria"]}
    # "What matters here" is looked for in the pricing situation only, which names cues.
    assert pricing == {
        "open": (1, 2),
        "world": (1, 2),
        "future": (2, 2),
        "leading": (1, 2),
        "why": (2, 2),
        "pitch": (1, 2),
        "cues": (1, 2),
    }
    overall = {c["id"]: (c["met"], c["asked"], c["share"]) for c in coach["criteria"]}
    assert overall["open"] == (2, 3, 0.67) and overall["cues"] == (1, 2, 0.5)
    assert [c["name"] for c in coach["criteria"]][:2] == ["Open or closed", "Whose world"]


def test_the_csv_is_one_table_a_spreadsheet_opens():
    handins = [
        payload("learner0001", "", AT, check={"answers": {"q1": [1]}}, profile={"answers": {"s1": 4, "s2": 0}}),
        payload("learner0002", "", AT, check={"answers": {"q1": [0], "q2": [0, 1]}}),
    ]
    text = summary(handins, room_catalog())["csv"]
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == ["widget", "kind", "item", "text", "measure", "count", "out_of", "share", "mean"]
    correct = {(r["item"], r["count"], r["out_of"], r["share"]) for r in rows if r["measure"] == "answered correctly"}
    assert correct == {("q1", "1", "2", "0.5"), ("q2", "1", "1", "1.0")}
    mean = [r for r in rows if r["kind"] == "self-assessment" and r["item"] == "start" and r["mean"]]
    assert [(m["mean"], m["out_of"]) for m in mean] == [("100.0", "1")]
    assert {r["widget"] for r in rows} == {"check", "profile"}


def test_summary_sets_aside_unreadable_hand_ins_with_a_note_and_counts_the_rest():
    good = payload("learner0001", "Ana", AT, check={"answers": {"q1": [1]}})
    stale = payload("learner0002", "Ben", AT, check={"answers": {"q1": [1]}})
    stale["widgets"][0]["hash"] = "old"
    broken = {**good, "learner": "NOPE"}
    unfit = payload("learner0003", "Cy", AT, check={"answers": {"q9": [1]}})
    result = summary([good, stale, broken, "junk", unfit], room_catalog())
    assert (result["learners"], result["handins"]) == (2, 2)
    assert result["notes"] == [
        {"source": "hand-in 2", "message": "Made with another version of the course: check has changed."},
        {
            "source": "hand-in 3",
            "message": 'Not a results file: learner: expected 8 to 32 lower-case letters and digits, got "NOPE".',
        },
        {"source": "hand-in 4", "message": NOT_A_FILE},
        {
            "source": "Cy",
            "message": 'Left out check of Cy\'s hand-in: it does not fit the exercise (answers.q9: no question "q9" '
            'in quiz "check").',
        },
    ]
    assert result["quizzes"][0]["learners"] == 1


def test_summary_through_the_bridge_names_broken_catalog_content():
    catalog = room_catalog()
    catalog["check"]["content"] = {"id": "check"}
    response = bridge(
        {
            "widget": "room",
            "action": "summary",
            "catalog": catalog,
            "handins": [payload("learner0001", "", AT, check={"answers": {"q1": [1]}})],
        }
    )
    assert response == {"ok": False, "error": "catalog.check.content.questions: is required"}
    empty = bridge({"widget": "room", "action": "summary", "catalog": room_catalog(), "handins": []})["result"]
    assert (empty["learners"], empty["quizzes"], empty["csv"]) == (
        0,
        [],
        "widget,kind,item,text,measure,count,out_of,share,mean\r\n",
    )
