"""HR pages for campaigns: list, create, edit moments and categories, cancel, next phase."""
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.campaigns import bp, service
from portal.campaigns.calendar import default_timeline
from portal.campaigns.forms import CampaignForm, CategoryForm, NewCampaignForm
from portal.campaigns.models import Campaign, Category
from portal.extensions import db
from portal.formtools import committed
from portal.permissions import hr_required
from portal.params import int_arg
from portal.types import utcnow


def _status(form) -> int:
    return 400 if form.errors else 200


@bp.route("/")
@hr_required
def index():
    """Every campaign with its phase, and the next year to create."""
    campaigns = service.list_campaigns(db.session)
    taken = {campaign.year for campaign in campaigns}
    now = utcnow()
    next_year = next(year for year in range(now.year, now.year + 20) if year not in taken
                     and default_timeline(year, current_app.config["PORTAL_TIMEZONE"]).nominations_open_at > now)
    return render_template("campaigns/index.html", campaigns=campaigns, now=now, next_year=next_year)


@bp.route("/new", methods=["GET", "POST"])
@hr_required
def create():
    """Create a year's campaign, prefilled from the calendar."""
    form = NewCampaignForm()
    if request.method == "GET":
        year = int_arg("year") or utcnow().year + 1
        form.year.data = year
        if 2000 <= year <= 2999:
            form.fill_moments(default_timeline(year, current_app.config["PORTAL_TIMEZONE"]))
    elif form.validate_on_submit():
        with committed(form) as outcome:
            campaign = service.create_campaign(
                db.session, form.year.data, current_app.config["PORTAL_TIMEZONE"], utcnow(),
                theme=form.theme.data or "", moments=form.moments_utc(),
                votes_per_category=form.votes_per_category.data, auto_approve=form.auto_approve.data)
        if outcome.ok:
            flash(_("The %(year)d campaign is created.", year=campaign.year), "success")
            return redirect(url_for("campaigns.edit", campaign_id=campaign.id))
    return render_template("campaigns/new.html", form=form), _status(form)


@bp.route("/<id:campaign_id>", methods=["GET", "POST"])
@hr_required
def edit(campaign_id: int):
    """A campaign's settings, moments and categories."""
    campaign = db.get_or_404(Campaign, campaign_id)
    form = CampaignForm(obj=campaign)
    if request.method == "GET":
        form.fill_moments(campaign)
    elif form.validate_on_submit():
        with committed(form) as outcome:
            service.update_settings(db.session, campaign, utcnow(), form.theme.data or "",
                                    form.votes_per_category.data, form.auto_approve.data, form.moments_utc())
        if outcome.ok:
            flash(_("The campaign is saved."), "success")
            return redirect(url_for("campaigns.edit", campaign_id=campaign.id))
    campaign = db.get_or_404(Campaign, campaign_id)
    return render_template("campaigns/edit.html", campaign=campaign, form=form, now=utcnow(),
                           category_form=CategoryForm(formdata=None)), _status(form)


def _act(campaign_id: int, action, success: str):
    """Run one campaign action for HR, flash the outcome, and go back to the campaign."""
    campaign = db.get_or_404(Campaign, campaign_id)
    with committed() as outcome:
        action(db.session, campaign, utcnow())
    if outcome.ok:
        flash(success, "success")
    return redirect(url_for("campaigns.edit", campaign_id=campaign_id))


@bp.route("/<id:campaign_id>/next-phase", methods=["POST"])
@hr_required
def next_phase(campaign_id: int):
    """Start the next phase now (e.g. close nominations early)."""
    return _act(campaign_id, service.start_next_phase, _("The next phase has started."))


@bp.route("/<id:campaign_id>/cancel", methods=["POST"])
@hr_required
def cancel(campaign_id: int):
    """Cancel a campaign before its announcement."""
    return _act(campaign_id, service.cancel_campaign, _("The campaign is cancelled."))


@bp.route("/<id:campaign_id>/categories/new", methods=["GET", "POST"])
@bp.route("/<id:campaign_id>/categories/<id:category_id>", methods=["GET", "POST"])
@hr_required
def category(campaign_id: int, category_id: int | None = None):
    """Add a category, or change one, until voting opens."""
    campaign = db.get_or_404(Campaign, campaign_id)
    existing = None
    if category_id is not None:
        existing = db.session.get(Category, category_id)
        if existing is None or existing.campaign_id != campaign.id:
            abort(404)
    form = CategoryForm(obj=existing)
    if form.validate_on_submit():
        with committed(form) as outcome:
            service.save_category(db.session, campaign, utcnow(), form.name.data, form.description.data or "",
                                  form.nominee_kind.data, form.enabled.data, category=existing)
        if outcome.ok:
            flash(_("The category is saved."), "success")
            return redirect(url_for("campaigns.edit", campaign_id=campaign_id))
    return render_template("campaigns/category.html", campaign=campaign, category=existing, form=form), \
        _status(form)
