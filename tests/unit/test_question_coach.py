"""course.question_coach: validation with exact messages, a table of real-sounding questions, and every edge.

The table is what the coach is held to: each row is a question a seller might ask in the Harbourline case
(or any B2B sale), with the verdict a careful sales trainer would give on each criterion ("good" unless
the row says otherwise). Rows marked "borderline" are the ones a reasonable trainer could argue either
way; the verdict given is the one the coach's rules of thumb are meant to reach. Run this module
(`python -m tests.unit.test_question_coach`) to print the coach's accuracy on the table.
"""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from course import ContentError
from course.question_coach import (
    CRITERIA,
    GOOD,
    LANGUAGE_CRITERIA,
    LOOK,
    MAX_CHARS,
    PROBLEM,
    coach,
    parse_question_coach,
    read_question,
)
from tests.conftest import PROJECT

# The situations the table's rows may name, by their cue phrases.
CUES = {
    "gary": ("peak season", "team", "protect", "pilot"),
    "tomas": ("price", "decide", "who else"),
    "dev": ("patch", "enough"),
    "helen": ("budget", "operations", "finance"),
}


def row(question: str, situation: str | None = None, **verdicts: str):
    """One table row: the question, its situation (for cues), and every verdict that is not "good"."""
    criteria = [*LANGUAGE_CRITERIA, *(["cues"] if situation else [])]
    unknown = set(verdicts) - set(criteria)
    assert not unknown, f"{question}: no criterion {unknown}"
    expected = {criterion: verdicts.get(criterion, GOOD) for criterion in criteria}
    return pytest.param(question, situation, expected, id=question[:60])


