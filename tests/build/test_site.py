"""The whole course, built with --strict: widgets honour their contract and the runtime is bundled."""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from course.kinds import BY_NAME, WIDGETS
from tests.conftest import PROJECT
from widgets.build import assemble, runtime


class Resources(HTMLParser):
    """Collects every URL a page would fetch by itself (not links a reader may follow)."""

    FETCHING = {
        ("script", "src"),
        ("link", "href"),
        ("img", "src"),
        ("iframe", "src"),
        ("source", "src"),
        ("video", "src"),
        ("audio", "src"),
        ("embed", "src"),
        ("object", "data"),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if (tag, name) in self.FETCHING and value and not (tag == "link" and ("rel", "canonical") in attrs):
                self.urls.append(value)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


PARSERS = {kind.name: kind.parse for kind in WIDGETS}
WIDGET = re.compile(
    r'<div class="course-widget [^"]*" data-widget="([^"]+)" id="([^"]+)" data-status="loading">\s*'
    r'<script type="application/json" class="course-widget__data">(.*?)</script>(.*?)role="status"',
    re.DOTALL,
)


def test_every_widget_honours_the_contract(built_site: Path):
    kinds = set()
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        found = WIDGET.findall(html)
        assert len(found) == html.count('class="course-widget '), page
        for kind, widget_id, payload, _ in found:
            assert PARSERS[kind](json.loads(payload)).id == widget_id
            kinds.add(kind)
    assert kinds == set(PARSERS)


def test_every_module_page_has_a_knowledge_check(built_site: Path):
    module_pages = sorted((built_site / "modules").glob("*/index.html"))
    assert len(module_pages) >= 7
    for page in module_pages:
        assert page.read_text(encoding="utf-8").count('data-widget="quiz"') == 1, page


def test_no_fence_fell_back_to_a_code_block(built_site: Path):
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        for kind in BY_NAME:
            assert f"language-{kind}" not in html and f"<code>{kind}" not in html, page


def test_the_site_fetches_nothing_from_another_host(built_site: Path):
    for page in pages(built_site):
        parser = Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [url for url in parser.urls if re.match(r"^(https?:)?//", url)]
        assert external == [], page
    for stylesheet in built_site.rglob("*.css"):
        assert not re.search(
            r"@import\s+url\(\s*['\"]?https?:|fonts\.googleapis", stylesheet.read_text(encoding="utf-8")
        ), stylesheet


def test_runtime_and_course_wheel_are_bundled(built_site: Path):
    manifest_path = built_site / "assets" / "generated" / "widgets" / "runtime.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    pyodide_dir = (manifest_path.parent / manifest["pyodide"]).resolve()
    _, version = runtime.pyodide_package()
    assert pyodide_dir.name == version
    for name in runtime.SERVED_PYODIDE_FILES:
        assert (pyodide_dir / name).read_bytes() == (PROJECT / "node_modules" / "pyodide" / name).read_bytes()
    # The standard library is served trimmed and compiled (test_stdlib.py), the lock file not at all.
    assert sorted(path.name for path in pyodide_dir.iterdir()) == sorted(
        [*runtime.SERVED_PYODIDE_FILES, Path(manifest["stdlib"]).name]
    )
    assert (manifest_path.parent / manifest["stdlib"]).resolve().parent == pyodide_dir
    assert manifest["lock_info"] == runtime.lock_info(PROJECT / "node_modules" / "pyodide")
    wheel = (manifest_path.parent / manifest["course"]).resolve()
    with zipfile.ZipFile(wheel) as archive:
        for source in (PROJECT / "course").glob("*.py"):
            assert archive.read(f"course/{source.name}") == source.read_bytes()
        assert "course-0.1.0.dist-info/WHEEL" in archive.namelist()


def test_course_wheel_is_reproducible():
    assert runtime.build_course_wheel() == runtime.build_course_wheel()


def test_widget_and_theme_assets_are_served_from_the_site(built_site: Path):
    sources = {
        PROJECT / "widgets" / "assets": built_site / "assets" / "generated" / "widgets",
        PROJECT / "overrides" / "assets": built_site / "assets",
    }
    for source, served in sources.items():
        # The service worker's template becomes sw.js at the root (tests/build/test_offline.py).
        files = [path for path in source.rglob("*") if path.is_file() and path.name not in assemble.NOT_COPIED]
        assert files, source
        for path in files:
            assert (served / path.relative_to(source)).read_bytes() == path.read_bytes(), path
    home = (built_site / "index.html").read_text(encoding="utf-8")
    # Async and before Material's bundle (overrides/main.html): widgets don't wait for the bundle.
    widgets_tag = '<script type="module" async src="assets/generated/widgets/widgets.js"></script>'
    assert home.index(widgets_tag) < home.index('<script src="assets/javascripts/bundle.'), home
    # Classic scripts: they run where module scripts can't (sandboxed frames) and before paint.
    for script in ("assets/generated/widgets/sandbox-check.js", "assets/javascripts/md-storage.js"):
        assert f'<script src="{script}"' in home, script
    for stylesheet in ("assets/generated/widgets/theme.css", "assets/generated/widgets/widgets.css"):
        assert f'<link rel="stylesheet" href="{stylesheet}">' in home, stylesheet
