"""The trainer-only keys (discuss, confusions, debrief) stop both builders with one exact line when wrong."""

from __future__ import annotations

import pytest

from tests.build.fixture_site import build
from tests.build.test_broken_sites import QUIZ, SELF_ASSESSMENT, STAGE_MAP, assert_stops_with, builder, page

__all__ = ["builder"]  # the fixture: every case runs under MkDocs and Zensical

CONFUSION = "confusions:\n  - between: [internal-fixes, internal-fixes]\n    why: Both involve a fix.\n    say: Ask.\n"

CASES = [
    (
        "quiz: a discussion prompt that is not text",
        page(QUIZ.replace("questions:\n", "discuss:\n  - What next?\n  - 5\nquestions:\n", 1)),
        "docs/broken.md:11: broken-check: discuss[1]: expected text, got the number 5",
    ),
    (
        "quiz: discuss is not a list",
        page(QUIZ.replace("questions:\n", "discuss: Talk it over.\nquestions:\n", 1)),
        'docs/broken.md:9: broken-check: discuss: expected a list, got the text "Talk it over."',
    ),
    (
        "stage map: a confusion between a stage and itself",
        page(STAGE_MAP.replace("cards:\n", CONFUSION + "cards:\n", 1)),
        "docs/broken.md:10: broken-map: confusions[0].between: "
        "names 'internal-fixes' twice; a confusion is between two different stages",
    ),
    (
        "stage map: a confusion without what to say",
        page(STAGE_MAP.replace("cards:\n", CONFUSION.replace("    say: Ask.\n", "") + "cards:\n", 1)),
        "docs/broken.md:10: broken-map: confusions[0].say: is required",
    ),
    (
        "stage map: a confusion with an unknown stage",
        page(STAGE_MAP.replace("cards:\n", CONFUSION.replace("internal-fixes]", "fixes]") + "cards:\n", 1)),
        "docs/broken.md:10: broken-map: confusions[0].between[1]: unknown stage 'fixes'; the stages are: "
        "stable-enough, noticing-a-gap, internal-fixes, aligning, weighing-disruption, criteria-and-budget, "
        "choosing, integrating",
    ),
    (
        "self-assessment: an empty debrief note",
        page(SELF_ASSESSMENT.replace("scale:\n", "debrief:\n  - ''\nscale:\n", 1)),
        "docs/broken.md:10: broken-profile: debrief[0]: must not be empty",
    ),
]


@pytest.mark.parametrize(("text", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_a_broken_trainer_key_stops_the_build_with_an_exact_message(tmp_path, text, message, builder):
    assert_stops_with(build(tmp_path, {"broken.md": text}, builder), message)


def test_valid_trainer_keys_build_and_reach_the_guide_but_not_the_widget(tmp_path, builder):
    text = page(QUIZ.replace("questions:\n", "discuss:\n  - Which reply would your team give first?\nquestions:\n", 1))
    result = build(tmp_path, {"index.md": text}, builder)
    assert result.returncode == 0, result.stderr
    guide = (tmp_path / "site" / "facilitator" / "guide" / "home" / "index.html").read_text(encoding="utf-8")
    assert "Which reply would your team give first?" in guide
    widget = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    # Only in the JSON payload, which round-trips the content; never in what the page shows.
    assert widget.count("Which reply would your team give first?") == 1
