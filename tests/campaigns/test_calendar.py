"""Customer Service Week: the first full business week of October."""
from datetime import date, datetime, timezone

import pytest

from portal.campaigns.calendar import csw_week, default_timeline

# One year for each weekday 1 October can fall on.
WEEKS = {
    2018: (date(2018, 10, 1), date(2018, 10, 5)),    # Monday
    2024: (date(2024, 10, 7), date(2024, 10, 11)),   # Tuesday
    2025: (date(2025, 10, 6), date(2025, 10, 10)),   # Wednesday
    2026: (date(2026, 10, 5), date(2026, 10, 9)),    # Thursday
    2027: (date(2027, 10, 4), date(2027, 10, 8)),    # Friday
    2022: (date(2022, 10, 3), date(2022, 10, 7)),    # Saturday
    2023: (date(2023, 10, 2), date(2023, 10, 6)),    # Sunday
}


@pytest.mark.parametrize("year", sorted(WEEKS))
def test_week_for_every_weekday_of_1_october(year):
    assert csw_week(year) == WEEKS[year]
    assert {date(year, 10, 1).weekday() for year in WEEKS} == set(range(7))


def test_csw_dates_prints_one_line_per_year(runner):
    result = runner.invoke(args=["csw-dates", "2013", "2024"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 12
    assert lines[0] == "2013 2013-10-07 2013-10-11"
    assert "2020 2020-10-05 2020-10-09" in lines
    assert lines[-1] == "2024 2024-10-07 2024-10-11"


def test_csw_dates_with_one_year_and_bad_input(runner):
    assert runner.invoke(args=["csw-dates", "2026"]).output == "2026 2026-10-05 2026-10-09\n"
    assert runner.invoke(args=["csw-dates", "2026", "2020"]).exit_code != 0
    assert runner.invoke(args=["csw-dates", "soon"]).exit_code != 0


def test_default_timeline_in_the_organisations_time_zone():
    timeline = default_timeline(2026, "Asia/Kolkata")
    assert timeline.nominations_open_at == datetime(2026, 10, 4, 18, 30, tzinfo=timezone.utc)
    assert timeline.voting_open_at == datetime(2026, 10, 7, 6, 30, tzinfo=timezone.utc)
    assert timeline.voting_close_at == datetime(2026, 10, 9, 6, 30, tzinfo=timezone.utc)
    assert timeline.announce_at == datetime(2026, 10, 9, 9, 30, tzinfo=timezone.utc)
    assert timeline.created_at == datetime(2026, 8, 20, 18, 30, tzinfo=timezone.utc)
