// Mounts every course widget on the page. Loaded on every page; Python starts only where a
// widget exists. Re-mounts after Material's instant navigation via document$, when present.

import { python } from "./python.js";
import { mountQuiz } from "./quiz.js";
import { mountSelfAssessment } from "./self-assessment.js";
import { mountStageMap } from "./stage-map.js";
import { progressStore } from "./storage.js";

const MOUNTERS = { quiz: mountQuiz, "stage-map": mountStageMap, "self-assessment": mountSelfAssessment };

function mountAll() {
  const roots = [...document.querySelectorAll(".course-widget[data-widget]")].filter((root) => !root.dataset.mounted);
  if (roots.length === 0) return;
  const runtime = python();
  for (const root of roots) {
    const mount = MOUNTERS[root.dataset.widget];
    if (!mount) continue;
    root.dataset.mounted = "true";
    try {
      mount(root, { python: runtime, store: progressStore() });
    } catch (error) {
      console.error(`course widgets: could not start widget #${root.id}`, error);
      root.dataset.status = "error";
      const notice = root.querySelector('[data-role="notice"]');
      if (notice) {
        notice.hidden = false;
        notice.setAttribute("role", "alert");
        notice.textContent = "This exercise couldn't start. Its explanations are still here to read; reloading the page may help.";
      }
    }
  }
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mountAll());
}
mountAll();
