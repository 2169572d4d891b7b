"""Test data: ``make_<model>()`` helpers that build valid rows with overridable fields."""
import itertools

from datetime import date, datetime, timedelta, timezone

from portal.accounts.models import Team, User
from portal.accounts.passwords import hash_password
from portal.campaigns.models import Campaign
from portal.campaigns.service import create_campaign
from portal.extensions import db
from portal.stories.models import Endorsement, Nominee, Story
from portal.stories.search import compose
from portal.notifications.models import OutboxMessage
from portal.types import utcnow

_counter = itertools.count(1)
PASSWORD = "correct horse battery"


def make_team(name: str | None = None) -> Team:
    """A saved team."""
    team = Team(name=name or f"Team {next(_counter)}")
    db.session.add(team)
    db.session.commit()
    return team


def make_user(email: str | None = None, password: str | None = PASSWORD, **fields) -> User:
    """A saved, active person (with a password unless ``password=None``)."""
    number = next(_counter)
    fields.setdefault("display_name", f"Person {number}")
    user = User(email=(email or f"person{number}@example.com").lower(),
                password_hash=hash_password(password) if password else None, **fields)
    db.session.add(user)
    db.session.commit()
    return user


def make_hr(**fields) -> User:
    """A saved HR admin."""
    return make_user(is_hr=True, **fields)


def make_campaign(year: int | None = None, now: datetime | None = None, **moments) -> Campaign:
    """A saved campaign with the default categories.

    Without ``moments`` it follows the default timeline of ``year`` (next
    year by default), so it is scheduled.
    """
    now = now or utcnow()
    year = year or now.year + 1
    campaign = create_campaign(db.session, year, "UTC", now, moments=moments or None, allow_past=True)
    db.session.commit()
    return campaign


def make_live_campaign(phase_offsets=(-1, 2, 4, 5), now: datetime | None = None, year: int | None = None) -> Campaign:
    """A campaign whose four moments are the given days from ``now`` (default: nominating)."""
    now = now or utcnow()
    names = ("nominations_open_at", "voting_open_at", "voting_close_at", "announce_at")
    return make_campaign(year or now.year + 1, now=now,
                         **{name: now + timedelta(days=days) for name, days in zip(names, phase_offsets)})


def make_outbox_message(status: str = "pending", **fields) -> OutboxMessage:
    """A saved outbox row."""
    number = next(_counter)
    message = OutboxMessage(recipient=fields.pop("recipient", f"to{number}@example.com"),
                            subject=fields.pop("subject", "Hello"), body_text=fields.pop("body_text", "Hi"),
                            dedupe_key=f"test:{number}", status=status,
                            next_try_at=fields.pop("next_try_at", datetime(2000, 1, 1, tzinfo=timezone.utc)),
                            **fields)
    db.session.add(message)
    db.session.commit()
    return message


#: A moment within the last 18 months, as a nomination's date must be, whatever today is.
MOMENT = date.today() - timedelta(days=30)

STORY = ("She stayed on the line for an hour until the customer's heating worked again, "
         "then called back the next morning to make sure it still did.")


def make_image(width: int = 64, height: int = 48, fmt: str = "JPEG", **save_options) -> bytes:
    """An image file's bytes, made with Pillow."""
    import io

    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def make_story(campaign: Campaign | None = None, nominator: User | None = None, nominees: list[User] | None = None,
               status: str = "approved", category_index: int = 0, team: Team | None = None, photo: bool = False,
               **fields) -> Story:
    """A saved story, written straight to the database (no rules applied)."""
    from portal.stories.photos import save_photo
    campaign = campaign or make_live_campaign()
    category = campaign.categories[category_index]
    nominator = nominator or make_user()
    story = Story(campaign_id=campaign.id, category_id=category.id, nominator_id=nominator.id,
                  team_id=team.id if team else None, title=fields.pop("title", "Above and beyond"),
                  body=fields.pop("body", STORY), moment_date=fields.pop("moment_date", date(2026, 1, 5)),
                  status=status, photo_key=save_photo(make_image()) if photo else None, **fields)
    people = nominees if nominees is not None else ([] if team else [make_user()])
    story.search_text = compose(story.title, story.body, story.customer_impact or "",
                                [p.display_name for p in people] + ([team.name] if team else []))
    db.session.add(story)
    db.session.flush()
    if team is None:
        for person in people:
            db.session.add(Nominee(story_id=story.id, user_id=person.id, campaign_id=campaign.id,
                                   category_id=category.id, nominator_id=nominator.id, active=True))
    db.session.commit()
    return story


def make_endorsement(story: Story, user: User | None = None, text: str = "I saw it too!") -> Endorsement:
    """A saved endorsement."""
    endorsement = Endorsement(story_id=story.id, user_id=(user or make_user()).id, text=text)
    db.session.add(endorsement)
    db.session.commit()
    return endorsement


def make_comment(story: Story, user: User | None = None, text: str = "Well done!", hidden: bool = False):
    """A saved comment."""
    from portal.stories.models import Comment
    comment = Comment(story_id=story.id, user_id=(user or make_user()).id, text=text, hidden=hidden)
    db.session.add(comment)
    db.session.commit()
    return comment


def make_induction(story: Story, votes: int = 3):
    """A saved Hall of Fame induction of ``story``."""
    from portal.hall_of_fame.models import Induction
    induction = Induction(campaign_id=story.campaign_id, category_id=story.category_id, story_id=story.id,
                          votes=votes)
    db.session.add(induction)
    db.session.commit()
    return induction
