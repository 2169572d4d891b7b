"""Nominating: the form (who, which category, the story), editing and withdrawing, and my nominations."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.models import Team
from portal.campaigns.service import featured_campaign
from portal.extensions import db, limiter, per_person
from portal.formtools import committed
from portal.nominations import bp, service
from portal.nominations.forms import NominationForm
from portal.params import int_arg, int_list
from portal.stories import photos
from portal.stories.markdown import render_story
from portal.stories.models import Story
from portal.stories.rules import can_edit, can_see
from portal.types import utcnow


def _own_story(story_id: int) -> Story:
    """A story its nominator may still change: 404 for one this person cannot see, 403 for one they cannot change."""
    story = db.session.get(Story, story_id)
    if story is None or not can_see(current_user, story):
        abort(404)
    if not can_edit(current_user, story, utcnow()):
        abort(403)
    return story


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
                              title=form.title.data or "", body=form.story.data or "",
                              customer_impact=form.customer_impact.data or "", moment_date=form.moment_date.data,
                              language=form.language.data or "en")


def _form_name(story) -> str:
    """Which form a pending photo belongs to: a new story's, or the edit form of ``story``."""
    return "new" if story is None else str(story.id)


def _take_photo(form: NominationForm, form_name: str) -> str | None:
    """Process an uploaded photo and keep it for the form ``form_name`` across Preview, a search and a
    failed submit; returns the key of the form's photo."""
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        try:
            key = photos.save_photo(upload.read())
        except photos.PhotoError as error:
            form.photo.errors = list(form.photo.errors) + [str(error)]
        else:
            photos.keep_pending_photo(form_name, key)
    return photos.pending_photo(form_name)


def _render_form(form, campaign, story=None, status=200, preview=None, results=None, nominee_errors=()):
    selected_ids = _nominee_ids() if request.method == "POST" else [p.id for p in (story.nominees if story else [])]
    selected = service.selected_people(db.session, selected_ids)
    return render_template("nominations/form.html", form=form, campaign=campaign, story=story,
                           selected=selected, results=results or [], preview=preview, nominee_errors=nominee_errors,
                           pending_photo=photos.pending_photo(_form_name(story))), status


def _rule_problems(form: NominationForm, campaign, story) -> list[str]:
    """Add the nomination rules' problems to the fields whose own checks passed; returns those about the
    nominees (which have no field of their own). So a submit with four wrong fields hears of all four."""
    checked = service.check_nomination(db.session, current_user, campaign, _story_input(form), utcnow().date(), story)
    nominee_errors = []
    for problem in checked.problems:
        target = getattr(form, problem.field or "", None)
        if problem.field == "nominees":
            nominee_errors.append(str(problem))
        elif target is not None and not target.errors:
            target.errors = list(target.errors) + [str(problem)]
    return nominee_errors


def _handle(form: NominationForm, campaign, story=None):
    """Search, preview or save; shared by new and edit. A photo chosen is kept whatever the button."""
    if request.method == "GET":
        return _render_form(form, campaign, story)
    form_name = _form_name(story)
    if form.search.data or form.preview.data:
        _take_photo(form, form_name)
        if form.search.data:
            results = service.search_people(db.session, form.person_search.data, exclude_id=current_user.id)
            return _render_form(form, campaign, story, results=results)
        return _render_form(form, campaign, story, preview=render_story(form.story.data or ""))
    valid = form.validate_on_submit()
    photo_key = _take_photo(form, form_name)  # after the field checks, which would clear a photo's error
    if not valid or form.photo.errors:
        return _render_form(form, campaign, story, status=400, nominee_errors=_rule_problems(form, campaign, story))
    now = utcnow()
    with committed(form, shown_by_view=("nominees",)) as outcome:
        if story is None:
            story = service.submit(db.session, current_user, campaign, _story_input(form), now, photo_key)
        else:
            service.update(db.session, story, current_user, _story_input(form), now, photo_key=photo_key)
    if not outcome.ok:
        nominee_errors = [str(problem) for problem in outcome.error.problems if problem.field == "nominees"]
        return _render_form(form, campaign, story, status=400, nominee_errors=nominee_errors)
    photos.forget_pending_photo(form_name)
    if story.status == "approved":
        flash(_("Thank you! Your story is published."), "success")
    else:
        flash(_("Thank you! Your story is sent to HR, who will publish it soon."), "success")
    return redirect(url_for("nominations.mine"))


@bp.route("/nominate", methods=["GET", "POST"])
@limiter.limit("120 per hour", methods=["POST"], key_func=per_person)
def nominate():
    """Tell the story of a colleague's great service."""
    now = utcnow()
    campaign = featured_campaign(db.session, now)
    if not service.can_nominate(current_user, campaign, now):
        return render_template("nominations/closed.html", campaign=campaign, now=now), 200
    form = NominationForm()
    _setup(form, campaign)
    if request.method == "GET":
        photos.forget_pending_photo(_form_name(None))
        if int_arg("category") is not None:
            form.category.data = int_arg("category")
    return _handle(form, campaign)


@bp.route("/nominate/people")
@limiter.limit("300 per minute", key_func=per_person)
def people():
    """Type-ahead results for the nominee picker (an HTML fragment of choices)."""
    results = service.search_people(db.session, request.args.get("q", ""), exclude_id=current_user.id)
    return render_template("nominations/_people_results.html", results=results, selected_ids=set())


@bp.route("/nominate/<id:story_id>/edit", methods=["GET", "POST"])
def edit(story_id: int):
    """Change a story while nominations are open."""
    story = _own_story(story_id)
    form = NominationForm(obj=story if request.method == "GET" else None)
    _setup(form, story.campaign)
    if request.method == "GET":
        form.category.data, form.team.data = story.category_id, story.team_id
        photos.forget_pending_photo(_form_name(story))
    return _handle(form, story.campaign, story)


@bp.route("/nominate/<id:story_id>/withdraw", methods=["POST"])
def withdraw(story_id: int):
    """Withdraw a story while nominations are open."""
    story = _own_story(story_id)
    with committed() as outcome:
        service.withdraw(db.session, story, current_user, utcnow())
    if outcome.ok:
        flash(_("Your story is withdrawn."), "success")
    return redirect(url_for("nominations.mine"))


@bp.route("/nominate/mine")
def mine():
    """The stories I told, with their status."""
    return render_template("nominations/mine.html", nominations=service.my_nominations(db.session, current_user),
                           now=utcnow(), can_edit=can_edit)
