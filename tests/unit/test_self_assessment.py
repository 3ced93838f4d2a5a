"""course.self_assessment: validation with key paths, reverse scoring, band edges and change."""

from __future__ import annotations

import copy

import pytest

from course import ContentError
from course.self_assessment import parse_self_assessment, profile


def bands(*ranges) -> list[dict]:
    return [{"range": list(r), "label": f"{r[0]}-{r[1]}", "text": "What it may mean."} for r in ranges]


def valid_assessment() -> dict:
    return {
        "id": "profile",
        "scale": {"labels": ["Never", "Rarely", "Sometimes", "Often", "Always"]},
        "dimensions": [
            {"id": "start", "name": "Where I start", "bands": bands((0, 39), (40, 69), (70, 100))},
            {"id": "people", "name": "Whom I involve", "bands": bands((0, 49), (50, 100))},
        ],
        "overall": bands((0, 39), (40, 69), (70, 100)),
        "items": [
            {"id": "s1", "statement": "I ask what they tried.", "dimension": "start", "direction": "facilitate"},
            {"id": "s2", "statement": "I create urgency.", "dimension": "start", "direction": "push"},
            {"id": "s3", "statement": "I map who is affected.", "dimension": "people", "direction": "facilitate"},
            {"id": "s4", "statement": "I rely on one contact.", "dimension": "people", "direction": "push"},
        ],
    }


def broken(change) -> dict:
    data = copy.deepcopy(valid_assessment())
    change(data)
    return data


CASES = [
    (
        "unknown dimension",
        lambda d: d["items"][0].update(dimension="starts"),
        "items[0].dimension",
        "must be 'start' or 'people', got 'starts' (did you mean 'start'?)",
    ),
    (
        "dimension with one item",
        lambda d: d["items"][3].update(dimension="start"),
        "dimensions[1].id",
        'dimension "people" has 1 item; a dimension needs at least 2',
    ),
    (
        "overlapping bands",
        lambda d: d["dimensions"][0].update(bands=bands((0, 39), (35, 100))),
        "dimensions[0].bands[1].range",
        "overlaps the band before it (0-39)",
    ),
    (
        "bands with a gap",
        lambda d: d["dimensions"][0].update(bands=bands((0, 39), (45, 100))),
        "dimensions[0].bands[1].range",
        "leaves a gap after the band before it: scores 40-44 have no band",
    ),
    (
        "bands not starting at 0",
        lambda d: d["dimensions"][1].update(bands=bands((10, 100))),
        "dimensions[1].bands[0].range",
        "the first band must start at 0, not 10",
    ),
    (
        "bands not reaching 100",
        lambda d: d.update(overall=bands((0, 50), (51, 99))),
        "overall[1].range",
        "the last band must end at 100, not 99",
    ),
    (
        "range not two numbers",
        lambda d: d["dimensions"][1]["bands"][0].update(range="0-49"),
        "dimensions[1].bands[0].range",
        'expected [low, high] with two whole numbers, got the text "0-49"',
    ),
    (
        "range upside down",
        lambda d: d["dimensions"][1]["bands"][0].update(range=[49, 0]),
        "dimensions[1].bands[0].range",
        "must satisfy 0 <= low <= high <= 100, got [49, 0]",
    ),
    (
        "unknown direction",
        lambda d: d["items"][1].update(direction="pushing"),
        "items[1].direction",
        "must be 'push' or 'facilitate', got 'pushing' (did you mean 'push'?)",
    ),
    (
        "duplicate item id",
        lambda d: d["items"][1].update(id="s1"),
        "items[1].id",
        'duplicate item id "s1"; already used at items[0].id',
    ),
    (
        "duplicate dimension id",
        lambda d: d["dimensions"][1].update(id="start"),
        "dimensions[1].id",
        'duplicate dimension id "start"; already used at dimensions[0].id',
    ),
    (
        "one scale label",
        lambda d: d["scale"].update(labels=["Always"]),
        "scale.labels",
        "needs at least 2 entries, got 1",
    ),
    (
        "revisit not a list",
        lambda d: d["dimensions"][1]["bands"][0].update(revisit="Module 1"),
        "dimensions[1].bands[0].revisit",
        'expected a list, got the text "Module 1"',
    ),
    (
        "revisit on an overall band",
        lambda d: d["overall"][0].update(revisit=["x"]),
        "overall[0].revisit",
        "unknown key; allowed keys: range, label, text",
    ),
    ("missing overall", lambda d: d.pop("overall"), "overall", "is required"),
]


