"""The migrations build exactly the schema the models describe, and undo cleanly."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db
from portal.stories.search import is_search_object


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A brand-new, empty database of the kind under test."""
    if database_url.startswith("sqlite"):
        yield "sqlite:///" + str(tmp_path / "migrated.db")
        return
    url = make_url(database_url)
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_database_url):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            options = {"compare_type": True,
                       "include_object": lambda obj, name, type_, *rest: not (type_ in ("table", "index")
                                                                             and is_search_object(name))}
            differences = compare_metadata(MigrationContext.configure(connection, opts=options), db.metadata)
            tables = set(inspect(connection).get_table_names())
        assert differences == []
        assert {"users", "teams", "auth_tokens", "settings"} <= tables
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app, db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
