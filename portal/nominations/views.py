"""Nominating, my nominations, the story page, endorsements, reports and photos."""
from flask import abort, flash, redirect, render_template, request, send_file, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.accounts.models import Team
from portal.campaigns.models import NOMINATING
from portal.campaigns.service import featured_campaign
from portal.extensions import db, limiter, per_person
from portal.formtools import committed
from portal.gallery import service as gallery
from portal.nominations import bp, endorsements, photos, service
from portal.nominations.facts import StoryFacts, story_facts
from portal.nominations.forms import EndorseForm, NominationForm, ReportForm
from portal.nominations.markdown import render_story
from portal.nominations.models import Endorsement, Nomination, Nominee
from portal.pagecache import shared_page
from portal.params import int_arg, int_list
from portal.types import utcnow

PENDING_PHOTO = "pending_photo"


def _load_story(story_id: int) -> Nomination | None:
    # With what the permission checks and the story page read, in the same query.
    return db.session.get(Nomination, story_id, options=[
        joinedload(Nomination.nominee_links).joinedload(Nominee.user),
        joinedload(Nomination.endorsements).joinedload(Endorsement.user), joinedload(Nomination.campaign),
        joinedload(Nomination.category), joinedload(Nomination.nominator), joinedload(Nomination.team)])


def get_story(story_id: int) -> Nomination:
    """The story, if this person may see it; 404 otherwise (its existence is not revealed)."""
    nomination = _load_story(story_id)
    if nomination is None or not service.can_see(current_user, nomination):
        abort(404)
    return nomination


def _open_campaign(now):
    campaign = featured_campaign(db.session, now)
    return campaign if campaign is not None and campaign.phase_at(now) == NOMINATING else None


def _setup(form: NominationForm, campaign) -> None:
    form.category.choices = [(category.id, category.name) for category in campaign.open_categories]
    teams = db.session.execute(select(Team.id, Team.name).order_by(Team.name)).all()
    form.team.choices = [("", _("Choose a team"))] + [(team_id, name) for team_id, name in teams]
    if request.method == "GET" and not form.language.data:
        form.language.data = current_user.locale or "en"


def _nominee_ids() -> list[int]:
    return int_list("nominees", 50)


def _story_input(form: NominationForm) -> service.StoryInput:
    return service.StoryInput(category_id=form.category.data, nominee_ids=_nominee_ids(), team_id=form.team.data,
                              title=form.title.data or "", story=form.story.data or "",
                              customer_impact=form.customer_impact.data or "", moment_date=form.moment_date.data,
                              language=form.language.data or "en")


def _take_photo(form: NominationForm) -> str | None:
    """Process an uploaded photo and keep it across a failed submit; returns its key."""
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        try:
            key = photos.save_photo(upload.read())
        except photos.PhotoError as error:
            form.photo.errors = list(form.photo.errors) + [str(error)]
            return session.get(PENDING_PHOTO)
        photos.delete_photo(session.pop(PENDING_PHOTO, None))
        session[PENDING_PHOTO] = key
        return key
    return session.get(PENDING_PHOTO)


def _render_form(form, campaign, nomination=None, status=200, preview=None, results=None, nominee_errors=()):
    selected_ids = _nominee_ids() if request.method == "POST" else [p.id for p in (nomination.nominees if nomination else [])]
    selected = service.selected_people(db.session, selected_ids)
    return render_template("nominations/form.html", form=form, campaign=campaign, nomination=nomination,
                           selected=selected, results=results or [], preview=preview, nominee_errors=nominee_errors,
                           pending_photo=session.get(PENDING_PHOTO)), status


def _handle(form: NominationForm, campaign, nomination=None):
    """Search, preview or save; shared by new and edit."""
    if request.method == "POST" and form.search.data:
        results = service.search_people(db.session, form.person_search.data, exclude_id=current_user.id)
        return _render_form(form, campaign, nomination, results=results)
    if request.method == "POST" and form.preview.data:
        return _render_form(form, campaign, nomination, preview=render_story(form.story.data or ""))
    if not form.validate_on_submit():
        return _render_form(form, campaign, nomination, status=400 if form.errors else 200)
    photo_key = _take_photo(form)
    if form.photo.errors:
        return _render_form(form, campaign, nomination, status=400)
    now = utcnow()
    with committed(form, shown_by_view=("nominees",)) as outcome:
        if nomination is None:
            nomination = service.submit(db.session, current_user, campaign, _story_input(form), now, photo_key)
        else:
            service.update(db.session, nomination, current_user, _story_input(form), now, photo_key=photo_key)
    if not outcome.ok:
        nominee_errors = [str(outcome.error)] if outcome.error.field == "nominees" else []
        return _render_form(form, campaign, nomination, status=400, nominee_errors=nominee_errors)
    session.pop(PENDING_PHOTO, None)
    if nomination.status == "approved":
        flash(_("Thank you! Your story is published."), "success")
    else:
        flash(_("Thank you! Your story is sent to HR, who will publish it soon."), "success")
    return redirect(url_for("nominations.mine"))


@bp.route("/nominate", methods=["GET", "POST"])
@limiter.limit("120 per hour", methods=["POST"], key_func=per_person)
def nominate():
    """Tell the story of a colleague's great service."""
    campaign = _open_campaign(utcnow())
    if campaign is None:
        return render_template("nominations/closed.html"), 200
    form = NominationForm()
    _setup(form, campaign)
    if request.method == "GET":
        session.pop(PENDING_PHOTO, None)
        if int_arg("category") is not None:
            form.category.data = int_arg("category")
    return _handle(form, campaign)


