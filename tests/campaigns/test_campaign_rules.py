"""Phases come from the clock; moments move only forward in time and stay in order."""
from datetime import datetime, timedelta, timezone

import pytest

from portal.campaigns import service
from portal.campaigns.models import CANCELLED
from tests.factories import make_campaign

NOW = datetime(2026, 9, 1, 12, tzinfo=timezone.utc)


def _campaign():
    return make_campaign(2026, now=NOW)


def _moments(campaign):
    return {name: getattr(campaign, name) for name in
            ("nominations_open_at", "voting_open_at", "voting_close_at", "announce_at")}


def test_phase_follows_the_clock_through_the_week(db):
    campaign = _campaign()
    cases = [
        (datetime(2026, 10, 4, 23, 59, tzinfo=timezone.utc), "scheduled"),
        (datetime(2026, 10, 5, 0, 0, tzinfo=timezone.utc), "nominating"),
        (datetime(2026, 10, 7, 11, 59, tzinfo=timezone.utc), "nominating"),
        (datetime(2026, 10, 7, 12, 0, tzinfo=timezone.utc), "voting"),
        (datetime(2026, 10, 9, 12, 0, tzinfo=timezone.utc), "counting"),
        (datetime(2026, 10, 9, 15, 0, tzinfo=timezone.utc), "announced"),
    ]
    for when, phase in cases:
        assert campaign.phase_at(when) == phase, when


def test_new_campaign_has_the_seven_default_categories(db):
    campaign = _campaign()
    assert [c.name for c in campaign.categories] == [
        "Reliability", "Timeliness", "Personalization", "Approachability", "Flexibility", "Above and Beyond",
        "Service Team of the Year"]
    assert campaign.categories[-1].nominee_kind == "team"
    assert campaign.votes_per_category == 1 and campaign.auto_approve is False


def test_one_campaign_per_year(db):
    _campaign()
    with pytest.raises(service.CampaignError, match="already a campaign for 2026"):
        service.create_campaign(db.session, 2026, "UTC", NOW)


def test_moments_must_stay_in_order(db):
    campaign = _campaign()
    moments = _moments(campaign)
    moments["voting_open_at"] = moments["voting_close_at"] + timedelta(hours=1)
    with pytest.raises(service.CampaignError, match="must come after") as raised:
        service.update_settings(db.session, campaign, NOW, "", 1, False, moments)
    assert raised.value.field == "voting_close_at"


def test_hr_can_open_nominations_two_weeks_earlier(db):
    campaign = _campaign()
    moments = _moments(campaign)
    moments["nominations_open_at"] -= timedelta(days=14)
    service.update_settings(db.session, campaign, NOW, "Hearts", 2, True, moments)
    assert campaign.phase_at(datetime(2026, 9, 22, tzinfo=timezone.utc)) == "nominating"
    assert (campaign.theme, campaign.votes_per_category, campaign.auto_approve) == ("Hearts", 2, True)


def test_a_passed_moment_cannot_move_and_none_can_move_into_the_past(db):
    campaign = _campaign()
    during = datetime(2026, 10, 6, tzinfo=timezone.utc)
    moments = _moments(campaign)
    moments["nominations_open_at"] += timedelta(hours=1)
    with pytest.raises(service.CampaignError, match="already passed"):
        service.update_settings(db.session, campaign, during, "", 1, False, moments)
    moments = _moments(campaign)
    moments["voting_open_at"] = during - timedelta(hours=1)
    with pytest.raises(service.CampaignError, match="into the past"):
        service.update_settings(db.session, campaign, during, "", 1, False, moments)


def test_start_next_phase_moves_the_next_moment_to_now(db):
    campaign = _campaign()
    during = datetime(2026, 10, 6, 9, tzinfo=timezone.utc)
    assert service.start_next_phase(db.session, campaign, during) == "voting"
    assert campaign.voting_open_at == during
    assert service.start_next_phase(db.session, campaign, during + timedelta(minutes=1)) == "counting"
    assert service.start_next_phase(db.session, campaign, during + timedelta(minutes=2)) == "announced"
    with pytest.raises(service.CampaignError):
        service.start_next_phase(db.session, campaign, during + timedelta(minutes=3))


def test_categories_change_only_until_voting_opens(db):
    campaign = _campaign()
    category = campaign.categories[0]
    service.save_category(db.session, campaign, NOW, "Reliability Star", "Every time.", "people", True,
                          category=category)
    service.save_category(db.session, campaign, NOW, "Rookie of the Year", "New and great.", "people", True)
    assert [c.name for c in campaign.categories][-1] == "Rookie of the Year"
    with pytest.raises(service.CampaignError, match="already has a category"):
        service.save_category(db.session, campaign, NOW, "Timeliness", "", "people", True)
    voting = datetime(2026, 10, 8, tzinfo=timezone.utc)
    with pytest.raises(service.CampaignError, match="until voting opens"):
        service.save_category(db.session, campaign, voting, "Late", "", "people", True)


def test_cancel_before_announcement_only(db):
    campaign = _campaign()
    service.cancel_campaign(db.session, campaign, NOW)
    assert campaign.phase_at(NOW) == CANCELLED
    assert campaign.phase_at(datetime(2026, 10, 20, tzinfo=timezone.utc)) == CANCELLED
    other = make_campaign(2025, now=NOW)
    with pytest.raises(service.CampaignError, match="over"):
        service.cancel_campaign(db.session, other, NOW)


def test_the_database_refuses_moments_out_of_order(db):
    from sqlalchemy.exc import IntegrityError
    campaign = _campaign()
    campaign.voting_close_at = campaign.nominations_open_at
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
