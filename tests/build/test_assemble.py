"""The site-assembly step: writes what both builders copy, idempotently, and leaves nothing stale."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import PROJECT
from widgets.build import assemble, runtime


def project_with_runtime(tmp_path: Path) -> tuple[Path, Path]:
    """A project folder with the real npm runtime linked in, and its empty docs/."""
    (tmp_path / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    docs = tmp_path / "docs"
    docs.mkdir()
    return tmp_path, docs


def test_a_second_run_writes_nothing_so_mkdocs_serve_settles(tmp_path):
    project, docs = project_with_runtime(tmp_path)
    first = assemble.assemble(docs, project, "default-src 'none'")
    assert set(first.changed) == {*first.files, docs / "_headers"}
    stamps = {path: path.stat().st_mtime_ns for path in first.files}
    second = assemble.assemble(docs, project, "default-src 'none'")
    assert second.changed == () and second.removed == ()
    assert {path: path.stat().st_mtime_ns for path in second.files} == stamps


def test_stale_wheels_and_runtimes_are_removed_and_the_manifest_names_the_new_ones(tmp_path):
    project, docs = project_with_runtime(tmp_path)
    folder = docs / assemble.GENERATED
    stale = [folder / "course" / "course-000000000000.whl", folder / "pyodide" / "0.0.1" / "pyodide.mjs"]
    for path in stale:
        path.parent.mkdir(parents=True)
        path.write_text("old", encoding="utf-8")
    result = assemble.assemble(docs, project)
    assert sorted(result.removed) == sorted(stale)
    assert not (folder / "pyodide" / "0.0.1").exists()
    manifest = json.loads((folder / "widgets" / "runtime.json").read_text(encoding="utf-8"))
    wheels = list((folder / "course").iterdir())
    assert [f"../course/{wheel.name}" for wheel in wheels] == [manifest["course"]]
    assert manifest["pyodide"] == f"../pyodide/{runtime.pyodide_package()[1]}/"


def test_an_edited_asset_is_copied_again(tmp_path, monkeypatch):
    project, docs = project_with_runtime(tmp_path)
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "widgets.js").write_text("// one\n", encoding="utf-8")
    monkeypatch.setattr(assemble, "ASSETS", assets)
    assemble.assemble(docs, project)
    (assets / "widgets.js").write_text("// two\n", encoding="utf-8")
    result = assemble.assemble(docs, project)
    copied = docs / assemble.GENERATED / "widgets" / "widgets.js"
    assert result.changed == (copied,) and copied.read_text(encoding="utf-8") == "// two\n"