@bp.route("/nominate/people")
@limiter.limit("300 per minute", key_func=per_person)
def people():
    """Type-ahead results for the nominee picker (an HTML fragment of choices)."""
    results = service.search_people(db.session, request.args.get("q", ""), exclude_id=current_user.id)
    return render_template("nominations/_people_results.html", results=results, selected_ids=set())


@bp.route("/nominate/<int:story_id>/edit", methods=["GET", "POST"])
def edit(story_id: int):
    """Change a story while nominations are open."""
    nomination = get_story(story_id)
    if not service.can_edit(current_user, nomination, utcnow()):
        abort(403)
    form = NominationForm(obj=nomination if request.method == "GET" else None)
    _setup(form, nomination.campaign)
    if request.method == "GET":
        form.category.data, form.team.data = nomination.category_id, nomination.team_id
        session.pop(PENDING_PHOTO, None)
    return _handle(form, nomination.campaign, nomination)


@bp.route("/nominate/<int:story_id>/withdraw", methods=["POST"])
def withdraw(story_id: int):
    """Withdraw a story while nominations are open."""
    nomination = get_story(story_id)
    if not service.can_edit(current_user, nomination, utcnow()):
        abort(403)
    with committed() as outcome:
        service.withdraw(db.session, nomination, current_user, utcnow())
    if outcome.ok:
        flash(_("Your story is withdrawn."), "success")
    return redirect(url_for("nominations.mine"))


@bp.route("/nominate/mine")
def mine():
    """The stories I told, with their status."""
    return render_template("nominations/mine.html", nominations=service.my_nominations(db.session, current_user),
                           now=utcnow(), can_edit=service.can_edit)


def render_story_page(story: Nomination | StoryFacts, endorse_form=None, comment_error=None, comment_text=""):
    """The story page, with endorsements, cheers and comments; shared by everyone who sees it alike.

    ``story`` may be only its facts: the story itself is then loaded only when the page is rendered.
    """
    can_edit = service.can_edit(current_user, story, utcnow())
    can_endorse = endorsements.can_endorse(current_user, story)

    def render() -> str:
        nomination = story if isinstance(story, Nomination) else _load_story(story.id)
        return render_template(
            "nominations/story.html", nomination=nomination,
            endorsements_shown=[e for e in nomination.endorsements if not e.hidden],
            body=render_story(nomination.story), endorse_form=endorse_form or EndorseForm(formdata=None),
            report_form=ReportForm(formdata=None), can_endorse=can_endorse, can_edit=can_edit,
            comments=gallery.visible_comments(db.session, nomination, current_user),
            comment_error=comment_error, comment_text=comment_text)
    # A whole story is given only to answer a form, and such a page is never kept.
    key = None if isinstance(story, Nomination) else ("story", story.updated_at, can_edit, can_endorse,
                                                       story.discussion)
    return shared_page(key, render)


@bp.route("/stories/<int:story_id>")
def story(story_id: int):
    """One story, its nominees, endorsements, cheers and comments."""
    facts = story_facts(db.session, current_user.id, story_id)
    if facts is None or not service.can_see(current_user, facts):
        abort(404)
    return render_story_page(facts)


@bp.route("/stories/<int:story_id>/endorse", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def endorse(story_id: int):
    """Add "I saw this too"."""
    nomination = get_story(story_id)
    form = EndorseForm()
    if form.validate_on_submit():
        with committed(form, field="text") as outcome:
            endorsements.endorse(db.session, nomination, current_user, form.text.data)
        if outcome.ok:
            flash(_("Thank you for adding what you saw."), "success")
            return redirect(url_for("nominations.story", story_id=story_id))
    return render_story_page(nomination, endorse_form=form), 400


def _report(target_type: str, target, back: str):
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    hidden = endorsements.report(db.session, target_type, target, current_user, form.reason.data or "")
    db.session.commit()
    flash(_("Thank you. HR will look at it.") if not hidden else
          _("Thank you. It is hidden until HR has looked at it."), "success")
    return redirect(back)


@bp.route("/stories/<int:story_id>/report", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def report_story(story_id: int):
    """Report a story to HR."""
    nomination = get_story(story_id)
    return _report("story", nomination, url_for("main.home"))


@bp.route("/endorsements/<int:endorsement_id>/report", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def report_endorsement(endorsement_id: int):
    """Report an endorsement to HR."""
    endorsement = db.session.get(Endorsement, endorsement_id)
    if endorsement is None or endorsement.hidden:
        abort(404)
    get_story(endorsement.nomination_id)
    return _report("endorsement", endorsement, url_for("nominations.story", story_id=endorsement.nomination_id))


@bp.route("/photos/<key>/<size>.jpg")
def photo(key: str, size: str):
    """A story's photo, for those who may see the story (or its nominator before it is saved)."""
    if size not in photos.SIZES or len(key) != 32 or not all(ch in "0123456789abcdef" for ch in key):
        abort(404)
    nomination = db.session.scalar(select(Nomination).where(Nomination.photo_key == key))
    if nomination is None:
        if session.get(PENDING_PHOTO) != key:
            abort(404)
    elif not service.can_see(current_user, nomination):
        abort(404)
    path = photos.path_for(key, size)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype="image/jpeg", max_age=3600)
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
