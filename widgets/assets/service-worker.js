// The course's service worker. widgets/build/offline.py turns this file into sw.js at the site
// root, filling in the build's version and the name of its manifest: every file a learner could
// need, with its size, SHA-256 and group. A classic script without imports, so every engine runs it.
//
// - It keeps only files the manifest lists, in one cache per build ("course-site:v1:offline:" and
//   the version), and only responses that are OK and hold exactly the bytes the manifest names: a
//   cache never holds files from two builds. It deletes no cache but older ones of its own kind.
// - Pages: the network first, the kept copy when that fails. Everything else: the kept copy first
//   (a build's files don't change), else the network, keeping what arrives. A request that asks
//   for a fresh copy (the Python worker's runtime.json) goes to the network first too.
// - The first page of a visit loads before this worker runs; the page then says what it used
//   ("course-offline:used"), and that is kept as well. So is what every page needs behind the
//   scenes (the search index, 404.html), and the Python runtime once a widget has used it.
// - A page that doesn't match this build comes from a newer build on the server: its own
//   requests bypass this cache (no mix) until the browser, which checks sw.js after every
//   navigation, has installed the new build's worker.
// - A new build's worker, on install, keeps again what the learner had: a file whose SHA-256 is
//   unchanged is copied from the old cache, any other is fetched and checked against the new
//   manifest. Only then does it take over and delete the older caches.
// - A URL the site doesn't have goes to the network untouched. Offline, an unknown page gets the
//   kept 404.html with status 404, or a network error.
// - The "Keep this course for offline use" control (offline.js) asks for the status
//   ("course-offline:status") and then saves one file at a time ("course-offline:save").
"use strict";

const VERSION = "__COURSE_OFFLINE_VERSION__";
const MANIFEST = "__COURSE_OFFLINE_MANIFEST__";
const PREFIX = "course-site:v1:offline:";
const CACHE = PREFIX + VERSION;
const SCOPE = self.registration.scope;
const MANIFEST_URL = new URL(MANIFEST, self.location.href).href;
const PROGRESS_EVERY_MS = 250;
// Requests whose page came from a newer build than this one: they bypass this cache. Only in
// memory: after the browser stops this worker, the new build's worker has normally taken over.
const newerClients = new Set();
// This build's files by absolute URL, once read (see manifestFiles).
let listed = null;

class SaveFailure extends Error {
  constructor(reason, detail) {
    super(detail);
    this.reason = reason;
  }
}

self.addEventListener("install", (event) => {
  // A failed install (offline, or the server moved on to yet another build) leaves nothing behind:
  // the current worker and its cache stay, and the browser tries again after a later page.
  event.waitUntil(
    install().catch(async (error) => {
      await caches.delete(CACHE);
      throw error;
    }),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(deleteOlderCaches());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE) || request.headers.has("range")) return;
  // Once the manifest is known, a file the site doesn't list is left to the browser entirely.
  if (listed && !listed.has(cacheKey(request.url)) && request.mode !== "navigate") return;
  event.respondWith(respond(event));
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  if (message.type === "course-offline:used") {
    event.waitUntil(keepUsed(message).catch(() => {}));
  } else if (message.type === "course-offline:status" && port) {
    event.waitUntil(statusReply().then((reply) => port.postMessage(reply)));
  } else if (message.type === "course-offline:save" && port) {
    event.waitUntil(saveOne(String(message.url), port));
  }
});

