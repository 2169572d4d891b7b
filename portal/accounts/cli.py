"""`flask users ...`: people and HR admins from the command line (`users import` is the directory's)."""
import click
from flask.cli import with_appcontext

from portal.accounts import service
from portal.extensions import db
from portal.urls import external_url


@click.group("users")
def users_cli():
    """Manage people in the directory."""


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
