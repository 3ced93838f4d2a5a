"""The course as a whole: every idea covered, every module complete, checks well made, claims honest."""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest

from course import parse_self_assessment, parse_stage_map
from course.stage_model import STAGE_IDS, STAGES
from tests.build.course_sources import DOCS, MODULES, Source, all_sources
from widgets.build.reading_time import estimate

IDEAS = set(range(1, 9))  # the eight ideas of the source post (content brief, section 0)
MODULE_SECTIONS = ["What you'll be able to do", "Worked example", "Knowledge check", "Reflect", "Key takeaways"]
REFERENCE_LINK = re.compile(r"\]\((?:\.\./)?references\.md#[\w-]+\)")


@pytest.fixture(scope="module")
def modules() -> list[Source]:
    return [Source.read(path) for path in MODULES]


def test_there_are_at_least_seven_modules_and_together_they_cover_all_eight_ideas(modules):
    assert len(modules) >= 7
    covered: set[int] = set()
    for module in modules:
        covers = module.meta.get("covers")
        assert isinstance(covers, list) and covers and set(covers) <= IDEAS, module.path.name
        covered |= set(covers)
    assert covered == IDEAS, f"ideas not covered by any module: {sorted(IDEAS - covered)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_each_module_has_every_part_a_learner_expects(path: Path):
    module = Source.read(path)
    headings = module.headings()
    positions = [headings.index(section) for section in MODULE_SECTIONS]
    assert positions == sorted(positions), f"sections out of order: {headings}"
    objectives = [line for line in module.section("What you'll be able to do").splitlines() if line.startswith("- ")]
    assert len(objectives) >= 3
    explanation = "\n".join(
        module.section(h) for h in headings[headings.index(MODULE_SECTIONS[0]) + 1 : headings.index("Worked example")]
    )
    words = estimate(explanation).words
    assert 800 <= words <= 1800, f"{words} words of explanation"
    assert len([line for line in module.section("Reflect").splitlines() if line.startswith("- ")]) >= 3
    assert len([line for line in module.section("Key takeaways").splitlines() if line.startswith("- ")]) >= 3
    quizzes = module.quizzes()
    assert len(quizzes) == 1 and len(quizzes[0].questions) >= 5


def test_home_page_links_every_module_with_its_estimated_time(modules):
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    for module in modules:
        link = f"](modules/{module.path.name})"
        row = next((line for line in home.splitlines() if link in line and line.startswith("|")), None)
        assert row is not None, f"the course map does not link {module.path.name}"
        minutes = estimate(module.markdown).total_minutes
        assert f"| about {minutes} min |" in row, f"{module.path.name}: the course map should say about {minutes} min"
    # The whole course as the map adds it up, never a round promise ("under two hours") the text can outgrow.
    total = sum(estimate(module.markdown).total_minutes for module in modules)
    assert f"The times in the map add up to about {total} minutes." in home


def all_quizzes():
    return [(source.path.relative_to(DOCS).as_posix(), quiz) for source in all_sources() for quiz in source.quizzes()]


def test_quiz_and_question_ids_are_unique_and_every_option_explains_itself():
    ids = [quiz.id for _, quiz in all_quizzes()]
    assert len(ids) == len(set(ids))
    for page, quiz in all_quizzes():
        for question in quiz.questions:
            assert all(option.feedback.strip() for option in question.options), (page, question.id)


def test_no_question_repeats_another_questions_prompt():
    prompts = collections.Counter(
        re.sub(r"\W+", " ", question.prompt).strip().lower() for _, quiz in all_quizzes() for question in quiz.questions
    )
    assert [prompt for prompt, count in prompts.items() if count > 1] == []


def test_correct_answers_are_spread_over_positions():
    positions = collections.Counter(
        min(question.correct_options)
        for _, quiz in all_quizzes()
        for question in quiz.questions
        if question.kind == "single"
    )
    total = sum(positions.values())
    assert total >= 20
    assert max(positions.values()) <= total / 2, f"correct option positions: {dict(positions)}"


