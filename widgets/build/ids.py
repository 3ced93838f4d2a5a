"""Widget ids must be unique across the whole site: they are HTML ids and storage keys.

A builder that re-renders only the pages that changed (Zensical does) never shows one page's
fences to another page's, so the check reads every page under docs/ instead of remembering
what this build rendered. Each file is read again only when it changes.
"""

from __future__ import annotations

from pathlib import Path

from widgets.build import pages, yaml_source

# (size, mtime) of each page read, with the (line, id) of its widget fences.
_read: dict[Path, tuple[tuple[int, int], list[tuple[int, str]]]] = {}


def fence_ids(path: Path, kinds: frozenset[str]) -> list[tuple[int, str]]:
    """(1-based line, id) of every fence of `kinds` in a page that names an id."""
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    cached = _read.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    text = path.read_text(encoding="utf-8-sig").expandtabs(pages.TAB_LENGTH)
    _, fences = pages.split_fences(text.splitlines())
    found = []
    for opener, language, body in fences:
        widget_id = yaml_source.top_level_id("\n".join(body)) if language in kinds else None
        if widget_id:
            found.append((opener + 1, widget_id))
    _read[path] = (stamp, found)
    return found


def other_uses(
    widget_id: str, page: Path, line: int, docs_dir: Path, project: Path, kinds: frozenset[str]
) -> list[str]:
    """Every `file:line` under docs_dir, other than `line` of `page`, where a widget fence has this id."""
    here = page.resolve()
    return [
        f"{pages.label_for(path, project)}:{found_line}"
        for path in sorted(docs_dir.rglob("*.md"))
        for found_line, found in fence_ids(path, kinds)
        if found == widget_id and (path.resolve(), found_line) != (here, line)
    ]
