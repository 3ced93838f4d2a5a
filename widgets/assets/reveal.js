// The trainer view: with ?reveal=1 in the address, every widget shows the answer key the build
// put inside it (hidden in the markup, so without this nothing more is shown than the widget
// itself shows). The flag is read where every trainers' option is, in workshop.js.

import { parseWorkshopOptions } from "./workshop.js";

const KEYS = '[data-role="answer-key"]';

export function revealRequested(search = window.location.search) {
  return parseWorkshopOptions(search).reveal;
}

export function revealAnswerKeys(root = document) {
  if (!revealRequested()) return;
  document.documentElement.dataset.courseReveal = "true";
  for (const key of root.querySelectorAll(KEYS)) key.hidden = false;
}
