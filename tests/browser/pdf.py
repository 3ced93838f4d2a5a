"""Print a served page to an A4 PDF with Chromium and read it back with poppler (pdftotext, pdfinfo)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page

POPPLER_MISSING = (
    "pdftotext and pdfinfo (poppler-utils) are needed to read printed pages back: "
    "run scripts/ensure-pdf-tools.sh, or install poppler-utils"
)


@dataclass(frozen=True)
class PrintedPage:
    """A page as Chromium printed it: the PDF file, its number of sheets and its text."""

    path: Path
    pages: int
    text: str

    @property
    def words(self) -> str:
        """The text as `comparable` makes it, to look for what a page shows (also `comparable`)."""
        return comparable(self.text)


def comparable(text: str) -> str:
    """Text with each run of whitespace as one space and no hyphens, the same from a page or a PDF.

    pdftotext joins a word broken across two lines and drops its hyphen ("re-" + "keying" reads
    "rekeying"), so hyphens are dropped everywhere.
    """
    return " ".join(text.replace("-", "").split())


def print_to_pdf(page: Page, path: Path) -> PrintedPage:
    """Print `page` as the browser's print dialog would (A4, print media, beforeprint/afterprint)."""
    if not (shutil.which("pdftotext") and shutil.which("pdfinfo")):
        raise RuntimeError(POPPLER_MISSING)
    page.pdf(path=str(path), format="A4")
    return PrintedPage(path=path, pages=page_count(path), text=pdf_text(path))


def page_count(path: Path) -> int:
    """The number of pages in a PDF, from pdfinfo."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)[1])


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (pdftotext's default, not -layout, so columns don't interleave)."""
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
