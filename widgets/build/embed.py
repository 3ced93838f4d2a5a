"""The step both builders run after building, before the offline step: trainers' embed pages.

For every widget it writes `embed/<widget id>/index.html`, and for every module (a page with a
reading time, which the page extension adds to pages whose front matter has `covers:`)
`embed/<module slug>/index.html`: the widget, or the module's article, without the site's header,
navigation, search or footer. The pages are derived from the built pages rather than rendered a
second time, so a widget's HTML is the very bytes of the full page (the same id, so the same
stored progress), both builders get the same embed pages from their own output, and the step
needs nothing but the built site. Only relative links and image sources change, so they point
where they pointed from the full page.

An embed page keeps the full page's security policy, stylesheets and widget scripts, and adds
`embed-page.js`, which follows the system's colour scheme and posts the page's height to the
embedding page (see README, "Embedding an exercise").
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from course.kinds import EXERCISES
from widgets.build import assemble

EMBED_FOLDER = "embed"
EMBED_SCRIPT = f"{assemble.GENERATED.as_posix()}/widgets/embed-page.js"
# Folders of the built site that hold no course page (Material's assets, the search index).
NOT_PAGES = frozenset({"assets", "search", EMBED_FOLDER})
WIDGET_CLASS = "course-widget"
EXERCISE_KINDS = frozenset(kind.name for kind in EXERCISES)
MODULE_MARKER = "course-reading-time"
ARTICLE_CLASS = "md-content__inner"
# Void elements never get an end tag, so they never open a level of nesting.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
URL_ATTRIBUTE = re.compile(r"""(?P<lead>\s(?:href|src)=)(?P<quote>["'])(?P<url>.*?)(?P=quote)""", re.IGNORECASE)
# Any base will do: it only turns relative URLs into paths from the site root and back.
_BASE = "https://site.invalid/"


def attribute(value: str) -> str:
    """A value escaped for a double-quoted attribute (apostrophes left as they are, for readable policies)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


class EmbedError(Exception):
    """Two embed pages would have the same address (a widget id that is also a module's slug)."""


@dataclass(frozen=True)
class Element:
    """One element of a page: its tag, attributes and where its source starts and ends."""

    tag: str
    attrs: dict[str, str]
    start: int
    end: int
    inner_start: int
    inner_end: int


@dataclass(frozen=True)
class PagePieces:
    """What an embed page takes from a built page: its head's parts, body attributes and content."""

    lang: str
    title: str
    policy: str | None
    head_scripts: tuple[dict[str, str], ...]
    stylesheets: tuple[str, ...]
    storage_script: dict[str, str] | None
    body_attrs: dict[str, str]
    schemes: dict[str, str]
    widget_scripts: tuple[dict[str, str], ...]
    widgets: tuple[Element, ...]
    article: Element | None
    is_module: bool


@dataclass(frozen=True)
class EmbedPage:
    """One page this step writes: its name (a widget id or module slug), the page it came from, its file."""

    name: str
    source: str
    kind: str
    path: Path


class _Reader(HTMLParser):
    """Collects a built page's head parts, body attributes, widgets and article, with their offsets."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
        self.lang = "en"
        self.title_parts: list[str] = []
        self.in_title = False
        self.in_head = False
        self.policy: str | None = None
        self.head_scripts: list[dict[str, str]] = []
        self.stylesheets: list[str] = []
        self.storage_script: dict[str, str] | None = None
        self.body_attrs: dict[str, str] = {}
        self.schemes: dict[str, str] = {}
        self.body_scripts: list[dict[str, str]] = []
        self.widgets: list[Element] = []
        self.article: Element | None = None
        self.is_module = False
        # Open elements being measured: (tag, attrs, start, inner start, depth of that tag).
        self.open: list[list] = []

    def position(self) -> int:
        """Where the tag being handled starts, as an index into the page's text."""
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = found.get("class", "").split()
        start = self.position()
        inner_start = start + len(self.get_starttag_text() or "")
        if tag == "html":
            self.lang = found.get("lang", "en")
        elif tag == "head":
            self.in_head = True
        elif tag == "title":
            self.in_title = True
        elif tag == "meta" and found.get("http-equiv", "").lower() == "content-security-policy":
            self.policy = found.get("content")
        elif tag == "link" and "stylesheet" in found.get("rel", "").split():
            self.stylesheets.append(found["href"])
        elif tag == "script" and found.get("src"):
            if "md-storage.js" in found["src"]:
                self.storage_script = found
            elif self.in_head:
                self.head_scripts.append(found)
            else:
                self.body_scripts.append(found)
        elif tag == "body":
            self.body_attrs = found
        elif tag == "input" and "md-option" in classes and found.get("data-md-color-media"):
            self.schemes[found["data-md-color-media"]] = found.get("data-md-color-scheme", "")
        elif tag == "p" and MODULE_MARKER in classes:
            self.is_module = True
        for entry in self.open:
            if entry[0] == tag:
                entry[4] += 1
        measured = (WIDGET_CLASS in classes and "data-widget" in found and not self._inside_widget()) or (
            tag == "article" and ARTICLE_CLASS in classes
        )
        if measured and tag not in VOID:
            self.open.append([tag, found, start, inner_start, 1])

    def _inside_widget(self) -> bool:
        return any(WIDGET_CLASS in entry[1].get("class", "").split() for entry in self.open)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        elif tag == "title":
            self.in_title = False
        start = self.position()
        for entry in list(self.open):
            if entry[0] != tag:
                continue
            entry[4] -= 1
            if entry[4] == 0:
                self.open.remove(entry)
                end = self.text.index(">", start) + 1
                element = Element(tag, entry[1], entry[2], end, entry[3], start)
                if tag == "article":
                    self.article = element
                else:
                    self.widgets.append(element)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)


def read_page(text: str) -> PagePieces:
    """The parts of a built page an embed page is made from."""
    reader = _Reader(text)
    reader.feed(text)
    reader.close()
    widget_scripts = tuple(script for script in reader.body_scripts if "/generated/widgets/" in script["src"])
    return PagePieces(
        lang=reader.lang,
        title="".join(reader.title_parts).strip(),
        policy=reader.policy,
        head_scripts=tuple(reader.head_scripts),
        stylesheets=tuple(reader.stylesheets),
        storage_script=reader.storage_script,
        body_attrs=reader.body_attrs,
        schemes=reader.schemes,
        widget_scripts=widget_scripts,
        widgets=tuple(reader.widgets),
        article=reader.article,
        is_module=reader.is_module,
    )


def relocate(url: str, source_page: str, target_page: str) -> str:
    """A URL written on `source_page`, rewritten to reach the same place from `target_page`."""
    parts = urlsplit(url)
    if not url or url.startswith(("#", "/")) or parts.scheme or parts.netloc:
        return url
    absolute = urlsplit(urljoin(_BASE + source_page, url))
    target_folder = target_page.rsplit("/", 1)[0].split("/") if "/" in target_page else []
    path = absolute.path.lstrip("/").split("/")
    shared = 0
    while shared < min(len(target_folder), len(path) - 1) and target_folder[shared] == path[shared]:
        shared += 1
    relative = "/".join([".."] * (len(target_folder) - shared) + path[shared:]) or "./"
    if absolute.query:
        relative += f"?{absolute.query}"
    if absolute.fragment:
        relative += f"#{absolute.fragment}"
    return relative


def relocate_links(fragment: str, source_page: str, target_page: str) -> str:
    """`fragment` with every relative href and src rewritten for `target_page`; nothing else changes."""

    def rewrite(match: re.Match[str]) -> str:
        url = html.unescape(match["url"])
        moved = relocate(url, source_page, target_page)
        if moved == url:
            return match[0]
        return f"{match['lead']}{match['quote']}{attribute(moved)}{match['quote']}"

    # Attributes are rewritten inside start tags only: a widget's JSON payload and its text stay as built.
    return re.sub(r"<[a-zA-Z][^<>]*>", lambda tag: URL_ATTRIBUTE.sub(rewrite, tag[0]), fragment)


def embed_page_text(pieces: PagePieces, source_page: str, name: str, title: str, content: str) -> str:
    """An embed page: the full page's policy, styles and widget scripts around `content`, no site chrome."""
    target = f"{EMBED_FOLDER}/{name}/index.html"

    def url(value: str) -> str:
        return attribute(relocate(value, source_page, target))

    def script(attrs: dict[str, str]) -> str:
        rest = "".join(
            f' {key}="{attribute(value)}"' if value else f" {key}" for key, value in attrs.items() if key != "src"
        )
        return f'<script src="{url(attrs["src"])}"{rest}></script>'

    site_name = pieces.title.rsplit(" - ", 1)[-1]
    lines = ["<!doctype html>", f'<html lang="{attribute(pieces.lang)}" class="course-embed">', "<head>"]
    lines += ['<meta charset="utf-8">', '<meta name="viewport" content="width=device-width,initial-scale=1">']
    if pieces.policy:
        lines.append(f'<meta http-equiv="Content-Security-Policy" content="{attribute(pieces.policy)}">')
    lines += [script(attrs) for attrs in pieces.head_scripts]
    lines.append(f"<title>{attribute(title)} - {attribute(site_name)}</title>")
    lines += [f'<link rel="stylesheet" href="{url(href)}">' for href in pieces.stylesheets]
    if pieces.storage_script:
        scope = relocate(pieces.storage_script.get("data-md-scope", "."), source_page, target)
        lines.append(f'<script src="{url(pieces.storage_script["src"])}" data-md-scope="{attribute(scope)}"></script>')
    lines.append("</head>")
    body = "".join(f' {key}="{attribute(value)}"' for key, value in pieces.body_attrs.items())
    lines.append(f"<body{body}>")
    schemes = "".join(
        f' data-scheme-{kind}="{attribute(scheme)}"'
        for kind in ("light", "dark")
        for media, scheme in pieces.schemes.items()
        if media == f"(prefers-color-scheme: {kind})"
    )
    lines.append(f'<main class="course-embed__main" data-course-embed="{attribute(name)}"{schemes}>')
    lines.append('<article class="md-content__inner md-typeset">')
    lines.append(content)
    lines += ["</article>", "</main>"]
    lines += [script(attrs) for attrs in pieces.widget_scripts]
    # EMBED_SCRIPT is written from the site root, as if on the home page.
    lines.append(f'<script src="{attribute(relocate(EMBED_SCRIPT, "index.html", target))}" type="module"></script>')
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def widget_title(pieces: PagePieces, text: str, widget: Element) -> str:
    """A widget's title as plain text: its first heading, else the page's own title."""
    found = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", text[widget.inner_start : widget.inner_end], re.DOTALL)
    if found:
        return html.unescape(re.sub(r"<[^>]+>", "", found[1])).strip()
    return pieces.title.rsplit(" - ", 1)[0]


def source_pages(site_dir: Path) -> list[Path]:
    """The built course pages embed pages can come from, sorted by path."""
    return sorted(path for path in site_dir.rglob("index.html") if path.relative_to(site_dir).parts[0] not in NOT_PAGES)


def write(site_dir: Path) -> tuple[EmbedPage, ...]:
    """Write every embed page under site_dir/embed/, removing ones a previous build left; return them."""
    wanted: dict[str, tuple[str, str, str]] = {}
    made: list[EmbedPage] = []
    for path in source_pages(site_dir):
        source_page = path.relative_to(site_dir).as_posix()
        text = path.read_text(encoding="utf-8")
        pieces = read_page(text)
        for widget in pieces.widgets:
            # Exercises only: My results and the room gather exercises' answers from the site itself.
            if widget.attrs.get("data-widget") not in EXERCISE_KINDS:
                continue
            name = widget.attrs.get("id", "")
            title = widget_title(pieces, text, widget)
            content = relocate_links(text[widget.start : widget.end], source_page, f"{EMBED_FOLDER}/{name}/index.html")
            _claim(wanted, name, source_page, embed_page_text(pieces, source_page, name, title, content), "widget")
        if pieces.is_module and pieces.article is not None:
            name = path.parent.name
            target = f"{EMBED_FOLDER}/{name}/index.html"
            inner = text[pieces.article.inner_start : pieces.article.inner_end].strip("\n")
            content = relocate_links(inner, source_page, target)
            title = pieces.title.rsplit(" - ", 1)[0]
            _claim(wanted, name, source_page, embed_page_text(pieces, source_page, name, title, content), "module")
    folder = site_dir / EMBED_FOLDER
    for name, (source_page, page_text, kind) in sorted(wanted.items()):
        target = folder / name / "index.html"
        assemble.write_if_changed(target, page_text.encode())
        made.append(EmbedPage(name, source_page, kind, target))
    _remove_stale(folder, {page.path for page in made})
    return tuple(made)


def _claim(wanted: dict[str, tuple[str, str, str]], name: str, source_page: str, text: str, kind: str) -> None:
    """Reserve embed/<name>/ for one page; two claims on one name stop the build."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        raise EmbedError(f"widgets.build: {source_page}: {name!r} can't be an embed page's folder name")
    if name in wanted:
        raise EmbedError(
            f"widgets.build: embed/{name}/ would be both the {wanted[name][2]} on {wanted[name][0]} "
            f"and the {kind} on {source_page}; give one of them another id"
        )
    wanted[name] = (source_page, text, kind)


def _remove_stale(folder: Path, keep: set[Path]) -> None:
    """Delete embed pages an earlier build wrote that this one did not, and their empty folders."""
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if path.is_file() and path not in keep:
            path.unlink()
    for path in sorted((p for p in folder.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        if not any(path.iterdir()):
            path.rmdir()