TABLE = [
    row("Can I show you a quick demo of our platform?", open="problem", world="problem", future="look"),
    row("Would you like me to send over our pricing?", open="problem", world="problem", future="look"),
    row("Don't you think your team deserves a better system?", open="problem", leading="problem", future="look"),
    row(
        "Wouldn't you agree that the spreadsheet is holding you back?", open="problem", leading="problem", future="look"
    ),
    row(
        "Surely peak season is the best time to fix this?", open="problem", leading="problem", future="look"
    ),  # borderline
    row("Why haven't you replaced that old system yet?", why="problem", leading="look", future="look"),  # borderline
    row("Why do you still use spreadsheets for tracking?", why="problem", future="look"),
    row("How much do you spend on tracking each year?", future="problem"),
    row("How many depots do you have?", future="problem"),
    row("Who is your current supplier?", future="problem"),
    row("What's your budget for this project?", future="problem"),
    row("Who makes the final decision on this?", future="problem"),
    row("Do you have budget set aside for a new system this year?", open="problem", future="problem"),
    row(
        "If I could get you a 15% discount, would you sign this quarter?",
        open="problem",
        world="problem",
        future="look",
        pitch="problem",
    ),
    row("Are you ready to move forward with us?", open="problem", world="problem", future="look", pitch="problem"),
    row(
        "Our platform cuts tracking calls by 40% — would that help your team?",
        open="problem",
        world="problem",
        future="look",
    ),
    row("Isn't it time you replaced that spreadsheet?", open="problem", leading="problem", future="look"),
    row("You're happy with the spreadsheet, right?", open="problem", leading="problem", future="look"),
    row("What would it take for you to sign with us by Friday?", world="problem", pitch="problem"),
    row("How would our software fit into your current process?", world="problem"),
    row("What features matter most to your team?", world="look", future="look"),  # borderline
    row("Would a free trial help you make up your mind?", open="problem", future="look", pitch="problem"),
    row(
        "What's the ROI of our solution compared with your spreadsheet?",
        world="problem",
        future="look",
        pitch="problem",
    ),
    row(
        "Have you considered what happens if a big customer leaves because of late updates?", open="problem"
    ),  # borderline
    row("Is the old system costing you customers?", open="problem", leading="look", future="look"),
    row("How frustrated is your team with the chase calls?", leading="look", future="look"),
    row("Why would you stick with a twelve-year-old system?", why="problem", future="look"),  # borderline
    row(
        "Can we book a call next week to walk you through the proposal?", open="problem", world="problem", future="look"
    ),
    row("What would you say is the biggest problem with your current system?", future="look"),  # borderline
    row("Do you agree the spreadsheet is a risk during peak?", open="problem", leading="problem", future="look"),
    row(
        "Let me ask you this: wouldn't your drivers be happier with real-time updates?",
        open="problem",
        leading="problem",
        future="look",
    ),
    row("How soon could you get a purchase order raised?", pitch="problem"),  # borderline
    row("When does your contract with TrackPoint run out?", future="problem"),  # borderline
    row(
        "Is there anything stopping you from signing today?",
        open="problem",
        leading="look",
        future="look",
        pitch="problem",
    ),  # borderline
    row("What do you think of our demo?", world="problem", future="look"),
    row("Are you the person who signs off on purchases like this?", open="problem", future="problem"),
    row(
        "Why not try us for a month and see?",
        open="look",
        why="problem",
        world="problem",
        future="look",
        pitch="problem",
    ),  # borderline
    row("What would need to be true for your team to consider changing how you track shipments?"),
    row("How would you know when good enough has stopped being good enough?"),
    row("Who else would feel the effects if shipment tracking changed?"),
    row("What would a safe, reversible first step look like for your depot?"),
    row("Gary, what would your team need protected if anything changed after peak season?", "gary", cues="good"),
    row("How will you judge whether Dev's patch is enough?", "dev", cues="good"),
    row("What happens next if the patch turns out not to be enough?"),
    row("What would the price help you decide at this stage?", "tomas", cues="good"),
    row("Before anyone looks at prices, who else would need to be comfortable with the idea?"),
    row("How would Finance and IT agree whose budget this comes from?", "helen", cues="good"),
    row("What would your customer service team need to see before they trusted a new way of working?"),
    row("When would be a good time for your team to think about this, given the peak?"),  # borderline
    row("How would the team running the old system be affected?"),
    row("What would have to change for staying put to stop being the best option?"),
    row("How are you going to decide between the options, staying as you are included?"),
    row("What would you want to protect during the switch?"),
    row("Who will need to be in the room when this gets decided?"),
    row("What might get in the way of a decision, even if everyone agrees it's needed?"),
    row("Tell me how your team would handle a new process during the busy months."),
    row("Walk me through what would need to happen internally before you'd change suppliers."),
    row("Could you walk me through how a decision like this gets made at Harbourline?", future="look"),  # borderline
    row("What led to the spreadsheet being set up in the first place?", future="look"),  # borderline
    row("How did the last switch come about?", future="look"),  # borderline
    row("What did you learn from the last time you changed systems?", future="look"),  # borderline
    row("Why is peak season such a difficult time to change anything?", why="look", future="look"),  # borderline
    row("What do you currently use to track shipments?", future="problem"),
    row("How do you track shipments today?", future="look"),  # borderline
    row("If we ran a pilot at one depot after peak, what would you need to see?", world="look"),  # borderline
    row("What would your team need from any new system we put in?", world="look"),  # borderline
    row("Is it the timing or the cost that worries you most?", open="look", future="look"),  # borderline
    row("How about a short call with your IT lead next week?", open="look", future="look"),  # borderline
    row("What would make this worth the disruption for you?"),
    row("How many people would need to learn a new way of working?", future="look"),  # borderline
    row("What would it mean for your team if customers could see their shipment status themselves?"),  # borderline
    row("So, what would need to happen before you'd even look at pricing?"),
    row("Would it help to map out who else the change touches?", open="problem", future="look"),  # borderline
    row("What would you need from us to make this easier to take to Helen?", world="look"),  # borderline
    row("Can you tell me if the team is happy with the spreadsheet?", open="problem", future="look"),  # borderline
    row("Can you tell me what the team would need before peak?"),  # borderline
    row("How does the system you have today handle peak season?", future="look"),
    row("Who else is involved in decisions like this?", future="look"),  # borderline
    row("What criteria will you use to compare the options, including doing nothing?"),
    row("Honestly, isn't your current setup good enough for now?", open="problem", leading="problem", future="look"),
    row("What's stopping you from making a decision?", leading="look", future="look"),  # borderline
    row(
        "Just checking in — have you had a chance to look at the proposal?",
        open="problem",
        world="problem",
        future="look",
    ),  # borderline
    row("What would success look like six months after a change like this?"),
    row("What would you tell Ruth if she asked why the team wants to change?"),  # borderline
    row("How can we help you build the case for your managing director?", world="look", future="look"),  # borderline
    row("What would a good first month look like for Harbourline?", "gary", cues="look"),
    row("What would you want to know before the next meeting?", "tomas", cues="look"),
    row(
        "Shall I send the price list over today?", "tomas", open="problem", world="problem", future="look", cues="good"
    ),
    row("Can our team help Dev's patch along?", "dev", open="problem", world="problem", future="look", cues="good"),
    row("How much budget does Finance have for this?", "helen", future="problem", cues="good"),
    row("What would make the timing right for you, given the offer ends this month?", pitch="problem"),
    row("How does your team deal with the chase calls at the moment?", future="look"),  # borderline
    row("Who else would need to sign off on a change like this?"),  # borderline
    row("What kind of return would the board need to see before approving a change?"),
    row("What ROI would Ruth need to see before signing off?", pitch="look"),  # borderline
    row("How would a cheaper option change things for your team?", pitch="look"),
    row("What would Aisha's team notice first if the chase calls stopped?"),
    row(
        "Would your drivers use an app if we gave them one?", open="problem", world="look", future="look"
    ),  # borderline
    row("How do you feel about our new tracking dashboard?", world="problem", future="look"),
    row("Who on your side would need convincing, and what would convince them?"),
    row("What's the cost of doing nothing for another year?", future="look"),  # borderline
    row("Are you aware that TrackPoint's customers switch to us?", open="problem", world="problem", future="look"),
    row("Mei, how will procurement compare the three quotes?"),
    row("Can you sign the order form before the price goes up?", open="problem", future="look", pitch="problem"),
    row("How long have you been using the spreadsheet?", future="problem"),
    row("What would need to happen for the pilot to count as a success for your depot?"),
    row("Why did your last switch go so badly?", why="look", future="look", leading="look"),  # borderline
    row("What are your biggest pain points right now?", leading="look", future="look"),
    row("When the steering committee meets, what will they want to see?"),
    row("Is now a good time to talk about next steps?", open="problem"),
    row("What would it take for Ruth to feel confident signing off?"),
    row("How many calls a day does customer service take about shipment status?", future="problem"),
    row("Is Finance or IT paying for this?", open="look", future="look"),  # borderline
    row("If nothing changed at all, what would that mean for your team next year?"),
    row("Wouldn't it be easier if everyone used one system?", open="problem", leading="problem", future="look"),
    row("What should I send you so you can share it internally?", world="problem"),  # borderline
]


