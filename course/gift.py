r"""Knowledge checks as Moodle GIFT: a text file that Moodle, and other platforms that read GIFT, import as questions.

The format is the one Moodle's GIFT import reads (question/format/gift/format.php):

- A blank line ends a question; `//` starts a comment line; `$CATEGORY: a/b` puts the questions after it
  in category `b` inside `a` (`/` inside a name is written `//`).
- `::name::` names a question; a single-choice question is `text {=right#feedback ~wrong#feedback}`.
- `~`, `=`, `#`, `{`, `}` and `:` are escaped with a backslash, and a backslash itself is doubled
  (Moodle turns `\\` into one backslash before anything else, and `\n` into a line break).
- A multiple-choice question has no `=` option, only weighted ones, `~%50%text`. Moodle imports a
  weight only if it is one of its grade percentages (100, 50, 33.33333, 25 ... 10, 5, and the same
  below zero), and requires the positive weights of a question to add up to 100.

Our choices:

- Weights: the correct options share 100% equally; the wrong ones share -100% equally. Ticking every
  box then scores 0, like ticking none, and each wrong tick costs as much as the wrong options
  together allow. Moodle clamps a question's score at 0. Equal shares exist in Moodle's list for up
  to 10 options; with more than 10 wrong options each takes -10% (still -100% or below together),
  and a question with more than 10 correct options is left out with a comment saying so.
- Text format `[markdown]`: our prompts, options and feedback are inline Markdown (emphasis, code,
  links), and Moodle renders Markdown with a standard Markdown parser, so they read as on the page
  and the file stays readable for a trainer who edits it. Answers and feedback inherit the
  question's format in Moodle. `[html]` would need a Markdown renderer here (not in the standard
  library) and an unreadable file; `[plain]` and `[moodle]` would show the asterisks and backticks.
- What would read differently in Moodle is changed to read the same: runs of whitespace become one
  space (as Markdown renders them; a line starting with `//` would be a comment); `<` outside code
  becomes `&lt;` (widget text is data, never markup, on the page and in Moodle alike); and a link
  or image whose address is relative (to a page of this site) keeps only its text, as it would lead
  nowhere from the platform. Links with a scheme (`https:`, `mailto:`) stay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from course.quiz import Question, Quiz

# GIFT's control characters: each written with a backslash before it to stand for itself.
SPECIAL = "~=#{}:"
# Equal shares of 100% that Moodle accepts as answer weights (question_bank::fraction_options_full).
SHARES = {
    1: "100",
    2: "50",
    3: "33.33333",
    4: "25",
    5: "20",
    6: "16.66667",
    7: "14.28571",
    8: "12.5",
    9: "11.11111",
    10: "10",
}
MOST_SHARES = max(SHARES)
FORMAT = "[markdown]"
CODE_SPAN = re.compile(r"(`+).+?\1", re.DOTALL)
LINK = re.compile(r"(?<!\\)(!?)\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped, so Moodle reads it back exactly."""
    text = text.replace("\\", "\\\\")
    for character in SPECIAL:
        text = text.replace(character, "\\" + character)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def portable_markdown(text: str) -> str:
    """Our inline Markdown as a learning platform should get it: one line, raw HTML as text, no links into this site."""
    pieces, last = [], 0
    for match in CODE_SPAN.finditer(text):
        pieces += [_outside_code(text[last : match.start()]), match[0]]
        last = match.end()
    pieces.append(_outside_code(text[last:]))
    return " ".join("".join(pieces).split())


def _outside_code(text: str) -> str:
    """Relative links reduced to their text and `<` as an entity, in text outside code spans."""

    def link(match: re.Match[str]) -> str:
        return match[0] if HAS_SCHEME.match(match[3]) else match[2]

    return LINK.sub(link, text).replace("<", "&lt;")


def _part(text: str) -> str:
    """An option's text or feedback, escaped; marked as Markdown if it starts with `[`, which would read as a format."""
    written = escape(portable_markdown(text))
    return FORMAT + written if written.startswith("[") else written


def weights(question: Question) -> list[str] | None:
    """A multiple-choice question's option weights in percent, or None when Moodle can't share its marks equally."""
    right = sum(option.correct for option in question.options)
    wrong = len(question.options) - right
    if right > MOST_SHARES:
        return None
    penalty = "-" + SHARES.get(wrong, SHARES[MOST_SHARES])
    return [SHARES[right] if option.correct else penalty for option in question.options]


def question_name(quiz: Quiz, question: Question) -> str:
    """The question's name in the platform's question bank: the quiz's id and the question's."""
    return f"{quiz.id} {question.id}"


def question_gift(quiz: Quiz, question: Question) -> str:
    """One question as a GIFT block, or a comment line saying why it is left out."""
    head = f"::{escape(question_name(quiz, question))}::{FORMAT}{escape(portable_markdown(question.prompt))} {{"
    lines = [head]
    if question.kind == "single":
        for option in question.options:
            text = _part(option.text)
            # A wrong option written `~%50%…` would be read as worth 50%: its weight goes first.
            lead = "=" if option.correct else "~%0%" if text.startswith("%") else "~"
            lines.append(f"\t{lead}{text}#{_part(option.feedback)}")
    else:
        shares = weights(question)
        if shares is None:
            return (
                f"// Left out {question_name(quiz, question)}: Moodle can share a question's marks equally "
                f"among at most {MOST_SHARES} correct options, and it has {len(question.correct_options)}."
            )
        for option, share in zip(question.options, shares, strict=True):
            lines.append(f"\t~%{share}%{_part(option.text)}#{_part(option.feedback)}")
    return "\n".join([*lines, "}"])


def category(*names: str) -> str:
    """A `$CATEGORY:` line for nested categories; Moodle reads it without GIFT's escapes, so `/` is doubled instead."""
    path = "/".join(" ".join(name.split()).replace("\\", "\\\\").replace("/", "//") for name in names)
    return f"$CATEGORY: {path}"


def _comment(text: str) -> str:
    """A one-line GIFT comment."""
    return "// " + " ".join(text.split())


def gift_for(quizzes: Mapping[str, Sequence[Quiz]], title: str) -> str:
    """Every question of the quizzes as GIFT: a category per module (the mapping's keys) inside one for the course."""
    header = [
        _comment(f"{title}: the knowledge checks as GIFT questions (UTF-8)."),
        _comment("In Moodle: Question bank > Import > GIFT format, with 'Get category from file' ticked."),
        _comment("Multiple choice: the correct options share 100%, the wrong ones -100%, so ticking all scores 0."),
    ]
    blocks = ["\n".join(header)]
    for module, module_quizzes in quizzes.items():
        blocks.append(category(title, module))
        for quiz in module_quizzes:
            blocks.append(_comment(f"{quiz.title} ({quiz.id}), {len(quiz.questions)} questions, from “{module}”"))
            blocks += [question_gift(quiz, question) for question in quiz.questions]
    return "\n\n".join(blocks) + "\n"
