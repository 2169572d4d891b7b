"""The real app under gunicorn on 127.0.0.1, for the storm, fault and browser tests and the benchmark."""
import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    """A running gunicorn: its port, master process, log file and secret key."""

    port: int
    process: subprocess.Popen
    log: Path
    secret_key: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The process ids of gunicorn's current workers (children of the master)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    # The parent id is the fourth field, after the parenthesised command name.
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)


def _wait_until_healthy(port: int, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start:\n" + log.read_text())
            time.sleep(0.3)


def _die_with_parent() -> None:
    """In the child before it starts: end with SIGTERM when the process that started it dies, so
    that a test run killed half-way leaves no server behind (Linux's PR_SET_PDEATHSIG)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)


@contextmanager
def gunicorn(database_url: str, log: Path, workers: int = 2, threads: int = 8, **env):
    """Serve the portal with gunicorn until the block ends; ``env`` adds environment variables."""
    port = free_port()
    secret_key = secrets.token_urlsafe(32)
    environment = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY=secret_key,
                       PORTAL_BASE_URL=f"http://127.0.0.1:{port}", MAIL_BACKEND="memory")
    environment.update(env)
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--worker-class", "gthread",
             "--threads", str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", "120", "app:app"],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    try:
        _wait_until_healthy(port, process, log, seconds=60)
        yield LiveServer(port, process, log, secret_key)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
