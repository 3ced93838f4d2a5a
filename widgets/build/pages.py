"""Which page a fence is on, under MkDocs and under Zensical, and where each fence sits in its source.

Both builders run Python-Markdown once per page with the extensions listed in mkdocs.yml, so
this module is one of them (`widgets.build.pages`): its preprocessor asks the builder which page
is being rendered, records it on the Markdown instance the fences receive, and puts a module's
reading time under its title. MkDocs says which page through its link-rewriting treeprocessor,
Zensical through its rendering-context preprocessor; nothing here needs a hook or global state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# An opening fence as pymdownx.superfences accepts it: ```quiz, ``` quiz, ```{.quiz}, ~~~quiz.
FENCE_OPENER = re.compile(r"^(?P<indent>[ >]*)(?P<fence>`{3,}|~{3,})[ ]*(?:\{[ ]*\.?)?(?P<lang>[\w-]+)\b")
TAB_LENGTH = 4  # Python-Markdown's default, which expands tabs before fences are read
UNKNOWN_PAGE = "(unknown page)"
PREPROCESSOR_NAME = "course_page"


@dataclass
class PageSource:
    """The page being rendered: its path for messages, its raw text for line numbers, its docs/ folder."""

    label: str
    text: str
    src_uri: str = ""
    docs_dir: Path | None = None
    project: Path | None = None
    path: Path | None = None
    meta: dict = field(default_factory=dict)
    used_lines: set[int] = field(default_factory=set)

    def fence_line(self, language: str, body: str) -> int | None:
        """1-based line of the opening fence whose body is `body`, in document order."""
        lines = self.text.expandtabs(TAB_LENGTH).splitlines()
        wanted = _normalise(body.splitlines())
        first_free = None
        for number, line in enumerate(lines):
            match = FENCE_OPENER.match(line)
            if not match or match["lang"] != language or number + 1 in self.used_lines:
                continue
            first_free = first_free if first_free is not None else number + 1
            if _normalise(fence_body(lines, number, match)) == wanted:
                self.used_lines.add(number + 1)
                return number + 1
        if first_free is not None:
            self.used_lines.add(first_free)
        return first_free


def page_source(path: Path, src_uri: str, docs_dir: Path, project: Path, meta: dict | None = None) -> PageSource:
    """Read a page's source file and name it relative to the project, as error messages do."""
    text = path.read_text(encoding="utf-8-sig") if path.is_file() else ""
    return PageSource(label_for(path, project), text, src_uri, docs_dir, project, path, dict(meta or {}))


def label_for(path: Path, project: Path) -> str:
    """A page's path as error messages write it: relative to the project when it is inside."""
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def fence_body(lines: list[str], opener: int, match: re.Match[str]) -> list[str]:
    """The lines between an opening fence and its closing fence, without the indent."""
    indent, fence = len(match["indent"]), match["fence"]
    body = []
    for line in lines[opener + 1 :]:
        inner = line[indent:] if len(line) >= indent else ""
        if inner.strip().startswith(fence) and set(inner.strip()) == {fence[0]}:
            break
        body.append(inner)
    return body


def split_fences(lines: list[str]) -> tuple[list[str], list[tuple[int, str, list[str]]]]:
    """Lines outside fences, and (0-based opener line, language, body lines) of each fence, in order."""
    prose: list[str] = []
    fences: list[tuple[int, str, list[str]]] = []
    index = 0
    while index < len(lines):
        match = FENCE_OPENER.match(lines[index])
        if not match:
            prose.append(lines[index])
            index += 1
            continue
        body = fence_body(lines, index, match)
        fences.append((index, match["lang"], body))
        index += len(body) + 2
    return prose, fences


def _normalise(lines: list[str]) -> list[str]:
    """Compare bodies ignoring trailing blanks, as Python-Markdown strips them."""
    stripped = [line.rstrip() for line in lines]
    while stripped and not stripped[-1]:
        stripped.pop()
    return stripped


def of(md: markdown.Markdown | None) -> PageSource | None:
    """The page `md` is rendering, if a builder (or a test) said which."""
    if md is None or PREPROCESSOR_NAME not in md.preprocessors:
        return None
    return md.preprocessors[PREPROCESSOR_NAME].page


def label_of(md: markdown.Markdown | None) -> str:
    """The page `md` is rendering, as error messages name it."""
    page = of(md)
    return page.label if page else UNKNOWN_PAGE


def from_mkdocs(md: markdown.Markdown) -> PageSource | None:
    """The page MkDocs is rendering: its link rewriter knows the file, the page and the config."""
    rewriter = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    source_file = getattr(rewriter, "file", None)
    config = getattr(rewriter, "config", None)
    if source_file is None or config is None or not source_file.abs_src_path:
        return None
    page = getattr(source_file, "page", None)
    return page_source(
        Path(source_file.abs_src_path),
        source_file.src_uri,
        Path(config["docs_dir"]),
        Path(config["config_file_path"]).parent,
        getattr(page, "meta", None),
    )


def from_zensical(md: markdown.Markdown) -> PageSource | None:
    """The page Zensical is rendering: its context preprocessor holds the page and the config."""
    context = next((item for item in md.preprocessors if type(item).__name__ == "ContextPreprocessor"), None)
    page, config = getattr(context, "page", None), getattr(context, "config", None)
    if page is None or not isinstance(config, dict) or "root_dir" not in config:
        return None
    project = Path(config["root_dir"])
    docs_dir = project / config.get("docs_dir", "docs")
    return page_source(docs_dir / page.path, page.path, docs_dir, project, page.meta)


class PagePreprocessor(Preprocessor):
    """Finds out which page is being rendered, before any fence runs; adds a module's reading time."""

    def __init__(self, md: markdown.Markdown, fixed: PageSource | None) -> None:
        super().__init__(md)
        self.fixed = fixed
        self.page: PageSource | None = fixed

    def run(self, lines: list[str]) -> list[str]:
        """Record the page for the fences, then put the reading time under a module's title."""
        self.page = self.fixed or from_mkdocs(self.md) or from_zensical(self.md)
        if self.page is not None and self.page.meta.get("covers"):
            return with_reading_time(lines)
        return lines


def with_reading_time(lines: list[str]) -> list[str]:
    """The page's lines with the estimated reading time as a paragraph under its first title."""
    from widgets.build import reading_time  # here, not at the top: reading_time imports this module

    for number, line in enumerate(lines):
        if line.startswith("# "):
            sentence = reading_time.estimate("\n".join(lines)).sentence()
            return [*lines[: number + 1], "", sentence, "{ .course-reading-time }", *lines[number + 1 :]]
    return lines


class PageExtension(Extension):
    """`widgets.build.pages` in mkdocs.yml's markdown_extensions; tests may pass a fixed page."""

    def __init__(self, page: PageSource | None = None, **kwargs: object) -> None:
        self.fixed = page
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        """Run before superfences (priority 25) and whitespace normalising (30)."""
        md.preprocessors.register(PagePreprocessor(md, self.fixed), PREPROCESSOR_NAME, 35)


def makeExtension(**kwargs: object) -> PageExtension:  # noqa: N802 - Python-Markdown's entry point
    """The extension, as Python-Markdown loads it by module name."""
    return PageExtension(**kwargs)
