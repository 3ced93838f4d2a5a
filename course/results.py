"""Hand-ins and the room: one learner's results as a file or a short code, and the trainer's view of a room.

A hand-in is made in the learner's browser from what the widgets stored; nothing in it is trusted, so
only known fields of the right type are kept. The room page reads many hand-ins at once (files, pasted
codes, QR links): every size is checked before any work, a code carries a format version and a
checksum, and each bad item gets a message of its own. The room's aggregates come from each kind's own
grading, run on the catalog's content: the trainer's build is the judge, a hand-in never carries grades.
"""

from __future__ import annotations

import base64
import csv
import io
import itertools
import json
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from course import fields
from course.errors import ContentError
from course.question_coach import COACHED, CRITERIA, GOOD, parse_question_coach, read_question
from course.quiz import grade_quiz, parse_quiz
from course.rounding import half_up, percent
from course.self_assessment import parse_self_assessment, profile
from course.stage_map import MOST_CONFUSED, grade_stage_map, parse_stage_map, plain
from course.stage_model import BY_ID, STAGE_IDS, STAGES

# --- the two page kinds --------------------------------------------------------------------------

RESULTS_KEYS = (("id",), ("title",))
ROOM_KEYS = (("id",), ("title",))


@dataclass(frozen=True)
class Results:
    """The learner's "My results" page: every exercise's answers, handed in at once."""

    id: str
    title: str = "My results"

    def to_data(self) -> dict[str, object]:
        """The validated content as plain data that parse_results accepts again."""
        return {"id": self.id, "title": self.title}


@dataclass(frozen=True)
class Room:
    """The trainer's room page: hand-ins read, kept on the trainer's device and summed up."""

    id: str
    title: str = "Room results"

    def to_data(self) -> dict[str, object]:
        """The validated content as plain data that parse_room accepts again."""
        return {"id": self.id, "title": self.title}


def parse_results(data: object) -> Results:
    """Validate a results fence's body and build it, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *RESULTS_KEYS)
    return Results(id=fields.identifier(root, "id", ""), title=fields.text(root, "title", "", Results.title))


def parse_room(data: object) -> Room:
    """Validate a room fence's body and build it, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *ROOM_KEYS)
    return Room(id=fields.identifier(root, "id", ""), title=fields.text(root, "title", "", Room.title))


# --- limits --------------------------------------------------------------------------------------

FORMAT = 1
CODE_PREFIX = "CR"
MAX_CODE_CHARS = 20_000
MAX_FILE_BYTES = 200_000
MAX_PAYLOAD_BYTES = 100_000
MAX_DEPTH = 20
MAX_HANDINS = 500
# Bounds on what one hand-in may hold: far above any course, far below what would slow the room.
MAX_WIDGETS = 100
MAX_ENTRIES = 200
MAX_ID_CHARS = 64
MAX_INDEX = 50
MAX_QUESTION_CHARS = 500
MAX_NAME_CHARS = 40
MAX_SOURCE_CHARS = 120
MAX_NAMED = 5

LEARNER = re.compile(r"[a-z0-9]{8,32}")
HASH = re.compile(r"[0-9a-z]{1,16}")
AT = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d{1,9})?Z")
CHECKSUM = re.compile(r"[0-9a-f]{8}")
BASE64URL = re.compile(r"[A-Za-z0-9_-]+")
VERSION = re.compile(r"CR(\d{1,9})")
# A pasted word that is meant as a code: it opens like one, or is long and made of a code's characters.
CODE_LIKE = re.compile(r"CR\d+\.|[A-Za-z0-9._-]{40,}\Z")
WORD = re.compile(r"\S+")
NOT_BRACKET = re.compile(r"[^\[\]{}]+")
STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

KIND_NAMES = {
    "quiz": "knowledge check",
    "stage-map": "stage-mapping exercise",
    "self-assessment": "self-assessment",
    "question-coach": "question coach",
}


# --- what a hand-in keeps ------------------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """How one answer is kept: `read` gives the kept form of a stored value, or None to drop it."""

    read: Callable[[object], object]
    expected: str


def _whole(value: object) -> int | None:
    """A whole number in 0..MAX_INDEX-1 (never true or false), else None."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_INDEX:
        return None
    return value


def _options(value: object) -> list[int] | None:
    """Chosen option numbers, sorted and each once; None for nothing chosen or anything else."""
    if not isinstance(value, list) or not value or len(value) > MAX_INDEX:
        return None
    chosen = [_whole(item) for item in value]
    if None in chosen:
        return None
    return sorted(set(chosen))


def _stage(value: object) -> str | None:
    """A stage id of the course's model, else None."""
    return value if isinstance(value, str) and value in STAGE_IDS else None


def _question(value: object) -> str | None:
    """A written question, trimmed and cut to MAX_QUESTION_CHARS; None for nothing written."""
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()[:MAX_QUESTION_CHARS].rstrip()


