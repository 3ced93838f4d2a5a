"""The question coach: rules of thumb that read the question a seller would ask and say what a buyer may hear.

It is a coach, not a judge. Each criterion looks for words and shapes in the question (a yes/no opener, "our
platform", "how many", "don't you think", a "why", "discount", the situation's cue phrases) and answers
with a verdict and a sentence that names what it found. Nothing here understands meaning: a question the
coach likes can still miss, and one it flags can still be right for the moment.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from course import fields
from course.errors import ContentError

COACH_KEYS = (("id", "situations"), ("title",))
SITUATION_KEYS = (("id", "context", "models"), ("goal", "cues"))
MIN_MODELS = 2
DEFAULT_TITLE = "Question coach"

# The coach reads at most this much of one question, and at most READ_LIMIT characters of what was typed.
MAX_CHARS = 400
READ_LIMIT = 4000

GOOD, LOOK, PROBLEM = "good", "look", "problem"
VERDICT_LABELS = {GOOD: "Good", LOOK: "Worth a look", PROBLEM: "Problem"}
RANK = {PROBLEM: 0, LOOK: 1, GOOD: 2}
COACHED = "coached"
CAVEAT = (
    "A coach, not a judge: it applies rules of thumb to the words you write. A question it flags may still "
    "be right for the moment, and one it likes may still miss. Your reading of the buyer comes first."
)


@dataclass(frozen=True)
class Criterion:
    """One thing the coach looks at, with the question it asks of every question."""

    id: str
    name: str
    asks: str


CRITERIA = (
    Criterion("open", "Open or closed", "Does it invite the buyer to think aloud, or only allow a yes or a no?"),
    Criterion(
        "world",
        "Whose world",
        "Is it about the buyer's world (their people, their process, their criteria, what would change) "
        "or about your product and company?",
    ),
    Criterion(
        "future",
        "Looking ahead",
        "Does it help them think about what would need to happen, or does it gather facts for you?",
    ),
    Criterion("leading", "Leading or loaded", "Does it leave the answer to them, or tell them which answer you want?"),
    Criterion("why", "Defensive why", "Could a \u201cwhy\u201d make them defend a choice they made?"),
    Criterion("pitch", "Pitch words", "Does it slip in sales words such as discount, deal, offer or sign?"),
    Criterion("cues", "What matters here", "Does it touch what matters most in this situation?"),
)
BY_CRITERION = {criterion.id: criterion for criterion in CRITERIA}
# Every criterion but the situation's cues applies to every question, model questions included.
LANGUAGE_CRITERIA = tuple(criterion.id for criterion in CRITERIA if criterion.id != "cues")


@dataclass(frozen=True)
class Situation:
    """A moment with a buyer: who they are and what they just said, and questions that would help."""

    id: str
    context: str
    models: tuple[str, ...]
    goal: str = ""
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionCoach:
    """A question coach: one or more situations to write a question for."""

    id: str
    situations: tuple[Situation, ...]
    title: str = DEFAULT_TITLE

    def to_data(self) -> dict[str, object]:
        """The validated content as plain data that parse_question_coach accepts again."""
        return {
            "id": self.id,
            "title": self.title,
            "situations": [
                {
                    "id": s.id,
                    "context": s.context,
                    **({"goal": s.goal} if s.goal else {}),
                    "models": list(s.models),
                    **({"cues": list(s.cues)} if s.cues else {}),
                }
                for s in self.situations
            ],
        }

    def situation(self, situation_id: object) -> Situation:
        """The situation with this id, or a ContentError at `situation`."""
        for situation in self.situations:
            if situation.id == situation_id:
                return situation
        raise ContentError("situation", f'no situation {_shown(situation_id)} in "{self.id}"')

    @property
    def has_cues(self) -> bool:
        """Whether any situation names what matters in it (so the coach looks for it)."""
        return any(s.cues for s in self.situations)


def _shown(value: object) -> str:
    """A value quoted for a message, whatever it is."""
    return f'"{value}"' if isinstance(value, str) else fields.describe(value)


# --- validation ----------------------------------------------------------------------------------


def parse_question_coach(data: object) -> QuestionCoach:
    """Validate raw question-coach content and build it, or raise ContentError."""
    root = fields.mapping(data, "")
    fields.check_keys(root, "", *COACH_KEYS)
    coach_id = fields.identifier(root, "id", "")
    seen: dict[str, str] = {}
    situations = tuple(
        _parse_situation(raw, fields.join("situations", i), seen)
        for i, raw in enumerate(fields.items(root, "situations", ""))
    )
    return QuestionCoach(
        id=coach_id, situations=situations, title=fields.text(root, "title", "", default=DEFAULT_TITLE)
    )


def _parse_situation(raw: object, path: str, seen: dict[str, str]) -> Situation:
    """Validate one situation; its model questions must pass the coach themselves."""
    data = fields.mapping(raw, path)
    fields.check_keys(data, path, *SITUATION_KEYS)
    situation_id = fields.identifier(data, "id", path)
    fields.unique_id(seen, situation_id, fields.join(path, "id"), "situation")
    context = fields.text(data, "context", path)
    goal = fields.text(data, "goal", path) if "goal" in data else ""
    cues: tuple[str, ...] = ()
    if "cues" in data:
        cues = tuple(
            _cue(value, fields.join(fields.join(path, "cues"), i))
            for i, value in enumerate(fields.items(data, "cues", path))
        )
    models_path = fields.join(path, "models")
    models = tuple(
        _model(value, fields.join(models_path, i)) for i, value in enumerate(fields.items(data, "models", path))
    )
    if len(models) < MIN_MODELS:
        raise ContentError(models_path, f"needs at least {MIN_MODELS} model questions, got {len(models)}")
    return Situation(id=situation_id, context=context, models=models, goal=goal, cues=cues)


def _text(value: object, path: str) -> str:
    """Non-empty text in a list."""
    if not isinstance(value, str):
        raise ContentError(path, f"expected text, got {fields.describe(value)}")
    if not value.strip():
        raise ContentError(path, "must not be empty")
    return value.strip()


def _cue(value: object, path: str) -> str:
    """A cue phrase: text with at least one word the coach can look for."""
    cue = _text(value, path)
    if not _content_stems(cue):
        raise ContentError(path, f'"{cue}" has no word the coach could look for; name a thing, such as "peak season"')
    return cue


def _model(value: object, path: str) -> str:
    """A model question, which must get "good" on every criterion the coach applies to any question."""
    model = _text(value, path)
    reading = read_question(model)
    if reading["state"] != COACHED:
        raise ContentError(path, f"the coach cannot read this model question: {reading['message']}")
    if reading["notes"]:
        raise ContentError(path, f"a model question must be one short question: {reading['notes'][0]}")
    for result in reading["criteria"]:
        if result["verdict"] != GOOD:
            raise ContentError(
                path,
                f"model questions must pass the coach, but this one gets \u201c{result['label']}\u201d on "
                f"\u201c{result['name']}\u201d: {result['text']}",
            )
    return model


# --- reading a question --------------------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
# Words that tell the coach it is reading English (an English question has some of them).
COMMON = frozenset(
    """a about after again all am an and any anyone anything are as ask at be been before being best better
    between both but by can change changes could day decide did do does doing done each else even every everyone
    feel first for from get give go going good had happen happens has have help her here him his how i if in into
    is it its just keep know last let like look make matter matters may me might more most much must my need
    needs new next no not now of off on one only or other our out over people process really right say see
    season should show so some something staff still such sure system take team tell than that the their them
    then there these they thing things think this those through time to today too true up us use very want was
    way we well were what when where which while who whom whose why will with without work would year yes you
    your yours""".split()
)
QUESTION_WORDS = frozenset(
    "what what's whats how how's who who's whom whose which where where's when when's why why's".split()
)
NEGATIVE_OPENERS = frozenset(
    "isn't aren't wasn't weren't don't doesn't didn't can't couldn't wouldn't won't shouldn't haven't hasn't "
    "hadn't mustn't".split()
)
YES_NO_OPENERS = NEGATIVE_OPENERS | frozenset(
    "do does did is are was were am can could would will should shall have has had may might must".split()
)
# A question that opens with one of these is a statement said as a question ("You're happy with it?").
DECLARATIVE_OPENERS = frozenset(
    "i i'm i'd i've we we're we've we'd you you're you've you'd it it's that that's this there there's "
    "the your our my they they're he she so surely".split()
)
INVITATION = re.compile(
    r"^(?:please )?(?:tell me|talk me through|walk me through|take me through|help me understand|describe|"
    r"explain|say more|share)\b"
)
POLITE_INVITATION = re.compile(
    r"^(?:can|could|would|will) you (?:please )?(?:tell me|talk me through|walk me through|take me through|"
    r"describe|explain|share|say more|help me understand|give me a sense of)\b(.*)$"
)
LEAD_INS = re.compile(
    r"^(?:so|and|but|ok|okay|well|right|now|then|also|just|honestly|hi|hello|hey|look|listen|sorry|thanks|"
    r"out of (?:interest|curiosity)|i'm curious|i am curious|i'm wondering|i am wondering|i was wondering|"
    r"i wonder|can i ask(?: you)?|may i ask(?: you)?|could i ask(?: you)?|let me ask(?: you)?(?: this)?|"
    r"if i may ask|quick question|one question|my question is|i'd (?:love|like) to (?:understand|hear|know|learn)|"
    r"i would (?:love|like) to (?:understand|hear|know|learn))\b[,]?\s*"
)
# A clause before the question itself: "If it were up to you, what…", "Looking ahead, how…".
SUBORDINATE = re.compile(
    r"^(?:if|when|once|suppose|supposing|say|imagine|assuming|given|thinking|looking|before|after|while|in|as|"
    r"since|with|for|from|on|during|over|at|by|compared|beyond|apart|besides|setting|leaving|between|across|"
    r"putting|to|outside|other than|instead of|rather than|because|although|though|now that|until|unless)\b"
    r"[^,]*,\s*"
)
PREPOSITION_QUESTION = re.compile(r"^(?:in|for|from|with|to|by|on|at|under|of|about) (?:what|which|whom|whose|how)\b")
VOCATIVE = re.compile(r"^[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)?,\s+")
SENTENCE_BREAK = re.compile(r"(?<=[.!;:])\s+|\s+[\u2014\u2013]\s+|\s+-\s+")


def _normalise(text: str) -> str:
    """One line, straight quotes and apostrophes, no control characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x00A0: " "})
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> list[str]:
    """Lower-case words (letters of any script, with inner apostrophes and hyphens)."""
    return [w.lower() for w in WORD.findall(text)]


