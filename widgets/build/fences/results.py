"""The ```results fence: "My results", which lists what this browser holds for each exercise and hands it in."""

from __future__ import annotations

import markdown

from widgets.build.fences.common import STATUS, open_widget, stops_build_on_any_error, validate

__all__ = ["format", "validate"]

# What a reader without JavaScript sees in the widget's notice; results.js replaces it.
WITHOUT_SCRIPT = (
    "This list needs JavaScript, which is off or blocked here. With it, this box lists every exercise of the "
    "course, says which ones this browser holds answers for, and hands them all in at once."
)


@stops_build_on_any_error("results")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001 - superfences' name
    """Render the widget's frame: its title and notice, then the places results.js fills in."""
    _, _, parts = open_widget("results", src, md, WITHOUT_SCRIPT)
    parts += _controls()
    parts.append("</div>")
    return "\n".join(parts)


def _controls() -> list[str]:
    """The list of exercises, the one button and the status line: empty or hidden until the script runs."""
    return [
        '<div class="course-results__list" data-role="list" hidden></div>',
        '<div class="course-widget__actions">',
        '<button type="button" class="md-button md-button--primary" data-role="hand-in" aria-haspopup="dialog" '
        "hidden>Hand in all my results</button>",
        "</div>",
        STATUS,
    ]
