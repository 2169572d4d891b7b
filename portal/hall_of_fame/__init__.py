"""The Hall of Fame: every inductee across the years, their certificates, and the ceremony."""
from flask import Blueprint

bp = Blueprint("hall_of_fame", __name__)

from portal.hall_of_fame import views  # noqa: E402,F401
