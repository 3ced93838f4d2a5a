// A classic script, not a module, on purpose: in a frame with an opaque origin (sandbox without
// allow-same-origin) module scripts and module workers are refused, so widgets.js never runs and
// every widget would sit on "loading" with the no-JavaScript notice. This one still runs there
// and says what the embedding page must allow.
(function () {
  "use strict";

  const opaque = self.origin === "null" || window.location.origin === "null";
  if (!opaque) return;

  const message =
    window.location.protocol === "file:"
      ? "This exercise can't run from a file opened on this computer. Open the course from a web server " +
        "(for example `python3 -m http.server`). You can still open the explanations."
      : "This exercise is embedded in a frame that blocks it. The page embedding it must allow scripts and " +
        'same-origin access (sandbox="allow-scripts allow-same-origin"). You can still open the explanations.';

  function explain() {
    for (const root of document.querySelectorAll(".course-widget[data-widget]")) {
      const notice = root.querySelector('[data-role="notice"]');
      if (notice) {
        notice.textContent = message;
        notice.setAttribute("role", "alert");
        notice.hidden = false;
      }
      root.dataset.status = "error";
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", explain);
  else explain();
})();
