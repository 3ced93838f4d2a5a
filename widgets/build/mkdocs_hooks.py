"""The MkDocs hooks: the site-assembly step before MkDocs collects docs/, the post-build steps after it builds.

After the build come the embed pages (widgets/build/embed.py), the module preloads of every page
with widgets (preload.py), then the offline step, whose manifest lists and fingerprints them.

Everything else (which page a fence is on, reading times, duplicate ids) happens in Markdown
extensions, because Zensical runs those and ignores hooks; `python -m widgets.build zensical` is
these hooks' stand-in there.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from widgets.build import assemble, embed, offline, preload, runtime


def on_pre_build(config: MkDocsConfig) -> None:
    """Write the generated assets under docs/ (unchanged files untouched), or say what is missing."""
    try:
        assemble.assemble(
            Path(config.docs_dir),
            Path(config.config_file_path).resolve().parent,
            config.extra.get("content_security_policy"),
            config.extra.get("frame_ancestors", "*"),
        )
    except runtime.RuntimeMissing as error:
        raise PluginError(str(error)) from None


def on_post_build(config: MkDocsConfig) -> None:
    """Write the embed pages and the preloads, then offline-manifest.json and sw.js (which list them)."""
    # Into site_dir only: `mkdocs serve` builds into a temporary folder it doesn't watch.
    try:
        embed.write(Path(config.site_dir))
    except embed.EmbedError as error:
        raise PluginError(str(error)) from None
    preload.write(Path(config.site_dir))
    offline.write(Path(config.site_dir))
