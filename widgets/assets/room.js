// The trainer's room page: hand-ins come in as dropped or chosen files, pasted codes and links, or
// the QR link the page was opened with (#CR1.…); course.results in Python reads them (room/read)
// and computes how the room did (room/summary), and this module draws Python's numbers as SVG
// charts with tables beside them. The room is kept on this device like any widget's progress.
// Everything a hand-in carries (names, and the texts Python quotes) is set as text, never as markup.

import { forPython, loadCatalog } from "./catalog.js";
import { isObject, readContent, startWidget } from "./widget-kit.js";

const KIND = "room";
const SVG = "http://www.w3.org/2000/svg";

// Checked here before anything is read, so a hostile drop can't tie up the page; Python checks again.
const FILE_LIMIT_BYTES = 200_000;
const FILES_LIMIT = 500;
const PASTE_LIMIT_BYTES = 2_000_000;
// A link or code in the address: the page was opened from a learner's QR code.
const LINK_CODE = /^#CR\d+\./i;
const FROM_LINK = "the link you opened";
const PASTED = "the pasted text";
const CSV_NAME = "room-results.csv";
// What the page measures about each summary, for anyone timing it (performance.getEntriesByName).
export const SUMMARY_MEASURE = "course-room:summary";

const NOTES = {
  unreadable: "The room kept in this browser couldn't be read, so it starts empty.",
  notKept: "Hand-ins you add stay only while this page is open.",
};
const CATALOG_FAILED = "Hand-ins can't be read without it.";

export function mount(root, deps) {
  // The catalog first: without it no hand-in can be read or judged.
  loadCatalog().then(
    (catalog) => start(root, deps, catalog),
    (error) => cannotLoad(root, error),
  );
}

function cannotLoad(root, error) {
  console.error("course widgets: the room page could not load the catalog", error);
  root.dataset.status = "error";
  const notice = root.querySelector('[data-role="notice"]');
  notice.hidden = false;
  notice.setAttribute("role", "alert");
  notice.textContent = `${error.message || "The list of this course's exercises couldn't be loaded."} ${CATALOG_FAILED}`;
}

