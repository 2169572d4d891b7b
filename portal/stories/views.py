"""The story wall, a story's page, and what colleagues do there: cheer, comment, endorse, report; its photo."""
from datetime import datetime, timezone
from typing import NamedTuple

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db, limiter, per_person
from portal.formtools import committed
from portal.fragments import kept, recent, render_shared
from portal.params import LARGEST, small_int
from portal.permissions import hr_required, is_hr
from portal.stories import bp, endorsements, photos, search, social, wall
from portal.stories.facts import StoryFacts, story_facts
from portal.stories.forms import EndorseForm, ReportForm
from portal.stories.markdown import plain_excerpt, render_story
from portal.stories.models import Comment, Endorsement, Nominee, Story
from portal.stories.rules import can_edit, can_see
from portal.types import utcnow


# What the rules and the actions on a story read, in one query.
_FOR_RULES = (joinedload(Story.nominee_links), joinedload(Story.campaign),
              joinedload(Story.endorsements).joinedload(Endorsement.user))
# And what its shared fragments show besides: loaded one by one as the article was rendered, these
# made the first rendering of a story in a process take about a tenth longer.
_FOR_FRAGMENTS = (*_FOR_RULES, joinedload(Story.nominee_links).joinedload(Nominee.user), joinedload(Story.category),
                  joinedload(Story.nominator), joinedload(Story.team))


def _load_story(story_id: int, options=_FOR_RULES) -> Story | None:
    return db.session.get(Story, story_id, options=list(options))


def get_story(story_id: int) -> Story:
    """The story, if this person may see it; 404 otherwise (its existence is not revealed)."""
    story = _load_story(story_id)
    if story is None or not can_see(current_user, story):
        abort(404)
    return story


def _after():
    raw = request.args.get("after", "")
    micros, _, story_id = raw.partition("-")
    micros, story_id = small_int(micros, largest=LARGEST), small_int(story_id)
    if micros is None or story_id is None:
        return None
    try:
        return datetime.fromtimestamp(micros / 1_000_000, tz=timezone.utc), story_id
    except (ValueError, OverflowError, OSError):
        return None


class WallCard(NamedTuple):
    """A story's card as everyone sees it, and where its cheer button posts."""

    story_id: int
    html: str
    cheer_url: str


class WallPage(NamedTuple):
    """One page of the wall as everyone sees it: the filter form, the cards, and where the next page starts."""

    filter_form: str
    cards: list[WallCard]
    next_after: str | None


@bp.route("/stories")
def index():
    """Every approved story, newest first, filtered and searched, a page at a time."""
    filters, after = wall.WallFilter.from_args(request.args), _after()

    def excerpt(body: str, length: int):
        return search.highlighted_excerpt(body, filters.q, length) if filters.q else plain_excerpt(body, length)

    def shared() -> WallPage:
        found, next_key = wall.wall(db.session, filters, after)
        return WallPage(wall.filter_form(db.session, filters),
                        [WallCard(story.id, render_shared("stories/_card.html", story=story, excerpt=excerpt),
                                  url_for("stories.cheer", story_id=story.id)) for story in found],
                        f"{int(next_key[0].timestamp() * 1_000_000)}-{next_key[1]}" if next_key else None)
    page = kept(("wall", filters, after, recent("wall", lambda: wall.content_stamp(db.session))), shared)
    next_url = None
    if page.next_after:
        args = {key: value for key, value in request.args.items() if key != "after"}
        next_url = url_for("stories.index", **args, after=page.next_after)
    return render_template("stories/wall.html", page=page, filters=filters, next_url=next_url,
                           cheers=social.cheer_state(db.session, current_user, [card.story_id for card in page.cards]))


class StoryFragments(NamedTuple):
    """What of a story's page looks the same to everyone (of one role): the article, the discussion, and
    the empty endorsement and report fields (the page's own forms carry the tokens)."""

    article: str
    endorsements: str
    comments: str
    endorse_fields: str
    report_fields: str


def _story_fragments(facts: StoryFacts, moderator: bool) -> StoryFragments:
    story = _load_story(facts.id, _FOR_FRAGMENTS)
    return StoryFragments(
        render_shared("stories/_article.html", story=story, body=render_story(story.body)),
        render_shared("stories/_endorsements.html", endorsements=[e for e in story.endorsements if not e.hidden]),
        render_shared("stories/_comments.html", comments=social.visible_comments(db.session, story.id, moderator),
                      moderator=moderator),
        render_shared("stories/_endorse_fields.html", form=EndorseForm(formdata=None, meta={"csrf": False})),
        render_shared("stories/_report_fields.html", form=ReportForm(formdata=None, meta={"csrf": False})))


