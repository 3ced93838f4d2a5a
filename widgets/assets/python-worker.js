// The module Web Worker that hosts Pyodide and answers every widget request through
// course.bridge.handle (JSON in, JSON out). Runtime files come from this site, never a CDN.
//
// Start-up goes through phases the page shows as progress:
//   starting     probing WebAssembly, reading the manifest
//   download     fetching the runtime (bytes received are reported as they arrive)
//   interpreter  Pyodide compiles and starts Python: this thread is blocked for seconds at a time
//   restoring    instead of "interpreter" when this browser kept Python's memory from an earlier
//                start (python-snapshot.js): well under a second. If restoring fails or stalls, the
//                page starts a fresh worker that starts Python normally (`?fresh`).
//   course       installing and importing the course package
// Every message tells the page how long it may hear nothing before it concludes that start-up is
// stuck (`quietMs`), so the page's watchdog and this worker always agree on the limit.
//
// It runs as a dedicated worker (one page) or as a shared worker (python.js prefers that): then
// every page of the course that connects gets the same Python, and a shared worker that outlives
// a navigation (`extendedLifetime`) means the next page doesn't start Python at all. Start-up news
// goes to every connected page; a page that connects later gets the latest news at once; answers
// go to the page that asked.

import { dropSnapshot, findSnapshot, saveSnapshot } from "./python-snapshot.js";

const WASM_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const PROGRESS_EVERY_MS = 250;
// Silence the page accepts before giving up, per phase. Downloads report every chunk, and the
// other phases outside the interpreter take well under a second, so 15 s of silence means stuck.
// Python's own start-up runs synchronously in one stretch: no message can leave this thread until
// it is done. That stretch took 6-12 s on a shared 2-core machine (and once more than the old
// limit of 15 s); an old laptop in a workshop room can take several times that. A heartbeat would
// not help: it can't be sent while the thread is blocked, and Pyodide can also wait forever with
// its event loop free (it swallows a failed WebAssembly instantiation), so "alive" is not "moving".
// Restoring takes a fraction of a second; past its limit a normal start is the better bet.
const QUIET_MS = { starting: 15000, download: 15000, interpreter: 90000, restoring: 20000, course: 15000 };
const REQUEST_TIMEOUT_MS = 30000;
// The page asks for a start without the kept snapshot after one failed to restore.
const FRESH_START = new URLSearchParams(self.location.search).has("fresh");

const SHARED = typeof SharedWorkerGlobalScope === "function" && self instanceof SharedWorkerGlobalScope;
// Where news goes: every connected page's port, or this dedicated worker's one page.
const pages = new Set(SHARED ? [] : [self]);
// The latest start-up news (progress, ready, failed, restart), for pages that connect later.
let news = null;

let bridge = null;
let failed = false;
let phase = "starting";
let restoring = false;
const quietMs = { ...QUIET_MS };
let requestTimeoutMs = REQUEST_TIMEOUT_MS;
// Test-only switches, read from the site's own manifest (never from page content); see applyDebug.
let debug = {};
const downloads = { received: 0, total: 0, totalKnown: true, active: 0, runtimeRequested: false };

// Pyodide leaves some of its own download promises unhandled when a file fails; they are
// start-up failures like any other, not uncaught errors on the learner's page.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!bridge) fail("crashed", String(event.reason?.message || event.reason));
});
// A shared worker starts once its first page has connected: Chromium delivers that connection
// only when this thread is free, which, once start-up is under way, is after the downloads.
let firstPage;
const connected = new Promise((resolve) => {
  firstPage = resolve;
});
const startup = (SHARED ? connected : Promise.resolve()).then(() => {
  // The first message goes out before anything can stall, so the page learns the limits at once.
  report("progress");
  return start();
});

if (SHARED) {
  self.addEventListener("connect", (event) => {
    const page = event.ports[0];
    pages.add(page);
    page.addEventListener("message", (message) => receive(page, message.data));
    page.addEventListener("close", () => pages.delete(page));
    page.start();
    // A page arriving after Python is ready learns that it was kept for it, not started.
    if (news) page.postMessage(news.type === "ready" ? { ...news, kept: true } : news);
    firstPage();
  });
  // A shared worker lives on after an uncaught error, so say it and go: the pages start another.
  self.addEventListener("error", (event) => {
    broadcast({ type: "crashed", detail: String(event.message || "an uncaught error") });
    self.close();
  });
} else {
  self.addEventListener("message", (message) => receive(self, message.data));
}

async function receive(page, message) {
  // A page gave up on this worker (stuck, or "Try again"): other pages would wait on it too.
  if (message?.type === "stop") return self.close();
  const { id, request } = message;
  let response;
  try {
    await startup;
    if (!bridge) throw new Error("Python is not running");
    if (debug.crash_on_request && request?.widget !== "runtime") return crash(debug.crash_on_request);
    response = bridge(request);
  } catch (error) {
    // Not course.bridge's answer but a failure around it: no learner-facing text, only detail.
    response = { ok: false, detail: String(error?.stack || error) };
  }
  page.postMessage({ type: "response", id, response });
}

