"""Parse a fence's YAML body while remembering which line every key path came from."""

from __future__ import annotations

import yaml

from course.errors import ContentError
from course.fields import join


class YamlSyntaxError(Exception):
    """The body is not valid YAML; `line` is 0-based within the body."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class DuplicateKeyError(ContentError):
    """A mapping repeats a key (PyYAML would silently keep the last one)."""

    def __init__(self, path: str, line: int) -> None:
        super().__init__(path, "duplicate key; each key may appear only once")
        self.line = line


def load(body: str) -> tuple[object, dict[str, int]]:
    """Return the parsed data and a map of key path -> 0-based line within the body."""
    loader = yaml.SafeLoader(body)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise YamlSyntaxError(mark.line if mark else 0, f"invalid YAML: {problem}") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines)
    return data, lines


def _walk(node: yaml.Node, path: str, lines: dict[str, int]) -> None:
    """Record the line of every key and list item below `node`."""
    lines.setdefault(path, node.start_mark.line)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            here = join(path, str(key_node.value))
            if here in lines and here != "":
                raise DuplicateKeyError(here, key_node.start_mark.line)
            lines[here] = key_node.start_mark.line
            _walk(value_node, here, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            here = join(path, index)
            lines[here] = item.start_mark.line
            _walk(item, here, lines)


def line_of(path: str, lines: dict[str, int]) -> int:
    """The line of the longest known prefix of `path` (a missing key points at its parent)."""
    while path and path not in lines:
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
    return lines.get(path, 0)


def top_level_id(body: str) -> str | None:
    """Best-effort id of a body that is not valid YAML, so its error can still name the widget."""
    for line in body.splitlines():
        if line.startswith("id:"):
            value = line[3:].split("#", 1)[0].strip().strip("\"'")
            return value or None
    return None