OPTIONS = Value(_options, f"a list of option numbers from 0 to {MAX_INDEX - 1}")
STAGE = Value(_stage, "a stage id")
REPLY = Value(_whole, f"a reply number from 0 to {MAX_INDEX - 1}")
POINT = Value(_whole, f"a point on the scale from 0 to {MAX_INDEX - 1}")
QUESTION = Value(_question, f"a question of at most {MAX_QUESTION_CHARS} characters")

# Each exercise kind's answers in a hand-in, by field name; a hand-in holds exactly these.
PAYLOAD_FIELDS: Mapping[str, Mapping[str, Value]] = {
    "quiz": {"answers": OPTIONS},
    "stage-map": {"placements": STAGE, "replies": REPLY},
    "self-assessment": {"answers": POINT},
    "question-coach": {"questions": QUESTION},
}
HANDED_IN = tuple(PAYLOAD_FIELDS)


def _stored_fields(kind: str, record: Mapping[str, object]) -> dict[str, object]:
    """The raw answers of a stored record, by payload field (the coach keeps each situation's last try)."""
    if kind == "question-coach":
        situations = record.get("situations")
        if not isinstance(situations, Mapping):
            return {"questions": {}}
        tries = itertools.islice(situations.items(), MAX_ENTRIES * 2)
        return {"questions": {key: s.get("last") if isinstance(s, Mapping) else None for key, s in tries}}
    return {name: record.get(name) for name in PAYLOAD_FIELDS[kind]}


def _shown(value: object) -> str:
    """A key or value quoted for a message, cut short so a hostile one cannot flood it."""
    if not isinstance(value, str):
        return fields.describe(value)
    text = CONTROL.sub(" ", value)
    return f'"{text}"' if len(text) <= 40 else f'"{text[:40]}\u2026"'


def _is_id(value: object) -> bool:
    """Whether value is an id as the course writes them, of a bounded length."""
    return isinstance(value, str) and len(value) <= MAX_ID_CHARS and fields.ID_PATTERN.fullmatch(value) is not None


def _entries(raw: object, path: str, value: Value, strict: bool) -> dict[str, object]:
    """The valid entries of an id -> answer mapping: others dropped, or (strict) the first refused."""
    if not isinstance(raw, Mapping):
        if strict:
            raise ContentError(path, f"expected a mapping of ids to answers, got {fields.describe(raw)}")
        return {}
    if strict and len(raw) > MAX_ENTRIES:
        raise ContentError(path, f"holds {len(raw):,} answers; an exercise in a hand-in has at most {MAX_ENTRIES}")
    kept: dict[str, object] = {}
    for key, item in raw.items():
        if len(kept) == MAX_ENTRIES:
            break
        if not _is_id(key):
            if strict:
                raise ContentError(path, f"{_shown(key)} is not an id")
            continue
        cleaned = value.read(item)
        if cleaned is None:
            if strict:
                raise ContentError(fields.join(path, key), f"expected {value.expected}, got {_shown(item)}")
            continue
        if strict and cleaned != item:
            # Unsorted options, spaces around a question: valid, but not what hand_in wrote.
            raise ContentError(fields.join(path, key), f"is not written as a hand-in writes it ({value.expected})")
        kept[key] = cleaned
    return kept


# --- making a hand-in ----------------------------------------------------------------------------


def _learner(value: object) -> str:
    """The browser's random learner id."""
    if not isinstance(value, str) or not LEARNER.fullmatch(value):
        raise ContentError("learner", f"expected 8 to 32 lower-case letters and digits, got {_shown(value)}")
    return value


def _name(value: object) -> str:
    """A display name on one line, trimmed and cut to MAX_NAME_CHARS ("" stays anonymous)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ContentError("name", f"expected text, got {fields.describe(value)}")
    return " ".join(CONTROL.sub(" ", value).split())[:MAX_NAME_CHARS].rstrip()


def _at(value: object) -> str:
    """When it was handed in, in UTC to the second: 2026-12-01T23:10:00Z (a JS toISOString() is accepted)."""
    found = AT.fullmatch(value) if isinstance(value, str) else None
    if found:
        try:
            datetime(*(int(part) for part in found.groups()[:6]))
        except ValueError:
            found = None
    if not found:
        raise ContentError("at", f"expected a UTC time such as 2026-12-01T23:10:00Z, got {_shown(value)}")
    return value[:19] + "Z"


def _handed_in_widgets(raw: object) -> list[dict[str, object]]:
    """Every usable item's kept answers; items of other kinds, stale or empty ones are left out."""
    if isinstance(raw, (str, bytes)) or not isinstance(raw, list):
        raise ContentError("items", f"expected a list of exercises, got {fields.describe(raw)}")
    widgets: list[dict[str, object]] = []
    seen: set[str] = set()
    for item in raw:
        if len(widgets) == MAX_WIDGETS:
            break
        if not isinstance(item, Mapping):
            continue
        kind, widget_id, content_hash, record = (item.get(key) for key in ("kind", "id", "hash", "record"))
        if kind not in HANDED_IN or not _is_id(widget_id) or widget_id in seen:
            continue
        if not isinstance(content_hash, str) or not HASH.fullmatch(content_hash) or not isinstance(record, Mapping):
            continue
        # Answers saved for another version of the exercise would be graded against the wrong content.
        if isinstance(record.get("contentHash"), str) and record["contentHash"] != content_hash:
            continue
        stored = _stored_fields(kind, record)
        kept = {name: _entries(stored[name], name, value, False) for name, value in PAYLOAD_FIELDS[kind].items()}
        if any(kept.values()):
            seen.add(widget_id)
            widgets.append({"kind": kind, "id": widget_id, "hash": content_hash, **kept})
    return widgets


