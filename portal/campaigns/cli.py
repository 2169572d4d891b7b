"""`flask csw-dates FROM [TO]`."""
import click

from portal.campaigns.calendar import csw_week


@click.command("csw-dates")
@click.argument("first", type=click.IntRange(1900, 9999))
@click.argument("last", type=click.IntRange(1900, 9999), required=False)
def csw_dates_command(first: int, last: int | None):
    """Print Customer Service Week of each year: YEAR MONDAY FRIDAY."""
    last = first if last is None else last
    if last < first:
        raise click.BadParameter("TO must not be before FROM", param_hint="TO")
    for year in range(first, last + 1):
        monday, friday = csw_week(year)
        click.echo(f"{year} {monday.isoformat()} {friday.isoformat()}")
