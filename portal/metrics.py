"""What an operator watches: Prometheus metrics and one structured log line per request.

Each web process counts its requests and the votes it records with the Prometheus client; under
gunicorn (``gunicorn.conf.py``) every worker writes them to files in ``PROMETHEUS_MULTIPROC_DIR``
and a scrape sums them all, whichever worker answers it (the client library's multiprocess
mode). What the database knows (the outbox's backlog and failures, the scheduler's heartbeat) is
read at each scrape, so it is the same from every worker and needs no process to keep it.

Each request gets an id: the ``X-Request-ID`` a proxy sent, if it looks like one, else a new
one. It is returned in the same header, written in the request's log line and shown on error
pages, so a person's "reference" leads to the line. The line names the route's rule
(``/set-password/<token>``), never the path itself, so no token or query reaches the log.
"""
import hmac
import ipaddress
import json
import logging
import os
import re
import sys
import time
import uuid

from flask import Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter
from portal.notifications.models import OutboxMessage
from portal.permissions import public
from portal.system.service import heartbeat_age
from portal.types import utcnow

REQUESTS = Counter("stars_http_requests", "Requests answered, by endpoint, method and status.",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("stars_http_request_duration_seconds", "Time to answer a request, by endpoint.", ["endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
VOTES = Counter("stars_votes_cast", "Votes recorded (a vote withdrawn and cast again counts twice).")

# Not "sent": those are kept for ever and counting them at every scrape would grow without end.
_OUTBOX_WATCHED = ("pending", "sending", "failed")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
request_log = logging.getLogger("portal.requests")


def vote_recorded() -> None:
    """Count one vote, after its commit."""
    VOTES.inc()


class DatabaseCollector:
    """The figures the database holds, read at each scrape."""

    def collect(self):
        """Outbox messages by status, the scheduler's heartbeat age, and whether the database answers."""
        up = GaugeMetricFamily("stars_database_up", "1 when the database answers.")
        outbox = GaugeMetricFamily("stars_outbox_messages", "Outbox messages waiting, being sent or failed.",
                                   labels=["status"])
        heartbeat = GaugeMetricFamily("stars_scheduler_heartbeat_age_seconds",
                                      "Seconds since the scheduler last reported in (NaN: never).")
        try:
            counts = dict(db.session.execute(select(OutboxMessage.status, func.count())
                                             .where(OutboxMessage.status.in_(_OUTBOX_WATCHED))
                                             .group_by(OutboxMessage.status)).all())
            age = heartbeat_age(db.session, utcnow())
            db.session.rollback()
        except SQLAlchemyError:
            db.session.rollback()
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        for status in _OUTBOX_WATCHED:
            outbox.add_metric([status], counts.get(status, 0))
        heartbeat.add_metric([], float("nan") if age is None else age)
        yield from (up, outbox, heartbeat)


def _allowed() -> bool:
    token = current_app.config["METRICS_TOKEN"]
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers and not current_app.config["PORTAL_PROXY_COUNT"]:
        # A proxy on this machine makes everyone look like 127.0.0.1: trust the address only when
        # PORTAL_PROXY_COUNT says which proxies set the header (ProxyFix then gives the client's).
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(address in network for network in current_app.config["METRICS_NETWORKS"])


@public
@limiter.exempt
def metrics_view() -> Response:
    """``/metrics`` in Prometheus's text format, for addresses in ``METRICS_ALLOW`` or the bearer of
    ``METRICS_TOKEN``; 403 for anyone else."""
    if not _allowed():
        abort(403)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, LATENCY, VOTES):
            registry.register(collector)
    registry.register(DatabaseCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST.split(";")[0],
                    headers={"Cache-Control": "no-store"})


def parse_networks(text: str) -> tuple:
    """``METRICS_ALLOW``: addresses or networks separated by commas."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in text.split(",") if part.strip())


def _start():
    g.started = time.perf_counter()
    sent = request.headers.get("X-Request-ID", "")
    g.request_id = sent if _REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex


def _finish(response):
    seconds = time.perf_counter() - g.pop("started", time.perf_counter())
    endpoint = request.endpoint or "unmatched"
    REQUESTS.labels(endpoint, request.method, str(response.status_code)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    request_id = g.get("request_id", "")
    response.headers["X-Request-ID"] = request_id
    if current_app.config["REQUEST_LOG"]:
        request_log.info(json.dumps({
            "request_id": request_id, "method": request.method,
            "route": request.url_rule.rule if request.url_rule else None, "endpoint": endpoint,
            "status": response.status_code, "ms": round(seconds * 1000, 1), "bytes": response.content_length,
        }, separators=(",", ":")))
    return response


class _StandardError(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (gunicorn's error log, a test's capture)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass


def init_app(app: Flask) -> None:
    """Serve ``/metrics``; time and count every request, give it an id, and log one JSON line for it."""
    app.config["METRICS_NETWORKS"] = parse_networks(app.config["METRICS_ALLOW"])
    if not request_log.handlers:
        handler = _StandardError()
        handler.setFormatter(logging.Formatter("%(message)s"))
        request_log.addHandler(handler)
        request_log.setLevel(logging.INFO)
        request_log.propagate = False
    app.before_request_funcs.setdefault(None, []).insert(0, _start)  # first: time the whole request
    app.after_request(_finish)
    app.add_url_rule("/metrics", "metrics", metrics_view)

