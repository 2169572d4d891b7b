"""Concurrent read-then-write requests on SQLite wait for the write lock instead of failing."""
import threading

import pytest

from portal.extensions import db as _db
from portal.system.service import get_setting, put_setting

THREADS, ROUNDS = 8, 25


def _bump(app, errors):
    for _ in range(ROUNDS):
        try:
            with app.test_request_context("/", method="POST"):
                setting = get_setting(_db.session, "counter")
                put_setting(_db.session, "counter", str(int(setting.value) + 1))
                _db.session.commit()
        except Exception as error:  # collected and asserted below
            errors.append(repr(error))


def _race(app, db) -> list[str]:
    put_setting(db.session, "counter", "0")
    db.session.commit()
    errors: list[str] = []
    threads = [threading.Thread(target=_bump, args=(app, errors)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_read_modify_write_neither_fails_nor_loses_updates(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the write lock taken up front is SQLite's; PostgreSQL locks rows")
    assert _race(app, db) == []
    db.session.expire_all()
    assert get_setting(db.session, "counter").value == str(THREADS * ROUNDS)


def test_writers_queue_for_the_lock_without_sqlites_busy_timeout(app, db):
    """With SQLite's own waiting switched off, the writer queue alone keeps every write."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the writer queue is SQLite's")
    from portal import create_app
    from portal.config import TestConfig
    impatient = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                           SQLITE_BUSY_TIMEOUT_MS=0)
    with impatient.app_context():
        assert _race(impatient, _db) == []
        _db.session.expire_all()
        assert get_setting(_db.session, "counter").value == str(THREADS * ROUNDS)
        _db.session.remove()
        _db.engine.dispose()