def compact_json(payload: Mapping[str, object]) -> bytes:
    """The payload's bytes as the code carries them and its checksum covers."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def make_code(data: bytes) -> str:
    """CR1.<crc32, 8 hex>.<base64url without padding of zlib level 9>."""
    packed = base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii").rstrip("=")
    return f"{CODE_PREFIX}{FORMAT}.{zlib.crc32(data):08x}.{packed}"


def hand_in(learner: object, name: object, at: object, items: object) -> dict[str, object]:
    """One learner's results as a code, a readable JSON file, the code's size and how many exercises it holds."""
    payload = {
        "format": FORMAT,
        "learner": _learner(learner),
        "name": _name(name),
        "at": _at(at),
        "widgets": _handed_in_widgets(items),
    }
    if not payload["widgets"]:
        raise ContentError("items", "there is nothing to hand in yet: answer at least one exercise first")
    data = compact_json(payload)
    code = make_code(data)
    if len(data) > MAX_PAYLOAD_BYTES or len(code) > MAX_CODE_CHARS:
        raise ContentError(
            "items",
            f"too much to hand in at once ({len(data) // 1000} KB); hand in each exercise on its own instead",
        )
    return {
        "code": code,
        "json": json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
        "bytes": len(code),
        "widgets": len(payload["widgets"]),
    }


def hand_in_request(request: Mapping[str, object]) -> dict[str, object]:
    """The bridge's results/hand-in action."""
    return hand_in(request.get("learner"), request.get("name"), request.get("at"), request.get("items"))


# --- reading hand-ins ----------------------------------------------------------------------------


class Refused(ValueError):
    """An item the room cannot read, with the sentence that says why."""


NOT_A_FILE = "Not a results file: a results file is the .json file that \u201cHand in my results\u201d saves."
NO_CODE = (
    "No results code in it: a code starts with \u201cCR1.\u201d, and a results file is the .json file that "
    "\u201cHand in my results\u201d saves."
)


def _damaged(why: str) -> Refused:
    """The one message every kind of damage to a code gets, with what was found."""
    return Refused(f"This code is damaged or mistyped ({why}); copy it again in full.")


def _version(found: int) -> Refused:
    """A hand-in of another format version."""
    age = "a newer" if found > FORMAT else "an older"
    return Refused(f"Made by {age} version of the course: format {found}; this page reads format {FORMAT}.")


def depth(text: str) -> int:
    """How deeply JSON text nests arrays and objects, counting brackets outside strings (no parsing)."""
    # Escapes pair up from the left as the parser reads them, so once \\ and \" are gone every quote
    # opens or closes a string. Where invalid JSON makes this differ, the parser stops there anyway.
    unescaped = text.replace("\\\\", "").replace('\\"', "")
    brackets = NOT_BRACKET.sub("", "".join(unescaped.split('"')[::2]))
    return max(itertools.accumulate(map(STEP.__getitem__, brackets)), default=0)


def _refuse_constant(name: str) -> object:
    """NaN and Infinity are not JSON: refuse them as Python's json would otherwise accept them."""
    raise ValueError(name)


def _parse_json(text: str) -> object:
    """JSON text as data, its nesting checked before the parser sees it."""
    nested = depth(text)
    if nested > MAX_DEPTH:
        raise Refused(f"Nested too deeply: a results file has at most {MAX_DEPTH} levels, and this one has {nested:,}.")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise Refused(
            f"Not a results file: it is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except ValueError:  # a number too long to convert, NaN or Infinity
        raise Refused("Not a results file: it holds a value that JSON does not allow.") from None


def _inflate(packed: bytes) -> bytes:
    """Unpack a code's zlib data, never to more than MAX_PAYLOAD_BYTES (a zip bomb stops there)."""
    unpacker = zlib.decompressobj()
    try:
        data = unpacker.decompress(packed, MAX_PAYLOAD_BYTES + 1)
    except zlib.error:
        raise _damaged("it does not unpack") from None
    if len(data) > MAX_PAYLOAD_BYTES:
        raise Refused(
            f"Too large: a hand-in holds at most {MAX_PAYLOAD_BYTES // 1000} KB once unpacked, "
            "and this code holds more."
        )
    if not unpacker.eof or unpacker.unused_data:
        raise _damaged("it is cut short" if not unpacker.eof else "it has extra characters at the end")
    return data


def decode_code(code: str) -> object:
    """A code's payload as data, or Refused saying what is wrong with it."""
    if len(code) > MAX_CODE_CHARS:
        raise Refused(
            f"Too long for a results code: a code has at most {MAX_CODE_CHARS:,} characters, "
            f"and this one has {len(code):,}."
        )
    parts = code.split(".")
    version = VERSION.fullmatch(parts[0])
    if not version or len(parts) != 3:
        raise Refused(
            "Not a results code: a code looks like \u201cCR1.\u201d, 8 letters and digits, a dot, then the rest."
        )
    if int(version[1]) != FORMAT:
        raise _version(int(version[1]))
    checksum, packed = parts[1], parts[2]
    if not CHECKSUM.fullmatch(checksum):
        raise _damaged("its checksum is not 8 letters and digits")
    if not BASE64URL.fullmatch(packed):
        raise _damaged("it holds characters a code never has")
    if len(packed) % 4 == 1:
        raise _damaged("it is cut short")
    raw = base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4))
    # Strict: only the one spelling this data has (stray bits at the end mean a changed character).
    if base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=") != packed:
        raise _damaged("its end is cut short or changed")
    data = _inflate(raw)
    if f"{zlib.crc32(data):08x}" != checksum:
        raise _damaged("its checksum does not match")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _damaged("it does not unpack to text") from None
    return _parse_json(text)


