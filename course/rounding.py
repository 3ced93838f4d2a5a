"""Scores rounded the way people round them: half up (62.5 % is 63 %), computed exactly."""

from __future__ import annotations

import math
from fractions import Fraction


def exact(value: int | float | Fraction) -> Fraction:
    """A number as the decimal it is written as: 0.285 is 57/200, not the float just below it."""
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def half_up(value: int | float | Fraction) -> int:
    """Round to a whole number, halves up (Python's round() sends 62.5 to the even 62)."""
    return math.floor(exact(value) + Fraction(1, 2))


def percent(part: int | float | Fraction, whole: int | float | Fraction) -> int:
    """`part` as a whole-number percentage of `whole`, rounded half up."""
    return half_up(exact(part) * 100 / exact(whole))
