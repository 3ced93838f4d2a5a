"""Every knowledge check as Moodle GIFT, for trainers: a file per page with checks and one for the whole course.

The site-assembly step writes them with the trainers' pages, under docs/facilitator/gift/ (git-ignored),
so both builders copy them. `.txt`: every static host and Moodle's import know the type; the
build's `_headers` adds the UTF-8 charset for hosts that read it. The text is course.gift's.
"""

from __future__ import annotations

from pathlib import Path

from course.gift import gift_for
from widgets.build import trainer_pages

FOLDER = trainer_pages.FOLDER / "gift"
SUFFIX = ".gift.txt"
COURSE = "course"
HOME = "index.md"


def module_names(pages: list[trainer_pages.SourcePage]) -> dict[str, str]:
    """Each page's category name: "Module 3: title" for a module (numbered in path order, as in the nav)."""
    modules = [page for page in pages if page.is_module]
    return {
        page.src_uri: f"Module {modules.index(page) + 1}: {page.title}" if page.is_module else page.title
        for page in pages
    }


def course_title(docs_dir: Path) -> str:
    """The course's name: the home page's title."""
    home = docs_dir / HOME
    if not home.is_file():
        return "Course"
    text = home.read_text(encoding="utf-8-sig")
    meta = trainer_pages._front_matter(text)
    return meta["title"].strip() if isinstance(meta.get("title"), str) else trainer_pages._heading(text, home)


def files_for(docs_dir: Path) -> dict[Path, bytes]:
    """The GIFT files by their path under docs_dir; none when no page has a knowledge check."""
    every_page = trainer_pages.source_pages(docs_dir)
    pages = [page for page in every_page if page.of_kind("quiz")]
    if not pages:
        return {}
    title = course_title(docs_dir)
    names = module_names(every_page)
    folder = docs_dir / FOLDER
    wanted = {
        folder / f"{page.slug}{SUFFIX}": gift_for({names[page.src_uri]: page.of_kind("quiz")}, title).encode()
        for page in pages
    }
    everything: dict[str, list] = {}
    for page in pages:
        # Pages with the same title share a category, rather than one hiding the other's questions.
        everything.setdefault(names[page.src_uri], []).extend(page.of_kind("quiz"))
    # Written last: a page called course.md would lose its own file, but its questions are in this one.
    wanted[folder / f"{COURSE}{SUFFIX}"] = gift_for(everything, title).encode()
    return wanted
