"""`flask seed-demo`."""
import click
from flask.cli import with_appcontext
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.demo import people
from portal.demo.service import DemoError, advance, is_demo, seed_demo
from portal.extensions import db
from portal.scheduler import perform_moments
from portal.types import utcnow


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
    click.echo(f"Loaded the demo organisation: {counts['people']} people in {counts['teams']} teams, "
               f"{counts['campaigns']} campaigns, {counts['stories']} stories; "
               f"nominations for {counts['live_year']} are open now.")
    _print_sign_ins()


@click.group("demo")
def demo_cli():
    """Walk through the demo organisation's Customer Service Week."""


@demo_cli.command("advance")
@with_appcontext
def advance_command():
    """Start the live demo campaign's next phase now (demo data only)."""
    now = utcnow()
    try:
        campaign, phase = advance(db.session, now)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    performed = perform_moments(db.session, now)
    click.echo(f"The {campaign.year} demo campaign is now in its '{phase}' phase.")
    for _campaign_id, event in performed:
        click.echo(f"Performed: {event} (emails are in the outbox; the scheduler sends them).")
