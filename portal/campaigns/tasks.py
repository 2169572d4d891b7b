"""What the scheduler does for campaigns: thin, and safe to run any number of times at once.

``reconcile`` makes sure next year's campaign exists and performs every
passed moment's side effects that have not been performed, oldest first, so
an outage across several moments catches up once each, in order.
"""
import logging
from datetime import datetime
from typing import Callable

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.campaigns.calendar import default_timeline
from portal.campaigns.models import Campaign, CampaignEvent
from portal.campaigns.service import create_campaign, get_campaign
from portal.notifications.mail import render_message, text_to_html
from portal.notifications.models import PENDING, OutboxMessage
from portal.urls import external_url

log = logging.getLogger(__name__)

BATCH = 5000
# (event, the moment that triggers it, email template, subject)
EVENTS = (
    ("nominations_open", "nominations_open_at", "campaign_nominations_open",
     _l("Nominations are open: who gave great service?")),
    ("voting_open", "voting_open_at", "campaign_voting_open", _l("Voting is open: choose this year's Service Stars")),
    ("announced", "announce_at", "campaign_announced", _l("The Service Stars winners are announced")),
)

#: What the announcement does once, inside its claim transaction: called as ``announce(session, campaign)``.
Announce = Callable[[Session, Campaign], object]


def ensure_upcoming_campaign(session: Session, now: datetime) -> Campaign | None:
    """Create the coming Customer Service Week's campaign once its creation moment has passed.

    A campaign is created from 45 days before its week's Monday until its
    announcement, so a scheduler that was down at the creation moment still
    creates it when it comes back. Returns the campaign created, if any.
    """
    zone = current_app.config["PORTAL_TIMEZONE"]
    for year in (now.year, now.year + 1):
        timeline = default_timeline(year, zone)
        if not timeline.created_at <= now < timeline.announce_at or get_campaign(session, year):
            continue
        try:
            with session.begin_nested():
                campaign = create_campaign(session, year, zone, now, allow_past=True)
        except IntegrityError:  # another scheduler created it first
            session.rollback()
            return None
        session.commit()
        log.info("created the %s campaign", year)
        return campaign
    return None


def due_events(session: Session, now: datetime) -> list[tuple[datetime, int, str]]:
    """(moment, campaign id, event) for every passed moment not yet claimed, oldest first."""
    claimed = set(session.execute(select(CampaignEvent.campaign_id, CampaignEvent.event)).tuples())
    due = []
    for campaign in session.scalars(select(Campaign)):
        for event, moment, _template, _subject in EVENTS:
            when = getattr(campaign, moment)
            cancelled_before = campaign.cancelled_at is not None and campaign.cancelled_at <= when
            if when <= now and not cancelled_before and (campaign.id, event) not in claimed:
                due.append((when, campaign.id, event))
    return sorted(due)


def claim_event(session: Session, campaign_id: int, event: str, now: datetime,
                announce: Announce) -> CampaignEvent | None:
    """Claim an event and perform its one-off effects in the same transaction; commits.

    The announcement's effects are ``announce`` (the tally and the Hall of Fame induction, which
    live above campaigns). Returns None when another scheduler claimed it first.
    """
    try:
        with session.begin_nested():
            claim = CampaignEvent(campaign_id=campaign_id, event=event, cursor=0, started_at=now)
            session.add(claim)
            session.flush()
    except IntegrityError:
        session.rollback()
        return None
    if event == "announced":
        announce(session, session.get(Campaign, campaign_id))
    session.commit()
    return claim


def _insert_ignoring_duplicates(session: Session, rows: list[dict]) -> None:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(OutboxMessage.__table__).on_conflict_do_nothing(index_elements=["dedupe_key"]), rows)


def _bodies(campaign: Campaign, template: str, subject, readers: set) -> dict:
    """The email of one event rendered once per (language, time zone) of its ``readers``, with a slot
    for the name: a batch of a thousand people has a few dozen of them, not a thousand."""
    slot = "\x00name\x00"
    rendered = {}
    for locale, zone in readers:
        message = render_message("", subject, template, locale, zone, name=slot, campaign=campaign,
                                 home=external_url("main.home"))
        rendered[locale, zone] = (message.subject, message.body, text_to_html(message.body), slot)
    return rendered


def send_event_emails(session: Session, claim: CampaignEvent, now: datetime) -> int:
    """Queue the event's email to every active person, a batch per transaction; commits.

    Resumes from ``claim.cursor``; every email's dedupe key is (campaign,
    event, person), so repeating a batch never queues anything twice.
    """
    campaign = session.get(Campaign, claim.campaign_id)
    _event, _moment, template, subject = next(e for e in EVENTS if e[0] == claim.event)
    queued = 0
    while True:
        people = session.execute(
            select(User.id, User.email, User.display_name, User.locale, User.timezone)
            .where(User.active.is_(True), User.id > claim.cursor).order_by(User.id).limit(BATCH)).all()
        if not people:
            claim.done_at = now
            session.commit()
            return queued
        bodies = _bodies(campaign, template, subject, {(person.locale, person.timezone) for person in people})
        rows = []
        for person in people:
            title, body, html, slot = bodies[person.locale, person.timezone]
            rows.append({"recipient": person.email, "subject": title,
                         "body_text": body.replace(slot, person.display_name),
                         "body_html": html.replace(slot, str(escape(person.display_name))),
                         "dedupe_key": f"campaign:{campaign.id}:{claim.event}:{person.id}",
                         "status": PENDING, "tries": 0, "next_try_at": now})
        _insert_ignoring_duplicates(session, rows)
        claim.cursor = people[-1].id
        session.commit()
        queued += len(rows)


def perform_due_events(session: Session, now: datetime, announce: Announce) -> list[tuple[int, str]]:
    """Finish interrupted events, then perform every due one in order; returns those performed.

    ``announce`` is what the announcement does once (see ``claim_event``).
    """
    for claim in list(session.scalars(select(CampaignEvent).where(CampaignEvent.done_at.is_(None))
                                      .order_by(CampaignEvent.id))):
        send_event_emails(session, claim, now)
    performed = []
    for _when, campaign_id, event in due_events(session, now):
        claim = claim_event(session, campaign_id, event, now, announce)
        if claim is not None:
            send_event_emails(session, claim, now)
            performed.append((campaign_id, event))
    return performed
