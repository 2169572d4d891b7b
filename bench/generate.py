"""A synthetic organisation for the benchmark, made by bulk inserts.

Five announced campaigns and a current one in its voting phase; stories spread
over them (a fifth in the current one), each about one person; the votes all in
the current campaign, so the tally reads the whole vote table; each past
campaign's best story per category inducted into the Hall of Fame.
"""
import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert, select

from portal.accounts.models import Team, User
from portal.accounts.passwords import hash_password
from portal.campaigns.models import Campaign, CampaignEvent
from portal.campaigns.service import create_campaign
from portal.extensions import db
from portal.stories.models import Nominee, Story
from portal.stories.search import compose
from portal.types import utcnow
from portal.hall_of_fame.models import Induction
from portal.voting.models import Result, Vote

BENCH_PASSWORD = "bench-password-1"
CHUNK = 20_000
PAST_YEARS = 5
WORDS = ("heating", "refund", "outage", "patient", "billing", "midnight", "router", "delivery", "warranty",
         "callback", "暖气", "退款", "耐心", "సహనం", "బిల్లింగ్", "kindness", "upgrade", "escalation")
DEPARTMENTS = ("Support", "Billing", "Field service", "Sales", "Retention", "Logistics", "客服", "సేవ")
SITES = ("Leeds", "Hyderabad", "Shenzhen", "Chicago", "Lisbon", "Manila", "Cape Town")
COUNTRIES = ("GB", "IN", "CN", "US", "PT", "PH", "ZA")


@dataclass(frozen=True)
class Scale:
    """How big the organisation is."""

    people: int
    stories: int
    votes: int


SCALES = {"full": Scale(500_000, 100_000, 2_000_000), "small": Scale(50_000, 10_000, 200_000)}


def _insert(table, rows) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start:start + CHUNK])


def _people(scale: Scale, rng: random.Random) -> None:
    teams = [{"name": f"Team {n:03d}"} for n in range(200)]
    _insert(Team, teams)
    team_ids = list(db.session.scalars(select(Team.id)))
    # One production-strength hash for everybody: the benchmark signs people in as on the day.
    password_hash = hash_password(BENCH_PASSWORD)
    rows = []
    for n in range(scale.people):
        rows.append({"email": f"person{n}@bench.example", "stored_name": f"Person {n} {rng.choice(WORDS).title()}",
                     "department": DEPARTMENTS[n % len(DEPARTMENTS)], "site": SITES[n % len(SITES)],
                     "country": COUNTRIES[n % len(COUNTRIES)], "team_id": team_ids[n % len(team_ids)],
                     "password_hash": password_hash, "locale": "en", "timezone": "Europe/London"})
    _insert(User, rows)


def _campaigns(now) -> list[Campaign]:
    """Past campaigns (announced, their events done) and the current one, voting now."""
    campaigns = []
    for offset in range(PAST_YEARS, 0, -1):
        campaign = create_campaign(db.session, now.year - offset, "UTC", now, allow_past=True)
        campaigns.append(campaign)
    current = create_campaign(db.session, now.year + 1, "UTC", now, allow_past=True,
                              moments={"nominations_open_at": now - timedelta(days=7),
                                       "voting_open_at": now - timedelta(days=1),
                                       "voting_close_at": now + timedelta(days=30),
                                       "announce_at": now + timedelta(days=31)})
    current.votes_per_category = 3
    campaigns.append(current)
    db.session.flush()
    for campaign in campaigns:
        for event in ("nominations_open", "voting_open", "announced"):
            if campaign is not current or event != "announced":
                db.session.add(CampaignEvent(campaign_id=campaign.id, event=event, started_at=now, done_at=now))
    return campaigns


