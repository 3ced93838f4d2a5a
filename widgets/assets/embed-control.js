// The "Embed" control on every widget: a button (added here, so a page without JavaScript has no
// button that does nothing) that opens a native <dialog> with the ready <iframe> snippet for the
// widget's embed page, a copy button, and the trainers' options (room code, trainer view,
// projector view). The dialog is modal: Tab stays inside, Escape closes it, and focus goes back to
// the button that opened it.

import { toolbar } from "./widget-kit.js";
import { roomCode } from "./workshop.js";

// This module is assets/generated/widgets/embed-control.js: three folders down from the site root.
const ROOT = new URL("../../../", import.meta.url);
const RESIZER = new URL("assets/generated/widgets/embed.js", ROOT);
const DEFAULT_HEIGHT = 600;

let dialog = null;

export function addEmbedControls(roots) {
  for (const root of roots) {
    if (root.querySelector('[data-role="embed"]')) continue;
    const title = widgetTitle(root);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button course-widget__embed-button";
    button.dataset.role = "embed";
    button.textContent = "Embed";
    // Starts with the visible word, so speech users can say what they see (WCAG 2.5.3).
    button.setAttribute("aria-label", `Embed “${title}” in another page`);
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", () => openDialog(root.id, title, button));
    toolbar(root).append(button);
  }
}

// On a module page (the build puts its reading time under the title), the module's own embed page,
// embed/<module slug>/, named like the page's folder: {slug, title}, or null elsewhere.
function modulePage() {
  if (!document.querySelector("article .course-reading-time")) return null;
  const slug = window.location.pathname.split("/").filter(Boolean).pop();
  const title = document.querySelector("article h1")?.firstChild?.textContent?.trim();
  return slug && title ? { slug, title } : null;
}

function widgetTitle(root) {
  const heading = root.querySelector("h1, h2, h3, h4");
  return (heading?.textContent ?? root.id).trim();
}

// The address of a widget's embed page with the chosen options.
export function embedAddress(id, { room, reveal, projector }) {
  const url = new URL(`embed/${encodeURIComponent(id)}/`, ROOT);
  if (room) url.searchParams.set("room", room);
  if (reveal) url.searchParams.set("reveal", "1");
  if (projector) url.searchParams.set("projector", "1");
  return url.href;
}

function escapeHtml(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function snippet(address, title) {
  return (
    `<iframe src="${escapeHtml(address)}" title="${escapeHtml(title)}" width="100%" height="${DEFAULT_HEIGHT}" ` +
    `loading="lazy"></iframe>\n<script src="${escapeHtml(RESIZER.href)}" async></script>`
  );
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text) made.textContent = text;
  return made;
}

function checkbox(name, text) {
  const label = element("label", "course-embed-dialog__option");
  const input = element("input");
  input.type = "checkbox";
  input.name = name;
  label.append(input, " ", text);
  return { label, input };
}

function radio(name, text) {
  const label = element("label", "course-embed-dialog__option");
  const input = element("input");
  input.type = "radio";
  input.name = name;
  label.append(input, document.createTextNode(text ? ` ${text}` : ""));
  return { label, input };
}

