"""The budgets, as ratios to the ceiling measured in the same run, and the results table."""

import platform

# (what, minimum ratio to the ceiling)
PATIENT_PAGE_MIN = 1 / 5
FINAL_SUBMIT_MIN = 1 / 10
SUBMISSION_PAGE_MIN = 1 / 10
# The queue at 100,000 submissions against itself at 1,000.
QUEUE_GROWTH_MIN = 0.8


def ratio(result: dict) -> float:
    """A scenario's speed against the ceiling measured beside it (see tests/bench/__main__.py)."""
    return result["requests_per_second"] / result["ceiling"]


def complete_submission(results: dict) -> dict:
    """Every step's POST and the final submit, one after another: the rate of whole submissions."""
    posts = [r for name, r in results.items() if name.startswith("POST ")]
    seconds = sum(1 / r["requests_per_second"] for r in posts)
    return {"requests_per_second": 1 / seconds, "p50_ms": sum(r["p50_ms"] for r in posts),
            "p99_ms": sum(r["p99_ms"] for r in posts), "requests": min(r["requests"] for r in posts),
            "errors": sum(r["errors"] for r in posts), "kind": "derived",
            "ceiling": max(r["ceiling"] for r in posts)}


def check(results: dict) -> list[str]:
    """Every budget missed, in words; empty when all are met."""
    misses = []
    for name, r in results.items():
        share = max(ratio(r), 1e-9)
        if not r["requests"]:
            misses.append(f"{name}: no request completed")
        if r["errors"]:
            misses.append(f"{name}: {r['errors']} failed requests")
        if name.startswith("GET ") and share < PATIENT_PAGE_MIN:
            misses.append(f"{name}: 1/{1 / share:.1f} of the ceiling, budget 1/{1 / PATIENT_PAGE_MIN:.0f}")
        if "final submit" in name and share < FINAL_SUBMIT_MIN:
            misses.append(f"{name}: 1/{1 / share:.1f} of the ceiling, budget 1/{1 / FINAL_SUBMIT_MIN:.0f}")
        if name.startswith("submission page") and share < SUBMISSION_PAGE_MIN:
            misses.append(f"{name}: 1/{1 / share:.1f} of the ceiling, budget 1/{1 / SUBMISSION_PAGE_MIN:.0f}")
    queues = [name for name in results if name.startswith("queue")]
    for view in {name.rsplit(" at ", 1)[0] for name in queues}:
        small, large = (results[n] for n in sorted((n for n in queues if n.startswith(view + " at ")),
                                                   key=lambda n: int(n.rsplit(" ", 1)[1].replace(",", ""))))
        # Each against its own ceiling, so a drift in the machine's speed between runs cancels out.
        growth = ratio(large) / ratio(small)
        if growth < QUEUE_GROWTH_MIN:
            misses.append(f"{view}: {growth:.2f}× its speed at the small size, budget {QUEUE_GROWTH_MIN}×")
    return misses


def print_table(results: dict, sizes: tuple[int, int], elapsed: float) -> None:
    print()
    print(f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"gunicorn 2 sync workers, wrk -t2 -c16, SQLite (WAL); {sizes[0]:,} / {sizes[1]:,} submissions")
    print(f"{'scenario':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ceiling':>8} {'ratio':>8} {'errors':>7}")
    for name, r in results.items():
        share = ratio(r)
        shown = "1/1" if share >= 1 else (f"1/{1 / share:.1f}" if share else "none")
        print(f"{name:<44} {r['requests_per_second']:>8.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
              f"{r['ceiling']:>8.0f} {shown:>8} {r['errors']:>7}")
    print(f"({elapsed:.0f} s in all)")
