"""`flask users import`: the directory from a CSV file, with a progress bar and a per-line error report."""
import sys
import time

import click
from flask.cli import with_appcontext

from portal.directory import importer
from portal.extensions import db


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--deactivate-missing", is_flag=True,
              help="Deactivate people who are in the directory but not in the file.")
@with_appcontext
def import_command(file: str, deactivate_missing: bool):
    """Add or update people from a CSV file (idempotent: upsert by email)."""
    with open(file, "rb") as handle:
        data = handle.read()
    rows = max(data.count(b"\n") - 1, 1)
    started = time.perf_counter()
    with click.progressbar(length=rows, label="Checking", file=sys.stderr) as bar:
        plan = importer.validate(db.session, data, progress=bar.update)
    if not plan.ok:
        db.session.rollback()
        click.echo(f"Nothing was imported: {len(plan.errors)} problem(s) found.", err=True)
        for error in plan.errors:
            click.echo(f"  line {error.line}: {error.reason}", err=True)
        raise SystemExit(1)
    with click.progressbar(length=len(plan.rows), label="Importing", file=sys.stderr) as bar:
        result = importer.apply(db.session, plan, deactivate_missing=deactivate_missing, progress=bar.update)
    db.session.commit()
    elapsed = time.perf_counter() - started
    click.echo(f"Imported {len(plan.rows)} rows in {elapsed:.1f}s ({len(plan.rows) / max(elapsed, 1e-9):,.0f} rows/s): "
               f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
               f"{result.deactivated} deactivated, {result.teams_created} new teams.")
