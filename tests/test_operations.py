"""What an operator sees: ``/metrics`` (who may read it, what it says), the request id in the log
line and on error pages, and compressed responses. Two real workers: ``tests/multiprocess``."""
import json
import logging

import pytest
from backports import zstd

from portal.metrics import request_log
from tests.factories import make_live_campaign, make_outbox_message, make_story


def _metric(text: str, name: str) -> float:
    for line in text.splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{") and line.split(" ")[0] == name:
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{name} not in the metrics")


def test_metrics_are_served_to_the_machine_itself(client, db):
    make_outbox_message(status="failed")
    make_outbox_message(status="pending")
    make_outbox_message(status="pending")
    client.get("/login")
    response = client.get("/metrics")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert _metric(text, 'stars_outbox_messages{status="pending"}') == 2
    assert _metric(text, 'stars_outbox_messages{status="failed"}') == 1
    assert _metric(text, "stars_database_up") == 1
    assert "stars_scheduler_heartbeat_age_seconds NaN" in text
    assert 'stars_http_requests_total{endpoint="accounts.login",method="GET",status="200"}' in text
    assert 'stars_http_request_duration_seconds_bucket{endpoint="accounts.login",le="0.5"}' in text


@pytest.mark.parametrize("address", ["10.0.0.7", "192.168.1.20", "2001:db8::1"])
def test_metrics_are_refused_from_elsewhere_without_the_token(app, client, db, address):
    app.config["METRICS_TOKEN"] = "a-long-scrape-token"
    other = {"REMOTE_ADDR": address}
    assert client.get("/metrics", environ_base=other).status_code == 403
    assert client.get("/metrics", environ_base=other, headers={"Authorization": "Bearer wrong"}).status_code == 403
    allowed = client.get("/metrics", environ_base=other, headers={"Authorization": "Bearer a-long-scrape-token"})
    assert allowed.status_code == 200


def test_metrics_allow_a_configured_network(app, db):
    from portal import create_app
    from portal.config import TestConfig

    scraped = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         METRICS_ALLOW="10.20.0.0/16").test_client()
    assert scraped.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.3.4"}).status_code == 200
    assert scraped.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 403


def test_a_vote_is_counted_once_it_is_in(login_as, db):
    story = make_story(make_live_campaign((-3, -1, 2, 3)))
    client = login_as("employee")
    before = _metric(client.get("/metrics").get_data(as_text=True), "stars_votes_cast_total")
    assert client.post(f"/vote/{story.id}").status_code == 302
    assert client.post(f"/vote/{story.id}").status_code == 302  # already in: not counted again
    after = _metric(client.get("/metrics").get_data(as_text=True), "stars_votes_cast_total")
    assert after == before + 1


class _Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def logged(app):
    app.config["REQUEST_LOG"] = True
    handler = _Lines()
    request_log.addHandler(handler)
    yield handler.lines
    request_log.removeHandler(handler)


def test_each_request_logs_one_json_line_with_its_id_and_no_secret(client, db, logged):
    client.get("/set-password/a-secret-reset-token?next=/private")
    client.get("/stories/12345", headers={"X-Request-ID": "edge-42"})
    first, second = (json.loads(line) for line in logged)
    assert first["route"] == "/set-password/<token>" and first["status"] == 410
    assert "a-secret-reset-token" not in " ".join(logged) and "private" not in " ".join(logged)
    assert len(first["request_id"]) == 32 and isinstance(first["ms"], float)
    assert second["request_id"] == "edge-42" and second["endpoint"] == "stories.story"


def test_an_error_page_shows_the_reference_of_its_log_line(login_as, db, logged):
    response = login_as("employee").get("/stories/12345")
    reference = response.headers["X-Request-ID"]
    assert response.status_code == 404
    assert f"quote this reference: {reference}" in response.get_data(as_text=True)
    assert json.loads(logged[-1])["request_id"] == reference


def test_a_request_id_that_is_not_one_is_replaced(client, db):
    response = client.get("/login", headers={"X-Request-ID": "<script>alert(1)</script>"})
    assert len(response.headers["X-Request-ID"]) == 32


@pytest.mark.parametrize("encoding", ["zstd", "br", "gzip"])
def test_pages_and_styles_are_compressed_for_browsers_that_accept_it(login_as, db, encoding):
    campaign = make_live_campaign()
    for n in range(12):
        make_story(campaign, title=f"Story number {n} of the week")
    client = login_as("employee")
    plain = client.get("/stories")
    packed = client.get("/stories", headers={"Accept-Encoding": encoding})
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == encoding
    assert len(packed.data) < len(plain.data) / 3  # a wall page shrinks about ninefold
    if encoding == "zstd":
        assert zstd.decompress(packed.data).decode().count("<article") == plain.get_data(as_text=True).count("<article")
    css = client.get("/static/css/portal.css", headers={"Accept-Encoding": "zstd, br"})
    assert css.headers["Content-Encoding"] in ("zstd", "br")
    assert packed.headers["Vary"].lower().count("accept-encoding") == 1


def test_metrics_trust_no_forwarded_address_without_a_configured_proxy(client, db):
    # A proxy on the same machine would make every visitor look like 127.0.0.1.
    response = client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 403
