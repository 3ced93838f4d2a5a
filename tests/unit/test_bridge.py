"""course.bridge.handle: the one JSON-in, JSON-out function the browser calls."""

import json

from course import __version__
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
