"""The step both builders run after building: the list of the site's files, and the service worker that keeps them.

It scans the built site and writes two files at its root:

- `offline-manifest.json`: every file a learner could need (pages as folder URLs, `404.html`, the
  search index, assets, the Pyodide runtime, the course wheel) as URLs relative to the site root,
  each with its size, SHA-256 and group (which tells the service worker when a file counts as
  used), and the build's version, a hash of all of them;
- `sw.js`: `widgets/assets/service-worker.js` with that version and the manifest's name filled
  in. At the root, its scope is the whole site under whatever path it is served; each new build
  changes its bytes, so browsers install it.

MkDocs runs it from its post-build hook, Zensical through `python -m widgets.build zensical`.
Unchanged files are not rewritten, so an unchanged build leaves both files as they were (and
`mkdocs serve` builds into a folder it doesn't watch).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from widgets.build import assemble, headers

MANIFEST_FILE = "offline-manifest.json"
WORKER_FILE = "sw.js"
TEMPLATE = assemble.ASSETS / "service-worker.js"
VERSION_PLACEHOLDER = "__COURSE_OFFLINE_VERSION__"
MANIFEST_PLACEHOLDER = "__COURSE_OFFLINE_MANIFEST__"
# Files at the root that builders write for hosts and crawlers; no page ever requests them.
NOT_REQUESTED = frozenset({headers.HEADERS_FILE, "sitemap.xml", "sitemap.xml.gz", MANIFEST_FILE, WORKER_FILE})
# The search index: Material's search plugin under MkDocs, Zensical's own search.
SEARCH_INDEXES = ("search/search_index.json", "search.json")
SEARCH_WORKERS = "assets/javascripts/workers/"
# Material's search loads lunr's language support only for languages other than English.
LUNR = "assets/javascripts/lunr/"
GENERATED = assemble.GENERATED.as_posix()
PYTHON = (f"{GENERATED}/pyodide/", f"{GENERATED}/course/")
PYTHON_FILES = (
    f"{GENERATED}/widgets/runtime.json",
    f"{GENERATED}/widgets/python-worker.js",
    f"{GENERATED}/widgets/python-snapshot.js",
)
# Any base will do: it only turns a page's relative links into paths from the site root.
_BASE = "https://site.invalid/"


@dataclass(frozen=True)
class SiteFile:
    """One file a learner could need: its URL from the site root, size, SHA-256 and group."""

    url: str
    size: int
    sha256: str
    group: str

    def as_json(self) -> dict:
        """The manifest's entry for this file."""
        return {"url": self.url, "size": self.size, "sha256": self.sha256, "group": self.group}


@dataclass(frozen=True)
class Offline:
    """What one run found and wrote: the build's version, its files, and which outputs changed."""

    version: str
    files: tuple[SiteFile, ...]
    changed: tuple[Path, ...]

    @property
    def size(self) -> int:
        """All the listed files' bytes together."""
        return sum(file.size for file in self.files)


