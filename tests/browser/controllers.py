"""One Playwright controller per widget, with methods named for what a learner does."""

from __future__ import annotations

import json
import re
from typing import Self

from playwright.sync_api import Frame, Locator, Page, expect

READY_TIMEOUT_MS = 60_000
STORAGE_PREFIX = "course-site:v1:"


class Widget:
    """What every widget shares: its root, payload, start-up state, notice and stored progress."""

    kind = ""

    def __init__(self, page: Page, widget_id: str) -> None:
        self.page = page
        self.id = widget_id
        self.root = page.locator(f"#{widget_id}")

    @classmethod
    def first_on(cls, page: Page) -> Self:
        return cls(page, page.locator(f'.course-widget[data-widget="{cls.kind}"]').first.get_attribute("id"))

    @property
    def content(self) -> dict:
        """The widget's content as the build validated it (its JSON payload)."""
        return json.loads(self.root.locator("script.course-widget__data").text_content())

    @property
    def notice(self) -> Locator:
        return self.root.locator('[data-role="notice"]')

    @property
    def status(self) -> Locator:
        return self.root.locator('[role="status"]')

    @property
    def check_button(self) -> Locator:
        return self.root.locator('[data-role="check"]')

    def wait_until_mounted(self) -> Self:
        """Until the widget listens to the learner (its module has loaded); Python may still be starting."""
        expect(self.root).to_have_attribute("data-mounted", "true")
        return self

    def wait_until_ready(self, timeout: float = READY_TIMEOUT_MS) -> Self:
        expect(self.root).to_have_attribute("data-status", "ready", timeout=timeout)
        return self

    def wait_until_error(self, timeout: float = READY_TIMEOUT_MS) -> Self:
        expect(self.root).to_have_attribute("data-status", "error", timeout=timeout)
        return self

    def try_again_after_error(self) -> Self:
        """Press the notice's "Try again", which starts the answer checker afresh."""
        self.notice.get_by_role("button", name="Try again").click()
        return self

    def expect_notice(self, text: str) -> Self:
        expect(self.notice).to_contain_text(text)
        return self

    def expect_status(self, text: str | re.Pattern[str], timeout: float | None = None) -> Self:
        """The status line says `text` (allow `timeout` when a fresh answer checker must start first)."""
        expect(self.status).to_have_text(text, timeout=timeout)
        return self

    def expect_focus_kept_on_check_button(self) -> Self:
        """After a check the keyboard is still where the learner left it, not back at <body>."""
        expect(self.check_button).to_be_focused()
        assert self.page.evaluate("document.activeElement !== document.body")
        return self

    @property
    def storage_key(self) -> str:
        return f"{STORAGE_PREFIX}{self.kind}:{self.id}"

    def stored(self) -> str | None:
        return self.page.evaluate("key => localStorage.getItem(key)", self.storage_key)

    def set_aside(self) -> str | None:
        return self.page.evaluate("key => localStorage.getItem(key + ':set-aside')", self.storage_key)

    def store(self, raw: str) -> None:
        self.page.evaluate("([key, raw]) => localStorage.setItem(key, raw)", [self.storage_key, raw])


class QuizWidget(Widget):
    """A knowledge check on a page: choose options, check, read feedback, try again."""

    kind = "quiz"

    def question(self, question_id: str) -> Locator:
        return self.root.locator(f'[data-question="{question_id}"]')

    def option(self, question_id: str, index: int) -> Locator:
        return self.question(question_id).locator(f'[data-option="{index}"]')

    def choose(self, question_id: str, *indices: int) -> QuizWidget:
        for index in indices:
            self.option(question_id, index).locator("label").click()
        return self

    def check(self) -> QuizWidget:
        self.root.get_by_role("button", name="Check answers").click()
        return self

    def try_again(self) -> QuizWidget:
        """The quiz's own "Try again": clear the answers (not the notice's restart button)."""
        self.root.locator('[data-role="reset"]').click()
        return self

    def expect_verdict(self, question_id: str, text: str) -> QuizWidget:
        expect(self.question(question_id).locator('[data-role="verdict"]')).to_have_text(text)
        return self

    def expect_feedback(self, question_id: str, index: int, text: str) -> QuizWidget:
        expect(self.option(question_id, index).locator('[data-role="feedback"]')).to_have_text(text)
        return self

    def expect_no_feedback(self, question_id: str) -> QuizWidget:
        expect(self.question(question_id).locator('[data-role="feedback"]:visible')).to_have_count(0)
        return self

    def chosen(self, question_id: str) -> list[int]:
        """The chosen options, by their number in the content (not their place on screen)."""
        values = self.question(question_id).locator("input:checked").evaluate_all("inputs => inputs.map(i => i.value)")
        return sorted(int(value) for value in values)

    def displayed_order(self, question_id: str) -> list[int]:
        """The question's options as the learner sees them, top to bottom, by their number in the content."""
        options = self.question(question_id).locator("[data-option]")
        return [int(index) for index in options.evaluate_all("items => items.map(i => i.dataset.option)")]