// Install: read this build's manifest, keep again what the learner had kept, then take over.
async function install() {
  self.skipWaiting();
  const response = await fetch(MANIFEST_URL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${MANIFEST_URL}: HTTP ${response.status}`);
  const data = await response.clone().json();
  // The server moved on between sw.js and the manifest: the browser tries again with the next sw.js.
  if (data.version !== VERSION) throw new Error(`${MANIFEST_URL} is for build ${data.version}, not ${VERSION}`);
  const files = indexFiles(data);
  const cache = await caches.open(CACHE);
  const kept = new Set((await cache.keys()).map((request) => request.url));
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const older = await caches.open(name);
    const olderFiles = await older.match(MANIFEST_URL).then((r) => (r ? r.json().then(indexFiles) : new Map()));
    for (const request of await older.keys()) {
      const entry = files.get(request.url);
      if (!entry || kept.has(request.url)) continue;
      if (olderFiles.get(request.url)?.sha256 === entry.sha256) {
        await cache.put(request.url, await older.match(request));
      } else {
        await cache.put(request.url, await fetchChecked(request.url, entry));
      }
      kept.add(request.url);
    }
  }
  await cache.put(MANIFEST_URL, response);
  listed = files;
}

async function deleteOlderCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
}

// This build's files by absolute URL; read from the cache (or the network, if it was cleared).
async function manifestFiles() {
  if (listed) return listed;
  const cache = await caches.open(CACHE);
  let response = await cache.match(MANIFEST_URL);
  if (!response) {
    response = await fetch(MANIFEST_URL, { cache: "no-cache" }).catch(() => null);
    if (!response?.ok) return null;
    const data = await response.clone().json();
    if (data.version !== VERSION) return null;
    await cache.put(MANIFEST_URL, response.clone());
  }
  listed = indexFiles(await response.json());
  return listed;
}

function indexFiles(data) {
  const files = new Map();
  for (const file of data.files || []) files.set(new URL(file.url, SCOPE).href, file);
  return files;
}

// The URL a file is kept under: no query or fragment (a static host ignores them), a page's folder.
function cacheKey(href) {
  const url = new URL(href);
  url.search = "";
  url.hash = "";
  if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -"index.html".length);
  return url.href;
}

async function respond(event) {
  const request = event.request;
  const files = await manifestFiles().catch(() => null);
  const url = cacheKey(request.url);
  const entry = files?.get(url);
  // (A navigation's own clientId, where an engine sets one, is the page it replaces: not newer.)
  const newer = request.mode !== "navigate" && newerClients.has(event.clientId);
  // A worker (or frame) started by such a page is just as new.
  if (newer && event.resultingClientId) newerClients.add(event.resultingClientId);
  if (!entry) return request.mode === "navigate" ? unknownPage(request, files) : fetch(request);
  if (newer) return fetch(request);
  if (entry.group === "page" || ["no-cache", "reload", "no-store"].includes(request.cache)) {
    return networkFirst(event, url, entry);
  }
  return cacheFirst(event, url, entry);
}

async function networkFirst(event, url, entry) {
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    return (await kept(url)) || Response.error();
  }
  if (!response.ok || response.type !== "basic") return response;
  // Read whole before answering (pages are small), so a page from a newer build is known as such
  // before the page's own requests arrive.
  const body = await response.arrayBuffer();
  const fresh = rebuilt(response, body);
  if ((await sha256(body)) === entry.sha256) {
    event.waitUntil(keep(url, fresh.clone()));
  } else if (entry.group === "page" && event.resultingClientId) {
    // No registration.update() from here: the browser checks sw.js after each navigation anyway,
    // and Chromium can't activate the new worker while this one waits for that update.
    newerClients.add(event.resultingClientId);
  }
  return fresh;
}

async function cacheFirst(event, url, entry) {
  const cached = await kept(url);
  if (cached) return cached;
  let response;
  try {
    response = await fetch(event.request);
  } catch {
    return Response.error();
  }
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    event.waitUntil(
      copy
        .arrayBuffer()
        .then(async (body) => ((await sha256(body)) === entry.sha256 ? keep(url, rebuilt(copy, body)) : null))
        .catch(() => {}),
    );
  }
  return response;
}

// Online, the server answers (its own 404); offline, the kept 404.html, still a 404.
async function unknownPage(request, files) {
  try {
    return await fetch(request);
  } catch {
    const notFound = files && [...files].find(([, file]) => file.group === "not-found");
    const page = notFound && (await kept(notFound[0]));
    if (!page) return Response.error();
    return new Response(page.body, { status: 404, statusText: "Not Found", headers: page.headers });
  }
}

async function kept(url) {
  const cache = await caches.open(CACHE);
  return cache.match(url);
}

async function keep(url, response) {
  try {
    const cache = await caches.open(CACHE);
    await cache.put(url, response);
    return true;
  } catch (error) {
    console.warn(`course offline: could not keep ${url}`, error);
    return false;
  }
}

// What the first page of a visit used before this worker controlled it, and what any page
// needs behind the scenes; the runtime once a widget on the page got ready.
async function keepUsed(message) {
  const files = await manifestFiles();
  if (!files) return;
  const wanted = new Set();
  for (const url of Array.isArray(message.urls) ? message.urls : []) {
    try {
      wanted.add(cacheKey(String(url)));
    } catch {
      // not a URL: nothing to keep
    }
  }
  for (const [url, file] of files) {
    if (file.group === "search" || file.group === "not-found" || (message.python && file.group === "python")) {
      wanted.add(url);
    }
  }
  const cache = await caches.open(CACHE);
  for (const url of wanted) {
    const entry = files.get(url);
    if (!entry || (await cache.match(url))) continue;
    try {
      await cache.put(url, await fetchChecked(url, entry));
    } catch (error) {
      console.warn(`course offline: could not keep ${url}`, error);
    }
  }
}

// A file fetched for keeping, as a response holding exactly the bytes the manifest names. A copy
// that doesn't match may be a stale one in the browser's HTTP cache: one retry bypasses that.
async function fetchChecked(url, entry, onProgress) {
  for (const cache of ["no-cache", "reload"]) {
    let response;
    try {
      response = await fetch(url, { cache });
    } catch (error) {
      throw new SaveFailure("network", `${url}: ${error.message || error}`);
    }
    if (!response.ok) throw new SaveFailure("network", `${url}: HTTP ${response.status}`);
    const body = await readAll(response, onProgress);
    if ((await sha256(body)) === entry.sha256) return rebuilt(response, body);
  }
  throw new SaveFailure("changed", `${url} is not the file this build lists`);
}

async function readAll(response, onProgress) {
  if (!onProgress || !response.body) return response.arrayBuffer();
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  let reported = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    if (Date.now() - reported > PROGRESS_EVERY_MS) {
      reported = Date.now();
      onProgress(received);
    }
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body.buffer;
}

// A response for the cache: the same status and headers, the body as read (decoded, so its
// length is the real one).
function rebuilt(response, body) {
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");
  headers.set("Content-Length", String(body.byteLength));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function sha256(body) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function statusReply() {
  const files = await manifestFiles().catch(() => null);
  if (!files) return { type: "status", available: false };
  const cache = await caches.open(CACHE);
  const cached = new Set((await cache.keys()).map((request) => request.url));
  const reply = { type: "status", available: true, version: VERSION, files: 0, bytes: 0, keptFiles: 0, keptBytes: 0 };
  reply.missing = [];
  for (const [url, file] of files) {
    reply.files += 1;
    reply.bytes += file.size;
    if (cached.has(url)) {
      reply.keptFiles += 1;
      reply.keptBytes += file.size;
    } else {
      reply.missing.push({ url, size: file.size });
    }
  }
  return reply;
}

async function saveOne(url, port) {
  try {
    const files = await manifestFiles();
    const key = cacheKey(url);
    const entry = files?.get(key);
    if (!entry) throw new SaveFailure("unknown", `${url} is not part of this build`);
    const cache = await caches.open(CACHE);
    if (!(await cache.match(key))) {
      const response = await fetchChecked(key, entry, (received) => port.postMessage({ type: "progress", received }));
      try {
        await cache.put(key, response);
      } catch (error) {
        throw new SaveFailure(error?.name === "QuotaExceededError" ? "quota" : "storage", String(error));
      }
    }
    port.postMessage({ type: "saved", size: entry.size });
  } catch (error) {
    port.postMessage({ type: "failed", reason: error.reason || "storage", detail: String(error.message || error) });
  }
}
