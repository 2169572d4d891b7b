"""A small HTTP load generator for the vote storm: signed-in voters casting and withdrawing at once.

Each voter is a thread with its own keep-alive connection and cookie; it signs
in through the real sign-in page (CSRF included), then fires random cast and
withdraw requests at a handful of stories, so duplicates and over-limit
attempts are certain. Only 127.0.0.1; every loop is bounded.
"""
import json
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.client import Voter


@dataclass
class StormResult:
    """What the storm saw."""

    statuses: Counter = field(default_factory=Counter)
    net: Counter = field(default_factory=Counter)   # story id -> accepted casts minus accepted withdrawals
    acknowledged: set = field(default_factory=set)  # (voter email, story id) whose vote was confirmed last
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    sign_in_seconds: float = 0.0


def storm(port: int, voters: list[str], password: str, story_ids: list[int], operations: int,
          seed: int = 7, midway=None) -> StormResult:
    """Run ``operations`` cast/withdraw requests spread over ``voters`` at once.

    ``midway``, if given, is called once when half the operations are answered
    (the fault tests kill a worker there).
    """
    result = StormResult()
    lock = threading.Lock()
    per_voter = max(operations // len(voters), 1)
    started = threading.Event()
    ready = threading.Semaphore(0)  # released once per voter signed in (or failed to)

    def run(index: int, email: str):
        rng = random.Random(seed * 100_003 + index)
        try:
            voter = Voter(port, email, password)
            voter.sign_in()
            token = voter.token("/vote")
        except Exception as error:  # recorded; the test asserts there are none
            with lock:
                result.errors.append(f"{email}: {error!r}")
            return
        finally:
            ready.release()
        started.wait(timeout=600)
        mine = set()
        for _ in range(per_voter):
            story = rng.choice(story_ids)
            withdraw = rng.random() < 0.4
            path = f"/vote/{story}" + ("/withdraw" if withdraw else "")
            try:
                status, body = voter.request("POST", path, {"csrf_token": token}, accept="application/json")
            except Exception as error:  # recorded; the test asserts there are none
                with lock:
                    result.errors.append(f"{email} {path}: {error!r}")
                continue
            reply = json.loads(body) if body[:1] == b"{" else {}
            with lock:
                result.statuses[status] += 1
                if status == 200 and reply.get("changed"):
                    result.net[story] += -1 if withdraw else 1
            if status == 200:
                if withdraw:
                    mine.discard(story)
                else:
                    mine.add(story)
        with lock:
            result.acknowledged.update((email, story) for story in mine)

    threads = [threading.Thread(target=run, args=(index, email), daemon=True) for index, email in enumerate(voters)]
    for thread in threads:
        thread.start()
    sign_in_began = time.perf_counter()
    for _voter in voters:
        ready.acquire(timeout=600)
    result.sign_in_seconds = time.perf_counter() - sign_in_began
    began = time.perf_counter()
    started.set()
    if midway is not None:
        while any(t.is_alive() for t in threads):
            with lock:  # the voters add to the counter meanwhile
                if sum(result.statuses.values()) >= operations // 2:
                    break
            time.sleep(0.05)
        midway()
    for thread in threads:
        thread.join(timeout=900)
    result.seconds = time.perf_counter() - began
    return result
