// The page's side of the Python worker: one runtime per page for all its widgets, a watchdog that
// turns a stuck start-up into a human message, request/response over postMessage with a timeout,
// and a fresh worker when the old one died or stopped answering.
//
// The worker is a SharedWorker where the browser has them, kept across navigations
// (`extendedLifetime`): the learner's next page, or the same page again, finds Python running
// and asks it at once. Elsewhere (no SharedWorker, or a frame that may not create one) it is a
// dedicated worker per page, which restores the snapshot an earlier page kept.
//
// Widgets follow `state` through subscribe():
//   loading  {phase, received, total}   the worker is starting (phases: see python-worker.js)
//   ready    {restored, kept}           requests are answered (kept: Python was already running
//                                       for an earlier page; restored: from this browser's
//                                       snapshot of Python's memory, see python-snapshot.js)
//   stopped  {failure}                  it died after start; the next call starts a fresh worker
//   error    {failure}                  start-up failed; restart() ("Try again") starts over

// Until the worker's first message says otherwise (it sends its limits with every message).
const FIRST_MESSAGE_MS = 15000;
const REQUEST_TIMEOUT_MS = 30000;
// See armWatchdog: how late a timer must run before it counts as a sign the page itself stalled.
const LATE_TIMER_MS = 1000;

// What learners read. Technical detail goes to the console only.
const MESSAGES = {
  blocked:
    "The answer checker can't run on this page: its security settings (Content-Security-Policy) don't allow " +
    "WebAssembly. If you embed this course, allow 'wasm-unsafe-eval'.",
  missing: "The answer checker couldn't be loaded: a file it needs is missing from this site.",
  network: "The answer checker couldn't be downloaded. Check your connection, then try again.",
  timeout: "The answer checker stopped making progress while getting ready, so answers can't be checked right now.",
  unsupported:
    "This browser can't run the answer checker (it lacks WebAssembly or module workers). " +
    "A recent Chrome, Edge, Firefox or Safari can.",
  crashed: "The answer checker stopped with an error while getting ready.",
  died: "The answer checker stopped working. Your answers are still here: check again, or reload the page.",
  unresponsive: "Checking took too long. Your answers are still here: check again, or reload the page.",
};

// Retrying can't help when the browser or the page's security settings are the cause.
const RETRYABLE = new Set(["missing", "network", "timeout", "crashed"]);

// Every page of the course asks for the shared worker by this name. A page that gave up on one
// (stuck, or "Try again") uses a new name from then on, and so do the later pages of its tab
// (sessionStorage), since the one given up on may live on for a while.
const WORKER_NAME = "course-python";
const NAME_KEY = "course-site:v1:python-worker";
// What this tab last heard from a shared worker still starting: {name, quietMs, at}. While Python's
// own start blocks the worker's thread, a page that connects hears nothing, not even the replayed
// news; it waits as long as the last page was told to wait, not the usual first-message limit.
const NEWS_KEY = "course-site:v1:python-news";
// Until a starting worker's first news arrives, it may be anywhere in its start; the longest
// silence any phase may keep is the interpreter's (QUIET_MS in python-worker.js).
const LONGEST_SILENCE_MS = 90000;

export class PythonFailure extends Error {
  constructor(reason, detail) {
    super(MESSAGES[reason] || MESSAGES.crashed);
    this.reason = reason;
    this.detail = detail;
    this.retryable = RETRYABLE.has(reason);
  }
}

class PythonRuntime {
  constructor() {
    this.listeners = new Set();
    this.pending = new Map();
    this.nextId = 1;
    this.worker = null;
    this.state = { name: "stopped", failure: null };
    this.ready = Promise.resolve();
  }

