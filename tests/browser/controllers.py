"""One Playwright controller per widget, with methods named for what a learner does."""

from __future__ import annotations

import json

from playwright.sync_api import Locator, Page, expect

READY_TIMEOUT_MS = 60_000


class QuizWidget:
    """A knowledge check on a page: choose options, check, read feedback, try again."""

    def __init__(self, page: Page, quiz_id: str) -> None:
        self.page = page
        self.root = page.locator(f"#{quiz_id}")

    @classmethod
    def first_on(cls, page: Page) -> QuizWidget:
        return cls(page, page.locator('.course-widget[data-widget="quiz"]').first.get_attribute("id"))

    @property
    def content(self) -> dict:
        """The quiz as the build validated it (the widget's JSON payload)."""
        return json.loads(self.root.locator("script.course-widget__data").text_content())

    def wait_until_ready(self) -> QuizWidget:
        expect(self.root).to_have_attribute("data-status", "ready", timeout=READY_TIMEOUT_MS)
        return self

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
        self.root.get_by_role("button", name="Try again").click()
        return self

    def expect_status(self, text: str) -> QuizWidget:
        expect(self.root.locator('[role="status"]')).to_have_text(text)
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
        inputs = self.question(question_id).locator("input")
        return [i for i in range(inputs.count()) if inputs.nth(i).is_checked()]
