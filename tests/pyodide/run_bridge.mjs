// Loads the pinned Pyodide from node_modules, installs the course wheel exactly as the browser
// worker does, and answers a JSON list of bridge requests (strings) read from stdin.
// Usage: node run_bridge.mjs path/to/course.whl < requests.json > responses.json
import { readFileSync } from "node:fs";
import { loadPyodide } from "../../node_modules/pyodide/pyodide.mjs";

const [wheelPath] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(0, "utf8"));
const pyodide = await loadPyodide({ stdout: () => {}, stderr: (line) => process.stderr.write(`${line}\n`) });
// A Node Buffer is not a typed array Pyodide accepts; the browser passes an ArrayBuffer.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
const handle = pyodide.pyimport("course.bridge").handle;
const platform = pyodide.runPython("import sys; sys.platform");
const responses = requests.map((request) => handle(request));
process.stdout.write(JSON.stringify({ platform, pyodide: pyodide.version, responses }));
