"""`python -m widgets.build`: the site-assembly step; `python -m widgets.build zensical`: then build with Zensical.

    python -m widgets.build [-f mkdocs.yml]                      write docs/assets/generated/ and docs/_headers
    python -m widgets.build zensical [-f mkdocs.yml] [--clean]   the same, then `zensical build --strict`,
                                                                 then the embed pages, preloads, offline step

MkDocs needs neither: its hooks run the same steps. The `zensical` form exists so a content error
reads as the one line `file:line: id: key path: what is wrong`, as under MkDocs, instead of the
Python traceback Zensical prints around it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from widgets.build import assemble, embed, offline, preload, runtime

WIDGET_ERROR = re.compile(r"WidgetBuildError: (?P<message>[^\n]*)")


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few settings assembly needs, without importing what its tags name."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict:
    """mkdocs.yml as data, with INHERIT followed (the child's keys win, mappings merged)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # noqa: S506 - safe loader
    parent = config.pop("INHERIT", None)
    if parent:
        config = _merge(read_config((config_file.parent / parent).resolve()), config)
    return config


def _merge(base: dict, override: dict) -> dict:
    """`override` on top of `base`, merging nested mappings as MkDocs' INHERIT does."""
    merged = dict(base)
    for key, value in override.items():
        both = isinstance(value, dict) and isinstance(merged.get(key), dict)
        merged[key] = _merge(merged[key], value) if both else value
    return merged


def assemble_for(config_file: Path) -> assemble.Assembly:
    """Run the assembly step for the site `config_file` describes."""
    config = read_config(config_file)
    extra = config.get("extra") or {}
    docs_dir = (config_file.parent / config.get("docs_dir", "docs")).resolve()
    return assemble.assemble(
        docs_dir, config_file.parent, extra.get("content_security_policy"), extra.get("frame_ancestors", "*")
    )


def build_with_zensical(config_file: Path, clean: bool) -> int:
    """Run Zensical's build in this process, then the offline step; a widget error becomes its one line on stderr."""
    try:
        from zensical import build
    except ImportError:
        print("widgets.build: Zensical is not installed (scripts/setup.sh --dev installs it).", file=sys.stderr)
        return 1
    try:
        build(str(config_file), {"clean": clean, "strict": True})
    except RuntimeError as error:
        found = WIDGET_ERROR.search(str(error))
        print(found["message"] if found else str(error), file=sys.stderr)
        return 1
    # Zensical ignores MkDocs' hooks, so the post-build step runs here.
    site_dir = (config_file.parent / (read_config(config_file).get("site_dir") or "site")).resolve()
    try:
        embedded = embed.write(site_dir)
    except embed.EmbedError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"widgets.build: {len(embedded)} embed pages in {site_dir / embed.EMBED_FOLDER}")
    print(f"widgets.build: module preloads in {len(preload.write(site_dir))} pages with widgets")
    result = offline.write(site_dir)
    print(f"widgets.build: {offline.MANIFEST_FILE} lists {len(result.files)} files, version {result.version}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Assemble the generated files, and build with Zensical if asked."""
    parser = argparse.ArgumentParser(prog="python -m widgets.build", description=__doc__.splitlines()[0])
    parser.add_argument("builder", nargs="?", choices=["zensical"], help="build the site with Zensical afterwards")
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--clean", action="store_true", help="Zensical: ignore its cache of rendered pages")
    options = parser.parse_args(argv)
    config_file = options.config_file.resolve()
    if not config_file.is_file():
        print(f"widgets.build: {options.config_file} not found", file=sys.stderr)
        return 1
    try:
        result = assemble_for(config_file)
    except runtime.RuntimeMissing as error:
        print(f"widgets.build: {error}", file=sys.stderr)
        return 1
    print(f"widgets.build: {len(result.files)} files in {result.folder}, {len(result.changed)} written")
    if options.builder == "zensical":
        return build_with_zensical(config_file, options.clean)
    return 0


if __name__ == "__main__":
    sys.exit(main())
