// Learners' progress in localStorage, under versioned keys. Anything unreadable is set aside
// (kept under "<key>:set-aside" for inspection) and treated as "nothing stored". Storage that
// throws on reading (sandboxed or cross-site iframes, privacy modes) or on writing (a full
// quota) falls back to memory for this visit, and `persistent` turns false so widgets can say
// their progress can't be kept.

import { randomSeed } from "./order.js";

const PREFIX = "course-site:v1:";
const ORDER_KEY = `${PREFIX}learner:order`;

function openBackend() {
  let backend;
  try {
    backend = window.localStorage;
    backend.getItem(`${PREFIX}probe`);
  } catch {
    return { backend: null, writable: false };
  }
  try {
    backend.setItem(`${PREFIX}probe`, "1");
    backend.removeItem(`${PREFIX}probe`);
    return { backend, writable: true };
  } catch {
    // Readable but full or read-only: what was kept can still be restored.
    return { backend, writable: false };
  }
}

let opened = null;

export function progressStore() {
  if (!opened) opened = new ProgressStore(openBackend());
  return opened;
}

class ProgressStore {
  constructor({ backend, writable }) {
    this.backend = backend;
    this.persistent = writable;
    // This visit's writes that storage refused (null: removed), read before storage itself.
    this.memory = new Map();
    this.listeners = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
  }

  key(kind, id) {
    return `${PREFIX}${kind}:${id}`;
  }

  // {value} when a stored record passes `isValid`; {value: null, unreadable: true} when one was
  // there but unusable (it has been set aside); {value: null} when there is none.
  load(kind, id, isValid) {
    const raw = this.getRaw(this.key(kind, id));
    if (raw === null) return { value: null, unreadable: false };
    try {
      const value = JSON.parse(raw);
      if (isValid(value)) return { value, unreadable: false };
    } catch {
      // fall through: set aside below
    }
    this.setAside(kind, id, "unreadable");
    return { value: null, unreadable: true };
  }

  // One random number per learner (per browser), so shuffled options keep their order on every
  // visit, answered or not. It says nothing about answers; without storage it lasts one visit.
  orderSeed() {
    const stored = Number(this.getRaw(ORDER_KEY));
    if (Number.isSafeInteger(stored) && stored > 0) return stored;
    const seed = randomSeed();
    this.setRaw(ORDER_KEY, String(seed));
    return seed;
  }

  write(kind, id, value) {
    return this.setRaw(this.key(kind, id), JSON.stringify(value));
  }

  forget(kind, id) {
    const key = this.key(kind, id);
    this.memory.set(key, null);
    try {
      this.backend?.removeItem(key);
    } catch {
      // the memory entry already hides it for this visit
    }
  }

  // Move the stored value to "<key>:set-aside", so it is kept for inspection but never read again.
  setAside(kind, id, why) {
    const key = this.key(kind, id);
    const raw = this.getRaw(key);
    if (raw === null) return;
    console.warn(`course widgets: stored progress under "${key}" was ${why} and has been set aside`);
    try {
      this.backend.setItem(`${key}:set-aside`, raw);
      this.backend.removeItem(key);
      this.memory.delete(key);
    } catch {
      // Storage refuses the copy: keep the original (never destroy a learner's data), ignore it now.
      this.memory.set(key, null);
    }
  }

  getRaw(key) {
    if (this.memory.has(key)) return this.memory.get(key);
    try {
      return this.backend ? this.backend.getItem(key) : null;
    } catch {
      return null;
    }
  }

  setRaw(key, raw) {
    try {
      if (!this.backend) throw new Error("no storage");
      this.backend.setItem(key, raw);
      this.memory.delete(key);
      return true;
    } catch {
      this.memory.set(key, raw);
      if (this.persistent) {
        this.persistent = false;
        for (const listener of this.listeners) listener();
      }
      return false;
    }
  }
}
