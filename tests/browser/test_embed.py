"""Trainers in Chromium: embed pages in another origin's frame, auto-height, rooms, projector view, Embed dialog."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from course import grade_quiz, parse_quiz
from tests.browser.conftest import RECORD_VIOLATIONS, PageProblems, QuietHandler, violations
from tests.browser.controllers import EmbedDialog, EmbeddingPage, QuizWidget, StageMapWidget
from tests.browser.test_accessibility import axe_violations, report, show_scheme

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_4 = "/modules/04-the-buyers-route/"
NOT_KEPT = "Your progress can't be kept in this browser."
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-nav, .md-search, .md-footer"
# Hosts these tests may reach: the course and the trainer's page, both on this machine.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


@pytest.fixture(scope="module")
def host_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("host")


@pytest.fixture(scope="module")
def host_port(host_folder: Path) -> Iterator[int]:
    """A trainer's own web server, on another port than the course: another origin."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(host_folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()


@pytest.fixture
def frame_problems(context: BrowserContext, page: Page, request: pytest.FixtureRequest) -> Iterator[PageProblems]:
    """As the shared `problems` guard, for pages and frames on 127.0.0.1 and localhost."""
    found = PageProblems()
    found.watch(context, page, LOCAL_HOSTS)
    yield found
    found.assert_none(request)


def host_page(folder: Path, name: str, frame_src: str, resizer_src: str, sandbox: str | None = None) -> str:
    """Write a trainer's page that embeds `frame_src` and includes the course's embed.js; return its file name."""
    sandbox_attribute = f' sandbox="{sandbox}"' if sandbox else ""
    (folder / name).write_text(
        "<!doctype html><html lang='en'><title>A trainer's page</title><h1>Monday's workshop</h1>"
        f'<iframe src="{frame_src}" title="Knowledge check" width="100%" height="150"{sandbox_attribute}></iframe>'
        f'<script src="{resizer_src}"></script>',
        encoding="utf-8",
    )
    return name


def right_answers(content: dict) -> dict[str, list[int]]:
    return {
        question["id"]: [index for index, option in enumerate(question["options"]) if option["correct"]]
        for question in content["questions"]
    }


def answer_and_check(quiz: QuizWidget) -> dict:
    """Answer every question right, check, and expect the summary CPython's grading gives."""
    answers = right_answers(quiz.content)
    for question_id, indices in answers.items():
        quiz.choose(question_id, *indices)
    quiz.check()
    expected = grade_quiz(parse_quiz(quiz.content), answers)
    quiz.expect_status(expected["summary"])
    return expected


def embed_in_host(page: Page, host: str, site_url: str, host_folder: Path, name: str, sandbox: str | None = None):
    """Open a trainer's page at `host` that embeds module 1's knowledge check from the course."""
    file = host_page(
        host_folder,
        name,
        f"{site_url}/embed/m1-check/",
        f"{site_url}/assets/generated/widgets/embed.js",
        sandbox,
    )
    page.goto(f"{host}/{file}")
    embedding = EmbeddingPage(page)
    quiz = QuizWidget(embedding.frame(), "m1-check")
    return embedding, quiz


@pytest.mark.parametrize("sandbox", [None, "allow-scripts allow-same-origin"])
def test_a_frame_on_another_origin_sizes_itself_and_grades_in_python(
    page: Page, frame_problems, site_url: str, host_folder: Path, host_port: int, sandbox: str | None
):
    name = "sandboxed.html" if sandbox else "plain.html"
    embedding, quiz = embed_in_host(page, f"http://127.0.0.1:{host_port}", site_url, host_folder, name, sandbox)
    frame = embedding.frame()
    assert urlsplit(frame.url).port != host_port
    expect(frame.locator(CHROME)).to_have_count(0)
    expect(frame.get_by_role("heading", name="Check your understanding")).to_be_visible()
    quiz.wait_until_ready()
    before = embedding.reported_height()
    # The frame is as tall as its content: no scrollbar inside, none of the 150px it was written with.
    assert before > 600 and abs(embedding.frame_height() - embedding.content_height()) <= 1
    answer_and_check(quiz)
    # Feedback under every chosen option makes the page taller; the frame follows.
    expect(embedding.iframe).not_to_have_attribute("data-course-embed-height", str(before))
    after = embedding.reported_height()
    assert after > before + 100
    assert abs(embedding.frame_height() - after) <= 1 and abs(embedding.content_height() - after) <= 1
    # Same site (127.0.0.1 on another port): progress is kept, under the full page's key.
    expect(quiz.notice).not_to_contain_text(NOT_KEPT)
    assert quiz.stored() is not None and quiz.storage_key == "course-site:v1:quiz:m1-check"


