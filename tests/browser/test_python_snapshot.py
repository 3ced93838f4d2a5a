"""Python starts once per learner: the next page finds it running, a later visit restores it.

The next page (or the same page again) asks the Python still running in the shared worker; a later
visit, with the browser closed and opened again, restores the memory kept after the first start.

Every path that can't keep or restore falls back to a normal start and still grades: a browser
without shared workers (each page restores), a snapshot of another build, a corrupt one, one whose
restore stalls, and storage that is blocked.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from course import grade_quiz, parse_quiz
from tests.browser.conftest import HostFaults, ReturningLearner, busy_cpu
from tests.browser.controllers import QuizWidget, SelfAssessmentWidget
from tests.browser.test_startup import SLOW_READY_MS, answer_correctly, first_only, manifest_with

MODULE_1 = "/modules/01-right-solution-wrong-time/"
MODULE_2 = "/modules/02-the-buyers-system/"
SELF_ASSESSMENT = "/self-assessment/"

# Reads (or replaces) the one record python-snapshot.js keeps, from the page: same origin, same store.
READ_RECORD = """
() => new Promise((resolve) => {
  const opening = indexedDB.open("course-site:v1:python");
  opening.onerror = () => resolve(null);
  opening.onsuccess = () => {
    const database = opening.result;
    if (!database.objectStoreNames.contains("snapshot")) { database.close(); return resolve(null); }
    const reading = database.transaction("snapshot").objectStore("snapshot").get("current");
    reading.onsuccess = () => {
      const record = reading.result;
      database.close();
      resolve(record ? { key: record.key, size: record.size, stored: record.memory.size, saved: record.saved } : null);
    };
  };
})
"""
REPLACE_RECORD = """
(change) => new Promise((resolve, reject) => {
  const opening = indexedDB.open("course-site:v1:python");
  opening.onsuccess = () => {
    const database = opening.result;
    const store = database.transaction("snapshot", "readwrite").objectStore("snapshot");
    const reading = store.get("current");
    reading.onsuccess = () => {
      const record = reading.result;
      if (change === "other build") record.key = "an older build of the course";
      // Well-formed, but not Python's memory: Pyodide itself has to refuse it.
      if (change === "garbage") record.memory = new Blob([new Uint8Array(record.memory.size).fill(7)]);
      store.put(record, "current").onsuccess = () => { database.close(); resolve(); };
    };
  };
  opening.onerror = () => reject(opening.error);
})
"""


def kept_snapshot(page: Page, timeout_s: float = 60) -> dict:
    """The stored record once the first start has kept it (it is written just after ready)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        record = page.evaluate(READ_RECORD)
        if record:
            return record
        page.wait_for_timeout(200)
    raise AssertionError("Python's memory was never kept after the first start")


def ready_quiz(page: Page, path: str = MODULE_1) -> QuizWidget:
    page.goto(path)
    return QuizWidget.first_on(page).wait_until_ready()


def expect_graded(quiz: QuizWidget) -> None:
    answers = answer_correctly(quiz)
    quiz.check().expect_status(grade_quiz(parse_quiz(quiz.content), answers)["summary"])


def test_the_next_page_and_a_revisit_keep_python_running(page: Page, problems):
    quiz = ready_quiz(page)
    expect(quiz.root).to_have_attribute("data-python", "started")

    page.click("a.md-footer__link--next")
    expect(QuizWidget.first_on(page).wait_until_ready().root).to_have_attribute("data-python", "kept")
    page.goto(SELF_ASSESSMENT)
    widget = SelfAssessmentWidget.first_on(page).wait_until_ready()
    expect(widget.root).to_have_attribute("data-python", "kept")

    quiz = ready_quiz(page)
    expect(quiz.root).to_have_attribute("data-python", "kept")
    expect_graded(quiz)


def test_pages_in_several_tabs_share_one_python(context: BrowserContext, page: Page, problems):
    ready_quiz(page)
    other = context.new_page()
    problems.watch(context, other)
    quiz = ready_quiz(other, MODULE_2)
    expect(quiz.root).to_have_attribute("data-python", "kept")
    page.close()  # the tab that started it goes; the other keeps its Python
    expect_graded(quiz)


def test_a_later_visit_restores_python_instead_of_starting_it(returning_learner: ReturningLearner):
    _, page = returning_learner.visit()
    expect(ready_quiz(page).root).to_have_attribute("data-python", "started")
    record = kept_snapshot(page)
    # Named by what Python's memory depends on, and stored without its zero pages.
    assert "python_stdlib-" in record["key"] and "course-" in record["key"]
    assert 0 < record["stored"] < record["size"]

    _, page = returning_learner.visit()
    quiz = ready_quiz(page)
    expect(quiz.root).to_have_attribute("data-python", "restored")
    expect_graded(quiz)


NO_SHARED_WORKER = "delete window.SharedWorker;"
SHARED_WORKER_REFUSED = """
window.SharedWorker = function () { throw new DOMException("not in this frame", "SecurityError"); };
"""