def decode_file(text: str) -> object:
    """A results file's data, its size checked first, or Refused saying what is wrong with it."""
    size = len(text) if len(text) > MAX_FILE_BYTES else len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise Refused(
            f"Too large for a results file: a file has at most {MAX_FILE_BYTES // 1000} KB, "
            f"and this one has {-(-size // 1000):,} KB."
        )
    return _parse_json(text)


def read_payload(data: object) -> dict[str, object]:
    """A decoded hand-in, checked to hold exactly what hand_in makes; Refused (version) or ContentError (shape)."""
    if not isinstance(data, Mapping) or "format" not in data:
        raise Refused(NOT_A_FILE)
    found = data["format"]
    if isinstance(found, int) and not isinstance(found, bool) and found != FORMAT:
        raise _version(found)
    root = fields.mapping(data, "")
    fields.check_keys(root, "", ("format", "learner", "name", "at", "widgets"))
    if root["format"] != FORMAT:
        raise ContentError("format", f"expected {FORMAT}, got {_shown(root['format'])}")
    learner = _learner(root["learner"])
    if not isinstance(root["name"], str) or _name(root["name"]) != root["name"]:
        raise ContentError("name", f"expected a name of at most {MAX_NAME_CHARS} characters on one line")
    if not isinstance(root["at"], str) or _at(root["at"]) != root["at"]:
        raise ContentError("at", f"expected a UTC time such as 2026-12-01T23:10:00Z, got {_shown(root['at'])}")
    raw_widgets = fields.items(root, "widgets", "")
    if len(raw_widgets) > MAX_WIDGETS:
        raise ContentError("widgets", f"lists {len(raw_widgets):,} exercises; a hand-in has at most {MAX_WIDGETS}")
    widgets = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_widgets):
        path = fields.join("widgets", index)
        widget = fields.mapping(raw, path)
        kind = widget.get("kind")
        if kind not in HANDED_IN:
            raise ContentError(fields.join(path, "kind"), f"{_shown(kind)} is not a kind of exercise a hand-in holds")
        fields.check_keys(widget, path, ("kind", "id", "hash", *PAYLOAD_FIELDS[kind]))
        if not _is_id(widget["id"]) or widget["id"] in seen:
            raise ContentError(fields.join(path, "id"), f"{_shown(widget['id'])} is not an id, or is used twice")
        seen.add(widget["id"])
        if not isinstance(widget["hash"], str) or not HASH.fullmatch(widget["hash"]):
            raise ContentError(fields.join(path, "hash"), f"{_shown(widget['hash'])} is not a content hash")
        kept = {
            name: _entries(widget[name], fields.join(path, name), value, True)
            for name, value in PAYLOAD_FIELDS[kind].items()
        }
        if not any(kept.values()):
            raise ContentError(path, "holds no answers")
        widgets.append({"kind": kind, "id": widget["id"], "hash": widget["hash"], **kept})
    return {"format": FORMAT, "learner": learner, "name": root["name"], "at": root["at"], "widgets": widgets}


@dataclass(frozen=True)
class Entry:
    """One exercise of this build as the catalog lists it."""

    kind: str
    hash: str
    title: str
    content: object = None
    # The title of the page it is on: exercises' own titles repeat ("Check your understanding").
    page: str = ""


def read_catalog(raw: object, with_content: bool = False) -> dict[str, Entry]:
    """The catalog the page sends: exercise id -> kind, content hash, title (and content)."""
    catalog = fields.mapping(raw, "catalog")
    entries = {}
    for widget_id, value in catalog.items():
        path = fields.join("catalog", widget_id)
        entry = fields.mapping(value, path)
        kind = fields.text(entry, "kind", path)
        title = entry.get("title")
        page = entry.get("page")
        if with_content and kind in HANDED_IN and "content" not in entry:
            raise ContentError(fields.join(path, "content"), "is required")
        entries[widget_id] = Entry(
            kind=kind,
            hash=fields.text(entry, "hash", path),
            title=title.strip() if isinstance(title, str) and title.strip() else widget_id,
            content=entry.get("content"),
            page=page.strip() if isinstance(page, str) else "",
        )
    return entries


