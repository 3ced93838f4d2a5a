"""Random, truncated and mutated fence bodies: a clean widget or one exact error line, never anything else.

Seeded, so a failure names a case that reproduces: FUZZ_SEED=<seed> pytest tests/build/test_fuzz.py.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest

from course.kinds import BY_NAME
from tests.build.in_process import render_page
from tests.build.test_broken_sites import QUIZ, SELF_ASSESSMENT, STAGE_MAP
from tests.build.test_question_coach_fence import COACH
from widgets.build import reading_time, yaml_source
from widgets.build.errors import WidgetBuildError

SEED = int(os.environ.get("FUZZ_SEED", "20261207"))
CASES_PER_KIND = 80
LINE_ERROR = re.compile(r"^docs/fuzz\.md:\d+: [^:]+: [^:]+: .+$")
# The fence-level forms README documents; an internal error is a bug, so it does not count.
FENCE_ERROR = re.compile(r"^docs/fuzz\.md: ```[\w-]+ fence: (?!internal error).+$")


def body_of(fence: str) -> str:
    """The YAML between a fixture's opening and closing fence lines."""
    return "\n".join(fence.strip("\n").splitlines()[1:-1])


BODIES = {
    "quiz": body_of(QUIZ),
    "stage-map": body_of(STAGE_MAP),
    "self-assessment": body_of(SELF_ASSESSMENT),
    "question-coach": body_of(COACH),
    "stage-reference": "",
    "room": "id: fuzz-room\ntitle: How the room did",
    "results": "id: fuzz-results\ntitle: Everything you answered",
}
VALUES = [
    "true",
    "false",
    "42",
    "-1",
    "3.5",
    "null",
    "~",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    '""',
    "''",
    "yes",
    "2024-13-45",
]
YAML_TRAPS = ["&a ", "*a", "!!python/object:os.system ", "!foo ", "!!str ", "<<: ", "? ", "- ", "|", ">-", "%", "@"]
# No backtick or colon: a backtick line would close the fence early, and a colon inside a key would
# make a key path that the message format cannot tell from its separators.
UNICODE = [
    "é",
    "ß",
    "…",
    "中",
    "😀",
    "\u200b",
    "\u00a0",
    "\ufeff",
    "\x07",
    "\x00",
    "\x85",
    "\u2028",
    "\r",
    "\t",
    "#",
    "'",
    '"',
    "{",
    "}",
    "[",
    "]",
    "\\",
    "<script>",
    "&amp;",
    "*",
    "_",
]


def drop_line(lines: list[str], rng: random.Random) -> list[str]:
    if lines:
        del lines[rng.randrange(len(lines))]
    return lines


def duplicate_line(lines: list[str], rng: random.Random) -> list[str]:
    if lines:
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    return lines


def swap_value_type(lines: list[str], rng: random.Random) -> list[str]:
    keyed = [i for i, line in enumerate(lines) if re.match(r"^\s*(- )?[\w-]+:", line)]
    if keyed:
        index = rng.choice(keyed)
        key = re.match(r"^(\s*(?:- )?[\w-]+:)", lines[index])[1]
        lines[index] = f"{key} {rng.choice(VALUES)}"
    return lines


def truncate(lines: list[str], rng: random.Random) -> list[str]:
    text = "\n".join(lines)
    return text[: rng.randrange(len(text) + 1)].split("\n") if text else lines


def insert_at_random(lines: list[str], rng: random.Random, pieces: list[str]) -> list[str]:
    if not lines:
        return [rng.choice(pieces)]
    index = rng.randrange(len(lines))
    line = lines[index]
    at = rng.randrange(len(line) + 1)
    lines[index] = line[:at] + rng.choice(pieces) + line[at:]
    return lines


def insert_tab(lines: list[str], rng: random.Random) -> list[str]:
    return insert_at_random(lines, rng, ["\t", "\t\t", " \t"])


def insert_yaml_trap(lines: list[str], rng: random.Random) -> list[str]:
    keyed = [i for i, line in enumerate(lines) if ": " in line]
    if not keyed:
        return insert_at_random(lines, rng, YAML_TRAPS)
    index = rng.choice(keyed)
    key, value = lines[index].split(": ", 1)
    lines[index] = f"{key}: {rng.choice(YAML_TRAPS)}{value}"
    return lines


