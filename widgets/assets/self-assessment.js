// The self-assessment: native radio groups; Python computes the profile (scores, bands, change
// since last time); this module draws Python's numbers as an SVG chart with a table beside it.
// Answers are kept on this device; a restored profile is computed again by Python, never
// replayed from storage.

import {
  NOTES,
  askPython,
  isObject,
  loadRecord,
  readContent,
  regrade,
  sameAnswers,
  startWidget,
  wasChecked,
} from "./widget-kit.js";

const KIND = "self-assessment";
const SVG = "http://www.w3.org/2000/svg";

export function mount(root, { python, store }) {
  const { content, contentHash } = readContent(root);
  const form = root.querySelector("form");
  const showButton = root.querySelector('[data-role="check"]');
  const retakeButton = root.querySelector('[data-role="retake"]');
  const clearButton = root.querySelector('[data-role="clear"]');
  const status = root.querySelector('[data-role="status"]');
  const panel = root.querySelector('[data-role="profile"]');
  const items = new Map([...root.querySelectorAll("[data-item]")].map((item) => [item.dataset.item, item]));

  // The key is open in the page without JavaScript (to score by hand); here the profile does the scoring.
  root.querySelector('[data-role="key"]').open = false;

  // previous: the scores of the last profile before a retake, to show the change.
  const loaded = loadRecord(store, KIND, content.id, contentHash, isRecord);
  const saved = loaded.record;
  let record = saved
    ? {
        contentHash,
        answers: saved.answers,
        checked: wasChecked(saved),
        previous: saved.previous ?? null,
      }
    : fresh(null);
  // The profile on screen, as Python computed it this visit (a retake keeps its scores).
  let shown = null;
  // The stored answers still to be re-computed; dropped as soon as the learner changes anything.
  let restored = saved ? { answers: record.answers, previous: record.previous, checked: record.checked } : null;
  restoreInputs();

  const widget = startWidget(root, {
    python,
    store,
    controls: [showButton],
    fallback: "You can still score your answers by hand with the scoring key below.",
    notes: loaded.note ? [loaded.note] : [],
    onReady: recomputeRestored,
  });

  form.addEventListener("change", () => {
    restored = null;
    record = { ...record, answers: readAnswers(), checked: false };
    store.write(KIND, content.id, record);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    restored = null;
    const answers = readAnswers();
    const request = { widget: KIND, action: "profile", content, answers, previous: record.previous };
    const result = await askPython(root, python, showButton, request, status, "Your profile couldn't be computed");
    if (!result) return;
    const current = readAnswers();
    record = { ...record, answers: current, checked: sameAnswers(current, answers) };
    store.write(KIND, content.id, record);
    show(result);
    status.textContent = result.summary;
  });

  retakeButton.addEventListener("click", () => {
    restored = null;
    record = fresh(shown ? shown.scores : record.previous);
    store.write(KIND, content.id, record);
    form.reset();
    hideProfile();
    status.textContent = "Answers cleared. Your last profile is kept so you can see what changes.";
    items.values().next().value?.querySelector("input")?.focus();
  });

  clearButton.addEventListener("click", () => {
    restored = null;
    record = fresh(null);
    store.forget(KIND, content.id);
    form.reset();
    hideProfile();
    status.textContent = "Your answers and profiles have been forgotten on this device.";
  });

  function fresh(previous) {
    return { contentHash, answers: {}, checked: false, previous };
  }

  async function recomputeRestored() {
    const mine = restored;
    if (!mine) return;
    const request = { widget: KIND, action: "profile", content, answers: mine.answers, previous: mine.previous };
    const outcome = await regrade(python, request);
    if (restored !== mine) return;
    restored = null;
    if (outcome.rejected) {
      store.setAside(KIND, content.id, "refused by Python");
      record = fresh(null);
      form.reset();
      hideProfile();
      widget.note(NOTES.unreadable);
    } else if (outcome.result && mine.checked) {
      show(outcome.result);
    }
  }

  function readAnswers() {
    const answers = {};
    for (const [id, item] of items) {
      const chosen = item.querySelector("input:checked");
      if (chosen) answers[id] = Number(chosen.value);
    }
    return answers;
  }

  function restoreInputs() {
    for (const [id, point] of Object.entries(record.answers)) {
      const input = [...(items.get(id)?.querySelectorAll("input") ?? [])].find((i) => Number(i.value) === point);
      if (input) input.checked = true;
    }
    if (record.previous) retakeButton.hidden = clearButton.hidden = false;
  }

  function hideProfile() {
    shown = null;
    panel.hidden = true;
    panel.replaceChildren();
    retakeButton.hidden = true;
    clearButton.hidden = record.previous === null;
  }

  function show(result) {
    const rows = [...result.dimensions, result.overall];
    const heading = document.createElement("h4");
    heading.textContent = "Your profile";
    const caveat = document.createElement("p");
    caveat.className = "course-self-assessment__caveat";
    caveat.textContent = "A reflective tool, not a validated test: use it to decide what to practise next.";
    panel.replaceChildren(heading, caveat, chart(rows), table(rows), ...interpretations(rows));
    shown = result;
    panel.hidden = false;
    retakeButton.hidden = false;
    clearButton.hidden = false;
  }

  function table(rows) {
    // Unclassed, so Material styles it like every other table on the site.
    const tableEl = document.createElement("table");
    const caption = tableEl.createCaption();
    caption.textContent = "Your scores from 0 (pushing) to 100 (facilitating)";
    const head = tableEl.createTHead().insertRow();
    for (const title of ["Dimension", "Score", "Band", "Since last time"]) {
      const th = document.createElement("th");
      th.scope = "col";
      th.textContent = title;
      head.append(th);
    }
    const body = tableEl.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      tr.dataset.dimension = row.id;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = row.name;
      tr.append(th);
      tr.insertCell().textContent = row.score === null ? "not rated" : String(row.score);
      tr.insertCell().textContent = row.label ?? "–";
      tr.insertCell().textContent = describeDelta(row);
    }
    const wrapper = document.createElement("div");
    wrapper.className = "course-self-assessment__table";
    wrapper.append(tableEl);
    return wrapper;
  }

  function interpretations(rows) {
    return rows
      .filter((row) => row.band !== null)
      .map((row) => {
        const section = document.createElement("div");
        section.className = "course-self-assessment__reading";
        const title = document.createElement("p");
        const strong = document.createElement("strong");
        strong.textContent = `${row.name}: ${row.label}.`;
        title.append(strong);
        const band = root.querySelector(`.course-self-assessment__key [data-dimension="${row.id}"] [data-band="${row.band}"]`);
        for (const part of band.querySelectorAll(".course-self-assessment__band-text, .course-self-assessment__revisit")) {
          title.append(" ", part.cloneNode(true));
        }
        section.append(title);
        return section;
      });
  }
}