def check_widgets(payload: Mapping[str, object], catalog: Mapping[str, Entry]) -> tuple[list[dict], list[tuple]]:
    """The widgets this build knows as they were, and (id, why) for the others: unknown, changed or kind."""
    kept, left_out = [], []
    for widget in payload["widgets"]:
        entry = catalog.get(widget["id"])
        if entry is None:
            left_out.append((widget["id"], "unknown", widget["kind"]))
        elif entry.kind != widget["kind"]:
            left_out.append((widget["id"], "kind", widget["kind"], entry.kind))
        elif entry.hash != widget["hash"]:
            left_out.append((widget["id"], "changed", widget["kind"]))
        else:
            kept.append(widget)
    return kept, left_out


def accept(data: object, catalog: Mapping[str, Entry]) -> tuple[dict[str, object], list[tuple]]:
    """A decoded hand-in with only the exercises this build knows as they were, and what was left out; or Refused."""
    try:
        payload = read_payload(data)
    except ContentError as error:
        text = str(error)
        raise Refused(f"Not a results file: {text}{'' if text.endswith(('.', '?')) else '.'}") from None
    kept, left_out = check_widgets(payload, catalog)
    if not kept:
        raise _other_build(left_out)
    return {**payload, "widgets": kept}, left_out


def _left_out_note(problem: tuple) -> str:
    """Why one exercise of a hand-in was left out, in a sentence."""
    widget_id, why = problem[0], problem[1]
    if why == "unknown":
        return f"Left out {widget_id}: this course has no exercise with that id."
    if why == "kind":
        return f"Left out {widget_id}: here it is a {_kind_name(problem[3])}, not a {_kind_name(problem[2])}."
    return f"Left out {widget_id}: the exercise has changed since this was handed in, so its answers may not fit."


def _kind_name(kind: str) -> str:
    """A kind as trainers call it."""
    return KIND_NAMES.get(kind, _shown(kind))


def _other_build(left_out: list[tuple]) -> Refused:
    """Every exercise of a hand-in was left out: it was made with another build, naming what differs."""
    short = {"unknown": "is unknown", "changed": "has changed", "kind": "is another kind of exercise"}
    named = [f"{problem[0]} {short[problem[1]]}" for problem in left_out[:MAX_NAMED]]
    if len(left_out) > MAX_NAMED:
        named.append(f"and {len(left_out) - MAX_NAMED} more")
    return Refused(f"Made with another version of the course: {', '.join(named)}.")


def _source(raw: object, index: int) -> str:
    """An item's name for messages, on one line and short."""
    if not isinstance(raw, str) or not raw.strip():
        return f"item {index + 1}"
    text = " ".join(CONTROL.sub(" ", raw).split())
    return text if len(text) <= MAX_SOURCE_CHARS else text[:MAX_SOURCE_CHARS] + "\u2026"


def _pieces(source: str, text: str) -> Iterator[tuple[str, str, str]]:
    """(source, "file" or "code", text) for each hand-in in one item: a JSON file, or the codes in pasted text."""
    if text.lstrip()[:1] in ("{", "["):
        yield source, "file", text
        return
    codes = []
    for word in WORD.finditer(text):
        token = word.group()
        code = token.split("#", 1)[1] if "#" in token else token
        if len(code) > MAX_CODE_CHARS or CODE_LIKE.match(code):
            codes.append(code)
    if not codes:
        yield source, "none", text
    for number, code in enumerate(codes, 1):
        yield (source if len(codes) == 1 else f"code {number} of {source}"), "code", code


def _read_one(form: str, text: str) -> object:
    """Decode one hand-in's data from a file or a code."""
    if form == "file":
        return decode_file(text)
    if form == "code":
        return decode_code(text)
    if not text.strip():
        raise Refused("Nothing to read: it is empty.")
    raise Refused(NO_CODE)


def read(raw_items: object, raw_catalog: object) -> dict[str, object]:
    """Read files and pasted codes: the hand-ins this build can sum up, an error per bad item, notes."""
    catalog = read_catalog(raw_catalog)
    if isinstance(raw_items, (str, bytes)) or not isinstance(raw_items, list):
        raise ContentError("items", f"expected a list of files and pasted texts, got {fields.describe(raw_items)}")
    handins: list[dict] = []
    errors: list[dict] = []
    notes: list[dict] = []
    count = 0
    first_not_read = ""
    for index, raw in enumerate(raw_items):
        path = fields.join("items", index)
        item = fields.mapping(raw, path)
        if not isinstance(item.get("text"), str):
            raise ContentError(fields.join(path, "text"), f"expected text, got {fields.describe(item.get('text'))}")
        for source, form, text in _pieces(_source(item.get("source"), index), item["text"]):
            count += 1
            if count > MAX_HANDINS:
                first_not_read = first_not_read or source
                continue
            try:
                handin, left_out = accept(_read_one(form, text), catalog)
            except Refused as refused:
                errors.append({"source": source, "message": str(refused)})
                continue
            handins.append(handin)
            notes += [{"source": source, "message": _left_out_note(problem)} for problem in left_out]
    if count > MAX_HANDINS:
        errors.append(
            {
                "source": f"{first_not_read} onwards",
                "message": f"Only {MAX_HANDINS} hand-ins are read in one go; {count - MAX_HANDINS:,} more were not "
                "read. Add them in another go.",
            }
        )
    return {"handins": handins, "errors": errors, "notes": notes}


