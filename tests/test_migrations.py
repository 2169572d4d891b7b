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


def test_renaming_stories_keeps_every_row_and_the_search(empty_database_url):
    from tests.factories import make_comment, make_endorsement, make_story, make_user

    from portal.stories.models import Cheer, Comment, Endorsement, Nominee, Story
    from portal.stories.wall import WallFilter, wall
    from portal.voting.models import Vote

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        story = make_story(title="Kept through every migration", body="Mended the router at dawn " + "x" * 40)
        story_id, voter = story.id, make_user()
        make_comment(story), make_endorsement(story)
        db.session.add_all([Cheer(story_id=story_id, user_id=voter.id),
                            Vote(campaign_id=story.campaign_id, category_id=story.category_id, story_id=story_id,
                                 voter_id=voter.id, slot=1)])
        db.session.commit()
        db.session.remove()
        downgrade(revision="0008_tally_covering_index")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT story FROM nominations WHERE id = :id"),
                                      {"id": story_id}).scalar().startswith("Mended the router")
            for table in ("nominees", "comments", "endorsements", "cheers", "votes"):
                assert connection.execute(text(f"SELECT count(*) FROM {table} WHERE nomination_id = :id"),
                                          {"id": story_id}).scalar() == 1, table
        upgrade()
        assert _names_with("nomination") == ["nominations_open_at"]  # the campaign's moment keeps its name
        assert db.session.get(Story, story_id).body.startswith("Mended the router")
        for model in (Nominee, Comment, Endorsement, Cheer, Vote):
            assert db.session.query(model).filter_by(story_id=story_id).count() == 1, model
        assert [s.id for s in wall(db.session, WallFilter(q="router at dawn"))[0]] == [story_id]
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()


def _names_with(word: str) -> list[str]:
    """Every table, column, constraint and index whose name contains ``word``."""
    inspector = inspect(db.engine)
    names = []
    for table in inspector.get_table_names():
        names += [table] + [column["name"] for column in inspector.get_columns(table)]
        names.append(inspector.get_pk_constraint(table)["name"] or "")
        for found in (inspector.get_indexes, inspector.get_unique_constraints, inspector.get_foreign_keys,
                      inspector.get_check_constraints):
            names += [item["name"] or "" for item in found(table)]
    return [name for name in names if word in name]


def test_people_deactivated_before_0012_start_their_retention_at_their_last_change(empty_database_url):
    from datetime import datetime, timezone

    from sqlalchemy import select

    from portal.accounts.models import User

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=empty_database_url)
    changed = datetime(2029, 5, 1, 10, tzinfo=timezone.utc)
    with app.app_context():
        upgrade(revision="0011_attempts")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO users (email, display_name, job_title, department, site, country, "
                                    "is_hr, active, session_version, created_at, updated_at) VALUES "
                                    "(:email, 'Someone', '', '', '', '', :no, :active, 1, :at, :at)"),
                               [{"email": "gone@example.com", "no": False, "active": False, "at": changed},
                                {"email": "here@example.com", "no": False, "active": True, "at": changed}])
        upgrade()
        people = dict(db.session.execute(select(User.email, User.deactivated_at)).tuples().all())
        assert people == {"gone@example.com": changed, "here@example.com": None}
        db.session.remove()
        db.engine.dispose()
