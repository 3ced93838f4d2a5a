// "Hand in my results": a button on every exercise (added here, so a page without JavaScript has
// no button that does nothing) and the dialog it opens, which the "My results" page opens for all
// exercises at once. Python (course.results, in the worker) turns what this browser keeps into a
// hand-in: a JSON file to save, a code to copy, and a link to the trainer's room page carrying the
// code in its fragment, shown as a QR code drawn here. Nothing is sent anywhere.
//
// The dialog is a native modal <dialog>: Tab stays inside, Escape closes it, and focus goes back
// to the button that opened it.

import { SITE_ROOT } from "./catalog.js";
import { HAND_IN_KINDS } from "./kinds.js";
import { QrTooLong, qrMatrix, qrSvg } from "./qr.js";
import { isObject, readContent, toolbar } from "./widget-kit.js";

// The trainer's room page; a hand-in's code goes after "#", which browsers never send to a server.
export const ROOM_URL = new URL("room/", SITE_ROOT);
const NAME_LIMIT = 40;
const LEARNER_ID = /^[a-z0-9]{8,32}$/;
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const NOT_REMEMBERED = "This browser doesn't let the course keep anything, so your name won't be remembered next time.";
const NOTHING_SENT =
  "Nothing has been sent anywhere: your answers leave this browser only if you save the file, copy the code " +
  "or show the QR code.";

let dialog = null;

export function addHandInControls(roots, { python, store }) {
  for (const root of roots) {
    if (!HAND_IN_KINDS.has(root.dataset.widget) || root.querySelector('[data-role="hand-in"]')) continue;
    const title = widgetTitle(root);
    const button = element("button", "md-button course-widget__hand-in-button", "Hand in my results");
    button.type = "button";
    button.dataset.role = "hand-in";
    // Starts with the visible words, so speech users can say what they see (WCAG 2.5.3).
    button.setAttribute("aria-label", `Hand in my results from “${title}”`);
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", () =>
      openHandIn({
        python,
        store,
        heading: `Hand in “${title}”`,
        opener: button,
        items: () => {
          const item = storedItem(store, root.dataset.widget, root.id, readContent(root).contentHash);
          return item ? [item] : [];
        },
        empty: "There is nothing to hand in yet: answer this exercise first, then hand it in.",
      }),
    );
    // The same bar as the Embed control (embed-control.js), this one first: it is the learners'.
    toolbar(root).prepend(button, " ");
  }
}

function widgetTitle(root) {
  const heading = root.querySelector("h1, h2, h3, h4");
  return (heading?.textContent ?? root.id).trim();
}

// What this browser keeps for one widget, without touching it: {state, record}, where state is
// "answered", "none" (nothing kept, or nothing answered yet) or "earlier" (saved for other content
// than this build's: the widget sets it aside when it next opens, and it is not handed in).
export function storedRecord(store, kind, id, hash) {
  const raw = store.getRaw(store.key(kind, id));
  let record = null;
  try {
    record = raw === null ? null : JSON.parse(raw);
  } catch {
    // unreadable: the widget sets it aside when it opens
  }
  if (!isObject(record)) return { state: "none", record: null };
  if (record.contentHash !== hash) return { state: "earlier", record: null };
  return { state: hasAnswers(kind, record) ? "answered" : "none", record };
}

// Whether a stored record holds anything to hand in, as course.results decides it: any answer at
// all (a question coach's once a question has been coached).
function hasAnswers(kind, record) {
  const filled = (value) => isObject(value) && Object.keys(value).length > 0;
  if (kind === "stage-map") return filled(record.placements) || filled(record.replies);
  if (kind === "question-coach") {
    return isObject(record.situations) && Object.values(record.situations).some((kept) => isText(kept?.last));
  }
  return filled(record.answers);
}

function isText(value) {
  return typeof value === "string" && value.trim() !== "";
}

// One item of a hand-in request, or null when there is nothing to hand in for that widget.
export function storedItem(store, kind, id, hash) {
  const { state, record } = storedRecord(store, kind, id, hash);
  return state === "answered" ? { kind, id, hash, record } : null;
}

// The random id that tells a trainer two hand-ins came from the same browser (the latest counts).
// Kept like progress; without storage it lasts for this visit.
export function learnerId(store) {
  const key = store.key("learner", "id");
  const kept = store.getRaw(key);
  if (typeof kept === "string" && LEARNER_ID.test(kept)) return kept;
  const made = [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => DIGITS[byte % DIGITS.length]).join("");
  store.setRaw(key, made);
  return made;
}

