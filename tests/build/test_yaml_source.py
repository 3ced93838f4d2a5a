"""widgets.build.yaml_source: YAML that only describes data, refused at once when it could do more."""

from __future__ import annotations

import time

import pytest

from tests.build.in_process import billion_laughs, render_page
from widgets.build import reading_time, yaml_source
from widgets.build.errors import WidgetBuildError

ANCHORS = "anchors and aliases (&name, *name) are not allowed in widget content"
REFUSED = [
    ("anchor on a mapping", "id: x\ndefaults: &defaults\n  correct: false\n", 1, ANCHORS),
    ("anchor on a scalar", "id: x\ntext: &t Hello\n", 1, ANCHORS),
    ("alias without an anchor", "id: x\nquestions:\n  - *q1\n", 2, ANCHORS),
    ("merge of an alias", "a: 1\nb:\n  <<: *a\n", 2, ANCHORS),
    (
        "python object",
        "id: x\nrun: !!python/object/apply:os.system [ls]\n",
        1,
        "tags such as !!python/object/apply:os.system are not allowed in widget content",
    ),
    ("custom tag", "id: x\ntext: !foo bar\n", 1, "tags such as !foo are not allowed in widget content"),
    ("standard tag", "id: x\ncorrect: !!bool true\n", 1, "tags such as !!bool are not allowed in widget content"),
    ("non-specific tag", "id: x\ntext: ! bar\n", 1, "tags such as ! are not allowed in widget content"),
    ("tag on a list", "id: x\nquestions: !!seq\n  - a\n", 1, "tags such as !!seq are not allowed in widget content"),
    (
        "tag directive",
        "%TAG !py! tag:yaml.org,2002:python/\n---\nid: x\nrun: !py!name:os.system\n",
        3,
        "tags such as !!python/name:os.system are not allowed in widget content",
    ),
]


@pytest.mark.parametrize(("body", "line", "message"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_anchors_aliases_and_tags_are_refused_at_their_line(body, line, message):
    with pytest.raises(yaml_source.YamlSyntaxError) as caught:
        yaml_source.load(body)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_a_billion_laughs_fails_at_the_first_anchor_in_well_under_a_second():
    started = time.perf_counter()
    with pytest.raises(yaml_source.YamlSyntaxError) as caught:
        yaml_source.load(billion_laughs())
    assert time.perf_counter() - started < 2
    assert (caught.value.line, caught.value.message) == (1, ANCHORS)


def test_a_billion_laughs_in_a_quiz_fence_stops_with_one_line_at_once(tmp_path):
    page = "# Bomb\n\n```quiz\n" + billion_laughs() + "\n```\n"
    started = time.perf_counter()
    with pytest.raises(WidgetBuildError) as caught:
        render_page(tmp_path, page)
    assert reading_time.estimate(page).questions == 0
    assert time.perf_counter() - started < 2
    assert str(caught.value) == f"docs/fuzz.md:5: lol-quiz: (yaml): {ANCHORS}"


VALUES = [
    ("a merge key is just a key", "x: 1\n<<: {a: 1}\n", {"x": 1, "<<": {"a": 1}}),
    ("a date is text", "x: 2024-01-01\n", {"x": "2024-01-01"}),
    ("an impossible date is text too", "x: 2024-13-45\n", {"x": "2024-13-45"}),
    ("= is text", "x: =\n", {"x": "="}),
    ("true stays a boolean", "x: true\ny: 3\n", {"x": True, "y": 3}),
]


@pytest.mark.parametrize(("body", "data"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_only_plain_data_types(body, data):
    assert yaml_source.load(body)[0] == data


BROKEN = [
    ("control character", "id: x\ntext: a\x07b\n", 1, "invalid YAML: the character U+0007 is not allowed; delete it"),
    ("nested too deeply", "id: x\nvalue: " + "[" * 40 + "]" * 40 + "\n", 1, "nested more than 32 levels deep"),
    (
        "number too long to read",
        "id: x\nvalue: " + "9" * 5000 + "\n",
        1,
        "invalid YAML: cannot read this value (Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit)",
    ),
    (
        "tab indentation",
        "id: x\nquestions:\n\t- a\n",
        2,
        "invalid YAML: found character '\\t' that cannot start any token",
    ),
]


@pytest.mark.parametrize(("body", "line", "message"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_unreadable_bodies_are_syntax_errors_with_a_line(body, line, message):
    with pytest.raises(yaml_source.YamlSyntaxError) as caught:
        yaml_source.load(body)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_duplicate_keys_are_refused_with_their_path():
    with pytest.raises(yaml_source.DuplicateKeyError) as caught:
        yaml_source.load("id: x\nquestions:\n  - id: q1\n    id: q2\n")
    assert (caught.value.path, caught.value.line) == ("questions[0].id", 3)


def test_a_body_naming_an_invalid_id_is_reported_without_it():
    assert yaml_source.top_level_id("id: m1-check\n: broken") == "m1-check"
    assert yaml_source.top_level_id("id: two words: broken") is None
