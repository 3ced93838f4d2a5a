"""Broken content stops both builders with one exact `file:line: id: path: problem` line."""

from pathlib import Path

import pytest

from tests.build.fixture_site import BUILDERS, Build, build, run_zensical_build
from tests.build.in_process import billion_laughs
from tests.build.test_golden import Elements

QUIZ = """\
```quiz
id: broken-check
questions:
  - id: q1
    kind: single
    prompt: Which reply helps the buyer decide?
    options:
      - text: A demo of our platform next week, with pricing
        correct: false
        feedback: That pushes your solution before they are ready.
      - text: How would you know it is time to change?
        correct: true
        feedback: That helps them find their own criteria.
```
"""
# The quiz body starts on line 2 of QUIZ; a page adds its own lines above it.
HEADER = "---\ntitle: Broken\n---\n\n# Broken\n\n"  # 6 lines, so the fence opens on line 7


def page(quiz: str) -> str:
    return HEADER + quiz


CASES = [
    (
        "yaml syntax error",
        {
            "broken.md": page(
                QUIZ.replace("    prompt: Which reply helps the buyer decide?", "    prompt: Which: reply: helps?")
            )
        },
        "docs/broken.md:12: broken-check: (yaml): invalid YAML: mapping values are not allowed here",
    ),
    (
        "unknown key with a suggestion",
        {"broken.md": page(QUIZ.replace("    options:", "    optons:"))},
        "docs/broken.md:13: broken-check: questions[0].optons: unknown key; did you mean 'options'?",
    ),
    (
        "missing feedback",
        {"broken.md": page(QUIZ.replace("        feedback: That pushes your solution before they are ready.\n", ""))},
        "docs/broken.md:14: broken-check: questions[0].options[0].feedback: is required",
    ),
    (
        "single choice with two correct options",
        {"broken.md": page(QUIZ.replace("correct: false", "correct: true"))},
        "docs/broken.md:13: broken-check: questions[0].options: "
        "a single-choice question needs exactly one correct option, found 2",
    ),
    (
        "single choice with no correct option",
        {"broken.md": page(QUIZ.replace("correct: true", "correct: false"))},
        "docs/broken.md:13: broken-check: questions[0].options: "
        "a single-choice question needs exactly one correct option, found 0",
    ),
    (
        "wrong type",
        {"broken.md": page(QUIZ.replace("correct: false", 'correct: "yes"'))},
        'docs/broken.md:15: broken-check: questions[0].options[0].correct: expected true or false, got the text "yes"',
    ),
    (
        "duplicate quiz id on another page",
        {"first.md": "# First\n\n" + QUIZ, "second.md": page(QUIZ)},
        # Whichever page is rendered first reports it: MkDocs goes in nav order, Zensical in parallel.
        (
            "docs/first.md:4: broken-check: id: duplicate widget id; also used at docs/second.md:7",
            "docs/second.md:8: broken-check: id: duplicate widget id; also used at docs/first.md:3",
        ),
    ),
    (
        "duplicate key",
        {"broken.md": page(QUIZ.replace("    kind: single\n", "    kind: single\n    kind: multiple\n"))},
        "docs/broken.md:12: broken-check: questions[0].kind: duplicate key; each key may appear only once",
    ),
    (
        "block Markdown where inline is expected",
        {
            "broken.md": page(
                QUIZ.replace(
                    "      - text: A demo of our platform next week, with pricing",
                    "      - text: '# A demo of our platform next week, with pricing'",
                )
            )
        },
        "docs/broken.md:14: broken-check: questions[0].options[0].text: "
        "must be inline Markdown: one paragraph, no lists, headings or blank lines",
    ),
    (
        "fence inside an admonition, with a tab-indented line",
        {
            "broken.md": "# Nested\n\n!!! note\n\n"
            + "".join(
                f"    {line}\n" if line else "\n" for line in QUIZ.replace("correct: false", "correct: 1").splitlines()
            ).replace("    id: broken-check", "\tid: broken-check")
        },
        "docs/broken.md:13: broken-check: questions[0].options[0].correct: expected true or false, got the number 1",
    ),
    (
        "anchor and alias",
        {
            "broken.md": page(
                QUIZ.replace(
                    "        feedback: That pushes your solution before they are ready.",
                    "        feedback: &push That pushes.",
                ).replace("        feedback: That helps them find their own criteria.", "        feedback: *push")
            )
        },
        "docs/broken.md:16: broken-check: (yaml): anchors and aliases (&name, *name) are not allowed in widget content",
    ),
    (
        "a tag that would construct a Python object",
        {"broken.md": page(QUIZ.replace("correct: false", "correct: !!python/object/apply:os.system [echo]"))},
        "docs/broken.md:15: broken-check: (yaml): "
        "tags such as !!python/object/apply:os.system are not allowed in widget content",
    ),
    (
        "a custom tag",
        {
            "broken.md": page(
                QUIZ.replace(
                    "      - text: A demo of our platform next week, with pricing",
                    "      - text: !demo A demo of our platform next week, with pricing",
                )
            )
        },
        "docs/broken.md:14: broken-check: (yaml): tags such as !demo are not allowed in widget content",
    ),
    (
        "a billion laughs",
        {"broken.md": page("```quiz\n" + billion_laughs("broken-check") + "\n```\n")},
        "docs/broken.md:9: broken-check: (yaml): anchors and aliases (&name, *name) are not allowed in widget content",
    ),
    (
        "raw HTML is text, but an event handler through attr_list is refused",
        {
            "broken.md": page(
                QUIZ.replace(
                    "      - text: A demo of our platform next week, with pricing",
                    "      - text: '*A demo of our platform next week, with pricing*{ onclick=\"go()\" }'",
                )
            )
        },
        "docs/broken.md:14: broken-check: questions[0].options[0].text: "
        'the attribute "onclick" is not allowed: widget text cannot run script',
    ),
    (
        "a javascript: link",
        {
            "broken.md": page(
                QUIZ.replace(
                    "feedback: That pushes your solution before they are ready.",
                    "feedback: '[Why this pushes too early](javascript:go())'",
                )
            )
        },
        "docs/broken.md:16: broken-check: questions[0].options[0].feedback: "
        'the attribute "href" may not hold a script URL: widget text cannot run script',
    ),
    (
        "options on the fence line",
        {"broken.md": page(QUIZ.replace("```quiz", '```quiz shuffle="true"'))},
        "docs/broken.md: ```quiz fence: takes no options after its name (got shuffle); put everything in the YAML body",
    ),
]


