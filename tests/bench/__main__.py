"""Run the benchmark: `python -m tests.bench [--tiny] [--check]` (see `make bench` and `make bench-check`)."""

import argparse
import json
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from intake import ROOT

from . import seed, servers, wrk
from .budgets import check, complete_submission, print_table
from .staff_login import log_in

PATIENT_PAGES = ["/", "/emergency-signs", "/about-you", "/where-it-hurts", "/where-it-hurts/main-area",
                 "/what-it-feels-like", "/daily-life-and-history", "/your-health", "/check-your-answers",
                 "/confirm-and-send", "/learn/", "/learn/mid-upper-back-pain"]
STEP_POSTS = [("emergency", "/emergency-signs"), ("about", "/about-you"), ("regions", "/where-it-hurts"),
              ("primary", "/where-it-hurts/main-area"), ("symptoms", "/what-it-feels-like"),
              ("history", "/daily-life-and-history"), ("health", "/your-health")]
QUEUE_VIEWS = {"queue (today)": "/staff/", "queue (all unreviewed)": "/staff/?status=new&from=&to="}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="one short run per scenario (proves the bench works)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a budget is missed")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each wrk run")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json", help="where to save results")
    args = parser.parse_args(argv)
    if not wrk.available():
        print("wrk is not installed: `sudo apt-get install wrk` (Debian/Ubuntu), then run again.", file=sys.stderr)
        return 2
    sizes = (50, 500) if args.tiny else (1_000, 100_000)
    seconds = 1 if args.tiny else args.seconds
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    try:
        # Tiny mode: one short run per scenario; a real run repeats each (see measure).
        results = measure(scratch, sizes, seconds, rounds=1 if args.tiny else 2)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    results["complete submission (every POST)"] = complete_submission(results)
    args.json.parent.mkdir(exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results, sizes, time.monotonic() - started)
    misses = check(results)
    for miss in misses:
        print(f"BUDGET MISSED: {miss}")
    return 1 if (args.check and misses) else 0


def measure(scratch: Path, sizes: tuple[int, int], seconds: float, rounds: int = 2) -> dict:
    small, large = scratch / "small.sqlite3", scratch / "large.sqlite3"
    secret = seed.secrets.token_urlsafe(48)
    print(f"Seeding {sizes[0]:,} and {sizes[1]:,} submissions …", flush=True)
    seed.create_database(small, secret, sizes[0])
    seed.create_database(large, secret, sizes[1])
    # About 2,500 final submits a second is far above any budget: enough fresh drafts for each of
    # the final submit's runs.
    per_run = int(2_500 * seconds)
    warm_up_drafts = 4 * servers.WORKERS
    pairs = seed.patient_cookies(small, secret, rounds * per_run + 1 + warm_up_drafts)
    patient_cookie, patient_csrf = pairs[0]
    warm_up_pairs, pairs = pairs[-warm_up_drafts:], pairs[:-warm_up_drafts]
    pair_files = [scratch / f"pairs-{n + 1}.tsv" for n in range(rounds)]
    for n, path in enumerate(pair_files):
        path.write_text("".join(f"{c}\t{t}\n" for c, t in pairs[1 + n * per_run:1 + (n + 1) * per_run]))
    log = scratch / "gunicorn.log"
    app_env = {"INTAKE_RATELIMIT_ENABLED": "false"}
    results, group, ceilings, warmed = {}, [], [], set()
    # One before the first group and one after each: the rounds of patient pages, the step POSTs,
    # the rounds of staff pages and of final submits.
    ceiling_runs = 2 + 3 * rounds

    def run(name, url, length=None, **env):
        print(f"  {name}", flush=True)
        if name not in warmed:
            wrk.warm_up(url, workers=servers.WORKERS, env=env, pairs=warm_up_pairs)
            warmed.add(name)
        result = vars(wrk.run(url, seconds=length or seconds, env=env))
        result["kind"] = name.split(" ", 1)[0]
        group.append((name, result))

    def ceiling_run(base):
        name = "ceiling" if not ceilings else "ceiling (again)" if len(ceilings) == ceiling_runs - 1 \
            else f"ceiling ({len(ceilings) + 1})"
        print(f"  {name}", flush=True)
        result = vars(wrk.run(base + "/", seconds=seconds))
        ceilings.append(result["requests_per_second"])
        results[name] = {**result, "kind": "ceiling", "ceiling": result["requests_per_second"]}

    def end_group(base):
        # The machine's speed drifts (seen here: the ceiling from 2,800 to 4,200 requests/s within
        # minutes): each group of scenarios is compared with the ceiling measured just before and
        # just after it, the better of the two. Where a scenario runs more than once, its best ratio counts.
        ceiling_run(base)
        top = max(ceilings[-2:])
        for name, result in group:
            result["ceiling"] = top
            if name not in results or result["requests_per_second"] / top > \
                    results[name]["requests_per_second"] / results[name]["ceiling"]:
                results[name] = result
        group.clear()

    with servers.gunicorn("tests.bench.ceiling:app", log) as ceiling_base, \
            servers.gunicorn("intake:create_app()", log,
                             {**app_env, **seed.server_env(small, secret)}) as base:
        ceiling_run(ceiling_base)
        # Shorter rounds (two in a real run), best of each page: one busy moment on the machine
        # would otherwise decide a page's ratio.
        for _ in range(rounds):
            for path in PATIENT_PAGES:
                run(f"GET {path}", base + path, length=max(1, seconds * 0.6),
                    BENCH_COOKIE=f"intake_session={patient_cookie}")
            end_group(ceiling_base)
        for page, path in STEP_POSTS:
            body = urllib.parse.urlencode({**form_body(page), "csrf_token": patient_csrf}, doseq=True)
            run(f"POST {path}", base + path, BENCH_METHOD="POST", BENCH_BODY=body,
                BENCH_COOKIE=f"intake_session={patient_cookie}")
        end_group(ceiling_base)
        with servers.gunicorn("intake:create_app()", log,
                              {**app_env, **seed.server_env(large, secret)}) as large_base:
            staff_small, staff_large = log_in(base), log_in(large_base)
            newest = seed.newest_submission_id(large, secret)
            # The queue's growth is a ratio of two runs: they alternate (twice in a real run), so that a
            # change in the machine's load during the benchmark weighs on both sizes alike.
            for _ in range(rounds):
                for name, path in QUEUE_VIEWS.items():
                    run(f"{name} at {sizes[0]:,}", base + path, BENCH_COOKIE=staff_small)
                    run(f"{name} at {sizes[1]:,}", large_base + path, BENCH_COOKIE=staff_large)
                run(f"submission page at {sizes[1]:,}", f"{large_base}/staff/submissions/{newest}",
                    BENCH_COOKIE=staff_large)
                end_group(ceiling_base)
        # Last, as it adds thousands of submissions to this database; each run on fresh drafts.
        for pair_file in pair_files:
            run("POST /confirm-and-send (final submit)", base + "/confirm-and-send",
                BENCH_BODY=urllib.parse.urlencode(form_body("consent"), doseq=True), BENCH_PAIRS=str(pair_file))
            end_group(ceiling_base)
    return results


def form_body(page: str) -> dict:
    from tests.questionnaire_client import form_data

    return form_data(page, seed._answers({}))


if __name__ == "__main__":
    sys.exit(main())
