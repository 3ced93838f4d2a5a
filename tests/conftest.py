"""Shared fixtures: the project's paths, and the real site built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run_mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` exactly as an author would, capturing its output, with this checkout's code."""
    # The fixture is the working directory, so `widgets` and `course` would come from wherever the
    # venv's editable install points, which may be another checkout: put this one first.
    python_path = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "PYTHONPATH": python_path}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)],
        cwd=config_file.parent,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def run_zensical_course_build(root: Path) -> subprocess.CompletedProcess[str]:
    """Build the course with the README's Zensical command, from a copy of docs/ under `root`."""
    # Zensical writes site/ and .cache/ beside its config, and wants docs_dir inside that folder:
    # so the pages are copied (they are small) and the runtime linked, leaving this checkout alone.
    shutil.copytree(PROJECT / "docs", root / "docs", ignore=shutil.ignore_patterns("generated", "_headers"))
    (root / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {PROJECT / 'mkdocs.yml'}\ntheme:\n  custom_dir: {PROJECT / 'overrides'}\n", encoding="utf-8"
    )
    python_path = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "widgets.build", "zensical", "-f", str(config)],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": python_path},
        timeout=300,
    )


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built from this checkout with Zensical (strict); fails loudly with its output."""
    root = tmp_path_factory.mktemp("zensical")
    result = run_zensical_course_build(root)
    if result.returncode != 0:
        pytest.fail(f"the Zensical build failed:\n{result.stdout}\n{result.stderr}")
    return root / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built from this checkout with --strict; fails loudly with MkDocs' output."""
    site = tmp_path_factory.mktemp("site")
    result = run_mkdocs_build(PROJECT / "mkdocs.yml", site)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}")
    return site