def verdicts(question: str, situation: str | None) -> dict[str, str] | None:
    """The coach's verdict per criterion, or None if it did not coach the question."""
    reading = read_question(question, CUES.get(situation, ()))
    if reading["state"] != "coached":
        return None
    return {c["id"]: c["verdict"] for c in reading["criteria"]}


def accuracy() -> tuple[int, int, list[str]]:
    """Verdicts the coach gets right on the table, out of how many, and each one it gets wrong."""
    right, total, wrong = 0, 0, []
    for param in TABLE:
        question, situation, expected = param.values
        got = verdicts(question, situation) or {}
        for criterion, verdict in expected.items():
            total += 1
            if got.get(criterion) == verdict:
                right += 1
            else:
                wrong.append(f"{question!r} {criterion}: expected {verdict}, got {got.get(criterion)}")
    return right, total, wrong


def test_the_table_is_big_and_varied_enough():
    assert len(TABLE) >= 60
    questions = [param.values[0] for param in TABLE]
    assert len(set(questions)) == len(questions)
    # Every verdict of every criterion is expected somewhere, so no rule goes untested.
    seen = {(criterion, verdict) for param in TABLE for criterion, verdict in param.values[2].items()}
    for criterion in LANGUAGE_CRITERIA:
        assert {(criterion, GOOD), (criterion, PROBLEM)} <= seen or criterion == "why", criterion
        assert (criterion, LOOK) in seen, criterion
    assert {("why", GOOD), ("why", LOOK), ("why", PROBLEM), ("cues", GOOD), ("cues", LOOK)} <= seen
    # Good questions, bad ones and those in between.
    all_good = [p for p in TABLE if set(p.values[2].values()) == {GOOD}]
    with_problem = [p for p in TABLE if PROBLEM in p.values[2].values()]
    assert len(all_good) >= 20 and len(with_problem) >= 20


