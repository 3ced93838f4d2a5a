"""The README documents exactly the keys `course` accepts for every kind, and its examples are valid."""

from __future__ import annotations

import re

import yaml

from course import parse_quiz, parse_self_assessment, parse_stage_map
from course.kinds import KINDS
from course.quiz import lint_quiz
from course.stage_model import STAGE_IDS
from tests.conftest import PROJECT

README = (PROJECT / "README.md").read_text(encoding="utf-8")


def documented_keys() -> dict[str, tuple[set[str], set[str]]]:
    """From the README's key table: where -> (required keys, optional keys)."""
    table: dict[str, tuple[set[str], set[str]]] = {}
    for key, where, required in re.findall(r"^\| `(\w+)` \| ([\w-]+) \| (yes|no) \|", README, re.MULTILINE):
        table.setdefault(where, (set(), set()))[0 if required == "yes" else 1].add(key)
    return table


def test_every_key_of_every_kind_is_documented_and_every_documented_key_exists():
    expected = {where: (set(keys[0]), set(keys[1])) for kind in KINDS for where, keys in kind.keys.items()}
    assert documented_keys() == expected


def test_the_readme_example_quiz_is_valid():
    example = re.search(r"```quiz\n(.*?)```", README, re.DOTALL).group(1)
    quiz = parse_quiz(yaml.safe_load(example))
    assert quiz.id == "m1-check" and len(quiz.questions) == 2
    lint_quiz(quiz)  # the example follows the author lint too


def test_the_readme_examples_of_the_other_widgets_are_valid():
    stage_map = re.search(r"```stage-map\n(.*?)```", README, re.DOTALL).group(1)
    assert len(parse_stage_map(yaml.safe_load(stage_map)).cards) == 2
    assessment = re.search(r"```self-assessment\n(.*?)```", README, re.DOTALL).group(1)
    assert len(parse_self_assessment(yaml.safe_load(assessment)).items) == 2
    listed = re.search(r"\| `stage` \| card \| yes \| (.*) \|", README).group(1)
    assert re.findall(r"`([\w-]+)`", listed) == list(STAGE_IDS)


def test_the_readme_names_the_two_commands():
    assert "./scripts/serve.sh" in README and "./scripts/test.sh" in README
    assert (PROJECT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("exec scripts/test.sh")


def test_the_readme_lists_every_widget_kind_and_gives_the_zensical_command():
    listed = re.search(r"\(kinds: (.*?)\)", README).group(1)
    assert re.findall(r"`([\w-]+)`", listed) == [kind.name for kind in KINDS if kind.script]
    assert ".venv/bin/python -m widgets.build zensical" in README
