// Offline use, the page's side: registers the course's service worker (sw.js at the site root,
// built from service-worker.js), tells it what this page used, and runs the "Keep this course
// for offline use" control. Where service workers or storage are unavailable (a sandboxed frame,
// a privacy mode, file://, plain http from another computer) it does nothing, silently: the page
// works as it would without it.

// This module is assets/generated/widgets/offline.js: three folders down from the site root.
const ROOT = new URL("../../../", import.meta.url);
const WORKER = new URL("sw.js", ROOT);
// How long a save may go without a word from the service worker before it counts as stopped.
const SILENCE_MS = 60000;
const TEXT_EVERY_MS = 1000;

const TEXT = {
  summary: (files, bytes) =>
    `The whole course is ${files} files, about ${megabytes(bytes)}. Keeping it in this browser lets every page ` +
    "and exercise work without a connection, on this device.",
  partly: (bytes) => ` About ${megabytes(bytes)} of it is kept already, from the pages you have opened.`,
  allKept: "The whole course is kept in this browser: every page and exercise works without a connection.",
  saving: (done, total) => `Keeping the course: ${tenths(done)} of ${tenths(total)} MB saved…`,
  done: "Done. The whole course is kept in this browser: every page and exercise now works without a connection.",
  failed: {
    network:
      "The course couldn't be kept: the connection was lost. What was saved stays saved; " +
      "try again when you are online.",
    quota: "The course couldn't be kept: this browser has no room left for it. Free some space, then try again.",
    changed: "The course was updated on its server while it was being saved. Reload the page, then try again.",
    other: "The course couldn't be kept in this browser. Reload the page, then try again.",
  },
};

export async function start() {
  try {
    const registration = await register();
    if (!registration) return;
    const worker = await activeWorker();
    if (!worker) return;
    reportUse(worker);
    for (const root of document.querySelectorAll("[data-course-offline]")) {
      // A worker that doesn't answer leaves the control hidden, as without one.
      mountControl(root).catch(() => {});
    }
  } catch {
    // Offline use is an extra; nothing else on the page depends on it.
  }
}

async function register() {
  if (!window.isSecureContext || !("serviceWorker" in navigator) || !("caches" in window)) return null;
  try {
    return await navigator.serviceWorker.register(WORKER.href, { scope: ROOT.href });
  } catch {
    // Blocked storage or a refused origin: no offline use here.
    return null;
  }
}

async function activeWorker() {
  const registration = await navigator.serviceWorker.ready;
  return registration.active;
}

// Tell the service worker what this page used, so it keeps that too: the first page of a visit
// loads before the worker controls anything. Again once a widget is ready, which means the Python
// runtime has been downloaded (and the widgets' modules loaded).
function reportUse(worker) {
  const report = () => {
    const urls = [location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
    const python = document.querySelector('.course-widget[data-status="ready"]') !== null;
    worker.postMessage({ type: "course-offline:used", urls, python });
    return python;
  };
  const afterLoad = () => {
    if (report() || !document.querySelector(".course-widget")) return;
    const observer = new MutationObserver(() => {
      if (document.querySelector('.course-widget[data-status="ready"]')) {
        observer.disconnect();
        report();
      }
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-status"] });
  };
  if (document.readyState === "complete") afterLoad();
  else window.addEventListener("load", afterLoad, { once: true });
}

// One message to the service worker; resolves with its last reply. `onProgress` sees the others.
async function ask(message, onProgress) {
  const worker = await activeWorker();
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel();
    let timer;
    const quiet = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new Error("the service worker stopped answering")), SILENCE_MS);
    };
    channel.port1.onmessage = ({ data }) => {
      quiet();
      if (data.type === "progress") {
        onProgress?.(data);
        return;
      }
      clearTimeout(timer);
      resolve(data);
    };
    quiet();
    worker.postMessage(message, [channel.port2]);
  });
}

async function mountControl(root) {
  const parts = {
    summary: root.querySelector('[data-role="summary"]'),
    keep: root.querySelector('[data-role="keep"]'),
    progress: root.querySelector('[data-role="progress"]'),
    status: root.querySelector('[data-role="status"]'),
  };
  if (Object.values(parts).some((part) => !part)) return;
  const status = await ask({ type: "course-offline:status" });
  if (!status.available) return;
  if (status.missing.length === 0) {
    parts.summary.textContent = TEXT.allKept;
    parts.keep.hidden = true;
  } else {
    const partly = status.keptBytes ? TEXT.partly(status.keptBytes) : "";
    parts.summary.textContent = TEXT.summary(status.files, status.bytes) + partly;
  }
  let busy = false;
  parts.keep.addEventListener("click", async () => {
    if (busy || parts.keep.getAttribute("aria-disabled") === "true") return;
    busy = true;
    parts.keep.setAttribute("aria-disabled", "true");
    let finished = false;
    try {
      finished = await keepEverything(parts);
    } catch {
      parts.status.textContent = TEXT.failed.other;
    }
    if (!finished) parts.keep.removeAttribute("aria-disabled");
    busy = false;
  });
  root.hidden = false;
}

// Save every file the service worker doesn't have yet, one at a time, showing how far it got.
// True when all of it is kept; otherwise the status says why not (what was saved stays saved).
async function keepEverything({ progress, status }) {
  try {
    // Ask the browser not to clear this site's storage when it runs short (it may say no).
    await navigator.storage?.persist?.();
  } catch {
    // not offered here: the files are kept all the same
  }
  let state;
  try {
    state = await ask({ type: "course-offline:status" });
  } catch {
    status.textContent = TEXT.failed.other;
    return false;
  }
  const total = state.bytes;
  let done = state.keptBytes;
  let shown = 0;
  const show = (bytes, force) => {
    progress.max = total;
    progress.value = Math.min(bytes, total);
    if (force || Date.now() - shown >= TEXT_EVERY_MS) {
      shown = Date.now();
      status.textContent = TEXT.saving(bytes, total);
    }
  };
  progress.hidden = false;
  show(done, true);
  for (const file of state.missing) {
    let reply;
    try {
      reply = await ask({ type: "course-offline:save", url: file.url }, ({ received }) =>
        show(done + Math.min(received, file.size)),
      );
    } catch {
      reply = { type: "failed", reason: "other" };
    }
    if (reply.type !== "saved") {
      status.textContent = TEXT.failed[reply.reason] || TEXT.failed.other;
      return false;
    }
    done += file.size;
    show(done);
  }
  show(total);
  status.textContent = TEXT.done;
  return true;
}

// Sizes as learners read them: "14 MB", "2.5 MB" (a megabyte is a million bytes, as hosts count).
function megabytes(bytes) {
  return `${bytes >= 1e7 ? Math.round(bytes / 1e6) : tenths(bytes)} MB`;
}

function tenths(bytes) {
  return (bytes / 1e6).toFixed(1);
}