def test_a_frame_from_another_site_without_storage_says_so_and_still_grades(
    page: Page, frame_problems, site_url: str, host_folder: Path, host_port: int
):
    # localhost and 127.0.0.1 are different sites: Chromium refuses the frame its localStorage.
    embedding, quiz = embed_in_host(page, f"http://localhost:{host_port}", site_url, host_folder, "cross-site.html")
    assert (
        embedding.frame().evaluate("() => { try { localStorage.length; return 'open'; } catch { return 'refused'; } }")
        == "refused"
    )
    quiz.wait_until_ready().expect_notice(NOT_KEPT)
    answer_and_check(quiz)
    assert embedding.reported_height() > 600


def test_embed_js_ignores_messages_of_the_wrong_shape_or_from_elsewhere(
    page: Page, frame_problems, site_url: str, host_folder: Path, host_port: int
):
    embedding, quiz = embed_in_host(page, f"http://127.0.0.1:{host_port}", site_url, host_folder, "plain.html")
    # The hand-in control arrives after the widget is ready and makes the frame taller: wait for it,
    # and for the height message it causes, so that only the messages below could change the height.
    expect(embedding.frame().locator('[data-role="hand-in"]')).to_have_count(1)
    page.wait_for_timeout(300)
    height = embedding.reported_height()
    # From the embedding page itself (not one of its frames), and from the frame with bad heights.
    page.evaluate("window.postMessage({type: 'course-embed:height', id: 'm1-check', height: 5}, '*')")
    frame = embedding.frame()
    for bad in ["'5'", "-5", "1e9", "NaN", "null"]:
        frame.evaluate(f"parent.postMessage({{type: 'course-embed:height', id: 'm1-check', height: {bad}}}, '*')")
    frame.evaluate("parent.postMessage({type: 'other', id: 'm1-check', height: 5}, '*')")
    frame.evaluate("parent.postMessage('course-embed:height', '*')")
    page.wait_for_timeout(300)
    assert embedding.reported_height() == height and embedding.frame_height() == height
    # The same shape from the frame does count.
    frame.evaluate("parent.postMessage({type: 'course-embed:height', id: 'm1-check', height: 321}, '*')")
    expect(embedding.iframe).to_have_attribute("data-course-embed-height", "321")


def test_a_module_embed_page_is_the_article_alone(page: Page, problems):
    page.goto("/embed/04-the-buyers-route/")
    expect(page.locator(CHROME)).to_have_count(0)
    expect(page.locator("h1")).to_have_text(re.compile(r"^The buyer's route"))
    StageMapWidget(page, "m4-stage-map").wait_until_ready()
    # No Embed control on an embed page: it is the embedded thing already.
    expect(page.locator('[data-role="embed"]')).to_have_count(0)


def orders(browser: Browser, base_url: str, query: str) -> tuple[dict[str, list[int]], list[str]]:
    """In a fresh browser (no stored seed): module 1's quiz option orders and module 4's card order."""
    context = browser.new_context(base_url=base_url, service_workers="block")
    page = context.new_page()
    page.goto(MODULE_1 + query)
    quiz = QuizWidget(page, "m1-check").wait_until_mounted()
    options = {question["id"]: quiz.displayed_order(question["id"]) for question in quiz.content["questions"]}
    page.goto(MODULE_4 + query)
    cards = StageMapWidget(page, "m4-stage-map").wait_until_mounted().card_order()
    context.close()
    return options, cards


def test_everyone_in_a_room_sees_the_same_order_and_another_room_another(browser: Browser, base_url: str):
    first, second = orders(browser, base_url, "?room=monday"), orders(browser, base_url, "?room=Monday")
    assert first == second
    other = orders(browser, base_url, "?room=tuesday")
    assert other[0] != first[0] and other[1] != first[1]
    # Without a room each browser gets its own order of quiz options: five learners can't all see the same.
    alone = {json.dumps(orders(browser, base_url, "")[0]) for _ in range(5)}
    assert len(alone) > 1


