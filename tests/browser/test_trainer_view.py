"""The trainer view (`?reveal=1`) and the printable answer key, in Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import MODULE_1, MODULE_4, SELF_ASSESSMENT, scan, wait_for_widgets
from tests.build.course_sources import DOCS
from tests.build.test_trainer_pages import words_of
from widgets.build import trainer_pages

KEY = '[data-role="answer-key"]'
WIDGET_PAGES = [MODULE_1, MODULE_4, SELF_ASSESSMENT, "/modules/05-facilitating-the-decision/"]
COURSE_PAGES = {page.slug: page for page in trainer_pages.source_pages(DOCS)}


@pytest.mark.parametrize("path", WIDGET_PAGES)
def test_reveal_shows_a_key_inside_every_widget_and_without_it_every_key_is_hidden(page: Page, problems, path):
    page.goto(path)
    widgets = page.locator(".course-widget")
    assert widgets.count() >= 1
    wait_for_widgets(page)
    for index in range(widgets.count()):
        expect(widgets.nth(index).locator(KEY)).to_be_hidden()
    # Hidden means out of the accessibility tree too: no heading of a key is announced.
    assert page.get_by_role("heading", name="Answer key:").count() == 0
    page.goto(f"{path}?reveal=1")
    wait_for_widgets(page)
    for index in range(widgets.count()):
        widget = widgets.nth(index)
        key = widget.locator(KEY)
        expect(key).to_have_count(1)
        expect(key).to_be_visible()
        expect(key.get_by_role("heading")).to_have_text(f"Answer key: {widget.locator('h3').first.inner_text()}")
    assert page.get_by_role("heading", name="Answer key:").count() == widgets.count()


def test_the_revealed_quiz_key_names_every_correct_option_after_the_options_are_shuffled(page: Page, problems):
    page.goto(f"{MODULE_1}?reveal=1")
    wait_for_widgets(page)
    (quiz,) = COURSE_PAGES["01-right-solution-wrong-time"].of_kind("quiz")
    key = page.locator(f"#{quiz.id} {KEY}")
    for question in quiz.questions:
        item = key.locator(f'[data-key-item="{question.id}"]')
        answers = " ".join(item.locator("li.course-key__answer").all_inner_texts())
        for option in question.options:
            assert (words_of(option.text) in answers) == option.correct, (question.id, option.text)


def test_the_revealed_stage_map_key_gives_each_card_its_stage(page: Page, problems):
    page.goto(f"{MODULE_4}?reveal=1")
    wait_for_widgets(page)
    (stage_map,) = COURSE_PAGES["04-the-buyers-route"].of_kind("stage-map")
    key = page.locator(f"#{stage_map.id} {KEY}")
    for card in stage_map.cards:
        answers = key.locator(f'[data-key-item="{card.id}"] li.course-key__answer').first
        expect(answers).to_contain_text(f": {trainer_pages.BY_ID[card.stage].name}")


@pytest.mark.parametrize("path", [MODULE_1, MODULE_4, SELF_ASSESSMENT])
def test_axe_finds_nothing_with_the_keys_revealed_in_light_and_dark(page: Page, problems, path):
    page.goto(f"{path}?reveal=1")
    wait_for_widgets(page)
    expect(page.locator(KEY).first).to_be_visible()
    assert scan(page, f"{path}?reveal=1") == []


def test_a_printed_page_leaves_the_keys_out_even_in_the_trainer_view(page: Page, problems):
    page.goto(f"{MODULE_4}?reveal=1")
    wait_for_widgets(page)
    expect(page.locator(KEY).first).to_be_visible()
    page.emulate_media(media="print")
    for index in range(page.locator(KEY).count()):
        expect(page.locator(KEY).nth(index)).to_be_hidden()
    assert "Answer key:" not in pdf_text(page)


def pdf_text(page: Page) -> str:
    """The page printed to A4 by Chromium, read back by pdftotext, with whitespace collapsed."""
    # A local helper until the print branch's shared one is merged.
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (apt-get install poppler-utils)")
    pdf = page.pdf(format="A4")
    result = subprocess.run([pdftotext, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


@pytest.mark.parametrize("slug", ["01-right-solution-wrong-time", "04-the-buyers-route", "self-assessment"])
def test_the_key_page_prints_every_answer_and_no_site_chrome(page: Page, problems, built_site: Path, slug):
    page.goto(f"/facilitator/keys/{slug}/")
    text = pdf_text(page)
    source = COURSE_PAGES[slug]
    assert f"Answer key: {source.title}" in text
    expected = []
    for quiz in source.of_kind("quiz"):
        for question in quiz.questions:
            expected += [words_of(o.text) for o in question.options if o.correct]
    for stage_map in source.of_kind("stage-map"):
        for number, card in enumerate(stage_map.cards, start=1):
            stage = trainer_pages.BY_ID[card.stage]
            expected += [f"Card {number}", f"Stage {stage.number}: {stage.name}"]
    for assessment in source.of_kind("self-assessment"):
        expected += [words_of(dimension.name) for dimension in assessment.dimensions]
    for coach in source.of_kind("question-coach"):
        expected += [words_of(model) for situation in coach.situations for model in situation.models]
    assert expected
    missing = [answer for answer in expected if answer not in text]
    assert not missing, missing
    # Printed on its own: no navigation, search or footer from the site around it.
    for chrome in ("Skip to content", "Table of contents", "About this course", "Made with"):
        assert chrome not in text, chrome


def test_without_javascript_the_keys_stay_hidden_even_with_reveal(browser, base_url: str):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}{MODULE_4}?reveal=1")
        keys = page.locator(KEY)
        assert keys.count() == page.locator(".course-widget").count() >= 1
        for index in range(keys.count()):
            expect(keys.nth(index)).to_be_hidden()
    finally:
        context.close()