function start(root, { python, store }, catalog) {
  const { content } = readContent(root);
  const role = (name) => root.querySelector(`[data-role="${name}"]`);
  const addSection = role("add");
  const resultsSection = role("results");
  const drop = role("drop");
  const fileInput = role("files");
  const pasteForm = role("paste-form");
  const pasteBox = role("paste");
  const addButton = role("add-codes");
  const status = role("status");
  const messages = role("messages");
  const summaryPanel = role("summary");
  const roomActions = role("room-actions");
  const exportButton = role("export");
  const clearButton = role("clear");
  // Per widget id, what room/read needs to judge a hand-in, and what room/summary needs to grade it.
  const catalogs = { brief: forPython(catalog), full: forPython(catalog, { content: true }) };
  const order = new Map(catalog.widgets.map((entry, index) => [entry.id, index]));

  const loaded = store.load(KIND, content.id, isRoom);
  let room = loaded.value ?? emptyRoom();
  let summary = null;
  let queue = Promise.resolve();
  let busy = 0;

  const notes = loaded.unreadable ? [NOTES.unreadable] : [];
  if (!store.persistent) notes.push(NOTES.notKept);
  const widget = startWidget(root, {
    python,
    store,
    controls: [drop, addButton],
    fallback: "Hand-ins can't be read or summarised until it starts.",
    notes,
    onReady: () => enqueue(restore),
  });
  store.subscribe?.(() => {
    if (!store.persistent) widget.note(NOTES.notKept);
  });
  // Without Python there is nothing to add to: the inputs go, the last results stay readable.
  python.subscribe((state) => {
    addSection.hidden = state.name === "error";
  });
  resultsSection.hidden = false;
  render();

  drop.addEventListener("click", () => fileInput.click());
  fileInput.addEventListener("change", () => {
    const chosen = [...fileInput.files];
    // Emptied, so choosing the same files again is a change too.
    fileInput.value = "";
    if (chosen.length) enqueue(() => addFiles(chosen));
  });
  // A file dropped anywhere on the page is meant for the room; the browser would open it instead.
  document.addEventListener("dragover", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    drop.classList.add("is-target");
  });
  document.addEventListener("dragleave", (event) => {
    if (event.relatedTarget === null) drop.classList.remove("is-target");
  });
  document.addEventListener("drop", (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    drop.classList.remove("is-target");
    const dropped = [...event.dataTransfer.files];
    if (dropped.length) enqueue(() => addFiles(dropped));
  });

  pasteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    enqueue(addPasted);
  });
  window.addEventListener("hashchange", () => {
    if (LINK_CODE.test(window.location.hash)) enqueue(addFromLink);
  });
  exportButton.addEventListener("click", exportCsv);
  const confirm = confirmDialog(root, () => enqueue(clearRoom));
  clearButton.addEventListener("click", () => confirm.open(summary, clearButton));

  // One change to the room at a time, in the order they came; the results are busy until all are done.
  function enqueue(task) {
    busy += 1;
    resultsSection.setAttribute("aria-busy", "true");
    const run = queue.then(task, task);
    queue = run
      .catch((error) => console.error("course widgets: the room could not take that in", error))
      .finally(() => {
        busy -= 1;
        if (!busy) resultsSection.removeAttribute("aria-busy");
      });
    return queue;
  }

  async function restore() {
    if (room.handins.length && !(await summarise())) {
      // Python refused what was kept: set it aside, as any widget does with unusable progress.
      store.setAside(KIND, content.id, "refused by Python");
      room = emptyRoom();
      summary = null;
      render();
      widget.note(NOTES.unreadable);
    }
    if (LINK_CODE.test(window.location.hash)) await addFromLink();
  }

  async function addFiles(chosen) {
    const problems = [];
    const kept = chosen.slice(0, FILES_LIMIT);
    if (chosen.length > FILES_LIMIT) {
      const left = chosen.length - FILES_LIMIT;
      problems.push({
        source: "the files you gave",
        message:
          `That was ${count(chosen.length, "file")}; at most ${FILES_LIMIT} are read at a time, so the last ` +
          `${count(left, "file")} ${left === 1 ? "was" : "were"} not read. Add ${left === 1 ? "it" : "them"} in another go.`,
      });
    }
    const readable = [];
    for (const file of kept) {
      if (file.size > FILE_LIMIT_BYTES) {
        problems.push({
          source: file.name,
          message: `This file is ${kilobytes(file.size)}; a hand-in file is at most 200 KB, so it was not read.`,
        });
      } else {
        readable.push(file);
      }
    }
    say(`Reading ${count(readable.length, "file")}…`);
    const items = [];
    for (const file of readable) {
      try {
        items.push({ source: file.name, text: await file.text() });
      } catch {
        problems.push({ source: file.name, message: "This file couldn't be opened, so it was not read." });
      }
    }
    await addItems(items, problems, drop);
  }

  async function addPasted() {
    const text = pasteBox.value;
    if (!text.trim()) {
      say("Paste one or more codes or links in the box first.");
      return;
    }
    const size = byteLength(text);
    if (size > PASTE_LIMIT_BYTES) {
      const problem = {
        source: PASTED,
        message:
          `The pasted text is ${megabytes(size)}; at most 2 MB is read at a time, so none of it was read. ` +
          "Paste fewer codes at once.",
      };
      await addItems([], [problem], addButton);
      return;
    }
    const outcome = await addItems([{ source: PASTED, text }], [], addButton);
    // What could not be read stays in the box, to correct; what was read is in the room.
    if (outcome && outcome.errors === 0) pasteBox.value = "";
  }

  async function addFromLink() {
    const link = window.location.href;
    await addItems([{ source: FROM_LINK, text: link }], [], null);
    // Read once: a reload or a bookmark must not add it again.
    if (window.location.href === link) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
  }

  // Read items with Python, keep what it accepts, summarise again and say what happened.
  async function addItems(items, problems, button) {
    startBusy(button);
    try {
      let read = { handins: [], errors: [], notes: [] };
      if (items.length) {
        say(items.length === 1 ? "Reading the hand-in…" : `Reading ${count(items.length, "item")}…`);
        const answer = await ask({ widget: KIND, action: "read", items, catalog: catalogs.brief });
        if (answer.failure) {
          say(answer.failure);
          showMessages(problems, []);
          return null;
        }
        read = answer.result;
      }
      const { added, again } = merge(read.handins);
      if (added.length) store.write(KIND, content.id, room);
      if (added.length || !summary) await summarise();
      const errors = [...problems, ...read.errors];
      const extra = again.length ? [alreadyNote(again)] : [];
      showMessages(errors, [...extra, ...read.notes]);
      say(report(added, again, errors, items));
      return { added: added.length, errors: errors.length };
    } finally {
      endBusy(button);
    }
  }

  // Hand-ins not yet in the room join it; one already there (the same payload) is not counted twice.
  function merge(handins) {
    const known = new Set(room.handins.map((handin) => JSON.stringify(handin)));
    const added = [];
    const again = [];
    for (const handin of handins) {
      const key = JSON.stringify(handin);
      if (known.has(key)) {
        again.push(handin);
      } else {
        known.add(key);
        added.push(handin);
      }
    }
    if (added.length) room = { ...room, handins: [...room.handins, ...added] };
    return { added, again };
  }

  // Python's summary of the whole room; false if it refused the room's hand-ins.
  async function summarise() {
    if (!room.handins.length) {
      summary = null;
      render();
      return true;
    }
    const started = performance.now();
    const answer = await ask({ widget: KIND, action: "summary", handins: room.handins, catalog: catalogs.full });
    performance.measure(SUMMARY_MEASURE, { start: started, end: performance.now(), detail: room.handins.length });
    if (answer.failure) {
      if (answer.refused) return false;
      say(answer.failure);
      return true;
    }
    summary = answer.result;
    render();
    return true;
  }

  // {result}, or {failure: what to tell the trainer, refused: Python answered "no"}.
  async function ask(request) {
    try {
      const response = await python.call(request);
      if (response.ok) return { result: response.result };
      console.warn(`course widgets: the room's request was refused: ${response.detail ?? response.error}`);
      const failure = response.detail && response.error ? response.error : "Python couldn't read that.";
      return { failure, refused: !response.detail };
    } catch (failure) {
      return { failure: failure.message };
    }
  }

  // The button stays focusable while it works (a disabled one would drop focus to <body>).
  function startBusy(button) {
    button?.setAttribute("aria-disabled", "true");
  }

  function endBusy(button) {
    button?.removeAttribute("aria-disabled");
  }

  function say(text) {
    status.textContent = text;
  }

  function showMessages(errors, notes) {
    const parts = [];
    if (errors.length) parts.push(...messageList("Not added", errors, "course-room__errors"));
    if (notes.length) parts.push(...messageList("Notes", notes, "course-room__notes"));
    messages.replaceChildren(...parts);
    messages.hidden = parts.length === 0;
  }

  function render() {
    const parts = summary ? summaryParts(summary, order) : [paragraph("course-room__empty", EMPTY)];
    summaryPanel.replaceChildren(...parts);
    roomActions.hidden = summary === null;
  }

  function exportCsv() {
    if (!summary) return;
    const url = URL.createObjectURL(new Blob([summary.csv], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = CSV_NAME;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    // The download has its own copy once it starts; the URL is not needed after that.
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    say(`Downloaded ${CSV_NAME}: the room's results as a table for a spreadsheet.`);
  }

  function clearRoom() {
    const before = summary;
    room = emptyRoom();
    summary = null;
    store.forget(KIND, content.id);
    render();
    showMessages([], []);
    const gone = before ? count(before.handins, "hand-in") : "The hand-ins";
    say(`The room is empty: ${gone} removed from this browser.`);
    // The button that was pressed is gone with the results: the next thing to do is to add.
    drop.focus();
  }
}

const EMPTY = "No hand-ins yet. Add learners' files or codes above, or open a learner's QR link on this device.";

function emptyRoom() {
  return { handins: [] };
}

// The shape only; whether the hand-ins are any good is for Python to say (see restore).
function isRoom(value) {
  return isObject(value) && Array.isArray(value.handins) && value.handins.every(isObject);
}

function carriesFiles(event) {
  return [...(event.dataTransfer?.types ?? [])].includes("Files");
}

function byteLength(text) {
  // Cheap first: UTF-8 takes at least one byte per UTF-16 unit and at most three.
  if (text.length * 3 <= PASTE_LIMIT_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

function kilobytes(bytes) {
  return `${Math.ceil(bytes / 1000)} KB`;
}

function megabytes(bytes) {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function count(number, word) {
  return `${number.toLocaleString("en")} ${word}${number === 1 ? "" : "s"}`;
}

function who(handin) {
  return handin.name ? handin.name : "an anonymous learner";
}

function alreadyNote(again) {
  if (again.length === 1) {
    const [handin] = again;
    return { source: capitalise(who(handin)), message: "This hand-in was already in the room, so it counts once." };
  }
  return {
    source: count(again.length, "hand-in"),
    message: "These were already in the room (or given more than once), so each counts once.",
  };
}

// The status line after an add: what joined the room, what didn't, and the room's size now.
function report(added, again, errors, items) {
  const sentences = [];
  if (added.length === 1) {
    const from = items.length === 1 && items[0].source === FROM_LINK ? " from the link you opened" : "";
    sentences.push(`Added ${possessive(who(added[0]))} hand-in${from}.`);
  } else if (added.length) {
    sentences.push(`Added ${count(added.length, "hand-in")}.`);
  } else if (!again.length) {
    sentences.push("Nothing was added.");
  }
  if (again.length) sentences.push(`${count(again.length, "hand-in")} ${again.length === 1 ? "was" : "were"} already in the room.`);
  if (errors.length) {
    sentences.push(`${count(errors.length, "item")} could not be added: see the list below.`);
  }
  return sentences.join(" ");
}

function possessive(name) {
  return name === "an anonymous learner" ? "an anonymous learner's" : `${name}'s`;
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function messageList(title, entries, className) {
  const heading = document.createElement("h5");
  heading.className = "course-room__messages-title";
  heading.textContent = `${title} (${entries.length.toLocaleString("en")})`;
  const list = document.createElement("ul");
  list.className = className;
  for (const entry of entries) {
    const item = document.createElement("li");
    const source = document.createElement("strong");
    source.textContent = `${entry.source}:`;
    item.append(source, ` ${entry.message}`);
    list.append(item);
  }
  return [heading, list];
}

// The summary: the room's size and repeat hand-ins, then one section per exercise, in the course's
// order (`order`: widget id -> its place in the catalog).
function summaryParts(summary, order) {
  const sections = [
    ...summary.quizzes.map((entry) => [entry, quizSection]),
    ...summary.stage_maps.map((entry) => [entry, stageMapSection]),
    ...summary.self_assessments.map((entry) => [entry, selfAssessmentSection]),
    ...summary.coaches.map((entry) => [entry, coachSection]),
  ];
  sections.sort(([a], [b]) => (order.get(a.id) ?? Infinity) - (order.get(b.id) ?? Infinity));
  return [overview(summary), ...sections.map(([entry, draw]) => draw(entry))];
}

function overview(summary) {
  const section = document.createElement("div");
  section.className = "course-room__overview";
  section.dataset.role = "overview";
  const line = paragraph("course-room__count", "");
  const strong = document.createElement("strong");
  strong.dataset.role = "learners";
  strong.textContent = count(summary.learners, "learner");
  const handins = summary.handins === summary.learners ? "" : ` (${count(summary.handins, "hand-in")})`;
  line.append(strong, `${handins} in the room.`);
  section.append(line);
  if (summary.duplicates.length) {
    const list = document.createElement("ul");
    list.className = "course-room__duplicates";
    list.dataset.role = "duplicates";
    for (const duplicate of summary.duplicates) {
      const item = document.createElement("li");
      item.textContent = duplicate.message;
      list.append(item);
    }
    section.append(list);
  }
  if (summary.notes?.length) section.append(...messageList("Left out", summary.notes, "course-room__notes"));
  return section;
}

function widgetSection(entry, kindName, more = "") {
  const section = document.createElement("section");
  section.className = "course-room__widget";
  section.dataset.widgetId = entry.id;
  const heading = document.createElement("h5");
  heading.className = "course-room__widget-title";
  heading.textContent = entry.title;
  const meta = paragraph("course-room__meta", `${kindName}, ${count(entry.learners, "learner")}${more}`);
  section.append(heading, meta);
  return section;
}

function quizSection(quiz) {
  const section = widgetSection(quiz, "Knowledge check");
  section.dataset.kind = "quiz";
  const bars = quiz.questions.map((question, index) => ({
    label: `Question ${index + 1}`,
    value: question.answered ? question.correct / question.answered : 0,
    text: question.answered ? percent(question.share) : "no answers",
  }));
  const chart = barChart(`${quiz.title}: the share of learners who answered each question right.`, bars);
  const rows = quiz.questions.map((question, index) => {
    const wrong = document.createElement("div");
    if (question.wrong) {
      wrong.dataset.option = String(question.wrong.option);
      const option = paragraph("course-room__option", "");
      const chosen = document.createElement("strong");
      chosen.textContent = `Chosen by ${count(question.wrong.count, "learner")}:`;
      option.append(chosen, ` ${question.wrong.text}`);
      const feedback = paragraph("course-room__feedback", question.wrong.feedback);
      wrong.append(option, feedback);
    } else {
      wrong.textContent = question.answered ? "Nobody chose a wrong option." : "–";
    }
    return {
      id: question.id,
      head: `${index + 1}. ${question.prompt}`,
      cells: [`${question.correct} of ${question.answered} (${percent(question.share)})`, wrong],
    };
  });
  const tableEl = table("Right answers per question, and the wrong option chosen most", ["Question", "Right", "Most chosen wrong option"], rows);
  section.append(pair(chart, tableEl));
  return section;
}

function stageMapSection(map) {
  const section = widgetSection(map, "Stage-mapping exercise");
  section.dataset.kind = "stage-map";
  const names = map.stages.map((stage, index) => `${index + 1}. ${stage.name}`);
  const header = ["Card's stage", ...map.stages.map((_, index) => placedHeader(index))];
  const rows = map.stages.map((stage, row) => ({
    id: stage.id,
    head: names[row],
    cells: map.matrix[row].map(String),
  }));
  const tableEl = table("Where the room placed each stage's cards: rows are the card's stage, columns where learners placed it", header, rows);
  section.append(pair(heatGrid(map, names), tableEl, "is-matrix"));
  if (map.mixed_up.length) {
    const heading = document.createElement("h6");
    heading.className = "course-room__subheading";
    heading.textContent = "Mixed up most";
    const list = document.createElement("ul");
    list.className = "course-room__mixed-up";
    for (const pairing of map.mixed_up) {
      const item = document.createElement("li");
      item.textContent = pairing.message;
      list.append(item);
    }
    section.append(heading, list);
  }
  return section;
}

function placedHeader(index) {
  const hidden = document.createElement("span");
  hidden.className = "course-room__hidden";
  hidden.textContent = "Placed at stage ";
  const wrapper = document.createElement("span");
  wrapper.append(hidden, String(index + 1));
  return wrapper;
}

function selfAssessmentSection(assessment) {
  const section = widgetSection(assessment, "Self-assessment");
  section.dataset.kind = "self-assessment";
  const dimensions = [...assessment.dimensions, assessment.overall];
  const bars = [];
  for (const dimension of dimensions) {
    bars.push({ group: `${dimension.name} (mean ${formatMean(dimension.mean)})` });
    for (const band of dimension.bands) {
      bars.push({
        label: band.label,
        value: dimension.learners ? band.count / dimension.learners : 0,
        text: String(band.count),
      });
    }
  }
  const chart = barChart(`${assessment.title}: how many learners fall in each band, per dimension.`, bars);
  const rows = dimensions.map((dimension) => {
    const list = document.createElement("ul");
    list.className = "course-room__bands";
    for (const band of dimension.bands) {
      const item = document.createElement("li");
      item.textContent = `${band.label}: ${band.count}`;
      list.append(item);
    }
    return { id: dimension.id, head: dimension.name, cells: [formatMean(dimension.mean), list] };
  });
  const tableEl = table(
    "Learners per band, and the mean score from 0 (pushing) to 100 (facilitating)",
    ["Dimension", "Mean", "Learners per band"],
    rows,
  );
  section.append(pair(chart, tableEl));
  return section;
}

function coachSection(coach) {
  const section = widgetSection(coach, "Question coach", `, ${count(coach.questions, "question")}`);
  section.dataset.kind = "question-coach";
  const bars = coach.criteria.map((criterion) => ({
    label: criterion.name,
    value: criterion.share ?? 0,
    text: percent(criterion.share),
  }));
  const chart = barChart(`${coach.title}: the share of learners' questions that met each criterion.`, bars);
  const rows = coach.criteria.map((criterion) => ({
    id: criterion.id,
    head: criterion.name,
    cells: [`${criterion.met} of ${criterion.asked} (${percent(criterion.share)})`],
  }));
  const tableEl = table("Questions that met each criterion", ["Criterion", "Met"], rows);
  section.append(pair(chart, tableEl));
  return section;
}

function percent(share) {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
}

function formatMean(mean) {
  return mean === null || mean === undefined ? "–" : String(mean);
}

function paragraph(className, text) {
  const made = document.createElement("p");
  made.className = className;
  made.textContent = text;
  return made;
}

// The chart and its table side by side where there is room, one under the other elsewhere.
function pair(chart, tableEl, variant = "") {
  const wrapper = document.createElement("div");
  wrapper.className = `course-room__pair ${variant}`.trim();
  // The table stays unclassed, so Material styles it like every other table on the site.
  const scroller = document.createElement("div");
  scroller.className = "course-room__table";
  scroller.append(tableEl);
  wrapper.append(chart, scroller);
  scrollers.observe(scroller);
  return wrapper;
}

// A table wider than its column scrolls sideways inside it; then, and only then, the wrapper is a
// named region that the keyboard can reach to scroll it (otherwise it would be a stop for nothing).
const scrollers = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    if (!target.isConnected) {
      scrollers.unobserve(target);
    } else if (target.scrollWidth > target.clientWidth + 1) {
      target.tabIndex = 0;
      target.setAttribute("role", "region");
      target.setAttribute("aria-label", target.querySelector("caption").textContent);
    } else {
      target.removeAttribute("tabindex");
      target.removeAttribute("role");
      target.removeAttribute("aria-label");
    }
  }
});

// rows: [{id, head, cells: [text or node]}]; the first column is each row's header.
function table(captionText, headers, rows) {
  const tableEl = document.createElement("table");
  tableEl.createCaption().textContent = captionText;
  const head = tableEl.createTHead().insertRow();
  for (const title of headers) {
    const th = document.createElement("th");
    th.scope = "col";
    th.append(title);
    head.append(th);
  }
  const body = tableEl.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.row = row.id;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.head;
    tr.append(th);
    for (const cell of row.cells) tr.insertCell().append(cell);
  }
  return tableEl;
}

// Horizontal bars from 0 to 1, each with its label above it; {group} rows are headings.
function barChart(title, rows) {
  // Narrow, so its labels stay readable in the column beside the table.
  const width = 400;
  const left = 4;
  const right = 56;
  const track = width - left - right;
  let y = 0;
  const svg = element("svg", { class: "course-chart course-room__chart", role: "img" });
  const summary = rows
    .filter((row) => !row.group)
    .map((row) => `${row.label}: ${row.text}`)
    .join("; ");
  svg.append(element("title", {}, `${title} ${summary}.`));
  for (const row of rows) {
    if (row.group) {
      svg.append(element("text", { x: left, y: y + 16, class: "course-chart__group" }, row.group));
      y += 26;
      continue;
    }
    const group = element("g", { class: "course-chart__row" });
    group.append(element("text", { x: left, y: y + 13, class: "course-chart__label" }, row.label));
    group.append(element("rect", { x: left, y: y + 18, width: track, height: 16, rx: 3, class: "course-chart__track" }));
    if (row.value > 0) {
      const barWidth = Math.max(2, track * Math.min(1, row.value));
      group.append(element("rect", { x: left, y: y + 18, width: barWidth, height: 16, rx: 3, class: "course-chart__bar" }));
    }
    group.append(element("text", { x: left + track + 8, y: y + 31, class: "course-chart__value" }, row.text));
    svg.append(group);
    y += 44;
  }
  svg.setAttribute("viewBox", `0 0 ${width} ${y + 4}`);
  return figure(svg);
}

// The stage map's confusion matrix as a grid: each row is shaded by where that stage's cards went.
function heatGrid(map, names) {
  const size = map.stages.length;
  // Wide enough for the longest stage name at the label's size (about 7 units a character).
  const labelWidth = Math.min(320, 16 + 7 * Math.max(...names.map((name) => name.length)));
  const cell = 44;
  const top = 40;
  const width = labelWidth + size * cell + 8;
  const height = top + size * cell + 30;
  const svg = element("svg", { viewBox: `0 0 ${width} ${height}`, class: "course-chart course-room__grid", role: "img" });
  const mixed = [];
  map.matrix.forEach((row, r) => {
    row.forEach((value, c) => {
      if (r !== c && value) mixed.push(`${value} placed a stage ${r + 1} card at ${c + 1}`);
    });
  });
  const described = mixed.length ? mixed.join("; ") : "no card placed at another stage";
  svg.append(element("title", {}, `${map.title}: where learners placed each stage's cards. ${described}.`));
  svg.append(element("text", { x: labelWidth + (size * cell) / 2, y: 12, class: "course-chart__axis", "text-anchor": "middle" }, "placed at stage"));
  for (let c = 0; c < size; c++) {
    svg.append(
      element("text", { x: labelWidth + c * cell + cell / 2, y: top - 8, class: "course-chart__label", "text-anchor": "middle" }, String(c + 1)),
    );
  }
  map.matrix.forEach((row, r) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    const y = top + r * cell;
    svg.append(element("text", { x: labelWidth - 8, y: y + cell / 2 + 5, class: "course-chart__label", "text-anchor": "end" }, names[r]));
    row.forEach((value, c) => {
      const share = total ? value / total : 0;
      const x = labelWidth + c * cell;
      const classes = ["course-room__cell", value ? "has-value" : "", r === c ? "is-right" : ""].filter(Boolean).join(" ");
      const square = element("rect", { x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, class: classes });
      if (value) square.setAttribute("fill-opacity", String(0.15 + 0.85 * share));
      svg.append(square);
      if (value) {
        svg.append(
          element("text", { x: x + cell / 2, y: y + cell / 2 + 5, class: `course-room__cell-value${share > 0.5 ? " is-dark" : ""}`, "text-anchor": "middle" }, String(value)),
        );
      }
    });
  });
  svg.append(
    element("text", { x: labelWidth, y: height - 8, class: "course-chart__axis" }, "Outlined: the card's own stage. Darker: more of that stage's cards."),
  );
  return figure(svg);
}

