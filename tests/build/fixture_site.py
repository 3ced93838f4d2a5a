"""Small throw-away sites that inherit the course's real mkdocs.yml, built with MkDocs or Zensical."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PROJECT, run_mkdocs_build, run_zensical_build

BUILDERS = ("mkdocs", "zensical")
MKDOCS_ERROR = "ERROR   -  "


def make_site(root: Path, pages: dict[str, str], *, with_runtime: bool = True, hooks: tuple[Path, ...] = ()) -> Path:
    """Write `pages` under root/docs with a config inheriting the course's (plus `hooks`); return the config."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    if with_runtime:
        (root / "node_modules").symlink_to(PROJECT / "node_modules", target_is_directory=True)
    config = root / "mkdocs.yml"
    nav = "\n".join(f"  - {name}" for name in pages)
    hook_lines = "".join(f"  - {hook}\n" for hook in (PROJECT / "widgets" / "build" / "mkdocs_hooks.py", *hooks))
    config.write_text(
        f"INHERIT: {PROJECT / 'mkdocs.yml'}\n"
        "site_name: Fixture site\n"
        f"nav:\n{nav}\n"
        f"hooks:\n{hook_lines}"
        f"theme:\n  custom_dir: {PROJECT / 'overrides'}\n",
        encoding="utf-8",
    )
    return config


@dataclass(frozen=True)
class Build:
    """How a fixture build ended: its exit code, its output, and the lines it addressed to the author."""

    returncode: int
    stdout: str
    stderr: str
    errors: tuple[str, ...]


def build(root: Path, pages: dict[str, str], builder: str = "mkdocs", **options: object) -> Build:
    """Build a fixture site strictly with `builder`, as the README tells an author to."""
    config = make_site(root, pages, **options)
    if builder == "mkdocs":
        result = run_mkdocs_build(config, root / "site")
        errors = [
            line.removeprefix(MKDOCS_ERROR) for line in result.stderr.splitlines() if line.startswith(MKDOCS_ERROR)
        ]
    else:
        result = run_zensical_build(config)
        errors = [line for line in result.stderr.splitlines() if line.strip()]
    return Build(result.returncode, result.stdout, result.stderr, tuple(errors))
