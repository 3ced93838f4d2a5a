// The embed page's side of embedding (embed/<widget id>/ and embed/<module slug>/, written by
// widgets/build/embed.py): posts the page's height to the embedding page whenever it changes, so
// embed.js there can size the frame, and follows the system's colour scheme, since an embed page
// has no colour toggle of its own.

const main = document.querySelector("main[data-course-embed]");
const HEIGHT_MESSAGE = "course-embed:height";

function followColourScheme() {
  const { schemeLight, schemeDark } = main.dataset;
  if (!schemeLight || !schemeDark) return;
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const apply = () => document.body.setAttribute("data-md-color-scheme", dark.matches ? schemeDark : schemeLight);
  apply();
  dark.addEventListener("change", apply);
}

function postHeight() {
  // Not framed: nobody to tell.
  if (window.parent === window) return;
  let last = 0;
  const send = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    // The height is no secret, and the embedding page's origin is unknown: any parent may read it.
    window.parent.postMessage({ type: HEIGHT_MESSAGE, id: main.dataset.courseEmbed, height }, "*");
  };
  new ResizeObserver(send).observe(document.documentElement);
  send();
}

if (main) {
  followColourScheme();
  postHeight();
}
