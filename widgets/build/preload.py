"""Module preloads: every page with widgets names, in its head, each script module its widgets import.

widgets.js and the kinds' modules import one another a few levels deep (widgets.js -> reveal.js ->
workshop.js -> widget-kit.js; then the kind's module once the page is read). Left to themselves,
the browser finds each level only after the one before has arrived, a round trip (through the
service worker) per level. With one `<link rel="modulepreload">` per module in the head, all of them
load and compile while the page is parsed, so widgets.js, an async module, mounts the widgets as
soon as the parser reaches it instead of after Material's bundle has run.

A post-build step under both builders, after the embed pages (which get preloads too) and before
the offline step (which fingerprints the pages as written here). The graph is read from the modules'
own `import` statements; dynamic imports of extras (the Embed control, offline use) are left out:
nothing waits for them.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from course.kinds import WIDGETS
from widgets.build.assemble import ASSETS

ENTRY = "widgets.js"
# The head script only pages with widgets have (overrides/main.html); its folder is the modules'.
START_TAG = re.compile(r'<script\b[^>]*\bsrc="(?P<folder>[^"]*/)python-start\.js"[^>]*></script>')
# `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`: static imports only.
STATIC_IMPORT = re.compile(r'^\s*(?:import|export)\b[^;"\'(]*?(?:\bfrom\s*)?["\']\./([\w.-]+\.js)["\']', re.MULTILINE)
WIDGET_ROOT = re.compile(r'<[a-z]+ class="course-widget[^"]*" data-widget="([a-z-]+)"')
SCRIPTS = {kind.name: kind.script for kind in WIDGETS}


def module_graph(assets: Path = ASSETS) -> dict[str, tuple[str, ...]]:
    """Each browser module's static imports, by file name."""
    return {
        path.name: tuple(dict.fromkeys(STATIC_IMPORT.findall(path.read_text(encoding="utf-8"))))
        for path in sorted(assets.glob("*.js"))
    }


def closure(roots: Iterable[str], graph: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The roots and everything they import, each once, in the order first reached."""
    seen: dict[str, None] = {}
    pending = list(roots)
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen[name] = None
        pending.extend(graph.get(name, ()))
    return list(seen)


def modules_for(html: str, graph: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The modules a page with these widgets imports before its widgets listen to the learner."""
    kinds = dict.fromkeys(kind for kind in WIDGET_ROOT.findall(html) if kind in SCRIPTS)
    return closure([ENTRY, *(SCRIPTS[kind] for kind in kinds)], graph)


def with_preloads(html: str, graph: Mapping[str, tuple[str, ...]]) -> str:
    """The page with its preload links after the head's start script; unchanged without one, or if done."""
    start = START_TAG.search(html)
    if not start or 'rel="modulepreload"' in html:
        return html
    folder = start["folder"]
    links = "".join(
        f'\n<link rel="modulepreload" href="{posixpath.join(folder, name)}">' for name in modules_for(html, graph)
    )
    return html[: start.end()] + links + html[start.end() :]


def write(site_dir: Path, assets: Path = ASSETS) -> list[Path]:
    """Add the preloads to every built page with widgets; the pages changed."""
    graph = module_graph(assets)
    changed = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        updated = with_preloads(text, graph)
        if updated != text:
            page.write_text(updated, encoding="utf-8")
            changed.append(page)
    return changed