  subscribe(listener) {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  setState(state) {
    this.state = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.warn("course widgets: a widget failed to follow the answer checker's state", error);
      }
    }
  }

  start() {
    if (this.worker || this.state.name === "loading") return;
    this.ready = new Promise((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => {});
    this.spawn(this.fresh);
  }

  // A worker that is already running Python, restores this browser's snapshot, or (fresh) starts
  // Python anew; either way it settles the pending `ready`.
  spawn(fresh) {
    this.requestTimeoutMs = REQUEST_TIMEOUT_MS;
    this.setState({ name: "loading", phase: "starting", received: 0, total: null });
    const url = new URL("./python-worker.js", import.meta.url);
    if (fresh) url.search = "?fresh";
    const name = workerName() + (fresh ? "?fresh" : "");
    let link;
    try {
      link = connect(url, name);
    } catch (error) {
      this.failStart(new PythonFailure("unsupported", String(error)));
      return;
    }
    link.name = name;
    this.quietMs = link.shared ? firstMessageLimit(name) : FIRST_MESSAGE_MS;
    if (link.shared) remember({ name, quietMs: Math.max(this.quietMs, LONGEST_SILENCE_MS), at: Date.now() });
    this.worker = link;
    // Events from a worker already replaced (Try again, or a restart) must not touch the new one.
    link.onMessage = (message) => {
      if (this.worker !== link) return;
      if (message.type === "crashed") this.lost(message.detail);
      else this.receive(message);
    };
    link.onError = (detail) => {
      if (this.worker === link) this.lost(detail);
    };
    this.armWatchdog();
  }

  lost(detail = "the worker could not start") {
    if (this.state.name === "loading") this.failStart(new PythonFailure("crashed", detail));
    else this.died(new PythonFailure("died", detail));
  }

  // "Try again": a fresh worker, whatever state the old one is in.
  restart() {
    this.stopWorker(new PythonFailure("died", "restarted"), { renamed: true });
    this.state = { name: "stopped", failure: null };
    this.start();
  }

  armWatchdog() {
    clearTimeout(this.watchdog);
    const limit = this.quietMs;
    const due = performance.now() + limit;
    let graced = false;
    const check = () => {
      // When the page's own thread was stalled (a busy laptop), this timer runs late and may run
      // before the worker's queued messages; let those arrive before calling start-up stuck.
      if (!graced && performance.now() - due > LATE_TIMER_MS) {
        graced = true;
        this.watchdog = setTimeout(check, LATE_TIMER_MS);
        return;
      }
      const detail = `no progress for ${limit} ms in phase "${this.state.phase}"`;
      // Stuck while restoring a snapshot (reading it, or Python's memory): a normal start may work.
      if (this.restoringSnapshot) this.startFresh(detail);
      else this.failStart(new PythonFailure("timeout", detail));
    };
    this.watchdog = setTimeout(check, limit);
  }

  receive(message) {
    if (message.type === "progress" && this.state.name === "loading") {
      this.quietMs = message.quietMs || FIRST_MESSAGE_MS;
      this.requestTimeoutMs = message.requestTimeoutMs || REQUEST_TIMEOUT_MS;
      this.restoringSnapshot = Boolean(message.restoring);
      if (this.worker.shared) remember({ name: this.worker.name, quietMs: this.quietMs, at: Date.now() });
      this.armWatchdog();
      this.setState({ name: "loading", phase: message.phase, received: message.received, total: message.total });
    } else if (message.type === "restart" && this.state.name === "loading") {
      this.startFresh(message.detail);
    } else if (message.type === "ready" && this.state.name === "loading") {
      clearTimeout(this.watchdog);
      if (this.worker.shared) remember(null);
      this.setState({ name: "ready", restored: Boolean(message.restored), kept: Boolean(message.kept) });
      this.resolveReady();
    } else if (message.type === "failed") {
      this.failStart(new PythonFailure(message.reason, message.detail));
    } else if (message.type === "response") {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      waiting.resolve(message.response);
    }
  }

  // Restoring the kept snapshot failed or stalled: start Python normally, as if there were none.
  startFresh(detail) {
    console.info(`course widgets: starting Python afresh (${detail})`);
    this.fresh = true;
    this.restoringSnapshot = false;
    // Nothing is pending yet (calls wait for `ready`, which the fresh worker settles).
    this.stopWorker(new PythonFailure("died", detail));
    this.spawn(true);
  }

  failStart(failure) {
    if (this.state.name !== "loading") return;
    console.warn(`course widgets: ${failure.message} (${failure.detail})`);
    this.stopWorker(failure, { renamed: true });
    this.setState({ name: "error", failure });
    this.rejectReady(failure);
  }

  // After start: everything pending is answered with the failure, and the next call starts over.
  died(failure) {
    console.warn(`course widgets: ${failure.message} (${failure.detail})`);
    this.stopWorker(failure, { renamed: true });
    this.setState({ name: "stopped", failure });
  }

  // renamed: this page gives up on the worker, so its next one must be another (see WORKER_NAME).
  stopWorker(failure, { renamed = false } = {}) {
    clearTimeout(this.watchdog);
    if (this.worker) {
      this.worker.stop();
      if (renamed && this.worker.shared) renameWorker();
    }
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const waiting of pending) {
      clearTimeout(waiting.timer);
      waiting.reject(failure);
    }
  }

  // One request to course.bridge.handle: resolves with its {ok, result | error, detail} response,
  // or rejects with a PythonFailure (start-up failed, the worker died or stopped answering).
  async call(request) {
    if (this.state.name === "stopped") this.start();
    if (this.state.name === "error") throw this.state.failure;
    await this.ready;
    // The worker may have died (and a fresh one started) while this call waited.
    if (this.state.name !== "ready") return this.call(request);
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const limit = this.requestTimeoutMs;
      const timer = setTimeout(
        () => this.died(new PythonFailure("unresponsive", `no answer to request ${id} within ${limit} ms`)),
        limit,
      );
      this.pending.set(id, { resolve, reject, timer });
      worker.post({ id, request });
    });
  }
}

