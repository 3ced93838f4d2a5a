// Loads the pinned Pyodide from node_modules as the browser worker does (the site's trimmed,
// compiled standard library, no package index), installs the course wheel, and answers a JSON list
// of bridge requests (strings) read from stdin.
// Usage: node run_bridge.mjs site/assets/generated/widgets/runtime.json fresh|restored < requests.json
//   fresh     answer with Python as started
//   restored  start, import course, copy Python's memory, then answer with a second Python
//             restored from that copy: what the next page gets
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [manifestPath, mode] = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const requests = JSON.parse(readFileSync(0, "utf8"));
const site = (path) => resolve(dirname(manifestPath), path);
// A Node Buffer is not a typed array Pyodide accepts; the browser passes an ArrayBuffer.
const wheel = new Uint8Array(readFileSync(site(manifest.course)));
const options = {
  stdLibURL: site(manifest.stdlib),
  lockFileContents: { info: manifest.lock_info, packages: {} },
  stdout: () => {},
  stderr: (line) => process.stderr.write(`${line}\n`),
};

async function start(extra) {
  const pyodide = await loadPyodide({ ...options, ...extra });
  pyodide.unpackArchive(wheel, "wheel");
  return { pyodide, handle: pyodide.pyimport("course.bridge").handle };
}

let { pyodide, handle } = await start({ _makeSnapshot: mode === "restored" });
if (mode === "restored") {
  const memory = pyodide.makeMemorySnapshot();
  ({ pyodide, handle } = await start({ _loadSnapshot: memory }));
}
const platform = pyodide.runPython("import sys; sys.platform");
const responses = requests.map((request) => handle(request));
process.stdout.write(JSON.stringify({ platform, pyodide: pyodide.version, responses }));