def test_the_coach_gets_every_verdict_on_the_table_right():
    right, total, wrong = accuracy()
    assert wrong == [], f"accuracy {right}/{total} = {right / total:.1%}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(("question", "situation", "expected"), TABLE)
def test_table_row(question, situation, expected):
    assert verdicts(question, situation) == expected


@pytest.mark.parametrize(("question", "situation", "expected"), TABLE)
def test_every_sentence_names_what_it_found_or_says_nothing_was_found(question, situation, expected):
    reading = read_question(question, CUES.get(situation, ()))
    for criterion in reading["criteria"]:
        if criterion["verdict"] != GOOD or criterion["id"] in ("open", "cues"):
            # A quotation of the question's own words (or the cue it touched).
            quoted = re.findall(r"\u201c([^\u201d]*)\u201d", criterion["text"])
            assert quoted, criterion
            words = {w.lower().strip("\u2026") for q in quoted for w in q.split()}
            haystack = (question + " " + " ".join(CUES.get(situation, ()))).lower()
            assert any(w and w in haystack for w in words), criterion


# --- validation ----------------------------------------------------------------------------------


def valid_coach() -> dict:
    return {
        "id": "coach",
        "title": "Ask their question",
        "situations": [
            {
                "id": "pricing",
                "context": "Tomás asks for a price list.",
                "goal": "Work out what the price would help him decide.",
                "models": [
                    "What would the price help you decide at this stage?",
                    "Who else would need to see it before anything changed?",
                ],
                "cues": ["price", "who else"],
            },
            {
                "id": "peak",
                "context": "Gary says nothing changes during peak season.",
                "models": [
                    "What would your team need protected if anything changed after peak season?",
                    "How would you know a change was safe enough to try?",
                ],
            },
        ],
    }


def broken(change) -> dict:
    data = copy.deepcopy(valid_coach())
    change(data)
    return data


def model(index: int, text: object):
    return lambda d: d["situations"][0]["models"].__setitem__(index, text)


