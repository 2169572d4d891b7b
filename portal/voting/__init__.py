"""Voting: the ballot, casting and withdrawing votes, the tally and HR's live results."""
from flask import Blueprint

bp = Blueprint("voting", __name__)

from portal.voting import views  # noqa: E402,F401
