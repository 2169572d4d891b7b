"""`make bench`: generate the organisation, serve it, measure, and report ratios to /healthz.

    python -m bench.run [--scale full|small] [--seconds N]

SQLite by default (a fresh ``bench/bench.db``); ``DATABASE_URL`` points it at
an empty PostgreSQL database instead. Results go to ``bench/results.json`` and
a table; the last line is the summary.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import func, select, text

from bench.generate import BENCH_PASSWORD, SCALES, generate
from bench.server import ROOT, gunicorn
from portal import create_app
from portal.accounts.models import User
from portal.campaigns.models import Campaign
from portal.config import Config, normalise_database_url
from portal.extensions import db
from portal.voting.service import tally

HERE = Path(__file__).resolve().parent
WORKERS, SERVER_THREADS = 2, 4
# One signed-in person per request slot of the server: every slot stays busy, and the latencies
# measured are the server's, not the time a request spends queued in the driver's own backlog.
CONNECTIONS = WORKERS * SERVER_THREADS
IMPORT_ROWS = 500_000  # at every scale: the size of the largest directory the portal is made for
TARGETS = {"page ratio": 0.5, "vote ratio": 0.5, "p95 ms": 50.0, "tally ratio": 0.8, "import rows/s": 20_000,
           "worker MB": 200.0}


def _database(url: str | None) -> str:
    if url:
        return normalise_database_url(url)
    path = HERE / "bench.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def _settle(url: str) -> None:
    """What follows any bulk load: fresh planner statistics on PostgreSQL; on SQLite, the write-ahead
    log folded into the database, so that the first web request to commit does not have to."""
    connection = db.engine.raw_connection()  # outside any transaction
    try:
        cursor = connection.cursor()
        cursor.execute("ANALYZE" if url.startswith("postgresql") else "PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
        connection.commit()
    finally:
        connection.close()


def _flask(url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench")
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)


def _tally_ratio(campaign_id: int, rounds: int = 9) -> dict:
    """The portal's tally against a raw GROUP BY over the same table, through the same driver.

    The two take turns, and each keeps its best time: a noisy moment on the machine then
    slows one round of both rather than all of one.
    """
    campaign = db.session.get(Campaign, campaign_id)
    raw_sql = text("SELECT story_id, count(*) FROM votes GROUP BY story_id")
    work = {"raw_s": lambda: db.session.execute(raw_sql).all(), "tally_s": lambda: tally(db.session, campaign)}
    best = dict.fromkeys(work, float("inf"))
    for _ in range(rounds):
        for name, run in work.items():
            began = time.perf_counter()
            run()
            best[name] = min(best[name], time.perf_counter() - began)
    return {**best, "ratio": best["raw_s"] / best["tally_s"]}


def _import_rate(url: str, people: int = IMPORT_ROWS) -> dict:
    """`flask users import` of a file of new people, timed from the command's start to its end."""
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", delete=False) as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "name", "department", "team", "site", "country", "job_title"])
        for n in range(people):
            writer.writerow([f"new{n}@import.example", f"New Person {n}", "Support", f"Import team {n % 50}",
                             "Leeds", "GB", "Agent"])
    try:
        began = time.perf_counter()
        _flask(url, "users", "import", handle.name)
        seconds = time.perf_counter() - began
    finally:
        os.unlink(handle.name)
    return {"rows": people, "seconds": seconds, "rows_per_s": people / seconds}


