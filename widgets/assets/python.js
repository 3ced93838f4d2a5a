// The page's side of the Python worker: one shared worker per page, a watchdog that turns a
// silent start-up into a human message, and request/response over postMessage.

export const SILENCE_LIMIT_MS = 15000;

const MESSAGES = {
  blocked:
    "Python can't run on this page: its security settings (Content-Security-Policy) don't allow WebAssembly. " +
    "If you embed this course, allow 'wasm-unsafe-eval'.",
  missing: "Python couldn't be loaded: a file it needs is missing from this site.",
  network: "Python couldn't be downloaded. Check your connection, then reload the page.",
  timeout: "Python didn't start within 15 seconds, so answers can't be checked right now. Reloading the page may help.",
  unsupported: "This browser can't run Python (it lacks WebAssembly or module workers).",
  crashed: "Python stopped with an error while starting.",
};

export class PythonFailure extends Error {
  constructor(reason, detail) {
    super(`${MESSAGES[reason] || MESSAGES.crashed}`);
    this.reason = reason;
    this.detail = detail;
  }
}

class PythonRuntime {
  constructor() {
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});
    this.settled = false;
    try {
      this.worker = new Worker(new URL("./python-worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      this.fail(new PythonFailure("unsupported", String(error)));
      return;
    }
    this.worker.addEventListener("message", (event) => this.receive(event.data));
    this.worker.addEventListener("error", (event) => {
      event.preventDefault();
      this.fail(new PythonFailure("crashed", event.message || "the worker could not start"));
    });
    this.armWatchdog();
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    this.watchdog = setTimeout(
      () => this.fail(new PythonFailure("timeout", `no sign of life for ${SILENCE_LIMIT_MS} ms`)),
      SILENCE_LIMIT_MS,
    );
  }

  receive(message) {
    if (message.type === "progress" && !this.settled) this.armWatchdog();
    else if (message.type === "ready") this.succeed();
    else if (message.type === "failed") this.fail(new PythonFailure(message.reason, message.detail));
    else if (message.type === "response") {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (waiting) waiting.resolve(message.response);
    }
  }

  succeed() {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.watchdog);
    this.resolveReady();
  }

  fail(failure) {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.watchdog);
    console.warn(`course widgets: ${failure.message} (${failure.detail})`);
    this.rejectReady(failure);
    if (this.worker) this.worker.terminate();
  }

  // Send one request to course.bridge.handle; resolves with its {ok, result | error} response.
  async call(request) {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve });
      this.worker.postMessage({ id, request });
    });
  }
}

let shared = null;

// Start Python on first use only, so pages without widgets never download it.
export function python() {
  if (!shared) shared = new PythonRuntime();
  return shared;
}
