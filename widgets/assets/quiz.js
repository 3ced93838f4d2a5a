// The quiz widget: native inputs work at once; every check is graded by course.quiz in
// Python (via the worker). The answers are kept on this device, with whether they were
// checked; a restored check is graded again by Python, never replayed from storage.

import {
  NOTES,
  askPython,
  hashNumber,
  isObject,
  loadRecord,
  readContent,
  regrade,
  sameAnswers,
  startWidget,
  wasChecked,
} from "./widget-kit.js";
import { seededShuffle } from "./order.js";
import { roomSeed, workshop } from "./workshop.js";

const KIND = "quiz";

export function mount(root, { python, store }) {
  const { content, contentHash } = readContent(root);
  const form = root.querySelector("form");
  const checkButton = root.querySelector('[data-role="check"]');
  const resetButton = root.querySelector('[data-role="reset"]');
  const status = root.querySelector('[data-role="status"]');
  const questions = new Map(
    [...root.querySelectorAll("[data-question]")].map((fieldset) => [fieldset.dataset.question, fieldset]),
  );
  // question id -> option index -> its <li>, so stored values are looked up, never put in selectors.
  const options = new Map(
    [...questions].map(([id, fieldset]) => [
      id,
      new Map([...fieldset.querySelectorAll("[data-option]")].map((option) => [Number(option.dataset.option), option])),
    ]),
  );

  const { record, note } = loadRecord(store, KIND, content.id, contentHash, isQuizRecord);
  // One order per learner, the same on every visit (see storage.js), different for each quiz; in
  // a trainer's room (?room=) one order for everyone in it.
  if (content.shuffle) {
    shuffleOptions(root, workshop.room ? roomSeed(workshop.room, content.id) : store.orderSeed() ^ hashNumber(content.id));
  }
  // The stored answers still to be re-graded; dropped as soon as the learner changes anything.
  let restored = null;
  if (record) {
    restoreInputs(record.answers);
    restored = { answers: record.answers, checked: wasChecked(record) };
  } else if (Object.keys(readAnswers()).length) {
    // Chosen before this module arrived (a slow network): kept like any later choice.
    store.write(KIND, content.id, { contentHash, answers: readAnswers(), checked: false });
  }

  const widget = startWidget(root, {
    python,
    store,
    controls: [checkButton],
    fallback: "You can still open the explanation under each option.",
    notes: note ? [note] : [],
    onReady: regradeRestored,
  });

  form.addEventListener("change", (event) => {
    restored = null;
    const fieldset = event.target.closest("[data-question]");
    if (fieldset) clearQuestion(fieldset);
    store.write(KIND, content.id, { contentHash, answers: readAnswers(), checked: false });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    restored = null;
    const answers = readAnswers();
    const request = { widget: KIND, action: "grade", content, answers };
    const result = await askPython(root, python, checkButton, request, status, "Your answers couldn't be checked");
    if (!result) return;
    show(result);
    const current = readAnswers();
    store.write(KIND, content.id, { contentHash, answers: current, checked: sameAnswers(current, answers) });
  });

  resetButton.addEventListener("click", () => {
    restored = null;
    clearAll();
    status.textContent = "Answers cleared. Try again.";
    store.forget(KIND, content.id);
    form.querySelector("input")?.focus();
  });

  async function regradeRestored() {
    const mine = restored;
    if (!mine) return;
    const outcome = await regrade(python, { widget: KIND, action: "grade", content, answers: mine.answers });
    if (restored !== mine) return;
    restored = null;
    if (outcome.rejected) {
      store.setAside(KIND, content.id, "refused by Python");
      clearAll();
      widget.note(NOTES.unreadable);
    } else if (outcome.result && mine.checked) {
      show(outcome.result);
    }
  }

  function readAnswers() {
    const answers = {};
    for (const [id, fieldset] of questions) {
      const chosen = [...fieldset.querySelectorAll("input:checked")].map((input) => Number(input.value));
      if (chosen.length) answers[id] = chosen;
    }
    return answers;
  }

  function restoreInputs(answers) {
    for (const [id, chosen] of Object.entries(answers)) {
      for (const index of chosen) {
        const input = options.get(id)?.get(index)?.querySelector("input");
        if (input) input.checked = true;
      }
    }
  }

  function clearAll() {
    form.reset();
    for (const fieldset of questions.values()) clearQuestion(fieldset);
    resetButton.hidden = true;
  }

  function show(result) {
    for (const graded of result.questions) {
      const fieldset = questions.get(graded.id);
      if (!fieldset) continue;
      clearQuestion(fieldset);
      const verdict = fieldset.querySelector('[data-role="verdict"]');
      verdict.textContent = graded.verdict;
      verdict.hidden = false;
      fieldset.classList.add(graded.correct ? "is-correct" : graded.answered ? "is-wrong" : "is-unanswered");
      for (const item of graded.feedback) {
        const option = options.get(graded.id).get(item.option);
        if (!option) continue;
        const box = option.querySelector('[data-role="feedback"]');
        // Python chose which feedback applies and whether the choice was right; the feedback
        // itself is shown as rendered at build time (links and emphasis included).
        const paragraph = document.createElement("p");
        const lead = document.createElement("strong");
        lead.textContent = item.correct ? "Correct." : "Not the best answer.";
        paragraph.append(lead, " ", option.querySelector(".course-widget__explanation-text").cloneNode(true));
        box.replaceChildren(paragraph);
        box.hidden = false;
        option.classList.add(item.correct ? "is-correct" : "is-wrong");
      }
    }
    status.textContent = result.summary;
    resetButton.hidden = false;
  }
}

function clearQuestion(fieldset) {
  fieldset.classList.remove("is-correct", "is-wrong", "is-unanswered");
  const verdict = fieldset.querySelector('[data-role="verdict"]');
  verdict.hidden = true;
  verdict.textContent = "";
  for (const option of fieldset.querySelectorAll("[data-option]")) {
    option.classList.remove("is-correct", "is-wrong");
    const box = option.querySelector('[data-role="feedback"]');
    box.hidden = true;
    box.textContent = "";
  }
}

// The shape only; whether the answers fit this quiz is for Python to say (see regradeRestored).
// `result` is what earlier versions stored: it only tells that the answers had been checked.
function isQuizRecord(value) {
  return (
    isObject(value) &&
    typeof value.contentHash === "string" &&
    isObject(value.answers) &&
    Object.values(value.answers).every((chosen) => Array.isArray(chosen) && chosen.every(Number.isInteger)) &&
    (value.checked === undefined || typeof value.checked === "boolean")
  );
}

// Each question gets its own order from the learner's seed, so options don't move in step.
function shuffleOptions(root, seed) {
  for (const fieldset of root.querySelectorAll("[data-question]")) {
    const list = fieldset.querySelector(".course-quiz__options");
    list.append(...seededShuffle([...list.children], seed ^ hashNumber(fieldset.dataset.question)));
  }
}
