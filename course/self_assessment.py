"""The self-assessment: statements rated on a scale, a push-facilitate profile per dimension, and change."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from course import fields
from course.errors import ContentError
from course.rounding import half_up

ASSESSMENT_KEYS = (("id", "scale", "dimensions", "overall", "items"), ("title", "debrief"))
SCALE_KEYS = (("labels",), ())
DIMENSION_KEYS = (("id", "name", "bands"), ("description",))
BAND_KEYS = (("range", "label", "text"), ("revisit",))
OVERALL_BAND_KEYS = (("range", "label", "text"), ())
ITEM_KEYS = (("id", "statement", "dimension", "direction"), ())
DIRECTIONS = ("push", "facilitate")
MIN_ITEMS_PER_DIMENSION = 2
LOWEST, HIGHEST = 0, 100


@dataclass(frozen=True)
class Band:
    """A score range (inclusive) with what it may mean and where to read next."""

    low: int
    high: int
    label: str
    text: str
    revisit: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dimension:
    """One side of selling practice, with bands that interpret its score."""

    id: str
    name: str
    bands: tuple[Band, ...]
    description: str = ""


@dataclass(frozen=True)
class Item:
    """A first-person statement; push statements are reverse-scored."""

    id: str
    statement: str
    dimension: str
    direction: str


@dataclass(frozen=True)
class SelfAssessment:
    """A self-assessment: scale labels, dimensions, overall bands and items."""

    id: str
    labels: tuple[str, ...]
    dimensions: tuple[Dimension, ...]
    overall: tuple[Band, ...]
    items: tuple[Item, ...]
    title: str = "How do you sell today?"
    # For trainers only: how to talk about the profiles in a group (the facilitator guide).
    debrief: tuple[str, ...] = ()

    def to_data(self) -> dict[str, object]:
        """The validated content as plain data that parse_self_assessment accepts again."""
        return {
            "id": self.id,
            "title": self.title,
            "scale": {"labels": list(self.labels)},
            "dimensions": [
                {
                    "id": d.id,
                    "name": d.name,
                    **({"description": d.description} if d.description else {}),
                    "bands": [_band_data(b) for b in d.bands],
                }
                for d in self.dimensions
            ],
            "overall": [_band_data(b) for b in self.overall],
            "items": [
                {"id": i.id, "statement": i.statement, "dimension": i.dimension, "direction": i.direction}
                for i in self.items
            ],
            **({"debrief": list(self.debrief)} if self.debrief else {}),
        }


def _band_data(band: Band) -> dict[str, object]:
    """A band as plain data."""
    data: dict[str, object] = {"range": [band.low, band.high], "label": band.label, "text": band.text}
    if band.revisit:
        data["revisit"] = list(band.revisit)
    return data


def parse_self_assessment(data: object) -> SelfAssessment:
    """Validate raw self-assessment content and build it, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *ASSESSMENT_KEYS)
    assessment_id = fields.identifier(root, "id", "")
    scale = fields.mapping(root["scale"], "scale")
    fields.check_keys(scale, "scale", *SCALE_KEYS)
    labels = tuple(
        _label(value, fields.join("scale.labels", i))
        for i, value in enumerate(fields.items(scale, "labels", "scale", 2))
    )
    seen: dict[str, str] = {}
    dimensions = tuple(
        _parse_dimension(raw, fields.join("dimensions", i), seen)
        for i, raw in enumerate(fields.items(root, "dimensions", ""))
    )
    overall = _parse_bands(fields.items(root, "overall", ""), "overall", OVERALL_BAND_KEYS)
    known = [d.id for d in dimensions]
    seen_items: dict[str, str] = {}
    items = tuple(
        _parse_item(raw, fields.join("items", i), known, seen_items)
        for i, raw in enumerate(fields.items(root, "items", ""))
    )
    for index, dimension in enumerate(dimensions):
        count = sum(1 for item in items if item.dimension == dimension.id)
        if count < MIN_ITEMS_PER_DIMENSION:
            raise ContentError(
                fields.join(fields.join("dimensions", index), "id"),
                f'dimension "{dimension.id}" has {count} item{"" if count == 1 else "s"}; '
                f"a dimension needs at least {MIN_ITEMS_PER_DIMENSION}",
            )
    return SelfAssessment(
        id=assessment_id,
        labels=labels,
        dimensions=dimensions,
        overall=overall,
        items=items,
        title=fields.text(root, "title", "", default=SelfAssessment.title),
        debrief=fields.optional_texts(root, "debrief", ""),
    )


