"""WCAG 2.2 AA as axe-core checks it: every page in both colour schemes, every widget state, no JS."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course import grade_quiz, grade_stage_map, parse_quiz, parse_self_assessment, parse_stage_map, profile
from course.question_coach import coach, parse_question_coach
from course.stage_model import BY_ID, STAGES
from tests.browser.coach_site import PATH, coach_site_url
from tests.browser.conftest import DROP, RECORD_VIOLATIONS, HostFaults, violations
from tests.browser.controllers import (
    READY_TIMEOUT_MS,
    QuestionCoachWidget,
    QuizWidget,
    SelfAssessmentWidget,
    StageMapWidget,
)

AXE_SOURCE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text(
    encoding="utf-8"
)
MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_4 = "/modules/04-the-buyers-route/"
SELF_ASSESSMENT = "/self-assessment/"
# The widget tests below scan these pages whole, fresh, in both schemes; the page sweep skips them.
WIDGET_PAGES = {MODULE_1, MODULE_4, SELF_ASSESSMENT}
SCHEMES = {"light": "default", "dark": "slate"}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    # Best-practice rules outside those tags that this site once failed (an empty table header, a
    # search dialog without a name): kept on so they stay fixed.
    "rules": {"empty-table-header": {"enabled": True}, "aria-dialog-name": {"enabled": True}},
    "resultTypes": ["violations"],
}
# With JavaScript off, Chromium runs no tasks for the page: not even axe's own setTimeout(0) and
# queueMicrotask callbacks, only promise reactions. So zero-delay timers become promise reactions
# and longer ones (axe's give-up timers) never fire, which is what happens when axe finishes fast.
NO_JS_TIMERS = """
window.setTimeout = (callback, delay, ...args) => {
  if (!delay) Promise.resolve().then(() => callback(...args));
  return 0;
};
window.clearTimeout = () => {};
"""
# Every sequentially focusable control, focused in turn: how its focus is drawn, and the contrast
# of that ring (or, where an outline would be clipped, the focused background) with what is behind.
FOCUS_AUDIT = """
() => {
  const parse = (css) => {
    const parts = (css.match(/rgba?\\(([^)]+)\\)/) || [, ""])[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return parts.length < 3 ? null : { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const backdrop = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a === 1) break;
    }
    return layers.reverse().reduce((under, layer) => over(layer, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const luminance = ({ r, g, b }) => {
    const linear = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const ratio = (x, y) => {
    const [high, low] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (high + 0.05) / (low + 0.05);
  };
  const describe = (element) => {
    const path = [];
    for (let node = element; node && path.length < 3; node = node.parentElement) {
      path.unshift(node.tagName.toLowerCase() + [...node.classList].slice(0, 2).map((c) => "." + c).join(""));
    }
    return path.join(" > ");
  };
  const found = [];
  const controls = document.querySelectorAll("a[href], button, input, select, textarea, summary, [tabindex]");
  for (const control of controls) {
    // Focus inside Material's search dialog opens it over the page; its ring was checked by eye.
    if (control.tabIndex < 0 || control.disabled || control.closest(".md-search")) continue;
    const drawn = control.matches("input.md-option") ? control.nextElementSibling : control;
    const unfocused = backdrop(drawn);
    control.focus();
    const box = drawn.getBoundingClientRect();
    if (document.activeElement !== control || !box.width || !box.height) continue;
    const style = getComputedStyle(drawn);
    const entry = { control: describe(control), visible: control.matches(":focus-visible") };
    if (style.outlineStyle !== "none") {
      const behind = parseFloat(style.outlineOffset) < 0 ? backdrop(drawn) : backdrop(drawn.parentElement);
      entry.indicator = `${style.outlineWidth} ${style.outlineStyle} outline`;
      entry.width = parseFloat(style.outlineWidth);
      entry.ratio = ratio(over(parse(style.outlineColor), behind), behind);
    } else {
      const focused = backdrop(drawn);
      entry.indicator = "background";
      entry.width = Infinity;
      entry.ratio = Math.min(ratio(focused, unfocused), ratio(focused, backdrop(drawn.parentElement)));
    }
    control.blur();
    found.push(entry);
  }
  return found;
}
"""


def axe_violations(page: Page, where: str | None = None, *, no_js: bool = False) -> list[dict]:
    """Run axe on the page (or only inside the `where` selector) and return its violations."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        # Evaluated over the DevTools protocol, which the site's Content-Security-Policy doesn't
        # govern; an injected <script> would be refused. "; 0" keeps the result serialisable.
        page.evaluate((NO_JS_TIMERS if no_js else "") + AXE_SOURCE + "\n;0")
    options = {**AXE_OPTIONS, **({"preload": False} if no_js else {})}
    return page.evaluate(
        "([where, options]) => axe.run(where ? { include: [where] } : document, options).then((r) => r.violations)",
        [where, options],
    )


def report(label: str, violations: list[dict]) -> str:
    """Each violation as its id, impact, count and first few targets with axe's failure summary."""
    lines = [f"{label}: {len(violations)} axe violation(s)"]
    for violation in violations:
        count = len(violation["nodes"])
        lines.append(f"  {violation['id']} ({violation['impact']}), {count} node(s): {violation['help']}")
        for node in violation["nodes"][:3]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}\n      {summary[:300]}")
    return "\n".join(lines)


def show_scheme(page: Page, scheme: str) -> None:
    """Put the page in a colour scheme as a learner would: system preference, then Material's toggle."""
    # Reduced motion too, so no colour transition is half-way when axe reads the colours.
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    # Material keeps the first page's choice for the whole visit; its toggle switches it live. Space
    # on the toggle's radio (a no-op when already on) also leaves the page in keyboard mode, so
    # script focus then shows :focus-visible rings as the Tab key would.
    page.locator(f'input.md-option[data-md-color-scheme="{SCHEMES[scheme]}"]').focus()
    page.keyboard.press("Space")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])


