"""The MkDocs hook: run the site-assembly step before MkDocs collects docs/.

Everything else (which page a fence is on, reading times, duplicate ids) happens in Markdown
extensions, because Zensical runs those and ignores hooks; `python -m widgets.build` is this
hook's stand-in there.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from widgets.build import assemble, runtime


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
