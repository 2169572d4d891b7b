"""`flask users erase EMAIL --yes`: HR's erasure from the command line."""
import click
from flask.cli import with_appcontext

from portal.accounts.service import find_by_email
from portal.extensions import db
from portal.privacy.erasure import KEEP_ALL, ErasureError, erase_person
from portal.types import utcnow


@click.command("erase")
@click.argument("email")
@click.option("--yes", "confirmed", is_flag=True, help="Confirm: an erasure cannot be undone.")
@click.option("--withdraw-inductions", is_flag=True,
              help="Take their Hall of Fame inductions out too (they are kept unless this is given).")
@with_appcontext
def erase_command(email: str, confirmed: bool, withdraw_inductions: bool):
    """Erase a person's personal data: anonymised, comments and endorsements removed, stories about them withdrawn."""
    person = find_by_email(db.session, email)
    if person is None:
        raise click.ClickException("Nobody in the directory has this email address.")
    if not confirmed:
        raise click.ClickException("Nothing was erased: add --yes to confirm that this cannot be undone.")
    try:
        result = erase_person(db.session, person, None, utcnow(),
                              keep_inductions=set() if withdraw_inductions else KEEP_ALL)
    except ErasureError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Erased user {result.person_id}: {len(result.stories_withdrawn)} stories withdrawn, "
               f"{len(result.inductions_kept)} Hall of Fame inductions kept, {len(result.inductions_removed)} removed, "
               f"{result.comments_removed} comments and {result.endorsements_removed} endorsements removed.")