def scan(page: Page, label: str, where: str | None = None) -> list[str]:
    """Reports of the axe violations in both colour schemes (empty when there are none)."""
    reports = []
    for scheme in SCHEMES:
        show_scheme(page, scheme)
        if violations := axe_violations(page, where):
            reports.append(report(f"{label}, {scheme}", violations))
    return reports


def focus_problems(page: Page, label: str) -> list[str]:
    """Controls whose focus indicator is hidden, thinner than 2px or under 3:1, in both schemes."""
    problems = []
    for scheme in SCHEMES:
        show_scheme(page, scheme)
        failing: dict[tuple, list[str]] = {}
        for entry in page.evaluate(FOCUS_AUDIT):
            if not entry["visible"] or entry["width"] < 2 or entry["ratio"] < 3:
                kind = (entry["indicator"], round(entry["ratio"], 2), entry["visible"])
                failing.setdefault(kind, []).append(entry["control"])
        for (indicator, ratio, visible), controls in failing.items():
            problems.append(
                f"{label}, {scheme}: {len(controls)} control(s) with focus shown by {indicator} at {ratio}:1"
                f"{'' if visible else ' (not :focus-visible)'}, e.g. {'; '.join(controls[:3])}"
            )
    return problems


def search_problems(page: Page) -> list[str]:
    """Reports of axe violations in Material's search dialog, open with results, in both schemes."""
    reports = []
    for scheme in SCHEMES:
        show_scheme(page, scheme)
        search = page.locator(".md-search__input")
        search.click()
        search.fill("")
        page.keyboard.type("buyer")
        expect(page.locator(".md-search-result__item").first).to_be_visible()
        if violations := axe_violations(page, ".md-search"):
            reports.append(report(f"search results, {scheme}", violations))
        page.keyboard.press("Escape")
    return reports


def wait_for_widgets(page: Page) -> None:
    """Every widget on the page has finished starting: Python answered."""
    widgets = page.locator(".course-widget")
    for i in range(widgets.count()):
        expect(widgets.nth(i)).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)


def test_every_page_in_both_colour_schemes_under_the_security_policy(
    page: Page, context: BrowserContext, problems, built_site: Path, hosted_site: str
):
    """Every page from a host that applies _headers: ready, within the policy, axe-clean in both schemes."""
    # No request to another host either: the `problems` guard. The widget pages are scanned whole,
    # in every widget state, by the tests below.
    context.add_init_script(RECORD_VIOLATIONS)
    page.emulate_media(color_scheme="dark")
    paths = sorted(
        ("/" + html.parent.relative_to(built_site).as_posix().strip(".") + "/").replace("//", "/")
        for html in built_site.rglob("index.html")
        # Embed pages have no colour toggle to switch: tests/browser/test_embed.py scans them.
        if html.relative_to(built_site).parts[0] != "embed"
    )
    assert WIDGET_PAGES <= set(paths)
    found = []
    for number, path in enumerate(paths):
        response = page.goto(hosted_site + path)
        assert "frame-ancestors *" in response.headers["content-security-policy"], path
        if number == 0:
            # The first page of a visit follows the system setting, before any toggle is stored.
            expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        wait_for_widgets(page)
        if path not in WIDGET_PAGES:
            found += scan(page, path)
        if number == 0:
            found += search_problems(page)
        assert violations(page) == [], f"{path}: Content-Security-Policy violations"
    assert not found, "\n".join(found)


def quiz_answers(content: dict, right: bool) -> dict[str, list[int]]:
    """For every question: its correct options, or the first option that is wrong on its own."""
    questions = parse_quiz(content).questions
    if right:
        return {q.id: sorted(q.correct_options) for q in questions}
    return {q.id: [next(i for i, o in enumerate(q.options) if not o.correct)] for q in questions}


def test_quiz_fresh_wrong_right_and_restored(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page).wait_until_ready()
    where = f"#{quiz.id}"
    found = scan(page, "fresh page") + focus_problems(page, "fresh page")
    for right in (False, True):
        answers = quiz_answers(quiz.content, right)
        if right:
            quiz.try_again()
        for question_id, chosen in answers.items():
            quiz.choose(question_id, *chosen)
        quiz.check().expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])
        found += scan(page, "right check" if right else "wrong check", where)
    page.reload()
    quiz = QuizWidget.first_on(page).wait_until_ready()
    quiz.expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])
    found += scan(page, "restored after reload", where)
    assert not found, "\n".join(found)


