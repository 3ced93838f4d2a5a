"""Widget ids must be unique across the whole site: they are HTML ids and storage keys."""

from __future__ import annotations


class _Seen:
    ids: dict[str, str] = {}


def reset() -> None:
    """Start a new build."""
    _Seen.ids = {}


def claim(widget_id: str, location: str) -> str | None:
    """Register an id at `location`; return the earlier location if it is taken elsewhere."""
    earlier = _Seen.ids.setdefault(widget_id, location)
    return earlier if earlier != location else None
