"""The one entry point the browser calls: JSON request in, JSON response out."""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable, Mapping

from course import __version__, fields
from course.errors import ContentError
from course.kinds import KINDS


def _hello(request: Mapping[str, object]) -> object:
    """Answer the worker's start-up check."""
    return {"course": __version__}


HANDLERS: dict[tuple[str, str], Callable[[Mapping[str, object]], object]] = {
    ("runtime", "hello"): _hello,
    **{(kind.name, action): handler for kind in KINDS for action, handler in kind.actions.items()},
}


UNEXPECTED = "Something went wrong while checking this. Your answers are still here; try again, or reload the page."
DETAIL_FRAMES = 4


def handle(request_json: str) -> str:
    """Run one request and return {"ok": true, "result": …} or {"ok": false, "error": …}; never raises."""
    try:
        request = fields.mapping(json.loads(request_json), "request")
        handler = HANDLERS.get((str(request.get("widget")), str(request.get("action"))))
        if handler is None:
            raise ContentError("request", f"unknown request {request.get('widget')!r}/{request.get('action')!r}")
        # Serialised inside the try: a result JSON cannot hold is a bug like any other.
        return _dumps({"ok": True, "result": handler(request)})
    except json.JSONDecodeError as error:
        return _dumps({"ok": False, "error": f"request: not valid JSON ({error.msg})"})
    except ContentError as error:
        return _dumps({"ok": False, "error": str(error)})
    except Exception as error:  # a bug, not bad input: the learner reads a sentence, the console the detail
        return _dumps({"ok": False, "error": UNEXPECTED, "detail": describe_bug(error)})


def _dumps(response: dict[str, object]) -> str:
    """The response as the browser reads it."""
    return json.dumps(response, sort_keys=True, ensure_ascii=False)


def describe_bug(error: BaseException) -> str:
    """`Type: message` and the innermost frames of this package, the same in CPython and in Pyodide."""
    # Frames outside `course` (json, the runtime) differ between Python versions, and ours say where we called them.
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if _package_path(frame.filename)]
    where = [f"  at {_package_path(frame.filename)}:{frame.lineno} in {frame.name}" for frame in frames]
    return "\n".join([f"{type(error).__name__}: {error}", *where[-DETAIL_FRAMES:]])


def _package_path(filename: str) -> str | None:
    """`course/quiz.py` for a file of this package, else None."""
    parts = filename.replace("\\", "/").split("/")
    return "/".join(parts[-2:]) if len(parts) >= 2 and parts[-2] == __package__ else None
