// What every widget shares: a content fingerprint, plain-object checks, restoring stored
// progress, the notice (start-up progress, errors with "Try again", notes about stored data),
// and asking Python with the button kept focusable while it works.

const GETTING_READY = "Getting the answer checker ready…";

export const NOTES = {
  unreadable: "Your saved answers couldn't be restored, so this starts fresh.",
  changed: "This exercise has changed since your answers were saved, so it starts fresh.",
  notKept: "Your progress can't be kept in this browser.",
};

// djb2-xor: a small, stable hash of a string, as a 32-bit number.
export function hashNumber(text) {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 33) ^ text.charCodeAt(i)) >>> 0;
  return hash;
}

export function hashText(text) {
  return hashNumber(text).toString(36);
}

export function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// The bar of small controls under a widget ("Hand in my results", "Embed"), made by the first
// control that needs it.
export function toolbar(root) {
  let bar = root.querySelector(":scope > .course-widget__embed");
  if (!bar) {
    bar = document.createElement("p");
    bar.className = "course-widget__embed";
    root.append(bar);
  }
  return bar;
}

export function readContent(root) {
  const content = JSON.parse(root.querySelector(".course-widget__data").textContent);
  return { content, contentHash: hashText(JSON.stringify(content)) };
}

// Whether a stored record's answers had been checked. `result` is what earlier versions stored
// instead of the flag: it only tells that there was a check.
export function wasChecked(record) {
  return record.checked === true || isObject(record.result);
}

