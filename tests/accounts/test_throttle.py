"""Sign-in and reset throttling kept in the database: what counts, how long a refusal lasts, and
that it holds for every process (two workers are driven in ``tests/multiprocess``)."""
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal import create_app
from portal.accounts import throttle
from portal.accounts.models import Attempt
from portal.config import TestConfig
from portal.types import utcnow
from tests.factories import PASSWORD, make_user


def _sign_in(client, email, password, address="10.1.1.1"):
    return client.post("/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address})


def _attempts(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Attempt))


def test_a_successful_sign_in_is_not_counted(app, client, db):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user("ada@example.com")
    statuses = [_sign_in(client, "ada@example.com", PASSWORD).status_code for _ in range(5)]
    assert statuses == [302] * 5
    assert _attempts(db) == 0


def test_a_refusal_says_how_long_to_wait_and_refused_tries_are_not_counted(app, client, db):
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "2 per hour"
    make_user("ada@example.com")
    with time_machine.travel(utcnow(), tick=False) as clock:
        for _ in range(2):
            assert _sign_in(client, "ada@example.com", "not it at all").status_code == 400
        clock.shift(timedelta(minutes=20))
        refused = _sign_in(client, "ada@example.com", PASSWORD, address="10.9.9.9")
        for _ in range(5):
            _sign_in(client, "ada@example.com", "still guessing")
        assert _attempts(db) == 4  # each try counts once per address and once per account; refusals not at all
        clock.shift(timedelta(minutes=41))
        assert _sign_in(client, "ada@example.com", PASSWORD, address="10.9.9.9").status_code == 302
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) in range(2395, 2402)  # the first failure leaves the window in 40 minutes
    assert "Please wait 40 minutes and try again." in refused.get_data(as_text=True)


def test_a_lockout_survives_a_restart(app, client, db, database_url):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    make_user("ada@example.com")
    for _ in range(2):
        _sign_in(client, "ada@example.com", "not it at all")
    restarted = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url, LOGIN_RATE_LIMIT="2 per minute")
    assert _sign_in(restarted.test_client(), "ada@example.com", PASSWORD).status_code == 429


def test_reset_requests_are_counted_even_for_unknown_addresses(app, client, db, mail):
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "3 per hour"
    statuses = [client.post("/forgot-password", data={"email": "nobody@example.com"},
                            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code for n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]


def test_a_wrong_current_password_counts_against_the_account(app, login_as, db):
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "2 per hour"
    client = login_as("employee")
    data = {"current": "not my password", "password": "a brand new passphrase", "confirm": "a brand new passphrase"}
    statuses = [client.post("/account/password", data=data).status_code for _ in range(3)]
    assert statuses == [400, 400, 429]
    assert _sign_in(app.test_client(), client.user.email, PASSWORD).status_code == 429


def test_the_table_names_no_one_and_old_attempts_are_forgotten(app, client, db):
    app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"] = "20 per hour"
    make_user("ada@example.com")
    _sign_in(client, "ada@example.com", "not it at all", address="10.7.7.7")
    keys = db.session.scalars(select(Attempt.key)).all()
    assert len(keys) == 2 and all(len(key) == 64 and set(key) <= set("0123456789abcdef") for key in keys)
    assert throttle.forget_old(db.session, utcnow() + timedelta(minutes=59)) == 0
    assert throttle.forget_old(db.session, utcnow() + timedelta(minutes=61)) == 2


def test_the_password_is_checked_without_holding_the_write_lock(app, client, db, monkeypatch):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock is SQLite's")
    from portal.accounts import service

    make_user("ada@example.com")
    seen = []
    real = service.verify_password

    def watching(stored, password):
        seen.append(bool(db.session.connection().connection.info.get("writing")))
        return real(stored, password)

    monkeypatch.setattr(service, "verify_password", watching)
    assert _sign_in(client, "ada@example.com", "not it at all").status_code == 400
    assert _sign_in(client, "ada@example.com", PASSWORD).status_code == 302
    assert seen == [False, False]
