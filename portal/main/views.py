"""Home."""
from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.service import save_preferences
from portal.campaigns.models import ANNOUNCED
from portal.campaigns.service import LIVE_PHASES, featured_campaign
from portal.extensions import db
from portal.hall_of_fame import congratulations
from portal.hall_of_fame import service as hall_of_fame
from portal.main import bp
from portal.permissions import public
from portal.urls import back_or
from portal.stories.markdown import plain_excerpt
from portal.stories.rules import is_involved
from portal.stories.wall import latest_approved, spotlight, stories_about
from portal.types import utcnow


@bp.route("/")
def home():
    """The signed-in person's starting point: the campaign of the moment and their team."""
    now = utcnow()
    teammates = []
    if current_user.team_id:
        teammates = list(db.session.scalars(
            select(User).where(User.team_id == current_user.team_id, User.active.is_(True),
                               User.id != current_user.id).order_by(User.display_name).limit(12)))
    campaign = featured_campaign(db.session, now)
    phase = campaign.phase_at(now) if campaign else None
    # Recognition is the point of the page: after the announcement the winners (and an inductee their
    # own moment) come first; before it, a nominee learns that colleagues told a story about them.
    winners = hall_of_fame.winners_of(db.session, campaign) if phase == ANNOUNCED else []
    return render_template("main/home.html", teammates=teammates, campaign=campaign, now=now,
                           stories=latest_approved(db.session),
                           spotlight=spotlight(db.session, campaign, now), winners=winners,
                           mine=[induction for induction in winners if is_involved(current_user, induction.story)],
                           certificate_person=congratulations.certificate_person,
                           about_me=stories_about(db.session, current_user, campaign) if phase in LIVE_PHASES else [],
                           excerpt=plain_excerpt)


@bp.route("/language", methods=["POST"])
@public
def set_language():
    """Switch the interface language (the footer's switch); saved for signed-in people."""
    locale = request.form.get("locale", "")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            save_preferences(current_user, locale, current_user.timezone)
            db.session.commit()
    return redirect(back_or(url_for("main.home")))
