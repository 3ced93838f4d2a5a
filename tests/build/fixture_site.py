"""Small throw-away sites that inherit the course's real mkdocs.yml, for build tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import PROJECT, run_mkdocs_build


def make_site(root: Path, pages: dict[str, str], *, with_runtime: bool = True, hooks: tuple[Path, ...] = ()) -> Path:
    """Write `pages` under root/docs with a config inheriting the course's (plus `hooks`); return the config."""
    docs = root / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    if with_runtime:
        (root / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    config = root / "mkdocs.yml"
    nav = "\n".join(f"  - {name}" for name in pages)
    hook_lines = "".join(f"  - {hook}\n" for hook in (PROJECT / "widgets" / "mkdocs_hooks.py", *hooks))
    config.write_text(
        f"INHERIT: {PROJECT / 'mkdocs.yml'}\n"
        "site_name: Fixture site\n"
        f"nav:\n{nav}\n"
        f"hooks:\n{hook_lines}"
        f"theme:\n  custom_dir: {PROJECT / 'overrides'}\n",
        encoding="utf-8",
    )
    return config


def build(root: Path, pages: dict[str, str], **options: object) -> subprocess.CompletedProcess[str]:
    """Build a fixture site with --strict."""
    return run_mkdocs_build(make_site(root, pages, **options), root / "site")
