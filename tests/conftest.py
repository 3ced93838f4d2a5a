"""Shared fixtures: the project's paths, and the real site built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def checkout_env() -> dict[str, str]:
    """The environment for a build run as a subprocess, with this checkout's code first on the path."""
    # The fixture is the working directory, so `widgets` and `course` would come from wherever the
    # venv's editable install points, which may be another checkout: put this one first.
    python_path = os.pathsep.join(filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "PYTHONPATH": python_path}


def run_build(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run one build command as an author would, capturing its output."""
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=checkout_env(), timeout=300)


def run_mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` exactly as an author would, capturing its output, with this checkout's code."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)]
    return run_build(command, config_file.parent)


def run_zensical_build(config_file: Path) -> subprocess.CompletedProcess[str]:
    """The README's Zensical command, `python -m widgets.build zensical`, for one site."""
    return run_build([sys.executable, "-m", "widgets.build", "zensical", "-f", str(config_file)], config_file.parent)


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
    return run_zensical_build(config)


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
