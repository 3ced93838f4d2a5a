// What every widget shares: a content fingerprint, plain-object checks, and the start-up
// handshake with Python (loading message, ready, or a human error with the static fallback).

export function hashText(text) {
  let hash = 5381;
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 33) ^ text.charCodeAt(i)) >>> 0;
  return hash.toString(36);
}

export function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readContent(root) {
  const content = JSON.parse(root.querySelector(".course-widget__data").textContent);
  return { content, contentHash: hashText(JSON.stringify(content)) };
}

// Show the widget's controls, then follow Python's start-up: data-status becomes "ready" or
// "error"; on error the notice explains and `fallback` says what still works.
export function startWidget(root, { python, store, controls, fallback }) {
  const notice = root.querySelector('[data-role="notice"]');
  const keepNote = store.persistent ? "" : "Your progress can't be kept in this browser.";
  root.classList.add("is-interactive");
  for (const control of controls) control.hidden = false;
  notice.textContent = `Starting Python in your browser… ${keepNote}`.trim();
  python.ready.then(
    () => {
      root.dataset.status = "ready";
      notice.textContent = keepNote;
      notice.hidden = !keepNote;
    },
    (failure) => {
      root.dataset.status = "error";
      notice.hidden = false;
      notice.setAttribute("role", "alert");
      notice.textContent = `${failure.message} ${fallback}`;
      for (const control of controls) if (control.tagName === "BUTTON") control.hidden = true;
    },
  );
}

// Run one request through Python with the button showing progress; returns the result or null.
export async function askPython(root, python, button, request, status, failureText) {
  button.disabled = true;
  const label = button.textContent;
  button.textContent = root.dataset.status === "ready" ? "Working…" : "Waiting for Python…";
  try {
    const response = await python.call(request);
    if (!response.ok) throw new Error(response.error);
    return response.result;
  } catch (error) {
    if (root.dataset.status !== "error") status.textContent = `${failureText}: ${error.message}`;
    return null;
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}
