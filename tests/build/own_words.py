"""Runs of eight words the course shares with the post it is built on, found without keeping the post.

The project never stores the post's text: `make` writes only hashes of its normalised eight-word
runs to source_runs.txt, and the content test compares the course's own runs with those hashes.
Text inside curly quotation marks (“…”) is a quotation, credited where it stands, and is skipped.

    python -m tests.build.own_words make ../shared/source/seed-post.txt    rewrite the hashes
    python -m tests.build.own_words check                                   list shared runs in docs/
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

RUN = 8
HASHES = Path(__file__).with_name("source_runs.txt")
DOCS = Path(__file__).resolve().parents[2] / "docs"
QUOTATION = re.compile(r"“[^”]*”")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-case words, apostrophes kept inside a word, quotations left out."""
    text = QUOTATION.sub(" ", text).replace("’", "'").replace("‘", "'").lower()
    return WORD.findall(text)


def runs(text: str) -> list[str]:
    """Every run of eight consecutive words, as one space-separated string."""
    found = words(text)
    return [" ".join(found[start : start + RUN]) for start in range(len(found) - RUN + 1)]


def digest(run: str) -> str:
    """A run's hash as stored in source_runs.txt."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:20]


def source_hashes() -> set[str]:
    """The stored hashes of the post's runs."""
    lines = HASHES.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def shared_runs(text: str, hashes: set[str]) -> list[str]:
    """The runs of `text` (outside quotations) that the post has too."""
    return [run for run in runs(text) if digest(run) in hashes]


def make(source: Path) -> int:
    """Write the hashes of every run in `source`."""
    hashes = sorted({digest(run) for run in runs(source.read_text(encoding="utf-8"))})
    header = f"# sha256[:20] of each normalised {RUN}-word run of the seed post (tests/build/own_words.py)\n"
    HASHES.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{len(hashes)} runs from {source} written to {HASHES}")
    return 0


def check() -> int:
    """Print every page's runs shared with the post; exit 1 if there are any."""
    hashes = source_hashes()
    found = 0
    for page in sorted(DOCS.rglob("*.md")):
        for run in shared_runs(page.read_text(encoding="utf-8"), hashes):
            print(f"{page.relative_to(DOCS.parent)}: {run}")
            found += 1
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["make"] and len(sys.argv) == 3:
        sys.exit(make(Path(sys.argv[2])))
    if sys.argv[1:] == ["check"]:
        sys.exit(check())
    print(__doc__, file=sys.stderr)
    sys.exit(2)
