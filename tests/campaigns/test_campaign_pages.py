"""HR's campaign pages and the home page's campaign panel."""
from datetime import datetime, timezone

import time_machine
from sqlalchemy import select

from portal.campaigns.models import Campaign
from tests.factories import make_campaign, make_live_campaign

NOW = datetime(2030, 9, 1, 12, tzinfo=timezone.utc)


def _form(campaign, **changes):
    data = {"theme": campaign.theme, "votes_per_category": str(campaign.votes_per_category)}
    for name in ("nominations_open_at", "voting_open_at", "voting_close_at", "announce_at"):
        data[name] = getattr(campaign, name).strftime("%Y-%m-%dT%H:%M")
    data.update(changes)
    return data


@time_machine.travel(NOW, tick=False)
def test_hr_creates_a_campaign_prefilled_from_the_calendar(db, login_as):
    hr = login_as("hr")
    page = hr.get("/admin/campaigns/new?year=2030").get_data(as_text=True)
    assert 'value="2030-10-07T00:00"' in page and 'value="2030-10-09T12:00"' in page
    response = hr.post("/admin/campaigns/new", data={
        "year": "2030", "theme": "Hearts", "votes_per_category": "2", "nominations_open_at": "2030-10-07T00:00",
        "voting_open_at": "2030-10-09T12:00", "voting_close_at": "2030-10-11T12:00", "announce_at": "2030-10-11T15:00"})
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert (campaign.year, campaign.theme, campaign.votes_per_category) == (2030, "Hearts", 2)
    assert len(campaign.categories) == 7


@time_machine.travel(NOW, tick=False)
def test_moments_out_of_order_are_explained_next_to_the_field_and_kept(db, login_as):
    campaign = make_campaign(2030)
    hr = login_as("hr")
    response = hr.post(f"/admin/campaigns/{campaign.id}",
                       data=_form(campaign, voting_close_at="2030-10-08T09:00", theme="Kept theme"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "must come after" in page and 'value="Kept theme"' in page and 'value="2030-10-08T09:00"' in page
    db.session.refresh(campaign)
    assert campaign.theme == ""


def test_hr_starts_the_next_phase_now(db, login_as):
    campaign = make_live_campaign()
    hr = login_as("hr")
    assert hr.post(f"/admin/campaigns/{campaign.id}/next-phase").status_code == 302
    db.session.refresh(campaign)
    assert campaign.phase == "voting"


def test_hr_cancels_and_a_cancelled_campaign_stays_cancelled(db, login_as):
    campaign = make_live_campaign()
    hr = login_as("hr")
    hr.post(f"/admin/campaigns/{campaign.id}/cancel")
    db.session.refresh(campaign)
    assert campaign.phase == "cancelled"
    page = hr.post(f"/admin/campaigns/{campaign.id}/next-phase", follow_redirects=True).get_data(as_text=True)
    assert "This campaign is cancelled." in page


def test_hr_renames_and_adds_categories_until_voting(db, login_as):
    campaign = make_live_campaign()
    hr = login_as("hr")
    first = campaign.categories[0]
    assert hr.post(f"/admin/campaigns/{campaign.id}/categories/{first.id}",
                   data={"name": "Rock Solid", "description": "Always there", "nominee_kind": "people",
                         "enabled": "y"}).status_code == 302
    clash = hr.post(f"/admin/campaigns/{campaign.id}/categories/new",
                    data={"name": "Timeliness", "nominee_kind": "people"})
    assert clash.status_code == 400 and "already has a category" in clash.get_data(as_text=True)
    db.session.refresh(first)
    assert first.name == "Rock Solid"


def test_home_shows_the_live_campaign_with_its_countdown_in_the_viewers_zone(db, login_as):
    now = datetime(2030, 10, 7, 9, tzinfo=timezone.utc)
    make_live_campaign((-1, 2, 4, 5), now=now, year=2030)
    with time_machine.travel(now, tick=False):
        kolkata = login_as("employee", timezone="Asia/Kolkata")
        chicago = login_as("employee", timezone="America/Chicago")
        india = kolkata.get("/").get_data(as_text=True)
        usa = chicago.get("/").get_data(as_text=True)
    assert "Customer Service Week 2030" in india and "Nominations are open" in india
    assert "in 2 days" in india
    # Voting opens at 09:00 UTC on 9 October: the same moment, each in their own time.
    assert "Wednesday, October 9, 2030, 2:30\u202fPM (GMT+05:30, Asia/Kolkata)" in india
    assert "Wednesday, October 9, 2030, 4:00\u202fAM (Central Daylight Time)" in usa


def test_home_shows_the_latest_announced_campaign_when_none_is_live(db, login_as):
    now = datetime(2030, 11, 1, tzinfo=timezone.utc)
    make_live_campaign((-30, -28, -26, -25), now=now, year=2030)
    with time_machine.travel(now, tick=False):
        page = login_as("employee").get("/").get_data(as_text=True)
    assert "The winners of 2030 are announced" in page


def test_saving_an_untouched_form_keeps_moments_that_have_passed(db, login_as):
    campaign = make_live_campaign()  # its moments carry seconds, the form only minutes
    opened = campaign.nominations_open_at
    hr = login_as("hr")
    response = hr.post(f"/admin/campaigns/{campaign.id}", data=_form(campaign, theme="New theme"))
    assert response.status_code == 302
    db.session.refresh(campaign)
    assert campaign.theme == "New theme" and campaign.nominations_open_at == opened
