"""``flask backup FILE`` and ``flask restore FILE``: the database and the photos, in one archive.

A backup is a tar file holding ``manifest.json``, the database and every photo:

- SQLite: a copy made with SQLite's online backup API in one step, so it is one consistent
  moment while the portal goes on serving (in WAL mode a reader holds up no writer);
- PostgreSQL: ``pg_dump --format=custom``, which reads one snapshot likewise; ``pg_dump`` and
  ``pg_restore`` come from the PostgreSQL client tools (``PATH``), of the server's version or newer.

The database is copied before the photos, so every photo the copy names is already on disk.
A restore goes only into an empty database (and an empty photo folder), of the same kind as
the backup's, with the portal stopped, and is followed by ``flask db upgrade`` if the code is
newer than the backup.
"""
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from portal.database import read_intent
from portal.extensions import db
from portal.stories.photos import upload_folder
from portal.types import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
PHOTOS = "photos"
DATABASE_FILE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(click.ClickException):
    """A backup or restore that cannot go on; the message says why and nothing was changed."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    database: str
    revision: str | None
    created_at: str
    photos: int
    format: int = FORMAT


def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DATABASE_FILE:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _libpq(command: list[str]) -> None:
    """Run pg_dump or pg_restore on the configured database; the password goes in the environment,
    never on the command line, where every local user could read it."""
    url = db.engine.url.set(drivername="postgresql")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password
    dbname = url.set(password=None).render_as_string(hide_password=False)
    subprocess.run([*command, f"--dbname={dbname}"], check=True, env=environment)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not on the PATH: install the PostgreSQL client tools "
                          "(the server's version or newer).")
    return found


def _revision() -> str | None:
    with read_intent(), db.engine.connect() as connection:  # a reader: voters never wait for a backup
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _copy_database(dialect: str, target: Path) -> None:
    if dialect == "sqlite":
        source = sqlite3.connect(make_url(db.engine.url).database)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # every page in one step: one consistent moment
        finally:
            copy.close()
            source.close()
        return
    _libpq([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def create_backup(archive: Path) -> Manifest:
    """Write a backup of the database and the photos to ``archive`` (replaced only when complete)."""
    dialect = _dialect()
    revision = _revision()
    photos = upload_folder()
    with tempfile.TemporaryDirectory(prefix="stars-backup-") as work:
        database = Path(work) / DATABASE_FILE[dialect]
        _copy_database(dialect, database)
        # Photos removed after the copy are left out; the copy may still name them (a story withdrawn
        # meanwhile), and such a story then shows no photo after a restore.
        names = sorted(path.name for path in photos.iterdir() if path.is_file())
        manifest = Manifest(database=dialect, revision=revision, created_at=utcnow().isoformat(), photos=len(names))
        (Path(work) / MANIFEST).write_text(json.dumps(manifest.__dict__, indent=2))
        partial = archive.with_name(archive.name + ".partial")
        # Password hashes and everyone's personal data: readable by the owner alone.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as output, tarfile.open(fileobj=output, mode="w") as tar:
                tar.add(Path(work) / MANIFEST, MANIFEST)
                tar.add(database, database.name)
                for name in names:
                    if (photos / name).is_file():
                        tar.add(photos / name, f"{PHOTOS}/{name}")
            os.replace(partial, archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> Manifest:
    try:
        data = json.load(tar.extractfile(MANIFEST))
        manifest = Manifest(**data)
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError("This file is not a Service Stars backup (no readable manifest).") from error
    if manifest.format != FORMAT:
        raise BackupError(f"This backup has format {manifest.format}; this version reads format {FORMAT}.")
    return manifest


def _require_empty(dialect: str) -> None:
    with db.engine.connect() as connection:
        tables = [name for name in inspect(connection).get_table_names() if name != "alembic_version"]
    if tables:
        raise BackupError(f"The database already holds {len(tables)} tables: restore into an empty database.")
    if any(upload_folder().iterdir()):
        raise BackupError(f"The photo folder {upload_folder()} is not empty: restore into an empty one.")


def _restore_database(dialect: str, source: Path) -> None:
    if dialect == "sqlite":
        target = Path(make_url(db.engine.url).database)
        db.engine.dispose()  # no connection of ours keeps the old file open
        for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(source, partial)
        os.replace(partial, target)
        return
    with db.engine.begin() as connection:  # an empty database may still hold the migration table
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    _libpq([_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
            str(source)])


def restore_backup(archive: Path) -> Manifest:
    """Restore ``archive`` into the configured database and photo folder, which must be empty.

    Nothing may have the database open meanwhile: stop the web processes and the scheduler first.
    """
    dialect = _dialect()
    try:
        tar = tarfile.open(archive, "r")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} cannot be read as a backup: {error}") from error
    with tar, tempfile.TemporaryDirectory(prefix="stars-restore-") as work:
        manifest = _read_manifest(tar)
        if manifest.database != dialect:
            raise BackupError(f"This is a backup of a {manifest.database} database; the portal is configured "
                              f"for {dialect}.")
        _require_empty(dialect)
        try:
            database = tar.getmember(DATABASE_FILE[dialect])
        except KeyError:
            raise BackupError("This backup holds no database.") from None
        prefix = PHOTOS + "/"
        photos = [member for member in tar.getmembers()  # plain files directly in photos/, nothing else
                  if member.isfile() and member.name.startswith(prefix) and "/" not in member.name[len(prefix):]]
        tar.extractall(work, members=[database, *photos], filter="data")
        folder = upload_folder()
        copied = []
        try:
            for member in photos:
                copied.append(folder / Path(member.name).name)
                shutil.copyfile(Path(work) / member.name, copied[-1])
            _restore_database(dialect, Path(work) / DATABASE_FILE[dialect])
        except BaseException:
            for path in copied:  # all or nothing: the folder is empty again, so the restore can be retried
                path.unlink(missing_ok=True)
            raise
    return manifest


@click.command("backup")
@click.argument("archive", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(archive: Path):
    """Back up the database and the photos into ARCHIVE while the portal runs."""
    try:
        manifest = create_backup(archive)
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_dump failed (exit status {error.returncode}); nothing was written.") from error
    click.echo(f"Backed up the {manifest.database} database (revision {manifest.revision}) and "
               f"{manifest.photos} photo files to {archive}.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(archive: Path):
    """Restore ARCHIVE into an empty database and photo folder; then run `flask db upgrade`."""
    try:
        manifest = restore_backup(archive)
    except subprocess.CalledProcessError as error:
        raise BackupError(f"pg_restore failed (exit status {error.returncode}); the database is as it was.") \
            from error
    click.echo(f"Restored the backup of {manifest.created_at} (revision {manifest.revision}, "
               f"{manifest.photos} photo files). Run `flask db upgrade` if this version is newer.")
