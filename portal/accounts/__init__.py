"""Accounts: people, teams, sign-in, password reset and invitations."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import views  # noqa: E402,F401
