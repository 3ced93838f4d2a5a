"""Estimate a module's reading time from its Markdown, so no author has to keep one up to date."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from widgets import pages, yaml_source

WORDS_PER_MINUTE = 200
MINUTES_PER_QUESTION = 0.5
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ATTRIBUTES = re.compile(r"\{[:]?\s*[#.][^}]*\}")


@dataclass(frozen=True)
class Estimate:
    """Words of prose, minutes to read them, and questions in the page's knowledge checks."""

    words: int
    questions: int

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))

    @property
    def total_minutes(self) -> int:
        """Reading plus answering, rounded to the nearest 5 minutes, as the course map shows it."""
        total = self.reading_minutes + self.questions * MINUTES_PER_QUESTION
        return max(5, 5 * round(total / 5))

    def sentence(self) -> str:
        """The line shown under a module's title."""
        check = f", plus a knowledge check of {self.questions} questions" if self.questions else ""
        return f"About {self.reading_minutes} minutes to read{check}."


def estimate(markdown: str) -> Estimate:
    """Count prose words (outside fences, without link targets) and quiz questions."""
    prose: list[str] = []
    questions = 0
    lines = markdown.splitlines()
    index = 0
    while index < len(lines):
        match = pages.FENCE_OPENER.match(lines[index])
        if not match:
            prose.append(lines[index])
            index += 1
            continue
        body = pages.fence_body(lines, index, match)
        if match["lang"] == "quiz":
            data, _ = yaml_source.load("\n".join(body))
            questions += len(data.get("questions", [])) if isinstance(data, dict) else 0
        index += len(body) + 2
    text = ATTRIBUTES.sub(" ", LINK_TARGET.sub("]", "\n".join(prose)))
    words = len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.%–-]*", text))
    return Estimate(words=words, questions=questions)