class _Stylesheets(HTMLParser):
    """The stylesheets a page links, as written in its <link> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "link" and "stylesheet" in (found.get("rel") or "").split() and found.get("href"):
            self.hrefs.append(found["href"])


def write(site_dir: Path) -> Offline:
    """Write offline-manifest.json and sw.js at the root of the built site in site_dir."""
    if not site_dir.is_dir():
        raise FileNotFoundError(f"widgets.build: no built site at {site_dir}")
    files = site_files(site_dir)
    template = TEMPLATE.read_text(encoding="utf-8")
    version = build_version(files, template)
    changed = []
    if assemble.write_if_changed(site_dir / MANIFEST_FILE, manifest_text(version, files).encode()):
        changed.append(site_dir / MANIFEST_FILE)
    if assemble.write_if_changed(site_dir / WORKER_FILE, worker_text(template, version).encode()):
        changed.append(site_dir / WORKER_FILE)
    return Offline(version, files, tuple(changed))


def site_files(site_dir: Path) -> tuple[SiteFile, ...]:
    """Every file of the built site a learner could need, sorted by URL."""
    paths = {path.relative_to(site_dir).as_posix(): path for path in site_dir.rglob("*") if path.is_file()}
    linked = _linked_stylesheets(site_dir, [name for name in paths if name.endswith(".html")])
    lunr_needed = _search_languages(site_dir) - {"en"}
    found = []
    for name, path in sorted(paths.items()):
        if name in NOT_REQUESTED or name.endswith(".map") or path.name.startswith(("LICENSE", ".")):
            continue
        if name.endswith(".css") and name not in linked:
            continue  # only ever requested through a page's <link> (Zensical ships two looks)
        if name.startswith(LUNR) and not lunr_needed:
            continue
        data = path.read_bytes()
        found.append(SiteFile(url_of(name), len(data), hashlib.sha256(data).hexdigest(), group_of(name)))
    return tuple(sorted(found, key=lambda file: file.url))


def url_of(name: str) -> str:
    """A file's URL relative to the site root: a page's folder for its index.html."""
    if name == "index.html":
        return "./"
    if name.endswith("/index.html"):
        return name.removesuffix("index.html")
    return name


def group_of(name: str) -> str:
    """When the service worker counts a file as used (see widgets/assets/service-worker.js)."""
    if name.endswith("index.html"):
        return "page"
    if name == "404.html":
        return "not-found"
    if name in SEARCH_INDEXES or name.startswith(SEARCH_WORKERS):
        return "search"
    if name.startswith(PYTHON) or name in PYTHON_FILES:
        return "python"
    return "asset"


def build_version(files: tuple[SiteFile, ...], template: str) -> str:
    """The build's version: a hash of every listed file's URL, size and content, and of the worker's code."""
    digest = hashlib.sha256(template.encode())
    digest.update(json.dumps([file.as_json() for file in files]).encode())
    return digest.hexdigest()[:16]


def manifest_text(version: str, files: tuple[SiteFile, ...]) -> str:
    """The manifest as JSON, one file to a line, so a diff of two builds reads line by line."""
    entries = ",\n".join(f"    {json.dumps(file.as_json())}" for file in files)
    return f'{{\n  "version": {json.dumps(version)},\n  "files": [\n{entries}\n  ]\n}}\n'


def worker_text(template: str, version: str) -> str:
    """sw.js: the template with this build's version and the manifest's name filled in."""
    for placeholder in (VERSION_PLACEHOLDER, MANIFEST_PLACEHOLDER):
        if template.count(f'"{placeholder}"') != 1:
            raise ValueError(f"{TEMPLATE}: expected the string {placeholder!r} exactly once")
    text = template.replace(f'"{VERSION_PLACEHOLDER}"', json.dumps(version))
    text = text.replace(f'"{MANIFEST_PLACEHOLDER}"', json.dumps(MANIFEST_FILE))
    return "// Written by widgets/build/offline.py from widgets/assets/service-worker.js; do not edit.\n" + text


def _linked_stylesheets(site_dir: Path, pages: list[str]) -> set[str]:
    """Every stylesheet some page links, as a path from the site root."""
    linked = set()
    for page in pages:
        parser = _Stylesheets()
        parser.feed((site_dir / page).read_text(encoding="utf-8"))
        for href in parser.hrefs:
            target = urlsplit(urljoin(_BASE + page, href))
            if f"{target.scheme}://{target.netloc}/" == _BASE:
                linked.add(target.path.lstrip("/"))
    return linked


def _search_languages(site_dir: Path) -> set[str]:
    """The languages of Material's search index ("en" when there is none to read)."""
    index = site_dir / SEARCH_INDEXES[0]
    try:
        return set(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"])
    except (OSError, ValueError, KeyError, TypeError):
        return {"en"}