function broadcast(message) {
  for (const page of pages) page.postMessage(message);
}

function report(type, detail = {}) {
  news = {
    type,
    phase,
    quietMs: quietMs[phase] ?? QUIET_MS.starting,
    requestTimeoutMs,
    restoring,
    received: downloads.received,
    total: downloads.totalKnown ? downloads.total : null,
    ...detail,
  };
  broadcast(news);
  // Pages that connect from now on should start their own worker, not wait on this one.
  if (SHARED && (type === "failed" || type === "restart")) self.close();
}

function enter(next) {
  phase = next;
  report("progress");
  const block = (next === "interpreter" && debug.block_interpreter_ms) || debug.block_each_phase_ms;
  if (block) {
    blockThread(block);
    // Unblocked: tell the page at once, so the artificial block and the phase's own work are
    // two separate silences, as a slow machine would produce them.
    report("progress");
  }
}

class StartupFailure extends Error {
  constructor(reason, detail) {
    super(detail);
    this.reason = reason;
  }
}

async function start() {
  try {
    await probeWebAssembly();
    const manifestURL = new URL("./runtime.json", import.meta.url);
    const manifest = await fetchRuntimeFile(manifestURL, { cache: "no-cache" }).then((r) => r.json());
    applyDebug(manifest.debug);
    enter("starting");
    const indexURL = new URL(manifest.pyodide, manifestURL).href;
    // Everything Python's memory depends on; Pyodide itself also refuses another build's snapshot.
    const snapshotKey = [manifest.pyodide, manifest.stdlib, manifest.course].join(" ");
    const snapshot = FRESH_START || debug.no_snapshot ? null : await findSnapshot(snapshotKey);
    // Both read while Pyodide's own files load, not after.
    const memory = snapshot && (debug.hang_restore ? new Promise(() => {}) : snapshot.read());
    memory?.catch(() => {});
    const wheel = fetchRuntimeFile(new URL(manifest.course, manifestURL)).then((r) => r.arrayBuffer());
    wheel.catch(() => {});
    countDownloads();
    enter("download");
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    // loadPyodide requests all its files at once; when the last one is in, the interpreter starts.
    downloads.runtimeRequested = true;
    const options = {
      indexURL,
      // Only the part of the standard library that Pyodide and `course` import (widgets/build/stdlib.py),
      stdLibURL: new URL(manifest.stdlib, manifestURL).href,
      // and no package index: `course` needs no packages, so the 120 kB lock file is not fetched.
      lockFileContents: { info: manifest.lock_info, packages: {} },
      stdout: () => {},
      stderr: (line) => console.warn(line),
    };
    const instantiation = instantiationFailure();
    let pyodide;
    if (snapshot) {
      restoring = true;
      try {
        pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: memory }), instantiation]);
      } catch (error) {
        await dropSnapshot();
        report("restart", { detail: `the kept Python snapshot did not restore: ${error.message || error}` });
        return;
      }
    } else {
      pyodide = await Promise.race([loadPyodide({ ...options, _makeSnapshot: true }), instantiation]);
    }
    if (phase === "download") enter(restoring ? "restoring" : "interpreter");
    enter("course");
    // A restored Python has `course` imported already, so its files (for tracebacks) can wait.
    if (!restoring) pyodide.unpackArchive(await wheel, "wheel");
    const handle = pyodide.pyimport("course.bridge").handle;
    bridge = (request) => JSON.parse(handle(JSON.stringify(request)));
    const hello = bridge({ widget: "runtime", action: "hello" });
    if (!hello.ok) throw new StartupFailure("crashed", hello.error);
    phase = "ready";
    report("ready", { course: hello.result.course, restored: restoring });
    if (restoring) setTimeout(() => unpackLater(pyodide, wheel));
    // After the first answers can go out, not before: copying the memory blocks this thread briefly.
    if (!snapshot && !debug.no_snapshot) setTimeout(() => keepSnapshot(pyodide, snapshotKey));
  } catch (error) {
    fail(error instanceof StartupFailure ? error.reason : "crashed", String(error.message || error));
  }
}

// The snapshot holds Python's memory, not its files: put the course's files back after a restore.
async function unpackLater(pyodide, wheel) {
  try {
    pyodide.unpackArchive(await wheel, "wheel");
  } catch (error) {
    console.debug("course widgets: the course's files could not be unpacked after a restore", error);
  }
}

// Pyodide logs a failed WebAssembly instantiation (out of memory, say) and then waits forever: the
// log is the only sign, so it becomes a failure here.
function instantiationFailure() {
  let failNow;
  const failed = new Promise((resolve, reject) => {
    failNow = reject;
  });
  failed.catch(() => {});
  const warn = console.warn.bind(console);
  console.warn = (...args) => {
    if (args[0] === "wasm instantiation failed!") failNow(new Error("WebAssembly instantiation failed"));
    warn(...args);
  };
  return failed;
}

