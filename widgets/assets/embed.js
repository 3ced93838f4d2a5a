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

  // The reported height is the page's; with box-sizing: border-box (common in host stylesheets)
  // the frame's own border and padding come out of its CSS height, so they are added back.
  function frameEdges(frame) {
    const style = window.getComputedStyle(frame);
    if (style.boxSizing !== "border-box") return 0;
    const sides = ["borderTopWidth", "borderBottomWidth", "paddingTop", "paddingBottom"];
    return sides.reduce(function (sum, side) {
      return sum + (parseFloat(style[side]) || 0);
    }, 0);
  }

  window.addEventListener("message", function (event) {
    if (!isHeightMessage(event.data)) return;
    const frame = frameOf(event.source);
    if (!frame) return;
    const height = Math.ceil(event.data.height);
    frame.style.height = height + frameEdges(frame) + "px";
    frame.dataset.courseEmbed = event.data.id;
    frame.dataset.courseEmbedHeight = String(height);
  });
})();
