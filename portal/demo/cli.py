"""`flask seed-demo`."""
import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo import people
from portal.demo.service import DemoError, is_demo, seed_demo
from portal.extensions import db


def _print_sign_ins() -> None:
    click.echo(f"Demo sign-in, HR:       {people.HR_EMAIL} / {people.PASSWORD}")
    click.echo(f"Demo sign-in, employee: {people.EMPLOYEE_EMAIL} / {people.PASSWORD}")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True,
              help="Load only when the database has nobody in it, and say which it did (used by `make run`).")
@with_appcontext
def seed_demo_command(if_empty: bool):
    """Load the demo organisation into an empty database; refuses a non-empty one."""
    if if_empty and db.session.scalar(select(func.count()).select_from(User)):
        if is_demo(db.session):
            click.echo("The database already holds the demo organisation.")
            _print_sign_ins()
        else:
            click.echo("The database already has data; demo data was not loaded.")
        db.session.rollback()
        return
    if if_empty:
        click.echo("The database is empty: loading the demo organisation.")
    try:
        counts = seed_demo(db.session)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Loaded the demo organisation: {counts['people']} people in {counts['teams']} teams.")
    _print_sign_ins()