class StageMapWidget(Widget):
    """The stage-mapping exercise: place cards by select or by dragging, check, read the diagnosis."""

    kind = "stage-map"

    def card(self, card_id: str) -> Locator:
        return self.root.locator(f'li[data-card="{card_id}"]')

    def card_order(self) -> list[str]:
        return self.root.locator("li.course-stage-card").evaluate_all("cards => cards.map(c => c.dataset.card)")

    def place(self, card_id: str, stage_id: str) -> StageMapWidget:
        self.card(card_id).locator("select").select_option(stage_id)
        return self

    def placed(self, card_id: str) -> str:
        return self.card(card_id).locator("select").input_value()

    def drag(self, card_id: str, stage_id: str) -> StageMapWidget:
        """Drag a card by its handle onto a stage column, as with a mouse."""
        handle = self.card(card_id).locator('[data-role="handle"]')
        column = self.root.locator(f'.course-stage-map__column[data-stage="{stage_id}"]')
        handle.scroll_into_view_if_needed()
        start, end = handle.bounding_box(), column.bounding_box()
        self.page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
        self.page.mouse.down()
        self.page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
        self.page.mouse.up()
        return self

    def check(self) -> StageMapWidget:
        self.root.get_by_role("button", name="Check my map").click()
        return self

    def try_again(self) -> StageMapWidget:
        """The exercise's own "Try again": clear and reshuffle (not the notice's restart button)."""
        self.root.locator('[data-role="reset"]').click()
        return self

    def card_labels(self) -> list[tuple[str, str, str]]:
        """Per card in page order: the number shown, its select's label, and its select's accessible name."""
        rows = self.root.locator("li.course-stage-card").evaluate_all(
            """cards => cards.map(c => [
                c.querySelector('.course-stage-card__number').textContent,
                c.querySelector('[data-role="control"] label').textContent,
                c.querySelector('select').labels[0].textContent,
            ])"""
        )
        return [tuple(row) for row in rows]

    def board_chips(self) -> dict[str, str]:
        """Card id -> the chip text on the stage board."""
        chips = self.root.locator('[data-role="board"] .course-stage-map__chip')
        return dict(chips.evaluate_all("chips => chips.map(c => [c.dataset.card, c.textContent])"))

    def expect_diagnosis_names(self, text: str) -> StageMapWidget:
        expect(self.root.locator('[data-role="diagnosis"]')).to_contain_text(text)
        return self

    def expect_reply_feedback(self, card_id: str, text: str) -> StageMapWidget:
        """The feedback shown under the reply the learner chose on a card, after a check."""
        shown = self.card(card_id).locator('[data-reply] [data-role="feedback"]:not([hidden])')
        expect(shown).to_have_text(text)
        return self

    def expect_card_message(self, card_id: str, text: str) -> StageMapWidget:
        expect(self.card(card_id).locator(".course-stage-card__verdict")).to_have_text(text)
        return self


class SelfAssessmentWidget(Widget):
    """The self-assessment: rate statements, show the profile, retake, clear."""

    kind = "self-assessment"

    def rate(self, item_id: str, point: int) -> SelfAssessmentWidget:
        self.root.locator(f'[data-item="{item_id}"] input[value="{point}"]').check()
        return self

    def rating(self, item_id: str) -> int | None:
        checked = self.root.locator(f'[data-item="{item_id}"] input:checked')
        return int(checked.get_attribute("value")) if checked.count() else None

    def show_profile(self) -> SelfAssessmentWidget:
        self.root.get_by_role("button", name="Show my profile").click()
        return self

    def retake(self) -> SelfAssessmentWidget:
        self.root.get_by_role("button", name="Retake").click()
        return self

    def clear(self) -> SelfAssessmentWidget:
        self.root.get_by_role("button", name="Clear my answers").click()
        return self

    def table(self) -> dict[str, list[str]]:
        """The profile table: dimension id -> [name, score, band, since last time]."""
        rows = self.root.locator('[data-role="profile"] tbody tr')
        expect(rows.first).to_be_visible()
        return {
            rows.nth(i).get_attribute("data-dimension"): [
                cell.strip() for cell in rows.nth(i).locator("th, td").all_inner_texts()
            ]
            for i in range(rows.count())
        }

    def chart_rows(self) -> Locator:
        return self.root.locator('[data-role="profile"] svg .course-chart__row')


