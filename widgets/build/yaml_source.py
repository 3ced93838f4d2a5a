"""Parse a fence's YAML body while remembering which line every key path came from."""

from __future__ import annotations

import yaml

from course.errors import ContentError
from course.fields import ID_PATTERN, join

ANCHORS_REFUSED = "anchors and aliases (&name, *name) are not allowed in widget content"
MAX_DEPTH = 32
# Implicit types widget content never needs, each a trap: `<<` silently merges keys, `=` and
# impossible dates (2024-13-45) fail while being built; `yaml` is PyYAML's own. They stay text.
UNUSED_TYPES = {
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:yaml",
}
STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"


class YamlSyntaxError(Exception):
    """The body is not valid YAML, or uses YAML we refuse; `line` is 0-based within the body."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class DuplicateKeyError(ContentError):
    """A mapping repeats a key (PyYAML would silently keep the last one)."""

    def __init__(self, path: str, line: int) -> None:
        super().__init__(path, "duplicate key; each key may appear only once")
        self.line = line


class WidgetLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases and tags at the first event, before building anything."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag not in UNUSED_TYPES]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        """Refuse what can expand exponentially (aliases) or name a constructor (tags), and deep nesting."""
        event = self.peek_event()
        line = event.start_mark.line
        # Refusing here, before the composer resolves an alias, is what keeps a "billion laughs"
        # body from ever being expanded: nothing below this point has been built yet.
        if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
            raise YamlSyntaxError(line, ANCHORS_REFUSED)
        if event.tag is not None:
            raise YamlSyntaxError(line, f"tags such as {_as_written(event.tag)} are not allowed in widget content")
        if self.depth >= MAX_DEPTH:
            raise YamlSyntaxError(line, f"nested more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> object:
        """Turn a value PyYAML cannot convert (an integer of 5000 digits) into a marked error."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({error})", node.start_mark
            ) from None


def _as_written(tag: str) -> str:
    """A resolved tag as an author would have written it (`!!str`, `!name`)."""
    return f"!!{tag[len(STANDARD_TAG_PREFIX) :]}" if tag.startswith(STANDARD_TAG_PREFIX) else tag


def load(body: str) -> tuple[object, dict[str, int]]:
    """Return the parsed data and a map of key path -> 0-based line within the body.

    Raises only YamlSyntaxError or DuplicateKeyError, whatever the body.
    """
    try:
        loader = WidgetLoader(body)
    except yaml.reader.ReaderError as error:
        raise _unreadable(body, error) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        raise YamlSyntaxError(mark.line if mark else 0, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as error:
        raise _unreadable(body, error) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines)
    return data, lines


def _unreadable(body: str, error: yaml.reader.ReaderError) -> YamlSyntaxError:
    """A control character YAML refuses to read, with the line it is on."""
    character = error.character if isinstance(error.character, str) else chr(error.character)
    return YamlSyntaxError(
        body.count("\n", 0, error.position),
        f"invalid YAML: the character U+{ord(character):04X} is not allowed; delete it",
    )


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
            return value if ID_PATTERN.match(value) else None
    return None