def test_a_room_gives_an_embed_page_the_full_pages_order(page: Page, problems):
    page.goto(MODULE_1 + "?room=monday")
    quiz = QuizWidget(page, "m1-check").wait_until_mounted()
    full = [quiz.displayed_order(question["id"]) for question in quiz.content["questions"]]
    page.goto("/embed/m1-check/?room=monday")
    quiz = QuizWidget(page, "m1-check").wait_until_mounted()
    assert [quiz.displayed_order(question["id"]) for question in quiz.content["questions"]] == full
    page.goto(MODULE_4 + "?room=monday")
    exercise = StageMapWidget(page, "m4-stage-map").wait_until_mounted()
    expect(exercise.root.locator('[data-role="order"]')).to_contain_text("room “monday”")


def test_the_projector_view_has_large_type_and_no_chrome(page: Page, problems):
    page.goto(MODULE_1)
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.goto(MODULE_1 + "?projector=1")
    expect(page.locator("html")).to_have_class(re.compile(r"\bcourse-projector\b"))
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        expect(page.locator(chrome).first).to_be_hidden()
    QuizWidget(page, "m1-check").wait_until_ready()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 1.3 * normal
    expect(page.locator('[data-role="embed"]')).to_have_count(0)
    page.goto("/embed/m1-check/?projector=1&room=monday")
    expect(page.locator("html")).to_have_class(re.compile(r"^course-embed course-projector$"))
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 1.3 * normal


def test_the_embed_dialog_by_keyboard_gives_the_snippet_copies_it_and_closes(
    page: Page, context: BrowserContext, problems, base_url: str
):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    page.goto(MODULE_1)
    QuizWidget(page, "m1-check").wait_until_mounted()
    dialog = EmbedDialog(page, "m1-check").open_by_keyboard()
    expect(dialog.dialog.get_by_role("heading", name="Embed “Check your understanding”")).to_be_visible()
    expect(dialog.room).to_be_focused()
    assert f'src="{base_url}/embed/m1-check/"' in dialog.snippet()
    dialog.type_room("Monday-AM").toggle_by_keyboard("Projector view").toggle_by_keyboard("Trainer view")
    snippet = dialog.snippet()
    assert f'<iframe src="{base_url}/embed/m1-check/?room=monday-am&amp;reveal=1&amp;projector=1"' in snippet
    assert 'title="Check your understanding"' in snippet
    assert f'<script src="{base_url}/assets/generated/widgets/embed.js" async></script>' in snippet
    dialog.copy_by_keyboard()
    expect(dialog.dialog.get_by_role("status")).to_have_text("Copied. Paste it into your page.")
    assert page.evaluate("navigator.clipboard.readText()") == snippet
    # Every control of the dialog is reached by Tab, in order: room, the two views, code, link, copy, close.
    dialog.room.focus()
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.closest('dialog') ? document.activeElement.tagName : null")
        )
    assert reached == ["INPUT", "INPUT", "TEXTAREA", "A", "BUTTON", "BUTTON"]
    dialog.close_by_escape()
    expect(dialog.button).to_be_focused()


def test_on_a_module_page_the_dialog_also_offers_the_whole_module(page: Page, problems, base_url: str):
    page.goto(MODULE_1)
    QuizWidget(page, "m1-check").wait_until_mounted()
    dialog = EmbedDialog(page, "m1-check").open_by_keyboard()
    expect(dialog.choice("This exercise only")).to_be_checked()
    dialog.choice("The whole module").focus()
    page.keyboard.press("Space")
    snippet = dialog.snippet()
    assert f'<iframe src="{base_url}/embed/01-right-solution-wrong-time/"' in snippet
    assert 'title="The right solution at the wrong time"' in snippet
    dialog.close_by_escape()
    page.goto("/self-assessment/")
    dialog = EmbedDialog(page, "sa-push-facilitate")
    dialog.button.wait_for()
    dialog.open_by_keyboard()
    expect(dialog.choice("This exercise only")).to_be_hidden()
    assert f'<iframe src="{base_url}/embed/sa-push-facilitate/"' in dialog.snippet()


def test_without_javascript_an_embed_page_is_readable_and_offers_no_control(browser: Browser, base_url: str):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/embed/m1-check/")
    quiz = QuizWidget(page, "m1-check")
    first = quiz.content["questions"][0]["id"]
    quiz.option(first, 0).locator("summary").click()
    expect(quiz.option(first, 0).locator(".course-widget__explanation-text")).to_be_visible()
    expect(page.get_by_role("button")).to_have_count(0)
    page.goto(MODULE_1)
    expect(page.locator('[data-role="embed"]')).to_have_count(0)
    context.close()


