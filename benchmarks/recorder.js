// Injected by benchmarks/startup.py into every document before the page's own scripts (through
// the DevTools protocol, so the page's Content-Security-Policy does not apply). It writes down,
// in milliseconds since the navigation started (performance.now()), the first moment each state
// is seen, so the times do not depend on how fast Playwright polls:
//   mounted   every course widget listens to the learner (data-mounted="true")
//   ready     every course widget says data-status="ready"; on the baseline page, <body> does
//   error     any widget (or the baseline) says data-status="error"
//   armed     Check is pressed (the first pointerdown on a widget's Check button, seen here,
//             so no round trip to Python sits between choosing and pressing)
//   feedback  after that, a quiz verdict was written and shown (Python graded the answer)
//   refused   after that, the status line changed with no verdict (the check failed)
// and the longest main-thread task seen by a PerformanceObserver for "longtask" (50 ms or more).
/* global window, document, performance, PerformanceObserver, MutationObserver, Element */
(() => {
  const bench = { marks: {}, armed: false, longest: 0, longTasks: 0, longTaskSupported: false };
  window.__bench = bench;
  const mark = (name) => {
    if (!(name in bench.marks)) bench.marks[name] = performance.now();
  };
  bench.arm = () => {
    bench.armed = true;
    mark("armed");
  };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        bench.longTasks += 1;
        bench.longest = Math.max(bench.longest, entry.duration);
      }
    }).observe({ type: "longtask", buffered: true });
    bench.longTaskSupported = true;
  } catch {
    bench.longTaskSupported = false;
  }
  const inside = (node, selector) => {
    const element = node.nodeType === 1 ? node : node.parentElement;
    return Boolean(element?.closest(selector));
  };
  const check = (records) => {
    const body = document.body;
    if (body?.dataset.status === "ready") mark("ready");
    if (body?.dataset.status === "error") mark("error");
    const widgets = [...document.querySelectorAll(".course-widget[data-widget]")];
    if (widgets.length) {
      if (widgets.every((widget) => widget.dataset.mounted === "true")) mark("mounted");
      if (widgets.every((widget) => widget.dataset.status === "ready")) mark("ready");
      if (widgets.some((widget) => widget.dataset.status === "error")) mark("error");
    }
    if (!bench.armed) return;
    const verdictShown = [...document.querySelectorAll('.course-widget [data-role="verdict"]')].some(
      (verdict) => !verdict.hidden && verdict.textContent.trim() !== "",
    );
    if (verdictShown && records.some((record) => inside(record.target, '[data-role="verdict"]'))) mark("feedback");
    else if (!verdictShown && records.some((record) => inside(record.target, '.course-widget [role="status"]'))) {
      mark("refused");
    }
  };
  document.addEventListener(
    "pointerdown",
    (event) => {
      if (event.target instanceof Element && event.target.closest('.course-widget [data-role="check"]')) bench.arm();
    },
    true,
  );
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
})();
