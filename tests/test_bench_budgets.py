"""The budgets `make bench-check` applies: each scenario against the ceiling measured beside it."""

import pytest

from tests.bench.budgets import check


def scenario(rps, ceiling, errors=0):
    return {"requests_per_second": rps, "ceiling": ceiling, "requests": 100, "errors": errors,
            "p50_ms": 1.0, "p99_ms": 2.0}


def runs(**overrides):
    """A run that meets every budget, with some scenarios replaced."""
    results = {
        "ceiling": scenario(3000, 3000), "GET /": scenario(900, 3000),
        "submission page at 100,000": scenario(320, 3000), "POST /confirm-and-send (final submit)": scenario(330, 3000),
        "queue (today) at 1,000": scenario(120, 3000), "queue (today) at 100,000": scenario(110, 3000),
    }
    return {**results, **overrides}


@pytest.mark.parametrize("name, result, missed", [
    (None, None, None),
    ("GET /", scenario(500, 3000), "GET /: 1/6.0 of the ceiling, budget 1/5"),
    ("submission page at 100,000", scenario(250, 3000), "1/12.0 of the ceiling, budget 1/10"),
    # The same speed passes when the ceiling measured beside it was lower: the machine was slower then.
    ("submission page at 100,000", scenario(250, 2400), None),
    ("POST /confirm-and-send (final submit)", scenario(290, 3000), "1/10.3 of the ceiling, budget 1/10"),
    ("GET /", scenario(900, 3000, errors=3), "GET /: 3 failed requests"),
    # The queue's growth compares each size with its own ceiling.
    ("queue (today) at 100,000", scenario(80, 3000), "queue (today): 0.67× its speed at the small size"),
    ("queue (today) at 100,000", scenario(80, 2000), None),
])
def test_budgets(name, result, missed):
    misses = check(runs(**({name: result} if name else {})))
    if missed is None:
        assert misses == []
    else:
        assert len(misses) == 1 and missed in misses[0]