function buildDialog() {
  const made = element("dialog", "course-embed-dialog md-typeset");
  made.setAttribute("aria-labelledby", "course-embed-dialog-title");
  const heading = element("h2", "course-embed-dialog__title");
  heading.id = "course-embed-dialog-title";
  const intro = element(
    "p",
    "",
    "Paste this code into your own page or learning platform. The exercise appears on its own and " +
      "grows and shrinks with its content; learners' answers stay in their browser.",
  );

  const what = element("fieldset", "course-embed-dialog__options");
  what.append(element("legend", "", "What to embed"));
  const thisWidget = radio("what", "This exercise only");
  const wholeModule = radio("what", "");
  thisWidget.input.checked = true;
  what.append(thisWidget.label, wholeModule.label);

  const options = element("fieldset", "course-embed-dialog__options");
  options.append(element("legend", "", "Options"));
  const roomLabel = element("label", "course-embed-dialog__room", "Room code (optional)");
  roomLabel.htmlFor = "course-embed-dialog-room";
  const room = element("input");
  room.type = "text";
  room.id = "course-embed-dialog-room";
  room.name = "room";
  room.maxLength = 40;
  room.autocomplete = "off";
  room.spellcheck = false;
  room.setAttribute("aria-describedby", "course-embed-dialog-room-hint");
  const roomHint = element(
    "p",
    "course-embed-dialog__hint",
    "Everyone who opens the same room code sees the answer options and cards in the same order. " +
      "Use letters, digits, hyphens or underscores, up to 40.",
  );
  roomHint.id = "course-embed-dialog-room-hint";
  const reveal = checkbox("reveal", "Trainer view: show the answer key");
  const projector = checkbox("projector", "Projector view: large type");
  options.append(roomLabel, room, roomHint, reveal.label, projector.label);

  const codeLabel = element("label", "", "Code to paste");
  codeLabel.htmlFor = "course-embed-dialog-code";
  const code = element("textarea", "course-embed-dialog__code");
  code.id = "course-embed-dialog-code";
  code.readOnly = true;
  code.rows = 4;
  code.spellcheck = false;

  const preview = element("p", "course-embed-dialog__preview", "The page it shows: ");
  const link = element("a");
  link.target = "_blank";
  link.rel = "noopener";
  preview.append(link);

  const actions = element("p", "course-embed-dialog__actions");
  const copy = element("button", "md-button md-button--primary", "Copy code");
  copy.type = "button";
  copy.dataset.role = "copy";
  const close = element("button", "md-button", "Close");
  close.type = "button";
  close.dataset.role = "close";
  actions.append(copy, " ", close);
  const status = element("p", "course-embed-dialog__status");
  status.setAttribute("role", "status");

  made.append(heading, intro, what, options, codeLabel, code, preview, actions, status);
  document.body.append(made);

  const state = { id: "", title: "", opener: null, module: null };
  function update() {
    const embedModule = state.module && wholeModule.input.checked;
    const [id, title] = embedModule ? [state.module.slug, state.module.title] : [state.id, state.title];
    const typed = room.value.trim();
    const chosenRoom = roomCode(typed);
    roomHint.classList.toggle("is-wrong", Boolean(typed) && !chosenRoom);
    const address = embedAddress(id, {
      room: chosenRoom,
      reveal: reveal.input.checked,
      projector: projector.input.checked,
    });
    code.value = snippet(address, title);
    link.href = address;
    link.textContent = address;
    status.textContent = typed && !chosenRoom ? "That room code can't be used, so the code has no room." : "";
  }
  for (const input of [room, reveal.input, projector.input, thisWidget.input, wholeModule.input]) {
    input.addEventListener("input", update);
  }
  code.addEventListener("focus", () => code.select());
  copy.addEventListener("click", async () => {
    code.focus();
    code.select();
    try {
      await navigator.clipboard.writeText(code.value);
      status.textContent = "Copied. Paste it into your page.";
    } catch {
      // No clipboard access here (an insecure page, a refusing frame): the code is selected instead.
      status.textContent = "The code is selected: press Ctrl+C (or ⌘C) to copy it.";
    }
  });
  close.addEventListener("click", () => made.close());
  made.addEventListener("close", () => state.opener?.focus());

  return {
    element: made,
    open(id, title, opener) {
      Object.assign(state, { id, title, opener, module: modulePage() });
      heading.textContent = `Embed “${title}”`;
      // The whole module is a choice on module pages only; each opening starts from the exercise.
      what.hidden = !state.module;
      thisWidget.input.checked = true;
      wholeModule.label.lastChild.textContent = state.module ? ` The whole module, “${state.module.title}”` : "";
      update();
      status.textContent = "";
      made.showModal();
      room.focus();
    },
  };
}

function openDialog(id, title, opener) {
  if (!dialog) dialog = buildDialog();
  dialog.open(id, title, opener);
}
