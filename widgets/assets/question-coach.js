// The question coach: the learner writes a question per situation; course.question_coach reads
// it in Python (via the worker) and answers with a verdict and a sentence per criterion, and what
// changed since the last try. Drafts and the last two coached questions are kept on this device;
// on the next visit Python coaches the kept questions again (a stored reading is never replayed).

import { NOTES, askPython, isObject, loadRecord, readContent, regrade, startWidget } from "./widget-kit.js";

const KIND = "question-coach";
const CHANGE_WORDS = { better: "Better", worse: "Worse" };

export function mount(root, { python, store }) {
  const { content, contentHash } = readContent(root);
  // situation id -> its parts, so stored ids are looked up, never put in selectors.
  const situations = new Map(
    [...root.querySelectorAll("[data-situation]")].map((element) => [
      element.dataset.situation,
      {
        element,
        form: element.querySelector("form"),
        question: element.querySelector('[data-role="question"]'),
        button: element.querySelector('[data-role="check"]'),
        status: element.querySelector('[data-role="status"]'),
        feedback: element.querySelector('[data-role="feedback"]'),
        models: element.querySelector('[data-role="models"]'),
      },
    ]),
  );

  const loaded = loadRecord(store, KIND, content.id, contentHash, isRecord);
  let record = loaded.record ?? fresh();
  // The kept questions still to be coached again, by situation; dropped when the learner acts there.
  let restored = new Map(
    Object.entries(record.situations)
      .filter(([, kept]) => typeof kept.last === "string")
      .map(([id, kept]) => [id, { question: kept.last, previous: kept.previous ?? null }]),
  );
  for (const [id, parts] of situations) {
    const kept = record.situations[id];
    if (kept && typeof kept.draft === "string") parts.question.value = kept.draft;
  }

  const widget = startWidget(root, {
    python,
    store,
    controls: [...situations.values()].map((parts) => parts.button),
    fallback: "You can still compare your questions with what the coach looks at and with the model questions.",
    notes: loaded.note ? [loaded.note] : [],
    onReady: coachRestored,
  });

  for (const [id, parts] of situations) {
    parts.question.addEventListener("input", () => {
      restored.delete(id);
      kept(id).draft = parts.question.value;
      save();
    });

    parts.form.addEventListener("submit", async (event) => {
      event.preventDefault();
      restored.delete(id);
      const question = parts.question.value;
      const previous = kept(id).last ?? null;
      const request = { widget: KIND, action: "coach", content, situation: id, question, previous };
      const result = await askPython(root, python, parts.button, request, parts.status, "Your question couldn't be coached");
      if (!result) return;
      const entry = kept(id);
      // Only a question the coach could read becomes the one to compare the next try with.
      if (result.state === "coached") {
        entry.previous = entry.last ?? null;
        entry.last = question;
      }
      entry.draft = parts.question.value;
      save();
      show(parts, result);
    });
  }

  function fresh() {
    return { contentHash, situations: {} };
  }

  function kept(id) {
    if (!isObject(record.situations[id])) record.situations[id] = { draft: "", last: null, previous: null };
    return record.situations[id];
  }

  function save() {
    store.write(KIND, content.id, record);
  }

  async function coachRestored() {
    const mine = restored;
    for (const [id, kept] of mine) {
      const request = { widget: KIND, action: "coach", content, situation: id, question: kept.question, previous: kept.previous };
      const outcome = await regrade(python, request);
      if (restored !== mine) return;
      if (outcome.rejected) {
        store.setAside(KIND, content.id, "refused by Python");
        record = fresh();
        restored = new Map();
        for (const parts of situations.values()) clear(parts);
        widget.note(NOTES.unreadable);
        return;
      }
      // The learner may have acted in this situation while Python worked: their action wins.
      if (outcome.result && mine.has(id) && situations.has(id)) show(situations.get(id), outcome.result);
    }
    restored = new Map();
  }

  function clear(parts) {
    parts.question.value = "";
    parts.status.textContent = "";
    parts.feedback.hidden = true;
    parts.feedback.replaceChildren();
    parts.models.classList.remove("is-revealed");
  }

  function show(parts, result) {
    parts.status.textContent = result.summary;
    if (result.state !== "coached") {
      parts.feedback.hidden = true;
      parts.feedback.replaceChildren();
      return;
    }
    const heading = document.createElement("h5");
    heading.textContent = "The coach's reading";
    const read = paragraph("course-question-coach__read", `It read: \u201c${result.question}\u201d`);
    const notes = result.notes.map((note) => paragraph("course-question-coach__note", note));
    const list = document.createElement("ul");
    list.className = "course-question-coach__verdicts";
    for (const criterion of result.criteria) {
      const item = document.createElement("li");
      item.className = "course-question-coach__verdict";
      item.dataset.criterion = criterion.id;
      item.dataset.verdict = criterion.verdict;
      const lead = document.createElement("strong");
      lead.className = "course-question-coach__label-verdict";
      lead.textContent = `${criterion.name}: ${criterion.label}.`;
      item.append(lead, " ", criterion.text);
      list.append(item);
    }
    parts.feedback.replaceChildren(heading, read, ...notes, list, ...changes(result.changes));
    parts.feedback.hidden = false;
    parts.models.classList.add("is-revealed");
  }
}

function changes(found) {
  if (!found) return [];
  const heading = document.createElement("h5");
  heading.textContent = "What changed since your last try";
  const steps = [...found.better.map((step) => ["better", step]), ...found.worse.map((step) => ["worse", step])];
  if (steps.length === 0) return [heading, paragraph("course-question-coach__unchanged", found.text)];
  const list = document.createElement("ul");
  list.className = "course-question-coach__changes";
  list.dataset.role = "changes";
  for (const [direction, step] of steps) {
    const item = document.createElement("li");
    item.dataset.criterion = step.id;
    item.dataset.change = direction;
    const lead = document.createElement("strong");
    lead.textContent = `${CHANGE_WORDS[direction]}:`;
    item.append(lead, " ", step.text);
    list.append(item);
  }
  return [heading, list];
}

function paragraph(className, text) {
  const element = document.createElement("p");
  element.className = className;
  element.textContent = text;
  return element;
}

// The shape only; whether the situations and questions fit this coach is for Python to say (see
// coachRestored).
function isRecord(value) {
  const isText = (v) => v === null || v === undefined || typeof v === "string";
  return (
    isObject(value) &&
    typeof value.contentHash === "string" &&
    isObject(value.situations) &&
    Object.values(value.situations).every(
      (kept) => isObject(kept) && isText(kept.draft) && isText(kept.last) && isText(kept.previous),
    )
  );
}