def _label(value: object, path: str) -> str:
    """A scale label: non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ContentError(path, f"expected a label, got {fields.describe(value)}")
    return value.strip()


def _parse_dimension(raw: object, path: str, seen: dict[str, str]) -> Dimension:
    """Validate one dimension and its bands."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *DIMENSION_KEYS)
    dimension_id = fields.identifier(data, "id", path)
    fields.unique_id(seen, dimension_id, fields.join(path, "id"), "dimension")
    return Dimension(
        id=dimension_id,
        name=fields.text(data, "name", path),
        bands=_parse_bands(fields.items(data, "bands", path), fields.join(path, "bands"), BAND_KEYS),
        description=fields.text(data, "description", path, default="") if data.get("description") is not None else "",
    )


def _parse_bands(raw: object, path: str, keys: tuple) -> tuple[Band, ...]:
    """Validate bands that cover 0-100 exactly once, in order."""
    bands = []
    for index, item in enumerate(raw):
        band_path = fields.join(path, index)
        data = fields.mapping(item, band_path)
        fields.check_keys(data, band_path, *keys)
        low, high = _range(data["range"], fields.join(band_path, "range"))
        revisit: tuple[str, ...] = ()
        if "revisit" in data:
            revisit = tuple(
                _label(value, fields.join(fields.join(band_path, "revisit"), i))
                for i, value in enumerate(fields.items(data, "revisit", band_path))
            )
        bands.append(
            Band(low, high, fields.text(data, "label", band_path), fields.text(data, "text", band_path), revisit)
        )
    for index, band in enumerate(bands):
        here = fields.join(fields.join(path, index), "range")
        if index == 0 and band.low != LOWEST:
            raise ContentError(here, f"the first band must start at {LOWEST}, not {band.low}")
        if index > 0:
            previous = bands[index - 1]
            if band.low <= previous.high:
                raise ContentError(here, f"overlaps the band before it ({previous.low}-{previous.high})")
            if band.low > previous.high + 1:
                raise ContentError(
                    here,
                    f"leaves a gap after the band before it: scores {previous.high + 1}-{band.low - 1} have no band",
                )
    if bands[-1].high != HIGHEST:
        raise ContentError(
            fields.join(fields.join(path, len(bands) - 1), "range"),
            f"the last band must end at {HIGHEST}, not {bands[-1].high}",
        )
    return tuple(bands)


def _range(value: object, path: str) -> tuple[int, int]:
    """[low, high]: whole numbers from 0 to 100, low <= high."""
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    ):
        raise ContentError(path, f"expected [low, high] with two whole numbers, got {fields.describe(value)}")
    low, high = value
    if not LOWEST <= low <= high <= HIGHEST:
        raise ContentError(path, f"must satisfy {LOWEST} <= low <= high <= {HIGHEST}, got [{low}, {high}]")
    return low, high