// Whether the answers on screen are still the ones just sent to Python (the learner may have
// changed some while it worked): only then is the stored record marked as checked.
export function sameAnswers(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// The stored record if it is usable for this content, else null and the note to show. Records
// of the wrong shape, or saved for different content, are set aside rather than half restored.
export function loadRecord(store, kind, id, contentHash, isValid) {
  const { value, unreadable } = store.load(kind, id, isValid);
  if (unreadable) return { record: null, note: NOTES.unreadable };
  if (value && value.contentHash !== contentHash) {
    store.setAside(kind, id, "saved for different content");
    return { record: null, note: NOTES.changed };
  }
  return { record: value, note: null };
}

// Show the widget's controls, then follow Python's start-up: data-status becomes "ready" or
// "error"; on error the notice explains, `fallback` says what still works, and "Try again"
// starts a fresh worker. `onReady` (once, when Python first answers) runs before the widget
// says "ready", so a restored result is on screen by then.
export function startWidget(root, { python, store, controls, fallback, notes = [], onReady = null }) {
  const notice = root.querySelector('[data-role="notice"]');
  const text = document.createElement("span");
  text.className = "course-widget__notice-text";
  const bar = document.createElement("progress");
  bar.className = "course-widget__progress";
  bar.max = 1;
  bar.setAttribute("aria-label", GETTING_READY);
  const retry = document.createElement("button");
  retry.type = "button";
  retry.className = "md-button course-widget__retry";
  retry.dataset.role = "retry";
  retry.textContent = "Try again";
  retry.addEventListener("click", () => {
    python.restart();
    // The button disappears with the error; keep the keyboard near, on the news it brings.
    notice.tabIndex = -1;
    notice.focus();
  });
  const shownNotes = [...notes];
  let main = { message: "", progress: null, retry: false };
  let hook = onReady;
  let hookRunning = false;

  root.classList.add("is-interactive");
  showControls(true);
  python.subscribe(follow);
  store.subscribe?.(render);

  function follow(state) {
    if (state.name === "loading") {
      root.dataset.status = "loading";
      notice.removeAttribute("role");
      main = { message: progressText(state), progress: progressValue(state), retry: false };
      showControls(true);
    } else if (state.name === "error") {
      root.dataset.status = "error";
      notice.setAttribute("role", "alert");
      main = { message: `${state.failure.message} ${fallback}`, progress: null, retry: state.failure.retryable };
      showControls(false);
    } else {
      notice.removeAttribute("role");
      main = { message: "", progress: null, retry: false };
      showControls(true);
      if (hook) {
        const run = hook;
        hook = null;
        hookRunning = true;
        Promise.resolve()
          .then(run)
          .catch((error) => console.warn(`course widgets: #${root.id} could not restore its progress`, error))
          .finally(() => {
            hookRunning = false;
            markReady();
          });
      } else if (!hookRunning) {
        markReady();
      }
    }
    render();
  }

  function markReady() {
    if (!["ready", "stopped"].includes(python.state.name)) return;
    // How Python came to this page: "kept" running from an earlier page, "restored" from this
    // browser's snapshot, or "started" anew.
    if (python.state.name === "ready") root.dataset.python = pythonOrigin(python.state);
    root.dataset.status = "ready";
  }

  function showControls(visible) {
    for (const control of controls) {
      if (visible || control.tagName === "BUTTON") control.hidden = !visible;
    }
  }

  function render() {
    const parts = [];
    if (main.message) {
      text.textContent = main.message;
      parts.push(text);
    }
    if (main.progress !== null) {
      if (main.progress === undefined) bar.removeAttribute("value");
      else bar.value = main.progress;
      parts.push(bar);
    }
    if (main.retry) parts.push(retry);
    const lines = store.persistent ? shownNotes : [...shownNotes, NOTES.notKept];
    for (const line of lines) {
      const span = document.createElement("span");
      span.className = "course-widget__note";
      span.textContent = line;
      parts.push(span);
    }
    const wasFocused = retry === document.activeElement;
    notice.replaceChildren(...parts.flatMap((part, i) => (i ? [" ", part] : [part])));
    if (wasFocused && main.retry) retry.focus();
    notice.hidden = parts.length === 0;
  }

  return {
    note(line) {
      if (!shownNotes.includes(line)) shownNotes.push(line);
      render();
    },
  };
}

function progressText(state) {
  if (state.phase === "download") return `${GETTING_READY} downloading${bytesText(state)}`;
  if (state.phase === "interpreter") return `${GETTING_READY} starting up (this can take a while on a busy computer)`;
  if (state.phase === "restoring") return `${GETTING_READY} picking up where Python left off`;
  if (state.phase === "course") return `${GETTING_READY} almost there`;
  return GETTING_READY;
}

function bytesText({ received, total }) {
  if (!received) return "";
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  return total && total >= received ? ` (${mb(received)} of ${mb(total)} MB)` : ` (${mb(received)} MB so far)`;
}

// A share of the whole start-up; undefined means "can't tell" (an indeterminate bar).
function progressValue({ phase, received, total }) {
  if (phase === "download") return total ? 0.05 + (0.75 * Math.min(received, total)) / total : undefined;
  if (phase === "interpreter" || phase === "restoring") return 0.85;
  if (phase === "course") return 0.95;
  return 0.02;
}

// Run one request through Python with the button showing progress; returns the result or null.
// The button stays enabled and focusable (a disabled button drops keyboard focus to <body>);
// submits while it works are ignored instead.
export async function askPython(root, python, button, request, status, failureText) {
  if (button.getAttribute("aria-disabled") === "true") return null;
  button.setAttribute("aria-disabled", "true");
  const label = button.textContent;
  button.textContent = "Working…";
  try {
    const response = await python.call(request);
    if (response.ok) return response.result;
    status.textContent = explainRejection(response, failureText);
    return null;
  } catch (failure) {
    if (root.dataset.status !== "error") status.textContent = failure.message;
    return null;
  } finally {
    button.removeAttribute("aria-disabled");
    button.textContent = label;
  }
}

// Re-run a check on restored answers, quietly: {result}, {rejected} (Python refused the stored
// answers) or {failure} (Python isn't there to ask).
export async function regrade(python, request) {
  try {
    const response = await python.call(request);
    if (response.ok) return { result: response.result };
    console.warn(`course widgets: stored answers were refused: ${response.detail ?? response.error}`);
    return { rejected: response };
  } catch (failure) {
    return { failure };
  }
}

// course.bridge answers {ok: false, error} with a technical message when the request itself is
// wrong, and adds `detail` (a traceback) to a human `error` when Python itself failed.
function explainRejection(response, failureText) {
  console.warn(`course widgets: ${failureText}: ${response.detail ?? response.error}`);
  if (response.detail && response.error) return response.error;
  return `${failureText}. Your answers are still here: check again, or reload the page.`;
}

function pythonOrigin({ kept, restored }) {
  if (kept) return "kept";
  return restored ? "restored" : "started";
}
