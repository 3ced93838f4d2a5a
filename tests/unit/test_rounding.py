"""course.rounding: half up, exactly, as README promises for every score."""

from fractions import Fraction

import pytest

from course.rounding import half_up, percent


@pytest.mark.parametrize(
    ("value", "rounded"),
    [(0, 0), (0.5, 1), (1.5, 2), (2.5, 3), (12.5, 13), (62.5, 63), (62.49, 62), (99.5, 100), (Fraction(125, 2), 63)],
)
def test_half_up(value, rounded):
    assert half_up(value) == rounded


@pytest.mark.parametrize(
    ("part", "whole", "result"),
    [(5, 8, 63), (1, 8, 13), (3, 8, 38), (0, 8, 0), (8, 8, 100), (1, 3, 33), (2, 3, 67), (0.5, 4, 13), (0.285, 1, 29)],
)
def test_percent(part, whole, result):
    assert percent(part, whole) == result
