"""The catalog: every exercise of this build (kind, id, title, page, validated content), for hand-ins and the room.

The assembly step writes it to assets/generated/results/catalog.json. The "My results" page lists
what the learner's browser holds for each entry, and the trainer's room page checks every hand-in
against it. Both compute an entry's content hash in JavaScript exactly as the widget on its page
does, `hashText(JSON.stringify(content))`, so `content` is written as the widget's payload is
(fences/common.py: `payload_script`): the same data, with the same key order.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

from course.kinds import EXERCISES
from course.stage_map import plain
from widgets.build import trainer_pages

# Under assets/generated/.
CATALOG = Path("results") / "catalog.json"
# The kinds whose stored answers a learner can hand in: the exercises, in the order pages list them.
KINDS = tuple(kind.name for kind in EXERCISES)


def page_url(src_uri: str) -> str:
    """A page's URL from the site root as both builders write it (directory URLs): `modules/x/`; `""`: home."""
    stem = posixpath.splitext(src_uri)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def catalog(docs_dir: Path) -> dict:
    """Every exercise under docs_dir in page order: {"widgets": [{kind, id, title, page, page_title, content}]}."""
    entries = []
    for page in trainer_pages.source_pages(docs_dir):
        for widget in page.widgets:
            if widget.kind not in KINDS:
                continue
            content = widget.content
            entries.append(
                {
                    "kind": widget.kind,
                    "id": content.id,
                    "title": plain(content.title),
                    "page": page_url(page.src_uri),
                    "page_title": plain(page.title),
                    "content": content.to_data(),
                }
            )
    return {"widgets": entries}


def catalog_json(docs_dir: Path) -> bytes:
    """The catalog as the file's bytes: keys sorted like the widgets' payloads, so each content hashes the same."""
    return (json.dumps(catalog(docs_dir), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode()
