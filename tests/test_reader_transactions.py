"""Requests that only read: what they see, what they keep, and a reader that writes after all."""
import pytest
from sqlalchemy import text

from portal.database import read_intent
from portal.extensions import db as _db
from portal.system.service import get_setting, put_setting
from tests.factories import make_story


def test_a_reader_that_writes_is_still_all_or_nothing(app, db):
    """A reader (a GET, say) that writes after all: what it wrote before failing is undone."""
    put_setting(db.session, "counter", "0")
    db.session.commit()
    with app.test_request_context("/", method="GET"), read_intent():
        assert get_setting(_db.session, "counter").value == "0"
        put_setting(_db.session, "counter", "1")
        put_setting(_db.session, "other", "written")
        _db.session.flush()
        _db.session.rollback()
    db.session.expire_all()
    assert get_setting(db.session, "counter").value == "0"
    assert get_setting(db.session, "other") is None


def test_a_reader_that_writes_and_commits_keeps_every_write(app, db):
    with app.test_request_context("/", method="GET"), read_intent():
        put_setting(_db.session, "counter", "7")
        put_setting(_db.session, "other", "written")
        _db.session.commit()
    db.session.expire_all()
    assert (get_setting(db.session, "counter").value, get_setting(db.session, "other").value) == ("7", "written")


def test_pages_keep_postgresql_prepared_statements(app, db, login_as):
    """The fifth time a page runs a statement on a connection, PostgreSQL keeps its plan; a page
    that ended with a ROLLBACK made psycopg forget every plan (see portal.database)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    client = login_as("employee")
    story_id = make_story().id
    db.session.commit()
    db.session.remove()
    db.engine.dispose()  # one fresh connection, used by every request below in turn
    for _ in range(8):
        assert client.get(f"/stories/{story_id}").status_code == 200
    with db.engine.connect() as connection:
        prepared = connection.execute(text("SELECT statement FROM pg_prepared_statements")).scalars().all()
    assert any("FROM users" in statement for statement in prepared), prepared