def _short(text: str, words: int = 8) -> str:
    """The first few words of a text, with an ellipsis if there is more."""
    found = text.split()
    return " ".join(found[:words]) + ("\u2026" if len(found) > words else "")


def _quote(phrases: list[str], limit: int = 3, joiner: str = "and") -> str:
    """\u201ca\u201d, \u201cb\u201d and \u201cc\u201d."""
    shown = [f"\u201c{p}\u201d" for p in phrases[:limit]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" {joiner} " + shown[-1]


def _split_first(text: str) -> tuple[str, int, bool]:
    """The first question (up to its question mark), how many more questions follow, and whether words do."""
    pieces = [p.strip() for p in re.findall(r"[^?]*\?+|[^?]+$", text) if p.strip()]
    worded = [p for p in pieces if WORD.search(p)]
    if not worded:
        return text, 0, False
    first_index = pieces.index(worded[0])
    first = " ".join(pieces[: first_index + 1])
    rest = pieces[first_index + 1 :]
    more_questions = sum(1 for p in rest if p.endswith("?") and WORD.search(p))
    return first, more_questions, any(WORD.search(p) for p in rest)


def _cap(text: str) -> tuple[str, bool]:
    """At most MAX_CHARS characters, cut at a word; and whether it was cut."""
    if len(text) <= MAX_CHARS:
        return text, False
    cut = text[:MAX_CHARS]
    if " " in cut[MAX_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:"), True


def _main_clause(question: str) -> str:
    """The clause that carries the question: lead-ins, a name and a clause before it are set aside."""
    sentences = [s for s in SENTENCE_BREAK.split(question.rstrip("?").strip()) if WORD.search(s)]
    clause = sentences[-1].strip() if sentences else question
    for _ in range(8):
        before = clause
        clause = VOCATIVE.sub("", clause, count=1)
        lowered = clause.lower()
        match = LEAD_INS.match(lowered)
        if not match and not PREPOSITION_QUESTION.match(lowered):
            # Only a clause that a question follows: "When would be a good time, given the peak?" stays whole.
            match = SUBORDINATE.match(lowered)
            if match and not _starts_a_question(clause[match.end() :]):
                match = None
        if match and match.end() < len(clause):
            clause = clause[match.end() :]
        clause = clause.lstrip(" ,;:\"'(")
        if clause == before:
            break
    return clause


def _starts_a_question(text: str) -> bool:
    """Whether text opens like a question (or a lead-in to one), so what came before it was a preamble."""
    lowered = text.lower().lstrip(" ,;:\"'(")
    first = (_words(lowered) or [""])[0]
    return bool(
        first in QUESTION_WORDS
        or first in YES_NO_OPENERS
        or LEAD_INS.match(lowered)
        or INVITATION.match(lowered)
        or PREPOSITION_QUESTION.match(lowered)
        or VOCATIVE.match(text.lstrip())
    )


def _opener(clause: str, has_mark: bool) -> tuple[str, str]:
    """What kind of question the main clause opens, and its first words as typed."""
    lowered = clause.lower()
    words = _words(lowered)
    first = words[0] if words else ""
    phrase = " ".join(clause.split()[:2])
    polite = POLITE_INVITATION.match(lowered)
    if polite:
        rest = polite.group(1).strip()
        kind = "closed" if re.match(r"^(?:if|whether)\b", rest) else "invitation"
        return kind, clause[: polite.start(1)].strip()
    if INVITATION.match(lowered):
        return "invitation", phrase
    if re.match(r"^i(?:'m| am) curious (?:about|what|how|who|when|where|which)\b", lowered):
        return "open", phrase
    if re.match(r"^(?:how about|why not|why don't (?:we|you|i))\b", lowered):
        return "proposal", phrase
    if first in QUESTION_WORDS or PREPOSITION_QUESTION.match(lowered) or first == "how":
        return "open", phrase
    if first in YES_NO_OPENERS:
        if re.search(r"\bor\b(?! not\b| so\b| anything\b)", lowered):
            return "either-or", phrase
        return "closed", phrase
    if not has_mark:
        return "statement", phrase
    if first in DECLARATIVE_OPENERS:
        return "declarative", phrase
    return "unknown", phrase


# --- the criteria --------------------------------------------------------------------------------


def _found(patterns: tuple[re.Pattern[str], ...], text: str) -> list[str]:
    """Every distinct phrase the patterns match in `text`, in the order they appear."""
    hits: list[tuple[int, str]] = []
    for pattern in patterns:
        hits += [(m.start(), m.group(0)) for m in pattern.finditer(text)]
    phrases: list[str] = []
    for _, phrase in sorted(hits):
        if phrase not in phrases and not any(phrase in p for p in phrases):
            phrases.append(phrase)
    return phrases


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    """Case-insensitive patterns."""
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


def _judge_open(kind: str, phrase: str) -> tuple[str, str]:
    """Open or closed, from the way the main clause opens."""
    quoted = f"\u201c{phrase}\u2026\u201d"
    if kind == "open":
        return GOOD, f"It opens with {quoted}, so the buyer answers in their own words."
    if kind == "invitation":
        return GOOD, f"It opens with {quoted}, an invitation to talk that works as an open question."
    if kind == "either-or":
        return LOOK, (
            f"It opens with {quoted} and offers a choice (\u201c\u2026 or \u2026\u201d): better than a yes or a no, "
            "but the buyer can only pick from the options you thought of."
        )
    if kind == "proposal":
        return LOOK, f"It opens with {quoted}, which proposes something rather than asking what they think."
    if kind == "unknown":
        return LOOK, (
            f"It opens with {quoted}, so it may be heard as a yes-or-no question. "
            "Starting with \u201cWhat\u201d or \u201cHow\u201d invites more."
        )
    if kind == "declarative":
        return PROBLEM, (
            f"It is a statement with a question mark ({quoted}), which invites a yes or a no. "
            "Try starting with \u201cWhat\u201d or \u201cHow\u201d."
        )
    return PROBLEM, (
        f"It opens with {quoted}, which invites a yes or a no and ends the conversation there. "
        "Try starting with \u201cWhat\u201d or \u201cHow\u201d."
    )


SELLER_STRONG = _compile(
    r"\b(?:our|my)\s+(?:[a-z-]+\s+){0,2}?(?:product|products|solution|solutions|platform|software|system|"
    r"systems|tool|tools|service|services|offer|offering|company|firm|team|features?|app|technology|dashboard|"
    r"pricing|prices?|price list|proposal|demo|package|customers|clients|integration|modules?|roadmap|"
    r"approach|implementation|onboarding|support|trial|pilot)\b",
    r"\b(?:can|could|may|shall|should|let) (?:i|we|me|us) (?:quickly |briefly |just )?(?:show|send|demo|"
    r"demonstrate|offer|give|get|walk you through|take you through|present|book|schedule|set up|share|"
    r"tell you about|introduce)\b",
    r"\b(?:i|we)(?:'d| would) (?:love|like) to (?:show|send|demo|present|walk you through|tell you about|share)\b",
    r"\b(?:i|we) (?:can|could|will) (?:help|save|offer|give|get|provide|deliver|fix|solve|show)\b",
    r"\bwe'?ve (?:helped|worked with|saved|built)\b",
    r"\bwould you like me to (?:send|show|set up|book|demo)\b",
    r"\b(?:with|choose|pick|try|hire|join) us\b",
    r"\b(?:switch|switching|move|moving|come|coming|go|going|over) to us\b",
)
SELLER_WEAK = _compile(
    r"(?<!your )(?<!their )(?<!current )(?<!existing )(?<!own )\b(?:demos?|demonstrations?|solutions?|"
    r"features?|products?|platforms?|proposal|upgrade)\b",
    r"\b(?:we|we're|we'd|we'll|us|our)\b",
)
BUYER = _compile(
    r"\byour\s+(?:own\s+)?[a-z'-]+(?:\s+(?:team|lead|director|department|manager|staff|people|process))?",
    r"\b(?:the|his|her|their)\s+(?:own\s+)?(?:team|teams|people|staff|colleagues|depot|depots|drivers|customers|"
    r"process|processes|department|departments|board|managers|supervisors|workflow|spreadsheet|patch)\b",
    r"\b(?:team|teams|people|staff|colleagues|depots?|drivers|customers|criteria|departments?|finance|"
    r"operations|stakeholders|everyone|anyone|workflow|spreadsheet|work-?arounds?|sign-?off|peak season|"
    r"peak|who else)\b",
)


def _judge_world(text: str) -> tuple[str, str]:
    """Whose world: the buyer's system, or the seller's product and company."""
    strong = _found(SELLER_STRONG, text)
    weak = [w for w in _found(SELLER_WEAK, text) if not any(w in s for s in strong)]
    buyer = _found(BUYER, text)
    if strong:
        seller = _quote(strong + weak)
        if len(buyer) > len(strong):
            return LOOK, (
                f"It mixes your side ({seller}) with theirs ({_quote(buyer)}). "
                f"Try it without {_quote(strong[:1])}: their side can carry the question on its own."
            )
        return PROBLEM, (
            f"It is about your side ({seller}): the buyer has to think about you and what you sell, "
            "not about their own situation."
        )
    products = [w for w in weak if w.lower() not in ("we", "we're", "we'd", "we'll", "us", "our")]
    if products and not buyer:
        return PROBLEM, (
            f"It is about your side of the table ({_quote(products)}), not about the buyer's people, process or "
            "criteria."
        )
    if products:
        return LOOK, (
            f"It mentions {_quote(products)}, which pulls the question towards what you sell. "
            f"Keep it on their side ({_quote(buyer)})."
        )
    if weak:
        return LOOK, (
            f"It says {_quote(weak)}: if that means your company, the question is about you; "
            "if it means you and the buyer together, \u201cyou\u201d keeps it clearly theirs."
        )
    if buyer:
        return GOOD, f"It stays in the buyer's world ({_quote(buyer)}) and leaves your product out."
    return GOOD, "It leaves your product and company out, so the buyer can answer from their own situation."


FUTURE = _compile(
    r"\bwould\b(?! you say\b)",
    r"\bwill\b",
    r"\b(?:you|they|we|it)'ll\b",
    r"\bgoing to\b",
    r"\bgoing forward\b",
    r"\bneeds? to\b",
    r"\b(?:has|have) to\b",
    r"\bmight\b",
    r"\b(?:what|how|who|when|where) (?:could|must|should)\b",
    r"\bhow soon\b",
    r"\b(?:happens?|happen) next\b|\bwhat next\b|\bnext (?:step|steps|peak|season|year)\b",
    r"\bwhat happens (?:if|when)\b",
    r"\blook like\b",
    r"\bin (?:the )?future\b",
    r"\bahead\b",
    r"\bwhen (?:it'?s|is it) time\b",
)
FACT = _compile(
    r"\bhow (?:many|much|often|big|old|long have|long has)\b",
    r"\bwhat size\b",
    r"\bwhat(?:'s| is| was) (?:your|the) (?:budget|spend|turnover|revenue|headcount|timeline|timescale|"
    r"time ?frame|deadline|current)\b",
    r"\b(?:do|does) (?:you|your \w+|the \w+) have (?:a |the |any )?budget\b",
    r"\bis there (?:a |any )?budget\b",
    r"\bwho(?:'s| is| are) (?:your|the) (?:current )?(?:supplier|vendor|provider|incumbent|decision[- ]?maker)s?\b",
    r"\bwhich (?:supplier|vendor|provider|system|software|tool|package|carrier)s? (?:do|are|did) you\b",
    r"\bwhat (?:system|software|tool|package|platform)s? (?:do|are|did) you\b",
    r"\b(?:what|which) do you (?:currently )?use\b",
    r"\b(?:do|are) you (?:currently )?(?:use|using)\b(?! (?:to|that|this)\b)",
    r"\bwho (?:makes|signs|has|holds|owns|controls|approves) (?:the )?(?:final )?(?:decision|budget|purse)s?\b",
    r"\bdecision[- ]?makers?\b",
    r"\bare you the (?:person|one) who\b",
    r"\bwhen (?:does|do|did|is) (?:your|the) (?:contract|renewal|licence|license)\b",
    r"\bwhat(?:'s| is) your (?:role|title|job)\b",
)
PRESENT = _compile(r"\b(?:currently|still|today|at the moment|right now|at present|these days|nowadays)\b")
PAST = _compile(
    r"\b(?:did|was|were|happened|had|led to|came about|come about|last time|used to|set up|went)\b",
)


def _judge_future(text: str, clause: str, closed: bool) -> tuple[str, str]:
    """Looking ahead (what would need to happen, how they'd know, when) or gathering facts."""
    lowered = text.lower()
    ahead = lowered
    # A closed opener's "would" or "will" ("Would you like…?") offers something; it does not look ahead.
    first = clause.split()[0].lower() if clause and closed else ""
    if first in ("would", "will"):
        at = lowered.rfind(clause.lower())
        ahead = lowered[:at] + lowered[at + len(first) :] if at >= 0 else lowered
    future = [
        phrase for phrase in _found(FUTURE, ahead) if not (phrase == "would" and re.search(r"\bwhy would\b", lowered))
    ]
    facts = _found(FACT, lowered)
    if facts and future:
        return LOOK, (
            f"It looks ahead ({_quote(future)}) but asks for a fact ({_quote(facts)}): the answer helps you "
            "more than it helps them think."
        )
    if facts:
        return PROBLEM, (
            f"It gathers facts for you ({_quote(facts)}). The buyer already knows the answer, "
            "so giving it doesn't help them think about what would need to change."
        )
    if future:
        return GOOD, f"It looks ahead ({_quote(future)}), which helps them picture what would have to happen."
    present = _found(PRESENT, lowered)
    if present:
        return LOOK, (
            f"It asks how things are now ({_quote(present)}): useful background for you, but it doesn't "
            "help them think about what would need to happen next."
        )
    past = _found(PAST, lowered)
    if past:
        return LOOK, (
            f"It looks back ({_quote(past)}). That can help them see how things got here; a question about "
            "what would need to happen next helps them move."
        )
    return LOOK, (
        f"Nothing in \u201c{_short(clause.rstrip('?'), 4)}\u201d looks ahead: it doesn't ask what would need to "
        "happen, how they would know, or when."
    )


LEADING = _compile(
    r"\bdon'?t you (?:think|agree|feel|want|see)\b",
    r"\bwouldn'?t you (?:agree|say|want|like|rather|prefer|think)\b",
    r"\b(?:would|do) you (?:not )?agree\b",
    r"\byou(?:'d| would) agree\b",
    r"\bsurely\b",
    r"\bisn'?t it (?:true|fair|obvious|clear|time)\b",
    r"\bobviously\b",
    r"\bclearly\b",
    r"\bof course\b",
    r"\bwouldn'?t it be (?:great|nice|better|good|easier|wonderful|amazing)\b",
    r"\bimagine how\b",
    r"\bhow (?:great|good|nice|much better|much easier) would it be\b",
    r"\bare you (?:really|honestly|actually) (?:happy|sure|satisfied|comfortable|okay|ok|content)\b",
    r"\byou must (?:be|feel|have|agree|know|see)\b",
    r"\baren'?t you (?:tired|worried|fed up|frustrated|concerned)\b",
    r",\s*(?:right|correct|agreed|yes|no|true|ok|okay|isn'?t it|aren'?t they|don'?t you|doesn'?t it|"
    r"wouldn'?t it|won'?t it|can'?t you|isn'?t that|aren'?t you|didn'?t you|wasn'?t it|shouldn'?t you|"
    r"haven'?t you)\s*\?*$",
)
LOADED = _compile(
    r"\bfrustrat\w*",
    r"\bpainful\b|\bpain\b",
    r"\bstruggl\w*",
    r"\boutdated\b|\bold-fashioned\b|\bclunky\b|\barchaic\b|\bdinosaur\b|\bancient\b",
    r"\bbroken\b|\bnightmare\b|\bheadache\b|\bmess(?:y)?\b|\binefficient\b",
    r"\bwast(?:e|es|ed|ing)\b",
    r"\blosing (?:money|customers|time|business)\b",
    r"\bcosting you\b",
    r"\bfalling behind\b|\bbehind the times\b|\bholding you back\b",
    r"\bstopping you\b",
    r"\b(?:so|such) (?:badly|bad|poorly|terrible|awful)\b",
    r"\b(?:yet|already)\s*\?*$",
)


def _judge_leading(text: str, opener_word: str) -> tuple[str, str]:
    """Leading or loaded phrasing, which tells the buyer what to answer."""
    found = _found(LEADING, text)
    if opener_word in NEGATIVE_OPENERS:
        found = [opener_word.capitalize(), *[f for f in found if f.lower() != opener_word]]
    if found:
        shown = [f.strip(" ,?") for f in found]
        return PROBLEM, (
            f"It tells them which answer you expect ({_quote(shown)}): a buyer who hears the answer you want "
            "either gives it to you or pushes back."
        )
    loaded = _found(LOADED, text)
    if loaded:
        shown = [f.strip(" ,?") for f in loaded]
        return LOOK, (
            f"It has loaded words ({_quote(shown)}) that assume how they see it; let them choose their own words."
        )
    return GOOD, "Nothing in it steers the answer, so they can say what they really think."


WHY = re.compile(r"\b(?:why|how come)\b", re.IGNORECASE)
REPORTED_WHY = re.compile(r"\b(?:asks?|asked|asking|explain|explains|know|understand|wonder|says?|said)\s+why\b")
DEFENSIVE_WHY = re.compile(
    r"\b(?:why|how come)\b(?:\W+\w+){0,5}?\W+(?:\w+n't|not|still|ever|even|keep|bother|stick|put up|on earth|"
    r"would you|yet)\b",
    re.IGNORECASE,
)


def _judge_why(text: str) -> tuple[str, str]:
    """A "why" that puts people on the defence."""
    lowered = text.lower()
    asked = [m for m in WHY.finditer(lowered) if not REPORTED_WHY.search(lowered[: m.end()][-30:])]
    if not asked:
        return GOOD, "No \u201cwhy\u201d that could put them on the defence."
    start = asked[0].start()
    clause = _short(text[start:].rstrip("?"), 5)
    suggestion = "Try \u201cWhat led to \u2026?\u201d or \u201cHow did \u2026 come about?\u201d"
    if DEFENSIVE_WHY.search(lowered[start:]):
        return PROBLEM, (
            f"\u201c{clause}\u201d asks them to justify a choice, which puts people on the defence. {suggestion}"
        )
    return LOOK, f"It asks \u201c{clause}\u201d, and a \u201cwhy\u201d can sound like a challenge. {suggestion}"


PITCH = _compile(
    r"\bdiscount\w*",
    r"\b(?:special|introductory|exclusive|limited)[- ](?:offer|price|pricing|deal|rate)s?\b",
    r"\blimited[- ]time\b",
    r"\boffer(?:s|ed|ing)?\b",
    r"\bdeals?\b(?! with\b)(?! of\b)",
    r"\bsign(?:s|ed|ing)?\b(?![- ]?off\b)",
    r"\bthis (?:quarter|month)\b",
    r"\b(?:end|close) of (?:the )?(?:month|quarter|year)\b",
    r"\bby (?:friday|monday|tuesday|wednesday|thursday|the end of)\b",
    r"\block in\b",
    r"\bfree(?: trial)?\b|\btrial\b|\btry us\b",
    r"\bpromo(?:tion)?s?\b",
    r"\bact now\b|\btoday only\b|\bsigning today\b",
    r"\b(?:win|earn|get) your business\b",
    r"\bclose (?:the|this) deal\b",
    r"\bready to (?:buy|sign|order|go ahead|move forward|commit|proceed)\b",
    r"\bpurchase order\b",
    r"\b(?:roi|return on investment) (?:of|from|on) (?:our|the) (?:platform|product|solution|software|system)\b",
    r"\bour roi\b",
    r"\bprice (?:goes|will go) up\b|\b(?:best|lowest|cheapest|better) price\b",
    r"\bsave you\b|\bpays? for itself\b",
)
PITCH_WEAK = _compile(r"\broi\b|\breturn on investment\b", r"\bcheaper\b")


def _judge_pitch(text: str) -> tuple[str, str]:
    """Pitch words: the vocabulary of a close rather than a question."""
    found = _found(PITCH, text)
    if found:
        return PROBLEM, (
            f"It has pitch words ({_quote(found)}): the buyer hears a sales move, and the question turns into "
            "something to fend off."
        )
    weak = _found(PITCH_WEAK, text)
    if weak:
        return LOOK, (f"It mentions {_quote(weak)}: fine if it is their measure of success, a pitch if it is yours.")
    return GOOD, "No pitch words such as \u201cdiscount\u201d, \u201cdeal\u201d or \u201csign\u201d."


STOP_WORDS = frozenset(
    """a an the of to and or in on for with at by from his her their your my our its it is are be this that
    these those what how who when which he she they them we you i me us""".split()
)


def _stem(word: str) -> str:
    """A rough stem, so "teams" finds "team" and "changing" finds "change"."""
    word = word.lower().removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.removesuffix("e") if len(word) > 3 else word


def _content_stems(text: str) -> list[str]:
    """The stems of a text's words that carry meaning."""
    return [_stem(w) for w in _words(_normalise(text)) if w not in STOP_WORDS]


def _judge_cues(text: str, cues: tuple[str, ...]) -> tuple[str, str]:
    """Whether the question touches what the author says matters in this situation."""
    present = set(_content_stems(text))
    touched = [cue for cue in cues if set(_content_stems(cue)) <= present]
    if touched:
        return GOOD, f"It touches what matters here: {_quote(touched)}."
    return LOOK, f"It doesn't touch what matters most in this situation, such as {_quote(list(cues), 2, 'or')}."


# --- the reading ---------------------------------------------------------------------------------


def _state(state: str, message: str, notes: list[str], question: str = "") -> dict[str, object]:
    """A reading that coached nothing: a human message instead of criteria."""
    return {"state": state, "question": question, "message": message, "notes": notes, "criteria": []}


def read_question(raw: str, cues: tuple[str, ...] = ()) -> dict[str, object]:
    """Coach one question: every criterion's verdict and sentence, or a message when there is nothing to coach."""
    text = _normalise(raw[:READ_LIMIT])
    notes: list[str] = []
    if not text:
        return _state("empty", "Write the question you would ask first, then ask the coach.", notes)
    first, more, trailing = _split_first(text)
    if more:
        notes.append(
            f"You wrote {more + 1} questions; the coach read the first one. A buyer answers one question at a "
            "time: keep the others for later."
        )
    elif trailing:
        notes.append("The coach read up to the first question mark and left out the words after it.")
    first, cut = _cap(first)
    if cut or len(raw) > READ_LIMIT:
        end = " ".join(first.split()[-4:])[-40:]
        notes.append(
            f"That is longer than {MAX_CHARS} characters, so the coach read only the start (up to "
            f"\u201c\u2026{end}\u201d). A buyer takes in a short question more easily."
        )
    words = _words(first)
    if not words:
        return _state(
            "unreadable", "The coach couldn't find any words in that. Write the question you would ask.", notes, first
        )
    letters = [c for c in first if c.isalpha()]
    foreign = sum(1 for c in letters if not c.isascii()) / len(letters)
    english = sum(1 for w in words if w in COMMON) / len(words)
    if len(words) < 2 and foreign <= 0.3 and len(words[0]) <= 30:
        return _state(
            "too-short",
            f"\u201c{first}\u201d is a single word. Write the whole question, as you would say it to the buyer.",
            notes,
            first,
        )
    # Few common English words, and none at all or letters from other alphabets: not English (or not words).
    if foreign > 0.3 or english == 0 or (english < 0.5 and foreign > 0):
        return _state(
            "unreadable",
            "The coach reads questions in English and couldn't make this one out. "
            "Write the question you would ask the buyer, in English.",
            notes,
            first,
        )
    clause = _main_clause(first)
    kind, phrase = _opener(clause, "?" in first)
    if kind == "statement":
        return _state(
            "not-a-question",
            f"This reads as a statement, not a question (\u201c{_short(first)}\u201d). "
            "Write what you would ask the buyer, and end it with a question mark.",
            notes,
            first,
        )
    opener_word = (_words(clause) or [""])[0]
    verdicts = {
        "open": _judge_open(kind, phrase),
        "world": _judge_world(first),
        "future": _judge_future(first, clause, kind in ("closed", "either-or")),
        "leading": _judge_leading(first, opener_word),
        "why": _judge_why(first),
        "pitch": _judge_pitch(first),
    }
    if cues:
        verdicts["cues"] = _judge_cues(first, cues)
    criteria = [
        {
            "id": key,
            "name": BY_CRITERION[key].name,
            "verdict": verdict,
            "label": VERDICT_LABELS[verdict],
            "text": sentence,
        }
        for key, (verdict, sentence) in verdicts.items()
    ]
    return {"state": COACHED, "question": first, "message": "", "notes": notes, "criteria": criteria}


# --- the bridge's answer -------------------------------------------------------------------------


def _text_or_none(value: object, path: str) -> str | None:
    """Text, or None for nothing."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ContentError(path, f"expected text or nothing, got {fields.describe(value)}")
    return value


def _changes(before: dict[str, object], after: dict[str, object]) -> dict[str, object]:
    """Which criteria got better or worse since the last coached try."""
    if before["state"] != COACHED:
        return {
            "same": False,
            "better": [],
            "worse": [],
            "unchanged": 0,
            "text": "Your last try couldn't be coached, so there is nothing to compare yet.",
        }
    if _normalise(str(before["question"])).lower() == _normalise(str(after["question"])).lower():
        return {
            "same": True,
            "better": [],
            "worse": [],
            "unchanged": len(after["criteria"]),
            "text": "This is the same question as your last try.",
        }
    old = {c["id"]: c for c in before["criteria"]}
    better, worse, unchanged = [], [], 0
    for now in after["criteria"]:
        was = old.get(now["id"])
        if was is None:
            continue
        step = {
            "id": now["id"],
            "name": now["name"],
            "before": was["verdict"],
            "after": now["verdict"],
            "text": f"{now['name']}: {was['label']} \u2192 {now['label']}",
        }
        if RANK[now["verdict"]] > RANK[was["verdict"]]:
            better.append(step)
        elif RANK[now["verdict"]] < RANK[was["verdict"]]:
            worse.append(step)
        else:
            unchanged += 1
    if not better and not worse:
        text = "No criterion changed its verdict since your last try."
    else:
        parts = []
        if better:
            parts.append(f"better on {_names(better)}")
        if worse:
            parts.append(f"worse on {_names(worse)}")
        text = f"Since your last try: {'; '.join(parts)}."
    return {"same": False, "better": better, "worse": worse, "unchanged": unchanged, "text": text}


def _names(steps: list[dict[str, object]]) -> str:
    """Criterion names in a sentence: a, b and c."""
    names = [str(step["name"]).lower() for step in steps]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _summary(reading: dict[str, object]) -> str:
    """The reading in a sentence or two, announced when it is shown."""
    notes = " ".join(reading["notes"])
    if reading["state"] != COACHED:
        return " ".join(filter(None, [str(reading["message"]), notes]))
    counts = {verdict: [c for c in reading["criteria"] if c["verdict"] == verdict] for verdict in RANK}
    parts = []
    for verdict, singular, plural in ((PROBLEM, "problem", "problems"), (LOOK, "worth a look", "worth a look")):
        found = counts[verdict]
        if found:
            names = "; ".join(str(c["name"]).lower() for c in found)
            parts.append(f"{len(found)} {singular if len(found) == 1 else plural} ({names})")
    parts.append(f"{len(counts[GOOD])} good")
    text = f"The coach's reading, by rules of thumb: {', '.join(parts)}."
    return " ".join(filter(None, [notes, text]))


def coach(content: QuestionCoach, raw_situation: object, raw_question: object, raw_previous: object = None) -> dict:
    """Coach a learner's question for one situation, and say what changed since their previous try."""
    situation = content.situation(raw_situation)
    if not isinstance(raw_question, str):
        raise ContentError("question", f"expected text, got {fields.describe(raw_question)}")
    question = raw_question
    previous = _text_or_none(raw_previous, "previous")
    reading = read_question(question, situation.cues)
    changes = None
    if previous is not None and reading["state"] == COACHED:
        changes = _changes(read_question(previous, situation.cues), reading)
    summary = _summary(reading)
    if changes is not None:
        summary += " " + str(changes["text"])
    counts = {verdict: sum(1 for c in reading["criteria"] if c["verdict"] == verdict) for verdict in RANK}
    return {
        "coach": content.id,
        "situation": situation.id,
        **reading,
        "counts": counts,
        "changes": changes,
        "summary": summary,
    }


def coach_request(request: Mapping[str, object]) -> dict:
    """The bridge's "coach" action: validate the content, then coach the learner's question."""
    return coach(
        parse_question_coach(request.get("content")),
        request.get("situation"),
        request.get("question"),
        request.get("previous"),
    )
