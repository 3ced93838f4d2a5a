"""The offline step: a manifest of every file a learner could need, and a sw.js that changes with each build."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_mkdocs_build
from widgets.build import offline, runtime

MODULE_1 = "modules/01-right-solution-wrong-time/"


def manifest(site: Path) -> dict:
    return json.loads((site / offline.MANIFEST_FILE).read_text(encoding="utf-8"))


def listed(site: Path) -> dict[str, dict]:
    return {entry["url"]: entry for entry in manifest(site)["files"]}


def path_of(url: str) -> str:
    """The file a listed URL names, from the site root."""
    return "index.html" if url == "./" else url + "index.html" if url.endswith("/") else url


def never_requested(name: str) -> bool:
    """A built file no page asks for: host and crawler files, source maps, licences."""
    return name in {"_headers", "sitemap.xml", "sitemap.xml.gz"} or name.endswith(".map") or "LICENSE" in name


def test_the_manifest_lists_pages_search_runtime_and_wheel_with_their_sizes_and_hashes(built_site: Path):
    files = listed(built_site)
    pages = {path.parent.relative_to(built_site).as_posix() + "/" for path in built_site.rglob("index.html")}
    assert {url for url, entry in files.items() if entry["group"] == "page"} == {*pages - {"./"}, "./"}
    assert MODULE_1 in files and files["404.html"]["group"] == "not-found"
    assert files["search/search_index.json"]["group"] == "search"
    runtime_json = json.loads((built_site / "assets/generated/widgets/runtime.json").read_text(encoding="utf-8"))
    python = {url for url, entry in files.items() if entry["group"] == "python"}
    pyodide = "assets/generated/" + runtime_json["pyodide"].removeprefix("../")
    wheel = "assets/generated/" + runtime_json["course"].removeprefix("../")
    assert python == {
        *(pyodide + name for name in runtime.SERVED_PYODIDE_FILES),
        "assets/generated/" + runtime_json["stdlib"].removeprefix("../"),
        wheel,
        "assets/generated/widgets/runtime.json",
        "assets/generated/widgets/python-worker.js",
        "assets/generated/widgets/python-snapshot.js",
    }
    assert [url for url in files if never_requested(url) or url in {"sw.js", "offline-manifest.json"}] == []
    for url, entry in files.items():
        data = (built_site / path_of(url)).read_bytes()
        assert (entry["size"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest()), url
    # About 15 MB, most of it Python: what "Keep this course" tells learners before it downloads.
    assert 10e6 < sum(entry["size"] for entry in files.values()) < 25e6


def test_what_the_manifest_leaves_out_no_page_ever_requests(built_site: Path):
    names = {path.relative_to(built_site).as_posix() for path in built_site.rglob("*") if path.is_file()}
    left_out = names - {path_of(url) for url in listed(built_site)} - {offline.MANIFEST_FILE, offline.WORKER_FILE}
    assert {"_headers", "sitemap.xml", "sitemap.xml.gz"} <= left_out
    # lunr's language support: Material's search loads it only for languages other than English.
    assert [name for name in left_out if not never_requested(name) and not name.startswith(offline.LUNR)] == []
    assert not (built_site / "assets/generated/widgets/service-worker.js").exists(), "the template is not served"


def test_sw_js_at_the_root_is_the_template_with_this_builds_version(built_site: Path):
    version = manifest(built_site)["version"]
    template = offline.TEMPLATE.read_text(encoding="utf-8")
    worker = (built_site / offline.WORKER_FILE).read_text(encoding="utf-8")
    assert worker.endswith(
        template.replace('"__COURSE_OFFLINE_VERSION__"', json.dumps(version)).replace(
            '"__COURSE_OFFLINE_MANIFEST__"', '"offline-manifest.json"'
        )
    )
    assert f'const VERSION = "{version}";' in worker and "__COURSE_OFFLINE" not in worker
    assert len(version) == 16


def test_an_unchanged_build_leaves_both_files_byte_for_byte(built_site: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    stamps = {name: (copy / name).stat().st_mtime_ns for name in (offline.MANIFEST_FILE, offline.WORKER_FILE)}
    assert offline.write(copy).changed == ()
    assert {name: (copy / name).stat().st_mtime_ns for name in stamps} == stamps
    second = tmp_path / "second"
    result = run_mkdocs_build(PROJECT / "mkdocs.yml", second)
    assert result.returncode == 0, result.stderr
    for name in stamps:
        assert (second / name).read_bytes() == (built_site / name).read_bytes(), name


def test_changing_a_page_changes_the_version_and_the_bytes_of_sw_js(built_site: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(built_site, copy)
    page = copy / MODULE_1 / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", "</h1><p>Changed.</p>", 1), encoding="utf-8")
    result = offline.write(copy)
    assert set(result.changed) == {copy / offline.MANIFEST_FILE, copy / offline.WORKER_FILE}
    assert result.version != manifest(built_site)["version"]
    assert (copy / offline.WORKER_FILE).read_bytes() != (built_site / offline.WORKER_FILE).read_bytes()
    before, after = listed(built_site), listed(copy)
    assert [url for url in before if before[url] != after[url]] == [MODULE_1]


def test_zensical_builds_get_their_manifest_and_worker_too(built_site: Path, zensical_site: Path):
    files, mkdocs_files = listed(zensical_site), listed(built_site)
    assert files["search.json"]["group"] == "search" and "search/search_index.json" not in files
    pages = {url for url, entry in files.items() if entry["group"] == "page"}
    assert pages == {url for url, entry in mkdocs_files.items() if entry["group"] == "page"}
    generated = {url: entry for url, entry in files.items() if url.startswith("assets/generated/")}
    assert generated == {url: entry for url, entry in mkdocs_files.items() if url.startswith("assets/generated/")}
    # Zensical ships its "modern" stylesheets beside the classic ones the pages link, and a licence.
    assert not [url for url in files if "/modern/" in url or "LICENSE" in url]
    assert f'const VERSION = "{manifest(zensical_site)["version"]}";' in (zensical_site / "sw.js").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(("languages", "lunr_listed"), [(["en"], False), (["en", "de"], True)])
def test_stylesheets_count_only_when_linked_and_lunr_only_for_other_languages(
    tmp_path: Path, languages: list[str], lunr_listed: bool
):
    files = {
        "index.html": '<link rel="stylesheet" href="assets/a.css"><link rel="icon" href="favicon.png">',
        "deep/page/index.html": '<link rel="stylesheet" href="../../assets/b.css">',
        "404.html": '<link rel="stylesheet" href="/assets/c.css">',
        "assets/a.css": "a",
        "assets/b.css": "b",
        "assets/c.css": "c",
        "assets/unlinked.css": "never",
        "assets/javascripts/lunr/min/lunr.de.min.js": "lunr",
        "assets/javascripts/LICENSE": "licence",
        "search/search_index.json": json.dumps({"config": {"lang": languages}, "docs": []}),
        ".nojekyll": "",
        "favicon.png": "png",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    urls = [file.url for file in offline.write(tmp_path).files]
    lunr = ["assets/javascripts/lunr/min/lunr.de.min.js"] if lunr_listed else []
    expected = ["./", "404.html", "assets/a.css", "assets/b.css", "assets/c.css", *lunr, "deep/page/", "favicon.png"]
    assert urls == [*expected, "search/search_index.json"]
