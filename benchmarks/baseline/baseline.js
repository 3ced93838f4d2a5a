// The benchmark's baseline page: start the site's vendored Pyodide in a module worker, the
// least any page that grades in Python must do, and say data-status="ready" when 1+1 came back.
/* global document, URL, Worker */
const body = document.body;
const workerURL = new URL("worker.js", import.meta.url);
workerURL.searchParams.set("pyodide", body.dataset.pyodide);
const worker = new Worker(workerURL, { type: "module" });
worker.addEventListener("message", (event) => {
  body.dataset.status = event.data === 2 ? "ready" : "error";
});
worker.addEventListener("error", () => {
  body.dataset.status = "error";
});
