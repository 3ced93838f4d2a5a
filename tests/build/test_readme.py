"""The README documents exactly the quiz keys `course` accepts, and its example is valid."""

from __future__ import annotations

import re

import yaml

from course import parse_quiz
from course.quiz import OPTION_KEYS, QUESTION_KEYS, QUIZ_KEYS
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def documented_keys() -> dict[str, tuple[set[str], set[str]]]:
    """From the README's key table: where -> (required keys, optional keys)."""
    table: dict[str, tuple[set[str], set[str]]] = {}
    for key, where, required in re.findall(r"^\| `(\w+)` \| (\w+) \| (yes|no) \|", README, re.MULTILINE):
        table.setdefault(where, (set(), set()))[0 if required == "yes" else 1].add(key)
    return table


def test_every_quiz_key_is_documented_and_every_documented_key_exists():
    assert documented_keys() == {
        where: (set(keys[0]), set(keys[1]))
        for where, keys in {"quiz": QUIZ_KEYS, "question": QUESTION_KEYS, "option": OPTION_KEYS}.items()
    }


def test_the_readme_example_quiz_is_valid():
    example = re.search(r"```quiz\n(.*?)```", README, re.DOTALL).group(1)
    quiz = parse_quiz(yaml.safe_load(example))
    assert quiz.id == "m1-check" and len(quiz.questions) == 2


def test_the_readme_names_the_two_commands():
    assert "./scripts/serve.sh" in README and "./scripts/test.sh" in README
    assert (PROJECT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("exec scripts/test.sh")
