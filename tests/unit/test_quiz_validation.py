"""course.parse_quiz: every content error names its key path and says what is wrong."""

import copy

import pytest

from course import ContentError, parse_quiz


def valid_quiz() -> dict:
    """A small valid quiz that each case breaks in one place."""
    return {
        "id": "check",
        "questions": [
            {
                "id": "q1",
                "kind": "single",
                "prompt": "Why does a buyer with a clear need still not buy?",
                "options": [
                    {"text": "Price", "correct": False, "feedback": "Rarely the whole story."},
                    {"text": "Internal change", "correct": True, "feedback": "Yes: it comes first."},
                ],
            },
            {
                "id": "q2",
                "kind": "multiple",
                "prompt": "Which are always on?",
                "options": [
                    {"text": "Validation", "correct": True, "feedback": "Always on."},
                    {"text": "Consensus creation", "correct": True, "feedback": "Always on."},
                    {"text": "Supplier selection", "correct": False, "feedback": "A stage."},
                ],
            },
        ],
    }


def broken(change) -> dict:
    """A copy of the valid quiz with `change` applied."""
    data = copy.deepcopy(valid_quiz())
    change(data)
    return data


def option(data, q, o):
    return data["questions"][q]["options"][o]


CASES = [
    (
        "only an unknown key",
        lambda d: d.clear() or d.update({"x": 1}),
        "x",
        "unknown key; allowed keys: id, questions, title, pass_mark, shuffle, discuss",
    ),
    ("missing id", lambda d: d.pop("id"), "id", "is required"),
    (
        "bad id",
        lambda d: d.update(id="1 check"),
        "id",
        '"1 check" is not a valid id; use a letter followed by letters, digits, "-" or "_"',
    ),
    ("unknown key, close", lambda d: d.update(pass_makr=0.5), "pass_makr", "unknown key; did you mean 'pass_mark'?"),
    (
        "unknown key in question",
        lambda d: d["questions"][0].update(optons=[]),
        "questions[0].optons",
        "unknown key; did you mean 'options'?",
    ),
    ("missing feedback", lambda d: option(d, 0, 1).pop("feedback"), "questions[0].options[1].feedback", "is required"),
    (
        "empty feedback",
        lambda d: option(d, 0, 1).update(feedback="  "),
        "questions[0].options[1].feedback",
        "must not be empty",
    ),
    (
        "correct as string",
        lambda d: option(d, 0, 0).update(correct="yes"),
        "questions[0].options[0].correct",
        'expected true or false, got the text "yes"',
    ),
    (
        "text as number",
        lambda d: option(d, 1, 2).update(text=42),
        "questions[1].options[2].text",
        "expected text, got the number 42",
    ),
    (
        "single, zero correct",
        lambda d: option(d, 0, 1).update(correct=False),
        "questions[0].options",
        "a single-choice question needs exactly one correct option, found 0",
    ),
    (
        "single, two correct",
        lambda d: option(d, 0, 0).update(correct=True),
        "questions[0].options",
        "a single-choice question needs exactly one correct option, found 2",
    ),
    (
        "multiple, none correct",
        lambda d: [o.update(correct=False) for o in d["questions"][1]["options"]],
        "questions[1].options",
        "a multiple-choice question needs at least one correct option",
    ),
    (
        "unknown kind",
        lambda d: d["questions"][0].update(kind="singel"),
        "questions[0].kind",
        "must be 'single' or 'multiple', got 'singel' (did you mean 'single'?)",
    ),
    (
        "duplicate question id",
        lambda d: d["questions"][1].update(id="q1"),
        "questions[1].id",
        'duplicate question id "q1"; already used at questions[0].id',
    ),
    (
        "one option",
        lambda d: d["questions"][0]["options"].pop(),
        "questions[0].options",
        "needs at least 2 entries, got 1",
    ),
    ("no questions", lambda d: d.update(questions=[]), "questions", "needs at least 1 entry, got 0"),
    ("questions not a list", lambda d: d.update(questions="q1"), "questions", 'expected a list, got the text "q1"'),
    (
        "question not a mapping",
        lambda d: d["questions"].append("q3"),
        "questions[2]",
        'expected a mapping of keys to values, got the text "q3"',
    ),
    (
        "pass mark too high",
        lambda d: d.update(pass_mark=80),
        "pass_mark",
        "must be greater than 0 and at most 1, got 80",
    ),
    ("pass mark as text", lambda d: d.update(pass_mark="80%"), "pass_mark", 'expected a number, got the text "80%"'),
    ("shuffle as text", lambda d: d.update(shuffle="no"), "shuffle", 'expected true or false, got the text "no"'),
    (
        "repeated option",
        lambda d: option(d, 1, 2).update(text="Validation"),
        "questions[1].options[2].text",
        "repeats option 1",
    ),
]


@pytest.mark.parametrize(("change", "path", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_content_errors_name_path_and_problem(change, path, message):
    with pytest.raises(ContentError) as caught:
        parse_quiz(broken(change))
    assert (caught.value.path, caught.value.message) == (path, message)


def test_top_level_must_be_a_mapping():
    with pytest.raises(ContentError) as caught:
        parse_quiz(["q1"])
    assert str(caught.value) == "(top level): expected a mapping of keys to values, got a list"


def test_valid_quiz_builds_with_defaults():
    quiz = parse_quiz(valid_quiz())
    assert (quiz.id, quiz.title, quiz.pass_mark, quiz.shuffle) == ("check", "Knowledge check", 0.7, True)
    assert [q.id for q in quiz.questions] == ["q1", "q2"]
    assert quiz.questions[1].correct_options == {0, 1}


def test_payload_round_trips_through_parse():
    quiz = parse_quiz(valid_quiz())
    assert parse_quiz(quiz.to_data()) == quiz
