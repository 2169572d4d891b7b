"""/hall-of-fame."""
from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.campaigns.models import Campaign
from portal.extensions import db
from portal.gallery import bp
from portal.nominations.markdown import plain_excerpt
from portal.nominations.models import Nomination
from portal.voting.models import Induction


@bp.route("/hall-of-fame")
def hall_of_fame():
    """Inductees by year, newest first, each linking to its story."""
    inductions = list(db.session.scalars(
        select(Induction).join(Campaign, Induction.campaign_id == Campaign.id)
        .options(joinedload(Induction.nomination).joinedload(Nomination.category))
        .order_by(Campaign.year.desc(), Induction.category_id, Induction.id)))
    years: dict[int, list[Induction]] = {}
    for induction in inductions:
        years.setdefault(induction.campaign.year, []).append(induction)
    return render_template("gallery/hall_of_fame.html", years=years, excerpt=plain_excerpt)
