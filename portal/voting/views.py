"""The ballot (/vote), casting and withdrawing votes, and HR's live results."""
from collections import Counter

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.accounts.models import User
from portal.campaigns.models import ANNOUNCED, VOTING, Campaign
from portal.campaigns.service import featured_campaign
from portal.database import writing
from portal.extensions import db, limiter, per_person
from portal.metrics import vote_recorded
from portal.params import int_arg
from portal.permissions import hr_required
from portal.stories.facts import story_facts
from portal.stories.markdown import plain_excerpt
from portal.stories.models import APPROVED
from portal.transactions import reads_first
from portal.types import utcnow
from portal.voting import bp, service


def _voting_campaign(now) -> Campaign | None:
    campaign = featured_campaign(db.session, now)
    return campaign if campaign is not None and campaign.phase_at(now) == VOTING else None


@bp.route("/vote")
def ballot():
    """The current campaign's ballot, one category at a time."""
    now = utcnow()
    campaign = _voting_campaign(now)
    if campaign is None:
        return render_template("voting/closed.html", campaign=featured_campaign(db.session, now), now=now)
    categories = campaign.open_categories
    chosen = int_arg("category")
    category = next((c for c in categories if c.id == chosen), categories[0] if categories else None)
    if category is None:
        abort(404)
    stories = service.ballot_stories(db.session, category, int_arg("after"))
    more = len(stories) > service.BALLOT_PAGE
    mine = service.my_votes(db.session, current_user, campaign)
    used = Counter(mine.values())  # votes cast, by category
    # The progress line for every count, so that the page can say it again after a vote in place.
    progress = [ngettext("You have voted in %(done)d of %(num)d category.",
                         "You have voted in %(done)d of %(num)d categories.", len(categories), done=done)
                for done in range(len(categories) + 1)]
    return render_template("voting/ballot.html", campaign=campaign, categories=categories, category=category,
                           stories=stories[:service.BALLOT_PAGE], more=more, mine=mine, used=used,
                           progress=progress, left=service.votes_left(campaign.votes_per_category, used[category.id]),
                           now=now, vote_refusal=service.vote_refusal, excerpt=plain_excerpt)


def _respond(category_id: int, story_id: int, message: str, ok: bool, voted: bool, changed: bool, left: int):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=ok, voted=voted, changed=changed, votes_left=left, message=message,
                       votes_left_text=ngettext("You have %(num)d vote left in this category.",
                                                "You have %(num)d votes left in this category.", left)), \
            200 if ok else 409
    flash(message, "success" if ok else "error")
    return redirect(url_for("voting.ballot", category=category_id) + f"#story-{story_id}")


def _vote_action(story_id: int, casting: bool):
    """Cast or withdraw, commit, and answer as JSON (in place) or with a redirect (plain form).

    The story and the voter's votes in its category are read as a reader; only
    the vote itself is written under the write lock (``reads_first``), and
    everything the answer needs is known before the commit.
    """
    now = utcnow()
    story = story_facts(db.session, current_user.id, story_id, for_page=False)
    if story is None or story.status != APPROVED or story.hidden:
        abort(404)
    mine = service.category_votes(db.session, current_user, story.category_id)
    action = service.cast_vote if casting else service.withdraw_vote
    try:
        with writing(db.session):
            changed, left = action(db.session, current_user, story, now, mine)
            db.session.commit()  # at once: other voters wait for the lock until then
    except service.VoteError as error:
        ok, changed, message = False, False, str(error)
        db.session.rollback()
        left = service.votes_left(story.campaign.votes_per_category, len(mine))
    else:
        ok = True
        if casting and changed:
            vote_recorded()
        if casting:
            message = _("Your vote for “%(title)s” is in.", title=story.title)
        else:
            message = _("Your vote for “%(title)s” is withdrawn.", title=story.title)
    return _respond(story.category_id, story_id, message, ok=ok, voted=casting if ok else not casting,
                    changed=changed, left=left)


@bp.route("/vote/<id:story_id>", methods=["POST"])
@limiter.limit("120 per minute", key_func=per_person)
@reads_first
def cast(story_id: int):
    """Vote for a story."""
    return _vote_action(story_id, casting=True)


@bp.route("/vote/<id:story_id>/withdraw", methods=["POST"])
@limiter.limit("120 per minute", key_func=per_person)
@reads_first
def withdraw(story_id: int):
    """Take a vote back."""
    return _vote_action(story_id, casting=False)


@bp.route("/admin/campaigns/<id:campaign_id>/results")
@hr_required
def results(campaign_id: int):
    """Live counts for HR (frozen after the announcement) and participation; never who voted for what."""
    campaign = db.get_or_404(Campaign, campaign_id)
    now = utcnow()
    frozen = service.frozen_tally(db.session, campaign) if campaign.phase_at(now) == ANNOUNCED else None
    groups = {str(_("Department")): User.department, str(_("Site")): User.site, str(_("Country")): User.country}
    return render_template("voting/results.html", campaign=campaign,
                           tallies=frozen if frozen is not None else service.tally(db.session, campaign),
                           frozen=frozen is not None, overall=service.participation(db.session, campaign)[0],
                           breakdowns={label: service.participation(db.session, campaign, column)
                                       for label, column in groups.items()}, now=now)
