// Learners' progress in localStorage, under versioned keys. Anything unreadable is set aside
// (kept under "<key>:set-aside" for inspection) and treated as "nothing stored"; storage that
// throws (sandboxed or cross-site iframes, privacy modes) falls back to memory for this visit.

const PREFIX = "course-site:v1:";

class MemoryStorage {
  constructor() {
    this.items = new Map();
  }
  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }
  setItem(key, value) {
    this.items.set(key, String(value));
  }
  removeItem(key) {
    this.items.delete(key);
  }
}

function openBackend() {
  try {
    const backend = window.localStorage;
    const probe = `${PREFIX}probe`;
    backend.setItem(probe, "1");
    backend.removeItem(probe);
    return { backend, persistent: true };
  } catch {
    return { backend: new MemoryStorage(), persistent: false };
  }
}

let opened = null;

export function progressStore() {
  if (!opened) opened = new ProgressStore(openBackend());
  return opened;
}

class ProgressStore {
  constructor({ backend, persistent }) {
    this.backend = backend;
    this.persistent = persistent;
  }

  key(kind, id) {
    return `${PREFIX}${kind}:${id}`;
  }

  // The stored record, or null when there is none or it fails `isValid`.
  read(kind, id, isValid) {
    const key = this.key(kind, id);
    let raw;
    try {
      raw = this.backend.getItem(key);
    } catch {
      return null;
    }
    if (raw === null) return null;
    try {
      const value = JSON.parse(raw);
      if (isValid(value)) return value;
    } catch {
      // fall through: set aside below
    }
    this.setAside(key, raw);
    return null;
  }

  write(kind, id, value) {
    try {
      this.backend.setItem(this.key(kind, id), JSON.stringify(value));
      return true;
    } catch {
      return false;
    }
  }

  forget(kind, id) {
    try {
      this.backend.removeItem(this.key(kind, id));
    } catch {
      // nothing to forget
    }
  }

  setAside(key, raw) {
    console.warn(`course widgets: stored progress under "${key}" was unreadable and has been set aside`);
    try {
      this.backend.setItem(`${key}:set-aside`, raw);
      this.backend.removeItem(key);
    } catch {
      // storage refuses writes: leave it; we already ignore the value
    }
  }
}
