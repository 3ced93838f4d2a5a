"""Estimate a module's reading time from its Markdown, so no author has to keep one up to date."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from course.errors import ContentError
from course.stage_model import STAGES
from widgets.build import pages, yaml_source

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 0.5
# Writing a question of one's own, reading the coach and revising it once.
MINUTES_PER_SITUATION = 2
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ATTRIBUTES = re.compile(r"\{[:]?\s*[#.][^}]*\}")


@dataclass(frozen=True)
class Estimate:
    """Words a learner reads (prose and widget text), those on exercise cards, quiz questions, coach situations."""

    words: int
    questions: int
    exercise_words: int = 0
    situations: int = 0

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the prose and the exercise cards, at least one."""
        return max(1, math.ceil((self.words + self.exercise_words) / WORDS_PER_MINUTE))

    @property
    def total_minutes(self) -> int:
        """Reading, answering and writing, rounded to the nearest 5 minutes, as the course map shows it."""
        total = self.reading_minutes + self.questions * MINUTES_PER_QUESTION + self.situations * MINUTES_PER_SITUATION
        return max(5, 5 * round(total / 5))

    def sentence(self) -> str:
        """The line shown under a module's title."""
        exercise = " and the stage-mapping exercise" if self.exercise_words else ""
        noun = "question" if self.questions == 1 else "questions"
        check = f", plus a knowledge check of {self.questions} {noun}" if self.questions else ""
        minutes = "minute" if self.reading_minutes == 1 else "minutes"
        practice = ""
        if self.situations:
            noun = "question" if self.situations == 1 else "questions"
            practice = f", and {self.situations} {noun} of your own to write for the coach"
        return f"About {self.reading_minutes} {minutes} to read{exercise}{check}{practice}."


def estimate(markdown: str) -> Estimate:
    """Count every word a learner reads (prose, and all widget text: feedback too) and quiz questions.

    Never fails on bad content: a broken fence counts nothing, and reports its own error.
    """
    # Python-Markdown expands tabs before a fence reads its body, so read what the fence will read.
    prose, fences = pages.split_fences(markdown.expandtabs(pages.TAB_LENGTH).splitlines())
    exercise: list[str] = []
    widgets: list[str] = []
    questions = situations = 0
    for _, language, body in fences:
        if language == "stage-reference":
            prose.extend(_stage_reference_text())
            continue
        data = _fence_data(body)
        if language == "quiz":
            questions += len(_entries(data, "questions"))
        elif language == "question-coach":
            situations += len(_entries(data, "situations"))
        (exercise if language == "stage-map" else widgets).extend(_strings(data))
    return Estimate(_count(prose) + _count(widgets), questions, _count(exercise), situations)


# Values that are identifiers or switches, not text a learner reads; and notes only trainers read.
NOT_READ = {"id", "kind", "stage", "also", "direction", "dimension", "correct", "facilitative", "range", "shuffle"}
NOT_READ |= {"discuss", "confusions", "debrief"}


def _strings(data: object) -> list[str]:
    """Every piece of text in a fence's data, at any depth."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for key, value in data.items() if key not in NOT_READ for text in _strings(value)]
    if isinstance(data, list):
        return [text for item in data for text in _strings(item)]
    return []


def _fence_data(body: list[str]) -> object:
    """A fence's parsed body, or None if it is broken: the fence itself then reports where and why."""
    try:
        return yaml_source.load("\n".join(body))[0]
    except (yaml_source.YamlSyntaxError, ContentError):
        return None


def _entries(data: object, key: str) -> list:
    """The list under `key` if `data` is a mapping that has one, else nothing to count."""
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, list) else []


def _count(lines: list[str]) -> int:
    """Words in Markdown, not counting link targets or attribute lists."""
    text = ATTRIBUTES.sub(" ", LINK_TARGET.sub("]", "\n".join(lines)))
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.%–-]*", text))


def _stage_reference_text() -> list[str]:
    """The words a reader meets in the rendered stage reference."""
    return [
        " ".join([stage.name, stage.inside, *stage.signals, stage.push_mistake, stage.facilitative_move])
        for stage in STAGES
    ]
