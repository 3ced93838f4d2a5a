"""MkDocs and Zensical build the same course: the same widget HTML on every page, the same generated files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# What the fences and the page extension write; everything else on a page is the theme's.
OURS = re.compile(r'<(div|p) class="(course-widget |course-stage-reference|course-reading-time)')


def our_html(page: Path) -> list[str]:
    """Every widget, stage reference and reading-time line on a built page, as written."""
    return our_blocks(page.read_text(encoding="utf-8"))


def our_blocks(html: str) -> list[str]:
    """Every widget, stage reference and reading-time line in some HTML, as written."""
    found = []
    for match in OURS.finditer(html):
        tag, end, depth = match[1], match.start(), 0
        for token in re.finditer(rf"<{tag}[\s>]|</{tag}>", html[match.start() :]):
            depth += -1 if token[0].startswith("</") else 1
            if depth == 0:
                end = match.start() + token.end()
                break
        found.append(html[match.start() : end])
    return found


def content_pages(site: Path) -> dict[str, Path]:
    """The course's pages by path, without the pages each builder makes for itself or the embed pages."""
    # Embed pages repeat the course pages' widgets; tests/build/test_embed.py compares them.
    return {
        page.relative_to(site).as_posix(): page
        for page in site.rglob("index.html")
        if "assets" not in page.parts and page.relative_to(site).parts[0] != "embed"
    }


def test_both_builders_make_the_same_pages(built_site: Path, zensical_site: Path):
    assert set(content_pages(zensical_site)) == set(content_pages(built_site))


def test_every_page_has_the_same_widget_html_under_both_builders(built_site: Path, zensical_site: Path):
    compared = 0
    for name, page in content_pages(built_site).items():
        ours = our_html(page)
        assert our_html(zensical_site / name) == ours, name
        compared += len(ours)
    # 7 knowledge checks, the stage map, the stage reference, the self-assessment, 2 question coaches,
    # My results, the room page, 7 reading times.
    assert compared == 21


@pytest.mark.parametrize("name", ["_headers", "assets/generated"])
def test_both_sites_get_the_same_generated_files(built_site: Path, zensical_site: Path, name: str):
    def files(site: Path) -> dict[str, bytes]:
        root = site / name
        paths = [root] if root.is_file() else sorted(path for path in root.rglob("*") if path.is_file())
        return {path.relative_to(site).as_posix(): path.read_bytes() for path in paths}

    mkdocs_files = files(built_site)
    assert mkdocs_files and files(zensical_site) == mkdocs_files
