"""Home."""
from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.main import bp


@bp.route("/")
def home():
    """The signed-in person's starting point."""
    teammates = []
    if current_user.team_id:
        teammates = list(db.session.scalars(
            select(User).where(User.team_id == current_user.team_id, User.active.is_(True),
                               User.id != current_user.id).order_by(User.display_name).limit(12)))
    return render_template("main/home.html", teammates=teammates)
