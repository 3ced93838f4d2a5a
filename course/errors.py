"""Errors that point at the exact place in a widget's content that is wrong."""


class ContentError(ValueError):
    """A widget's content or a learner's answer is wrong at one key path."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path or '(top level)'}: {message}")
        self.path = path
        self.message = message

    @property
    def display_path(self) -> str:
        """The key path as shown to authors; the empty path is the top level."""
        return self.path or "(top level)"
