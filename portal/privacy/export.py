"""Everything the portal holds about one person, as a ZIP of JSON and photos (GDPR articles 15 and 20).

Never a vote's target: ballot secrecy holds here too, so the export says how many votes the person
cast in each campaign and nothing more. Stories about the person are those published and not
hidden by HR (the ones they can read in the portal) that name them; stories they told are all
there, whatever their status. Stories about their team are the team's, not theirs.
"""
import io
import json
import zipfile
from datetime import date, datetime
from pathlib import PurePosixPath

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.accounts.models import User
from portal.campaigns.models import Campaign
from portal.hall_of_fame.models import Induction
from portal.stories.models import APPROVED, Cheer, Comment, Endorsement, Nominee, Report, Story
from portal.stories.photos import path_for
from portal.types import utcnow
from portal.urls import external_url
from portal.voting.models import Vote

FORMAT = 1


def _when(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _profile(user: User) -> dict:
    return {"id": user.id, "email": user.email, "name": user.display_name, "job_title": user.job_title,
            "department": user.department, "team": user.team.name if user.team else None, "site": user.site,
            "country": user.country, "manager": user.manager.display_name if user.manager else None,
            "language": user.locale, "time_zone": user.timezone, "hr": user.is_hr, "active": user.active,
            "joined": _when(user.created_at), "last_sign_in": _when(user.last_login_at)}


def _story(story: Story, *, told: bool) -> dict:
    entry = {"id": story.id, "url": external_url("stories.story", story_id=story.id),
             "campaign": story.campaign.year, "category": story.category.name, "title": story.title,
             "story": story.body, "customer_impact": story.customer_impact,
             "moment": _when(story.moment_date), "language": story.language, "written": _when(story.created_at),
             "nominees": [person.display_name for person in story.nominees],
             "team": story.team.name if story.team else None}
    if told:
        entry.update(status=story.status, rejection_reason=story.rejection_reason or None,
                     photo=f"photos/{story.photo_key}.jpg" if story.photo_key else None)
    else:
        entry["nominated_by"] = story.nominator.display_name
    return entry


def personal_data(session: Session, user: User) -> dict:
    """What the portal holds about ``user``, as plain JSON-ready data."""
    told = session.scalars(select(Story).where(Story.nominator_id == user.id).order_by(Story.id)).all()
    about = session.scalars(select(Story).join(Nominee, Nominee.story_id == Story.id)
                            .where(Nominee.user_id == user.id, Story.status == APPROVED, Story.hidden.is_(False))
                            .order_by(Story.id)).all()
    comments = session.scalars(select(Comment).where(Comment.user_id == user.id).order_by(Comment.id)).all()
    endorsements = session.scalars(select(Endorsement).where(Endorsement.user_id == user.id)
                                   .order_by(Endorsement.id)).all()
    cheers = session.scalars(select(Cheer).where(Cheer.user_id == user.id).order_by(Cheer.id)).all()
    reports = session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id)).all()
    inductions = session.scalars(select(Induction).join(Nominee, Nominee.story_id == Induction.story_id)
                                 .where(Nominee.user_id == user.id).order_by(Induction.id)).all()
    votes = session.execute(select(Campaign.year, func.count()).join(Vote, Vote.campaign_id == Campaign.id)
                            .where(Vote.voter_id == user.id).group_by(Campaign.year).order_by(Campaign.year)).all()
    return {
        "format": FORMAT, "exported": _when(utcnow()), "profile": _profile(user),
        "stories_you_told": [_story(story, told=True) for story in told],
        "stories_about_you": [_story(story, told=False) for story in about],
        "comments": [{"story": c.story_id, "text": c.text, "hidden_by_hr": c.hidden, "written": _when(c.created_at)}
                     for c in comments],
        "endorsements": [{"story": e.story_id, "text": e.text, "written": _when(e.created_at)} for e in endorsements],
        "cheers": [{"story": c.story_id, "cheered": _when(c.created_at)} for c in cheers],
        "reports": [{"about": r.target_type, "id": r.target_id, "reason": r.reason, "sent": _when(r.created_at)}
                    for r in reports],
        "hall_of_fame": [{"campaign": i.campaign.year, "category": i.category.name, "story": i.story_id,
                          "inducted": _when(i.inducted_at),
                          "certificate": external_url("hall_of_fame.certificate", induction_id=i.id, person=user.id)}
                         for i in inductions],
        # How many, never for whom: a ballot is secret, even from the export of its own voter.
        "votes_cast": [{"campaign": year, "votes": count} for year, count in votes],
    }


def export_zip(session: Session, user: User) -> bytes:
    """``personal_data`` as ``data.json`` beside the photos of the stories the person told."""
    data = personal_data(session, user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for story in data["stories_you_told"]:
            if story["photo"]:
                photo = path_for(PurePosixPath(story["photo"]).stem, "large")
                if photo.exists():
                    archive.write(photo, story["photo"])
    return buffer.getvalue()