// A file name a learner recognises: results-ana-2026-12-01.json (today's date where they are).
export function fileName(name, date = new Date()) {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 30)
    .replace(/^-+|-+$/g, "");
  const day = [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((n) => String(n).padStart(2, "0"));
  return `results-${slug ? `${slug}-` : ""}${day.join("-")}.json`;
}

// Open the dialog: `items()` gives the request's items when the learner presses the button (so
// answers changed in the meantime count); `empty` is what to say when there are none; `onMade`
// (optional) hears of each hand-in made.
export function openHandIn(options) {
  if (!dialog) dialog = buildDialog();
  dialog.open(options);
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

function buildDialog() {
  const made = element("dialog", "course-handin-dialog md-typeset");
  made.setAttribute("aria-labelledby", "course-handin-dialog-title");
  const heading = element("h2", "course-handin-dialog__title");
  heading.id = "course-handin-dialog-title";
  const intro = element(
    "p",
    "",
    "Your answers, as this browser keeps them, become a file, a code and a QR code for your trainer. " +
      "Pick whichever suits your session.",
  );

  const nameLabel = element("label", "", "Your name (optional)");
  nameLabel.htmlFor = "course-handin-dialog-name";
  const name = element("input");
  name.type = "text";
  name.id = "course-handin-dialog-name";
  name.name = "name";
  name.maxLength = NAME_LIMIT;
  name.autocomplete = "off";
  name.spellcheck = false;
  name.setAttribute("aria-describedby", "course-handin-dialog-name-hint");
  const nameHint = element("p", "course-handin-dialog__hint");
  nameHint.id = "course-handin-dialog-name-hint";

  const actions = element("p", "course-handin-dialog__actions");
  const make = element("button", "md-button md-button--primary", "Make my hand-in");
  make.type = "button";
  make.dataset.role = "make";
  actions.append(make);
  const status = element("p", "course-handin-dialog__status");
  status.setAttribute("role", "status");

  const result = element("div", "course-handin-dialog__result");
  result.dataset.role = "result";
  result.hidden = true;

  const fileHeading = element("h3", "", "Save it as a file");
  const fileLine = element("p", "course-handin-dialog__file");
  const save = element("a", "md-button", "Save as a file");
  save.dataset.role = "save";
  const saveName = element("span", "course-handin-dialog__file-name");
  fileLine.append(save, " ", saveName);
  const fileHint = element("p", "course-handin-dialog__hint", "Then send it to your trainer, or hand it over.");

  const codeHeading = element("h3", "", "Or copy the code");
  const codeLabel = element("label", "", "Your hand-in code");
  codeLabel.htmlFor = "course-handin-dialog-code";
  const code = element("textarea", "course-handin-dialog__code");
  code.id = "course-handin-dialog-code";
  code.readOnly = true;
  code.rows = 4;
  code.spellcheck = false;
  code.setAttribute("aria-describedby", "course-handin-dialog-code-hint");
  const codeHint = element("p", "course-handin-dialog__hint");
  codeHint.id = "course-handin-dialog-code-hint";
  const copyLine = element("p", "course-handin-dialog__actions");
  const copy = element("button", "md-button", "Copy code");
  copy.type = "button";
  copy.dataset.role = "copy";
  copyLine.append(copy);

  const qrHeading = element("h3", "", "Or show the QR code");
  const figure = element("figure", "course-handin-dialog__qr");
  const caption = element("figcaption", "", "Your trainer scans it with a phone or tablet. It opens this link:");
  const link = element("code", "course-handin-dialog__link");
  caption.append(" ", link);
  figure.append(caption);
  const tooLong = element(
    "p",
    "course-handin-dialog__hint",
    "This hand-in holds too much for one QR code: save the file or copy the code instead.",
  );
  const sent = element("p", "course-handin-dialog__sent", NOTHING_SENT);
  result.append(fileHeading, fileLine, fileHint, codeHeading, codeLabel, code, codeHint, copyLine);
  result.append(qrHeading, figure, tooLong, sent);

  const closeLine = element("p", "course-handin-dialog__actions");
  const close = element("button", "md-button", "Close");
  close.type = "button";
  close.dataset.role = "close";
  closeLine.append(close);

  made.append(heading, intro, nameLabel, name, nameHint, actions, status, result, closeLine);
  document.body.append(made);

  let state = { session: 0 };
  let fileUrl = null;

  function forgetFile() {
    if (fileUrl) URL.revokeObjectURL(fileUrl);
    fileUrl = null;
  }

  function showHint(remembered = state.store.persistent) {
    nameHint.textContent =
      "Leave it empty to hand in without a name. A name goes with your answers to whoever you give them." + (remembered ? "" : ` ${NOT_REMEMBERED}`);
  }

  function show(handIn, typedName) {
    forgetFile();
    fileUrl = URL.createObjectURL(new Blob([handIn.json], { type: "application/json" }));
    save.href = fileUrl;
    save.download = fileName(typedName);
    saveName.textContent = save.download;
    code.value = handIn.code;
    codeHint.textContent = `${handIn.code.length.toLocaleString("en")} characters. Paste it where your trainer asks.`;
    const address = `${ROOM_URL.href}#${handIn.code}`;
    link.textContent = address;
    figure.querySelector("svg")?.remove();
    try {
      figure.prepend(qrSvg(qrMatrix(address), "QR code of the link below"));
      figure.hidden = false;
      tooLong.hidden = true;
    } catch (error) {
      if (!(error instanceof QrTooLong)) throw error;
      console.info(`course widgets: no QR code for this hand-in (${error.message})`);
      figure.hidden = true;
      tooLong.hidden = false;
    }
    result.hidden = false;
  }

  async function makeHandIn() {
    if (make.getAttribute("aria-disabled") === "true") return;
    const mine = state;
    const typed = name.value.trim().slice(0, NAME_LIMIT);
    showHint(rememberName(mine.store, typed));
    const items = mine.items();
    if (items.length === 0) {
      result.hidden = true;
      status.textContent = mine.empty;
      return;
    }
    const request = {
      widget: "results",
      action: "hand-in",
      learner: learnerId(mine.store),
      name: typed,
      at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      items,
    };
    make.setAttribute("aria-disabled", "true");
    make.textContent = "Working…";
    status.textContent = "Putting your hand-in together…";
    let handIn = null;
    let text;
    try {
      const response = await mine.python.call(request);
      if (response.ok) {
        handIn = response.result;
        const count = handIn.widgets;
        text = `Your hand-in is ready, with your answers to ${count} ${count === 1 ? "exercise" : "exercises"}.`;
      } else {
        console.warn(`course widgets: the hand-in was refused: ${response.detail ?? response.error}`);
        text = refusal(response);
      }
    } catch (failure) {
      // Python could not start, died or stopped answering: PythonFailure says which, in plain words.
      text = `Your hand-in couldn't be made. ${failure.message}`;
    } finally {
      make.removeAttribute("aria-disabled");
      make.textContent = "Make my hand-in";
    }
    if (mine !== state) return;
    if (handIn) {
      show(handIn, typed);
      mine.onMade?.(handIn);
    } else {
      // An earlier hand-in on screen would look like the answer to this try.
      result.hidden = true;
      forgetFile();
    }
    status.textContent = text;
  }

  make.addEventListener("click", makeHandIn);
  name.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      makeHandIn();
    }
  });
  name.addEventListener("input", () => {
    if (result.hidden) return;
    result.hidden = true;
    forgetFile();
    status.textContent = "You changed your name: make the hand-in again.";
  });
  code.addEventListener("focus", () => code.select());
  copy.addEventListener("click", async () => {
    code.focus();
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = "Copied. Paste it where your trainer asks.";
    } catch {
      // No clipboard access here (an insecure page, a refusing frame): the code is selected instead.
      status.textContent = "The code is selected: press Ctrl+C (or ⌘C) to copy it.";
    }
  });
  close.addEventListener("click", () => made.close());
  made.addEventListener("close", () => {
    forgetFile();
    state.opener?.focus();
  });

  return {
    element: made,
    open({ python, store, heading: title, items, empty, opener, onMade = null }) {
      // A hand-in still being made for an earlier opening is not shown in this one.
      state = { session: state.session + 1, python, store, items, empty, opener, onMade };
      heading.textContent = title;
      name.value = rememberedName(store);
      showHint();
      forgetFile();
      result.hidden = true;
      status.textContent = "";
      made.showModal();
      name.focus();
    },
  };
}

// course.results refuses a hand-in it can't make (nothing answered, too much at once) with a
// sentence about the items; anything else is a bug, which the learner needn't read about.
function refusal({ error, detail }) {
  const about = !detail && typeof error === "string" ? /^items: (.+)$/.exec(error) : null;
  if (about) return `${about[1][0].toUpperCase()}${about[1].slice(1)}.`;
  return "Your hand-in couldn't be made. Your answers are still here: try again, or reload the page.";
}

function rememberedName(store) {
  const kept = store.getRaw(store.key("learner", "name"));
  return typeof kept === "string" ? kept.slice(0, NAME_LIMIT) : "";
}

// Keep the name for next time (an empty name forgets it); false when this browser won't keep it.
function rememberName(store, name) {
  if (name === rememberedName(store)) return store.persistent;
  if (!name) {
    store.forget("learner", "name");
    return store.persistent;
  }
  return store.setRaw(store.key("learner", "name"), name);
}
