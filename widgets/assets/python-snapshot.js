// Python's memory right after start-up, kept in this browser so that the next page (or the next
// visit) restores it in a fraction of a second instead of starting Python again: the learner waits
// for Python once, not once per page. It is made here, from the runtime the learner already
// downloaded, so it costs no extra download.
//
// IndexedDB rather than Cache Storage: it exists in workers on plain-http sites too (a trainer's
// laptop serving the course to a room). One record is kept, named by everything the memory depends
// on (Pyodide, its standard library and the course wheel); any other record is stale. Every failure
// here (storage blocked, full, slow or corrupt) means "no snapshot": Python then starts normally.

const DATABASE = "course-site:v1:python";
const STORE = "snapshot";
const RECORD = "current";
// Opening a database can wait forever (another tab upgrading it, some private modes): a normal
// start is better than waiting.
const OPEN_TIMEOUT_MS = 3000;
// About half of Python's memory is untouched zeros: only the other pages are stored, which halves
// what the next page reads from disk.
const PAGE = 65536;

function request(operation) {
  return new Promise((resolve, reject) => {
    operation.onsuccess = () => resolve(operation.result);
    operation.onerror = () => reject(operation.error);
  });
}

function open(version) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("opening the snapshot store timed out")), OPEN_TIMEOUT_MS);
    const opening = version ? indexedDB.open(DATABASE, version) : indexedDB.open(DATABASE);
    opening.onupgradeneeded = () => {
      if (!opening.result.objectStoreNames.contains(STORE)) opening.result.createObjectStore(STORE);
    };
    opening.onblocked = () => reject(new Error("the snapshot store is blocked by another tab"));
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      clearTimeout(timer);
      const database = opening.result;
      if (database.objectStoreNames.contains(STORE)) return resolve(database);
      // A database without the store (made by something else): upgrade it to add the store.
      database.close();
      open(database.version + 1).then(resolve, reject);
    };
  });
}

async function withStore(mode, action) {
  const database = await open();
  try {
    const transaction = database.transaction(STORE, mode);
    const result = await action(transaction.objectStore(STORE));
    await new Promise((resolve, reject) => {
      transaction.oncomplete = resolve;
      transaction.onabort = () => reject(transaction.error || new Error("aborted"));
      transaction.onerror = () => reject(transaction.error);
    });
    return result;
  } finally {
    database.close();
  }
}

/**
 * A reader of the stored memory for `key`, or null (none, another version's, or unreadable). Only
 * the record is read here; read() then reads the bytes, while the runtime downloads.
 */
export async function findSnapshot(key) {
  try {
    const record = await withStore("readonly", (store) => request(store.get(RECORD)));
    const valid =
      record &&
      record.key === key &&
      Number.isInteger(record.size) &&
      record.pages instanceof Uint8Array &&
      record.pages.length === Math.ceil(record.size / PAGE) &&
      record.memory instanceof Blob;
    return valid ? { read: () => unpack(record) } : null;
  } catch (error) {
    console.debug("course widgets: no Python snapshot", error);
    return null;
  }
}

/** Keep `memory` as the snapshot for `key`, replacing any other; false if it can't be kept. */
export async function saveSnapshot(key, memory) {
  try {
    const record = { key, saved: Date.now(), ...pack(memory) };
    await withStore("readwrite", (store) => request(store.put(record, RECORD)));
    return true;
  } catch (error) {
    console.debug("course widgets: the Python snapshot could not be kept", error);
    return false;
  }
}

function pack(memory) {
  const count = Math.ceil(memory.byteLength / PAGE);
  const pages = new Uint8Array(count);
  const kept = [];
  for (let index = 0; index < count; index += 1) {
    const page = memory.subarray(index * PAGE, (index + 1) * PAGE);
    if (!isZero(page)) {
      pages[index] = 1;
      kept.push(page);
    }
  }
  return { size: memory.byteLength, pages, memory: new Blob(kept) };
}

function isZero(page) {
  const words = page.byteLength % 4 === 0 && page.byteOffset % 4 === 0 ? new Uint32Array(page.buffer, page.byteOffset, page.byteLength / 4) : page;
  for (let index = 0; index < words.length; index += 1) if (words[index] !== 0) return false;
  return true;
}

async function unpack({ size, pages, memory }) {
  const stored = new Uint8Array(await memory.arrayBuffer());
  const expected = pages.reduce((total, present, index) => total + (present ? Math.min(PAGE, size - index * PAGE) : 0), 0);
  if (stored.byteLength !== expected) throw new Error(`the stored snapshot has ${stored.byteLength} bytes, not ${expected}`);
  const whole = new Uint8Array(size);
  let offset = 0;
  pages.forEach((present, index) => {
    if (!present) return;
    const length = Math.min(PAGE, size - index * PAGE);
    whole.set(stored.subarray(offset, offset + length), index * PAGE);
    offset += length;
  });
  return whole;
}

/** Forget the stored snapshot (it failed to restore); never throws. */
export async function dropSnapshot() {
  try {
    await withStore("readwrite", (store) => request(store.delete(RECORD)));
  } catch (error) {
    console.debug("course widgets: the Python snapshot could not be removed", error);
  }
}
