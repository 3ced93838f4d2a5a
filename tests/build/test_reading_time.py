"""A module's time counts every word a learner reads, each quiz question, and each question they write."""

from __future__ import annotations

from widgets.build.reading_time import estimate

PROSE = "word " * 400  # two minutes at 200 words a minute

QUIZ = """```quiz
id: t-check
questions:
  - id: q1
    kind: single
    prompt: One two three four five
    options:
      - {text: six seven, correct: true, feedback: eight nine ten eleven twelve}
      - {text: thirteen, correct: false, feedback: fourteen fifteen sixteen seventeen eighteen}
```"""

COACH = """```question-coach
id: t-coach
situations:
  - {id: a, context: one two three, models: [four five, six seven]}
  - {id: b, context: eight nine, models: [ten eleven, twelve]}
```"""


def test_feedback_and_explanations_count_as_reading_but_ids_and_switches_do_not():
    counted = estimate(f"# T\n\n{PROSE}\n\n{QUIZ}\n")
    # 400 prose words, "T", and 18 words of quiz text; "single", "true", "q1" are not read.
    assert (counted.words, counted.questions) == (400 + 1 + 18, 1)
    assert counted.sentence() == "About 3 minutes to read, plus a knowledge check of 1 question."


def test_each_coach_situation_adds_time_to_write_a_question():
    counted = estimate(f"# T\n\n{PROSE}\n\n{COACH}\n")
    assert counted.situations == 2
    assert counted.sentence() == "About 3 minutes to read, and 2 questions of your own to write for the coach."
    assert counted.total_minutes == 5  # 3 + 2 × 2 = 7, shown to the nearest 5
    assert estimate(f"# T\n\n{PROSE * 5}\n\n{COACH}\n").total_minutes == 15  # 11 + 4
