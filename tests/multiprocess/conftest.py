"""A throwaway Redis on 127.0.0.1 for the tests of what web processes share.

``TEST_REDIS_URL`` names a running one; otherwise the ``redis-server`` on the path is started for the
run (and stops with it, or after half an hour whatever happens). Without either the Redis tests are
skipped, unless ``PORTAL_REQUIRE_REDIS=1`` (set by ``.ci/run``), which makes them fail instead.
"""
import os
import shutil
import subprocess
import time

import pytest
import redis

from bench.server import free_port


def _missing(message: str):
    if os.environ.get("PORTAL_REQUIRE_REDIS") == "1":
        pytest.fail(message + " (PORTAL_REQUIRE_REDIS=1)", pytrace=False)
    pytest.skip(message)


def _wait_for(url: str, process: subprocess.Popen | None) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis.from_url(url, socket_timeout=1).ping()
            return
        except redis.RedisError:
            if time.monotonic() > deadline or (process is not None and process.poll() is not None):
                raise RuntimeError(f"Redis at {url} did not answer") from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """The URL of a Redis for this run (database 0 is theirs to use)."""
    url = os.environ.get("TEST_REDIS_URL")
    if url:
        _wait_for(url, None)
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server is not installed and TEST_REDIS_URL is not set")
    port = free_port()
    directory = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        ["timeout", "1800", binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait_for(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def redis_url(redis_server):
    """The Redis of this run, emptied for each test."""
    redis.Redis.from_url(redis_server).flushdb()
    return redis_server

