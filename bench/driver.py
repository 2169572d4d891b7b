"""The benchmark's load: a separate process that signs people in, then runs each scenario for a fixed time.

    python -m bench.driver PLAN.json

The plan names the port, the workers' process ids, the seconds per scenario,
the people (one per thread, each on its own keep-alive connection, spread
evenly over the workers) and the scenarios. A
scenario is a list of GET paths taken in turn, or ``"vote"``: cast then
withdraw a vote on random ballot stories. Prints one JSON line of results.
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


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)] * 1000 if ordered else 0.0


def _run(voters: list[Voter], scenario: dict, seconds: float) -> dict:
    latencies: list[list[float]] = [[] for _ in voters]
    statuses: list[Counter] = [Counter() for _ in voters]
    deadline = time.perf_counter() + seconds

    def work(index: int, voter: Voter) -> None:
        rng = random.Random(index)
        paths = scenario.get("paths", [])
        token = voter.token("/vote") if scenario.get("vote") else ""
        step = index
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
                    status, answer = voter.request(method, path, body, accept="application/json" if body else "text/html")
                    if b"\x00" in answer:  # a shared page left with a hole: counted as the failure it is
                        status = "unfilled hole"
                except (OSError, http.client.HTTPException) as error:  # counted, never silently dropped
                    status = type(error).__name__
                latencies[index].append(time.perf_counter() - began)
                statuses[index][status] += 1

    threads = [threading.Thread(target=work, args=(index, voter)) for index, voter in enumerate(voters)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - started
    ordered = sorted(value for values in latencies for value in values)
    total = Counter()
    for counter in statuses:
        total.update(counter)
    return {"requests": len(ordered), "seconds": elapsed, "rps": len(ordered) / elapsed,
            "p50_ms": _percentile(ordered, 0.50), "p95_ms": _percentile(ordered, 0.95),
            "p99_ms": _percentile(ordered, 0.99), "statuses": {str(k): v for k, v in sorted(total.items(), key=str)}}


def main(plan_path: str) -> None:
    """Run the plan and print its results as one JSON line."""
    with open(plan_path) as handle:
        plan = json.load(handle)
    voters = [Voter(plan["port"], email, plan["password"]) for email in plan["people"]]
    for voter in voters:
        voter.sign_in()
    placement = spread(voters, plan["workers"])
    results = {}
    for name, scenario in plan["scenarios"].items():
        _run(voters, scenario, min(2.0, plan["seconds"]))  # a short warm-up, not counted
        results[name] = _run(voters, scenario, plan["seconds"])
    print(json.dumps({"scenarios": results, "connections_per_worker": list(placement.values())}))


if __name__ == "__main__":
    main(sys.argv[1])
