"""The stage-mapping exercise: cards placed on the buyer's route, scored and diagnosed."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from course import fields
from course.errors import ContentError
from course.rounding import percent
from course.stage_model import BY_ID, STAGE_IDS, distance

STAGE_MAP_KEYS = (("id", "cards"), ("title", "confusions"))
CARD_KEYS = (("id", "text", "stage", "explanation", "replies"), ("also",))
REPLY_KEYS = (("text", "facilitative", "feedback"), ("stage",))
CONFUSION_KEYS = (("between", "why", "say"), ())

# Stages overlap, so a defensible or neighbouring stage earns part of the point.
CREDIT = {"right": 1.0, "defensible": 0.75, "adjacent": 0.5, "wrong": 0.0, "unplaced": 0.0}
MOST_CONFUSED = 3


@dataclass(frozen=True)
class Reply:
    """A possible reply to the buyer, with why: the move for this stage, a good move for another, or a push."""

    text: str
    facilitative: bool
    feedback: str
    # For a facilitative reply that belongs to another stage: that stage. None for the others.
    stage: str | None = None

    @property
    def kind(self) -> str:
        """Which reply it is: "fits" (the move for the card's stage), "other-stage" or "push"."""
        if not self.facilitative:
            return "push"
        return "other-stage" if self.stage else "fits"


def reply_lead(reply: Reply) -> str:
    """The verdict shown before a reply's feedback, on the page and after a check."""
    if reply.kind == "fits":
        return "Fits this stage."
    if reply.kind == "push":
        return "Pushes."
    stage = BY_ID[reply.stage]
    return f"Right spirit, wrong stage: this move fits stage {stage.number}, {stage.name}."


@dataclass(frozen=True)
class Card:
    """Something a buyer says or does, the stage it shows, and optionally replies to choose from."""

    id: str
    text: str
    stage: str
    explanation: str
    also: tuple[str, ...] = ()
    replies: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class Confusion:
    """Two stages learners often mix up, why they do, and what a trainer can say in the debrief."""

    between: tuple[str, str]
    why: str
    say: str


@dataclass(frozen=True)
class StageMap:
    """A stage-mapping exercise."""

    id: str
    cards: tuple[Card, ...]
    title: str = "Map what buyers say to where they are"
    # For trainers only: the mix-ups to expect, for the facilitator guide's debrief.
    confusions: tuple[Confusion, ...] = ()

    def to_data(self) -> dict[str, object]:
        """The validated content as plain data that parse_stage_map accepts again."""
        data: dict[str, object] = {
            "id": self.id,
            "title": self.title,
            "cards": [_card_data(card) for card in self.cards],
        }
        if self.confusions:
            data["confusions"] = [{"between": list(c.between), "why": c.why, "say": c.say} for c in self.confusions]
        return data


def _card_data(card: Card) -> dict[str, object]:
    """One card as plain data; optional keys only when they have entries."""
    data: dict[str, object] = {"id": card.id, "text": card.text, "stage": card.stage, "explanation": card.explanation}
    if card.also:
        data["also"] = list(card.also)
    if card.replies:
        data["replies"] = [
            {
                "text": r.text,
                "facilitative": r.facilitative,
                "feedback": r.feedback,
                **({"stage": r.stage} if r.stage else {}),
            }
            for r in card.replies
        ]
    return data


def parse_stage_map(data: object) -> StageMap:
    """Validate raw stage-map content and build the StageMap, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *STAGE_MAP_KEYS)
    map_id = fields.identifier(root, "id", "")
    seen: dict[str, str] = {}
    cards = tuple(
        _parse_card(raw, fields.join("cards", i), seen) for i, raw in enumerate(fields.items(root, "cards", ""))
    )
    confusions: tuple[Confusion, ...] = ()
    if "confusions" in root:
        confusions = tuple(
            _parse_confusion(raw, fields.join("confusions", i))
            for i, raw in enumerate(fields.items(root, "confusions", ""))
        )
    return StageMap(
        id=map_id,
        cards=cards,
        title=fields.text(root, "title", "", default=StageMap.title),
        confusions=confusions,
    )


def _parse_confusion(raw: object, path: str) -> Confusion:
    """Validate one expected mix-up: two different stages, why learners confuse them, what to say."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *CONFUSION_KEYS)
    between_path = fields.join(path, "between")
    between = data["between"]
    if isinstance(between, str) or not isinstance(between, list) or len(between) != 2:
        raise ContentError(between_path, f"expected a list of two stage ids, got {fields.describe(between)}")
    first, second = (_stage_id(value, fields.join(between_path, i)) for i, value in enumerate(between))
    if first == second:
        raise ContentError(between_path, f"names '{first}' twice; a confusion is between two different stages")
    return Confusion(between=(first, second), why=fields.text(data, "why", path), say=fields.text(data, "say", path))


def _stage_id(value: object, path: str) -> str:
    """A known stage id, with the list of stages when it is not."""
    if not isinstance(value, str):
        raise ContentError(path, f"expected a stage id, got {fields.describe(value)}")
    if value not in STAGE_IDS:
        raise ContentError(path, f"unknown stage '{value}'; the stages are: {', '.join(STAGE_IDS)}")
    return value


def _parse_card(raw: object, path: str, seen: dict[str, str]) -> Card:
    """Validate one card."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *CARD_KEYS)
    card_id = fields.identifier(data, "id", path)
    fields.unique_id(seen, card_id, fields.join(path, "id"), "card")
    stage = _stage_id(data["stage"], fields.join(path, "stage"))
    also_path = fields.join(path, "also")
    also_raw = data.get("also", [])
    if isinstance(also_raw, str) or not isinstance(also_raw, list):
        raise ContentError(also_path, f"expected a list of stage ids, got {fields.describe(also_raw)}")
    also = tuple(_stage_id(value, fields.join(also_path, i)) for i, value in enumerate(also_raw))
    if stage in also:
        raise ContentError(also_path, f"lists '{stage}', the card's own stage")
    if len(set(also)) != len(also):
        raise ContentError(also_path, "lists a stage twice")
    replies_path = fields.join(path, "replies")
    replies = tuple(
        _parse_reply(item, fields.join(replies_path, i), stage)
        for i, item in enumerate(fields.items(data, "replies", path, minimum=3))
    )
    kinds = Counter(reply.kind for reply in replies)
    if kinds["fits"] != 1:
        raise ContentError(
            replies_path,
            f"needs exactly one facilitative reply for this card's stage (facilitative: true, no stage), "
            f"found {kinds['fits']}",
        )
    if not kinds["other-stage"]:
        raise ContentError(
            replies_path,
            "needs a facilitative reply that fits another stage (facilitative: true with stage: <id>), "
            "so the exercise tests the stage and not only the tone",
        )
    if not kinds["push"]:
        raise ContentError(replies_path, "needs at least one reply with facilitative: false")
    return Card(
        id=card_id,
        text=fields.text(data, "text", path),
        stage=stage,
        explanation=fields.text(data, "explanation", path),
        also=also,
        replies=replies,
    )


def _parse_reply(raw: object, path: str, card_stage: str) -> Reply:
    """Validate one reply option; `stage` only on a facilitative reply that fits another stage."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *REPLY_KEYS)
    facilitative = fields.boolean(data, "facilitative", path)
    stage = None
    if "stage" in data:
        stage_path = fields.join(path, "stage")
        stage = _stage_id(data["stage"], stage_path)
        if not facilitative:
            raise ContentError(stage_path, "only a facilitative reply names the stage it fits; a push fits none")
        if stage == card_stage:
            raise ContentError(stage_path, "is the card's own stage; leave stage out on the reply that fits this card")
    return Reply(
        text=fields.text(data, "text", path),
        facilitative=facilitative,
        feedback=fields.text(data, "feedback", path),
        stage=stage,
    )


def read_placements(stage_map: StageMap, raw: object) -> dict[str, str]:
    """Validate placements: card id -> stage id."""
    data = fields.mapping(raw, "placements")
    cards = {card.id for card in stage_map.cards}
    placements = {}
    for card_id, stage_id in data.items():
        path = fields.join("placements", card_id)
        if card_id not in cards:
            raise ContentError(path, f'no card "{card_id}" in "{stage_map.id}"')
        placements[card_id] = _stage_id(stage_id, path)
    return placements


def read_replies(stage_map: StageMap, raw: object) -> dict[str, int]:
    """Validate chosen replies: card id -> reply index."""
    data = fields.mapping(raw, "replies")
    cards = {card.id: card for card in stage_map.cards}
    chosen = {}
    for card_id, index in data.items():
        path = fields.join("replies", card_id)
        card = cards.get(card_id)
        if card is None or not card.replies:
            raise ContentError(path, f'no card "{card_id}" with replies in "{stage_map.id}"')
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(card.replies):
            raise ContentError(path, f"{fields.describe(index)} is not a reply of this card")
        chosen[card_id] = index
    return chosen


def plain(text: str) -> str:
    """Inline Markdown as plain words: links keep their text, emphasis marks go."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]", "", text)


def verdict(card: Card, placed: str | None) -> str:
    """right, defensible (listed in `also`), adjacent (next stage on the route), wrong or unplaced."""
    if placed is None:
        return "unplaced"
    if placed == card.stage:
        return "right"
    if placed in card.also:
        return "defensible"
    if distance(placed, card.stage) == 1:
        return "adjacent"
    return "wrong"


def _card_message(card: Card, placed: str | None, outcome: str) -> str:
    """What the learner reads on the card after checking."""
    best = BY_ID[card.stage].name
    if outcome == "unplaced":
        return "Not placed yet."
    chosen = BY_ID[placed].name if placed else ""
    return {
        "right": f"Right: this is {best}.",
        "defensible": f"Defensible: {chosen} is a fair reading, though {best} fits best.",
        "adjacent": f"Close: you chose {chosen}, the stage next to {best}.",
        "wrong": f"Not this time: you chose {chosen}; this shows {best}.",
    }[outcome]


def grade_stage_map(stage_map: StageMap, raw_placements: object, raw_replies: object) -> dict[str, object]:
    """Score placements with partial credit, name the most confused stage pairs, and grade replies."""
    placements = read_placements(stage_map, raw_placements)
    chosen_replies = read_replies(stage_map, raw_replies)
    cards = []
    confusions: Counter[tuple[str, str]] = Counter()
    confused_cards: dict[tuple[str, str], list[str]] = {}
    for card in stage_map.cards:
        placed = placements.get(card.id)
        outcome = verdict(card, placed)
        if outcome in ("adjacent", "wrong"):
            pair = (card.stage, placed)
            confusions[pair] += 1
            confused_cards.setdefault(pair, []).append(card.id)
        reply = None
        if card.id in chosen_replies:
            index = chosen_replies[card.id]
            chosen = card.replies[index]
            reply = {
                "chosen": index,
                "kind": chosen.kind,
                "facilitative": chosen.kind == "fits",
                "fits_stage": chosen.stage or (card.stage if chosen.kind == "fits" else None),
                "lead": reply_lead(chosen),
                "feedback": chosen.feedback,
            }
        cards.append(
            {
                "id": card.id,
                "placed": placed,
                "verdict": outcome,
                "credit": CREDIT[outcome],
                "message": _card_message(card, placed, outcome),
                "stage": card.stage if outcome != "unplaced" else None,
                "reply": reply,
            }
        )
    points = sum(card["credit"] for card in cards)
    total = len(stage_map.cards)
    counts = Counter(card["verdict"] for card in cards)
    ranked = sorted(confusions.items(), key=lambda item: (-item[1], BY_ID[item[0][0]].number, BY_ID[item[0][1]].number))
    most_confused = [
        {
            "belongs": belongs,
            "placed": placed,
            "count": count,
            "cards": confused_cards[(belongs, placed)],
            "text": _confusion_sentence(belongs, placed, count),
            "move": plain(BY_ID[belongs].facilitative_move),
        }
        for (belongs, placed), count in ranked[:MOST_CONFUSED]
    ]
    with_replies = [card for card in cards if card["reply"] is not None]
    reply_kinds = Counter(card["reply"]["kind"] for card in with_replies)
    reply_cards = sum(1 for card in stage_map.cards if card.replies)
    return {
        "stage_map": stage_map.id,
        "points": points,
        "max_points": float(total),
        "percent": percent(points, total),
        "counts": {name: counts.get(name, 0) for name in CREDIT},
        "cards": cards,
        "most_confused": most_confused,
        "replies": {
            "answered": len(with_replies),
            "facilitative": reply_kinds["fits"],
            "other_stage": reply_kinds["other-stage"],
            "push": reply_kinds["push"],
            "available": reply_cards,
        },
        "summary": _summary(counts, total, percent(points, total), most_confused, reply_kinds, len(with_replies)),
    }


def _confusion_sentence(belongs: str, placed: str, count: int) -> str:
    """A confused pair in plain words."""
    cards = "card that shows" if count == 1 else f"{count} cards that show"
    article = "A " if count == 1 else ""
    return f"{article}{cards} {BY_ID[belongs].name} went on {BY_ID[placed].name}."


def _summary(
    counts: Counter[str], total: int, percent: int, confused: list[dict], replies: Counter[str], answered: int
) -> str:
    """The result in a few sentences, announced after each check."""
    placed = total - counts.get("unplaced", 0)
    parts = [
        f"You placed {placed} of {total} cards: {counts.get('right', 0)} right, "
        f"{counts.get('defensible', 0)} defensible, "
        f"{counts.get('adjacent', 0)} close and {counts.get('wrong', 0)} elsewhere. Your score is {percent}%."
    ]
    if confused:
        top = confused[0]
        parts.append(
            f"Most often, cards that show {BY_ID[top['belongs']].name} went on {BY_ID[top['placed']].name}. "
            f"At {BY_ID[top['belongs']].name}, the facilitative move is to {_lower_first(top['move'])}"
        )
    if answered:
        parts.append(_replies_sentence(replies, answered))
    return " ".join(parts)


def _replies_sentence(replies: Counter[str], answered: int) -> str:
    """How the chosen replies split: the move for the stage, right spirit but wrong stage, or pushing."""
    sentence = f"You chose the move that fits the stage on {replies['fits']} of {answered} cards."
    if replies["other-stage"]:
        cards = "card" if replies["other-stage"] == 1 else "cards"
        sentence += (
            f" On {replies['other-stage']} {cards} your reply was facilitative but belongs to another stage: "
            "right spirit, wrong stage."
        )
    if replies["push"]:
        cards = "card" if replies["push"] == 1 else "cards"
        sentence += f" On {replies['push']} {cards} your reply pushed."
    return sentence


def _lower_first(text: str) -> str:
    """Fit a stage's move ("Ask how…") into a sentence."""
    return text[:1].lower() + text[1:] if text else text