def read_request(request: Mapping[str, object]) -> dict[str, object]:
    """The bridge's room/read action."""
    return read(request.get("items"), request.get("catalog"))


# --- the room's summary --------------------------------------------------------------------------


def share(part: int, whole: int) -> float | None:
    """part/whole as a fraction with two decimals, rounded half up; None when there is nothing to share."""
    return percent(part, whole) / 100 if whole else None


def who(payload: Mapping[str, object]) -> str:
    """A learner as the trainer sees them: the display name, or a short anonymous tag."""
    return str(payload["name"]) or f"anonymous learner {str(payload['learner'])[:4]}"


def latest_by_learner(handins: list[dict], titles: Mapping[str, str]) -> tuple[list[dict], list[dict]]:
    """Per learner, each exercise's latest answers (latest `at`; a tie: the later in the list), and who repeated one.

    A learner may hand in one exercise after another (the check of Module 1, later the stage map):
    each counts. Only an exercise handed in again with other answers replaces the earlier answers.
    """
    by_learner: dict[str, dict[str, list[tuple[str, int, dict]]]] = {}
    newest: dict[str, tuple[str, int, dict]] = {}
    for index, payload in enumerate(handins):
        learner = payload["learner"]
        if learner not in newest or (payload["at"], index) >= newest[learner][:2]:
            newest[learner] = (payload["at"], index, payload)
        for widget in payload["widgets"]:
            by_learner.setdefault(learner, {}).setdefault(widget["id"], []).append((payload["at"], index, widget))
    latest, duplicates = [], []
    for learner, exercises in by_learner.items():
        _, _, payload = newest[learner]
        widgets, repeated = [], {}
        for widget_id, versions in exercises.items():
            widgets.append(max(versions, key=lambda version: version[:2])[2])
            # The same answers handed in again (one code pasted twice) are not a second hand-in.
            distinct = len({json.dumps(version[2], sort_keys=True) for version in versions})
            if distinct > 1:
                repeated[widget_id] = distinct
        latest.append({**payload, "widgets": widgets})
        if repeated:
            duplicates.append(_repeated(who(payload), repeated, titles))
    return latest, duplicates


def _exercise_name(entry: Entry) -> str:
    """An exercise as a sentence names it: its title in quotes, and the page it is on."""
    return f"\u201c{entry.title}\u201d" + (f" ({entry.page})" if entry.page else "")


def _repeated(name: str, repeated: Mapping[str, int], titles: Mapping[str, str]) -> dict[str, object]:
    """The room's note on a learner who handed in exercises again with other answers."""
    named = [titles.get(widget_id, widget_id) for widget_id in repeated]
    count = max(repeated.values())
    if len(repeated) == 1:
        times = "twice" if count == 2 else f"{count} times"
        message = f"{name} handed in {named[0]} {times}; the latest counts."
    else:
        message = f"{name} handed in {', '.join(named[:-1])} and {named[-1]} more than once; the latest of each counts."
    return {"who": name, "count": count, "message": message[:1].upper() + message[1:]}


def _quiz_summary(quiz: object, graded: list[dict]) -> list[dict]:
    """Per question: how many answered and got it right, each option's count, the most chosen wrong option."""
    questions = []
    for index, question in enumerate(quiz.questions):
        results = [result["questions"][index] for result in graded if result["questions"][index]["answered"]]
        correct = sum(1 for result in results if result["correct"])
        chosen = Counter(option for result in results for option in result["selected"])
        wrong = [option for option in chosen if not question.options[option].correct]
        top = min(wrong, key=lambda option: (-chosen[option], option)) if wrong else None
        questions.append(
            {
                "id": question.id,
                "prompt": plain(question.prompt),
                "answered": len(results),
                "correct": correct,
                "share": share(correct, len(results)),
                "wrong": None
                if top is None
                else {
                    "option": top,
                    "text": plain(question.options[top].text),
                    "feedback": plain(question.options[top].feedback),
                    "count": chosen[top],
                },
                "options": [
                    {"option": i, "text": plain(option.text), "correct": option.correct, "count": chosen[i]}
                    for i, option in enumerate(question.options)
                ],
            }
        )
    return questions


def _mixed_up_message(belongs: str, placed: str, count: int) -> str:
    """A pair of stages the room mixed up, in a sentence."""
    times = "once" if count == 1 else f"{count} times"
    return f"Cards that show {BY_ID[belongs].name} were placed on {BY_ID[placed].name} ({times})."


