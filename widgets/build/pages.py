"""Which page is being rendered, and where each widget fence sits in its source file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

# An opening fence as pymdownx.superfences accepts it: ```quiz, ``` quiz, ```{.quiz}, ~~~quiz.
FENCE_OPENER = re.compile(r"^(?P<indent>[ >]*)(?P<fence>`{3,}|~{3,})[ ]*(?:\{[ ]*\.?)?(?P<lang>[\w-]+)\b")
TAB_LENGTH = 4  # Python-Markdown's default, which expands tabs before fences are read


@dataclass
class PageSource:
    """The page being rendered: its path for messages and its raw text for line numbers."""

    label: str
    text: str
    src_uri: str = ""
    used_lines: set[int] = field(default_factory=set)

    def fence_line(self, language: str, body: str) -> int | None:
        """1-based line of the opening fence whose body is `body`, in document order."""
        lines = self.text.expandtabs(TAB_LENGTH).splitlines()
        wanted = _normalise(body.splitlines())
        first_free = None
        for number, line in enumerate(lines):
            match = FENCE_OPENER.match(line)
            if not match or match["lang"] != language or number + 1 in self.used_lines:
                continue
            first_free = first_free if first_free is not None else number + 1
            if _normalise(fence_body(lines, number, match)) == wanted:
                self.used_lines.add(number + 1)
                return number + 1
        if first_free is not None:
            self.used_lines.add(first_free)
        return first_free


def fence_body(lines: list[str], opener: int, match: re.Match[str]) -> list[str]:
    """The lines between an opening fence and its closing fence, without the indent."""
    indent, fence = len(match["indent"]), match["fence"]
    body = []
    for line in lines[opener + 1 :]:
        inner = line[indent:] if len(line) >= indent else ""
        if inner.strip().startswith(fence) and set(inner.strip()) == {fence[0]}:
            break
        body.append(inner)
    return body


def split_fences(lines: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Lines outside fences, and (language, body lines) of each fence, in order."""
    prose: list[str] = []
    fences: list[tuple[str, list[str]]] = []
    index = 0
    while index < len(lines):
        match = FENCE_OPENER.match(lines[index])
        if not match:
            prose.append(lines[index])
            index += 1
            continue
        body = fence_body(lines, index, match)
        fences.append((match["lang"], body))
        index += len(body) + 2
    return prose, fences


def _normalise(lines: list[str]) -> list[str]:
    """Compare bodies ignoring trailing blanks, as Python-Markdown strips them."""
    stripped = [line.rstrip() for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    return stripped


class _Current:
    """Holds the page under render; set by the MkDocs hook, read by fence formatters."""

    page: PageSource | None = None


def begin_page(label: str, path: Path | None, src_uri: str = "") -> None:
    """Record the page MkDocs is about to render (`src_uri` is its path inside docs/)."""
    text = path.read_text(encoding="utf-8-sig") if path is not None and path.is_file() else ""
    _Current.page = PageSource(label=label, text=text, src_uri=src_uri)


def end_page() -> None:
    """Forget the current page."""
    _Current.page = None


def current() -> PageSource | None:
    """The page under render, if a hook told us (Zensical or bare Markdown do not)."""
    return _Current.page


def current_label() -> str:
    """The page under render as error messages name it."""
    return _Current.page.label if _Current.page else "(unknown page)"
