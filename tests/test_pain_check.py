"""The gentle check of two pain scores: worst in the past week below now is questioned, nothing else."""

import pytest

from intake.rules.pain_check import worst_below_now


@pytest.mark.parametrize("now, worst, questioned", [
    (7, 3, True), (1, 0, True), (10, 9, True),
    (3, 3, False), (3, 7, False), (0, 10, False), (0, 0, False),
    (None, 3, False), (7, None, False), (None, None, False), (True, 0, False), ("7", "3", False),
])
def test_worst_below_now(now, worst, questioned):
    answers = {code: value for code, value in (("pain_now", now), ("pain_worst", worst)) if value is not None}
    assert worst_below_now(answers) is questioned