def change_indentation(lines: list[str], rng: random.Random) -> list[str]:
    if lines:
        index = rng.randrange(len(lines))
        shift = rng.choice([-3, -2, -1, 1, 2, 3])
        line = lines[index]
        lines[index] = " " * shift + line if shift > 0 else line[min(-shift, len(line) - len(line.lstrip(" "))) :]
    return lines


def random_unicode(lines: list[str], rng: random.Random) -> list[str]:
    return insert_at_random(lines, rng, UNICODE)


def random_lines(lines: list[str], rng: random.Random) -> list[str]:
    pool = [*VALUES, *YAML_TRAPS, *UNICODE, "id: fuzz", "questions:", "cards: []", "  - id: x", "key: value"]
    return ["".join(rng.choice(pool) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 6))]


MUTATIONS = [
    drop_line,
    duplicate_line,
    swap_value_type,
    truncate,
    insert_tab,
    insert_yaml_trap,
    change_indentation,
    random_unicode,
    random_lines,
]


def mutated_bodies(kind: str) -> list[tuple[str, str]]:
    """(description, body) pairs: the unmutated body first, then seeded mutations of it."""
    rng = random.Random(f"{SEED}:{kind}")
    cases = [("unmutated", BODIES[kind])]
    while len(cases) < CASES_PER_KIND:
        lines = BODIES[kind].splitlines()
        applied = rng.choices(MUTATIONS, k=rng.randint(1, 3))
        for mutation in applied:
            lines = mutation(lines, rng)
        cases.append(("+".join(m.__name__ for m in applied), "\n".join(lines)))
    return cases


def page_with(kind: str, body: str) -> str:
    return f"# Fuzz\n\nSome prose first.\n\n```{kind}\n{body}\n```\n"


def outcome(docs: Path, kind: str, body: str) -> str:
    """'rendered' or 'error', or an AssertionError saying what went wrong."""
    text = page_with(kind, body)
    try:
        html = render_page(docs, text)
    except WidgetBuildError as error:
        message = str(error)
        assert LINE_ERROR.match(message) or FENCE_ERROR.match(message), f"not a one-line content error: {message!r}"
        return "error"
    widget = '<div class="course-widget' in html or '<div class="course-stage-reference"' in html
    assert widget, f"neither a widget nor an error:\n{html[:500]}"
    assert "<pre" not in html and f"language-{kind}" not in html, f"a silent code block:\n{html[:500]}"
    return "rendered"


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_every_mutated_body_renders_or_stops_with_one_exact_line(kind, tmp_path):
    outcomes = []
    for description, body in mutated_bodies(kind):
        try:
            outcomes.append(outcome(tmp_path, kind, body))
        except Exception as error:  # name the case, so the failure can be reproduced from the report
            raise AssertionError(
                f"seed {SEED}, {kind}, {description}: {body!r}\n{type(error).__name__}: {error}"
            ) from error
    assert outcomes[0] == "rendered"
    # The mutations really reach the validators; a fuzzer that only ever renders proves nothing.
    assert outcomes.count("error") > len(outcomes) // 2


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_reading_time_and_the_yaml_reader_never_raise_anything_else(kind):
    for description, body in mutated_bodies(kind):
        context = f"seed {SEED}, {kind}, {description}: {body!r}"
        page = "---\ncovers: [1]\n---\n\n" + page_with(kind, body)
        try:
            reading_time.estimate(page).sentence()
        except Exception as error:
            raise AssertionError(f"{context}\nestimate raised {type(error).__name__}: {error}") from error
        try:
            yaml_source.load(body)
        except (yaml_source.YamlSyntaxError, yaml_source.DuplicateKeyError):
            pass
        except Exception as error:
            raise AssertionError(f"{context}\nload raised {type(error).__name__}: {error}") from error


def test_every_registered_kind_is_fuzzed():
    assert set(BODIES) == set(BY_NAME)