def _peak_memory_mb(pids: list[int]) -> list[float]:
    peaks = []
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def _plan(port: int, workers: list[int], made: dict, seconds: float, people: int) -> dict:
    story_ids = [story for ids in made["ballot"].values() for story in ids]
    some = story_ids[:: max(len(story_ids) // 200, 1)]
    # One distinct person per connection; a vote on a story about oneself is refused (409), which
    # still counts as an answer.
    emails = [f"person{people - 1 - n}@bench.example" for n in range(CONNECTIONS)]
    scenarios = {
        "healthz": {"paths": ["/healthz"]},
        "wall": {"paths": ["/stories"]},
        "filtered wall": {"paths": ["/stories?category=Reliability&site=Leeds", "/stories?country=IN",
                                    "/stories?department=Billing&year=" + str(made["year"])]},
        "search": {"paths": ["/stories?q=" + quote(word) for word in ("heating", "退款", "బిల్లింగ్", "person 12")]},
        "hall of fame": {"paths": ["/hall-of-fame"]},
        "story page": {"paths": [f"/stories/{story}" for story in some]},
        "vote": {"vote": True, "stories": story_ids},
    }
    return {"port": port, "workers": workers, "seconds": seconds, "password": BENCH_PASSWORD, "people": emails,
            "scenarios": scenarios}


def _report(results: dict) -> str:
    ceiling = results["scenarios"]["healthz"]["rps"]
    lines = [f"{'scenario':<14} {'req/s':>8} {'beside':>7} {'ratio':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}"
             "  statuses"]
    for name, row in results["scenarios"].items():
        beside = row.get("ceiling_rps", ceiling)  # /healthz, measured in turns with the scenario
        row["ratio"] = row["rps"] / beside
        lines.append(f"{name:<14} {row['rps']:>8.0f} {beside:>7.0f} {row['ratio']:>6.2f} {row['p50_ms']:>7.1f} "
                     f"{row['p95_ms']:>7.1f} {row['p99_ms']:>7.1f}  {row['statuses']}")
    return "\n".join(lines)


def main() -> None:
    """Run the whole benchmark and print the summary line last."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default=os.environ.get("SCALE", "full") or "full")
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "10")))
    options = parser.parse_args()
    scale = SCALES[options.scale]
    url = _database(os.environ.get("DATABASE_URL"))
    results = {"scale": options.scale, "database": url.split(":", 1)[0], "people": scale.people,
               "stories": scale.stories, "votes": scale.votes}

    _flask(url, "db", "upgrade")
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, SECRET_KEY="bench")
    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(User)):
            sys.exit("bench: the database is not empty; point DATABASE_URL at a fresh one")
        print(f"bench: generating {scale.people:,} people, {scale.stories:,} stories, {scale.votes:,} votes ...",
              flush=True)
        made = generate(scale)
        made["year"] = db.session.get(Campaign, made["current_campaign"]).year
        # End this process's transaction: on SQLite it would hold the write lock while the server runs.
        db.session.commit()
        _settle(url)
        results["generate_s"] = made["timings"]
        print(f"bench: generated in {made['timings']['total']:.1f}s", flush=True)

        with tempfile.TemporaryDirectory() as scratch:
            log = Path(scratch) / "gunicorn.log"
            with gunicorn(url, log, workers=WORKERS, threads=SERVER_THREADS, RATELIMIT_ENABLED="false") as server:
                workers = server.worker_pids()
                plan = Path(scratch) / "plan.json"
                plan.write_text(json.dumps(_plan(server.port, workers, made, options.seconds, scale.people)))
                driven = subprocess.run([sys.executable, "-m", "bench.driver", str(plan)], cwd=ROOT,
                                        capture_output=True, text=True)
                if driven.returncode:
                    sys.exit(f"bench: the load driver failed:\n{driven.stderr}\n{log.read_text()[-3000:]}")
                results.update(json.loads(driven.stdout))
                results["worker_peak_mb"] = _peak_memory_mb(server.worker_pids())
                if server.worker_pids() != workers:  # a worker died or hung and was replaced: say so
                    results["workers_replaced"] = True
                    print(f"bench: gunicorn replaced a worker during the run:\n{log.read_text()[-3000:]}")
        results["tally"] = _tally_ratio(made["current_campaign"])
    results["import"] = _import_rate(url)

    print(_report(results))
    scenarios = results["scenarios"]
    pages = [row["ratio"] for name, row in scenarios.items() if name not in ("healthz", "vote")]
    results["summary"] = {"worst page ratio": min(pages), "vote ratio": scenarios["vote"]["ratio"],
                          "tally ratio": results["tally"]["ratio"],
                          "worst p95 ms": max(row["p95_ms"] for row in scenarios.values()),
                          "import rows/s": results["import"]["rows_per_s"],
                          "worker MB": max(results["worker_peak_mb"])}
    results["targets"] = TARGETS
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    summary = results["summary"]
    print(f"tally: {results['tally']['tally_s'] * 1000:.0f} ms (raw GROUP BY {results['tally']['raw_s'] * 1000:.0f} ms); "
          f"import: {summary['import rows/s']:,.0f} rows/s; worker peak memory: "
          f"{', '.join(f'{mb:.0f} MB' for mb in results['worker_peak_mb'])}; worst p95: {summary['worst p95 ms']:.1f} ms; "
          f"connections per worker: {', '.join(map(str, results['connections_per_worker']))}")
    print(f"bench: worst page ratio {summary['worst page ratio']:.2f}, vote ratio {summary['vote ratio']:.2f}, "
          f"tally ratio {summary['tally ratio']:.2f}")


if __name__ == "__main__":
    main()
