"""Render pages in this process with the site's real Markdown configuration, as a build would."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import markdown
from mkdocs.config import load_config

from tests.conftest import PROJECT
from widgets.build import pages


@cache
def site_markdown_config() -> tuple[list, dict]:
    """The site's Markdown extensions and their configuration, read once."""
    config = load_config(str(PROJECT / "mkdocs.yml"))
    return config["markdown_extensions"], config["mdx_configs"]


def render_page(project: Path, text: str, name: str = "fuzz.md") -> str:
    """Render `text` as project/docs/<name>, with the page known so messages say `docs/<name>:<line>`."""
    docs = project / "docs"
    source = docs / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    return site_markdown(pages.page_source(source, name, docs, project)).convert(text)


def site_markdown(page: pages.PageSource | None = None) -> markdown.Markdown:
    """A Markdown instance with the site's extensions, told it renders `page` (as a builder would)."""
    extensions, configs = site_markdown_config()
    assert "widgets.build.pages" in extensions, "mkdocs.yml lists the page extension"
    extensions = [pages.PageExtension(page) if name == "widgets.build.pages" else name for name in extensions]
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def billion_laughs(widget_id: str = "lol-quiz", levels: int = 9) -> str:
    """Nine nested aliases of nine: about 387 million strings if anything expanded them."""
    lines = [f"id: {widget_id}", 'lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"lol{level}: &lol{level} [{', '.join([f'*lol{level - 1}'] * 9)}]")
    lines.append(f"questions: *lol{levels - 1}")
    return "\n".join(lines)
