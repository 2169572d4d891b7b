"""The benchmark's load: a separate process that signs people in, then runs each scenario for a fixed time.

    python -m bench.driver PLAN.json

The plan names the port, the workers' process ids, the seconds per scenario,
the people (one per thread, each on its own keep-alive connection, spread
evenly over the workers) and the scenarios. A
scenario is a list of GET paths taken in turn, or ``"vote"``: cast then
withdraw a vote on random ballot stories. Each scenario after the first (the
ceiling, ``/healthz``) runs in turns with the ceiling. Prints one JSON line of
results.
"""
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter

from bench.balance import spread
from bench.client import Voter

TURNS = 5  # each scenario alternates with the ceiling in this many turns


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] * 1000 if ordered else 0.0


def _run(voters: list[Voter], scenario: dict, seconds: float) -> dict:
    """Every voter's thread runs ``scenario`` for ``seconds``; returns the raw latencies and statuses."""
    latencies: list[list[float]] = [[] for _ in voters]
    statuses: list[Counter] = [Counter() for _ in voters]
    deadline = time.perf_counter() + seconds

    def work(index: int, voter: Voter) -> None:
        rng = random.Random(index)
        paths = scenario.get("paths", [])
        if scenario.get("vote") and not voter.vote_token:
            voter.vote_token = voter.token("/vote")
        token = voter.vote_token
        step = voter.step  # a scenario's pages go round across its turns, not from the first each time
        while time.perf_counter() < deadline:
            if scenario.get("vote"):
                story = rng.choice(scenario["stories"])
                requests = [("POST", f"/vote/{story}"), ("POST", f"/vote/{story}/withdraw")]
            else:
                requests = [("GET", paths[step % len(paths)])]
                step += 1
            for method, path in requests:
                began = time.perf_counter()
                body = {"csrf_token": token} if method == "POST" else None
                try:
                    status, _answer = voter.request(method, path, body,
                                                    accept="application/json" if body else "text/html")
                except (OSError, http.client.HTTPException) as error:  # counted, never silently dropped
                    status = type(error).__name__
                latencies[index].append(time.perf_counter() - began)
                statuses[index][status] += 1
        voter.step = step

    threads = [threading.Thread(target=work, args=(index, voter)) for index, voter in enumerate(voters)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    total = Counter()
    for counter in statuses:
        total.update(counter)
    return {"latencies": [value for values in latencies for value in values], "statuses": total,
            "seconds": time.perf_counter() - started}


def _summary(runs: list[dict]) -> dict:
    """Requests per second and latency percentiles over one or more runs of a scenario."""
    ordered = sorted(value for run in runs for value in run["latencies"])
    seconds = sum(run["seconds"] for run in runs)
    total = Counter()
    for run in runs:
        total.update(run["statuses"])
    return {"requests": len(ordered), "seconds": seconds, "rps": len(ordered) / seconds,
            "p50_ms": _percentile(ordered, 0.50), "p95_ms": _percentile(ordered, 0.95),
            "p99_ms": _percentile(ordered, 0.99), "statuses": {str(k): v for k, v in sorted(total.items(), key=str)}}


def _in_turns(voters: list[Voter], scenario: dict, ceiling: dict, seconds: float) -> dict:
    """The scenario for ``seconds`` in all, in turns with the ceiling (``/healthz``) for as long.

    A noisy moment on the machine then slows one turn of both rather than the whole of one,
    and the scenario's ratio is to the ceiling measured beside it.
    """
    own, beside = [], []
    for _ in range(TURNS):
        beside.append(_run(voters, ceiling, seconds / TURNS))
        own.append(_run(voters, scenario, seconds / TURNS))
    return {**_summary(own), "ceiling_rps": _summary(beside)["rps"]}


def main(plan_path: str) -> None:
    """Run the plan and print its results as one JSON line."""
    with open(plan_path) as handle:
        plan = json.load(handle)
    voters = [Voter(plan["port"], email, plan["password"]) for email in plan["people"]]
    for voter in voters:
        voter.sign_in()
    placement = spread(voters, plan["workers"])
    for index, voter in enumerate(voters):
        voter.step = index
    ceiling = plan["scenarios"]["healthz"]
    results = {}
    for name, scenario in plan["scenarios"].items():
        _run(voters, scenario, min(2.0, plan["seconds"]))  # a short warm-up, not counted
        if scenario is ceiling:
            results[name] = _summary([_run(voters, scenario, plan["seconds"])])
        else:
            results[name] = _in_turns(voters, scenario, ceiling, plan["seconds"])
    print(json.dumps({"scenarios": results, "connections_per_worker": list(placement.values())}))


if __name__ == "__main__":
    main(sys.argv[1])
