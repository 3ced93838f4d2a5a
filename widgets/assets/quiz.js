// The quiz widget: native inputs work at once; every check is graded by course.quiz in
// Python (via the worker); answers and the last result are kept on this device.

import { askPython, isObject, readContent, startWidget } from "./widget-kit.js";

const KIND = "quiz";

export function mountQuiz(root, { python, store }) {
  const { content, contentHash } = readContent(root);
  const form = root.querySelector("form");
  const checkButton = root.querySelector('[data-role="check"]');
  const resetButton = root.querySelector('[data-role="reset"]');
  const status = root.querySelector('[data-role="status"]');
  const questions = new Map(
    [...root.querySelectorAll("[data-question]")].map((fieldset) => [fieldset.dataset.question, fieldset]),
  );

  startWidget(root, {
    python,
    store,
    controls: [checkButton],
    fallback: "You can still open the explanation under each option.",
  });
  if (content.shuffle) shuffleOptions(root);

  const saved = store.read(KIND, content.id, isQuizRecord);
  if (saved) restore(saved);

  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("[data-question]");
    if (fieldset) clearQuestion(fieldset);
    store.write(KIND, content.id, { contentHash, answers: readAnswers(), result: null });
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const answers = readAnswers();
    const request = { widget: KIND, action: "grade", content, answers };
    const result = await askPython(root, python, checkButton, request, status, "Your answers couldn't be checked");
    if (!result) return;
    show(result);
    store.write(KIND, content.id, { contentHash, answers, result });
  });

  resetButton.addEventListener("click", () => {
    form.reset();
    for (const fieldset of questions.values()) clearQuestion(fieldset);
    status.textContent = "Answers cleared. Try again.";
    resetButton.hidden = true;
    store.forget(KIND, content.id);
    form.querySelector("input")?.focus();
  });

  function readAnswers() {
    const answers = {};
    for (const [id, fieldset] of questions) {
      const chosen = [...fieldset.querySelectorAll("input:checked")].map((input) => Number(input.value));
      if (chosen.length) answers[id] = chosen;
    }
    return answers;
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
        const option = fieldset.querySelector(`[data-option="${item.option}"]`);
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

  function restore(record) {
    const answers = record.contentHash === contentHash ? record.answers : {};
    for (const [id, chosen] of Object.entries(answers)) {
      const fieldset = questions.get(id);
      for (const index of fieldset ? chosen : []) {
        const input = fieldset.querySelector(`[data-option="${index}"] input`);
        if (input) input.checked = true;
      }
    }
    if (record.contentHash === contentHash && record.result) show(record.result);
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

function isQuizRecord(value) {
  return (
    isObject(value) &&
    typeof value.contentHash === "string" &&
    isObject(value.answers) &&
    Object.values(value.answers).every((chosen) => Array.isArray(chosen) && chosen.every(Number.isInteger)) &&
    (value.result === null || (isObject(value.result) && Array.isArray(value.result.questions) &&
      typeof value.result.summary === "string"))
  );
}

function shuffleOptions(root) {
  for (const list of root.querySelectorAll(".course-quiz__options")) {
    const items = [...list.children];
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    list.append(...items);
  }
}
