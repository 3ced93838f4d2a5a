// The module Web Worker that hosts Pyodide and answers every widget request through
// course.bridge.handle (JSON in, JSON out). Runtime files come from this site, never a CDN.

const WASM_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
const PROGRESS_EVERY_MS = 250;

let bridge = null;
let failed = false;
// Pyodide leaves some of its own download promises unhandled when a file fails; they are
// start-up failures like any other, not uncaught errors on the learner's page.
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  if (!bridge) fail("crashed", String(event.reason?.message || event.reason));
});
const startup = start();

self.addEventListener("message", async (event) => {
  const { id, request } = event.data;
  try {
    await startup;
    if (!bridge) throw new Error("Python is not running");
    self.postMessage({ type: "response", id, response: bridge(request) });
  } catch (error) {
    self.postMessage({ type: "response", id, response: { ok: false, error: String(error) } });
  }
});

function report(type, detail = {}) {
  self.postMessage({ type, ...detail });
}

class StartupFailure extends Error {
  constructor(reason, detail) {
    super(detail);
    this.reason = reason;
  }
}

async function start() {
  try {
    report("progress", { stage: "starting" });
    await probeWebAssembly();
    const manifestURL = new URL("./runtime.json", import.meta.url);
    const manifest = await fetchRuntimeFile(manifestURL, { cache: "no-cache" }).then((r) => r.json());
    const indexURL = new URL(manifest.pyodide, manifestURL).href;
    countDownloads();
    const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
    report("progress", { stage: "runtime" });
    const pyodide = await loadPyodide({ indexURL, stdout: () => {}, stderr: (line) => console.warn(line) });
    report("progress", { stage: "python" });
    const wheel = await fetchRuntimeFile(new URL(manifest.course, manifestURL)).then((r) => r.arrayBuffer());
    pyodide.unpackArchive(wheel, "wheel");
    const handle = pyodide.pyimport("course.bridge").handle;
    bridge = (request) => JSON.parse(handle(JSON.stringify(request)));
    const hello = bridge({ widget: "runtime", action: "hello" });
    if (!hello.ok) throw new StartupFailure("crashed", hello.error);
    report("ready", { course: hello.result.course });
  } catch (error) {
    fail(error instanceof StartupFailure ? error.reason : "crashed", String(error.message || error));
  }
}

function fail(reason, detail) {
  if (failed) return;
  failed = true;
  report("failed", { reason, detail });
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
    if (!response.body) return response;
    let received = 0;
    let lastReport = 0;
    const counter = new TransformStream({
      transform(chunk, controller) {
        received += chunk.byteLength;
        const now = Date.now();
        if (now - lastReport > PROGRESS_EVERY_MS) {
          lastReport = now;
          report("progress", { stage: "download", url, received });
        }
        controller.enqueue(chunk);
      },
    });
    const headers = new Headers(response.headers);
    // Static hosts that don't know .wasm break WebAssembly.instantiateStreaming.
    if (url.split("?")[0].endsWith(".wasm")) headers.set("Content-Type", "application/wasm");
    return new Response(response.body.pipeThrough(counter), {
      status: response.status,
      statusText: response.statusText,
      headers,
    });
  };
}