function figure(svg) {
  const made = document.createElement("figure");
  made.className = "course-room__figure";
  made.append(svg);
  return made;
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

// "Clear the room": a native modal dialog, so Tab stays inside and Escape cancels.
function confirmDialog(root, onConfirm) {
  const dialog = document.createElement("dialog");
  dialog.className = "course-room__dialog md-typeset";
  dialog.dataset.role = "confirm-clear";
  const heading = document.createElement("h2");
  heading.className = "course-room__dialog-title";
  heading.id = `${root.id}--clear-title`;
  heading.textContent = "Clear the room?";
  dialog.setAttribute("aria-labelledby", heading.id);
  const text = paragraph("", "");
  text.id = `${root.id}--clear-text`;
  dialog.setAttribute("aria-describedby", text.id);
  const actions = document.createElement("div");
  actions.className = "course-widget__actions";
  const yes = document.createElement("button");
  yes.type = "button";
  yes.className = "md-button md-button--primary";
  yes.textContent = "Clear the room";
  const no = document.createElement("button");
  no.type = "button";
  no.className = "md-button";
  no.textContent = "Keep the hand-ins";
  actions.append(yes, no);
  dialog.append(heading, text, actions);
  root.append(dialog);
  let opener = null;

  yes.addEventListener("click", () => {
    dialog.close();
    onConfirm();
  });
  no.addEventListener("click", () => {
    dialog.close();
    opener?.focus();
  });
  dialog.addEventListener("cancel", () => setTimeout(() => opener?.focus(), 0));

  return {
    open(summary, button) {
      opener = button;
      const what = summary
        ? `${count(summary.handins, "hand-in")} from ${count(summary.learners, "learner")}`
        : "every hand-in";
      text.textContent =
        `This removes ${what} from this browser. Export them as CSV first if you want to keep the numbers. ` +
        "Learners' own answers, in their browsers, are not touched.";
      dialog.showModal();
      no.focus();
    },
  };
}
