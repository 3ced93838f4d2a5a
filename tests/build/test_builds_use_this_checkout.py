"""Fixture builds run this checkout's code, and rebuilding in one process (as `mkdocs serve` does) works."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from course.kinds import BY_NAME
from tests.build.fixture_site import build, make_site
from tests.build.test_broken_sites import QUIZ, page
from tests.conftest import PROJECT

# A hook that reports which files the build really imported: the fences mkdocs.yml resolved and
# the packages they use, as seen from inside the build process.
REVEAL_HOOK = """\
import json
import sys
from pathlib import Path


def on_post_build(config):
    fences = config.mdx_configs["pymdownx.superfences"]["custom_fences"]
    found = {fence["name"]: sys.modules[fence["format"].__module__].__file__ for fence in fences}
    found["widgets"] = sys.modules["widgets"].__file__
    found["course"] = sys.modules["course"].__file__
    Path(config.site_dir, "imports.json").write_text(json.dumps(found))
"""


def test_a_fixture_build_imports_widgets_and_course_from_this_checkout(tmp_path, monkeypatch):
    # Another checkout of the project that comes first on the path, as a stale editable install would.
    decoy = tmp_path / "other-checkout"
    for package in ("widgets", "course"):
        shutil.copytree(PROJECT / package, decoy / package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setenv("PYTHONPATH", str(decoy))
    hook = tmp_path / "reveal_imports.py"
    hook.write_text(REVEAL_HOOK, encoding="utf-8")
    site = tmp_path / "fixture"
    result = build(site, {"index.md": page(QUIZ)}, hooks=(hook,))
    assert result.returncode == 0, result.stderr
    imported = json.loads((site / "site" / "imports.json").read_text(encoding="utf-8"))
    assert set(imported) == {*BY_NAME, "widgets", "course"}
    for name, path in imported.items():
        assert Path(path).resolve().is_relative_to(PROJECT), f"{name} came from {path}"
        assert not Path(path).resolve().is_relative_to(decoy), f"{name} came from {path}"


def test_rebuilding_in_one_process_after_an_edit_succeeds(tmp_path):
    """`mkdocs serve` rebuilds in one process: widget ids claimed by the last build must not linger."""
    config_file = make_site(tmp_path, {"index.md": page(QUIZ)})
    site = tmp_path / "site"
    mkdocs_build(load_config(str(config_file), site_dir=str(site)))
    # The author adds a paragraph above the quiz, so it now opens two lines further down.
    (tmp_path / "docs" / "index.md").write_text(page("A new paragraph.\n\n" + QUIZ), encoding="utf-8")
    mkdocs_build(load_config(str(config_file), site_dir=str(site)))
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "A new paragraph." in html and 'id="broken-check"' in html