@pytest.mark.parametrize("script", [NO_SHARED_WORKER, SHARED_WORKER_REFUSED], ids=["missing", "refused"])
def test_without_shared_workers_each_page_restores_the_kept_snapshot(page: Page, problems, script: str):
    """Safari and Firefox (no kept worker across pages) and frames that may not share a worker."""
    page.add_init_script(script)
    expect(ready_quiz(page).root).to_have_attribute("data-python", "started")
    kept_snapshot(page)
    quiz = ready_quiz(page, MODULE_2)
    expect(quiz.root).to_have_attribute("data-python", "restored")
    expect_graded(quiz)


def learner_with_kept_snapshot(learner: ReturningLearner) -> Page:
    """A first visit that ends once Python's memory is kept; the page of that (still open) visit."""
    _, page = learner.visit()
    ready_quiz(page)
    kept_snapshot(page)
    return page


@pytest.mark.parametrize("change", ["other build", "garbage"])
def test_a_snapshot_that_does_not_fit_is_replaced_by_a_normal_start(returning_learner: ReturningLearner, change: str):
    page = learner_with_kept_snapshot(returning_learner)
    kept = page.evaluate(READ_RECORD)
    page.evaluate(REPLACE_RECORD, change)
    replaced = page.evaluate(READ_RECORD)

    _, page = returning_learner.visit()
    quiz = ready_quiz(page, MODULE_2)
    expect(quiz.root).to_have_attribute("data-python", "started")
    expect(quiz.notice).to_be_hidden()
    expect_graded(quiz)
    # The start that replaced it kept a good one: the visit after restores again.
    deadline = time.monotonic() + 60
    while page.evaluate(READ_RECORD)["saved"] == replaced["saved"] and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert page.evaluate(READ_RECORD)["key"] == kept["key"]
    _, page = returning_learner.visit()
    expect(ready_quiz(page).root).to_have_attribute("data-python", "restored")


def test_a_restore_that_stalls_gives_way_to_a_normal_start(
    returning_learner: ReturningLearner, host_faults: HostFaults
):
    learner_with_kept_snapshot(returning_learner)
    _, page = returning_learner.visit()
    # This visit's worker never gets the memory it restores; it waits 2 s, not 20 s, before giving up.
    served = manifest_with(host_faults, first_only({"hang_restore": True, "silence_limit_ms": 2000}))
    quiz = ready_quiz(page)
    expect(quiz.root).to_have_attribute("data-python", "started")
    expect(quiz.notice).to_be_hidden()
    assert len(served) == 2, "one worker for the stalled restore, one fresh"
    expect_graded(quiz)


BLOCK_STORAGE = {
    "blocked": "IDBFactory.prototype.open = function () { throw new DOMException('blocked', 'SecurityError'); };",
    "never answers": "IDBFactory.prototype.open = function () { return {}; };",
    "full": ("IDBObjectStore.prototype.put = function () { throw new DOMException('full', 'QuotaExceededError'); };"),
}
USE_STORE = """
async () => {
  const store = await import("/assets/generated/widgets/python-snapshot.js");
  const saved = await store.saveSnapshot("key", new Uint8Array(200000).fill(1));
  const found = await store.findSnapshot("key");
  await store.dropSnapshot();
  return { saved, found: found !== null };
}
"""


@pytest.mark.parametrize("storage", list(BLOCK_STORAGE))
def test_the_snapshot_store_gives_up_quietly_when_storage_fails(page: Page, problems, storage: str):
    """Blocked, unresponsive or full storage means "no snapshot" (a normal start), never an error."""
    page.add_init_script(BLOCK_STORAGE[storage])
    page.goto("/glossary/")
    result = page.evaluate(USE_STORE)
    assert result == {"saved": False, "found": False}


def test_the_snapshot_store_keeps_and_returns_the_memory(page: Page, problems):
    page.goto("/glossary/")
    result = page.evaluate(
        """
async () => {
  const store = await import("/assets/generated/widgets/python-snapshot.js");
  const memory = new Uint8Array(300000);
  memory.set([1, 2, 3], 5);
  memory.set([9], 299999);
  const saved = await store.saveSnapshot("key", memory);
  const other = await store.findSnapshot("another key");
  const read = await (await store.findSnapshot("key")).read();
  await store.dropSnapshot();
  const dropped = await store.findSnapshot("key");
  const same = read.length === memory.length && read.every((byte, index) => byte === memory[index]);
  return { saved, other, same, dropped };
}
"""
    )
    assert result == {"saved": True, "other": None, "same": True, "dropped": None}


def test_a_later_visit_on_a_busy_computer_restores(returning_learner: ReturningLearner):
    learner_with_kept_snapshot(returning_learner)
    with busy_cpu(4):
        _, page = returning_learner.visit()
        page.goto(MODULE_1)
        quiz = QuizWidget.first_on(page).wait_until_ready(timeout=SLOW_READY_MS)
        expect(quiz.root).to_have_attribute("data-python", "restored")
