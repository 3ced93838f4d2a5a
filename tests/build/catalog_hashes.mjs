// Content hashes two ways, with the site's own modules under Node: the catalog's, as catalog.js
// computes them (for My results and the room page), and each widget's, as it computes its own from
// the payload in its page (widget-kit.js: readContent). Prints {catalog: {id: hash}, widgets: {id: hash}}.
//
//   node catalog_hashes.mjs <folder with catalog.js and widget-kit.js> <catalog.json> <payloads.json>

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [folder, catalogFile, payloadsFile] = process.argv.slice(2);
const { readCatalog } = await import(pathToFileURL(join(folder, "catalog.js")).href);
const { hashText } = await import(pathToFileURL(join(folder, "widget-kit.js")).href);

const catalog = readCatalog(JSON.parse(readFileSync(catalogFile, "utf8")));
const payloads = JSON.parse(readFileSync(payloadsFile, "utf8"));
const widgets = Object.fromEntries(
  Object.entries(payloads).map(([id, text]) => [id, hashText(JSON.stringify(JSON.parse(text)))]),
);
console.log(JSON.stringify({ catalog: Object.fromEntries(catalog.widgets.map((w) => [w.id, w.hash])), widgets }));
