// The baseline's module worker: load Pyodide from this site (the folder named by ?pyodide=,
// relative to this file), run 1+1 and post the answer. No manifest, no package, no watchdog.
/* global self, URL */
const indexURL = new URL(new URL(self.location.href).searchParams.get("pyodide"), self.location.href).href;
const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
const pyodide = await loadPyodide({ indexURL });
self.postMessage(pyodide.runPython("1+1"));