FAILS = "model questions must pass the coach, but this one gets"
CASES = [
    ("not a mapping", lambda d: d.clear() or d.update(x=1), "x", "unknown key; allowed keys: id, situations, title"),
    ("no situations", lambda d: d.pop("situations"), "situations", "is required"),
    ("empty situations", lambda d: d.update(situations=[]), "situations", "needs at least 1 entry, got 0"),
    (
        "situations not a list",
        lambda d: d.update(situations="one"),
        "situations",
        'expected a list, got the text "one"',
    ),
    (
        "unknown situation key",
        lambda d: d["situations"][0].update(model=[]),
        "situations[0].model",
        "unknown key; did you mean 'models'?",
    ),
    ("no context", lambda d: d["situations"][1].pop("context"), "situations[1].context", "is required"),
    ("empty goal", lambda d: d["situations"][0].update(goal="  "), "situations[0].goal", "must not be empty"),
    (
        "bad situation id",
        lambda d: d["situations"][0].update(id="1st"),
        "situations[0].id",
        '"1st" is not a valid id; use a letter followed by letters, digits, "-" or "_"',
    ),
    (
        "duplicate situation id",
        lambda d: d["situations"][1].update(id="pricing"),
        "situations[1].id",
        'duplicate situation id "pricing"; already used at situations[0].id',
    ),
    ("no models", lambda d: d["situations"][0].pop("models"), "situations[0].models", "is required"),
    (
        "one model",
        lambda d: d["situations"][0]["models"].pop(),
        "situations[0].models",
        "needs at least 2 model questions, got 1",
    ),
    ("model not text", model(1, 3), "situations[0].models[1]", "expected text, got the number 3"),
    ("empty model", model(0, ""), "situations[0].models[0]", "must not be empty"),
    (
        "model that is not a question",
        model(0, "Our platform tracks every shipment."),
        "situations[0].models[0]",
        "the coach cannot read this model question: This reads as a statement, not a question "
        "(\u201cOur platform tracks every shipment.\u201d). Write what you would ask the buyer, and end it with a "
        "question mark.",
    ),
    (
        "two questions in one model",
        model(0, "What would need to change? Who would decide?"),
        "situations[0].models[0]",
        "a model question must be one short question: You wrote 2 questions; the coach read the first one. "
        "A buyer answers one question at a time: keep the others for later.",
    ),
    (
        "closed model",
        model(0, "Do you know what would need to change for your team?"),
        "situations[0].models[0]",
        f"{FAILS} \u201cProblem\u201d on \u201cOpen or closed\u201d: It opens with \u201cDo you\u2026\u201d, which "
        "invites a yes or a no and ends the conversation there. Try starting with \u201cWhat\u201d or \u201cHow\u201d.",
    ),
    (
        "model about the seller",
        model(1, "How would our platform change things for you?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cProblem\u201d on \u201cWhose world\u201d: It is about your side (\u201cour platform\u201d): "
        "the buyer has to think about you and what you sell, not about their own situation.",
    ),
    (
        "fact-gathering model",
        model(1, "How many people work in your depots?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cProblem\u201d on \u201cLooking ahead\u201d: It gathers facts for you (\u201chow many\u201d). "
        "The buyer already knows the answer, so giving it doesn't help them think about what would need to change.",
    ),
    (
        "model that only looks back",
        model(1, "What led to the spreadsheet in the first place?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cWorth a look\u201d on \u201cLooking ahead\u201d: It looks back (\u201cled to\u201d). That can "
        "help them see how things got here; a question about what would need to happen next helps them move.",
    ),
    (
        "leading model",
        model(1, "What would your team gain, don't you think?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cProblem\u201d on \u201cLeading or loaded\u201d: It tells them which answer you expect "
        "(\u201cdon't you think\u201d): a buyer who hears the answer you want either gives it to you or pushes back.",
    ),
    (
        "model with a why",
        model(1, "Why would your team need to change before peak?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cWorth a look\u201d on \u201cDefensive why\u201d: It asks \u201cWhy would your team "
        "need\u2026\u201d, and a \u201cwhy\u201d can sound like a challenge. Try \u201cWhat led to \u2026?\u201d or "
        "\u201cHow did \u2026 come about?\u201d",
    ),
    (
        "model with a pitch word",
        model(1, "What would a discount change for your team?"),
        "situations[0].models[1]",
        f"{FAILS} \u201cProblem\u201d on \u201cPitch words\u201d: It has pitch words (\u201cdiscount\u201d): the "
        "buyer hears a sales move, and the question turns into something to fend off.",
    ),
    (
        "cues not a list",
        lambda d: d["situations"][0].update(cues="price"),
        "situations[0].cues",
        'expected a list, got the text "price"',
    ),
    (
        "cue not text",
        lambda d: d["situations"][0].update(cues=["price", 4]),
        "situations[0].cues[1]",
        "expected text, got the number 4",
    ),
    (
        "cue of stop words only",
        lambda d: d["situations"][0].update(cues=["the", "price"]),
        "situations[0].cues[0]",
        '"the" has no word the coach could look for; name a thing, such as "peak season"',
    ),
    ("title not text", lambda d: d.update(title=["x"]), "title", "expected text, got a list"),
]


@pytest.mark.parametrize(("change", "path", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_invalid_content_fails_with_an_exact_path_and_message(change, path, message):
    with pytest.raises(ContentError) as caught:
        parse_question_coach(broken(change))
    assert (caught.value.path, caught.value.message) == (path, message)


def test_valid_content_round_trips_and_defaults_its_title():
    content = parse_question_coach(valid_coach())
    assert parse_question_coach(content.to_data()) == content
    data = valid_coach()
    del data["title"]
    assert parse_question_coach(data).title == "Question coach"
    assert content.situations[1].cues == () and content.situations[1].goal == ""
    assert "cues" not in content.to_data()["situations"][1]


def test_the_readme_example_is_valid():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```question-coach\n(.*?)```", readme, re.DOTALL).group(1)
    content = parse_question_coach(yaml.safe_load(example))
    assert [s.id for s in content.situations] == ["gary-peak"]


# --- what a learner can type ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "state", "message"),
    [
        ("", "empty", "Write the question you would ask first, then ask the coach."),
        (" \n\t ", "empty", "Write the question you would ask first, then ask the coach."),
        ("?!…", "unreadable", "The coach couldn't find any words in that. Write the question you would ask."),
        (
            "Budget?",
            "too-short",
            "\u201cBudget?\u201d is a single word. Write the whole question, as you would say it to the buyer.",
        ),
        (
            "We have the best platform on the market.",
            "not-a-question",
            "This reads as a statement, not a question (\u201cWe have the best platform on the market.\u201d). "
            "Write what you would ask the buyer, and end it with a question mark.",
        ),
        *[
            (
                typed,
                "unreadable",
                "The coach reads questions in English and couldn't make this one out. "
                "Write the question you would ask the buyer, in English.",
            )
            for typed in (
                "¿Qué necesitaría cambiar para su equipo?",
                "Was würde sich für Ihr Team ändern?",
                "这个系统怎么样？",
                "asdf qwer zxcv?",
                "x" * 5000,
            )
        ],
    ],
)
def test_anything_that_cannot_be_coached_gets_a_sentence_instead(typed, state, message):
    reading = read_question(typed)
    assert (reading["state"], reading["message"], reading["criteria"]) == (state, message, [])


def test_several_questions_run_together_coach_the_first_and_say_so():
    reading = read_question("Can I show you our demo? What would need to change? Who else would decide?")
    assert reading["question"] == "Can I show you our demo?"
    assert reading["notes"] == [
        "You wrote 3 questions; the coach read the first one. A buyer answers one question at a time: "
        "keep the others for later."
    ]
    assert {c["id"]: c["verdict"] for c in reading["criteria"]}["open"] == PROBLEM


def test_words_after_the_question_are_left_out_and_that_is_said():
    reading = read_question("What would need to change? Just curious, no pressure.")
    assert reading["question"] == "What would need to change?"
    assert reading["notes"] == ["The coach read up to the first question mark and left out the words after it."]


def test_a_statement_before_the_question_is_read_with_it():
    reading = read_question("We've helped forwarders like you. What would need to change for your team?")
    found = {c["id"]: c for c in reading["criteria"]}
    assert found["open"]["verdict"] == GOOD
    assert found["world"]["verdict"] == PROBLEM and "\u201cWe've helped\u201d" in found["world"]["text"]


def test_a_very_long_question_is_cut_and_that_is_said():
    long = "What would need to change for your team " + "and your depot " * 60 + "before peak season?"
    reading = read_question(long)
    assert reading["state"] == "coached"
    assert len(reading["question"]) <= MAX_CHARS and reading["question"].endswith("your depot")
    assert reading["notes"] == [
        "That is longer than 400 characters, so the coach read only the start (up to \u201c\u2026depot and your "
        "depot\u201d). A buyer takes in a short question more easily."
    ]


def test_a_huge_paste_is_read_only_in_part_and_never_raises():
    reading = read_question("What would change? " * 100_000)
    assert reading["question"] == "What would change?"
    assert reading["notes"][0].startswith("You wrote ")


def test_control_characters_curly_quotes_and_line_breaks_are_harmless():
    reading = read_question("\x00\x07 Don\u2019t you think\u2028 your team\r\ndeserves better?")
    assert reading["question"] == "Don't you think your team deserves better?"
    assert {c["id"]: c["verdict"] for c in reading["criteria"]}["leading"] == PROBLEM


def test_a_question_without_a_question_mark_is_still_coached():
    reading = read_question("Tell me how your team would handle a new process during the busy months")
    assert reading["state"] == "coached" and reading["notes"] == []


def test_cues_match_any_form_of_every_word():
    reading = read_question("What would your teams need protecting during peak seasons?", CUES["gary"])
    cues = next(c for c in reading["criteria"] if c["id"] == "cues")
    assert cues == {
        "id": "cues",
        "name": "What matters here",
        "verdict": GOOD,
        "label": "Good",
        "text": "It touches what matters here: \u201cpeak season\u201d, \u201cteam\u201d and \u201cprotect\u201d.",
    }
    missed = read_question("What would make the timing right?", CUES["gary"])["criteria"][-1]
    assert missed["text"] == (
        "It doesn't touch what matters most in this situation, such as \u201cpeak season\u201d or \u201cteam\u201d."
    )


def test_without_cues_the_situation_criterion_is_not_applied():
    assert [c["id"] for c in read_question("What would change?")["criteria"]] == list(LANGUAGE_CRITERIA)
    assert [c.id for c in CRITERIA] == [*LANGUAGE_CRITERIA, "cues"]


# --- coaching a try, and what changed since the last one -----------------------------------------

WEAK = "Can I show you a quick demo of our platform?"
REVISED = "What would need to be true for your team to consider changing how you track shipments?"


def test_a_revision_lists_what_got_better_and_worse():
    content = parse_question_coach(valid_coach())
    result = coach(content, "peak", REVISED, WEAK)
    assert result["state"] == "coached" and result["situation"] == "peak" and result["coach"] == "coach"
    assert [(s["id"], s["before"], s["after"]) for s in result["changes"]["better"]] == [
        ("open", PROBLEM, GOOD),
        ("world", PROBLEM, GOOD),
        ("future", LOOK, GOOD),
    ]
    assert result["changes"]["worse"] == [] and result["changes"]["unchanged"] == 3
    assert result["changes"]["better"][0]["text"] == "Open or closed: Problem \u2192 Good"
    assert result["summary"] == (
        "The coach's reading, by rules of thumb: 6 good. "
        "Since your last try: better on open or closed, whose world and looking ahead."
    )
    back = coach(content, "peak", WEAK, REVISED)
    assert [s["id"] for s in back["changes"]["worse"]] == ["open", "world", "future"]
    assert back["counts"] == {PROBLEM: 2, LOOK: 1, GOOD: 3}
    assert back["summary"] == (
        "The coach's reading, by rules of thumb: 2 problems (open or closed; whose world), "
        "1 worth a look (looking ahead), 3 good. Since your last try: worse on open or closed, whose world and "
        "looking ahead."
    )


def test_the_same_question_again_and_a_first_try_say_so():
    content = parse_question_coach(valid_coach())
    same = coach(content, "pricing", WEAK + "  ", WEAK)
    assert same["changes"]["same"] is True
    assert same["summary"].endswith("This is the same question as your last try.")
    first = coach(content, "pricing", WEAK)
    assert first["changes"] is None
    mixed = coach(content, "pricing", "Why not just take the 10% discount, isn't it obvious?", WEAK)
    assert mixed["changes"]["text"] == (
        "Since your last try: better on open or closed and whose world; "
        "worse on leading or loaded, defensive why and pitch words."
    )
    unchanged = coach(content, "pricing", "Can I show you our platform?", WEAK)
    assert unchanged["changes"]["text"] == "No criterion changed its verdict since your last try."
    uncoached_before = coach(content, "pricing", WEAK, "")
    assert uncoached_before["changes"]["text"] == (
        "Your last try couldn't be coached, so there is nothing to compare yet."
    )
    assert coach(content, "pricing", "", WEAK)["changes"] is None


@pytest.mark.parametrize(
    ("situation", "question", "previous", "path", "message"),
    [
        ("nope", "What?", None, "situation", 'no situation "nope" in "coach"'),
        (7, "What?", None, "situation", 'no situation the number 7 in "coach"'),
        ("peak", None, None, "question", "expected text, got nothing"),
        ("peak", ["What?"], None, "question", "expected text, got a list"),
        ("peak", "What?", 3, "previous", "expected text or nothing, got the number 3"),
    ],
)
def test_a_request_that_does_not_fit_the_content_is_refused(situation, question, previous, path, message):
    with pytest.raises(ContentError) as caught:
        coach(parse_question_coach(valid_coach()), situation, question, previous)
    assert (caught.value.path, caught.value.message) == (path, message)


if __name__ == "__main__":
    right, total, wrong = accuracy()
    print(f"{len(TABLE)} questions, {total} verdicts: {right}/{total} right ({right / total:.1%})")
    print("\n".join(wrong))