def _parse_item(raw: object, path: str, dimensions: list[str], seen: dict[str, str]) -> Item:
    """Validate one statement."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *ITEM_KEYS)
    item_id = fields.identifier(data, "id", path)
    fields.unique_id(seen, item_id, fields.join(path, "id"), "item")
    return Item(
        id=item_id,
        statement=fields.text(data, "statement", path),
        dimension=fields.choice(data, "dimension", path, dimensions),
        direction=fields.choice(data, "direction", path, DIRECTIONS),
    )


def _band_index(bands: tuple[Band, ...], score: int) -> int:
    """The band a whole-number score falls in (bands cover 0-100 exactly)."""
    return next(i for i, band in enumerate(bands) if band.low <= score <= band.high)


def read_answers(assessment: SelfAssessment, raw: object) -> dict[str, int]:
    """Validate answers: item id -> position on the scale (0 = first label)."""
    data = fields.mapping(raw, "answers")
    items = {item.id for item in assessment.items}
    answers = {}
    for item_id, value in data.items():
        path = fields.join("answers", item_id)
        if item_id not in items:
            raise ContentError(path, f'no statement "{item_id}" in "{assessment.id}"')
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < len(assessment.labels):
            raise ContentError(path, f"{fields.describe(value)} is not a point on the scale")
        answers[item_id] = value
    return answers


def read_previous(raw: object) -> dict[str, int]:
    """Scores from last time: dimension id (or "overall") -> score; anything else is ignored."""
    if raw is None:
        return {}
    data = fields.mapping(raw, "previous")
    return {key: value for key, value in data.items() if isinstance(value, int) and not isinstance(value, bool)}


def profile(assessment: SelfAssessment, raw_answers: object, raw_previous: object = None) -> dict[str, object]:
    """Per-dimension and overall scores (0 = push on every statement, 100 = facilitate), bands and change."""
    answers = read_answers(assessment, raw_answers)
    previous = read_previous(raw_previous)
    steps = len(assessment.labels) - 1
    points = {
        # Exact fractions, so a mean of 62.5 is 62.5 and rounds up, not a float just below it.
        item.id: Fraction(answers[item.id] if item.direction == "facilitate" else steps - answers[item.id], steps)
        for item in assessment.items
        if item.id in answers
    }
    dimensions = []
    for dimension in assessment.dimensions:
        mine = [item.id for item in assessment.items if item.dimension == dimension.id]
        scored = [points[i] for i in mine if i in points]
        score = half_up(100 * sum(scored) / len(scored)) if scored else None
        dimensions.append(
            _scored(dimension.id, dimension.name, score, dimension.bands, previous, len(scored), len(mine))
        )
    overall_score = half_up(100 * sum(points.values()) / len(points)) if points else None
    overall = _scored(
        "overall", "Overall", overall_score, assessment.overall, previous, len(points), len(assessment.items)
    )
    return {
        "assessment": assessment.id,
        "answered": len(answers),
        "total": len(assessment.items),
        "complete": len(answers) == len(assessment.items),
        "dimensions": dimensions,
        "overall": overall,
        "scores": {entry["id"]: entry["score"] for entry in [*dimensions, overall] if entry["score"] is not None},
        "summary": _summary(dimensions, overall, len(answers), len(assessment.items)),
    }


def _scored(
    key: str, name: str, score: int | None, bands: tuple[Band, ...], previous: dict[str, int], answered: int, total: int
) -> dict[str, object]:
    """One score with its band and its change since last time."""
    band = _band_index(bands, score) if score is not None else None
    return {
        "id": key,
        "name": name,
        "score": score,
        "band": band,
        "label": bands[band].label if band is not None else None,
        "answered": answered,
        "items": total,
        "previous": previous.get(key),
        "delta": score - previous[key] if score is not None and key in previous else None,
    }


def _summary(dimensions: list[dict], overall: dict, answered: int, total: int) -> str:
    """The profile in a few sentences, announced when it is shown."""
    if overall["score"] is None:
        return "Rate at least one statement to see your profile."
    text = (
        f"Your overall position is {overall['score']} out of 100 on the line from pushing (0) "
        f"to facilitating (100): {overall['label']}."
    )
    scored = [d for d in dimensions if d["score"] is not None]
    if len(scored) > 1:
        high = max(scored, key=lambda d: d["score"])
        low = min(scored, key=lambda d: d["score"])
        if high["score"] != low["score"]:
            text += (
                f" You facilitate most in “{high['name']}” ({high['score']})"
                f" and least in “{low['name']}” ({low['score']})."
            )
    changes = [d for d in [*dimensions, overall] if d["delta"] is not None]
    if changes:
        described = "; ".join(
            f"overall {_signed(d['delta'])}" if d["id"] == "overall" else f"“{d['name']}” {_signed(d['delta'])}"
            for d in changes
        )
        text += f" Since last time: {described}."
    if answered < total:
        text += f" {total - answered} of {total} statements are still unrated, so this profile is incomplete."
    return text


def _signed(delta: int) -> str:
    """+5, -3 or no change."""
    return "no change" if delta == 0 else f"{delta:+d}"
