// QR codes drawn in the page as SVG, from the module matrix of qrcode-generator (MIT, vendored from
// npm by the assembly step, its licence beside it). Everything is made with DOM calls and numbers:
// no markup strings, nothing from the text ever becomes an element or an attribute.

import qrcode from "../vendor/qrcode-generator/qrcode.mjs";

const SVG = "http://www.w3.org/2000/svg";
// The light margin scanners need around the symbol, in modules (the standard's minimum).
export const QUIET_ZONE = 4;

export class QrTooLong extends Error {}

// The QR symbol of `text` in byte mode at error correction `level`, in the smallest version that
// holds it ("type number 0"): {version, size, dark: rows of booleans}. QrTooLong past version 40.
export function qrMatrix(text, level = "M") {
  const qr = qrcode(0, level);
  qr.addData(text, "Byte");
  try {
    qr.make();
  } catch (error) {
    // qrcode-generator throws a plain string ("code length overflow. (…)") when nothing holds it.
    throw new QrTooLong(`${text.length} characters don't fit in one QR code (${error})`);
  }
  const size = qr.getModuleCount();
  const dark = Array.from({ length: size }, (_, row) => Array.from({ length: size }, (__, col) => qr.isDark(row, col)));
  return { version: (size - 17) / 4, size, dark };
}

// The matrix as an <svg>: a light square with the quiet zone, and one path of dark modules (each
// row's runs of dark modules as rectangles), scaled by CSS. `label` is its accessible name.
export function qrSvg(matrix, label) {
  const side = matrix.size + 2 * QUIET_ZONE;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "course-qr");
  svg.setAttribute("viewBox", `0 0 ${side} ${side}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  svg.setAttribute("shape-rendering", "crispEdges");
  svg.dataset.qrVersion = String(matrix.version);
  const light = document.createElementNS(SVG, "rect");
  light.setAttribute("class", "course-qr__light");
  light.setAttribute("width", String(side));
  light.setAttribute("height", String(side));
  light.setAttribute("fill", "#fff");
  const dark = document.createElementNS(SVG, "path");
  dark.setAttribute("class", "course-qr__dark");
  dark.setAttribute("fill", "#000");
  dark.setAttribute("d", modulePath(matrix));
  svg.append(light, dark);
  return svg;
}

function modulePath({ size, dark }) {
  const parts = [];
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!dark[row][col]) continue;
      let run = 1;
      while (col + run < size && dark[row][col + run]) run++;
      parts.push(`M${col + QUIET_ZONE} ${row + QUIET_ZONE}h${run}v1h-${run}z`);
      col += run - 1;
    }
  }
  return parts.join("");
}
