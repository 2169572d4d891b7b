"""gunicorn's settings for the portal, read from the directory it starts in (``make run``, production).

The workers count their metrics in files that ``/metrics`` sums (the Prometheus client's
multiprocess mode): a folder of this run's own, emptied at start, unless
``PROMETHEUS_MULTIPROC_DIR`` names one.
"""
import glob
import os
import shutil
import tempfile


def on_starting(server):
    """Give this run an empty metrics folder before any worker starts."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for stale in glob.glob(os.path.join(folder, "*.db")):  # the client's files, and nothing else
            os.remove(stale)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="service-stars-metrics-")


def child_exit(server, worker):
    """Let a finished worker's live figures (gauges) go; its counts stay in the sums."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the folder this run made for itself."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if os.path.basename(folder).startswith("service-stars-metrics-"):
        shutil.rmtree(folder, ignore_errors=True)