def render_story_page(story: StoryFacts, endorse_form=None, comment_error=None, comment_text=""):
    """A story's page. What looks the same to everyone (the article and its discussion, as HR or as
    everyone else sees it) is kept under the stamps of the story and its discussion, read with its facts;
    the page around it (the viewer's cheer, what they may do, the forms) is rendered for them."""
    moderator = is_hr(current_user)
    shared = kept(("story", story.id, story.updated_at, story.endorsements_stamp, story.comments_stamp, moderator),
                  lambda: _story_fragments(story, moderator))
    endorse_fields = shared.endorse_fields
    if endorse_form is not None:  # sent back with what the person typed and its errors
        endorse_fields = Markup(render_template("stories/_endorse_fields.html", form=endorse_form))
    return render_template(
        "stories/story.html", story=story, shared=shared, endorse_form=endorse_form,
        endorse_fields=endorse_fields,
        can_endorse=endorsements.can_endorse(current_user, story), can_edit=can_edit(current_user, story, utcnow()),
        comment_error=comment_error, comment_text=comment_text,
        cheers={story.id: story.cheers})


def _facts(story_id: int) -> StoryFacts:
    facts = story_facts(db.session, current_user.id, story_id)
    if facts is None or not can_see(current_user, facts):
        abort(404)
    return facts


@bp.route("/stories/<id:story_id>")
def story(story_id: int):
    """One story, its nominees, endorsements, cheers and comments."""
    return render_story_page(_facts(story_id))


@bp.route("/stories/<id:story_id>/cheer", methods=["POST"])
@limiter.limit("120 per minute", key_func=per_person)
def cheer(story_id: int):
    """Cheer a story, or take the cheer back."""
    story = get_story(story_id)
    try:
        cheering = social.toggle_cheer(db.session, story, current_user)
    except social.StoryError as error:
        db.session.rollback()
        abort(400, str(error))
    in_place = request.accept_mimetypes.best == "application/json"
    # Counted before the commit: a read after it would begin another transaction, which in a
    # POST waits for the write lock again.
    count = social.cheer_state(db.session, current_user, [story_id]).get(story_id, (0, False))[0] if in_place else 0
    db.session.commit()
    if in_place:
        return jsonify(cheering=cheering, count=count)
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/stories")
                    else url_for("stories.story", story_id=story_id))


@bp.route("/stories/<id:story_id>/comments", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def comment(story_id: int):
    """Comment on a story."""
    story = get_story(story_id)
    text = request.form.get("text", "")
    with committed(shown_by_view=("text",)) as outcome:
        social.add_comment(db.session, story, current_user, text, utcnow())
    if not outcome.ok:
        return render_story_page(_facts(story_id), comment_error=str(outcome.error), comment_text=text), 400
    flash(_("Your comment is posted."), "success")
    return redirect(url_for("stories.story", story_id=story_id) + "#comments")


@bp.route("/comments/<id:comment_id>/hide", methods=["POST"])
@hr_required
def hide_comment(comment_id: int):
    """HR hides a comment (or shows it again)."""
    comment_row = db.get_or_404(Comment, comment_id)
    social.set_comment_hidden(db.session, comment_row, current_user, request.form.get("hidden") != "0")
    db.session.commit()
    flash(_("The comment is hidden.") if comment_row.hidden else _("The comment is shown again."), "success")
    return redirect(url_for("stories.story", story_id=comment_row.story_id) + "#comments")


@bp.route("/stories/<id:story_id>/endorse", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def endorse(story_id: int):
    """Add "I saw this too"."""
    story = get_story(story_id)
    form = EndorseForm()
    if form.validate_on_submit():
        with committed(form, field="text") as outcome:
            endorsements.endorse(db.session, story, current_user, form.text.data)
        if outcome.ok:
            flash(_("Thank you for adding what you saw."), "success")
            return redirect(url_for("stories.story", story_id=story_id))
    return render_story_page(_facts(story_id), endorse_form=form), 400


def _report(target_type: str, target, back: str):
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    hidden = endorsements.report(db.session, target_type, target, current_user, form.reason.data or "")
    db.session.commit()
    flash(_("Thank you. HR will look at it.") if not hidden else
          _("Thank you. It is hidden until HR has looked at it."), "success")
    return redirect(back)


@bp.route("/stories/<id:story_id>/report", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def report_story(story_id: int):
    """Report a story to HR."""
    story = get_story(story_id)
    return _report("story", story, url_for("main.home"))


@bp.route("/endorsements/<id:endorsement_id>/report", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def report_endorsement(endorsement_id: int):
    """Report an endorsement to HR."""
    endorsement = db.session.get(Endorsement, endorsement_id)
    if endorsement is None or endorsement.hidden:
        abort(404)
    get_story(endorsement.story_id)
    return _report("endorsement", endorsement, url_for("stories.story", story_id=endorsement.story_id))


@bp.route("/photos/<key>/<size>.jpg")
def photo(key: str, size: str):
    """A story's photo, for those who may see the story (or its nominator before it is saved)."""
    if size not in photos.SIZES or len(key) != 32 or not all(ch in "0123456789abcdef" for ch in key):
        abort(404)
    story = db.session.scalar(select(Story).where(Story.photo_key == key))
    if story is None:
        if not photos.is_pending_photo(key):
            abort(404)
    elif not can_see(current_user, story):
        abort(404)
    path = photos.path_for(key, size)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