def _stage_map_summary(stage_map: object, graded: list[dict]) -> dict[str, object]:
    """The room's confusion matrix (row: the card's stage, column: where it was placed) and its top mix-ups."""
    order = {stage_id: i for i, stage_id in enumerate(STAGE_IDS)}
    matrix = [[0] * len(STAGES) for _ in STAGES]
    mixed: Counter[tuple[str, str]] = Counter()
    replies: Counter[str] = Counter()
    for result in graded:
        for card, placed in zip(stage_map.cards, result["cards"], strict=True):
            if placed["placed"] is not None:
                matrix[order[card.stage]][order[placed["placed"]]] += 1
            # As grade_stage_map counts a confusion: a defensible reading is not one.
            if placed["verdict"] in ("adjacent", "wrong"):
                mixed[card.stage, placed["placed"]] += 1
        for key in ("answered", "facilitative", "other_stage", "push"):
            replies[key] += result["replies"][key]
    ranked = sorted(mixed.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]]))
    return {
        "stages": [{"id": stage.id, "name": stage.name} for stage in STAGES],
        "matrix": matrix,
        "placed": sum(map(sum, matrix)),
        "mixed_up": [
            {
                "stage": belongs,
                "placed_as": placed,
                "count": count,
                "message": _mixed_up_message(belongs, placed, count),
            }
            for (belongs, placed), count in ranked[:MOST_CONFUSED]
        ],
        "replies": {key: replies[key] for key in ("answered", "facilitative", "other_stage", "push")},
    }


def _distribution(key: str, name: str, bands: tuple, profiles: list[dict], pick: Callable) -> dict[str, object]:
    """Learners per band of one score, their scores and their mean (one decimal, half up)."""
    scored = [pick(result) for result in profiles]
    scored = [entry for entry in scored if entry["score"] is not None]
    scores = sorted(entry["score"] for entry in scored)
    counts = Counter(entry["band"] for entry in scored)
    return {
        "id": key,
        "name": name,
        "learners": len(scores),
        "bands": [
            {"label": band.label, "range": [band.low, band.high], "count": counts.get(i, 0)}
            for i, band in enumerate(bands)
        ],
        "mean": half_up(Fraction(sum(scores), len(scores)) * 10) / 10 if scores else None,
        "scores": scores,
    }


def _self_assessment_summary(assessment: object, profiles: list[dict]) -> dict[str, object]:
    """Per dimension and overall: how the room spreads over the content's bands."""
    return {
        "dimensions": [
            _distribution(
                dimension.id,
                dimension.name,
                dimension.bands,
                profiles,
                lambda result, i=i: result["dimensions"][i],
            )
            for i, dimension in enumerate(assessment.dimensions)
        ],
        "overall": _distribution("overall", "Overall", assessment.overall, profiles, lambda result: result["overall"]),
    }


def _criteria(readings: list[dict]) -> list[dict]:
    """For each criterion the coach applied: how many coached questions it read as good."""
    asked: Counter[str] = Counter()
    met: Counter[str] = Counter()
    for reading in readings:
        for criterion in reading["criteria"]:
            asked[criterion["id"]] += 1
            met[criterion["id"]] += criterion["verdict"] == GOOD
    return [
        {"id": c.id, "name": c.name, "met": met[c.id], "asked": asked[c.id], "share": share(met[c.id], asked[c.id])}
        for c in CRITERIA
        if asked[c.id]
    ]


def _coach_summary(coach: object, questions: list[dict]) -> dict[str, object]:
    """Per criterion, how many handed-in questions the coach reads as good; overall and per situation."""
    readings: dict[str, list[dict]] = {situation.id: [] for situation in coach.situations}
    # The same question handed in twice (a model answer passed round) is read once.
    read_before: dict[tuple[str, tuple[str, ...]], dict] = {}
    for handed in questions:
        for situation in coach.situations:
            if situation.id in handed:
                key = (handed[situation.id], situation.cues)
                if key not in read_before:
                    read_before[key] = read_question(*key)
                readings[situation.id].append(read_before[key])
    every = [reading for found in readings.values() for reading in found]
    coached = [reading for reading in every if reading["state"] == COACHED]
    return {
        "questions": len(every),
        "not_coached": len(every) - len(coached),
        "criteria": _criteria(coached),
        "situations": [
            {
                "id": situation_id,
                "questions": len(found),
                "criteria": _criteria([reading for reading in found if reading["state"] == COACHED]),
            }
            for situation_id, found in readings.items()
        ],
    }


PARSERS = {
    "quiz": parse_quiz,
    "stage-map": parse_stage_map,
    "self-assessment": parse_self_assessment,
    "question-coach": parse_question_coach,
}


def _parse_content(widget_id: str, entry: Entry) -> object:
    """A catalog entry's content, validated by its kind's own parser; errors name the entry."""
    try:
        return PARSERS[entry.kind](entry.content)
    except ContentError as error:
        where = f"catalog.{widget_id}.content" + (f".{error.path}" if error.path else "")
        raise ContentError(where, error.message) from None


def _grade(kind: str, content: object, widget: Mapping[str, object]) -> object:
    """One learner's exercise, graded by its kind's own function (ContentError if it does not fit the content)."""
    if kind == "quiz":
        return grade_quiz(content, widget["answers"])
    if kind == "stage-map":
        return grade_stage_map(content, widget["placements"], widget["replies"])
    if kind == "self-assessment":
        return profile(content, widget["answers"])
    for situation_id in widget["questions"]:
        content.situation(situation_id)
    return widget["questions"]


