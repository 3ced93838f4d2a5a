// The baseline's module worker: load Pyodide from this site (the folder named by ?pyodide=,
// relative to this file), with the standard library and lock file as the npm package ships them
// (copied next to this file), run 1+1 and post the answer. No manifest, no package, no watchdog.
/* global self, URL */
const indexURL = new URL(new URL(self.location.href).searchParams.get("pyodide"), self.location.href).href;
const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
const here = (name) => new URL(name, self.location.href).href;
const pyodide = await loadPyodide({ indexURL, stdLibURL: here("python_stdlib.zip"), lockFileURL: here("pyodide-lock.json") });
self.postMessage(pyodide.runPython("1+1"));