class QuestionCoachWidget(Widget):
    """The question coach: write a question for a situation, have it coached, revise, compare."""

    kind = "question-coach"

    def situation(self, situation_id: str) -> Locator:
        return self.root.locator(f'li[data-situation="{situation_id}"]')

    def box(self, situation_id: str) -> Locator:
        return self.situation(situation_id).locator('textarea[data-role="question"]')

    def coach_button(self, situation_id: str) -> Locator:
        return self.situation(situation_id).get_by_role("button", name="Coach my question")

    def status_of(self, situation_id: str) -> Locator:
        return self.situation(situation_id).locator('[role="status"]')

    def feedback(self, situation_id: str) -> Locator:
        return self.situation(situation_id).locator('[data-role="feedback"]')

    def models(self, situation_id: str) -> Locator:
        return self.situation(situation_id).locator('[data-role="models"]')

    def write(self, situation_id: str, question: str) -> QuestionCoachWidget:
        self.box(situation_id).fill(question)
        return self

    def coach(self, situation_id: str) -> QuestionCoachWidget:
        self.coach_button(situation_id).click()
        return self

    def expect_status_of(self, situation_id: str, text: str | re.Pattern[str]) -> QuestionCoachWidget:
        expect(self.status_of(situation_id)).to_have_text(text)
        return self

    def verdicts(self, situation_id: str) -> dict[str, tuple[str, str]]:
        """Criterion id -> (verdict, the whole line the learner reads)."""
        items = self.feedback(situation_id).locator("li[data-criterion][data-verdict]")
        expect(items.first).to_be_visible()
        rows = items.evaluate_all("items => items.map(i => [i.dataset.criterion, i.dataset.verdict, i.textContent])")
        return {criterion: (verdict, text) for criterion, verdict, text in rows}

    def changes(self, situation_id: str) -> list[tuple[str, str]]:
        """The "What changed since your last try" list: (better or worse, criterion id), in order."""
        items = self.feedback(situation_id).locator('[data-role="changes"] li')
        return [
            tuple(row) for row in items.evaluate_all("items => items.map(i => [i.dataset.change, i.dataset.criterion])")
        ]


class EmbedDialog:
    """A widget's "Embed" control and the dialog it opens: options, the snippet, copy, close."""

    def __init__(self, page: Page, widget_id: str) -> None:
        self.page = page
        self.widget = page.locator(f"#{widget_id}")
        self.dialog = page.locator("dialog.course-embed-dialog")

    @property
    def button(self) -> Locator:
        return self.widget.get_by_role("button", name=re.compile(r"^Embed"))

    @property
    def code(self) -> Locator:
        return self.dialog.get_by_label("Code to paste")

    @property
    def room(self) -> Locator:
        return self.dialog.get_by_label("Room code (optional)")

    def option(self, name: str) -> Locator:
        """A checkbox by the start of its label: "Trainer view" or "Projector view"."""
        return self.dialog.get_by_role("checkbox", name=re.compile(f"^{re.escape(name)}"))

    def choice(self, name: str) -> Locator:
        """A radio button of "What to embed", by the start of its label."""
        return self.dialog.get_by_role("radio", name=re.compile(f"^{re.escape(name)}"))

    def open_by_keyboard(self) -> EmbedDialog:
        self.button.focus()
        self.page.keyboard.press("Enter")
        expect(self.dialog).to_be_visible()
        return self

    def type_room(self, code: str) -> EmbedDialog:
        self.room.focus()
        self.page.keyboard.type(code)
        return self

    def toggle_by_keyboard(self, name: str) -> EmbedDialog:
        self.option(name).focus()
        self.page.keyboard.press("Space")
        return self

    def copy_by_keyboard(self) -> EmbedDialog:
        self.dialog.get_by_role("button", name="Copy code").focus()
        self.page.keyboard.press("Enter")
        return self

    def snippet(self) -> str:
        return self.code.input_value()

    def close_by_escape(self) -> EmbedDialog:
        self.page.keyboard.press("Escape")
        expect(self.dialog).to_be_hidden()
        return self


