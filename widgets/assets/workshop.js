// Trainers' options, read once from the page's address, for every widget on it:
//   ?room=<code>   everyone who opens the same room sees quiz options and stage cards in the same
//                  order (see roomSeed); a code is 1-40 letters, digits, "-" or "_", any case;
//   ?reveal=1      the trainer view (the answer key beside each widget);
//   ?projector=1   the projector view: large type, none of the site's chrome.
// Anything else in a value is ignored, as if the option were absent.

import { hashNumber } from "./widget-kit.js";

const ROOM_CODE = /^[\p{L}\p{N}_-]{1,40}$/u;
const ON = new Set(["1", "true", "yes", "on"]);
export const PROJECTOR_CLASS = "course-projector";

// A room code as entered (in the address or the Embed dialog), or null when it isn't one.
export function roomCode(text) {
  const code = (text ?? "").trim().toLowerCase();
  return ROOM_CODE.test(code) ? code : null;
}

export function parseWorkshopOptions(search) {
  const params = new URLSearchParams(search);
  const flag = (name) => ON.has((params.get(name) ?? "").trim().toLowerCase());
  return Object.freeze({ room: roomCode(params.get("room")), reveal: flag("reveal"), projector: flag("projector") });
}

export const workshop = parseWorkshopOptions(window.location.search);

// The order seed for one widget in one room: the same in every browser, different for each widget
// and each room. Nine digits at most, so it is also a valid stage map ?order= value.
export function roomSeed(room, widgetId) {
  return 1 + (hashNumber(`room:${room}:${widgetId}`) % 999999999);
}

// The projector view is a class on <html>: the stylesheet does the rest.
export function applyProjectorView() {
  if (workshop.projector) document.documentElement.classList.add(PROJECTOR_CLASS);
}
