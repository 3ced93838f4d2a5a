"""course.stage_map: validation with key paths, partial credit, confusion summary and replies."""

from __future__ import annotations

import copy

import pytest

from course import ContentError, grade_stage_map, parse_stage_map
from course.stage_model import STAGE_IDS, STAGES, distance


def replies(other_stage: str) -> list[dict]:
    """The three kinds of reply every card needs: a push, the move for its stage, one for another stage."""
    return [
        {"text": "Our product does it better.", "facilitative": False, "feedback": "Runs down their fix."},
        {"text": "How will you judge the patch?", "facilitative": True, "feedback": "Their criteria."},
        {"text": "Who signs off?", "facilitative": True, "stage": other_stage, "feedback": "Too early for that."},
    ]


def valid_map() -> dict:
    return {
        "id": "route",
        "cards": [
            {
                "id": "a",
                "text": "Nobody owns it.",
                "stage": "stable-enough",
                "explanation": "Costs are absorbed.",
                "replies": replies("choosing"),
            },
            {
                "id": "b",
                "text": "IT will patch it first.",
                "stage": "internal-fixes",
                "also": ["noticing-a-gap"],
                "explanation": "A familiar fix comes first.",
                "replies": replies("criteria-and-budget"),
            },
            {
                "id": "c",
                "text": "Finance wants a say.",
                "stage": "aligning",
                "explanation": "A group forms.",
                "replies": replies("choosing"),
            },
            {
                "id": "d",
                "text": "Who owns it now?",
                "stage": "integrating",
                "explanation": "Adoption needs an owner.",
                "replies": replies("aligning"),
            },
        ],
    }


def broken(change) -> dict:
    data = copy.deepcopy(valid_map())
    change(data)
    return data


CASES = [
    (
        "unknown stage",
        lambda d: d["cards"][0].update(stage="stable"),
        "cards[0].stage",
        "unknown stage 'stable'; the stages are: " + ", ".join(STAGE_IDS),
    ),
    (
        "unknown stage in also",
        lambda d: d["cards"][1].update(also=["gap"]),
        "cards[1].also[0]",
        "unknown stage 'gap'; the stages are: " + ", ".join(STAGE_IDS),
    ),
    (
        "also repeats own stage",
        lambda d: d["cards"][1].update(also=["internal-fixes"]),
        "cards[1].also",
        "lists 'internal-fixes', the card's own stage",
    ),
    (
        "also not a list",
        lambda d: d["cards"][1].update(also="aligning"),
        "cards[1].also",
        'expected a list of stage ids, got the text "aligning"',
    ),
    (
        "duplicate card id",
        lambda d: d["cards"][2].update(id="a"),
        "cards[2].id",
        'duplicate card id "a"; already used at cards[0].id',
    ),
    ("missing explanation", lambda d: d["cards"][3].pop("explanation"), "cards[3].explanation", "is required"),
    (
        "no reply for the card's own stage",
        lambda d: d["cards"][1]["replies"][1].update(facilitative=False),
        "cards[1].replies",
        "needs exactly one facilitative reply for this card's stage (facilitative: true, no stage), found 0",
    ),
    (
        "two replies for the card's own stage",
        lambda d: d["cards"][1]["replies"][2].pop("stage"),
        "cards[1].replies",
        "needs exactly one facilitative reply for this card's stage (facilitative: true, no stage), found 2",
    ),
    (
        "no reply for another stage",
        lambda d: d["cards"][1]["replies"][2].update(facilitative=False) or d["cards"][1]["replies"][2].pop("stage"),
        "cards[1].replies",
        "needs a facilitative reply that fits another stage (facilitative: true with stage: <id>), "
        "so the exercise tests the stage and not only the tone",
    ),
    (
        "no push reply",
        lambda d: d["cards"][1]["replies"][0].update(facilitative=True, stage="choosing"),
        "cards[1].replies",
        "needs at least one reply with facilitative: false",
    ),
    (
        "a push that names a stage",
        lambda d: d["cards"][1]["replies"][0].update(stage="choosing"),
        "cards[1].replies[0].stage",
        "only a facilitative reply names the stage it fits; a push fits none",
    ),
    (
        "another-stage reply naming the card's own stage",
        lambda d: d["cards"][1]["replies"][2].update(stage="internal-fixes"),
        "cards[1].replies[2].stage",
        "is the card's own stage; leave stage out on the reply that fits this card",
    ),
    (
        "unknown stage on a reply",
        lambda d: d["cards"][1]["replies"][2].update(stage="later"),
        "cards[1].replies[2].stage",
        "unknown stage 'later'; the stages are: " + ", ".join(STAGE_IDS),
    ),
    (
        "reply without feedback",
        lambda d: d["cards"][1]["replies"][0].pop("feedback"),
        "cards[1].replies[0].feedback",
        "is required",
    ),
    ("two replies", lambda d: d["cards"][1]["replies"].pop(), "cards[1].replies", "needs at least 3 entries, got 2"),
    ("no replies", lambda d: d["cards"][0].pop("replies"), "cards[0].replies", "is required"),
    (
        "unknown card key",
        lambda d: d["cards"][0].update(stag="x"),
        "cards[0].stag",
        "unknown key; did you mean 'stage'?",
    ),
    (
        "stage as number",
        lambda d: d["cards"][0].update(stage=3),
        "cards[0].stage",
        "expected a stage id, got the number 3",
    ),
]