class EmbeddingPage:
    """A trainer's page on another origin that embeds the course in <iframe>s and includes embed.js."""

    def __init__(self, page: Page, frame_selector: str = "iframe") -> None:
        self.page = page
        self.iframe = page.locator(frame_selector)

    def frame(self) -> Frame:
        """The embedded document, once it has loaded."""
        handle = self.iframe.element_handle()
        frame = handle.content_frame()
        assert frame is not None
        frame.wait_for_load_state()
        return frame

    def reported_height(self, timeout: float = 10_000) -> int:
        """The height embed.js last applied from the frame's message (waits for the first)."""
        expect(self.iframe).to_have_attribute("data-course-embed-height", re.compile(r"^\d+$"), timeout=timeout)
        return int(self.iframe.get_attribute("data-course-embed-height"))

    def frame_height(self) -> int:
        """How tall the <iframe>'s viewport is (without its border): the space the embedded page has."""
        return self.iframe.evaluate("frame => frame.clientHeight")

    def content_height(self) -> int:
        """How tall the embedded document's content is."""
        return self.frame().evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")


class HandInDialog:
    """A widget's "Hand in my results" button (on My results: "Hand in all my results") and the dialog it opens."""

    def __init__(self, page: Page, widget_id: str) -> None:
        self.page = page
        self.widget = page.locator(f"#{widget_id}")
        self.dialog = page.locator("dialog.course-handin-dialog")

    @property
    def button(self) -> Locator:
        return self.widget.get_by_role("button", name=re.compile(r"^Hand in (my|all my) results"))

    @property
    def name_box(self) -> Locator:
        return self.dialog.get_by_label("Your name (optional)")

    @property
    def name_hint(self) -> Locator:
        return self.dialog.locator("#course-handin-dialog-name-hint")

    @property
    def make_button(self) -> Locator:
        return self.dialog.get_by_role("button", name="Make my hand-in")

    @property
    def status(self) -> Locator:
        return self.dialog.get_by_role("status")

    @property
    def code_box(self) -> Locator:
        return self.dialog.get_by_label("Your hand-in code")

    @property
    def save_link(self) -> Locator:
        return self.dialog.get_by_role("link", name="Save as a file")

    @property
    def qr(self) -> Locator:
        return self.dialog.locator("svg.course-qr")

    @property
    def link_text(self) -> Locator:
        return self.dialog.locator(".course-handin-dialog__link")

    def open(self) -> HandInDialog:
        self.button.click()
        expect(self.dialog).to_be_visible()
        return self

    def open_by_keyboard(self) -> HandInDialog:
        self.button.focus()
        self.page.keyboard.press("Enter")
        expect(self.dialog).to_be_visible()
        return self

    def type_name(self, name: str) -> HandInDialog:
        self.name_box.fill(name)
        return self

    def make(self) -> HandInDialog:
        self.make_button.click()
        return self

    def expect_ready(self, exercises: int) -> HandInDialog:
        """The hand-in is made (Python may first have to start) and holds `exercises` exercises."""
        noun = "exercise" if exercises == 1 else "exercises"
        expect(self.status).to_have_text(
            f"Your hand-in is ready, with your answers to {exercises} {noun}.", timeout=READY_TIMEOUT_MS
        )
        return self

    def code(self) -> str:
        return self.code_box.input_value()

    def link(self) -> str:
        return self.link_text.text_content()

    def save(self) -> tuple[str, bytes]:
        """Press "Save as a file": the name the browser would save it under, and its bytes."""
        with self.page.expect_download() as info:
            self.save_link.click()
        download = info.value
        with open(download.path(), "rb") as saved:
            return download.suggested_filename, saved.read()

    def qr_picture(self) -> bytes:
        """The QR code as it is on screen (a PNG screenshot of the SVG)."""
        self.qr.scroll_into_view_if_needed()
        return self.qr.screenshot()

    def close_by_escape(self) -> HandInDialog:
        self.page.keyboard.press("Escape")
        expect(self.dialog).to_be_hidden()
        return self


