"""``flask backup`` and ``flask restore``: everything comes back, elsewhere, and a restore never
lands on data. The backup taken during a vote storm: ``tests/storm/test_backup_during_storm.py``."""
import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from portal import create_app
from portal.config import TestConfig
from portal.extensions import db as _db
from portal.stories.models import Story
from portal.stories.photos import path_for
from portal.voting.models import Vote
from tests.factories import make_live_campaign, make_story, make_user


@contextmanager
def empty_database(database_url: str, tmp_path):
    """The URL of a new, empty database beside the test database (a file, or a PostgreSQL database)."""
    if not database_url.startswith("postgresql"):
        yield "sqlite:///" + str(tmp_path / "restored.db")
        return
    name = f"stars_restore_{uuid.uuid4().hex[:8]}"
    server = create_engine(make_url(database_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
        server.dispose()


def restored_app(url: str, tmp_path):
    """An app on ``url`` with photos in a folder of its own (run its commands inside its app context:
    a CLI runner uses whichever app context is current)."""
    return create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url, PORTAL_UPLOAD_DIR=str(tmp_path / "restored-photos"))


def test_a_backup_restores_every_row_and_photo_elsewhere(app, db, runner, database_url, tmp_path):
    campaign = make_live_campaign((-3, -1, 2, 3))
    stories = [make_story(campaign, title=f"Kept story {n}", photo=n % 2 == 0, category_index=n) for n in range(4)]
    voter = make_user("voter@backup.example")
    db.session.add_all([Vote(voter_id=voter.id, story_id=story.id, campaign_id=campaign.id, slot=1,
                             category_id=story.category_id) for story in stories[:2]])
    photo_bytes = {story.photo_key: path_for(story.photo_key, "large").read_bytes() for story in stories if story.photo_key}
    db.session.commit()  # last: the test's own transaction must not hold SQLite's write lock meanwhile
    archive = tmp_path / "stars.backup"

    result = runner.invoke(args=["backup", str(archive)])
    assert result.exit_code == 0, result.output
    assert "photo files" in result.output
    assert archive.stat().st_mode & 0o777 == 0o600  # password hashes and personal data: the owner's alone

    with empty_database(database_url, tmp_path) as url:
        other = restored_app(url, tmp_path)
        with other.app_context():
            restore = other.test_cli_runner().invoke(args=["restore", str(archive)])
            assert restore.exit_code == 0, restore.output
            titles = sorted(_db.session.scalars(select(Story.title)))
            votes = _db.session.scalar(select(func.count()).select_from(Vote))
            for key, data in photo_bytes.items():
                assert path_for(key, "large").read_bytes() == data
            hits = _db.session.execute(text("SELECT 1")).scalar()
            _db.session.remove()
            _db.engine.dispose()
    assert titles == [f"Kept story {n}" for n in range(4)] and votes == 2 and hits == 1


def test_the_restored_portal_finds_stories_by_search(app, db, runner, database_url, tmp_path, login_as):
    make_story(make_live_campaign(), title="Drove the parcel to the airport")
    db.session.commit()
    archive = tmp_path / "stars.backup"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    with empty_database(database_url, tmp_path) as url:
        other = restored_app(url, tmp_path)
        with other.app_context():
            assert other.test_cli_runner().invoke(args=["restore", str(archive)]).exit_code == 0
            person = _db.session.scalars(select(Story.nominator_id)).first()
            client = other.test_client()
            with client.session_transaction() as session:
                from portal.accounts.models import User
                session["_user_id"] = _db.session.get(User, person).get_id()
            page = client.get("/stories?q=parcel").get_data(as_text=True)
            _db.session.remove()
            _db.engine.dispose()
    assert "Drove the parcel to the airport" in page


def test_a_restore_refuses_a_database_that_holds_data(app, db, runner, tmp_path):
    make_story(make_live_campaign(), title="Still here afterwards")
    db.session.commit()
    archive = tmp_path / "stars.backup"
    assert runner.invoke(args=["backup", str(archive)]).exit_code == 0
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "restore into an empty database" in result.output
    db.session.expire_all()
    assert db.session.scalar(select(Story.title)) == "Still here afterwards"


@pytest.mark.parametrize("content", [b"", b"not a tar file at all", None])
def test_a_restore_refuses_what_is_not_a_backup(runner, tmp_path, db, content):
    import tarfile

    archive = tmp_path / "odd.backup"
    if content is None:
        with tarfile.open(archive, "w") as tar:  # a tar, but of something else
            (tmp_path / "notes.txt").write_text("hello")
            tar.add(tmp_path / "notes.txt", "notes.txt")
    else:
        archive.write_bytes(content)
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 1
    assert "cannot be read as a backup" in result.output or "not a Service Stars backup" in result.output
