"""The one exception type that stops a build with an author-facing message, under either builder."""

import re

from pymdownx.superfences import SuperFencesException

try:  # MkDocs prints a PluginError as one line; Zensical does not install MkDocs.
    from mkdocs.exceptions import PluginError
except ImportError:  # pragma: no cover - exercised by the Zensical builds

    class PluginError(Exception):  # type: ignore[no-redef]
        """Stands in for MkDocs' PluginError where MkDocs is not installed."""

        def __init__(self, message: str) -> None:
            super().__init__(message)
            self.message = message


LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


class WidgetBuildError(SuperFencesException, PluginError):
    """Stops the build: superfences re-raises only its own exception type, MkDocs prints ours."""

    def __init__(self, message: str) -> None:
        # One line per error, always: a value quoted in the message must not start a new one.
        PluginError.__init__(self, LINE_BREAKS.sub(lambda match: repr(match[0])[1:-1], message))

    def __str__(self) -> str:
        return self.message
