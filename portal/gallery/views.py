"""The story wall, the Hall of Fame, cheers, comments, certificates and the ceremony."""
from datetime import datetime, timezone
from urllib.parse import quote

from flask import abort, flash, jsonify, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.campaigns.models import Campaign
from portal.extensions import db, limiter, per_person
from portal.formtools import committed
from portal.gallery import bp, service
from portal.gallery.certificates import certificate_pdf
from portal.gallery.models import Comment
from portal.nominations.markdown import plain_excerpt
from portal.pagecache import recent, shared_page
from portal.params import int_arg, small_int
from portal.nominations import views as story_pages  # the story page lives with nominations
from portal.permissions import hr_required
from portal.types import utcnow
from portal.voting.models import Induction
from portal.voting.service import frozen_tally


def _filters() -> service.WallFilter:
    args = request.args
    return service.WallFilter(q=args.get("q", "")[:100].strip(), year=int_arg("year"),
                              category=args.get("category", "")[:80], department=args.get("department", "")[:120],
                              site=args.get("site", "")[:120], country=args.get("country", "")[:2])


def _after():
    raw = request.args.get("after", "")
    micros, _, story_id = raw.partition("-")
    micros, story_id = small_int(micros), small_int(story_id)
    if micros is None or story_id is None:
        return None
    try:
        return datetime.fromtimestamp(micros / 1_000_000, tz=timezone.utc), story_id
    except (ValueError, OverflowError, OSError):
        return None


def content_stamp() -> tuple:
    """The wall's and Hall of Fame's stamp, read at most once a second per process."""
    return recent("content", lambda: service.content_stamp(db.session))


@bp.route("/stories")
def stories():
    """Every approved story, newest first, filtered and searched, a page at a time."""
    filters, after = _filters(), _after()

    def render() -> str:
        found, next_key = service.wall(db.session, filters, after)
        next_url = None
        if next_key:
            args = {key: value for key, value in request.args.items() if key != "after"}
            next_url = url_for("gallery.stories", **args,
                               after=f"{int(next_key[0].timestamp() * 1_000_000)}-{next_key[1]}")
        return render_template("gallery/stories.html", stories=found, filters=filters, next_url=next_url,
                               options=service.filter_options(db.session), excerpt=plain_excerpt)
    return shared_page(("wall", content_stamp()), render)


@bp.route("/stories/<int:story_id>/cheer", methods=["POST"])
@limiter.limit("120 per minute", key_func=per_person)
def cheer(story_id: int):
    """Cheer a story, or take the cheer back."""
    nomination = story_pages.get_story(story_id)
    try:
        cheering = service.toggle_cheer(db.session, nomination, current_user)
    except service.GalleryError as error:
        db.session.rollback()
        abort(400, str(error))
    in_place = request.accept_mimetypes.best == "application/json"
    # Counted before the commit: a read after it would begin another transaction, which in a
    # POST waits for the write lock again.
    count = service.cheer_state(db.session, current_user, [story_id]).get(story_id, (0, False))[0] if in_place else 0
    db.session.commit()
    if in_place:
        return jsonify(cheering=cheering, count=count)
    return redirect(request.form.get("back") if (request.form.get("back") or "").startswith("/stories")
                    else url_for("nominations.story", story_id=story_id))


@bp.route("/stories/<int:story_id>/comments", methods=["POST"])
@limiter.limit("30 per hour", key_func=per_person)
def comment(story_id: int):
    """Comment on a story."""
    nomination = story_pages.get_story(story_id)
    text = request.form.get("text", "")
    with committed(shown_by_view=("text",)) as outcome:
        service.add_comment(db.session, nomination, current_user, text, utcnow())
    if not outcome.ok:
        return story_pages.render_story_page(nomination, comment_error=str(outcome.error), comment_text=text), 400
    flash(_("Your comment is posted."), "success")
    return redirect(url_for("nominations.story", story_id=story_id) + "#comments")


@bp.route("/comments/<int:comment_id>/hide", methods=["POST"])
@hr_required
def hide_comment(comment_id: int):
    """HR hides a comment (or shows it again)."""
    comment_row = db.get_or_404(Comment, comment_id)
    service.set_comment_hidden(db.session, comment_row, current_user, request.form.get("hidden") != "0")
    db.session.commit()
    flash(_("The comment is hidden.") if comment_row.hidden else _("The comment is shown again."), "success")
    return redirect(url_for("nominations.story", story_id=comment_row.nomination_id) + "#comments")


@bp.route("/hall-of-fame")
def hall_of_fame():
    """Inductees by year, newest first, filterable; each with its story and certificates."""
    filters = _filters()

    def render() -> str:
        years: dict[int, list[Induction]] = {}
        for induction in service.hall_of_fame(db.session, filters):
            years.setdefault(induction.campaign.year, []).append(induction)
        return render_template("gallery/hall_of_fame.html", years=years, filters=filters,
                               options=service.filter_options(db.session), excerpt=plain_excerpt)
    return shared_page(("hall of fame", content_stamp()), render)


@bp.route("/hall-of-fame/<int:induction_id>/certificate.pdf")
def certificate(induction_id: int):
    """The PDF certificate of one inductee (a nominee, or the team); 404 for anyone else."""
    induction = db.get_or_404(Induction, induction_id)
    name = service.certificate_name(induction, int_arg("person"))
    if name is None:
        abort(404)
    paper = "letter" if request.args.get("paper") == "letter" else "A4"
    response = make_response(certificate_pdf(name, induction, paper))
    response.headers["Content-Type"] = "application/pdf"
    year = induction.campaign.year
    ascii_name = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name).strip("-") or "inductee"
    # An ASCII name for old clients, and the real one (Chinese, Telugu …) per RFC 6266.
    response.headers["Content-Disposition"] = (
        f'attachment; filename="service-star-{year}-{ascii_name}.pdf"; '
        f"filename*=UTF-8''{quote(f'service-star-{year}-{name}.pdf')}")
    return response


@bp.route("/admin/campaigns/<int:campaign_id>/ceremony")
@hr_required
def ceremony(campaign_id: int):
    """Full-screen presentation revealing each category's winners one at a time."""
    campaign = db.get_or_404(Campaign, campaign_id)
    tallies = frozen_tally(db.session, campaign)
    if tallies is None:
        flash(_("The ceremony is ready once the winners are announced."), "error")
        return redirect(url_for("campaigns.edit", campaign_id=campaign_id))
    return render_template("gallery/ceremony.html", campaign=campaign, tallies=tallies, excerpt=plain_excerpt)
