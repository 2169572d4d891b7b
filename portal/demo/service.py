"""Loading the demo organisation into an empty database."""
import random
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from portal.accounts.models import Team, User
from portal.accounts.passwords import hash_password
from portal.campaigns.models import Campaign
from portal.campaigns.service import CampaignError, featured_campaign, start_next_phase
from portal.demo.campaigns import seed_campaigns
from portal.demo.stories import seed_stories
from portal.demo.votes import seed_votes
from portal.rules import RuleError
from portal.types import utcnow
from portal.demo import people as demo
from portal.system.service import DEMO_DATA, get_setting, put_setting


class DemoError(RuleError):
    """The demo organisation cannot be loaded here."""


def is_demo(session: Session) -> bool:
    """Whether this database holds the demo organisation."""
    return get_setting(session, DEMO_DATA) is not None


def _names(rng: random.Random, language: str, count: int, taken: set[str]):
    """Yield (display name, email local part) pairs, unique within ``taken``."""
    made = 0
    while made < count:
        if language == "zh_Hans":
            (family, family_latin), (given, given_latin) = rng.choice(demo.CHINESE_FAMILY), rng.choice(demo.CHINESE_GIVEN)
            name, local = family + given, f"{given_latin}.{family_latin}"
        elif language == "te":
            (first, first_latin), (last, last_latin) = rng.choice(demo.TELUGU_FIRST), rng.choice(demo.TELUGU_LAST)
            name, local = f"{first} {last}", f"{first_latin}.{last_latin}"
        else:
            first, last = rng.choice(demo.ENGLISH_FIRST), rng.choice(demo.ENGLISH_LAST)
            name, local = f"{first} {last}", f"{first}.{last}".lower()
        base, suffix = local, 2
        while local in taken:
            local, suffix = f"{base}{suffix}", suffix + 1
        taken.add(local)
        made += 1
        yield name, local


def seed_demo(session: Session) -> dict[str, int]:
    """Load the demo organisation; refuses a database that already has people."""
    if session.scalar(select(func.count()).select_from(User)):
        raise DemoError(_l("The database already has people in it; demo data is only loaded into an empty one."))
    rng = random.Random(2026)
    password_hash = hash_password(demo.PASSWORD)
    session.execute(insert(Team), [{"name": name} for name, _ in demo.TEAMS])
    team_ids = dict(session.execute(select(Team.name, Team.id)).all())
    department_of = dict(demo.TEAMS)

    hr = User(email=demo.HR_EMAIL, display_name="Harriet Reyes", job_title="HR Business Partner",
              department="People & Culture", site="Leeds", country="GB", timezone="Europe/London",
              locale="en", is_hr=True, password_hash=password_hash)
    head = User(email="head.of.service@demo.example", display_name="Margaret Ellison",
                job_title="Head of Customer Service", department="Customer Care", site="Leeds",
                country="GB", timezone="Europe/London", locale="en", password_hash=password_hash)
    session.add_all([hr, head])
    session.flush()

    taken = {"hr", "head.of.service", "ada.okafor"}
    rows = []
    for site, country, zone, language, count in demo.SITES:
        for index, (name, local) in enumerate(_names(rng, language, count, taken)):
            team = demo.TEAMS[index % len(demo.TEAMS)][0]
            rows.append({"email": f"{local}@demo.example", "stored_name": name, "site": site,
                         "country": country, "timezone": zone, "locale": language,
                         "team_id": team_ids[team], "department": department_of[team],
                         "job_title": rng.choice(demo.JOB_TITLES), "password_hash": password_hash,
                         "manager_id": head.id})
    # Ada is the documented employee sign-in: Billing Care, Leeds.
    rows.insert(0, {"email": demo.EMPLOYEE_EMAIL, "stored_name": "Ada Okafor", "site": "Leeds",
                    "country": "GB", "timezone": "Europe/London", "locale": "en",
                    "team_id": team_ids["Billing Care"], "department": "Customer Care",
                    "job_title": "Senior Advisor", "password_hash": password_hash, "manager_id": head.id})
    session.execute(insert(User), rows)
    session.flush()
    _assign_team_leads(session, team_ids, head.id)
    now = utcnow()
    campaigns = seed_campaigns(session, now)
    stories = seed_stories(session, now)
    past = list(session.scalars(select(Campaign).order_by(Campaign.year)))[:-1]
    seed_votes(session, past)
    put_setting(session, DEMO_DATA, "1")
    session.flush()
    return {"people": len(rows) + 2, "teams": len(team_ids), "stories": stories, **campaigns}


def advance(session: Session, now: datetime) -> tuple[Campaign, str]:
    """Start the live demo campaign's next phase now; refuses anything but demo data."""
    if not is_demo(session):
        raise DemoError(_l("This database does not hold the demo organisation; "
                           "use HR's campaign pages to change a real campaign."))
    campaign = featured_campaign(session, now)
    if campaign is None or campaign.next_moment(now) is None:
        raise DemoError(_l("The demo campaign has no next phase: its winners are announced."))
    try:
        phase = start_next_phase(session, campaign, now)
    except CampaignError as error:
        raise DemoError(str(error)) from error
    return campaign, phase


def _assign_team_leads(session: Session, team_ids: dict[str, int], head_id: int) -> None:
    """The first member of each team (after Ada) leads it; the others report to the lead."""
    leads = {}
    for name, team_id in team_ids.items():
        members = list(session.scalars(select(User).where(User.team_id == team_id,
                                                          User.email != demo.EMPLOYEE_EMAIL).order_by(User.id)))
        lead = members[0]
        lead.job_title = "Team Lead"
        lead.manager_id = head_id
        leads[name] = lead
        for member in members[1:]:
            member.manager_id = lead.id
    ada = session.scalar(select(User).where(User.email == demo.EMPLOYEE_EMAIL))
    ada.manager_id = leads["Billing Care"].id
