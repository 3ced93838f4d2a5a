"""The self-assessment in Chromium: keyboard-only, chart and table from Python, kept, retaken with change."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from course import parse_self_assessment, profile
from tests.browser.controllers import SelfAssessmentWidget

PAGE = "/self-assessment/"


def ratings(content: dict, shift: int = 0) -> dict[str, int]:
    """A varied, deterministic set of ratings."""
    top = len(content["scale"]["labels"]) - 1
    return {item["id"]: (index * 3 + shift) % (top + 1) for index, item in enumerate(content["items"])}


def test_complete_with_the_keyboard_only_and_see_chart_and_table(page: Page, problems):
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    content = assessment.content
    answers = ratings(content)
    assessment.root.locator("input[type=radio]").first.focus()
    for item in content["items"]:
        point = answers[item["id"]]
        if point == 0:
            page.keyboard.press("Space")
        for _ in range(point):
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
    expect(assessment.root.get_by_role("button", name="Show my profile")).to_be_focused()
    page.keyboard.press("Enter")

    expected = profile(parse_self_assessment(content), answers)
    assessment.expect_status(expected["summary"])
    table = assessment.table()
    for row in [*expected["dimensions"], expected["overall"]]:
        assert table[row["id"]][:3] == [row["name"], str(row["score"]), row["label"]]
    expect(assessment.chart_rows()).to_have_count(len(expected["dimensions"]) + 1)
    bar = assessment.root.locator('svg [data-dimension="overall"] .course-chart__bar')
    expect(bar).to_be_visible()
    for item_id, point in answers.items():
        assert assessment.rating(item_id) == point


def test_profile_is_kept_and_a_retake_shows_the_change(page: Page, problems):
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    content = assessment.content
    first = ratings(content)
    for item_id, point in first.items():
        assessment.rate(item_id, point)
    assessment.show_profile()
    before = profile(parse_self_assessment(content), first)
    assessment.expect_status(before["summary"])

    page.reload()
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    assessment.expect_status("")
    assert assessment.table()["overall"][1] == str(before["overall"]["score"])
    assert all(assessment.rating(item_id) == point for item_id, point in first.items())

    assessment.retake()
    assert all(assessment.rating(item_id) is None for item_id in first)
    second = ratings(content, shift=2)
    for item_id, point in second.items():
        assessment.rate(item_id, point)
    assessment.show_profile()
    after = profile(parse_self_assessment(content), second, before["scores"])
    assessment.expect_status(after["summary"])
    table = assessment.table()
    for row in [*after["dimensions"], after["overall"]]:
        delta = row["delta"]
        expected = "no change" if delta == 0 else f"{delta:+d} (more {'facilitating' if delta > 0 else 'pushing'})"
        assert table[row["id"]][3] == expected
    expect(assessment.root.locator("svg .course-chart__previous")).to_have_count(len(after["dimensions"]) + 1)


def test_clear_my_answers_forgets_everything(page: Page, problems):
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    for item_id, point in ratings(assessment.content).items():
        assessment.rate(item_id, point)
    assessment.show_profile()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()
    assessment.clear()
    assessment.expect_status("Your answers and profiles have been forgotten on this device.")
    page.reload()
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_hidden()
    assert all(assessment.rating(item["id"]) is None for item in assessment.content["items"])
    key = "course-site:v1:self-assessment:" + assessment.root.get_attribute("id")
    assert page.evaluate("key => localStorage.getItem(key)", key) is None


def test_without_javascript_it_is_a_printable_questionnaire_with_its_scoring_rules(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page)
    expect(assessment.root.locator("fieldset").first.get_by_role("radio")).to_have_count(
        len(assessment.content["scale"]["labels"])
    )
    # The scoring key is open, to score by hand (print leaves it off the worksheet: test_print.py).
    expect(assessment.root.locator(".course-self-assessment__key")).to_have_attribute("open", "")
    expect(assessment.root.get_by_text("Statements:").first).to_be_visible()
    expect(assessment.root.locator(".course-self-assessment__key")).to_contain_text("reversed")
    expect(assessment.root.get_by_role("button")).to_have_count(0)
    context.close()


def test_corrupt_saved_profile_is_set_aside(page: Page, problems):
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page)
    key = "course-site:v1:self-assessment:" + assessment.root.get_attribute("id")
    page.evaluate("key => localStorage.setItem(key, JSON.stringify({answers: 'all', result: 7}))", key)
    page.reload()
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    assert page.evaluate("key => localStorage.getItem(key + ':set-aside')", key) is not None
    first = assessment.content["items"][0]["id"]
    assessment.rate(first, 1).show_profile()
    expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()


def test_with_javascript_the_scoring_key_starts_closed_and_prints_open(page: Page, problems):
    page.add_init_script(
        "window.__keyOpenWhenPrinted = []; addEventListener('afterprint', () => "
        "window.__keyOpenWhenPrinted.push(document.querySelector('[data-role=\"key\"]').open));"
    )
    page.goto(PAGE)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    key = assessment.root.locator('[data-role="key"]')
    expect(key).not_to_have_attribute("open", "")
    page.pdf()
    expect(key).not_to_have_attribute("open", "")

    # Opened by the learner, it stays open after printing.
    key.locator("summary").click()
    expect(key).to_have_attribute("open", "")
    page.pdf()
    expect(key).to_have_attribute("open", "")
    assert page.evaluate("window.__keyOpenWhenPrinted") == [True, True]
