"""Read the course's Markdown sources: front matter, sections, blocks and quiz fences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from course import Quiz, parse_quiz
from tests.conftest import PROJECT
from widgets.build import pages, trainer_pages, yaml_source

DOCS = PROJECT / "docs"
MODULES = sorted((DOCS / "modules").glob("*.md"))


@dataclass(frozen=True)
class Source:
    """One page: its path, front matter, and Markdown without front matter."""

    path: Path
    meta: dict
    markdown: str

    @classmethod
    def read(cls, path: Path) -> Source:
        markdown, meta = get_data(path.read_text(encoding="utf-8"))
        return cls(path, meta, markdown)

    def prose_and_fences(self) -> tuple[list[str], list[tuple[str, str]]]:
        """Lines outside fences, and (language, body) of each fence."""
        prose, fences = pages.split_fences(self.markdown.splitlines())
        return prose, [(language, "\n".join(body)) for _, language, body in fences]

    def quizzes(self) -> list[Quiz]:
        return [parse_quiz(yaml_source.load(body)[0]) for lang, body in self.prose_and_fences()[1] if lang == "quiz"]

    def headings(self) -> list[str]:
        return [line[3:].strip() for line in self.prose_and_fences()[0] if line.startswith("## ")]

    def section(self, heading: str) -> str:
        """The Markdown under a level-2 heading (fences included), up to the next heading."""
        lines = self.markdown.splitlines()
        start = lines.index(f"## {heading}") + 1
        end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
        return "\n".join(lines[start:end])

    def blocks(self) -> list[str]:
        """Paragraphs, with list items and table rows as blocks of their own."""
        found: list[str] = []
        for chunk in re.split(r"\n\s*\n", "\n".join(self.prose_and_fences()[0])):
            lines = chunk.strip().splitlines()
            if lines and all(re.match(r"\s*(\||[-*+] |\d+\. )", line) or line.startswith("  ") for line in lines):
                found.extend(lines)
            elif chunk.strip():
                found.append(chunk.strip())
        return found


def all_sources() -> list[Source]:
    """Every page an author wrote; not the trainers' pages, which the build generates from these."""
    generated = DOCS / trainer_pages.FOLDER
    return [Source.read(path) for path in sorted(DOCS.rglob("*.md")) if not path.is_relative_to(generated)]