class RoomPage(Widget):
    """The trainer's room page: add hand-ins (choose, drop, paste, open a link), read the summary, export, clear."""

    kind = "room"
    PATH = "/room/"

    def __init__(self, page: Page, widget_id: str = "room") -> None:
        super().__init__(page, widget_id)

    def open(self, query: str = "", fragment: str = "") -> RoomPage:
        """Go to the room page (with `?…` and `#…` as given) and wait until Python has read what it holds."""
        self.page.goto(f"{self.PATH}{query}{fragment}")
        return self.wait_until_ready().wait_until_done()

    @property
    def drop_zone(self) -> Locator:
        return self.root.get_by_role("button", name=re.compile(r"^Drop hand-in files here"))

    @property
    def paste_box(self) -> Locator:
        return self.root.get_by_label("Paste codes or links")

    @property
    def add_button(self) -> Locator:
        return self.root.get_by_role("button", name="Add", exact=True)

    @property
    def results(self) -> Locator:
        return self.root.locator('[data-role="results"]')

    @property
    def summary(self) -> Locator:
        return self.root.locator('[data-role="summary"]')

    @property
    def export_button(self) -> Locator:
        return self.root.get_by_role("button", name="Export as CSV")

    @property
    def clear_button(self) -> Locator:
        return self.root.get_by_role("button", name="Clear the room")

    @property
    def dialog(self) -> Locator:
        return self.root.locator('dialog[data-role="confirm-clear"]')

    def wait_until_done(self, timeout: float = READY_TIMEOUT_MS) -> RoomPage:
        """Until every hand-in given so far has been read and summed up (the results are no longer busy)."""
        expect(self.results).not_to_have_attribute("aria-busy", "true", timeout=timeout)
        return self

    def choose_files(self, files: list[tuple[str, bytes]]) -> RoomPage:
        """Press the drop zone and pick files in the file chooser it opens: (name, bytes) each."""
        with self.page.expect_file_chooser() as chooser:
            self.drop_zone.click()
        chooser.value.set_files([{"name": n, "mimeType": "application/json", "buffer": b} for n, b in files])
        return self.wait_until_done()

    def drop_files(self, files: list[tuple[str, str]], target: str = '[data-role="drop"]') -> RoomPage:
        """Drag files from the desktop and drop them on the drop zone (or `target`): (name, text) each."""
        self.page.evaluate(
            """([files, target]) => {
              const transfer = new DataTransfer();
              for (const [name, text] of files) {
                transfer.items.add(new File([text], name, { type: "application/json" }));
              }
              const zone = document.querySelector(target);
              for (const type of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
              }
            }""",
            [files, target],
        )
        return self.wait_until_done()

    def paste(self, text: str) -> RoomPage:
        """Put codes or links in the box and press Add."""
        self.paste_box.fill(text)
        self.add_button.click()
        return self.wait_until_done()

    def messages(self, kind: str = "errors") -> list[str]:
        """The lines under the inputs: "errors" (not added) or "notes", each as "source: message"."""
        return [" ".join(line.split()) for line in self.root.locator(f".course-room__{kind} li").all_inner_texts()]

    def learners(self) -> int:
        return int(self.root.locator('[data-role="learners"]').inner_text().split()[0])

    def duplicates(self) -> list[str]:
        return self.root.locator('[data-role="duplicates"] li').all_inner_texts()

    def section(self, widget_id: str) -> Locator:
        return self.summary.locator(f'section[data-widget-id="{widget_id}"]')

    def table_rows(self, widget_id: str) -> dict[str, list[str]]:
        """A summary table: row id -> [row heading, cells…], as the trainer reads them."""
        rows = self.section(widget_id).locator("tbody tr")
        return {
            rows.nth(i).get_attribute("data-row"): [
                " ".join(cell.split()) for cell in rows.nth(i).locator("th, td").all_inner_texts()
            ]
            for i in range(rows.count())
        }

    def wrong_options(self, widget_id: str) -> dict[str, int | None]:
        """Question id -> the number of the wrong option the room chose most (None: nobody chose one)."""
        rows = self.section(widget_id).locator("tbody tr")
        found = {}
        for i in range(rows.count()):
            option = rows.nth(i).locator("[data-option]")
            found[rows.nth(i).get_attribute("data-row")] = (
                int(option.get_attribute("data-option")) if option.count() else None
            )
        return found

    def matrix(self, widget_id: str) -> list[list[int]]:
        """The stage map's confusion matrix as its table shows it (rows: the card's stage)."""
        return [[int(cell) for cell in cells[1:]] for cells in self.table_rows(widget_id).values()]

    def export_csv(self) -> tuple[str, str]:
        """Press "Export as CSV": the file name the browser would save, and its text."""
        with self.page.expect_download() as info:
            self.export_button.click()
        download = info.value
        with open(download.path(), encoding="utf-8") as saved:
            return download.suggested_filename, saved.read()

    def ask_to_clear(self) -> RoomPage:
        self.clear_button.click()
        expect(self.dialog).to_be_visible()
        return self

    def confirm_clear(self) -> RoomPage:
        self.dialog.get_by_role("button", name="Clear the room").click()
        expect(self.dialog).to_be_hidden()
        return self.wait_until_done()

    def keep(self) -> RoomPage:
        self.dialog.get_by_role("button", name="Keep the hand-ins").click()
        expect(self.dialog).to_be_hidden()
        return self
