"""`/healthz`."""
from portal import create_app
from portal.config import TestConfig


def test_healthz_reports_the_database_and_no_scheduler_yet(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": True, "scheduler_heartbeat": None}


def test_healthz_says_when_the_database_is_unreachable(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "missing" / "x.db"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] is False
