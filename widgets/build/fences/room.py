"""The ```room fence: the trainer's page that gathers learners' hand-ins and shows how the room did.

Everything it does happens in the trainer's browser (widgets/assets/room.js, with course.results in
Python), so without JavaScript the page says what it is for and that it needs JavaScript; the
controls are in the HTML, hidden, for the script to show.
"""

from __future__ import annotations

import markdown

from widgets.build.fences.common import STATUS, attr, open_widget, stops_build_on_any_error, validate

__all__ = ["format", "validate"]

# The limits room.js checks before reading anything (course.results checks them again).
FILE_LIMIT_KB = 200
ITEMS_LIMIT = 500

NO_SCRIPT = (
    "This page gathers the results learners hand in and shows how the room did: per question, per "
    "stage and per profile. It runs in your browser and needs JavaScript, which is off or blocked here."
)


@stops_build_on_any_error("room")
def format(src: str, language: str, class_name: str, options: dict, md: markdown.Markdown, **kwargs: object) -> str:  # noqa: A001
    """Render the ways in (files, pasted codes), the status line, and the place for the results."""
    room, _, parts = open_widget("room", src, md, NO_SCRIPT)
    parts += [_inputs(room.id), _results(room.id), "</div>"]
    return "\n".join(parts)


def _inputs(widget_id: str) -> str:
    """The drop zone (a button that also opens the file chooser), the paste box, the status and messages."""
    base = attr(widget_id)
    return "\n".join(
        [
            f'<section class="course-room__add" data-role="add" aria-labelledby="{base}--add-title" hidden>',
            f'<h4 class="course-room__heading" id="{base}--add-title">Add hand-ins</h4>',
            '<p class="course-room__hint">Learners hand in with “Hand in my results” under any exercise or on '
            "their My results page. A file, a code and a QR code all carry the same results: use whichever "
            "reaches you, as many at once as you like.</p>",
            f'<button type="button" class="course-room__drop" data-role="drop" aria-describedby="{base}--drop-hint">',
            '<span class="course-room__drop-title">Drop hand-in files here, or choose files</span>',
            f'<span class="course-room__drop-hint" id="{base}--drop-hint">JSON files of up to {FILE_LIMIT_KB} KB '
            f"each, at most {ITEMS_LIMIT} at a time</span>",
            "</button>",
            f'<input type="file" id="{base}--files" data-role="files" multiple accept=".json,application/json" hidden>',
            '<form class="course-room__paste" data-role="paste-form" action="#">',
            f'<label class="course-room__label" for="{base}--paste">Paste codes or links</label>',
            f'<p class="course-room__hint" id="{base}--paste-hint">Codes start with CR1. Put any number of codes '
            "and links in the box, separated by spaces or line breaks.</p>",
            f'<textarea class="course-room__box" id="{base}--paste" data-role="paste" rows="4" '
            f'aria-describedby="{base}--paste-hint" spellcheck="false" autocomplete="off"></textarea>',
            '<div class="course-widget__actions">',
            '<button type="submit" class="md-button md-button--primary" data-role="add-codes">Add</button>',
            "</div>",
            "</form>",
            STATUS,
            '<div class="course-room__messages" data-role="messages" hidden></div>',
            "</section>",
        ]
    )


def _results(widget_id: str) -> str:
    """Where the aggregates appear, with the CSV export and "Clear the room"."""
    base = attr(widget_id)
    return "\n".join(
        [
            f'<section class="course-room__results" data-role="results" aria-labelledby="{base}--results-title" '
            "hidden>",
            f'<h4 class="course-room__heading" id="{base}--results-title">How the room did</h4>',
            '<div class="course-room__summary" data-role="summary"></div>',
            '<div class="course-widget__actions" data-role="room-actions" hidden>',
            '<button type="button" class="md-button" data-role="export">Export as CSV</button>',
            '<button type="button" class="md-button" data-role="clear">Clear the room</button>',
            "</div>",
            "</section>",
        ]
    )