async function keepSnapshot(pyodide, key) {
  let memory;
  try {
    memory = pyodide.makeMemorySnapshot();
  } catch (error) {
    console.debug("course widgets: Python's memory could not be copied for the next page", error);
    return;
  }
  await saveSnapshot(key, memory);
}

function fail(reason, detail) {
  if (failed) return;
  failed = true;
  report("failed", { reason, detail });
}

// The build (widgets/build/assemble.py) never writes "debug"; tests add it by intercepting the manifest, to make start-up
// deterministically slow (block_each_phase_ms; block_interpreter_ms instead for the interpreter
// phase, as when Python's start runs past the other phases' limit), shorten the limits (silence_limit_ms for every
// phase but the interpreter's, request_timeout_ms), or kill this worker on the first widget
// request (crash_on_request: "throw" raises an uncaught error, "hang" stops answering); never keep or
// use a snapshot (no_snapshot), or make restoring one wait forever (hang_restore).
function applyDebug(options) {
  if (typeof options !== "object" || options === null) return;
  const positive = (value) => (Number.isFinite(value) && value > 0 ? value : null);
  debug = {
    block_each_phase_ms: positive(options.block_each_phase_ms),
    block_interpreter_ms: positive(options.block_interpreter_ms),
    crash_on_request: ["throw", "hang"].includes(options.crash_on_request) ? options.crash_on_request : null,
    no_snapshot: options.no_snapshot === true,
    hang_restore: options.hang_restore === true,
  };
  const silence = positive(options.silence_limit_ms);
  if (silence) for (const name of ["starting", "download", "course"]) quietMs[name] = silence;
  requestTimeoutMs = positive(options.request_timeout_ms) ?? requestTimeoutMs;
}

function blockThread(ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // deliberately busy: a synchronous stretch like Python's own start-up
  }
}

function crash(mode) {
  if (mode === "hang") blockThread(Infinity);
  // Thrown from a timer, not from this async handler, so it is an uncaught error (the page's
  // Worker "error" event) rather than a rejected promise.
  setTimeout(() => {
    throw new Error("course widgets (debug): the worker crashed on purpose");
  });
}

// A Content-Security-Policy without 'wasm-unsafe-eval' makes loadPyodide() hang instead of
// failing; compiling an empty module first turns that into an immediate, explainable error.
async function probeWebAssembly() {
  if (typeof WebAssembly !== "object") throw new StartupFailure("unsupported", "no WebAssembly");
  try {
    await WebAssembly.compile(WASM_PROBE);
  } catch (error) {
    throw new StartupFailure("blocked", String(error.message || error));
  }
}

async function fetchRuntimeFile(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (init && init.cache === "no-cache") return fetchRuntimeFile(url, { cache: "force-cache" });
    throw new StartupFailure("network", `${url}: ${error.message || error}`);
  }
  if (!response.ok) throw new StartupFailure("missing", `${url} (HTTP ${response.status})`);
  return response;
}

// Pyodide swallows a failed download of its .wasm and waits forever, so every fetch it makes is
// watched here: failures are reported at once, and bytes received count as progress for the
// page's watchdog (a slow network is not a hang).
function countDownloads() {
  const realFetch = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    downloads.active += 1;
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      fail("network", `${url}: ${error.message || error}`);
      throw error;
    }
    if (!response.ok) {
      fail("missing", `${url} (HTTP ${response.status})`);
      return response;
    }
    if (!response.body) {
      finished();
      return response;
    }
    // A compressed response's Content-Length counts compressed bytes, the stream decoded ones.
    const length = Number(response.headers.get("Content-Length"));
    if (length > 0 && !response.headers.get("Content-Encoding")) downloads.total += length;
    else downloads.totalKnown = false;
    report("progress");
    let lastReport = 0;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      finished();
    };
    const counter = new TransformStream({
      transform(chunk, controller) {
        downloads.received += chunk.byteLength;
        const now = Date.now();
        if (now - lastReport > PROGRESS_EVERY_MS) {
          lastReport = now;
          report("progress");
        }
        controller.enqueue(chunk);
      },
      flush: end,
      cancel: end,
    });
    const isWasm = url.split("?")[0].endsWith(".wasm");
    // The MIME type as fetch reads it: the last of repeated headers, without parameters.
    const type = (response.headers.get("Content-Type") || "").split(",").pop().split(";")[0].trim();
    if (isWasm && type.toLowerCase() === "application/wasm") {
      // Handed over as it came, counted on a copy: Chromium keeps the compiled WebAssembly for the
      // next page only for a response that still carries its URL, which a new Response doesn't.
      response
        .clone()
        .body.pipeThrough(counter)
        .pipeTo(new WritableStream())
        .catch(end);
      return response;
    }
    const headers = new Headers(response.headers);
    // Static hosts that don't know .wasm break WebAssembly.instantiateStreaming.
    if (isWasm) headers.set("Content-Type", "application/wasm");
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}

function finished() {
  downloads.active -= 1;
  if (downloads.active === 0 && downloads.runtimeRequested && phase === "download") {
    enter(restoring ? "restoring" : "interpreter");
  } else {
    report("progress");
  }
}