@pytest.mark.parametrize(("change", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_errors_name_path_and_problem(change, path, message):
    with pytest.raises(ContentError) as caught:
        parse_stage_map(broken(change))
    assert (caught.value.path, caught.value.message) == (path, message)


def test_payload_round_trips():
    stage_map = parse_stage_map(valid_map())
    assert parse_stage_map(stage_map.to_data()) == stage_map


def test_stage_model_is_complete_and_ordered():
    assert [stage.number for stage in STAGES] == list(range(1, 9))
    assert all(len(stage.signals) == 3 and stage.push_mistake and stage.facilitative_move for stage in STAGES)
    assert distance("stable-enough", "integrating") == 7


VERDICTS = [
    # placements -> verdicts per card a, b, c, d and percent
    (
        {"a": "stable-enough", "b": "internal-fixes", "c": "aligning", "d": "integrating"},
        ["right", "right", "right", "right"],
        100,
    ),
    (
        {"a": "noticing-a-gap", "b": "noticing-a-gap", "c": "choosing"},
        ["adjacent", "defensible", "wrong", "unplaced"],
        31,
    ),  # (0.5 + 0.75 + 0 + 0) / 4 = 31.25%
    ({}, ["unplaced"] * 4, 0),
    ({"a": "noticing-a-gap"}, ["adjacent", "unplaced", "unplaced", "unplaced"], 13),  # 12.5% rounds half up
    (
        {"a": "noticing-a-gap", "b": "noticing-a-gap", "c": "aligning", "d": "integrating"},
        ["adjacent", "defensible", "right", "right"],
        81,
    ),  # (0.5 + 0.75 + 1 + 1) / 4 = 81.25%
]


@pytest.mark.parametrize(("placements", "verdicts", "percent"), VERDICTS)
def test_partial_credit_for_defensible_and_neighbouring_stages(placements, verdicts, percent):
    result = grade_stage_map(parse_stage_map(valid_map()), placements, {})
    assert [card["verdict"] for card in result["cards"]] == verdicts
    assert result["percent"] == percent


def test_messages_say_what_was_chosen_and_what_fits_best():
    result = grade_stage_map(
        parse_stage_map(valid_map()), {"a": "noticing-a-gap", "b": "noticing-a-gap", "c": "choosing"}, {}
    )
    assert [card["message"] for card in result["cards"]] == [
        "Close: you chose Noticing a gap, the stage next to Stable enough.",
        "Defensible: Noticing a gap is a fair reading, though Trying internal fixes fits best.",
        "Not this time: you chose Choosing, including choosing nothing; this shows Assembling and aligning.",
        "Not placed yet.",
    ]
    assert result["cards"][3]["stage"] is None  # an unplaced card does not give its answer away


def test_confusion_summary_ranks_pairs_and_names_the_move_for_the_missed_stage():
    content = valid_map()
    content["cards"] += [
        {
            "id": "e",
            "text": "Legal, then the board.",
            "stage": "choosing",
            "explanation": "Sign-off.",
            "replies": replies("aligning"),
        },
        {
            "id": "f",
            "text": "Two vendors or none.",
            "stage": "choosing",
            "explanation": "Shortlist.",
            "replies": replies("aligning"),
        },
    ]
    placements = {
        "a": "stable-enough",
        "c": "integrating",
        "d": "aligning",
        "e": "criteria-and-budget",
        "f": "criteria-and-budget",
    }
    result = grade_stage_map(parse_stage_map(content), placements, {})
    pairs = [(p["belongs"], p["placed"], p["count"]) for p in result["most_confused"]]
    assert pairs == [
        ("choosing", "criteria-and-budget", 2),
        ("aligning", "integrating", 1),
        ("integrating", "aligning", 1),
    ]
    assert (
        result["most_confused"][0]["text"]
        == "2 cards that show Choosing, including choosing nothing went on Setting criteria and budget."
    )
    assert result["most_confused"][0]["move"].startswith("Help them test each option, including no change")
    assert result["most_confused"][1]["move"].startswith(
        "Help your champion map everyone"
    )  # link text kept, link dropped
    assert (
        "Most often, cards that show Choosing, including choosing nothing went on Setting criteria and budget."
        in result["summary"]
    )


def test_replies_are_graded_as_the_move_for_the_stage_right_spirit_wrong_stage_or_push():
    stage_map = parse_stage_map(valid_map())
    result = grade_stage_map(stage_map, {}, {"a": 0, "b": 1, "c": 2, "d": 2})
    assert result["cards"][1]["reply"] == {
        "chosen": 1,
        "kind": "fits",
        "facilitative": True,
        "fits_stage": "internal-fixes",
        "lead": "Fits this stage.",
        "feedback": "Their criteria.",
    }
    assert result["cards"][0]["reply"]["lead"] == "Pushes."
    assert result["cards"][2]["reply"] == {
        "chosen": 2,
        "kind": "other-stage",
        "facilitative": False,
        "fits_stage": "choosing",
        "lead": "Right spirit, wrong stage: this move fits stage 7, Choosing, including choosing nothing.",
        "feedback": "Too early for that.",
    }
    assert result["replies"] == {"answered": 4, "facilitative": 1, "other_stage": 2, "push": 1, "available": 4}
    assert result["summary"].endswith(
        "You chose the move that fits the stage on 1 of 4 cards. On 2 cards your reply was facilitative but "
        "belongs to another stage: right spirit, wrong stage. On 1 card your reply pushed."
    )


BAD_INPUT = [
    ({"z": "aligning"}, {}, "placements.z", 'no card "z" in "route"'),
    ({"a": "nowhere"}, {}, "placements.a", "unknown stage 'nowhere'; the stages are: " + ", ".join(STAGE_IDS)),
    ({}, {"z": 0}, "replies.z", 'no card "z" with replies in "route"'),
    ({}, {"b": 3}, "replies.b", "the number 3 is not a reply of this card"),
]


@pytest.mark.parametrize(("placements", "replies", "path", "message"), BAD_INPUT)
def test_bad_answers_are_refused(placements, replies, path, message):
    with pytest.raises(ContentError) as caught:
        grade_stage_map(parse_stage_map(valid_map()), placements, replies)
    assert (caught.value.path, caught.value.message) == (path, message)