def test_the_embed_dialog_leaves_out_a_room_code_it_cannot_use(page: Page, problems, base_url: str):
    page.goto(MODULE_1)
    QuizWidget(page, "m1-check").wait_until_mounted()
    dialog = EmbedDialog(page, "m1-check").open_by_keyboard().type_room("a room!")
    expect(dialog.dialog.get_by_role("status")).to_contain_text("can't be used")
    assert f'src="{base_url}/embed/m1-check/"' in dialog.snippet()
    dialog.dialog.get_by_role("button", name="Close").click()
    expect(dialog.dialog).to_be_hidden()
    expect(dialog.button).to_be_focused()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_embed_page_and_projector_view_pass_axe(page: Page, problems, scheme: str):
    page.context.add_init_script(RECORD_VIOLATIONS)
    page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
    found = []
    for path in ("/embed/m1-check/", "/embed/04-the-buyers-route/", MODULE_1 + "?projector=1"):
        page.goto(path)
        expect(page.locator("body")).to_have_attribute(
            "data-md-color-scheme", "slate" if scheme == "dark" else "default"
        )
        page.locator(".course-widget").first.wait_for()
        expect(page.locator('.course-widget[data-status="ready"]').first).to_be_visible(timeout=60_000)
        if problems_found := axe_violations(page):
            found.append(report(f"{path}, {scheme}", problems_found))
        assert violations(page) == [], path
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_open_embed_dialog_passes_axe(page: Page, problems, scheme: str):
    page.goto(MODULE_1)
    show_scheme(page, scheme)
    QuizWidget(page, "m1-check").wait_until_mounted()
    EmbedDialog(page, "m1-check").open_by_keyboard().type_room("x!")
    found = axe_violations(page, "dialog.course-embed-dialog")
    assert found == [], report(f"embed dialog, {scheme}", found)


def test_the_trainers_pages_live_example_sizes_itself(page: Page, problems):
    page.goto("/trainers/")
    example = EmbeddingPage(page, "iframe.course-trainers__example")
    example.iframe.scroll_into_view_if_needed()
    QuizWidget(example.frame(), "m1-check").wait_until_ready()
    assert example.reported_height() > 600 and abs(example.frame_height() - example.content_height()) <= 1


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("", {"room": None, "reveal": False, "projector": False}),
        ("?room=Monday-AM&reveal=1&projector=1", {"room": "monday-am", "reveal": True, "projector": True}),
        ("?room=%20group_2%20&reveal=yes", {"room": "group_2", "reveal": True, "projector": False}),
        ("?room=a%20room&reveal=0&projector=maybe", {"room": None, "reveal": False, "projector": False}),
        ("?room=" + "x" * 41, {"room": None, "reveal": False, "projector": False}),
    ],
)
def test_workshop_options_are_parsed_in_one_place(page: Page, problems, search: str, expected: dict):
    page.goto("/glossary/")
    parsed = page.evaluate(
        "search => import('/assets/generated/widgets/workshop.js').then((m) => ({...m.parseWorkshopOptions(search)}))",
        search,
    )
    assert parsed == expected


def test_an_embed_page_picks_up_the_full_pages_progress(page: Page, problems):
    page.goto(MODULE_1)
    quiz = QuizWidget(page, "m1-check").wait_until_mounted()
    first = quiz.content["questions"][0]["id"]
    quiz.choose(first, 1)
    kept = quiz.stored()
    assert json.loads(kept)["answers"] == {first: [1]}
    page.goto("/embed/m1-check/")
    embedded = QuizWidget(page, "m1-check").wait_until_mounted()
    assert embedded.chosen(first) == [1] and embedded.stored() == kept


def test_the_trainer_view_works_on_an_embed_page(page: Page, problems):
    page.goto("/embed/m1-check/")
    keys = page.locator('#m1-check [data-role="answer-key"]')
    QuizWidget(page, "m1-check").wait_until_mounted()
    expect(keys.first).to_be_hidden()
    page.goto("/embed/m1-check/?reveal=1&room=monday")
    QuizWidget(page, "m1-check").wait_until_mounted()
    expect(keys.first).to_be_visible()
