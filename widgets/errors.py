"""The one exception type that stops a build with an author-facing message."""

from mkdocs.exceptions import PluginError
from pymdownx.superfences import SuperFencesException


class WidgetBuildError(SuperFencesException, PluginError):
    """Stops `mkdocs build`: superfences re-raises only its own exception type, MkDocs prints ours."""

    def __init__(self, message: str) -> None:
        PluginError.__init__(self, message)

    def __str__(self) -> str:
        return self.message