// The worker behind one small interface: post(), stop(), and onMessage / onError to set.
function connect(url, name) {
  const link = { shared: false, onMessage: () => {}, onError: () => {} };
  let worker = null;
  if (typeof SharedWorker === "function") {
    try {
      worker = new SharedWorker(url, { type: "module", name, extendedLifetime: true });
      link.shared = true;
    } catch (error) {
      // An opaque or storage-less frame may refuse shared workers; a dedicated one still runs.
      console.info(`course widgets: no shared worker here (${error}), using one for this page`);
    }
  }
  if (link.shared) {
    const port = worker.port;
    port.addEventListener("message", (event) => link.onMessage(event.data));
    port.start();
    link.post = (message) => port.postMessage(message);
    link.stop = () => {
      // Other pages may use it: ask it to go (it can't, if its thread is stuck), then let go.
      port.postMessage({ type: "stop" });
      port.close();
    };
  } else {
    worker = new Worker(url, { type: "module" });
    worker.addEventListener("message", (event) => link.onMessage(event.data));
    link.post = (message) => worker.postMessage(message);
    link.stop = () => worker.terminate();
  }
  // A script that can't load, or (dedicated) an uncaught error in the worker.
  worker.addEventListener("error", (event) => {
    event.preventDefault();
    link.onError(event.message);
  });
  return link;
}

function firstMessageLimit(name) {
  const last = recall();
  if (!last || last.name !== name) return FIRST_MESSAGE_MS;
  return Math.max(FIRST_MESSAGE_MS, last.at + last.quietMs - Date.now());
}

function remember(news) {
  try {
    if (news) sessionStorage.setItem(NEWS_KEY, JSON.stringify(news));
    else sessionStorage.removeItem(NEWS_KEY);
  } catch {
    // Without sessionStorage a page arriving mid-start waits the usual limit, and may give up early.
  }
}

function recall() {
  try {
    const news = JSON.parse(sessionStorage.getItem(NEWS_KEY));
    const valid = news && typeof news.name === "string" && Number.isFinite(news.quietMs + news.at);
    return valid ? news : null;
  } catch {
    return null;
  }
}

let renamed = null;

function workerName() {
  try {
    return renamed || sessionStorage.getItem(NAME_KEY) || WORKER_NAME;
  } catch {
    return renamed || WORKER_NAME;
  }
}

function renameWorker() {
  renamed = `${WORKER_NAME}-${Date.now().toString(36)}`;
  try {
    sessionStorage.setItem(NAME_KEY, renamed);
  } catch {
    // Without sessionStorage only this page knows; a later page may wait on the old worker once.
  }
}

let shared = null;

// Start Python on first use only, so pages without widgets never download it.
export function python() {
  if (!shared) {
    shared = new PythonRuntime();
    shared.start();
  }
  return shared;
}
