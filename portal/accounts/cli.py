"""`flask users ...`: the directory and HR admins from the command line."""
import sys
import time

import click
from flask.cli import with_appcontext

from portal.accounts import service
from portal.directory import importer
from portal.extensions import db
from portal.urls import external_url


@click.group("users")
def users_cli():
    """Manage people in the directory."""


@users_cli.command("import")
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


@users_cli.command("create-hr")
@click.argument("email")
@click.option("--name", help="Display name for a new person.")
@click.option("--password", "ask_password", is_flag=True, help="Set a password now instead of emailing a link.")
@with_appcontext
def create_hr_command(email: str, name: str | None, ask_password: bool):
    """Create an HR admin, or promote an existing person to HR."""
    try:
        user, created = service.create_or_promote_hr(db.session, email, name)
        if ask_password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            service.set_password(db.session, user, password)
        link = None
        if not user.has_password:
            raw = service.issue_token(db.session, user, service.PURPOSE_INVITE)
            link = external_url("accounts.set_password", token=raw)
    except service.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{'Created' if created else 'Promoted'} HR admin {user.email}.")
    if link:
        click.echo(f"They can choose a password here (single use): {link}")
