// For pages that embed the course: include this script once, and every <iframe> showing one of
// the course's embed pages takes the height that page reports, so it needs no scrollbar of its
// own (as H5P's resizer does). A classic script with no dependencies, so it runs on any host.
// Messages are data only: a message counts when its shape is right and it comes from one of this
// page's frames, and all it can change is that frame's height.
(function () {
  "use strict";

  if (window.courseEmbedResizer) return;
  window.courseEmbedResizer = true;

  const HEIGHT_MESSAGE = "course-embed:height";
  // Taller than any page of the course; a bigger number is a mistake, not a page.
  const MAX_HEIGHT = 100000;

  function isHeightMessage(data) {
    return (
      typeof data === "object" &&
      data !== null &&
      data.type === HEIGHT_MESSAGE &&
      typeof data.id === "string" &&
      data.id.length <= 200 &&
      typeof data.height === "number" &&
      Number.isFinite(data.height) &&
      data.height > 0 &&
      data.height <= MAX_HEIGHT
    );
  }

  function frameOf(source) {
    for (const frame of document.getElementsByTagName("iframe")) {
      if (frame.contentWindow === source) return frame;
    }
    return null;
  }

  window.addEventListener("message", function (event) {
    if (!isHeightMessage(event.data)) return;
    const frame = frameOf(event.source);
    if (!frame) return;
    const height = Math.ceil(event.data.height);
    frame.style.height = height + "px";
    frame.dataset.courseEmbed = event.data.id;
    frame.dataset.courseEmbedHeight = String(height);
  });
})();
