"""The catalog of exercises and the vendored QR library, as they land in the sites both builders make."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course.kinds import BY_NAME, EXERCISES
from course.stage_map import plain
from tests.build.test_site import WIDGET
from tests.conftest import PROJECT
from widgets.build import catalog, vendor
from widgets.build.runtime import RuntimeMissing

CATALOG = Path("assets/generated") / catalog.CATALOG
QR_FOLDER = Path("assets/generated") / vendor.QRCODE_FOLDER
QR_PACKAGE = PROJECT / "node_modules" / "qrcode-generator"
TITLE = re.compile(r"<title>(.*?) - ", re.DOTALL)
EXERCISE_KINDS = {kind.name for kind in EXERCISES}


def in_order(text: str) -> object:
    """JSON with every object as its list of (key, value) pairs: equal only if the key order is equal too."""
    return json.loads(text, object_pairs_hook=list)


def built_widgets(site: Path) -> list[tuple[str, str, str, str]]:
    """Every exercise on the site's pages (not its embed pages), in page order: (kind, id, payload, page URL)."""
    found = []
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix()
        if url.startswith("embed/"):
            continue
        for kind, widget_id, payload, _ in WIDGET.findall(page.read_text(encoding="utf-8")):
            if kind in EXERCISE_KINDS:
                found.append((kind, widget_id, payload, "" if url == "." else f"{url}/"))
    return found


def test_the_catalog_lists_every_exercise_with_its_page_and_exactly_its_payload(built_site: Path):
    text = (built_site / CATALOG).read_text(encoding="utf-8")
    entries = json.loads(text)["widgets"]
    widgets = built_widgets(built_site)
    assert len(widgets) >= 11
    assert [(e["kind"], e["id"], e["page"]) for e in entries] == [(k, i, url) for k, i, _, url in widgets]
    # Same data with the same key order as the widget's own payload: JSON.stringify gives the same text.
    ordered = {dict(entry)["id"]: dict(entry)["content"] for entry in in_order(text)[0][1]}
    for kind, widget_id, payload, url in widgets:
        assert ordered[widget_id] == in_order(payload), widget_id
        page = (built_site / url / "index.html").read_text(encoding="utf-8")
        entry = next(e for e in entries if e["id"] == widget_id)
        assert html.unescape(TITLE.search(page)[1]) == entry["page_title"]
        assert entry["title"] == plain(BY_NAME[kind].parse(json.loads(payload)).title)
        assert "*" not in entry["title"] and "`" not in entry["title"]


def test_catalog_js_and_each_widget_compute_the_same_content_hash(built_site: Path, tmp_path: Path):
    """With the site's own modules, so a hand-in made on a page matches the catalog on My results and the room page."""
    assets = built_site / "assets" / "generated" / "widgets"
    for name in ("catalog.js", "widget-kit.js"):
        shutil.copy(assets / name, tmp_path / name)
    (tmp_path / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    payloads = {widget_id: payload for _, widget_id, payload, _ in built_widgets(built_site)}
    (tmp_path / "payloads.json").write_text(json.dumps(payloads), encoding="utf-8")
    result = subprocess.run(
        [
            "node",
            str(PROJECT / "tests" / "build" / "catalog_hashes.mjs"),
            str(tmp_path),
            str(built_site / CATALOG),
            str(tmp_path / "payloads.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    hashes = json.loads(result.stdout)
    assert set(hashes["catalog"]) == set(payloads)
    assert hashes["catalog"] == hashes["widgets"]
    # Different content, different hash: the hashes tell the exercises apart.
    assert len(set(hashes["catalog"].values())) == len(payloads)


@pytest.mark.parametrize(
    ("src_uri", "url"),
    [("modules/01-x.md", "modules/01-x/"), ("index.md", ""), ("a/index.md", "a/"), ("my-results.md", "my-results/")],
)
def test_page_urls_are_the_builders_directory_urls(src_uri: str, url: str):
    assert catalog.page_url(src_uri) == url


def qr_files_are_vendored(site: Path) -> None:
    """The site serves qrcode-generator's module unchanged and its MIT licence beside it."""
    version = json.loads((QR_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    assert (site / QR_FOLDER / "qrcode.mjs").read_bytes() == (QR_PACKAGE / "dist" / "qrcode.mjs").read_bytes()
    licence = (site / QR_FOLDER / "LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith(f"qrcode-generator {version} (npm)")
    assert "MIT License\n\nCopyright (c) 2009 Kazuhiko Arase\n\nPermission is hereby granted, free of charge" in licence
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in licence
    # qr.js imports it from there, relative to itself.
    qr = (site / "assets" / "generated" / "widgets" / "qr.js").read_text(encoding="utf-8")
    assert 'from "../vendor/qrcode-generator/qrcode.mjs";' in qr


def test_mkdocs_serves_the_qr_library_with_its_licence(built_site: Path):
    qr_files_are_vendored(built_site)


def test_zensical_serves_the_same_qr_library_licence_and_catalog(built_site: Path, zensical_site: Path):
    qr_files_are_vendored(zensical_site)
    assert (zensical_site / CATALOG).read_bytes() == (built_site / CATALOG).read_bytes()


def test_the_qr_library_is_pinned_exactly_in_package_json_and_the_lock():
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["dependencies"]["qrcode-generator"]
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned)
    assert lock["packages"]["node_modules/qrcode-generator"]["version"] == pinned
    assert lock["packages"]["node_modules/qrcode-generator"]["license"] == "MIT"
    assert json.loads((QR_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"] == pinned


def fake_qr_package(project: Path, header: str) -> None:
    """A node_modules/qrcode-generator whose module starts with `header`."""
    folder = project / "node_modules" / "qrcode-generator"
    (folder / "dist").mkdir(parents=True)
    (folder / "package.json").write_text('{"version": "9.0.0"}', encoding="utf-8")
    (folder / "dist" / "qrcode.mjs").write_text(f"{header}\nexport default function qrcode() {{}}\n", encoding="utf-8")


def test_a_release_whose_header_names_another_licence_stops_the_build(tmp_path: Path):
    fake_qr_package(tmp_path, "// Copyright (c) 2009 Kazuhiko Arase\n// Licensed under the GPL")
    with pytest.raises(RuntimeMissing) as caught:
        vendor.qrcode_files(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'node_modules/qrcode-generator/dist/qrcode.mjs'}: its header no longer says "
        "“Licensed under the MIT license”, so qrcode-generator-LICENSE.txt may not be its licence any more: "
        "check the new release's licence and update that file and widgets/build/vendor.py."
    )


def test_a_missing_qr_library_says_what_to_run(tmp_path: Path):
    with pytest.raises(RuntimeMissing) as caught:
        vendor.qrcode_files(tmp_path)
    assert str(caught.value) == (
        f"The QR code library is missing ({tmp_path / 'node_modules/qrcode-generator/dist/qrcode.mjs'} not found). "
        "Run `npm ci` in the project folder (./scripts/serve.sh does it for you), then build again."
    )
