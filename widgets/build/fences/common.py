"""What every widget fence shares: locating, parsing and validating its body, and inline Markdown."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Mapping
from typing import TypeVar
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from course.errors import ContentError
from course.fields import ID_PATTERN
from course.kinds import BY_NAME, WIDGETS
from widgets.build import ids, pages, yaml_source
from widgets.build.errors import WidgetBuildError

T = TypeVar("T")
NO_ID = "(no id)"


class FenceSource:
    """A fence body with a way to turn a key path into `file:line: id: path: message`."""

    def __init__(self, kind: str, body: str, md: markdown.Markdown | None) -> None:
        self.kind = kind
        self.page = pages.of(md)
        self.label = pages.label_of(md)
        opener = self.page.fence_line(kind, body) if self.page else None
        # Without a page we can only count from the fence's first line.
        self.first_body_line = opener + 1 if opener is not None else 1
        self.widget_id = NO_ID
        self.lines: dict[str, int] = {}

    def error_at(self, path: str, message: str) -> WidgetBuildError:
        """An error pointing at the line where `path` (or its nearest parent) is written."""
        return self.error(yaml_source.line_of(path, self.lines), path or "(top level)", message)

    def error(self, body_line: int, path: str, message: str) -> WidgetBuildError:
        """An error pointing at a 0-based line of the body."""
        line = self.first_body_line + body_line
        return WidgetBuildError(f"{self.label}:{line}: {self.widget_id}: {path}: {message}")

    def location(self) -> str:
        """Where the fence opens, for 'already used at' messages."""
        return f"{self.label}:{self.first_body_line - 1}"


def load(kind: str, body: str, parse: Callable[[object], T], md: markdown.Markdown | None) -> tuple[T, FenceSource]:
    """Parse and validate a fence body with `parse`, or stop the build with a precise message."""
    source = FenceSource(kind, body, md)
    try:
        data, lines = yaml_source.load(body)
    except yaml_source.YamlSyntaxError as error:
        source.widget_id = yaml_source.top_level_id(body) or NO_ID
        raise source.error(error.line, "(yaml)", error.message) from None
    except yaml_source.DuplicateKeyError as error:
        source.widget_id = yaml_source.top_level_id(body) or NO_ID
        raise source.error(error.line, error.display_path, error.message) from None
    source.lines = lines
    # Only a valid id names the widget in messages: anything else could break the one-line format.
    if isinstance(data, Mapping) and isinstance(data.get("id"), str) and ID_PATTERN.match(data["id"].strip()):
        source.widget_id = data["id"].strip()
    lint = BY_NAME[kind].lint if kind in BY_NAME else None
    try:
        content = parse(data)
        if lint is not None:
            lint(content)
    except ContentError as error:
        raise source.error_at(error.path, error.message) from None
    _refuse_duplicate_id(source)
    return content, source


WIDGET_FENCES = frozenset(kind.name for kind in WIDGETS)


def _refuse_duplicate_id(source: FenceSource) -> None:
    """Stop the build if another widget fence anywhere under docs/ has this fence's id."""
    page = source.page
    if page is None or page.path is None or page.docs_dir is None or page.project is None:
        return
    opener = source.first_body_line - 1
    others = ids.other_uses(source.widget_id, page.path, opener, page.docs_dir, page.project, WIDGET_FENCES)
    if others:
        raise source.error_at("id", f"duplicate widget id; also used at {', '.join(others)}")


