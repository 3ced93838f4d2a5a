// The "My results" widget: every exercise of the course (from the catalog), whether this browser
// holds answers for it, and one button that hands them all in at once (the dialog of handin.js;
// Python makes the hand-in). It keeps only when the learner last made one here.

import { loadCatalog } from "./catalog.js";
import { openHandIn, storedItem, storedRecord } from "./handin.js";
import { isObject, readContent, startWidget } from "./widget-kit.js";

const KIND = "results";
const STATES = {
  answered: "Answered",
  none: "Not started",
  earlier: "Answered before the exercise changed: left out",
};

export function mount(root, { python, store }) {
  const { content } = readContent(root);
  const list = root.querySelector('[data-role="list"]');
  const button = root.querySelector('[data-role="hand-in"]');

  loadCatalog().then(start, (error) => {
    console.warn(`course widgets: #${root.id} has no catalog (${error.detail ?? error})`);
    const notice = root.querySelector('[data-role="notice"]');
    root.dataset.status = "error";
    notice.setAttribute("role", "alert");
    notice.textContent = `${error.message} Without it, this page can't tell what to hand in.`;
    notice.hidden = false;
  });

  function start(catalog) {
    const render = () => showList(catalog);
    render();
    list.hidden = false;
    startWidget(root, {
      python,
      store,
      controls: [button],
      fallback: "The list above still shows what this browser holds.",
    });
    button.addEventListener("click", () => {
      render();
      openHandIn({
        python,
        store,
        heading: "Hand in all my results",
        opener: button,
        items: () => catalog.widgets.map((entry) => storedItem(store, entry.kind, entry.id, entry.hash)).filter(Boolean),
        empty: "There is nothing to hand in yet: answer some exercises first, then come back here.",
        onMade: (handIn) => {
          store.write(KIND, content.id, { at: new Date().toISOString(), widgets: handIn.widgets });
          render();
        },
      });
    });
    // Answers given in another tab, or on another page while this one waited in the background.
    window.addEventListener("storage", render);
    document.addEventListener("visibilitychange", () => document.hidden || render());
  }

  function showList(catalog) {
    const rows = catalog.widgets.map((entry) => {
      return { entry, state: storedRecord(store, entry.kind, entry.id, entry.hash).state };
    });
    const answered = rows.filter((row) => row.state === "answered").length;
    const summary = document.createElement("p");
    summary.className = "course-results__summary";
    summary.textContent = `This browser holds answers to ${answered} of the course's ${rows.length} exercises.`;
    const table = document.createElement("table");
    const head = table.createTHead().insertRow();
    for (const name of ["Exercise", "Page", "In this browser"]) {
      const cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = name;
      head.append(cell);
    }
    const body = table.createTBody();
    for (const { entry, state } of rows) {
      const row = body.insertRow();
      row.dataset.widget = entry.id;
      row.dataset.state = state;
      const link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      row.insertCell().append(link);
      row.insertCell().textContent = entry.page_title;
      row.insertCell().textContent = STATES[state];
    }
    const parts = [summary, table];
    const last = lastHandIn();
    if (last) parts.push(last);
    list.replaceChildren(...parts);
  }

  function lastHandIn() {
    const { value } = store.load(KIND, content.id, (kept) => isObject(kept) && typeof kept.at === "string");
    const when = value ? new Date(value.at) : null;
    if (!when || Number.isNaN(when.getTime())) return null;
    const line = document.createElement("p");
    line.className = "course-results__last";
    line.textContent = `You last made a hand-in here on ${when.toLocaleString(undefined, {
      dateStyle: "long",
      timeStyle: "short",
    })}.`;
    return line;
  }
}