function describeDelta(row) {
  if (row.delta === null || row.delta === undefined) return row.previous === null ? "first time" : "–";
  if (row.delta === 0) return "no change";
  return row.delta > 0 ? `+${row.delta} (more facilitating)` : `${row.delta} (more pushing)`;
}

// Horizontal bars, one per dimension plus the overall position; a marker shows last time.
function chart(rows) {
  const width = 640;
  const labelHeight = 18;
  const barHeight = 16;
  const rowHeight = labelHeight + barHeight + 14;
  const left = 8;
  const right = 56;
  const trackWidth = width - left - right;
  const height = rows.length * rowHeight + 28;
  const svg = element("svg", { viewBox: `0 0 ${width} ${height}`, class: "course-chart", role: "img" });
  const summary = rows.map((row) => `${row.name}: ${row.score ?? "not rated"}`).join("; ");
  svg.append(element("title", {}, `Push-facilitate profile. ${summary}.`));
  rows.forEach((row, index) => {
    const y = index * rowHeight;
    const group = element("g", { class: `course-chart__row${row.id === "overall" ? " is-overall" : ""}`, "data-dimension": row.id });
    group.append(element("text", { x: left, y: y + 13, class: "course-chart__label" }, row.name));
    group.append(element("rect", { x: left, y: y + labelHeight, width: trackWidth, height: barHeight, rx: 3, class: "course-chart__track" }));
    if (row.score !== null) {
      const barWidth = Math.max(2, (trackWidth * row.score) / 100);
      group.append(
        element("rect", { x: left, y: y + labelHeight, width: barWidth, height: barHeight, rx: 3, class: "course-chart__bar" }),
      );
      group.append(
        element("text", { x: left + trackWidth + 8, y: y + labelHeight + 13, class: "course-chart__value" }, String(row.score)),
      );
    }
    if (row.previous !== null && row.previous !== undefined) {
      const x = left + (trackWidth * row.previous) / 100;
      group.append(
        element("line", { x1: x, x2: x, y1: y + labelHeight - 3, y2: y + labelHeight + barHeight + 3, class: "course-chart__previous" }),
      );
    }
    svg.append(group);
  });
  const axisY = rows.length * rowHeight + 12;
  svg.append(element("text", { x: left, y: axisY, class: "course-chart__axis" }, "0 pushing"));
  svg.append(
    element("text", { x: left + trackWidth, y: axisY, class: "course-chart__axis", "text-anchor": "end" }, "facilitating 100"),
  );
  if (rows.some((row) => row.previous !== null && row.previous !== undefined)) {
    svg.append(
      element("text", { x: left + trackWidth / 2, y: axisY, class: "course-chart__axis", "text-anchor": "middle" }, "| last time"),
    );
  }
  const figure = document.createElement("figure");
  figure.className = "course-self-assessment__chart";
  figure.append(svg);
  return figure;
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// The shape only; whether the answers fit this self-assessment is for Python to say (see
// recomputeRestored). `result` is what earlier versions stored: it only tells there was a profile.
function isRecord(value) {
  const isScores = (v) => v === null || (isObject(v) && Object.values(v).every(Number.isInteger));
  return (
    isObject(value) &&
    typeof value.contentHash === "string" &&
    isObject(value.answers) &&
    Object.values(value.answers).every(Number.isInteger) &&
    (value.previous === undefined || isScores(value.previous)) &&
    (value.checked === undefined || typeof value.checked === "boolean")
  );
}
