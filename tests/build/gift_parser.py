r"""A reader of GIFT files for the tests, written from Moodle's description of the format, not from course.gift.

It reads what the course writes (categories, comments, named multiple-choice questions with weights and
feedback) the way Moodle's import does: blank lines end a block, `//` lines are comments, a backslash
makes the next character plain (`\n` is a line break), `=` marks the right answer of a single-choice
question, `~` any other answer, `%w%` an answer's weight and `#` its feedback. Anything else it finds
is an error, so a test fails on output Moodle would read differently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SPECIAL = "~=#{}:"
FORMATS = ("html", "moodle", "plain", "markdown")
WEIGHT = re.compile(r"%(-?\d{1,3}(?:\.\d+)?)%")
# Escaped characters stand in the text as private-use code points until the structure is read.
PLAIN = {character: chr(0xE000 + index) for index, character in enumerate(SPECIAL)}


class GiftError(ValueError):
    """The text is not GIFT as Moodle reads it."""


@dataclass(frozen=True)
class Answer:
    """One answer option: its weight in percent, its text and feedback, and whether it was written with `=`."""

    weight: float
    text: str
    feedback: str
    marked_right: bool


@dataclass(frozen=True)
class GiftQuestion:
    """A named multiple-choice question and the category it was read in."""

    name: str
    category: tuple[str, ...]
    text_format: str
    text: str
    answers: tuple[Answer, ...]

    @property
    def single(self) -> bool:
        """Moodle's rule: a question with an `=` answer takes one answer, one without takes several."""
        return any(answer.marked_right for answer in self.answers)


@dataclass
class GiftFile:
    """Everything read from one file."""

    questions: list[GiftQuestion] = field(default_factory=list)
    categories: list[tuple[str, ...]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


def unescape(text: str) -> str:
    r"""GIFT's escapes undone: specials to private-use stand-ins, `\\` to a backslash, `\n` to a line break."""
    out, index = [], 0
    while index < len(text):
        character = text[index]
        if character == "\\" and index + 1 < len(text):
            following = text[index + 1]
            if following in PLAIN:
                out.append(PLAIN[following])
            elif following == "\\":
                out.append("\\")
            elif following == "n":
                out.append("\n")
            else:
                out.append("\\" + following)
            index += 2
        else:
            out.append(character)
            index += 1
    return "".join(out)


def plain(text: str) -> str:
    """Stand-ins back to the characters they stand for."""
    for character, stand_in in PLAIN.items():
        text = text.replace(stand_in, character)
    return text


def parse(text: str) -> GiftFile:
    """Read a GIFT file, or raise GiftError."""
    result = GiftFile()
    category: tuple[str, ...] = ()
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")):
        lines = [line.strip() for line in block.split("\n")]
        result.comments += [line[2:].strip() for line in lines if line.startswith("//")]
        body = "\n".join(line for line in lines if line and not line.startswith("//"))
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            # Moodle reads a category without GIFT's escapes; `//` is a slash inside a name.
            path = body[len("$CATEGORY:") :].strip().replace("\\\\", "\\")
            category = tuple(name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path))
            result.categories.append(category)
            continue
        result.questions.append(_question(unescape(body), category))
    return result


def _question(body: str, category: tuple[str, ...]) -> GiftQuestion:
    """One question block, its escapes already turned into stand-ins."""
    if not body.startswith("::") or body.find("::", 2) < 0:
        raise GiftError(f"a question without a ::name:: {body[:60]!r}")
    end = body.find("::", 2)
    name, rest = plain(body[2:end]).strip(), body[end + 2 :].strip()
    opening, closing = rest.find("{"), rest.find("}")
    if opening < 0 or closing < opening or rest[closing + 1 :].strip():
        raise GiftError(f"{name}: expected the question's text, then its answers in {{…}} at the end")
    text_format, prompt = _format(rest[:opening].strip(), "moodle")
    section = rest[opening + 1 : closing].strip()
    if "->" in section and "~" not in section:
        raise GiftError(f"{name}: a matching question")
    pieces = re.split(r"(?=[~=])", section)
    if pieces[0].strip():
        raise GiftError(f"{name}: text before the first answer: {pieces[0]!r}")
    answers = tuple(_answer(piece.strip(), text_format, name) for piece in pieces[1:])
    if len(answers) < 2:
        raise GiftError(f"{name}: a multiple-choice question needs at least two answers")
    return GiftQuestion(name, category, text_format, plain(prompt), answers)


def _answer(piece: str, default_format: str, name: str) -> Answer:
    """One `=…` or `~…` answer, with its weight and feedback."""
    marked_right, piece = piece[0] == "=", piece[1:]
    weight = 100.0 if marked_right else 0.0
    found = WEIGHT.match(piece)
    if found and not marked_right:
        weight, piece = float(found[1]), piece[found.end() :]
    if "#" not in piece:
        raise GiftError(f"{name}: an answer without feedback: {piece!r}")
    text, feedback = piece.split("#", 1)
    text_format, text = _format(text.strip(), default_format)
    feedback_format, feedback = _format(feedback.strip(), default_format)
    if text_format != default_format or feedback_format != default_format:
        raise GiftError(f"{name}: an answer in another format than its question")
    return Answer(weight, plain(text).strip(), plain(feedback).strip(), marked_right)


def _format(text: str, default: str) -> tuple[str, str]:
    """A text's `[format]` marker, if it starts with one Moodle knows, and the text after it."""
    found = re.match(r"\[([^\]]*)\]", text)
    if found and found[1] in FORMATS:
        return found[1], text[found.end() :]
    return default, text
