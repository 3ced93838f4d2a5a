"""course.bridge.handle: the one JSON-in, JSON-out function the browser calls."""

import json
import re

import pytest

import course.quiz
from course import __version__, bridge
from course.bridge import handle
from tests.unit.test_quiz_validation import valid_quiz


def call(request) -> dict:
    return json.loads(handle(json.dumps(request)))


def test_hello_reports_the_course_version():
    assert call({"widget": "runtime", "action": "hello"}) == {"ok": True, "result": {"course": __version__}}


def test_grade_returns_the_same_result_as_grade_quiz():
    response = call({"widget": "quiz", "action": "grade", "content": valid_quiz(), "answers": {"q1": [1]}})
    assert response["ok"] is True
    assert response["result"]["score"] == 1


def test_errors_come_back_as_messages_not_exceptions():
    assert call({"widget": "quiz", "action": "explode"}) == {
        "ok": False,
        "error": "request: unknown request 'quiz'/'explode'",
    }
    assert json.loads(handle("{not json")) == {
        "ok": False,
        "error": "request: not valid JSON (Expecting property name enclosed in double quotes)",
    }
    bad = call({"widget": "quiz", "action": "grade", "content": {"id": "x"}, "answers": {}})
    assert bad == {"ok": False, "error": "questions: is required"}


UNEXPECTED = "Something went wrong while checking this. Your answers are still here; try again, or reload the page."
FRAME = re.compile(r"^  at course/\w+\.py:\d+ in \S+$")


@pytest.mark.parametrize(
    "bug", [KeyError("placements"), TypeError("'NoneType' object is not iterable"), ZeroDivisionError("by zero")]
)
def test_a_bug_in_a_handler_becomes_a_sentence_for_the_learner_and_detail_for_the_console(monkeypatch, bug):
    def broken_handler(request):
        raise bug

    monkeypatch.setitem(bridge.HANDLERS, ("quiz", "grade"), broken_handler)
    response = call({"widget": "quiz", "action": "grade", "content": valid_quiz(), "answers": {}})
    assert set(response) == {"ok", "error", "detail"}
    assert (response["ok"], response["error"]) == (False, UNEXPECTED)
    first, *frames = response["detail"].splitlines()
    assert first == f"{type(bug).__name__}: {bug}"
    # Only the course package's frames: the test's own file is not part of it.
    assert len(frames) == 1 and FRAME.match(frames[0]) and frames[0].endswith(" in handle")


def test_the_detail_names_the_innermost_course_frames(monkeypatch):
    def broken_grading(question, chosen):
        return {}["correct"]

    monkeypatch.setattr(course.quiz, "_grade_question", broken_grading)
    response = call({"widget": "quiz", "action": "grade", "content": valid_quiz(), "answers": {}})
    first, *frames = response["detail"].splitlines()
    assert first == "KeyError: 'correct'"
    assert all(FRAME.match(frame) for frame in frames) and len(frames) <= bridge.DETAIL_FRAMES
    names = [frame.rsplit(" in ", 1)[1] for frame in frames]
    assert names[:3] == ["handle", "_grade_quiz", "grade_quiz"]


@pytest.mark.parametrize(
    ("request_text", "first_line"),
    [
        (None, "TypeError: the JSON object must be str, bytes or bytearray, not NoneType"),
        (
            '{"widget": "quiz", "action": "grade", "answers": {"q1": [' + "9" * 5000 + "]}}",
            "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; "
            "use sys.set_int_max_str_digits() to increase the limit",
        ),
    ],
    ids=["not a string", "a number too long to read"],
)
def test_requests_that_break_the_reader_get_the_same_human_message(request_text, first_line):
    response = json.loads(handle(request_text))
    assert (response["ok"], response["error"]) == (False, UNEXPECTED)
    assert response["detail"].splitlines()[0] == first_line


def test_a_result_json_cannot_hold_is_a_bug_too(monkeypatch):
    monkeypatch.setitem(bridge.HANDLERS, ("runtime", "hello"), lambda request: {"course": object()})
    response = call({"widget": "runtime", "action": "hello"})
    assert (response["ok"], response["error"]) == (False, UNEXPECTED)
    assert response["detail"].startswith("TypeError: Object of type object is not JSON serializable")