def _stories(scale: Scale, campaigns: list[Campaign], rng: random.Random) -> dict[int, list[int]]:
    """Insert the stories and their nominees; returns story ids by category of the current campaign."""
    current = campaigns[-1]
    people, now = scale.people, utcnow()
    stories, nominees = [], []
    first_id = (db.session.scalar(select(Story.id).order_by(Story.id.desc()).limit(1)) or 0) + 1
    for n in range(scale.stories):
        campaign = current if n % 5 == 0 else campaigns[(n // 5) % PAST_YEARS]
        category = campaign.categories[n % 6]  # the six individual categories
        # A stride coprime with the seven sites and countries, so nominees are spread over all of them.
        nominator, nominee = n % people, (n * 7919 + 3) % people
        words = rng.sample(WORDS, 4)
        title = f"{words[0].title()} and {words[1]} for customer {n}"
        story = (f"Person {nominee} handled a {words[2]} case about {words[3]} with patience, "
                 f"called the customer back and made sure everything worked. ") * 3
        stories.append({"id": first_id + n, "campaign_id": campaign.id, "category_id": category.id,
                        "nominator_id": nominator + 1, "title": title, "body": story, "customer_impact": "",
                        "moment_date": date(campaign.year, 9, 1), "status": "approved", "language": "en",
                        "search_text": compose(title, story, "", [f"Person {nominee}"]),
                        "created_at": now - timedelta(minutes=scale.stories - n),
                        "decided_at": now - timedelta(minutes=scale.stories - n)})
        nominees.append({"story_id": first_id + n, "user_id": nominee + 1, "campaign_id": campaign.id,
                         "category_id": category.id, "nominator_id": nominator + 1, "active": True})
    _insert(Story, stories)
    _insert(Nominee, nominees)
    ballot: dict[int, list[int]] = {}
    for row in stories:
        if row["campaign_id"] == current.id:
            ballot.setdefault(row["category_id"], []).append(row["id"])
    return ballot


def _votes(scale: Scale, current: Campaign, ballot: dict[int, list[int]], rng: random.Random) -> None:
    """Each person in turn votes once per round, a different category each round (slot 1)."""
    categories = sorted(ballot)
    rows = []
    for n in range(scale.votes):
        voter, round_ = n % scale.people, n // scale.people
        category = categories[round_ % len(categories)]
        rows.append({"campaign_id": current.id, "category_id": category, "story_id": rng.choice(ballot[category]),
                     "voter_id": voter + 1, "slot": 1 + round_ // len(categories), "created_at": utcnow()})
        if len(rows) == CHUNK:
            db.session.execute(insert(Vote), rows)
            rows = []
    if rows:
        db.session.execute(insert(Vote), rows)


def _hall_of_fame(campaigns: list[Campaign]) -> None:
    """Induct each past campaign's first story of every category."""
    for campaign in campaigns[:-1]:
        for category in campaign.categories:
            story_id = db.session.scalar(select(Story.id).where(Story.category_id == category.id)
                                         .order_by(Story.id).limit(1))
            if story_id is None:
                continue
            db.session.add(Result(campaign_id=campaign.id, category_id=category.id, story_id=story_id,
                                  votes=42, winner=True))
            db.session.add(Induction(campaign_id=campaign.id, category_id=category.id, story_id=story_id,
                                     votes=42))


def generate(scale: Scale, seed: int = 2026) -> dict:
    """Fill an empty, migrated database; returns what was made and how long each part took."""
    rng = random.Random(seed)
    timings = {}
    started = time.perf_counter()
    _people(scale, rng)
    timings["people"] = time.perf_counter() - started
    now = utcnow()
    campaigns = _campaigns(now)
    mark = time.perf_counter()
    ballot = _stories(scale, campaigns, rng)
    timings["stories"] = time.perf_counter() - mark
    mark = time.perf_counter()
    _votes(scale, campaigns[-1], ballot, rng)
    timings["votes"] = time.perf_counter() - mark
    _hall_of_fame(campaigns)
    db.session.commit()
    timings["total"] = time.perf_counter() - started
    return {"timings": timings, "current_campaign": campaigns[-1].id,
            "ballot": {str(category): ids[:500] for category, ids in ballot.items()}}