def stage_map_answers(content: dict, right: bool) -> tuple[dict[str, str], dict[str, int]]:
    """Placements and replies: all right with the move for the stage, or every card four stages on with a push."""
    cards = parse_stage_map(content).cards
    if right:
        placements = {card.id: card.stage for card in cards}
    else:
        placements = {card.id: STAGES[(BY_ID[card.stage].number + 3) % len(STAGES)].id for card in cards}
    replies = {
        card.id: next(i for i, reply in enumerate(card.replies) if reply.kind == ("fits" if right else "push"))
        for card in cards
        if card.replies
    }
    return placements, replies


def test_stage_map_fresh_wrong_right_and_restored(page: Page, problems):
    page.goto(MODULE_4)
    wait_for_widgets(page)
    exercise = StageMapWidget.first_on(page)
    where = f"#{exercise.id}"
    found = scan(page, "fresh page") + focus_problems(page, "fresh page")
    for right in (False, True):
        placements, replies = stage_map_answers(exercise.content, right)
        if right:
            exercise.try_again()
        for card_id, stage_id in placements.items():
            exercise.place(card_id, stage_id)
        for card_id, index in replies.items():
            exercise.card(card_id).locator("input[type=radio]").nth(index).check()
        exercise.check()
        expected = grade_stage_map(parse_stage_map(exercise.content), placements, replies)
        exercise.expect_status(expected["summary"])
        found += scan(page, "right check" if right else "wrong check", where)
    page.reload()
    exercise = StageMapWidget.first_on(page).wait_until_ready()
    exercise.expect_status(expected["summary"])
    found += scan(page, "restored after reload", where)
    assert not found, "\n".join(found)


def test_self_assessment_fresh_partial_complete_and_restored(page: Page, problems):
    page.goto(SELF_ASSESSMENT)
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    where = f"#{assessment.id}"
    content = assessment.content
    found = scan(page, "fresh page") + focus_problems(page, "fresh page")
    top = len(content["scale"]["labels"]) - 1
    # One statement rated stands in for the "wrong" answer a self-assessment doesn't have.
    for label, items in (("one statement rated", content["items"][:1]), ("all rated", content["items"])):
        answers = {item["id"]: (index * 3) % (top + 1) for index, item in enumerate(items)}
        for item_id, point in answers.items():
            assessment.rate(item_id, point)
        assessment.show_profile()
        expect(assessment.root.locator('[data-role="profile"]')).to_be_visible()
        found += scan(page, label, where)
    result = profile(parse_self_assessment(content), answers)
    page.reload()
    assessment = SelfAssessmentWidget.first_on(page).wait_until_ready()
    assert assessment.table()["overall"][1] == str(result["overall"]["score"])
    found += scan(page, "restored after reload", where)
    assert not found, "\n".join(found)


def test_question_coach_fresh_weak_revised_and_restored(
    page: Page, context: BrowserContext, problems, tmp_path_factory: pytest.TempPathFactory
):
    """The coach on its own page (the course's pages get theirs from the sweep above), under the policy."""
    context.add_init_script(RECORD_VIOLATIONS)
    page.goto(coach_site_url(tmp_path_factory) + PATH)
    widget = QuestionCoachWidget.first_on(page).wait_until_ready()
    where = f"#{widget.id}"
    found = scan(page, "fresh page") + focus_problems(page, "fresh page")
    situation = widget.content["situations"][0]["id"]
    content = parse_question_coach(widget.content)
    weak, revised = "Can I show you a quick demo of our platform?", "What would your team need before changing?"
    for label, question, previous in (("weak question", weak, None), ("revision", revised, weak)):
        widget.write(situation, question).coach(situation)
        widget.expect_status_of(situation, coach(content, situation, question, previous)["summary"])
        found += scan(page, label, where)
    found += focus_problems(page, "after a revision")
    page.reload()
    widget = QuestionCoachWidget.first_on(page).wait_until_ready()
    widget.expect_status_of(situation, coach(content, situation, revised, weak)["summary"])
    found += scan(page, "restored after reload", where)
    assert violations(page) == []
    assert not found, "\n".join(found)


@pytest.mark.allows_console_errors
def test_widget_that_cannot_start_python(page: Page, host_faults: HostFaults, problems):
    host_faults.answer("*.wasm", lambda file: DROP)
    page.goto(MODULE_1)
    quiz = QuizWidget.first_on(page)
    expect(quiz.root).to_have_attribute("data-status", "error", timeout=READY_TIMEOUT_MS)
    found = scan(page, "Python failed to start", f"#{quiz.id}")
    assert not found, "\n".join(found)


def test_without_javascript(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    found = []
    for path in sorted(WIDGET_PAGES):
        page.goto(path)
        # Material picks the dark palette with JavaScript only: without it every page is light.
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "default")
        if violations := axe_violations(page, no_js=True):
            found.append(report(f"{path} without JavaScript", violations))
    context.close()
    assert not found, "\n".join(found)
