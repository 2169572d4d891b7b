"""``/metrics`` under two real gunicorn workers: every scrape, whichever worker answers it, sums both."""
import http.client

from bench.server import gunicorn
from tests.multiprocess.workers import ACCESS_LOG, one_per_worker, workers_that_served

LOGIN_GETS = 'stars_http_requests_total{endpoint="accounts.login",method="GET",status="200"}'


def _get(port: int, path: str, **headers) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)  # a new one: either worker
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _value(text: str, series: str) -> float:
    line = next(line for line in text.splitlines() if line.startswith(series + " "))
    return float(line.rsplit(" ", 1)[1])


def test_every_scrape_counts_the_requests_of_both_workers(database_url, tmp_path, db):
    with gunicorn(database_url, tmp_path / "gunicorn.log", **ACCESS_LOG) as server:
        clients = one_per_worker(server)
        for n in range(20):
            assert clients[n % 2].request("GET", "/login")[0] == 200
        scrapes = [clients[n % 2].request("GET", "/metrics", accept="text/plain") for n in range(8)]
        scrapes = [(status, body.decode()) for status, body in scrapes]
        login_workers = workers_that_served(server, "GET", "/login")
        scrape_workers = workers_that_served(server, "GET", "/metrics")
    assert len(login_workers) == 2 and len(scrape_workers) == 2, "both workers should have answered"
    assert [status for status, _text in scrapes] == [200] * 8
    assert [_value(text, LOGIN_GETS) for _status, text in scrapes] == [20.0] * 8
    assert all(_value(text, "stars_database_up") == 1 for _status, text in scrapes)


def test_metrics_are_refused_to_an_address_not_allowed_unless_it_has_the_token(database_url, tmp_path, db):
    with gunicorn(database_url, tmp_path / "gunicorn.log", METRICS_ALLOW="10.0.0.0/8",
                  METRICS_TOKEN="scrape-token-for-the-test") as server:
        refused, _ = _get(server.port, "/metrics")
        wrong, _ = _get(server.port, "/metrics", Authorization="Bearer guess")
        allowed, text = _get(server.port, "/metrics", Authorization="Bearer scrape-token-for-the-test")
    assert (refused, wrong, allowed) == (403, 403, 200)
    assert "stars_outbox_messages" in text