@pytest.mark.parametrize(("change", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_content_errors_name_path_and_problem(change, path, message):
    with pytest.raises(ContentError) as caught:
        parse_self_assessment(broken(change))
    assert (caught.value.path, caught.value.message) == (path, message)


def test_payload_round_trips():
    assessment = parse_self_assessment(valid_assessment())
    assert parse_self_assessment(assessment.to_data()) == assessment


SCORES = [
    # answers (0 = Never ... 4 = Always) -> start, people, overall
    ({"s1": 4, "s2": 0, "s3": 4, "s4": 0}, 100, 100, 100),  # facilitate always, push never
    ({"s1": 0, "s2": 4, "s3": 0, "s4": 4}, 0, 0, 0),  # the reverse
    ({"s1": 2, "s2": 2, "s3": 2, "s4": 2}, 50, 50, 50),
    ({"s1": 3, "s2": 1, "s3": 1, "s4": 2}, 75, 38, 56),  # 37.5 and 56.25 round half up
    ({"s1": 3, "s2": 2, "s3": 2, "s4": 2}, 63, 50, 56),  # 62.5 is 63, not the even 62 round() gives
    ({"s1": 1, "s2": 4}, 13, None, 13),  # 12.5 is 13, not 12
    ({"s1": 4}, 100, None, 100),  # partial: an unrated dimension has no score
]


@pytest.mark.parametrize(("answers", "start", "people", "overall"), SCORES)
def test_scores_reverse_push_items_and_round_half_up(answers, start, people, overall):
    result = profile(parse_self_assessment(valid_assessment()), answers)
    assert [d["score"] for d in result["dimensions"]] == [start, people]
    assert result["overall"]["score"] == overall


BAND_EDGES = [(39, 0), (40, 1), (69, 1), (70, 2), (0, 0), (100, 2)]


@pytest.mark.parametrize(("score", "band"), BAND_EDGES)
def test_band_edges_are_inclusive(score, band):
    from course.self_assessment import _band_index

    assessment = parse_self_assessment(valid_assessment())
    assert _band_index(assessment.overall, score) == band


def test_every_reachable_score_has_a_band():
    assessment = parse_self_assessment(valid_assessment())
    for a in range(5):
        for b in range(5):
            result = profile(assessment, {"s1": a, "s2": b, "s3": a, "s4": b})
            assert all(d["label"] for d in result["dimensions"]) and result["overall"]["label"]


def test_change_since_last_time_and_summary():
    assessment = parse_self_assessment(valid_assessment())
    result = profile(assessment, {"s1": 3, "s2": 1, "s3": 4, "s4": 0}, {"start": 60, "people": 100, "overall": 70})
    assert [(d["score"], d["delta"]) for d in result["dimensions"]] == [(75, 15), (100, 0)]
    assert result["overall"]["delta"] == 18
    assert result["summary"] == (
        "Your overall position is 88 out of 100 on the line from pushing (0) to facilitating (100): 70-100. "
        "You facilitate most in “Whom I involve” (100) and least in “Where I start” (75). "
        "Since last time: “Where I start” +15; “Whom I involve” no change; overall +18."
    )
    assert result["scores"] == {"start": 75, "people": 100, "overall": 88}


def test_incomplete_profile_says_so():
    result = profile(parse_self_assessment(valid_assessment()), {"s1": 4, "s3": 4})
    assert result["complete"] is False
    assert result["summary"].endswith("2 of 4 statements are still unrated, so this profile is incomplete.")


@pytest.mark.parametrize(
    ("answers", "path", "message"),
    [
        ({"s9": 1}, "answers.s9", 'no statement "s9" in "profile"'),
        ({"s1": 5}, "answers.s1", "the number 5 is not a point on the scale"),
        ({"s1": "often"}, "answers.s1", 'the text "often" is not a point on the scale'),
    ],
)
def test_bad_answers_are_refused(answers, path, message):
    with pytest.raises(ContentError) as caught:
        profile(parse_self_assessment(valid_assessment()), answers)
    assert (caught.value.path, caught.value.message) == (path, message)


def test_scores_are_exact_before_rounding():
    assessment = valid_assessment()
    assessment["scale"]["labels"] = ["0", "1", "2", "3", "4", "5", "6"]
    # Overall (3 + 4 + 4 + 4) / 6 / 4 is exactly 62.5, so 63; summed as floats it is 62.4999…, so 62.
    result = profile(parse_self_assessment(assessment), {"s1": 3, "s2": 2, "s3": 4, "s4": 2})
    assert [d["score"] for d in result["dimensions"]] == [58, 67]
    assert result["overall"]["score"] == 63
