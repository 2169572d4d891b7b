"""The Hall of Fame: the announcement's inductions, the gallery of inductees, and their certificates."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portal.campaigns.models import Campaign, Category
from portal.hall_of_fame.congratulations import congratulate
from portal.hall_of_fame.models import Induction
from portal.stories.models import Nominee, Story
from portal.stories.wall import WallFilter, apply_filters
from portal.voting.service import freeze_results


def announce(session: Session, campaign: Campaign) -> int:
    """Freeze the results and induct the winners into the Hall of Fame, once, telling each inductee and
    their manager (``congratulations``); returns the inductions made.

    Runs inside the announcement's claim transaction (``campaigns.tasks.claim_event``), so it
    happens exactly once; the unique keys on ``Result`` and ``Induction`` guard that too.
    """
    inductions = []
    for category_tally in freeze_results(session, campaign):
        winners = {story.id for story in category_tally.winners}
        for story, votes in category_tally.counts:
            if story.id in winners:
                inductions.append(Induction(campaign_id=campaign.id, category_id=category_tally.category.id,
                                            story_id=story.id, votes=votes))
    session.add_all(inductions)
    session.flush()
    congratulate(session, inductions)
    return len(inductions)


def stamp(session: Session) -> tuple:
    """What changes whenever the gallery would: the last change to any story, the last induction."""
    return tuple(session.execute(select(func.max(Story.updated_at),
                                        select(func.max(Induction.id)).scalar_subquery())).one())


# What an inductee's card shows: the story's people or team, the category, the year.
_CARD = (selectinload(Induction.story).selectinload(Story.nominee_links).selectinload(Nominee.user),
         selectinload(Induction.story).selectinload(Story.team),
         selectinload(Induction.category), selectinload(Induction.campaign))


def hall_of_fame(session: Session, filters: WallFilter) -> list[Induction]:
    """Inductees, newest year first, filtered like the wall."""
    query = (select(Induction).join(Story, Induction.story_id == Story.id)
             .join(Campaign, Induction.campaign_id == Campaign.id))
    query = apply_filters(session, query, filters)
    query = query.order_by(Campaign.year.desc(), Induction.category_id, Induction.id).options(*_CARD)
    return list(session.scalars(query))


def winners_of(session: Session, campaign: Campaign) -> list[Induction]:
    """The inductions of ``campaign``'s announcement, in the categories' order (none before it)."""
    return list(session.scalars(select(Induction).join(Category, Induction.category_id == Category.id)
                                .where(Induction.campaign_id == campaign.id)
                                .order_by(Category.position, Induction.id).options(*_CARD)))


def certificate_name(induction: Induction, person_id: int | None) -> str | None:
    """The name a certificate of ``induction`` is made out to, or None when there is no such certificate.

    A team's induction has one certificate, for the team; a story about people has one for each
    nominee (``person_id``). Every signed-in person may download them: the Hall of Fame is public
    within the organisation, and HR prints them for the ceremony.
    """
    story = induction.story
    if story.team is not None:
        return story.team.name
    return next((person.display_name for person in story.nominees if person.id == person_id), None)
