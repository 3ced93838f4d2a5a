"""The one entry point the browser calls: JSON request in, JSON response out."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from course import __version__, fields
from course.errors import ContentError
from course.quiz import grade_quiz, parse_quiz
from course.self_assessment import parse_self_assessment, profile
from course.stage_map import grade_stage_map, parse_stage_map


def _grade_quiz(request: Mapping[str, object]) -> object:
    """Grade a quiz's answers against its content."""
    return grade_quiz(parse_quiz(request.get("content")), fields.mapping(request.get("answers"), "answers"))


def _grade_stage_map(request: Mapping[str, object]) -> object:
    """Score a stage map's placements and chosen replies."""
    stage_map = parse_stage_map(request.get("content"))
    return grade_stage_map(stage_map, request.get("placements"), request.get("replies", {}))


def _profile(request: Mapping[str, object]) -> object:
    """Compute a self-assessment profile, with the change since the previous one."""
    return profile(parse_self_assessment(request.get("content")), request.get("answers"), request.get("previous"))


def _hello(request: Mapping[str, object]) -> object:
    """Answer the worker's start-up check."""
    return {"course": __version__}


HANDLERS: dict[tuple[str, str], Callable[[Mapping[str, object]], object]] = {
    ("runtime", "hello"): _hello,
    ("quiz", "grade"): _grade_quiz,
    ("stage-map", "grade"): _grade_stage_map,
    ("self-assessment", "profile"): _profile,
}


def handle(request_json: str) -> str:
    """Run one request and return {"ok": true, "result": …} or {"ok": false, "error": …}."""
    try:
        request = fields.mapping(json.loads(request_json), "request")
        handler = HANDLERS.get((str(request.get("widget")), str(request.get("action"))))
        if handler is None:
            raise ContentError("request", f"unknown request {request.get('widget')!r}/{request.get('action')!r}")
        response: dict[str, object] = {"ok": True, "result": handler(request)}
    except json.JSONDecodeError as error:
        response = {"ok": False, "error": f"request: not valid JSON ({error.msg})"}
    except ContentError as error:
        response = {"ok": False, "error": str(error)}
    return json.dumps(response, sort_keys=True, ensure_ascii=False)
