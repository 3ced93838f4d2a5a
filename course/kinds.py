"""Every fence kind, declared once. The bridge, the build, the browser and the tests read this table.

A kind is the fence's name in Markdown, the `data-widget` value of its HTML and the middle of its
storage key. Build-side and browser-side parts are named here as strings, so this module stays
standard-library only and runs unchanged in Pyodide; tests check that each named part exists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from course import fields
from course.question_coach import COACH_KEYS, SITUATION_KEYS, coach_request, parse_question_coach
from course.quiz import OPTION_KEYS, QUESTION_KEYS, QUIZ_KEYS, grade_quiz, lint_quiz, parse_quiz
from course.results import (
    RESULTS_KEYS,
    ROOM_KEYS,
    hand_in_request,
    parse_results,
    parse_room,
    read_request,
    summary_request,
)
from course.self_assessment import (
    ASSESSMENT_KEYS,
    BAND_KEYS,
    DIMENSION_KEYS,
    ITEM_KEYS,
    SCALE_KEYS,
    parse_self_assessment,
    profile,
)
from course.stage_map import (
    CARD_KEYS,
    CONFUSION_KEYS,
    REPLY_KEYS,
    STAGE_MAP_KEYS,
    grade_stage_map,
    parse_stage_map,
)

Request = Mapping[str, object]
Action = Callable[[Request], object]
KeyTable = Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]]


@dataclass(frozen=True)
class Kind:
    """One fence kind: what validates it, what the browser may ask of it, and where its parts live."""

    name: str
    parse: Callable[[object], object] | None
    # Requests the browser may send for this kind, by action name: the bridge's whole vocabulary.
    actions: Mapping[str, Action] = field(default_factory=dict)
    # The YAML keys of each level of the body, (required, optional), as the README's key table lists them.
    keys: KeyTable = field(default_factory=dict)
    # The module under widgets/build/fences/ that renders the fence (validate + format).
    fence: str = ""
    # The module under widgets/assets/ that makes it interactive (exports `mount`); None: static HTML.
    script: str | None = None
    # The README heading that documents it.
    readme: str = ""
    # Checks on valid content that only the build runs (an author's habits, not a learner's input).
    lint: Callable[[object], None] | None = None
    # Whether learners answer it (an exercise: stored answers, an answer key, a hand-in); False for the
    # pages that only gather exercises' answers (My results, the room).
    exercise: bool = True

    @property
    def css_class(self) -> str:
        """The class superfences gives the fence: every interactive widget shares one."""
        return "course-widget" if self.script else f"course-{self.name}"


def _grade_quiz(request: Request) -> object:
    """Grade a quiz's answers against its content."""
    return grade_quiz(parse_quiz(request.get("content")), fields.mapping(request.get("answers"), "answers"))


def _grade_stage_map(request: Request) -> object:
    """Score a stage map's placements and chosen replies."""
    return grade_stage_map(
        parse_stage_map(request.get("content")), request.get("placements"), request.get("replies", {})
    )


def _profile(request: Request) -> object:
    """Compute a self-assessment profile, with the change since the previous one."""
    return profile(parse_self_assessment(request.get("content")), request.get("answers"), request.get("previous"))


KINDS: tuple[Kind, ...] = (
    Kind(
        name="quiz",
        parse=parse_quiz,
        actions=MappingProxyType({"grade": _grade_quiz}),
        keys=MappingProxyType({"quiz": QUIZ_KEYS, "question": QUESTION_KEYS, "option": OPTION_KEYS}),
        fence="quiz",
        script="quiz.js",
        readme="## Writing a quiz",
        lint=lint_quiz,
    ),
    Kind(
        name="stage-map",
        parse=parse_stage_map,
        actions=MappingProxyType({"grade": _grade_stage_map}),
        keys=MappingProxyType(
            {"stage-map": STAGE_MAP_KEYS, "card": CARD_KEYS, "reply": REPLY_KEYS, "confusion": CONFUSION_KEYS}
        ),
        fence="stage_map",
        script="stage-map.js",
        readme="## Writing a stage-mapping exercise",
    ),
    Kind(
        name="self-assessment",
        parse=parse_self_assessment,
        actions=MappingProxyType({"profile": _profile}),
        keys=MappingProxyType(
            {
                "self-assessment": ASSESSMENT_KEYS,
                "scale": SCALE_KEYS,
                "dimension": DIMENSION_KEYS,
                "band": BAND_KEYS,
                "item": ITEM_KEYS,
            }
        ),
        fence="self_assessment",
        script="self-assessment.js",
        readme="## Writing a self-assessment",
    ),
    Kind(
        name="question-coach",
        parse=parse_question_coach,
        actions=MappingProxyType({"coach": coach_request}),
        keys=MappingProxyType({"question-coach": COACH_KEYS, "situation": SITUATION_KEYS}),
        fence="question_coach",
        script="question-coach.js",
        readme="## Writing a question coach",
    ),
    Kind(
        name="results",
        parse=parse_results,
        actions=MappingProxyType({"hand-in": hand_in_request}),
        keys=MappingProxyType({"results": RESULTS_KEYS}),
        fence="results",
        script="results.js",
        readme="## Writing a results page",
        exercise=False,
    ),
    Kind(
        name="room",
        parse=parse_room,
        actions=MappingProxyType({"read": read_request, "summary": summary_request}),
        keys=MappingProxyType({"room": ROOM_KEYS}),
        fence="room",
        script="room.js",
        readme="## Writing a room page",
        exercise=False,
    ),
    # Not a widget: the stage model from course/stage_model.py as reference text, with no body.
    Kind(name="stage-reference", parse=None, fence="stage_reference", readme="## Writing a stage-mapping exercise"),
)

BY_NAME: Mapping[str, Kind] = MappingProxyType({kind.name: kind for kind in KINDS})
WIDGETS: tuple[Kind, ...] = tuple(kind for kind in KINDS if kind.script)
# The widgets learners answer: what answer keys, facilitator guides and hand-ins are made of.
EXERCISES: tuple[Kind, ...] = tuple(kind for kind in WIDGETS if kind.exercise)
