"""A broken question coach stops both builders with one exact `file:line: id: path: problem` line."""

from __future__ import annotations

import pytest

from tests.build.fixture_site import BUILDERS, build
from tests.build.test_broken_sites import assert_stops_with, page

COACH = """\
```question-coach
id: broken-coach
situations:
  - id: pricing
    context: Tomás asks for a price list before anything else.
    models:
      - What would the price help you decide at this stage?
      - Who else would need to see it before anything changed?
    cues: [price, who else]
  - id: peak
    context: Gary says nothing can change during peak season.
    models:
      - What would your team need protected if anything changed after peak season?
      - How would you know a change was safe enough to try?
```
"""
# The fence opens on line 7 of the page (see `page`), so its body starts on line 8.

CASES = [
    (
        "a model question the coach would not pass",
        COACH.replace(
            "      - Who else would need to see it before anything changed?",
            "      - Can I show you a quick demo of our platform?",
        ),
        "docs/broken.md:14: broken-coach: situations[0].models[1]: model questions must pass the coach, but this "
        "one gets \u201cProblem\u201d on \u201cOpen or closed\u201d: It opens with \u201cCan I\u2026\u201d, which "
        "invites a yes or a no and ends the conversation there. Try starting with \u201cWhat\u201d or \u201cHow\u201d.",
    ),
    (
        "a model question with a pitch word",
        COACH.replace(
            "How would you know a change was safe enough to try?",
            "What would a discount after peak season change for your team?",
        ),
        "docs/broken.md:20: broken-coach: situations[1].models[1]: model questions must pass the coach, but this "
        "one gets \u201cProblem\u201d on \u201cPitch words\u201d: It has pitch words (\u201cdiscount\u201d): the "
        "buyer hears a sales move, and the question turns into something to fend off.",
    ),
    (
        "only one model question",
        COACH.replace("      - How would you know a change was safe enough to try?\n", ""),
        "docs/broken.md:18: broken-coach: situations[1].models: needs at least 2 model questions, got 1",
    ),
    (
        "unknown key with a suggestion",
        COACH.replace("    cues: [price, who else]", "    cue: [price, who else]"),
        "docs/broken.md:15: broken-coach: situations[0].cue: unknown key; did you mean 'cues'?",
    ),
    (
        "duplicate situation id",
        COACH.replace("  - id: peak", "  - id: pricing"),
        'docs/broken.md:16: broken-coach: situations[1].id: duplicate situation id "pricing"; '
        "already used at situations[0].id",
    ),
    (
        "a cue the coach cannot look for",
        COACH.replace("[price, who else]", "[price, of the]"),
        'docs/broken.md:15: broken-coach: situations[0].cues[1]: "of the" has no word the coach could look for; '
        'name a thing, such as "peak season"',
    ),
]


@pytest.fixture(params=BUILDERS)
def builder(request: pytest.FixtureRequest) -> str:
    """Each broken coach is built by both builders; each must stop with the same line."""
    return request.param


@pytest.mark.parametrize(("fence", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_broken_question_coach_stops_the_build_with_an_exact_message(tmp_path, fence, message, builder):
    assert_stops_with(build(tmp_path, {"broken.md": page(fence)}, builder), message)


def test_the_valid_coach_builds_with_its_boxes_and_model_questions(tmp_path, builder):
    result = build(tmp_path, {"index.md": page(COACH)}, builder)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-widget="question-coach" id="broken-coach"' in html
    assert html.count("<textarea") == 2 and html.count('class="course-question-coach__models"') == 2
