"""Clients pinned to each of gunicorn's two workers, so that a test reaches both by design, not chance."""
import re

from bench.balance import spread
from bench.client import Voter

# Which worker answered each request: its process id leads each access-log line.
ACCESS_LOG = {"GUNICORN_CMD_ARGS": "--access-logfile - --access-logformat 'worker=%(p)s %(m)s %(U)s %(s)s'"}


def workers_that_served(server, method: str, path: str) -> set[str]:
    """The process ids of the workers that answered ``method path``, from the access log."""
    pattern = re.compile(rf"worker=<?(\d+)>? {method} {re.escape(path)} ")
    return {match.group(1) for match in pattern.finditer(server.log.read_text())}


def one_per_worker(server, email: str = "", password: str = "") -> list:
    """Two clients of one person, each on a keep-alive connection to a different gunicorn worker.

    The kernel hands a new connection to whichever worker accepts first, which on a busy machine
    can be the same one every time; ``bench.balance.spread`` moves them until each worker holds one.
    """
    clients = [Voter(server.port, email, password) for _ in range(2)]
    held = spread(clients, server.worker_pids())
    assert sorted(held.values()) == [1, 1], f"could not reach both workers: {held}"
    return clients


def signed_in_per_worker(server, email: str, password: str) -> list:
    """``one_per_worker``, signed in once and sharing the session cookie."""
    first, second = one_per_worker(server, email, password)
    first.sign_in()
    second.cookie = first.cookie
    return [first, second]