CSV_HEADER = ("widget", "kind", "item", "text", "measure", "count", "out_of", "share", "mean")


def _csv_rows(kind: str, widget_id: str, summary: Mapping[str, object]) -> Iterator[tuple]:
    """One widget's rows of the room's table: (widget, kind, item, text, measure, count, out_of, share, mean)."""

    def row(item: str, text: str, measure: str, count: int | None, out_of: int, mean: float | None = None) -> tuple:
        fraction = share(count, out_of) if count is not None else None
        return (widget_id, kind, item, text, measure, count, out_of, fraction, mean)

    if kind == "quiz":
        for question in summary["questions"]:
            answered = question["answered"]
            yield row(question["id"], question["prompt"], "answered correctly", question["correct"], answered)
            for option in question["options"]:
                label = f"chose option {option['option'] + 1}" + (" (correct)" if option["correct"] else "")
                yield row(question["id"], option["text"], label, option["count"], answered)
    elif kind == "stage-map":
        for counts, stage in zip(summary["matrix"], STAGES, strict=True):
            for count, placed in zip(counts, STAGES, strict=True):
                if count:
                    label = f"placed on {placed.name}" + (" (its stage)" if placed is stage else "")
                    yield row(stage.id, f"cards that show {stage.name}", label, count, sum(counts))
    elif kind == "self-assessment":
        for dimension in [*summary["dimensions"], summary["overall"]]:
            key, name, scored = dimension["id"], dimension["name"], dimension["learners"]
            yield row(key, name, "mean score (0 push, 100 facilitate)", None, scored, dimension["mean"])
            for band in dimension["bands"]:
                low, high = band["range"]
                yield row(key, name, f"band {band['label']} ({low}-{high})", band["count"], scored)
    else:
        for situation in summary["situations"]:
            for criterion in situation["criteria"]:
                yield row(situation["id"], criterion["name"], "reads as good", criterion["met"], criterion["asked"])


def room_csv(rows: list[tuple]) -> str:
    """The room as one table a spreadsheet opens: a header, then one row per measure, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


SECTIONS = {
    "quiz": "quizzes",
    "stage-map": "stage_maps",
    "self-assessment": "self_assessments",
    "question-coach": "coaches",
}


def summary(raw_handins: object, raw_catalog: object) -> dict[str, object]:
    """Sum up the room: one hand-in per learner, graded with the catalog's content by each kind's own functions."""
    catalog = read_catalog(raw_catalog, with_content=True)
    if isinstance(raw_handins, (str, bytes)) or not isinstance(raw_handins, list):
        raise ContentError("handins", f"expected a list of hand-ins, got {fields.describe(raw_handins)}")
    notes: list[dict] = []
    valid = []
    for index, raw in enumerate(raw_handins):
        source = f"hand-in {index + 1}"
        try:
            handin, left_out = accept(raw, catalog)
        except Refused as refused:
            notes.append({"source": source, "message": str(refused)})
            continue
        notes += [{"source": source, "message": _left_out_note(problem)} for problem in left_out]
        valid.append(handin)
    names = {widget_id: _exercise_name(entry) for widget_id, entry in catalog.items()}
    latest, duplicates = latest_by_learner(valid, names)
    contents: dict[str, object] = {}
    graded: dict[str, list] = {}
    for payload in latest:
        for widget in payload["widgets"]:
            entry = catalog[widget["id"]]
            if widget["id"] not in contents:
                contents[widget["id"]] = _parse_content(widget["id"], entry)
            try:
                result = _grade(entry.kind, contents[widget["id"]], widget)
            except ContentError as error:
                message = (
                    f"Left out {widget['id']} of {who(payload)}'s hand-in: it does not fit the exercise ({error})."
                )
                notes.append({"source": who(payload), "message": message})
                continue
            graded.setdefault(widget["id"], []).append(result)
    response: dict[str, object] = {
        "learners": len(latest),
        "handins": len(valid),
        "duplicates": duplicates,
        **{section: [] for section in SECTIONS.values()},
    }
    rows: list[tuple] = []
    for widget_id, entry in catalog.items():
        if widget_id not in graded:
            continue
        content, results = contents[widget_id], graded[widget_id]
        if entry.kind == "quiz":
            details: dict[str, object] = {"questions": _quiz_summary(content, results)}
        elif entry.kind == "stage-map":
            details = _stage_map_summary(content, results)
        elif entry.kind == "self-assessment":
            details = _self_assessment_summary(content, results)
        else:
            details = _coach_summary(content, results)
        response[SECTIONS[entry.kind]].append(
            {"id": widget_id, "title": entry.title, "learners": len(results), **details}
        )
        rows += _csv_rows(entry.kind, widget_id, details)
    response["csv"] = room_csv(rows)
    response["notes"] = notes
    return response


def summary_request(request: Mapping[str, object]) -> dict[str, object]:
    """The bridge's room/summary action."""
    return summary(request.get("handins"), request.get("catalog"))
