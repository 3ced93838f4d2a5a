// Apply the reader's stored colour scheme before the page paints (Material does this with an
// inline script, which the site's Content-Security-Policy forbids). Runs where Material's palette
// partial sits, right after the palette toggles.
(function () {
  "use strict";
  const palette = window.__md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    // "Follow the system": pick the toggle matching the system's current scheme.
    const light = matchMedia("(prefers-color-scheme: light)").matches;
    const input = document.querySelector(
      light
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']",
    );
    if (!input) return;
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  Object.entries(palette.color).forEach(function (entry) {
    document.body.setAttribute("data-md-color-" + entry[0], entry[1]);
  });
})();
