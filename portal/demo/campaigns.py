"""The demo's campaigns: two announced years and a live one whose nominations are open now."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy.orm import Session

from portal.campaigns.calendar import default_timeline
from portal.campaigns.models import CampaignEvent
from portal.campaigns.service import create_campaign
from portal.campaigns.tasks import EVENTS

THEMES = ("Every voice heard", "Service from the heart", "Small moments, big difference")


def live_year(now: datetime, zone: str) -> int:
    """The first year whose campaign is not yet announced by default."""
    year = now.year
    while default_timeline(year, zone).announce_at <= now:
        year += 1
    return year


def seed_campaigns(session: Session, now: datetime) -> dict[str, int]:
    """Create the demo campaigns; the moments already passed count as performed (no old emails)."""
    zone = current_app.config["PORTAL_TIMEZONE"]
    year = live_year(now, zone)
    campaigns = []
    for offset, theme in zip((2, 1), THEMES[:2]):
        campaigns.append(create_campaign(session, year - offset, zone, now, theme=theme, allow_past=True))
    live = create_campaign(session, year, zone, now, theme=THEMES[2], allow_past=True, moments={
        "nominations_open_at": now - timedelta(hours=1),
        "voting_open_at": now + timedelta(days=3),
        "voting_close_at": now + timedelta(days=5),
        "announce_at": now + timedelta(days=5, hours=3),
    })
    live.auto_approve = False
    for campaign in campaigns + [live]:
        for event, moment, _template, _subject in EVENTS:
            if getattr(campaign, moment) <= now:
                session.add(CampaignEvent(campaign_id=campaign.id, event=event, started_at=now, done_at=now))
    session.flush()
    return {"campaigns": len(campaigns) + 1, "live_year": year}
