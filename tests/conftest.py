"""Fixtures: ``app``, ``client``, ``runner``, ``db``, ``login_as(role)``, ``mail``.

The suite runs against real SQLite by default and against real PostgreSQL when
``TEST_DATABASE_URL`` is set (as CI does). The schema is built once per run;
every test starts with empty tables.
"""
import contextvars
import os

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db as _db
from portal.extensions import limiter
from portal.models import create_schema
from tests.factories import make_hr, make_user


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context and database
    session, as in production, instead of sharing the test's.

    The test's own session ends its transaction first, so it holds no lock
    and sees the request's writes afterwards.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()
        return contextvars.Context().run(super().open, *args, **kwargs)


def _database_url(tmp_path_factory) -> str:
    url = TestConfig.SQLALCHEMY_DATABASE_URI
    if url:
        return url
    if os.environ.get("PORTAL_REQUIRE_POSTGRES") == "1":
        pytest.exit("PORTAL_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set", returncode=3)
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "portal.db")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The URL of the database this run tests against."""
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def _schema_app(database_url, tmp_path_factory):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        _db.drop_all()
        with _db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        create_schema(_db)
    return app


def _empty_all_tables() -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if _db.engine.dialect.name == "postgresql":
        names = ", ".join(table.name for table in tables)
        _db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            _db.session.execute(table.delete())
    _db.session.commit()


@pytest.fixture
def app(_schema_app, database_url, tmp_path):
    """A fresh application on empty tables."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     MAIL_DIR=str(tmp_path / "mail"), PORTAL_UPLOAD_DIR=str(tmp_path / "uploads"))
    app.instance_path = str(tmp_path / "instance")
    app.test_client_class = IsolatedClient
    with app.app_context():
        _empty_all_tables()
        limiter.reset()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The SQLAlchemy extension, inside the app context."""
    return _db


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A runner for ``flask`` CLI commands."""
    return app.test_cli_runner()


class Inbox:
    """The emails delivered so far; reading it first drains the outbox, as the scheduler would."""

    def __init__(self, app):
        self.app = app

    def _messages(self) -> list:
        from portal.notifications.mail import drain
        drain(_db.session, self.app)
        return self.app.extensions.setdefault("mail_outbox", [])

    def __len__(self):
        return len(self._messages())

    def __getitem__(self, index):
        return self._messages()[index]

    def __iter__(self):
        return iter(self._messages())

    def __eq__(self, other):
        return self._messages() == other


@pytest.fixture
def mail(app):
    """Emails delivered so far (memory backend), the outbox drained on every read."""
    return Inbox(app)


def sign_in(client, user) -> None:
    """Put ``user`` in the client's session, as a real sign-in would."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.fixture
def login_as(app):
    """``login_as("employee" | "hr" | user)`` → a client signed in as that person."""

    def _login(who="employee", **fields):
        if who == "hr":
            user = make_hr(**fields)
        elif who == "employee":
            user = make_user(**fields)
        else:
            user = who
        client = app.test_client()
        sign_in(client, user)
        client.user = user
        return client

    return _login
