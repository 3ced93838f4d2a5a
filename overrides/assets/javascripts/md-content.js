// After the article: open the content tab a link points at (Material does this inline, which
// the site's Content-Security-Policy forbids), and with content.tabs.link restore the reader's
// last chosen tabs.
(function () {
  "use strict";
  const script = document.currentScript;
  if (script && script.dataset.tabsLink === "true") {
    const tabs = window.__md_get("__tabs");
    if (Array.isArray(tabs)) {
      document.querySelectorAll(".tabbed-set").forEach(function (set) {
        const labels = set.querySelector(".tabbed-labels");
        if (!labels) return;
        for (let i = 0; i < tabs.length; i++) {
          const label = Array.from(labels.getElementsByTagName("label")).find(function (candidate) {
            return candidate.innerText.trim() === tabs[i];
          });
          if (label) {
            document.getElementById(label.htmlFor).checked = true;
            return;
          }
        }
      });
    }
  }
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