def test_every_figure_with_a_percentage_links_to_the_references_page():
    for source in all_sources():
        for block in source.blocks():
            if "%" in block:
                assert REFERENCE_LINK.search(block), f"{source.path.name}: {block[:120]}"
        for quiz in source.quizzes():
            for question in quiz.questions:
                texts = [question.prompt] + [o.text for o in question.options] + [o.feedback for o in question.options]
                if any("%" in text for text in texts):
                    assert REFERENCE_LINK.search(question.prompt), (
                        f"{quiz.id}.{question.id}: the prompt needs the reference"
                    )


def test_the_authors_own_figures_are_presented_as_her_claims():
    claims = re.compile(r"90\s*%|90[–-]95\s*%|three weeks|27 visits|25 sales", re.IGNORECASE)
    for source in all_sources():
        for block in source.blocks():
            # A worked example's "push version" oversells on purpose, to show what not to do.
            deliberate_bad_example = block.startswith(("!!!", "???")) and "push" in block.splitlines()[0].lower()
            if claims.search(block) and source.path.name != "references.md" and not deliberate_bad_example:
                assert re.search(
                    r"claim|anecdote|says|reports|according to|describes|her account|story", block, re.IGNORECASE
                ), f"{source.path.name}: present this as Morgen's own claim: {block[:160]}"


def test_the_trademark_appears_only_on_the_about_page(built_site):
    pattern = re.compile(r"buying\s+facilitation", re.IGNORECASE)
    for source in all_sources():
        if source.path.name != "about.md":
            assert not pattern.search(source.path.read_text(encoding="utf-8")), source.path.name
    for page in built_site.rglob("*.html"):
        if page.parent.name != "about":
            assert not pattern.search(page.read_text(encoding="utf-8")), page
    assert pattern.search((DOCS / "about.md").read_text(encoding="utf-8")), "the About page should explain the name"


def test_module_pages_show_their_reading_time(built_site, modules):
    for module in modules:
        html = (built_site / "modules" / module.path.stem / "index.html").read_text(encoding="utf-8")
        assert f'<p class="course-reading-time">{estimate(module.markdown).sentence()}</p>' in html


def widget_payloads(html: str, kind: str) -> list[dict]:
    pattern = (
        rf'<div class="course-widget [^"]*" data-widget="{kind}" id="([^"]+)" data-status="loading">\s*'
        r'<script type="application/json" class="course-widget__data">(.*?)</script>'
    )
    return [json.loads(payload) for _, payload in re.findall(pattern, html, re.DOTALL)]


def test_the_stage_model_page_has_the_reference_and_a_full_exercise(built_site):
    html = (built_site / "modules" / "04-the-buyers-route" / "index.html").read_text(encoding="utf-8")
    for stage in STAGES:
        assert f'<section class="course-stage" id="stage-{stage.id}">' in html
        assert f'data-stage="{stage.id}"' in html  # a board column for the exercise
    (payload,) = widget_payloads(html, "stage-map")
    stage_map = parse_stage_map(payload)
    per_stage = collections.Counter(card.stage for card in stage_map.cards)
    assert len(stage_map.cards) >= 16
    assert set(per_stage) == set(STAGE_IDS) and min(per_stage.values()) >= 2, per_stage
    assert sum(1 for card in stage_map.cards if card.replies) >= 8


def test_stage_text_lives_only_in_the_stage_model():
    """The page must not repeat the stages by hand: change course/stage_model.py and both views follow."""
    page = (DOCS / "modules" / "04-the-buyers-route.md").read_text(encoding="utf-8")
    for stage in STAGES:
        assert stage.facilitative_move not in page and stage.push_mistake not in page, stage.id


def test_the_self_assessment_page_is_complete_and_linked_from_home(built_site):
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    assert "](self-assessment.md)" in home
    html = (built_site / "self-assessment" / "index.html").read_text(encoding="utf-8")
    (payload,) = widget_payloads(html, "self-assessment")
    assessment = parse_self_assessment(payload)
    assert len(assessment.items) >= 12 and len(assessment.dimensions) >= 4
    assert "not a validated" in html
