"""Spread the driver's keep-alive connections evenly over gunicorn's workers, as a load balancer would.

A keep-alive connection stays with the worker that accepted it, and which
worker that is depends on the moment. Left to chance, one worker can hold most
connections while the other idles, and a run measures that chance rather than
the portal. The driver and the server share the machine (127.0.0.1 only), so
the driver can see which worker holds each connection: it finds the server's
end of the connection in ``/proc/net/tcp`` and the worker that has it open.
"""
import os
from collections import Counter

from bench.client import Voter


def _hex_port(address: str) -> int:
    return int(address.rsplit(":", 1)[1], 16)


def _server_inode(server_port: int, client_port: int) -> str | None:
    with open("/proc/net/tcp") as table:
        next(table)
        for line in table:
            fields = line.split()
            if _hex_port(fields[1]) == server_port and _hex_port(fields[2]) == client_port:
                return fields[9]
    return None


def worker_of(voter: Voter, workers: list[int]) -> int | None:
    """The worker process holding ``voter``'s connection, or None when it cannot be told."""
    sock = voter.connection.sock
    if sock is None:
        return None
    inode = _server_inode(voter.port, sock.getsockname()[1])
    if inode in (None, "0"):
        return None
    target = f"socket:[{inode}]"
    for pid in workers:
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(f"/proc/{pid}/fd/{descriptor}") == target:
                    return pid
            except OSError:
                continue
    return None


def spread(voters: list[Voter], workers: list[int], attempts: int = 200) -> dict[int, int]:
    """Reconnect voters until each worker holds an equal share of the connections (as near as
    ``attempts`` reconnections get); returns connections per worker."""
    share = -(-len(voters) // len(workers))  # rounded up
    held = {id(voter): worker_of(voter, workers) for voter in voters}
    for _ in range(attempts):
        counts = Counter(held.values())
        crowded = [voter for voter in voters if held[id(voter)] is None or counts[held[id(voter)]] > share]
        if not crowded:
            break
        voter = crowded[0]
        voter.reconnect()
        voter.request("GET", "/healthz")
        held[id(voter)] = worker_of(voter, workers)
    return dict(Counter(pid for pid in held.values() if pid is not None))
