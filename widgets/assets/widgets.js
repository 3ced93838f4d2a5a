// Mounts every course widget on the page. Loaded on every page, as an async module placed before
// Material's bundle, so widgets listen to the learner without waiting for the rest of the page;
// Python starts, and a kind's module loads, only where a widget of that kind exists. Re-mounts
// after Material's instant navigation via document$, when present. Which module mounts which kind
// comes from course/kinds.py, through the kinds.js the site-assembly step writes. Then offline use
// (offline.js), which is an extra: if it can't load or start, the widgets don't notice. Trainers'
// options (?room=, ?reveal=, ?projector=) are read once, in workshop.js.

import { HAND_IN_KINDS, KIND_MODULES } from "./kinds.js";
import { python } from "./python.js";
import { revealAnswerKeys } from "./reveal.js";
import { progressStore } from "./storage.js";
import { applyProjectorView, workshop } from "./workshop.js";

const CANNOT_START = "This exercise couldn't start. Its explanations are still here to read; reloading the page may help.";

function showCannotStart(root, error) {
  console.error(`course widgets: could not start widget #${root.id}`, error);
  root.dataset.status = "error";
  const notice = root.querySelector('[data-role="notice"]');
  if (notice) {
    notice.hidden = false;
    notice.setAttribute("role", "alert");
    notice.textContent = CANNOT_START;
  }
}

function mountAll() {
  revealAnswerKeys();
  const roots = [...document.querySelectorAll(".course-widget[data-widget]")].filter(
    (root) => !root.dataset.mounted && Object.hasOwn(KIND_MODULES, root.dataset.widget),
  );
  if (roots.length === 0) return;
  const runtime = python();
  const modules = new Map();
  for (const root of roots) {
    const kind = root.dataset.widget;
    if (!modules.has(kind)) modules.set(kind, KIND_MODULES[kind]());
    // "loading" while the kind's module arrives, "true" once the widget listens to the learner.
    root.dataset.mounted = "loading";
    modules
      .get(kind)
      .then(({ mount }) => {
        mount(root, { python: runtime, store: progressStore() });
        root.dataset.mounted = "true";
      })
      .catch((error) => showCannotStart(root, error));
  }
  offerEmbedding(roots);
  offerHandIn(roots, runtime);
}

// The "Embed" control, for trainers, on exercises (not My results or the room); not on an embed
// page (it is the embedded thing) nor on a projector. An extra: if it can't load, the widgets
// don't notice.
function offerEmbedding(roots) {
  const exercises = roots.filter((root) => HAND_IN_KINDS.has(root.dataset.widget));
  if (!exercises.length || workshop.projector || document.querySelector("main[data-course-embed]")) return;
  import("./embed-control.js")
    .then(({ addEmbedControls }) => addEmbedControls(exercises))
    .catch((error) => console.warn("course widgets: the Embed control could not load", error));
}

// "Hand in my results", for learners: on every exercise, embed pages included (that is where
// learners in a learning platform are), not on a projector. An extra, like the Embed control.
function offerHandIn(roots, runtime) {
  if (workshop.projector) return;
  import("./handin.js")
    .then(({ addHandInControls }) => addHandInControls(roots, { python: runtime, store: progressStore() }))
    .catch((error) => console.warn("course widgets: the hand-in control could not load", error));
}

// This module runs before Material's bundle (overrides/main.html), so document$, which the bundle
// makes, is looked for once the page is parsed.
function followInstantNavigation() {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(() => mountAll());
  }
}
// In a frame sandboxed without allow-forms (a trainer's sandbox="allow-scripts allow-same-origin"),
// the browser drops a form's submission before its submit event fires, so "Check" would do
// nothing. A widget's form never goes anywhere, so a click on its submit button (Enter in a field
// clicks it too) becomes the submit event itself, which the widget handles as always.
function submitWithoutNavigating(event) {
  const button = event.target instanceof Element ? event.target.closest('button[type="submit"]') : null;
  const form = button?.form;
  if (!form || !form.closest(".course-widget") || event.defaultPrevented) return;
  event.preventDefault();
  form.dispatchEvent(new SubmitEvent("submit", { bubbles: true, cancelable: true, submitter: button }));
}

document.addEventListener("click", submitWithoutNavigating, true);
applyProjectorView();
mountAll();
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", followInstantNavigation);
else followInstantNavigation();
import("./offline.js")
  .then((offline) => offline.start())
  .catch(() => {});
