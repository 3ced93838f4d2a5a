"""MkDocs hooks: tell fences which page they are on, and bundle the browser's Python into the site.

Kept small on purpose: widgets are Markdown fences (portable to Zensical, which runs Markdown
extensions but not MkDocs hooks); only site-level steps live here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from widgets import headers, pages, reading_time, registry, runtime

ASSETS = Path(__file__).resolve().parent / "assets"


def on_pre_build(config: MkDocsConfig) -> None:
    """Fail fast if the runtime is missing; start a fresh widget-id registry."""
    registry.reset()
    try:
        runtime.pyodide_package(Path(config.config_file_path).resolve().parent)
    except runtime.RuntimeMissing as error:
        raise PluginError(str(error)) from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Serve the widgets' JS and CSS from the site itself, under assets/widgets/."""
    for path in sorted(ASSETS.rglob("*")):
        if path.is_file():
            uri = f"assets/widgets/{path.relative_to(ASSETS).as_posix()}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Remember the page under render so fence errors can say file and line."""
    source = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    project = Path(config.config_file_path).resolve().parent
    label = page.file.src_uri
    if source is not None:
        try:
            label = source.resolve().relative_to(project).as_posix()
        except ValueError:
            label = source.as_posix()
    pages.begin_page(label, source, page.file.src_uri)
    if page.meta.get("covers"):
        markdown = _with_reading_time(markdown)
    return markdown


def _with_reading_time(markdown: str) -> str:
    """Put the estimated reading time under a module's title."""
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("# "):
            sentence = reading_time.estimate(markdown).sentence()
            lines[number + 1 : number + 1] = ["", sentence, "{ .course-reading-time }"]
            return "\n".join(lines) + "\n"
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The page is rendered; forget it."""
    pages.end_page()
    return html


def on_post_build(config: MkDocsConfig) -> None:
    """Copy the pinned Pyodide runtime and a fresh wheel of `course` into the site; write _headers."""
    runtime.write_bundle(Path(config.site_dir), Path(config.config_file_path).resolve().parent)
    policy = config.extra.get("content_security_policy")
    if policy:
        headers.write_headers(Path(config.site_dir), policy, config.extra.get("frame_ancestors", "*"))