def stops_build_on_any_error(kind: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
    """Wrap a fence formatter so no exception can be swallowed into a silent code block."""

    def decorate(format_fence: Callable[..., str]) -> Callable[..., str]:
        @functools.wraps(format_fence)
        def guarded(src: str, *args: object, **kwargs: object) -> str:
            try:
                return format_fence(src, *args, **kwargs)
            except WidgetBuildError:
                raise
            except Exception as error:  # a bug, not bad content: still never a green build
                md = kwargs.get("md", args[3] if len(args) > 3 else None)
                raise WidgetBuildError(
                    f"{pages.label_of(md)}: ```{kind} fence: internal error while rendering "
                    f"({type(error).__name__}: {error})"
                ) from error

        return guarded

    return decorate


def from_docs_root(text: str, md: markdown.Markdown | None) -> str:
    """Make links written relative to docs/ (as in course data) relative to the page `md` renders."""
    page = pages.of(md)
    depth = page.src_uri.count("/") if page else 0
    if not depth:
        return text
    return RELATIVE_LINK.sub(lambda match: f"]({'../' * depth}{match[1]}", text)


RELATIVE_LINK = re.compile(r"\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)]*)")


def inline(text: str, md: markdown.Markdown | None, source: FenceSource | None, path: str) -> str:
    """Render inline Markdown, rewriting links the way MkDocs does for the rest of the page."""
    renderer = markdown.Markdown(extensions=["attr_list"])
    # Widget text is data, never markup: raw HTML shows as the characters the author typed.
    renderer.preprocessors.deregister("html_block")
    renderer.inlinePatterns.deregister("html")
    relpath = md.treeprocessors["relpath"] if md is not None and "relpath" in md.treeprocessors else None
    if relpath is not None:
        renderer.treeprocessors.register(relpath, "relpath", 0)
    guard = _NoScript(renderer)
    renderer.treeprocessors.register(guard, "no_script", -10)
    rendered = renderer.convert(text)
    problem = guard.problem
    if problem is None and not (
        rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1
    ):
        problem = "must be inline Markdown: one paragraph, no lists, headings or blank lines"
    if problem is not None:
        if source is None:
            raise WidgetBuildError(f"{path}: {problem}")
        raise source.error_at(path, problem)
    return rendered[3:-4]


class _NoScript(Treeprocessor):
    """Finds what attr_list or a link could smuggle in to run script or break the site's CSP."""

    problem: str | None = None

    def run(self, root: Element) -> None:
        """Note the first attribute that is an event handler, an inline style or a script URL."""
        for element in root.iter():
            for name, value in element.attrib.items():
                self.problem = self.problem or unsafe_attribute(name, value)


SCRIPT_URL = re.compile(r"^(?:javascript|vbscript):", re.IGNORECASE)


def unsafe_attribute(name: str, value: str) -> str | None:
    """Why an attribute may not appear in widget text, or None if it may."""
    if name.lower().startswith("on"):
        return f'the attribute "{name}" is not allowed: widget text cannot run script'
    if name.lower() == "style":
        return 'the attribute "style" is not allowed: the site\'s Content-Security-Policy blocks inline styles'
    # Browsers decode entities and ignore control characters and spaces before a URL's scheme.
    if SCRIPT_URL.match(re.sub(r"[\x00-\x20]", "", html.unescape(value))):
        return f'the attribute "{name}" may not hold a script URL: widget text cannot run script'
    return None


def choice_with_explanation(
    *,
    input_type: str,
    input_id: str,
    name: str,
    value: int,
    label_html: str,
    lead: str,
    explanation_html: str,
) -> list[str]:
    """A native input and its label, then its explanation: in <details> for readers, copied out after a check."""
    return [
        f'<input type="{input_type}" id="{attr(input_id)}" name="{attr(name)}" value="{value}">',
        f'<label for="{attr(input_id)}">{label_html}</label>',
        '<details class="course-widget__explanation"><summary>Explanation</summary>',
        f'<p><strong>{lead}</strong> <span class="course-widget__explanation-text">{explanation_html}</span></p>',
        "</details>",
        '<div class="course-widget__feedback" data-role="feedback" hidden></div>',
    ]


def widget_start(kind: str, widget_id: str, data: object, title_html: str, notice: str) -> list[str]:
    """The opening every widget shares: the contract's root element, its JSON payload, title and notice."""
    return [
        f'<div class="course-widget course-{kind}" data-widget="{kind}" id="{attr(widget_id)}" data-status="loading">',
        payload_script(data),
        f'<h3 class="course-{kind}__title">{title_html}</h3>',
        f'<p class="course-widget__notice" data-role="notice">{notice}</p>',
    ]


def open_widget(
    kind: str, src: str, md: markdown.Markdown | None, notice: str
) -> tuple[object, FenceSource, list[str]]:
    """Parse a widget fence with its kind's parser and start its HTML: the root, payload, title and notice."""
    content, source = load(kind, src, BY_NAME[kind].parse, md)
    register_anchor(md, content.id)
    parts = widget_start(kind, content.id, content.to_data(), inline(content.title, md, source, "title"), notice)
    return content, source, parts


STATUS = '<p class="course-widget__status" role="status" aria-live="polite" data-role="status"></p>'


def register_anchor(md: markdown.Markdown | None, widget_id: str) -> None:
    """Let MkDocs' anchor validation know the widget's id, so links to #id validate."""
    if md is not None and "mkdocs_extract_anchors" in md.treeprocessors:
        md.treeprocessors["mkdocs_extract_anchors"].present_anchor_ids.add(widget_id)


def payload_script(data: object) -> str:
    """The validated content as JSON inside the widget, safe to embed in HTML."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" class="course-widget__data">{text}</script>'


def attr(value: object) -> str:
    """Escape a value for an HTML attribute."""
    return html.escape(str(value), quote=True)


def validate(language: str, inputs: dict, options: dict, attrs: dict, md: markdown.Markdown) -> bool:
    """Widget fences take no options: refuse them loudly (returning False would render a code block)."""
    if inputs or attrs:
        given = ", ".join(sorted([*inputs, *attrs]))
        raise WidgetBuildError(
            f"{pages.label_of(md)}: ```{language} fence: takes no options after its name (got {given}); "
            "put everything in the YAML body"
        )
    return True
