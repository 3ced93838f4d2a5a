"""Typed reads from plain dicts (parsed YAML or JSON) that fail with a key path."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence

from course.errors import ContentError

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def join(path: str, key: str | int) -> str:
    """Extend a key path by a mapping key or a list index."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(value: object) -> str:
    """Name a value's type the way an author would, with the value itself."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{'true' if value else 'false'}"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


def mapping(value: object, path: str) -> Mapping[str, object]:
    """Return value if it is a mapping with text keys, else fail."""
    if not isinstance(value, Mapping):
        raise ContentError(path, f"expected a mapping of keys to values, got {describe(value)}")
    for key in value:
        if not isinstance(key, str):
            raise ContentError(path, f"keys must be text, got {describe(key)}")
    return value


def check_keys(data: Mapping[str, object], path: str, required: Sequence[str], optional: Sequence[str] = ()) -> None:
    """Fail on the first unknown key (suggesting a close one), then on the first missing key."""
    allowed = [*required, *optional]
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed keys: {', '.join(allowed)}"
            raise ContentError(join(path, key), f"unknown key{hint}")
    for key in required:
        if key not in data:
            raise ContentError(join(path, key), "is required")


def text(data: Mapping[str, object], key: str, path: str, default: str | None = None) -> str:
    """Read a non-empty text value."""
    here = join(path, key)
    value = data.get(key, default)
    if value is None:
        raise ContentError(here, "is required")
    if not isinstance(value, str):
        raise ContentError(here, f"expected text, got {describe(value)}")
    if not value.strip():
        raise ContentError(here, "must not be empty")
    return value.strip()


def identifier(data: Mapping[str, object], key: str, path: str) -> str:
    """Read an id: a letter, then letters, digits, '-' or '_'."""
    value = text(data, key, path)
    if not ID_PATTERN.match(value):
        raise ContentError(
            join(path, key),
            f'"{value}" is not a valid id; use a letter followed by letters, digits, "-" or "_"',
        )
    return value


def boolean(data: Mapping[str, object], key: str, path: str, default: bool | None = None) -> bool:
    """Read true or false (never a string such as "yes")."""
    here = join(path, key)
    value = data.get(key, default)
    if value is None:
        raise ContentError(here, "is required")
    if not isinstance(value, bool):
        raise ContentError(here, f"expected true or false, got {describe(value)}")
    return value


def number(data: Mapping[str, object], key: str, path: str, default: float, low: float, high: float) -> float:
    """Read a number in the half-open range (low, high]."""
    here = join(path, key)
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ContentError(here, f"expected a number, got {describe(value)}")
    if not low < value <= high:
        raise ContentError(here, f"must be greater than {low:g} and at most {high:g}, got {value:g}")
    return float(value)


def items(data: Mapping[str, object], key: str, path: str, minimum: int = 1) -> Sequence[object]:
    """Read a list with at least `minimum` entries."""
    here = join(path, key)
    value = data.get(key)
    if value is None:
        raise ContentError(here, "is required")
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise ContentError(here, f"expected a list, got {describe(value)}")
    if len(value) < minimum:
        noun = "entry" if minimum == 1 else "entries"
        raise ContentError(here, f"needs at least {minimum} {noun}, got {len(value)}")
    return value


def choice(data: Mapping[str, object], key: str, path: str, allowed: Sequence[str]) -> str:
    """Read one of a fixed set of words, suggesting the closest on a typo."""
    value = text(data, key, path)
    if value not in allowed:
        options = " or ".join(f"'{word}'" for word in allowed)
        close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ContentError(join(path, key), f"must be {options}, got '{value}'{hint}")
    return value


def unique_id(seen: dict[str, str], value: str, path: str, what: str) -> None:
    """Fail if `value` was already used as an id at another path."""
    if value in seen:
        raise ContentError(path, f'duplicate {what} id "{value}"; already used at {seen[value]}')
    seen[value] = path


def optional_texts(data: Mapping[str, object], key: str, path: str) -> tuple[str, ...]:
    """Read an optional list of non-empty texts: () when the key is absent."""
    if key not in data:
        return ()
    here = join(path, key)
    found = []
    for index, value in enumerate(items(data, key, path)):
        if not isinstance(value, str):
            raise ContentError(join(here, index), f"expected text, got {describe(value)}")
        if not value.strip():
            raise ContentError(join(here, index), "must not be empty")
        found.append(value.strip())
    return tuple(found)
