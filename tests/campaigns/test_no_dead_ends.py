"""Outside its window a page says what is happening now and links to it: no dead ends."""
from datetime import date

import pytest

from portal.campaigns.calendar import next_csw_week
from tests.factories import make_live_campaign

PHASES = {"scheduled": (1, 2, 3, 4), "voting": (-3, -1, 2, 3), "counting": (-4, -3, -1, 2),
          "announced": (-5, -4, -3, -2)}


@pytest.mark.parametrize("phase,says,link", [
    ("scheduled", "Start thinking about the colleague", "/stories"),
    ("voting", "Voting is open: read the stories", "/vote"),
    ("counting", "The winners are announced", "/stories"),
    ("announced", "The next Customer Service Week runs from", "/hall-of-fame"),
])
def test_nominate_outside_nominations_points_to_what_is_on(db, login_as, phase, says, link):
    make_live_campaign(PHASES[phase])
    page = login_as("employee").get("/nominate").get_data(as_text=True)
    assert "Nominations are closed" in page and says in page and f'class="button primary" href="{link}"' in page


@pytest.mark.parametrize("phase,says,link", [
    ("nominating", "Nominations are open: tell the story", "/nominate"),
    ("counting", "The winners are announced", "/stories"),
    ("announced", "Congratulations to every Service Star!", "/hall-of-fame"),
])
def test_the_ballot_outside_voting_points_to_what_is_on(db, login_as, phase, says, link):
    make_live_campaign(PHASES.get(phase, (-1, 2, 4, 5)))
    page = login_as("employee").get("/vote").get_data(as_text=True)
    assert "Voting is not open" in page and says in page and f'class="button primary" href="{link}"' in page


def test_without_any_campaign_the_next_week_and_the_hall_of_fame_are_offered(db, login_as):
    page = login_as("employee").get("/vote").get_data(as_text=True)
    assert "The next Customer Service Week runs from" in page and 'href="/hall-of-fame"' in page


def test_the_next_week_is_this_years_until_it_begins():
    assert next_csw_week(date(2026, 10, 4)) == (date(2026, 10, 5), date(2026, 10, 9))
    assert next_csw_week(date(2026, 10, 5)) == (date(2027, 10, 4), date(2027, 10, 8))
