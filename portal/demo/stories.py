"""About 60 demo stories across the demo campaigns, some with photos, a few waiting for HR."""
import io
import random
from datetime import datetime, timedelta

from PIL import Image, ImageDraw
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.accounts.models import Team, User
from portal.campaigns.models import Campaign
from portal.stories.models import APPROVED, PENDING, Nominee, Story
from portal.stories.photos import save_photo
from portal.stories.search import compose
from portal.demo.story_texts import STORIES, TEAM_STORY

PER_PAST_CAMPAIGN = 22
LIVE_APPROVED, LIVE_PENDING = 12, 5
PALETTES = ((146, 64, 14), (29, 78, 216), (21, 128, 61), (126, 34, 206), (190, 18, 60))


def _picture(rng: random.Random) -> bytes:
    """A cheerful abstract picture: a gradient and a few stars of light."""
    base = rng.choice(PALETTES)
    image = Image.new("RGB", (960, 640))
    draw = ImageDraw.Draw(image)
    for row in range(640):
        shade = row / 640
        draw.line([(0, row), (960, row)], fill=tuple(int(c + (255 - c) * shade * 0.6) for c in base))
    for _ in range(12):
        x, y, r = rng.randrange(960), rng.randrange(640), rng.randrange(8, 40)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(253, 230, 138))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def _add(session: Session, rng: random.Random, campaign: Campaign, status: str, people: list[User],
         teams: list[Team], when: datetime, photo: bool) -> None:
    category = rng.choice([c for c in campaign.categories])
    nominator = rng.choice(people)
    if category.nominee_kind == "team":
        team = rng.choice([t for t in teams if t.id != nominator.team_id])
        language, title, body, impact = TEAM_STORY
        nominees, name = [], team.name
    else:
        team = None
        language, title, body, impact = rng.choice(STORIES)
        speakers = [p for p in people if p.id != nominator.id and (p.locale or "en") == language] or people
        nominees = rng.sample([p for p in speakers if p.id != nominator.id], k=rng.choice((1, 1, 1, 2)))
        name = " & ".join(person.display_name for person in nominees)
    taken = {(link.user_id) for link in session.scalars(select(Nominee).where(
        Nominee.campaign_id == campaign.id, Nominee.category_id == category.id,
        Nominee.nominator_id == nominator.id))}
    if any(person.id in taken for person in nominees):
        return
    story = Story(campaign_id=campaign.id, category_id=category.id, nominator_id=nominator.id,
                  team_id=team.id if team else None, title=title, body=body.format(name=name),
                  customer_impact=impact, moment_date=(when - timedelta(days=rng.randrange(3, 60))).date(),
                  language=language, status=status, created_at=when, decided_at=when if status == APPROVED else None,
                  photo_key=save_photo(_picture(rng)) if photo else None,
                  search_text=compose(title, body.format(name=name), impact,
                                      [p.display_name for p in nominees] + ([team.name] if team else [])))
    session.add(story)
    session.flush()
    for person in nominees:
        session.add(Nominee(story_id=story.id, user_id=person.id, campaign_id=campaign.id,
                            category_id=category.id, nominator_id=nominator.id, active=True))
    session.flush()


def seed_stories(session: Session, now: datetime) -> int:
    """Add the demo stories; returns how many."""
    rng = random.Random(1007)
    people = list(session.scalars(select(User).where(User.is_hr.is_(False)).order_by(User.id)))
    teams = list(session.scalars(select(Team).order_by(Team.id)))
    campaigns = list(session.scalars(select(Campaign).order_by(Campaign.year)))
    for campaign in campaigns[:-1]:
        for index in range(PER_PAST_CAMPAIGN):
            when = campaign.nominations_open_at + timedelta(hours=rng.randrange(1, 55))
            _add(session, rng, campaign, APPROVED, people, teams, when, photo=index % 4 == 0)
    live = campaigns[-1]
    for index in range(LIVE_APPROVED + LIVE_PENDING):
        status = APPROVED if index < LIVE_APPROVED else PENDING
        when = min(now, live.nominations_open_at + timedelta(minutes=5 * (index + 1)))
        _add(session, rng, live, status, people, teams, when, photo=index % 3 == 0)
    return len(list(session.scalars(select(Story.id))))