# A module page (one with `covers:`) gets a reading time, estimated from its fences before they
# render: the estimate must let each fence report its own error, never raise one of its own.
MODULE_HEADER = (
    "---\ntitle: Broken module\ndescription: A module page shows its reading time.\ncovers: [1]\n---\n\n"
    "# Broken module\n\n"
)  # 8 lines, so the fence opens on line 9


def module(fence: str) -> str:
    return MODULE_HEADER + fence


CASES += [
    (
        "module page: a tab that YAML cannot read",
        {"broken.md": module(QUIZ.replace("    kind: single", "\t  kind: single"))},
        "docs/broken.md:13: broken-check: (yaml): invalid YAML: mapping values are not allowed here",
    ),
    (
        "module page: duplicate key",
        {"broken.md": module(QUIZ.replace("    kind: single\n", "    kind: single\n    kind: multiple\n"))},
        "docs/broken.md:14: broken-check: questions[0].kind: duplicate key; each key may appear only once",
    ),
    (
        "module page: a billion laughs",
        {"broken.md": module("```quiz\n" + billion_laughs("broken-check") + "\n```\n")},
        "docs/broken.md:11: broken-check: (yaml): anchors and aliases (&name, *name) are not allowed in widget content",
    ),
    (
        "module page: a tag",
        {"broken.md": module(QUIZ.replace("correct: false", "correct: !!python/object/apply:os.system [echo]"))},
        "docs/broken.md:17: broken-check: (yaml): "
        "tags such as !!python/object/apply:os.system are not allowed in widget content",
    ),
    (
        "module page: questions is not a list",
        {"broken.md": module("```quiz\nid: broken-check\nquestions: 5\n```\n")},
        "docs/broken.md:11: broken-check: questions: expected a list, got the number 5",
    ),
]


@pytest.fixture(params=BUILDERS)
def builder(request: pytest.FixtureRequest) -> str:
    """Every broken site is built by both builders; each must stop with the same line."""
    return request.param


