// The catalog of this build's exercises (assets/generated/results/catalog.json, written by
// widgets/build/catalog.py), fetched once per page. Each entry gets the content hash its widget
// computes from its own payload (widget-kit.js: readContent), so a hand-in made on any page
// matches the catalog, on the "My results" page and on the trainer's room page alike.

import { hashText, isObject } from "./widget-kit.js";

// This module is assets/generated/widgets/catalog.js: three folders down from the site root.
export const SITE_ROOT = new URL("../../../", import.meta.url);
export const CATALOG_URL = new URL("assets/generated/results/catalog.json", SITE_ROOT);

const MESSAGES = {
  network: "The list of this course's exercises couldn't be downloaded. Check your connection, then reload the page.",
  missing: "The list of this course's exercises is missing from this site.",
  unreadable: "The list of this course's exercises couldn't be read.",
};

export class CatalogUnavailable extends Error {
  constructor(reason, detail) {
    super(MESSAGES[reason]);
    this.reason = reason;
    this.detail = detail;
  }
}

let loading = null;

// The catalog, read and hashed: {widgets: [{kind, id, title, page, page_title, content, hash, url}]},
// in page order. Rejects with a CatalogUnavailable whose message a learner can read; a later call
// tries again.
export function loadCatalog() {
  if (!loading) {
    loading = fetchCatalog().catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

async function fetchCatalog() {
  let response;
  try {
    response = await fetch(CATALOG_URL);
  } catch (error) {
    throw new CatalogUnavailable("network", String(error));
  }
  if (!response.ok) throw new CatalogUnavailable("missing", `${CATALOG_URL} answered ${response.status}`);
  let data;
  try {
    data = await response.json();
  } catch (error) {
    throw new CatalogUnavailable("unreadable", String(error));
  }
  return readCatalog(data);
}

// The parsed file as the pages use it; entries of the wrong shape are left out (the build wrote
// them, so that would be a bug, not a learner's doing).
export function readCatalog(data) {
  if (!isObject(data) || !Array.isArray(data.widgets)) throw new CatalogUnavailable("unreadable", "no widgets list");
  const widgets = data.widgets.filter(isEntry).map((entry) => ({
    ...entry,
    hash: hashText(JSON.stringify(entry.content)),
    url: new URL(`${entry.page}#${encodeURIComponent(entry.id)}`, SITE_ROOT).href,
  }));
  return { widgets };
}

function isEntry(entry) {
  return (
    isObject(entry) &&
    ["kind", "id", "title", "page", "page_title"].every((key) => typeof entry[key] === "string") &&
    isObject(entry.content)
  );
}

// The catalog as Python's hand-in and room requests take it: {id: {kind, hash, title}}, and each
// widget's content too when `content` is true (the room's summary grades with it).
export function forPython(catalog, { content = false } = {}) {
  return Object.fromEntries(
    catalog.widgets.map((entry) => [
      entry.id,
      {
        kind: entry.kind,
        hash: entry.hash,
        title: entry.title,
        page: entry.page_title,
        ...(content ? { content: entry.content } : {}),
      },
    ]),
  );
}
