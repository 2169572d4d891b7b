"""Voting: the ballot, the tally, HR's live results and the announcement."""
from flask import Blueprint

from portal.campaigns.tasks import ANNOUNCEMENT_HOOKS

bp = Blueprint("voting", __name__)


def _announcement_hook(session, campaign):
    from portal.voting.service import announce
    announce(session, campaign)


# Registered once per process, when the package is first imported.
ANNOUNCEMENT_HOOKS.append(_announcement_hook)

from portal.voting import views  # noqa: E402,F401