def assert_stops_with(result: Build, message: str | tuple[str, ...]) -> None:
    """The build failed, and told the author exactly `message` (or one of them), with no traceback."""
    accepted = message if isinstance(message, tuple) else (message,)
    assert result.returncode != 0
    assert [line for line in result.errors if line in accepted], result.stderr
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize(("pages", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_broken_quiz_stops_the_build_with_an_exact_message(tmp_path, pages, message, builder):
    assert_stops_with(build(tmp_path, pages, builder), message)


def test_module_page_with_a_tab_indented_quiz_builds_and_counts_its_questions(tmp_path, builder):
    # Python-Markdown expands tabs before the fence reads its body; the estimate reads the same.
    result = build(tmp_path, {"module.md": module(QUIZ.replace("\n    ", "\n\t"))}, builder)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "module" / "index.html").read_text(encoding="utf-8")
    assert 'id="broken-check"' in html
    assert '<p class="course-reading-time">About 1 minute to read, plus a knowledge check of 1 question.</p>' in html


def test_a_quiz_with_raw_html_in_its_text_builds_and_shows_it_as_text(tmp_path, builder):
    quiz = (Path(__file__).parent / "golden" / "quiz-raw-html.md").read_text(encoding="utf-8")
    result = build(tmp_path, {"index.md": quiz}, builder)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    widget = html[html.index('id="golden-raw-html"') : html.index('role="status"', html.index('id="golden-raw-html"'))]
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; run? And &lt;img src=x onerror=alert(1)&gt;?" in widget
    elements = Elements()
    elements.feed(widget)
    assert [tag for tag, _ in elements.tags if tag in ("img", "script")] == ["script"]  # the JSON payload
    assert not [name for _, attrs in elements.tags for name in attrs if name.startswith("on")]


def test_missing_runtime_says_what_to_run(tmp_path, builder):
    result = build(tmp_path, {"index.md": "# Home\n"}, builder, with_runtime=False)
    assert result.returncode != 0
    assert (
        f"The Pyodide runtime is missing ({tmp_path / 'node_modules/pyodide/pyodide.mjs'} not found). "
        "Run `npm ci` in the project folder (./scripts/serve.sh does it for you), then build again."
    ) in result.stderr


def test_valid_fixture_site_builds(tmp_path, builder):
    result = build(tmp_path, {"index.md": page(QUIZ)}, builder)
    assert result.returncode == 0, result.stderr
    assert 'id="broken-check"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


STAGE_MAP = """\
```stage-map
id: broken-map
cards:
  - id: c1
    text: IT will patch it first.
    stage: internal-fixes
    explanation: A familiar fix comes first.
    replies:
      - text: Our product is better.
        facilitative: false
        feedback: Runs down their fix.
      - text: How will you judge the patch?
        facilitative: true
        feedback: Their own test.
      - text: Who will sign off on the purchase?
        facilitative: true
        stage: choosing
        feedback: Sign-off comes much later.
  - id: c2
    text: Nobody owns it now.
    stage: integrating
    explanation: Adoption needs an owner.
    replies:
      - text: Shall I send the upgrade pricing?
        facilitative: false
        feedback: Upselling before it has settled.
      - text: Who will own the new way of working?
        facilitative: true
        feedback: Ownership makes it hold.
      - text: Who else does the change touch?
        facilitative: true
        stage: aligning
        feedback: That question belongs earlier.
```
"""

SELF_ASSESSMENT = """\
```self-assessment
id: broken-profile
scale:
  labels: [Never, Sometimes, Always]
dimensions:
  - id: start
    name: Where I start
    bands:
      - range: [0, 49]
        label: Push
        text: You start from the product.
      - range: [50, 100]
        label: Facilitate
        text: You start from their system.
overall:
  - range: [0, 100]
    label: Position
    text: On the line.
items:
  - id: s1
    statement: I ask what they tried.
    dimension: start
    direction: facilitate
  - id: s2
    statement: I create urgency.
    dimension: start
    direction: push
```
"""

WIDGET_CASES = [
    (
        "stage map: unknown stage",
        page(STAGE_MAP.replace("stage: integrating", "stage: integration")),
        "docs/broken.md:27: broken-map: cards[1].stage: unknown stage 'integration'; the stages are: stable-enough, "
        "noticing-a-gap, internal-fixes, aligning, weighing-disruption, criteria-and-budget, choosing, integrating",
    ),
    (
        "stage map: duplicate card id",
        page(STAGE_MAP.replace("  - id: c2", "  - id: c1")),
        'docs/broken.md:25: broken-map: cards[1].id: duplicate card id "c1"; already used at cards[0].id',
    ),
    (
        "stage map: missing explanation",
        page(STAGE_MAP.replace("    explanation: Adoption needs an owner.\n", "")),
        "docs/broken.md:25: broken-map: cards[1].explanation: is required",
    ),
    (
        "stage map: replies without a facilitative one",
        page(
            STAGE_MAP.replace(
                "facilitative: true\n        feedback: Their own test.",
                "facilitative: false\n        feedback: Their own test.",
            )
        ),
        "docs/broken.md:14: broken-map: cards[0].replies: "
        "needs exactly one facilitative reply for this card's stage (facilitative: true, no stage), found 0",
    ),
    (
        "stage map: no reply for another stage",
        page(
            STAGE_MAP.replace("        facilitative: true\n        stage: choosing\n", "        facilitative: false\n")
        ),
        "docs/broken.md:14: broken-map: cards[0].replies: needs a facilitative reply that fits another stage "
        "(facilitative: true with stage: <id>), so the exercise tests the stage and not only the tone",
    ),
    (
        "self-assessment: unknown dimension",
        page(
            SELF_ASSESSMENT.replace(
                "    dimension: start\n    direction: push", "    dimension: starts\n    direction: push"
            )
        ),
        "docs/broken.md:32: broken-profile: items[1].dimension: must be 'start', got 'starts' (did you mean 'start'?)",
    ),
    (
        "self-assessment: dimension with one item",
        page(
            SELF_ASSESSMENT.replace(
                "  - id: s2\n    statement: I create urgency.\n    dimension: start\n    direction: push\n", ""
            )
        ),
        "docs/broken.md:12: broken-profile: dimensions[0].id: "
        'dimension "start" has 1 item; a dimension needs at least 2',
    ),
    (
        "self-assessment: overlapping bands",
        page(SELF_ASSESSMENT.replace("range: [50, 100]", "range: [45, 100]")),
        "docs/broken.md:18: broken-profile: dimensions[0].bands[1].range: overlaps the band before it (0-49)",
    ),
    (
        "self-assessment: bands with a gap",
        page(SELF_ASSESSMENT.replace("range: [50, 100]", "range: [55, 100]")),
        "docs/broken.md:18: broken-profile: dimensions[0].bands[1].range: "
        "leaves a gap after the band before it: scores 50-54 have no band",
    ),
    (
        "room: a misspelt key",
        page("```room\nid: room\ntitel: Monday\n```\n"),
        "docs/broken.md:9: room: titel: unknown key; did you mean 'title'?",
    ),
    (
        "room: no id",
        page("```room\ntitle: Monday\n```\n"),
        "docs/broken.md:8: (no id): id: is required",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in WIDGET_CASES], ids=[case[0] for case in WIDGET_CASES]
)
def test_broken_exercise_or_profile_stops_the_build(tmp_path, text, message, builder):
    assert_stops_with(build(tmp_path, {"broken.md": text}, builder), message)


def test_stage_reference_takes_no_body(tmp_path, builder):
    result = build(tmp_path, {"broken.md": "# Stages\n\n```stage-reference\nstages: [1]\n```\n"}, builder)
    assert_stops_with(
        result, "docs/broken.md: ```stage-reference fence: takes no body; the stages live in course/stage_model.py"
    )


def test_a_duplicate_id_made_between_two_incremental_zensical_builds_still_stops_the_second(tmp_path):
    other = page(QUIZ.replace("id: broken-check", "id: other-check"))
    assert build(tmp_path, {"a.md": page(QUIZ), "b.md": other}, "zensical").returncode == 0
    # Only b.md changes, so Zensical renders only b.md again; a.md comes from its cache.
    (tmp_path / "docs" / "b.md").write_text(page(QUIZ), encoding="utf-8")
    second = run_zensical_build(tmp_path / "mkdocs.yml")
    assert second.returncode != 0
    message = "docs/b.md:8: broken-check: id: duplicate widget id; also used at docs/a.md:7"
    assert message in second.stderr.splitlines(), second.stderr
